"""Answers kept once per read-only store: a snapshot does not change, so what it answered once stands.

Examples
--------
>>> import weakref
>>> from kg.store import OxigraphStore
>>> kept, calls = weakref.WeakKeyDictionary(), []
>>> store = OxigraphStore.memory()  # writable: asked every time
>>> once_per_snapshot(kept, store, lambda: calls.append(1) or 7), once_per_snapshot(kept, store, lambda: 8)
(7, 8)
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TypeVar

__all__ = ["once_per_snapshot"]

T = TypeVar("T")


def once_per_snapshot(kept: weakref.WeakKeyDictionary, store, compute: Callable[[], T]) -> T:
    """``compute()``, kept in ``kept`` for a read-only ``store`` (asked again for a writable one or an endpoint).

    Keep immutable values (tuples, numbers): every caller gets the same object.
    """
    if not getattr(store, "read_only", False):
        return compute()
    try:
        return kept[store]
    except KeyError:
        pass
    except TypeError:  # a store that cannot be weakly referenced: nothing is kept
        return compute()
    found = kept[store] = compute()
    return found
