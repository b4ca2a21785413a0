"""A reviewed row's IRI columns: the one IRI each names that the graph describes, or a problem naming the row.

The import of reviewed candidates (:mod:`kg.extract.to_rdf`) needs, for each
name a fact uses (``place_iri``, ``person_iri``, ``organization_iri`` …), one
IRI the graph describes: several candidates, none, or an IRI the graph does
not describe are problems with the row, column and a hint. What only the
graph the import replaces describes (and that graph's inferred companion)
is not described: it goes when the import writes (:func:`in_replaced` says so).

Examples
--------
>>> problems = []
>>> row = {"row": 3, "fields": {"place": "北京"}, "matches": {"place": ["http://e/a", "http://e/b"]}}
>>> print(one_iri(row, "place", set(), problems, "r.json"), problems[0])
None r.json: row 3, column "place_iri", value "北京": place '北京' is ambiguous: http://e/a | http://e/b; hint: keep one IRI in the column
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.entities import MINTED, described
from kg.importing.problems import Problem
from kg.store import GraphStore

__all__ = ["in_replaced", "listed", "one_iri"]


def listed(match) -> list[str]:
    """The IRIs of a ``groups`` match: a list, or one IRI (a single group), or none.

    >>> listed(["http://e/a", "http://e/b"]), listed("http://e/a"), listed("new"), listed(None)
    (['http://e/a', 'http://e/b'], ['http://e/a'], [], [])
    """
    if isinstance(match, list):
        return [str(iri) for iri in match]
    return [match] if isinstance(match, str) and match.startswith(("http://", "https://")) else []


#: The template that imports what an IRI column names, for the "import it first" hint.
_IMPORT_WITH = {"place": "`innokg template places`", "group": "`innokg template places`",
                "person": "`innokg template people`", "organization": "`innokg template organizations`",
                "edition": "`innokg template rankings`"}


def one_iri(row: dict, name: str, store_iris: set[str], problems: list[Problem], file_name: str) -> str | None:
    """The one IRI a row's ``name_iri`` holds, or a problem."""
    match = row["matches"].get(name)
    value = row["fields"].get(name, "")
    if isinstance(match, list):
        problems.append(Problem(file_name, f"{name} {value!r} is ambiguous: {' | '.join(match)}", row["row"],
                                f"{name}_iri", value, "keep one IRI in the column"))
        return None
    if not match or match == "new":
        problems.append(Problem(file_name, f"{name} {value!r} is not in the graph", row["row"], f"{name}_iri",
                                value, "put the IRI of a thing the graph describes in the column, or import it "
                                f"first with {_IMPORT_WITH.get(name, 'its template (`innokg template` lists them)')}"))
        return None
    if match not in store_iris:
        problems.append(Problem(file_name, f"{name} <{match}> is not described in the graph", row["row"],
                                f"{name}_iri", match, "check the IRI"))
        return None
    return match


def in_replaced(store: GraphStore, problems: list[Problem], store_iris: set[str], replaced: list[str]
                 ) -> list[Problem]:
    """``problems``, those of an IRI that only the graphs ``replaced`` describe (the first the import's) saying so.

    ``store_iris`` are the IRIs described outside them.
    """
    gone = described(store, {p.value for p in problems if p.value and p.value not in store_iris}, [])
    again = {f"{field}_iri" for field in MINTED}  # a name the import makes an entity of when the column says new
    return [replace(p, message=f"<{p.value}> is described only in <{replaced[0]}>, which this import replaces",
                    hint=("write new in the column (the import describes it again), or " if p.column in again
                          else "") + "import into another --graph")
            if p.value in gone else p for p in problems]
