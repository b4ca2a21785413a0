"""Check what a user types before it reaches the store: IRIs, entity ids, names, language tags.

This module owns the syntax of user input: what an IRI, an entity id
(:data:`ENTITY_ID`), a name and a language tag look like, and which
languages there are (:data:`LANGUAGES`). What a well-formed name *names*
(labels, aliases, folding) is :mod:`kg.labels`'s.

Every value a person (or an HTTP client) gives as an IRI or a name passes
through one of these functions. A value that cannot be right raises
:class:`InvalidParameter`, whose message is one line naming the parameter
and what is wrong (the HTTP service answers it 400); a well-formed value
that names nothing is for the caller to report as not found (404).

>>> entity_reference("city/beijing"), iri_of("上海大学"), language("zh-Hans-CN"), language("fr")
('https://w3id.org/innokg/id/city/beijing', None, 'zh', 'zh')
"""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox

from kg.errors import InnokgError
from kg.namespaces import ID, expand

__all__ = [
    "MAX_LENGTH", "LANGUAGES", "ENTITY_ID", "LANGUAGE_PATTERN", "NAME_PATTERN", "ENTITY_PATTERN", "IRI_PATTERN",
    "InvalidParameter", "shown", "check_iri", "entity_reference", "check_name", "is_iri_like", "iri_of", "language",
]

#: The longest IRI or name accepted, in characters.
MAX_LENGTH = 2000

#: The languages the pages, views and labels are written in; the first is the default (and shown first).
LANGUAGES = ("zh", "en")

#: What an entity id looks like: ``kind/key`` (``org/shanghai-university``), the IRI under ``id:``.
ENTITY_ID = re.compile(r"[a-z][a-z0-9-]*/[^\s/]\S*")

#: What the OpenAPI schema says of each kind of value (JSON Schema patterns). Each accepts less than the
#: checks below do (an IRI's full grammar is not a pattern), so a value that matches is never refused.
LANGUAGE_PATTERN = r"^([A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*)?$"
NAME_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"
#: (No ``%XX`` escapes in them: a client that sends one unescaped has the server decode it.)
IRI_PATTERN = r"^https?://[A-Za-z0-9.-]+(/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?$"
ENTITY_PATTERN = rf"^([A-Za-z][A-Za-z0-9-]*:)?[A-Za-z0-9._~!$&'()*+,;=@/-]+$|{IRI_PATTERN}"

# Characters RFC 3987 forbids anywhere in an IRI (besides controls and spaces).
_NOT_IN_IRI = set('<>"{}|^`\\')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_IRI_SCHEMES = ("http://", "https://", "urn:")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")


class InvalidParameter(InnokgError):
    """A parameter whose value cannot be right (the HTTP service answers 400).

    Parameters
    ----------
    parameter : str
        Its name, as the user gave it (``entity``, ``from``, ``iri``…).
    problem : str
        What is wrong with it, in a few words.

    Examples
    --------
    >>> str(InvalidParameter("from", "holds a control character"))
    'from: holds a control character'
    """

    def __init__(self, parameter: str, problem: str):
        super().__init__(f"{parameter}: {problem}")
        self.parameter = parameter


def shown(value: str, limit: int = 60) -> str:
    """Quote ``value`` for a one-line message: control characters escaped, long values cut.

    Examples
    --------
    >>> shown("a\\r\\nb"), shown("x" * 100, 8)
    ("'a\\\\r\\\\nb'", "'xxxxxxxx…' (100 characters)")
    """
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value)} characters)".replace("'…", "…'", 1)


def _bad_character(text: str) -> str | None:
    for char in text:
        if char in _NOT_IN_IRI or char.isspace() or not char.isprintable():
            return char
    return None


def _check_length(value: str, parameter: str) -> None:
    if len(value) > MAX_LENGTH:
        raise InvalidParameter(parameter, f"is {len(value)} characters long; at most {MAX_LENGTH} are accepted")


def check_iri(value: str, parameter: str = "iri", *, what: str = "an IRI", given: str | None = None) -> str:
    """Return ``value`` if it is an absolute IRI the store accepts, else raise :class:`InvalidParameter`.

    Parameters
    ----------
    value : str
        The IRI (without ``<>``).
    parameter : str
        The parameter's name, for the message.
    what : str
        What the value should be, for the message.
    given : str, optional
        What the user typed, when ``value`` was made from it (shown in the message).

    Examples
    --------
    >>> check_iri("http://e/a")
    'http://e/a'
    >>> check_iri("http://e/x y", "from")
    Traceback (most recent call last):
    kg.user_input.InvalidParameter: from: 'http://e/x y' is not an IRI: it holds ' '
    """
    given = value if given is None else given
    _check_length(given, parameter)
    bad = _bad_character(value)
    if bad is not None:
        raise InvalidParameter(parameter, f"{shown(given)} is not {what}: it holds {bad!r}")
    if not _SCHEME.match(value):
        raise InvalidParameter(parameter, f"{shown(given)} is not {what}: an IRI starts with a scheme like https:")
    try:
        ox.NamedNode(value)
    except ValueError as error:
        reason = str(error).splitlines()[0] if str(error) else "rejected by the RDF store"
        raise InvalidParameter(parameter, f"{shown(given)} is not {what}: {reason[:1].lower()}{reason[1:]}") from None
    return value


def entity_reference(value: str, parameter: str = "entity") -> str:
    """Turn an entity id (``city/beijing``), prefixed name (``id:city/beijing``) or IRI into a checked IRI.

    Raises
    ------
    InvalidParameter
        When ``value`` is empty, too long, or no IRI can be made of it.

    Examples
    --------
    >>> entity_reference("ik:City", "iri"), entity_reference(" https://e.org/a ", "iri")
    ('https://w3id.org/innokg/ont#City', 'https://e.org/a')
    >>> entity_reference("  ", "entity")
    Traceback (most recent call last):
    kg.user_input.InvalidParameter: entity: name an entity: an id such as org/shanghai-university, or an IRI
    """
    text = value.strip()
    if not text:
        raise InvalidParameter(parameter, "name an entity: an id such as org/shanghai-university, or an IRI")
    if "://" in text or text.startswith("urn:"):
        iri = text
    else:
        iri = expand(text)
        if iri == text:
            iri = ID + text.lstrip("/")
    return check_iri(iri, parameter, what="an entity id or IRI", given=text)


def is_iri_like(text: str) -> bool:
    """Tell whether ``text`` (after expanding a known prefix) is meant as an IRI, not a label.

    Examples
    --------
    >>> is_iri_like("http://e/x y"), is_iri_like("id:org/x"), is_iri_like("上海大学")
    (True, True, False)
    """
    return expand(text.strip()).startswith(_IRI_SCHEMES)


def iri_of(text: str, parameter: str = "name") -> str | None:
    """The checked IRI ``text`` is meant as (an IRI or a known prefixed name), or None when it is not meant as one.

    Examples
    --------
    >>> iri_of(" id:org/x "), iri_of("org/x")
    ('https://w3id.org/innokg/id/org/x', None)
    >>> iri_of("http://e/x y", "from")
    Traceback (most recent call last):
    kg.user_input.InvalidParameter: from: 'http://e/x y' is not an IRI: it holds ' '
    """
    name = text.strip()
    return check_iri(expand(name), parameter, given=name) if is_iri_like(name) else None


def check_name(value: str, parameter: str = "name") -> str:
    """Check a name a user types to find one thing (a label, an alias, an id, a prefixed name or an IRI).

    Returns the name without surrounding spaces. A name that is an IRI (or a
    known prefixed name) must be a valid one; any name must be one line of
    printable text, at most :data:`MAX_LENGTH` characters.

    >>> check_name(" 上海大学 ", "from"), check_name("id:org/x")
    ('上海大学', 'id:org/x')
    >>> check_name("a\\x00b", "place")
    Traceback (most recent call last):
    kg.user_input.InvalidParameter: place: 'a\\x00b' holds a control character ('\\x00')
    """
    _check_length(value, parameter)
    text = value.strip()
    if iri_of(text, parameter) is not None:
        return text
    for char in text:
        if unicodedata.category(char) == "Cc":
            raise InvalidParameter(parameter, f"{shown(text)} holds a control character ({char!r})")
    return text


def language(value: str | None, parameter: str = "lang") -> str:
    """The supported language (``zh`` or ``en``) nearest a BCP 47 tag; empty or None gives ``zh``.

    ``zh``, ``zh-Hans``, ``zh-hans``, ``zh-CN``… give ``zh``; ``en``, ``en-US``… give ``en``;
    any other well-formed tag falls back to ``zh``.

    Raises
    ------
    InvalidParameter
        When ``value`` is not a language tag at all.

    Examples
    --------
    >>> language("zh-hans"), language("EN-gb"), language(None)
    ('zh', 'en', 'zh')
    >>> language("zh hans")
    Traceback (most recent call last):
    kg.user_input.InvalidParameter: lang: 'zh hans' is not a language tag (BCP 47, e.g. zh, zh-Hans or en-US)
    >>> language("\v")  # white space is not an empty tag: the schema's pattern refuses it too
    Traceback (most recent call last):
    kg.user_input.InvalidParameter: lang: '\\x0b' is not a language tag (BCP 47, e.g. zh, zh-Hans or en-US)
    """
    text = value or ""
    if not text:
        return LANGUAGES[0]
    if len(text) > 64 or not _LANGUAGE_TAG.fullmatch(text):
        raise InvalidParameter(parameter, f"{shown(text)} is not a language tag (BCP 47, e.g. zh, zh-Hans or en-US)")
    primary = re.split(r"[-_]", text, maxsplit=1)[0].lower()
    return primary if primary in LANGUAGES else LANGUAGES[0]
