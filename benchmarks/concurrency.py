"""Readers and writers on one SQLite ledger at once, as a team uses it.

A ledger of ``--base`` synthetic reports (~10 events each: 7,000 give ~70,000
events; built once, through the real pipeline, and cached) is copied; then

1. a ``tacitus ingest`` of ``--ingest`` new reports starts (it writes and links
   batch by batch);
2. once it is writing, a second ``tacitus ingest`` of ``--second`` other
   reports starts beside it;
3. meanwhile ``--reads`` rounds of reads run in a loop, each: ``tacitus events
   --limit 50`` as a new process (wall time, interpreter start included; its
   exit code and any "database is locked"), and the same read through the
   Python API (``open_store(..., read_only=True)``, a page of events and their
   count: the latency of the read itself), then a page of incidents.

Before the writers start, the same reads on the idle ledger give the floor.
Reported: reads done while the big ingest was running, "locked" errors, p50 /
p99 of both kinds of read (busy and idle), both ingests' exit codes and
durations, and whether the ledger holds every document exactly once.

    PYTHONPATH=src .venv/bin/python benchmarks/concurrency.py --base 7000 --ingest 10000 --second 1000 --reads 100

Not part of ``make test`` (``tests/test_readers.py`` checks that a reader
never waits for a writer). Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from link_incremental import corpus, extracted, store_rows, write_jsonl  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}


def cli_read(db: Path) -> tuple[float, int, bool]:
    """``tacitus events --limit 50`` as a new process: (seconds, exit code, said "locked")."""
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "tacitus.cli", "--db", str(db), "events", "--limit", "50",
                          "--format", "jsonl"], env=ENV, capture_output=True, text=True)
    return time.perf_counter() - t0, res.returncode, "locked" in res.stderr + res.stdout


def api_read(db: Path) -> tuple[float, float, bool]:
    """Through the Python API: open read-only, a page of events and its total
    (what ``tacitus events`` reads), then a page of incidents; (seconds of the
    first, seconds of the second, ok)."""
    from tacitus.store import open_store
    t0 = time.perf_counter()
    t1 = t0
    try:
        with open_store(db, read_only=True) as store:
            page = store.events(type="attack", limit=50)
            store.count_events(type="attack")
            t1 = time.perf_counter()
            store.incidents(limit=20)
        ok = len(page) > 0
    except Exception as exc:  # noqa: BLE001 - counted and shown, the loop goes on
        print(f"API read failed: {exc}", file=sys.stderr)
        ok = False
    return t1 - t0, time.perf_counter() - t1, ok


def _q(xs: list[float]) -> dict[str, float]:
    if len(xs) < 2:
        return {"n": len(xs)}
    qs = statistics.quantiles(xs, n=100, method="inclusive")
    return {"n": len(xs), "p50_ms": round(qs[49] * 1000, 1), "p99_ms": round(qs[98] * 1000, 1),
            "max_ms": round(max(xs) * 1000, 1)}


def _summary(stdout: str) -> dict[str, int]:
    """The counts of an ingest's summary table (documents stored, already in the ledger, rejected)."""
    out = {}
    for label in ("documents stored", "already in the ledger", "inputs rejected"):
        for line in stdout.splitlines():
            if label in line:
                cells = [c for c in line.replace("│", "|").replace("┃", "|").split("|") if c.strip()]
                if cells and cells[-1].strip().isdigit():
                    out[label] = int(cells[-1])
    return out


def documents(db: Path) -> int:
    from tacitus.store import open_store
    with open_store(db, read_only=True) as store:
        return store.counts()["documents"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=int, default=7000, help="reports in the ledger before (~10 events each)")
    ap.add_argument("--ingest", type=int, default=10000, help="reports of the big concurrent ingest")
    ap.add_argument("--second", type=int, default=1000, help="reports of the second concurrent ingest")
    ap.add_argument("--reads", type=int, default=100, help="rounds of reads while the ingests run")
    ap.add_argument("--idle-reads", type=int, default=20, help="rounds of reads on the idle ledger first")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2, help="extraction processes for building the base ledger")
    ap.add_argument("--workdir", default="/tmp/tacitus-concurrency")
    args = ap.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    # the base is link_incremental.py grow's (same corpus, same cache names: one
    # --workdir serves both); the ingests bring the news of later nights
    base_recs = corpus(args.base, args.seed)
    records = corpus(args.ingest + args.second, args.seed + 1, first=date(2026, 1, 1))
    big = write_jsonl(records[:args.ingest], work / "ingest.jsonl")
    second = write_jsonl(records[args.ingest:], work / "second.jsonl")
    base_db = work / f"base-{args.seed}-{args.base}.db"
    if not base_db.exists():
        t = store_rows(base_db, extracted(base_recs, work / f"rows-{args.seed}-{args.base}-base.pkl", args.workers))
        print(f"base ledger: {t['events']} events", file=sys.stderr)
    db = work / "ledger.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copy(base_db, db)
    from tacitus.store import open_store
    with open_store(db, read_only=True) as store:
        before = store.counts()

    idle_cli, idle_api, idle_inc = [], [], []
    for _ in range(args.idle_reads):
        idle_cli.append(cli_read(db)[0])
        events_s, incidents_s, _ = api_read(db)
        idle_api.append(events_s)
        idle_inc.append(incidents_s)

    from tacitus.store.migrations import now_utc
    started_at = now_utc()
    t_start = time.perf_counter()
    a = subprocess.Popen([sys.executable, "-m", "tacitus.cli", "--db", str(db), "ingest", str(big)], env=ENV,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while documents(db) == before["documents"] and a.poll() is None:
        time.sleep(0.2)
    t_writing = time.perf_counter()
    b = None
    busy_cli, busy_api, busy_inc, locked, failed, overlapped = [], [], [], 0, 0, 0
    for i in range(args.reads):
        if i == 5:
            b = subprocess.Popen([sys.executable, "-m", "tacitus.cli", "--db", str(db), "ingest", str(second)],
                                 env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        running = a.poll() is None
        sec, code, said_locked = cli_read(db)
        api_sec, inc_sec, ok = api_read(db)
        if running:
            overlapped += 1
            busy_cli.append(sec)
            busy_api.append(api_sec)
            busy_inc.append(inc_sec)
        locked += said_locked
        failed += (code != 0) + (not ok)
    t_reads = time.perf_counter()
    b_out, b_err = b.communicate() if b else ("", "")
    a_out, a_err = a.communicate()
    b_code, a_code = (b.returncode if b else None), a.returncode
    for name, text in (("big-ingest.out", a_out + a_err), ("second-ingest.out", b_out + b_err)):
        (work / name).write_text(text, encoding="utf-8")  # kept for a look afterwards
    t_end = time.perf_counter()
    with open_store(db, read_only=True) as store:
        after = store.counts()
        unlinked = store.unlinked_documents()
        # how long each link transaction of the two ingests held the write lock
        held = [h["detail"]["seconds"] for h in store.history(limit=None)
                if h["action"] == "link" and "seconds" in h["detail"] and h["at"] >= started_at]
    stored_a, stored_b = _summary(a_out), _summary(b_out)
    out = {
        "ledger_before": {"documents": before["documents"], "events": before["events"]},
        "ledger_after": {"documents": after["documents"], "events": after["events"], "unlinked": unlinked},
        # every report read was stored, found stored already or rejected, and the
        # ledger grew by exactly what the two ingests say they stored
        "every_document_once": (after["documents"] == before["documents"] + stored_a.get("documents stored", -1)
                                + stored_b.get("documents stored", -1)
                                and sum(stored_a.values()) >= args.ingest and sum(stored_b.values()) >= args.second),
        "ingest_summaries": {"big": stored_a, "second": stored_b},
        "reads": {"rounds": args.reads, "during_big_ingest": overlapped, "locked_errors": locked,
                  "failed": failed, "reads_took_s": round(t_reads - t_writing, 1)},
        "cli_events_busy": _q(busy_cli), "cli_events_idle": _q(idle_cli),
        "api_events_busy": _q(busy_api), "api_events_idle": _q(idle_api),
        "api_incidents_busy": _q(busy_inc), "api_incidents_idle": _q(idle_inc),
        "big_ingest": {"reports": args.ingest, "exit_code": a_code, "seconds": round(t_end - t_start, 1),
                       "locked": "locked" in a_err},
        "second_ingest": {"reports": args.second, "exit_code": b_code, "locked": "locked" in b_err},
        "link_transactions": {"n": len(held), "max_s": max(held, default=0.0),
                              "p50_s": statistics.median(held) if held else 0.0},
        "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()],
    }
    if a_code or b_code:
        out["stderr_tail"] = (a_err + b_err)[-1500:]
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
