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
from collections.abc import Callable, Iterator

from kg.extract.candidates import KINDS, Candidate, Context
from kg.extract.dates import find_dates
from kg.extract.gazetteer import Gazetteer
from kg.extract.people import find_people
from kg.extract.quantities import find_quantities
from kg.extract.ranks import find_ranks
from kg.extract.sentences import iter_sentences, normalized
from kg.extract.subjects import propose_subjects

__all__ = ["edition_year", "extract", "iter_extract"]

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
    norm = normalized(text)
    ctx = Context(text, norm, gazetteer, date=date, publisher=publisher, lang=lang)
    ctx.edition = edition_year(text, title) or (date.year if date else None)
    indexes = gazetteer.find(title, kinds=("index",)) or gazetteer.find(text, 0, min(len(text), 20000),
                                                                         kinds=("index",))
    ctx.index = indexes[0] if indexes else None
    memory: dict = {}
    last_year: list[int] = []
    last = time.monotonic()
    order = {kind: at for at, kind in enumerate(KINDS)}
    found = 0
    previous_end = 0
    for number, sentence in enumerate(iter_sentences(text), 1):
        ctx.candidates = []  # a sentence's candidates lie inside it: the text's order is each sentence's
        find_dates(ctx, sentence, last_year)
        find_ranks(ctx, sentence)
        find_quantities(ctx, sentence)
        find_people(ctx, sentence, memory)
        propose_subjects(ctx, sentence, memory, new_paragraph="\n" in text[previous_end:sentence.start])
        previous_end = sentence.end
        found += len(ctx.candidates)
        yield from sorted(ctx.candidates, key=lambda c: (c.start, order.get(c.kind, 99), c.end))
        if progress and time.monotonic() - last >= 2:
            last = time.monotonic()
            progress(f"extracting … {sentence.end / len(text):.0%} of {len(text):,} characters "
                     f"({number:,} sentences, {found:,} candidates)")
