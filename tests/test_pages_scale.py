"""Every page answers on a generated 100k-triple store, and reads a bounded number of rows from it (issue 20).

The store is built as benchmarks/run_all.py builds one (ontology and seed,
then ``innokg generate --scale 100k --seed 42``), its metrics written and its
snapshot prepared by the one command a user runs after a build or an import
(``innokg metrics --network all --write``), once for the module. Each page is
then asked through the app, over a wrapper of the store that counts the rows
every query hands back: a page may read at most :data:`ROW_BOUND` rows,
although the lists it pages through are many times longer. Not timed: speed
is measured by benchmarks/pages.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from kg.build import source_files
from kg.store import OxigraphStore

#: The most rows a page may read from the store, whatever its size.
ROW_BOUND = 5_000


class CountingStore:
    """A store that counts the rows its queries answer with (every other call goes to the store itself).

    Each query is run twice: once to count every row of its answer (what a
    page that reads the whole answer reads), once for the caller, so the
    caller gets the store's own result objects.
    """

    def __init__(self, inner):
        self.inner = inner
        self.rows = 0

    def query(self, *args, **kwargs):
        counted = self.inner.query(*args, **kwargs)
        if hasattr(counted, "__iter__"):
            self.rows += sum(1 for _ in counted)
        return self.inner.query(*args, **kwargs)

    def __len__(self):
        return len(self.inner)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _innokg(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A generated 100k store with its metrics written and its snapshot prepared; (store, cache folder)."""
    folder = tmp_path_factory.mktemp("scale")
    generated = folder / "f.nq"
    _innokg("generate", "--scale", "100k", "--seed", "42", "-o", str(generated))
    path = folder / "store"
    store = OxigraphStore.open(path)
    for source, graph in source_files():
        store.bulk_load(source, graph=graph)
    store.bulk_load(generated)
    store.optimize()
    store.close()
    cache = folder / "cache"
    prepared = subprocess.run([sys.executable, "-m", "kg", "--store", str(path), "metrics", "-n", "all", "--write",
                               "--top", "1"], capture_output=True, text=True, timeout=1800,
                              env={**os.environ, "INNOKG_CACHE": str(cache)})
    assert prepared.returncode == 0, prepared.stderr[-2000:]
    return path, cache, prepared.stderr


@pytest.fixture(scope="module")
def pages(big):
    path, cache, _ = big
    patch = pytest.MonkeyPatch()
    patch.setenv("INNOKG_CACHE", str(cache))
    store = CountingStore(OxigraphStore.open(path, read_only=True))
    client = TestClient(create_app(store))
    yield store, client
    patch.undo()
    store.inner.close()


def _get(pages, url: str):
    store, client = pages
    store.rows = 0
    answer = client.get(url)
    return answer, store.rows


def test_metrics_write_prepares_the_pages_and_says_what_it_does(big):
    _, _, progress = big
    lines = [line.removeprefix("innokg metrics: ") for line in progress.splitlines()
             if line.startswith("innokg metrics: ") and "… (" not in line]
    assert lines[0].startswith("counting the data outside the metrics graphs: done in ")  # once, for the four runs
    assert lines[1].startswith("preparing the pages' data for a store of ")
    assert any(line.startswith("finding the communities of ") for line in lines)
    assert not any(line.startswith("checking the stored metrics") for line in lines)  # fresh by their data key
    assert lines[-2].startswith("prepared the pages' data in ") and lines[-1].startswith("kept in ")


def test_every_page_answers_and_reads_a_bounded_number_of_rows(pages):
    store, _ = pages
    from kg.views.snapshot import prepared

    data = prepared(store)
    backbone = data["backbone"]
    hub = backbone["hubs"][0][0]
    city, kind, _ = _most_linked(store)
    university = next(iter(store.inner.query(
        "SELECT ?u WHERE { ?p ik:coBuiltBy ?u . ?u a ik:University } ORDER BY ?u LIMIT 1")))["u"].value
    urls = [
        "/?lang=en", f"/entity?iri={quote(hub, safe='')}", f"/entity?iri={quote(city, safe='')}",
        f"/entity?iri={quote(city, safe='')}&kind={quote(kind, safe='')}&offset=20",
        "/hubs", "/hubs?network=tech-transfer&page=3", "/hubs?network=funding", "/hubs?network=cities",
        f"/chain?from={quote(university, safe='')}", "/funding", "/funding?from=2020&to=2022", "/coverage",
        "/coverage?page=3", "/views/ecosystem", "/views/ecosystem?community=1",
        f"/views/ego?entity={quote(hub, safe='')}", f"/views/chain?from={quote(university, safe='')}",
        "/views/ranking", "/queries", "/queries/top10-overall", "/query", "/map", "/search?q=%E4%B8%8A%E6%B5%B7",
    ]
    from kg.search_index import label_index

    label_index(store)  # the search box's index: built once per snapshot (a server process's warm-up starts it)
    read = {}
    for url in urls:
        answer, rows = _get(pages, url)
        assert answer.status_code == 200, (url, answer.text[-500:])
        read[url] = rows
    assert max(read.values()) <= ROW_BOUND, read
    # what an unbounded page would have read is many times the bound: the graph, the ecosystem's links
    assert data["summary"]["triples"] > 20 * ROW_BOUND and data["summary"]["links"] > 2 * ROW_BOUND, data["summary"]


def _most_linked(store) -> tuple[str, str, int]:
    """The entity with the most links of one kind pointing at it: (entity, property, count)."""
    row = next(iter(store.inner.query(
        "SELECT ?o ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s) && ?p != rdf:type "
        "&& STRSTARTS(STR(?o), 'https://w3id.org/innokg/id/')) } GROUP BY ?o ?p ORDER BY DESC(?n) ?o ?p LIMIT 1")))
    return row["o"].value, row["p"].value, int(row["n"].value)


def test_ecosystem_view_shows_hubs_and_communities_and_a_click_opens_one(pages):
    store, _ = pages
    from kg.views.snapshot import prepared

    backbone = prepared(store)["backbone"]
    shown = len(backbone["communities"])
    page, _ = _get(pages, "/views/ecosystem?lang=en")
    assert (f"showing the 300 top hubs and {shown} communities of {backbone['total_nodes']:,} nodes"
            in page.text)
    assert "/views/ecosystem?community=1" in page.text
    first = backbone["communities"][0]
    community, _ = _get(pages, "/views/ecosystem?community=1&lang=en")
    assert f"Community 1 of the ecosystem ({first['size']:,} nodes)" in community.text
    assert _get(pages, f"/views/ecosystem?community={shown + 1}")[0].status_code == 404


def test_hubs_page_reads_a_page_of_stored_ranks(pages):
    store, _ = pages
    from kg.network.writeback import read_metrics
    from kg.views.stored import stored_rows

    page_rows = stored_rows(store.inner, "tech-transfer", 201, 100)
    every = read_metrics(store.inner, "tech-transfer")[200:300]  # the whole run, as `innokg metrics` reads it
    assert [{key: row[key] for key in every[0]} for row in page_rows] == every
    third = page_rows[0]
    page, _ = _get(pages, "/hubs?network=tech-transfer&page=3&lang=en")
    rows = [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", page.text, re.S) if "<td" in row]
    assert len(rows) == 100 and rows[0][0] == "201" and rows[-1][0] == "300"
    assert rows[0][1] == (third["label_en"] or third["label_zh"])
    assert "Metrics read from the graph, as written on" in page.text and "(still fresh)" in page.text


def test_entity_page_pages_through_the_links_of_a_kind(pages):
    store, _ = pages
    entity, kind, count = _most_linked(store)
    assert count > ROW_BOUND // 10
    page, _ = _get(pages, f"/entity?iri={quote(entity, safe='')}&lang=en")
    assert f"1–20 of {count:,}" in page.text and f"and {count - 20:,} more" in page.text
    second, _ = _get(pages, f"/entity?iri={quote(entity, safe='')}&kind={quote(kind, safe='')}&offset=20&lang=en")
    assert f"21–40 of {count:,}" in second.text and f"and {count - 40:,} more" in second.text
