"""The hubs page: every metric of a network, one row per node, sortable, from :mod:`kg.network`.

The numbers are those of ``innokg metrics`` (one source of truth). On a
small store (:func:`kg.views.snapshot.is_small`) they are read through
:func:`kg.network.current.current_metrics`, which takes the metrics written
by ``innokg metrics --write`` when they are fresh and computes them
otherwise. On a big store nothing is computed while the page waits: it
reads one page of ranks (:data:`PAGE_ROWS`) of the stored metrics
(:func:`kg.views.stored.stored_rows`), and says whether they are fresh,
stale or not checked (as the snapshot's prepared data tell), or that none
were written. The page says which.
"""

from __future__ import annotations

from urllib.parse import urlencode

from kg.errors import InnokgError
from kg.network.projection import find_network, list_networks
from kg.network.registry import HUBS_PAGE, METRICS, ROLE_LABELS, page_metrics, role_label
from kg.views.model import GROUPS
from kg.views.network import entity_link
from kg.web.templating import check_lang, render_page

__all__ = ["HUB_COLUMNS", "ROLE_NAMES", "DEFAULT_NETWORK", "PAGE_ROWS", "hub_rows", "page_metrics_of", "hubs_page"]

#: The network the home page and the hubs page show unless asked for another.
DEFAULT_NETWORK = "actors"
#: Ranks on one page of the hubs page.
PAGE_ROWS = 100

#: Row key -> (zh, en) column header, in table order after rank, entity and element: the
#: labels of :data:`kg.network.registry.METRICS` (those of the ontology's properties).
HUB_COLUMNS = {key: (METRICS[key].label_zh, METRICS[key].label_en) for key in HUBS_PAGE}

#: Gould–Fernandez brokerage role -> (zh, en): :data:`kg.network.registry.ROLE_LABELS`.
ROLE_NAMES = ROLE_LABELS

_ELEMENTS = {"talent": "talent", "actor": "actor", "environment": "environment"}


def hub_rows(store, network: str = DEFAULT_NETWORK, limit: int | None = None) -> list[dict]:
    """Return the metric rows of ``network``, ranked by hub score (the keys of :data:`kg.network.report.COLUMNS`).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> top = hub_rows(build_memory(), limit=2)
    >>> [(row["label_en"], row["hub_score"], row["degree"], row["role"]) for row in top]
    [('Li Yuyang', 1.0, 7, 'none'), ('Huanshangda Science Park', 0.979341587046, 7, 'itinerant')]
    """
    from kg.views.snapshot import is_small

    if not is_small(store):
        return page_metrics_of(store, find_network(network), 1, limit or PAGE_ROWS).rows
    from kg.network.current import current_metrics

    rows = current_metrics(store, network).rows
    return rows if limit is None else rows[:limit]


def page_metrics_of(store, network, page: int = 1, rows: int = PAGE_ROWS):
    """The metrics of ranks ``(page - 1) * rows + 1`` to ``page * rows`` of ``network``, read as a page may read them.

    On a small store, computed when the stored ones are missing or stale; on
    a big one, read from the stored run (``origin`` ``stored``, ``status``
    ``fresh``, ``stale`` or ``unchecked``) or none (``not written``).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> from kg.network.projection import find_network
    >>> shown = page_metrics_of(build_memory(), find_network("actors"), 2, 10)
    >>> shown.origin, [row["rank"] for row in shown.rows][:2]
    ('computed', [11, 12])
    """
    from kg.network.current import CurrentMetrics, current_metrics
    from kg.views.scaled import metrics_status
    from kg.views.snapshot import is_small

    first = (page - 1) * rows
    if is_small(store):
        metrics = current_metrics(store, network)
        return CurrentMetrics(metrics.network, metrics.rows[first:first + rows], metrics.origin, metrics.status,
                              metrics.computed, metrics.node_count, metrics.edge_count)
    from kg.network.writeback import stored_runs
    from kg.views.stored import stored_rows

    run = stored_runs(store).get(network.name)
    if run is None:
        return CurrentMetrics(network, [], "stored", "not written", "", 0, 0)
    status = (metrics_status(store, network.name) or {}).get("status", "unchecked")
    return CurrentMetrics(network, stored_rows(store, network.name, first + 1, rows), "stored", status, run.ended,
                          run.nodes, run.edges)


def _cell(key: str, value, lang: str) -> dict:
    if key == "role":
        return {"text": role_label(value, lang)}
    if isinstance(value, float):
        return {"text": METRICS[key].show(value), "sort": repr(value)}
    return {"text": value}


def hubs_page(store, lang: str = "zh", network: str = DEFAULT_NETWORK, page: int = 1) -> str:
    """Render the hubs page of ``network``: a sortable table of every metric, :data:`PAGE_ROWS` ranks a page.

    Raises
    ------
    kg.errors.InnokgError
        When there is no such network (naming the known ones).

    Examples
    --------
    >>> from kg.build import build_memory
    >>> html = hubs_page(build_memory(), "en", "tech-transfer")
    >>> "Huanshangda Science Park" in html, 'class="sortable"' in html, "computed now" in html
    (True, True, True)
    """
    check_lang(lang)
    index = 0 if lang == "zh" else 1
    chosen = find_network(network)
    if page < 1:
        raise InnokgError(f"page must be at least 1, not {page}")
    metrics = page_metrics_of(store, chosen, page)
    headers = ["#", "实体" if lang == "zh" else "entity", "要素" if lang == "zh" else "element"]
    headers += [names[index] for names in HUB_COLUMNS.values()]
    rows = []
    for row in metrics.rows:
        label = (row["label_zh"] or row["label_en"]) if lang == "zh" else (row["label_en"] or row["label_zh"])
        element = GROUPS.get(_ELEMENTS.get(row["element"], "other"))[1 + index]
        rows.append([{"text": row["rank"]}, {"text": label or str(row["node"]),
                                             "href": entity_link(str(row["node"])) + f"&lang={lang}"},
                     {"text": element}] + [_cell(key, row[key], lang) for key in HUB_COLUMNS])
    networks = [(item.name, item.title_zh if lang == "zh" else item.title) for item in list_networks()]
    title = (f"枢纽：{chosen.title_zh}" if lang == "zh" else f"Hubs: {chosen.title}")
    definitions = [(metric.label(lang), metric.description_zh if lang == "zh" else metric.description)
                   for metric in page_metrics()]
    pages = max(1, -(-metrics.node_count // PAGE_ROWS))
    here = {"network": chosen.name, "lang": lang}
    paging = {"page": page, "pages": pages, "first": (page - 1) * PAGE_ROWS + 1, "last": (page - 1) * PAGE_ROWS + len(rows),
              "previous": "/hubs?" + urlencode({**here, "page": page - 1}) if page > 1 else None,
              "next": "/hubs?" + urlencode({**here, "page": page + 1}) if page < pages else None}
    return render_page("hubs.html", title=title, lang=lang, path="/hubs",
                       query_args={"network": chosen.name, **({"page": page} if page > 1 else {})},
                       headers=headers, rows=rows, metrics=metrics, networks=networks, network=chosen.name,
                       definitions=definitions, paging=paging)
