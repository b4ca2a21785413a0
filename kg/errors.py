"""Errors raised by innokg.

Every error that a user can cause (a bad file, a bad query, a bad parameter,
a missing store) is an :class:`InnokgError` whose message is one readable
line; the command line prints it as is and exits with status 2.
"""

from __future__ import annotations

__all__ = ["InnokgError", "QuerySyntaxError", "one_line"]


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

    Attributes
    ----------
    detail : str
        ``message``, as the parser said it.

    Examples
    --------
    >>> str(QuerySyntaxError("expected one of LATERAL, SERVICE", 1, 25))
    'SPARQL syntax error at line 1, column 25: expected one of LATERAL, SERVICE'
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.detail = message
        self.line = line
        self.column = column
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"SPARQL syntax error{where}: {message}")


def one_line(problem: BaseException | str) -> str:
    """The message of an error (or a text) on one line: every run of white space becomes one space.

    An engine's message (pyoxigraph's, a server's) may span lines; innokg
    shows each error on one line. An error without a message gives its class name.

    Examples
    --------
    >>> one_line(RuntimeError("the graph <http://e/g>\\n  already exists"))
    'the graph <http://e/g> already exists'
    >>> one_line(KeyError("x")), one_line(ValueError()), one_line(OSError(2, "No such file")), one_line("a\\tb")
    ('x', 'ValueError', '[Errno 2] No such file', 'a b')
    """
    if isinstance(problem, BaseException):
        text = str(problem.args[0]) if len(problem.args) == 1 else str(problem)  # a KeyError's without quotes
        return " ".join(text.split()) or type(problem).__name__
    return " ".join(problem.split())
