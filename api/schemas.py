"""The shapes of the JSON API's answers, and of the parameters that name things, for the OpenAPI schema."""

from __future__ import annotations

from typing import Any, Optional, Union

from fastapi import Path, Query
from pydantic import BaseModel, Field

from kg.user_input import ENTITY_PATTERN, LANGUAGE_PATTERN, MAX_LENGTH, NAME_PATTERN

__all__ = [
    "Health", "Term", "GraphProvenance", "Fact", "InboundLink", "Entity", "SearchHit", "SearchResults",
    "QueryParam", "SavedQueryInfo", "SavedQueryList", "SavedQueryDetail", "SavedQueryResult",
    "EntityRef", "RankingRow", "Ranking", "RankingEntry", "RankingCatalog",
    "ChainLabel", "ChainSection", "ChainSource", "ChainStep", "Chain", "Chains",
    "lang_query", "name_query", "entity_query", "entity_path", "name_path", "enum_path",
]

Labels = dict[str, str]


class Health(BaseModel):
    """The service is up; the number of quads it serves."""

    status: str = Field(examples=["ok"])
    triples: int


class Term(BaseModel):
    """An RDF term as SPARQL 1.1 JSON results write it: ``uri`` (with labels when known), ``literal`` (with
    ``xml:lang``, or ``datatype`` unless a plain string), ``bnode`` or ``triple`` (its value the three terms)."""

    type: str = Field(examples=["uri"])
    value: Union[str, dict[str, Any]]
    xml_lang: Optional[str] = Field(None, alias="xml:lang")
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


class ChainLabel(BaseModel):
    """An entity of a chain: its IRI and its labels (either may be null)."""

    iri: str
    zh: Optional[str] = None
    en: Optional[str] = None


class ChainSection(BaseModel):
    iri: str
    label: str


class ChainSource(BaseModel):
    """A named graph that holds a step, how it asserts it, and the source sections."""

    graph: str
    mode: str = Field(description="stated, inferred or reference", examples=["stated"])
    sections: list[ChainSection]


class ChainStep(BaseModel):
    """One step: ``from`` —relation→ ``to``, with its pipeline stage, date and sources."""

    model_config = {"populate_by_name": True}

    from_: ChainLabel = Field(alias="from")
    relation: str = Field(examples=["grant-through"])
    relation_en: str
    relation_zh: str
    details: list[ChainLabel] = Field(description="The role or the policy instrument of the step")
    fact: Optional[str] = Field(None, description="The n-ary fact (grant, service, role) the step comes from")
    to: ChainLabel
    stages: list[ChainLabel]
    stage_basis: str = Field(description="stated on the fact, covered by the target, implied by the relation, or empty")
    date: Optional[str] = None
    date_inferred: bool
    inferred: bool = Field(description="True when only inferred graphs hold the step")
    sources: list[ChainSource]


class Chain(BaseModel):
    """A ranked path from the actor to a firm."""

    model_config = {"populate_by_name": True}

    rank: int
    from_: ChainLabel = Field(alias="from")
    to: ChainLabel
    length: int
    inferred_steps: int
    latest_date: Optional[str] = None
    funded: bool = Field(description="The last step hands a grant to the firm")
    shortcut: bool = Field(description="Its nodes lie, in order, inside a longer chain found with it")
    intermediaries: list[ChainLabel]
    steps: list[ChainStep]


class Chains(BaseModel):
    """The chains from an actor, best first."""

    model_config = {"populate_by_name": True}

    from_: ChainLabel = Field(alias="from")
    to: Optional[ChainLabel] = None
    count: int
    chains: list[Chain]


def _documented(pattern: str, max_length: int | None = MAX_LENGTH) -> dict:
    """What the OpenAPI schema says of a parameter's text (the checks themselves are :mod:`kg.user_input`'s)."""
    return {"pattern": pattern, **({"maxLength": max_length} if max_length else {})}


def lang_query() -> Any:
    """The ``lang`` parameter of a page: a BCP 47 tag, answered in the nearest of zh and en."""
    return Query("zh", description="A BCP 47 language tag (zh, zh-Hans, en, en-US…); the page is in Chinese or "
                 "English, whichever is nearer (Chinese for other languages and when empty)",
                 examples=["zh", "en"], json_schema_extra=_documented(LANGUAGE_PATTERN, 64))


def name_query(default: Any = ..., *, alias: str | None = None, description: str = "", examples=None) -> Any:
    """A parameter naming one thing by a label, an alias, an id, a prefixed name or an IRI (no control characters)."""
    return Query(default, alias=alias, description=description, examples=examples,
                 json_schema_extra=_documented(NAME_PATTERN))


def entity_query(default: Any = ..., *, description: str = "An entity id (city/beijing), a prefixed name "
                 "(id:city/beijing) or an IRI", examples=("city/beijing",)) -> Any:
    """A parameter naming an entity by its id, a prefixed name or its IRI."""
    return Query(default, description=description, examples=list(examples),
                 json_schema_extra=_documented(ENTITY_PATTERN))


def entity_path(description: str = "e.g. city/beijing") -> Any:
    """A path parameter naming an entity by its id, a prefixed name or its IRI."""
    return Path(description=description, json_schema_extra=_documented(ENTITY_PATTERN))


def name_path(examples=None) -> Any:
    """A path parameter naming one thing (no control characters)."""
    return Path(examples=examples, json_schema_extra=_documented(NAME_PATTERN))


def enum_path(*values: str, description: str = "") -> Any:
    """A path parameter with a few known values (others answer 404)."""
    return Path(description=description, json_schema_extra={"enum": list(values)})
