"""Saved queries: the ``queries/*.rq`` files, their headers, and running them.

Each saved query starts with a comment header::

    # id: top10-overall
    # title: Top 10 global science and technology innovation centres, in order
    # title@zh: 全球科技创新中心前10强（按名次）
    # question: Which cities rank in the top 10 of an edition's overall ranking, in order?
    # question@zh: 某一版榜单综合排名前10的城市依次是哪些？
    # param: edition xsd:integer = 2025 | Edition year of the ranking

A parameter is the SPARQL variable of the same name; running the query binds
it to an RDF term of the declared type, checked first, with a VALUES block
placed first in the query's WHERE group (see :mod:`kg.sparql_text`), so it
may be used anywhere in the pattern without being selected. A parameter
without a default must be given.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InnokgError
from kg.params import Param, parse_param
from kg.paths import QUERIES_DIR
from kg.sparql_text import bind_values
from kg.store import GraphStore, QueryResult

__all__ = ["SavedQuery", "SavedQueryNotFound", "parse_saved_query", "load_saved_queries", "saved_query_by_id",
           "find_saved_query", "run_saved_query"]

_HEADER_LINE = re.compile(r"#\s*(?P<key>[A-Za-z][\w-]*(?:@[A-Za-z-]+)?)\s*:\s*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class SavedQuery:
    """A saved query and what its header says about it.

    Attributes
    ----------
    id : str
        From ``# id:``, else the file name without ``.rq``.
    path : pathlib.Path or None
    title, title_zh, question, question_zh : str
        Empty when the header does not say.
    params : tuple of Param
    text : str
        The whole file, header included.
    extra : dict of str to str
        Header keys this module does not know, kept as written (repeated keys
        joined by newlines).
    """

    id: str
    path: Path | None
    title: str
    title_zh: str
    question: str
    question_zh: str
    params: tuple[Param, ...]
    text: str
    extra: dict[str, str] = field(default_factory=dict)

    def param(self, name: str) -> Param:
        """Return the parameter called ``name``.

        Raises
        ------
        InnokgError
            Naming the valid parameters when there is no such one.
        """
        for param in self.params:
            if param.name == name:
                return param
        valid = ", ".join(param.name for param in self.params) or "none"
        raise InnokgError(f"query {self.id!r} has no parameter {name!r}; valid parameters: {valid}")


def parse_saved_query(text: str, path: str | os.PathLike | None = None) -> SavedQuery:
    """Read a saved query's header.

    The header is the run of comment lines at the top of the file; lines of
    the form ``# key: value`` are read, other comments are skipped.

    Parameters
    ----------
    text : str
        The ``.rq`` file's content.
    path : str or os.PathLike, optional
        Where it came from (for the id fallback and error messages).

    Returns
    -------
    SavedQuery

    Examples
    --------
    >>> query = parse_saved_query('''# id: cities
    ... # title: Cities
    ... # title@zh: 城市
    ... # param: edition xsd:integer = 2025 | Edition year
    ... # owner: someone
    ... SELECT ?city ?edition WHERE { ?city ik:edition ?edition }''')
    >>> query.id, query.title_zh, query.params[0].default, query.extra
    ('cities', '城市', '2025', {'owner': 'someone'})
    """
    path = Path(path) if path is not None else None
    where = str(path) if path is not None else "<query>"
    fields: dict[str, str] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER_LINE.fullmatch(stripped)
        if match is None:
            continue
        key, value = match.group("key"), match.group("value")
        if key == "param":
            try:
                params.append(parse_param(value))
            except InnokgError as error:
                raise InnokgError(f"{where}:{number}: {error}") from None
        elif key in fields:
            fields[key] += "\n" + value
        else:
            fields[key] = value
    names = [param.name for param in params]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InnokgError(f"{where}: parameter {duplicates[0]!r} is declared twice")
    known = {"id", "title", "title@zh", "question", "question@zh"}
    query_id = fields.get("id") or (path.stem if path is not None else "query")
    return SavedQuery(
        id=query_id,
        path=path,
        title=fields.get("title", ""),
        title_zh=fields.get("title@zh", ""),
        question=fields.get("question", ""),
        question_zh=fields.get("question@zh", ""),
        params=tuple(params),
        text=text,
        extra={key: value for key, value in fields.items() if key not in known},
    )


def read_saved_query(path: str | os.PathLike) -> SavedQuery:
    """Read and parse one ``.rq`` file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InnokgError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InnokgError(f"{path}: cannot read: {error}") from None
    return parse_saved_query(text, path)


def load_saved_queries(directory: str | os.PathLike = QUERIES_DIR) -> list[SavedQuery]:
    """Read every ``.rq`` file in ``directory`` and its subfolders (like ``networks/``).

    Parameters
    ----------
    directory : str or os.PathLike, optional
        ``queries/`` of the repository by default.

    Returns
    -------
    list of SavedQuery
        Sorted by id; empty when the folder does not exist.

    Raises
    ------
    InnokgError
        When a header is malformed or two files share an id.
    """
    queries: dict[str, SavedQuery] = {}
    for path in sorted(Path(directory).rglob("*.rq")):
        query = read_saved_query(path)
        if query.id in queries:
            raise InnokgError(f"{path}: id {query.id!r} is already used by {queries[query.id].path}")
        queries[query.id] = query
    return [queries[key] for key in sorted(queries)]


class SavedQueryNotFound(InnokgError):
    """No saved query has that id (the HTTP service answers 404)."""


_LOADED: dict[str, tuple[tuple, list[SavedQuery]]] = {}


def saved_query_by_id(query_id: str, directory: str | os.PathLike = QUERIES_DIR) -> SavedQuery:
    """Find the saved query ``query_id`` in ``directory`` (its files are read again only when one changed).

    This is the one lookup by id (the command line, the pages and the JSON
    API use it): an id is never read as a file path. An id no saved query has
    raises :class:`SavedQueryNotFound`.

    Examples
    --------
    >>> saved_query_by_id("top10-overall").params[0].name
    'index'
    >>> saved_query_by_id("../etc/passwd")
    Traceback (most recent call last):
    kg.saved_queries.SavedQueryNotFound: no saved query '../etc/passwd' (`innokg queries`, /queries and /api/queries list them)
    >>> saved_query_by_id("top10-overal")
    Traceback (most recent call last):
    kg.saved_queries.SavedQueryNotFound: no saved query 'top10-overal': did you mean top10-overall? (`innokg queries`, /queries and /api/queries list them)
    """
    folder = Path(directory)
    signature = tuple((str(path), path.stat().st_mtime_ns) for path in sorted(folder.rglob("*.rq")))
    loaded = _LOADED.get(str(folder))
    if loaded is None or loaded[0] != signature:
        loaded = _LOADED[str(folder)] = (signature, load_saved_queries(folder))
    for query in loaded[1]:
        if query.id == query_id:
            return query
    near = difflib.get_close_matches(query_id, [query.id for query in loaded[1]], n=1, cutoff=0.75)
    hint = f": did you mean {near[0]}?" if near else ""
    raise SavedQueryNotFound(f"no saved query {query_id!r}{hint} (`innokg queries`, /queries and /api/queries list them)")


def find_saved_query(name_or_path: str | os.PathLike, directory: str | os.PathLike = QUERIES_DIR) -> SavedQuery:
    """Find a saved query by its id (:func:`saved_query_by_id`), or read it from a file path.

    Parameters
    ----------
    name_or_path : str or os.PathLike
        An id such as ``top10-overall``, or a path to a ``.rq`` file.
    directory : str or os.PathLike, optional
        Where to look ids up.

    Returns
    -------
    SavedQuery

    Raises
    ------
    SavedQueryNotFound
        When there is no such query.
    """
    text = str(name_or_path)
    if text.endswith(".rq") or os.sep in text or _names_a_file(text):
        return read_saved_query(text)
    return saved_query_by_id(text, directory)


def run_saved_query(store: GraphStore, query: SavedQuery, params: dict[str, str] | None = None) -> QueryResult:
    """Run a saved query, binding its parameters to typed RDF terms.

    Parameters
    ----------
    store : GraphStore
    query : SavedQuery
    params : dict of str to str, optional
        Parameter values as text; declared defaults fill the others.

    Returns
    -------
    pyoxigraph.QuerySolutions, pyoxigraph.QueryBoolean or pyoxigraph.QueryTriples

    Raises
    ------
    InnokgError
        For an unknown parameter (naming the valid ones), a value that does
        not fit its type, or a missing parameter that has no default.
    kg.labels.NotFound, kg.labels.Ambiguous
        When an IRI parameter is given a name (id, label or alias) that names
        no entity, or several.

    Examples
    --------
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore.memory()
    >>> _ = store.load(b"<http://e/a> <http://e/year> 2024 . <http://e/b> <http://e/year> 2025 .", "turtle")
    >>> query = parse_saved_query('''# param: year xsd:integer = 2025 | Year
    ... SELECT ?s WHERE { ?s <http://e/year> ?year }''')
    >>> [row["s"].value for row in run_saved_query(store, query, {"year": "2024"})]
    ['http://e/a']
    >>> run_saved_query(store, query, {"year": "soon"})
    Traceback (most recent call last):
    kg.errors.InnokgError: parameter 'year' expects xsd:integer, got 'soon'
    """
    given = dict(params or {})
    for name in given:
        query.param(name)
    bindings = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            raise InnokgError(f"query {query.id!r} needs a value for parameter {param.name!r} ({param.type})")
        if param.type == "iri" and param.name in given:
            value = _named(store, value, param.name)
        bindings[param.name] = param.to_term(value)
    return store.query(bind_values(query.text, bindings))


def _named(store: GraphStore, value: str, name: str) -> str:
    """An IRI parameter's value as given when it is an IRI or prefixed name, else the IRI of the one entity
    its key, id, label or alias names (:func:`kg.labels.resolve`: ``-p index=sci20``, ``上海``, ``city/shanghai``)."""
    from kg.labels import resolve
    from kg.user_input import is_iri_like

    return value if is_iri_like(value) else resolve(store, value, what=name)


def _names_a_file(text: str) -> bool:
    try:
        return "\n" not in text and Path(text).is_file()
    except (OSError, ValueError):
        return False
