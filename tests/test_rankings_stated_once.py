"""A stated aggregate counts once however many sources state it (issue 15).

The seed states the top-100 seats of each region by hand (北美32、欧洲34、亚太33, together 99); an extraction of
the same article's sentence, reviewed and brought in with ``innokg extract`` and ``innokg import`` into a real
store, states them again. Both claims stay in the graph; region-counts-top100 answers as on the seed alone.
"""

from __future__ import annotations

from cq_helpers import answer
from extract_review import extracted, import_aggregates

from kg.build import build_memory
from kg.store import OxigraphStore

TEXT = "《全球科技创新中心100强(2025)》速评\n\n在前100强里，这三个区域合计占据99席（北美32席、欧洲34席、亚太33席）。\n"
COLUMNS = ["region_en", "stated", "sum_of_regions", "combined_stated"]


def test_the_regions_are_summed_once_though_two_sources_state_them(tmp_path, capsys):
    store_path, reviewed, rows = extracted(tmp_path, TEXT)
    assert {row["kind"] for row in rows} == {"aggregate", "count"}
    assert "imported 4 rows (extract)" in import_aggregates(store_path, reviewed, "区域速评", capsys)  # the aggregates
    expected = [("Europe", "34", "99", "99"), ("Asia-Pacific", "33", "99", "99"), ("North America", "32", "99", "99")]
    assert answer(build_memory(), "region-counts-top100", COLUMNS) == expected
    with OxigraphStore.open(store_path, read_only=True) as store:
        assert answer(store, "region-counts-top100", COLUMNS) == expected
        claims = store.query("""PREFIX ik: <https://w3id.org/innokg/ont#>
            SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ik:StatedAggregate ; ik:topN 100 ;
              ik:groupPlace <https://w3id.org/innokg/id/region/north-america> ; ik:statedCount 32 }""")
        assert [row["n"].value for row in claims] == ["2"]  # both claims are kept
