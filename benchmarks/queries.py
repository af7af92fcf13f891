"""Store read cost of the web API's queries, without HTTP.

Runs ``Store.events_json`` (a page of 50) and ``Store.count_events`` for the
load test's random filter sets (``benchmarks/load.py``: type, sometimes a
country, sometimes a 30-day window, an offset) over its 100,000-event ledger,
in this process, and prints milliseconds per query. ``--pragma`` runs extra
PRAGMA statements on the store's connection first, to compare settings.

    PYTHONPATH=src .venv/bin/python benchmarks/load.py --seconds 1     # builds bench-out/load.db once
    PYTHONPATH=src .venv/bin/python benchmarks/queries.py [--pragma "PRAGMA mmap_size = 0"]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import random_query  # noqa: E402

from tacitus.store import open_store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="bench-out/load.db")
    ap.add_argument("--queries", type=int, default=3000)
    ap.add_argument("--pragma", action="append", default=[], help="e.g. 'PRAGMA mmap_size = 0' (repeatable)")
    args = ap.parse_args()
    rng = random.Random(1)
    queries = []
    for _ in range(args.queries):
        q = random_query(rng)
        queries.append({**q, "limit": int(q["limit"]), "offset": int(q["offset"])})
    with open_store(args.db) as store:
        for pragma in args.pragma:
            store._conn.execute(pragma)
        for rep in (1, 2):
            t = time.perf_counter()
            for q in queries:
                store.events_json(**q)
            page = (time.perf_counter() - t) / len(queries) * 1000
            t = time.perf_counter()
            for q in queries:
                store.count_events(**{k: v for k, v in q.items() if k not in ("limit", "offset")})
            count = (time.perf_counter() - t) / len(queries) * 1000
            print(f"rep {rep}: page {page:.3f} ms, exact count {count:.3f} ms  {args.pragma or ''}")


if __name__ == "__main__":
    main()
