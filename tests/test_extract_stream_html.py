"""HTML and PDF files are streamed like plain text: the blocks give exactly the candidates of the whole text.

An HTML page is parsed a few bytes at a time (:func:`kg.extract.reading.iter_html_blocks`), a PDF read
page by page, its text kept in a temporary file (:meth:`kg.extract.reading.Document.blocks`); both are
cut into blocks far smaller than the real ones, so that many block ends fall inside the texts. The page and the PDF are written for the tests;
the store is the ontology and the seed, built once.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kg.build import build
from kg.cli.main import main
from kg.extract import Gazetteer, extract, read_document, reading
from kg.extract.pipeline import iter_extract_blocks
from kg.extract.reading import iter_html_blocks
from kg.store import OxigraphStore

DAY = dt.date(2025, 12, 5)
ARTICLE = """<h1>北辰科技园：四年孵化企业86家</h1>
<p>北辰科技园于2021年3月8日揭牌。短短四年时间，这家园区累计孵化企业<b>86家</b>，注册资本超3亿元；
   重点成果转化项目42项。</p>
<h2>排名</h2>
<p>在综合排名前30强中，中国占据5席，北京首次跃居全球第3&nbsp;，上海位列第10。</p>
<ul><li>深圳稳居全球第7。</li><li>杭州提升7位，</li>
<li>跃升至全球前三。</li></ul>
<table><tr><td>城市</td><td>排名</td></tr><tr><td>武汉</td><td>第45</td></tr></table>
<div><div>12月2日，北辰科技园总经理王海涛表示，园区又有13个基地投入使用&amp;运营。</div></div><!-- 广告 -->
<blockquote>“美国共有27个城市进入百强。”</blockquote>
<p>In the science ranking, Wuhan climbed from 25th to 19th.</p>
<footer>青年报记者 刘昕璐</footer>
"""
PAGE = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>《全球科技创新中心100强(2025)》速评</title>\n"
        "<style>p { color: red }</style><script>var rank = \"第9\"; if (a < b) { x(); }</script></head>\n<body>\n"
        "<header><a href=\"/\">首页</a> | <a href=\"/news\">新闻</a></header>\n" + ARTICLE * 3 + "</body></html>\n")
#: The pages of the PDF: a sentence runs on from the foot of a page to the next page (after ``,``), one page is empty.
PDF_PAGES = (
    ["Global Innovation Hubs 2025: a review", "In the science ranking, Wuhan climbed from 25th to 19th.",
     "Beijing ranked 3rd in the world for the first time, and Shanghai ranked 10th,"],
    ["while Shenzhen held 7th place in the overall ranking.", "The park has incubated 86 firms since 2021.",
     "Registered capital exceeded 300 million yuan;", "42 projects were transferred."],
    [],
    ["On December 2, 2025, the park's general manager Wang Haitao said 13 bases opened.",
     "In the top 30, China had 5 cities"],
    ["and the United States had 27 cities in the top 100."],
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("extract-stream-store") / "store"
    build(path)
    return str(path)


@pytest.fixture(scope="module")
def gazetteer(store) -> Gazetteer:
    opened = OxigraphStore.open(store, read_only=True)
    try:
        return Gazetteer.from_store(opened)
    finally:
        opened.close()


def _sentence_ends(blocks: list[str]) -> list[str]:
    """The last characters of each block but the last, without the line breaks after them."""
    return [block.rstrip()[-1] for block in blocks[:-1]]


@pytest.mark.parametrize("chunk", [1, 7, 1 << 18])
def test_an_html_page_read_in_blocks_gives_the_candidates_of_the_whole_page(tmp_path, gazetteer, monkeypatch, chunk):
    """Parsed ``chunk`` bytes at a time (a character, an entity, a tag cut anywhere): the text, the blocks and the
    candidates are the whole page's."""
    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    whole = read_document(source)
    monkeypatch.setattr(reading, "_MARKUP_CHUNK", chunk)
    streamed = read_document(source, stream=True)
    assert whole.text.startswith("首页 | 新闻\n北辰科技园：四年孵化企业86家\n北辰科技园于2021年3月8日揭牌。短短四年时间，"
                                 "这家园区累计孵化企业86家，注册资本超3亿元； 重点成果转化项目42项。\n排名\n"
                                 "在综合排名前30强中，中国占据5席，北京首次跃居全球第3\xa0，上海位列第10。\n深圳稳居全球第7。\n"
                                 "杭州提升7位，\n跃升至全球前三。\n城市排名\n武汉第45\n12月2日，")
    assert whole.text.endswith("美国共有27个城市进入百强。”\nIn the science ranking, Wuhan climbed from 25th to 19th.\n"
                               "青年报记者 刘昕璐")
    assert (streamed.text, streamed.characters, streamed.sha256, streamed.title, streamed.kind) == (
        "", len(whole.text), whole.sha256, "《全球科技创新中心100强(2025)》速评", "html")
    assert (whole.characters, whole.title) == (847, "《全球科技创新中心100强(2025)》速评")
    blocks = list(iter_html_blocks(source, block_chars=100))
    assert "".join(blocks) == whole.text and len(blocks) == 12
    assert all(block.endswith("\n") for block in blocks[:-1]) and set(_sentence_ends(blocks)) == set("。.”")
    expected = [c.as_dict() for c in extract(whole.text, gazetteer, date=DAY)]
    assert [c.as_dict() for c in iter_extract_blocks(blocks, gazetteer, date=DAY)] == expected
    assert [c.as_dict() for c in iter_extract_blocks(streamed.blocks(), gazetteer, date=DAY)] == expected
    assert all(whole.text[c["start"]:c["end"]] == c["quote"] for c in expected)
    third = whole.text.index("北辰科技园：", 300)  # the page's third copy of the article
    assert third == 568 and [(c["kind"], c["quote"], c["start"] - third) for c in expected if c["start"] >= third
                             and c["kind"] in ("rank", "bound", "change", "date", "role")] == [
        ("date", "2021年3月8日", 22), ("rank", "首次跃居全球第3", 101), ("rank", "位列第10", 113),
        ("rank", "稳居全球第7", 122), ("change", "提升7位", 132), ("bound", "跃升至全球前三", 138), ("date", "12月2日", 158),
        ("role", "北辰科技园总经理王海涛", 164), ("rank", "from 25th to 19th", 251), ("role", "青年报记者 刘昕璐", 270)]


def test_extract_streams_an_html_page_into_the_candidates_of_the_whole_page(store, tmp_path, gazetteer, capsys):
    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    code = main(["--store", store, "extract", str(source), "--date", DAY.isoformat(), "-o", str(tmp_path / "c.json")])
    err = capsys.readouterr().err
    written = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    whole = read_document(source)
    assert code == 0 and err.startswith(f"{source}: {len(written['candidates'])} candidates (")
    assert err.endswith(f"; wrote {tmp_path / 'c.json'}\n") and len(err.splitlines()) == 1
    assert (written["source"]["sha256"], written["source"]["characters"], written["source"]["kind"]) == (
        whole.sha256, 847, "html")
    assert [{k: v for k, v in c.items() if k != "accept"} for c in written["candidates"]] == [
        c.as_dict() for c in extract(whole.text, gazetteer, date=DAY, title=whole.title)]


def test_a_pdf_read_page_by_page_gives_the_candidates_of_the_whole_text(tmp_path, gazetteer):
    """Offsets run on across pages (a blank line between them); no block ends where a sentence runs on to the
    next page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.set_title("Innovation hubs review")
    for lines in PDF_PAGES * 3:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 6, text=line, new_x="LMARGIN", new_y="NEXT")
    source = tmp_path / "review.pdf"
    pdf.output(str(source))
    whole = read_document(source)
    streamed = read_document(source, stream=True)
    assert whole.text.startswith("Global Innovation Hubs 2025: a review\nIn the science ranking, Wuhan climbed from "
                                 "25th to 19th.\nBeijing ranked 3rd in the world for the first time, and Shanghai "
                                 "ranked 10th,\n\nwhile Shenzhen held 7th place in the overall ranking.\n")
    assert (streamed.text, streamed.characters, streamed.sha256, streamed.title, streamed.kind) == (
        "", 1555, whole.sha256, "Innovation hubs review", "pdf")
    blocks = list(streamed.blocks(60))
    assert "".join(blocks) == whole.text and len(blocks) == 15 and set(_sentence_ends(blocks)) == {".", ";"}
    expected = [c.as_dict() for c in extract(whole.text, gazetteer, date=DAY, lang="en")]
    assert [c.as_dict() for c in iter_extract_blocks(blocks, gazetteer, date=DAY, lang="en")] == expected
    assert [c.as_dict() for c in iter_extract_blocks(streamed.blocks(), gazetteer, date=DAY, lang="en")] == expected
    assert all(whole.text[c["start"]:c["end"]] == c["quote"] for c in expected)
    assert [(c["kind"], c["quote"], c["start"]) for c in expected[:5]] == [
        ("rank", "from 25th to 19th", 76), ("rank", "ranked 3rd", 103), ("rank", "ranked 10th", 160),
        ("bound", "In the top 30", 431), ("bound", "in the top 100", 502)]
    assert len(expected) == 15 and expected[1]["sentence"] == (
        "Beijing ranked 3rd in the world for the first time, and Shanghai ranked 10th,\n\n"
        "while Shenzhen held 7th place in the overall ranking.")
    spooled = streamed.path
    assert spooled.read_text(encoding="utf-8") == whole.text
    del streamed
    assert not spooled.exists()  # the temporary file goes with the document
