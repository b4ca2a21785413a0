"""An import's inferred graph (its companion) goes with it: dropped with it, replaced with it, never left behind.

``innokg import`` of reviewed candidates whose inferred link (the carrier network belongs to the park) is
accepted writes ``graph:import/NAME`` and its companion ``graph:import/NAME-inferred``
(:mod:`kg.extract.links`). These tests run ``innokg`` on a real store holding the ontology only, with
the sentences of ``tests/test_extract_subjects_kind.py`` (every name in them new to the store); they
also check that the review page colours every kind of candidate with the page's text readable on it.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.cli.main import main
from kg.extract import Gazetteer, extract
from kg.extract.candidates import KINDS
from kg.extract.outputs import write_candidates
from kg.namespaces import ID, IK, ONTOLOGY_GRAPH
from kg.paths import HYGIENE_DIR
from kg.store import OxigraphStore

TEXT = ("北辰科技园于2021年3月8日揭牌。北辰科技园总经理王海涛表示满意。\n\n"
        "在完善服务体系方面，他搭建了覆盖6个基地、超5万平方米的载体网络。\n")
#: A second text about the same park (matched by the store's names once the first is imported).
MORE = "北辰科技园总经理王海涛表示满意。他建成了覆盖5个基地的孵化平台。\n"
G = "https://w3id.org/innokg/graph/import/"
PARK, NETWORK, PLATFORM = ID + "org/beichen-science-park", ID + "org/beichen-carrier-network", \
    ID + "org/beichen-incubation-platform"
SCOPE_NOTE = "http://www.w3.org/2004/02/skos/core#scopeNote"
NOTE = ("Inferred: the text names it only by its kind (载体网络); Wang Haitao, who built it, is general manager "
        "of Beichen Science Park.")
#: Triples of the first text's stated graph, and of its companion (its two facts and its description).
STATED, INFERRED = 133, 19


def innokg(store: Path, capsys, *args) -> tuple[int, str, str]:
    """Run ``innokg --store STORE ARGS`` in this process: its exit status, stdout and stderr."""
    capsys.readouterr()
    code = main(["--store", str(store), *map(str, args)])
    said = capsys.readouterr()
    return code, said.out, said.err


def sizes(store: Path) -> dict:
    with OxigraphStore.open(store, read_only=True) as opened:
        return {graph: size for graph, size in opened.graph_sizes().items() if graph != ONTOLOGY_GRAPH}


def facts(store: Path, graph: str) -> list[tuple[str, str, str]]:
    """The triples of ``graph`` but its own description (its subject, and blank nodes)."""
    with OxigraphStore.open(store, read_only=True) as opened:
        return sorted((q.subject.value, q.predicate.value, q.object.value) for q in opened.quads(graph)
                      if isinstance(q.subject, ox.NamedNode) and q.subject.value != graph)


def candidates(store: Path, path: Path, text: str) -> Path:
    """The candidates of ``text`` (names matched against the store), every one accepted, in ``path``."""
    with OxigraphStore.open(store, read_only=True) as opened:
        found = extract(text, Gazetteer.from_store(opened))
    write_candidates(path, found, {"sha256": hashlib.sha256(text.encode()).hexdigest()}, text)
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["candidates"]:
        row["accept"] = True
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """A store with the ontology only and the first text imported as graph:import/beichen (and its companion)."""
    folder = tmp_path_factory.mktemp("companion")
    (folder / "no-seed").mkdir()
    store = folder / "store"
    build(store, seed_dir=folder / "no-seed")
    path = candidates(store, folder / "beichen.json", TEXT)
    assert main(["--store", str(store), "import", str(path), "--source", "北辰科技园报道"]) == 0
    return store


@pytest.fixture
def store(imported, tmp_path) -> Path:
    """A copy of the imported store for each test, beside the candidates file it was imported from."""
    copy = tmp_path / "store"
    shutil.copytree(imported, copy)
    (tmp_path / "beichen.json").write_bytes((imported.parent / "beichen.json").read_bytes())
    return copy


def test_the_import_writes_its_graph_and_its_companion(store):
    assert sizes(store) == {G + "beichen": STATED, G + "beichen-inferred": INFERRED}
    assert facts(store, G + "beichen-inferred") == [(NETWORK, SCOPE_NOTE, NOTE),
                                                    (NETWORK, IK + "affiliatedWith", PARK)]


def test_dropping_an_import_drops_its_companion_in_one_line(store, capsys):
    assert innokg(store, capsys, "drop", "beichen", "--dry-run") == (0, (
        f"would drop <{G}beichen> ({STATED} triples) and its inferred graph <{G}beichen-inferred> ({INFERRED} triples)\n"
        f"dry run: 2 graphs, {STATED + INFERRED} triples; nothing dropped\n"), "")
    assert sizes(store) == {G + "beichen": STATED, G + "beichen-inferred": INFERRED}
    assert innokg(store, capsys, "drop", "beichen") == (0, "", (
        f"dropped <{G}beichen> ({STATED} triples) and its inferred graph <{G}beichen-inferred> ({INFERRED} triples)\n"))
    assert sizes(store) == {}


def test_a_companion_dropped_alone_leaves_its_import(store, capsys):
    assert innokg(store, capsys, "drop", "beichen-inferred") == (0, "", f"dropped <{G}beichen-inferred> (19 triples)\n")
    assert sizes(store) == {G + "beichen": STATED}


def test_an_import_that_uses_it_goes_with_its_companion_on_cascade(store, tmp_path, capsys):
    more = candidates(store, tmp_path / "more.json", MORE)  # 北辰科技园 and 王海涛 are the store's now
    assert innokg(store, capsys, "import", more, "--source", "北辰科技园续报")[0] == 0
    assert facts(store, G + "more-inferred") == [
        (PLATFORM, SCOPE_NOTE, NOTE.replace("载体网络", "孵化平台")),
        (PLATFORM, IK + "affiliatedWith", PARK)]
    before = sizes(store)
    assert (before[G + "more"], before[G + "more-inferred"]) == (78, INFERRED)
    assert innokg(store, capsys, "drop", "beichen") == (2, "", (  # its own companion is no user; the other import's is
        f"innokg: error: <{G}beichen> is still used by 2 other graphs: "
        f"<{G}more> (2 things, e.g. id:org/beichen-science-park); "
        f"<{G}more-inferred> (1 thing, e.g. id:org/beichen-science-park); "
        "pass --cascade to drop them too (--dry-run lists what would go)\n"))
    assert sizes(store) == before
    assert innokg(store, capsys, "drop", "beichen", "--cascade") == (0, "", (
        f"dropped <{G}beichen> ({STATED} triples) and its inferred graph <{G}beichen-inferred> ({INFERRED} triples)\n"
        f"dropped <{G}more> (78 triples) and its inferred graph <{G}more-inferred> ({INFERRED} triples)\n"))
    assert sizes(store) == {}


def test_replacing_an_import_under_another_name_replaces_its_companion(store, tmp_path, capsys):
    path = tmp_path / "beichen.json"
    code, _, said = innokg(store, capsys, "import", path, "--source", "北辰科技园报道", "--graph", "renamed", "--replace")
    assert code == 0, said
    source = f"{ID}source/text-{hashlib.sha256(TEXT.encode()).hexdigest()[:16]}"
    assert said.splitlines()[-2:] == [
        (f"replaced <{G}beichen> ({STATED} triples) and its inferred graph <{G}beichen-inferred> ({INFERRED} triples): "
         "it held the same file"),
        f"imported 5 rows (extract) into <{G}renamed>: {STATED + INFERRED} quads, citing <{source}>"]
    assert sizes(store) == {G + "renamed": STATED, G + "renamed-inferred": INFERRED}
    assert facts(store, G + "renamed-inferred") == [(NETWORK, SCOPE_NOTE, NOTE),
                                                    (NETWORK, IK + "affiliatedWith", PARK)]
    again = innokg(store, capsys, "import", path, "--source", "北辰科技园报道", "--graph", "renamed", "--replace")
    assert again[0] == 0 and again[2].splitlines()[-1].startswith(f"unchanged: <{G}renamed> already holds this file")
    assert sizes(store) == {G + "renamed": STATED, G + "renamed-inferred": INFERRED}
    back = innokg(store, capsys, "import", path, "--source", "北辰科技园报道", "--replace")
    assert back[0] == 0 and f"replaced <{G}renamed> ({STATED} triples) and its inferred graph " \
                            f"<{G}renamed-inferred> ({INFERRED} triples): it held the same file" in back[2].splitlines()
    assert sizes(store) == {G + "beichen": STATED, G + "beichen-inferred": INFERRED}


def test_a_refused_replace_puts_the_import_and_its_companion_back(store, tmp_path, capsys):
    hygiene = tmp_path / "hygiene"
    hygiene.mkdir()
    for check in Path(HYGIENE_DIR).glob("*.rq"):
        (hygiene / check.name).write_text(check.read_text(encoding="utf-8"), encoding="utf-8")
    (hygiene / "no-networks.rq").write_text(
        f"SELECT ?error WHERE {{ ?n a <{IK}CarrierNetwork> BIND (CONCAT(STR(?n), \": no networks\") AS ?error) }}",
        encoding="utf-8")
    before = sizes(store)
    code, _, said = innokg(store, capsys, "import", tmp_path / "beichen.json", "--source", "北辰科技园报道",
                        "--graph", "renamed", "--replace", "--hygiene", hygiene)
    assert code == 2 and said.splitlines()[-1] == "innokg: error: beichen.json: 1 problem, nothing imported"
    assert sizes(store) == before
    assert facts(store, G + "beichen-inferred") == [(NETWORK, SCOPE_NOTE, NOTE), (NETWORK, IK + "affiliatedWith", PARK)]


def test_importing_another_file_into_its_graph_removes_a_companion_it_does_not_write(store, tmp_path, capsys):
    other = tmp_path / "other.ttl"
    other.write_text(f'<{PARK}> <{SCOPE_NOTE}> "Checked by hand."@en .\n', encoding="utf-8")
    code, _, said = innokg(store, capsys, "import", other, "--source", "北辰科技园报道", "--graph", "beichen")
    assert code == 0, said
    assert list(sizes(store)) == [G + "beichen"]  # the network and its inferred link are gone together


#: The colour of the page's text (kg/static/innokg.css) and the review page's marks.
TEXT_COLOUR = "#222"
CSS = Path(__file__).resolve().parents[1] / "kg" / "static"


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    digits = "".join(2 * c for c in digits) if len(digits) == 3 else digits
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """The WCAG 2 contrast ratio of two colours (``#222``, ``#ffc6ff``), rounded to 0.1."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return round((light + 0.05) / (dark + 0.05), 1)


def test_every_kind_has_a_colour_of_its_own_and_the_text_stays_readable():
    assert f"color: {TEXT_COLOUR};" in (CSS / "innokg.css").read_text(encoding="utf-8").split("body {", 1)[1]
    colours = {}
    for selectors, colour in re.findall(r"^([^{]*mark\.[^{]*)\{ background: (#[0-9a-f]+); \}",
                                        (CSS / "innokg-extract.css").read_text(encoding="utf-8"), re.MULTILINE):
        for kind in re.findall(r"mark\.([a-z]+)", selectors):
            colours[kind] = colour
    assert {kind: colours.get(kind) for kind in KINDS} == {
        "rank": "#bde0fe", "bound": "#bde0fe", "change": "#bde0fe", "aggregate": "#caffbf", "count": "#caffbf",
        "amount": "#caffbf", "date": "#ffd6a5", "role": "#e0c3fc", "affiliation": "#ffc6ff", "organization": "#e0c3fc",
        "person": "#e0c3fc"}
    assert {colour: contrast(TEXT_COLOUR, colour) for colour in sorted(set(colours.values()))} == {
        "#bde0fe": 11.6, "#caffbf": 14.1, "#e0c3fc": 10.1, "#ffc6ff": 11.2, "#ffd6a5": 11.7}  # AAA: 7 and more
