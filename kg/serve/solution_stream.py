"""Write SELECT solutions with Oxigraph's serializers, reading no more of them than are sent.

A query's solutions are evaluated as they are read. Oxigraph writes results
to a file-like object in chunks of about 8 KB; the writer here counts the
solutions in each chunk and stops the serializer (by raising) once
``max_rows`` solutions and the start of one more have been written. A query
with billions of solutions (a cartesian product) then costs what its first
``max_rows`` cost, in time and in memory.

Solutions are counted where the bytes make it exact and cheap: TSV writes a
line a solution (its terms escape their newlines), CSV a record a solution
(a newline outside double quotes ends one), XML opens each with
``<result>`` (markup inside a literal is escaped). SPARQL JSON has no such
mark outside its strings, so JSON results are written as TSV, cut there,
and rewritten by Oxigraph (:func:`pyoxigraph.parse_query_results`): still
faster than reading a whole JSON body to cut it.
"""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["serialize_solutions"]

_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_XML_MARK = b"<result>"
_XML_END = b"</results></sparql>"


def serialize_solutions(solutions: ox.QuerySolutions, media_type: str, max_rows: int | None) -> tuple[bytes, bool]:
    """Write ``solutions`` as ``media_type``, at most ``max_rows`` of them; return the body and whether it was cut.

    Parameters
    ----------
    solutions : pyoxigraph.QuerySolutions
        Read up to solution ``max_rows + 1`` (to know whether there are more), never further.
    media_type : str
        One of :data:`kg.serve.protocol.RESULTS_TYPES`.
    max_rows : int or None
        None writes every solution.

    Returns
    -------
    tuple of (bytes, bool)

    Examples
    --------
    >>> store = ox.Store()
    >>> every = "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }"
    >>> serialize_solutions(store.query(every), "text/tab-separated-values", 2)
    (b'?n\\n1\\n2\\n', True)
    >>> serialize_solutions(store.query(every), "application/sparql-results+json", 1)[0].decode()
    '{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"1","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'
    >>> serialize_solutions(store.query(every), "text/csv", 3)
    (b'n\\r\\n1\\r\\n2\\r\\n3\\r\\n', False)
    """
    if max_rows is None:
        return solutions.serialize(format=_FORMATS[media_type]), False
    json = media_type == "application/sparql-results+json"
    budget = _BUDGETS["text/tab-separated-values" if json else media_type](max_rows)
    try:
        solutions.serialize(budget, format=ox.QueryResultsFormat.TSV if json else _FORMATS[media_type])
    except Exception:
        if not budget.truncated:  # an error of the query itself, not the budget's stop
            raise
    body = budget.body()
    if json:
        body = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV).serialize(
            format=ox.QueryResultsFormat.JSON)
    return body, budget.truncated


class _Spent(Exception):
    """Raised from a writer to stop Oxigraph's serializer: the row budget is spent."""


class _RowBudget:
    """A binary file-like object keeping what is written, up to the start of solution ``max_rows + 1``.

    Subclasses say where a solution starts (:meth:`_find`); a solution
    starts after ``marks`` marks.
    """

    def __init__(self, max_rows: int):
        self.written = bytearray()
        self.left = max_rows + 1  # marks still to see: the header line, or nothing in XML, counts in
        self.cut: int | None = None  # where solution max_rows + 1 starts, once known
        self.truncated = False

    def write(self, data) -> int:
        if self.cut is not None:  # the budget was spent exactly at the end of the last chunk
            if len(data):
                self.truncated = True
                raise _Spent
            return 0
        start = len(self.written)
        self.written += data
        self.cut = self._find(start)
        if self.cut is not None and self.cut < len(self.written):
            self.truncated = True
            raise _Spent
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the bytes are kept in memory."""

    def body(self) -> bytes:
        return bytes(self.written if self.cut is None else self.written[:self.cut])

    def _find(self, start: int) -> int | None:
        raise NotImplementedError

    def _nth(self, mark: bytes, begin: int, end: int) -> int:
        """The position of the ``self.left``-th ``mark`` in ``written[begin:end]``, which holds that many."""
        position = begin - 1
        for _ in range(self.left):
            position = self.written.index(mark, position + 1, end)
        self.left = 0
        return position


class _TsvBudget(_RowBudget):
    """TSV: a line a solution, after the header line."""

    def _find(self, start):
        found = self.written.count(b"\n", start)
        if found < self.left:
            self.left -= found
            return None
        return self._nth(b"\n", start, len(self.written)) + 1


class _CsvBudget(_RowBudget):
    """CSV: a record a solution, after the header; a newline inside double quotes is part of a value."""

    def __init__(self, max_rows: int):
        super().__init__(max_rows)
        self.quoted = False

    def _find(self, start):
        written, position = self.written, start
        while True:
            quote = written.find(b'"', position)
            if self.quoted:  # a doubled quote inside a value closes and reopens: the count stays right
                if quote < 0:
                    return None
                self.quoted, position = False, quote + 1
                continue
            end = len(written) if quote < 0 else quote
            found = written.count(b"\n", position, end)
            if found >= self.left:
                return self._nth(b"\n", position, end) + 1
            self.left -= found
            if quote < 0:
                return None
            self.quoted, position = True, quote + 1


class _XmlBudget(_RowBudget):
    """XML: each solution opens with ``<result>``; the kept part is closed again."""

    def _find(self, start):
        begin = max(0, start - len(_XML_MARK) + 1)  # a mark split between two chunks
        found = self.written.count(_XML_MARK, begin)
        if found < self.left:
            self.left -= found
            return None
        return self._nth(_XML_MARK, begin, len(self.written))

    def body(self):
        return super().body() + (_XML_END if self.truncated else b"")


_BUDGETS = {"text/tab-separated-values": _TsvBudget, "text/csv": _CsvBudget,
            "application/sparql-results+xml": _XmlBudget}
