"""Run the read-only service as several server processes on one socket.

Each process is the whole app (:func:`api.app.create_serving_app`) over its
own read-only store, running queries in threads
(:class:`kg.serve.threads.ThreadRunner`): a query costs no hop to another
process. uvicorn's supervisor starts the processes and replaces any that
stops, which is how a runaway query is stopped: its process answers the
timeout, finishes what it is answering, and ends (see
:mod:`kg.serve.threads`), while the others keep serving.

A stopping process first stops accepting, then waits :data:`DRAIN_SECONDS`
before it closes the connections that carry no request yet: uvicorn closes
those at once, and a client whose connection the process had just accepted
(the processes share one socket) would see it reset instead of answered.
"""

from __future__ import annotations

import asyncio
import os

from uvicorn.server import Server
from uvicorn.supervisors import multiprocess
from uvicorn.supervisors.multiprocess import Process

from api.config import ENVIRONMENT_VARIABLE, Settings

__all__ = ["DRAIN_SECONDS", "serve_processes"]

#: How long a stopping server process keeps the connections it accepted last, for their requests to arrive.
DRAIN_SECONDS = 0.5


class DrainingServer(Server):
    """uvicorn's server, draining for :data:`DRAIN_SECONDS` before its graceful shutdown."""

    async def shutdown(self, sockets=None) -> None:
        for server in self.servers:  # stop accepting; the other processes take new connections
            server.close()
        await asyncio.sleep(DRAIN_SECONDS)  # the requests of the connections accepted a moment ago arrive
        await super().shutdown(sockets)


class DrainingProcess(Process):
    """uvicorn's worker process, running a :class:`DrainingServer`."""

    @property
    def server(self) -> Server:
        if self._server is None:
            self._server = DrainingServer(config=self.config)
        return self._server


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
    multiprocess.Process = DrainingProcess  # the supervisor starts (and restarts) draining workers
    Multiprocess(config, sockets=[config.bind_socket()]).run()
