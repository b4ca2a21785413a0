"""The metric registry: one entry per measure a hub score row holds, the one place that names them.

Each :class:`Metric` ties a row key of :func:`kg.network.report.compute_metrics`
to the ontology property that stores it (``ontology/metrics.ttl``), its
labels in Chinese and English (equal to the property's ``rdfs:label``, which
a test checks), its definitions (the property's ``skos:definition``),
its datatype and how it is shown. The report, the write-back, the stored-run
reader, the hubs page, the GraphML/GEXF export and ``innokg metrics --help``
read it, so adding a metric is one entry here, one property in the ontology
and the code that computes it.

Examples
--------
>>> metric = METRICS["betweenness"]
>>> metric.prop, metric.label_zh, metric.label_en, metric.show(0.123456)
('betweenness', '介数中心性', 'betweenness', '0.1235')
>>> [metric.key for metric in page_metrics()][:3]
['hub_score', 'degree', 'betweenness']
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import IK

__all__ = ["Metric", "METRICS", "ROLE_LABELS", "REPORT_TABLE", "HUBS_PAGE", "page_metrics", "role_label"]


@dataclass(frozen=True)
class Metric:
    """One measure of a hub score row.

    Attributes
    ----------
    key : str
        The row key (report column, CSV header, JSON field, GraphML/GEXF node attribute).
    prop : str
        The local name of its ``ik:`` property on an ``ik:HubScore``.
    label_zh, label_en : str
        The property's ``rdfs:label`` in ``zh-Hans`` and ``en`` (page column headers).
    description, description_zh : str
        The property's ``skos:definition`` in English and in Chinese.
    datatype : {'integer', 'double', 'string'}
        The XSD datatype of the stored value.
    """

    key: str
    prop: str
    label_zh: str
    label_en: str
    description: str
    description_zh: str
    datatype: str

    @property
    def iri(self) -> str:
        """The full IRI of the ontology property.

        >>> METRICS["rank"].iri
        'https://w3id.org/innokg/ont#hubRank'
        """
        return IK + self.prop

    def label(self, lang: str) -> str:
        """The label in ``lang`` (``zh`` or ``en``).

        >>> METRICS["core"].label("zh"), METRICS["core"].label("en")
        ('k-核', 'k-core')
        """
        return self.label_zh if lang == "zh" else self.label_en

    def show(self, value) -> str:
        """The value as a table cell: doubles with four decimals, the rest as text.

        >>> METRICS["pagerank"].show(0.5), METRICS["degree"].show(7), METRICS["role"].show("liaison")
        ('0.5000', '7', 'liaison')
        """
        if self.datatype == "double" and isinstance(value, float):
            return f"{value:.4f}"
        return str(value)


def _metrics(*entries: tuple[str, ...]) -> dict[str, Metric]:
    return {entry[0]: Metric(*entry) for entry in entries}


#: Every measure of a hub score row, by key, in report column order (after node, labels and element).
METRICS = _metrics(
    ("rank", "hubRank", "枢纽排名", "hub rank",
     "The node's rank by hub score in its network, 1 being the highest.",
     "节点在其网络中按枢纽得分的排名，1 为最高。", "integer"),
    ("hub_score", "hubScore", "枢纽得分", "hub score",
     "The mean of degree, betweenness, harmonic closeness and eigenvector centrality, each divided by its "
     "maximum in the network (0 to 1).",
     "度、介数中心性、调和接近中心性和特征向量中心性各自除以网络中最大值后的平均数（0 到 1）。", "double"),
    ("degree", "degree", "度", "degree",
     "The number of distinct neighbours of a node, either direction.",
     "节点不同邻居的数量（不分方向）。", "integer"),
    ("weighted_degree", "weightedDegree", "加权度", "weighted degree",
     "The sum of the weights of the edges at a node, in and out.",
     "节点所有入边和出边权重之和。", "double"),
    ("pagerank", "pageRank", "PageRank", "PageRank",
     "The node's PageRank on the weighted, directed network.",
     "节点在加权有向网络上的 PageRank 值。", "double"),
    ("betweenness", "betweenness", "介数中心性", "betweenness",
     "The normalized share of shortest paths between other nodes that pass through the node.",
     "其他节点之间的最短路径中经过该节点的比例（归一化）。", "double"),
    ("harmonic", "harmonicCloseness", "调和接近中心性", "harmonic closeness",
     "The mean over other nodes of one over their distance to the node (0 when unreachable).",
     "其他节点到该节点距离倒数的平均值（不可达时计 0）。", "double"),
    ("eigenvector", "eigenvectorCentrality", "特征向量中心性", "eigenvector",
     "The node's entry in the leading eigenvector of the undirected adjacency matrix (unit norm).",
     "节点在无向邻接矩阵主特征向量中的分量（单位范数）。", "double"),
    ("hits_hub", "hitsHub", "HITS 枢纽值", "HITS hub",
     "The node's HITS hub score: it points to good authorities.",
     "节点的 HITS 枢纽值：它指向好的权威。", "double"),
    ("hits_authority", "hitsAuthority", "HITS 权威值", "HITS authority",
     "The node's HITS authority score: good hubs point to it.",
     "节点的 HITS 权威值：好的枢纽指向它。", "double"),
    ("core", "coreNumber", "k-核", "k-core",
     "The largest k such that the node is in the k-core of the undirected network.",
     "使该节点位于无向网络 k-核中的最大 k 值。", "integer"),
    ("brokerage", "brokerageCount", "中介路径数", "brokerage count",
     "How many open two-step paths the node brokers (Gould-Fernandez, all roles).",
     "该节点所中介的开放两步路径数（Gould-Fernandez，全部角色）。", "integer"),
    ("role", "brokerageRole", "中介角色", "brokerage role",
     "The Gould-Fernandez role with the most brokered paths (coordinator, itinerant, representative, "
     "gatekeeper, liaison, or none).",
     "中介路径最多的 Gould-Fernandez 角色（协调者、顾问、代表、守门人、联络者或无）。", "string"),
    ("coordinator", "coordinatorCount", "协调者路径数", "coordinator count",
     "Brokered paths whose three nodes are of one ecosystem element.",
     "三个节点属于同一生态要素的中介路径数。", "integer"),
    ("itinerant", "itinerantCount", "顾问路径数", "itinerant count",
     "Brokered paths whose ends share an element that the broker does not.",
     "两端同属一要素、而中介者不属于该要素的中介路径数。", "integer"),
    ("representative", "representativeCount", "代表路径数", "representative count",
     "Brokered paths a → b → c where the broker b shares a's element and c's differs.",
     "中介路径 a → b → c 中，中介者 b 与 a 同属一要素而 c 不同的路径数。", "integer"),
    ("gatekeeper", "gatekeeperCount", "守门人路径数", "gatekeeper count",
     "Brokered paths a → b → c where the broker b shares c's element and a's differs.",
     "中介路径 a → b → c 中，中介者 b 与 c 同属一要素而与 a 不同的路径数。", "integer"),
    ("liaison", "liaisonCount", "联络者路径数", "liaison count",
     "Brokered paths whose three nodes are of three different elements.",
     "三个节点分属三个不同要素的中介路径数。", "integer"),
)

#: Gould–Fernandez brokerage role -> (zh, en), the values of ``role``.
ROLE_LABELS = {
    "coordinator": ("协调者", "coordinator"), "itinerant": ("顾问", "itinerant"),
    "representative": ("代表", "representative"), "gatekeeper": ("守门人", "gatekeeper"),
    "liaison": ("联络者", "liaison"), "none": ("无", "none"),
}

#: The metrics ``innokg metrics`` prints as a table (CSV and JSON carry them all), in order.
REPORT_TABLE = ("rank", "hub_score", "degree", "pagerank", "betweenness", "harmonic", "eigenvector", "hits_hub",
                "hits_authority", "core", "brokerage", "role")

#: The metric columns of the hubs page, in order (after rank, entity and element).
HUBS_PAGE = ("hub_score", "degree", "betweenness", "pagerank", "harmonic", "eigenvector", "hits_hub",
             "hits_authority", "core", "role")


def page_metrics() -> list[Metric]:
    """The metrics of the hubs page, in column order.

    >>> [metric.label_en for metric in page_metrics()][-2:]
    ['k-core', 'brokerage role']
    """
    return [METRICS[key] for key in HUBS_PAGE]


def role_label(role: str, lang: str) -> str:
    """The name of a brokerage role in ``lang`` (``zh`` or ``en``); an unknown role as given.

    >>> role_label("gatekeeper", "zh"), role_label("liaison", "en"), role_label("other", "zh")
    ('守门人', 'liaison', 'other')
    """
    return ROLE_LABELS.get(role, (role, role))[0 if lang == "zh" else 1]
