"""A server process warms up for its first page once it answers: modules, templates, the snapshot key, what the
chain explorer and coverage pages read once per snapshot (issue 20)."""

from __future__ import annotations

import re
import time

import httpx

from http_server import running_server, seed_store  # noqa: F401  (fixture)
from kg.policy.coverage import PAGE_PLACES, coverage_page
from kg.store import OxigraphStore
from kg.views.map import centre_rows
from kg.views.snapshot import snapshot_key
from kg.web.chain import universities


def test_each_process_warms_up_after_start_up_and_its_first_home_page_answers(seed_store, tmp_path):  # noqa: F811
    with OxigraphStore.open(seed_store, read_only=True) as store:
        quads, key = len(store), snapshot_key(store)
        starts = universities(store)  # what the chain explorer and coverage pages read once per process
        total, first = coverage_page(store)
        ranks = len(centre_rows(store))  # and the map
    assert starts and 0 < len(first) <= PAGE_PLACES < total
    with running_server(seed_store, "--workers", "2", log_dir=tmp_path) as server:
        log = server.log
        for _ in range(600):  # both processes warmed up: at most 60 s
            if log.read_text().count("warmed up for the first page") == 2:
                break
            time.sleep(0.1)
        text = log.read_text()
        home = httpx.get(server.url + "/", params={"lang": "en"}, timeout=30)
        chain = httpx.get(server.url + "/chain", params={"from": starts[0], "lang": "en"}, timeout=30)
        coverage = httpx.get(server.url + "/coverage", params={"lang": "en"}, timeout=30)
    lines = re.findall(r"server process \d+: warmed up for the first page in [0-9.]+ s: (.*)", text)
    assert lines == [(f"18 modules imported and 16 templates compiled; snapshot {key} of {quads:,} quads read; "
                      f"chain explorer: {len(starts)} universities; coverage: the first {len(first)} of {total} places; "
                      f"map: {ranks} ranks")] * 2
    assert (home.status_code, chain.status_code, coverage.status_code) == (200, 200, 200)
    assert re.search(r"<title>(.*?)</title>", home.text).group(1) == "A knowledge graph of innovation ecosystems · innokg"
    assert "San Francisco Bay Area" in home.text
