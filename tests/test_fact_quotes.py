"""The saved query fact-quotes and the entity page's quoted sentences (issue 16).

A text written for the test is extracted, reviewed and imported with the CLI into a real store; the
query answers each fact with its sentence, quote and offsets, and the entity page shows the sentence
with the quote in <mark>, every character of the text escaped.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from kg.build import build
from kg.cli.main import main
from kg.saved_query_results import run_saved_query_rows
from kg.store import OxigraphStore
from kg.web.entity import entity_page

ID = "https://w3id.org/innokg/id/"
TEXT = ("《全球科技创新中心100强(2025)》快评\n\n武汉综合排名位列全球第45，较上年提升3位。\n"
        "在综合排名前30强中<b>，中国占据5席。\n")
SHA = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
SOURCE = f"{ID}source/text-{SHA[:16]}"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quotes")
    build(folder / "store")
    (folder / "news.txt").write_text(TEXT, encoding="utf-8")
    out = folder / "quotes.json"
    assert main(["--store", str(folder / "store"), "extract", str(folder / "news.txt"), "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    for candidate in document["candidates"]:
        candidate["accept"] = candidate["kind"] in ("rank", "aggregate")
    out.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert main(["--store", str(folder / "store"), "import", str(out), "--source", "晨间快评"]) == 0
    opened = OxigraphStore.open(folder / "store", read_only=True)
    yield opened
    opened.close()


def test_fact_quotes_of_a_city_and_of_the_source(store):
    rank = f"{ID}extracted/{SHA[:12]}/rank-30-37-1"
    assert TEXT[30:37] == "位列全球第45"
    rows = run_saved_query_rows(store, "fact-quotes", {"entity": ID + "city/wuhan"})["rows"]
    assert rows == [{"fact": rank, "fact_zh": "武汉·综合排名第45（摘自文本）",
                     "fact_en": "Wuhan: overall ranking rank 45 (extracted)", "sentence": "武汉综合排名位列全球第45，较上年提升3位。",
                     "exact": "位列全球第45", "prefix": TEXT[:30], "start": 30, "end": 37, "source": SOURCE,
                     "source_title": "晨间快评"}]
    by_source = run_saved_query_rows(store, "fact-quotes", {"entity": SOURCE})["rows"]
    assert [(row["exact"], row["start"], row["end"], row["sentence"]) for row in by_source] == [
        ("位列全球第45", 30, 37, "武汉综合排名位列全球第45，较上年提升3位。"),
        ("中国占据5席", 61, 67, "在综合排名前30强中<b>，中国占据5席。")]
    assert run_saved_query_rows(store, "fact-quotes", {"entity": ID + "city/beijing"})["rows"] == []


def test_the_entity_page_marks_the_quote_in_its_sentence(store):
    page = entity_page(store, "city/wuhan", "en")
    assert '<h2>Facts quoted from texts (1)</h2>' in page
    assert "<q>武汉综合排名<mark>位列全球第45</mark>，较上年提升3位。</q>" in page
    assert ">晨间快评</a>, 30–37</span>" in page
    china = entity_page(store, "country/cn", "zh")
    assert "<q>在综合排名前30强中&lt;b&gt;，<mark>中国占据5席</mark>。</q>" in china
    assert "<b>" not in china.split('<ul class="fact-quotes">')[1].split("</ul>")[0]
    assert "摘自文本的事实" not in entity_page(store, "city/beijing", "zh")
