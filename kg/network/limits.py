"""How far betweenness and harmonic closeness are exact, and how much they sample beyond: plain numbers, so that
``innokg metrics --help`` can show them without importing networkx or scipy.

>>> EXACT_LIMIT, SAMPLES
(10000, 200)
"""

__all__ = ["EXACT_LIMIT", "SAMPLES"]

#: Betweenness and harmonic closeness are exact up to this many nodes.
EXACT_LIMIT = 10_000
#: Source nodes sampled above :data:`EXACT_LIMIT`.
SAMPLES = 200
