"""Label search by the store while the index is built (kg.search_by_store, issue 20): the same answers as the index.

The store once compared labels only lower-cased, the index folded (NFKC): a text with full-width punctuation,
letters or digits found nothing until the index was built, and found its labels afterwards.
"""

from __future__ import annotations

import pytest
from pyoxigraph import Literal

from kg import search_by_store
from kg.build import build_memory
from kg.entities import search_labels
from kg.labels import fold
from kg.search_by_store import pattern, ranked_by_store
from kg.search_index import LabelIndex, build, label_index, limit_memory
from kg.store import OxigraphStore

ID = "https://w3id.org/innokg/id/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
#: Texts as people type them: full-width punctuation, letters and digits, mixed case, Chinese, dashes, misses.
TRICKY = ("杜德斌(", "（教授）", "(教授)", "ＥＣＮＵ", "ecnu igis", "Ｅcnu", "ＧＩＳ１００", "gis100（2025）", "：20", ":20",
          "300,000 M2", "m²", "前30中美国城市数：8（与中国持平）", "Beijing — Tianjin", "北美 - 欧洲", "上海大学", "上海",
          "Ｐａｒｋ", "SCIENCE park", "(", "（", "，", "·", "“", "a", "-", "2025", "Washington, D.C.", "zzzq", "鑫鑫")


@pytest.fixture(scope="module")
def seed():
    return build_memory()


def test_the_store_answers_as_the_index_does_on_the_seed(seed):
    index = label_index(seed)
    for q in TRICKY:
        for limit in (1, 3, 20, 200):
            assert ranked_by_store(seed, fold(q), limit) == index.find(fold(q), limit), (q, limit)


def short(hits):
    return [(iri.removeprefix(ID), label, kind) for iri, label, kind in hits]


def test_exact_answers_of_the_store_for_full_width_and_half_width_text(seed):
    """Texts that the store's lower-cased comparison answered with nothing (the label holds （ or ：, or m²)."""
    assert short(ranked_by_store(seed, fold("杜德斌("), 5)) == [
        ("membership/du-debin-professor-ecnu-igis", "杜德斌（教授）", "prefix"),
        ("membership/du-debin-head-ecnu-igis", "杜德斌（全球创新与发展研究院院长）", "prefix")]
    assert short(ranked_by_store(seed, fold("(教授)"), 5)) == short(ranked_by_store(seed, fold("（教授）"), 5)) == [
        ("membership/du-debin-professor-ecnu-igis", "杜德斌（教授）", "substring")]
    assert short(ranked_by_store(seed, fold(":20"), 5)) == [
        ("aggregate/gis100-2025/top100-china", "百强中中国城市数：20", "substring"),
        ("aggregate/gis100-2025/top100-china-east-of-hu-line", "百强中国城市全部位于胡焕庸线以东：20", "substring")]
    assert short(ranked_by_store(seed, fold("300,000 M2"), 5)) == [
        ("indicator-value/huanshangda-carrier-floor-area", "Carrier floor area: over 300,000 m²", "substring")]
    assert short(ranked_by_store(seed, fold("ＥＣＮＵ"), 5)) == [
        ("org/ecnu", "ECNU", "exact"), ("org/ecnu-igis", "ECNU IGIS", "prefix"),
        ("membership/du-debin-head-ecnu-igis", "Du Debin, head of ECNU IGIS", "substring")]
    assert short(ranked_by_store(seed, fold("Beijing — Tianjin"), 5)) == [
        ("metro/jing-jin-ji", "Beijing–Tianjin–Hebei", "prefix")]


#: Labels the seed lacks: full-width and compatibility characters, decomposed accents, ligatures and squared units,
#: a capital final sigma, Hangul as jamo, runs of spaces and dashes, compatibility ideographs, an astral character.
ODD_LABELS = ("ＥＣＮＵ（华东师大）", "Cafe\u0301 Ｐａｒｋ", "Café Park", "5 ㎏ Lab", "ﬁnance  ﬂow", "ΟΔΟΣ Street",
              "\u1112\u1161\u11ab\u1100\u116e\u11a8 Park", "한국 Park", "Tokyo \u3000–\u3000Yokohama", "Ⅻ Avenue",
              "① First", "㍻ Era", "\uf900 Hall", "𠀋園 Park", "Straße", "ǅemal", "ｶﾞｲﾄﾞ Guide", "x\u0323\u0301y",
              "e\u031b\u0301z", "İstanbul", "\ufe63 dash \ufe58 run", "Tab\there")


@pytest.fixture(scope="module")
def odd():
    store = OxigraphStore.memory()
    lines = "".join(f'<http://e/{n}> <{ALT if n % 3 == 0 else LABEL}> "{label}" .\n'.replace("\t", "\\t")
                    for n, label in enumerate(ODD_LABELS))
    store.load(lines.encode("utf-8"), "turtle")
    rows = [(f"http://e/{n}", n % 3 == 0, label) for n, label in enumerate(ODD_LABELS)]
    return store, LabelIndex(rows)


def test_every_piece_of_every_odd_label_is_found_by_the_store_as_by_the_index(odd):
    """Each substring of one to four characters of each label folded, each label whole as stored and folded, and a
    few texts in no label: the store's candidates (a regular expression) hold every label the index finds."""
    store, index = odd
    needles = {fold(label)[at:at + size] for label in ODD_LABELS for size in range(1, 5)
               for at in range(len(fold(label)))}
    needles |= {fold(label) for label in ODD_LABELS} | {"鑫", "park park", "kg lab x", "ecnu(华东"}
    needles = {needle for needle in needles if needle == fold(needle) and needle.strip()}
    assert len(needles) > 300
    for needle in sorted(needles):
        assert ranked_by_store(store, needle, 20) == index.find(needle, 20), needle


def test_exact_answers_of_the_store_for_odd_labels(odd):
    store, _index = odd
    assert ranked_by_store(store, fold("ecnu(华东"), 5) == [("http://e/0", "ＥＣＮＵ（华东师大）", "prefix")]
    assert ranked_by_store(store, "kg", 5) == [("http://e/3", "5 ㎏ Lab", "substring")]
    assert ranked_by_store(store, fold("CAFÉ park"), 5) == [("http://e/1", "Cafe\u0301 Ｐａｒｋ", "exact"),
                                                          ("http://e/2", "Café Park", "exact")]
    assert ranked_by_store(store, "οδος", 5) == [("http://e/5", "ΟΔΟΣ Street", "prefix")]
    assert ranked_by_store(store, "한국", 5) == [("http://e/7", "한국 Park", "prefix"),
                                               ("http://e/6", "\u1112\u1161\u11ab\u1100\u116e\u11a8 Park", "prefix")]
    assert ranked_by_store(store, "tokyo-yokohama", 5) == [("http://e/8", "Tokyo \u3000–\u3000Yokohama", "exact")]
    assert ranked_by_store(store, "xii", 5) == [("http://e/9", "Ⅻ Avenue", "prefix")]
    assert ranked_by_store(store, fold("ガイド"), 5) == [("http://e/16", "ｶﾞｲﾄﾞ Guide", "prefix")]


def test_a_long_text_the_store_cannot_compile_whole_is_matched_on_fewer_characters(odd, monkeypatch):
    """Oxigraph gives up a regular expression of about 45 accented letters, and its FILTER then matches nothing:
    the expression is tried on the text first, and made on half as many characters until the store runs it."""
    store, _index = odd
    label = "Nguyễn Thị Ngọc Ánh " * 12
    store.load(f'<http://e/long> <{LABEL}> "{label}" .'.encode(), "turtle")
    monkeypatch.setattr(search_by_store, "WINDOW", 1_000)
    assert not store.query(f"ASK {{ FILTER(REGEX({Literal(fold(label))}, {Literal(pattern(fold(label), 1_000))})) }}")
    assert ranked_by_store(store, fold(label), 5) == [("http://e/long", label, "exact")]


def test_search_labels_asks_the_store_past_the_index_budget_with_the_index_answers():
    """Under a memory budget the index is given up and every search asks the store (issue 20): the answers of
    the search service are those of the index."""
    store = build_memory()
    store.load(f'<{ID}org/store-budget> <{LABEL}> "Store Budget Park（测试）"@en .'.encode(), "turtle",
               graph=f"{ID}graph/test-store-budget")  # a snapshot of its own
    limit_memory(1)
    try:
        assert label_index(store, wait=30) is None
        by_store = {q: search_labels(store, q, 10)["results"] for q in TRICKY + ("park(测试)",)}
    finally:
        limit_memory(0)
    index = build(store, progress=lambda line: None)  # the snapshot's index, given up above
    for q, results in by_store.items():
        assert [(hit["iri"], hit["matched_label"], hit["match"]) for hit in results] == index.find(fold(q), 10), q
    assert [(hit["id"], hit["match"]) for hit in by_store["park(测试)"]] == [("org/store-budget", "substring")]
