"""Split a text into sentences with their offsets, and clauses within a sentence.

A sentence ends at 。！？；(and ``. ! ?`` followed by a space in English), or at
a line break after such a mark, a heading line (``#``), or a blank line after
a line without punctuation (a title, a caption); a line break in the middle of a sentence (newspaper
columns, PDF lines) does not end it. :func:`normalized` gives a copy of the
text of the same length with full-width ASCII forms made half-width, so
patterns match both and offsets stay those of the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Sentence", "clauses", "iter_sentences", "normalized", "split_sentences"]

_FULL = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULL[0x3000] = 0x20
_END = "。！？!?；;"
_CLOSERS = "”’\"'）)】]」』"


def normalized(text: str) -> str:
    """The text with full-width ASCII forms (``０-９``, ``，``, ``（``) as ASCII; same length.

    >>> normalized("第３０名（全球）")
    '第30名(全球)'
    """
    return text.translate(_FULL)


@dataclass(frozen=True)
class Sentence:
    """``text[start:end]`` is one sentence."""

    start: int
    end: int
    text: str


def _breaks_at_newline(text: str, at: int, line_start: int) -> bool:
    """Does the run of line breaks at ``at`` end a sentence?"""
    before = text[line_start:at].rstrip()
    if not before:
        return True
    if before[-1] in _END + "：:" + _CLOSERS or before.lstrip().startswith(("#", "-", "*", "[", "■")):
        return True
    window = text[at:at + 400]  # never copy the rest of a long text
    after = window.lstrip()
    if after.startswith(("#", "- ", "* ", "[", "■")):
        return True
    blank = window[:len(window) - len(after)].count("\n") >= 2
    # a title or caption: a line without punctuation before a blank line (not a number the next line goes on with)
    return blank and not re.search(r"[，,。；;！？!?、]", before) and not before[-1].isdigit()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """The sentences of ``text[start:end]``, stripped of surrounding white space (:func:`iter_sentences` as a list).

    Examples
    --------
    >>> [s.text for s in split_sentences("# 标题\\n\\n北京位列第3，上海第10。深圳\\n第7！Done. Next")]
    ['# 标题', '北京位列第3，上海第10。', '深圳\\n第7！', 'Done.', 'Next']
    >>> s = split_sentences("甲。 乙。")[1]
    >>> (s.start, s.end, s.text)
    (3, 5, '乙。')
    """
    return list(iter_sentences(text, start, end))


def iter_sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[Sentence]:
    """Yield the sentences of ``text[start:end]`` one by one (see :func:`split_sentences`)."""
    end = len(text) if end is None else end
    begin = start
    line_start = start
    at = start

    def close(stop: int) -> Sentence | None:
        nonlocal begin
        chunk = text[begin:stop]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        begin = stop
        if right > left:
            return Sentence(stop - len(chunk) + left, stop - len(chunk) + right, chunk[left:right])
        return None

    while at < end:
        ch = text[at]
        if ch in _END or (ch == "." and (at + 1 >= end or text[at + 1] in " \n") and not _abbreviation(text, at)):
            stop = at + 1
            while stop < end and text[stop] in _CLOSERS:
                stop += 1
            if (sentence := close(stop)) is not None:
                yield sentence
            at = stop
            continue
        if ch == "\n":
            stop = at
            while stop < end and text[stop] in "\n\r \t":
                stop += 1
            if _breaks_at_newline(text, at, line_start) and (sentence := close(at)) is not None:
                yield sentence
            line_start = stop
            at = stop
            continue
        at += 1
    if (sentence := close(end)) is not None:
        yield sentence


def _abbreviation(text: str, at: int) -> bool:
    """``No.``, ``Co.``, ``Ltd.``, ``e.g.`` and single capitals do not end an English sentence."""
    word = re.search(r"(\w+)$", text[max(0, at - 6):at])
    return bool(word and (word.group(1) in {"No", "Co", "Ltd", "Inc", "Dr", "Mr", "Ms", "Prof", "St", "vs", "eg", "g"}
                          or (len(word.group(1)) == 1 and word.group(1).isupper())))


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of ``text[start:end]``: split at commas and semicolons outside brackets.

    >>> t = "北京第3，上海(全球第18，升)第10；深圳"
    >>> [t[a:b] for a, b in clauses(t, 0, len(t))]
    ['北京第3', '上海(全球第18，升)第10', '深圳']
    """
    spans, depth, begin = [], 0, start
    for at in range(start, end):
        ch = text[at]
        if ch in "(（[【":
            depth += 1
        elif ch in ")）]】":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "，,；;：:":
            spans.append((begin, at))
            begin = at + 1
    spans.append((begin, end))
    return [(a, b) for a, b in spans if b > a]
