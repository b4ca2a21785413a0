"""Refuse SPARQL that would make the server fetch a URL: ``SERVICE`` and ``LOAD``, decided from the parsed request.

A public endpoint must not fetch URLs a caller names (server-side request
forgery): pyoxigraph evaluates ``SERVICE`` by sending the sub-query over
HTTP, and ``LOAD`` by downloading the file. Scanning the text for those
keywords is bypassable (``e:a\\#`` is a prefixed name to the parser but
looks like a comment to a scanner; ``\\u0053ERVICE`` is ``SERVICE`` once the
codepoint escapes are expanded, as SPARQL does before parsing), so the
decision is made on the parse tree:

1. codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are expanded first, as the
   parser does; text in which neither ``service`` nor ``load`` then appears
   (in any case) cannot hold either keyword, and passes without parsing;
2. otherwise the request is parsed (rdflib's SPARQL 1.1 grammar) and
   refused when its tree holds a ``SERVICE`` pattern or a ``LOAD`` operation;
3. a request that rdflib cannot parse (the engine may accept syntax rdflib
   does not know, such as SPARQL 1.2 triple terms or ``LATERAL``), or that is
   longer than :data:`MAX_PARSED_CHARS`, is refused when one of the two words
   appears in it: the check never lets through what it could not read.

Decisions are cached by text, so a saved query asked again costs nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.errors import InnokgError

__all__ = ["RemoteAccessRefused", "MAX_PARSED_CHARS", "check_no_remote_access", "expand_codepoint_escapes"]

#: Requests longer than this that name ``service`` or ``load`` are refused without parsing them.
MAX_PARSED_CHARS = 1_000_000

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_WORDS = re.compile("service|load", re.I)


class RemoteAccessRefused(InnokgError):
    """A query or update that would make the server fetch a URL (``SERVICE``, ``LOAD``)."""


def expand_codepoint_escapes(text: str) -> str:
    """Expand SPARQL's ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes, as a SPARQL parser does before parsing.

    Examples
    --------
    >>> expand_codepoint_escapes(r"\\u0053ERVICE")
    'SERVICE'
    >>> expand_codepoint_escapes(r"\\U0001F600 and \\uZZZZ")
    '😀 and \\\\uZZZZ'
    """
    def character(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()
    return _ESCAPE.sub(character, text)


def check_no_remote_access(text: str, update: bool = False) -> None:
    """Raise :class:`RemoteAccessRefused` when a query (or ``update``) holds ``SERVICE`` or ``LOAD``.

    Parameters
    ----------
    text : str
        The request as the client sent it.
    update : bool, optional
        Whether ``text`` is a SPARQL update (else a query).

    Examples
    --------
    Words in names, strings and comments are not keywords:

    >>> check_no_remote_access('SELECT * WHERE { ?s ex:service "SERVICE" } # LOAD')

    An escape in a prefixed name does not hide what follows it:

    >>> check_no_remote_access('PREFIX e: <http://e/> SELECT * { OPTIONAL { ?s e:a\\\\# ?o } '
    ...                        'SERVICE <http://127.0.0.1:1/x> { ?a ?b ?c } }')
    Traceback (most recent call last):
    kg.serve.remote_access.RemoteAccessRefused: SERVICE (federated query) and LOAD are disabled on this endpoint: ...
    >>> check_no_remote_access(r"SELECT * WHERE { \\u0053ERVICE <http://e/sparql> { ?s ?p ?o } }")
    Traceback (most recent call last):
    kg.serve.remote_access.RemoteAccessRefused: SERVICE (federated query) is disabled on this endpoint: the server fetches no URL
    >>> check_no_remote_access("CLEAR GRAPH <http://e/g> ; LOAD <http://e/x.nt>", update=True)
    Traceback (most recent call last):
    kg.serve.remote_access.RemoteAccessRefused: LOAD is disabled on this endpoint: the server fetches no URL
    """
    if "\\" in text:
        text = expand_codepoint_escapes(text)
    if not _WORDS.search(text):  # most requests: neither keyword can be in them
        return
    message = _decide(text, update)
    if message:
        raise RemoteAccessRefused(message)


@lru_cache(maxsize=512)
def _decide(text: str, update: bool) -> str | None:
    """The refusal for ``text`` (already unescaped), or None when it may run."""
    if len(text) > MAX_PARSED_CHARS:
        return (f"SERVICE (federated query) and LOAD are disabled on this endpoint, and a request over "
                f"{MAX_PARSED_CHARS:,} characters that contains the word 'service' or 'load' is not parsed to tell: "
                "split it, or load data with innokg import")
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseUpdate(text) if update else parseQuery(text)
    except (ParseException, ValueError, TypeError, RecursionError, AttributeError):
        return ("SERVICE (federated query) and LOAD are disabled on this endpoint: this request contains "
                "the word 'service' or 'load' in a form the check cannot parse, so it is refused")
    names = set(_component_names(tree))
    if "ServiceGraphPattern" in names:
        return "SERVICE (federated query) is disabled on this endpoint: the server fetches no URL"
    if "Load" in names:
        return "LOAD is disabled on this endpoint: the server fetches no URL"
    return None


def _component_names(node):
    """Yield the name of every rdflib ``CompValue`` in a parse tree (iteratively: trees can be deep)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item.name
            stack.extend(item.values())
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or hasattr(item, "as_list"):
            stack.extend(item)
