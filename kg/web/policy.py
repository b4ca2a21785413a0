"""The policy pages: funding flows as a Sankey diagram, and pipeline coverage per place.

Both read :mod:`kg.policy`; the Sankey is drawn in the browser by the
vendored d3-sankey (``/static/vendor/``) from JSON embedded in the page, the
coverage chart is an SVG drawn on the server (:func:`kg.policy.report.coverage_svg`).
"""

from __future__ import annotations

from kg.policy.coverage import COVERAGE_COLUMNS, coverage_rows, pipeline_coverage
from kg.policy.funding import aggregate_funding, funding_columns, funding_rows
from kg.policy.lookup import Label
from kg.policy.report import coverage_svg
from kg.web.templating import check_lang, render_page

__all__ = ["sankey_data", "funding_page", "coverage_page"]


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
    summary = aggregate_funding(store, start or None, end or None)
    title = "资金流（出资方 → 渠道 → 工具 → 接收方 → 阶段）" if lang == "zh" else \
        "Funding flows (funder → channel → instrument → recipient → stage)"
    args = {key: value for key, value in (("from", start), ("to", end)) if value}
    return render_page("funding.html", title=title, lang=lang, path="/funding", query_args=args,
                       sankey=sankey_data(summary, lang), headers=funding_columns(summary),
                       rows=funding_rows(summary), start=start or "", end=end or "", summary=summary)


def coverage_page(store, place: str | None = None, lang: str = "zh") -> str:
    """The coverage page: the stage-by-place chart, the table and the gaps.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = coverage_page(build_memory(), lang="en")
    >>> "<svg" in html, "环上大概念验证中心" in html
    (True, True)
    """
    check_lang(lang)
    places = pipeline_coverage(store, place or None)
    title = "成果转化链条覆盖（概念验证 → 中试熟化 → 产业孵化）" if lang == "zh" else \
        "Pipeline coverage (proof of concept → pilot-scale maturation → industrial incubation)"
    gaps = [(p.place.text, "、".join(s.text for s in p.missing)) for p in places if p.missing]
    return render_page("coverage.html", title=title, lang=lang, path="/coverage",
                       query_args={"place": place} if place else {}, chart=coverage_svg(places),
                       headers=COVERAGE_COLUMNS, rows=coverage_rows(places), gaps=gaps, place=place or "")
