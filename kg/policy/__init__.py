"""Policy research: technology-transfer chains, pipeline coverage, funding flows and rankings.

One analysis a module: :mod:`kg.policy.chains`, :mod:`kg.policy.coverage`,
:mod:`kg.policy.funding`, :mod:`kg.policy.rankings` (over editions),
:mod:`kg.policy.indexes` (across indexes), :mod:`kg.policy.catalog` (one
ranking as stated); :mod:`kg.policy.report` writes any of them as CSV or as a
standalone HTML page with its sources, and :mod:`kg.policy.lookup` holds what
they share (names to IRIs, labels, sources). Every question they ask a store
is a saved query in ``queries/policy/``, run by :mod:`kg.policy.sparql`.
"""
