"""Progress lines for long steps: one when a step ends, and one at least every 2 s while it runs.

A step that is a single call (a SPARQL query, a C routine) cannot report
from inside, so :func:`step` runs it while a thread prints a line every
``every`` seconds that it is still running.

Examples
--------
>>> lines = []
>>> step("counting", lambda: 42, lines.append)
42
>>> lines[0].startswith("counting: done in ")
True
>>> import time
>>> _ = step("waiting", lambda: time.sleep(0.25), lines.append, every=0.1)
>>> [line for line in lines if line.startswith("waiting …")][:1]
['waiting … (0.1 s)']
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Callable, Iterator

__all__ = ["EVERY", "heartbeat", "step", "stderr_lines"]

#: Seconds between two progress lines at most.
EVERY = 2.0


def stderr_lines(prefix: str = "innokg: ") -> Callable[[str], None]:
    """A progress sink that prints each line on stderr (flushed), after ``prefix``."""
    def say(line: str) -> None:
        print(f"{prefix}{line}", file=sys.stderr, flush=True)

    return say


@contextlib.contextmanager
def heartbeat(beat: Callable[[float], None], every: float = EVERY) -> Iterator[None]:
    """Call ``beat(seconds so far)`` from a thread every ``every`` seconds until the block ends.

    The thread runs while a long call in the block lets other threads run
    (oxigraph's queries and loads do; a call that holds the GIL delays it).

    Examples
    --------
    >>> beats = []
    >>> with heartbeat(beats.append, every=0.05):
    ...     time.sleep(0.12)
    >>> len(beats) >= 1 and beats[0] >= 0.05
    True
    """
    started = time.monotonic()
    finished = threading.Event()

    def tick() -> None:
        while not finished.wait(every):
            beat(time.monotonic() - started)

    thread = threading.Thread(target=tick, name="innokg-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        finished.set()
        thread.join()


def step(label: str, work: Callable[[], object], progress: Callable[[str], None] | None, *,
         every: float = EVERY, quiet_under: float = 0.0):
    """Run ``work()``; say ``label … (N s)`` every ``every`` seconds while it runs and ``label: done in N s`` after.

    The last line is left out when the step took under ``quiet_under`` seconds.

    With ``progress`` None nothing is said. Returns what ``work`` returns.
    """
    if progress is None:
        return work()
    started = time.monotonic()
    with heartbeat(lambda seconds: progress(f"{label} … ({seconds:.{1 if every < 1 else 0}f} s)"), every):
        result = work()
    took = time.monotonic() - started
    if took >= quiet_under:
        progress(f"{label}: done in {took:.1f} s")
    return result
