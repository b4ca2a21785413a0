"""Write a ranking edition as an Excel table: one row per city, one column per dimension.

A rank is written as a number when exact; a bound as ``≤4`` ("top 4") and
an approximate rank as ``≈20``, so no bound is read as an exact rank. When
sources contradict each other, both claims are written: ``≤3 | ≤4``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kg.errors import InnokgError
from kg.results import collect
from kg.store import GraphStore

__all__ = ["ranking_rows", "write_ranking_xlsx"]

_RANKS = """
SELECT ?city ?city_zh ?city_en ?country_en ?notation ?dimension_en ?rank ?at_most ?about ?previous ?change WHERE {
  ?edition ik:ofIndex ?index ; ik:editionYear ?year .
  ?index ik:key ?index_key .
  ?obs ik:edition ?edition ; ik:city ?city ; ik:dimension ?dimension .
  ?dimension skos:notation ?notation ; skos:prefLabel ?dimension_en . FILTER LANGMATCHES(LANG(?dimension_en), "en")
  OPTIONAL { ?obs ik:rank ?rank }
  OPTIONAL { ?obs ik:rankAtMost ?at_most }
  OPTIONAL { ?obs ik:approximateRank ?about }
  OPTIONAL { ?obs ik:previousRank ?previous }
  OPTIONAL { ?obs ik:rankChange ?change }
  OPTIONAL { ?city rdfs:label ?city_zh . FILTER LANGMATCHES(LANG(?city_zh), "zh-Hans") }
  OPTIONAL { ?city rdfs:label ?city_en . FILTER LANGMATCHES(LANG(?city_en), "en") }
  OPTIONAL { ?city ik:country/rdfs:label ?country_en . FILTER LANGMATCHES(LANG(?country_en), "en") }
  FILTER (STR(?index_key) = ?wanted_index && ?year = ?wanted_year)
}"""


def ranking_rows(store: GraphStore, index: str = "gis100", edition: int = 2025) -> tuple[list[str], list[list]]:
    """The ranking table of an edition: headers and rows, ordered by overall rank.

    Parameters
    ----------
    store : GraphStore
    index : str, optional
        The index key.
    edition : int, optional
        The edition year.

    Returns
    -------
    (list of str, list of list)

    Raises
    ------
    InnokgError
        When the graph has no observation of that edition.

    Examples
    --------
    >>> from kg.build import build_memory
    >>> headers, rows = ranking_rows(build_memory())
    >>> headers[:5], rows[2][:5]
    (['rank', 'city_zh', 'city_en', 'country_en', 'previous_rank'], [3, '北京', 'Beijing', 'China', None])
    """
    query = _RANKS.replace("?wanted_index", _string(index)).replace("?wanted_year", str(int(edition)))
    result = collect(store.query(query))
    if not result.rows:
        raise InnokgError(f"no rank observations of {index} {edition} in the graph")
    names = result.variables
    dimensions: dict[str, str] = {}
    cities: dict[str, dict] = {}
    for row in result.rows:
        cell = {name: (term.value if term is not None else None) for name, term in zip(names, row)}
        if cell["notation"] != "0":
            dimensions[cell["notation"]] = cell["dimension_en"]
        city = cities.setdefault(cell["city"], {"city_zh": cell["city_zh"], "city_en": cell["city_en"],
                                                "country_en": cell["country_en"], "ranks": {}})
        ranks = city["ranks"].setdefault(cell["notation"], [])
        if _rank(cell) not in ranks:
            ranks.append(_rank(cell))
        if cell["notation"] == "0":
            city["previous_rank"] = _int(cell["previous"])
            city["rank_change"] = _int(cell["change"])
    order = sorted(dimensions)
    headers = ["rank", "city_zh", "city_en", "country_en", "previous_rank", "rank_change",
               *(dimensions[notation] for notation in order)]
    rows = []
    for city in cities.values():
        ranks = {notation: _claims(values) for notation, values in city["ranks"].items()}
        rows.append([ranks.get("0"), city["city_zh"], city["city_en"], city["country_en"],
                     city.get("previous_rank"), city.get("rank_change"),
                     *(ranks.get(notation) for notation in order)])
    rows.sort(key=lambda row: (_order(row[0]), row[2] or ""))
    return headers, rows


def write_ranking_xlsx(store: GraphStore, path: str | os.PathLike, index: str = "gis100",
                       edition: int = 2025) -> int:
    """Write the ranking table of an edition to an ``.xlsx`` workbook; return the number of cities.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> from kg.build import build_memory
    >>> path = Path(tempfile.mkdtemp()) / "gis100-2025.xlsx"
    >>> write_ranking_xlsx(build_memory(), path)
    33
    >>> sheet = openpyxl.load_workbook(path).active
    >>> [cell.value for cell in sheet[2]][:3]
    [1, '旧金山湾区', 'San Francisco Bay Area']
    """
    import openpyxl
    from openpyxl.styles import Font

    headers, rows = ranking_rows(store, index, edition)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = f"{index}-{edition}"[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCD", (8, 14, 26, 16)):
        sheet.column_dimensions[column].width = width
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        workbook.save(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return len(rows)


def _rank(cell: dict):
    if cell["rank"] is not None:
        return int(cell["rank"])
    if cell["at_most"] is not None:
        return f"≤{cell['at_most']}"
    if cell["about"] is not None:
        return f"≈{cell['about']}"
    return None


def _claims(values: list):
    """One rank, or the contradicting claims of several sources side by side (``≤3 | ≤4``)."""
    values = sorted((value for value in values if value is not None), key=_order)
    if len(values) <= 1:
        return values[0] if values else None
    return " | ".join(str(value) for value in values)


def _int(text):
    return None if text is None else int(text)


def _order(rank) -> tuple[int, int]:
    if isinstance(rank, int):
        return 0, rank
    if isinstance(rank, str):
        return 1, int(re.search(r"\d+", rank).group())
    return 2, 0


def _string(text: str) -> str:
    """A SPARQL string literal of ``text``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
