"""Extract candidate facts from a text: sentence by sentence, every pattern, in one pass.

:func:`extract` is the entry point: it finds the edition and index the
text reports, splits the text into sentences and runs the patterns of
:mod:`kg.extract.dates`, :mod:`kg.extract.ranks`,
:mod:`kg.extract.quantities` and :mod:`kg.extract.people` on each, in that
order (a number that is a date or a rank is not counted again), then
gives counts and amounts their subject and indicator
(:mod:`kg.extract.subjects`).

Examples
--------
>>> from kg.extract.gazetteer import Gazetteer
>>> gazetteer = Gazetteer.from_labels([("https://w3id.org/innokg/id/city/beijing", "北京")])
>>> found = extract("北京首次跃居全球第3。", gazetteer)
>>> [(c.kind, c.quote, c.fields["place"], c.fields["rank"], c.fields["trend"]) for c in found]
[('rank', '首次跃居全球第3', '北京', 3, 'rose')]
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from kg.extract.candidates import CONTEXT_CHARS, KINDS, Candidate, Context
from kg.extract.dates import find_dates
from kg.extract.gazetteer import Gazetteer
from kg.extract.people import find_people
from kg.extract.quantities import find_quantities
from kg.extract.ranks import find_ranks
from kg.extract.sentences import iter_sentences, normalized
from kg.extract.subjects import propose_subjects

__all__ = ["edition_year", "extract", "iter_extract", "iter_extract_blocks"]

#: Characters of a long text (a streamed file's first block holds about as many).
_LONG = 1 << 18

_EDITION = re.compile(r"[(（]\s*((?:19|20)[0-9]{2})\s*[)）]|((?:19|20)[0-9]{2})\s*年版|((?:19|20)[0-9]{2})\s*(?=[A-Z]{2,}[0-9]*)"
                      r"|((?:19|20)[0-9]{2})\s*年(?:度)?(?:全球|世界)?[^。，,]{0,12}?(?:榜单|排名|报告|指数|100强|百强|前[0-9]+强)")


def edition_year(text: str, title: str = "") -> int | None:
    """The edition year a text reports: ``(2025)`` or ``2024年版`` in its title, else the first in the text.

    >>> edition_year("正文", "《全球科技创新中心100强(2025)》发布"), edition_year("见2024年版榜单"), edition_year("无")
    (2025, 2024, None)
    """
    for where in (title, text[:20000]):
        found = _EDITION.search(normalized(where))
        if found:
            return int(next(group for group in found.groups() if group))
    return None


def extract(text: str, gazetteer: Gazetteer, *, date: dt.date | None = None, title: str = "",
            publisher: str = "", lang: str = "zh", progress: Callable[[str], None] | None = None) -> list[Candidate]:
    """Find the candidate facts of a text.

    Parameters
    ----------
    text : str
        The text a reader sees; offsets count its characters.
    gazetteer : Gazetteer
        The graph's names (:meth:`Gazetteer.from_store`).
    date : datetime.date, optional
        When the text was published (``--date``): the year of partial dates,
        the day relative dates count from, and the edition when the text names none.
    title : str, optional
        The text's title (the edition is looked for there first).
    publisher : str, optional
        Who ``本报`` is.
    lang : str, optional
        ``zh`` (default) or ``en``: English patterns run on every sentence with Latin words anyway.
    progress : callable, optional
        Hears a line at least every 2 s on long texts.

    Returns
    -------
    list of Candidate
        In the order of the text (by start, then kind).
    """
    return list(iter_extract(text, gazetteer, date=date, title=title, publisher=publisher, lang=lang,
                             progress=progress))


def iter_extract(text: str, gazetteer: Gazetteer, *, date: dt.date | None = None, title: str = "",
                 publisher: str = "", lang: str = "zh",
                 progress: Callable[[str], None] | None = None) -> Iterator[Candidate]:
    """Yield the candidates of :func:`extract` sentence by sentence, keeping none (for long texts)."""
    return iter_extract_blocks([text], gazetteer, date=date, title=title, publisher=publisher, lang=lang,
                               progress=progress, characters=len(text))


def iter_extract_blocks(blocks: Iterable[str], gazetteer: Gazetteer, *, date: dt.date | None = None,
                        title: str = "", publisher: str = "", lang: str = "zh",
                        progress: Callable[[str], None] | None = None,
                        characters: int | None = None) -> Iterator[Candidate]:
    """Yield the candidates of a text given in blocks that end at paragraph breaks (a streamed file).

    Offsets count characters of the whole text (the blocks joined); only one
    block is held at a time, so memory stays flat however long the text is
    (:meth:`kg.extract.reading.Document.blocks`). What earlier sentences
    named (organizations 园区 stands for, the last year) carries over from
    block to block. The edition and index come from the title or the first
    block. ``characters`` (the whole length) makes the progress lines say how
    far the reading is.

    >>> from kg.extract.gazetteer import Gazetteer
    >>> found = iter_extract_blocks(["北京第3。\\n\\n", "上海位列第10。"], Gazetteer.from_labels([]))
    >>> [(c.kind, c.quote, c.start) for c in found]
    [('rank', '位列第10', 9)]
    """
    memory: dict = {}
    last_year: list[int] = []
    # on a long text the first line comes after half a second: the reading before it may have been silent since 1.5 s
    last = time.monotonic() - (1.0 if (characters or 0) > _LONG else 0.0)
    order = {kind: at for at, kind in enumerate(KINDS)}
    found = number = base = 0
    edition = index = None
    before = ""
    for position, (text, following) in enumerate(_with_next(blocks)):
        norm = normalized(text)
        ctx = Context(text, norm, gazetteer, date=date, publisher=publisher, lang=lang,
                      before=before, after=following[:CONTEXT_CHARS])
        if position == 0:
            edition = edition_year(text, title) or (date.year if date else None)
            indexes = gazetteer.find(title, kinds=("index",)) or gazetteer.find(text, 0, min(len(text), 20000),
                                                                                 kinds=("index",))
            index = indexes[0] if indexes else None
        ctx.edition, ctx.index = edition, index
        previous_end = 0
        for sentence in iter_sentences(text):
            number += 1
            ctx.candidates = []  # a sentence's candidates lie inside it: the text's order is each sentence's
            find_dates(ctx, sentence, last_year)
            find_ranks(ctx, sentence)
            find_quantities(ctx, sentence)
            find_people(ctx, sentence, memory)
            propose_subjects(ctx, sentence, memory,
                             new_paragraph="\n" in text[previous_end:sentence.start] or (base and not previous_end))
            previous_end = sentence.end
            found += len(ctx.candidates)
            for candidate in sorted(ctx.candidates, key=lambda c: (c.start, order.get(c.kind, 99), c.end)):
                candidate.start += base
                candidate.end += base
                yield candidate
            if progress and time.monotonic() - last >= 1.5:  # a line at least every 2 s, with the writing between
                last = time.monotonic()
                whole = characters or base + len(text)
                progress(f"extracting … {(base + sentence.end) / max(1, whole):.0%} of {whole:,} characters "
                         f"({number:,} sentences, {found:,} candidates)")
        _shift(memory, -len(text))
        base += len(text)
        before = (before + text[-CONTEXT_CHARS:])[-CONTEXT_CHARS:]


def _with_next(blocks: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Each block with the one after it (``""`` after the last)."""
    iterator = iter(blocks)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following or ""
        current = following


def _shift(memory: dict, by: int) -> None:
    """Move the offsets of the names earlier sentences left in ``memory`` to the next block's count."""
    for key in ("orgs", "people"):
        if key in memory:
            memory[key] = [replace(m, start=m.start + by, end=m.end + by) for m in memory[key]]
    if memory.get("topic") is not None:
        memory["topic"] = replace(memory["topic"], start=memory["topic"].start + by, end=memory["topic"].end + by)
