"""Funding aggregated in SPARQL (the pages at scale) reads bounds as funding.py does: 超X is "more than"."""

from kg.build import build_memory
from kg.policy.funding_totals import funding_buckets, summary_from_buckets

FLOWS = """
@prefix ik: <https://w3id.org/innokg/ont#> . @prefix schema: <http://schema.org/> .
<https://w3id.org/innokg/id/flow/t1> a ik:FundingFlow ; ik:funder <https://w3id.org/innokg/id/org/test-fund> ; ik:recipient <https://w3id.org/innokg/id/org/test-firm-1> ;
  ik:amount [ schema:minValue 3900000000 ; schema:currency "CNY" ;
              ik:valueQualifier <https://w3id.org/innokg/id/qualifier/lower-bound-exclusive> ] .
<https://w3id.org/innokg/id/flow/t2> a ik:FundingFlow ; ik:funder <https://w3id.org/innokg/id/org/test-fund-2> ; ik:recipient <https://w3id.org/innokg/id/org/test-firm-2> ;
  ik:amount [ schema:minValue 8000000 ; schema:currency "CNY" ;
              ik:valueQualifier <https://w3id.org/innokg/id/qualifier/lower-bound> ] .
"""


def test_exclusive_lower_bounds_read_more_than_and_inclusive_ones_at_least():
    store = build_memory()
    store.load(FLOWS.encode(), "turtle", graph="https://w3id.org/innokg/graph/test-flows")
    totals = sorted(group.total.text() for group in summary_from_buckets(funding_buckets(store)).groups)
    assert totals == ["1 flow of unknown amount", "at least 8,000,000 CNY", "more than 3,900,000,000 CNY"]
