"""The text a reader sees in an HTML page, whole (:func:`html_text`) or piece by piece (:func:`visible_pieces`).

The page is parsed with the standard library's incremental parser
(:class:`html.parser.HTMLParser`), fed a chunk at a time, so a page of any
size is read with flat memory. The visible text drops tags, comments,
scripts, styles, templates and ``noscript``; decodes entities; writes each
run of spaces, tabs and line breaks inside an element's text as one space;
ends a line at each block element (:data:`BLOCKS`); and keeps the lines
that hold anything, stripped, joined by one line break. How the page is cut
into chunks changes nothing: text the parser hands over in several pieces
between two tags is one run (:meth:`_Visible.handle_data`). Line breaks of
the visible text are only ever block boundaries, where
:func:`kg.extract.reading.iter_html_blocks` may cut it into blocks.

Examples
--------
>>> html_text("<h1>北京</h1><p>位列<b>第3</b>&nbsp;&amp; 上海</p>")
('北京\\n位列第3\\xa0& 上海', '北京')
>>> "".join(visible_pieces(["<p>位列第", "3</p><p>上", "海</p>"], _Visible()))
'位列第3\\n上海'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

__all__ = ["BLOCKS", "html_text", "visible_pieces"]

#: Elements that begin and end a line of the visible text.
BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title",
                    "header", "footer", "ul", "ol", "table", "blockquote"})
_HIDDEN = ("script", "style", "template", "noscript")
_SPACES = re.compile(r"[ \t\r\n]+")
#: Characters of ``<title>`` (and of ``<h1>``, the title when there is none) kept: a page of a million headings
#: needs no million-character title.
_TITLE_CHARS = 4096


class _Visible(HTMLParser):
    """Collect the text a browser shows, as it comes: :meth:`take` hands over what is ready."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.title: list[str] = []
        self.heading: list[str] = []
        self._in: str | None = None
        self._data: list[str] = []  # text since the last tag, comment or declaration
        self._out: list[str] = []  # visible text ready to hand over
        self._line = False  # the current line has shown something
        self._space = ""  # white space at the end of the current line: shown only if more text follows on the line
        self._shown = False  # anything shown at all (the next line begins with a line break)

    def take(self) -> str:
        """The visible text ready since the last call."""
        ready, self._out = "".join(self._out), []
        return ready

    def page_title(self) -> str:
        """The ``<title>``, else the ``<h1>`` headings, spaces collapsed."""
        return " ".join("".join(self.title).split()) or " ".join("".join(self.heading).split())

    def handle_data(self, data):
        self._data.append(data)  # the parser may hand a run of text over in pieces: one run, written at the next tag

    def handle_starttag(self, tag, attrs):
        self._flush()
        if tag in _HIDDEN:
            self.skip += 1
        elif tag in BLOCKS:
            self._end_line()
        if tag in ("title", "h1") and self._in is None:
            self._in = tag

    def handle_endtag(self, tag):
        self._flush()
        if tag in _HIDDEN:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCKS:
            self._end_line()
        if tag == self._in:
            self._in = None

    def handle_comment(self, data):
        self._flush()

    def parse_endtag(self, i):
        if self.rawdata.startswith("</>", i):
            self._flush()  # the parser drops ``</>`` without a word: the text before it is a run of its own
        return super().parse_endtag(i)

    def handle_decl(self, decl):
        self._flush()

    def handle_pi(self, data):
        self._flush()

    def unknown_decl(self, data):
        self._flush()

    def close(self):
        super().close()
        self._flush()

    def _flush(self):
        """Write the run of text since the last event."""
        if not self._data:
            return
        data, self._data = "".join(self._data), []
        if self.skip:
            return
        if self._in == "title":
            _keep(self.title, data)
            return  # the <title> is the page's name, not its text
        if self._in == "h1":
            _keep(self.heading, data)
        self._write(_SPACES.sub(" ", data))

    def _write(self, text: str):
        """Add ``text`` to the current line: a line shows from its first to its last non-space character."""
        if not self._line:
            text = text.lstrip()
            if not text:
                return
            if self._shown:
                self._out.append("\n")
            self._line = self._shown = True
        text = self._space + text
        shown = text.rstrip()
        self._space = text[len(shown):]
        if shown:
            self._out.append(shown)

    def _end_line(self):
        self._line, self._space = False, ""


def _keep(parts: list[str], data: str) -> None:
    """Add ``data`` to ``parts`` up to :data:`_TITLE_CHARS` characters in all."""
    room = _TITLE_CHARS - sum(map(len, parts))
    if room > 0:
        parts.append(data[:room])


def visible_pieces(chunks: Iterable[str], parser: _Visible) -> Iterator[str]:
    """Feed ``parser`` the page chunk by chunk; yield the visible text as it is ready (joined: the page's text).

    ``parser.page_title()`` is the page's title once every piece is read.
    """
    for chunk in chunks:
        parser.feed(chunk)
        if ready := parser.take():
            yield ready
    parser.close()
    if ready := parser.take():
        yield ready


def html_text(markup: str) -> tuple[str, str]:
    """The visible text of an HTML page and its title.

    Examples
    --------
    >>> html_text("<html><head><title>T</title><script>x()</script></head>"
    ...           "<body><h1>北京</h1><p>位列<b>第3</b> &amp; 上海</p></body></html>")
    ('北京\\n位列第3 & 上海', 'T')
    """
    parser = _Visible()
    text = "".join(visible_pieces([markup], parser))
    return text, parser.page_title()
