"""The row cap on SELECT results, in every results format: Oxigraph writes them, and stops after max rows."""

import csv
import io

import pyoxigraph as ox
import pytest

from kg.serve.solution_stream import serialize_solutions
from kg.serve.protocol import RESULTS_TYPES, QueryRequest, run_query
from kg.store import OxigraphStore

#: Values chosen to trip a naive cut: a newline, a comma, quotes and result markup inside literals.
VALUES = ['a\nnew line', 'b, "quoted"', "c <result></result> }},{", "d"]
_PARSE = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@pytest.fixture(scope="module")
def store():
    store = OxigraphStore.memory()
    data = "".join(f'<http://e/s{index}> <http://e/p> "{value.encode("unicode_escape").decode()}" .\n'
                   for index, value in enumerate(VALUES))
    store.load(data.replace('"quoted"', '\\"quoted\\"').encode(), "turtle", graph="http://e/g")
    return store


def _values(body: bytes, media_type: str) -> list[str]:
    if media_type == "text/csv":
        return [row[1] for row in csv.reader(io.StringIO(body.decode(), newline=""))][1:]
    return [solution["o"].value for solution in ox.parse_query_results(body, format=_PARSE[media_type])]


@pytest.mark.parametrize("media_type", RESULTS_TYPES)
def test_results_are_cut_after_max_rows_in_every_format(store, media_type):
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    whole = run_query(store, QueryRequest(query, accept=media_type))
    assert _values(whole.body, media_type) == VALUES and not whole.truncated
    cut = run_query(store, QueryRequest(query, accept=media_type, max_rows=2))
    assert (_values(cut.body, media_type), cut.truncated) == (VALUES[:2], True)
    exact = run_query(store, QueryRequest(query, accept=media_type, max_rows=4))
    assert (exact.body, exact.truncated) == (whole.body, False)


#: Long and short values with every character a cut could trip on, so that solutions straddle Oxigraph's chunks.
MANY = [f'{index} {"x" * (index * 37 % 300)} "q" , \n \r <result> }},{{ \t' for index in range(2_000)]


@pytest.fixture(scope="module")
def many():
    store = ox.Store()
    for index, value in enumerate(MANY):
        store.add(ox.Quad(ox.NamedNode(f"http://e/s{index:05d}"), ox.NamedNode("http://e/p"),
                          ox.Literal(value)))
    return store


@pytest.mark.parametrize("media_type", RESULTS_TYPES)
@pytest.mark.parametrize("max_rows", [1, 2, 57, 1_000, 1_999, 2_000, 2_001])
def test_a_cut_anywhere_in_the_stream_keeps_whole_solutions(many, media_type, max_rows):
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    body, truncated = serialize_solutions(many.query(query), media_type, max_rows)
    assert truncated is (max_rows < len(MANY))
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(body.decode(), newline="")))
        assert rows[0] == ["s", "o"]
        values = [row[1] for row in rows[1:]]
    else:
        values = [solution["o"].value for solution in ox.parse_query_results(body, format=_PARSE[media_type])]
    assert values == MANY[:max_rows]
    whole = serialize_solutions(many.query(query), media_type, None)[0]
    assert (body == whole) is (max_rows >= len(MANY))


@pytest.mark.parametrize("media_type", RESULTS_TYPES)
def test_a_cartesian_product_is_read_only_up_to_max_rows(media_type):
    """A thousand triples joined three times over is 10^9 solutions: only the first 10,001 are read."""
    store = ox.Store()
    for index in range(1_000):
        store.add(ox.Quad(ox.NamedNode(f"http://e/s{index}"), ox.NamedNode("http://e/p"), ox.Literal(index)))
    body, truncated = serialize_solutions(store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"),
                                          media_type, 10_000)
    assert truncated
    if media_type == "text/csv":
        assert len(list(csv.reader(io.StringIO(body.decode(), newline="")))) == 1 + 10_000
    else:
        solutions = ox.parse_query_results(body, format=_PARSE[media_type])
        assert solutions.variables == [ox.Variable(name) for name in "abcdefghi"]
        assert len(list(solutions)) == 10_000


def test_empty_solutions_and_no_variables_are_counted():
    store = ox.Store()
    query = "SELECT * WHERE { VALUES ?x { 1 2 3 } FILTER(?x > 0) }"
    for media_type in RESULTS_TYPES:
        body, truncated = serialize_solutions(store.query("SELECT ?y WHERE { VALUES ?x { 1 2 3 } }"), media_type, 2)
        assert truncated and len(_rows(body, media_type)) == 2, media_type
        body, truncated = serialize_solutions(store.query("SELECT * WHERE {}"), media_type, 1)
        assert not truncated and len(_rows(body, media_type)) == 1, media_type
        assert serialize_solutions(store.query(query), media_type, 3)[1] is False


def _rows(body: bytes, media_type: str) -> list:
    if media_type == "text/csv":
        return body.split(b"\r\n")[1:-1]
    return list(ox.parse_query_results(body, format=_PARSE[media_type]))
