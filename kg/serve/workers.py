"""Run store operations where they can be stopped: a small pool of worker processes.

pyoxigraph cannot cancel a running query, so every operation of the HTTP
service with updates allowed (a SPARQL query, a page, a saved query…) runs in a worker
process that opened the on-disk store read-only. When an operation outlives
its timeout, its worker is killed and a fresh one started in the background,
while the other workers keep answering.

With updates allowed, one more worker holds the store writable; after each
update the read-only workers reopen the store (it is a snapshot) before
their next operation. An update has its own timeout, which covers it until
it is committed, never after: the writer tells the pool the moment its
transaction is committed. A writer killed at the timeout (or dying) is
replaced, and the update's receipt (:mod:`kg.serve.update_receipt`) says
whether it had committed: the answer is the truth, never a bare "stopped".

With a memory cap, a read-only worker whose resident memory passes half of
it ends (:mod:`kg.serve.memory_cap`); its operation is answered
:class:`MemoryCapExceeded` and a fresh worker takes its place.

:class:`InlineRunner` runs the same operations in the calling process, over
a store object (in tests and doctests); it cannot stop a runaway query.

Operations are named in :data:`OPERATIONS`; each is a function
``f(store, **arguments)`` whose arguments and result can be pickled.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import uuid
from concurrent.futures import Future

from kg.errors import InnokgError
from kg.serve.operations import (MemoryCapExceeded, OperationFailed, QueryTimeout, ServiceBusy,
                                 UpdateStopped, call_operation)
from kg.serve.memory_cap import END_EXIT_STATUS, STOP_AT, MemoryWatch, resident_bytes
from kg.store.location import is_endpoint, open_store, store_exists, store_location
from kg.store.lock import hold_store

__all__ = ["WorkerPool", "die_with_parent"]

log = logging.getLogger("innokg.serve")


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, process, connection):
        self.process = process
        self.connection = connection

    def kill(self) -> None:
        try:
            self.process.kill()
        except (OSError, ValueError):
            pass
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """Worker processes over an on-disk store, each operation bounded by a timeout.

    Parameters
    ----------
    store_path : str or os.PathLike
        An on-disk store (``innokg build``), or a SPARQL endpoint URL: each
        worker then runs its operations through a
        :class:`~kg.store.endpoint.SparqlEndpointStore`, and the timeout stops the
        worker (the engine's own query timeout, if any, also applies).
    workers : int, optional
        Read-only worker processes (default 2).
    timeout : float, optional
        Seconds an operation may take, waiting for a free worker included (default 10).
    allow_update : bool, optional
        Start a writer process for SPARQL updates.
    update_timeout : float, optional
        Seconds an update may take until it is committed, waiting for the writer included (default 60).
    max_memory_bytes : int, optional
        A read-only worker past half of this many bytes ends (:mod:`kg.serve.memory_cap`); 0 (the default): no cap.

    Examples
    --------
    >>> import tempfile
    >>> from kg.store import OxigraphStore
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "store"
    >>> OxigraphStore.open(path).close()
    >>> with WorkerPool(path, workers=1, timeout=1) as pool:
    ...     pool.run("triples")
    ...     pool.run("sleep", seconds=5)
    Traceback (most recent call last):
    kg.serve.operations.QueryTimeout: stopped after the 1 s timeout
    """

    def __init__(self, store_path, *, workers: int = 2, timeout: float = 10.0, allow_update: bool = False,
                 update_timeout: float = 60.0, max_memory_bytes: int = 0):
        if workers < 1:
            raise InnokgError("a worker pool needs at least one worker")
        self.store_path = store_location(store_path)  # a folder, or a SPARQL endpoint URL
        self.size = workers
        self.timeout = timeout
        self.allow_update = allow_update
        self.update_timeout = update_timeout
        self.max_memory_bytes = max_memory_bytes
        self._context = multiprocessing.get_context("spawn")
        self._generation = self._context.RawValue("q", 0)
        self._generation_lock = threading.Lock()
        self._launches: queue.Queue = queue.Queue()
        self._launcher: threading.Thread | None = None
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._writer: _Worker | None = None
        self._writer_lock = threading.Lock()
        self._closed = False
        self._respawns: list[threading.Thread] = []
        self._status_store = None
        self._status_generation = -1
        self._status_lock = threading.Lock()
        self._holding = contextlib.ExitStack()  # the store held for the writer (kg.store.lock)

    def __enter__(self) -> WorkerPool:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers and wait until each has opened the store.

        Raises
        ------
        InnokgError
            When there is no store, or a worker cannot open it.
        """
        if not store_exists(self.store_path):
            raise InnokgError(f"no store at {self.store_path}: run `innokg build` first")
        if self.allow_update:  # one writer at a time: wait up to $INNOKG_WAIT s (`innokg serve --wait`)
            self._holding.enter_context(hold_store(self.store_path, command="innokg serve --allow-update"))
        self._launcher = threading.Thread(target=self._launch_loop, name="innokg-launcher", daemon=True)
        self._launcher.start()
        if self.allow_update:
            try:
                self._writer = self._spawn(writable=True)
            except BaseException:
                self._holding.close()
                raise
        launched = [self._launch(writable=False) for _ in range(self.size)]
        for worker in launched:
            self._handshake(worker)
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker (waiting for replacements being started, then stopping them too)."""
        self._closed = True
        for thread in self._respawns:
            thread.join(60)
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break
        if self._writer is not None:
            self._writer.kill()
            self._writer = None
        self._holding.close()
        if self._launcher is not None:
            self._launches.put(None)
            self._launcher.join(10)
            self._launcher = None
        self._status_store = None

    def run(self, operation: str, *, timeout: float | None = None, **arguments):
        """Run ``operation`` in a read-only worker and return its result.

        Raises
        ------
        QueryTimeout
            When it did not finish in time (its worker is replaced).
        ServiceBusy
            When no worker became free in time.
        OperationFailed
            When it raised an error.
        """
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise ServiceBusy(f"every worker is busy; try again later (waited {limit:g} s)") from None
        try:
            reply = self._roundtrip(worker, (operation, arguments), deadline, limit)
        except BaseException:
            self._replace_later(worker, writable=False)
            raise
        self._idle.put(worker)
        return self._unwrap(reply)

    async def run_async(self, operation: str, *, timeout: float | None = None, **arguments):
        """Like :meth:`run`, waited for in a thread so the event loop keeps serving."""
        return await asyncio.to_thread(self.run, operation, timeout=timeout, **arguments)

    def update(self, text: str, *, timeout: float | None = None) -> None:
        """Run a SPARQL update in the writer; read-only workers see it from their next operation.

        The timeout (default: ``update_timeout``) runs until the update is
        committed; what follows (its record, the flush) is waited for. A
        writer stopped at the timeout is replaced, and the update's receipt
        tells whether it had committed: then this returns as for any update.

        Raises
        ------
        UpdateStopped
            When it was stopped at the timeout before it was committed: nothing of it is in the store.
        OperationFailed
            When it failed (nothing was changed), or its writer died before committing it.
        """
        if self._writer is None:
            raise InnokgError("updates are not enabled on this server")
        limit = self.update_timeout if timeout is None else timeout
        receipt = uuid.uuid4().hex
        with self._writer_lock:
            worker = self._writer
            reply = self._await_update(worker, text, receipt, time.monotonic() + limit)
            if reply is None:  # past the timeout uncommitted, or the writer died: replace it, then read the receipt
                died = not worker.process.is_alive()
                worker.kill()
                self._writer = self._spawn(writable=True)
                if is_endpoint(self.store_path):  # it may apply the update still
                    raise UpdateStopped(f"stopped waiting after the {limit:g} s update timeout; the SPARQL endpoint "
                                        "may still apply the update: check it before sending it again")
                landed = self._unwrap(self._roundtrip(self._writer, ("update_landed", {"receipt": receipt}),
                                                      time.monotonic() + 60, 60))
                if not landed and died:
                    raise OperationFailed(None, "the writer died before the update was committed: "
                                                      "nothing was written (see the server log)")
                if not landed:
                    raise UpdateStopped(f"the update was stopped after the {limit:g} s update timeout, before it "
                                        "was committed: nothing was written")
                log.warning("an update ran past its %g s timeout after it had been committed: it is in the store",
                            limit)
                reply = ("ok", None)
            with self._generation_lock:
                self._generation.value += 1
        self._unwrap(reply)

    def triples(self) -> int:
        """The number of quads in the store, read in this process (it never waits for a worker)."""
        with self._status_lock:
            generation = self._generation.value
            if self._status_store is None or generation != self._status_generation:
                self._status_store = open_store(self.store_path, read_only=True, timeout=self.timeout)
                self._status_generation = generation
            return len(self._status_store)

    def _spawn(self, *, writable: bool) -> _Worker:
        worker = self._launch(writable=writable)
        self._handshake(worker)
        return worker

    @staticmethod
    def _await_update(worker: _Worker, text: str, receipt: str, deadline: float):
        """Send an update to the writer and return its reply; None when the deadline passed before its commit, or it died.

        The writer says ``("committed", None)`` the moment the transaction is
        committed; from then on its reply is waited for however long it takes.
        """
        connection = worker.connection
        committed = False
        try:
            connection.send(("update", {"update": text, "receipt": receipt}))
            while True:
                if not committed and not connection.poll(max(0.0, deadline - time.monotonic())):
                    return None
                message = connection.recv()
                if message[0] != "committed":
                    return message
                committed = True
        except (EOFError, OSError):
            return None

    def _launch(self, *, writable: bool) -> _Worker:
        """Start a worker process from the launcher thread.

        Workers ask Linux to kill them when the thread that started them
        ends (``PR_SET_PDEATHSIG`` follows the thread, not the process), so
        they are all started by one thread that lives as long as the pool.
        """
        if self._launcher is None:
            raise InnokgError("the worker pool is not started")
        done: Future = Future()
        self._launches.put((writable, done))
        return done.result(timeout=60)

    def _launch_loop(self) -> None:
        while True:
            request = self._launches.get()
            if request is None:
                return
            writable, done = request
            try:
                parent, child = self._context.Pipe()
                process = self._context.Process(
                    target=_worker_main,
                    args=(child, str(self.store_path), writable, self._generation,
                          0 if writable else self.max_memory_bytes),
                    name="innokg-writer" if writable else "innokg-worker", daemon=True,
                )
                process.start()
                child.close()
                done.set_result(_Worker(process, parent))
            except BaseException as error:  # handed to the waiting caller
                done.set_exception(error)

    @staticmethod
    def _handshake(worker: _Worker) -> None:
        """Wait until the worker has opened the store."""
        if not worker.connection.poll(60):
            worker.kill()
            raise InnokgError("a query worker did not start within 60 s")
        try:
            status, message = worker.connection.recv()
        except EOFError:
            worker.kill()
            raise InnokgError("a query worker died while starting") from None
        if status != "ready":
            worker.kill()
            raise InnokgError(message)

    def _replace_later(self, worker: _Worker, *, writable: bool) -> None:
        """Kill ``worker`` now and put a fresh one in the pool when it is up."""
        worker.kill()

        def replace() -> None:
            try:
                fresh = self._spawn(writable=writable)
            except InnokgError as error:
                if not self._closed:
                    log.error("could not replace a query worker: %s", error)
                return
            if self._closed:
                fresh.kill()
            else:
                self._idle.put(fresh)

        thread = threading.Thread(target=replace, name="innokg-respawn", daemon=True)
        self._respawns = [alive for alive in self._respawns if alive.is_alive()] + [thread]
        thread.start()

    def _roundtrip(self, worker: _Worker, task, deadline: float, limit: float):
        connection = worker.connection
        try:
            connection.send(task)
            if not connection.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(f"stopped after the {limit:g} s timeout")
            return connection.recv()
        except (EOFError, OSError):
            worker.process.join(5)
            if worker.process.exitcode == END_EXIT_STATUS:
                raise MemoryCapExceeded(f"stopped when its query worker passed half of the "
                                        f"{self.max_memory_bytes // 2**20} MB memory cap") from None
            raise OperationFailed(None, "a query worker died (see the server log)") from None

    @staticmethod
    def _unwrap(reply):
        status, payload = reply
        if status == "ok":
            return payload
        raise OperationFailed(*payload)


def _worker_main(connection, store_path: str, writable: bool, generation, max_memory_bytes: int = 0) -> None:
    """A worker's loop: open the store, then answer ``(operation, arguments)`` tasks until the pipe closes.

    The writer sends ``("committed", None)`` before the reply to an update,
    the moment it is committed. With ``max_memory_bytes``, a worker past half
    of it ends (status :data:`~kg.serve.memory_cap.END_EXIT_STATUS`).
    """
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s: %(message)s")

    def open_worker_store():
        return open_store(store_path, read_only=not writable)

    try:
        store = open_worker_store()
        seen = generation.value
    except InnokgError as error:
        connection.send(("error", str(error)))
        return
    if max_memory_bytes:
        if resident_bytes() >= STOP_AT * max_memory_bytes:
            connection.send(("error", f"a query worker holds {resident_bytes() // 2**20} MB once its store is open, "
                                      f"past half of --max-memory-mb {max_memory_bytes // 2**20}: raise it"))
            return
        MemoryWatch(max_memory_bytes, _end_worker).start()
    connection.send(("ready", ""))
    while True:
        try:
            operation, arguments = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            break
        if not writable and generation.value != seen:
            seen = generation.value
            store = open_worker_store()
        if operation == "update":
            arguments = {**arguments, "on_commit": lambda: connection.send(("committed", None))}
        try:
            reply = ("ok", call_operation(store, operation, arguments))
        except OperationFailed as error:
            reply = ("error", (error.kind, str(error), error.line, error.column))
        try:
            connection.send(reply)
        except (OSError, ValueError):
            break
    store.close()


def _end_worker(resident: int) -> None:
    """End this query worker: it passed half of its memory cap (the pool answers its operation)."""
    log.warning("a query worker holds %d MB, past half of its memory cap: it ends and is replaced", resident // 2**20)
    logging.shutdown()
    os._exit(END_EXIT_STATUS)


def die_with_parent() -> None:
    """Ask Linux to kill this process (a query worker or a server process) when its parent dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(0)
    except OSError:
        pass
