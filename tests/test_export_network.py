"""Networks for Gephi and Cytoscape: GEXF and GraphML with labels and metrics on the nodes."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.build import build, build_memory
from kg.cli.main import main
from kg.errors import InnokgError
from kg.exporting.network import write_network

LI_YUYANG = "https://w3id.org/innokg/id/person/li-yuyang"
METRICS = {"rank", "hub_score", "degree", "weighted_degree", "pagerank", "betweenness", "harmonic", "eigenvector",
           "hits_hub", "hits_authority", "core", "brokerage", "role"}


@pytest.fixture(scope="module")
def seed():
    return build_memory()


def test_gexf_opens_in_networkx_with_the_metrics_as_attributes(seed, tmp_path):
    written = write_network(seed, "tech-transfer", tmp_path / "transfer.gexf")
    read = nx.read_gexf(tmp_path / "transfer.gexf")
    assert read.is_directed()
    assert sorted(read.nodes) == sorted(written.nodes)
    assert read.number_of_edges() == written.number_of_edges()
    node = read.nodes[LI_YUYANG]
    assert METRICS <= set(node)
    assert (node["label"], node["label_zh"], node["label_en"], node["element"]) == ("李宇阳", "李宇阳", "Li Yuyang", "talent")
    assert node["hub_score"] == pytest.approx(written.nodes[LI_YUYANG]["hub_score"])
    assert node["degree"] == written.nodes[LI_YUYANG]["degree"]


def test_graphml_keeps_edge_relations_as_text(seed, tmp_path):
    written = write_network(seed, "actors", tmp_path / "actors.graphml")
    read = nx.read_graphml(tmp_path / "actors.graphml")
    assert sorted(read.nodes) == sorted(written.nodes)
    source, target, data = next(iter(read.edges(data=True)))
    assert isinstance(data["relations"], str) and data["relations"] == written.edges[source, target]["relations"]
    assert read.nodes[LI_YUYANG]["rank"] == written.nodes[LI_YUYANG]["rank"]


def test_without_metrics_only_labels(seed, tmp_path):
    written = write_network(seed, "tech-transfer", tmp_path / "t.gexf", metrics=False)
    assert set(written.nodes[LI_YUYANG]) == {"label", "label_zh", "label_en", "element"}


def test_an_unknown_format_is_refused(seed, tmp_path):
    with pytest.raises(InnokgError, match="unknown network format 'dot'; known formats: graphml, gexf"):
        write_network(seed, "tech-transfer", tmp_path / "t.dot")
    assert not (tmp_path / "t.dot").exists()


def test_export_network_command(tmp_path, capsys):
    build(tmp_path / "store")
    assert main(["--store", str(tmp_path / "store"), "export-network", "tech-transfer", "-o",
                 str(tmp_path / "t.gexf")]) == 0
    graph = nx.read_gexf(tmp_path / "t.gexf")
    assert capsys.readouterr().err == (f"wrote {tmp_path / 't.gexf'}: {graph.number_of_nodes()} nodes, "
                                       f"{graph.number_of_edges()} edges\n")
