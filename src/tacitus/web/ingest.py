"""``POST /documents`` off the event loop: a bounded number of ingest jobs,
each done in a worker process.

A worker process extracts the report, stores it and links what is new (an
incremental, short transaction) on its own connection to the ledger: all of
it CPU-bound Python that, in a thread of the server, would hold the
interpreter lock its requests need. So a long report never stalls the GETs,
which never wait for the write either (SQLite WAL / PostgreSQL MVCC; the
server only reads). At most ``limit`` jobs are waiting or running at once;
beyond that the server answers 503 with ``Retry-After``. Finished jobs are
kept (the last ``keep``) so a client told 202 can poll
``GET /documents/jobs/{job}``.
"""
from __future__ import annotations

import atexit
import concurrent.futures as cf
import multiprocessing as mp
import os
import threading
import time
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from ..model import RawDocument, Reject


@dataclass
class Job:
    """One ingest request and what became of it."""
    id: str
    source: str
    created: float = field(default_factory=time.monotonic)
    status: str = "queued"          # queued | running | done | failed
    result: dict[str, Any] | None = None
    error: str | None = None
    future: cf.Future = field(default_factory=cf.Future)  # set when done or failed
    work: cf.Future | None = None

    def to_dict(self) -> dict[str, Any]:
        status = self.status
        if status == "queued" and self.work is not None and self.work.running():
            status = "running"
        out: dict[str, Any] = {"job": self.id, "status": status, "source": self.source}
        if self.result is not None:
            out.update(self.result)
            out["document"] = f"/documents/{self.result['id']}"
        if self.error is not None:
            out["error"] = self.error
        return out


_STORE: Any = None  # a worker process's own connection to the ledger


def _watch_parent(parent: int) -> None:
    """In a worker process: exit when the server that started it is gone (a
    server killed without its shutdown would otherwise leave it holding the ledger)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)
    threading.Thread(target=watch, name="tacitus-parent-watch", daemon=True).start()


def _ingest(db: str, raw: RawDocument) -> dict[str, Any]:
    """In a worker process: extract one report, store it, link what is new."""
    global _STORE
    from ..budget import DEFAULT_TIME_BUDGET
    from ..engines.local import extract_rows
    from ..store import open_store
    if _STORE is None:
        _STORE = open_store(db)
    # the CLI's per-document time budget; a report that cannot be extracted or
    # stored is the client's 422 with the reason (not recorded as a reject: the
    # client has it), never a 500
    rows = extract_rows([raw], DEFAULT_TIME_BUDGET)[0]
    if isinstance(rows, Reject):
        return {"error": f"report not extracted: {rows.reason}"}
    stats = _STORE.write_batch([rows], [])
    if stats.failed:
        return {"error": f"report not stored: {stats.failed[0].reason}"}
    _STORE.ensure_linked()
    return {"id": rows.document_id, "stored": bool(stats.documents), "events": rows.n_events}


class IngestQueue:
    """The app's ingest jobs (see the module docstring). ``workers`` processes
    are started on the first job and live as long as the server."""

    def __init__(self, db: str, on_stored: Any = None, *, workers: int = 1, limit: int = 8,
                 keep: int = 1000) -> None:
        self.db = db
        self.on_stored = on_stored or (lambda: None)
        self.workers = max(1, workers)
        self.limit = max(1, limit)
        self.keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._active = 0
        self._lock = threading.Lock()
        self._pool: cf.ProcessPoolExecutor | None = None
        self._durations: deque[float] = deque(maxlen=20)

    # -- the client's side -------------------------------------------------------
    def submit(self, raw: RawDocument) -> Job | None:
        """Queue a report; None when ``limit`` jobs are already in hand."""
        with self._lock:
            if self._active >= self.limit:
                return None
            self._active += 1
            if self._pool is None:
                # spawn: a clean interpreter, not a fork of a threaded server
                self._pool = cf.ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"),
                                                    initializer=_watch_parent, initargs=(os.getpid(),))
                atexit.register(self.close)
            job = Job(uuid.uuid4().hex, raw.source)
            self._jobs[job.id] = job
            while len(self._jobs) > self.keep:
                self._jobs.popitem(last=False)
        try:
            job.work = self._pool.submit(_ingest, self.db, raw)
        except BaseException:
            self._finish(job, error="the ingest workers are not available")
            raise
        job.work.add_done_callback(lambda f, job=job: self._done(job, f))
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
        """Jobs waiting or running."""
        return self._active

    # -- the server's side -------------------------------------------------------
    def _done(self, job: Job, work: cf.Future) -> None:
        try:
            out = work.result()
        except BaseException as exc:  # noqa: BLE001 - a dead worker, a ledger error: the job fails, not the server
            self._finish(job, error=f"{type(exc).__name__}: {str(exc)[:200]}")
            return
        if "error" in out:
            self._finish(job, error=out["error"])
            return
        self.on_stored()
        self._finish(job, result=out)

    def _finish(self, job: Job, *, result: dict[str, Any] | None = None, error: str | None = None) -> None:
        job.result, job.error = result, error
        job.status = "done" if error is None else "failed"
        with self._lock:
            self._active -= 1
            self._durations.append(time.monotonic() - job.created)
        job.future.set_result(job)

    def close(self) -> None:
        """Stop the workers (jobs not started are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
