"""Renames are visible: a row matched through a plain alias (skos:altLabel) one edition's source uses and the
other's does not is marked "matched via the alias …" by `innokg rankings changes` and its report page.

Real files through ``innokg import`` into a real store: the alias the 2024 report uses (an RDF file, cited to
that report), then the 2024 table naming the San Francisco Bay Area by it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from cq_helpers import short_answer

from kg.build import build
from kg.cli.main import main
from kg.store import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures" / "import"
REPORT_2024 = "GIS100 2024 report"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("renames") / "store"
    build(path)
    for name in ("sj-bay-area-alias.ttl", "gis100-2024-alias.csv"):
        assert main(["--store", str(path), "import", str(FIXTURES / name), "--source", REPORT_2024]) == 0
    return path


def run(capsys, store_path, *args):
    code = main(["--store", str(store_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_alias_the_2024_source_uses(store_path):
    with OxigraphStore.open(store_path, read_only=True) as store:
        assert short_answer(store, "policy-edition-aliases", ["city", "dimension", "alias"],
                            {"edition": "https://w3id.org/innokg/id/edition/gis100-2024"}) == [
            ("city/san-francisco-bay-area", "dimension/overall", "旧金山—圣何塞")]
        # the 2025 edition's sources (the seed's report) use none: the gazetteer's own aliases are not theirs
        assert short_answer(store, "policy-edition-aliases", ["city", "dimension", "alias"]) == []


def test_rankings_changes_says_which_row_was_matched_via_the_alias(capsys, store_path):
    code, out, err = run(capsys, store_path, "rankings", "changes", "--from-edition", "2024", "--to-edition", "2025",
                         "--dimension", "overall", "-f", "csv")
    assert (code, err) == (0, "")
    rows = [row[1:7] for row in csv.reader(io.StringIO(out)) if row[3] and row[4]][1:]
    assert rows == [
        ["旧金山湾区", "San Francisco Bay Area", "2", "1", "+1", "in both; 2024 matched via the alias 旧金山—圣何塞"],
        ["纽约", "New York", "1", "2", "-1", "in both"],
        ["北京", "Beijing", "4", "3", "+1", "in both"],
    ]


def test_the_report_page_says_so_and_names_the_index(capsys, store_path, tmp_path):
    page = tmp_path / "changes.html"
    code, _, err = run(capsys, store_path, "report", "changes", "--from-edition", "2024", "--to-edition", "2025",
                       "--dimension", "overall", "-o", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "<title>Rank changes in Global Science and Technology Innovation Centres 100: 2024 → 2025</title>" in html
    assert "in both; 2024 matched via the alias 旧金山—圣何塞" in html
    assert "“matched via the alias X”: that edition names the city X, a name the other edition does not use." in html


def test_the_table_says_which_index_it_compares(capsys, store_path):
    code, out, _ = run(capsys, store_path, "rankings", "changes", "--from-edition", "2024", "--to-edition", "2025",
                       "--dimension", "overall")
    assert code == 0
    assert out.splitlines()[-1] == "(Global Science and Technology Innovation Centres 100: 2024 → 2025)"
    assert "in both; 2024 matched via the alias 旧金山—圣何塞" in out


def test_an_alias_from_the_aliases_template_is_shown_too(tmp_path, capsys):
    """The same with `innokg template aliases`'s table (a skos:altLabel and an SKOS-XL label citing the source)."""
    path = tmp_path / "store"
    build(path)
    for name in ("aliases-sj.csv", "gis100-2024-alias.csv"):
        assert main(["--store", str(path), "import", str(FIXTURES / name), "--source", REPORT_2024]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, path, "rankings", "changes", "--from-edition", "2024", "--to-edition", "2025",
                         "--dimension", "overall", "-f", "csv")
    assert (code, err) == (0, "")
    rows = [row[2:7] for row in csv.reader(io.StringIO(out)) if row[3] and row[4]][1:]
    assert rows == [["San Francisco Bay Area", "2", "1", "+1", "in both; 2024 matched via the alias 旧金山—圣何塞"],
                    ["New York", "1", "2", "-1", "in both"], ["Beijing", "4", "3", "+1", "in both"]]
