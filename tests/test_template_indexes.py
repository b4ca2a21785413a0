"""The indexes template: an index with its publisher, unit, dimensions, Data Cube structure and own measures;
a rankings file that carries the index's measures as columns, and the columns it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_memory
from kg.importing.loader import import_table
from kg.importing.problems import ImportFailed
from kg.importing.template_files import template_csv
from kg.importing.templates import get_template
from kg.results import collect
from kg.validate import validate

ID = "https://w3id.org/innokg/id/"
IK = "https://w3id.org/innokg/ont#"
QB = "http://purl.org/linked-data/cube#"

INDEX_HEADER = "key,name_zh,name_en,publisher,ranks,list_size,dimensions,measure,measure_zh,measure_en,measure_unit\n"
INDEX_ROWS = ("demo-hubs,示例创新枢纽20强,Demo Innovation Hubs 20,华东师范大学全球创新与发展研究院,city,20,"
              "overall; 技术创新全球策源力,patent-applications,专利申请量,patent applications,applications\n"
              "demo-hubs,示例创新枢纽20强,Demo Innovation Hubs 20,华东师范大学全球创新与发展研究院,city,20,"
              "overall; 技术创新全球策源力,publications,论文发表量,publications,papers\n")


@pytest.fixture
def store():
    return build_memory()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def values(store, sparql: str) -> list[tuple]:
    return [tuple(term.value if term is not None else None for term in row) for row in collect(store.query(sparql)).rows]


def problems(store, path: Path, **options) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_table(store, path, source="made-up test data", **options)
    return failed.value.lines()


@pytest.fixture
def hubs(store, tmp_path):
    """The store with the made-up index demo-hubs and its two measures."""
    result = import_table(store, write(tmp_path, "demo-hubs.csv", INDEX_HEADER + INDEX_ROWS), source="made-up test data")
    assert (result.what, result.rows) == ("indexes", 2)
    return store


def test_an_index_gets_the_structure_publisher_unit_and_dimensions_the_seed_index_has(hubs):
    index = ID + "index/demo-hubs"
    assert values(hubs, f"""SELECT ?zh ?en ?key ?publisher ?unit ?size ?structure WHERE {{
        <{index}> a ik:RankingIndex ; rdfs:label ?zh , ?en ; ik:key ?key ; dcterms:publisher ?publisher ;
            ik:ranksUnitsOf ?unit ; ik:listSize ?size ; ik:editionStructure ?structure .
        FILTER (LANGMATCHES(LANG(?zh), "zh-Hans") && LANGMATCHES(LANG(?en), "en")) }}""") == [
        ("示例创新枢纽20强", "Demo Innovation Hubs 20", "demo-hubs", ID + "org/ecnu-igis", IK + "City", "20",
         ID + "structure/demo-hubs")]
    assert values(hubs, f"SELECT ?d WHERE {{ <{index}> ik:indexDimension ?d }} ORDER BY ?d") == [
        (ID + "dimension/overall",), (ID + "dimension/technology-innovation-origination",)]
    # the same components as the seed index's structure
    components = f"SELECT ?c WHERE {{ <%s> a qb:DataStructureDefinition ; qb:component ?c }} ORDER BY ?c"
    assert values(hubs, components % (ID + "structure/demo-hubs")) == values(hubs, components % (ID + "structure/gis100"))
    assert len(values(hubs, components % (ID + "structure/demo-hubs"))) == 5


def test_an_index_declares_its_own_measures_with_a_measure_data_set(hubs):
    index = ID + "index/demo-hubs"
    assert values(hubs, f"""SELECT ?m ?zh ?en ?unit WHERE {{
        <{index}> ik:indexMeasure ?m . ?m a qb:MeasureProperty ; rdfs:label ?zh , ?en ; ik:measureUnit ?unit .
        FILTER (LANGMATCHES(LANG(?zh), "zh-Hans") && LANGMATCHES(LANG(?en), "en")) }} ORDER BY ?m""") == [
        (ID + "measure/demo-hubs/patent-applications", "专利申请量", "patent applications", "applications"),
        (ID + "measure/demo-hubs/publications", "论文发表量", "publications", "papers")]
    assert values(hubs, f"""SELECT ?set ?structure ?c WHERE {{
        <{index}> ik:measureDataSet ?set . ?set a ik:MeasureDataSet ; qb:structure ?structure .
        ?structure qb:component ?c }} ORDER BY ?c""") == [
        (ID + "dataset/demo-hubs-measures", ID + "structure/demo-hubs-measures", c) for c in (
            ID + "component/demo-hubs/patent-applications", ID + "component/demo-hubs/publications",
            IK + "measureEditionComponent", IK + "measureTypeComponent", IK + "measuredUnitComponent")]
    report = validate(hubs)
    assert report.conforms, report.text()


def test_a_new_publisher_is_made_from_its_key_and_names(store, tmp_path):
    path = write(tmp_path, "demo-metros.xlsx", "")
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["key", "name_zh", "name_en", "ranks", "publisher_key", "publisher_zh", "publisher_en"])
    workbook.active.append(["demo-metros", "示例都市圈10强", "Demo Metros 10", "metropolitan-area", "demo-institute",
                            "示例研究院", "Demo Institute"])
    workbook.save(path)
    import_table(store, path, source="made-up test data")
    assert values(store, f"""SELECT ?type ?zh ?en ?unit WHERE {{
        <{ID}index/demo-metros> dcterms:publisher ?p ; ik:ranksUnitsOf ?unit ; ik:indexDimension ?d .
        ?p a ?type ; rdfs:label ?zh , ?en ; ik:key "demo-institute" .
        FILTER (LANGMATCHES(LANG(?zh), "zh-Hans") && LANGMATCHES(LANG(?en), "en")) }}""") == [
        (IK + "ResearchInstitute", "示例研究院", "Demo Institute", IK + "MetropolitanArea")]
    report = validate(store)
    assert report.conforms, report.text()


def test_an_index_without_a_publisher_or_a_measure_without_names_is_refused(store, tmp_path):
    assert problems(store, write(tmp_path, "nameless.csv", "key,name_zh,name_en,ranks,measure\n"
                                 "demo-x,示例,Demo X,cluster,patents\n")) == [
        'nameless.csv: row 2, column "measure_zh", value "": required cell is empty; '
        "hint: the measure's name in Chinese (needed with measure)",
        'nameless.csv: row 2, column "measure_en", value "": required cell is empty; '
        "hint: the measure's name in English (needed with measure)"]
    assert problems(store, write(tmp_path, "unpublished.csv", "key,name_zh,name_en\ndemo-x,示例,Demo X\n")) == [
        'unpublished.csv: row 2, value "id:index/demo-x": does not conform to the shapes: An index has exactly one '
        "publisher (write publisher, or publisher_key with its names). (dcterms:publisher); "
        "hint: the row maps to data the SHACL shapes of the graph reject"]
    assert problems(store, write(tmp_path, "town.csv", "key,name_zh,name_en,publisher,ranks\n"
                                 "demo-x,示例,Demo X,ecnu-igis,country\n")) == [
        'town.csv: row 2, column "ranks", value "country": not allowed here: country; '
        "hint: write one of city, metropolitan-area, cluster"]


def test_a_rankings_file_carries_the_measures_of_its_index(hubs, tmp_path):
    path = write(tmp_path, "demo-hubs-2025.csv", "index,edition,city,rank,patent_applications,publications\n"
                 "demo-hubs,2025,北京,1,12000,30500\ndemo-hubs,2025,上海,2,9000,\n")
    import_table(hubs, path, source="made-up test data")
    assert values(hubs, """SELECT ?unit ?measure ?value ?edition ?zh ?en WHERE {
        ?o a ik:MeasureObservation ; qb:dataSet ?set ; ik:measuredUnit ?unit ; ik:measureEdition ?edition ;
           qb:measureType ?measure ; ?measure ?value ; rdfs:label ?zh , ?en .
        FILTER (LANGMATCHES(LANG(?zh), "zh-Hans") && LANGMATCHES(LANG(?en), "en")) } ORDER BY ?unit ?measure""") == [
        (ID + "city/beijing", ID + "measure/demo-hubs/patent-applications", "12000", ID + "edition/demo-hubs-2025",
         "北京·2025专利申请量：12000 applications", "Beijing: patent applications 12000 applications (2025)"),
        (ID + "city/beijing", ID + "measure/demo-hubs/publications", "30500", ID + "edition/demo-hubs-2025",
         "北京·2025论文发表量：30500 papers", "Beijing: publications 30500 papers (2025)"),
        (ID + "city/shanghai", ID + "measure/demo-hubs/patent-applications", "9000", ID + "edition/demo-hubs-2025",
         "上海·2025专利申请量：9000 applications", "Shanghai: patent applications 9000 applications (2025)")]
    # the edition is a data set of the index's structure, as the seed's are
    assert values(hubs, f"""SELECT ?city ?rank WHERE {{ ?o ik:edition <{ID}edition/demo-hubs-2025> ;
        ik:city ?city ; ik:rank ?rank }} ORDER BY ?rank""") == [(ID + "city/beijing", "1"), (ID + "city/shanghai", "2")]
    report = validate(hubs)  # SHACL and the Data Cube integrity checks (qb-ic*)
    assert report.conforms, report.text()


def test_a_column_that_is_neither_a_template_column_nor_a_declared_measure_is_refused(hubs, tmp_path):
    path = write(tmp_path, "extra.csv", "index,edition,city,rank,patent_applications,citations\n"
                 "demo-hubs,2025,北京,1,12000,\n")
    columns = "the rankings template has the columns index, edition, dimension, city, rank, bound, previous_rank, score"
    assert problems(hubs, path) == [
        f'extra.csv: row 1, column "citations": unknown column (number 6); hint: {columns}; a column may also be a '
        "measure of the index (demo-hubs declares patent-applications, publications), or declare it with "
        "`innokg template indexes`"]
    seed_only = write(tmp_path, "seed-only.csv", "index,edition,city,rank,patents\ngis100,2024,北京,4,100\n")
    assert problems(hubs, seed_only) == [  # gis100 declares no measures
        f'seed-only.csv: row 1, column "patents": unknown column (number 5); hint: {columns}']


def test_a_measure_of_another_index_and_a_second_value_are_refused_by_row(hubs, tmp_path):
    path = write(tmp_path, "mixed.csv", "index,edition,dimension,city,rank,patent_applications\n"
                 "demo-hubs,2025,overall,北京,1,12000\n"
                 "demo-hubs,2025,技术创新全球策源力,北京,3,12500\n"
                 "gis100,2024,overall,上海,6,800\n"
                 "demo-hubs,2025,overall,上海,2,abc\n")
    assert problems(hubs, path) == [
        'mixed.csv: row 3, column "patent_applications", value "12500": another value of patent-applications for '
        "beijing in 2025 is on row 2 (12000); hint: give a unit's measure once an edition",
        'mixed.csv: row 4, column "patent_applications", value "800": the index gis100 declares no measure '
        "patent-applications; hint: gis100 declares no measures: leave the cell empty on its rows, or declare it "
        "with `innokg template indexes`",
        'mixed.csv: row 5, column "patent_applications", value "abc": not a number; hint: write digits only, '
        "e.g. 5000000 (no units: put the currency in its own column, and 'over X' as bound lower-bound)"]


def test_the_indexes_template_and_its_example_row(store, tmp_path):
    template = get_template("indexes")
    assert template_csv(template).splitlines() == [
        "key,name_zh,name_en,publisher,ranks,list_size,dimensions,measure,measure_zh,measure_en,measure_unit,"
        "publisher_key,publisher_zh,publisher_en,publisher_type",
        "sti-clusters,全球科技集群20强,Global Science and Technology Clusters 20,华东师范大学全球创新与发展研究院,"
        "cluster,20,overall,patent-applications,专利申请量,patent applications,applications,,,,"]
    example = write(tmp_path, "example.csv", template_csv(template))
    assert problems(store, example) == [
        "example.csv: row 2: the example row of the indexes template, unchanged; "
        "hint: write your own data over it, or delete the row"]
    filled = write(tmp_path, "filled.csv", template_csv(template).replace("sti-clusters", "sti-clusters-2"))
    import_table(store, filled, source="template examples")
    report = validate(store)
    assert report.conforms, report.text()


def test_a_measure_column_may_be_headed_with_hyphens(hubs, tmp_path):
    import_table(hubs, write(tmp_path, "hyphens.csv", "index,edition,city,rank,patent-applications\n"
                             "demo-hubs,2024,深圳,3,7100\n"), source="made-up test data")
    assert values(hubs, f"""SELECT ?value WHERE {{ ?o ik:measuredUnit <{ID}city/shenzhen> ;
        ik:measureEdition <{ID}edition/demo-hubs-2024> ; <{ID}measure/demo-hubs/patent-applications> ?value }}""") == [
        ("7100",)]


def test_the_data_cube_checks_hold_the_measure_observations_to_their_structure(hubs, tmp_path):
    """A second observation of one cell (IC-12) and one without its measure type (IC-11) are caught."""
    from kg.validate import hygiene_errors

    import_table(hubs, write(tmp_path, "demo-hubs-2025.csv", "index,edition,city,rank,patent_applications\n"
                             "demo-hubs,2025,北京,1,12000\n"), source="made-up test data")
    observation = ID + "observation/demo-hubs-2025/measure-patent-applications-beijing"
    hubs.update(f"""INSERT DATA {{ GRAPH <{ID}test> {{
        <{ID}test/copy> <{QB}dataSet> <{ID}dataset/demo-hubs-measures> ;
            <{IK}measureEdition> <{ID}edition/demo-hubs-2025> ; <{IK}measuredUnit> <{ID}city/beijing> ;
            <{QB}measureType> <{ID}measure/demo-hubs/patent-applications> ;
            <{ID}measure/demo-hubs/patent-applications> 12500 .
        <{ID}test/typeless> <{QB}dataSet> <{ID}dataset/demo-hubs-measures> ;
            <{IK}measureEdition> <{ID}edition/demo-hubs-2025> ; <{IK}measuredUnit> <{ID}city/shanghai> ;
            <{ID}measure/demo-hubs/publications> 900 . }} }}""")
    errors = [(error.check, error.error) for error in hygiene_errors(hubs) if error.check.startswith("qb-ic")]
    assert errors == [
        ("qb-ic11-all-dimensions-required",
         f"observation <{ID}test/typeless> has no value for dimension <{QB}measureType>"),
        ("qb-ic12-no-duplicate-observations",
         f"observations <{observation}> and <{ID}test/copy> have the same value for every dimension of their data set")]
