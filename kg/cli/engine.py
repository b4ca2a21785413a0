"""``innokg check-engine``: compare a SPARQL engine's answers with the embedded store's.

:func:`add_engine_command` registers it on the parser of :mod:`kg.cli.main`. It
exits 0 when every saved query agrees, 1 when one does not, 2 on an error.
"""

from __future__ import annotations

import argparse
import sys

from kg.cli.support import open_store, write
from kg.errors import InnokgError

__all__ = ["add_engine_command"]


def add_engine_command(commands, common: argparse.ArgumentParser) -> None:
    """Add ``check-engine`` to the ``commands`` sub-parsers of ``innokg``.

    Examples
    --------
    >>> from kg.cli.main import build_parser
    >>> build_parser().parse_args(["--store", "http://localhost:7878/query", "check-engine"]).command
    'check-engine'
    """
    check = commands.add_parser(
        "check-engine", parents=[common],
        help="run every saved query on the --store engine and on the embedded seed; list where they differ")
    check.set_defaults(handler=_check_engine)


def _check_engine(args: argparse.Namespace) -> int:
    from kg.store.engine_check import check_engine
    from kg.results import text_table
    from kg.store.location import chosen_store, is_endpoint

    def report(position: int, total: int, check) -> None:
        print(f"[{position}/{total}] {check.id} … {check.verdict}", file=sys.stderr, flush=True)

    if not is_endpoint(chosen_store(getattr(args, "store", None))):
        raise InnokgError("check-engine compares a SPARQL engine with the embedded store: "
                          "pass the engine's query URL as --store")
    with open_store(args) as engine:
        checks = check_engine(engine, progress=report)
    write(text_table(["saved query", "rows expected", "rows from the engine", "verdict"],
                     [[check.id, str(check.expected), "—" if check.got is None else str(check.got), check.verdict]
                      for check in checks]))
    agreeing = sum(check.agrees for check in checks)
    print(f"{agreeing} of {len(checks)} saved queries agree with the embedded store", file=sys.stderr)
    return 0 if agreeing == len(checks) else 1
