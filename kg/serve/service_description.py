"""A SPARQL 1.1 Service Description of the endpoint, as RDF.

It says where the endpoint is, which languages and result formats it
speaks, that the default graph is the union of the named graphs, and lists
the named graphs with their sizes (VoID ``void:triples``). The default
graph is the union of the named graphs, so it gets no size of its own.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.serve.protocol import FORMAT_IRIS

__all__ = ["SD", "service_description"]

#: The Service Description namespace.
SD = "http://www.w3.org/ns/sparql-service-description#"
_VOID = "http://rdfs.org/ns/void#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def service_description(endpoint: str, graph_sizes: dict[str | None, int], *, update: bool = False,
                        format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> bytes:
    """Describe the endpoint at ``endpoint``.

    Parameters
    ----------
    endpoint : str
        The endpoint's absolute URL.
    graph_sizes : dict of str to int
        Named graph -> number of triples (as :meth:`kg.store.GraphStore.graph_sizes` gives).
    update : bool, optional
        Whether SPARQL Update is enabled.
    format : pyoxigraph.RdfFormat, optional

    Returns
    -------
    bytes

    Examples
    --------
    >>> text = service_description("http://127.0.0.1:8000/sparql", {"http://e/g": 2}).decode()
    >>> "sd:endpoint <http://127.0.0.1:8000/sparql>" in text, "sd:UnionDefaultGraph" in text
    (True, True)
    """
    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("default")
    triples = [
        ox.Triple(service, _RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, _RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, _RDF_TYPE, sd("Graph")),
    ]
    if update:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for format_iri in FORMAT_IRIS.values():
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(format_iri)))
    for number, (name, size) in enumerate(graph_sizes.items()):
        if name is None:
            continue
        named, graph = ox.BlankNode(f"named{number}"), ox.BlankNode(f"graph{number}")
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, _RDF_TYPE, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(name)),
            ox.Triple(named, sd("graph"), graph),
            ox.Triple(graph, _RDF_TYPE, sd("Graph")),
            ox.Triple(graph, ox.NamedNode(_VOID + "triples"),
                      ox.Literal(str(size), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
        ]
    prefixes = {"sd": SD, "void": _VOID} if format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=format, prefixes=prefixes)
