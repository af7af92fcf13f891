"""Kill a real writer with SIGKILL mid-ingest: the ledger must hold whole batches
only, pass SQLite's integrity check, and a re-run must complete it exactly.

Run as a script, this file is the writer:
``python tests/test_store_kill.py DB BATCHES BATCH_SIZE`` prints ``committed N``
after each batch it stores.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
BATCHES, BATCH_SIZE = 150, 40


def generated_result(i: int):
    """Document ``i`` of the generated corpus: ``i % 4`` events, each with a place and two quantities."""
    from tacitus.model import (Actor, Claim, Document, Event, Evidence, Place, Quantity, Result, TimeSpan,
                               document_id)
    day = date(2025, 1, 1) + timedelta(days=i % 200)
    text = (f"Officials in region {i % 17} said {i % 50 + 3} drones were launched overnight and "
            f"{i % 40 + 1} were shot down, report number {i}.")
    doc = Document(id=document_id(text), source=f"gen/{i}", text=text, published=day, outlet="Generated Wire")
    events = []
    for k in range(i % 4):
        events.append(Event(
            id=f"e{k + 1}", type="interception" if k % 2 else "attack", evidence=Evidence(text, 0, len(text)),
            weapons=["drone"], attacker=Actor("Side A", "RU"), target=Actor("Side B", "UA"),
            time=TimeSpan(day - timedelta(days=1), day, "night", "overnight"),
            places=[Place(f"region {i % 17}", f"Region {i % 17}", "UA", None, 48.0 + k, 35.0, "admin1")],
            quantities=[Quantity("launched", i % 50 + 3, i % 50 + 3, i % 50 + 3, "exact", "drone"),
                        Quantity("intercepted", i % 40 + 1, i % 40 + 1, i % 40 + 1, "exact", "drone")],
            claim=Claim("regional officials", "UA", [], "asserted", "said")))
    return Result(doc, events)


def write_corpus(db: str, batches: int, batch_size: int) -> None:
    """The writer: store ``batches`` batches, skipping stored documents as ingest does."""
    from tacitus.store import open_store
    with open_store(db) as store:
        for b in range(batches):
            results = [generated_result(b * batch_size + j) for j in range(batch_size)]
            known = store.has_documents(r.document.id for r in results)
            store.write_batch([r for r in results if r.document.id not in known], [])
            print(f"committed {b + 1}", flush=True)


def _writer(db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen([sys.executable, __file__, str(db), str(BATCHES), str(BATCH_SIZE)],
                            stdout=subprocess.PIPE, text=True, env=env)


def _check_whole_batches(db: Path) -> int:
    """Assert the ledger is consistent; return how many documents it holds."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute("SELECT d.source, (SELECT COUNT(*) FROM events e WHERE e.document_id = d.id),"
                            " (SELECT COUNT(*) FROM places p WHERE p.document_id = d.id),"
                            " (SELECT COUNT(*) FROM quantities q WHERE q.document_id = d.id),"
                            " (SELECT COUNT(*) FROM claims c WHERE c.document_id = d.id)"
                            " FROM documents d").fetchall()
        indices = sorted(int(src.split("/")[1]) for src, *_ in rows)
        # whole batches only: documents 0 .. k*BATCH_SIZE-1, nothing else
        assert len(indices) % BATCH_SIZE == 0
        assert indices == list(range(len(indices)))
        for src, n_events, n_places, n_quantities, n_claims in rows:
            expected = int(src.split("/")[1]) % 4
            assert (n_events, n_places, n_quantities, n_claims) == (expected, expected, 2 * expected, expected)
        return len(indices)
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_whole_batches_and_rerun_completes(tmp_path):
    db = tmp_path / "killed.db"
    proc = _writer(db)
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 5 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed = int(line.split()[1])
    time.sleep(0.013)  # land somewhere inside a later batch
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    stored = _check_whole_batches(db)
    assert committed * BATCH_SIZE <= stored < BATCHES * BATCH_SIZE

    rerun = _writer(db)
    out, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, out
    assert _check_whole_batches(db) == BATCHES * BATCH_SIZE
    conn = sqlite3.connect(db)
    total_events = sum(i % 4 for i in range(BATCHES * BATCH_SIZE))
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone() == (
        BATCHES * BATCH_SIZE, BATCHES * BATCH_SIZE)
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == total_events
    assert conn.execute("SELECT COUNT(*) FROM quantities").fetchone()[0] == 2 * total_events
    conn.close()


if __name__ == "__main__":
    write_corpus(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
