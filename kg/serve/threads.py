"""Run store operations in threads of a serving process that gives itself up when one runs away.

``innokg serve`` (read-only, the default) runs several server processes that
share the listening socket, each with its own read-only store and a few
query threads: a request costs no hop to another process. pyoxigraph
releases the GIL while it evaluates, so the event loop keeps answering.
The threads are in two lanes (:class:`kg.serve.lanes.Lanes`): operations
seen to be heavy, by their cost before or their running time now, never
hold the places kept for short ones.

A process answers from the on-disk store as soon as it has opened it; a
store of at most ``memory_max_quads`` quads is copied into memory in the
background (:mod:`kg.serve.memory_copy`) and answered from once copied.
Once it answers, it warms up for its first page in another thread
(:mod:`kg.serve.warm`: imports, templates, the snapshot key from the quads
counted, the prepared data), so that page does no one-time work.

pyoxigraph cannot cancel a running query, so a thread cannot be stopped:
when an operation outlives its timeout, the caller is answered
:class:`~kg.serve.operations.QueryTimeout` at once, and the process stops
itself (after answering what it is already answering, new connections
going to the other processes); the supervisor starts a fresh one. The
runaway query dies with its process.

With a memory cap (``--max-memory-mb``), a :class:`~kg.serve.memory_cap.MemoryWatch`
does the same when the process's resident memory passes half of the cap:
after a short grace for quick operations, every operation still running is
answered :class:`~kg.serve.operations.MemoryCapExceeded`, and the process
stops itself (it ends at once at 9/10 of the cap). Operations that were
waiting for a thread, or come while it stops, run in threads of their own
for a quarter of a second at most: a small query is still answered.

Updates are not run here: with updates allowed, ``innokg serve`` uses
:class:`kg.serve.workers.WorkerPool` and its single writer process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait

from kg.errors import InnokgError
from kg.serve.memory_cap import STOP_AT, MemoryWatch, resident_bytes
from kg.serve.operations import MemoryCapExceeded, QueryTimeout, ServiceBusy, call_operation
from kg.serve.cache import ResultCache
from kg.serve.lanes import Lanes, cost_key
from kg.store.location import is_endpoint, open_store, store_exists, store_location

__all__ = ["ThreadRunner", "stop_this_process"]

log = logging.getLogger("innokg.serve")

#: Seconds an operation still running when the memory cap is passed may take to finish before it is stopped.
_MEMORY_GRACE = 0.03
#: Seconds an operation started after that (or waiting for a thread then) may take, in a thread of its own.
_LAST_CALL = 0.25


#: The share of the memory cap a process may hold while it builds the search box's label index (below :data:`STOP_AT`).
SEARCH_INDEX_SHARE = 0.8 * STOP_AT


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
        Places of the short lane (default 4); the heavy lane has half as many
        (at least one). More operations wait their turn.
    heavy_after : float, optional
        Seconds from which an operation counts as heavy (default 0.5; :class:`~kg.serve.lanes.Lanes`).
    on_runaway : callable, optional
        Called once, a moment after the first operation ran past its timeout
        (default: :func:`stop_this_process`).
    cache_bytes : int, optional
        Keep answers of an on-disk store up to this many bytes
        (:class:`~kg.serve.cache.ResultCache`); 0 (the default) keeps none.
    memory_max_quads : int, optional
        Copy an on-disk store of at most this many quads into memory, in the
        background (:class:`~kg.serve.memory_copy.MemoryCopy`); 0 (the default) never does.
    max_memory_bytes : int, optional
        The process's memory cap (:mod:`kg.serve.memory_cap`); 0 (the default): none.

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
    kg.serve.operations.QueryTimeout: stopped after the 0.5 s timeout
    >>> runner.runaway
    True
    >>> cached = ThreadRunner(path, cache_bytes=1_000_000, memory_max_quads=1_000)
    >>> cached.start()  # answers from disk while the store is copied in the background
    >>> cached.wait_for_memory_copy(); cached.store.path is None  # then from memory
    True
    >>> cached.run("triples"), cached.run("graph_sizes"), len(cached.cache)  # graph sizes are kept
    (0, {}, 1)
    """

    def __init__(self, store_path, *, timeout: float = 10.0, threads: int = 4, on_runaway=None,
                 cache_bytes: int = 0, memory_max_quads: int = 0, max_memory_bytes: int = 0,
                 heavy_after: float = 0.5):
        self.store_path = store_location(store_path)
        self.memory_max_quads = memory_max_quads
        # a read-only store is a snapshot: its answers never go stale here (an endpoint's may)
        self.cache = ResultCache(cache_bytes) if cache_bytes > 0 and not is_endpoint(self.store_path) else None
        self.timeout = timeout
        self.threads = threads
        self.heavy_after = heavy_after
        self.on_runaway = on_runaway or stop_this_process
        self.runaway = False
        self.store = None
        self._quads: int | None = None
        self._lanes: Lanes | None = None
        self._memory_copy = None
        self._quads_counted = threading.Event()
        self.warm_up = None
        self._lock = threading.Lock()
        self.max_memory_bytes = max_memory_bytes
        self._memory_watch: MemoryWatch | None = None
        self._memory_stop: Future = Future()  # the answer to operations the memory cap stopped, once it did
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting: set[asyncio.Future] = set()  # operations awaited on the event loop

    def start(self) -> None:
        """Open the store read-only and start the threads; count (and copy) the store in the background.

        Raises
        ------
        InnokgError
            When there is no store, or the process holds half of its memory cap once the store is open.
        """
        if not store_exists(self.store_path):
            raise InnokgError(f"no store at {self.store_path}: run `innokg build` first")
        from kg.serve.memory_copy import MemoryCopy

        store = open_store(self.store_path, read_only=True, timeout=self.timeout)
        self.store = store
        if self.max_memory_bytes:
            if resident_bytes() >= STOP_AT * self.max_memory_bytes:
                raise InnokgError(f"a server process holds {resident_bytes() // 2**20} MB once its store is open, "
                                  f"past half of --max-memory-mb {self.max_memory_bytes // 2**20}: raise it, or "
                                  "lower --memory-max-quads")
            self._memory_watch = MemoryWatch(self.max_memory_bytes, self._passed_memory_mark)
            self._memory_watch.start()
            from kg.search_index import limit_memory

            # the search box's index is given up (searches ask the store) before it takes the process to its stop
            limit_memory(int(SEARCH_INDEX_SHARE * self.max_memory_bytes))
        self._lanes = Lanes(self.threads, max(1, self.threads // 2), heavy_after=self.heavy_after)
        if store.local:  # a snapshot: its size is counted once (a count reads every quad); copied when small enough
            self._memory_copy = MemoryCopy(store, self.memory_max_quads, self._counted, self._copied,
                                           max_bytes=self.max_memory_bytes)
            self._memory_copy.start()
        from kg.serve.warm import WarmUp

        self.warm_up = WarmUp(lambda: self.store, self._counted_quads)
        self.warm_up.start()

    def wait_for_memory_copy(self, timeout: float | None = None) -> None:
        """Wait until the store is counted and, when it is to be, copied into memory."""
        if self._memory_copy is not None:
            self._memory_copy.join(timeout)

    def _counted(self, quads: int) -> None:
        self._quads = quads
        self._quads_counted.set()

    def _counted_quads(self, timeout: float) -> int | None:
        """The store's quads once counted in the background (None for an endpoint, or when not counted in time)."""
        if self._memory_copy is None or not self._quads_counted.wait(timeout):
            return None
        return self._quads

    def _copied(self, memory) -> None:
        from kg.views.snapshot import same_snapshot

        same_snapshot(self.store, memory)  # its key is the disk store's: not counted again
        self.store = memory  # same snapshot, read several times faster; running operations keep the disk store

    def close(self) -> None:
        """Stop the threads; after a runaway, end the process at once (its thread cannot be joined)."""
        if self.runaway:
            logging.shutdown()
            os._exit(0)
        if self._memory_watch is not None:
            self._memory_watch.close()
            self._memory_watch = None
        if self._lanes is not None:
            self._lanes.shutdown()
            self._lanes = None
        self.store = None

    def run(self, operation: str, *, timeout: float | None = None, **arguments):
        """Run ``operation`` in a query thread and wait for it (from any thread but the event loop's)."""
        limit = self.timeout if timeout is None else timeout
        key, hit, answer = self._cached(operation, arguments)
        if hit:
            return answer
        watched = (self._memory_stop,) if not self._memory_stop.done() else ()
        task, limit = self._start(operation, arguments, limit)
        wait((task, *watched), timeout=limit, return_when=FIRST_COMPLETED)
        if not task.done() and self._memory_stop.done() and task.cancel():  # it never ran: run it now, briefly
            task, limit = self._start(operation, arguments, limit)
            wait((task,), timeout=limit)
        if not task.done():
            raise self._stopped(operation, limit, task)
        return self._keep(key, task.result())

    async def run_async(self, operation: str, *, timeout: float | None = None, **arguments):
        """Run ``operation`` in a query thread; the event loop waits without blocking."""
        limit = self.timeout if timeout is None else timeout
        key, hit, answer = self._cached(operation, arguments)
        if hit:
            return answer
        self._loop = self._loop or asyncio.get_running_loop()
        task, limit = self._start(operation, arguments, limit)
        try:
            answer = await self._wait(task, operation, limit)
        except asyncio.CancelledError:  # by the memory cap, or the request's own cancellation
            if not self._memory_stop.done() or asyncio.current_task().cancelling():
                raise
            if not task.cancelled():  # it was running: it holds the memory
                raise MemoryCapExceeded(self._memory_stop.result()) from None
            task, limit = self._start(operation, arguments, limit)  # it never ran: run it now, briefly
            answer = await self._wait(task, operation, limit)
        return self._keep(key, answer)

    async def _wait(self, task: Future, operation: str, limit: float):
        future = asyncio.wrap_future(task)
        self._waiting.add(future)
        try:
            return await asyncio.wait_for(future, limit)
        except asyncio.TimeoutError:
            raise self._stopped(operation, limit, task) from None
        finally:
            self._waiting.discard(future)

    def _stopped(self, operation: str, limit: float, task: Future) -> QueryTimeout | ServiceBusy:
        """The error for an operation not done at its limit.

        One that never started is dropped: the service was busy, and the
        process goes on. One that is running gives the process up once it has
        run for the whole timeout itself (at once when it has).
        """
        if self._memory_stop.done():
            return MemoryCapExceeded(self._memory_stop.result())
        if task.cancel():
            return ServiceBusy(f"every query thread stayed busy for the whole {limit:g} s timeout: try again")
        ran = time.monotonic() - getattr(task, "started", 0.0)
        reason = f"a {operation} operation ran past the {self.timeout:g} s timeout"
        if ran >= self.timeout - 0.05:
            self._ran_away(reason)
        else:  # it waited for a thread first: it may still finish within its own timeout
            def check() -> None:
                if not task.done():
                    self._ran_away(reason)

            timer = threading.Timer(self.timeout - ran, check)
            timer.daemon = True
            timer.start()
        return QueryTimeout(f"stopped after the {limit:g} s timeout")

    def update(self, text: str, *, timeout: float | None = None) -> None:
        """Updates are not run by this runner."""
        raise InnokgError("updates are not enabled on this server")

    def triples(self) -> int:
        """The number of quads in the store (an endpoint is asked each time)."""
        if self._quads is not None:
            return self._quads
        if self._memory_copy is not None and self._quads_counted.wait(self.timeout):
            return self._quads  # counted by the background copy: not counted a second time here
        if getattr(self.store, "local", False):  # not counted in time: count it here, without holding the GIL
            from kg.serve.memory_copy import count_quads

            self._quads = count_quads(self.store)
            return self._quads
        return len(self.store)

    def _cached(self, operation: str, arguments: dict) -> tuple[bytes | None, bool, object]:
        """The cache key of a call (None when not cached), and whether and what the cache holds for it."""
        key = None if self.cache is None else self.cache.key(operation, arguments)
        return (key, *self.cache.get(key)) if key is not None else (None, False, None)

    def _keep(self, key: bytes | None, answer):
        if key is not None:
            self.cache.put(key, answer)
        return answer

    def _start(self, operation: str, arguments: dict, limit: float) -> tuple[Future, float]:
        """Start ``operation``; return its future and how long it may take.

        Once the memory cap stopped this process's operations, its query
        threads may all be held by them: an operation then runs in a thread
        of its own, for :data:`_LAST_CALL` seconds at most.
        """
        if self._lanes is None:
            raise InnokgError("the query threads are not started")
        if not self._memory_stop.done():  # the store is read when it starts: from memory once copied
            return self._lanes.submit(cost_key(operation, arguments),
                                      lambda: call_operation(self.store, operation, arguments)), limit
        task: Future = Future()

        def last_call() -> None:
            if task.set_running_or_notify_cancel():
                try:
                    task.set_result(call_operation(self.store, operation, arguments))
                except BaseException as error:  # handed to the waiting caller
                    task.set_exception(error)

        threading.Thread(target=last_call, name="innokg-last-call", daemon=True).start()
        return task, min(limit, _LAST_CALL)

    def _ran_away(self, reason: str, delay: float = 0.2) -> None:
        with self._lock:
            if self.runaway:
                return
            self.runaway = True
        log.warning("%s: this server process stops and is replaced", reason)
        timer = threading.Timer(delay, self.on_runaway)  # the answer goes out first
        timer.daemon = True
        timer.start()

    def _passed_memory_mark(self, resident: int) -> None:
        """Called by the memory watch at half of the cap: after a grace, stop every operation still running."""
        cap = self.max_memory_bytes // 2**20
        timer = threading.Timer(_MEMORY_GRACE, self._stop_operations, args=(resident // 2**20, cap))
        timer.daemon = True
        timer.start()

    def _stop_operations(self, resident_mb: int, cap_mb: int) -> None:
        self._memory_stop.set_result(f"stopped when its server process passed half of the {cap_mb} MB memory cap")
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._cancel_waiting)
        self._ran_away(f"this process holds {resident_mb} MB, past half of its {cap_mb} MB memory cap", delay=0.05)

    def _cancel_waiting(self) -> None:
        for future in list(self._waiting):
            future.cancel()
