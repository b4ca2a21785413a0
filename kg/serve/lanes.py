"""Two lanes of query threads, so that cheap questions never wait behind heavy ones.

A server process runs its store operations in threads. When every thread is
held by slow listings, a lookup that takes a few milliseconds waits seconds
for a thread. :class:`Lanes` keeps capacity for short operations:

* the **short lane** has ``short`` places; an operation whose cost is not
  known, or was seen under ``heavy_after`` seconds, runs there;
* the **heavy lane** has ``heavy`` places; an operation seen to take
  ``heavy_after`` seconds or more (the same operation with the same
  arguments: its *cost seen so far*) waits there for a place;
* an operation of the short lane still running after ``heavy_after``
  seconds is moved to the heavy lane (*by running time*): its place in the
  short lane goes to the next short operation. The heavy lane may hold up to
  ``short`` such moved operations beyond its own places, so that the threads
  are bounded (``2 * short + heavy``) while the short lane is never held by them.

Costs are remembered per operation and arguments (the last 4,096 seen), as
an average of the last runs weighted to the latest.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import time
from collections import OrderedDict, deque
from concurrent.futures import Future, ThreadPoolExecutor

__all__ = ["Lanes", "cost_key"]

_REMEMBERED = 4096


def cost_key(operation: str, arguments: dict) -> bytes:
    """A short key for an operation with its arguments (what costs are remembered by).

    Examples
    --------
    >>> cost_key("sparql", {"query": "ASK {}"}) == cost_key("sparql", {"query": "ASK {}"})
    True
    >>> cost_key("sparql", {"query": "ASK {}"}) == cost_key("sparql", {"query": "ASK { ?s ?p ?o }"})
    False
    """
    try:
        text = pickle.dumps((operation, sorted(arguments.items())), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        text = repr((operation, sorted(arguments))).encode()
    return hashlib.blake2b(text, digest_size=16).digest()


class _Task:
    __slots__ = ("key", "call", "future", "lane", "started")

    def __init__(self, key, call, future: Future, lane: str):
        self.key = key
        self.call = call
        self.future = future
        self.lane = lane
        self.started = 0.0


class Lanes:
    """Threads in a short and a heavy lane; see the module's description.

    Parameters
    ----------
    short : int, optional
        Places of the short lane (default 4).
    heavy : int, optional
        Places of the heavy lane (default 2).
    heavy_after : float, optional
        Seconds from which an operation counts as heavy (default 0.5).

    Examples
    --------
    >>> import time
    >>> lanes = Lanes(short=1, heavy=1, heavy_after=0.05)
    >>> slow = lanes.submit(b"slow", lambda: time.sleep(0.3) or "slow")
    >>> time.sleep(0.15)  # past heavy_after: moved to the heavy lane, the short lane is free
    >>> lanes.submit(b"quick", lambda: "quick").result(1), slow.done()
    ('quick', False)
    >>> slow.result(1), lanes.lane_of(b"slow"), lanes.lane_of(b"quick")
    ('slow', 'heavy', 'short')
    >>> lanes.shutdown()
    """

    def __init__(self, short: int = 4, heavy: int = 2, *, heavy_after: float = 0.5):
        if short < 1 or heavy < 1:
            raise ValueError("each lane needs at least one place")
        self.short = short
        self.heavy = heavy
        self.heavy_after = heavy_after
        self._executor = ThreadPoolExecutor(2 * short + heavy, thread_name_prefix="innokg-query")
        self._lock = threading.Lock()
        self._pending = {"short": deque(), "heavy": deque()}
        self._running = {"short": 0, "heavy": 0}
        self._short_running: dict[int, _Task] = {}  # id -> task, watched for heavy_after
        self._costs: OrderedDict[bytes, float] = OrderedDict()
        self._closed = threading.Event()
        self._watch = threading.Thread(target=self._watch_loop, name="innokg-lanes", daemon=True)
        self._watch.start()

    def lane_of(self, key: bytes) -> str:
        """The lane an operation with this cost key starts in: ``short`` or ``heavy``."""
        with self._lock:
            cost = self._costs.get(key)
        return "heavy" if cost is not None and cost >= self.heavy_after else "short"

    def cost(self, key: bytes) -> float | None:
        """Seconds the operation with this key was seen to take, or None when it was not seen."""
        with self._lock:
            return self._costs.get(key)

    def busy(self) -> dict:
        """Running and waiting operations per lane (for logs and tests)."""
        with self._lock:
            return {lane: (self._running[lane], len(self._pending[lane])) for lane in self._running}

    def submit(self, key: bytes, call) -> Future:
        """Run ``call()`` in its lane; return its future (cancel it to drop it while it waits).

        The future has a ``started`` attribute: the :func:`time.monotonic`
        time it started running, 0.0 while it waits.
        """
        future: Future = Future()
        future.started = 0.0
        task = _Task(key, call, future, self.lane_of(key))
        with self._lock:
            if self._closed.is_set():
                raise RuntimeError("the query threads are stopped")
            self._pending[task.lane].append(task)
            self._dispatch()
        return future

    def shutdown(self) -> None:
        """Stop: waiting operations are cancelled, running ones finish."""
        self._closed.set()
        with self._lock:
            for queue in self._pending.values():
                while queue:
                    queue.popleft().future.cancel()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _places(self, lane: str) -> int:
        return self.short if lane == "short" else self.heavy

    def _dispatch(self) -> None:
        """Start waiting operations while their lane has room (the lock is held)."""
        for lane, queue in self._pending.items():
            while queue and self._running[lane] < self._places(lane):
                task = queue.popleft()
                if not task.future.set_running_or_notify_cancel():
                    continue  # cancelled while it waited
                task.started = task.future.started = time.monotonic()
                self._running[lane] += 1
                if lane == "short":
                    self._short_running[id(task)] = task
                self._executor.submit(self._run, task)

    def _run(self, task: _Task) -> None:
        try:
            result = task.call()
        except BaseException as error:  # handed to the waiting caller
            outcome = (False, error)
        else:
            outcome = (True, result)
        took = time.monotonic() - task.started
        with self._lock:
            previous = self._costs.pop(task.key, None)
            self._costs[task.key] = took if previous is None else (previous + 3 * took) / 4
            if len(self._costs) > _REMEMBERED:
                self._costs.popitem(last=False)
            self._running[task.lane] -= 1
            self._short_running.pop(id(task), None)
            self._dispatch()
        if outcome[0]:
            task.future.set_result(outcome[1])
        else:
            task.future.set_exception(outcome[1])

    def _watch_loop(self) -> None:
        """Move short operations running past ``heavy_after`` to the heavy lane."""
        interval = max(0.01, self.heavy_after / 5)
        while not self._closed.wait(interval):
            now = time.monotonic()
            with self._lock:
                for task in list(self._short_running.values()):
                    if now - task.started < self.heavy_after:
                        continue
                    if self._running["heavy"] >= self.heavy + self.short:  # the thread bound: it stays
                        break
                    del self._short_running[id(task)]
                    task.lane = "heavy"
                    self._running["short"] -= 1
                    self._running["heavy"] += 1
                    self._costs[task.key] = max(self._costs.get(task.key, 0.0), now - task.started)
                self._dispatch()
