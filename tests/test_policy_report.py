"""Reports (CSV and standalone HTML) and the policy commands of the CLI, on seed + fixtures."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from kg.cli.main import main

from policy_helpers import build_policy_store

STORY = "Doers: Huanshangda Science Park and technology manager Li Yuyang"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    """An on-disk store built from the seed and the policy fixtures."""
    return build_policy_store(tmp_path_factory)


def run(capsys, store_path, *args):
    code = main(["--store", str(store_path), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _no_request_leaves(page: str) -> None:
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"\b(src|href)\s*=", page) and "url(" not in page


def test_rank_changes_as_csv(capsys, store_path):
    code, out, err = run(capsys, store_path, "rankings", "changes", "--from-edition", "2024", "--to-edition", "2025",
                         "--dimension", "overall", "-f", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["dimension", "city_zh", "city_en", "from_rank", "to_rank", "change", "status", "stated", "check"]
    assert rows[3] == ["overall ranking", "北京", "Beijing", "4", "3", "+1", "in both", "rose", "agrees"]
    assert len(rows) == 1 + 30


def test_stated_vs_counted_and_profile_tables(capsys, store_path):
    code, out, _ = run(capsys, store_path, "rankings", "stated-vs-counted", "--edition", "2024")
    assert code == 0
    assert "the graph knows 12 of the top 100; the 88 unknown places could hold the 17 missing" in out
    code, out, _ = run(capsys, store_path, "rankings", "profile", "北京", "-f", "json")
    assert code == 0 and '"2024": "18"' in out and '"2025": "11"' in out
    code, out, err = run(capsys, store_path, "rankings", "stated-vs-counted")  # the seed's index by default
    assert (code, err, out) == (0, "", run(capsys, store_path, "rankings", "stated-vs-counted", "--index", "gis100")[1])


def test_coverage_and_funding_commands(capsys, store_path):
    code, out, _ = run(capsys, store_path, "coverage", "--place", "Example Science Park")
    assert code == 0 and out.rstrip().endswith("示例科技园 misses 概念验证")
    code, out, _ = run(capsys, store_path, "funding", "--from", "2025", "--to", "2025", "--by", "instrument")
    assert code == 0
    assert out.splitlines()[2:] == ["先投后股    2      1                at least 3,000,000 CNY; 1 flow of unknown amount",
                                    "概念验证券  1      0                about 2,000,000 CNY",
                                    "(3 flows; left out: 1 outside the window, 0 undated)"]


@pytest.mark.parametrize("kind, args, expected", [
    ("chains", ["--from", "上海大学"], "上海大学 —共建→ 环上大科技园 —由其运营→ 上海环上大科技发展有限公司"),
    ("coverage", [], "示例科技园: missing 概念验证"),
    ("funding", [], "at least 3,000,000 CNY; 1 flow of unknown amount"),
    ("changes", ["--from-edition", "2024", "--to-edition", "2025"], "previous 18, +7, rose"),
    ("profile", ["Beijing"], "<svg"),
    ("stated-vs-counted", ["--edition", "2024"], "Test fixture: the 2024 ranking table"),
    ("indexes", ["北京"], "Fixture City Innovation Index"),
])
def test_every_report_is_a_standalone_page_with_sources(capsys, store_path, tmp_path, kind, args, expected):
    page_path = tmp_path / f"{kind}.html"
    code, _, err = run(capsys, store_path, "report", kind, *args, "-o", str(page_path))
    assert (code, err) == (0, "")
    page = page_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and expected in page
    assert re.search(r"<h2>Sources \([1-9]\d*\)</h2>", page)
    _no_request_leaves(page)


def test_report_pages_escape_and_chart(capsys, store_path, tmp_path):
    run(capsys, store_path, "report", "chains", "--from", "上海大学", "-o", str(tmp_path / "c.html"))
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert f"<li>{STORY} — inferred — graph <code>https://w3id.org/innokg/graph/huanshangda-inferred</code>" in page
    run(capsys, store_path, "report", "coverage", "-o", str(tmp_path / "cov.html"))
    cov = (tmp_path / "cov.html").read_text(encoding="utf-8")
    assert cov.count(">missing</text>") == 1 and cov.count('fill="#cf222e"') == 1
    run(capsys, store_path, "report", "funding", "-o", str(tmp_path / "f.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "f.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["funder", "channel", "instrument", "recipient", "stage", "flows", "unknown_amounts", "total"]
    assert rows[2] == ["示例区政府", "示例科技园", "概念验证券", "示例科技公司", "概念验证", "2", "0", "about 7,000,000 CNY"]


def test_report_errors_are_one_line(capsys, store_path, tmp_path):
    code, _, err = run(capsys, store_path, "report", "funding", "-o", str(tmp_path / "f.pdf"))
    assert (code, err) == (2, "innokg: error: write the report to a .html or .csv file, not 'f.pdf'\n")
    code, _, err = run(capsys, store_path, "report", "profile", "Atlantis", "-o", str(tmp_path / "p.html"))
    assert (code, err) == (2, "innokg: error: no city is labelled 'Atlantis'\n")
    assert not (tmp_path / "p.html").exists()
