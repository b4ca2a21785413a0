"""Numbers as Chinese texts write them: Arabic and full-width digits, Chinese numerals, 万 and 亿.

:func:`parse_number` reads one number (``39亿`` → 3 900 000 000, ``一百四十二``
→ 142, ``３０万`` → 300 000); :data:`NUMBER` is the regular expression that
finds such numbers in a text.
"""

from __future__ import annotations

import re

__all__ = ["CN_DIGITS", "NUMBER", "parse_integer", "parse_number", "to_halfwidth"]

#: Chinese digits and their values (两 counts like 二; 〇 and 零 are zero).
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

_CN = "零〇一二两三四五六七八九十百千"
#: One number: Arabic (half- or full-width, with decimals or thousands separators) or Chinese numerals,
#: optionally scaled by 万 or 亿 (or 万亿).
NUMBER = re.compile(
    rf"(?:[0-9０-９]+(?:[.,，．][0-9０-９]+)*|[{_CN}]+)(?:万亿|亿|万)?"
)


def to_halfwidth(text: str) -> str:
    """Full-width digits, point and comma as ASCII.

    >>> to_halfwidth("３９．５")
    '39.5'
    """
    return text.translate(_FULLWIDTH)


def _chinese_below_10000(text: str) -> int:
    """A Chinese numeral without 万 or 亿 (``一百四十二``, ``二十``, ``十五``, ``三〇五``)."""
    if all(ch in CN_DIGITS for ch in text):  # digit by digit: 二〇二五
        value = 0
        for ch in text:
            value = value * 10 + CN_DIGITS[ch]
        return value
    total, digit = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in _SMALL_UNITS:
            total += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def parse_number(text: str) -> float | int:
    """Read one number: ``754``, ``３０``, ``二十``, ``一百四十二``, ``39亿``, ``30万``, ``1.5万亿``, ``2,000``.

    Returns an int when the value is whole.

    Raises
    ------
    ValueError
        When ``text`` is not a number.

    Examples
    --------
    >>> [parse_number(t) for t in ("二十", "一百四十二", "39亿", "30万", "３０", "十五", "两", "1.5万", "2,000")]
    [20, 142, 3900000000, 300000, 30, 15, 2, 15000, 2000]
    """
    text = to_halfwidth(text.strip())
    if text and all(ch in CN_DIGITS or ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in text):
        if text[0] in _BIG_UNITS:
            raise ValueError(f"not a number: {text!r}")
        return _chinese(text)
    scale = 1
    for suffix, factor in (("万亿", 10 ** 12), ("亿", 10 ** 8), ("万", 10 ** 4)):
        if text.endswith(suffix) and len(text) > len(suffix):
            text, scale = text[: -len(suffix)], factor
            break
    if re.fullmatch(r"[0-9]+(?:,[0-9]{3})+", text):
        text = text.replace(",", "")
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text):
        value = float(text) * scale if "." in text else int(text) * scale
    elif text and all(ch in CN_DIGITS or ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in text):
        value = _chinese(text) * scale
    else:
        raise ValueError(f"not a number: {text!r}")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _chinese(text: str) -> int:
    """A Chinese numeral that may hold 万 and 亿 inside (``三亿五千万``)."""
    total = 0
    for unit, factor in (("亿", 10 ** 8), ("万", 10 ** 4)):
        if unit in text:
            head, text = text.split(unit, 1)
            total += (_chinese(head) if head else 1) * factor
    return total + (_chinese_below_10000(text) if text else 0)


def parse_integer(text: str) -> int | None:
    """An integer, or None when ``text`` is not a whole number.

    >>> parse_integer("三十"), parse_integer("第三"), parse_integer("1.5")
    (30, None, None)
    """
    try:
        value = parse_number(text)
    except ValueError:
        return None
    return value if isinstance(value, int) else None
