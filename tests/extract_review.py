"""A text extracted with ``innokg extract`` into a store ``innokg build`` made, reviewed and brought in with
``innokg import`` (the steps the tests of extracted aggregates share)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg.build import build
from kg.cli.main import main


def accept_all(path: Path, reject_kind: str | None = None, count_of: tuple[str, str] | None = None) -> None:
    """Accept every row (but those of ``reject_kind``); give counts the subject and indicator ``count_of``."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    kind = rows[0].index("kind")
    for row in rows[1:]:
        row[0] = "no" if row[kind] == reject_kind else "yes"
        if count_of and row[kind] == "count":
            row[rows[0].index("subject_iri")], row[rows[0].index("indicator_iri")] = count_of
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def extracted(folder: Path, text: str) -> tuple[Path, Path, list[dict[str, str]]]:
    """Build a store in ``folder`` and extract ``text`` (written to news.txt) against it into regions.csv.

    Returns the store's path, the reviewed CSV's path and the CSV's rows.
    """
    store_path = folder / "store"
    build(store_path)
    news = folder / "news.txt"
    news.write_text(text, encoding="utf-8")
    reviewed = folder / "regions.csv"
    assert main(["--store", str(store_path), "extract", str(news), "-o", str(reviewed)]) == 0
    return store_path, reviewed, list(csv.DictReader(io.StringIO(reviewed.read_text(encoding="utf-8-sig"))))


def import_aggregates(store_path: Path, reviewed: Path, source: str, capsys) -> str:
    """Accept every candidate of ``reviewed`` but its counts, ``innokg import`` it with ``source``: what it said."""
    accept_all(reviewed, reject_kind="count")
    capsys.readouterr()
    assert main(["--store", str(store_path), "import", str(reviewed), "--source", source]) == 0
    return capsys.readouterr().err
