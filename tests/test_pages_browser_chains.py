"""The chain explorer in Chromium (issue 17): chains laid out left to right by step and wrapped onto rows when
longer than the canvas is wide, no label over another (in either language), every label inside the canvas
(also in the standalone file), and the list of chains collapsible."""

from __future__ import annotations

from kg.cli.main import main
from test_pages_browser import SCREENSHOTS, XSS, browser, hostile_store_path, server, watched  # noqa: F401

#: Every drawn label's box (edge labels moved by their vadjust), in DOM pixels relative to the canvas,
#: the pairs that overlap, the columns and rows the nodes stand in, and the canvas size.
LAYOUT = """() => {
  const v = window.innokgViews[0], net = v.network, canvas = v.section.querySelector('.ikv-canvas');
  const boxes = [];
  const add = (id, item, fixed) => { const s = item.labelModule.size; if (!s.width) return;
    const top = s.top + (fixed ? 0 : (item.options.font.vadjust || 0));
    const a = net.canvasToDOM({x: s.left, y: top}), b = net.canvasToDOM({x: s.left + s.width, y: top + s.height});
    boxes.push({id: String(id), left: a.x, top: a.y, right: b.x, bottom: b.y}); };
  v.edges.getIds().forEach(id => add(id, net.body.edges[id], false));
  v.nodes.getIds().forEach(id => add(id, net.body.nodes[id], true));
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) { const a = boxes[i], c = boxes[j];
    if (a.left < c.right && c.left < a.right && a.top < c.bottom && c.top < a.bottom) overlaps.push([a.id, c.id]); }
  const p = Object.values(net.getPositions());
  return {boxes: boxes.length, overlaps, columns: new Set(p.map(q => Math.round(q.x))).size,
          rows: new Set(p.map(q => Math.round(q.y / 100))).size, width: canvas.clientWidth, height: canvas.clientHeight,
          outside: boxes.filter(b => b.left < 0 || b.top < 0 || b.right > canvas.clientWidth || b.bottom > canvas.clientHeight).map(b => b.id)};
}"""


def _ready(page) -> None:
    page.wait_for_selector("section.ikv[data-ready=true]", timeout=15000)


def test_chains_are_layered_wrapped_and_no_label_collides(server, watched):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    watched.page.goto(server + "/chain?lang=en")
    _ready(watched.page)
    layout = watched.page.evaluate(LAYOUT)
    assert layout["overlaps"] == [] and layout["outside"] == []
    assert layout["boxes"] == 22  # 14 relations and 8 actors, the hostile firm among them
    assert layout["columns"] == 3 and layout["rows"] >= 2  # six steps wrapped onto two rows of three
    watched.page.screenshot(path=str(SCREENSHOTS / "chain-layered.png"))
    watched.page.click("section.ikv button[data-lang=zh]")
    watched.page.wait_for_timeout(300)
    layout = watched.page.evaluate(LAYOUT)
    assert layout["overlaps"] == [] and layout["outside"] == []
    assert XSS in watched.page.evaluate("window.innokgViews[0].nodes.get().map(n => n.label)")
    watched.check((server + "/", "data:"))


def test_the_list_of_chains_is_collapsible(server, watched):  # noqa: F811
    watched.page.goto(server + "/chain?lang=en")
    _ready(watched.page)
    opened = "Array.from(document.querySelectorAll('details.chain')).map(d => d.open)"
    states = watched.page.evaluate(opened)
    assert states[0] is True and not any(states[1:]) and len(states) == 15
    assert watched.page.evaluate("document.documentElement.scrollHeight") < 2500  # 6,178 px with every chain open
    watched.page.click("#chain-2 summary")
    assert watched.page.evaluate(opened)[1] is True
    watched.page.click("button.chains-open")
    assert all(watched.page.evaluate(opened))
    watched.page.click("button.chains-close")
    assert not any(watched.page.evaluate(opened))
    watched.page.screenshot(path=str(SCREENSHOTS / "chain-list-closed.png"), full_page=True)
    watched.check((server + "/", "data:"))


def test_the_standalone_chain_file_keeps_every_label_inside(hostile_store_path, tmp_path, watched):  # noqa: F811
    out = tmp_path / "chain.html"
    assert main(["--store", str(hostile_store_path), "viz", "chain", "--lang", "en", "-o", str(out)]) == 0
    watched.page.goto(out.as_uri())
    _ready(watched.page)
    layout = watched.page.evaluate(LAYOUT)
    assert (layout["overlaps"], layout["outside"]) == ([], [])
    watched.page.screenshot(path=str(SCREENSHOTS / "viz-chain-layered.png"))
    watched.check(("file://",))
