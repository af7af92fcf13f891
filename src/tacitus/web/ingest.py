"""``POST /documents`` off the event loop: extraction in worker processes, the
write and the re-link in one writer thread, a bounded number of jobs.

A report is extracted in a process pool (extraction is CPU-bound Python: in a
thread it would hold the interpreter lock the server's requests need), so a
long report never stalls the GETs. The ledger rows come back to one writer
thread, which stores them and links what is new (an incremental, short
transaction; readers are never blocked: SQLite WAL / PostgreSQL MVCC, and
the store's read connections). At most ``limit`` jobs are waiting, extracting
or writing at once; beyond that the server answers 503 with ``Retry-After``.
Finished jobs are kept (the last ``keep``) so a client told 202 can poll
``GET /documents/jobs/{job}``.
"""
from __future__ import annotations

import atexit
import concurrent.futures as cf
import multiprocessing as mp
import queue
import threading
import time
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from ..model import RawDocument, Reject
from ..store.rows import Rows


@dataclass
class Job:
    """One ingest request and what became of it."""
    id: str
    source: str
    created: float = field(default_factory=time.monotonic)
    status: str = "queued"          # queued | extracting | writing | done | failed
    result: dict[str, Any] | None = None
    error: str | None = None
    future: cf.Future = field(default_factory=cf.Future)  # set when done or failed
    extraction: cf.Future | None = None

    def to_dict(self) -> dict[str, Any]:
        status = self.status
        if status == "queued" and self.extraction is not None and self.extraction.running():
            status = "extracting"
        out: dict[str, Any] = {"job": self.id, "status": status, "source": self.source}
        if self.result is not None:
            out.update(self.result)
            out["document"] = f"/documents/{self.result['id']}"
        if self.error is not None:
            out["error"] = self.error
        return out


def _extract(raw: RawDocument) -> Rows | Reject:
    """In a worker process: one report through the pipeline, as ledger rows."""
    from ..engines.local import extract_rows
    return extract_rows([raw])[0]


class IngestQueue:
    """The app's ingest jobs (see the module docstring). ``workers`` extraction
    processes are started on the first job and live as long as the server."""

    def __init__(self, store: Any, on_stored: Any = None, *, workers: int = 1, limit: int = 8,
                 keep: int = 1000) -> None:
        self.store = store
        self.on_stored = on_stored or (lambda: None)
        self.workers = max(1, workers)
        self.limit = max(1, limit)
        self.keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._active = 0
        self._lock = threading.Lock()
        self._written: queue.Queue[tuple[Job, cf.Future] | None] = queue.Queue()
        self._pool: cf.ProcessPoolExecutor | None = None
        self._writer: threading.Thread | None = None
        self._durations: deque[float] = deque(maxlen=20)

    # -- the client's side -------------------------------------------------------
    def submit(self, raw: RawDocument) -> Job | None:
        """Queue a report; None when ``limit`` jobs are already in hand."""
        with self._lock:
            if self._active >= self.limit:
                return None
            self._active += 1
            self._start()
            job = Job(uuid.uuid4().hex, raw.source)
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                self._jobs.popitem(last=False)
        try:
            job.extraction = self._pool.submit(_extract, raw)
        except BaseException:
            self._finish(job, error="the extraction workers are not available")
            raise
        job.extraction.add_done_callback(lambda f, job=job: self._written.put((job, f)))
        return job

    def job(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def retry_after(self) -> int:
        """Seconds a client refused with 503 should wait: the jobs in hand times
        the recent time per job, over the workers (1 to 60)."""
        per_job = sum(self._durations) / len(self._durations) if self._durations else 2.0
        return int(min(60, max(1, round(self._active * per_job / self.workers))))

    def pending(self) -> int:
        """Jobs waiting, extracting or being written."""
        return self._active

    # -- the server's side -------------------------------------------------------
    def _start(self) -> None:
        if self._pool is None:
            # spawn: a clean interpreter, not a fork of a threaded server
            self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"))
            self._writer = threading.Thread(target=self._write_loop, name="tacitus-ingest-writer", daemon=True)
            self._writer.start()
            atexit.register(self.close)

    def _write_loop(self) -> None:
        while True:
            item = self._written.get()
            if item is None:
                return
            job, extraction = item
            try:
                rows = extraction.result()
            except BaseException as exc:  # noqa: BLE001 - a dead worker, a pickling error: the job fails, not the server
                self._finish(job, error=f"extraction failed: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            job.status = "writing"
            try:
                if isinstance(rows, Reject):
                    self.store.write_batch([], [rows])
                    self._finish(job, error=rows.reason)
                    continue
                stats = self.store.write_batch([rows], [])
                self.store.ensure_linked()
                self.on_stored()
                self._finish(job, result={"id": rows.document_id, "stored": bool(stats.documents),
                                          "events": rows.n_events})
            except BaseException as exc:  # noqa: BLE001 - the ledger said no: report it on the job
                self._finish(job, error=f"cannot store: {type(exc).__name__}: {str(exc)[:200]}")

    def _finish(self, job: Job, *, result: dict[str, Any] | None = None, error: str | None = None) -> None:
        job.result, job.error = result, error
        job.status = "done" if error is None else "failed"
        with self._lock:
            self._active -= 1
            self._durations.append(time.monotonic() - job.created)
        job.future.set_result(job)

    def close(self) -> None:
        """Stop the writer after the jobs in hand, and the workers."""
        if self._writer is not None and self._writer.is_alive():
            self._written.put(None)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
