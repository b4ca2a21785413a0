"""The shapes of the JSON API's answers, for the OpenAPI schema."""

from __future__ import annotations

from typing import Optional, Union

from pydantic import BaseModel, Field

__all__ = [
    "Health", "Term", "GraphProvenance", "Fact", "InboundLink", "Entity", "SearchHit", "SearchResults",
    "QueryParam", "SavedQueryInfo", "SavedQueryList", "SavedQueryDetail", "SavedQueryResult",
    "EntityRef", "RankingRow", "Ranking", "RankingEntry", "RankingCatalog",
]

Labels = dict[str, str]


class Health(BaseModel):
    """The service is up; the number of quads it serves."""

    status: str = Field(examples=["ok"])
    triples: int


class Term(BaseModel):
    """An RDF term: ``uri`` (with labels when known), ``literal`` (with ``lang`` or ``datatype``) or ``bnode``."""

    type: str = Field(examples=["uri"])
    value: str
    lang: Optional[str] = None
    datatype: Optional[str] = None
    labels: Optional[Labels] = None
    facts: Optional[list["BlankFact"]] = Field(None, description="The facts of a blank node value")


class BlankFact(BaseModel):
    property: Term
    value: Term


class GraphProvenance(BaseModel):
    """The named graph that holds a fact, and where its facts come from."""

    type: str = "uri"
    value: str = Field(description="The graph IRI")
    labels: Labels = {}
    assertion_mode: Optional[str] = Field(None, description="stated, inferred or reference")
    sources: list[Term] = Field(description="The source sections the graph was derived from")


class Fact(BaseModel):
    property: Term
    value: Term
    graph: GraphProvenance


class InboundLink(BaseModel):
    subject: Term
    property: Term
    graph: Term


class Entity(BaseModel):
    """Everything the graph says about one entity, each fact with its provenance."""

    iri: str
    id: Optional[str] = Field(None, description="The IRI relative to https://w3id.org/innokg/id/")
    labels: Labels = Field(examples=[{"en": "Beijing", "zh": "北京"}])
    alt_labels: dict[str, list[str]]
    types: list[Term]
    facts: list[Fact]
    inbound: list[InboundLink]
    inbound_truncated: bool


class SearchHit(BaseModel):
    iri: str
    id: Optional[str]
    labels: Labels
    types: list[str]
    matched_label: str
    match: str = Field(description="exact, prefix or substring")


class SearchResults(BaseModel):
    q: str
    results: list[SearchHit]


class QueryParam(BaseModel):
    name: str
    type: str = Field(examples=["xsd:integer"])
    default: Optional[str]
    description: str


class SavedQueryInfo(BaseModel):
    id: str
    title: str
    title_zh: str
    question: str
    question_zh: str
    params: list[QueryParam]
    json_url: str
    csv_url: str


class SavedQueryList(BaseModel):
    queries: list[SavedQueryInfo]


class SavedQueryDetail(SavedQueryInfo):
    sparql: str


class SavedQueryResult(BaseModel):
    """A saved query's answer: plain JSON values, numbers for numeric literals."""

    query: str
    params: dict[str, Optional[str]]
    variables: Optional[list[str]] = None
    rows: Optional[list[dict[str, Union[int, float, bool, str, None]]]] = None
    boolean: Optional[bool] = None
    truncated: bool = False


class EntityRef(BaseModel):
    iri: str
    id: str
    labels: Labels


class RankingRow(BaseModel):
    rank: Optional[int]
    rank_at_most: Optional[int]
    approximate_rank: Optional[int]
    city: EntityRef
    country: Optional[EntityRef]
    previous_rank: Optional[int]
    rank_change: Optional[int]
    trend: Optional[EntityRef]
    consecutive_editions: Optional[int]
    first_time: Optional[bool]
    stated_as: Optional[str]
    value_qualifier: Optional[EntityRef]
    observation: str
    sources: list[str]


class Ranking(BaseModel):
    index: str
    edition: int
    dimension: str
    dimension_labels: Labels
    rows: list[RankingRow]


class RankingEntry(BaseModel):
    index: str
    index_labels: Labels
    edition: int
    edition_labels: Labels
    dimension: str
    dimension_labels: Labels
    observations: int
    url: str


class RankingCatalog(BaseModel):
    rankings: list[RankingEntry]
