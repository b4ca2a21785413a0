"""``innokg viz``: write a network view as one standalone HTML file that opens offline.

vis-network, the styles and the script are inlined, so the file needs no
server and no network. A click on a node opens its entity page: on the app
given by ``--link-base`` (e.g. ``http://127.0.0.1:8000``), else at its IRI.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from kg.cli.support import positive_int as _positive
from kg.errors import InnokgError
from kg.views.reduce import DEFAULT_MAX_NODES

__all__ = ["add_viz_command", "run_viz"]

_KINDS = ("ecosystem", "ego", "chain", "ranking", "map", "prepare")


def add_viz_command(commands, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Register ``viz`` on the ``innokg`` sub-command parsers.

    Examples
    --------
    >>> from kg.cli.main import build_parser
    >>> args = build_parser().parse_args(["viz", "ego", "org/panxin-technology", "--radius", "2", "-o", "p.html"])
    >>> args.kind, args.entity, args.radius, args.lang, args.max_nodes, str(args.output)
    ('ego', 'org/panxin-technology', 2, 'zh', 500, 'p.html')
    >>> args = build_parser().parse_args(["viz", "chain", "--from", "上海大学", "--limit", "2", "-o", "c.html"])
    >>> args.origin, args.target, args.limit
    ('上海大学', None, 2)
    """
    viz = commands.add_parser("viz", parents=[common], help="write a network view as a standalone HTML file")
    viz.add_argument("kind", choices=_KINDS, help="ecosystem, ego ENTITY, chain, ranking or map (the ranked centres "
                     "on a world map); prepare: compute once "
                     "what the pages and views of this store's snapshot read (counts, metric freshness, the "
                     "ecosystem's hubs and communities), with progress")
    viz.add_argument("entity", nargs="?", metavar="ENTITY",
                     help="ego: the entity (an id such as org/shanghai-university, or an IRI)")
    viz.add_argument("-o", "--output", type=Path, metavar="FILE", help="the HTML file to write (not for prepare)")
    viz.add_argument("--lang", choices=("zh", "en"), default="zh", help="labels in Chinese or English (default: zh)")
    viz.add_argument("--max-nodes", type=_positive, default=DEFAULT_MAX_NODES, metavar="N",
                     help=f"show at most N nodes, the top ones by score (default: {DEFAULT_MAX_NODES})")
    viz.add_argument("--radius", type=int, choices=(1, 2, 3), default=1, help="ego: links away (default: 1)")
    viz.add_argument("--types", metavar="GROUPS",
                     help="ecosystem and ego: only these groups, comma separated (talent,actor,environment,place,...)")
    viz.add_argument("--relations", metavar="IRIS", help="ecosystem and ego: only these relation IRIs, comma separated")
    viz.add_argument("--from", "--university", dest="origin", default="org/shanghai-university", metavar="ACTOR",
                     help="chain: where the chains start: an id, a label (zh or en), an alias or an IRI "
                          "(default: org/shanghai-university)")
    viz.add_argument("--to", dest="target", metavar="ENTITY", help="chain: only chains ending here (default: any firm)")
    viz.add_argument("--limit", type=_positive, metavar="N", help="chain: only the best N chains")
    viz.add_argument("--dimension", default="overall",
                     help="ranking: the dimension: its key (overall, technology-innovation-origination…), id, label "
                          "or IRI (default: overall)")
    viz.add_argument("--year", type=int, help="ranking: the edition year (default: the latest)")
    viz.add_argument("--index", help="ranking: the index: its key (gis100), name or IRI (default: the seed's)")
    viz.add_argument("--top", type=_positive, default=30, help="ranking: ranks up to N (default: 30)")
    viz.add_argument("--link-base", metavar="URL",
                     help="the innokg app a click on a node opens (default: the node's IRI)")
    viz.set_defaults(handler=run_viz)
    return viz


def _dimension(text: str) -> str:
    """A ranking dimension as typed: a bare key (``overall``) is the id ``dimension/overall``; the rest as given.

    >>> _dimension("overall"), _dimension("综合排名"), _dimension("dimension/overall")
    ('dimension/overall', '综合排名', 'dimension/overall')
    """
    return f"dimension/{text}" if re.fullmatch(r"[a-z0-9-]+", text) else text


def _split(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None


def run_viz(args: argparse.Namespace) -> int:
    """Handle ``innokg viz``; return the exit status."""
    from kg.cli.support import open_store as _open_store
    from kg.views.network import chain_view, ecosystem_view, ego_view, ranking_view
    from kg.views.render import render_standalone

    if args.kind == "prepare":
        from kg.views.snapshot import prepare

        with _open_store(args) as store:
            prepare(store, lambda line: print(line, file=sys.stderr, flush=True))
        return 0
    if args.output is None:
        raise InnokgError(f"viz {args.kind} needs -o FILE, the HTML file to write")
    if args.kind == "ego" and not args.entity:
        raise InnokgError("viz ego needs an ENTITY, e.g. `innokg viz ego org/shanghai-university -o ego.html`")
    if args.kind != "ego" and args.entity:
        raise InnokgError(f"viz {args.kind} takes no ENTITY (got {args.entity!r})")
    link = args.link_base
    if args.kind == "map":
        return _write_map(args)
    with _open_store(args) as store:
        if args.kind == "ecosystem":
            from kg.views.snapshot import prepare, prepared

            if prepared(store) is None:  # a big store: prepare its snapshot once, with progress
                prepare(store, lambda line: print(line, file=sys.stderr, flush=True))
            view = ecosystem_view(store, args.lang, args.max_nodes, _split(args.types), _split(args.relations), link)
        elif args.kind == "ego":
            view = ego_view(store, args.entity, args.radius, args.lang, args.max_nodes, _split(args.types),
                            _split(args.relations), link)
        elif args.kind == "chain":
            view = chain_view(store, args.origin, args.lang, link, to=args.target, limit=args.limit)
        else:
            view = ranking_view(store, _dimension(args.dimension), args.year, args.top, args.lang, link, args.index)
        html = render_standalone(view)
    _write_html(args.output, html)
    print(f"wrote {args.output}: {view.title} ({view.shown('en')})", file=sys.stderr)
    return 0


def _write_html(path: Path, html: str) -> None:
    """Write ``html`` to ``path`` whole or not at all (a partial file beside it, then renamed)."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(html, encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _write_map(args: argparse.Namespace) -> int:
    """``innokg viz map -o FILE``: the ranked centres on a world map, one file that opens offline."""
    from kg.cli.support import open_store as _open_store
    from kg.views.map import map_data, render_map_standalone

    with _open_store(args) as store:
        data = map_data(store, args.lang)
    _write_html(args.output, render_map_standalone(data, link_base=args.link_base))
    print(f"wrote {args.output}: {len(data['centres'])} centres on the map, {len(data['divides'])} divides, "
          f"{len(data['metros'])} metropolitan areas", file=sys.stderr)
    return 0
