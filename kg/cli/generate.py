"""``innokg generate``: write a synthetic ecosystem of a given size.

Registered on the ``innokg`` parser by :func:`add_generate_parser`; progress
goes to stderr, the data to ``-o FILE`` (N-Quads; TriG for ``.trig``;
N-Triples, every triple in the default graph, for ``.nt``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.errors import InnokgError

__all__ = ["add_generate_parser", "parse_scale", "output_format"]

#: The format each output suffix gives; any other suffix gives N-Quads, but those of another RDF format are refused.
SUFFIX_FORMATS = {".nq": "nquads", ".trig": "trig", ".nt": "ntriples"}
_OTHER_RDF_SUFFIXES = (".ttl", ".n3", ".jsonld", ".json", ".rdf", ".owl", ".xml")


def parse_scale(text: str) -> int:
    """Read a size such as ``10000``, ``100k``, ``1M`` or ``1_000_000``.

    Examples
    --------
    >>> parse_scale("10k"), parse_scale("1M"), parse_scale("2_500")
    (10000, 1000000, 2500)
    """
    cleaned = text.strip().replace("_", "").replace(",", "")
    factor = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}.get(cleaned[-1:].lower(), 1)
    number = cleaned[:-1] if factor > 1 else cleaned
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of triples such as 10000 or 1M, got {text!r}") from None
    from kg.generate import MIN_SCALE  # imported when used: `innokg query` starts without it

    if value < MIN_SCALE:
        raise argparse.ArgumentTypeError(f"the scale must be at least {MIN_SCALE} triples, got {text!r}")
    return value


def output_format(path: Path, format: str | None = None) -> str:
    """The format to write ``path`` in: ``format`` when given, else the one its suffix names.

    Examples
    --------
    >>> output_format(Path("g.nt")), output_format(Path("g.trig")), output_format(Path("-"))
    ('ntriples', 'trig', 'nquads')
    >>> output_format(Path("g.ttl"))
    Traceback (most recent call last):
    kg.errors.InnokgError: g.ttl: generate writes .nq (N-Quads), .trig (TriG) or .nt (N-Triples), not .ttl
    """
    if format is not None:
        return format
    suffix = path.suffix.lower()
    if suffix in _OTHER_RDF_SUFFIXES:
        raise InnokgError(f"{path}: generate writes .nq (N-Quads), .trig (TriG) or .nt (N-Triples), not {suffix}")
    return SUFFIX_FORMATS.get(suffix, "nquads")


def add_generate_parser(commands, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``generate`` command to the ``innokg`` subcommands."""
    parser = commands.add_parser("generate", parents=[common],
                                 help="write a synthetic ecosystem of about N triples (N-Quads, TriG or N-Triples)")
    parser.add_argument("--scale", type=parse_scale, required=True, metavar="N",
                        help="about how many triples to write (e.g. 10000, 100k, 1M)")
    parser.add_argument("--seed", type=int, default=0, metavar="S",
                        help="random seed: the same seed and scale give the same file (default: 0)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                        help="where to write; .trig gives TriG, .nt N-Triples (no named graphs), "
                             "anything else N-Quads; - for stdout")
    parser.add_argument("-f", "--format", choices=("nquads", "trig", "ntriples"), default=None,
                        help="override the format the suffix implies")
    parser.set_defaults(handler=_generate)
    return parser


def _generate(args: argparse.Namespace) -> int:
    def report(triples: int) -> None:
        print(f"generating … {triples:,} triples", file=sys.stderr, flush=True)

    fmt = output_format(args.output, args.format)
    from kg.generate import generate_file

    summary = generate_file(args.output, args.scale, seed=args.seed, format=fmt, progress=report)
    print(f"wrote {args.output}: {summary.triples:,} triples ({summary.parks} parks, {summary.firms} firms) "
          f"in {summary.seconds:.2f} s ({summary.triples_per_second:,.0f} triples/s)", file=sys.stderr)
    return 0
