"""Store benchmark: ingest rate of the ledger backends for real pipeline Results.

    PYTHONPATH=src python benchmarks/store.py --n 2000 [--cache /tmp/results.pkl] [--pg-url postgresql://...]

Makes ``n`` synthetic reports (``benchmarks/synth.py``, seed 0), extracts them
with the real pipeline once (cached as a pickle with ``--cache``), then times
``Store.write_batch`` in batches of ``--batch`` (200, as ``tacitus ingest``)
into a fresh ledger on each backend:

* ``sqlite``: a file in a temporary folder (WAL, synchronous=NORMAL);
* ``postgresql-copy``: PostgreSQL with ``COPY`` (the default);
* ``postgresql-insert``: PostgreSQL with row-by-row INSERTs (``bulk_copy = False``).

PostgreSQL is ``--pg-url`` (a server you run; a database is created and
dropped per run) or, by default, a throwaway cluster started from the server
binaries as the tests do (fsync off). Prints docs/s and rows/s per backend.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_results(n: int, cache: str | None) -> list:
    """``n`` pipeline Results of synthetic reports (from the cache when it exists)."""
    if cache and Path(cache).exists():
        with open(cache, "rb") as fh:
            results = pickle.load(fh)
        if len(results) >= n:
            return results[:n]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    from tacitus.engines.local import run_local
    from tacitus.model import RawDocument, Result
    raws = [RawDocument(source=f"synth/{r['id']}", text=r["text"], title=r["title"], outlet=r["outlet"],
                        published=date.fromisoformat(r["published"])) for r in synth.generate(n)]
    results = [r for r in run_local(raws, workers=2) if isinstance(r, Result)]
    if cache:
        with open(cache, "wb") as fh:
            pickle.dump(results, fh)
    return results


def time_ingest(url: str, results: list, batch: int, bulk_copy: bool = True) -> dict:
    """Write ``results`` into the fresh ledger at ``url``; figures of the run."""
    from tacitus.store import open_store
    with open_store(url) as store:
        store.bulk_copy = bulk_copy
        t0 = time.perf_counter()
        for i in range(0, len(results), batch):
            store.write_batch(results[i:i + batch], [])
        seconds = time.perf_counter() - t0
        counts = store.counts()
    rows = sum(v for k, v in counts.items() if k != "rejects")
    return {"seconds": round(seconds, 2), "docs_per_s": round(counts["documents"] / seconds, 1),
            "rows_per_s": round(rows / seconds), "counts": counts}


def _pg_database(base: str, name: str) -> str:
    import psycopg
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


def run(results: list, batch: int, pg_base: str | None) -> dict:
    """Each backend fed ``Result`` objects (the writer builds the rows, as a
    one-process ingest does) and, marked ``+rows``, the ledger rows already
    built (what the Dask and pool workers hand back: ``rows=True``)."""
    from tacitus.store.rows import rows_of
    rows = [rows_of(r) for r in results]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        out["sqlite"] = time_ingest(str(Path(tmp) / "bench.db"), results, batch)
        out["sqlite+rows"] = time_ingest(str(Path(tmp) / "bench-rows.db"), rows, batch)
    if pg_base:
        out["postgresql-insert"] = time_ingest(_pg_database(pg_base, "bench_insert"), results, batch, False)
        out["postgresql-copy"] = time_ingest(_pg_database(pg_base, "bench_copy"), results, batch, True)
        out["postgresql-copy+rows"] = time_ingest(_pg_database(pg_base, "bench_copy_rows"), rows, batch, True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="documents")
    ap.add_argument("--batch", type=int, default=200, help="documents per write_batch")
    ap.add_argument("--cache", default=None, help="pickle of the extracted Results (made if missing)")
    ap.add_argument("--pg-url", default=None, help="postgresql://user@host:port (without a database name)")
    ap.add_argument("--no-pg", action="store_true", help="SQLite only")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    results = make_results(args.n, args.cache)
    print(f"{len(results)} results ready in {time.perf_counter() - t0:.1f} s "
          f"({sum(len(r.events) for r in results)} events)", file=sys.stderr)
    if args.no_pg:
        figures = run(results, args.batch, None)
    elif args.pg_url:
        figures = run(results, args.batch, args.pg_url.rstrip("/"))
    else:
        sys.path.insert(0, str(ROOT / "tests"))
        from test_store_fixtures import postgres_cluster
        with postgres_cluster() as base:
            if base is None:
                print("no PostgreSQL server binaries: SQLite only", file=sys.stderr)
            figures = run(results, args.batch, base)
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
