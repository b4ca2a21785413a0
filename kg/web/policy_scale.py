"""The funding and coverage pages of a big store: read what the store aggregates, never every flow or place.

:mod:`kg.web.policy` hands a store of :data:`kg.views.snapshot.SMALL_STORE`
quads or more to these functions:

* funding: the flows aggregated by the store once per snapshot
  (:func:`kg.policy.funding_totals.funding_buckets`, kept by
  :func:`kg.views.snapshot.prepare`), summed here for the window: the top
  parties of each level by name, the rest as "others";
* coverage: one page of places (:data:`kg.policy.coverage.PAGE_PLACES`),
  with the actors and instruments covering each stage counted by the store
  (:func:`kg.policy.coverage.coverage_page`).

Examples
--------
>>> from kg.build import build_memory
>>> html = big_funding_page(build_memory(), lang="en")
>>> "d3-sankey.min.js" in html, "each level names its 12 parties" in html
(True, True)
>>> html = big_coverage_page(build_memory(), lang="en")
>>> "<svg" in html, "A big graph:" in html
(True, True)
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from markupsafe import Markup

from kg.errors import InnokgError
from kg.policy.coverage import PAGE_PLACES, coverage_page
from kg.policy.funding_totals import TOP_GROUPS, TOP_PARTIES, funding_buckets, summary_from_buckets
from kg.views.scaled import NOT_PREPARED
from kg.views.snapshot import is_small, prepared
from kg.web.policy import _COVERED, _HEADERS, _NOT_STATED, _PLACE_KINDS, _in, _label, funding_table, sankey_data
from kg.web.templating import check_lang, render_page

__all__ = ["big_funding_page", "big_coverage_page"]

_COVERAGE_TITLE = ("成果转化链条覆盖（概念验证 → 中试熟化 → 产业孵化）",
                   "Pipeline coverage (proof of concept → pilot-scale maturation → industrial incubation)")
_FUNDING_TITLE = ("资金流（出资方 → 渠道 → 工具 → 接收方 → 阶段）",
                  "Funding flows (funder → channel → instrument → recipient → stage)")


#: The big coverage table's columns (keys of :data:`kg.web.policy._HEADERS`): counts where the small table names.
_BIG_COVERAGE_COLUMNS = ("place", "kind", "order", "stage", "covered", "actor_count", "instrument_count", "examples")


def _kind(kind: str, lang: str) -> str:
    return _in(_PLACE_KINDS.get(kind, (kind, kind)), lang)


def big_funding_page(store, start: str | None = None, end: str | None = None, lang: str = "zh") -> str:
    """The funding page from the flows the store aggregated for this snapshot, its table as a small graph's."""
    check_lang(lang)
    data = prepared(store)
    if data is not None and "funding" in data:
        buckets = data["funding"]
    elif is_small(store):
        buckets = funding_buckets(store)
    else:
        buckets = None
    summary = summary_from_buckets(buckets or {"top": {}, "labels": {}, "rows": []}, start or None, end or None)
    note = NOT_PREPARED if buckets is None else (
        f"此图谱较大：各层只列出资金流最多的 {TOP_PARTIES} 方，其余合为“其他”；表中为最大的 {TOP_GROUPS} 组；时间窗按月计。"
        if lang == "zh" else
        f"A big graph: each level names its {TOP_PARTIES} parties with the most flows, the rest are 'others'; "
        f"the table lists the {TOP_GROUPS} largest groups; the window is read by month.")
    args = {key: value for key, value in (("from", start), ("to", end)) if value}
    headers, rows = funding_table(summary, lang)
    return render_page("funding.html", title=_FUNDING_TITLE[lang == "en"], lang=lang, path="/funding",
                       query_args=args, sankey=sankey_data(summary, lang), headers=headers,
                       rows=rows, start=start or "", end=end or "", summary=summary, note=note)


def _counted_svg(rows, lang: str) -> str:
    stages = rows[0][2] if rows else ()
    left, cell, height = 200, 150, 26
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + cell * max(1, len(stages))}" '
             f'height="{30 + height * len(rows)}" role="img" aria-label="pipeline coverage">']
    for j, stage in enumerate(stages):
        parts.append(f'<text x="{left + j * cell + 4}" y="18" font-size="12">{escape(_label(stage.stage, lang))}</text>')
    for i, (place, kind, counted, _) in enumerate(rows):
        y = 26 + i * height
        parts.append(f'<text x="0" y="{y + 16}" font-size="12">{escape(_label(place, lang))} ({escape(_kind(kind, lang))})</text>')
        for j, stage in enumerate(counted):
            count = stage.actors + stage.instruments
            fill, text = ("#2da44e", _in(_COVERED[True], lang) + f" ({count})") if count else \
                ("#cf222e", _in(_COVERED[False], lang))
            parts.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell - 4}" height="{height - 4}" '
                         f'fill="{fill}" opacity="0.85"/><text x="{left + j * cell + 6}" y="{y + 16}" '
                         f'font-size="11" fill="#fff">{text}</text>')
    parts.append("</svg>")
    return "".join(parts)


def big_coverage_page(store, place: str | None = None, lang: str = "zh", page: int = 1) -> str:
    """The coverage page of one page of places, the coverers counted by the store."""
    check_lang(lang)
    if page < 1:
        raise InnokgError(f"page must be at least 1, not {page}")
    total, rows = coverage_page(store, place, (page - 1) * PAGE_PLACES, PAGE_PLACES)
    table = []
    joined = "、" if lang == "zh" else "; "
    for label, kind, stages, unstaged in rows:
        where, kind_words = _label(label, lang), _kind(kind, lang)
        for stage in stages:
            names = joined.join(_label(example, lang) for example in stage.examples)
            table.append([where, kind_words, str(stage.order), _label(stage.stage, lang),
                          _in(_COVERED[stage.covered], lang), str(stage.actors), str(stage.instruments), names])
        if unstaged:
            table.append([where, kind_words, "", _in(_NOT_STATED, lang), "", "", str(unstaged), ""])
    gaps = [(_label(label, lang), joined.join(_label(s.stage, lang) for s in stages if not s.covered))
            for label, _, stages, _ in rows if any(not s.covered for s in stages)]
    pages = max(1, -(-total // PAGE_PLACES))
    here = {"lang": lang, **({"place": place} if place else {})}
    note = Markup(escape(
        f"此图谱较大：共 {total:,} 个地点，每页 {PAGE_PLACES} 个（第 {page} 页，共 {pages} 页）；表中为覆盖各阶段的主体和工具的数目及前几个。"
        if lang == "zh" else
        f"A big graph: {total:,} places, {PAGE_PLACES} a page (page {page} of {pages}); the table counts the actors "
        "and instruments covering each stage, and names the first few."))
    for number, text in ((page - 1, "上一页" if lang == "zh" else "previous"),
                         (page + 1, "下一页" if lang == "zh" else "next")):
        if 1 <= number <= pages and number != page:
            note += Markup(f' · <a href="/coverage?{escape(urlencode({**here, "page": number}))}">{escape(text)}</a>')
    headers = [_in(_HEADERS[name], lang) for name in _BIG_COVERAGE_COLUMNS]
    return render_page("coverage.html", title=_COVERAGE_TITLE[lang == "en"], lang=lang, path="/coverage",
                       query_args={"place": place} if place else {}, chart=_counted_svg(rows, lang), headers=headers,
                       rows=table, gaps=gaps, place=place or "", note=note)
