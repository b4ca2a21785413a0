"""The seed graph plus the policy fixtures (tests/fixtures/policy/*.trig), in any store backend."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from remote_servers import seed_store_on

__all__ = ["FIXTURES", "FIXTURE_FILES", "build_policy_store", "policy_store_on", "iri"]

FIXTURES = Path(__file__).parent / "fixtures" / "policy"
#: A made-up GIS100 2024 edition, a second index naming cities its own way, an example park with grants.
FIXTURE_FILES = ("gis100-2024", "other-index", "example-park")


@contextmanager
def policy_store_on(backend: str) -> Iterator:
    """Yield the seed plus every policy fixture in a store of ``backend`` (see tests/remote_servers.py)."""
    with seed_store_on(backend) as store:
        for name in FIXTURE_FILES:
            store.load(FIXTURES / f"{name}.trig", "trig")
        yield store


def iri(local: str) -> str:
    """``org/panxin-technology`` -> the full innokg IRI."""
    return "https://w3id.org/innokg/id/" + local


def build_policy_store(tmp_path_factory) -> Path:
    """An on-disk store built from the seed plus the policy fixtures (as extra seed files)."""
    import shutil

    from kg.build import build
    from kg.paths import SEED_DIR

    seed = tmp_path_factory.mktemp("seed")
    for trig in SEED_DIR.glob("*.trig"):
        shutil.copy(trig, seed)
    for name in FIXTURE_FILES:
        shutil.copy(FIXTURES / f"{name}.trig", seed / f"fixture-{name}.trig")
    path = tmp_path_factory.mktemp("store") / "store"
    build(path, seed_dir=seed)
    return path
