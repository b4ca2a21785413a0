"""``innokg serve``: the SPARQL endpoint and JSON API over HTTP, or one request as a smoke test.

::

    innokg serve                                 # http://127.0.0.1:8000/sparql, read-only
    innokg serve --port 9000 --timeout 5 --max-rows 1000 --cors-origin https://yasgui.triply.cc
    innokg serve --allow-update --token "$TOKEN" # POST /update with Authorization: Bearer $TOKEN
    innokg serve --max-memory-mb 2048 --update-timeout 120
    innokg serve --get /api/entities/city/beijing   # one request through the app; exit 1 unless 200
    innokg --store http://localhost:7878/query serve  # over a SPARQL endpoint (oxigraph serve, Virtuoso…)
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import InnokgError
from kg.paths import QUERIES_DIR

__all__ = ["add_serve_command", "serve", "request_once"]


def add_serve_command(commands, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Register ``serve`` on the ``innokg`` sub-command parsers.

    Examples
    --------
    >>> from kg.cli.main import build_parser
    >>> args = build_parser().parse_args(["serve", "--port", "9000", "--cors-origin", "http://a", "--get", "/health"])
    >>> args.host, args.port, args.cors_origin, args.get, args.timeout
    ('127.0.0.1', 9000, ['http://a'], '/health', 10.0)
    """
    serve_parser = commands.add_parser("serve", parents=[common],
                                       help="serve the SPARQL endpoint and the JSON API over HTTP")
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve_parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve_parser.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                              help="stop a query after this long (default: 10)")
    serve_parser.add_argument("--update-timeout", type=float, default=60.0, metavar="SECONDS",
                              help="stop an update not committed after this long; a committed one is never "
                                   "stopped (default: 60)")
    serve_parser.add_argument("--max-memory-mb", type=int, default=4096, metavar="MB",
                              help="a query process past half of MB answers its running queries 422 and is "
                                   "replaced; past 9/10 it ends at once (default: 4096; 0: no cap)")
    serve_parser.add_argument("--max-rows", type=int, default=10_000, metavar="N",
                              help="return at most N result rows (default: 10000)")
    serve_parser.add_argument("--max-body", type=int, default=1_000_000, metavar="BYTES",
                              help="refuse request bodies over BYTES (default: 1000000)")
    serve_parser.add_argument("--workers", type=int, default=2, metavar="N",
                              help="server processes (default: 2); with --allow-update, query worker processes")
    serve_parser.add_argument("--cache-mb", type=int, default=64, metavar="MB",
                              help="answers each read-only server process keeps, in MB (default: 64; 0: none)")
    serve_parser.add_argument("--memory-max-quads", type=int, default=2_000_000, metavar="N",
                              help="serve a store of at most N quads from memory, copied at start (about 0.5 GB "
                                   "and a few seconds a million quads per server process; default: 2000000; 0: never)")
    serve_parser.add_argument("--allow-update", action="store_true",
                              help="accept SPARQL updates (needs --token or $INNOKG_TOKEN)")
    serve_parser.add_argument("--token", default=None,
                              help="bearer token required for updates (default: $INNOKG_TOKEN)")
    serve_parser.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                              help="allow cross-origin requests from ORIGIN (repeatable; off by default)")
    serve_parser.add_argument("--get", metavar="PATH",
                              help="send one GET request for PATH through the app, print the answer and "
                                   "exit (1 unless it is 200)")
    serve_parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                              help="server log level (default: info)")
    serve_parser.set_defaults(handler=serve)
    return serve_parser


def _check_port_free(host: str, port: int) -> None:
    """Fail with one line, before anything is started, when ``host:port`` cannot be listened on.

    The probe binds as uvicorn will (``SO_REUSEADDR``), so only a port another
    process listens on (or an address this machine does not have) is refused.

    Examples
    --------
    >>> import socket
    >>> with socket.socket() as taken:
    ...     taken.bind(("127.0.0.1", 0)); taken.listen()
    ...     try:
    ...         _check_port_free("127.0.0.1", taken.getsockname()[1])
    ...     except InnokgError as error:
    ...         print(str(error).replace(str(taken.getsockname()[1]), "PORT").split(";")[0])
    port 127.0.0.1:PORT is taken: another server listens there
    """
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            where = f"{_host(host)}:{port}"
            if error.errno == errno.EADDRINUSE:
                raise InnokgError(f"port {where} is taken: another server listens there; stop it or choose "
                                  f"another port (--port {port + 1}, or make run PORT={port + 1})") from None
            raise InnokgError(f"cannot listen on {where}: {error.strerror or error}") from None


def serve(args: argparse.Namespace) -> int:
    """Run ``innokg serve`` with parsed ``args``; return the exit status."""
    from api.app import create_app
    from api.config import Settings
    from kg.cli.support import warn_about_engine
    from kg.store.location import chosen_store, is_endpoint, open_store, store_exists

    store = chosen_store(getattr(args, "store", None))  # a folder, or an endpoint URL
    if not store_exists(store):
        raise InnokgError(f"no store at {store}: run `innokg build` first")
    if args.token is not None and not args.allow_update:
        raise InnokgError("--token is only used with --allow-update")
    settings = Settings(
        store=store,
        timeout=args.timeout,
        update_timeout=args.update_timeout,
        max_rows=args.max_rows,
        max_body=args.max_body,
        workers=args.workers,
        max_memory_mb=args.max_memory_mb,
        cache_mb=args.cache_mb,
        memory_max_quads=args.memory_max_quads,
        allow_update=args.allow_update,
        token=(args.token or os.environ.get("INNOKG_TOKEN")) if args.allow_update else None,
        cors_origins=tuple(args.cors_origin),
        queries_dir=Path(args.queries) if getattr(args, "queries", None) else QUERIES_DIR,
    )
    if args.get is not None:
        import asyncio

        status, body = asyncio.run(request_once(create_app(settings=settings), args.get))
        sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
        sys.stdout.flush()
        if status != 200:
            print(f"innokg: error: GET {args.get} answered {status}", file=sys.stderr)
            return 1
        return 0

    _check_port_free(args.host, args.port)
    print(f"innokg: serving {store} at http://{_host(args.host)}:{args.port}/sparql "
          f"({f'updates allowed, update timeout {settings.update_timeout:g} s' if settings.allow_update else 'read-only'}, "
          f"timeout {settings.timeout:g} s)",
          file=sys.stderr, flush=True)
    if is_endpoint(store):  # opening an endpoint sends nothing; its caveat asks the engine once
        warn_about_engine(open_store(store))
    if settings.allow_update:  # one server process; queries and the writer in worker processes
        import uvicorn

        uvicorn.run(create_app(settings=settings), host=args.host, port=args.port, log_level=args.log_level,
                    server_header=False)
    else:  # several server processes, each running its queries in threads
        from api.serving import serve_processes

        serve_processes(settings, host=args.host, port=args.port, log_level=args.log_level)
    return 0


async def request_once(app, path: str, *, accept: str = "*/*") -> tuple[int, bytes]:
    """Send one GET for ``path`` through an ASGI ``app`` (its lifespan included); return status and body.

    Examples
    --------
    >>> import asyncio
    >>> from api.app import create_app
    >>> from kg.store import OxigraphStore
    >>> asyncio.run(request_once(create_app(OxigraphStore.memory()), "/health"))
    (200, b'{"status":"ok","triples":0}')
    """
    parts = urlsplit(path if path.startswith("/") else "/" + path)
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": parts.path, "raw_path": parts.path.encode(), "query_string": parts.query.encode(),
        "root_path": "", "headers": [(b"host", b"localhost"), (b"accept", accept.encode())],
        "client": ("127.0.0.1", 0), "server": ("localhost", 80),
    }
    answer = {"status": 500, "body": b""}

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    async with app.router.lifespan_context(app):
        await app(scope, receive, send)
    return answer["status"], answer["body"]


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
