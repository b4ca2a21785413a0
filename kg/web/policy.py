"""The policy pages: funding flows as a Sankey diagram, and pipeline coverage per place.

Both read :mod:`kg.policy`; the Sankey is drawn in the browser by the
vendored d3-sankey (``/static/vendor/``) from JSON embedded in the page, the
coverage chart is an SVG drawn on the server (:func:`kg.policy.report.coverage_svg`).
"""

from __future__ import annotations

from kg.policy.coverage import COVERAGE_COLUMNS, pipeline_coverage
from kg.policy.funding import aggregate_funding, funding_columns
from kg.policy.lookup import Label
from kg.policy.report import coverage_svg
from kg.views.snapshot import is_small
from kg.web.templating import check_lang, render_page

__all__ = ["sankey_data", "funding_page", "coverage_page", "funding_table", "coverage_table"]

#: Column headers of the funding and coverage tables, in Chinese and English.
_HEADERS = {
    "funder": ("出资方", "funder"), "channel": ("渠道", "channel"), "instrument": ("政策工具", "instrument"),
    "recipient": ("接收方", "recipient"), "stage": ("阶段", "stage"), "flows": ("资金流笔数", "flows"),
    "unknown_amounts": ("金额未知", "unknown amounts"), "total": ("合计", "total"), "place": ("地点", "place"),
    "kind": ("类别", "kind"), "order": ("顺序", "order"), "covered": ("是否覆盖", "covered"),
    "actors": ("覆盖主体", "actors"), "instruments": ("政策工具", "instruments"),
    "actor_count": ("主体数", "actors"), "instrument_count": ("工具数", "instruments"),
    "examples": ("例如", "for example"),
}
_PLACE_KINDS = {"park": ("科技园", "park"), "zone": ("创新功能区", "zone"), "district": ("区", "district"),
                "city": ("城市", "city"), "place": ("地点", "place")}
_NOT_STATED = ("（未说明）", "(not stated)")
_COVERED = {True: ("是", "yes"), False: ("缺", "MISSING")}


def _in(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _label(label: Label, lang: str) -> str:
    if not label.iri and not label.zh and not label.en:
        return ""
    text = (label.zh or label.en) if lang == "zh" else (label.en or label.zh)
    return text or label.text


def _total_text(total, lang: str) -> str:
    """A group's bounded total in ``lang`` (the English text is :meth:`kg.policy.funding.Total.text`)."""
    if lang != "zh":
        return total.text()
    parts = []
    for currency in sorted(total.lower):
        low, high = total.bounds(currency)
        shown = "（币种未说明）" if currency == "(currency not stated)" else f" {currency}"
        number = f"{low:,.0f}" if low == low.to_integral_value() else f"{low:,}"
        if high is None:
            parts.append(("超过 " if currency in total.exclusive else "至少 ") + number + shown)
        elif low == high and currency not in total.exclusive:
            parts.append(("约 " if currency in total.approximate else "") + number + shown)
        else:
            top = f"{high:,.0f}" if high == high.to_integral_value() else f"{high:,}"
            parts.append(("超过 " if currency in total.exclusive else "") + f"{number} 至 {top}{shown}")
    if total.unknown:
        parts.append(f"{total.unknown} 笔金额未知")
    return "；".join(parts)


def funding_table(summary, lang: str = "zh") -> tuple[list[str], list[list[str]]]:
    """The funding table in ``lang``: headers, and one row per group (parties, counts, bounded total).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> headers, rows = funding_table(aggregate_funding(build_memory()), "zh")
    >>> headers[:2], rows[0][0], rows[0][-1]
    (['出资方', '渠道'], '（未说明）', '1 笔金额未知')
    >>> funding_table(aggregate_funding(build_memory()), "en")[1][0][0]
    '(not stated)'
    """
    headers = [_in(_HEADERS.get(name, (name, name)), lang) for name in funding_columns(summary)]
    rows = [[_label(label, lang) or _in(_NOT_STATED, lang) for label in group.key]
            + [str(group.total.flows), str(group.total.unknown), _total_text(group.total, lang)]
            for group in summary.groups]
    return headers, rows


def coverage_table(places, lang: str = "zh") -> tuple[list[str], list[list[str]]]:
    """The coverage table in ``lang``: one row per place and stage, and one for instruments of no stated stage.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> headers, rows = coverage_table(pipeline_coverage(build_memory(), "环上大科技园"), "zh")
    >>> headers[:4], rows[0][:5], rows[-1][1:5]
    (['地点', '类别', '顺序', '阶段'], ['环上大科技园', '科技园', '1', '概念验证', '是'], ['科技园', '', '（未说明）', ''])
    >>> coverage_table(pipeline_coverage(build_memory(), "环上大科技园"), "en")[1][0][:5]
    ['Huanshangda Science Park', 'park', '1', 'proof of concept', 'yes']
    """
    headers = [_in(_HEADERS[name], lang) for name in COVERAGE_COLUMNS]
    joined = "、" if lang == "zh" else "; "
    rows = []
    for place in places:
        where, kind = _label(place.place, lang), _in(_PLACE_KINDS.get(place.kind, (place.kind, place.kind)), lang)
        for stage in place.stages:
            rows.append([where, kind, str(stage.order), _label(stage.stage, lang), _in(_COVERED[stage.covered], lang),
                         joined.join(_label(c.who, lang) for c in stage.actors),
                         joined.join(_label(c.who, lang) for c in stage.instruments)])
        if place.unstaged_instruments:
            rows.append([where, kind, "", _in(_NOT_STATED, lang), "", "",
                         joined.join(_label(c.who, lang) for c in place.unstaged_instruments)])
    return headers, rows


def sankey_data(summary, lang: str = "zh") -> dict:
    """Nodes and links for d3-sankey: one node per party and level, link value = number of flows.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> data = sankey_data(aggregate_funding(build_memory()), "en")
    >>> [node["name"] for node in data["nodes"]][:3], len(data["links"])
    (['(not stated)', 'Yangtze River Delta National Technology Innovation Center', 'invest first, convert to equity later'], 4)
    """
    nodes: dict[str, dict] = {}

    def node(level: str, label: Label) -> str:
        key = f"{level}:{label.iri or '?'}"
        name = (label.zh or label.en) if lang == "zh" else (label.en or label.zh)
        nodes.setdefault(key, {"id": key, "name": name or label.text, "level": level})
        return key

    links = [{"source": node(a, s), "target": node(b, t), "value": total.flows, "total": total.text()}
             for a, s, b, t, total in summary.links]
    title = "资金流" if lang == "zh" else "Funding flows"
    return {"nodes": list(nodes.values()), "links": links, "levels": len(summary.levels), "title": title}


def funding_page(store, start: str | None = None, end: str | None = None, lang: str = "zh") -> str:
    """The funding page: the Sankey diagram, the aggregated table with bounded totals, the window form.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = funding_page(build_memory(), lang="en")
    >>> "d3-sankey.min.js" in html, "1 flow of unknown amount" in html
    (True, True)
    """
    check_lang(lang)
    if not is_small(store):  # never every flow while a page waits (kg.web.policy_scale)
        from kg.web.policy_scale import big_funding_page

        return big_funding_page(store, start, end, lang)
    summary = aggregate_funding(store, start or None, end or None)
    title = "资金流（出资方 → 渠道 → 工具 → 接收方 → 阶段）" if lang == "zh" else \
        "Funding flows (funder → channel → instrument → recipient → stage)"
    args = {key: value for key, value in (("from", start), ("to", end)) if value}
    headers, rows = funding_table(summary, lang)
    return render_page("funding.html", title=title, lang=lang, path="/funding", query_args=args,
                       sankey=sankey_data(summary, lang), headers=headers,
                       rows=rows, start=start or "", end=end or "", summary=summary)


def coverage_page(store, place: str | None = None, lang: str = "zh", page: int = 1) -> str:
    """The coverage page: the stage-by-place chart, the table and the gaps.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = coverage_page(build_memory(), lang="en")
    >>> "<svg" in html, "Huanshangda Proof-of-Concept Centre" in html, "MISSING" in html or "yes" in html
    (True, True, True)
    """
    check_lang(lang)
    if not is_small(store):  # one page of places, counted by the store (kg.web.policy_scale)
        from kg.web.policy_scale import big_coverage_page

        return big_coverage_page(store, place or None, lang, page)
    places = pipeline_coverage(store, place or None)
    title = "成果转化链条覆盖（概念验证 → 中试熟化 → 产业孵化）" if lang == "zh" else \
        "Pipeline coverage (proof of concept → pilot-scale maturation → industrial incubation)"
    gaps = [(_label(p.place, lang), ("、" if lang == "zh" else ", ").join(_label(s, lang) for s in p.missing))
            for p in places if p.missing]
    headers, rows = coverage_table(places, lang)
    return render_page("coverage.html", title=title, lang=lang, path="/coverage",
                       query_args={"place": place} if place else {}, chart=coverage_svg(places, lang),
                       headers=headers, rows=rows, gaps=gaps, place=place or "")
