"""A size-bounded cache of answers, for a server process that reads a snapshot of the store.

A read-only pyoxigraph store shows the data as they were when it was
opened, so within one ``innokg serve`` process the same operation with the
same arguments always has the same answer: it can be kept and handed out
again without going stale. (A rebuilt store is seen after a restart, as
without the cache.) Answers over a SPARQL endpoint are never cached: the
engine's data may change under us.

Only successful answers of the read operations in :data:`CACHEABLE` are
kept, least recently used first out, up to a number of bytes.
"""

from __future__ import annotations

import pickle
import threading
from collections import OrderedDict

__all__ = ["CACHEABLE", "ResultCache"]

#: Operations whose answer depends only on their arguments and the store.
CACHEABLE = frozenset({
    "sparql", "saved_query", "entity", "search", "ranking_catalog", "ranking", "chains", "page",
    "page_query", "page_download", "page_saved_query", "page_saved_download", "graph_sizes",
})
_LARGEST_SHARE = 8  # one answer takes at most this fraction of the cache


class ResultCache:
    """Answers by ``(operation, arguments)``, least recently used out past ``max_bytes``.

    Examples
    --------
    >>> cache = ResultCache(max_bytes=10_000)
    >>> key = cache.key("sparql", {"query": "ASK {}"})
    >>> cache.get(key)
    (False, None)
    >>> cache.put(key, b"true")
    >>> cache.get(key)
    (True, b'true')
    >>> cache.key("sleep", {"seconds": 1}) is None  # not a read of the store
    True
    >>> cache.put(cache.key("sparql", {"query": "big"}), b"x" * 2_000)  # over an eighth of the cache: not kept
    >>> len(cache)
    1
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[bytes, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def key(operation: str, arguments: dict) -> bytes | None:
        """The cache key of an operation call, or None when it is not to be cached."""
        if operation not in CACHEABLE:
            return None
        try:
            return pickle.dumps((operation, sorted(arguments.items())), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError):
            return None

    def get(self, key: bytes) -> tuple[bool, object]:
        """``(True, answer)`` when cached (now the most recently used), else ``(False, None)``."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return False, None
            self._entries.move_to_end(key)
            return True, entry[0]

    def put(self, key: bytes, answer) -> None:
        """Keep ``answer`` under ``key`` unless it is too large; drop the least recently used to make room."""
        cost = len(key) + _size(answer)
        if cost * _LARGEST_SHARE > self.max_bytes:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self.size -= previous[1]
            self._entries[key] = (answer, cost)
            self.size += cost
            while self.size > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self.size -= dropped


def _size(answer) -> int:
    body = getattr(answer, "body", None)
    if isinstance(body, bytes):  # a serialized query result
        return len(body) + 200
    if isinstance(answer, (bytes, str)):
        return len(answer) * (1 if isinstance(answer, bytes) else 2)
    try:
        return len(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        return 1 << 62  # unknown: never kept
