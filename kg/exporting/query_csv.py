"""Write the result of a saved query as CSV, for spreadsheets and pandas."""

from __future__ import annotations

import os
from pathlib import Path

from kg.paths import QUERIES_DIR
from kg.results import collect, render
from kg.saved_queries import find_saved_query, run_saved_query
from kg.store import GraphStore

__all__ = ["query_csv", "write_query_csv"]


def query_csv(store: GraphStore, name: str, params: dict[str, str] | None = None,
              queries_dir: str | os.PathLike = QUERIES_DIR) -> str:
    """Run a saved query (by id or ``.rq`` path) and return its result as CSV text.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> print(query_csv(build_memory(), "top-n-overall", {"n": "2"}).splitlines()[:3])
    ['rank,city_zh,city_en,country_en', '1,旧金山湾区,San Francisco Bay Area,United States', '2,纽约,New York,United States']
    """
    saved = find_saved_query(name, queries_dir)
    return render(collect(run_saved_query(store, saved, params or {})), "csv")


def write_query_csv(store: GraphStore, name: str, path: str | os.PathLike, params: dict[str, str] | None = None,
                    queries_dir: str | os.PathLike = QUERIES_DIR) -> None:
    """Write the CSV of a saved query to ``path`` (UTF-8 with a BOM, so Excel reads Chinese right)."""
    Path(path).write_text(query_csv(store, name, params, queries_dir), encoding="utf-8-sig")
