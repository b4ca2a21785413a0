"""The map of the ranked centres: where each lies, its rank, its side of a geographic divide, its metropolitan area.

The data come from two saved queries, ``map-centres`` (every ranked centre
with coordinates, rank per index, edition and dimension, country and
metropolitan area) and ``geographic-divides`` (the Hu Huanyong line and any
other divide, with its WKT line). The side of a divide each city of the
divide's country lies on is computed here from the city's coordinates and
the line (:func:`side_of`), never read from a stated fact; the map shows it
beside what the graph states (``ik:sideOfDivide``) when it states one.

The map itself is drawn in the browser by ``kg/static/innokg-map.js`` with
the vendored d3 (d3-geo, d3-zoom) over Natural Earth's countries from npm's
world-atlas (``countries-110m.json``, turned into GeoJSON by the vendored
topojson-client): ``/map`` serves it, ``innokg viz map -o map.html`` writes
it as one file that opens offline.

Examples
--------
>>> from kg.build import build_memory
>>> data = map_data(build_memory(), "en")
>>> data["default"], len(data["centres"])
({'index': 'https://w3id.org/innokg/id/index/gis100', 'edition': 2025, 'dimension': 'https://w3id.org/innokg/id/dimension/overall'}, 33)
>>> beijing = next(c for c in data["centres"] if c["name"] == "Beijing")
>>> beijing["sides"], beijing["metro"]["name"]
({'https://w3id.org/innokg/id/place/hu-huanyong-line': 'southeast'}, 'Beijing–Tianjin–Hebei')
"""

from __future__ import annotations

import re
import weakref
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from kg.errors import InnokgError
from kg.labels import labels as graph_labels
from kg.namespaces import ID
from kg.results import collect
from kg.saved_queries import run_saved_query, saved_query_by_id
from kg.store.memo import once_per_snapshot
from kg.views.render import STATIC_DIR, json_for_script

__all__ = ["COMPASS", "parse_linestring", "side_of", "centre_rows", "map_data", "render_map_fragment", "render_map_standalone"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_OVERALL = ID + "dimension/overall"
_SEED_INDEX = ID + "index/gis100"  # the index a map shows first (kg.policy.editions.DEFAULT_INDEX)
#: Compass point -> (zh, en) names of a side, by the direction a side faces.
COMPASS = {"east": ("东", "east"), "northeast": ("东北", "northeast"), "north": ("北", "north"),
           "northwest": ("西北", "northwest"), "west": ("西", "west"), "southwest": ("西南", "southwest"),
           "south": ("南", "south"), "southeast": ("东南", "southeast")}
_POINTS = ("east", "northeast", "north", "northwest", "west", "southwest", "south", "southeast")
_LINESTRING = re.compile(r"^\s*(?:<[^>]*>\s*)?LINESTRING\s*\(([^)]*)\)\s*$", re.IGNORECASE)


def parse_linestring(wkt: str) -> list[tuple[float, float]]:
    """The points ``(longitude, latitude)`` of a WKT ``LINESTRING`` (an optional CRS IRI first).

    Examples
    --------
    >>> parse_linestring("LINESTRING(127.50 50.25, 98.49 25.02)")
    [(127.5, 50.25), (98.49, 25.02)]
    >>> parse_linestring("POINT(1 2)")
    Traceback (most recent call last):
    kg.errors.InnokgError: a divide's geometry must be a WKT LINESTRING, not 'POINT(1 2)'
    """
    match = _LINESTRING.match(wkt)
    points = []
    if match:
        for pair in match.group(1).split(","):
            parts = pair.split()
            if len(parts) >= 2:
                points.append((float(parts[0]), float(parts[1])))
    if not match or len(points) < 2:
        raise InnokgError(f"a divide's geometry must be a WKT LINESTRING, not {wkt!r}")
    return points


def _facing(dx: float, dy: float) -> str:
    """The compass point a direction (east, north components) is nearest to."""
    import math

    angle = math.degrees(math.atan2(dy, dx)) % 360
    return _POINTS[int((angle + 22.5) // 45) % 8]


def _unit(longitude: float, latitude: float) -> tuple[float, float, float]:
    import math

    lon, lat = math.radians(longitude), math.radians(latitude)
    return (math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat))


def side_of(line: list[tuple[float, float]], longitude: float, latitude: float) -> str:
    """The side of ``line`` (``(longitude, latitude)`` points) a place lies on, named by the compass point it faces.

    Each segment of the line is the great circle through its ends (as d3-geo
    draws it on the map), extended around the globe; the place is held
    against the segment nearest to it in latitude: the sign of the triple
    product of the segment's ends and the place says the side.

    Examples
    --------
    >>> hu = [(127.50, 50.25), (98.49, 25.02)]
    >>> side_of(hu, 116.41, 39.90), side_of(hu, 87.62, 43.83), side_of(hu, 104.07, 30.67)
    ('southeast', 'northwest', 'southeast')
    """
    segments = list(zip(line, line[1:]))

    def distance(segment) -> float:
        (_, y1), (_, y2) = segment
        low, high = min(y1, y2), max(y1, y2)
        return 0.0 if low <= latitude <= high else min(abs(latitude - low), abs(latitude - high))

    (x1, y1), (x2, y2) = min(segments, key=distance)
    a, b, p = _unit(x1, y1), _unit(x2, y2), _unit(longitude, latitude)
    normal = (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
    triple = normal[0] * p[0] + normal[1] * p[1] + normal[2] * p[2]
    left = _facing(-(y2 - y1), x2 - x1)  # the side to the left of the line's direction faces this way
    right = _POINTS[(_POINTS.index(left) + 4) % 8]
    return left if triple > 0 else right


_CENTRE_ROWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def centre_rows(store) -> tuple[dict, ...]:
    """The rows of ``map-centres``, kept once per read-only store (2.5-4.5 s at 10M triples; a server's warm-up reads them).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.store import OxigraphStore
    >>> store = OxigraphStore(build_memory().inner, None, read_only=True)
    >>> rows = centre_rows(store)
    >>> len(rows), rows is centre_rows(store)
    (46, True)
    """
    return once_per_snapshot(_CENTRE_ROWS, store, lambda: tuple(_rows(store, "map-centres")))


def _rows(store, query_id: str) -> list[dict]:
    result = collect(run_saved_query(store, saved_query_by_id(query_id)))
    return [{name: term for name, term in zip(result.variables, row) if term is not None} for row in result.rows]


def _name(zh: str | None, en: str | None, lang: str, fallback: str) -> str:
    return ((zh or en) if lang == "zh" else (en or zh)) or fallback


def map_data(store, lang: str = "zh") -> dict:
    """Everything the map draws, as JSON-ready data.

    Returns
    -------
    dict
        ``centres`` (IRI, name, other name, coordinates, country, metropolitan
        area, the computed side of each divide of its country, the stated side,
        and ``ranks``: ``"INDEX|EDITION|DIMENSION" -> [rank, kind]``), ``indexes``,
        ``editions``, ``dimensions`` (IRI and name, in order), ``divides`` (IRI,
        name, line, the names of both sides), ``metros`` (IRI, name, member IRIs),
        ``default`` (index, latest edition, overall) and ``lang``.
    """
    rows = centre_rows(store)
    centres: dict[str, dict] = {}
    keys: dict[str, tuple] = {}
    for row in rows:
        city = row["city"].value
        centre = centres.setdefault(city, {
            "iri": city, "name": _name(_text(row, "city_zh"), _text(row, "city_en"), lang, city),
            "other": _name(_text(row, "city_en"), _text(row, "city_zh"), lang, ""),
            "lat": float(row["lat"].value), "long": float(row["long"].value),
            "country": _text(row, "country"), "metro": None, "ranks": {}, "sides": {}, "stated_sides": {}})
        if "metro" in row:
            centre["metro"] = {"iri": row["metro"].value,
                               "name": _name(_text(row, "metro_zh"), _text(row, "metro_en"), lang, row["metro"].value)}
        index = _text(row, "index") or ""
        key = f"{index}|{row['edition'].value}|{row['dimension'].value}"
        rank, kind = int(row["rank"].value), row["rank_kind"].value
        held = centre["ranks"].get(key)
        if held is None or (kind == "exact") > (held[1] == "exact") or (kind == held[1] and rank < held[0]):
            centre["ranks"][key] = [rank, kind]  # the tightest statement of a cell: exact, else the lowest bound
        keys[key] = (index, int(row["edition"].value), row["dimension"].value)
    indexes = sorted({k[0] for k in keys.values()})
    editions = sorted({k[1] for k in keys.values()})
    dimensions = sorted({k[2] for k in keys.values()}, key=lambda d: (d != _OVERALL, d))
    divides = []
    for row in _rows(store, "geographic-divides"):
        line = parse_linestring(row["wkt"].value)
        (x1, y1), (x2, y2) = line[0], line[1]
        left = _facing(-(y2 - y1), x2 - x1)
        divides.append({"iri": row["divide"].value, "country": _text(row, "country"), "line": line,
                        "name": _name(_text(row, "divide_zh"), _text(row, "divide_en"), lang, row["divide"].value),
                        "sides": {point: COMPASS[point][0 if lang == "zh" else 1]
                                  for point in (left, _POINTS[(_POINTS.index(left) + 4) % 8])}})
    for centre in centres.values():
        for divide in divides:
            if divide["country"] is None or divide["country"] == centre["country"]:
                centre["sides"][divide["iri"]] = side_of(divide["line"], centre["long"], centre["lat"])
    names = graph_labels(store, [*indexes, *dimensions, *(c["country"] for c in centres.values() if c["country"])])
    for centre in centres.values():
        country = names.get(centre["country"] or "", {})
        centre["country_name"] = _name(country.get("zh"), country.get("en"), lang, centre["country"] or "")
    metros: dict[str, dict] = {}
    for centre in centres.values():
        if centre["metro"]:
            metro = metros.setdefault(centre["metro"]["iri"], {**centre["metro"], "cities": []})
            metro["cities"].append(centre["iri"])
    # the seed's index by default (else the first), and its latest edition: two indexes may rank other years
    shown = _SEED_INDEX if _SEED_INDEX in indexes else (indexes[0] if indexes else "")
    latest = max((k[1] for k in keys.values() if k[0] == shown), default=None)
    return {
        "lang": lang,
        "centres": sorted(centres.values(), key=lambda c: c["iri"]),
        "indexes": [{"iri": i, "name": _name(names.get(i, {}).get("zh"), names.get(i, {}).get("en"), lang, i or "—")}
                    for i in indexes],
        "editions": editions,
        "dimensions": [{"iri": d, "name": _name(names.get(d, {}).get("zh"), names.get(d, {}).get("en"), lang, d)}
                       for d in dimensions],
        "divides": divides,
        "metros": sorted(metros.values(), key=lambda m: m["iri"]),
        "default": {"index": shown, "edition": latest,
                    "dimension": _OVERALL if _OVERALL in dimensions else (dimensions[0] if dimensions else "")},
    }


def _text(row: dict, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(default=True))


def render_map_fragment(data: dict, link_base: str | None = "", world_url: str | None = "/static/vendor/countries-110m.json") -> Markup:
    """The map's HTML: its controls, its drawing area, a table of the centres, and its data as JSON.

    ``link_base`` is where a click opens an entity page (``""``: this site;
    None: the entity's IRI); ``world_url`` where the script fetches the base
    map (None: it is inlined in the fragment, for a standalone file).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = render_map_fragment(map_data(build_memory(), "en"))
    >>> 'id="ikm-data"' in html, 'data-world-url="/static/vendor/countries-110m.json"' in html
    (True, True)
    """
    world = None if world_url is not None else Markup(
        (STATIC_DIR / "vendor/countries-110m.json").read_text(encoding="utf-8").replace("</", "<\\/"))
    settings = {"linkBase": link_base}
    return Markup(_environment().get_template("map_fragment.html").render(
        data=data, lang=data["lang"], world_url=world_url, world=world,
        data_json=Markup(json_for_script(data)), settings_json=Markup(json_for_script(settings))))


def render_map_standalone(data: dict, link_base: str | None = None) -> str:
    """The map as one HTML file that opens offline: d3, topojson-client, the base map and the script inlined.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = render_map_standalone(map_data(build_memory(), "en"))
    >>> html.startswith("<!DOCTYPE html>"), "<script src=" in html, '"type":"Topology"' in html
    (True, False, True)
    """
    def asset(name: str, closing: str) -> Markup:
        return Markup((STATIC_DIR / name).read_text(encoding="utf-8").replace(closing, closing.replace("</", "<\\/")))

    return _environment().get_template("map_standalone.html").render(
        lang=data["lang"], fragment=render_map_fragment(data, link_base, world_url=None),
        title="创新中心地图" if data["lang"] == "zh" else "Map of the innovation centres",
        d3_js=asset("vendor/d3.min.js", "</script"), topojson_js=asset("vendor/topojson-client.min.js", "</script"),
        site_css=asset("innokg.css", "</style"), map_js=asset("innokg-map.js", "</script"))
