"""An in-memory index of every entity's labels, built once per store snapshot, that answers label searches.

:func:`kg.entities.search_labels` once asked the store for every label
containing the text, which reads every label of the graph on each request
(about a second on a 1M-triple store). This module reads the labels once per
snapshot of the store (:func:`kg.views.snapshot.snapshot_key`, so an import
or a build is seen at the next search), folds them (:func:`kg.labels.fold`)
and keeps them in one UTF-8 ``bytes``, each label after a newline, in the
order of the search's ranking within a kind of match: preferred labels
before alternative ones, then shorter labels, then IRIs, then labels, and
a posting index of its byte trigrams (:mod:`kg.search_grams`: which blocks
of 32 labels hold each trigram). For the 2.4M labels of a 10M-triple store
that is 326 MB (52 MB of it trigrams), built in 70-80 s (8 s of it the
trigrams) with a peak under 1 GB; benchmarks/RESULTS.md has the figures.
A search then finds, with ``bytes.find`` over only the blocks that hold
every trigram of what it looks for (at 10M triples 0.6 ms at the median
and 5 ms at the 95th percentile, instead of 136 and 357 ms for a scan):

* exact labels: ``"\\n" + text + "\\n"``;
* labels starting with the text: ``"\\n" + text``;
* labels containing it: ``text``;

each in ranking order, so it stops once it holds ``limit`` entities.

The last few snapshots' indexes stay in this process's memory. The index is
built in a thread of its own, which prints a progress line every 2 s (4 to
10 s on a 1M-triple store); a search that comes before it is ready asks the
store, as it did before the index (about 1 s a request on 1M triples), and
gets the same answers (:mod:`kg.search_by_store`).

Examples
--------
>>> from kg.build import build_memory
>>> store = build_memory()
>>> index = label_index(store)
>>> [(iri.rsplit("/", 1)[-1], kind) for iri, label, kind in index.find("beij", 2)]
[('beijing', 'prefix'), ('jing-jin-ji', 'prefix')]
>>> label_index(store) is index
True
"""

from __future__ import annotations

import ctypes
import heapq
import threading
import time
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable

from kg.labels import fold
from kg.network.progress import stderr_lines, step

__all__ = ["LabelIndex", "label_index", "limit_memory"]

_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_LABELS = """
SELECT ?s ?p ?label WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
  ?s ?p ?label .
  FILTER(isIRI(?s))
}"""
_KINDS = ("exact", "prefix", "substring")
_MEMORY: OrderedDict[str, LabelIndex] = OrderedDict()
_MEMORY_SIZE = 4
_LOCK = threading.Lock()
_BUILDING: dict[str, threading.Event] = {}
#: Snapshots whose index would not fit under the process's memory budget: their searches ask the store.
_TOO_BIG: set[str] = set()
#: A build stops once the process's resident memory passes this many bytes (0: no budget; :func:`limit_memory`).
_BUDGET = {"bytes": 0}
_BUDGET_CHECK_ROWS = 50_000
#: A search whose text may be in at most this many labels (the blocks of :mod:`kg.search_grams` holding its
#: trigrams) ranks them all after one scan of those (see :meth:`LabelIndex.find`).
ONE_SCAN = 2_000


class _OverBudget(Exception):
    pass


def limit_memory(max_bytes: int) -> None:
    """Give up an index whose build would take this process past ``max_bytes`` of resident memory (0: none).

    ``innokg serve --max-memory-mb`` sets it below the share of the cap at which a
    server process stops (:mod:`kg.serve.memory_cap`): a store with too many labels
    is searched through the store instead of being indexed again by every replacement.
    """
    _BUDGET["bytes"] = max(0, int(max_bytes))
#: Labels sorted at a time. One ``sorted`` holds Python's global lock until it is done (seconds for the
#: millions of labels of a 10M-triple store), and a server process that does not answer its supervisor's
#: health check for 5 s meanwhile is killed; runs of this many are sorted, then merged in Python.
SORT_RUN = 100_000


def _sorted(items, run: int = SORT_RUN) -> list:
    """``sorted(items)``, sorted in runs of ``run`` and merged, so that Python's global lock is let go between.

    Examples
    --------
    >>> _sorted([5, 3, 9, 1, 4, 2], run=2)
    [1, 2, 3, 4, 5, 9]
    """
    items = list(items)
    if len(items) <= run:
        return sorted(items)
    runs = []
    for start in range(0, len(items), run):
        runs.append(sorted(items[start:start + run]))
    return list(heapq.merge(*runs))


class LabelIndex:
    """The folded labels of a store's entities, searchable by exact label, prefix and substring.

    The labels are kept compact (about 100 bytes a label, not the 500 of a Python string and tuple each): the
    folded labels in one UTF-8 ``bytes``, each after a newline; the labels as stored in another; the entities'
    IRIs, each once, in a third; their offsets, and each label's entity, in ``array('q')``. A search decodes only
    the few labels and IRIs it answers.

    Parameters
    ----------
    rows : iterable of (str, bool, str)
        ``(iri, alternative, label)``: an entity, whether the label is a
        ``skos:altLabel``, and the label as stored.
    check : callable, optional
        Called with what is done, now and then while the trigrams are listed (:class:`kg.search_grams.Grams`).

    Examples
    --------
    >>> index = LabelIndex([("http://e/a", False, "Shanghai"), ("http://e/b", True, "Old Shanghai"),
    ...                     ("http://e/c", False, "上海"), ("http://e/a", False, "Shanghai")])
    >>> index.find("shanghai", 5)
    [('http://e/a', 'Shanghai', 'exact'), ('http://e/b', 'Old Shanghai', 'substring')]
    >>> index.find("上", 5), len(index)
    ([('http://e/c', '上海', 'prefix')], 3)
    """

    def __init__(self, rows, check: Callable[[str], None] | None = None):
        # read: each label in the order it comes, its IRI numbered in the order they come
        numbers: dict[str, int] = {}
        folded_text, folded_ends = bytearray(), array("q", [0])
        label_text, label_ends = bytearray(), array("q", [0])
        entities, ranks = array("q"), array("q")  # per label: its IRI's number; alternative and folded length
        longest = 0
        for iri, alternative, label in rows:
            folded = fold(label)
            if not folded:
                continue
            number = numbers.get(iri)
            if number is None:
                number = numbers[iri] = len(numbers)
            entities.append(number)
            ranks.append(len(folded) << 1 | bool(alternative))
            longest = max(longest, len(folded))
            folded_text += folded.encode("utf-8")
            folded_ends.append(len(folded_text))
            if label != folded:  # a label that is its folded text (most Chinese ones) is kept once
                label_text += label.encode("utf-8")
            label_ends.append(len(label_text))
        # the IRIs in order, each once: an IRI's place is its rank among them
        iris = _sorted(numbers)
        place = array("q", bytes(8 * len(iris)))
        iri_text, self._iri_ends = bytearray(), array("q", [0])
        for rank, iri in enumerate(iris):
            place[numbers[iri]] = rank
            iri_text += iri.encode("utf-8")
            self._iri_ends.append(len(iri_text))
        del numbers, iris
        self._iris = bytes(iri_text)
        del iri_text
        # each label's ranking (alternative, folded length, IRI) as one integer, its number below it
        count = len(entities)
        index_bits, place_bits = max(count, 1).bit_length(), max(len(place), 1).bit_length()
        length_bits = longest.bit_length()
        check = check or (lambda _done: None)
        keys: list[int] = []
        for start in range(0, count, SORT_RUN):  # the budget checked between runs, here and below
            keys += [(((ranks[number] & 1) << length_bits | ranks[number] >> 1) << place_bits
                      | place[entities[number]]) << index_bits | number
                     for number in range(start, min(count, start + SORT_RUN))]
            check(f"{len(keys):,} of {count:,} labels ranked")
        order = _sorted(keys)
        del ranks, keys
        # write the labels in that order (equal keys: by label, a label repeated once)
        self._text, self._starts = bytearray(b"\n"), array("q")
        labels, self._label_ends, self._entities = bytearray(), array("q", [0]), array("q")
        mask = (1 << index_bits) - 1
        folded_view, label_view = memoryview(folded_text), memoryview(label_text)
        position, total = 0, len(order)
        written = 0
        while position < total:
            if position >= written:
                check(f"{position:,} of {total:,} labels written")
                written += _BUDGET_CHECK_ROWS
            end = position + 1
            while end < total and order[end] >> index_bits == order[position] >> index_bits:
                end += 1
            group = [entry & mask for entry in order[position:end]]
            if len(group) > 1:  # the same entity, kind and length: by label, each once
                spans = sorted({_stored(label_view, label_ends, folded_view, folded_ends, n): n
                                for n in reversed(group)}.items())
                group = [n for _label, n in spans]
            for number in group:
                self._starts.append(len(self._text))
                self._text += folded_view[folded_ends[number]:folded_ends[number + 1]]
                self._text += b"\n"
                labels += label_view[label_ends[number]:label_ends[number + 1]]
                self._label_ends.append(len(labels))
                self._entities.append(place[entities[number]])
            position = end
        del order, folded_view, label_view, folded_text, label_text, folded_ends, label_ends, entities, place
        self._text = bytes(self._text)
        self._labels = bytes(labels)
        _give_back_freed_memory()
        # numpy, imported by what searches only (``innokg query`` does not)
        from kg.search_grams import Grams

        self._grams = Grams(self._text, self._starts, check)
        _give_back_freed_memory()

    def __len__(self) -> int:
        return len(self._starts)

    def _label(self, entry: int) -> tuple[str, str]:
        """The IRI and the label as stored of the ``entry``-th label."""
        entity = self._entities[entry]
        iri = self._iris[self._iri_ends[entity]:self._iri_ends[entity + 1]].decode("utf-8")
        start, end = self._label_ends[entry], self._label_ends[entry + 1]
        if start == end:  # the label is its folded text
            following = self._starts[entry + 1] if entry + 1 < len(self._starts) else len(self._text)
            return iri, self._text[self._starts[entry]:following - 1].decode("utf-8")
        return iri, self._labels[start:end].decode("utf-8")

    def find(self, needle: str, limit: int) -> list[tuple[str, str, str]]:
        """Return up to ``limit`` ``(iri, matched label, kind)``, best first: one per entity, its best label.

        ``needle`` is folded text (:func:`kg.labels.fold`); kinds are
        ``exact``, ``prefix`` and ``substring``. Only the labels that may
        hold the text are read (the blocks of labels that hold all its
        trigrams, :class:`kg.search_grams.Grams`). A text that may be in at
        most :data:`ONE_SCAN` labels is ranked after one scan of them, a
        commoner one by a scan for each kind (its blocks holding the trigrams
        of ``"\\n" + needle + "\\n"``, of ``"\\n" + needle``, of ``needle``),
        each stopping at ``limit`` entities: the first two read few labels,
        the last finds the best soon.
        """
        needle_bytes = needle.encode("utf-8")
        blocks = self._grams.blocks_holding(needle_bytes)  # the labels that may hold the text: the only ones read
        holding = self._grams.runs(needle_bytes, blocks)
        best = None
        if len(blocks) * self._grams.block <= ONE_SCAN:
            best = self._best_in_one_scan(needle_bytes, self._grams.finder(self._text, needle_bytes, holding))
        if best is not None:
            return [(*self._label(entry), _KINDS[kind]) for kind, entry in sorted(best.values())[:limit]]
        found: list[tuple[str, str, str]] = []
        seen: set[int] = set()
        text, starts = self._text, self._starts
        for kind, pattern, shift in ((0, b"\n" + needle_bytes + b"\n", 1), (1, b"\n" + needle_bytes, 1),
                                     (2, needle_bytes, 0)):
            find = self._grams.finder(text, pattern, holding if kind == 2 else None)
            position = find(0)
            while position >= 0 and len(found) < limit:
                entry = bisect_right(starts, position + shift) - 1
                if self._entities[entry] not in seen:
                    seen.add(self._entities[entry])
                    found.append((*self._label(entry), _KINDS[kind]))
                # the next label: a label matches once, at its first place
                following = starts[entry + 1] if entry + 1 < len(starts) else len(text)
                position = find(max(following - shift, position + 1))
            if len(found) >= limit:
                break
        return found

    def _best_in_one_scan(self, needle: bytes, find: Callable[[int], int]) -> dict[int, tuple[int, int]] | None:
        """Each entity whose labels hold ``needle`` (``find`` finds it): its best ``(kind, label)``; None past
        :data:`ONE_SCAN` labels."""
        text, starts, entities = self._text, self._starts, self._entities
        best: dict[int, tuple[int, int]] = {}
        position, matched = find(0), 0
        while position >= 0:
            matched += 1
            if matched > ONE_SCAN:
                return None
            entry = bisect_right(starts, position) - 1
            following = starts[entry + 1] if entry + 1 < len(starts) else len(text)
            # a label's first place: at its start it is exact or a prefix, else a substring
            kind = 2 if position != starts[entry] else 0 if position + len(needle) == following - 1 else 1
            if (kind, entry) < best.get(entities[entry], (3, 0)):
                best[entities[entry]] = (kind, entry)
            position = find(following)
        return best


def _stored(label_view, label_ends, folded_view, folded_ends, number: int) -> bytes:
    """The UTF-8 of the ``number``-th label read: kept apart, or (when none is) its folded text."""
    if label_ends[number] < label_ends[number + 1]:
        return bytes(label_view[label_ends[number]:label_ends[number + 1]])
    return bytes(folded_view[folded_ends[number]:folded_ends[number + 1]])


def _give_back_freed_memory() -> None:
    """Return the C library's freed memory to the system (glibc only), which ``--max-memory-mb`` counts until then.

    Building an index frees as many bytes as it keeps, in pieces that glibc keeps for later (150 MB at 10M).
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


_progress = stderr_lines("search index: ")


def build(store, progress: Callable[[str], None] = _progress) -> LabelIndex:
    """Read every label of the store's entities and index them; say how long it took, every 2 s meanwhile.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> lines = []
    >>> len(build(build_memory(), lines.append)) > 100, lines[-1].startswith("indexed ")
    (True, True)
    """
    started = time.monotonic()

    def work() -> LabelIndex:
        rows = ((row["s"].value, row["p"].value == _ALT, row["label"].value) for row in store.query(_LABELS))
        if not _BUDGET["bytes"]:
            return LabelIndex(rows)
        return LabelIndex(_within_budget(rows), _check_budget)

    def heartbeat(line: str) -> None:
        if line.endswith(" s)"):  # the lines while it runs; the last one is below
            progress(line)

    index = step("indexing the labels for search", work, heartbeat)
    progress(f"indexed {len(index):,} labels in {time.monotonic() - started:.1f} s (their trigrams: "
             f"{index._grams.seconds:.1f} s, {index._grams.nbytes / 2**20:,.1f} MB)")
    return index


def _within_budget(rows):
    """The rows, checking the process's resident memory every :data:`_BUDGET_CHECK_ROWS` of them."""
    for number, row in enumerate(rows, start=1):
        if number % _BUDGET_CHECK_ROWS == 1:
            _check_budget(f"{number:,} labels read")
        yield row


def _check_budget(done: str) -> None:
    """Raise :class:`_OverBudget`, saying what was ``done``, when the process holds more than the index's budget."""
    from kg.serve.memory_cap import resident_bytes

    if resident_bytes() > _BUDGET["bytes"]:
        raise _OverBudget(f"{done}, the process holds {resident_bytes() // 2**20:,} MB, past "
                          f"the search index's budget of {_BUDGET['bytes'] // 2**20:,} MB")


def label_index(store, progress: Callable[[str], None] = _progress, wait: float | None = None) -> LabelIndex | None:
    """Return the label index of the store's current snapshot, built at first use and then kept in memory.

    With ``wait``, the index is built in a thread of its own (one per
    snapshot, whoever asks first starts it) and this waits at most ``wait``
    seconds for it: None when it is not ready yet (a server's request then
    asks the store itself, and is never stopped at its timeout for a build
    that later requests will use).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> store = build_memory()
    >>> label_index(store, wait=30) is label_index(store)
    True
    """
    from kg.views.snapshot import snapshot_key

    key = snapshot_key(store)
    with _LOCK:
        if key in _MEMORY:
            _MEMORY.move_to_end(key)
            return _MEMORY[key]
        if key in _TOO_BIG:
            return None
        building = _BUILDING.get(key)
        if building is None:
            building = _BUILDING[key] = threading.Event()
            threading.Thread(target=_build_and_keep, args=(store, key, progress, building), daemon=True,
                             name="search-index").start()
    building.wait(wait)
    with _LOCK:
        return _MEMORY.get(key)


def _build_and_keep(store, key: str, progress: Callable[[str], None], done: threading.Event) -> None:
    try:
        index = build(store, progress)
        with _LOCK:
            _MEMORY[key] = index
            while len(_MEMORY) > _MEMORY_SIZE:
                _MEMORY.popitem(last=False)
    except _OverBudget as error:  # never again for this snapshot: its searches ask the store
        with _LOCK:
            _TOO_BIG.add(key)
        _give_back_freed_memory()
        progress(f"the labels are not indexed for search ({error}): searches ask the store")
    except Exception as error:  # the next search starts another build
        progress(f"could not index the labels: {error}")
    finally:
        with _LOCK:
            _BUILDING.pop(key, None)
        done.set()
