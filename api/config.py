"""Settings of the HTTP service, with secure defaults.

Read-only, bound to localhost, CORS off, a 10 s query timeout, 10,000 result
rows, a 1 MB request body and 4 GB of memory a query process at most.
Updates need ``allow_update`` and a bearer ``token`` together, and are
stopped when uncommitted after 60 s.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.errors import InnokgError
from kg.paths import QUERIES_DIR, default_store_path

__all__ = ["Settings", "ENVIRONMENT_VARIABLE"]

#: Where ``innokg serve`` hands its settings to its server processes.
ENVIRONMENT_VARIABLE = "INNOKG_SERVE_SETTINGS"


@dataclass(frozen=True)
class Settings:
    """What ``innokg serve`` is configured with.

    Attributes
    ----------
    store : pathlib.Path or str
        The on-disk store (``$INNOKG_STORE`` or the default data folder), or
        a SPARQL endpoint URL (``http://host:7878/query``) that the query
        workers send their queries to.
    timeout : float
        Seconds a query (or any store operation) may take before it is stopped.
    update_timeout : float
        Seconds an update may take until it is committed (never stopped after).
    max_rows : int
        Result rows (or triples) returned at most; more are cut off and flagged.
    max_body : int
        Request body bytes accepted at most.
    workers : int
        Server processes (read-only), or query worker processes (with updates).
    max_memory_mb : int
        A query process (a read-only server process, or a query worker with
        updates) past half of this answers its running operations 422 and is
        replaced, and one past 9/10 ends at once (see :mod:`kg.serve.memory_cap`); 0: no cap.
    cache_mb : int
        Megabytes of answers each read-only server process keeps (0: none);
        never for a SPARQL endpoint store (see :mod:`kg.serve.cache`).
    memory_max_quads : int
        Each read-only server process copies an on-disk store of at most this
        many quads into memory (about 0.5 GB and a few seconds a million
        quads) and answers from there, several times faster; 0: never.
    allow_update : bool
        Whether SPARQL Update is accepted (with ``token``).
    token : str or None
        The bearer token updates must present.
    cors_origins : tuple of str
        Origins allowed by CORS; none by default.
    queries_dir : pathlib.Path
        The saved queries.

    Examples
    --------
    >>> Settings(store=Path("/tmp/s")).timeout
    10.0
    >>> Settings(store=Path("/tmp/s"), allow_update=True)
    Traceback (most recent call last):
    kg.errors.InnokgError: updates need a bearer token: pass --token (or set INNOKG_TOKEN) with --allow-update
    """

    store: Path | str = field(default_factory=default_store_path)
    timeout: float = 10.0
    update_timeout: float = 60.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    workers: int = 2
    max_memory_mb: int = 4096
    cache_mb: int = 64
    memory_max_quads: int = 2_000_000
    allow_update: bool = False
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    queries_dir: Path = QUERIES_DIR

    def __post_init__(self) -> None:
        if self.allow_update and not self.token:
            raise InnokgError("updates need a bearer token: pass --token (or set INNOKG_TOKEN) with --allow-update")
        if self.token is not None and len(self.token) < 8:
            raise InnokgError("the update token must be at least 8 characters long")
        if self.timeout <= 0 or self.update_timeout <= 0:
            raise InnokgError("the timeout and the update timeout must be positive numbers of seconds")
        if self.max_memory_mb < 0:
            raise InnokgError("the memory cap must be 0 (off) or a number of megabytes")
        if self.cache_mb < 0 or self.memory_max_quads < 0:
            raise InnokgError("the cache size and the in-memory limit must be 0 (off) or more")
        if self.max_rows < 1 or self.max_body < 1 or self.workers < 1:
            raise InnokgError("max rows, max body size and workers must be at least 1")

    def to_environment(self) -> str:
        """These settings as the JSON text :meth:`from_environment` reads.

        Examples
        --------
        >>> settings = Settings(store=Path("/tmp/s"), cors_origins=("http://a",))
        >>> Settings.from_environment({ENVIRONMENT_VARIABLE: settings.to_environment()}) == settings
        True
        """
        values = asdict(self)
        values["store"], values["queries_dir"] = str(self.store), str(self.queries_dir)
        return json.dumps(values)

    @classmethod
    def from_environment(cls, environ=None) -> Settings:
        """Read settings written by :meth:`to_environment` from ``$INNOKG_SERVE_SETTINGS``."""
        from kg.store.location import store_location

        text = (os.environ if environ is None else environ).get(ENVIRONMENT_VARIABLE)
        if not text:
            raise InnokgError(f"${ENVIRONMENT_VARIABLE} is not set: start the server with `innokg serve`")
        values = json.loads(text)
        values["store"] = store_location(values["store"])
        values["queries_dir"] = Path(values["queries_dir"])
        values["cors_origins"] = tuple(values["cors_origins"])
        return cls(**values)
