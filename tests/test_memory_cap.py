"""The memory cap on query worker processes (``innokg serve --allow-update``): a worker past half of it ends."""

import pyoxigraph as ox
import pytest

from kg.serve.operations import MemoryCapExceeded

from kg.serve.workers import WorkerPool
from kg.serve.protocol import QueryRequest
from kg.store import OxigraphStore

SORTED_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"  # 3,000² solutions, held to be sorted


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("capped") / "store"
    with OxigraphStore.open(path) as store:
        store.inner.extend(ox.Quad(ox.NamedNode(f"http://e/s{index}"), ox.NamedNode("http://e/p"), ox.Literal(index),
                                   ox.NamedNode("http://e/g")) for index in range(3_000))
    return path


def test_a_worker_past_half_its_memory_cap_ends_and_is_replaced(store_path):
    with WorkerPool(store_path, workers=1, timeout=120, max_memory_bytes=600 * 2**20) as pool:
        with pytest.raises(MemoryCapExceeded) as stopped:
            pool.run("sparql", request=QueryRequest(SORTED_PRODUCT, max_rows=10))
        assert str(stopped.value) == "stopped when its query worker passed half of the 600 MB memory cap"
        assert pool.run("triples") == 3_000  # a fresh worker took its place
        answer = pool.run("sparql", request=QueryRequest("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", format="csv"))
        assert answer.body == b"n\r\n3000\r\n"
