"""Typed parameters of saved queries, and turning their text values into RDF terms.

A parameter line in a saved query's header reads::

    # param: NAME TYPE [= DEFAULT] [| DESCRIPTION]

TYPE is ``iri``, ``lang-string`` (``北京@zh``), ``literal`` (a plain
string) or an XML Schema datatype such as ``xsd:integer``, ``xsd:decimal``,
``xsd:double``, ``xsd:string``, ``xsd:date``, ``xsd:dateTime``,
``xsd:gYear`` or ``xsd:boolean`` (those are checked; other ``xsd:`` types
are passed through unchecked).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import XSD, expand

__all__ = ["PARAM_TYPES", "Param", "parse_param"]

_PARAM_LINE = re.compile(
    r"(?P<name>[A-Za-z_]\w*)\s+(?P<type>\S+)\s*(?:=\s*(?P<default>[^|]*?)\s*)?(?:\|\s*(?P<description>.*?))?\s*"
)
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_DATE = re.compile(r"-?\d{4,}-\d{2}-\d{2}")
_GYEAR = re.compile(r"-?\d{4,}")
_DOUBLE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
_BOOLEANS = {"true": "true", "1": "true", "false": "false", "0": "false"}

#: Parameter types that are checked (other ``xsd:`` types are accepted unchecked).
PARAM_TYPES = (
    "iri", "lang-string", "literal", "xsd:string", "xsd:integer", "xsd:decimal", "xsd:double",
    "xsd:boolean", "xsd:date", "xsd:dateTime", "xsd:gYear",
)


@dataclass(frozen=True)
class Param:
    """A saved query's parameter.

    Attributes
    ----------
    name : str
        The SPARQL variable it binds, without ``?``.
    type : str
        One of :data:`PARAM_TYPES`, or another ``xsd:`` type.
    default : str or None
        The value used when none is given; None makes it required.
    description : str
    """

    name: str
    type: str
    default: str | None = None
    description: str = ""

    def to_term(self, value: str) -> ox.NamedNode | ox.Literal:
        """Turn a text value into an RDF term of this parameter's type.

        Parameters
        ----------
        value : str

        Returns
        -------
        pyoxigraph.NamedNode or pyoxigraph.Literal

        Raises
        ------
        InnokgError
            ``parameter 'edition' expects xsd:integer, got 'abc'``.

        Examples
        --------
        >>> Param("edition", "xsd:integer").to_term("2025")
        <Literal value=2025 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
        >>> Param("city", "iri").to_term("id:city/beijing")
        <NamedNode value=https://w3id.org/innokg/id/city/beijing>
        >>> Param("name", "lang-string").to_term("北京@zh")
        <Literal value=北京 language=zh>
        >>> Param("edition", "xsd:integer").to_term("abc")
        Traceback (most recent call last):
        kg.errors.InnokgError: parameter 'edition' expects xsd:integer, got 'abc'
        """
        text = value.strip()
        try:
            term = _CONVERTERS.get(self.type, _other_xsd(self.type))(text)
        except (ValueError, TypeError):
            term = None
        if term is None:
            hint = _HINTS.get(self.type, "")
            raise InnokgError(f"parameter {self.name!r} expects {self.type}{hint}, got {value!r}")
        return term


def parse_param(spec: str) -> Param:
    """Parse the text after ``# param:``.

    Parameters
    ----------
    spec : str
        ``NAME TYPE [= DEFAULT] [| DESCRIPTION]``.

    Returns
    -------
    Param

    Raises
    ------
    InnokgError
        When the line is malformed, the type unknown or the default of the
        wrong type.

    Examples
    --------
    >>> parse_param("edition xsd:integer = 2025 | Edition year of the ranking")
    Param(name='edition', type='xsd:integer', default='2025', description='Edition year of the ranking')
    >>> parse_param("city iri | The city")
    Param(name='city', type='iri', default=None, description='The city')
    """
    match = _PARAM_LINE.fullmatch(spec.strip())
    if match is None:
        raise InnokgError(f"malformed parameter {spec!r}: expected 'NAME TYPE [= DEFAULT] [| DESCRIPTION]'")
    kind = match.group("type")
    if kind not in _CONVERTERS and not kind.startswith("xsd:"):
        raise InnokgError(f"parameter {match.group('name')!r} has unknown type {kind!r}; known: {', '.join(PARAM_TYPES)}")
    param = Param(match.group("name"), kind, match.group("default"), match.group("description") or "")
    if param.default is not None:
        param.to_term(param.default)
    return param


def _typed(datatype: str, pattern: re.Pattern[str] | None = None, canonical=None):
    """A converter making a literal of ``xsd:datatype`` after checking the text."""

    def convert(text: str) -> ox.Literal | None:
        if pattern is not None and not pattern.fullmatch(text):
            return None
        lexical = canonical(text) if canonical is not None else text
        return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))

    return convert


def _iri(text: str) -> ox.NamedNode | None:
    iri = expand(text.strip("<>"))
    return ox.NamedNode(iri) if _SCHEME.fullmatch(iri) else None


def _lang_string(text: str) -> ox.Literal | None:
    body, at, language = text.rpartition("@")
    if not at or not _LANGUAGE.fullmatch(language):
        return None
    if len(body) >= 2 and body[0] == body[-1] == '"':
        body = body[1:-1]
    return ox.Literal(body, language=language)


def _other_xsd(kind: str):
    return _typed(kind.removeprefix("xsd:"))


def _date(text: str) -> str:
    datetime.date.fromisoformat(text)
    return text


def _date_time(text: str) -> str:
    datetime.datetime.fromisoformat(text)
    return text


_CONVERTERS = {
    "iri": _iri,
    "lang-string": _lang_string,
    "literal": ox.Literal,
    "xsd:string": ox.Literal,
    "xsd:integer": _typed("integer", _INTEGER, lambda text: str(int(text))),
    "xsd:decimal": _typed("decimal", _DECIMAL),
    "xsd:double": _typed("double", _DOUBLE),
    "xsd:boolean": lambda text: _typed("boolean")(_BOOLEANS[text.lower()]) if text.lower() in _BOOLEANS else None,
    "xsd:date": _typed("date", _DATE, _date),
    "xsd:dateTime": _typed("dateTime", None, _date_time),
    "xsd:gYear": _typed("gYear", _GYEAR),
}

_HINTS = {
    "iri": " (an absolute IRI or a prefixed name like id:city/beijing)",
    "lang-string": " (text@lang, like 北京@zh)",
    "xsd:date": " (YYYY-MM-DD)",
    "xsd:boolean": " (true or false)",
}
