"""The per-snapshot preparation: freshness from the data key, the communities, the endpoint key's TTL (issue 20)."""

from __future__ import annotations

import pytest

from kg.build import build_memory
from kg.network import compute_metrics, project, write_metrics
from kg.network.writeback import data_key, stored_runs
from kg.store import OxigraphStore
from kg.views import snapshot
from kg.views.backbone import louvain, metric_statuses


class CountingEndpoint:
    """A real store seen as a store elsewhere (``local`` False), counting how often it is counted."""

    local = False
    read_only = False

    def __init__(self, inner):
        self.inner = inner
        self.counted = 0

    def __len__(self):
        self.counted += 1
        return len(self.inner)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_run_with_the_data_key_is_fresh_without_projecting_and_stale_after_an_import():
    store = build_memory()
    write_metrics(store, compute_metrics(project(store, "funding")))
    lines = []
    statuses = metric_statuses(store, lines.append)
    assert statuses["funding"]["status"] == "fresh" and statuses["actors"] == {"status": "not written"}
    assert not any(line.startswith("checking the stored metrics") for line in lines), lines
    before = stored_runs(store)["funding"].data_key
    store.load(b"<https://w3id.org/innokg/id/org/new-firm> <http://www.w3.org/2000/01/rdf-schema#label> "
               b"\"New firm\"@en .", "turtle", graph="https://w3id.org/innokg/graph/extra")
    assert data_key(store) != before
    lines.clear()
    statuses = metric_statuses(store, lines.append)
    # the data changed: the run is checked by projecting; the funding network itself did not change
    assert statuses["funding"]["status"] == "fresh"
    assert [line.split(":")[0] for line in lines if line.startswith("checking")] == [
        "checking the stored metrics of funding"]
    store.update("DELETE WHERE { GRAPH ?g { ?flow <https://w3id.org/innokg/ont#recipient> ?r } }")
    assert metric_statuses(store, lines.append)["funding"]["status"] == "stale"


def test_louvain_is_seeded_and_finds_the_two_triangles():
    weights = {("a", "b"): 3, ("b", "c"): 3, ("a", "c"): 3, ("d", "e"): 3, ("e", "f"): 3, ("d", "f"): 3, ("c", "d"): 1}
    first = sorted(sorted(members) for members in louvain(list("abcdef"), weights))
    assert first == [["a", "b", "c"], ["d", "e", "f"]]
    assert sorted(sorted(members) for members in louvain(list("abcdef"), weights)) == first


def test_the_key_of_a_store_elsewhere_is_kept_for_the_ttl(monkeypatch):
    store = CountingEndpoint(OxigraphStore.memory())
    first = snapshot.snapshot_key(store)
    assert store.counted == 1
    store.inner.load(b"<http://e/a> <http://e/p> 1 .", "turtle", graph="http://e/g")
    assert [snapshot.snapshot_key(store) for _ in range(5)] == [first] * 5
    assert store.counted == 1  # no page counts the store again within the TTL
    monkeypatch.setattr(snapshot, "KEY_TTL", 0.0)
    assert snapshot.snapshot_key(store) != first and store.counted == 2


def test_metrics_write_all_prepares_the_pages(tmp_path, monkeypatch, capsys):
    from kg.cli.main import main

    monkeypatch.setenv("INNOKG_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "store"
    with OxigraphStore.open(path) as store:
        store.inner.extend(build_memory().quads())
    assert main(["--store", str(path), "metrics", "-n", "all", "--write", "--top", "1"]) == 0
    err = capsys.readouterr().err
    written = [line for line in err.splitlines() if line.startswith("wrote ")]
    assert [line.rsplit("/", 1)[-1] for line in written] == ["actors>", "cities>", "funding>", "tech-transfer>"]
    assert "innokg metrics: preparing the pages' data for a store of " in err
    assert "checking the stored metrics" not in err  # every run is fresh by its data key
    with OxigraphStore.open(path, read_only=True) as store:
        data = snapshot.prepared(store)
        assert {name: status["status"] for name, status in data["metrics"].items()} == {
            "actors": "fresh", "cities": "fresh", "funding": "fresh", "tech-transfer": "fresh"}


@pytest.mark.parametrize("network, elements", [
    ("actors", {"actor": 9, "talent": 3, "other": 3, "environment": 2}),
    ("tech-transfer", {"actor": 10, "environment": 7, "talent": 2}),
])
def test_projection_reads_the_elements_and_labels_of_its_nodes_only(network, elements):
    from collections import Counter

    graph = project(build_memory(), network)
    assert dict(Counter(data["element"] for _, data in graph.nodes(data=True))) == elements
    assert graph.nodes["https://w3id.org/innokg/id/org/huanshangda-science-park"] == {
        "label_zh": "环上大科技园", "label_en": "Huanshangda Science Park", "element": "environment"}


def test_an_unprepared_big_store_shows_its_stored_top_hubs_and_says_what_is_missing(tmp_path, monkeypatch):
    from kg.views.network import ecosystem_view

    monkeypatch.setenv("INNOKG_CACHE", str(tmp_path))
    monkeypatch.setattr(snapshot, "SMALL_STORE", 0)  # every store is big: nothing is computed while a page waits
    store = build_memory()
    report = compute_metrics(project(store, "actors"))
    write_metrics(store, report)
    assert snapshot.prepared(store) is None
    view = ecosystem_view(store, "en", max_nodes=5)
    assert [node.id for node in view.graph.nodes] == [row["node"] for row in report.rows[:5]]
    assert view.shown("en").startswith("showing the 5 top hubs of the actors network's stored metrics; "
                                       "no communities: this store is too big")
    assert "innokg metrics --network all --write" in view.shown("en")


def test_a_big_first_write_bulk_loads_the_scores_and_adds_the_run_last(monkeypatch):
    from kg.network import writeback

    monkeypatch.setattr(writeback, "BULK_FROM", 1)
    store = build_memory()
    report = compute_metrics(project(store, "tech-transfer"))
    written = write_metrics(store, report)
    assert written == len(store.export("nquads", graph=writeback.metrics_graph("tech-transfer")).splitlines())
    assert stored_runs(store)["tech-transfer"].fingerprint == report.fingerprint
    stored = writeback.read_metrics(store, "tech-transfer")
    assert [(row["node"], row["rank"], row["hub_score"]) for row in stored] == [
        (row["node"], row["rank"], row["hub_score"]) for row in report.rows]


def test_metrics_of_all_networks_as_csv_is_refused_in_one_line(tmp_path, capsys):
    from kg.cli.main import main

    path = tmp_path / "store"
    with OxigraphStore.open(path) as store:
        store.inner.extend(build_memory().quads())
    assert main(["--store", str(path), "metrics", "-n", "all", "-f", "csv"]) == 2
    assert capsys.readouterr().err.strip() == (
        "innokg: error: --network all prints a table or JSON for each network; CSV takes one network (-n NAME)")
