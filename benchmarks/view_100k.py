"""Benchmark: a 100,000-node ecosystem is served reduced and is interactive in the browser quickly.

Builds the ontology and seed in memory, adds 100,000 synthetic firms each incubated by one of
1,000 parks, prepares the store's snapshot once (:func:`kg.views.snapshot.prepare`: the top hubs
and the Louvain communities), then times (1) rendering the ecosystem view on the server (the
backbone: 300 top hubs and the largest communities as super-nodes) and (2) loading the standalone file in headless Chromium until physics has stabilized
and stopped (``data-ready``). Run: ``python benchmarks/view_100k.py [NODES]``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg.build import build_memory
from kg.views import ecosystem_view, render_standalone
from kg.views.snapshot import prepare

ID = "https://w3id.org/innokg/id/bench/"
IK = "https://w3id.org/innokg/ont#"


def synthetic(firms: int, parks: int = 1000, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    lines = [f"<{ID}park/{p}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{IK}SciencePark> ." for p in range(parks)]
    for f in range(firms):
        lines.append(f"<{ID}firm/{f}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{IK}TechnologyFirm> .")
        lines.append(f"<{ID}firm/{f}> <{IK}incubatedBy> <{ID}park/{int(rng.paretovariate(1.2)) % parks}> .")
    return "\n".join(lines).encode()


def main(firms: int = 99_000) -> None:
    store = build_memory()
    store.bulk_load(synthetic(firms), "ntriples", graph="https://w3id.org/innokg/graph/bench")
    started = time.perf_counter()
    prepare(store, lambda line: None)  # once per store snapshot: the backbone (top hubs, communities)
    print(f"one-time precomputation (kg.views.snapshot.prepare): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    view = ecosystem_view(store, "en")
    html = render_standalone(view)
    server = time.perf_counter() - started
    print(f"server: {view.shown()} reduced and rendered in {server:.2f} s ({len(html) / 1e6:.1f} MB)")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "view.html"
        path.write_text(html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        started = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("section.ikv[data-ready=true]", timeout=60_000)
        print(f"browser: interactive (physics stabilized and stopped) in {time.perf_counter() - started:.2f} s")
        browser.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 99_000)
