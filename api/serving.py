"""Run the read-only service as several server processes on one socket.

Each process is the whole app (:func:`api.app.create_serving_app`) over its
own read-only store, running queries in threads
(:class:`kg.serve.threads.ThreadRunner`): a query costs no hop to another
process. uvicorn's supervisor starts the processes and replaces any that
stops, which is how a runaway query is stopped: its process answers the
timeout, finishes what it is answering, and ends (see
:mod:`kg.serve.threads`), while the others keep serving.
"""

from __future__ import annotations

import os

from api.config import ENVIRONMENT_VARIABLE, Settings

__all__ = ["serve_processes"]


def serve_processes(settings: Settings, *, host: str, port: int, log_level: str) -> None:
    """Serve ``settings.workers`` processes on ``host:port`` until stopped (Ctrl-C or SIGTERM)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ[ENVIRONMENT_VARIABLE] = settings.to_environment()
    config = uvicorn.Config(
        "api.app:create_serving_app", factory=True, host=host, port=port, workers=settings.workers,
        log_level=log_level, server_header=False,
        timeout_graceful_shutdown=int(settings.timeout) + 2,  # what a stopping process is still answering
    )
    Multiprocess(config, sockets=[config.bind_socket()]).run()
