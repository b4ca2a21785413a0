"""Language tags: compare them with LANGMATCHES, never with ``LANG(?l) = "zh-Hans"``.

pyoxigraph stores language tags lowercased (BCP 47 tags are case-insensitive), so
``LANG(?l)`` of the seed's ``"北京"@zh-Hans`` is ``"zh-hans"`` and an equality test
against ``"zh-Hans"`` silently matches nothing. LANGMATCHES compares tags
case-insensitively and answers either way. The saved queries (and the hygiene
checks) are written with LANGMATCHES; these tests show what that buys on this store.
"""

from __future__ import annotations

import dataclasses
import re

import pyoxigraph as ox
import pytest

from kg.build import build_memory
from kg.paths import HYGIENE_DIR, QUERIES_DIR
from kg.results import collect
from kg.saved_queries import find_saved_query, run_saved_query

BEIJING = "https://w3id.org/innokg/id/city/beijing"
#: ``LANG(?x) = "tag"`` or ``"tag" = LANG(?x)`` (also ``!=``): the form that misses on this store
#: (``LANG(?x) = ""``, "has no tag", is fine).
LANG_EQUALITY = re.compile(r'LANG\s*\(\s*\?\w+\s*\)\s*!?=\s*"[^"]+"|"[^"]+"\s*!?=\s*LANG\s*\(', re.IGNORECASE)


@pytest.fixture(scope="module")
def store():
    return build_memory()


def labels(store, condition):
    query = f"SELECT ?l WHERE {{ <{BEIJING}> <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER ({condition}) }}"
    return [solution["l"].value for solution in store.query(query)]


def test_the_store_lowercases_language_tags(store):
    assert ox.Literal("北京", language="zh-Hans").language == "zh-hans"
    assert [s["t"].value for s in store.query(
        'SELECT (LANG(?l) AS ?t) WHERE { <%s> <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?t'
        % BEIJING)] == ["en", "zh-hans"]


def test_lang_equal_zh_hans_returns_nothing_but_langmatches_answers(store):
    assert labels(store, 'LANG(?l) = "zh-Hans"') == []
    assert labels(store, 'LANGMATCHES(LANG(?l), "zh-Hans")') == ["北京"]
    assert labels(store, 'LANGMATCHES(LANG(?l), "zh-hans")') == ["北京"]
    assert labels(store, 'LANGMATCHES(LANG(?l), "ZH-HANS")') == ["北京"]


def test_a_saved_query_answers_as_written_with_langmatches_and_not_with_lang_equal(store):
    query = find_saved_query("top10-overall")
    assert 'LANGMATCHES(LANG(?city_zh), "zh-Hans")' in query.text
    rows = collect(run_saved_query(store, query, {})).rows
    assert [row[2].value for row in rows] == [
        "旧金山湾区", "纽约", "北京", "伦敦", "波士顿", "巴黎", "东京", "洛杉矶", "首尔", "上海"]
    rewritten = dataclasses.replace(
        query, text=query.text.replace('LANGMATCHES(LANG(?city_zh), "zh-Hans")', 'LANG(?city_zh) = "zh-Hans"'))
    assert collect(run_saved_query(store, rewritten, {})).rows == []


@pytest.mark.parametrize("path", sorted([*QUERIES_DIR.rglob("*.rq"), *HYGIENE_DIR.glob("*.rq")]),
                         ids=lambda p: p.stem)
def test_no_saved_query_compares_a_language_tag_with_equals(path):
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#"))
    assert LANG_EQUALITY.search(text) is None, f"{path.name}: compare language tags with LANGMATCHES"


def test_the_check_finds_the_equality_form():
    assert LANG_EQUALITY.search('FILTER (LANG(?l) = "zh-Hans")')
    assert LANG_EQUALITY.search('FILTER ("zh-Hans" = LANG(?l))')
    assert LANG_EQUALITY.search('FILTER (LANG(?l) != "en")')
    assert LANG_EQUALITY.search('FILTER (LANGMATCHES(LANG(?l), "zh-Hans"))') is None
    assert LANG_EQUALITY.search('FILTER (LANG(?l) = "")') is None
