"""Security headers on every answer of a real ``innokg serve``: pages, JSON, /sparql, static files, errors, docs."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx
import pytest

from http_server import TOP10_QUERY, running_server, seed_store, server  # noqa: F401  (fixtures)

#: style-src: the <style> elements vis-network writes (empty first, then its stylesheet in seven parts), and YASR's table
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' "
               "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' 'sha256-OutIf5hnp68ctx4ThtV5J02g5HTJ5bbu/hkNfqVXWWo=' "
               "'sha256-4cgFR0//m8/eHo2G/esYsuZetUHlzCUWYM59sfgE9zY=' 'sha256-uepMTym1NwItBa/XV6ef6fQobLL0A0CNVDM5km5L+nQ=' "
               "'sha256-gGUn/VMBXCeWm86qX/pOf+4ZDSbe0JcaXXb4rJjw1mA=' 'sha256-QuPewnJYr+SnQiTnCNHFBw99ExTsz9f8w5320PimEPw=' "
               "'sha256-IY7YKNHjbzQ1NfAKrBZvBZohgXMtxrqB9PaqhAaT3vg=' 'sha256-QE7TOEDW7YIlMzvUUnm8boDWeNBN7PBbaaYJjnp34WI=' "
               "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=' 'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='; "
               "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
               "frame-ancestors 'none'")
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
FIXED = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}
NAMES = (*FIXED, "content-security-policy")


def _security(answer: httpx.Response) -> dict[str, str]:
    """The security headers of an answer, each exactly once."""
    for name in NAMES:
        assert len(answer.headers.get_list(name)) == 1, (name, answer.headers.get_list(name))
    return {name: answer.headers[name] for name in NAMES}


@pytest.mark.parametrize("path, status, media, policy", [
    ("/?lang=en", 200, "text/html; charset=utf-8", PAGE_POLICY),
    ("/query?lang=en&query=ASK+%7B%7D", 200, "text/html; charset=utf-8", PAGE_POLICY),
    ("/views/ranking?lang=en", 200, "text/html; charset=utf-8", PAGE_POLICY),
    ("/entity?iri=https%3A%2F%2Fw3id.org%2Finnokg%2Fid%2Forg%2Fatlantis", 404, "text/html; charset=utf-8", PAGE_POLICY),
    ("/api/entities/city/beijing", 200, "application/json", OTHER_POLICY),
    ("/api/queries/top10-overall.csv?edition=2025", 200, "text/csv; charset=utf-8", OTHER_POLICY),
    ("/api/nothing-here", 404, "application/json", OTHER_POLICY),
    ("/static/innokg-view.js", 200, "text/javascript; charset=utf-8", OTHER_POLICY),
    ("/static/innokg.css", 200, "text/css; charset=utf-8", OTHER_POLICY),
])
def test_every_answer_carries_the_headers_and_its_policy(server, path, status, media, policy):
    answer = httpx.get(server.url + path)
    assert (answer.status_code, answer.headers["content-type"]) == (status, media)
    assert _security(answer) == {**FIXED, "content-security-policy": policy}


def test_sparql_answers_by_get_and_post_carry_the_headers(server):
    expected = {**FIXED, "content-security-policy": OTHER_POLICY}
    by_get = httpx.get(server.sparql, params={"query": TOP10_QUERY},
                       headers={"Accept": "application/sparql-results+json"})
    assert (by_get.status_code, by_get.headers["content-type"]) == (200, "application/sparql-results+json")
    assert _security(by_get) == expected
    by_post = httpx.post(server.sparql, content=TOP10_QUERY.encode(),
                         headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert (by_post.status_code, by_post.headers["content-type"]) == (200, "text/csv; charset=utf-8")
    assert _security(by_post) == expected
    refused = httpx.get(server.sparql, params={"query": "SELECT nonsense"})
    assert refused.status_code == 400
    assert _security(refused) == expected


def test_a_body_over_the_cap_is_refused_with_the_headers(seed_store, tmp_path):  # noqa: F811
    with running_server(seed_store, "--max-body", "100", log_dir=tmp_path) as capped:
        answer = httpx.post(capped.sparql, content=b"#" * 101, headers={"Content-Type": "application/sparql-query"})
    assert (answer.status_code, answer.text) == (413, "the request body is larger than the 100 bytes this server accepts\n")
    assert _security(answer) == {**FIXED, "content-security-policy": OTHER_POLICY}


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_the_docs_pages_allow_this_host_and_only_their_own_inline_scripts(server, path):
    answer = httpx.get(server.url + path)
    assert (answer.status_code, answer.headers["content-type"]) == (200, "text/html; charset=utf-8")
    inline = re.findall(r"<script>(.*?)</script>", answer.text, re.DOTALL)
    hashes = sorted(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline)
    assert len(hashes) == (0 if path == "/redoc" else 1)
    assert re.findall(r"https?://", answer.text) == []  # nothing from another host, not even a font
    headers = _security(answer)
    policy = headers.pop("content-security-policy")
    assert headers == FIXED
    assert policy == (
        "default-src 'self'; "
        f"script-src 'self'{''.join(' ' + h for h in hashes)}; "
        "style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; "
        "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'")
