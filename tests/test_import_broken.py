"""Broken files: every problem reported with file, row, column, value and hint, and the store unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build_memory
from kg.importing.loader import import_table
from kg.importing.problems import ImportFailed

FIXTURES = Path(__file__).parent / "fixtures" / "import"
RANK_HINT = "write a whole number, 1 or more; for 'top N' write N and set bound to upper-bound"
AMOUNT_HINT = ("write digits only, e.g. 5000000 (no units: put the currency in its own column, "
               "and 'over X' as bound lower-bound)")
ORG_TYPES = ("curator, engineering-institute, enterprise, government-body, incubated-firm, media-organization, "
             "national-technology-innovation-centre, national-university-science-park, organization, "
             "park-operating-company, proof-of-concept-centre, research-institute, science-park, "
             "technology-firm, university")

BROKEN = {
    "unknown-city.csv": [
        'unknown-city.csv: row 3, column "city", value "上海市": unknown city; '
        "hint: did you mean shanghai = 上海 (Shanghai)?",
        'unknown-city.csv: row 4, column "city", value "Atlantis": unknown city; hint: no city of the graph '
        "has this key or name; check the spelling, or import it first with `innokg template places`",
    ],
    "bad-rank.csv": [
        f'bad-rank.csv: row 2, column "rank", value "-2": not a positive integer; hint: {RANK_HINT}',
        f'bad-rank.csv: row 3, column "rank", value "3.5": not a positive integer; hint: {RANK_HINT}',
        f'bad-rank.csv: row 4, column "rank", value "第三": not a positive integer; hint: {RANK_HINT}',
    ],
    "bad-amount.csv": [
        f'bad-amount.csv: row 2, column "amount", value "五百万": not a number; hint: {AMOUNT_HINT}',
        f'bad-amount.csv: row 4, column "amount", value "3e": not a number; hint: {AMOUNT_HINT}',
    ],
    "unknown-type.csv": [
        f'unknown-type.csv: row 2, column "type", value "startup": unknown organization type; '
        f"hint: write one of {ORG_TYPES}",
    ],
    "duplicate-key.csv": [
        'duplicate-key.csv: row 4, column "key", value "fudan-university": duplicate key: also on row 2; '
        "hint: keep one row, or give each its own key",
    ],
    "missing-column.csv": [
        'missing-column.csv: row 1, column "ranking": unknown column (number 4); hint: did you mean "rank"? '
        "the rankings template has the columns index, edition, dimension, city, rank, bound, previous_rank, score",
        'missing-column.csv: row 1, column "rank": missing required column; '
        'hint: add a column "rank": the rank, 1 being the best',
    ],
    "gbk.csv": [
        "gbk.csv: row 2: not UTF-8 text (byte 0xb1 cannot be decoded); hint: the file looks like "
        "GBK/GB18030 (Chinese Windows); save it as 'CSV UTF-8' (Excel) or re-encode it as UTF-8",
    ],
    "several-sheets.xlsx": [
        'several-sheets.xlsx: the workbook has 2 sheets ("2024", "notes"); hint: an import reads one table: '
        "keep one sheet, or save each sheet as its own file",
    ],
    "ambiguous-place.csv": [
        'ambiguous-place.csv: row 2, column "city", value "新加坡": ambiguous place: it names 2 things '
        "(id:city/singapore = 新加坡 (Singapore); id:country/sg = 新加坡 (Singapore)); "
        "hint: write the key or IRI of the one you mean",
    ],
    "ambiguous-relation.csv": [
        'ambiguous-relation.csv: row 2, column "object", value "宝山区": ambiguous entity: it names 2 things '
        "(id:district/baoshan = 宝山区 (Baoshan District); "
        "id:org/baoshan-district-government = 宝山区政府 (Baoshan District Government)); "
        "hint: write the key or IRI of the one you mean",
    ],
}


@pytest.fixture(scope="module")
def seed():
    """One in-memory seed store for the module: every broken import must leave it as it was."""
    return build_memory()


def snapshot(store) -> tuple[int, dict]:
    return len(store), store.graph_sizes()


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_reports_every_problem_and_writes_nothing(seed, name):
    before = snapshot(seed)
    with pytest.raises(ImportFailed) as failure:
        import_table(seed, FIXTURES / name, source="test fixture")
    assert failure.value.lines() == BROKEN[name]
    count = len(BROKEN[name])
    assert str(failure.value) == f"{name}: {count} problem{'' if count == 1 else 's'}, nothing imported"
    assert snapshot(seed) == before


def test_a_good_row_does_not_hide_the_bad_ones(seed):
    # unknown-city.csv starts with a good row (北京): the file is refused as a whole
    with pytest.raises(ImportFailed):
        import_table(seed, FIXTURES / "unknown-city.csv", source="test fixture")
    assert "https://w3id.org/innokg/graph/import/unknown-city" not in seed.named_graphs()


def test_a_key_that_names_something_else_is_flagged(seed, tmp_path):
    rows = (FIXTURES / "organizations.csv").read_text(encoding="utf-8")
    rows = rows.replace("fudan-university,高校", "shanghai-university,高校", 1)
    renamed = tmp_path / "organizations.csv"
    renamed.write_text(rows, encoding="utf-8")
    before = snapshot(seed)
    with pytest.raises(ImportFailed) as failure:
        import_table(seed, renamed, source="test fixture")
    assert failure.value.lines()[0] == (
        'organizations.csv: row 2, column "key", value "shanghai-university": key already names '
        "上海大学 (Shanghai University) in the graph; hint: use another key, or write the same names to add facts to it"
    )
    assert snapshot(seed) == before


def test_an_existing_entity_under_a_new_key_is_not_duplicated_silently(seed, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text("key,type,name_zh,name_en\nshu,university,上海大学,SHU University\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_table(seed, path, source="test fixture", template="organizations")
    assert failure.value.lines() == [
        'orgs.csv: row 2, column "name_zh", value "上海大学": already in the graph as 上海大学 (Shanghai University) '
        "with key shanghai-university; hint: write key shanghai-university to add facts to it, or use another name",
    ]


def test_cells_left_empty_and_bounds_not_allowed(seed, tmp_path):
    path = tmp_path / "ranks.csv"
    path.write_text("index,edition,city,rank,bound\ngis100,2024,,4,\ngis100,24,北京,4,lower-bound\n",
                    encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_table(seed, path, source="test fixture")
    assert failure.value.lines() == [
        'ranks.csv: row 2, column "city", value "": required cell is empty; '
        "hint: the city: its key or its name in Chinese or English (for an index of clusters or metropolitan "
        "areas, the unit: see the places template)",
        'ranks.csv: row 3, column "edition", value "24": not a year; hint: write the edition\'s year with four '
        "digits, e.g. 2024",
        'ranks.csv: row 3, column "bound", value "lower-bound": not allowed here: lower-bound; '
        "hint: write one of exact, upper-bound, approximate",
    ]


def test_a_template_that_cannot_be_told_from_the_columns(seed, tmp_path):
    path = tmp_path / "things.csv"
    path.write_text("key,type,name_zh,name_en\nx,university,某大学,Some University\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        import_table(seed, path, source="test fixture")
    assert failure.value.lines() == [
        "things.csv: row 1: cannot tell which template the columns follow; "
        "hint: pass --template NAME (one of organizations, policies, places)"
    ]


def test_the_same_file_under_another_name_is_refused_with_the_graph_that_holds_it(tmp_path):
    store = build_memory()
    first, second = tmp_path / "ranking-2024.xlsx", tmp_path / "copy-of-ranking.xlsx"
    first.write_bytes((FIXTURES / "gis100-2024-excel.xlsx").read_bytes())
    second.write_bytes(first.read_bytes())
    import_table(store, first, source="test fixture")
    before = snapshot(store)
    with pytest.raises(ImportFailed) as failure:
        import_table(store, second, source="test fixture")
    checksum = __import__("hashlib").sha256(second.read_bytes()).hexdigest()
    assert failure.value.lines() == [
        f"copy-of-ranking.xlsx: the same file (sha256 {checksum[:12]}…) is already imported as "
        "<https://w3id.org/innokg/graph/import/ranking-2024>; hint: importing it again would state every fact "
        "twice: leave it, or pass --replace to import it into "
        "<https://w3id.org/innokg/graph/import/copy-of-ranking> in place of that graph"]
    assert snapshot(store) == before


def test_an_unchanged_example_row_is_refused_by_its_row(seed, tmp_path):
    from kg.importing.template_files import template_csv
    from kg.importing.templates import get_template

    rows = template_csv(get_template("funding")).splitlines()
    path = tmp_path / "grants.csv"
    path.write_text("\n".join([rows[0], rows[1].replace("panxin-2025-grant", "panxin-2026-grant"), rows[1]]) + "\n",
                    encoding="utf-8")
    before = snapshot(seed)
    with pytest.raises(ImportFailed) as failure:
        import_table(seed, path, source="test fixture")
    assert failure.value.lines() == [
        "grants.csv: row 3: the example row of the funding template, unchanged; "
        "hint: write your own data over it, or delete the row"]
    assert snapshot(seed) == before
