"""Incremental linking: its cost against the ledger's size, and its independence
of the order, batches and processes the reports come in.

Reports are synthetic wire copy (``benchmarks/synth.py``) plus, for a tenth of
them, near-copies (a syndicated version with a line added or a few words
changed), so near-duplicate families form and merge. They are extracted once
with the real pipeline (in a process pool) and cached as ledger rows; every run
then stores them the way ``tacitus ingest`` does: batches of 200, each written
in one transaction and linked right after (``Store.ensure_linked``).

``grow``: link ``--new`` reports into an empty ledger and into one already
holding ``--base`` reports (~10 events each); the link time per report, the
write time per report and their ratios; then ``link --full`` on the grown
ledger, which must change nothing. With ``--cli``, also the whole
``tacitus ingest`` of the new reports (extraction included) into both. The
base reports tell of nights in 2024-2025; the new ones (``--new-nights``) of
nights in 2026-2027 (``later``: the news of the day into a ledger of history,
the usual case) or of nights in 2024-2025 as well (``same``: a backfill, whose
nights the big ledger already fills ~6 times as densely, so more stored
incidents are in reach of each new event).

``orders``: the same ``--reports`` reports stored in three orders (as
generated, reversed, shuffled), in other batch sizes, and by three concurrent
processes; the families, incidents and incident members of every ledger are
hashed and compared with each other and with a full re-link.

    PYTHONPATH=src .venv/bin/python benchmarks/link_incremental.py grow --base 5000 --new 1000
    PYTHONPATH=src .venv/bin/python benchmarks/link_incremental.py grow --base 5000 --new 10000 --cli
    PYTHONPATH=src .venv/bin/python benchmarks/link_incremental.py orders --reports 3000 [--cli]

Not part of ``make test`` (``tests/test_link_incremental.py`` checks the
property on a small corpus). Prints one JSON object.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import random
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


# --------------------------------------------------------------------------- corpus

def corpus(n: int, seed: int = 0, copies: float = 0.1, first: date | None = None) -> list[dict]:
    """``n`` report records: synthetic reports (about nights in the two years from
    ``first``, by default 2024-01-01), and near-copies of earlier ones."""
    from synth import FIRST_NIGHT, generate
    rng = random.Random(f"copies:{seed}")
    n_copies = int(n * copies)
    out = list(generate(n - n_copies, seed=seed, first=first or FIRST_NIGHT))
    for i in range(n_copies):
        src = dict(rng.choice(out))
        words = src["text"].split(" ")
        if rng.random() < 0.5:  # a syndicated copy with a line added
            words.append("(Reporting by the agency's correspondent; editing by the desk.)")
        else:                   # a lightly edited one: a few words changed
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(("reportedly", "on Tuesday", "officials"))
        src.update(id=f"copy-{seed}-{i:06d}", outlet="Syndicated Daily", text=" ".join(words))
        out.insert(rng.randrange(len(out) + 1), src)
    return out


def raw_of(rec: dict):
    from tacitus.model import RawDocument
    return RawDocument(source=rec["id"], text=rec["text"], kind="text", title=rec["title"], outlet=rec["outlet"],
                       published=date.fromisoformat(rec["published"]))


def extracted(records: list[dict], cache: Path, workers: int) -> list:
    """The ledger rows of ``records`` (extracted once, then read from ``cache``)."""
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from tacitus.engines.local import run_local
    from tacitus.model import Reject
    t0 = time.perf_counter()
    rows = [r for r in run_local((raw_of(r) for r in records), workers=workers, rows=True)
            if not isinstance(r, Reject)]
    print(f"extracted {len(rows)} reports in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    cache.write_bytes(pickle.dumps(rows))
    return rows


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps({k: r[k] for k in ("id", "title", "outlet", "published", "text")}) + "\n"
                            for r in records), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- storing as ingest does

def store_rows(db: Path, rows: list, batch: int = 200) -> dict[str, float]:
    """Write ``rows`` in batches, linking after each (as ``tacitus ingest``); seconds spent on each."""
    from tacitus.store import open_store
    write = link = cpu = 0.0
    with open_store(db) as store:
        for i in range(0, len(rows), batch):
            t0 = time.perf_counter()
            store.write_batch(rows[i:i + batch], [])
            t1, c1 = time.perf_counter(), time.process_time()
            store.ensure_linked()
            t2 = time.perf_counter()
            write, link, cpu = write + t1 - t0, link + t2 - t1, cpu + time.process_time() - c1
        events = store.counts()["events"]
        parts: dict[str, float] = {}
        for h in store.history(limit=None):
            for k, v in (h["detail"].get("parts") or {}).items():
                parts[k] = parts.get(k, 0.0) + v
    return {"write_s": write, "link_s": link, "link_cpu_s": cpu, "events": events, "link_parts_s": parts}


def _history_parts(db: Path) -> dict[str, float]:
    """Seconds by part summed over a ledger's link runs (to subtract the base's own)."""
    from tacitus.store import open_store
    parts: dict[str, float] = {}
    with open_store(db, read_only=True) as store:
        for h in store.history(limit=None):
            for k, v in (h["detail"].get("parts") or {}).items():
                parts[k] = parts.get(k, 0.0) + v
    return parts


def snapshot(db: Path) -> dict[str, object]:
    """Hashes of the families, incidents and members of a ledger, and their counts."""
    from tacitus.store import open_store
    with open_store(db, read_only=True) as store:
        q = store._read
        fam = q("SELECT document_id, family_id, similarity FROM document_families ORDER BY document_id")
        inc = q("SELECT id, data FROM incidents ORDER BY id")
        mem = q("SELECT document_id, event_seq, event_key, incident_id FROM incident_members"
                " ORDER BY document_id, event_seq")

    def h(rows: list) -> str:
        return hashlib.sha1(json.dumps(rows, default=str).encode()).hexdigest()[:16]
    return {"families": h(fam), "incidents": h(inc), "members": h(mem), "documents": len(fam),
            "family_count": len({f[1] for f in fam}), "incident_count": len(inc)}


def _same(a: dict, b: dict) -> bool:
    return all(a[k] == b[k] for k in ("families", "incidents", "members"))


def full_relink(db: Path) -> float:
    from tacitus.store import open_store
    t0 = time.perf_counter()
    with open_store(db) as store:
        store.relink(full=True)
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- grow

def cmd_grow(args: argparse.Namespace) -> dict:
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    base_recs = corpus(args.base, args.seed)
    new_recs = corpus(args.new, args.seed + 1, first=date(2026, 1, 1) if args.new_nights == "later" else None)
    base_rows = extracted(base_recs, work / f"rows-{args.seed}-{args.base}-base.pkl", args.workers)
    new_rows = extracted(new_recs, work / f"rows-{args.seed + 1}-{args.new}-{args.new_nights}.pkl", args.workers)
    base_db = work / f"base-{args.seed}-{args.base}.db"
    if not base_db.exists():
        built = store_rows(base_db, base_rows)
        print(f"base ledger: {built['events']} events", file=sys.stderr)
    out: dict = {"base_reports": args.base, "new_reports": len(new_rows), "new_nights": args.new_nights, "runs": []}
    base_parts = _history_parts(base_db)
    for rep in range(args.repeat):
        for name in ("empty", "base"):
            db = _fresh(work / f"grow-{name}.db", base_db if name == "base" else None)
            events0 = snapshot(db)["documents"] if name == "base" else 0
            t = store_rows(db, new_rows)
            parts = {k: v - base_parts.get(k, 0.0) for k, v in t["link_parts_s"].items()} if name == "base" \
                else t["link_parts_s"]
            run = {"ledger": name, "repeat": rep, "ledger_documents_before": events0, "events_after": t["events"],
                   "write_ms_per_report": round(1000 * t["write_s"] / len(new_rows), 2),
                   "link_ms_per_report": round(1000 * t["link_s"] / len(new_rows), 2),
                   "link_cpu_ms_per_report": round(1000 * t["link_cpu_s"] / len(new_rows), 2),
                   "link_ms_per_report_by_part": {k: round(1000 * v / len(new_rows), 2) for k, v in parts.items()}}
            if name == "base" and rep == 0:
                before = snapshot(db)
                run["full_relink_s"] = round(full_relink(db), 1)
                run["full_relink_changes_nothing"] = _same(before, snapshot(db))
            out["runs"].append(run)
    med = {}
    for name in ("empty", "base"):
        rs = [r for r in out["runs"] if r["ledger"] == name]
        med[name] = {k: sorted(r[k] for r in rs)[len(rs) // 2]
                     for k in ("write_ms_per_report", "link_ms_per_report", "link_cpu_ms_per_report")}
    out["median"] = med
    out["link_ratio_base_to_empty"] = round(med["base"]["link_ms_per_report"] / med["empty"]["link_ms_per_report"], 2)
    # CPU time of the linking process: steadier than the wall clock on a busy machine
    # (it leaves out waiting for the disk and for other processes)
    out["link_cpu_ratio_base_to_empty"] = round(med["base"]["link_cpu_ms_per_report"]
                                                / med["empty"]["link_cpu_ms_per_report"], 2)
    store_ms = {n: med[n]["write_ms_per_report"] + med[n]["link_ms_per_report"] for n in med}
    out["write_plus_link_ratio"] = round(store_ms["base"] / store_ms["empty"], 2)
    if args.cli:
        out["cli"] = _grow_cli(args, work, base_db, new_recs)
    return out


def _fresh(db: Path, copy_of: Path | None = None) -> Path:
    """``db`` with no ledger left from an earlier run (its WAL files too), or a copy of ``copy_of``."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if copy_of is not None:
        shutil.copy(copy_of, db)
    return db


def _tacitus(*argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "tacitus.cli", *argv], env=env, capture_output=True, text=True)


def _grow_cli(args: argparse.Namespace, work: Path, base_db: Path, new_recs: list[dict]) -> dict:
    """The whole `tacitus ingest` of the new reports (extraction included), empty vs base ledger."""
    feed = write_jsonl(new_recs, work / "new.jsonl")
    out = {}
    for name in ("empty", "base"):
        db = _fresh(work / f"cli-{name}.db", base_db if name == "base" else None)
        t0 = time.perf_counter()
        res = _tacitus("--db", str(db), "ingest", "-w", str(args.workers), str(feed))
        wall = time.perf_counter() - t0
        if res.returncode:
            raise SystemExit(res.stderr[-2000:])
        out[name] = {"seconds": round(wall, 1), "ms_per_report": round(1000 * wall / len(new_recs), 2)}
    out["ratio"] = round(out["base"]["ms_per_report"] / out["empty"]["ms_per_report"], 2)
    return out


# --------------------------------------------------------------------------- orders

def cmd_orders(args: argparse.Namespace) -> dict:
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    records = corpus(args.reports, args.seed)
    rows = extracted(records, work / f"rows-{args.seed}-{args.reports}-orders.pkl", args.workers)
    idx = list(range(len(rows)))
    rng = random.Random(7)
    plans = [("as generated, batches of 200", idx, 200), ("reversed, batches of 200", idx[::-1], 200),
             ("shuffled, batches of 200", rng.sample(idx, len(idx)), 200),
             ("shuffled, batches of 37", rng.sample(idx, len(idx)), 37)]
    out: dict = {"reports": len(rows), "runs": []}
    first = None
    for name, order, batch in plans:
        db = _fresh(work / "order.db")
        t = store_rows(db, [rows[i] for i in order], batch)
        snap = snapshot(db)
        first = first or snap
        out["runs"].append({"run": name, "link_s": round(t["link_s"], 1), **snap, "same_as_first": _same(snap, first)})
    # three processes at once, each storing a third (a shuffled split), linking as they go
    db = _fresh(work / "concurrent.db")
    order = rng.sample(idx, len(idx))
    parts = [order[k::3] for k in range(3)]
    go = work / "go"
    go.unlink(missing_ok=True)
    pickle_path = work / "concurrent-rows.pkl"
    pickle_path.write_bytes(pickle.dumps([[rows[i] for i in p] for p in parts]))
    procs = [subprocess.Popen([sys.executable, __file__, "one", str(db), str(pickle_path), str(k), str(go)],
                              env={**os.environ, "PYTHONPATH": str(ROOT / "src")}) for k in range(3)]
    time.sleep(1.0)
    t0 = time.perf_counter()
    go.touch()
    codes = [p.wait() for p in procs]
    snap = snapshot(db)
    out["runs"].append({"run": "three concurrent processes, batches of 200", "exit_codes": codes,
                        "wall_s": round(time.perf_counter() - t0, 1), **snap, "same_as_first": _same(snap, first)})
    before = snapshot(db)
    full_s = full_relink(db)
    out["full_relink"] = {"seconds": round(full_s, 1), "changes_nothing": _same(before, snapshot(db))}
    if args.cli:
        out["cli"] = _orders_cli(args, work, records, first)
    out["all_identical"] = (all(r["same_as_first"] for r in out["runs"] + out.get("cli", []))
                            and out["full_relink"]["changes_nothing"])
    return out


def _orders_cli(args: argparse.Namespace, work: Path, records: list[dict], first: dict) -> list[dict]:
    """The same with real `tacitus ingest` processes (extraction included)."""
    rng = random.Random(8)
    out = []
    idx = list(range(len(records)))
    for name, order in (("ingest, as generated", idx), ("ingest, reversed", idx[::-1]),
                        ("ingest, shuffled", rng.sample(idx, len(idx)))):
        db = _fresh(work / "cli-order.db")
        feed = write_jsonl([records[i] for i in order], work / "order.jsonl")
        t0 = time.perf_counter()
        res = _tacitus("--db", str(db), "ingest", str(feed))
        snap = snapshot(db)
        out.append({"run": name, "exit_code": res.returncode, "wall_s": round(time.perf_counter() - t0, 1), **snap,
                    "same_as_first": _same(snap, first)})
    db = _fresh(work / "cli-concurrent.db")
    order = rng.sample(idx, len(idx))
    feeds = [write_jsonl([records[i] for i in order[k::3]], work / f"third-{k}.jsonl") for k in range(3)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-m", "tacitus.cli", "--db", str(db), "ingest", str(f)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for f in feeds]
    codes = [p.wait() for p in procs]
    locked = sum("locked" in (p.stderr.read() if p.stderr else "") for p in procs)
    snap = snapshot(db)
    out.append({"run": "three concurrent `tacitus ingest`", "exit_codes": codes, "locked_errors": locked,
                "wall_s": round(time.perf_counter() - t0, 1), **snap, "same_as_first": _same(snap, first)})
    return out


def cmd_one(db: str, rows_path: str, k: int, go: str) -> None:
    """One of the concurrent writers of ``orders``."""
    rows = pickle.loads(Path(rows_path).read_bytes())[k]
    while not os.path.exists(go):
        time.sleep(0.01)
    store_rows(Path(db), rows)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "one":
        cmd_one(argv[1], argv[2], int(argv[3]), argv[4])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("grow", help="link cost: new reports into an empty ledger and into a big one")
    g.add_argument("--base", type=int, default=5000, help="reports already in the big ledger (~10 events each)")
    g.add_argument("--new", type=int, default=1000, help="reports added")
    g.add_argument("--repeat", type=int, default=3, help="runs of each case (medians reported)")
    g.add_argument("--new-nights", choices=("later", "same"), default="later",
                   help="later: the new reports tell of later nights than the base's; same: of the same nights")
    o = sub.add_parser("orders", help="the same reports in several orders, batches and processes")
    o.add_argument("--reports", type=int, default=3000)
    for p in (g, o):
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--workers", type=int, default=2, help="extraction processes (once, then cached)")
        p.add_argument("--workdir", default="/tmp/tacitus-link-incremental")
        p.add_argument("--cli", action="store_true", help="also time / compare real `tacitus ingest` runs")
    args = ap.parse_args(argv)
    out = cmd_grow(args) if args.cmd == "grow" else cmd_orders(args)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
