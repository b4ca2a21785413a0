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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from kg.errors import InnokgError
from kg.importing.tabular import guess_encoding

__all__ = ["BLOCK_CHARS", "SUFFIXES", "Document", "html_text", "iter_blocks", "read_document"]

#: The file kinds read, by suffix.
SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".pdf": "pdf"}
_CHUNK = 1 << 20
#: Characters of a block of a streamed text (:func:`iter_blocks`): blocks end at a paragraph break.
BLOCK_CHARS = 1 << 18
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
        Hex SHA-256 of the text in UTF-8 (what the provenance cites).
    name : str
        The file name.
    characters : int
        The text's length.
    path : Path or None
        Where a streamed text is read again block by block (``text`` is then ``""``).
    """

    text: str
    title: str
    kind: str
    encoding: str
    sha256: str
    name: str
    characters: int = 0
    path: Path | None = None

    def blocks(self) -> Iterator[str]:
        """The text in blocks: all of it at once, or read again from the file when streamed (:func:`iter_blocks`)."""
        if self.path is None:
            yield self.text
        else:
            yield from iter_blocks(self.path, self.encoding)


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


def _chunks(path: Path, data_size: int, encoding: str | None,
            progress: Callable[[str], None] | None) -> Iterator[str]:
    """Decode the file a megabyte at a time (progress lines every 2 s); refuse binary files and wrong encodings."""
    chosen = encoding or "utf-8"
    try:
        decoder = codecs.getincrementaldecoder(chosen)()
    except LookupError:
        raise InnokgError(f"{path}: unknown encoding {encoding!r}") from None
    done, last, first = 0, time.monotonic(), True
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            if b"\x00" in chunk:
                raise InnokgError(f"{path}: a binary file (it holds NUL bytes), not a text")
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as error:
                at = done + error.start
                hint = _encoding_hint(path) if encoding is None else ""
                raise InnokgError(f"{path}: not {chosen} at byte {at}{hint}") from None
            if first and text:
                text, first = text.removeprefix("\ufeff"), False
            yield text
            done += len(chunk)
            if progress and time.monotonic() - last >= 2:
                last = time.monotonic()
                progress(f"reading {path.name} … {done / data_size:.0%} of {data_size:,} bytes")
        try:
            yield decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InnokgError(f"{path}: not {chosen}: it ends inside a character") from None


def _decode(path: Path, data_size: int, encoding: str | None, progress: Callable[[str], None] | None) -> tuple[str, str]:
    """The whole text of the file, and the encoding it was read with."""
    return "".join(_chunks(path, data_size, encoding, progress)), encoding or "utf-8"


def _scan(path: Path, data_size: int, encoding: str | None,
          progress: Callable[[str], None] | None) -> tuple[str, int, str, bool]:
    """Read a text once without keeping it: its SHA-256, length, first line and whether it holds any text."""
    digest, characters, head, visible = hashlib.sha256(), 0, "", False
    for text in _chunks(path, data_size, encoding, progress):
        digest.update(text.encode("utf-8"))
        characters += len(text)
        if len(head) < 65536:
            head += text[: 65536 - len(head)]
        visible = visible or bool(text.strip())
    return digest.hexdigest(), characters, _first_line(head), visible


def iter_blocks(path: str | os.PathLike, encoding: str | None = None, block_chars: int = BLOCK_CHARS) -> Iterator[str]:
    """The text of a file in blocks of about ``block_chars`` characters, each ending at a paragraph break.

    A block ends after its last blank line (else line break, else a
    sentence's end), so no sentence is cut; joined, the blocks are the text.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = path.write_text("北京第3。\\n\\n上海第10。\\n\\n深圳第7。", encoding="utf-8")
    >>> list(iter_blocks(path, block_chars=10))
    ['北京第3。\\n\\n', '上海第10。\\n\\n', '深圳第7。']
    """
    path = Path(path)
    buffer = ""
    for text in _chunks(path, path.stat().st_size, encoding, None):
        buffer += text
        while len(buffer) >= block_chars:
            cut = _block_end(buffer, block_chars)
            yield buffer[:cut]
            buffer = buffer[cut:]
    if buffer:
        yield buffer


def _block_end(buffer: str, block_chars: int) -> int:
    """Where a block of ``buffer`` ends: after its last blank line, else line break, else sentence end."""
    for mark in ("\n\n", "\n", "。", "！", "？", "；", ". "):
        at = buffer.rfind(mark, 0, block_chars - len(mark) + 1)
        if at > 0:
            return at + len(mark)
    return block_chars


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
                  progress: Callable[[str], None] | None = None, stream: bool = False) -> Document:
    """Read a text file (``.txt``, ``.md``, ``.html``, ``.pdf``; other suffixes as plain text).

    Parameters
    ----------
    path : str or os.PathLike
    encoding : str, optional
        The text's encoding (default UTF-8; ``gbk`` for GBK texts).
    progress : callable, optional
        Hears a line at least every 2 s while a big file is read.
    stream : bool, optional
        Keep no text in memory for a plain or Markdown file: read it once for
        its digest, length and title, then again block by block
        (:meth:`Document.blocks`); HTML and PDF are read whole anyway.

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
    elif stream and kind in ("text", "markdown"):
        digest, characters, title, visible = _scan(path, size, encoding, progress)
        if not visible:
            raise InnokgError(f"{path}: no text to read")
        return Document("", title, kind, encoding or "utf-8", digest, path.name, characters, path)
    else:
        raw, used = _decode(path, size, encoding, progress)
        if kind == "html":
            text, title = html_text(raw)
        else:
            text, title = raw, _first_line(raw)
    if not text.strip():
        raise InnokgError(f"{path}: no text to read")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(text, title or _first_line(text), kind, used, digest, path.name, len(text))


def _first_line(text: str) -> str:
    """The first non-empty line, without Markdown heading marks, 200 characters at most."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return html.unescape(line)[:200]
    return ""
