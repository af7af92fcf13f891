"""Scale benchmark: ingest a synthetic corpus with the local and the Dask engines.

    python benchmarks/synth.py 20000 --out /tmp/scale/corpus.jsonl
    PYTHONPATH=src python benchmarks/scale.py /tmp/scale/corpus.jsonl --runs dask:1 dask:2 local:2

Each run (``ENGINE:WORKERS``) is a fresh subprocess (so peak memory is its
own) that reads the corpus with ``tacitus.read.iter_inputs``, extracts it with
the engine and writes it to a new SQLite ledger in batches of 200, as
``tacitus ingest`` does (the workers hand back ledger rows, ``rows=True``).
Reported per run: wall time and docs/s of the ingest (cluster start-up and
pipeline warm-up timed apart), peak RSS of the client and of each worker, and digests of the ledger (document ids in ingest
order, event ids, claims, every contract line) so runs can be compared for
identity. At the end: scaling 1 -> 2 Dask workers and a projection of the
cluster size for a GDELT-scale day (~730,000 articles) from the measured
per-core rate.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

GDELT_DAY = 730_000
BATCH = 200


def _rss_mb() -> float:
    """Peak resident memory of this process, MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _usage() -> tuple[int, float]:
    """(peak RSS in KB, CPU seconds) of the process it runs in (a worker)."""
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_maxrss, u.ru_utime + u.ru_stime


def _digest(rows) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str).encode())
        h.update(b"\n")
    return h.hexdigest()[:16]


def ledger_summary(db: str) -> dict:
    """Counts and digests of a ledger, to compare two runs."""
    from tacitus.store import open_store
    with open_store(db) as store:
        conn = store._conn  # read-only queries for the digests
        events = conn.execute("SELECT document_id, seq, event_id, type FROM events ORDER BY document_id, seq").fetchall()
        claims = conn.execute("SELECT document_id, event_seq, claimant, claimant_country, reported_by, modality, verb"
                              " FROM claims ORDER BY document_id, event_seq").fetchall()
        return {
            "counts": store.counts(),
            "documents_in_order": _digest(r[0] for r in conn.execute("SELECT id FROM documents ORDER BY ingest_seq")),
            "event_ids": _digest(list(r) for r in events),
            "claims": _digest(list(r) for r in claims),
            "contract_lines": _digest(store.results()),
        }


def _write(stream, db: str) -> None:
    from tacitus.model import Reject
    from tacitus.store import open_store
    results, rejects = [], []
    with open_store(db) as store:
        for item in stream:
            (rejects if isinstance(item, Reject) else results).append(item)
            if len(results) + len(rejects) >= BATCH:
                store.write_batch(results, rejects)
                results, rejects = [], []
        store.write_batch(results, rejects)


def run_one(spec: str, corpus: str, db: str, partition: int, limit: int | None) -> dict:
    """One measured ingest; returns its figures."""
    from itertools import islice

    from tacitus.read import iter_inputs
    engine, workers = spec.split(":")
    n = int(workers)
    items = iter_inputs([corpus])
    if limit:
        items = islice(items, limit)
    t0 = time.perf_counter()
    out: dict = {"run": spec, "partition_size": partition, "load_avg_1m_start": round(os.getloadavg()[0], 2)}
    if engine == "dask":
        from distributed import Client

        from tacitus.engines.dask import local_cluster, run_dask, warm_up
        with local_cluster(n) as cluster, Client(cluster) as client:
            client.run(warm_up)
            out["startup_s"] = round(time.perf_counter() - t0, 2)
            t1 = time.perf_counter()
            _write(run_dask(items, client=client, partition_size=partition, warm=False, rows=True), db)
            out["ingest_s"] = round(time.perf_counter() - t1, 2)
            usage = list(client.run(_usage).values())
            out["worker_peak_rss_mb"] = sorted(round(u[0] / 1024, 1) for u in usage)
            out["worker_cpu_s"] = round(sum(u[1] for u in usage), 1)
    else:
        from tacitus.engines.local import run_local
        from tacitus.pipeline import get_pipeline
        get_pipeline()  # forked workers inherit it
        out["startup_s"] = round(time.perf_counter() - t0, 2)
        t1 = time.perf_counter()
        _write(run_local(items, workers=n, rows=True), db)
        out["ingest_s"] = round(time.perf_counter() - t1, 2)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        out["worker_cpu_s"] = round(children.ru_utime + children.ru_stime, 1) if n > 1 else None
    own = resource.getrusage(resource.RUSAGE_SELF)
    out["client_cpu_s"] = round(own.ru_utime + own.ru_stime, 1)
    out["client_peak_rss_mb"] = round(_rss_mb(), 1)
    out["load_avg_1m_end"] = round(os.getloadavg()[0], 2)
    out["ledger"] = ledger_summary(db)
    read = out["ledger"]["counts"]["documents"] + out["ledger"]["counts"]["rejects"]
    out["docs_per_s"] = round(read / out["ingest_s"], 1)
    if out.get("worker_cpu_s"):
        out["docs_per_worker_cpu_s"] = round(read / out["worker_cpu_s"], 1)
    return out


def projection(run: dict) -> list[dict]:
    """Cores for a GDELT-scale day within a few deadlines, from one Dask run's
    CPU accounting (so other load on the machine does not skew it): worker
    cores at the measured docs per worker-CPU-second, plus the client's CPU per
    document (reading, receiving, writing the ledger)."""
    per_core = run["docs_per_worker_cpu_s"]
    docs = run["ledger"]["counts"]["documents"] + run["ledger"]["counts"]["rejects"]
    client_ms = 1000 * run["client_cpu_s"] / docs
    rows = []
    for label, seconds in (("24 h (keep up)", 86400), ("1 h", 3600), ("10 min", 600)):
        need = GDELT_DAY / seconds
        rows.append({"deadline": label, "docs_per_s": round(need, 1),
                     "worker_cores": max(1, int(-(-need // per_core))),
                     "client_cores": round(need * client_ms / 1000, 2)})
    return rows


def summarise(results: list[dict]) -> dict:
    """Identity of the ledgers, scaling 1 -> 2 Dask workers, the GDELT-day projection."""
    out: dict = {"runs": results}
    by = {r["run"]: r for r in results}
    out["identical_ledgers"] = len({json.dumps(r["ledger"], sort_keys=True) for r in results}) == 1
    if "dask:1" in by and "dask:2" in by:
        one, two = by["dask:1"], by["dask:2"]
        speedup = two["docs_per_s"] / one["docs_per_s"]
        out["speedup_1_to_2"] = round(speedup, 2)
        out["efficiency_2"] = round(speedup / 2, 2)
        # load-independent: did a second worker cost extra CPU per document?
        out["worker_cpu_per_doc_ratio_2_vs_1"] = round(one["docs_per_worker_cpu_s"] / two["docs_per_worker_cpu_s"], 2)
    dask_runs = sorted((r for r in results if r["run"].startswith("dask:") and r.get("docs_per_worker_cpu_s")),
                       key=lambda r: r["run"])
    if dask_runs:
        out["gdelt_day"] = projection(dask_runs[0])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="a JSONL corpus from benchmarks/synth.py")
    ap.add_argument("--runs", nargs="+", default=["dask:1", "dask:2", "local:2"], help="ENGINE:WORKERS ...")
    ap.add_argument("--partition-size", type=int, default=200)
    ap.add_argument("--limit", type=int, default=None, help="only the first N inputs")
    ap.add_argument("--workdir", default="/tmp/tacitus-scale", help="where the ledgers go")
    ap.add_argument("--out", default=None, help="write all figures here as JSON")
    ap.add_argument("--summarise", action="store_true", help="only re-summarise the runs in the --out file")
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)  # internal: run one spec, print JSON
    args = ap.parse_args(argv)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    if args.one:
        db = work / (args.one.replace(":", "-") + ".db")
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        print(json.dumps(run_one(args.one, args.corpus, str(db), args.partition_size, args.limit)))
        return 0

    if args.summarise:
        summary = summarise(json.loads(Path(args.out).read_text())["runs"])
        print(json.dumps({k: v for k, v in summary.items() if k != "runs"}, indent=1))
        return 0
    results = []
    for spec in args.runs:
        cmd = [sys.executable, __file__, args.corpus, "--one", spec, "--partition-size", str(args.partition_size),
               "--workdir", str(work)] + (["--limit", str(args.limit)] if args.limit else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return 1
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(res)
        print(json.dumps(res), flush=True)

    summary = summarise(results)
    print(json.dumps({k: v for k, v in summary.items() if k != "runs"}, indent=1))
    if args.out:
        Path(args.out).write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
