"""Synthetic bilingual names: readable, unique per kind, deterministic.

A name is two or more syllables, each a pinyin spelling with its character
(``an``/安, ``ning``/宁 …). The first 3,600 names of a kind have two
syllables, the next 216,000 three, and so on; within a length the ``n``-th
name is ``n`` scrambled by a bijection and written in base
:data:`SYLLABLE_COUNT`, so different numbers always give different names and
neighbours do not look alike.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Name", "SYLLABLE_COUNT", "synthetic_name"]

_SYLLABLES = (
    ("an", "安"), ("bai", "柏"), ("bin", "滨"), ("chang", "昌"), ("chen", "辰"), ("chun", "春"),
    ("dai", "岱"), ("dong", "东"), ("fan", "帆"), ("feng", "丰"), ("fu", "福"), ("gao", "高"),
    ("guang", "光"), ("hai", "海"), ("han", "瀚"), ("he", "和"), ("heng", "恒"), ("hong", "鸿"),
    ("hua", "华"), ("jia", "嘉"), ("jin", "锦"), ("jing", "景"), ("kai", "凯"), ("lan", "岚"),
    ("li", "立"), ("lin", "林"), ("long", "龙"), ("lu", "鹭"), ("ming", "明"), ("mu", "沐"),
    ("nan", "楠"), ("ning", "宁"), ("pei", "沛"), ("ping", "平"), ("qi", "启"), ("qing", "青"),
    ("rui", "瑞"), ("run", "润"), ("shan", "杉"), ("sheng", "晟"), ("shu", "曙"), ("tai", "泰"),
    ("tao", "涛"), ("tian", "天"), ("wei", "蔚"), ("wen", "文"), ("xi", "溪"), ("xin", "信"),
    ("xing", "星"), ("xu", "旭"), ("yang", "扬"), ("yi", "怡"), ("yong", "永"), ("yu", "宇"),
    ("yuan", "源"), ("yue", "悦"), ("ze", "泽"), ("zhao", "昭"), ("zhi", "智"), ("zhuo", "卓"),
)
#: How many syllables names are made of.
SYLLABLE_COUNT = len(_SYLLABLES)
_MULTIPLIER = 7_919 * 104_729  # coprime with every tier's size: a bijection in each tier


class Name(NamedTuple):
    """A synthetic name in three forms."""

    zh: str  #: in characters, e.g. ``安宁``
    en: str  #: capitalised pinyin, e.g. ``Anning``
    key: str  #: lower-case pinyin syllables joined by hyphens, e.g. ``an-ning``


def synthetic_name(number: int, kind: int = 0) -> Name:
    """Return the ``number``-th name of a kind of thing.

    Parameters
    ----------
    number : int
        0 or more; names of one kind are all different.
    kind : int, optional
        Shifts the order so that, say, cities and firms do not share names.

    Examples
    --------
    >>> synthetic_name(0)
    Name(zh='泰恒', en='Taiheng', key='tai-heng')
    >>> synthetic_name(4000).key
    'jing-tian-lan'
    >>> len({synthetic_name(n).key for n in range(5000)})
    5000
    """
    length, first = 2, 0
    while number >= first + SYLLABLE_COUNT ** length and length < 8:
        first += SYLLABLE_COUNT ** length
        length += 1
    size = SYLLABLE_COUNT ** length
    value = ((number - first) * _MULTIPLIER + kind * 7_477 + 1_001) % size
    digits = []
    for _ in range(length):
        value, digit = divmod(value, SYLLABLE_COUNT)
        digits.append(digit)
    parts = [_SYLLABLES[digit] for digit in digits]
    pinyin = "".join(part[0] for part in parts)
    return Name("".join(part[1] for part in parts), pinyin.capitalize(), "-".join(part[0] for part in parts))
