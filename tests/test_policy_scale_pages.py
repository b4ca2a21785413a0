"""The big-store coverage page speaks the page's language, with the small page's words (issue 17)."""

import re

import pytest

from kg.build import build_memory
from kg.web.policy_scale import big_coverage_page


@pytest.fixture(scope="module")
def store():
    return build_memory()


def _cells(html: str, tag: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S)]


def test_chinese_big_coverage_page_has_chinese_headers_and_words(store):
    html = big_coverage_page(store, "环上大科技园", lang="zh")
    assert _cells(html, "th")[:8] == ["地点", "类别", "顺序", "阶段", "是否覆盖", "主体数", "工具数", "例如"]
    cells = _cells(html, "td")
    assert cells[:5] == ["环上大科技园", "科技园", "1", "概念验证", "是"]
    assert "（未说明）" in cells
    for english in ("MISSING", "(not stated)", "yes", "missing", "covering"):
        assert english not in html


def test_english_big_coverage_page_keeps_english_words(store):
    html = big_coverage_page(store, "环上大科技园", lang="en")
    assert _cells(html, "th")[:8] == ["place", "kind", "order", "stage", "covered", "actors", "instruments",
                                      "for example"]
    assert _cells(html, "td")[:5] == ["Huanshangda Science Park", "park", "1", "proof of concept", "yes"]
    assert "(not stated)" in _cells(html, "td")
