"""Tell afterwards whether an update was committed: a receipt written in the update's own transaction.

pyoxigraph runs an update (parsing, evaluation, commit) in one call that
cannot be watched from outside, so a writer stopped at its timeout may
have been stopped before its commit or after it. ``innokg serve`` puts
:func:`receipt_operations` before the update's own operations: one SPARQL
update is one transaction, so the receipt is in the store exactly when the
update is. The writer drops it as soon as the update has committed; after
a writer was killed, :func:`update_landed` reads (and drops) it to say
truthfully what happened.

The receipt lives in :data:`RECEIPT_GRAPH`, never more than one at a time
(each update drops the last one in its own transaction), and only between
an update's commit and the next moment.
"""

from __future__ import annotations

import re

from kg.namespaces import GRAPH

__all__ = ["RECEIPT_GRAPH", "receipt_operations", "clear_receipt", "update_landed"]

#: The named graph holding the receipt of the update being committed.
RECEIPT_GRAPH = GRAPH + "update-receipt"
_RECEIPT_ID = re.compile(r"[0-9a-f]{32}")


def _receipt_iri(receipt: str) -> str:
    if not _RECEIPT_ID.fullmatch(receipt):
        raise ValueError(f"a receipt is 32 lowercase hex digits, not {receipt!r}")
    return f"urn:innokg:update:{receipt}"


def receipt_operations(receipt: str) -> str:
    """SPARQL update operations, ending in ``;`` and a newline, that record ``receipt`` (``uuid4().hex``).

    Examples
    --------
    >>> print(receipt_operations("0" * 32), end="")  # doctest: +NORMALIZE_WHITESPACE
    DROP SILENT GRAPH <https://w3id.org/innokg/graph/update-receipt> ; INSERT DATA { GRAPH
    <https://w3id.org/innokg/graph/update-receipt> { <urn:innokg:update:00000000000000000000000000000000>
    <urn:innokg:committed> true } } ;
    """
    return (f"DROP SILENT GRAPH <{RECEIPT_GRAPH}> ; INSERT DATA {{ GRAPH <{RECEIPT_GRAPH}> "
            f"{{ <{_receipt_iri(receipt)}> <urn:innokg:committed> true }} }} ;\n")


def clear_receipt(store) -> None:
    """Drop the receipt graph of a store (nothing when there is none)."""
    store.update(f"DROP SILENT GRAPH <{RECEIPT_GRAPH}>")


def update_landed(store, receipt: str) -> bool:
    """Whether the update that carried ``receipt`` is in the store; the receipt is dropped.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> store.update(receipt_operations("a" * 32) + "INSERT DATA { <http://e/a> <http://e/p> 1 }")
    >>> update_landed(store, "a" * 32), update_landed(store, "a" * 32), len(store)
    (True, False, 1)
    """
    landed = bool(store.query(f"ASK {{ GRAPH <{RECEIPT_GRAPH}> {{ <{_receipt_iri(receipt)}> ?p ?o }} }}"))
    clear_receipt(store)
    store.flush()
    return landed
