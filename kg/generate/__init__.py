"""The synthetic ecosystem generator (``innokg generate``).

See :mod:`kg.generate.ecosystem` for what it writes and
:mod:`kg.generate.writer` for how.
"""

from kg.generate.context import Plan
from kg.generate.ecosystem import MIN_SCALE, GenerateSummary, generate, generate_file
from kg.generate.names import synthetic_name

__all__ = ["GenerateSummary", "MIN_SCALE", "Plan", "generate", "generate_file", "synthetic_name"]
