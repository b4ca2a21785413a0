"""Names instead of IRIs (issue 17): a saved query's IRI parameter takes a label, alias or id, on the page form,
the JSON API and the CLI; an unknown saved-query id is answered with the nearest one ("did you mean"); and the
README's fixed commands: `innokg viz ranking --dimension overall`, a server whose port is taken says so."""

from __future__ import annotations

import socket
import subprocess
import sys

import httpx

from kg.cli.main import main
from test_pages_browser import SCREENSHOTS, browser, hostile_store_path, server, watched  # noqa: F401



def _cells(page, column: int) -> list[str]:
    return page.eval_on_selector_all(f"section.results tbody tr td:nth-child({column})",
                                     "tds => tds.map(t => t.textContent)")


def test_the_saved_query_form_takes_a_name(server, watched):  # noqa: F811
    SCREENSHOTS.mkdir(exist_ok=True)
    watched.page.goto(server + "/queries/city-dimension-profile?lang=en")
    watched.page.fill("input[name=city]", "上海")
    with watched.page.expect_navigation():
        watched.page.click("form.params button[type=submit]")
    assert watched.page.url == (server + "/queries/city-dimension-profile?city=%E4%B8%8A%E6%B5%B7"
                                "&index=https%3A%2F%2Fw3id.org%2Finnokg%2Fid%2Findex%2Fgis100&edition=2025&lang=en")
    assert _cells(watched.page, 1)[:2] == ["综合排名", "创新要素全球集聚力"]
    assert _cells(watched.page, 3)[0] == "10"  # Shanghai's overall rank
    watched.page.screenshot(path=str(SCREENSHOTS / "saved-query-by-name.png"), full_page=True)
    for name in ("Shanghai", "city/shanghai", "https://w3id.org/innokg/id/city/shanghai"):
        watched.page.goto(server + "/queries/city-dimension-profile?lang=en&city=" + name)
        assert _cells(watched.page, 3)[0] == "10", name
    watched.check((server + "/", "data:"))


def test_an_unknown_name_or_query_id_says_what_it_means(server, watched):  # noqa: F811
    answer = watched.page.goto(server + "/queries/city-dimension-profile?lang=en&city=Atlantis")
    assert answer.status == 404
    assert watched.page.inner_text("p.error") == "no city is labelled 'Atlantis'"
    answer = watched.page.goto(server + "/queries/top10-overal?lang=en")
    assert answer.status == 404
    assert watched.page.inner_text("p.error") == ("no saved query 'top10-overal': did you mean top10-overall? "
                                                  "(`innokg queries`, /queries and /api/queries list them)")
    assert watched.errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"] * 2
    json_answer = httpx.get(server + "/api/queries/city-dimension-profile.json", params={"city": "北京"})
    assert json_answer.status_code == 200
    assert (json_answer.json()["params"]["city"], json_answer.json()["rows"][0]["dimension_zh"]) == ("北京", "综合排名")


def test_the_cli_takes_names_and_suggests_ids(hostile_store_path, capsys):  # noqa: F811
    assert main(["--store", str(hostile_store_path), "query", "city-dimension-profile", "-p", "city=上海",
                 "-f", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("综合排名,overall ranking,10,")
    assert main(["--store", str(hostile_store_path), "query", "top10-overal"]) == 2
    assert capsys.readouterr().err == ("innokg: error: no saved query 'top10-overal': did you mean top10-overall? "
                                       "(`innokg queries`, /queries and /api/queries list them)\n")


def test_viz_ranking_takes_the_dimension_the_help_names(hostile_store_path, tmp_path, capsys):  # noqa: F811
    for dimension in ("overall", "综合排名", "dimension/overall"):
        out = tmp_path / "ranking.html"
        assert main(["--store", str(hostile_store_path), "viz", "ranking", "--dimension", dimension, "--lang", "en",
                     "-o", str(out)]) == 0, capsys.readouterr().err
        assert capsys.readouterr().err == f"wrote {out}: Ranking: overall ranking, Global Science and Technology Innovation Centres 100, 2025 edition (top 30) (showing all 32 nodes)\n"


def test_serve_says_in_one_line_that_its_port_is_taken(hostile_store_path):  # noqa: F811
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "kg", "--store", str(hostile_store_path), "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"innokg: error: port 127.0.0.1:{port} is taken: another server listens there; stop it or "
                           f"choose another port (--port {port + 1}, or make run PORT={port + 1})\n")
