"""Read a text to extract facts from: plain text, Markdown, HTML (tags stripped) or PDF.

Offsets of every candidate count characters of :attr:`Document.text`: the
text a reader sees (for HTML, without tags and with entities decoded; for
Markdown, the file as written; for PDF, the text of its pages joined by
blank lines). Bad input is one :class:`kg.errors.InnokgError` line: an
empty file, a binary file, a text that is not UTF-8 (when it reads as GBK
the message says so and names ``--encoding gbk``).

A long text is streamed (``read_document(path, stream=True)``): read once
for its digest, length and title, then again in blocks that each end a
sentence (:meth:`Document.blocks`), so memory stays flat whatever its size;
an HTML page goes through an incremental parser
(:mod:`kg.extract.html_text`), a PDF page by page. Joined, the blocks are
the text :func:`read_document` reads whole.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import os
import tempfile
import time
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InnokgError
from kg.extract.html_text import _Visible, html_text, visible_pieces
from kg.extract.sentences import _CLOSERS, _END, _abbreviation
from kg.importing.tabular import guess_encoding

__all__ = ["BLOCK_CHARS", "SUFFIXES", "Document", "html_text", "iter_blocks", "iter_html_blocks", "read_document"]

#: The file kinds read, by suffix.
SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".pdf": "pdf"}
_CHUNK = 1 << 20
#: Bytes of an HTML page parsed at a time: a quarter of a second's parsing at most, between progress lines.
_MARKUP_CHUNK = 1 << 18
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
        Where a streamed text is read again block by block (``text`` is then
        ``""``): the file, or for a PDF its text, written to a temporary file
        as its pages were read (removed with the document).
    """

    text: str
    title: str
    kind: str
    encoding: str
    sha256: str
    name: str
    characters: int = 0
    path: Path | None = None

    def blocks(self, block_chars: int = BLOCK_CHARS) -> Iterator[str]:
        """The text in blocks: all of it at once, or read again when streamed (:func:`iter_blocks`,
        :func:`iter_html_blocks`; a PDF's text from its temporary file)."""
        if self.path is None:
            yield self.text
        elif self.kind == "html":
            yield from iter_html_blocks(self.path, self.encoding, block_chars)
        elif self.kind == "pdf":
            yield from _blocks(_spooled(self.path), block_chars)
        else:
            yield from iter_blocks(self.path, self.encoding, block_chars)


def _chunks(path: Path, data_size: int, encoding: str | None, progress: Callable[[str], None] | None,
            size: int | None = None) -> Iterator[str]:
    """Decode the file ``size`` bytes (a megabyte) at a time (a progress line at least every 2 s, with the work
    between); refuse binary files and wrong encodings."""
    chosen = encoding or "utf-8"
    try:
        decoder = codecs.getincrementaldecoder(chosen)()
    except LookupError:
        raise InnokgError(f"{path}: unknown encoding {encoding!r}") from None
    done, last, first, said = 0, time.monotonic(), True, False
    with path.open("rb") as stream:
        while chunk := stream.read(size or _CHUNK):
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
            if progress and time.monotonic() - last >= 1.5:
                last, said = time.monotonic(), True
                progress(f"reading {path.name} … {done / data_size:.0%} of {data_size:,} bytes")
        try:
            yield decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InnokgError(f"{path}: not {chosen}: it ends inside a character") from None
    if said:  # the work after the reading counts its silence from here
        progress(f"reading {path.name} … 100% of {data_size:,} bytes")


def _scan(pieces: Iterable[str]) -> tuple[str, int, str, bool]:
    """Read a text once without keeping it: its SHA-256, length, first line and whether it holds any text."""
    digest, characters, head, visible = hashlib.sha256(), 0, "", False
    for text in pieces:
        digest.update(text.encode("utf-8"))
        characters += len(text)
        if len(head) < 65536:
            head += text[: 65536 - len(head)]
        visible = visible or bool(text.strip())
    return digest.hexdigest(), characters, _first_line(head), visible


def iter_blocks(path: str | os.PathLike, encoding: str | None = None, block_chars: int = BLOCK_CHARS) -> Iterator[str]:
    """The text of a plain or Markdown file in blocks of about ``block_chars`` characters, each ending a sentence.

    Joined, the blocks are the text. A block ends after the last line break
    that ends a sentence whatever follows (:func:`_block_end`), so the
    sentences of the blocks are the whole text's.

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.txt"
    >>> _ = path.write_text("北京第3。\\n\\n上海第10。\\n\\n深圳第7。", encoding="utf-8")
    >>> list(iter_blocks(path, block_chars=10))
    ['北京第3。\\n\\n', '上海第10。\\n\\n', '深圳第7。']
    """
    path = Path(path)
    return _blocks(_chunks(path, path.stat().st_size, encoding, None), block_chars)


def iter_html_blocks(path: str | os.PathLike, encoding: str | None = None,
                     block_chars: int = BLOCK_CHARS) -> Iterator[str]:
    """The visible text of an HTML file (:func:`kg.extract.html_text.html_text`) in blocks, parsed a chunk at a time.

    The text's line breaks are the ends of block elements; a block ends after
    one of them, where a sentence ends (:func:`_block_end`).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.html"
    >>> _ = path.write_text("<h1>速评</h1><p>北京第3。</p><ul><li>上海第10。</li><li>深圳第7。</ul>", encoding="utf-8")
    >>> list(iter_html_blocks(path, block_chars=12))
    ['速评\\n北京第3。\\n', '上海第10。\\n', '深圳第7。']
    """
    path = Path(path)
    chunks = _chunks(path, path.stat().st_size, encoding, None, _MARKUP_CHUNK)
    return _blocks(visible_pieces(chunks, _Visible()), block_chars)


def _spooled(path: Path) -> Iterator[str]:
    """The text a PDF's pages gave, read back from the temporary file it was written to."""
    with path.open(encoding="utf-8", newline="") as stream:
        while text := stream.read(_CHUNK):
            yield text


def _through(pieces: Iterable[str], out) -> Iterator[str]:
    """Each piece, written to ``out`` as it passes."""
    for piece in pieces:
        out.write(piece)
        yield piece


def _blocks(pieces: Iterable[str], block_chars: int) -> Iterator[str]:
    """Cut a text given in pieces into blocks of about ``block_chars`` characters that each end a sentence.

    A block ends at the last sentence end within ``block_chars``
    (:func:`_block_end`); with none there, within twice or four times that;
    only a text with no sentence end in four blocks is cut at a line break.
    """
    buffer = ""
    for text in pieces:
        buffer += text
        while len(buffer) >= block_chars:
            cut = next((found for limit in (block_chars, 2 * block_chars, 4 * block_chars)
                        if (found := _block_end(buffer, min(limit, len(buffer))))), 0)
            if not cut:
                if len(buffer) < 4 * block_chars:
                    break  # a sentence longer than a block: read on to its end
                cut = _line_end(buffer, block_chars)
            yield buffer[:cut]
            buffer = buffer[cut:]
    if buffer:
        yield buffer


#: What ends a line that ends a sentence, whatever the next line holds (:mod:`kg.extract.sentences`).
_LINE_ENDS = _END + "：:" + _CLOSERS


def _block_end(buffer: str, limit: int) -> int:
    """Where a block of ``buffer[:limit]`` ends: after its last line break that ends a sentence, else after the
    last sentence end inside a line; 0 when there is none.

    A line ending with 。！？；： or a closing bracket or quote ends its sentence
    (:func:`kg.extract.sentences.iter_sentences`), and so does one ending with
    a full stop after a word that is not an abbreviation: a block cut after it
    has the whole text's sentences and paragraphs (a blank line alone does not
    end a sentence: ``，`` at the foot of a PDF page goes on on the next).

    >>> _block_end("北京第3。\\n上海第10，\\n\\n深圳", 100), _block_end("It is No.\\nOne.\\nTwo", 100)
    (6, 15)
    >>> _block_end("标题\\n北京第3。”上海第10\\n深圳", 100), _block_end("标题\\n上海第10，\\n深圳", 100)
    (9, 0)
    """
    at = buffer.rfind("\n", 0, limit)
    while at > 0:
        before = at
        while before > 0 and buffer[before - 1].isspace():
            before -= 1
        if before == 0:
            break
        last = buffer[before - 1]
        if last in _LINE_ENDS or (last == "." and buffer[before] in " \n" and not _abbreviation(buffer, before - 1)):
            return at + 1
        at = buffer.rfind("\n", 0, before)
    at = max(buffer.rfind(mark, 0, limit - 1) for mark in _END)
    if at > 0:  # a sentence ends inside a line: after its closing quotes and brackets, when the text goes on after
        at += 1
        while at < len(buffer) and buffer[at] in _CLOSERS:
            at += 1
        return at if at < len(buffer) else 0
    return 0


def _line_end(buffer: str, block_chars: int) -> int:
    """Where a block of a text without sentence ends is cut: after a blank line, a line break, or ``. ``."""
    for mark in ("\n\n", "\n", ". "):
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


def _pdf_pieces(path: Path, progress: Callable[[str], None] | None, meta: dict) -> Iterator[str]:
    """The text of a PDF page by page (pypdf): each page's text stripped, a blank line before each but the first
    that holds text; ``meta["title"]`` is its title once the first piece is asked for."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with path.open("rb") as stream:  # read from the file as needed, not copied into memory (as a path would be)
            reader = PdfReader(stream)
            meta["title"] = str((reader.metadata or {}).get("/Title") or "")
            yield from _pages(path, reader, progress)
    except (PdfReadError, ValueError, KeyError) as error:
        raise InnokgError(f"{path}: not a readable PDF ({error})") from None


def _pages(path: Path, reader, progress: Callable[[str], None] | None) -> Iterator[str]:
    """The text of each page of ``reader`` that holds any, stripped, a blank line before each but the first."""
    pages, last, shown, said = len(reader.pages), time.monotonic(), False, False
    for number in range(pages):
        text = (reader.pages[number].extract_text() or "").strip()
        reader.resolved_objects.clear()  # pypdf's cache of the objects read: else every page's stays in memory
        if text:
            yield "\n\n" + text if shown else text
            shown = True
        if progress and (time.monotonic() - last >= 1.5 or (said and number + 1 == pages)):
            last, said = time.monotonic(), True
            progress(f"reading {path.name} … page {number + 1} of {pages}")


def _pieces(path: Path, kind: str, encoding: str | None,
            progress: Callable[[str], None] | None) -> tuple[Iterator[str], Callable[[], str], str]:
    """The text of a file piece by piece, what gives its title once read (``""``: none), and how it was decoded."""
    meta = {"title": ""}
    if kind == "pdf":
        with path.open("rb") as stream:
            if stream.read(5) != b"%PDF-":
                raise InnokgError(f"{path}: not a PDF (it does not start with %PDF-)")
        return _pdf_pieces(path, progress, meta), lambda: meta["title"], "pdf"
    if kind == "html":
        parser = _Visible()
        chunks = _chunks(path, path.stat().st_size, encoding, progress, _MARKUP_CHUNK)
        return visible_pieces(chunks, parser), parser.page_title, encoding or "utf-8"
    return _chunks(path, path.stat().st_size, encoding, progress), lambda: meta["title"], encoding or "utf-8"


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
        Keep no text in memory: read the file once for its text's digest,
        length and title, then again block by block (:meth:`Document.blocks`):
        a plain or Markdown file a megabyte at a time, an HTML page through an
        incremental parser, a PDF page by page.

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
    pieces, title_of, used = _pieces(path, kind, encoding, progress)
    if stream and kind == "pdf":  # its pages are read once: their text is kept in a temporary file, not read again
        return _spool(path, pieces, title_of)
    if stream:
        digest, characters, first, visible = _scan(pieces)
        text = ""
    else:
        text = "".join(pieces)
        digest, characters = hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text)
        first, visible = _first_line(text), bool(text.strip())
    if not visible:
        raise InnokgError(f"{path}: no text to read")
    return Document(text, title_of() or first, kind, used, digest, path.name, characters, path if stream else None)


def _spool(path: Path, pieces: Iterable[str], title_of: Callable[[], str]) -> Document:
    """A streamed PDF: its text written to a temporary file as its pages are read, removed with the document."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", prefix="innokg-pdf-", suffix=".txt",
                                     delete=False) as out:
        spooled = Path(out.name)
        try:
            digest, characters, first, visible = _scan(_through(pieces, out))
            if not visible:
                raise InnokgError(f"{path}: no text to read")
        except BaseException:
            spooled.unlink(missing_ok=True)
            raise
    document = Document("", title_of() or first, "pdf", "pdf", digest, path.name, characters, spooled)
    weakref.finalize(document, spooled.unlink, missing_ok=True)
    return document


def _first_line(text: str) -> str:
    """The first non-empty line, without Markdown heading marks, 200 characters at most."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return html.unescape(line)[:200]
    return ""
