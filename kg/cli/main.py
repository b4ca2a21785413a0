"""The ``innokg`` command line: build, query, list queries, validate, export, stats.

Every error is one line on stderr and exit status 2; ``validate`` exits 1
when the store does not conform.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.cli.metrics import add_metrics_command
from kg.cli.serve import add_serve_command
from kg.cli.viz import add_viz_command
from kg.cli.policy import add_policy_commands
from kg.cli.data import add_data_commands
from kg.cli.engine import add_engine_command
from kg.cli.extract import add_extract_command
from kg.cli.support import (open_store as _open_store, parse_param as _param, seconds as _seconds,
                            store_target as _store_target, write as _write)
from kg.errors import InnokgError
from kg.store.lock import DEFAULT_WAIT, hold_store
from kg.namespaces import ONTOLOGY_GRAPH, shorten
from kg.paths import HYGIENE_DIR, ONTOLOGY_DIR, QUERIES_DIR, SEED_DIR, SHAPES_FILE
from kg.results import FORMATS, collect, render, text_table
from kg.cli.generate import add_generate_parser

__all__ = ["main", "build_parser", "command_names"]

_EXPORT_FORMATS = ("trig", "nquads", "turtle", "ntriples", "jsonld", "rdfxml")
_QUERY_ID = re.compile(r"[\w.-]+")


class _UsageError(Exception):
    """A command line that argparse rejects."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line instead of usage + error
        raise _UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``innokg``.

    Examples
    --------
    >>> args = build_parser().parse_args(["query", "top10-overall", "-p", "edition=2024", "-f", "csv"])
    >>> args.command, args.target, args.param, args.format
    ('query', 'top10-overall', ['edition=2024'], 'csv')
    """
    common = _Parser(add_help=False)
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS,
                        help="the store folder (default: $INNOKG_STORE or ~/.local/share/innokg/store)")
    common.add_argument("--queries", metavar="DIR", default=argparse.SUPPRESS,
                        help=f"where saved queries are looked up by id (default: {QUERIES_DIR})")
    common.add_argument("--wait", metavar="SECONDS", type=_seconds, default=argparse.SUPPRESS,
                        help="a command that writes the store waits this long while another one holds it, then "
                             f"fails (default: $INNOKG_WAIT or {DEFAULT_WAIT:g}; 0: fail at once)")
    parser = _Parser(prog="innokg", parents=[common],
                     description="A knowledge graph of innovation ecosystems.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", parents=[common], help="build the store from ontology/ and data/seed/")
    build.add_argument("--ontology", metavar="DIR", type=Path, default=ONTOLOGY_DIR, help="ontology folder")
    build.add_argument("--seed", metavar="DIR", type=Path, default=SEED_DIR, help="seed data folder")
    build.add_argument("--fresh", action="store_true",
                       help="drop graphs no source file makes (imports, metrics) instead of keeping them")
    build.set_defaults(handler=_build)

    query = commands.add_parser("query", parents=[common], help="run a saved query, a .rq file or SPARQL text")
    query.add_argument("target", metavar="TARGET", help="a saved query id, a .rq file, or SPARQL text")
    query.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                       help="a parameter value (repeatable)")
    query.add_argument("-f", "--format", choices=FORMATS, default="table", help="output format (default: table)")
    query.set_defaults(handler=_query)

    listing = commands.add_parser("queries", parents=[common], help="list the saved queries")
    listing.set_defaults(handler=_queries)

    check = commands.add_parser("validate", parents=[common], help="check SHACL shapes and hygiene queries")
    check.add_argument("--shapes", metavar="FILE", type=Path, default=SHAPES_FILE, help="SHACL shapes file")
    check.add_argument("--hygiene", metavar="DIR", type=Path, default=HYGIENE_DIR, help="hygiene checks folder")
    check.set_defaults(handler=_validate)

    export = commands.add_parser("export", parents=[common], help="write the store (or one graph) as RDF")
    export.add_argument("-f", "--format", choices=_EXPORT_FORMATS, default="trig",
                        help="trig, nquads and jsonld keep every named graph (default: trig)")
    export.add_argument("-g", "--graph", metavar="IRI", help="only this named graph")
    export.add_argument("-o", "--output", metavar="FILE", type=Path, help="write here instead of stdout")
    export.set_defaults(handler=_export)

    stats = commands.add_parser("stats", parents=[common], help="count instances per class and triples per graph")
    stats.set_defaults(handler=_stats)
    add_generate_parser(commands, common)
    add_data_commands(commands, common)

    add_serve_command(commands, common)
    add_metrics_command(commands, common)
    add_viz_command(commands, common)
    add_policy_commands(commands, common)
    add_engine_command(commands, common)
    add_extract_command(commands, common)
    return parser


def command_names(parser: argparse.ArgumentParser | None = None) -> list[str]:
    """The names of every ``innokg`` command, in the order ``innokg --help`` lists them.

    Examples
    --------
    >>> command_names()[:4], "check-engine" in command_names()
    (['build', 'query', 'queries', 'validate'], True)
    """
    parser = parser or build_parser()
    for action in parser._subparsers._group_actions:  # argparse keeps the sub-commands here
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``innokg`` with ``argv`` (``sys.argv[1:]`` by default) and return the exit status.

    Examples
    --------
    >>> main(["--store", "/nonexistent/innokg", "stats"])
    2
    """
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            raise _UsageError(f"choose a command: {', '.join(command_names(parser))}")
        if args.command == "serve" and args.allow_update:
            return _serve_holding_the_store(args)
        return args.handler(args)
    except SystemExit as exit_:  # --help
        return exit_.code if isinstance(exit_.code, int) else 0
    except _UsageError as error:
        return _fail(f"{error} (see `innokg --help`)")
    except InnokgError as error:
        return _fail(str(error), getattr(error, "context", None))
    except SyntaxError as error:
        where = f" at line {error.lineno}, column {error.offset}" if error.lineno else ""
        return _fail(f"syntax error{where}: {error.args[0] if error.args else error}")
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except OSError as error:
        name = f"{error.filename}: " if error.filename else ""
        return _fail(f"{name}{error.strerror or error}")
    except KeyboardInterrupt:
        return _fail("interrupted")
    except Exception as error:  # never a traceback for users
        if os.environ.get("INNOKG_DEBUG"):
            raise
        return _fail(f"unexpected {type(error).__name__}: {error} (set INNOKG_DEBUG=1 for a traceback)")


def _build(args: argparse.Namespace) -> int:
    from kg.build import build

    def report(loaded) -> None:
        count = "loaded" if loaded.triples is None else f"{loaded.triples} triples"
        print(f"loading {loaded.display_path} … {count}", file=sys.stderr, flush=True)

    target = _store_target(args)
    if isinstance(target, str):  # --store http://host:7878/query: replace the build's graphs there
        from kg.build_remote import build_remote
        from kg.store.location import open_store

        summary = build_remote(open_store(target), ontology_dir=args.ontology,
                               seed_dir=args.seed, progress=report, keep_other_graphs=not args.fresh)
    else:
        with hold_store(target, command="innokg build", wait=getattr(args, "wait", None), create_folder=True):
            summary = build(target, ontology_dir=args.ontology, seed_dir=args.seed, progress=report,
                            keep_other_graphs=not args.fresh,
                            stage=lambda name: print(f"{name} the store …", file=sys.stderr, flush=True))
    for graph, triples in summary.kept.items():
        print(f"kept {graph} … {triples} triples", file=sys.stderr)
    print(f"built {summary.path or target}: {summary.triples} triples from {len(summary.files)} files "
          f"in {summary.seconds:.2f} s", file=sys.stderr)
    from kg.views.snapshot import next_step

    if next_step(summary.triples or 0):
        print(next_step(summary.triples or 0), file=sys.stderr)
    return 0


def _query(args: argparse.Namespace) -> int:
    from kg.saved_queries import find_saved_query, run_saved_query

    params = dict(_param(text) for text in args.param)
    target = args.target
    with _open_store(args) as store:
        if target.endswith(".rq") or _QUERY_ID.fullmatch(target) or _is_file(target):
            saved = find_saved_query(target, _queries_dir(args))
            result = collect(run_saved_query(store, saved, params))
        else:
            if params:
                raise InnokgError("--param works with saved queries only: bind values in the query text")
            result = collect(_with_caret(store.query, target))
    _write(render(result, args.format))
    return 0


def _with_caret(run, text: str):
    """``run(text)``; a syntax error gets the query's line with a caret under its column, under its message."""
    from kg.error_context import error_context
    from kg.errors import QuerySyntaxError

    try:
        return run(text)
    except QuerySyntaxError as error:
        where = error_context(error, text)
        if where is None:
            raise
        error.context = where  # main() prints it under the one-line message
        raise


def _queries(args: argparse.Namespace) -> int:
    from kg.saved_queries import load_saved_queries

    rows = []
    for saved in load_saved_queries(_queries_dir(args)):
        params = ", ".join(p.name if p.default is None else f"{p.name}={p.default}" for p in saved.params)
        rows.append([saved.id, saved.title, params])
    _write(text_table(["id", "title", "parameters"], rows) + f"\n({len(rows)} saved queries)")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from kg.validate import validate

    with _open_store(args) as store:
        report = validate(store, shapes_file=args.shapes, hygiene_dir=args.hygiene)
    _write(report.text())
    return 0 if report.conforms else 1


def _export(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        if args.output is not None:
            partial = args.output.with_name(f".{args.output.name}.partial")
            try:
                store.export(args.format, partial, graph=args.graph)
                os.replace(partial, args.output)
            finally:
                partial.unlink(missing_ok=True)
        else:
            _write(store.export(args.format, graph=args.graph).decode("utf-8"))
    return 0


def _stats(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        classes = collect(store.query(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE { ?s a ?class "
            f"FILTER NOT EXISTS {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s a ?class }} }} }} "
            "GROUP BY ?class ORDER BY DESC(?instances) ?class"
        ))
        sizes = store.graph_sizes()
        total = len(store)
    class_rows = [[shorten(row[0].value) if hasattr(row[0], "value") else str(row[0]), row[1].value]
                  for row in classes.rows]
    graph_rows = [[graph if graph is not None else "(default graph)", str(count)] for graph, count in sizes.items()]
    named = sum(1 for graph in sizes if graph is not None)
    _write("\n\n".join([
        "instances per class (outside the ontology graph)\n" + text_table(["class", "instances"], class_rows),
        "triples per graph\n" + text_table(["graph", "triples"], graph_rows),
        f"total: {total} triples in {named} named graphs; {len(class_rows)} classes with instances",
    ]))
    return 0


def _queries_dir(args: argparse.Namespace) -> Path:
    return Path(args.queries) if getattr(args, "queries", None) else QUERIES_DIR


def _is_file(text: str) -> bool:
    """Tell whether ``text`` names a file (inline SPARQL can be too long to be a name)."""
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


class _Terminated(BaseException):
    """SIGTERM arrived: unwind (releasing the store), then end as terminated."""


def _raise_terminated(signum, frame) -> None:
    raise _Terminated(signum)


def _serve_holding_the_store(args: argparse.Namespace) -> int:
    """``serve --allow-update``, holding the store here: a busy store is one error line and exit 2.

    uvicorn re-raises the SIGTERM that stopped it once it is done; it then
    unwinds through :func:`kg.store.lock.hold_store` (which empties the
    lock's record) before the process ends as terminated.
    """
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        with hold_store(_store_target(args), command="innokg serve --allow-update", wait=getattr(args, "wait", None)):
            return args.handler(args)
    except _Terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.raise_signal(signal.SIGTERM)
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fail(message: str, context: str | None = None) -> int:
    """Print the error on one line; ``context`` (a query line and a caret under the error) under it, indented."""
    print(f"innokg: error: {' '.join(message.split())}", file=sys.stderr)
    for line in (context or "").splitlines():
        print(f"  {line}", file=sys.stderr)
    return 2


def _quiet_broken_pipe() -> int:
    """The reader of stdout went away (``innokg export | head``): stop without noise."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 1
