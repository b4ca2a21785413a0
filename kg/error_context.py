"""Show where a SPARQL syntax error is: the query's line, and a caret under the parser's column.

"SPARQL syntax error at line 3, column 16: expected one of ABS, AVG, …" says
little on its own; under it, the line it names and a caret under the column
show the spot. The CLI (``innokg query``) and the query page both use it.
Columns count characters (pyoxigraph's, 1-based); the caret is placed in
terminal cells, so a Chinese character before it counts two.

Examples
--------
>>> print(caret_context("SELECT ?s\\nWHERE { ?s ?p ?o } LIMIT x", 2, 26))
WHERE { ?s ?p ?o } LIMIT x
                         ^
>>> print(caret_context('SELECT * { ?s ?p "北京" ) }', 1, 23))
SELECT * { ?s ?p "北京" ) }
                        ^
"""

from __future__ import annotations

import unicodedata

__all__ = ["caret_context", "error_context", "WIDTH"]

#: A longer line is cut around the column (with … at either cut end).
WIDTH = 100


def _cells(text: str) -> int:
    """How many terminal cells ``text`` takes: two for a wide (CJK) character, one for the others."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def caret_context(text: str, line: int, column: int) -> str:
    """The ``line``-th line of ``text`` (1-based) and, under it, a caret under ``column`` (1-based characters).

    A column past the end of the line (the parser ran into the end) puts the
    caret just after the last character; a line past the end is the last line.

    Examples
    --------
    >>> print(caret_context("ASK { ?s ?p }", 1, 13))
    ASK { ?s ?p }
                ^
    >>> caret_context("x" * 300, 1, 150).splitlines()[1].index("^")
    51
    """
    lines = text.splitlines() or [""]
    shown = lines[min(max(line, 1), len(lines)) - 1].expandtabs(1)
    position = min(max(column, 1), len(shown) + 1) - 1
    start = 0
    if len(shown) > WIDTH:
        start = max(0, min(position - WIDTH // 2, len(shown) - WIDTH))
        end = start + WIDTH
        shown = ("…" if start else "") + shown[start:end] + ("…" if end < len(shown) else "")
        position = position - start + (1 if start else 0)
    return shown + "\n" + " " * _cells(shown[:position]) + "^"


def error_context(error: BaseException, text: str) -> str | None:
    """The :func:`caret_context` of ``error`` in ``text`` when the error says where it is, else None.

    ``error`` is a :class:`kg.errors.QuerySyntaxError` or the runner's
    :class:`~kg.serve.operations.OperationFailed` for one (both carry
    ``line`` and ``column``).

    Examples
    --------
    >>> from kg.errors import QuerySyntaxError
    >>> print(error_context(QuerySyntaxError("expected CONSTRUCT", 1, 10), "SELEC nothing"))
    SELEC nothing
             ^
    >>> error_context(ValueError("no place"), "SELECT") is None
    True
    """
    line, column = getattr(error, "line", None), getattr(error, "column", None)
    if line is None or column is None:
        return None
    return caret_context(text, line, column)
