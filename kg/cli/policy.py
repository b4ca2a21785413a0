"""The policy-research commands of ``innokg``: chains, coverage, funding, rankings and report.

::

    innokg chains --from 上海大学 [--to 泮芯科技] [--max-steps 6] [--limit N] [--format table|json|csv]
    innokg coverage [--place 宝山区]
    innokg funding [--from 2025-01 --to 2025-12] [--by channel,instrument]
    innokg rankings changes --from-edition 2024 --to-edition 2025 [--index gis100] [--dimension overall]
    innokg rankings profile 北京 [--edition 2024 --edition 2025]
    innokg rankings stated-vs-counted [--edition 2025]
    innokg rankings indexes 北京
    innokg report chains --from 上海大学 -o chains.html        # or .csv; any analysis above
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

from kg.cli.support import positive_int as _positive
from kg.errors import InnokgError

__all__ = ["add_policy_commands"]

_FORMATS = ("table", "csv", "json")
_RANKING_VIEWS = ("changes", "profile", "stated-vs-counted", "indexes")


def add_policy_commands(commands, common: argparse.ArgumentParser) -> None:
    """Register ``chains``, ``coverage``, ``funding``, ``rankings`` and ``report`` on the sub-command parsers.

    Examples
    --------
    >>> from kg.cli.main import build_parser
    >>> args = build_parser().parse_args(["chains", "--from", "上海大学", "--to", "泮芯科技", "-f", "json"])
    >>> args.origin, args.target, args.format, args.max_steps
    ('上海大学', '泮芯科技', 'json', 6)
    >>> args = build_parser().parse_args(["rankings", "changes", "--from-edition", "2024", "--to-edition", "2025"])
    >>> args.view, args.from_edition, args.to_edition
    ('changes', 2024, 2025)
    >>> build_parser().parse_args(["report", "funding", "-o", "f.html"]).kind
    'funding'
    """
    chains = commands.add_parser("chains", parents=[common], help="technology-transfer chains from an actor to firms")
    _chain_args(chains)
    _format_arg(chains)
    chains.set_defaults(handler=_run, kind="chains")

    coverage = commands.add_parser("coverage", parents=[common],
                                   help="which pipeline stages each park, district or city covers, and which it misses")
    _coverage_args(coverage)
    _format_arg(coverage)
    coverage.set_defaults(handler=_run, kind="coverage")

    funding = commands.add_parser("funding", parents=[common],
                                  help="funding flows funder → channel → instrument → recipient, with bounded totals")
    _funding_args(funding)
    _format_arg(funding)
    funding.set_defaults(handler=_run, kind="funding")

    rankings = commands.add_parser("rankings", parents=[common],
                                   help="rank changes, city profiles, stated vs counted, indexes side by side")
    views = rankings.add_subparsers(dest="view", metavar="VIEW")
    for view, (adder, help_text) in _ranking_views().items():
        parser = views.add_parser(view, parents=[common], help=help_text)
        adder(parser)
        _format_arg(parser)
        parser.set_defaults(handler=_run, kind=view)
    rankings.set_defaults(handler=_missing_view)

    report = commands.add_parser("report", parents=[common],
                                 help="write an analysis as a standalone HTML page (with its sources) or CSV")
    kinds = report.add_subparsers(dest="kind", metavar="KIND")
    for kind, (adder, help_text) in {"chains": (_chain_args, "chains from an actor"),
                                     "coverage": (_coverage_args, "pipeline coverage"),
                                     "funding": (_funding_args, "funding flows"),
                                     **_ranking_views()}.items():
        parser = kinds.add_parser(kind, parents=[common], help=help_text)
        adder(parser)
        parser.add_argument("-o", "--output", metavar="FILE", type=Path, required=True,
                            help="where to write: .html for a page, .csv for the table")
        parser.set_defaults(handler=_report)
    report.set_defaults(handler=_missing_kind)


def _ranking_views():
    return {
        "changes": (_changes_args, "rank changes per city and dimension between two editions"),
        "profile": (_profile_args, "a city's rank on every dimension, per edition"),
        "stated-vs-counted": (_aggregate_args, "stated aggregates beside the graph's counts"),
        "indexes": (_indexes_args, "one city (or a cluster and its cities) in every index, reconciled by IRI "
                                   "and labels"),
    }


def _chain_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="origin", required=True, metavar="ACTOR",
                        help="where the chains start: a label (zh or en), alias or IRI")
    parser.add_argument("--to", dest="target", metavar="ENTITY", help="only chains ending here (default: any firm)")
    parser.add_argument("--max-steps", type=_positive, default=6, metavar="N", help="longest chain (default: 6)")
    parser.add_argument("--limit", type=_positive, metavar="N", help="only the best N chains")


def _coverage_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--place", metavar="PLACE", help="one park, zone, district or city (default: every place)")


def _funding_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="DATE", help="window start: YYYY, YYYY-MM or YYYY-MM-DD")
    parser.add_argument("--to", dest="end", metavar="DATE", help="window end (inclusive)")
    parser.add_argument("--by", default="funder,channel,instrument,recipient,stage", metavar="LEVELS",
                        help="comma-separated levels to group by (default: funder,channel,instrument,recipient,stage)")


def _changes_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from-edition", type=int, required=True, metavar="YEAR", help="the earlier edition")
    parser.add_argument("--to-edition", type=int, required=True, metavar="YEAR", help="the later edition")
    parser.add_argument("--index", metavar="INDEX", help="the index (default: the one with both editions, else the seed's)")
    parser.add_argument("--dimension", metavar="DIM", help="only this dimension (e.g. overall)")


def _profile_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("city", metavar="CITY", help="a city: label (zh or en), alias or IRI")
    parser.add_argument("--edition", type=int, action="append", metavar="YEAR",
                        help="an edition to show (repeatable; default: every edition of the index)")
    parser.add_argument("--index", metavar="INDEX", help="the index (default: gis100)")


def _aggregate_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--edition", type=int, default=2025, metavar="YEAR", help="the edition (default: 2025)")
    parser.add_argument("--index", metavar="INDEX", help="the index (default: the seed's, when several have that edition)")


def _indexes_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("city", metavar="CITY", help="a city, or a cluster or metropolitan area (its ranks and those "
                        "of the cities it contains): label (zh or en), alias or IRI")


def _format_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--format", choices=_FORMATS, default="table", help="output format (default: table)")


def _run(args: argparse.Namespace) -> int:
    from kg.cli.support import open_store as _open_store, write as _write

    with _open_store(args) as store:
        columns, rows, payload, text = _analyse(store, args)
    if args.format == "json":
        _write(json.dumps(payload, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        _write(out.getvalue())
    else:
        _write(text)
    return 0


def _report(args: argparse.Namespace) -> int:
    from kg.cli.support import open_store as _open_store

    suffix = args.output.suffix.lower()
    if suffix not in (".html", ".htm", ".csv"):
        raise InnokgError(f"write the report to a .html or .csv file, not {args.output.name!r}")
    with _open_store(args) as store:
        report = _build_report(store, args)
    content = report.csv() if suffix == ".csv" else report.html()
    partial = args.output.with_name(f".{args.output.name}.partial")
    try:
        partial.write_text(content, encoding="utf-8")
        partial.replace(args.output)
    finally:
        partial.unlink(missing_ok=True)
    return 0


def _analyse(store, args):
    """(columns, rows, JSON payload, table text) of the analysis named by ``args.kind``."""
    from kg.policy import chains, coverage, funding, indexes, rankings
    from kg.results import text_table

    kind = args.kind
    if kind == "chains":
        found = chains.find_chains(store, args.origin, args.target, max_steps=args.max_steps, limit=args.limit)
        rows = chains.chain_rows(found)
        return chains.CHAIN_COLUMNS, rows, [c.to_dict() for c in found], _chain_text(found, args.origin)
    if kind == "coverage":
        places = coverage.pipeline_coverage(store, args.place)
        rows = coverage.coverage_rows(places)
        gaps = [f"{p.place.text} misses {'、'.join(s.text for s in p.missing)}" for p in places if p.missing]
        text = text_table(coverage.COVERAGE_COLUMNS, rows) + "\n" + ("\n".join(gaps) or "(no place misses a stage)")
        return coverage.COVERAGE_COLUMNS, rows, [p.to_dict() for p in places], text
    if kind == "funding":
        summary = funding.aggregate_funding(store, args.start, args.end, _levels(args.by))
        columns, rows = funding.funding_columns(summary), funding.funding_rows(summary)
        text = text_table(columns, rows) + f"\n({len(summary.flows)} flows"
        if args.start or args.end:
            text += f"; left out: {summary.outside_window} outside the window, {summary.undated_excluded} undated"
        return columns, rows, summary.to_dict(), text + ")"
    if kind == "changes":
        found = rankings.rank_changes(store, args.from_edition, args.to_edition, index=args.index,
                                      dimension=args.dimension)
        rows = rankings.change_rows(found)
        payload = [dict(zip(rankings.CHANGE_COLUMNS, row)) for row in rows]
        later = rankings.edition_pair(store, args.from_edition, args.to_edition, args.index)[1]
        footer = f"\n({later.index_en or later.index_key}: {args.from_edition} → {args.to_edition})"
        return rankings.CHANGE_COLUMNS, rows, payload, text_table(rankings.CHANGE_COLUMNS, rows) + footer
    if kind == "profile":
        city, editions, found = rankings.city_profile(store, args.city, args.edition, args.index)
        columns = rankings.PROFILE_COLUMNS + [str(e.year) for e in editions]
        rows = rankings.profile_rows(found)
        payload = {"city": {"iri": city.iri, "zh": city.zh, "en": city.en}, "editions": [e.iri for e in editions],
                   "rows": [dict(zip(columns, row)) for row in rows]}
        return columns, rows, payload, f"{city.zh} {city.en}\n" + text_table(columns, rows)
    if kind == "stated-vs-counted":
        found = rankings.stated_vs_counted(store, args.edition, args.index)
        rows = rankings.aggregate_rows(found)
        payload = [dict(zip(rankings.AGGREGATE_COLUMNS, row)) for row in rows]
        footer = f"\n({rankings.find_edition(store, args.edition, args.index).title('en')})"
        return rankings.AGGREGATE_COLUMNS, rows, payload, text_table(rankings.AGGREGATE_COLUMNS, rows) + footer
    found = indexes.compare_indexes(store, args.city)
    rows = indexes.index_rows(found)
    payload = [dict(zip(indexes.INDEX_COLUMNS, row)) for row in rows]
    return indexes.INDEX_COLUMNS, rows, payload, text_table(indexes.INDEX_COLUMNS, rows)


def _build_report(store, args):
    from kg.policy import chains, coverage, funding, indexes, rankings, report

    kind = args.kind
    if kind == "chains":
        found = chains.find_chains(store, args.origin, args.target, max_steps=args.max_steps, limit=args.limit)
        return report.chains_report(found, args.origin)
    if kind == "coverage":
        return report.coverage_report(coverage.pipeline_coverage(store, args.place))
    if kind == "funding":
        return report.funding_report(funding.aggregate_funding(store, args.start, args.end, _levels(args.by)))
    if kind == "changes":
        found = rankings.rank_changes(store, args.from_edition, args.to_edition, index=args.index,
                                      dimension=args.dimension)
        return report.changes_report(found, args.from_edition, args.to_edition,
                                     rankings.edition_pair(store, args.from_edition, args.to_edition, args.index)[1])
    if kind == "profile":
        return report.profile_report(*rankings.city_profile(store, args.city, args.edition, args.index))
    if kind == "stated-vs-counted":
        return report.aggregates_report(rankings.stated_vs_counted(store, args.edition, args.index), args.edition,
                                        rankings.find_edition(store, args.edition, args.index))
    return report.indexes_report(indexes.compare_indexes(store, args.city), args.city)


def _chain_text(found, origin: str) -> str:
    from kg.policy.chains import CHAIN_COLUMNS, chain_rows
    from kg.results import text_table

    if not found:
        return f"no chain from {origin} to a firm"
    blocks = []
    for chain in found:
        head = (f"chain {chain.rank}: {chain.length} steps, {chain.inferred_steps} inferred"
                f"{', latest ' + chain.latest_date if chain.latest_date else ''}"
                f"{', reaches the firm by a grant' if chain.funded else ''}{', a shortcut' if chain.shortcut else ''}"
                f"\n  {chain.text()}")
        rows = [row[1:] for row in chain_rows([chain])]
        blocks.append(head + "\n" + text_table(CHAIN_COLUMNS[1:], rows))
    return "\n\n".join(blocks) + f"\n\n({len(found)} chains)"


def _levels(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _missing_view(args: argparse.Namespace) -> int:
    raise InnokgError(f"choose a rankings view: {', '.join(_RANKING_VIEWS)}")


def _missing_kind(args: argparse.Namespace) -> int:
    raise InnokgError("choose a report: chains, coverage, funding, " + ", ".join(_RANKING_VIEWS))
