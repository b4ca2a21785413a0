"""Do a server process's one-time work right after it is up, so that its first page does none.

A server process's first page used to pay for the whole process: importing
the modules pages use (the network measures alone, about a second), counting
the store's quads for the snapshot key (:mod:`kg.views.snapshot`; almost a
second on disk at a few million quads), reading the prepared file and
compiling the templates. :class:`WarmUp` does that in a thread once the
process answers (readiness is not delayed): it imports the modules (pyvis
alone takes a quarter of a second) and compiles the templates, waits for the quads counted by the store's
:class:`~kg.serve.memory_copy.MemoryCopy` (counted once, not twice),
computes the snapshot key from them and reads what was prepared for the
snapshot, then pays what the chain explorer and the coverage page read once
per snapshot (the universities offered as starting points; the number of
places and the first page of them, ordered): 1-3 s cold at 10M otherwise
paid by their first load. One line says what it did and how long it took.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable

from kg.serve.memory_copy import InBackground

__all__ = ["PAGE_MODULES", "WarmUp", "warm_imports", "warm_pages"]

log = logging.getLogger("innokg.serve")

#: The modules the pages and views import when rendered (:mod:`kg.web.dispatch`).
PAGE_MODULES = (
    "kg.web.dispatch", "kg.web.home", "kg.web.entity", "kg.web.hubs", "kg.web.chain", "kg.web.policy",
    "kg.web.policy_scale", "kg.web.map", "kg.web.query", "kg.views.network", "kg.views.render",
    "kg.views.snapshot", "kg.views.stored", "kg.network.writeback", "kg.network.current", "kg.policy.chain_search",
    "kg.policy.coverage", "pyvis.network",
)

#: Seconds the warm-up waits for the store's quads to be counted.
COUNT_WAIT = 600.0


def warm_imports() -> int:
    """Import :data:`PAGE_MODULES` and compile the pages' templates; return how many templates were compiled.

    Examples
    --------
    >>> warm_imports() > 10
    True
    """
    for name in PAGE_MODULES:
        importlib.import_module(name)
    from kg.web.templating import _TEMPLATES, _environment

    environment = _environment()
    names = sorted(path.name for path in _TEMPLATES.glob("*.html"))
    for name in names:
        environment.get_template(name)
    return len(names)


def warm_pages(store) -> str:
    """Read what the chain explorer, the coverage page and the map keep per read-only store; say what was read.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore(build_memory().inner, None, read_only=True)
    >>> warm_pages(store)
    'chain explorer: 1 universities; coverage: the first 12 of 37 places; map: 46 ranks'
    >>> from kg.web.chain import _KEPT
    >>> from kg.policy.coverage import _FIRST_PAGES, _PLACE_COUNTS
    >>> from kg.views.map import _CENTRE_ROWS
    >>> store in _KEPT, store in _FIRST_PAGES, _PLACE_COUNTS[store], store in _CENTRE_ROWS
    (True, True, 37, True)
    """
    from kg.policy.coverage import coverage_page
    from kg.views.map import centre_rows
    from kg.web.chain import universities

    starts = universities(store)
    total, rows = coverage_page(store)
    ranks = centre_rows(store)
    return (f"chain explorer: {len(starts)} universities; coverage: the first {len(rows)} of {total:,} places; "
            f"map: {len(ranks):,} ranks")


class WarmUp(InBackground):
    """Warm a server process up in a thread: imports, templates, the snapshot key and the prepared data.

    Parameters
    ----------
    store : callable
        Returns the store the process answers from now (on disk, or its copy in memory).
    quads : callable
        Waits up to the given seconds for the store's quads to be counted and
        returns them (None when they were not counted in time, or the store is an endpoint).
    say : callable, optional
        Where the line goes (default: one line on stderr).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.store import OxigraphStore
    >>> built = build_memory()
    >>> store = OxigraphStore(built.inner, None, read_only=True)
    >>> lines = []
    >>> warm = WarmUp(lambda: store, lambda wait: len(store), lines.append)
    >>> warm.start(); warm.join()
    >>> lines[0].startswith("warmed up for the first page in ")
    True
    >>> from kg.views.snapshot import _KEYS
    >>> store in _KEYS
    True
    """

    thread_name = "innokg-warm-up"

    def __init__(self, store: Callable[[], object], quads: Callable[[float], int | None], say=None):
        self.store = store
        self.quads = quads
        super().__init__(say)

    def _run(self) -> None:
        started = time.monotonic()
        try:
            templates = warm_imports()
            done = [f"{len(PAGE_MODULES)} modules imported and {templates} templates compiled"]
            quads = self.quads(COUNT_WAIT)
            if quads is not None:
                from kg.views.snapshot import prepared, remember_snapshot, same_snapshot

                store = self.store()
                key = remember_snapshot(store, quads)
                same_snapshot(store, self.store())  # copied into memory meanwhile: the copy keeps the key
                ready = prepared(store) is not None
                done.append(f"snapshot {key} of {quads:,} quads " + ("read" if ready else "not prepared"))
                done.append(warm_pages(store))
                from kg.search_index import label_index

                label_index(store, wait=0)  # the search box's index (minutes at 10M), in a thread of its own from now
            self.say(f"warmed up for the first page in {time.monotonic() - started:.1f} s: {'; '.join(done)}")
        except Exception as error:  # the pages then do it themselves
            log.error("could not warm up for the first page: %s", error)
