"""Run store operations in threads of a serving process that gives itself up when one runs away.

``innokg serve`` (read-only, the default) runs several server processes that
share the listening socket, each with its own read-only store and a few
query threads: a request costs no hop to another process. pyoxigraph
releases the GIL while it evaluates, so the event loop keeps answering.

pyoxigraph cannot cancel a running query, so a thread cannot be stopped:
when an operation outlives its timeout, the caller is answered
:class:`~kg.query_runner.QueryTimeout` at once, and the process stops
itself (after answering what it is already answering, new connections
going to the other processes); the supervisor starts a fresh one. The
runaway query dies with its process.

Updates are not run here: with updates allowed, ``innokg serve`` uses
:class:`kg.query_runner.WorkerPool` and its single writer process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from kg.errors import InnokgError
from kg.query_runner import QueryTimeout, _call
from kg.result_cache import ResultCache
from kg.store import OxigraphStore
from kg.store_location import open_store, store_exists, store_location

__all__ = ["ThreadRunner", "stop_this_process"]

log = logging.getLogger("innokg.serve")


def stop_this_process() -> None:
    """Ask this server process to stop gracefully (SIGTERM to itself), as uvicorn's workers understand."""
    os.kill(os.getpid(), signal.SIGTERM)


class ThreadRunner:
    """Threads over a store opened read-only in this process; a timeout gives the process up.

    Parameters
    ----------
    store_path : str or os.PathLike
        An on-disk store, or a SPARQL endpoint URL.
    timeout : float, optional
        Seconds an operation may take, its wait for a free thread included (default 10).
    threads : int, optional
        Operations run at once (default 4); more wait their turn.
    on_runaway : callable, optional
        Called once, a moment after the first operation ran past its timeout
        (default: :func:`stop_this_process`).
    cache_bytes : int, optional
        Keep answers of an on-disk store up to this many bytes
        (:class:`~kg.result_cache.ResultCache`); 0 (the default) keeps none.
    memory_max_quads : int, optional
        Copy an on-disk store of at most this many quads into memory at start
        (:meth:`~kg.store.OxigraphStore.copy_to_memory`); 0 (the default) never does.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from kg.store import OxigraphStore
    >>> path = Path(tempfile.mkdtemp()) / "store"
    >>> OxigraphStore.open(path).close()
    >>> runner = ThreadRunner(path, timeout=0.5, on_runaway=lambda: None)  # innokg serve: stop the process
    >>> runner.start()
    >>> runner.run("triples")
    0
    >>> runner.run("sleep", seconds=3)
    Traceback (most recent call last):
    kg.query_runner.QueryTimeout: stopped after the 0.5 s timeout
    >>> runner.runaway
    True
    >>> cached = ThreadRunner(path, cache_bytes=1_000_000, memory_max_quads=1_000)
    >>> cached.start()
    >>> cached.store.path is None  # served from memory
    True
    >>> cached.run("triples"), cached.run("graph_sizes"), len(cached.cache)  # graph sizes are kept
    (0, {}, 1)
    """

    def __init__(self, store_path, *, timeout: float = 10.0, threads: int = 4, on_runaway=None,
                 cache_bytes: int = 0, memory_max_quads: int = 0):
        self.store_path = store_location(store_path)
        self.memory_max_quads = memory_max_quads
        # a read-only store is a snapshot: its answers never go stale here (an endpoint's may)
        self.cache = ResultCache(cache_bytes) if cache_bytes > 0 and not isinstance(self.store_path, str) else None
        self.timeout = timeout
        self.threads = threads
        self.on_runaway = on_runaway or stop_this_process
        self.runaway = False
        self.store = None
        self._quads: int | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Open the store read-only and start the threads.

        Raises
        ------
        InnokgError
            When there is no store.
        """
        if not store_exists(self.store_path):
            raise InnokgError(f"no store at {self.store_path}: run `innokg build` first")
        store = open_store(self.store_path, read_only=True, timeout=self.timeout)
        if isinstance(store, OxigraphStore):  # a snapshot: its size is counted once (a count reads every quad)
            self._quads = len(store)
            if 0 < self.memory_max_quads and self._quads <= self.memory_max_quads:
                store = store.copy_to_memory()  # same snapshot, read several times faster
        self.store = store
        self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="innokg-query")

    def close(self) -> None:
        """Stop the threads; after a runaway, end the process at once (its thread cannot be joined)."""
        if self.runaway:
            logging.shutdown()
            os._exit(0)
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        self.store = None

    def run(self, operation: str, *, timeout: float | None = None, **arguments):
        """Run ``operation`` in a query thread and wait for it (from any thread but the event loop's)."""
        limit = self.timeout if timeout is None else timeout
        key, hit, answer = self._cached(operation, arguments)
        if hit:
            return answer
        future = self._submit(operation, arguments)
        try:
            answer = future.result(timeout=limit)
        except FutureTimeout:
            self._ran_away(operation)
            raise QueryTimeout(f"stopped after the {limit:g} s timeout") from None
        return self._keep(key, answer)

    async def run_async(self, operation: str, *, timeout: float | None = None, **arguments):
        """Run ``operation`` in a query thread; the event loop waits without blocking."""
        limit = self.timeout if timeout is None else timeout
        key, hit, answer = self._cached(operation, arguments)
        if hit:
            return answer
        future = asyncio.wrap_future(self._submit(operation, arguments))
        try:
            answer = await asyncio.wait_for(future, limit)
        except asyncio.TimeoutError:
            self._ran_away(operation)
            raise QueryTimeout(f"stopped after the {limit:g} s timeout") from None
        return self._keep(key, answer)

    def update(self, text: str, *, timeout: float | None = None) -> None:
        """Updates are not run by this runner."""
        raise InnokgError("updates are not enabled on this server")

    def triples(self) -> int:
        """The number of quads in the store (an endpoint is asked each time)."""
        return self._quads if self._quads is not None else len(self.store)

    def _cached(self, operation: str, arguments: dict) -> tuple[bytes | None, bool, object]:
        """The cache key of a call (None when not cached), and whether and what the cache holds for it."""
        key = None if self.cache is None else self.cache.key(operation, arguments)
        return (key, *self.cache.get(key)) if key is not None else (None, False, None)

    def _keep(self, key: bytes | None, answer):
        if key is not None:
            self.cache.put(key, answer)
        return answer

    def _submit(self, operation: str, arguments: dict):
        if self._executor is None:
            raise InnokgError("the query threads are not started")
        return self._executor.submit(_call, self.store, operation, arguments)

    def _ran_away(self, operation: str) -> None:
        with self._lock:
            if self.runaway:
                return
            self.runaway = True
        log.warning("a %s operation ran past the %g s timeout: this server process stops and is replaced",
                    operation, self.timeout)
        timer = threading.Timer(0.2, self.on_runaway)  # the timeout answer goes out first
        timer.daemon = True
        timer.start()
