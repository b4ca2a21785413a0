"""Every runner the HTTP service can be given keeps the declared Runner contract, signatures and all."""

from __future__ import annotations

import inspect

import pytest

from kg.serve.operations import InlineRunner, Runner
from kg.serve.threads import ThreadRunner
from kg.serve.workers import WorkerPool

METHODS = ("start", "close", "run", "run_async", "update", "triples")


@pytest.mark.parametrize("runner", [InlineRunner, WorkerPool, ThreadRunner], ids=lambda runner: runner.__name__)
def test_runner_keeps_the_contract(runner):
    for name in METHODS:
        declared, kept = getattr(Runner, name), getattr(runner, name)
        assert inspect.signature(kept) == inspect.signature(declared), f"{runner.__name__}.{name}"
        assert inspect.iscoroutinefunction(kept) == inspect.iscoroutinefunction(declared), f"{runner.__name__}.{name}"
    assert "timeout" in Runner.__annotations__


def test_inline_runner_is_a_runner():
    from kg.store import OxigraphStore

    runner = InlineRunner(OxigraphStore.memory())
    assert isinstance(runner, Runner) and runner.timeout is None
    assert runner.run("triples", timeout=1.0) == 0
