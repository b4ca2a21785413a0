"""The row cap on serialized SELECT results, in every results format, over real Oxigraph output."""

import csv
import io

import pyoxigraph as ox
import pytest

from kg.sparql_protocol import RESULTS_TYPES, QueryRequest, cap_solutions, run_query
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
    assert cap_solutions(whole.body, media_type, 1)[0] == run_query(
        store, QueryRequest(query, accept=media_type, max_rows=1)).body
