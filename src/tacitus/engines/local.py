"""The default engine: extraction in this process, or in a local process pool.

Documents travel to workers in chunks (one task per document costs more in
pickling than it saves), and results come back in input order so a run is
deterministic whatever the number of workers.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from functools import partial
from itertools import islice
from typing import Iterable, Iterator

from ..model import RawDocument, Reject, Result
from ..budget import DEFAULT_TIME_BUDGET
from ..pipeline import process_all
from ..store.rows import Rows, rows_of


def _work(chunk: list[RawDocument | Reject], budget: float | None = DEFAULT_TIME_BUDGET) -> list[Result | Reject]:
    return list(process_all(chunk, budget))


def extract_rows(chunk: list[RawDocument | Reject],
                 budget: float | None = DEFAULT_TIME_BUDGET) -> list[Rows | Reject]:
    """A chunk through the pipeline, each result as its ledger rows (what pool and
    Dask workers hand back with ``rows=True``)."""
    return [item if isinstance(item, Reject) else _rows_or_reject(item) for item in process_all(chunk, budget)]


def _rows_or_reject(result: Result) -> Rows | Reject:
    try:
        return rows_of(result)
    except Exception as exc:  # noqa: BLE001 - one bad document never sinks a chunk
        return Reject(result.document.source, f"not stored: {type(exc).__name__}: {exc}")


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def run_local(items: Iterable[RawDocument | Reject], workers: int = 1,
              chunk_size: int = 32, rows: bool = False,
              budget: float | None = DEFAULT_TIME_BUDGET) -> Iterator[Result | Rows | Reject]:
    """Results and rejects for ``items``, in order, using ``workers`` processes.

    ``rows``: with a pool, the workers give each document back as its ledger
    rows (:class:`~tacitus.store.rows.Rows`), so the parent, which writes the
    ledger, only inserts them. In one process there is nothing to save, and
    ``Result`` objects come back either way (the store takes both).
    ``budget``: seconds one document may take before it becomes a reject
    ("extraction exceeded N s"); None for no limit.
    """
    if workers <= 1:
        yield from process_all(items, budget)
        return
    ctx = mp.get_context("fork") if hasattr(os, "fork") else mp.get_context()
    work = partial(extract_rows if rows else _work, budget=budget)
    with ctx.Pool(workers) as pool:
        for out in pool.imap(work, _chunks(items, chunk_size), chunksize=1):
            yield from out
