"""Saved queries: headers, typed parameters, running them, and formatting their results."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import InnokgError
from kg.params import Param
from kg.results import collect, render, to_csv, to_json, to_table
from kg.saved_queries import (
    SavedQueryNotFound,
    find_saved_query,
    load_saved_queries,
    parse_saved_query,
    read_saved_query,
    run_saved_query,
)

from conftest import RANKING_RQ

ID = "https://w3id.org/innokg/id/"

HEADER = """\
# id: top10-overall
# title: Top 10 global science and technology innovation centres, in order
# title@zh: 全球科技创新中心前10强（按名次）
# question: Which cities rank in the top 10 of an edition's overall ranking, in order?
# question@zh: 某一版榜单综合排名前10的城市依次是哪些？
# param: edition xsd:integer = 2025 | Edition year of the ranking
# param: city iri = https://w3id.org/innokg/id/city/beijing | The city
# param: name xsd:string = 北京 | A label
# source: GSTIC report
SELECT ?edition ?city ?name WHERE { }
"""


def test_header_is_parsed():
    query = parse_saved_query(HEADER, "queries/top10-overall.rq")
    assert query.id == "top10-overall"
    assert query.title == "Top 10 global science and technology innovation centres, in order"
    assert query.title_zh == "全球科技创新中心前10强（按名次）"
    assert query.question == "Which cities rank in the top 10 of an edition's overall ranking, in order?"
    assert query.question_zh == "某一版榜单综合排名前10的城市依次是哪些？"
    assert query.params == (
        Param("edition", "xsd:integer", "2025", "Edition year of the ranking"),
        Param("city", "iri", "https://w3id.org/innokg/id/city/beijing", "The city"),
        Param("name", "xsd:string", "北京", "A label"),
    )
    assert query.extra == {"source": "GSTIC report"}
    assert query.text == HEADER


def test_id_defaults_to_the_file_name():
    assert parse_saved_query("SELECT * WHERE { }", "queries/networks/pairs.rq").id == "pairs"


@pytest.mark.parametrize(
    ("edition", "expected"),
    [
        (None, [("2", ID + "city/london", None), ("3", ID + "city/beijing", "北京")]),
        ("2024", [("4", ID + "city/beijing", "北京")]),
        ("2023", []),
    ],
)
def test_typed_parameter_binds_exactly(memory_store, edition, expected):
    query = parse_saved_query(RANKING_RQ)
    params = {} if edition is None else {"edition": edition}
    rows = collect(run_saved_query(memory_store, query, params))
    assert rows.variables == ["rank", "city", "label", "edition"]
    got = [(rank.value, city.value, label.value if label else None) for rank, city, label, _ in rows.rows]
    assert got == expected


def test_iri_and_lang_string_parameters(memory_store):
    query = parse_saved_query(
        "# param: city iri | The city\n"
        "# param: label lang-string = 北京@zh | Its label\n"
        "ASK { ?city rdfs:label ?label }\n"
    )
    assert bool(run_saved_query(memory_store, query, {"city": "id:city/beijing"})) is True
    assert bool(run_saved_query(memory_store, query, {"city": ID + "city/london"})) is False
    assert bool(run_saved_query(memory_store, query, {"city": ID + "city/london", "label": "London@en"})) is True


def test_bad_value_is_a_clear_error(memory_store):
    query = parse_saved_query(RANKING_RQ)
    with pytest.raises(InnokgError) as caught:
        run_saved_query(memory_store, query, {"edition": "abc"})
    assert str(caught.value) == "parameter 'edition' expects xsd:integer, got 'abc'"


def test_unknown_parameter_lists_the_valid_ones(memory_store):
    query = parse_saved_query(RANKING_RQ)
    with pytest.raises(InnokgError) as caught:
        run_saved_query(memory_store, query, {"year": "2024"})
    assert str(caught.value) == "query 'ranking' has no parameter 'year'; valid parameters: edition"


def test_parameter_without_default_is_required(memory_store):
    query = parse_saved_query("# param: city iri | The city\nSELECT ?city WHERE { ?city a ik:City }")
    with pytest.raises(InnokgError, match="query 'query' needs a value for parameter 'city' \\(iri\\)"):
        run_saved_query(memory_store, query)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("# param: edition year = 2025", "parameter 'edition' has unknown type 'year'"),
        ("# param: edition xsd:integer = soon", "parameter 'edition' expects xsd:integer, got 'soon'"),
        ("# param: edition", "malformed parameter 'edition'"),
        ("# param: day xsd:date = 2025-02-30", "parameter 'day' expects xsd:date (YYYY-MM-DD), got '2025-02-30'"),
    ],
)
def test_malformed_headers_say_where(tmp_path, line, message):
    path = tmp_path / "bad.rq"
    path.write_text(f"# id: bad\n{line}\nSELECT * WHERE {{ }}\n", encoding="utf-8")
    with pytest.raises(InnokgError) as caught:
        read_saved_query(path)
    assert str(caught.value).startswith(f"{path}:2: {message}")


def test_load_and_find(queries_dir):
    assert [query.id for query in load_saved_queries(queries_dir)] == ["pairs", "ranking"]
    assert find_saved_query("pairs", queries_dir).title == "City pairs"
    path = queries_dir / "ranking.rq"
    assert find_saved_query(str(path), queries_dir).path == path
    with pytest.raises(SavedQueryNotFound) as missing:
        find_saved_query("nothing", queries_dir)
    assert str(missing.value) == "no saved query 'nothing' (`innokg queries`, /queries and /api/queries list them)"


def test_duplicate_ids_are_refused(queries_dir):
    (queries_dir / "copy.rq").write_text(RANKING_RQ, encoding="utf-8")
    with pytest.raises(InnokgError, match="id 'ranking' is already used by"):
        load_saved_queries(queries_dir)


# Formatting: exact text for a tiny result with a Chinese label.

@pytest.fixture
def ranking_2024(memory_store):
    return collect(run_saved_query(memory_store, parse_saved_query(RANKING_RQ), {"edition": "2024"}))


def test_csv_text(ranking_2024):
    assert to_csv(ranking_2024) == (
        "rank,city,label,edition\r\n"
        "4,https://w3id.org/innokg/id/city/beijing,北京,2024\r\n"
    )


def test_json_text(ranking_2024):
    assert to_json(ranking_2024) == (
        '{"head": {"vars": ["rank", "city", "label", "edition"]}, "results": {"bindings": [\n'
        '  {"rank": {"type": "literal", "value": "4", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}, '
        '"city": {"type": "uri", "value": "https://w3id.org/innokg/id/city/beijing"}, '
        '"label": {"type": "literal", "value": "北京", "xml:lang": "zh"}, '
        '"edition": {"type": "literal", "value": "2024", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}\n'
        "]}}"
    )


def test_table_text_aligns_wide_characters(memory_store):
    result = memory_store.query("SELECT ?label ?thing WHERE { GRAPH ?g { ?thing rdfs:label ?label } } ORDER BY ?label")
    assert to_table(result) == (
        "label    thing\n"
        "-------  ---------------\n"
        "Beijing  id:city/beijing\n"
        "City     ik:City\n"
        "London   id:city/london\n"
        "北京     id:city/beijing\n"
        "城市     ik:City\n"
        "(5 rows)"
    )


def test_empty_and_boolean_results(memory_store):
    empty = memory_store.query("SELECT ?s WHERE { ?s a ik:Nothing }")
    assert to_json(empty) == '{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
    assert render(memory_store.query("ASK { ?s a ik:City }"), "json") == '{"head": {}, "boolean": true}'
    assert render(memory_store.query("ASK { ?s a ik:Nothing }"), "csv") == "false\r\n"


def test_construct_results_are_rdf(memory_store):
    query = "CONSTRUCT { ?city a ik:City } WHERE { ?city rdfs:label \"London\"@en }"
    assert render(memory_store.query(query), "ntriples") == (
        f"<{ID}city/london> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/innokg/ont#City> .\n"
    )
    assert render(memory_store.query(query), "turtle") == (
        "@prefix ik: <https://w3id.org/innokg/ont#> .\n"
        "@prefix id: <https://w3id.org/innokg/id/> .\n"
        "id:city\\/london a ik:City .\n"
    )
    with pytest.raises(InnokgError, match="csv output is for SELECT and ASK queries"):
        render(memory_store.query(query), "csv")


def test_rdf_output_of_a_select_is_refused(memory_store):
    with pytest.raises(InnokgError, match="turtle output is for CONSTRUCT and DESCRIBE queries"):
        render(memory_store.query("SELECT ?s WHERE { ?s a ik:City }"), "turtle")


def test_literal_and_blank_node_terms_in_json():
    result = collect(_solutions('SELECT ?b ?n WHERE { BIND(BNODE("x") AS ?b) BIND(1.5 AS ?n) }'))
    text = to_json(result)
    assert '"b": {"type": "bnode", "value": ' in text
    assert '"n": {"type": "literal", "value": "1.5", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}' in text


def _solutions(sparql):
    return ox.Store().query(sparql)


# Parameters are bound in the WHERE group: usable without being selected.

def test_parameter_used_only_in_a_filter(memory_store):
    query = parse_saved_query(
        "# param: best xsd:integer = 2 | Worst rank to keep\n"
        "SELECT DISTINCT ?city WHERE { ?obs ik:city ?city ; ik:rank ?rank FILTER(?rank <= ?best) }\n"
    )
    assert [row["city"].value for row in run_saved_query(memory_store, query)] == [ID + "city/london"]


def test_parameter_under_group_by_and_in_bind(memory_store):
    query = parse_saved_query(
        "# param: edition xsd:integer = 2025 | Edition\n"
        "# param: offset xsd:integer = 100 | Added to ranks\n"
        "SELECT ?city (SUM(?shifted) AS ?total) WHERE {\n"
        "  ?obs ik:city ?city ; ik:edition ?edition ; ik:rank ?rank .\n"
        "  BIND(?rank + ?offset AS ?shifted)\n"
        "} GROUP BY ?city ORDER BY ?city\n"
    )
    rows = collect(run_saved_query(memory_store, query, {"edition": "2024"}))
    assert [(city.value, total.value) for city, total in rows.rows] == [(ID + "city/beijing", "104")]
    rows = collect(run_saved_query(memory_store, query))
    assert [(city.value, total.value) for city, total in rows.rows] == [
        (ID + "city/beijing", "103"),
        (ID + "city/london", "102"),
    ]


def test_parameter_in_a_construct_with_braces_in_comments_and_strings(memory_store):
    query = parse_saved_query(
        "# param: city iri | The city\n"
        "PREFIX ex: <http://e/odd#>  # the IRI holds a #, this comment a {\n"
        "# a comment with a { brace\n"
        'CONSTRUCT { ?city ex:note "}{" } WHERE { ?city rdfs:label ?label }\n'
    )
    text = render(run_saved_query(memory_store, query, {"city": "id:city/london"}), "ntriples")
    assert text == f'<{ID}city/london> <http://e/odd#note> "}}{{" .\n'


def test_a_value_cannot_break_out_of_its_term(memory_store):
    query = parse_saved_query(
        "# param: name xsd:string | A label\nSELECT ?city WHERE { ?city rdfs:label ?name }\n"
    )
    sneaky = '") } } ; DROP ALL ; SELECT * { ("'
    assert list(run_saved_query(memory_store, query, {"name": sneaky})) == []
    assert len(memory_store) == 19
    with pytest.raises(InnokgError, match="parameter 'city' expects iri"):
        Param("city", "iri").to_term("http://e/a> } ; DROP ALL ; <http://e/b")
