"""Where a store is, an on-disk folder or a SPARQL endpoint URL, and opening it there.

``innokg serve``'s worker processes and the commands that take ``--store``
receive one string; :func:`store_location` tells a URL (kept as written)
from a folder (a :class:`~pathlib.Path`), :func:`chosen_store` picks ``--store``,
else ``$INNOKG_STORE``, else the default folder, :func:`store_exists` checks
there is something to open, and :func:`open_store` opens a
:class:`~kg.store.embedded.OxigraphStore` or a :class:`~kg.store.endpoint.SparqlEndpointStore`.
This is the one place that tells a URL from a folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import InnokgError
from kg.paths import default_store_path
from kg.store.embedded import GraphStore, OxigraphStore
from kg.store.endpoint import SparqlEndpointStore, is_endpoint_url

__all__ = ["store_location", "is_endpoint", "chosen_store", "store_exists", "open_store"]


def store_location(location: str | os.PathLike) -> str | Path:
    """Return a SPARQL endpoint URL as a string and anything else as a folder path.

    Examples
    --------
    >>> store_location("http://localhost:7878/query"), store_location("/var/lib/innokg")
    ('http://localhost:7878/query', PosixPath('/var/lib/innokg'))
    """
    return location if is_endpoint_url(location) else Path(location)


def is_endpoint(location: str | os.PathLike) -> bool:
    """Tell whether ``location`` is a SPARQL endpoint URL rather than a store folder.

    Examples
    --------
    >>> is_endpoint("http://localhost:7878/query"), is_endpoint(Path("/var/lib/innokg"))
    (True, False)
    """
    return isinstance(store_location(location), str)


def chosen_store(given: str | os.PathLike | None = None) -> str | Path:
    """The store a command works on: ``given`` (``--store``), else ``$INNOKG_STORE``, else the default folder.

    Examples
    --------
    >>> chosen_store("http://localhost:7878/query"), chosen_store("/var/lib/innokg")
    ('http://localhost:7878/query', PosixPath('/var/lib/innokg'))
    """
    given = given or os.environ.get("INNOKG_STORE")
    return store_location(given) if given else default_store_path()


def store_exists(location: str | os.PathLike) -> bool:
    """Tell whether there is a store to open: a built folder, or any endpoint URL (checked on first use).

    Examples
    --------
    >>> store_exists("/nowhere/innokg"), store_exists("http://127.0.0.1:9/query")
    (False, True)
    """
    return is_endpoint(location) or OxigraphStore.exists(location)


def open_store(location: str | os.PathLike, *, read_only: bool = True, timeout: float | None = None) -> GraphStore:
    """Open the store at ``location``.

    Parameters
    ----------
    location : str or os.PathLike
        A store folder (``innokg build``), or a SPARQL endpoint URL
        (``http://host:7878/query``; see :meth:`SparqlEndpointStore.from_url`).
    read_only : bool, optional
        Open a folder read-only (other processes may open it too). An
        endpoint is never written by queries; updates go to it as it allows.
    timeout : float, optional
        Seconds to wait for one answer from an endpoint (its default when omitted).

    Returns
    -------
    GraphStore

    Raises
    ------
    InnokgError
        When ``location`` is a folder without a store.

    Examples
    --------
    >>> open_store("http://127.0.0.1:9/query", timeout=5).update_url
    'http://127.0.0.1:9/update'
    >>> open_store("/nowhere/innokg")
    Traceback (most recent call last):
    kg.errors.InnokgError: no store at /nowhere/innokg: run `innokg build` first
    """
    location = store_location(location)
    if isinstance(location, str):
        return SparqlEndpointStore.from_url(location, **({} if timeout is None else {"timeout": timeout}))
    if not OxigraphStore.exists(location):
        raise InnokgError(f"no store at {location}: run `innokg build` first")
    return OxigraphStore.open(location, read_only=read_only)
