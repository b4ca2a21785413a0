"""Which blocks of a label index's text may hold a pattern: a posting index of byte trigrams.

:class:`kg.search_index.LabelIndex` keeps the folded labels in one UTF-8
``bytes``, each after a newline, in ranking order, and a search finds its
text in them with ``bytes.find``. Without this index a search reads all of
them (145 MB at 10M triples). :class:`Grams` cuts the text into blocks of
:data:`BLOCK` labels and lists, for each trigram of bytes (three bytes in a
row, the newlines included, so that a label's start and end are grams too),
the blocks that hold it: sorted ``uint32`` block numbers in one numpy array,
the lists one after another, with the sorted distinct trigrams and where each
list starts (a few bytes a label). A search then reads only the blocks that
hold every trigram of its pattern, runs of neighbouring blocks at once, in
order, so its ranking and its ties are those of a scan of the whole text.

Byte trigrams need no segmentation: a Chinese character is three bytes in
UTF-8 (one trigram, two characters are four), a Latin word its own trigrams.
A pattern of one or two bytes (``a``, ``é``, or a label's start and ``a``)
takes every trigram that starts with it, one range of the sorted trigrams.

Examples
--------
>>> text = b"\\nshanghai\\n" + b"\\n".join(b"park %d" % n for n in range(40)) + b"\\n" + "上海\\n".encode()
>>> starts = [at + 1 for at in range(len(text) - 1) if text[at] == 10]  # where each label starts
>>> grams = Grams(text, starts)
>>> grams.blocks_holding(b"hai").tolist(), grams.blocks_holding("上海".encode()).tolist()
([0], [1])
>>> grams.blocks_holding(b"park").tolist(), grams.blocks_holding(b"zzz").tolist()
([0, 1], [])
>>> find = grams.finder(text, "上".encode())
>>> text[find(0):].decode()
'上海\\n'
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

__all__ = ["BLOCK", "Grams"]

#: Labels a block: fewer find a rarer text in fewer bytes, at more block numbers a trigram (6 a label at 1M triples).
BLOCK = 32
#: Blocks (at most 256: a block's number in its chunk is a byte) and bytes of text whose trigrams are listed at a
#: time, each trigram and block once, sorted as 32-bit integers; the budget is checked between.
CHUNK_BLOCKS = 128
CHUNK_BYTES = 1 << 20
#: Trigrams of a pattern whose lists are intersected (the rarest): a longer pattern is found by ``find`` anyway.
MOST_GRAMS = 12
_NONE = np.zeros(0, dtype=np.uint32)


class Grams:
    """For each byte trigram of ``text``, the blocks of :data:`BLOCK` labels that hold it.

    Parameters
    ----------
    text : bytes
        The labels, each after a newline, and a newline after the last (``b"\\n"`` when there is none).
    starts : sequence of int
        Where each label starts in ``text`` (just after its newline), in order (an ``array('q')``).
    check : callable, optional
        Called with what is done so far, between chunks of the text (to give up past a memory budget).
    """

    def __init__(self, text: bytes, starts, check: Callable[[str], None] | None = None):
        started = time.monotonic()
        first_labels = np.asarray(starts, dtype=np.int64)[::BLOCK]
        #: Where each block starts (its first label's newline), and the text's last newline after the last block.
        self._bounds = np.append(first_labels - 1, len(text) - 1).astype(np.int64)
        self._count = count = len(first_labels)
        #: Labels a block (:data:`BLOCK` when it was built).
        self.block = BLOCK
        parts = []
        block = 0
        while block < count:
            start = int(self._bounds[block])
            end = max(block + 1, int(np.searchsorted(self._bounds, start + CHUNK_BYTES, side="right")) - 1)
            end = min(end, count, block + min(CHUNK_BLOCKS, 256))
            parts.append(_pairs(text, self._bounds, block, end))
            block = end
            if check is not None:
                check(f"trigrams of {block * BLOCK:,} labels listed")
        pairs = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
        del parts
        pairs.sort()
        #: The blocks of each trigram, its list after the previous one's; the trigrams, sorted; where each list starts.
        self._blocks = (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        pairs >>= np.uint64(32)
        firsts = np.flatnonzero(np.concatenate(([True], pairs[1:] != pairs[:-1]))) if len(pairs) else _NONE
        self._grams = pairs[firsts].astype(np.uint32)
        del pairs
        self._starts = np.append(firsts, len(self._blocks)).astype(np.int64)
        #: Seconds it took to build.
        self.seconds = time.monotonic() - started

    def _list(self, gram: int) -> np.ndarray | None:
        """The blocks that hold ``gram``, or None."""
        at = int(np.searchsorted(self._grams, gram))
        if at == len(self._grams) or self._grams[at] != gram:
            return None
        return self._blocks[self._starts[at]:self._starts[at + 1]]

    def blocks_holding(self, pattern: bytes) -> np.ndarray:
        """The numbers of the blocks that may hold ``pattern`` (every block that does, and maybe a few more), sorted."""
        if len(pattern) < 3:  # every trigram starting with the pattern: one range of the sorted trigrams
            shift = 8 * (3 - len(pattern))
            low, high = np.searchsorted(self._grams, [int.from_bytes(pattern, "big") << shift,
                                                      (int.from_bytes(pattern, "big") + 1) << shift])
            marked = np.zeros(self._count, dtype=bool)
            marked[self._blocks[self._starts[low]:self._starts[high]]] = True
            return np.flatnonzero(marked).astype(np.uint32)
        lists = []
        for gram in {int.from_bytes(pattern[at:at + 3], "big") for at in range(len(pattern) - 2)}:
            blocks = self._list(gram)
            if blocks is None:
                return _NONE
            lists.append(blocks)
        lists.sort(key=len)
        found = lists[0]
        for blocks in lists[1:MOST_GRAMS]:
            if not len(found):
                break
            where = np.minimum(np.searchsorted(blocks, found), len(blocks) - 1)
            found = found[blocks[where] == found]
        return found

    def runs(self, pattern: bytes, blocks: np.ndarray | None = None) -> list[tuple[int, int]]:
        """The ``(start, end)`` in the text of each run of neighbouring blocks that may hold ``pattern`` (or of
        ``blocks``, from :meth:`blocks_holding`), in order."""
        blocks = self.blocks_holding(pattern) if blocks is None else blocks
        if not len(blocks):
            return []
        breaks = np.flatnonzero(np.diff(blocks.astype(np.int64)) != 1)
        firsts = blocks[np.concatenate(([0], breaks + 1))]
        lasts = blocks[np.concatenate((breaks, [len(blocks) - 1]))].astype(np.int64)
        # a run: from its first label's newline to its last label's following one (a pattern ends at most there)
        return list(zip(self._bounds[firsts].tolist(), (self._bounds[lasts + 1] + 1).tolist()))

    def finder(self, text: bytes, pattern: bytes, runs: list[tuple[int, int]] | None = None) -> Callable[[int], int]:
        """``text.find(pattern, start)`` reading only the blocks that may hold ``pattern`` (or ``runs``, from
        :meth:`runs`); ``start`` may only grow from call to call.

        Examples
        --------
        >>> text = b"\\nbeijing\\nbeijing west\\n"
        >>> find = Grams(text, [1, 9]).finder(text, b"beijing")
        >>> find(0), find(2), find(10)
        (1, 9, -1)
        """
        runs = self.runs(pattern) if runs is None else runs
        run = [0]

        def find(start: int) -> int:
            while run[0] < len(runs):
                low, high = runs[run[0]]
                position = text.find(pattern, max(low, start), high)
                if position >= 0:
                    return position
                run[0] += 1
            return -1

        return find

    @property
    def nbytes(self) -> int:
        """The bytes its arrays hold."""
        return sum(array.nbytes for array in (self._bounds, self._blocks, self._grams, self._starts))


def _pairs(text: bytes, bounds: np.ndarray, first: int, end: int) -> np.ndarray:
    """Each (trigram, block) of blocks ``first`` to ``end`` (excluded) once, as ``trigram << 32 | block``, sorted."""
    start, stop = int(bounds[first]), int(bounds[end])
    chunk = np.frombuffer(text, dtype=np.uint8, count=min(stop + 2, len(text)) - start, offset=start)
    if len(chunk) < stop - start + 2:  # the text's last two bytes: their trigrams end with newlines
        chunk = np.concatenate((chunk, np.full(stop - start + 2 - len(chunk), 10, dtype=np.uint8)))
    chunk = chunk.astype(np.uint32)
    grams = chunk[:-2] << 24 | chunk[1:-1] << 16 | chunk[2:] << 8  # and the block's number in the chunk
    grams |= np.repeat(np.arange(end - first, dtype=np.uint32), np.diff(bounds[first:end + 1]))
    grams = np.unique(grams)
    pairs = (grams >> 8).astype(np.uint64) << np.uint64(32)
    pairs |= (grams & 255).astype(np.uint64) + np.uint64(first)
    return pairs
