"""The chain explorer: pick a university, see its technology-transfer chain step by step."""

from __future__ import annotations

from kg.results import collect
from kg.saved_queries import find_saved_query, run_saved_query
from kg.views.graphs import labels_of
from kg.views.network import chain_view, resolve_iri
from kg.views.render import render_fragment
from kg.web.templating import check_lang, pick_label, render_page

__all__ = ["universities", "chain_page"]

_UNIVERSITIES = """
SELECT DISTINCT ?u WHERE { ?park ik:coBuiltBy ?u . ?u a/rdfs:subClassOf* ik:University . } ORDER BY ?u"""


def universities(store) -> list[str]:
    """Return the universities that co-build a science park.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> universities(build_memory())
    ['https://w3id.org/innokg/id/org/shanghai-university']
    """
    return [row["u"].value for row in store.query(_UNIVERSITIES)]


def chain_page(store, university: str = "org/shanghai-university", lang: str = "zh") -> str:
    """Render the chain explorer for ``university``: the chain view and the steps with their sources.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = chain_page(build_memory(), lang="en")
    >>> "泮芯科技(上海)有限公司" in html, "industrial incubation" in html
    (True, True)
    """
    check_lang(lang)
    iri = resolve_iri(university)
    view = chain_view(store, iri, lang)
    steps = collect(run_saved_query(store, find_saved_query("transfer-chain"), {"university": iri}))
    choices = universities(store)
    labels = labels_of(store, choices)
    title = "成果转化链条" if lang == "zh" else "Technology-transfer chain explorer"
    return render_page(
        "chain.html", title=title, lang=lang, path="/chain", query_args={"university": iri}, with_views=True,
        view=render_fragment(view), university=iri,
        choices=[(choice, pick_label(labels.get(choice), lang, choice)) for choice in choices],
        headers=list(steps.variables), rows=[[{"text": "" if term is None else term.value} for term in row]
                                             for row in steps.rows],
    )
