"""Keep a query process under ``innokg serve --max-memory-mb``: watch its resident memory.

pyoxigraph cannot cancel a query, and some queries hold everything they read
(``ORDER BY`` over a cartesian product grows by up to 1 GB a second), so a
process cannot free what a runaway query holds: it can only end. A
:class:`MemoryWatch` thread reads the process's resident memory every 10 ms
and acts at two marks of the cap:

* at :data:`STOP_AT` (half) it calls ``on_stop`` once: the process answers
  what it is running (422) and ends, and a fresh one takes its place, as
  after a timeout; the other half is the room its queries grow into
  meanwhile (a few tenths of a second);
* at :data:`END_AT` (9/10), reached only when it grows faster still, the
  process ends at once, answering nothing more (exit status
  :data:`END_EXIT_STATUS`).

Either way no process passes the cap.
"""

from __future__ import annotations

import logging
import os
import threading

__all__ = ["STOP_AT", "END_AT", "END_EXIT_STATUS", "resident_bytes", "MemoryWatch"]

log = logging.getLogger("innokg.serve")

#: The share of the cap at which a process stops its operations and is replaced.
STOP_AT = 0.5
#: The share of the cap at which a process ends at once.
END_AT = 0.9
#: The exit status of a process that ended at :data:`END_AT` (or a query worker at :data:`STOP_AT`).
END_EXIT_STATUS = 75
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int:
    """This process's resident memory in bytes (``/proc/self/statm``; 0 where there is none).

    Examples
    --------
    >>> resident_bytes() > 1_000_000
    True
    """
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


class MemoryWatch:
    """A daemon thread that compares :func:`resident_bytes` with ``cap_bytes``.

    Parameters
    ----------
    cap_bytes : int
        The cap; no process is let past it.
    on_stop : callable
        Called once, from the watching thread, with the resident bytes, when
        they pass :data:`STOP_AT` of the cap.
    interval : float, optional
        Seconds between two readings (default 0.01: a reading costs microseconds).

    Examples
    --------
    >>> seen = []
    >>> watch = MemoryWatch(int(resident_bytes() * 1.8), seen.append)  # already past half of this cap
    >>> watch.start()
    >>> watch.stopped.wait(5)
    True
    >>> watch.close()
    >>> len(seen)
    1
    """

    def __init__(self, cap_bytes: int, on_stop, *, interval: float = 0.01):
        self.cap_bytes = cap_bytes
        self.on_stop = on_stop
        self.interval = interval
        self.stopped = threading.Event()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching."""
        self._thread = threading.Thread(target=self._watch, name="innokg-memory", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop watching."""
        self._closed.set()
        if self._thread is not None:
            self._thread.join(1)

    def _watch(self) -> None:
        stop_at, end_at = self.cap_bytes * STOP_AT, self.cap_bytes * END_AT
        while not self._closed.wait(self.interval):
            resident = resident_bytes()
            if resident >= end_at:
                log.error("this process holds %d MB, past 9/10 of its %d MB memory cap: it ends now",
                          resident // 2**20, self.cap_bytes // 2**20)
                logging.shutdown()
                os._exit(END_EXIT_STATUS)
            if resident >= stop_at and not self.stopped.is_set():
                self.stopped.set()
                self.on_stop(resident)
