"""What every ``innokg`` subcommand module shares: opening the store, argument types, output.

Kept apart from :mod:`kg.cli.main` so that the command modules (``kg/cli_*.py``) and the
main parser do not import each other's private helpers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import InnokgError
from kg.store import GraphStore
from kg.store.location import chosen_store, open_store as open_location

__all__ = ["open_store", "parse_param", "positive_int", "seconds", "store_target", "warn_about_engine", "write"]


def store_target(args: argparse.Namespace) -> str | Path:
    """The store a command works on: an endpoint URL (a string) or a folder (a Path).

    ``--store``, else ``$INNOKG_STORE``, else the default folder (see
    :func:`kg.store.location.chosen_store`).

    Examples
    --------
    >>> store_target(argparse.Namespace(store="http://localhost:7878/query"))
    'http://localhost:7878/query'
    """
    return chosen_store(getattr(args, "store", None))


def open_store(args: argparse.Namespace, *, read_only: bool = True) -> GraphStore:
    """Open the store a command works on (:func:`store_target`) with :func:`kg.store.location.open_store`.

    Over an engine known to answer some queries wrongly, one ``innokg: warning:`` line says so.

    Raises
    ------
    InnokgError
        ``no store at PATH: run `innokg build` first``.

    Examples
    --------
    >>> open_store(argparse.Namespace(store="/nowhere/innokg"))
    Traceback (most recent call last):
    kg.errors.InnokgError: no store at /nowhere/innokg: run `innokg build` first
    """
    store = open_location(store_target(args), read_only=read_only)
    if not store.local:
        warn_about_engine(store)
    return store


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


def seconds(text: str) -> float:
    """An argparse type: seconds, 0 or more (``--wait``, ``metrics --time-budget``).

    >>> seconds("2.5")
    2.5
    >>> seconds("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected seconds (0 or more), got '-1'
    """
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected seconds (0 or more), got {text!r}")
    return value


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
