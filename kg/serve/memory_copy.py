"""Copy an on-disk store into memory in the background, while the process answers from disk.

A server process that serves a store from memory (``innokg serve
--memory-max-quads``) used to copy it before it said it was up: a few seconds
a million quads, during which pyoxigraph held Python's global lock, so the
process could not answer its supervisor's health checks and was killed
before it was up, again and again, on a big store or a busy machine.

Now the process answers from disk at once, and :class:`MemoryCopy` makes
the copy in a thread: the store is written as N-Quads into a pipe by one
thread and parsed from it into an in-memory store by another, in batches (a
bulk load would rename blank nodes, so that two processes, or disk and
memory, would give one node two names), so the global lock is let go
between batches and nothing but the copy is held in memory.
When the copy is done, ``on_done`` receives it (the process then answers
from memory), and one line says how long it took.

Quads are counted with a SPARQL ``COUNT``, which also lets the lock go.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from itertools import islice

import pyoxigraph as ox

from kg.store import OxigraphStore

__all__ = ["InBackground", "MemoryCopy", "copy_to_memory", "count_quads"]

log = logging.getLogger("innokg.serve")

#: Resident bytes a quad takes in memory, about (measured at 1M quads: 0.5 GB).
BYTES_PER_QUAD = 550
#: Quads parsed into the copy at a time; the global lock is let go between batches.
COPY_BATCH = 20_000


def count_quads(store: OxigraphStore) -> int:
    """The number of quads in ``store``, counted without holding Python's global lock.

    Examples
    --------
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
    >>> count_quads(store)
    1
    """
    solutions = store.inner.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    return int(next(iter(solutions))[0].value)


def copy_to_memory(store: OxigraphStore) -> OxigraphStore:
    """A read-only in-memory copy of every quad of ``store``, made without holding Python's global lock.

    Examples
    --------
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
    >>> copy = copy_to_memory(store)
    >>> len(copy), copy.path, copy.read_only
    (1, None, True)
    """
    reading, writing = os.pipe()
    failure: list[BaseException] = []
    with os.fdopen(reading, "rb", buffering=1 << 20) as source, os.fdopen(writing, "wb", buffering=1 << 20) as sink:
        def dump() -> None:
            try:
                store.inner.dump(sink, format=ox.RdfFormat.N_QUADS)
            except BaseException as error:  # handed to the copying thread
                failure.append(error)
            finally:
                sink.close()

        writer = threading.Thread(target=dump, name="innokg-dump", daemon=True)
        writer.start()
        memory = ox.Store()
        try:
            quads = ox.parse(source, format=ox.RdfFormat.N_QUADS)  # keeps blank node labels
            while batch := list(islice(quads, COPY_BATCH)):
                memory.bulk_extend(batch)
        finally:
            writer.join()
    if failure:
        raise failure[0]
    return OxigraphStore(memory, None, read_only=True)


class InBackground:
    """Work a server process does once, in a daemon thread of its own: ``start()`` it, ``join()`` it.

    A subclass writes ``_run`` (which logs its own errors) and names its thread.

    Examples
    --------
    >>> class Hello(InBackground):
    ...     def _run(self):
    ...         self.say("hello")
    >>> lines = []
    >>> job = Hello(lines.append); job.start(); job.join(); lines
    ['hello']
    """

    thread_name = "innokg-background"

    def __init__(self, say=None):
        self.say = say or _say
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)

    def start(self) -> None:
        """Start the work in the background."""
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        """Wait until the work is done."""
        self._thread.join(timeout)

    def _run(self) -> None:
        raise NotImplementedError


class MemoryCopy(InBackground):
    """Count an on-disk store's quads and, when at most ``max_quads``, copy it into memory, in a thread.

    Parameters
    ----------
    store : OxigraphStore
        The on-disk store, opened read-only; it is not closed.
    max_quads : int
        Copy only a store of at most this many quads (0: never copy, only count).
    on_counted : callable
        Called with the number of quads once they are counted.
    on_done : callable
        Called with the in-memory copy once it is made.
    max_bytes : int, optional
        Copy only when the process would stay under half of this after the
        copy (its memory cap; 0: no cap).
    say : callable, optional
        Where the lines go (default: one line on stderr).

    Examples
    --------
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
    >>> seen, lines = [], []
    >>> copy = MemoryCopy(store, 10, seen.append, seen.append, say=lines.append)
    >>> copy.start(); copy.join()
    >>> seen[0], len(seen[1])
    (1, 1)
    >>> lines[0].split(":")[0]
    'answering from disk while 1 quads are copied into memory'
    """

    thread_name = "innokg-memory-copy"

    def __init__(self, store: OxigraphStore, max_quads: int, on_counted, on_done, *, max_bytes: int = 0,
                 say=None):
        self.store = store
        self.max_quads = max_quads
        self.on_counted = on_counted
        self.on_done = on_done
        self.max_bytes = max_bytes
        super().__init__(say)

    def _run(self) -> None:
        from kg.serve.memory_cap import STOP_AT, resident_bytes

        try:
            started = time.monotonic()
            quads = count_quads(self.store)
            self.on_counted(quads)
            if not 0 < self.max_quads or quads > self.max_quads:
                return
            needed = resident_bytes() + quads * BYTES_PER_QUAD
            if self.max_bytes and needed >= STOP_AT * self.max_bytes * 0.8:
                self.say(f"answering from disk: a copy of its {quads:,} quads in memory would take this process "
                         f"near half of --max-memory-mb {self.max_bytes // 2**20} (raise it to serve from memory)")
                return
            self.say(f"answering from disk while {quads:,} quads are copied into memory: "
                     f"a few seconds a million quads")
            copy = copy_to_memory(self.store)
            self.on_done(copy)
            self.say(f"answering from memory: {quads:,} quads counted and copied in "
                     f"{time.monotonic() - started:.1f} s")
        except Exception as error:  # the process keeps answering from disk
            log.error("could not copy the store into memory, answering from disk: %s", error)


def _say(line: str) -> None:
    print(f"innokg: server process {os.getpid()}: {line}", file=sys.stderr, flush=True)
