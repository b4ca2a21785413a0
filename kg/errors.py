"""Errors raised by innokg.

Every error that a user can cause (a bad file, a bad query, a bad parameter,
a missing store) is an :class:`InnokgError` whose message is one readable
line; the command line prints it as is and exits with status 2.
"""

from __future__ import annotations

__all__ = ["InnokgError", "QuerySyntaxError"]


class InnokgError(Exception):
    """An error with a message meant for the user, on one line.

    Examples
    --------
    >>> str(InnokgError("no store at /tmp/x: run `innokg build` first"))
    'no store at /tmp/x: run `innokg build` first'
    """


class QuerySyntaxError(InnokgError):
    """A SPARQL query or update that does not parse.

    Parameters
    ----------
    message : str
        What the parser says, without the position.
    line, column : int or None
        Where the parser stopped, 1-based, when it says so.

    Examples
    --------
    >>> str(QuerySyntaxError("expected one of LATERAL, SERVICE", 1, 25))
    'SPARQL syntax error at line 1, column 25: expected one of LATERAL, SERVICE'
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"SPARQL syntax error{where}: {message}")
