"""The templates for places and for other sources' names of known things: ``places`` and ``aliases``.

``places`` defines cities, metropolitan areas, science-and-technology
clusters, districts and countries the way the seed does (``ik:country``,
``ik:inMetropolitanArea``, ``ik:locatedIn``, WGS84 ``geo:lat`` /
``geo:long``); a cluster or metropolitan area lists the places it spans
(``ik:containsPlace``), so a cluster such as 东京—横滨 is a place of its
own, never the same as one of its cities.

``aliases`` records a name another source uses for something already in
the graph: a ``skos:altLabel`` (which every name match reads, so a later
rankings row naming 旧金山—圣何塞 finds 旧金山湾区) and a SKOS-XL label
(``skosxl:Label``) with the same literal form that cites the file's source
and, when the row names one, the source that uses the name.

Both are registered in :data:`kg.importing.templates.TEMPLATES`.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.importing.cells import Value
from kg.importing.reconcile import Known
from kg.importing.template_model import SOURCE_HELP, Column, Node, Prop, Template, name_columns
from kg.namespaces import IK, shorten

__all__ = ["PLACES", "ALIASES", "PLACE_PATHS"]

_SKOSXL = "http://www.w3.org/2008/05/skos-xl#"

#: The kinds of place the places template defines, by the keys its type column takes.
PLACE_TYPES = ("city", "metropolitan-area", "cluster", "district", "country")

#: The folder under ``id:`` of each kind of place, as the seed names them (id:city/tokyo, id:metro/jing-jin-ji).
PLACE_PATHS = {IK + "City": "city", IK + "MetropolitanArea": "metro", IK + "Cluster": "cluster",
               IK + "District": "district", IK + "Country": "country"}


def _place_path(values: dict) -> Value:
    """The folder of a place's IRI, from its type: so a row of type city with key tokyo is the seed's id:city/tokyo.

    >>> _place_path({"type": Value(ox.NamedNode(IK + "MetropolitanArea"), "metropolitan-area")}).text
    'metro'
    """
    path = PLACE_PATHS[values["type"].term.value]
    return Value(ox.Literal(path), path, path, path, path, "place-path")


PLACES = Template(
    name="places",
    title="Places: cities, metropolitan areas, clusters spanning several cities, districts, countries",
    title_zh="地点",
    description="One row per place, with a stable key its IRI is made from as the seed's are: id:city/KEY, "
                "id:metro/KEY (a metropolitan area), id:cluster/KEY, id:district/KEY, id:country/KEY. A row whose "
                "type, key and names are those of a place the graph has adds facts to it (e.g. tokyo,city,东京,"
                "Tokyo with its metropolitan area or coordinates, for the seed's Tokyo; a cluster defined in the "
                "same file may contain it); a key the graph uses for a place of that type with other names is "
                "refused. A cluster "
                "(科技集群, e.g. 东京—横滨) or a metropolitan area is a place of its own that contains the "
                "places listed in `contains` (ik:containsPlace), never the same as one of them; the cross-index "
                "views then show a city's rank in an index of clusters through its cluster (via cluster 东京—横滨). "
                "A new city needs its country. "
                "Places the file defines may be named by later columns of any row, e.g. a new city in a "
                "cluster's `contains`. Coordinates are WGS84 decimal degrees.",
    columns=(
        Column("key", "key", True, "a stable key: lower-case letters, digits and hyphens",
               "shenzhen-hong-kong-guangzhou"),
        Column("type", "place-type", True, "city, metropolitan-area, cluster (a unit spanning several "
               "cities), district or country (or the Chinese name, e.g. 科技集群)", "cluster", choices=PLACE_TYPES),
        *name_columns("深圳—香港—广州", "Shenzhen–Hong Kong–Guangzhou"),
        Column("country", "country", False, "the country it lies in (a city needs one; leave it empty for "
               "a country or a cluster across borders)", "中国"),
        Column("metropolitan_area", "metropolitan-area", False, "the metropolitan area a city belongs to", ""),
        Column("within", "place", False, "for a district: the city it lies in (any place it lies in)", ""),
        Column("contains", "place", False, "for a cluster or metropolitan area: the places it spans, "
               "separated by ';'", "深圳; 香港; 广州", multiple=True),
        Column("latitude", "latitude", False, "latitude in decimal degrees, -90 to 90 (south negative)", "22.54"),
        Column("longitude", "longitude", False, "longitude in decimal degrees, -180 to 180 (west negative)",
               "114.06"),
    ),
    nodes=(
        Node("place", "{place_path}/{key}", ("{type}",), "{name_zh}", "{name_en}",
             (Prop("ik:country", "{country}"), Prop("ik:inMetropolitanArea", "{metropolitan_area}"),
              Prop("ik:locatedIn", "{within}"), Prop("ik:containsPlace", "{contains}"),
              Prop("geo:lat", "{latitude}"), Prop("geo:long", "{longitude}")),
             key="{key}"),
    ),
    unique=("key",),
    defines=("place", "{type}"),
    computed={"place_path": _place_path},
)


def _alias_label(values: dict) -> Value | None:
    """The alias as a literal in its language: the ``language`` column, else zh-Hans for Chinese characters, else en.

    >>> _alias_label({"alias": Value(ox.Literal("旧金山—圣何塞"), "旧金山—圣何塞")}).term.language
    'zh-hans'
    >>> _alias_label({"alias": Value(ox.Literal("SF–San Jose"), "SF–San Jose")}).term.language
    'en'
    """
    alias = values.get("alias")
    if alias is None:
        return None
    language = values.get("language")
    if language is not None:
        tag = language.text
    else:
        tag = "zh-Hans" if any("\u3400" <= char <= "\u9fff" for char in alias.text) else "en"
    return Value(ox.Literal(alias.text, language=tag), alias.text, alias.text, alias.text, alias.text, "alias")


def _alias_conflicts(values: dict, reconciler) -> list[tuple[str, str, str]]:
    """Refuse an alias that already names another thing (as its label, alias or key): it would make the name ambiguous.

    An alias of the thing itself passes (re-importing a file changes nothing).
    An alias that passes is made matchable at once, so a later row of the
    file giving the same name to another thing is refused too.

    >>> from kg.build import build_memory
    >>> from kg.importing.reconcile import Reconciler
    >>> reconciler = Reconciler(build_memory())
    >>> shanghai = reconciler.match("entity", "上海").found
    >>> row = {"entity": Value(ox.NamedNode(shanghai.iri), "shanghai", "shanghai", "上海", "Shanghai", "entity")}
    >>> _alias_conflicts({**row, "alias": Value(ox.Literal("北京"), "北京")}, reconciler)[0][1]
    'the alias already names 北京 (Beijing) = id:city/beijing in the graph'
    >>> _alias_conflicts({**row, "alias": Value(ox.Literal("申城"), "申城")}, reconciler)
    []
    """
    alias, entity = values.get("alias"), values.get("entity")
    if alias is None or entity is None:
        return []
    match = reconciler.match("entity", alias.text, suggest=False)
    others = [known for known in (match.candidates if match.ambiguous else (match.found,) if match.found else ())
              if known.iri != entity.term.value]
    if others:
        named = " and ".join(f"{known.display()} = {shorten(known.iri)}" for known in others)
        return [("alias", f"the alias already names {named} in the graph",
                 "a name of two things is ambiguous: leave the row out, or write that thing as the entity if "
                 "the source means it")]
    if match.found is None:
        reconciler.add(("entity",), Known(entity.term.value, entity.key, entity.zh, entity.en), (alias.text,))
    return []


ALIASES = Template(
    name="aliases",
    title="Aliases: the names other sources use for things already in the graph",
    title_zh="别名",
    description="One row per name another source uses for a thing the graph has (a city, organization, "
                "person …): imported as an alternative label (skos:altLabel) with a SKOS-XL label that cites "
                "the source. Afterwards every template matches the alias, e.g. a rankings row naming "
                "旧金山—圣何塞 (or 旧金山-圣何塞: every dash is one) finds 旧金山湾区. An alias that already "
                "names another thing (its label, alias or key, in the graph or on an earlier row) is refused, "
                "naming that thing: it would make the name ambiguous. " + SOURCE_HELP + ".",
    columns=(
        Column("entity", "entity", True, "the thing in the graph: its key, IRI or name", "旧金山湾区"),
        Column("alias", "text", True, "the other name, written as the source writes it", "旧金山—圣何塞"),
        Column("language", "language", False, "zh-Hans or en; by default zh-Hans when the alias has Chinese "
               "characters, else en", "zh-Hans"),
        Column("source", "source", False, "the source that uses the name, when it is a source of the graph "
               "other than the file's (its IRI or title); the file's --source is cited in any case", ""),
    ),
    nodes=(
        Node("entity", "{entity}", (),
             props=(Prop("skos:altLabel", "{alias_label}"), Prop(_SKOSXL + "altLabel", "@label"))),
        Node("label", "_", (_SKOSXL + "Label",),
             props=(Prop(_SKOSXL + "literalForm", "{alias_label}"), Prop("prov:wasDerivedFrom", "{source}")),
             cite=True),
    ),
    unique=("entity", "alias"),
    computed={"alias_label": _alias_label},
    check=_alias_conflicts,
)
