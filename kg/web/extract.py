"""The review page ``/extract`` of ``innokg serve --allow-update``: extract, review, import.

Three steps, each a function over :mod:`kg.extract`:

- :func:`extract_page` renders the page (the form; the review itself is
  drawn by ``kg/static/innokg-extract.js``, every text written as text);
- :func:`extract_candidates` (the ``extract_candidates`` operation) reads a
  pasted text or an uploaded file (``.txt``, ``.md``, ``.html``, ``.pdf``)
  and finds its candidates with the store's names as the gazetteer;
- :func:`plan_import` (the ``extract_plan`` operation) checks a review the
  way ``innokg import candidates.json`` does (:func:`kg.extract.to_rdf.plan_candidates`:
  names reconciled, SHACL and hygiene, one named graph per text and its
  inferred graph when an inferred link is accepted, the same review again
  changes nothing) and returns the one SPARQL update that writes them,
  which the server's writer runs in one transaction.

Every value of a review is checked here before it is used: kinds, offsets
(``text[start:end] == quote``), fields (numbers, text, booleans) and the
names' IRIs.

Examples
--------
>>> from kg.build import build_memory
>>> store = build_memory()
>>> found = extract_candidates(store, text="武汉综合排名位列全球第45。", title="全球科技创新中心100强(2025)速评")
>>> [(c["kind"], c["quote"], c["start"], c["end"], c["matches"]["place"]) for c in found["candidates"]]
[('rank', '位列全球第45', 6, 13, 'https://w3id.org/innokg/id/city/wuhan')]
>>> found["candidates"][0]["matches"]["edition"]
'https://w3id.org/innokg/id/edition/gis100-2025'
>>> review = {"text": found["text"], "source": found["source"],
...           "candidates": [dict(found["candidates"][0], accept=True)]}
>>> plan = plan_import(store, review)
>>> plan["graph"], plan["facts"], plan["problems"], plan["update"].startswith("DROP SILENT GRAPH")
('https://w3id.org/innokg/graph/import/text-...', 1, [], True)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import tempfile
from pathlib import Path

from kg.errors import InnokgError
from kg.extract.candidates import CONTEXT_CHARS, KINDS
from kg.extract.outputs import FIELDS, NAMED
from kg.web.templating import check_lang, render_page

__all__ = ["MAX_CANDIDATES", "SUFFIXES", "extract_candidates", "extract_page", "plan_import"]

#: The file kinds the page reads (others are read as plain text).
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
#: Candidates a review may hold at most.
MAX_CANDIDATES = 20_000
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_SAFE_NAME = re.compile(r"[^\w.-]+")


def extract_page(lang: str = "zh") -> str:
    """The review page: a form for a text or a file and the token; the review is drawn by its script.

    >>> "innokg-extract.js" in extract_page("en")
    True
    """
    check_lang(lang)
    title = "从文本抽取事实" if lang == "zh" else "Facts from a text"
    return render_page("extract.html", title=title, lang=lang, path="/extract", kinds=KINDS)


def _day(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InnokgError(f"date must be YYYY-MM-DD, not {text!r}") from None


def extract_candidates(store, *, text: str | None = None, data: bytes | None = None, name: str = "",
                       title: str = "", date: str = "", publisher: str = "", lang: str = "zh") -> dict:
    """The candidates of a pasted ``text`` or of an uploaded file's ``data`` (named ``name``).

    Returns ``{"text", "source", "candidates"}``: the text a reader sees (the
    offsets count its characters), the source as ``innokg extract`` writes it
    and each candidate's JSON form with ``accept`` left undecided (None).

    Raises
    ------
    InnokgError
        For an empty, binary or undecodable text, a bad date or language.
    """
    from kg.extract import Gazetteer, read_document
    from kg.extract.pipeline import extract

    if lang not in ("zh", "en"):
        raise InnokgError(f"lang must be zh or en, not {lang!r}")
    day = _day(date)
    if (text is None) == (data is None):
        raise InnokgError("send a text or a file")
    if text is not None:
        data, name = text.encode("utf-8"), "text.txt"
    suffix = Path(name).suffix.lower()
    safe = _SAFE_NAME.sub("_", Path(name).stem)[:60] or "text"
    with tempfile.TemporaryDirectory(prefix="innokg-extract-") as folder:
        path = Path(folder) / (safe + (suffix if suffix in SUFFIXES else ".txt"))
        path.write_bytes(data)
        document = read_document(path)
    found = extract(document.text, Gazetteer.from_store(store), date=day, title=title or document.title,
                    publisher=publisher, lang=lang)
    source = {"file": Path(name).name if name != "text.txt" else "", "title": title or document.title,
              "date": day.isoformat() if day else "", "publisher": publisher, "sha256": document.sha256,
              "kind": document.kind, "encoding": document.encoding, "characters": len(document.text)}
    return {"text": document.text, "source": source,
            "candidates": [{**candidate.as_dict(), "accept": None} for candidate in found]}


def _scalar(where: str, value):
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise InnokgError(f"{where}: a field holds a number, a text, true/false or nothing")


def _checked(review: dict) -> tuple[str, dict, list[dict]]:
    """The text, source and candidates of a review, every value checked."""
    if not isinstance(review, dict) or not isinstance(review.get("text"), str) or not review["text"]:
        raise InnokgError("the review needs the text the candidates quote")
    text = review["text"]
    given = review.get("source") if isinstance(review.get("source"), dict) else {}
    source = {"sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "characters": len(text)}
    for key in ("file", "title", "date", "publisher"):
        value = given.get(key) or ""
        if not isinstance(value, str):
            raise InnokgError(f"source {key} must be a text")
        source[key] = " ".join(value.split())[:500]
    day = _day(source["date"])
    source["date"] = day.isoformat() if day else ""
    rows = review.get("candidates")
    if not isinstance(rows, list) or not rows:
        raise InnokgError("the review has no candidates")
    if len(rows) > MAX_CANDIDATES:
        raise InnokgError(f"a review holds at most {MAX_CANDIDATES:,} candidates, not {len(rows):,}")
    candidates = []
    for number, row in enumerate(rows, 1):
        where = f"candidate {number}"
        if not isinstance(row, dict):
            raise InnokgError(f"{where}: not an object")
        kind, start, end = row.get("kind"), row.get("start"), row.get("end")
        if kind not in KINDS:
            raise InnokgError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if not (type(start) is int and type(end) is int and 0 <= start < end <= len(text)):
            raise InnokgError(f"{where}: start and end must be offsets in the text")
        quote = text[start:end]
        if row.get("quote") != quote:
            raise InnokgError(f"{where}: the quote is not the text at {start}–{end}")
        fields, matches = row.get("fields") or {}, row.get("matches") or {}
        if not isinstance(fields, dict) or not isinstance(matches, dict):
            raise InnokgError(f"{where}: fields and matches are objects")
        fields = {key: _scalar(f"{where} {key}", value) for key, value in fields.items() if key in FIELDS}
        checked_matches = {}
        for key, value in matches.items():
            if key not in NAMED:
                continue
            values = value if isinstance(value, list) else [value]
            if not all(isinstance(v, str) and (v == "new" or _IRI.match(v)) for v in values) or not values:
                raise InnokgError(f"{where}: {key}_iri must be an IRI, new, or a list of IRIs")
            checked_matches[key] = value
        sentence = row.get("sentence") if isinstance(row.get("sentence"), str) else ""
        candidates.append({
            "kind": kind, "quote": quote, "start": start, "end": end,
            "sentence": sentence if quote in sentence and sentence in text else quote,
            "fields": fields, "matches": checked_matches, "accept": row.get("accept") is True,
            "confidence": row.get("confidence") if isinstance(row.get("confidence"), (int, float)) else None,
            "prefix": text[max(0, start - CONTEXT_CHARS):start], "suffix": text[end:end + CONTEXT_CHARS]})
    return text, source, candidates


def plan_import(store, review: dict, now: dt.datetime | None = None) -> dict:
    """Check a review as ``innokg import`` would; return the update that writes its graph.

    ``review`` is ``{"text", "source", "candidates"}`` (as
    :func:`extract_candidates` answers, each candidate with ``accept`` true or
    false, its fields and ``matches`` edited). The graph is named after the
    text (``graph:import/text-<sha256 of the text>``): reviewing the same text
    again replaces it.

    Returns
    -------
    dict
        ``graph``, ``facts``, ``quads``, ``unchanged`` (the graph holds this
        very review already: ``update`` is None), ``update`` (``DROP SILENT
        GRAPH`` and ``INSERT DATA``: one update, one transaction) and
        ``problems`` (one line each; then nothing is to be written).
    """
    from kg.extract.to_rdf import plan_candidates
    from kg.importing.problems import ImportFailed

    text, source, candidates = _checked(review)
    name = f"text-{source['sha256'][:16]}.json"
    document = json.dumps({"source": source, "candidates": candidates}, ensure_ascii=False, sort_keys=True)
    with tempfile.TemporaryDirectory(prefix="innokg-review-") as folder:
        path = Path(folder) / name
        path.write_text(document, encoding="utf-8")
        try:
            result, graphs = plan_candidates(store, path, source=source["title"] or text.split("\n", 1)[0][:80],
                                             now=now)
        except ImportFailed as failed:
            return {"graph": None, "facts": 0, "quads": 0, "unchanged": False, "update": None,
                    "problems": [line.replace(f"{name}: ", "", 1) for line in failed.lines()]}
    answer = {"graph": result.graph, "facts": result.rows, "quads": result.quads, "unchanged": graphs is None,
              "update": None, "problems": []}
    if graphs is not None:  # the import's graph, and its inferred graph (empty unless the review accepted inferences)
        answer["update"] = " ;\n".join(
            f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n"
            + "\n".join(f"{quad.subject} {quad.predicate} {quad.object} ." for quad in part) + "\n} }"
            for graph, part in graphs.items())
    return answer
