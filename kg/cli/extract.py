"""``innokg extract``: candidate facts from a text (plain, Markdown, HTML, PDF) for review.

:func:`add_extract_command` registers it on the parser of :mod:`kg.cli.main`.
The graph of ``--store`` is the gazetteer (names matched to IRIs); the
candidates go to ``-o`` as .json, .csv, .xlsx or a standalone .html review
page. Reviewed .csv/.xlsx/.json files are imported with ``innokg import``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kg.cli.support import open_store as _open_store
from kg.errors import InnokgError

__all__ = ["add_extract_command"]


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def add_extract_command(commands, common: argparse.ArgumentParser) -> None:
    """Add ``extract`` to the ``commands`` sub-parsers of ``innokg``.

    Examples
    --------
    >>> from kg.cli.main import build_parser
    >>> args = build_parser().parse_args(["extract", "a.txt", "--date", "2025-12-15", "-o", "c.csv"])
    >>> args.command, args.file, args.date, args.output, args.lang
    ('extract', PosixPath('a.txt'), datetime.date(2025, 12, 15), PosixPath('c.csv'), 'zh')
    """
    extract = commands.add_parser("extract", parents=[common],
                                  help="find candidate facts in a text (txt, md, html, pdf) for review and import")
    extract.add_argument("file", metavar="FILE", type=Path, help="a .txt, .md, .html or .pdf file")
    extract.add_argument("-o", "--output", metavar="OUT", type=Path, required=True,
                         help="the candidates: .json, .csv or .xlsx (an accept column to review), .html (review page)")
    extract.add_argument("--date", type=_day, metavar="YYYY-MM-DD",
                         help="when the text was published: the year of 12月14日, the day of 昨天/去年")
    extract.add_argument("--source", metavar="TEXT", help="the text's title as the source cites it (default: its title)")
    extract.add_argument("--publisher", metavar="NAME", help="who published it (本报 in the text stands for it)")
    extract.add_argument("--lang", choices=("zh", "en"), default="zh", help="the text's language (default: zh)")
    extract.add_argument("--encoding", metavar="NAME", help="the text's encoding, e.g. gbk (default: UTF-8)")
    extract.set_defaults(handler=_extract)


def _extract(args: argparse.Namespace) -> int:
    from kg.extract import Gazetteer, read_document
    from kg.extract.outputs import write_candidates
    from kg.extract.pipeline import iter_extract_blocks

    def report(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    if args.output.suffix.lower() not in (".json", ".csv", ".xlsx", ".html", ".htm"):
        raise InnokgError(f"{args.output}: write candidates as .json, .csv, .xlsx or .html")
    page = args.output.suffix.lower() in (".html", ".htm")  # the review page shows the whole text: read it whole
    document = read_document(args.file, encoding=args.encoding, progress=report, stream=not page)
    with _open_store(args, read_only=True) as store:
        gazetteer = Gazetteer.from_store(store, progress=report)
    candidates = iter_extract_blocks(document.blocks(), gazetteer, date=args.date, title=args.source or document.title,
                                     publisher=args.publisher or "", lang=args.lang, progress=report,
                                     characters=document.characters)
    source = {"file": document.name, "title": args.source or document.title,
              "date": args.date.isoformat() if args.date else "", "publisher": args.publisher or "",
              "sha256": document.sha256, "kind": document.kind, "encoding": document.encoding,
              "characters": document.characters}
    counts = write_candidates(args.output, candidates, source, document.text)
    total = sum(counts.values())
    if not total:
        report(f"{args.file}: no facts found (0 candidates); wrote {args.output}")
        return 0
    summary = ", ".join(f"{count} {kind}" for kind, count in counts.most_common())
    report(f"{args.file}: {total} candidates ({summary}); wrote {args.output}")
    return 0
