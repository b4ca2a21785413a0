"""Extract a text written for the test, accept its candidates, ``innokg import`` them into a real store.

Asserts the exact triples of each fact, its Web Annotation (quote and
position selectors) and the source made from the text; that the same file
again changes nothing; that a rejected row stays out; and that a name the
graph does not know is refused with its row, nothing written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from extract_review import accept_all

from kg.build import build
from kg.cli.main import main
from kg.labels import labels
from kg.store import OxigraphStore

ID = "https://w3id.org/innokg/id/"
IK = "https://w3id.org/innokg/ont#"
OA = "http://www.w3.org/ns/oa#"
GRAPH = "https://w3id.org/innokg/graph/import/reviewed"
TEXT = ("《全球科技创新中心100强(2025)》速评\n\n北京首次跃居全球第3。\n在综合排名前30强中，中国占据5席。\n"
        "青年报记者 刘昕璐报道。\n园区累计孵化企业312家。\n武汉综合排名位列全球第45。\n")


@pytest.fixture()
def store_path(tmp_path) -> Path:
    path = tmp_path / "store"
    build(path)
    return path


def extract_to(tmp_path: Path, store_path: Path, suffix: str, capsys) -> Path:
    text = tmp_path / "news.txt"
    text.write_text(TEXT, encoding="utf-8")
    out = tmp_path / f"reviewed{suffix}"
    assert main(["--store", str(store_path), "extract", str(text), "--date", "2025-12-02", "--publisher", "青年报",
                 "-o", str(out)]) == 0
    capsys.readouterr()
    return out


def triples_of(store, subject) -> set[tuple[str, str]]:
    return {(q.predicate.value, q.object.value if not isinstance(q.object, ox.BlankNode) else "_")
            for q in store.quads(GRAPH) if q.subject == subject}


def test_round_trip(tmp_path, store_path, capsys):
    reviewed = extract_to(tmp_path, store_path, ".csv", capsys)
    accept_all(reviewed, count_of=(ID + "org/huanshangda-science-park", ID + "indicator/incubated-firms"))
    code = main(["--store", str(store_path), "import", str(reviewed), "--source", "晨报：城市排名速评"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err.splitlines()[0] == ("reviewed.csv: 7 accepted candidates, 5 facts; 2 not imported "
                                   "(names, and counts or amounts without subject_iri and indicator_iri)")
    store = OxigraphStore.open(store_path, read_only=True)
    try:
        sha = json.loads(json.dumps({"s": __import__("hashlib").sha256(TEXT.encode()).hexdigest()}))["s"]
        source = ox.NamedNode(f"{ID}source/text-{sha[:16]}")
        rank = ox.NamedNode(f"{ID}extracted/{sha[:12]}/rank-26-34-1")
        assert triples_of(store, rank) == {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", IK + "RankClaim"),  # the seed observes the cell
            (IK + "ofEdition", ID + "edition/gis100-2025"),
            (IK + "dimension", ID + "dimension/overall"), (IK + "city", ID + "city/beijing"),
            (IK + "rank", "3"), (IK + "valueQualifier", ID + "qualifier/exact"), (IK + "trend", ID + "trend/rose"),
            (IK + "firstTime", "true"), ("http://www.w3.org/ns/prov#wasDerivedFrom", source.value),
            ("http://www.w3.org/2000/01/rdf-schema#label", "北京·综合排名第3（摘自文本）"),
            ("http://www.w3.org/2000/01/rdf-schema#label", "Beijing: overall ranking rank 3 (extracted)")}
        aggregate = ox.NamedNode(f"{ID}extracted/{sha[:12]}/aggregate-47-53-2")
        assert {(p, o) for p, o in triples_of(store, aggregate) if "label" not in p} == {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", IK + "StatedAggregate"),
            (IK + "ofEdition", ID + "edition/gis100-2025"),
            (IK + "dimension", ID + "dimension/overall"), (IK + "topN", "30"), (IK + "groupPlace", ID + "country/cn"),
            (IK + "statedCount", "5"), (IK + "valueQualifier", ID + "qualifier/exact"),
            ("http://www.w3.org/ns/prov#wasDerivedFrom", source.value)}
        role = ox.NamedNode(f"{ID}extracted/{sha[:12]}/role-55-64-3")
        assert {(p, o) for p, o in triples_of(store, role) if "label" not in p} == {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", IK + "RoleAssignment"),
            ("http://www.w3.org/ns/org#member", ID + "person/liu-xinlu"),
            ("http://www.w3.org/ns/org#organization", ID + "org/qingnianbao"),
            ("http://www.w3.org/ns/org#role", ID + "role/reporter"),
            ("http://www.w3.org/ns/prov#wasDerivedFrom", source.value)}
        wuhan = ox.NamedNode(f"{ID}extracted/{sha[:12]}/rank-88-95-7")
        assert TEXT[88:95] == "位列全球第45"
        assert {(p, o) for p, o in triples_of(store, wuhan) if "label" not in p} == {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", IK + "RankObservation"),  # a cell nobody observed
            (IK + "edition", ID + "edition/gis100-2025"), (IK + "dimension", ID + "dimension/overall"),
            (IK + "city", ID + "city/wuhan"), (IK + "rank", "45"), (IK + "valueQualifier", ID + "qualifier/exact"),
            ("http://www.w3.org/ns/prov#wasDerivedFrom", source.value)}
        firms = ox.NamedNode(f"{ID}extracted/{sha[:12]}/count-76-80-6")
        assert TEXT[76:80] == "312家"
        indicator = labels(store, [ID + "indicator/incubated-firms"])[ID + "indicator/incubated-firms"]
        assert triples_of(store, firms) == {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", IK + "IndicatorValue"),
            (IK + "measures", ID + "indicator/incubated-firms"), ("http://schema.org/value", "312"),
            (IK + "valueQualifier", ID + "qualifier/exact"), (IK + "statedAs", "312家"),
            ("http://schema.org/unitText", "家企业"), ("http://www.w3.org/ns/prov#wasDerivedFrom", source.value),
            ("http://www.w3.org/2000/01/rdf-schema#label", f"环上大科技园·{indicator['zh']}：312家（摘自文本）"),
            ("http://www.w3.org/2000/01/rdf-schema#label",
             f"Huanshangda Science Park: {indicator['en']} 312家 (extracted)")}
        assert {q.subject.value for q in store.quads(GRAPH) if q.object == firms
                and q.predicate.value == IK + "indicator"} == {ID + "org/huanshangda-science-park"}
        assert triples_of(store, source) == {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", IK + "Source"),
            ("http://www.w3.org/2000/01/rdf-schema#label", "晨报：城市排名速评"),
            ("http://www.w3.org/2000/01/rdf-schema#label", "晨报：城市排名速评 (text news.txt)"),
            ("http://purl.org/dc/terms/title", "晨报：城市排名速评"),
            ("http://purl.org/dc/terms/date", "2025-12-02"),
            ("http://purl.org/dc/terms/publisher", ID + "org/qingnianbao"),
            ("http://spdx.org/rdf/terms#checksum", "_")}
        rows = list(store.query(f"""
            SELECT ?exact ?prefix ?suffix ?start ?end ?sentence WHERE {{ GRAPH <{GRAPH}> {{
              ?a a <{OA}Annotation> ; <{OA}hasBody> <{rank.value}> ; <{IK}quotedSentence> ?sentence ;
                 <{OA}motivatedBy> <{OA}identifying> ;
                 <{OA}hasTarget> [ <{OA}hasSource> <{source.value}> ;
                   <{OA}hasSelector> [ a <{OA}TextQuoteSelector> ; <{OA}exact> ?exact ; <{OA}prefix> ?prefix ;
                                       <{OA}suffix> ?suffix ] ,
                                     [ a <{OA}TextPositionSelector> ; <{OA}start> ?start ; <{OA}end> ?end ] ] }} }}"""))
        assert [[term.value for term in row] for row in rows] == [[
            "首次跃居全球第3", TEXT[0:26], TEXT[34:66], "26", "34", "北京首次跃居全球第3。"]]
        assert TEXT[26:34] == "首次跃居全球第3"
        digest = list(store.query(f"SELECT ?v WHERE {{ GRAPH <{GRAPH}> {{ <{source.value}> "
                                  "<http://spdx.org/rdf/terms#checksum>/<http://spdx.org/rdf/terms#checksumValue> ?v } }"))
        assert [row["v"].value for row in digest] == [sha]
    finally:
        store.close()
    assert main(["--store", str(store_path), "import", str(reviewed), "--source", "晨报：城市排名速评"]) == 0
    assert capsys.readouterr().err.startswith(f"unchanged: <{GRAPH}> already holds this file")


def test_rejected_rows_stay_out_and_json_imports_too(tmp_path, store_path, capsys):
    reviewed = extract_to(tmp_path, store_path, ".csv", capsys)
    accept_all(reviewed, reject_kind="role")
    assert main(["--store", str(store_path), "import", str(reviewed), "--source", "晨报"]) == 0
    assert "imported 3 rows (extract)" in capsys.readouterr().err
    document = extract_to(tmp_path, store_path, ".json", capsys)
    data = json.loads(document.read_text(encoding="utf-8"))
    for candidate in data["candidates"]:
        candidate["accept"] = candidate["kind"] == "aggregate"
    document.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["--store", str(store_path), "import", str(document), "--source", "晨报"]) == 0
    assert "imported 1 rows (extract) into <https://w3id.org/innokg/graph/import/reviewed>" in capsys.readouterr().err


def test_a_new_name_is_refused_with_its_row(tmp_path, store_path, capsys):
    reviewed = extract_to(tmp_path, store_path, ".csv", capsys)
    accept_all(reviewed)
    text = reviewed.read_text(encoding="utf-8")
    reviewed.write_text(text.replace(ID + "city/beijing", "new", 1), encoding="utf-8")
    assert main(["--store", str(store_path), "import", str(reviewed), "--source", "晨报"]) == 2
    assert capsys.readouterr().err == (
        'innokg: error: reviewed.csv: row 2, column "place_iri", value "北京": place \'北京\' is not in the graph; '
        "hint: put the IRI of a thing the graph describes in the column, or import it first with "
        "`innokg template places`\n"
        "innokg: error: reviewed.csv: 1 problem, nothing imported\n")
    store = OxigraphStore.open(store_path, read_only=True)
    try:
        assert GRAPH not in store.named_graphs()
    finally:
        store.close()


def test_reviewed_xlsx(tmp_path, store_path, capsys):
    from openpyxl import load_workbook

    reviewed = extract_to(tmp_path, store_path, ".xlsx", capsys)
    book = load_workbook(reviewed)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        row[0].value = "yes" if row[header.index("kind")].value == "role" else "no"
    book.save(reviewed)
    assert main(["--store", str(store_path), "import", str(reviewed), "--source", "晨报"]) == 0
    assert "imported 1 rows (extract) into <https://w3id.org/innokg/graph/import/reviewed>" in capsys.readouterr().err
    store = OxigraphStore.open(store_path, read_only=True)
    try:
        members = {(q.object.value) for q in store.quads(GRAPH) if q.predicate.value == "http://www.w3.org/ns/org#member"}
        assert members == {ID + "person/liu-xinlu"}
    finally:
        store.close()


# --- a store with the ontology only: new names become entities, numbers get their park, dates their facts ------

PARK_TEXT = ("北辰科技园于2021年3月8日在北方理工大学揭牌。\n\n"
             "短短四年时间，这家园区累计孵化企业86家，注册资本超3亿元；重点成果转化项目42项，技术转移金额超5000万元。"
             "北辰科技园总经理王海涛表示满意。\n\n"
             "12月2日，北辰科技园又有13个基地投入使用。去年，园区载体面积约2万平方米。\n")
PARK = ID + "org/beichen-science-park"
FRESH = "https://w3id.org/innokg/graph/import/park"


@pytest.fixture()
def fresh_store(tmp_path) -> Path:
    """A store with the ontology and no seed facts: every name of PARK_TEXT is new to it."""
    (tmp_path / "no-seed").mkdir()
    path = tmp_path / "fresh"
    build(path, seed_dir=tmp_path / "no-seed")
    return path


def test_new_names_become_entities_and_numbers_get_their_park(tmp_path, fresh_store, capsys):
    from kg.saved_query_results import run_saved_query_rows

    text = tmp_path / "park.txt"
    text.write_text(PARK_TEXT, encoding="utf-8")
    reviewed = tmp_path / "park.json"
    assert main(["--store", str(fresh_store), "extract", str(text), "--date", "2025-12-05", "-o", str(reviewed)]) == 0
    capsys.readouterr()
    data = json.loads(reviewed.read_text(encoding="utf-8"))
    numbers = {c["quote"]: (c["fields"].get("subject"), c["matches"].get("indicator"))
               for c in data["candidates"] if c["kind"] in ("count", "amount")}
    assert numbers == {"短短四年时间": ("北辰科技园", ID + "indicator/years-of-operation"),
                       "86家": ("北辰科技园", ID + "indicator/incubated-firms"),
                       "超3亿元": ("北辰科技园", ID + "indicator/registered-capital"),
                       "42项": ("北辰科技园", ID + "indicator/key-transfer-projects"),
                       "超5000万元": ("北辰科技园", ID + "indicator/technology-transfer-amount"),
                       "13个基地": ("北辰科技园", ID + "indicator/carrier-bases"),
                       "约2万平方米": ("北辰科技园", ID + "indicator/carrier-floor-area")}
    for candidate in data["candidates"]:
        candidate["accept"] = True
    reviewed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["--store", str(fresh_store), "import", str(reviewed), "--source", "北辰科技园报道"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "park.json: 13 accepted candidates, 8 facts, 3 dates, 3 new entities; 2 not imported "
        "(names, and counts or amounts without subject_iri and indicator_iri)")
    store = OxigraphStore.open(fresh_store, read_only=True)
    try:
        entities = store.query(f"""SELECT ?e ?type ?zh ?en WHERE {{ GRAPH <{FRESH}> {{
            ?e a ?type ; <http://www.w3.org/2000/01/rdf-schema#label> ?zh , ?en .
            FILTER (LANGMATCHES(LANG(?zh), "zh-Hans") && LANGMATCHES(LANG(?en), "en")) }} }} ORDER BY ?e""")
        assert [(r["e"].value.removeprefix(ID), r["type"].value.removeprefix(IK), r["zh"].value, r["en"].value)
                for r in entities if r["e"].value.startswith((ID + "org/", ID + "person/"))] == [
            ("org/beichen-science-park", "SciencePark", "北辰科技园", "Beichen Science Park"),
            ("org/beifang-science-and-technology-university", "University", "北方理工大学",
             "Beifang Science and Technology University"),
            ("person/wang-haitao", "Person", "王海涛", "Wang Haitao")]
        rows = run_saved_query_rows(store, "park-indicators", {"park": PARK})["rows"]
        assert [(r["indicator_en"], r["value"], r["min_value"], r["unit"], r["reads"], r["stated_as"]) for r in rows] == [
            ("carrier bases", 13, None, "个基地", "exactly", "13个基地"),
            ("carrier floor area", 20000, None, "MTK", "about", "约2万平方米"),
            ("incubated firms (cumulative)", 86, None, "家企业", "exactly", "86家"),
            ("key technology transfer projects", 42, None, "项", "exactly", "42项"),
            ("registered capital", None, 300000000, "CNY", "more than", "超3亿元"),
            ("technology transfer amount", None, 50000000, "CNY", "more than", "超5000万元"),
            ("years of operation", 4, None, "ANN", "about", "短短四年时间")]
        assert {r["holder_en"] for r in rows} == {"Beichen Science Park"}
        roles = store.query(f"SELECT ?p ?o ?r WHERE {{ GRAPH <{FRESH}> {{ ?a a <{IK}RoleAssignment> ; "
                            "<http://www.w3.org/ns/org#member> ?p ; <http://www.w3.org/ns/org#organization> ?o ; "
                            "<http://www.w3.org/ns/org#role> ?r } }")
        assert [(r["p"].value, r["o"].value, r["r"].value) for r in roles] == [
            (ID + "person/wang-haitao", PARK, ID + "role/general-manager")]
        dates = store.query(f"""PREFIX time: <http://www.w3.org/2006/time#> PREFIX ik: <{IK}>
            SELECT ?what ?value ?inferred ?note WHERE {{ GRAPH <{FRESH}> {{
              ?i a time:Instant ; time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?value .
              ?dated ik:date|<http://purl.org/dc/terms/temporal> ?i .
              OPTIONAL {{ ?i ik:inferred ?inferred ; ik:inferenceNote ?note }}
              OPTIONAL {{ ?dated ik:measures ?m }} BIND (COALESCE(STR(?m), STR(?dated)) AS ?what) }} }}
            ORDER BY ?value""")
        sha = __import__("hashlib").sha256(PARK_TEXT.encode()).hexdigest()
        assert [(r["what"].value, r["value"].value, r["inferred"] and r["inferred"].value, r["note"] and r["note"].value)
                for r in dates] == [
            (f"{ID}source/text-{sha[:16]}", "2021-03-08", None, None),
            (ID + "indicator/carrier-floor-area", "2024", "true",
             "A relative date (yesterday, last year): counted from the day the text was published (--date)."),
            (ID + "indicator/carrier-bases", "2025-12-02", "true",
             "The year is not printed: taken from the day the text was published (--date).")]
    finally:
        store.close()
