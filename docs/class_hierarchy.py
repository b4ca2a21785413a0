"""Draw the top of the innokg class hierarchy as an SVG, from the ontology itself.

The picture in ``docs/class-hierarchy.svg`` is generated, not drawn: one column per
top class (a class of ours with no superclass of ours): the innovation ecosystem
(the top of the model, ``ik:InnovationEcosystem``), its three elements (talent,
actor, environment: the ranges of ``ik:hasTalent``, ``ik:hasActor`` and
``ik:hasEnvironment``), then the supporting parts; under each, its direct
subclasses with how many classes lie further below. Run ``python docs/class_hierarchy.py`` after
changing ``ontology/*.ttl``; ``tests/test_ontology.py`` fails while the picture is
out of date.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.paths import ONTOLOGY_DIR  # noqa: E402

__all__ = ["OUTPUT", "ontology_graph", "top_of_hierarchy", "render_svg", "main"]

#: Where the picture is written.
OUTPUT = Path(__file__).resolve().parent / "class-hierarchy.svg"
IK = "https://w3id.org/innokg/ont#"
_ELEMENT = rdflib.URIRef(IK + "ecosystemElement")
_COLUMN, _GAP, _BOX, _ROW = 200, 14, 46, 54
#: The ecosystem elements in the order the model names them (talent – actor – environment).
_ELEMENT_ORDER = ("talent", "actor", "environment")
_COLOURS = {"ecosystem": "#1d3557", "element": "#2a9d8f", "supporting": "#8c8c8c"}
#: The properties that make an ecosystem of its elements, by element.
_PARTS = {"talent": "ik:hasTalent", "actor": "ik:hasActor", "environment": "ik:hasEnvironment"}
_ECOSYSTEM = rdflib.URIRef(IK + "InnovationEcosystem")


def ontology_graph(ontology_dir: Path = ONTOLOGY_DIR) -> rdflib.Graph:
    """Parse every ontology module (``*.ttl`` but ``shapes.ttl``) into one graph.

    Examples
    --------
    >>> len(ontology_graph()) > 1000
    True
    """
    graph = rdflib.Graph()
    graph.bind("schema", "http://schema.org/", override=True, replace=True)
    for path in sorted(Path(ontology_dir).glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path)
    return graph


def _ours(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    return {c for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(IK)}


def _label(graph: rdflib.Graph, term: rdflib.URIRef, lang: str) -> str:
    return next((str(l) for l in graph.objects(term, RDFS.label) if l.language == lang), str(term)[len(IK):])


def top_of_hierarchy(graph: rdflib.Graph) -> list[dict]:
    """The top classes and their direct subclasses: the ecosystem, its elements (talent, actor, environment), then the rest.

    Returns
    -------
    list of dict
        ``{"iri", "zh", "en", "kind", "external", "children": [{"iri", "zh", "en", "below"}]}``
        where ``kind`` is ``"ecosystem"`` (the top), ``"element"`` (an ecosystem element) or ``"supporting"``,
        ``external`` the superclasses from reused vocabularies, ``below`` the number of
        classes under a child.

    Examples
    --------
    >>> [t["en"] for t in top_of_hierarchy(ontology_graph())][:4]
    ['innovation ecosystem', 'innovation talent', 'innovation actor', 'innovation environment']
    """
    ours = _ours(graph)
    tops = [c for c in ours if not (set(graph.objects(c, RDFS.subClassOf)) & ours)]

    def below(cls: rdflib.URIRef) -> int:
        return len({d for d in ours if d != cls and cls in set(graph.transitive_objects(d, RDFS.subClassOf))})

    def entry(cls: rdflib.URIRef) -> dict:
        return {"iri": str(cls), "zh": _label(graph, cls, "zh-Hans"), "en": _label(graph, cls, "en")}

    result = []
    def order(cls: rdflib.URIRef) -> tuple:
        if cls == _ECOSYSTEM:
            return (0, 0, str(cls))
        element = graph.value(cls, _ELEMENT)
        if element is None:
            return (2, 0, str(cls))
        name = str(element).rsplit("/", 1)[-1]
        return (1, _ELEMENT_ORDER.index(name) if name in _ELEMENT_ORDER else len(_ELEMENT_ORDER), str(cls))

    def kind(cls: rdflib.URIRef) -> str:
        return "ecosystem" if cls == _ECOSYSTEM else "element" if (cls, _ELEMENT, None) in graph else "supporting"

    def part(cls: rdflib.URIRef) -> str:
        element = graph.value(cls, _ELEMENT)
        return _PARTS.get(str(element).rsplit("/", 1)[-1], "") if element is not None else ""

    for top in sorted(tops, key=order):
        external = sorted(graph.namespace_manager.normalizeUri(s) for s in graph.objects(top, RDFS.subClassOf)
                          if isinstance(s, rdflib.URIRef) and s not in ours)
        children = sorted((c for c in ours if (c, RDFS.subClassOf, top) in graph), key=str)
        result.append({**entry(top), "kind": kind(top), "part": part(top),
                       "external": external, "children": [{**entry(c), "below": below(c)} for c in children]})
    return result


def _box(x: float, y: float, width: float, height: float, fill: str, lines: list[tuple[str, str]]) -> list[str]:
    out = [f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="5" fill="{fill}" stroke="#333"/>']
    for i, (text, style) in enumerate(lines):
        out.append(f'<text x="{x + width / 2}" y="{y + 14 + 13 * i}" text-anchor="middle" {style}>{escape(text)}</text>')
    return out


def render_svg(tops: list[dict]) -> str:
    """The SVG text of the picture of ``tops`` (see :func:`top_of_hierarchy`).

    Examples
    --------
    >>> svg = render_svg([{"iri": IK + "A", "zh": "甲", "en": "a", "kind": "element", "external": [],
    ...                    "children": [{"iri": IK + "B", "zh": "乙", "en": "b", "below": 0}]}])
    >>> svg.startswith("<svg") and "ik:B" in svg and svg.endswith("</svg>\\n")
    True
    """
    deepest = max((len(t["children"]) for t in tops), default=0)
    width = _GAP + len(tops) * (_COLUMN + _GAP)
    height = 120 + _ROW * (deepest + 1) + 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
             '<title>innokg: the top of the class hierarchy (generated by docs/class_hierarchy.py)</title>',
             f'<rect width="{width}" height="{height}" fill="white"/>']
    def columns(kind: str) -> list[int]:
        return [i for i, t in enumerate(tops) if t["kind"] == kind]

    for kind, indexes, title in (("ecosystem", columns("ecosystem"), "顶层 · the top"),
                                 ("element", columns("element"), "由三要素构成 · made of three elements"),
                                 ("supporting", columns("supporting"), "支撑部分 · supporting parts")):
        if indexes:
            x0 = _GAP + indexes[0] * (_COLUMN + _GAP)
            x1 = _GAP + (indexes[-1] + 1) * (_COLUMN + _GAP) - _GAP
            parts.append(f'<rect x="{x0}" y="8" width="{x1 - x0}" height="22" rx="4" fill="{_COLOURS[kind]}" opacity="0.25"/>')
            parts.append(f'<text x="{(x0 + x1) / 2}" y="23" text-anchor="middle" font-weight="bold">{escape(title)}</text>')
    for i, top in enumerate(tops):
        x = _GAP + i * (_COLUMN + _GAP)
        lines = [(f'{top["zh"]} · {top["en"]}', 'fill="white" font-weight="bold"'),
                 (f'ik:{top["iri"][len(IK):]}', 'fill="white"')]
        if top["external"]:
            lines.append((f'⊑ {", ".join(top["external"])}', 'fill="white" font-size="9"'))
        if top.get("part"):
            lines.append((f'ik:InnovationEcosystem {top["part"]} ▸', 'fill="white" font-size="9"'))
        parts += _box(x, 40, _COLUMN, 16 + 13 * len(lines), _COLOURS[top["kind"]], lines)
        for j, child in enumerate(top["children"]):
            y = 120 + _ROW * j
            parts.append(f'<line x1="{x + 8}" y1="{y - _ROW + _BOX if j else 40 + 16 + 13 * len(lines)}" '
                         f'x2="{x + 8}" y2="{y + _BOX / 2}" stroke="#333"/>')
            parts.append(f'<line x1="{x + 8}" y1="{y + _BOX / 2}" x2="{x + 16}" y2="{y + _BOX / 2}" stroke="#333"/>')
            more = f' (+{child["below"]})' if child["below"] else ""
            parts += _box(x + 16, y, _COLUMN - 16, _BOX, "#f4f4f4",
                          [(child["zh"], 'fill="#111"'), (child["en"], 'fill="#111"'),
                           (f'ik:{child["iri"][len(IK):]}{more}', 'fill="#555" font-size="9"')])
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(output: Path = OUTPUT) -> Path:
    """Regenerate the picture from ``ontology/`` and write it to ``output``."""
    output.write_text(render_svg(top_of_hierarchy(ontology_graph())), encoding="utf-8")
    return output


if __name__ == "__main__":
    print(f"wrote {main()}")
