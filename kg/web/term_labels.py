"""Labels in Chinese and English for the standard terms the pages show, and dates shown as dates.

innokg's own terms carry ``rdfs:label`` in zh-Hans and en in the ontology;
the W3C and other vocabularies it reuses (RDF, RDFS, OWL, SKOS, PROV, ORG,
OWL-Time, WGS84, GeoSPARQL, DCTERMS, schema.org, the Data Cube) are not
loaded, so their terms have no label in the graph and a page would show
``rdf:type`` or ``skos:altLabel``. :data:`STANDARD_LABELS` names the ones
the graph uses; :func:`term_label` prefers the graph's own label.

An OWL-Time instant (``[ a time:Instant ; time:inXSDDate "2020-11-30" ]``)
is shown as its date: :func:`instant_date`.

Examples
--------
>>> term_label("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", {}, "zh")
'类型'
>>> term_label("http://www.w3.org/2004/02/skos/core#altLabel", {}, "en")
'alternative label'
>>> term_label("https://w3id.org/innokg/ont#rank", {"en": "rank", "zh": "排名"}, "zh")
'排名'
"""

from __future__ import annotations

from kg.namespaces import PREFIXES, shorten

__all__ = ["STANDARD_LABELS", "DATE_PROPERTIES", "term_label", "instant_date"]

_P = PREFIXES

#: IRI -> {"zh": label, "en": label} for the reused vocabularies' terms the graph states.
STANDARD_LABELS: dict[str, dict[str, str]] = {
    _P["rdf"] + "type": {"zh": "类型", "en": "type"},
    _P["rdf"] + "first": {"zh": "首项", "en": "first item"},
    _P["rdf"] + "rest": {"zh": "其余各项", "en": "rest of the list"},
    _P["rdfs"] + "label": {"zh": "名称", "en": "label"},
    _P["rdfs"] + "seeAlso": {"zh": "另见", "en": "see also"},
    _P["rdfs"] + "domain": {"zh": "定义域", "en": "domain"},
    _P["rdfs"] + "range": {"zh": "值域", "en": "range"},
    _P["rdfs"] + "subClassOf": {"zh": "上位类", "en": "subclass of"},
    _P["rdfs"] + "subPropertyOf": {"zh": "上位属性", "en": "subproperty of"},
    _P["owl"] + "disjointWith": {"zh": "与之不相交", "en": "disjoint with"},
    _P["owl"] + "inverseOf": {"zh": "逆属性", "en": "inverse of"},
    _P["owl"] + "members": {"zh": "成员", "en": "members"},
    _P["owl"] + "propertyChainAxiom": {"zh": "属性链", "en": "property chain"},
    _P["owl"] + "versionIRI": {"zh": "版本 IRI", "en": "version IRI"},
    _P["owl"] + "versionInfo": {"zh": "版本", "en": "version"},
    _P["owl"] + "Class": {"zh": "类", "en": "class"},
    _P["owl"] + "ObjectProperty": {"zh": "对象属性", "en": "object property"},
    _P["owl"] + "DatatypeProperty": {"zh": "数据属性", "en": "datatype property"},
    _P["owl"] + "AnnotationProperty": {"zh": "注释属性", "en": "annotation property"},
    _P["owl"] + "SymmetricProperty": {"zh": "对称属性", "en": "symmetric property"},
    _P["owl"] + "TransitiveProperty": {"zh": "传递属性", "en": "transitive property"},
    _P["owl"] + "Ontology": {"zh": "本体", "en": "ontology"},
    _P["owl"] + "AllDisjointClasses": {"zh": "两两不相交的类", "en": "pairwise disjoint classes"},
    _P["skos"] + "prefLabel": {"zh": "首选名称", "en": "preferred label"},
    _P["skos"] + "altLabel": {"zh": "别名", "en": "alternative label"},
    _P["skos"] + "definition": {"zh": "定义", "en": "definition"},
    _P["skos"] + "scopeNote": {"zh": "范围注释", "en": "scope note"},
    _P["skos"] + "notation": {"zh": "代码", "en": "notation"},
    _P["skos"] + "inScheme": {"zh": "所属概念体系", "en": "in scheme"},
    _P["skos"] + "topConceptOf": {"zh": "顶层概念所属体系", "en": "top concept of"},
    _P["skos"] + "hasTopConcept": {"zh": "顶层概念", "en": "has top concept"},
    _P["skos"] + "Concept": {"zh": "概念", "en": "concept"},
    _P["skos"] + "ConceptScheme": {"zh": "概念体系", "en": "concept scheme"},
    _P["prov"] + "wasDerivedFrom": {"zh": "出自", "en": "derived from"},
    _P["prov"] + "wasAttributedTo": {"zh": "归属于", "en": "attributed to"},
    _P["org"] + "member": {"zh": "成员", "en": "member"},
    _P["org"] + "organization": {"zh": "组织", "en": "organization"},
    _P["org"] + "role": {"zh": "角色", "en": "role"},
    _P["org"] + "subOrganizationOf": {"zh": "上级组织", "en": "part of organization"},
    _P["org"] + "Role": {"zh": "角色", "en": "role"},
    _P["time"] + "inXSDDate": {"zh": "日期", "en": "date"},
    _P["time"] + "inXSDgYear": {"zh": "年份", "en": "year"},
    _P["time"] + "inXSDgYearMonth": {"zh": "年月", "en": "month"},
    _P["time"] + "inXSDDateTime": {"zh": "日期时间", "en": "date and time"},
    _P["time"] + "inXSDDateTimeStamp": {"zh": "日期时间", "en": "date and time"},
    _P["time"] + "Instant": {"zh": "时间点", "en": "instant"},
    _P["geo"] + "lat": {"zh": "纬度", "en": "latitude"},
    _P["geo"] + "long": {"zh": "经度", "en": "longitude"},
    _P["geosparql"] + "asWKT": {"zh": "几何（WKT）", "en": "geometry (WKT)"},
    _P["geosparql"] + "hasGeometry": {"zh": "几何", "en": "geometry"},
    _P["geosparql"] + "Geometry": {"zh": "几何", "en": "geometry"},
    _P["dcterms"] + "title": {"zh": "标题", "en": "title"},
    _P["dcterms"] + "creator": {"zh": "作者", "en": "creator"},
    _P["dcterms"] + "publisher": {"zh": "出版者", "en": "publisher"},
    _P["dcterms"] + "isPartOf": {"zh": "所属", "en": "part of"},
    _P["dcterms"] + "license": {"zh": "许可", "en": "licence"},
    _P["schema"] + "value": {"zh": "数值", "en": "value"},
    _P["schema"] + "minValue": {"zh": "下限", "en": "minimum"},
    _P["schema"] + "maxValue": {"zh": "上限", "en": "maximum"},
    _P["schema"] + "currency": {"zh": "币种", "en": "currency"},
    _P["schema"] + "unitCode": {"zh": "单位代码", "en": "unit code"},
    _P["schema"] + "unitText": {"zh": "单位", "en": "unit"},
    _P["qb"] + "component": {"zh": "组成部分", "en": "component"},
    _P["qb"] + "dimension": {"zh": "维度", "en": "dimension"},
    _P["qb"] + "measure": {"zh": "度量", "en": "measure"},
    _P["qb"] + "attribute": {"zh": "属性", "en": "attribute"},
    _P["qb"] + "codeList": {"zh": "代码表", "en": "code list"},
    _P["qb"] + "order": {"zh": "顺序", "en": "order"},
    _P["qb"] + "componentRequired": {"zh": "必需", "en": "required"},
    _P["qb"] + "DataStructureDefinition": {"zh": "数据结构定义", "en": "data structure definition"},
    _P["qb"] + "ComponentSpecification": {"zh": "组成部分说明", "en": "component specification"},
    _P["qb"] + "DimensionProperty": {"zh": "维度属性", "en": "dimension property"},
    _P["qb"] + "MeasureProperty": {"zh": "度量属性", "en": "measure property"},
    _P["qb"] + "AttributeProperty": {"zh": "属性（附加）", "en": "attribute property"},
    _P["qb"] + "CodedProperty": {"zh": "编码属性", "en": "coded property"},
    "http://purl.org/vocab/vann/preferredNamespacePrefix": {"zh": "首选前缀", "en": "preferred prefix"},
    "http://purl.org/vocab/vann/preferredNamespaceUri": {"zh": "首选命名空间", "en": "preferred namespace"},
}

#: The OWL-Time properties that give an instant's date, most precise first.
DATE_PROPERTIES = tuple(_P["time"] + name for name in (
    "inXSDDateTimeStamp", "inXSDDateTime", "inXSDDate", "inXSDgYearMonth", "inXSDgYear"))


def term_label(iri: str, labels: dict[str, str] | None, lang: str) -> str:
    """The label of ``iri`` in ``lang``: the graph's (``labels``), else :data:`STANDARD_LABELS`, else its short name.

    Examples
    --------
    >>> term_label("http://www.w3.org/ns/prov#wasDerivedFrom", None, "zh"), term_label("http://e/x#y", None, "en")
    ('出自', 'http://e/x#y')
    """
    other = "en" if lang == "zh" else "zh"
    labels = labels or {}
    known = STANDARD_LABELS.get(iri, {})
    return labels.get(lang) or known.get(lang) or labels.get(other) or known.get(other) or shorten(iri)


def instant_date(facts: list[dict]) -> str | None:
    """The date of an OWL-Time instant from its facts (``{"property": {"value"}, "value": {"value"}}``), else None.

    A date-time at midnight is shown as its date.

    Examples
    --------
    >>> instant_date([{"property": {"value": DATE_PROPERTIES[2]}, "value": {"value": "2020-11-30"}}])
    '2020-11-30'
    >>> instant_date([{"property": {"value": DATE_PROPERTIES[1]}, "value": {"value": "2025-01-02T00:00:00"}}])
    '2025-01-02'
    >>> instant_date([]) is None
    True
    """
    found = {fact["property"]["value"]: fact["value"]["value"] for fact in facts}
    for prop in DATE_PROPERTIES:
        if prop in found:
            text = found[prop]
            return text.removesuffix("T00:00:00").removesuffix("T00:00:00Z")
    return None
