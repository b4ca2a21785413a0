"""One writer at a time: an exclusive lock beside an on-disk store.

Every command that writes the on-disk store (``build``, ``import``,
``drop``, ``metrics --write``, ``serve --allow-update``) holds the store for
itself with :func:`hold_store`. The lock is the file ``<store>.lock``
*beside* the store folder, not inside it: ``innokg build`` builds into a new
folder and swaps it in, so the lock guards the store's location (and the
build's temporary folders beside it), whatever folder is there.

It is an ``fcntl.flock`` lock, so the kernel releases it when its holder
ends, however it ends (``kill -9`` included). The file records the holder
as JSON (its command, pid and start time) and is emptied on release: a
record found by the next holder is one left by a process that ended
without releasing it, and that holder says so in one line and takes over.

A second writer waits, printing ``innokg: waiting for the store: innokg
build, pid 4242, since 12:03:10`` (again every few seconds, and at once
when another process takes the store first), for up to
``wait`` seconds (``--wait``; :data:`DEFAULT_WAIT` by default), then fails
with :class:`StoreBusy`, one line naming the holder. Readers (read-only
opens) never take the lock: they read the last committed state. A SPARQL
endpoint (``--store http://…``) is never locked here: the engine orders its
own writes.

Within one process the lock is re-entrant: a command that holds it may
call a function that takes it again (``innokg build`` and
:func:`kg.build.build`).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InnokgError
from kg.store.endpoint import is_endpoint_url

__all__ = ["DEFAULT_WAIT", "Holder", "StoreBusy", "lock_path", "wait_seconds", "hold_store", "holding",
           "store_holder", "holds_store"]

#: Seconds a writer waits for the store when neither ``--wait`` nor ``$INNOKG_WAIT`` says otherwise.
DEFAULT_WAIT = 60.0
_REPEAT = 5.0  # seconds between two "waiting for the store" lines
_POLL = 0.1  # seconds between two attempts to take the lock


@dataclass(frozen=True)
class Holder:
    """Who holds a store: a command, its process id and when it took the store.

    Examples
    --------
    >>> since = dt.datetime(2025, 3, 1, 12, 3, 10).astimezone()
    >>> holder = Holder("innokg build", 4242, since)
    >>> holder.describe(today=since.date())
    'innokg build, pid 4242, since 12:03:10'
    >>> Holder.from_json(holder.to_json()) == holder
    True
    """

    command: str
    pid: int
    since: dt.datetime

    def describe(self, today: dt.date | None = None) -> str:
        """``COMMAND, pid N, since HH:MM:SS`` (the date too when it is not ``today``)."""
        local = self.since.astimezone()
        clock = local.strftime("%H:%M:%S" if local.date() == (today or dt.date.today()) else "%Y-%m-%d %H:%M:%S")
        return f"{self.command}, pid {self.pid}, since {clock}"

    def __str__(self) -> str:
        return self.describe()

    def to_json(self) -> str:
        """The record written in the lock file."""
        return json.dumps({"command": self.command, "pid": self.pid,
                           "since": self.since.isoformat(timespec="seconds")}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Holder | None:
        """Read a record back; None when ``text`` is empty or not a record."""
        try:
            record = json.loads(text)
            return cls(str(record["command"]), int(record["pid"]), dt.datetime.fromisoformat(record["since"]))
        except (ValueError, TypeError, KeyError):
            return None


class StoreBusy(InnokgError):
    """Another process held the store for longer than this one would wait.

    Attributes
    ----------
    holder : Holder or None
        Who holds it (None when its record could not be read).
    """

    def __init__(self, message: str, holder: Holder | None):
        super().__init__(message)
        self.holder = holder


@dataclass
class _Held:
    fd: int
    holder: Holder
    depth: int = 1


_held: dict[Path, _Held] = {}
_registry = threading.Lock()


def lock_path(location: str | os.PathLike) -> Path:
    """The lock file of the store at ``location``: ``<store>.lock`` beside its folder.

    Examples
    --------
    >>> lock_path("/var/lib/innokg/store")
    PosixPath('/var/lib/innokg/store.lock')
    """
    folder = Path(os.path.abspath(location))
    return folder.parent.resolve() / f"{folder.name}.lock"


def wait_seconds(given: float | None = None) -> float:
    """How long a writer waits for the store: ``given`` (``--wait``), else ``$INNOKG_WAIT``, else :data:`DEFAULT_WAIT`.

    Examples
    --------
    >>> wait_seconds(0), wait_seconds(None) == float(os.environ.get("INNOKG_WAIT", DEFAULT_WAIT))
    (0.0, True)
    >>> wait_seconds(-1)
    Traceback (most recent call last):
    kg.errors.InnokgError: --wait expects seconds (0 or more), got -1
    """
    if given is None:
        text = os.environ.get("INNOKG_WAIT")
        if text is None:
            return DEFAULT_WAIT
        try:
            given = float(text)
        except ValueError:
            raise InnokgError(f"$INNOKG_WAIT expects seconds (0 or more), got {text!r}") from None
    if not given >= 0:
        raise InnokgError(f"--wait expects seconds (0 or more), got {given:g}")
    return float(given)


def _say(line: str) -> None:
    print(f"innokg: {line}", file=sys.stderr, flush=True)


def _read(fd: int) -> Holder | None:
    return Holder.from_json(os.pread(fd, 65536, 0).decode("utf-8", "replace"))


@contextmanager
def hold_store(
    location: str | os.PathLike,
    *,
    command: str | None = None,
    wait: float | None = None,
    say: Callable[[str], None] | None = None,
    create_folder: bool = False,
) -> Iterator[Holder | None]:
    """Hold the store at ``location`` for this process while the ``with`` block runs.

    Parameters
    ----------
    location : str or os.PathLike
        A store folder; a SPARQL endpoint URL is not locked (yields None).
    command : str, optional
        What this process is, for the waiting lines of others (``innokg import``).
    wait : float, optional
        Seconds to wait for another holder (:func:`wait_seconds`; 0: fail at once).
    say : callable, optional
        Hears the waiting and taking-over lines (default: ``innokg: …`` on stderr).
    create_folder : bool, optional
        Create the folder the store goes in (``innokg build``). Otherwise, when
        that folder does not exist there is no store to guard, and nothing is locked.

    Yields
    ------
    Holder or None
        This process's record.

    Raises
    ------
    StoreBusy
        When another process still holds the store after ``wait`` seconds.

    Examples
    --------
    >>> import tempfile
    >>> store = Path(tempfile.mkdtemp()) / "store"
    >>> with hold_store(store, command="innokg import") as me:
    ...     with hold_store(store) as again:  # re-entrant in one process
    ...         print(me.command, me.pid == os.getpid(), again is me, store_holder(store) == me)
    innokg import True True True
    >>> store_holder(store) is None, lock_path(store).read_text()
    (True, '')
    >>> with hold_store("http://localhost:7878/query") as nobody:
    ...     nobody is None
    True
    """
    if is_endpoint_url(location):
        yield None
        return
    path = lock_path(location)
    with _registry:
        held = _held.get(path)
        if held is not None:
            held.depth += 1
    if held is not None:
        try:
            yield held.holder
        finally:
            with _registry:
                held.depth -= 1
        return
    if create_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.parent.is_dir():
        yield None
        return
    held = _acquire(path, Path(location), command or _this_command(), wait_seconds(wait), say or _say)
    with _registry:
        _held[path] = held
    try:
        yield held.holder
    finally:
        with _registry:
            held.depth -= 1
            done = held.depth == 0
            if done:
                del _held[path]
        if done:
            _release(held.fd)


def holding(store) -> AbstractContextManager:
    """Hold the on-disk store a store object was opened on (:func:`hold_store`); nothing for others.

    What writes into a store object (an import, metrics) uses it, so a
    caller that did not hold the store holds it at least while it writes;
    within a command that holds it already, it is a no-op.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> with holding(OxigraphStore.memory()) as held:  # in memory: nothing to hold
    ...     held is None
    True
    """
    path = getattr(store, "path", None)
    return hold_store(path) if path is not None and getattr(store, "local", False) else nullcontext()


def _acquire(path: Path, store: Path, command: str, wait: float, say: Callable[[str], None]) -> _Held:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        started = time.monotonic()
        deadline = started + wait
        next_line = started
        shown = None
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pass
            holder = _read(fd)
            now = time.monotonic()
            if now >= deadline:
                who = holder or "another process"
                if wait == 0:
                    raise StoreBusy(f"the store at {store} is in use by {who} (--wait 0: not waiting)", holder)
                raise StoreBusy(f"the store at {store} is in use by {who}; gave up after waiting {wait:g} s "
                                f"(--wait SECONDS to wait longer)", holder)
            changed = holder is not None and holder != shown  # a new holder is named at once
            if changed or (now >= next_line and (holder is not None or now - started >= 1.0)):  # a record comes late
                waited = f" (waited {now - started:.0f} s of {wait:g})" if now - started >= _REPEAT else ""
                say(f"waiting for the store: {holder or 'another process'}{waited}")
                shown, next_line = holder, now + _REPEAT
            time.sleep(min(_POLL, max(0.0, deadline - now)))
        left = _read(fd)  # a record nobody removed: its process ended holding the store
        if left is not None:
            say(f"taking over the store from {left}: it ended without releasing it")
        me = Holder(command, os.getpid(), dt.datetime.now().astimezone().replace(microsecond=0))
        os.ftruncate(fd, 0)
        os.pwrite(fd, me.to_json().encode("utf-8"), 0)
        return _Held(fd, me)
    except BaseException:
        os.close(fd)  # also drops the lock if it was taken
        raise


def _release(fd: int) -> None:
    try:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def store_holder(location: str | os.PathLike) -> Holder | None:
    """Who holds the store at ``location`` now (this process included); None when nobody does.

    Examples
    --------
    >>> store_holder("/nowhere/innokg/store") is None
    True
    """
    if is_endpoint_url(location):
        return None
    path = lock_path(location)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def holds_store(location: str | os.PathLike) -> bool:
    """Tell whether this process holds the store at ``location`` (:func:`hold_store`).

    Examples
    --------
    >>> holds_store("/nowhere/innokg/store")
    False
    """
    with _registry:
        return not is_endpoint_url(location) and lock_path(location) in _held


def _this_command() -> str:
    """The program's name (``innokg`` for ``python -m kg``); commands pass their own (``innokg import``)."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "innokg" if program in ("innokg", "__main__.py") else program or "python"
