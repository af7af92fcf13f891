"""The time budget of one document: past it, the document becomes a reject
("extraction exceeded N s") and the batch goes on.

The extractor's work is linear in its input (long sentences are split,
nothing compares every event with every other), so the budget is a safety
net, not the way big inputs are handled: a 10 MB report takes far less (see
``docs/benchmarks.md``). ``tacitus extract`` / ``ingest --time-budget`` and
``$TACITUS_TIME_BUDGET`` set it.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager

#: CPU seconds one document may take to extract before it is rejected (``--time-budget``)
DEFAULT_TIME_BUDGET = 60.0

_local = threading.local()
# the timer counts this process's CPU time (user), not the wall clock: on a busy
# machine a document is not rejected for waiting its turn, and the same input is
# rejected or not whatever else runs (deterministic)
_TIMER, _SIGNAL = (signal.ITIMER_VIRTUAL, signal.SIGVTALRM) if hasattr(signal, "SIGVTALRM") else (None, None)


class BudgetExceeded(Exception):
    """A document took longer than its time budget."""


def check_budget() -> None:
    """Raise BudgetExceeded when this thread's document is over its budget (the
    pipeline asks between sentences, so the check works in any thread)."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.thread_time() > deadline:
        raise BudgetExceeded()


def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise BudgetExceeded()


@contextmanager
def time_budget(seconds: float | None):
    """Run the block under a budget of ``seconds`` of CPU time (None or 0: none):
    BudgetExceeded is raised in it past that. Two ways, so that neither a slow
    sentence nor a pathological regex holds a worker: the thread's CPU time
    checked between sentences (works in every thread: Dask workers, the web
    server's), and in a process's main thread (the CLI, the local process pool)
    a CPU-time timer signal (SIGVTALRM), which interrupts even a single long
    regular-expression match."""
    if not seconds or seconds <= 0:
        yield
        return
    _local.deadline = time.thread_time() + seconds
    use_timer = (_TIMER is not None and threading.current_thread() is threading.main_thread()
                 and signal.getitimer(_TIMER)[0] == 0)
    previous = signal.signal(_SIGNAL, _on_alarm) if use_timer else None
    try:
        if use_timer:
            signal.setitimer(_TIMER, seconds)
        yield
    finally:
        _local.deadline = None
        if use_timer:
            try:
                signal.setitimer(_TIMER, 0)
            except BudgetExceeded:  # it rang on the way out: the timer is spent now
                signal.setitimer(_TIMER, 0)
            signal.signal(_SIGNAL, previous)
