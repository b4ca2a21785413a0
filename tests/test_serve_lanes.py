"""Cheap questions never wait behind heavy ones: a server process keeps query threads for short operations
(kg.serve.lanes), whatever heavy operations hold, by the cost seen before or the running time now."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from kg.build import build
from kg.serve.lanes import Lanes, cost_key
from kg.serve.operations import QueryTimeout, ServiceBusy
from kg.serve.threads import ThreadRunner


@pytest.fixture(scope="module")
def seed_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("lanes") / "store"
    build(path)
    return path


def test_short_operations_are_answered_while_heavy_ones_hold_more_threads_than_the_short_lane(seed_path):
    runner = ThreadRunner(seed_path, threads=2, timeout=30, heavy_after=0.1, on_runaway=lambda: None)
    runner.start()
    try:
        assert runner.run("saved_query", query_id="policy-is-dimension")["boolean"] is True  # its text is read
        with ThreadPoolExecutor(6) as clients:
            heavy = [clients.submit(runner.run, "sleep", seconds=1.5)]
            time.sleep(0.3)  # past heavy_after: moved to the heavy lane, and its cost is known
            heavy.append(clients.submit(runner.run, "sleep", seconds=1.51))  # not seen before: moved by running time
            heavy += [clients.submit(runner.run, "sleep", seconds=1.5) for _ in range(3)]  # seen heavy: they wait
            time.sleep(0.3)
            assert runner._lanes.busy() == {"short": (0, 0), "heavy": (2, 3)}
            quick = [runner.run("saved_query", query_id="policy-is-dimension")["boolean"] for _ in range(10)]
            assert quick == [True] * 10
            assert [future.done() for future in heavy] == [False] * 5  # answered while every heavy one runs or waits
            assert [future.result() for future in heavy] == [1.5, 1.51, 1.5, 1.5, 1.5]
    finally:
        runner.close()


def test_an_operation_seen_heavy_waits_in_the_heavy_lane_and_a_short_one_passes_it():
    lanes = Lanes(short=1, heavy=1, heavy_after=0.05)
    try:
        assert lanes.submit(b"slow", lambda: time.sleep(0.1) or "first").result(5) == "first"
        assert lanes.lane_of(b"slow") == "heavy" and lanes.lane_of(b"unseen") == "short"
        release = threading.Event()
        holding = lanes.submit(b"slow", lambda: release.wait(5) and "held")
        waiting = lanes.submit(b"slow", lambda: "second")
        assert lanes.submit(b"quick", lambda: "quick").result(5) == "quick"
        assert lanes.busy() == {"short": (0, 0), "heavy": (1, 1)}
        release.set()
        assert (holding.result(5), waiting.result(5)) == ("held", "second")
    finally:
        lanes.shutdown()


def test_an_operation_that_never_got_a_thread_is_answered_busy_and_the_process_goes_on(seed_path):
    stopped = []
    runner = ThreadRunner(seed_path, threads=1, timeout=1.0, heavy_after=0.05, on_runaway=lambda: stopped.append(1))
    runner.start()
    try:
        runner._lanes._costs[cost_key("sleep", {"seconds": 1.5})] = 1.5  # seen heavy: it waits in the heavy lane
        with ThreadPoolExecutor(2) as clients:
            first = clients.submit(runner.run, "sleep", seconds=1.5, timeout=3)
            time.sleep(0.2)
            second = clients.submit(runner.run, "sleep", seconds=1.5)
            assert first.result() == 1.5
            with pytest.raises(ServiceBusy, match="every query thread stayed busy for the whole 1 s timeout"):
                second.result()
        assert (runner.runaway, stopped) == (False, [])
        with pytest.raises(QueryTimeout, match="stopped after the 1 s timeout"):
            runner.run("sleep", seconds=2)
        assert runner.runaway
    finally:
        runner.runaway = False  # close() would end this process after a runaway
        runner.close()
