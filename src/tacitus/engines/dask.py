"""The Dask engine: extraction on the workers of a Dask cluster, results back here.

    for item in run_dask(iter_inputs(paths), workers=2):          # a local cluster
        ...
    for item in run_dask(items, scheduler="tcp://10.0.0.5:8786"):  # a running one
        ...

How it works, and why:

* Documents travel in **partitions** of a few hundred (``partition_size``):
  one Dask task costs a few milliseconds of scheduling, more than extracting
  one report, so one task per document would be slower than a single process.
* **Bounded memory**: the input is consumed lazily and at most ``ahead``
  partitions (default: twice the number of worker threads) are in flight at
  once, plus at most as many finished ones waiting for their turn; a
  directory of millions of files is never held in memory.
* **Deterministic order**: partitions finish in any order
  (``distributed.as_completed``) but are given back in input order, so the
  stream is item for item what :func:`tacitus.engines.local.run_local` gives,
  and the ledger written from it is identical, ``ingest_seq`` included.
  (The store is idempotent by document id anyway, so a re-run, or another
  order, would give the same documents, events and claims; keeping the input
  order also keeps ``tacitus export`` byte-identical between engines.)
* **Failures**: a task whose worker dies is rescheduled by Dask on another
  worker; a task that raises is retried ``retries`` times; a partition that
  still fails becomes one ``Reject`` per document (reason ``extraction
  failed: partition lost: ...``) and the other partitions go on.
* Results are written by the caller (the ``tacitus ingest`` client), so the
  workers need no database access. With ``rows=True`` (what ``tacitus
  ingest`` asks for) a worker also turns each result into the ledger's table
  rows (:func:`tacitus.store.rows.rows_of`), so the client only unpacks tuples
  and inserts them: on a 2-core machine the client shares the cores with the
  workers, and every millisecond it spends per document is taken from them.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from functools import partial
from itertools import islice
from typing import Any

from ..budget import DEFAULT_TIME_BUDGET
from ..model import RawDocument, Reject, Result
from ..store.rows import Rows

Item = RawDocument | Reject
Work = Callable[[list[Item]], list[Any]]

DEFAULT_PARTITION = 200


def extract_partition(items: list[Item], budget: float | None = DEFAULT_TIME_BUDGET) -> list[Result | Reject]:
    """The task a worker runs: one partition through the pipeline, in order, each
    document under ``budget`` seconds (checked between sentences: tasks run in
    a worker thread, where no timer signal can reach them).

    The pipeline (gazetteer, vocabularies) loads once per worker process, on
    the first partition it gets.
    """
    from ..pipeline import process_all
    return list(process_all(items, budget))


def extract_rows_partition(items: list[Item], budget: float | None = DEFAULT_TIME_BUDGET) -> list[Rows | Reject]:
    """:func:`extract_partition`, each result turned into its ledger rows."""
    from .local import extract_rows
    return extract_rows(items, budget)


def warm_up() -> bool:
    """Load the pipeline's resources on a worker before the first partition arrives."""
    from ..pipeline import get_pipeline
    get_pipeline()
    return True


def partitions(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive lists of ``size`` items (the last one shorter), read lazily."""
    if size < 1:
        raise ValueError("partition size must be at least 1")
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def lost_partition(chunk: list[Item], exc: BaseException) -> list[Reject]:
    """A failed partition as rejects: every document of it, with the reason."""
    reason = f"extraction failed: partition lost: {type(exc).__name__}: {exc}".strip()
    return [item if isinstance(item, Reject) else Reject(source=item.source, reason=reason) for item in chunk]


def local_cluster(workers: int, **kwargs: Any):
    """A LocalCluster of ``workers`` single-threaded worker processes on 127.0.0.1, no dashboard."""
    from distributed import LocalCluster
    options = dict(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                   dashboard_address=None, host="127.0.0.1", silence_logs=logging.ERROR)
    options.update(kwargs)
    return LocalCluster(**options)


def run_dask(items: Iterable[Item], workers: int = 2, scheduler: str | None = None, *,
             client: Any = None, partition_size: int = DEFAULT_PARTITION, ahead: int | None = None,
             retries: int = 2, work: Work | None = None, warm: bool = True, rows: bool = False,
             on_partition: Callable[[int, int], None] | None = None,
             budget: float | None = DEFAULT_TIME_BUDGET) -> Iterator[Result | Rows | Reject]:
    """Results and rejects for ``items``, in input order, extracted on a Dask cluster.

    ``client``: an existing ``distributed.Client`` (left open); else one to
    ``scheduler`` (``tcp://host:8786``); else a local cluster of ``workers``
    processes, started here and shut down when the stream ends.
    ``partition_size``: documents per task. ``ahead``: partitions in flight at
    most (default twice the cluster's threads). ``retries``: re-runs of a task
    that raised. ``work``: the task function (the pipeline by default).
    ``rows``: give each document back as its ledger rows
    (:class:`~tacitus.store.rows.Rows`, built on the worker) instead of a
    ``Result``. ``warm``: load the pipeline on every worker first. ``on_partition(index,
    size)`` is called as each partition is handed back (for progress output).
    ``budget``: seconds one document may take before it becomes a reject
    ("extraction exceeded N s"; None: no limit).
    """
    with ExitStack() as stack:
        if client is None:
            from distributed import Client
            if scheduler:
                client = stack.enter_context(Client(scheduler))
            else:
                cluster = stack.enter_context(local_cluster(workers))
                client = stack.enter_context(Client(cluster))
        if work is None:
            work = partial(extract_rows_partition if rows else extract_partition, budget=budget)
        if warm and getattr(work, "func", work) in (extract_partition, extract_rows_partition):
            client.run(warm_up)
        if ahead is None:
            ahead = 2 * max(1, sum(client.nthreads().values()))
        yield from _stream(client, partitions(items, partition_size), ahead, retries, work, on_partition)


def _stream(client: Any, chunks: Iterator[list[Item]], ahead: int, retries: int, work: Work,
            on_partition: Callable[[int, int], None] | None) -> Iterator[Result | Reject]:
    """Submit partitions ``ahead`` at a time and give their results back in input order."""
    from distributed import as_completed

    run_id = uuid.uuid4().hex[:12]
    submitted: dict[str, tuple[int, list[Item]]] = {}  # future key -> (partition index, its items)
    finished: dict[int, list[Result | Reject]] = {}    # done, waiting for the earlier ones
    queue = as_completed()
    next_index = 0    # the next partition to submit
    next_out = 0      # the next partition to give back
    exhausted = False

    def top_up() -> None:
        nonlocal next_index, exhausted
        # in flight <= ahead, and in flight + waiting <= 2 * ahead: bounded memory
        while not exhausted and len(submitted) < ahead and len(submitted) + len(finished) < 2 * ahead:
            chunk = next(chunks, None)
            if chunk is None:
                exhausted = True
                return
            future = client.submit(work, chunk, retries=retries, pure=False,
                                   key=f"tacitus-partition-{run_id}-{next_index}")
            submitted[future.key] = (next_index, chunk)
            queue.add(future)
            next_index += 1

    top_up()
    for future in queue:
        index, chunk = submitted.pop(future.key)
        try:
            finished[index] = future.result()
        except Exception as exc:  # noqa: BLE001 - a lost partition becomes rejects, the run goes on
            finished[index] = lost_partition(chunk, exc)
        future.release()
        while next_out in finished:
            out = finished.pop(next_out)
            if on_partition is not None:
                on_partition(next_out, len(out))
            next_out += 1
            top_up()
            yield from out
        top_up()
