"""An in-memory index of every entity's labels, built once per store snapshot, that answers label searches.

:func:`kg.entities.search_labels` once asked the store for every label
containing the text, which reads every label of the graph on each request
(about a second on a 1M-triple store). This module reads the labels once per
snapshot of the store (:func:`kg.views.snapshot.snapshot_key`, so an import
or a build is seen at the next search), folds them (:func:`kg.labels.fold`)
and keeps them in one string, each label after a newline, in the order of
the search's ranking within a kind of match: preferred labels before
alternative ones, then shorter labels, then IRIs, then labels. A search then
finds, with ``str.find`` over that string:

* exact labels: ``"\\n" + text + "\\n"``;
* labels starting with the text: ``"\\n" + text``;
* labels containing it: ``text``;

each in ranking order, so it stops once it holds ``limit`` entities.

The last few snapshots' indexes stay in this process's memory. The index is
built in a thread of its own, which prints a progress line every 2 s (4 to
10 s on a 1M-triple store); a search that comes before it is ready asks the
store, as it did before the index (about 1 s a request on 1M triples).

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

import heapq
import threading
import time
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

    Parameters
    ----------
    rows : iterable of (str, bool, str)
        ``(iri, alternative, label)``: an entity, whether the label is a
        ``skos:altLabel``, and the label as stored.

    Examples
    --------
    >>> index = LabelIndex([("http://e/a", False, "Shanghai"), ("http://e/b", True, "Old Shanghai"),
    ...                     ("http://e/c", False, "上海")])
    >>> index.find("shanghai", 5)
    [('http://e/a', 'Shanghai', 'exact'), ('http://e/b', 'Old Shanghai', 'substring')]
    >>> len(index)
    3
    """

    def __init__(self, rows):
        entries = _sorted({(alternative, len(folded), iri, label, folded)
                           for iri, alternative, label in rows
                           for folded in (fold(label),) if folded})
        self._iris = [entry[2] for entry in entries]
        self._labels = [entry[3] for entry in entries]
        self._starts = []
        offset = 0
        for entry in entries:
            self._starts.append(offset + 1)
            offset += len(entry[4]) + 1
        self._text = "".join("\n" + entry[4] for entry in entries) + "\n"

    def __len__(self) -> int:
        return len(self._iris)

    def find(self, needle: str, limit: int) -> list[tuple[str, str, str]]:
        """Return up to ``limit`` ``(iri, matched label, kind)``, best first: one per entity, its best label.

        ``needle`` is folded text (:func:`kg.labels.fold`); kinds are
        ``exact``, ``prefix`` and ``substring``.
        """
        found: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for kind, pattern, shift in ((0, "\n" + needle + "\n", 1), (1, "\n" + needle, 1), (2, needle, 0)):
            position = self._text.find(pattern)
            while position >= 0 and len(found) < limit:
                entry = bisect_right(self._starts, position + shift) - 1
                iri = self._iris[entry]
                if iri not in seen:
                    seen.add(iri)
                    found.append((iri, self._labels[entry], _KINDS[kind]))
                # the next label: a label matches once, at its first place
                following = self._starts[entry + 1] if entry + 1 < len(self._starts) else len(self._text)
                position = self._text.find(pattern, max(following - shift, position + 1))
            if len(found) >= limit:
                break
        return found


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
        return LabelIndex(_within_budget(rows) if _BUDGET["bytes"] else rows)

    def heartbeat(line: str) -> None:
        if line.endswith(" s)"):  # the lines while it runs; the last one is below
            progress(line)

    index = step("indexing the labels for search", work, heartbeat)
    progress(f"indexed {len(index):,} labels in {time.monotonic() - started:.1f} s")
    return index


def _within_budget(rows):
    """The rows, checking the process's resident memory every :data:`_BUDGET_CHECK_ROWS` of them."""
    from kg.serve.memory_cap import resident_bytes

    for number, row in enumerate(rows, start=1):
        if number % _BUDGET_CHECK_ROWS == 1 and resident_bytes() > _BUDGET["bytes"]:
            raise _OverBudget(f"{number:,} labels read, the process holds {resident_bytes() // 2**20:,} MB, past "
                              f"the search index's budget of {_BUDGET['bytes'] // 2**20:,} MB")
        yield row


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
        progress(f"the labels are not indexed for search ({error}): searches ask the store")
    except Exception as error:  # the next search starts another build
        progress(f"could not index the labels: {error}")
    finally:
        with _LOCK:
            _BUILDING.pop(key, None)
        done.set()
