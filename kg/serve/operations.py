"""The operations a server runs over a store, named so a worker process can be told one; and the inline runner.

Operations are named in :data:`OPERATIONS`; each is a function
``f(store, **arguments)`` whose arguments and result can be pickled.
:func:`call_operation` runs one and turns every error into an
:class:`OperationFailed` (the error's class and its one-line message), which is what
crosses a process boundary. :class:`InlineRunner` runs operations in the
calling process, over a store object (in tests and doctests); it cannot stop
a runaway query. :mod:`kg.serve.workers` and :mod:`kg.serve.threads` run
them where they can be stopped. All three are a :class:`Runner`, what the
HTTP service (:mod:`api`) asks of one.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import time
import traceback
from typing import Protocol, runtime_checkable

from kg.errors import InnokgError

__all__ = ["OPERATIONS", "call_operation", "QueryTimeout", "MemoryCapExceeded", "UpdateStopped", "ServiceBusy",
           "OperationFailed", "Runner", "InlineRunner", "count_triples", "graph_sizes", "sleep"]

log = logging.getLogger("innokg.serve")

#: Operation name -> ``module:function`` called as ``function(store, **arguments)``.
OPERATIONS = {
    "sparql": "kg.serve.protocol:run_query",
    "update": "kg.serve.protocol:run_update",
    "update_landed": "kg.serve.update_receipt:update_landed",
    "saved_query": "kg.saved_query_results:run_saved_query_rows",
    "entity": "kg.entities:describe_entity",
    "search": "kg.entities:search_labels",
    "ranking_catalog": "kg.policy.catalog:ranking_catalog",
    "ranking": "kg.policy.catalog:ranking",
    "chains": "kg.policy.chains:chains_payload",
    "extract_candidates": "kg.web.extract:extract_candidates",
    "extract_plan": "kg.web.extract:plan_import",
    "page": "kg.web.dispatch:page_html",
    "page_query": "kg.web.query:query_table",
    "page_download": "kg.web.query:download",
    "page_saved_query": "kg.web.query:saved_query_table",
    "page_saved_download": "kg.web.query:saved_query_result",
    "triples": "kg.serve.operations:count_triples",
    "graph_sizes": "kg.serve.operations:graph_sizes",
    "sleep": "kg.serve.operations:sleep",
}


class QueryTimeout(InnokgError):
    """An operation ran past its timeout and was stopped."""


class MemoryCapExceeded(QueryTimeout):
    """An operation was stopped because its process passed half of its memory cap (answered as a timeout is)."""


class UpdateStopped(QueryTimeout):
    """An update was stopped before it was committed: nothing of it is in the store."""


class ServiceBusy(InnokgError):
    """Every worker stayed busy for the whole timeout."""


class OperationFailed(InnokgError):
    """An operation failed in a worker.

    Attributes
    ----------
    kind : type or None
        The class of the error raised there (:class:`~kg.errors.QuerySyntaxError`,
        :class:`~kg.saved_queries.SavedQueryNotFound`, :class:`~kg.errors.InnokgError`…;
        a class crosses a process boundary by its name), or None for an
        unexpected error (whose details are only logged).
    line, column : int or None
        Where a syntax error is.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> try:
    ...     call_operation(OxigraphStore.memory(), "update", {"update": "INSERT nothing"})
    ... except OperationFailed as failed:
    ...     failed.kind.__name__, failed.line, failed.column
    ('QuerySyntaxError', 1, 12)
    """

    def __init__(self, kind: type | None, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.line = line
        self.column = column


def count_triples(store) -> int:
    """Return the number of quads in the store (the ``triples`` operation)."""
    return len(store)


def graph_sizes(store) -> dict:
    """Return quads per graph (the ``graph_sizes`` operation)."""
    return store.graph_sizes()


def sleep(store, seconds: float) -> float:  # noqa: ARG001 (an operation takes the store first)
    """Sleep, then return ``seconds`` (the ``sleep`` operation, for checking timeouts)."""
    time.sleep(seconds)
    return seconds


def _operation(name: str):
    if name not in OPERATIONS:
        raise InnokgError(f"unknown operation {name!r}")
    module, _, function = OPERATIONS[name].partition(":")
    return getattr(importlib.import_module(module), function)


def call_operation(store, name: str, arguments: dict):
    """Run one operation; turn every error into an :class:`OperationFailed`."""
    try:
        return _operation(name)(store, **arguments)
    except InnokgError as error:
        if isinstance(error, OperationFailed):
            raise
        raise OperationFailed(type(error), str(error),
                              getattr(error, "line", None), getattr(error, "column", None)) from None
    except Exception:
        log.error("operation %s failed:\n%s", name, traceback.format_exc())
        raise OperationFailed(None, "internal error (see the server log)") from None


@runtime_checkable
class Runner(Protocol):
    """What runs operations for the HTTP service: :class:`InlineRunner`, :class:`kg.serve.workers.WorkerPool`,
    :class:`kg.serve.threads.ThreadRunner`.

    ``timeout`` is the default limit in seconds of one operation (None: no
    limit); a ``timeout`` argument overrides it for one call, where the
    runner can stop an operation (:class:`InlineRunner` cannot, and takes
    the argument only to be called as the others are).
    """

    timeout: float | None

    def start(self) -> None:
        """Get ready to run operations (open stores, start processes or threads)."""

    def close(self) -> None:
        """Stop what :meth:`start` started."""

    def run(self, operation: str, *, timeout: float | None = None, **arguments):
        """Run the operation named ``operation`` of :data:`OPERATIONS` and return its result."""

    async def run_async(self, operation: str, *, timeout: float | None = None, **arguments):
        """:meth:`run` without holding up the event loop."""

    def update(self, text: str, *, timeout: float | None = None) -> None:
        """Run a SPARQL update."""

    def triples(self) -> int:
        """The number of quads in the store."""


class InlineRunner(Runner):
    """Run operations in this process over a store object; no timeout is enforced (the ``timeout``
    arguments of :class:`Runner` are taken and not used).

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> runner = InlineRunner(OxigraphStore.memory())
    >>> runner.run("triples"), isinstance(runner, Runner)
    (0, True)
    """

    def __init__(self, store):
        self.store = store
        self.timeout = None

    def start(self) -> None:
        """Nothing to start."""

    def close(self) -> None:
        """Nothing to stop (the store stays open: the caller owns it)."""

    def run(self, operation: str, *, timeout: float | None = None, **arguments):  # noqa: ARG002 (Runner)
        """Run ``operation`` with ``arguments`` and return its result."""
        return call_operation(self.store, operation, arguments)

    async def run_async(self, operation: str, *, timeout: float | None = None, **arguments):  # noqa: ARG002
        """Run ``operation`` in a thread of this process (so the event loop keeps serving)."""
        return await asyncio.to_thread(self.run, operation, **arguments)

    def update(self, text: str, *, timeout: float | None = None) -> None:  # noqa: ARG002 (Runner)
        """Run a SPARQL update on the store."""
        call_operation(self.store, "update", {"update": text})

    def triples(self) -> int:
        """The number of quads in the store."""
        return len(self.store)
