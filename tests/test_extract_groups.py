"""An aggregate of several groups together (这三个区域合计占据98席（北美31席、欧洲35席、亚太32席）), issue 16.

The extractor names each group the bracket lists (``groups``, one IRI each); the reviewed CSV
(``groups_iri``: the IRIs joined by `` | ``) imports one ``ik:StatedAggregate`` with a
``groupPlace`` per group, beside the regions' own aggregates.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from extract_review import extracted, import_aggregates

from kg.store import OxigraphStore

ID = "https://w3id.org/innokg/id/"
IK = "https://w3id.org/innokg/ont#"
TEXT = "《全球科技创新中心100强(2025)》快评\n\n在前100强里，这三个区域合计占据98席（北美31席、欧洲35席、亚太32席）。\n"
REGIONS = [ID + "region/north-america", ID + "region/europe", ID + "region/asia-pacific"]


def test_several_groups_counted_together_import_as_one_aggregate(tmp_path, capsys):
    store_path, reviewed, rows = extracted(tmp_path, TEXT)
    assert [(row["kind"], row["quote"], row["groups"], row["groups_iri"]) for row in rows if row["kind"] == "aggregate"] == [
        ("aggregate", "合计占据98席", "北美、欧洲、亚太", " | ".join(REGIONS)),
        ("aggregate", "北美31席", "", ""), ("aggregate", "欧洲35席", "", ""), ("aggregate", "亚太32席", "", "")]
    assert "imported 4 rows (extract)" in import_aggregates(store_path, reviewed, "区域速评", capsys)
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    combined = ox.NamedNode(f"{ID}extracted/{sha[:12]}/aggregate-37-44-1")
    assert TEXT[37:44] == "合计占据98席"
    store = OxigraphStore.open(store_path, read_only=True)
    try:
        graph = "https://w3id.org/innokg/graph/import/regions"
        facts = {(q.predicate.value, q.object.value) for q in store.quads(graph) if q.subject == combined}
        assert facts == {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", IK + "StatedAggregate"),
            (IK + "ofEdition", ID + "edition/gis100-2025"), (IK + "dimension", ID + "dimension/overall"),
            (IK + "topN", "100"), (IK + "statedCount", "98"), (IK + "valueQualifier", ID + "qualifier/exact"),
            *[(IK + "groupPlace", region) for region in REGIONS],
            ("http://www.w3.org/ns/prov#wasDerivedFrom", f"{ID}source/text-{sha[:16]}"),
            ("http://www.w3.org/2000/01/rdf-schema#label", "前100中北美、欧洲、亚太城市数：98（摘自文本）"),
            ("http://www.w3.org/2000/01/rdf-schema#label",
             "North America, Europe, Asia-Pacific cities in the top 100: 98 (extracted)")}
    finally:
        store.close()
