"""Dates: full (2025年12月14日, 2023年5月, 2025-12-14), partial (12月14日) and relative (昨天, 去年, 今年1月).

A partial date takes its year from ``当年`` (the year of the date before it in
the text), else from ``--date``, else from the edition the text reports; a
relative date counts from ``--date``. Both are flagged ``inferred`` with where
the year came from. Without ``--date`` a relative date has no value and a
low confidence.
"""

from __future__ import annotations

import datetime as dt
import re

from kg.extract.candidates import Context
from kg.extract.numbers import parse_integer
from kg.extract.sentences import Sentence

__all__ = ["find_dates"]

_D = r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
_FULL = re.compile(rf"(?<![0-9])(?P<y>[0-9]{{4}})\s*年\s*(?:(?P<m>{_D})\s*月(?:\s*(?P<d>{_D})\s*[日号])?)?"
                   rf"|(?<![0-9])(?P<iy>[0-9]{{4}})-(?P<im>[0-9]{{1,2}})(?:-(?P<id>[0-9]{{1,2}}))?(?![0-9])")
_REL_YEAR = {"今年": 0, "去年": -1, "前年": -2, "明年": 1, "当年": None, "同年": None}
_PARTIAL = re.compile(rf"(?:(?P<rel>今年|去年|前年|明年|当年|同年)|(?<![0-9年]))(?P<m>{_D})\s*月(?:\s*(?P<d>{_D})\s*[日号])?")
_REL_DAY = re.compile(r"昨天|昨日|今天|今日|前天|明天|yesterday|today", re.IGNORECASE)
_DAY_SHIFT = {"昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "前天": -2, "明天": 1, "yesterday": -1, "today": 0}
_YEAR_WORD = re.compile(r"(?P<rel>今年|去年|前年|明年)(?![0-9一二三四五六七八九十]{1,3}\s*月)")
_YEAR_ONLY_CONTEXT = re.compile(r"于$|自$|从$|始于$")


def _valid(year: int, month: int | None, day: int | None) -> bool:
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def _value(year: int, month: int | None, day: int | None) -> tuple[str, str]:
    if day:
        return f"{year:04d}-{month:02d}-{day:02d}", "day"
    if month:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}", "year"


def find_dates(ctx: Context, sentence: Sentence, last_year: list[int]) -> None:
    """Add the date candidates of one sentence; ``last_year`` carries the year of the last full date.

    Examples
    --------
    >>> from kg.extract.candidates import read_sentence
    >>> found = read_sentence("去年10月，2023年5月，12月14日。", find_dates, [], date=dt.date(2025, 12, 15))
    >>> [(c.quote, c.fields["date"], c.fields["inferred"]) for c in found]
    [('2023年5月', '2023-05', False), ('去年10月', '2024-10', True), ('12月14日', '2025-12-14', True)]
    """
    taken: list[tuple[int, int]] = []
    for found in _FULL.finditer(ctx.norm, sentence.start, sentence.end):
        year = int(found.group("y") or found.group("iy"))
        month = parse_integer(found.group("m") or found.group("im") or "") if (found.group("m") or found.group("im")) else None
        day = parse_integer(found.group("d") or found.group("id") or "") if (found.group("d") or found.group("id")) else None
        if not _valid(year, month, day) or not 1000 <= year <= 2999:
            continue
        # a bare year is a date only after 于/在/自 (2014年 proposed), not 2025年榜单
        if month is None and not _YEAR_ONLY_CONTEXT.search(ctx.norm[max(sentence.start, found.start() - 3):found.start()]):
            continue
        value, precision = _value(year, month, day)
        ctx.add("date", found.start(), found.end(), sentence,
                {"date": value, "precision": precision, "inferred": False}, 0.95)
        taken.append(found.span())
        last_year[:] = [year]
    for found in _PARTIAL.finditer(ctx.norm, sentence.start, sentence.end):
        if any(found.start() < b and a < found.end() for a, b in taken):
            continue
        month = parse_integer(found.group("m"))
        day = parse_integer(found.group("d")) if found.group("d") else None
        rel = found.group("rel")
        if month is None or not 1 <= month <= 12 or (rel is None and day is None):
            continue  # 5月 alone is too weak without a year or a day
        year, source = _year_for(ctx, rel, last_year)
        fields = {"date": None, "precision": "day" if day else "month", "inferred": True, "year_from": source}
        if year is not None and _valid(year, month, day):
            fields["date"] = _value(year, month, day)[0]
        ctx.add("date", found.start(), found.end(), sentence, fields, 0.75 if fields["date"] else 0.35)
        taken.append(found.span())
    for found in _REL_DAY.finditer(ctx.norm, sentence.start, sentence.end):
        fields = {"date": None, "precision": "day", "inferred": True, "year_from": "--date"}
        if ctx.date is not None:
            fields["date"] = (ctx.date + dt.timedelta(days=_DAY_SHIFT[found.group(0).lower()])).isoformat()
        ctx.add("date", found.start(), found.end(), sentence, fields, 0.7 if fields["date"] else 0.3)
    for found in _YEAR_WORD.finditer(ctx.norm, sentence.start, sentence.end):
        if any(found.start() < b and a < found.end() for a, b in taken):
            continue
        fields = {"date": None, "precision": "year", "inferred": True, "year_from": "--date"}
        if ctx.date is not None:
            fields["date"] = f"{ctx.date.year + _REL_YEAR[found.group('rel')]:04d}"
        ctx.add("date", found.start(), found.end(), sentence, fields, 0.6 if fields["date"] else 0.3)


def _year_for(ctx: Context, rel: str | None, last_year: list[int]) -> tuple[int | None, str]:
    """The year of a partial date, and where it came from."""
    if rel in ("当年", "同年"):
        return (last_year[0], "text") if last_year else (None, "text")
    if rel:
        return (ctx.date.year + _REL_YEAR[rel], "--date") if ctx.date else (None, "--date")
    if ctx.date is not None:
        return ctx.date.year, "--date"
    if ctx.edition is not None:
        return ctx.edition, "edition"
    return None, "none"
