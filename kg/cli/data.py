"""The data commands of ``innokg``: template, import, graphs, drop, export-network, export-ranking.

:func:`add_data_commands` registers them on the parser of :mod:`kg.cli.main`;
each handler takes the parsed arguments and returns the exit status. A
refused import prints one ``innokg: error:`` line per problem and exits 2.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from kg.cli.support import open_store as _open_store, parse_param as _param, store_target, write as _write
from kg.errors import InnokgError
from kg.store.lock import hold_store
from kg.paths import HYGIENE_DIR, SHAPES_FILE

__all__ = ["add_data_commands"]


_GRAPHS = """
SELECT ?graph ?mode ?source ?file ?time WHERE {
  VALUES ?graph { %s }
  OPTIONAL { ?graph ik:assertionMode ?mode_node . BIND (STRAFTER(STR(?mode_node), "/assertion-mode/") AS ?mode) }
  OPTIONAL { ?graph prov:wasDerivedFrom ?source }
  OPTIONAL { ?graph prov:wasGeneratedBy/prov:used/dcterms:title ?file }
  OPTIONAL { ?graph prov:generatedAtTime ?time }
}"""


def add_data_commands(commands, common: argparse.ArgumentParser) -> None:
    """Add the data commands to the ``commands`` sub-parsers of ``innokg``.

    Examples
    --------
    >>> from kg.cli.main import build_parser
    >>> args = build_parser().parse_args(["import", "r.csv", "--source", "GIS100 2024"])
    >>> args.command, args.file, args.source, args.template
    ('import', PosixPath('r.csv'), 'GIS100 2024', None)
    """
    template = commands.add_parser("template", parents=[common], help="write an import template (CSV or xlsx)")
    template.add_argument("name", metavar="NAME", nargs="?", help="the template; omit to list them")
    template.add_argument("-o", "--output", metavar="FILE", type=Path, help="a .csv or .xlsx file (default: CSV on stdout)")
    template.add_argument("--docs", action="store_true", help="print the documentation of every template (Markdown)")
    template.set_defaults(handler=_template)

    imports = commands.add_parser("import", parents=[common], help="import a CSV, xlsx or RDF file into a named graph")
    imports.add_argument("file", metavar="FILE", type=Path, help=".csv, .xlsx, or .ttl .trig .nt .nq .jsonld .rdf")
    imports.add_argument("--source", required=True,
                         help="where the data come from: a source of the graph (IRI, key or title) or a citation")
    imports.add_argument("-t", "--template", metavar="NAME", help="the template of a table (guessed from its columns)")
    imports.add_argument("-g", "--graph", metavar="IRI", help="the target graph (default: graph:import/<file name>)")
    imports.add_argument("-f", "--format", metavar="FORMAT", help="the RDF format (default: from the suffix)")
    imports.add_argument("--shapes", metavar="FILE", type=Path, default=SHAPES_FILE, help="SHACL shapes file")
    imports.add_argument("--hygiene", metavar="DIR", type=Path, default=HYGIENE_DIR, help="hygiene checks folder")
    imports.add_argument("--replace", action="store_true",
                         help="when another graph already holds this very file (same SHA-256), import it in "
                              "place of that graph (which is dropped) instead of refusing")
    imports.set_defaults(handler=_import)

    graphs = commands.add_parser("graphs", parents=[common], help="list the named graphs with provenance and size")
    graphs.set_defaults(handler=_graphs)

    drop = commands.add_parser("drop", parents=[common], help="remove a named graph")
    drop.add_argument("graph", metavar="GRAPH", help="its IRI, or its name after graph:import/")
    drop.add_argument("--force", action="store_true",
                      help="also drop a graph no import made (the ontology, the seed, reference data)")
    drop.add_argument("--cascade", action="store_true",
                      help="also drop the graphs that use its things (and theirs), instead of refusing")
    drop.add_argument("--dry-run", action="store_true", help="list what would go, and drop nothing")
    drop.set_defaults(handler=_drop)

    network = commands.add_parser("export-network", parents=[common],
                                  help="write a network with its metrics as GraphML or GEXF (Gephi, Cytoscape)")
    network.add_argument("network", metavar="NETWORK", help="a network name (queries/networks/) or an edge .rq file")
    network.add_argument("-o", "--output", metavar="FILE", type=Path, required=True, help="a .graphml or .gexf file")
    network.add_argument("-f", "--format", choices=("graphml", "gexf"), help="default: from the suffix")
    network.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE", help="a query parameter")
    network.add_argument("--no-metrics", action="store_true", help="labels only, no metrics (faster)")
    network.set_defaults(handler=_export_network)

    ranking = commands.add_parser("export-ranking", parents=[common], help="write a ranking edition as an xlsx table")
    ranking.add_argument("-o", "--output", metavar="FILE", type=Path, required=True, help="an .xlsx file")
    ranking.add_argument("--index", default="gis100", help="the index key (default: gis100)")
    ranking.add_argument("--edition", type=int, default=2025, help="the edition year (default: 2025)")
    ranking.set_defaults(handler=_export_ranking)


def _template(args: argparse.Namespace) -> int:
    from kg.importing.template_files import template_csv, templates_markdown, write_template_xlsx
    from kg.importing.templates import TEMPLATES, get_template

    if args.docs:
        _write(templates_markdown())
        return 0
    if args.name is None:
        _write("\n".join(f"{t.name:<20} {t.title}" for t in TEMPLATES.values()))
        return 0
    template = get_template(args.name)
    if args.output is None:
        _write(template_csv(template))
    elif args.output.suffix.lower() == ".xlsx":
        write_template_xlsx(template, args.output)
    elif args.output.suffix.lower() == ".csv":
        args.output.write_text(template_csv(template), encoding="utf-8")
    else:
        raise InnokgError(f"{args.output}: a template is written as .csv or .xlsx")
    if args.output is not None:
        print(f"wrote the {template.name} template to {args.output}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from kg.importing.dropping import graph_text
    from kg.importing.loader import import_table
    from kg.importing.problems import ImportFailed
    from kg.importing.rdf_in import import_rdf
    from kg.importing.tabular import TABLE_SUFFIXES
    from kg.importing.ties import rank_ties

    def report(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    options = dict(source=args.source, graph=args.graph, shapes_file=args.shapes, hygiene_dir=args.hygiene,
                   progress=report)
    replaced: dict = {}
    with _hold(args, "innokg import"), _open_store(args, read_only=False) as store:
        try:
            replaced, companions = _set_aside(store, args) if args.replace else ({}, {})
            if _is_candidates(args.file):  # reviewed candidates of `innokg extract` (kg.extract.to_rdf)
                from kg.extract.to_rdf import import_candidates

                result = import_candidates(store, args.file, **options)
            elif args.file.suffix.lower() in TABLE_SUFFIXES:
                if args.format:
                    raise InnokgError("--format is for RDF files; a table's template is chosen with --template")
                result = import_table(store, args.file, template=args.template, **options)
            else:
                if args.template:
                    raise InnokgError("--template is for .csv and .xlsx tables")
                result = import_rdf(store, args.file, format=args.format, **options)
        except BaseException as failure:
            if replaced:
                store.replace_graphs(replaced)  # the import failed: the graphs set aside come back as they were
            if not isinstance(failure, ImportFailed):
                raise
            for line in failure.lines():
                print(f"innokg: error: {line}", file=sys.stderr)
            print(f"innokg: error: {failure}", file=sys.stderr)
            return 2
        sizes = {graph: len(triples) for graph, triples in replaced.items()}
        for graph in [graph for graph in replaced if graph not in companions.values()]:
            print(f"replaced {graph_text(graph, sizes, companions)}: it held the same file", file=sys.stderr)
        print(result.text(), file=sys.stderr, flush=True)  # committed already: say so before closing the store
        from kg.views.snapshot import next_step

        if next_step(len(store)):
            print(next_step(len(store)), file=sys.stderr)
        for tie in rank_ties(store, result.graph):
            print(f"innokg: warning: {args.file.name}: {tie.text()}; kept as stated: check the source",
                  file=sys.stderr)
    return 0


def _is_candidates(path: Path) -> bool:
    from kg.extract.to_rdf import is_candidates_file

    return path.suffix.lower() in (".csv", ".xlsx", ".json") and is_candidates_file(path)


def _set_aside(store, args: argparse.Namespace) -> tuple[dict, dict]:
    """Drop the other graphs that hold this very file, and their companions (their inferred graphs).

    Returns their triples (graph -> triples, to put back on failure) and the companions (graph -> companion).
    """
    from kg.importing.provenance import companion_graphs, graph_for, graphs_holding, sha256

    try:
        data = args.file.read_bytes()
    except OSError:
        return {}, {}  # the import reports it
    target = graph_for(args.file.name, args.graph)
    holders = [graph for graph in graphs_holding(store, sha256(data)) if graph != target]
    companions = companion_graphs(store, holders)
    kept = {graph: [quad.triple for quad in store.quads(graph)] for graph in [*holders, *companions.values()]}
    if kept:
        store.replace_graphs({graph: [] for graph in kept})  # one transaction: an import and its companion
    return kept, companions


def _graphs(args: argparse.Namespace) -> int:
    from kg.namespaces import shorten
    from kg.results import collect, text_table

    with _open_store(args, read_only=True) as store:
        sizes = {graph: size for graph, size in store.graph_sizes().items() if graph is not None}
        info: dict[str, dict] = {}
        if sizes:
            values = " ".join(f"<{graph}>" for graph in sizes if not graph.startswith("_:"))
            result = collect(store.query(_GRAPHS % values))
            for row in result.rows:
                cells = dict(zip(result.variables, (term.value if term is not None else "" for term in row)))
                found = info.setdefault(cells["graph"], {"mode": "", "sources": set(), "file": "", "time": ""})
                found["mode"] = cells["mode"] or found["mode"]
                if cells["source"]:
                    found["sources"].add(shorten(cells["source"]))
                found["file"] = cells["file"] or found["file"]
                found["time"] = cells["time"] or found["time"]
    rows = []
    for graph, size in sizes.items():
        found = info.get(graph, {"mode": "", "sources": set(), "file": "", "time": ""})
        rows.append([graph, str(size), found["mode"], ", ".join(sorted(found["sources"])), found["file"], found["time"]])
    _write(text_table(["graph", "triples", "mode", "derived from", "imported file", "imported at"], rows)
           + f"\n({len(rows)} named graphs)")
    return 0


def _drop(args: argparse.Namespace) -> int:
    from kg.importing.dropping import plan_drop
    from kg.namespaces import GRAPH

    holder = contextlib.nullcontext() if args.dry_run else _hold(args, "innokg drop")  # readers never wait
    with holder, _open_store(args, read_only=args.dry_run) as store:
        graphs = store.named_graphs()
        candidates = [args.graph, GRAPH + args.graph, GRAPH + "import/" + args.graph]
        graph = next((name for name in candidates if name in graphs), None)
        if graph is None:
            raise InnokgError(f"no graph {args.graph!r} in the store (see `innokg graphs`)")
        plan = plan_drop(store, graph, cascade=args.cascade or args.dry_run)
        if args.dry_run:
            for name in plan.owners:  # each with its companion, if it has one
                why = "" if name == graph else ": it uses " + ", ".join(
                    f"{use.things} thing{'' if use.things == 1 else 's'} of <{dropped}>"
                    for dropped, uses in plan.uses.items() for use in uses if use.graph == name)
                made = "" if name not in plan.not_imported else " (no import made it: needs --force)"
                _write(f"would drop {plan.text(name)}{made}{why}")
            needs = len(plan.owners) > 1 and not args.cascade
            _write(f"dry run: {len(plan.sizes)} graph{'' if len(plan.sizes) == 1 else 's'}, "
                   f"{sum(plan.sizes.values())} triples; nothing dropped" + (" (needs --cascade)" if needs else ""))
            return 0
        if plan.not_imported and not args.force:
            names = ", ".join(f"<{name}>" for name in plan.not_imported)
            raise InnokgError(f"{names} {'was' if len(plan.not_imported) == 1 else 'were'} not made by an import "
                              "(the ontology, the seed, reference data): dropping it would break the graphs "
                              "that rely on it; pass --force to drop it anyway")
        if plan.users and not args.cascade:
            raise InnokgError(f"<{graph}> is still used by {len(plan.users)} other "
                              f"graph{'' if len(plan.users) == 1 else 's'}: "
                              + "; ".join(use.text() for use in plan.users)
                              + "; pass --cascade to drop them too (--dry-run lists what would go)")
        store.replace_graphs({name: [] for name in plan.sizes})  # one transaction: all of them go, or none
    for name in plan.owners:
        print(f"dropped {plan.text(name)}", file=sys.stderr)
    return 0


def _hold(args: argparse.Namespace, command: str):
    """Hold the store for this command (:func:`kg.store.lock.hold_store`), waiting up to ``--wait`` seconds."""
    return hold_store(store_target(args), command=command, wait=getattr(args, "wait", None))


def _export_network(args: argparse.Namespace) -> int:
    from kg.exporting.network import write_network

    params = dict(_param(text) for text in args.param)
    with _open_store(args, read_only=True) as store:
        graph = write_network(store, args.network, args.output, args.format, params, metrics=not args.no_metrics)
    print(f"wrote {args.output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", file=sys.stderr)
    return 0


def _export_ranking(args: argparse.Namespace) -> int:
    from kg.exporting.ranking_xlsx import write_ranking_xlsx

    if args.output.suffix.lower() != ".xlsx":
        raise InnokgError(f"{args.output}: a ranking is written as .xlsx")
    with _open_store(args, read_only=True) as store:
        count = write_ranking_xlsx(store, args.output, args.index, args.edition)
    print(f"wrote {args.output}: {count} cities of {args.index} {args.edition}", file=sys.stderr)
    return 0
