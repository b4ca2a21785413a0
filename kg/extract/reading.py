"""Read a text to extract facts from: plain text, Markdown, HTML (tags stripped) or PDF.

Offsets of every candidate count characters of :attr:`Document.text`: the
text a reader sees (for HTML, without tags and with entities decoded; for
Markdown, the file as written; for PDF, the text of its pages joined by
blank lines). Bad input is one :class:`kg.errors.InnokgError` line: an
empty file, a binary file, a text that is not UTF-8 (when it reads as GBK
the message says so and names ``--encoding gbk``).
"""

from __future__ import annotations

import codecs
import hashlib
import html
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import InnokgError
from kg.importing.tabular import guess_encoding

__all__ = ["SUFFIXES", "Document", "html_text", "read_document"]

#: The file kinds read, by suffix.
SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".pdf": "pdf"}
_CHUNK = 1 << 20
#: Bytes of a text that is not UTF-8 read to name its encoding.
_GUESS_BYTES = 4 << 20


@dataclass(frozen=True)
class Document:
    """A text read from a file.

    Attributes
    ----------
    text : str
        What a reader sees; candidate offsets count its characters.
    title : str
        The first heading (HTML ``<title>``/``<h1>``, Markdown ``#``) or first line.
    kind : str
        ``text``, ``markdown``, ``html`` or ``pdf``.
    encoding : str
        How the bytes were decoded.
    sha256 : str
        Hex SHA-256 of :attr:`text` in UTF-8 (what the provenance cites).
    name : str
        The file name.
    """

    text: str
    title: str
    kind: str
    encoding: str
    sha256: str
    name: str


class _Visible(HTMLParser):
    """Collect the text a browser shows: no tags, scripts or styles; block elements end lines."""

    _BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title",
               "header", "footer", "ul", "ol", "table", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self.heading: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "noscript"):
            self.skip += 1
        elif tag in self._BLOCKS:
            self._newline()
        if tag in ("title", "h1") and self._in is None:
            self._in = tag

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "noscript"):
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCKS:
            self._newline()
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self.skip:
            return
        if self._in == "title":
            self.title.append(data)
            return  # the <title> is the page's name, not its text
        if self._in == "h1":
            self.heading.append(data)
        self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))

    def _newline(self):
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")


def html_text(markup: str) -> tuple[str, str]:
    """The visible text of an HTML page and its title.

    Examples
    --------
    >>> html_text("<html><head><title>T</title><script>x()</script></head>"
    ...           "<body><h1>北京</h1><p>位列<b>第3</b> &amp; 上海</p></body></html>")
    ('北京\\n位列第3 & 上海', 'T')
    """
    parser = _Visible()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).split("\n")]
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title).split()) or " ".join("".join(parser.heading).split())
    return text, title


def _decode(path: Path, data_size: int, encoding: str | None, progress: Callable[[str], None] | None) -> tuple[str, str]:
    """Decode the file in chunks (progress lines every 2 s); refuse binary files and wrong encodings."""
    chosen = encoding or "utf-8"
    try:
        decoder = codecs.getincrementaldecoder(chosen)()
    except LookupError:
        raise InnokgError(f"{path}: unknown encoding {encoding!r}") from None
    parts: list[str] = []
    done, last = 0, time.monotonic()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            if b"\x00" in chunk:
                raise InnokgError(f"{path}: a binary file (it holds NUL bytes), not a text")
            try:
                parts.append(decoder.decode(chunk))
            except UnicodeDecodeError as error:
                at = done + error.start
                hint = _encoding_hint(path) if encoding is None else ""
                raise InnokgError(f"{path}: not {chosen} at byte {at}{hint}") from None
            done += len(chunk)
            if progress and time.monotonic() - last >= 2:
                last = time.monotonic()
                progress(f"reading {path.name} … {done / data_size:.0%} of {data_size:,} bytes")
        try:
            parts.append(decoder.decode(b"", final=True))
        except UnicodeDecodeError:
            raise InnokgError(f"{path}: not {chosen}: it ends inside a character") from None
    return "".join(parts).removeprefix("\ufeff"), chosen


def _encoding_hint(path: Path) -> str:
    """Say ``it reads as GBK/GB18030`` when the file's first megabytes decode so (:func:`guess_encoding`)."""
    with path.open("rb") as stream:
        data = stream.read(_GUESS_BYTES)
    if len(data) == _GUESS_BYTES:  # cut at a line break: never inside a character
        data = data[: data.rfind(b"\n") + 1] or data
    guess = guess_encoding(data)
    if guess is None:
        return ": pass --encoding NAME"
    return f": it reads as {guess[1]}; pass --encoding {'gbk' if guess[0] == 'gb18030' else guess[0]}"


def _pdf_text(path: Path, progress: Callable[[str], None] | None) -> tuple[str, str]:
    """The text of a PDF's pages (pypdf), joined by blank lines, and its title."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        pages, last = [], time.monotonic()
        for number, page in enumerate(reader.pages, 1):
            pages.append((page.extract_text() or "").strip())
            if progress and time.monotonic() - last >= 2:
                last = time.monotonic()
                progress(f"reading {path.name} … page {number} of {len(reader.pages)}")
        title = str((reader.metadata or {}).get("/Title") or "")
    except (PdfReadError, ValueError, KeyError) as error:
        raise InnokgError(f"{path}: not a readable PDF ({error})") from None
    return "\n\n".join(page for page in pages if page), title


def read_document(path: str | os.PathLike, *, encoding: str | None = None,
                  progress: Callable[[str], None] | None = None) -> Document:
    """Read a text file (``.txt``, ``.md``, ``.html``, ``.pdf``; other suffixes as plain text).

    Parameters
    ----------
    path : str or os.PathLike
    encoding : str, optional
        The text's encoding (default UTF-8; ``gbk`` for GBK texts).
    progress : callable, optional
        Hears a line at least every 2 s while a big file is read.

    Raises
    ------
    InnokgError
        One line: missing, empty, binary, wrongly encoded or unreadable.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.md").write_text("# 标题\\n\\n北京位列第3。", encoding="utf-8")
    >>> doc = read_document(folder / "a.md")
    >>> doc.title, doc.kind, doc.text[doc.text.index("第3"):][:2]
    ('标题', 'markdown', '第3')
    >>> _ = (folder / "g.txt").write_bytes("北京位列第三。".encode("gbk"))
    >>> read_document(folder / "g.txt")
    Traceback (most recent call last):
    kg.errors.InnokgError: ...g.txt: not utf-8 at byte 0: it reads as GBK/GB18030 (Chinese Windows); pass --encoding gbk
    >>> read_document(folder / "g.txt", encoding="gbk").text
    '北京位列第三。'
    """
    path = Path(path)
    if not path.is_file():
        raise InnokgError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise InnokgError(f"{path}: the file is empty")
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    if kind == "pdf":
        with path.open("rb") as stream:
            if stream.read(5) != b"%PDF-":
                raise InnokgError(f"{path}: not a PDF (it does not start with %PDF-)")
        text, title = _pdf_text(path, progress)
        used = "pdf"
    else:
        raw, used = _decode(path, size, encoding, progress)
        if kind == "html":
            text, title = html_text(raw)
        else:
            text, title = raw, _first_line(raw)
    if not text.strip():
        raise InnokgError(f"{path}: no text to read")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(text, title or _first_line(text), kind, used, digest, path.name)


def _first_line(text: str) -> str:
    """The first non-empty line, without Markdown heading marks, 200 characters at most."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return html.unescape(line)[:200]
    return ""
