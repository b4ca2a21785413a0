"""Progress lines of a long import: at most one every ``every`` seconds, and at least one every 2 s.

:class:`Ticker` passes a line on when ``every`` seconds have gone by since
the last one; :meth:`Ticker.beating` keeps saying a line (with the seconds
it has taken) while one long step runs in oxigraph, from the thread of
:func:`kg.network.progress.heartbeat` (which ``step`` of that module uses
too); oxigraph lets other threads run while it queries and writes.

Examples
--------
>>> lines = []
>>> ticker = Ticker(lines.append, every=0.0)
>>> ticker.say("reading rows: 10 of 20")
>>> with ticker.beating("checking", interval=0.05):
...     time.sleep(0.12)
>>> lines[0], lines[1].startswith("checking (")
('reading rows: 10 of 20', True)
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

from kg.network.progress import heartbeat

__all__ = ["Ticker"]


class Ticker:
    """Throttle progress lines to ``report`` (none at all when ``report`` is None).

    Called with a line, it passes it on at once (as ``report`` would); a
    Ticker given where a ``report`` is expected is used as it is, so the
    steps of one import share one clock.
    """

    def __new__(cls, report=None, every: float = 1.0):
        if isinstance(report, Ticker):
            return report
        return super().__new__(cls)

    def __init__(self, report: Callable[[str], None] | None, every: float = 1.0):
        if report is self:
            return
        self.report = report
        self.every = every
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        self.say(line, force=True)

    def say(self, line: str, force: bool = False) -> None:
        """Pass ``line`` on when ``every`` seconds have gone by since the last line (or ``force``)."""
        if self.report is None:
            return
        with self._lock:
            now = time.monotonic()
            if not force and now - self._last < self.every:
                return
            self._last = now
        self.report(line)

    @contextlib.contextmanager
    def beating(self, line: str, interval: float = 0.5) -> Iterator[None]:
        """Say ``line (N s)`` whenever ``every`` seconds went by without a line, until the block ends.

        The line comes from :func:`kg.network.progress.heartbeat`'s thread,
        which runs while oxigraph queries and loads and while Python code
        runs (not during a long call that holds the GIL).
        """
        with heartbeat(lambda seconds: self.say(f"{line} ({seconds:.0f} s)"), interval):
            yield
