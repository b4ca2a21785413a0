"""``innokg extract`` on real files (txt, Markdown, HTML, GBK, PDF, empty, binary) into every output format.

The store is the ontology and the seed, built once; the texts are written
for the tests.
"""

from __future__ import annotations

import csv
import json

import pytest

from kg.build import build
from kg.cli.main import main

ID = "https://w3id.org/innokg/id/"
TEXT = "2024年12月3日，北京首次跃居全球第3。园区累计孵化企业312家，注册资本超8亿元。"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("extract-store") / "store"
    build(path)
    return str(path)


def run(store: str, *arguments, capsys) -> tuple[int, str]:
    code = main(["--store", store, "extract", *map(str, arguments)])
    return code, capsys.readouterr().err


def test_text_to_json(store, tmp_path, capsys):
    source = tmp_path / "news.txt"
    source.write_text(TEXT, encoding="utf-8")
    code, err = run(store, source, "-o", tmp_path / "c.json", "--date", "2024-12-04", capsys=capsys)
    assert code == 0
    assert err == f"{source}: 4 candidates (1 date, 1 rank, 1 count, 1 amount); wrote {tmp_path / 'c.json'}\n"
    document = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert document["source"]["file"] == "news.txt" and document["source"]["date"] == "2024-12-04"
    rank = next(c for c in document["candidates"] if c["kind"] == "rank")
    assert (rank["quote"], rank["start"], rank["end"]) == ("首次跃居全球第3", 13, 21)
    assert rank["fields"]["place"] == "北京" and rank["fields"]["rank"] == 3
    assert rank["matches"]["place"] == ID + "city/beijing" and rank["accept"] is True
    assert [(c["kind"], c["quote"]) for c in document["candidates"]] == [
        ("date", "2024年12月3日"), ("rank", "首次跃居全球第3"), ("count", "312家"), ("amount", "超8亿元")]


def test_html_offsets_count_the_visible_text(store, tmp_path, capsys):
    source = tmp_path / "page.html"
    source.write_text("<html><head><title>新闻</title><script>var x = '第9';</script></head><body>"
                      "<p>北京<b>首次</b>跃居全球第3。&nbsp;好</p><p>深圳&amp;广州</p></body></html>", encoding="utf-8")
    code, _ = run(store, source, "-o", tmp_path / "c.json", capsys=capsys)
    document = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    [rank] = [c for c in document["candidates"] if c["kind"] == "rank"]
    assert code == 0 and document["source"]["title"] == "新闻"
    assert (rank["quote"], rank["start"], rank["end"]) == ("首次跃居全球第3", 2, 10)
    assert document["source"]["characters"] == len("北京首次跃居全球第3。\xa0好\n深圳&广州")


def test_markdown_to_csv_with_accept_column(store, tmp_path, capsys):
    source = tmp_path / "note.md"
    source.write_text("# 园区简报\n\n园区累计孵化企业312家。\n", encoding="utf-8")
    code, _ = run(store, source, "-o", tmp_path / "c.csv", capsys=capsys)
    rows = list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8-sig")))
    assert code == 0
    assert [(r["accept"], r["kind"], r["quote"], r["start"], r["end"], r["value"], r["unit"], r["source_title"])
            for r in rows] == [("yes", "count", "312家", "16", "20", "312", "firms", "园区简报")]


def test_xlsx_and_html_review_page(store, tmp_path, capsys):
    source = tmp_path / "news.txt"
    source.write_text("<script>北京</script>首次跃居全球第3。", encoding="utf-8")
    assert run(store, source, "-o", tmp_path / "c.xlsx", capsys=capsys)[0] == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "c.xlsx").active
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["accept", "kind", "quote", "start", "end", "confidence"]
    assert [cell.value for cell in sheet[2]][1:5] == ["rank", "首次跃居全球第3", 19, 27]
    assert run(store, source, "-o", tmp_path / "c.html", capsys=capsys)[0] == 0
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;北京&lt;/script&gt;" in page and "<script>" not in page
    assert '<mark class="rank" title="rank"><a href="#c1">首次跃居全球第3</a></mark>' in page


def test_gbk_is_refused_naming_the_encoding_then_read_with_the_flag(store, tmp_path, capsys):
    source = tmp_path / "gbk.txt"
    source.write_bytes("北京首次跃居全球第3。".encode("gbk"))
    code, err = run(store, source, "-o", tmp_path / "c.json", capsys=capsys)
    assert (code, err) == (2, f"innokg: error: {source}: not utf-8 at byte 0: it reads as GBK/GB18030 (Chinese Windows); "
                              "pass --encoding gbk\n")
    assert not (tmp_path / "c.json").exists()
    code, _ = run(store, source, "--encoding", "gbk", "-o", tmp_path / "c.json", capsys=capsys)
    document = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert code == 0 and document["source"]["encoding"] == "gbk"
    assert [c["quote"] for c in document["candidates"]] == ["首次跃居全球第3"]


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file (it holds NUL bytes), not a text"),
    (b"   \n\n", "no text to read"),
])
def test_bad_files_are_one_line(store, tmp_path, capsys, content, message):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    code, err = run(store, source, "-o", tmp_path / "c.json", capsys=capsys)
    assert (code, err) == (2, f"innokg: error: {source}: {message}\n")


def test_no_facts_is_zero_candidates_and_exit_0(store, tmp_path, capsys):
    source = tmp_path / "calm.txt"
    source.write_text("我们去公园散步吧，风景很好。", encoding="utf-8")
    code, err = run(store, source, "-o", tmp_path / "c.json", capsys=capsys)
    assert (code, err) == (0, f"{source}: no facts found (0 candidates); wrote {tmp_path / 'c.json'}\n")
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["candidates"] == []


def test_wrong_output_suffix(store, tmp_path, capsys):
    source = tmp_path / "news.txt"
    source.write_text(TEXT, encoding="utf-8")
    code, err = run(store, source, "-o", tmp_path / "c.docx", capsys=capsys)
    assert (code, err) == (2, f"innokg: error: {tmp_path / 'c.docx'}: write candidates as .json, .csv, .xlsx or .html\n")


def test_pdf(store, tmp_path, capsys):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="In the science ranking, Wuhan climbed from 25th to 19th.")
    pdf.set_title("Science ranking news")
    pdf.output(str(tmp_path / "news.pdf"))
    code, _ = run(store, tmp_path / "news.pdf", "--lang", "en", "-o", tmp_path / "c.json", capsys=capsys)
    document = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert code == 0 and document["source"]["kind"] == "pdf" and document["source"]["title"] == "Science ranking news"
    [rank] = document["candidates"]
    assert (rank["quote"], rank["start"], rank["fields"]["rank"], rank["fields"]["previous_rank"],
            rank["matches"]["place"], rank["matches"]["dimension"]) == (
        "from 25th to 19th", 38, 19, 25, ID + "city/wuhan", ID + "dimension/scientific-research-leadership")


def test_not_a_pdf(store, tmp_path, capsys):
    source = tmp_path / "fake.pdf"
    source.write_text("hello", encoding="utf-8")
    code, err = run(store, source, "-o", tmp_path / "c.json", capsys=capsys)
    assert (code, err) == (2, f"innokg: error: {source}: not a PDF (it does not start with %PDF-)\n")


def test_a_text_read_in_blocks_gives_the_candidates_of_the_whole_text(store, tmp_path):
    """A long text is streamed in blocks (flat memory): offsets, quotes, prefixes and subjects are the whole text's."""
    from kg.extract import Gazetteer, extract, read_document
    from kg.extract.pipeline import iter_extract_blocks
    from kg.extract.reading import iter_blocks
    from kg.store import OxigraphStore

    paragraphs = ["北辰科技园于2021年3月8日揭牌。", "短短四年时间，这家园区累计孵化企业86家，注册资本超3亿元；重点成果转化项目42项。",
                  "在综合排名前30强中，中国占据5席，北京首次跃居全球第3。", "12月2日，北辰科技园总经理王海涛表示，园区又有13个基地投入使用。"]
    text = "\n\n".join(paragraphs * 3)
    source = tmp_path / "long.txt"
    source.write_text("\ufeff" + text, encoding="utf-8")
    streamed = read_document(source, stream=True)
    whole = read_document(source)
    assert (streamed.text, streamed.characters, streamed.sha256, streamed.title) == (
        "", len(text), whole.sha256, "北辰科技园于2021年3月8日揭牌。")
    blocks = list(iter_blocks(source, block_chars=60))
    assert "".join(blocks) == text and len(blocks) == 10 and all(block.endswith("\n\n") for block in blocks[:-1])
    opened = OxigraphStore.open(store, read_only=True)
    try:
        gazetteer = Gazetteer.from_store(opened)
    finally:
        opened.close()
    day = __import__("datetime").date(2025, 12, 5)
    expected = [c.as_dict() for c in extract(text, gazetteer, date=day)]
    assert [c.as_dict() for c in iter_extract_blocks(blocks, gazetteer, date=day)] == expected
    assert all(text[c["start"]:c["end"]] == c["quote"] for c in expected)
    assert len(expected) == 31 and {c["fields"].get("subject") for c in expected if c["kind"] == "count"} == {"北辰科技园"}
