"""The sentences an entity's extracted facts come from, each cut around its quote (the entity page's section).

The saved query ``fact-quotes`` finds, for an entity, every fact imported
from an extracted text (the entity itself, a fact naming it, one of its
indicator values) with its Web Annotation: the sentence
(``ik:quotedSentence``), the exact quote and its prefix
(``oa:TextQuoteSelector``), the offsets (``oa:TextPositionSelector``).
:func:`fact_quotes` cuts each sentence into the words before the quote, the
quote and the words after, so the page can mark the quote (``<mark>``) with
everything escaped.

Examples
--------
>>> split_sentence("北京第3，上海第3。", "第3", "上海")
('北京第3，上海', '第3', '。')
>>> split_sentence("北京第3，上海第3。", "第3", "")
('北京', '第3', '，上海第3。')
"""

from __future__ import annotations

from kg.saved_query_results import run_saved_query_rows

__all__ = ["MAX_QUOTES", "fact_quotes", "split_sentence"]

#: Quotes an entity page lists at most.
MAX_QUOTES = 200


def split_sentence(sentence: str, quote: str, prefix: str = "") -> tuple[str, str, str]:
    """Cut ``sentence`` around the occurrence of ``quote`` that the text's ``prefix`` (the words before it) points at.

    The prefix is the text just before the quote, so the occurrence is the
    one with the most characters before it that end the prefix (the first
    of equals), and the whole sentence is left unmarked when the quote is not in it.
    """
    starts, at = [], sentence.find(quote) if quote else -1
    while at >= 0:
        starts.append(at)
        at = sentence.find(quote, at + 1)
    if not starts:
        return sentence, "", ""
    def agrees(start: int) -> int:  # how many characters before the quote agree with the prefix (-1: one does not)
        k = min(start, len(prefix))
        return k if sentence[start - k:start] == prefix[len(prefix) - k:] else -1

    chosen = max(starts, key=lambda start: (agrees(start), -start))
    return sentence[:chosen], quote, sentence[chosen + len(quote):]


def fact_quotes(store, iri: str) -> list[dict]:
    """The rows of ``fact-quotes`` for ``iri``, each with ``before``, ``quote``, ``after`` of its sentence.

    >>> from kg.build import build_memory
    >>> fact_quotes(build_memory(), "https://w3id.org/innokg/id/city/wuhan")
    []
    """
    answer = run_saved_query_rows(store, "fact-quotes", {"entity": iri}, max_rows=MAX_QUOTES)
    rows = []
    for row in answer["rows"]:
        before, quote, after = split_sentence(row["sentence"], row["exact"], row.get("prefix") or "")
        rows.append({**row, "before": before, "quote": quote, "after": after})
    return rows
