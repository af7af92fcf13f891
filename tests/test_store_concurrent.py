"""Concurrent ingest: three processes write overlapping batches into one ledger
(PostgreSQL, and SQLite for comparison); every document must be stored exactly
once, with exact counts, and the ledger must equal a single writer's.

Also: without a PostgreSQL server the PostgreSQL tests skip here, but fail
when ``$CI`` is set.

Run as a script, this file is one writer:
``python tests/test_store_concurrent.py DB START END BATCH SEED GO_FILE``
stores the generated documents START..END-1 in shuffled batches of BATCH
(each batch also repeats two documents) once GO_FILE exists, then prints
``stored N skipped M``.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_store_fixtures import no_postgres, postgres_cluster
from test_store_kill import generated_result

SRC = Path(__file__).resolve().parents[1] / "src"
# overlapping ranges: 0-399, 200-599, 100-699 -> 700 distinct documents
RANGES = ((0, 400, 1), (200, 600, 2), (100, 700, 3))
DISTINCT = range(0, 700)


def write_range(db: str, start: int, end: int, batch: int, seed: int, go: str) -> tuple[int, int]:
    """The writer: shuffled, overlapping batches with in-batch repeats, straight to write_batch."""
    from tacitus.store import open_store
    order = list(range(start, end))
    random.Random(seed).shuffle(order)
    stored = skipped = 0
    with open_store(db) as store:
        while not os.path.exists(go):
            time.sleep(0.01)
        for i in range(0, len(order), batch):
            ids = order[i:i + batch]
            results = [generated_result(k) for k in ids + ids[:2]]
            stats = store.write_batch(results, [])
            stored += stats.documents
            skipped += stats.skipped
    return stored, skipped


@pytest.fixture(scope="module")
def pg_base():
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_url(request, tmp_path):
    """A URL of a fresh, migrated, empty ledger on each backend."""
    from tacitus.store import open_store
    if request.param == "sqlite":
        url = str(tmp_path / "shared.db")
    else:
        base = request.getfixturevalue("pg_base")
        if base is None:
            no_postgres()
        import psycopg
        name = f"concurrent_{os.getpid()}_{len(os.listdir(tmp_path))}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = f"{base}/{name}"
    open_store(url).close()  # migrate once up front (concurrent migration has its own lock)
    return url


def _writers(url: str, go: Path) -> list[subprocess.Popen]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    return [subprocess.Popen([sys.executable, __file__, url, str(a), str(b), "25", str(seed), str(go)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for a, b, seed in RANGES]


def test_overlapping_writers_store_each_document_once(ledger_url, tmp_path):
    from tacitus.store import open_store
    go = tmp_path / "go"
    procs = _writers(ledger_url, go)
    time.sleep(1.0)  # let all three import and connect, then start them together
    go.touch()
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [e for _, e in outs]
    stored = [tuple(int(x) for x in o.split()[1::2]) for o, _ in outs]
    assert sum(s for s, _ in stored) == len(DISTINCT)  # each document stored by exactly one writer
    assert sum(s + k for s, k in stored) == sum(b - a for a, b, _ in RANGES) + 2 * sum(
        -(-(b - a) // 25) for a, b, _ in RANGES)  # every write either stored or skipped

    events = sum(i % 4 for i in DISTINCT)
    with open_store(ledger_url) as store:
        assert store.counts() == {"documents": 700, "events": events, "quantities": 2 * events,
                                  "places": events, "claims": events, "rejects": 0, "removed_blocks": 0}
        got = sorted(store.results(), key=lambda r: r["document"]["id"])
        seqs = [d["id"] for d in store.documents()]
    assert len(set(seqs)) == 700
    expected = sorted((generated_result(i).to_dict() for i in DISTINCT), key=lambda r: r["document"]["id"])
    assert got == expected


def test_missing_postgres_skips_locally_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        no_postgres()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        no_postgres()


if __name__ == "__main__":
    db, start, end, batch, seed, go = sys.argv[1:7]
    n_stored, n_skipped = write_range(db, int(start), int(end), int(batch), int(seed), go)
    print(f"stored {n_stored} skipped {n_skipped}", flush=True)
