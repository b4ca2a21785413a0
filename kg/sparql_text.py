"""Lexical helpers over SPARQL text: find the top-level WHERE group, bind values there.

Saved-query parameters are bound by a ``VALUES`` block placed first in the
query's top-level WHERE group, so a parameter can be used anywhere in the
pattern (triple patterns, FILTER, BIND, under GROUP BY) without being
selected. pyoxigraph's ``substitutions`` cannot do that: they bind only
projected variables, and a BIND does not see them.

The values are pyoxigraph terms, checked when they were made, and written
by pyoxigraph in N-Triples syntax: no text from a user reaches the query
unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from kg.errors import InnokgError

__all__ = ["where_group_start", "bind_values", "SEPARATOR"]

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'',
                     re.S)
#: A ``GROUP_CONCAT`` separator: group 1 is ``separator =``, group 2 the quoted string.
SEPARATOR = re.compile(r"(?i)(separator\s*=\s*)(\"(?:[^\"\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\n]|\\\\.)*')")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_VARIABLE = re.compile(r"[A-Za-z_]\w*")
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


def where_group_start(sparql: str) -> int:
    """Return the index just after the ``{`` that opens the query's top-level WHERE group.

    Comments, strings and IRIs are skipped; groups of subqueries, the
    projection's expressions and a CONSTRUCT template are not taken for it.

    Parameters
    ----------
    sparql : str
        A SELECT, ASK, CONSTRUCT or DESCRIBE query.

    Returns
    -------
    int

    Raises
    ------
    InnokgError
        When the query has no WHERE group.

    Examples
    --------
    >>> text = 'PREFIX ex: <http://e/#{}> # a { comment\\nCONSTRUCT { ?s ex:p "}" } WHERE { ?s ?p ?o }'
    >>> text[where_group_start(text):]
    ' ?s ?p ?o }'
    """
    form = None
    braces = parens = 0
    skip_template = False
    i = 0
    while i < len(sparql):
        char = sparql[i]
        if char == "#":
            end = sparql.find("\n", i)
            i = len(sparql) if end < 0 else end + 1
            continue
        match = (_IRI.match(sparql, i) if char == "<" else
                 _STRING.match(sparql, i) if char in "\"'" else
                 _WORD.match(sparql, i) if char.isalpha() and not sparql[i - 1:i] in ("?", "$", ":") else None)
        if match:
            word = match.group().upper()
            if form is None and braces == 0 and word in _FORMS:
                form = word
                rest = sparql[match.end():].lstrip()
                skip_template = form == "CONSTRUCT" and rest.startswith("{")
            i = match.end()
            continue
        if char == "(":
            parens += 1
        elif char == ")":
            parens -= 1
        elif char == "{":
            if form is not None and braces == 0 and parens == 0 and not skip_template:
                return i + 1
            braces += 1
        elif char == "}":
            braces -= 1
            if braces == 0 and skip_template:
                skip_template = False
        i += 1
    raise InnokgError("the query has no WHERE clause to bind parameters in")


def bind_values(sparql: str, values: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """Return the query with ``values`` bound by a VALUES block first in its WHERE group.

    Parameters
    ----------
    sparql : str
    values : mapping of str to pyoxigraph term
        Variable name (without ``?``) -> term.

    Returns
    -------
    str
        The query unchanged when ``values`` is empty.

    Examples
    --------
    >>> print(bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.Literal("北京", language="zh")}))
    SELECT ?s WHERE { VALUES (?o) { ("北京"@zh) }
      ?s ?p ?o }
    """
    if not values:
        return sparql
    for name, term in values.items():
        if not _VARIABLE.fullmatch(name):
            raise InnokgError(f"{name!r} is not a SPARQL variable name")
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise InnokgError(f"the value of ?{name} must be an IRI or a literal, got {type(term).__name__}")
    at = where_group_start(sparql)
    names = " ".join(f"?{name}" for name in values)
    terms = " ".join(str(term) for term in values.values())
    return f"{sparql[:at]} VALUES ({names}) {{ ({terms}) }}\n {sparql[at:]}"
