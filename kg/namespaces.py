"""IRIs of the innokg namespaces, graphs and common prefixes.

``PREFIXES`` can be passed as ``prefixes=`` to pyoxigraph, so queries may
use ``ik:``, ``id:``, ``skos:`` … without declaring them.
"""

from __future__ import annotations

__all__ = [
    "INNOKG",
    "IK",
    "ID",
    "GRAPH",
    "ONTOLOGY_GRAPH",
    "QUALIFIER",
    "NETWORK",
    "HUB_SCORE",
    "RDF",
    "RDFS",
    "XSD",
    "PREFIXES",
    "expand",
    "shorten",
]

#: Root of every innokg IRI.
INNOKG = "https://w3id.org/innokg/"
#: The ontology namespace: classes and properties.
IK = INNOKG + "ont#"
#: Base of entity IRIs (``id:city/beijing``).
ID = INNOKG + "id/"
#: Base of named graph IRIs.
GRAPH = INNOKG + "graph/"
#: The named graph that holds the ontology modules.
ONTOLOGY_GRAPH = GRAPH + "ontology"
#: Base of the value qualifiers (``qualifier/lower-bound-exclusive``: "more than", 超X).
QUALIFIER = ID + "qualifier/"
#: Base of the network projections `innokg metrics --write` describes (``network/actors``).
NETWORK = ID + "network/"
#: Base of the hub score records it stores (``hub-score/NETWORK/KEY``): their network is the first step after it.
HUB_SCORE = ID + "hub-score/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Common prefixes, name -> namespace IRI.
PREFIXES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "qb": "http://purl.org/linked-data/cube#",
    "time": "http://www.w3.org/2006/time#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "geosparql": "http://www.opengis.net/ont/geosparql#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "sh": "http://www.w3.org/ns/shacl#",
    "ik": IK,
    "id": ID,
}


def expand(name: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """Expand a prefixed name whose prefix is known; return anything else unchanged.

    Parameters
    ----------
    name : str
        ``prefix:local`` or a full IRI.
    prefixes : dict of str to str, optional
        Prefix name -> namespace IRI.

    Returns
    -------
    str

    Examples
    --------
    >>> expand("id:city/beijing")
    'https://w3id.org/innokg/id/city/beijing'
    >>> expand("https://example.org/x")
    'https://example.org/x'
    """
    prefix, sep, local = name.partition(":")
    if sep and prefix in prefixes and not local.startswith("//"):
        return prefixes[prefix] + local
    return name


def shorten(iri: str, prefixes: dict[str, str] = PREFIXES) -> str:
    """Write an IRI as ``prefix:local`` with the longest matching namespace.

    Meant for display: the local part may hold characters (like ``/``) that
    SPARQL would want escaped.

    Parameters
    ----------
    iri : str
    prefixes : dict of str to str, optional

    Returns
    -------
    str
        The short form, or the IRI itself when no namespace matches.

    Examples
    --------
    >>> shorten("https://w3id.org/innokg/id/city/beijing")
    'id:city/beijing'
    >>> shorten("https://w3id.org/innokg/ont#City")
    'ik:City'
    >>> shorten("https://example.org/x")
    'https://example.org/x'
    """
    best = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(prefixes.get(best, "")):
            local = iri[len(namespace):]
            if local and not any(c in local for c in " <>\"{}|^`\\"):
                best = prefix
    return f"{best}:{iri[len(prefixes[best]):]}" if best else iri
