"""Label search through the index of kg.search_index (issue 17): the same answers as reading every label from the
store and ranking those that contain the text (what search did before the index, which compared the text folded
with the label only lower-cased), on the seed and on a generated store."""

from __future__ import annotations

import io

import pytest

from kg.build import build_memory
from kg.entities import search_labels
from kg.generate import generate
from kg.labels import fold
from kg.search_index import _LABELS as LABELS
from kg.search_index import label_index
from kg.store import OxigraphStore

ID = "https://w3id.org/innokg/id/"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
# LABELS (kg.search_index's query): every label of an entity, searched by brute force below
QUERIES = ("上海", "北京", "beijing", "beij", "科技园", "univ", "university", "shanghai university", "San Francisco",
           "a", "e", "上", "中国", "park", "Ｓｈａｎｇｈａｉ", "  new   york ", "zzzq", "-", "2025", "gis")
#: Harder texts (before issue 20 the store, asked while the index is built, compared labels only lower-cased).
HARDER = (  # shorter than a trigram of bytes (one or two bytes), or one Chinese character (three bytes)
          "q", "7", "ji", "é", "k-", "圳", "核",
          # full-width punctuation (folded by NFKC) as typed and as folded, dashes of every kind, mixed scripts
          "：10（半数）", ":10(半数)", "（", "城市：", "北美—欧洲—亚太", "北美-欧洲 – 亚太", "us – china", "Hong Kong－Macao",
          "hits 权威", "GIS100(2025)报道", "k-核", "innokg 创新",
          # no hit: unknown trigrams, known trigrams in no one label, a label's end and the next one's start
          "鑫鑫", "beijing shanghai", "park\nbeijing", "xyz 中")


def by_the_store(store, q: str, limit: int) -> list[tuple[str, str, str]]:
    needle = fold(q)
    best: dict[str, tuple] = {}
    for row in store.query(LABELS):
        label = row["label"].value
        folded = fold(label)
        if needle not in folded:
            continue
        match = 0 if folded == needle else 1 if folded.startswith(needle) else 2
        score = (match, 1 if row["p"].value == ALT else 0, len(folded), row["s"].value, label)
        if row["s"].value not in best or score < best[row["s"].value]:
            best[row["s"].value] = score
    kinds = ("exact", "prefix", "substring")
    return [(score[3], score[4], kinds[score[0]]) for score in sorted(best.values())[:limit]]


def found(store, q: str, limit: int) -> list[tuple[str, str, str]]:
    return [(hit["iri"], hit["matched_label"], hit["match"]) for hit in search_labels(store, q, limit)["results"]]


@pytest.fixture(scope="module")
def seed():
    return build_memory()


@pytest.fixture(scope="module")
def generated():
    text = io.StringIO()
    generate(text, 10_000, seed=1)
    store = OxigraphStore.memory()
    store.load(text.getvalue().encode("utf-8"), "nquads")
    return store


@pytest.mark.parametrize("limit", [1, 3, 20, 200])
def test_the_seed_answers_as_the_store_does(seed, limit):
    for q in QUERIES + HARDER:
        assert found(seed, q, limit) == by_the_store(seed, q, limit), q


def test_every_seed_label_and_its_start_finds_what_the_store_finds(seed):
    labels = {row["l"].value for row in seed.query(
        "SELECT ?l WHERE { VALUES ?p { rdfs:label skos:prefLabel skos:altLabel } ?s ?p ?l FILTER isIRI(?s) }")}
    for label in sorted(labels)[::7]:
        for q in (label, label[:3]):
            if fold(q):
                assert found(seed, q, 20) == by_the_store(seed, q, 20), q


def test_a_generated_store_answers_as_the_store_does(generated):
    assert len(generated) > 9_000
    for q in QUERIES + HARDER:
        assert found(generated, q, 20) == by_the_store(generated, q, 20), q


def test_exact_answers_on_the_seed(seed):
    assert [(iri.removeprefix(ID), label, kind) for iri, label, kind in found(seed, "beijing", 3)] == [
        ("city/beijing", "Beijing", "exact"), ("metro/jing-jin-ji", "Beijing–Tianjin–Hebei", "prefix"),
        ("observation/gis100-2025/overall-beijing", "Beijing: overall rank 3 (2025)", "prefix")]
    assert [(iri.removeprefix(ID), kind) for iri, _label, kind in found(seed, "Ｂｅｉｊｉｎｇ", 1)] == [
        ("city/beijing", "exact")]
    assert found(seed, "zzzq", 20) == []
    # a label with full-width punctuation, typed as it is stored (folded, it once matched nothing)
    assert [(iri.removeprefix(ID), kind) for iri, _label, kind in found(seed, "三大都市圈集聚的百强中国城市：10（半数）", 5)] == [
        ("aggregate/gis100-2025/top100-china-in-three-metros", "exact")]


def test_the_index_is_kept_per_snapshot_and_sees_a_new_label():
    store = build_memory()
    index = label_index(store)
    assert label_index(store) is index
    assert found(store, "Xanadu Innovation Park", 5) == []
    store.load(f'<{ID}org/xanadu> <http://www.w3.org/2000/01/rdf-schema#label> "Xanadu Innovation Park"@en .'
               .encode(), "turtle", graph=f"{ID}graph/test")
    assert label_index(store) is not index
    assert found(store, "xanadu", 5) == [(f"{ID}org/xanadu", "Xanadu Innovation Park", "prefix")]


def test_before_the_index_is_built_the_store_answers_the_same(seed):
    from kg.search_by_store import ranked_by_store

    for q in QUERIES + HARDER:
        assert ranked_by_store(seed, fold(q), 20) == by_the_store(seed, q, 20), q


def test_before_the_index_is_built_a_generated_store_answers_the_same(generated):
    from kg.search_by_store import ranked_by_store

    for q in QUERIES + HARDER:
        assert ranked_by_store(generated, fold(q), 20) == by_the_store(generated, q, 20), q


def test_an_index_past_the_memory_budget_is_given_up_and_the_store_answers():
    """Under ``innokg serve --max-memory-mb`` the index may not take a process to its stop (issue 20): past the
    budget it is given up for that snapshot (never rebuilt by every search), and searches ask the store."""
    from kg.search_index import limit_memory

    store = build_memory()  # a snapshot of its own (no other test indexed it)
    store.load(f'<{ID}org/budget> <http://www.w3.org/2000/01/rdf-schema#label> "Budget Test Park"@en .'
               .encode(), "turtle", graph=f"{ID}graph/test-budget")  # the key counts graph names
    lines: list[str] = []
    limit_memory(1)  # any process holds more than one byte
    try:
        assert label_index(store, lines.append, wait=30) is None
        assert label_index(store, lines.append, wait=30) is None  # not built again
        assert [line.split(" (", 1)[0] for line in lines if "not indexed" in line] == [
            "the labels are not indexed for search"]
        assert lines[-1].endswith("past the search index's budget of 0 MB): searches ask the store")
        assert [(iri.removeprefix(ID), kind) for iri, _label, kind in found(store, "beijing", 1)] == [
            ("city/beijing", "exact")]
    finally:
        limit_memory(0)
    store.load(f'<{ID}org/xanadu> <http://www.w3.org/2000/01/rdf-schema#label> "Xanadu Innovation Park"@en .'
               .encode(), "turtle", graph=f"{ID}graph/test")
    assert label_index(store, wait=30) is not None  # without a budget the next snapshot is indexed


def test_the_compact_index_ranks_ties_repeats_and_any_script_as_a_sort_of_every_label_does():
    """The index keeps labels as UTF-8 bytes and sorts them as integers (issue 20): labels of one entity with the
    same kind and length are ranked by label, a label repeated is kept once, and CJK, accented and astral
    characters (4 bytes in UTF-8) are found at their place."""
    from kg.search_index import LabelIndex

    rows = [("http://e/b", False, "Park B"), ("http://e/b", False, "Park A"), ("http://e/b", False, "Park A"),
            ("http://e/a", True, "Park Z"), ("http://e/a", False, "Big Park Z"), ("http://e/c", False, "𠀋園 Park"),
            ("http://e/c", True, "Park"), ("http://e/d", False, "Café Park"), ("http://e/e", False, "公园"),
            ("http://e/f", False, "   "), ("http://e/a", False, "Park Y")]
    index = LabelIndex(rows)
    assert len(index) == 9  # "Park A" once, the blank label not at all
    assert index.find("park", 10) == [
        ("http://e/c", "Park", "exact"), ("http://e/a", "Park Y", "prefix"), ("http://e/b", "Park A", "prefix"),
        ("http://e/d", "Café Park", "substring")]
    assert index.find("𠀋", 5) == [("http://e/c", "𠀋園 Park", "prefix")]
    assert index.find("園 park", 5) == [("http://e/c", "𠀋園 Park", "substring")]
    assert index.find("é", 5) == [("http://e/d", "Café Park", "substring")]
    assert index.find("公园", 5) == [("http://e/e", "公园", "exact")]
    assert index.find("park", 2) == [("http://e/c", "Park", "exact"), ("http://e/a", "Park Y", "prefix")]


@pytest.mark.parametrize("one_scan", [0, 1, 3])
def test_a_text_in_more_labels_than_one_scan_ranks_is_found_in_a_scan_a_kind_with_the_same_answers(seed, one_scan,
                                                                                                   monkeypatch):
    """A text in at most ``ONE_SCAN`` labels is ranked after one scan, a commoner one by a scan a kind (issue 20)."""
    from kg import search_index

    index = search_index.label_index(seed)
    monkeypatch.setattr(search_index, "ONE_SCAN", one_scan)
    for q in QUERIES + HARDER:
        for limit in (1, 3, 20):
            assert [hit[:3] for hit in index.find(fold(q), limit)] == by_the_store(seed, q, limit), (q, limit)


def ranked_by_brute_force(rows, needle: str, limit: int) -> list[tuple[str, str, str]]:
    """What the index answers, by reading every row: the rows' labels folded that hold ``needle``, ranked."""
    best: dict[str, tuple] = {}
    for iri, alternative, label in rows:
        folded = fold(label)
        if folded and needle in folded:
            match = 0 if folded == needle else 1 if folded.startswith(needle) else 2
            score = (match, int(alternative), len(folded), iri, label)
            best[iri] = min(best.get(iri, score), score)
    return [(score[3], score[4], ("exact", "prefix", "substring")[score[0]]) for score in sorted(best.values())[:limit]]


@pytest.mark.parametrize("block, chunk, one_scan", [(1, (7, 1 << 20), 2_000), (3, (128, 64), 0), (32, (128, 200), 2_000),
                                                    (32, (128, 1 << 20), 0), (32, (128, 1 << 20), 40)])
def test_the_trigrams_find_every_substring_of_every_label_as_reading_every_label_does(block, chunk, one_scan,
                                                                                       monkeypatch):
    """The posting index of byte trigrams (kg.search_grams, issue 20) gives the labels a search reads, in blocks of
    labels listed a chunk of blocks and of bytes at a time: whatever the sizes of these, every substring of one to five characters
    of every label (Chinese, Latin, accented, astral, full-width, with dashes) and texts found in no label are
    answered as a scan of every label answers them, ranked after one scan or by a scan a kind."""
    from kg import search_grams, search_index
    from kg.search_index import LabelIndex

    monkeypatch.setattr(search_index, "ONE_SCAN", one_scan)
    monkeypatch.setattr(search_grams, "BLOCK", block)
    monkeypatch.setattr(search_grams, "CHUNK_BLOCKS", chunk[0])
    monkeypatch.setattr(search_grams, "CHUNK_BYTES", chunk[1])
    words = ("上海", "北京", "科技园", "park", "Café", "𠀋園", "Tokyo – Yokohama", "旧金山—圣何塞", "ＧＩＳ１００",
             "：10（半数）", "a", "University", "k-核")
    rows = [(f"http://e/{n % 37:02d}", n % 5 == 0, " ".join(words[(n * k) % len(words)] for k in (1, 3, 7)[:n % 3 + 1]))
            for n in range(120)] + [("http://e/x", False, "q"), ("http://e/y", True, "上")]
    index = LabelIndex(rows)
    needles = {fold(label)[at:at + size] for _iri, _alt, label in rows for size in range(1, 6)
               for at in range(len(fold(label)))}
    needles |= {"鑫", "zz", "park park park", "yokohama park", "e\nb", "-", "q", "上"}
    for needle in sorted(needles):
        for limit in (1, 7, 200):
            assert index.find(needle, limit) == ranked_by_brute_force(rows, needle, limit), (needle, limit)


def test_an_index_with_no_label_finds_nothing():
    from kg.search_index import LabelIndex

    index = LabelIndex([("http://e/a", False, "  ")])
    assert (len(index), index.find("a", 5), index.find("上海", 5)) == (0, [], [])


def test_the_trigrams_are_compact_and_read_only_the_blocks_that_hold_the_text(generated):
    """A few bytes a label (not Python lists), and a rare text reads a few blocks, not the whole text."""
    from kg.search_index import label_index

    index = label_index(generated)
    grams = index._grams
    assert grams.nbytes < 64 * len(index)  # 52 at 10k triples, 30 at 1M
    assert [type(array).__name__ for array in (grams._blocks, grams._grams, grams._starts)] == ["ndarray"] * 3
    rare = fold(index._label(len(index) // 2)[1]).encode("utf-8")  # a whole label: in a few blocks
    read = sum(end - start for start, end in grams.runs(rare))
    assert 0 < read < len(index._text) / 20
    assert grams.runs(b"zzzq") == []


def test_the_memory_budget_is_checked_while_the_labels_are_ranked_and_written_and_the_trigrams_listed(monkeypatch):
    """After the labels are read (checked every 50,000), the build checks the budget between runs of labels ranked,
    every 50,000 labels written and between chunks of trigrams listed (issue 20): a 10M-triple store's build peaks
    while it writes the labels, which was not checked, so a process could pass its budget there."""
    from kg import search_grams, search_index
    from kg.search_index import LabelIndex

    monkeypatch.setattr(search_grams, "BLOCK", 2)
    monkeypatch.setattr(search_grams, "CHUNK_BYTES", 40)
    monkeypatch.setattr(search_index, "SORT_RUN", 8)
    monkeypatch.setattr(search_index, "_BUDGET_CHECK_ROWS", 15)
    rows = [(f"http://e/{n}", False, f"Park {n}") for n in range(20)]
    done: list[str] = []
    LabelIndex(rows, done.append)
    assert done == ([f"{n} of 20 labels ranked" for n in (8, 16, 20)] + [f"{n} of 20 labels written" for n in (0, 15)]
                    + [f"trigrams of {n} labels listed" for n in (4, 8, 12, 16, 20)])  # 40 bytes: 2 blocks of 2

    def over(what: str) -> None:
        if what.startswith("trigrams"):
            raise MemoryError(what)

    with pytest.raises(MemoryError, match="^trigrams of 4 labels listed$"):
        LabelIndex(rows, over)
