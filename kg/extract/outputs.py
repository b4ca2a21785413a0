"""Write candidates for review (``.json``, ``.csv``, ``.xlsx``, ``.html``) and read a reviewed file back.

The JSON is ``{"source": {...}, "candidates": [...]}``. A table has one row a
candidate (a count or amount is imported with what has it, ``subject_iri``, and
the indicator it measures, ``indicator_iri``: proposed by
:mod:`kg.extract.subjects`, editable): ``accept`` first (``yes`` is filled in
where the confidence is 0.8 or more; write ``yes`` or ``no``), then kind,
quote, offsets, confidence, the
fields, and for each name its match (``*_iri``: an IRI, ``new``, or the
candidates joined by `` | ``), the sentence, and the source. The HTML page
is the text with every candidate highlighted at its offsets and a table of
their fields, every text escaped.
"""

from __future__ import annotations

import csv
import html
import itertools
import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from kg.errors import InnokgError
from kg.extract.candidates import Candidate

__all__ = ["ACCEPTED", "FIELDS", "NAMED", "SOURCE_COLUMNS", "is_candidates_file", "read_candidates", "review_page",
           "write_candidates"]

#: Field columns, in the order tables show them.
FIELDS = ("place", "rank", "previous_rank", "change", "rank_at_most", "qualifier", "trend", "first_time",
          "consecutive_editions", "scope", "dimension", "index", "edition", "list_size", "count", "counted", "top_n",
          "group", "groups", "members", "value", "unit", "unit_text", "date", "precision", "inferred", "year_from", "person",
          "role", "organization", "name", "subject", "indicator", "note")
#: Fields that name things: each has a ``*_iri`` column with its match.
NAMED = ("place", "scope", "dimension", "index", "edition", "group", "groups", "person", "role", "organization", "name",
         "subject", "indicator")
#: The source columns every row repeats.
SOURCE_COLUMNS = ("source_file", "source_title", "source_date", "source_publisher", "source_sha256")
_INTEGERS = {"rank", "previous_rank", "change", "rank_at_most", "consecutive_editions", "edition", "list_size",
             "count", "top_n", "start", "end"}
_BOOLEANS = {"first_time", "inferred"}
#: What the accept column says to import.
ACCEPTED = {"yes", "y", "1", "true", "x", "accept", "accepted", "是", "✓"}
_COLUMNS = ("accept", "kind", "quote", "start", "end", "confidence",
            *[column for name in FIELDS for column in ((name, f"{name}_iri") if name in NAMED else (name,))],
            "sentence", "prefix", "suffix", *SOURCE_COLUMNS)


def _match_text(match) -> str:
    if isinstance(match, list):
        return " | ".join(match)
    return match or ""


def _row(candidate: Candidate, source: dict) -> list:
    cells = {"accept": "yes" if candidate.confidence >= 0.8 else "", "kind": candidate.kind,
             "quote": candidate.quote, "start": candidate.start, "end": candidate.end,
             "confidence": round(candidate.confidence, 2), "sentence": candidate.sentence,
             "prefix": candidate.prefix, "suffix": candidate.suffix}
    for name, value in candidate.fields.items():
        cells[name] = value
    for name, match in candidate.matches.items():
        cells[f"{name}_iri"] = _match_text(match)
    for column in SOURCE_COLUMNS:
        cells[column] = source.get(column.removeprefix("source_"), "") or ""
    return ["" if cells.get(column) is None else cells.get(column, "") for column in _COLUMNS]


def write_candidates(path: str | os.PathLike, candidates: Iterable[Candidate], source: dict, text: str) -> Counter:
    """Write ``candidates`` to ``path`` in the format its suffix names, atomically; return the count of each kind.

    The candidates are written as they come (JSON, CSV and xlsx hold none in
    memory); the HTML page needs them all.

    Raises
    ------
    InnokgError
        For a suffix other than .json, .csv, .xlsx, .html.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv", ".xlsx", ".html", ".htm"):
        raise InnokgError(f"{path}: write candidates as .json, .csv, .xlsx or .html")
    counts: Counter = Counter()

    def counted():
        for candidate in candidates:
            counts[candidate.kind] += 1
            yield candidate

    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".json":
            with partial.open("w", encoding="utf-8") as out:
                out.write('{"source": ' + json.dumps(source, ensure_ascii=False) + ',\n "candidates": [')
                for number, candidate in enumerate(counted()):
                    out.write(("," if number else "") + "\n  " + json.dumps(
                        {**candidate.as_dict(), "accept": candidate.confidence >= 0.8}, ensure_ascii=False))
                out.write("\n ]}\n")
        elif suffix == ".csv":
            with partial.open("w", encoding="utf-8-sig", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(_COLUMNS)
                writer.writerows(_row(candidate, source) for candidate in counted())
        elif suffix == ".xlsx":
            _write_xlsx(partial, counted(), source)
        else:
            listed = list(counted())
            partial.write_text(review_page(text, listed, source), encoding="utf-8")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return counts


def _write_xlsx(path: Path, candidates: Iterable[Candidate], source: dict) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook(write_only=True)
    sheet = book.create_sheet("candidates")
    choice = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    sheet.data_validations.append(choice)
    sheet.freeze_panes = "B2"
    header = []
    for name in _COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    rows = 1
    for candidate in candidates:
        sheet.append([value if not isinstance(value, str) or not value.startswith("=") else "'" + value
                      for value in _row(candidate, source)])
        rows += 1
    if rows > 1:
        choice.add(f"A2:A{rows}")
    book.save(path)


def _cell(name: str, text: str):
    """A table cell back as its field value (numbers, booleans, None for empty)."""
    text = "" if text is None else str(text).strip()
    if text == "":
        return None
    if name in _INTEGERS:
        try:
            return int(float(text))
        except ValueError:
            return text
    if name in _BOOLEANS:
        return text.lower() in ("true", "1", "yes")
    if name == "value":
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    return text


def read_candidates(path: str | os.PathLike, data: bytes | None = None) -> tuple[dict, list[dict]]:
    """Read a reviewed candidates file: its source and every candidate with ``accept`` as a boolean.

    ``data`` is the file's bytes when the caller has read them already (the
    file is then not read again); ``path`` names the file and its format.

    Each candidate is ``{"kind", "quote", "start", "end", "sentence", "prefix",
    "suffix", "fields": {...}, "matches": {...}, "accept": bool, "row": n}``.

    Raises
    ------
    InnokgError
        When the file is not a candidates file innokg wrote.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "c.csv"
    >>> write_candidates(path, [Candidate("count", "754家", 2, 6, "孵化754家。", {"value": 754}, 0.9)], {}, "孵化754家。")
    Counter({'count': 1})
    >>> source, rows = read_candidates(path)
    >>> rows[0]["accept"], rows[0]["quote"], rows[0]["start"], rows[0]["fields"]
    (True, '754家', 2, {'value': 754})
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if data is None:
        data = path.read_bytes()
    if suffix == ".json":
        try:
            document = json.loads(data.decode("utf-8"))
            rows = document["candidates"]
        except (ValueError, KeyError, TypeError):
            raise InnokgError(f"{path}: not a candidates file (a JSON object with a candidates list)") from None
        out = []
        for number, row in enumerate(rows, 1):
            accept = row.get("accept")
            accepted = accept is True or (isinstance(accept, str) and accept.strip().lower() in ACCEPTED)
            out.append({**row, "accept": accepted, "row": number})
        return dict(document.get("source") or {}), out
    from kg.importing.tabular import read_table

    table = read_table(path, data=data, strip=False)  # quotes, prefixes and suffixes keep their blanks
    if not {"accept", "kind", "quote", "start", "end"} <= set(table.headers):
        raise InnokgError(f"{path}: not a candidates table (needs the columns accept, kind, quote, start, end)")
    source, out = {}, []
    for number, cells in table.rows:
        for column in SOURCE_COLUMNS:
            if cells.get(column) and column.removeprefix("source_") not in source:
                source[column.removeprefix("source_")] = str(cells[column])
        fields = {name: value for name in FIELDS if (value := _cell(name, cells.get(name))) is not None}
        matches = {}
        for name in NAMED:
            text = str(cells.get(f"{name}_iri") or "").strip()
            if text:
                matches[name] = [part.strip() for part in text.split("|")] if "|" in text else text
        out.append({"kind": str(cells.get("kind", "")).strip(), "quote": str(cells.get("quote", "")),
                    "start": _cell("start", cells.get("start")), "end": _cell("end", cells.get("end")),
                    "sentence": str(cells.get("sentence") or ""), "prefix": str(cells.get("prefix") or ""),
                    "suffix": str(cells.get("suffix") or ""), "fields": fields, "matches": matches,
                    "confidence": _cell("value", cells.get("confidence")),
                    "accept": str(cells.get("accept") or "").strip().lower() in ACCEPTED, "row": number})
    return source, out


def is_candidates_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a candidates file of ``innokg extract`` (by its columns or its JSON keys).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "c.csv").write_text("accept,kind,quote,start,end\\n", encoding="utf-8")
    >>> _ = (folder / "r.csv").write_text("index,edition,city,rank\\n", encoding="utf-8")
    >>> is_candidates_file(folder / "c.csv"), is_candidates_file(folder / "r.csv")
    (True, False)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig") as stream:
                header = stream.readline()
            return {"accept", "kind", "quote", "start", "end"} <= {cell.strip() for cell in header.split(",")}
        if suffix == ".xlsx":
            from zipfile import BadZipFile

            from openpyxl import load_workbook
            from openpyxl.utils.exceptions import InvalidFileException

            try:
                sheet = load_workbook(path, read_only=True).active
            except (BadZipFile, InvalidFileException):
                return False  # the import says what is wrong with it
            first = next(sheet.iter_rows(max_row=1, values_only=True), ())
            return {"accept", "kind", "quote", "start", "end"} <= {str(cell) for cell in first if cell}
        if suffix == ".json":
            with path.open(encoding="utf-8") as stream:
                head = stream.read(4096)
            return '"candidates"' in head and json.loads(path.read_text(encoding="utf-8")).get("candidates") is not None
    except (OSError, ValueError, UnicodeDecodeError, StopIteration, KeyError, AttributeError, TypeError):
        return False  # unreadable, or not JSON, or a workbook openpyxl cannot open: not a candidates file
    return False


_STYLE = """body{font:15px/1.7 system-ui,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#222}
.text{white-space:pre-wrap;border:1px solid #ccc;padding:1em;background:#fafafa}
mark{background:#ffe08a;padding:0 1px}mark.rank,mark.bound,mark.change{background:#bde0fe}
mark.aggregate,mark.count,mark.amount{background:#caffbf}mark.date{background:#ffd6a5}
mark.role,mark.person,mark.organization{background:#e0c3fc}mark a{color:inherit;text-decoration:none}
table{border-collapse:collapse;margin-top:1em;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
th{background:#eee}.new{color:#b00}"""


def review_page(text: str, candidates: list[Candidate], source: dict) -> str:
    """A standalone review page: the text with the candidates highlighted, and their fields.

    >>> page = review_page("北京<第3>", [Candidate("rank", "<第3>", 2, 6, "北京<第3>", {"rank": 3})], {"title": "t"})
    >>> '<mark class="rank" title="rank"><a href="#c1">&lt;第3&gt;</a></mark>' in page, "<第3>" in page
    (True, False)
    """
    cuts = sorted({0, len(text), *[c.start for c in candidates], *[c.end for c in candidates]})
    parts = []
    for start, end in itertools.pairwise(cuts):
        covering = [i for i, c in enumerate(candidates, 1) if c.start <= start and end <= c.end]
        piece = html.escape(text[start:end])
        if covering:
            first = candidates[covering[0] - 1]
            kinds = " ".join(sorted({candidates[i - 1].kind for i in covering}))
            piece = (f'<mark class="{html.escape(first.kind)}" title="{html.escape(kinds)}">'
                     f'<a href="#c{covering[0]}">{piece}</a></mark>')
        parts.append(piece)
    rows = []
    for number, candidate in enumerate(candidates, 1):
        fields = "; ".join(f"{html.escape(str(k))}: {html.escape(str(v))}" for k, v in candidate.fields.items())
        matches = "; ".join(
            f'{html.escape(k)}: <span class="{"new" if v == "new" else ""}">{html.escape(_match_text(v))}</span>'
            for k, v in candidate.matches.items())
        rows.append(f'<tr id="c{number}"><td>{number}</td><td>{html.escape(candidate.kind)}</td>'
                    f"<td>{html.escape(candidate.quote)}</td><td>{candidate.start}–{candidate.end}</td>"
                    f"<td>{candidate.confidence:.2f}</td><td>{fields}</td><td>{matches}</td></tr>")
    title = html.escape(str(source.get("title") or source.get("file") or "text"))
    return (f'<!DOCTYPE html>\n<html lang="zh-Hans"><head><meta charset="utf-8"><title>innokg extract: {title}'
            f"</title><style>{_STYLE}</style></head><body><h1>{title}</h1>"
            f"<p>{len(candidates)} candidates from {html.escape(str(source.get('file') or ''))} "
            f"(sha256 {html.escape(str(source.get('sha256') or '')[:12])}…). Accept or reject them in the "
            f".csv or .xlsx form (<code>innokg extract … -o candidates.csv</code>), then "
            f"<code>innokg import candidates.csv</code>.</p>"
            f'<div class="text">{"".join(parts)}</div><table><thead><tr><th>#</th><th>kind</th><th>quote</th>'
            f"<th>offsets</th><th>confidence</th><th>fields</th><th>matches</th></tr></thead><tbody>"
            f"{''.join(rows)}</tbody></table></body></html>\n")
