"""The engines: the Dask engine on a real 2-process LocalCluster against the local engine.

The stand-in task functions below are shipped to the workers by value
(cloudpickle), so the workers need not import this test module. The ledger
comparison uses the real pipeline on synthetic reports from benchmarks/synth.py.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import cloudpickle
import pytest

from tacitus.engines.dask import lost_partition, partitions, run_dask
from tacitus.model import Document, RawDocument, Reject, Result, document_id

cloudpickle.register_pickle_by_value(sys.modules[__name__])

ROOT = Path(__file__).resolve().parents[1]


# -- stand-in task functions (run on the workers) ---------------------------
def fake_result(item: RawDocument | Reject) -> Result | Reject:
    """What a trivial pipeline would give: the document, no events."""
    if isinstance(item, Reject):
        return item
    return Result(Document(id=document_id(item.text), source=item.source, text=item.text), [])


def fake_work(items: list) -> list:
    return [fake_result(i) for i in items]


def slow_work(items: list) -> list:
    time.sleep(0.01 * len(items))
    return fake_work(items)


def poisoned_work(items: list) -> list:
    if any(isinstance(i, RawDocument) and "POISON" in i.text for i in items):
        raise ValueError("bad partition")
    return fake_work(items)


def flaky_work_factory(marker_dir: str):
    """A task that fails the first time it sees a partition, then succeeds (needs retries)."""
    def flaky(items: list) -> list:
        marker = os.path.join(marker_dir, items[0].source.replace("/", "_"))
        if not os.path.exists(marker):
            open(marker, "w").close()
            raise RuntimeError("transient failure")
        return fake_work(items)
    return flaky


def raw_docs(n: int, poison_at: int | None = None) -> list[RawDocument | Reject]:
    """``n`` short invented reports, every 25th input an unreadable file (a Reject)."""
    items: list[RawDocument | Reject] = []
    for i in range(n):
        if i % 25 == 24:
            items.append(Reject(f"inbox/{i}.pdf", "unsupported format"))
            continue
        text = (f"Officials in district {i % 13} said {i % 40 + 2} drones were shot down on night {i}."
                + (" POISON" if i == poison_at else ""))
        items.append(RawDocument(source=f"inbox/{i}.txt", text=text))
    return items


# -- fixtures -----------------------------------------------------------------
@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster
    with LocalCluster(processes=True, n_workers=2, threads_per_worker=1, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as c:
        yield c


# -- pure helpers ---------------------------------------------------------------
def test_partitions_are_consecutive_and_lazy():
    consumed = []

    def source():
        for i in range(7):
            consumed.append(i)
            yield i

    parts = partitions(source(), 3)
    assert next(parts) == [0, 1, 2]
    assert consumed == [0, 1, 2]
    assert list(parts) == [[3, 4, 5], [6]]
    with pytest.raises(ValueError):
        next(partitions([1], 0))


def test_lost_partition_rejects_every_document_and_keeps_rejects():
    chunk = raw_docs(30)[20:27]
    out = lost_partition(chunk, RuntimeError("worker died"))
    assert [r.source for r in out] == [c.source for c in chunk]
    assert all(isinstance(r, Reject) for r in out)
    assert out[4].reason == "unsupported format"  # inbox/24.pdf stays what it was
    assert out[0].reason == "extraction failed: partition lost: RuntimeError: worker died"


# -- on a LocalCluster -------------------------------------------------------
def test_dask_gives_every_item_in_input_order(client):
    items = raw_docs(300)
    got = list(run_dask(items, client=client, partition_size=16, work=slow_work))
    assert got == fake_work(items)


def test_in_flight_partitions_are_bounded(client):
    pulled = []

    def source():
        for i, item in enumerate(raw_docs(200)):
            pulled.append(i)
            yield item

    stream = run_dask(source(), client=client, partition_size=10, ahead=3, work=fake_work)
    first = next(stream)
    assert first.document.source == "inbox/0.txt"
    # 3 in flight + at most 3 finished waiting, each 10 items, and one refill
    assert len(pulled) <= 70
    assert len(list(stream)) == 199


def test_failing_partition_becomes_rejects_others_survive(client):
    items = raw_docs(120, poison_at=45)
    got = list(run_dask(items, client=client, partition_size=20, retries=1, work=poisoned_work))
    assert len(got) == 120
    assert [g.source if isinstance(g, Reject) else g.document.source for g in got] == [i.source for i in items]
    lost = [g for g in got[40:60] if isinstance(g, Reject) and g.reason.startswith("extraction failed")]
    assert len(lost) == 19  # inbox/49.pdf keeps its own reason
    assert got[:40] == fake_work(items[:40]) and got[60:] == fake_work(items[60:])


def test_failed_task_is_retried(client, tmp_path):
    items = raw_docs(60)
    got = list(run_dask(items, client=client, partition_size=20, retries=1,
                        work=flaky_work_factory(str(tmp_path))))
    assert got == fake_work(items)
    assert len(os.listdir(tmp_path)) == 3  # every partition failed once, then succeeded


def test_killed_worker_mid_run_still_gives_a_complete_stream():
    from distributed import Client
    from tacitus.engines.dask import local_cluster

    items = raw_docs(240)
    with local_cluster(2) as cluster, Client(cluster) as c:
        pids = list(c.run(os.getpid).values())
        killed = threading.Event()

        def kill_one(index: int, size: int) -> None:
            if index == 2 and not killed.is_set():
                os.kill(pids[0], signal.SIGKILL)
                killed.set()

        got = list(run_dask(items, client=c, partition_size=20, ahead=4, work=slow_work,
                            on_partition=kill_one))
        assert killed.is_set()
        assert got == fake_work(items)
        assert pids[0] not in c.run(os.getpid).values()  # the nanny started a new worker


# -- the real pipeline: same ledger as the local engine -----------------------
def _synthetic(n: int) -> list[RawDocument]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    from datetime import date
    return [RawDocument(source=f"synth/{r['id']}", text=r["text"], title=r.get("title"), outlet=r.get("outlet"),
                        published=date.fromisoformat(r["published"]) if r.get("published") else None)
            for r in synth.generate(n, seed=7, words=250)]


def _ledger(stream, path: Path) -> dict:
    from tacitus.store import open_store
    items = list(stream)
    with open_store(path) as store:
        for i in range(0, len(items), 50):
            batch = items[i:i + 50]
            store.write_batch([r for r in batch if not isinstance(r, Reject)], [r for r in batch if isinstance(r, Reject)])
        return {"counts": store.counts(), "results": list(store.results()),
                "docs": [d["id"] for d in store.documents()]}


def test_dask_ledger_is_identical_to_local_engine(client, tmp_path):
    from tacitus.engines.local import run_local
    items = _synthetic(160)
    local = _ledger(run_local(items, workers=1), tmp_path / "local.db")
    dask = _ledger(run_dask(items, client=client, partition_size=25), tmp_path / "dask.db")
    assert local["counts"]["documents"] == 160 and local["counts"]["events"] > 0
    assert dask == local


def test_rows_built_on_the_workers_give_the_same_ledger(client, tmp_path):
    from tacitus.engines.local import run_local
    from tacitus.store.rows import Rows
    items = _synthetic(120)
    local = _ledger(run_local(items, workers=1), tmp_path / "local.db")
    stream = list(run_dask(items, client=client, partition_size=25, rows=True))
    assert all(isinstance(r, Rows) for r in stream)
    assert _ledger(stream, tmp_path / "dask-rows.db") == local
    pool = list(run_local(items, workers=2, chunk_size=16, rows=True))
    assert all(isinstance(r, Rows) for r in pool)
    assert _ledger(pool, tmp_path / "pool-rows.db") == local


_REPORTS = {
    "kharkiv.txt": "date 2025-03-04\nKYIV (Northline Wire) - Russian drones struck an energy facility in Kharkiv "
                   "overnight, injuring three workers, the regional governor said on Tuesday.\n",
    "darfur.txt": "date 2025-02-11\nFighters of a paramilitary group attacked a market near Nyala on Monday, "
                  "killing at least 11 civilians, a local medical group told the Sahel Ledger.\n",
    "notes.txt": "Quarterly wheat exports rose slightly, traders said.\n",
}


def test_cli_ingest_with_dask_matches_local_and_reruns_add_nothing(tmp_path):
    from click.testing import CliRunner

    from tacitus.cli import main
    from tacitus.store import open_store
    for name, text in _REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [str(tmp_path / n) for n in sorted(_REPORTS)]
    runner = CliRunner()
    lines = {}
    for engine in ("dask", "local"):
        db = str(tmp_path / f"{engine}.db")
        args = ["--db", db, "ingest", "--engine", engine, "--workers", "2", *files]
        assert runner.invoke(main, args).exit_code == 0
        with open_store(db) as store:
            first = store.counts()
            lines[engine] = list(store.results())
        assert runner.invoke(main, args).exit_code == 0  # idempotent re-run
        with open_store(db) as store:
            assert store.counts() == first
    assert first["documents"] == 3
    assert lines["dask"] == lines["local"]
