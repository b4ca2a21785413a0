"""Tables for Excel and pandas: a ranking edition as xlsx, a saved query as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from kg.build import build, build_memory
from kg.cli.main import main
from kg.errors import InnokgError
from kg.exporting.query_csv import query_csv, write_query_csv
from kg.exporting.ranking_xlsx import ranking_rows, write_ranking_xlsx
from kg.importing.loader import import_table

FIXTURES = Path(__file__).parent / "fixtures" / "import"
DIMENSIONS = ["global agglomeration of innovation factors", "global leadership as a scientific research centre",
              "global origination of technological innovation", "global driving force of industrial transformation",
              "global support of the innovation environment"]


@pytest.fixture(scope="module")
def seed():
    return build_memory()


def test_the_ranking_xlsx_opens_with_openpyxl(seed, tmp_path):
    path = tmp_path / "gis100-2025.xlsx"
    assert write_ranking_xlsx(seed, path) == 33
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["gis100-2025"]
    table = [[cell.value for cell in row] for row in workbook.active.iter_rows()]
    assert table[0] == ["rank", "city_zh", "city_en", "country_en", "previous_rank", "rank_change", *DIMENSIONS]
    assert [row[:4] for row in table[1:4]] == [[1, "旧金山湾区", "San Francisco Bay Area", "United States"],
                                               [2, "纽约", "New York", "United States"],
                                               [3, "北京", "Beijing", "China"]]
    # exact ranks are numbers; bounds are text, never mistaken for a rank. A cell holds its one Data Cube
    # observation: for Beijing's technology rank, the tightest of the two stated bounds (≤3; issue 14)
    assert table[3][4:] == [None, None, 11, 1, "≤3", 2, 20]
    assert table[-1][:4] == [None, "西安", "Xi'an", "China"]


def test_an_imported_edition_exports_too():
    store = build_memory()
    import_table(store, FIXTURES / "gis100-2024.csv", source="GIS100 2024 report (test fixture)")
    headers, rows = ranking_rows(store, "gis100", 2024)
    assert headers[:6] == ["rank", "city_zh", "city_en", "country_en", "previous_rank", "rank_change"]
    assert [row[:6] for row in rows] == [
        [1, "旧金山湾区", "San Francisco Bay Area", "United States", None, None],
        [2, "纽约", "New York", "United States", None, None],
        [3, "伦敦", "London", "United Kingdom", None, None],
        [4, "北京", "Beijing", "China", 5, 1],
        [10, "上海", "Shanghai", "China", None, None],
    ]
    assert rows[3][headers.index("global leadership as a scientific research centre")] == "≤3"


def test_an_edition_not_in_the_graph(seed, tmp_path):
    with pytest.raises(InnokgError, match="no rank observations of gis100 1999 in the graph"):
        write_ranking_xlsx(seed, tmp_path / "x.xlsx", edition=1999)
    assert not (tmp_path / "x.xlsx").exists()


def test_a_saved_query_as_csv(seed, tmp_path):
    text = query_csv(seed, "top-n-overall", {"n": "3"})
    assert list(csv.reader(io.StringIO(text))) == [
        ["rank", "city_zh", "city_en", "country_en"],
        ["1", "旧金山湾区", "San Francisco Bay Area", "United States"],
        ["2", "纽约", "New York", "United States"],
        ["3", "北京", "Beijing", "China"],
    ]
    write_query_csv(seed, "top-n-overall", tmp_path / "top3.csv", {"n": "3"})
    assert (tmp_path / "top3.csv").read_bytes().startswith("\ufeffrank,".encode("utf-8"))


def test_export_ranking_command(tmp_path, capsys):
    build(tmp_path / "store")
    assert main(["--store", str(tmp_path / "store"), "export-ranking", "-o", str(tmp_path / "r.xlsx")]) == 0
    assert capsys.readouterr().err == f"wrote {tmp_path / 'r.xlsx'}: 33 cities of gis100 2025\n"
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").active["C2"].value == "San Francisco Bay Area"
