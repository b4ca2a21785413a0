"""Read one cell as a typed value: numbers, years, dates, keys, currencies.

Each reader returns a :class:`Value` or raises :class:`CellError` with a
message and a hint; names of entities and concepts are matched by
:mod:`kg.importing.reconcile` instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from kg.namespaces import XSD

__all__ = ["Value", "CellError", "LITERAL_KINDS", "read_cell", "read_integer"]

Term = ox.NamedNode | ox.Literal


@dataclass(frozen=True)
class Value:
    """A cell read as an RDF term, with the names a label can use.

    Attributes
    ----------
    term : pyoxigraph.NamedNode or pyoxigraph.Literal
    text : str
        Canonical text (``3`` for `` 3 ``, ``beijing`` for a matched city).
    key : str
        The key of a matched thing, else the text.
    zh, en : str
        Labels of a matched thing, else the text.
    kind : str
        The column kind it was read as.
    """

    term: Term
    text: str
    key: str = ""
    zh: str = ""
    en: str = ""
    kind: str = "text"

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    def __str__(self) -> str:
        return self.text


class CellError(ValueError):
    """A cell that cannot be read: ``message`` says why, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _literal(text: str, datatype: str, kind: str) -> Value:
    return Value(ox.Literal(text, datatype=ox.NamedNode(XSD + datatype)), text, text, text, text, kind)


def _text(cell: str) -> Value:
    return Value(ox.Literal(cell), cell, cell, cell, cell, "text")


def _key(cell: str) -> Value:
    if not _KEY.fullmatch(cell):
        suggestion = "-".join(re.findall(r"[a-z0-9]+", cell.lower()))
        hint = "a key is lower-case ASCII letters and digits joined by hyphens"
        raise CellError("not a valid key", hint + (f", e.g. {suggestion}" if suggestion else ", e.g. shanghai-university"))
    return Value(ox.Literal(cell), cell, cell, cell, cell, "key")


def _positive_integer(cell: str) -> Value:
    text = cell.replace(",", "")
    if not re.fullmatch(r"\+?\d+", text) or int(text) < 1:
        raise CellError("not a positive integer",
                        "write a whole number, 1 or more; for 'top N' write N and set bound to upper-bound")
    return _literal(str(int(text)), "integer", "positive-integer")


def _year(cell: str) -> Value:
    if not re.fullmatch(r"\d{4}", cell) or not 1900 <= int(cell) <= 2100:
        raise CellError("not a year", "write the edition's year with four digits, e.g. 2024")
    return _literal(cell, "integer", "year")


def _decimal(cell: str) -> Value:
    text = cell.replace(",", "").replace(" ", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise CellError("not a number", "write digits only, e.g. 5000000 (no units: put the currency in its "
                        "own column, and 'over X' as bound lower-bound)")
    if number == number.to_integral():
        return _literal(str(int(number)), "integer", "decimal")
    return _literal(format(number.normalize(), "f"), "decimal", "decimal")


def _currency(cell: str) -> Value:
    code = cell.upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise CellError("not an ISO 4217 currency code", "write three letters, e.g. CNY, USD, EUR")
    return Value(ox.Literal(code), code, code, code, code, "currency")


def _date(cell: str) -> Value:
    """A day, a month or a year: xsd:date, xsd:gYearMonth or xsd:gYear."""
    if _DATE.fullmatch(cell):
        year, month, day = (int(part) for part in _DATE.fullmatch(cell).groups())
        import datetime as dt

        try:
            dt.date(year, month, day)
        except ValueError:
            raise CellError("not a date", "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2025-01-15") from None
        return _literal(cell, "date", "date")
    match = _YEAR_MONTH.fullmatch(cell)
    if match and 1 <= int(match.group(2)) <= 12:
        return _literal(cell, "gYearMonth", "date")
    if re.fullmatch(r"\d{4}", cell):
        return _literal(cell, "gYear", "date")
    raise CellError("not a date", "write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2025-01-15")


def _coordinate(name: str, limit: int, example: str) -> Callable[[str], Value]:
    """A reader of a WGS84 latitude (``limit`` 90) or longitude (180) in decimal degrees: xsd:decimal."""
    def read(cell: str) -> Value:
        try:
            number = Decimal(cell.strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not -limit <= number <= limit:
            raise CellError(f"not a {name}", f"write decimal degrees between -{limit} and {limit}, "
                            f"e.g. {example} (south and west are negative)")
        return _literal(format(number, "f"), "decimal", name)
    return read


#: Language tags an alias may carry, by how they may be written.
_LANGUAGES = {"zh-hans": "zh-Hans", "zh": "zh-Hans", "zh-cn": "zh-Hans", "en": "en"}


def _language(cell: str) -> Value:
    tag = _LANGUAGES.get(cell.strip().lower())
    if tag is None:
        raise CellError("not a language tag", "write zh-Hans (Chinese) or en (English)")
    return Value(ox.Literal(tag), tag, tag, tag, tag, "language")


#: Readers of the column kinds that hold literals.
LITERAL_KINDS = {
    "text": _text,
    "key": _key,
    "positive-integer": _positive_integer,
    "year": _year,
    "decimal": _decimal,
    "currency": _currency,
    "date": _date,
    "latitude": _coordinate("latitude", 90, "35.68"),
    "longitude": _coordinate("longitude", 180, "139.69"),
    "language": _language,
}


def read_cell(kind: str, cell: str) -> Value:
    """Read a non-empty cell of a literal column kind.

    Raises
    ------
    CellError
        When the text does not fit the kind.

    Examples
    --------
    >>> read_cell("positive-integer", "12").term
    <Literal value=12 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
    >>> read_cell("decimal", "1,500,000").text, read_cell("decimal", "2.50").text
    ('1500000', '2.5')
    >>> read_cell("date", "2025-01").term.datatype.value
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    >>> read_cell("positive-integer", "0")
    Traceback (most recent call last):
    kg.importing.cells.CellError: not a positive integer
    """
    return LITERAL_KINDS[kind](cell)


def read_integer(number: int) -> Value:
    """An integer computed from other cells, as a value.

    >>> read_integer(-2).text
    '-2'
    """
    return _literal(str(number), "integer", "integer")
