"""Generate a synthetic innovation ecosystem of a given size, as a stream of quads.

In the spirit of LUBM for universities: cities ranked over several
editions of ranking indexes on every dimension, universities and
institutes, science parks with their operators and proof-of-concept
centres, incubated firms with heavy-tailed funding from several instruments
and channels (invest-first-convert-later grants, some converted),
technology managers and founders, tech-transfer services through the
pipeline stages, and provenance on every fact. The output looks like the
seed (same IRI patterns, classes and properties) and conforms to the SHACL
shapes and hygiene checks.

The same seed gives the same bytes; memory stays flat whatever the size,
because each park is written as soon as it is made.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from kg.errors import InnokgError
from kg.generate.context import Context, Plan
from kg.generate.parks import write_park
from kg.generate.world import write_catalogue, write_places, write_policies, write_rankings
from kg.generate.writer import OUTPUT_FORMATS, QuadWriter

__all__ = ["GenerateSummary", "generate", "generate_file", "MIN_SCALE"]

#: The smallest target size: below it the fixed parts alone overshoot.
MIN_SCALE = 1_000

Progress = Callable[[int], None]


@dataclass(frozen=True)
class GenerateSummary:
    """What a run wrote.

    Attributes
    ----------
    triples : int
        Quads written (each triple is in exactly one named graph).
    parks, firms : int
    seconds : float
    """

    triples: int
    parks: int
    firms: int
    seconds: float

    @property
    def triples_per_second(self) -> float:
        """The generation speed."""
        return self.triples / self.seconds if self.seconds else float("inf")


def generate(out: TextIO, scale: int, *, seed: int = 0, format: str = "nquads",
             progress: Progress | None = None) -> GenerateSummary:
    """Write a synthetic ecosystem of about ``scale`` triples to a text stream.

    Parameters
    ----------
    out : text file
        Where to write (UTF-8).
    scale : int
        The target number of triples; the output stops after the first park
        that reaches it, so it is a little larger (by under one park).
    seed : int, optional
        The same seed and scale give the same output.
    format : {"nquads", "trig"}, optional
    progress : callable, optional
        Called with the number of triples written so far, about every 100,000.

    Returns
    -------
    GenerateSummary

    Examples
    --------
    >>> import io
    >>> buffer = io.StringIO()
    >>> summary = generate(buffer, 2_000, seed=1)
    >>> summary.triples == buffer.getvalue().count("\\n") and summary.triples >= 2_000
    True
    >>> generate(io.StringIO(), 2_000, seed=1) == summary
    False
    >>> generate(io.StringIO(), 2_000, seed=1).triples == summary.triples
    True
    """
    if scale < MIN_SCALE:
        raise InnokgError(f"--scale must be at least {MIN_SCALE} triples, got {scale}")
    if format not in OUTPUT_FORMATS:
        raise InnokgError(f"unknown output format {format!r}; use one of {', '.join(OUTPUT_FORMATS)}")
    started = time.perf_counter()
    writer = QuadWriter(out, format)
    ctx = Context(Plan.for_scale(scale), random.Random(seed), writer, seed=seed)
    for part in (write_catalogue, write_places, write_policies, write_rankings):
        part(ctx)
    parks, reported = 0, 0
    while writer.triples < scale:
        write_park(ctx, parks)
        parks += 1
        if progress is not None and writer.triples - reported >= 100_000:
            reported = writer.triples
            progress(reported)
    writer.close()
    summary = GenerateSummary(writer.triples, parks, ctx.registry.get("firms", 0), time.perf_counter() - started)
    if progress is not None:
        progress(summary.triples)
    return summary


def generate_file(path: str | os.PathLike, scale: int, *, seed: int = 0, format: str | None = None,
                  progress: Progress | None = None) -> GenerateSummary:
    """Write a synthetic ecosystem to a file, atomically; ``-`` is stdout.

    The format is taken from the suffix (``.nq`` N-Quads, ``.trig`` TriG)
    unless given.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "eco.trig"
    >>> summary = generate_file(path, 2_000, seed=7)
    >>> path.read_text(encoding="utf-8").startswith("<https://w3id.org/innokg/graph/generated-sources> {")
    True
    """
    path = Path(path)
    if format is None:
        format = "trig" if path.suffix == ".trig" else "nquads"
    if str(path) == "-":
        return generate(sys.stdout, scale, seed=seed, format=format, progress=progress)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
            summary = generate(out, scale, seed=seed, format=format, progress=progress)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return summary
