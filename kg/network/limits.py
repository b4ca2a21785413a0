"""How far betweenness and harmonic closeness are exact, and how they sample beyond: plain numbers, so that
``innokg metrics --help`` can show them without importing networkx or scipy.

>>> EXACT_LIMIT, SAMPLES, BUDGET, SAMPLING_TIMES, TOP_K
(10000, 200, 120.0, 5, 10)
"""

__all__ = ["EXACT_LIMIT", "SAMPLES", "BUDGET", "SAMPLING_TIMES", "TOP_K"]

#: Betweenness and harmonic closeness are exact up to this many nodes.
EXACT_LIMIT = 10_000
#: Source nodes sampled above :data:`EXACT_LIMIT`.
SAMPLES = 200
#: Seconds hub betweenness may take exactly (estimated first); past it, sampled until the top is stable.
BUDGET = 120.0
#: Past :data:`BUDGET`, sampling may take this many times it (counted from its first source) before it stops with the
#: top unsettled: at 10M triples the exact attempt spent the whole budget and left sampling 5 rounds (56 sources).
SAMPLING_TIMES = 5
#: How many of the top nodes adaptive sampling keeps in a stable order.
TOP_K = 10
