"""What pages read instead of computing: the work done once per store snapshot, cached.

A page must answer in well under 2 s whatever the store's size, so anything
that reads the whole graph (counting the ecosystem's elements, telling
whether stored metrics are still fresh, finding the communities of the
ecosystem view) is done once per *snapshot* of the store by
:func:`prepare` (``innokg viz prepare``, with progress lines) and kept:

* in a JSON file under :func:`cache_root` (``$INNOKG_CACHE``, else
  ``$XDG_CACHE_HOME/innokg``, else ``~/.cache/innokg``), named by the
  snapshot's key, for a store of :data:`SMALL_STORE` quads or more;
* in this process's memory, for a smaller store, where it is computed at
  first use (in well under a second).

The key (:func:`snapshot_key`) is a digest of the number of quads, the named
graphs and the stored metric runs: an import, a drop, a build or a
``metrics --write`` changes it, so a page never reads what an older snapshot
prepared (an edit that keeps every count the same is not noticed; prepare
again after one). A read-only store cannot change, so its key is computed
once per store object; the key of a store over a SPARQL endpoint (which
others may change, and which costs a count of the whole store to key) is
kept for :data:`KEY_TTL` seconds, so no page counts the store: a change
made there is seen that much later.

:func:`prepared` is what pages call: it never computes on a big store; when
nothing was prepared for the snapshot it returns None and the page says so.

Examples
--------
>>> from kg.build import build_memory
>>> store = build_memory()
>>> data = prepared(store)  # a small store: prepared now, in memory
>>> data["summary"]["elements"]["talent"] > 0, data["metrics"]["actors"]["status"]
(True, 'not written')
>>> prepared(store) is data
True
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from kg.network.progress import step

__all__ = ["SMALL_STORE", "FORMAT", "KEY_TTL", "snapshot_key", "store_size", "is_small", "remember_snapshot", "same_snapshot",
           "cache_root", "cache_file", "prepared", "prepare", "next_step"]

#: Stores with fewer quads than this are prepared at first use, in memory (it takes well under a second).
SMALL_STORE = 50_000
#: The version of the prepared file's layout: a file of another version is ignored.
FORMAT = 2

#: Seconds the key of a store over a SPARQL endpoint is kept before it is counted again.
KEY_TTL = 30.0

_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_TIMED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_KEY_LOCK = threading.Lock()
_MEMORY: OrderedDict[str, dict] = OrderedDict()
_MEMORY_SIZE = 4
_LOCK = threading.Lock()


def snapshot_key(store) -> str:
    """Return the key of the store's snapshot: a digest of its quad count, named graphs and metric runs.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> before = snapshot_key(store)
    >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
    >>> len(before), snapshot_key(store) != before
    (16, True)
    """
    return _snapshot(store)[0]


def store_size(store) -> int:
    """The number of quads in the store (counted once per read-only store object).

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store_size(OxigraphStore.memory())
    0
    """
    return _snapshot(store)[1]


def is_small(store) -> bool:
    """True when the store holds fewer than :data:`SMALL_STORE` quads: a page may then compute what is missing.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> is_small(build_memory())
    True
    """
    return store_size(store) < SMALL_STORE


def remember_snapshot(store, quads: int) -> str:
    """Compute a read-only store's key once, from its quads counted already; return it.

    A server process counts its store at start-up (:mod:`kg.serve.memory_copy`)
    and warms up with this (:mod:`kg.serve.warm`): its first page counts nothing.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore(OxigraphStore.memory().inner, None, read_only=True)
    >>> remember_snapshot(store, 0) == snapshot_key(store), store_size(store)
    (True, 0)
    """
    return _snapshot(store, quads)[0]


def same_snapshot(source, copy) -> None:
    """Let ``copy`` (read-only, e.g. the in-memory copy of ``source``) keep ``source``'s key: it is the same snapshot.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore(OxigraphStore.memory().inner, None, read_only=True)
    >>> copy = OxigraphStore(OxigraphStore.memory().inner, None, read_only=True)
    >>> key = remember_snapshot(store, 0); same_snapshot(store, copy); snapshot_key(copy) == key
    True
    """
    try:
        found = _KEYS[source]
    except (KeyError, TypeError):
        return
    if getattr(copy, "read_only", False):
        try:
            _KEYS[copy] = found
        except TypeError:
            pass


def _snapshot(store, quads: int | None = None) -> tuple[str, int]:
    read_only = getattr(store, "read_only", False)
    if read_only:
        try:
            return _KEYS[store]
        except (KeyError, TypeError):
            pass
    elif not getattr(store, "local", True) and quads is None:
        with _KEY_LOCK:  # one request counts an endpoint's store; the others wait for its key
            try:
                found, when = _TIMED[store]
            except (KeyError, TypeError):
                found, when = None, 0.0
            if found is None or time.monotonic() - when > KEY_TTL:
                found = _computed(store, None)
                try:
                    _TIMED[store] = found, time.monotonic()
                except TypeError:
                    pass
            return found
    found = _computed(store, quads)
    if read_only:
        try:
            _KEYS[store] = found
        except TypeError:
            pass
    return found


def _computed(store, quads: int | None) -> tuple[str, int]:
    from kg.network.writeback import stored_runs

    quads = len(store) if quads is None else quads
    runs = sorted((run.network, run.fingerprint, run.ended) for run in stored_runs(store).values())
    text = json.dumps([FORMAT, quads, sorted(store.named_graphs()), runs])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], quads


def next_step(quads: int) -> str | None:
    """The one line a build or an import prints for a store of ``quads`` quads: what its pages need next; None if small.

    Examples
    --------
    >>> next_step(4_000) is None
    True
    >>> print(next_step(1_014_572))  # doctest: +NORMALIZE_WHITESPACE
    pages: run `innokg metrics --network all --write` once now (1,014,572 quads): it stores the hub scores and
    prepares what the pages read, with progress; until then the pages say so
    """
    if quads < SMALL_STORE:
        return None
    return (f"pages: run `innokg metrics --network all --write` once now ({quads:,} quads): it stores the hub scores "
            "and prepares what the pages read, with progress; until then the pages say so")


def cache_root() -> Path:
    """The folder of the prepared files: ``$INNOKG_CACHE``, else ``$XDG_CACHE_HOME/innokg``, else ``~/.cache/innokg``.

    Examples
    --------
    >>> import os
    >>> os.environ["INNOKG_CACHE"] = "/tmp/somewhere"
    >>> str(cache_root())
    '/tmp/somewhere'
    >>> del os.environ["INNOKG_CACHE"]
    """
    if os.environ.get("INNOKG_CACHE"):
        return Path(os.environ["INNOKG_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "innokg"


def cache_file(key: str) -> Path:
    """The prepared file of the snapshot ``key``."""
    return cache_root() / "snapshots" / f"{key}.json"


def _remember(key: str, data: dict) -> dict:
    with _LOCK:
        _MEMORY[key] = data
        _MEMORY.move_to_end(key)
        while len(_MEMORY) > _MEMORY_SIZE:
            _MEMORY.popitem(last=False)
    return data


def prepared(store) -> dict | None:
    """Return what was prepared for the store's snapshot, or None when nothing was (on a big store).

    A small store (under :data:`SMALL_STORE` quads, or any store over a
    SPARQL endpoint that is that small) is prepared now, in memory; a big one
    only by :func:`prepare` (``innokg viz prepare``).
    """
    key = snapshot_key(store)
    with _LOCK:
        if key in _MEMORY:
            _MEMORY.move_to_end(key)
            return _MEMORY[key]
    path = cache_file(key)
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if data and data.get("format") == FORMAT and data.get("key") == key:
            return _remember(key, data)
    if is_small(store):
        return _remember(key, _compute(store, key, lambda line: None))
    return None


def prepare(store, progress: Callable[[str], None] = print) -> dict:
    """Compute what pages read for the store's snapshot and keep it (a file for a big store); return it.

    Prints a progress line at least every 2 s through ``progress``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> lines = []
    >>> data = prepare(build_memory(), lines.append)
    >>> lines[-1].startswith("prepared the pages' data"), data["backbone"]["total_nodes"] > 20
    (True, True)
    """
    key = snapshot_key(store)
    data = _compute(store, key, progress)
    if data["summary"]["triples"] >= SMALL_STORE:
        path = cache_file(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)  # whole or not at all
        progress(f"kept in {path}")
    return _remember(key, data)


def _compute(store, key: str, progress: Callable[[str], None]) -> dict:
    from kg.views.backbone import compute_backbone, metric_statuses

    started = time.monotonic()
    quads = store_size(store)
    progress(f"preparing the pages' data for a store of {quads:,} quads (snapshot {key})")
    statuses = metric_statuses(store, progress)
    backbone, elements, links = compute_backbone(store, statuses, progress)
    from kg.policy.funding_totals import funding_buckets

    funding = step("aggregating the funding flows", lambda: funding_buckets(store), progress)
    data = {
        "format": FORMAT, "key": key,
        "prepared": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "summary": {"triples": quads, "graphs": len(store.named_graphs()), "elements": elements, "links": links},
        "metrics": statuses, "backbone": backbone, "funding": funding,
    }
    data["seconds"] = round(time.monotonic() - started, 2)
    progress(f"prepared the pages' data in {data['seconds']:.1f} s")
    return data
