"""The chain explorer: pick an actor, see its technology-transfer chains and every step with its source.

The chains are those of :func:`kg.policy.chains.find_chains` (the same as
``innokg chains`` and ``/api/chains``): the network view draws them merged,
and each chain is listed step by step with its relation, pipeline stage,
date, assertion mode (stated or inferred) and source sections.
"""

from __future__ import annotations

import weakref
from urllib.parse import urlencode

from kg.errors import InnokgError
from kg.policy.chain_search import MAX_BREADTH, MAX_EDGES, MAX_PATHS
from kg.policy.chains import find_chains
from kg.store.memo import once_per_snapshot
from kg.views.graphs import labels_of
from kg.views.network import as_actor, chain_view, entity_link
from kg.views.render import render_fragment
from kg.web.templating import check_lang, pick_label, render_page

__all__ = ["STEP_HEADERS", "PAGE_CHAINS", "universities", "chain_steps", "chain_page"]

#: Chains on one page of the explorer.
PAGE_CHAINS = 20

#: Column headers of a chain's step table: (zh, en).
STEP_HEADERS = [("步", "step"), ("从", "from"), ("关系", "relation"), ("到", "to"), ("阶段", "stage"),
                ("日期", "date"), ("依据", "mode"), ("来源", "sources")]

_UNIVERSITIES = """
SELECT DISTINCT ?u WHERE { ?park ik:coBuiltBy ?u . ?u a/rdfs:subClassOf* ik:University . } ORDER BY ?u LIMIT 200"""
#: The universities of each read-only store (a snapshot), read once: the question reads every co-builder (1 s at 10M).
_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def universities(store) -> list[str]:
    """Return the universities that co-build a science park (offered as starting points).

    Read once per read-only store (a snapshot does not change); a server
    process reads them while it warms up (:mod:`kg.serve.warm`).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> universities(build_memory())
    ['https://w3id.org/innokg/id/org/shanghai-university']
    """
    return list(once_per_snapshot(_KEPT, store,
                                  lambda: tuple(row["u"].value for row in store.query(_UNIVERSITIES))))


def _entity(label, lang: str) -> dict:
    return {"text": (label.zh or label.en) if lang == "zh" else (label.en or label.zh) or label.text,
            "href": entity_link(label.iri) + f"&lang={lang}"}


def chain_steps(chain, lang: str = "zh") -> list[list[dict]]:
    """Return the rows of a chain's step table (cells ``{text, href?}``), in :data:`STEP_HEADERS` order.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> chain = find_chains(build_memory(), "上海大学")[0]
    >>> [[cell["text"] for cell in row] for row in chain_steps(chain, "en")][1][1:7]
    ['Huanshangda Science Park', 'is operated by', 'Shanghai Huanshangda Technology Development Co., Ltd.', '', '', 'inferred']
    """
    rows = []
    for number, step in enumerate(chain.steps, 1):
        modes = "/".join(sorted({source.mode for source in step.sources}))
        rows.append([
            {"text": number}, _entity(step.source, lang),
            {"text": step.relation_zh if lang == "zh" else step.relation_en}, _entity(step.target, lang),
            {"text": " → ".join((stage.zh if lang == "zh" else stage.en) or stage.text for stage in step.stages)},
            {"text": step.date_text}, {"text": modes},
            {"text": " | ".join(source.text() for source in step.sources)},
        ])
    return rows


def chain_page(store, origin: str = "org/shanghai-university", lang: str = "zh", to: str | None = None,
               limit: int | None = None, page: int = 1) -> str:
    """Render the chain explorer for ``origin``: the chains drawn as one network, then each chain step by step.

    The search is bounded (:mod:`kg.policy.chain_search`); the chains are
    shown :data:`PAGE_CHAINS` a page, best first, and the page says when a bound was reached.

    Parameters
    ----------
    store : kg.store.GraphStore
    origin : str
        The actor: an id (``org/shanghai-university``), a label in zh or en, an alias or an IRI.
    lang : {'zh', 'en'}
    to : str, optional
        Only chains ending here.
    limit : int, optional
        Only the best ``limit`` chains.

    Raises
    ------
    kg.labels.NotFound
        When no entity (or several) answers to ``origin`` or ``to``.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = chain_page(build_memory(), "上海大学", "en", limit=2)
    >>> "泮芯科技(上海)有限公司" in html, "Chain 1: 5 steps" in html, "grant through channel" in html
    (True, True, True)
    """
    check_lang(lang)
    origin = origin.strip() or "org/shanghai-university"
    to = (to or "").strip() or None
    if page < 1:
        raise InnokgError(f"page must be at least 1, not {page}")
    bounds: dict = {}
    found = find_chains(store, as_actor(origin), to and as_actor(to), limit=limit, bounds=bounds)
    chains = found[(page - 1) * PAGE_CHAINS:page * PAGE_CHAINS]
    view = render_fragment(chain_view(store, origin, lang, chains=chains)) if chains else None
    choices = universities(store)
    labels = labels_of(store, choices)
    index = 0 if lang == "zh" else 1
    listed = [{"rank": chain.rank, "length": chain.length, "inferred": chain.inferred_steps,
               "latest": chain.latest_date, "funded": chain.funded, "shortcut": chain.shortcut,
               "text": chain.text(), "rows": chain_steps(chain, lang)} for chain in chains]
    title = "成果转化链条" if lang == "zh" else "Technology-transfer chain explorer"
    args = {"from": origin, **({"to": to} if to else {}), **({"limit": limit} if limit else {})}
    pages = max(1, -(-len(found) // PAGE_CHAINS))
    paging = {"page": page, "pages": pages, "count": len(found),
              "previous": "/chain?" + urlencode({**args, "lang": lang, "page": page - 1}) if page > 1 else None,
              "next": "/chain?" + urlencode({**args, "lang": lang, "page": page + 1}) if page < pages else None}
    note = None
    if bounds:
        note = (f"搜索在其上限处停止（每层 {MAX_BREADTH} 个新节点、共 {MAX_EDGES:,} 条边、{MAX_PATHS} 条路径）："
                "以下是已找到的链条中最好的。" if lang == "zh" else
                f"The search stopped at its bounds ({MAX_BREADTH} new nodes a level, {MAX_EDGES:,} edges, "
                f"{MAX_PATHS} paths): these are the best of the chains found.")
    return render_page(
        "chain.html", title=title, lang=lang, path="/chain", query_args=args, with_views=view is not None,
        view=view, origin=origin, to=to or "", limit=limit or "", chains=listed, paging=paging, bounded=note,
        headers=[names[index] for names in STEP_HEADERS],
        choices=[(choice, pick_label(labels.get(choice), lang, choice)) for choice in choices],
    )
