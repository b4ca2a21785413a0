"""What every ``innokg`` subcommand module shares: opening the store, argument types, output.

Kept apart from :mod:`kg.cli` so that the command modules (``kg/cli_*.py``) and the
main parser do not import each other's private helpers.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kg.errors import InnokgError
from kg.paths import default_store_path
from kg.store import GraphStore, OxigraphStore

__all__ = ["open_store", "parse_param", "positive_int", "store_path", "warn_about_engine", "write"]


def store_path(args: argparse.Namespace) -> Path:
    """The on-disk store folder: ``--store``, else ``$INNOKG_STORE``, else the default."""
    return Path(args.store) if getattr(args, "store", None) else default_store_path()


def open_store(args: argparse.Namespace, *, read_only: bool = True) -> GraphStore:
    """Open the store a command works on: a SPARQL endpoint URL or an on-disk store.

    Raises
    ------
    InnokgError
        ``no store at PATH: run `innokg build` first``.
    """
    from kg.store_remote import SparqlEndpointStore, is_endpoint_url

    target = getattr(args, "store", None) or os.environ.get("INNOKG_STORE")
    if is_endpoint_url(target):  # --store http://host:7878/query: a SPARQL endpoint
        store = SparqlEndpointStore.from_url(target)
        warn_about_engine(store)
        return store
    path = store_path(args)
    if not OxigraphStore.exists(path):
        raise InnokgError(f"no store at {path}: run `innokg build` first")
    return OxigraphStore.open(path, read_only=read_only)


def warn_about_engine(store) -> None:
    """Print one ``innokg: warning:`` line when the endpoint's engine is known to answer wrongly."""
    caveat = store.caveat
    if caveat:
        print(f"innokg: warning: {caveat}", file=sys.stderr, flush=True)


def parse_param(text: str) -> tuple[str, str]:
    """Split a ``NAME=VALUE`` parameter.

    >>> parse_param("edition=2024")
    ('edition', '2024')
    >>> parse_param("2024")
    Traceback (most recent call last):
    ...
    kg.errors.InnokgError: --param expects NAME=VALUE, got '2024'
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise InnokgError(f"--param expects NAME=VALUE, got {text!r}")
    return name.strip().lstrip("?$"), value


def positive_int(text: str) -> int:
    """An argparse type: a whole number of 1 or more.

    >>> positive_int("20")
    20
    >>> positive_int("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a positive whole number, got '0'
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def write(text: str) -> None:
    """Print ``text`` to stdout, ending it with one newline."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()
