"""The indexes template: a ranking index, its publisher, the unit it ranks, its dimensions and own measures.

A row describes an index (``id:index/KEY``) and, when ``measure`` is filled,
one of its own measures; an index with several measures takes several rows
with the same key and names (as a person with several roles does). The
import gives the index everything the seed's index has that queries need:
its Data Cube structure for its editions (``id:structure/KEY``, the
components edition, ranking dimension, city, rank and bound qualifier,
reached from each edition through ``ik:ofIndex``), its publisher, list size
and dimensions; and, for its measures, each measure as a
``qb:MeasureProperty`` (``id:measure/KEY/MEASURE``) and a measure data set
(``id:dataset/KEY-measures``) whose structure has the dimensions edition,
unit and measure type. A rankings file for that index may then carry one
column per measure (:mod:`kg.importing.index_measures`).

Examples
--------
>>> [column.name for column in INDEXES.columns][:6]
['key', 'name_zh', 'name_en', 'publisher', 'ranks', 'list_size']
>>> INDEXES.required
['key', 'name_zh', 'name_en']
"""

from __future__ import annotations

from kg.importing.template_model import SOURCE_HELP, Column, Node, Prop, Template, name_columns

__all__ = ["INDEXES", "UNIT_KINDS"]

#: The kinds of unit an index may rank, by the key of their class.
UNIT_KINDS = ("city", "metropolitan-area", "cluster")

#: The components every index's editions share (ontology/innokg.ttl).
_RANK_COMPONENTS = ("ik:editionComponent", "ik:dimensionComponent", "ik:cityComponent", "ik:rankComponent",
                    "ik:boundComponent")
_MEASURE_COMPONENTS = ("ik:measureEditionComponent", "ik:measuredUnitComponent", "ik:measureTypeComponent")

INDEXES = Template(
    name="indexes",
    title="Ranking indexes: publisher, the unit ranked, dimensions and the index's own measures",
    title_zh="排名指数",
    description="One row per index, or one row per index and measure: an index with several measures of its own "
                "(patent applications, publications …) takes several rows with the same key and names. The index "
                "gets the Data Cube structure its editions share, as the seed's GIS100 has; then a rankings file "
                "of it may carry one column per measure, named by the measure key (patent_applications or "
                "patent-applications), whose values become the measure's observations. The publisher is an "
                "organization of the graph (publisher), or a new one (publisher_key with publisher_zh and "
                "publisher_en). The dimensions are ranking dimensions of the graph (`innokg query "
                "ranking-dimensions`). " + SOURCE_HELP + ".",
    columns=(
        Column("key", "key", True, "a stable key of the index: lower-case letters, digits and hyphens",
               "sti-clusters"),
        *name_columns("全球科技集群20强", "Global Science and Technology Clusters 20", "index's "),
        Column("publisher", "organization", False, "who publishes it: an organization of the graph, by key or "
               "name (or leave it empty and fill publisher_key)", "华东师范大学全球创新与发展研究院"),
        Column("ranks", "place-type", False, "the kind of unit it ranks: city (default), metropolitan-area or "
               "cluster", "cluster", default="city", choices=UNIT_KINDS),
        Column("list_size", "positive-integer", False, "how many units its list has, e.g. 20", "20"),
        Column("dimensions", "dimension", False, "the ranking dimensions it ranks on, separated by ';' "
               "(default overall)", "overall", default="overall", multiple=True),
        Column("measure", "key", False, "the key of one of its own measures, e.g. patent-applications (a "
               "rankings file names its column patent_applications or patent-applications)",
               "patent-applications"),
        Column("measure_zh", "text", False, "the measure's name in Chinese", "专利申请量",
               required_with="measure"),
        Column("measure_en", "text", False, "the measure's name in English", "patent applications",
               required_with="measure"),
        Column("measure_unit", "text", False, "the unit it is counted in, e.g. applications, papers, CNY",
               "applications"),
        Column("publisher_key", "key", False, "for a publisher the graph does not have yet: its key", ""),
        Column("publisher_zh", "text", False, "the new publisher's name in Chinese", "",
               required_with="publisher_key"),
        Column("publisher_en", "text", False, "the new publisher's name in English", "",
               required_with="publisher_key"),
        Column("publisher_type", "organization-type", False, "the new publisher's kind: research-institute "
               "(default), university, government-body …", "", default="research-institute"),
    ),
    nodes=(
        Node("index", "index/{key}", ("ik:RankingIndex",), "{name_zh}", "{name_en}",
             (Prop("dcterms:publisher", "{publisher}"), Prop("dcterms:publisher", "@publisher_org"),
              Prop("ik:ranksUnitsOf", "{ranks}"), Prop("ik:listSize", "{list_size}"),
              Prop("ik:indexDimension", "{dimensions}"), Prop("ik:editionStructure", "@structure"),
              Prop("ik:indexMeasure", "@measure"), Prop("ik:measureDataSet", "@measure_data_set")),
             key="{key}", cite=True),
        Node("publisher_org", "org/{publisher_key}", ("{publisher_type}",), "{publisher_zh}", "{publisher_en}",
             key="{publisher_key}", only_if_new=True, when="publisher_key"),
        Node("structure", "structure/{key}", ("qb:DataStructureDefinition",),
             "{name_zh}各版次的数据结构", "Data structure of the {name_en} editions",
             tuple(Prop("qb:component", "=" + component) for component in _RANK_COMPONENTS), only_if_new=True),
        Node("measure", "measure/{key}/{measure}", ("qb:MeasureProperty", "owl:DatatypeProperty"),
             "{measure_zh}", "{measure_en}", (Prop("ik:measureUnit", "{measure_unit}"),), when="measure"),
        Node("measure_component", "component/{key}/{measure}", ("qb:ComponentSpecification",),
             "{name_zh}·{measure_zh}度量", "{name_en}: {measure_en} measure", (Prop("qb:measure", "@measure"),),
             when="measure"),
        Node("measure_structure", "structure/{key}-measures", ("qb:DataStructureDefinition",),
             "{name_zh}自有度量的数据结构", "Data structure of the {name_en} measures",
             (*(Prop("qb:component", "=" + component) for component in _MEASURE_COMPONENTS),
              Prop("qb:component", "@measure_component")), when="measure"),
        Node("measure_data_set", "dataset/{key}-measures", ("ik:MeasureDataSet",),
             "{name_zh}自有度量", "{name_en}: its own measures", (Prop("qb:structure", "@measure_structure"),),
             cite=True, when="measure"),
    ),
    unique=("key", "measure"),
    defines=("index", "ik:RankingIndex"),
)
