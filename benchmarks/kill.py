"""Kill ``tacitus ingest`` with SIGKILL again and again, and check the ledger each time.

    python benchmarks/kill.py --kills 20 --docs 800                 # one writer, SQLite
    python benchmarks/kill.py --kills 20 --docs 800 --writers 2     # two at once on one SQLite file
    python benchmarks/kill.py --kills 20 --docs 800 --writers 2 --postgres

A corpus of invented wire reports (``benchmarks/synth.py``) is ingested once
without interruption (the reference ledger). Then, ``--kills`` times: the
writers start (``tacitus --db LEDGER ingest --batch B FILE``; with two writers,
two overlapping thirds-and-more of the corpus, so both try to store the middle
third), and once the ledger has grown since they started, each is killed with
SIGKILL at a random moment (its whole process group). After every kill:

* the database's own check (SQLite ``PRAGMA integrity_check`` and
  ``foreign_key_check``; PostgreSQL: the same foreign keys, by query);
* no duplicated document (ids unique, one ``documents`` row each);
* no partial document: each stored document has exactly the events, places,
  quantities and claims the reference gave it.

Finally the writers run to their end and the ledger must equal the reference:
the same documents, the same rows for each, no document lost, and the
incidents the same (the linking runs after every ingest, over every event).
The figures are printed and, with ``--json``, written out; the exit status is
non-zero when any check failed. ``tests/test_ingest_kill.py`` runs a short form.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

_PER_DOC = {
    "events": "SELECT document_id, seq, data FROM events",
    "places": "SELECT document_id, event_seq, seq, name, lat, lon FROM places",
    "quantities": "SELECT document_id, event_seq, seq, role, value FROM quantities",
    "claims": "SELECT document_id, event_seq, claimant, modality FROM claims",
    "removed": "SELECT document_id, seq, reason FROM removed_blocks",
}
_FOREIGN = [  # child table, its document column: every row must have its document
    ("events", "document_id"), ("places", "document_id"), ("quantities", "document_id"),
    ("claims", "document_id"), ("removed_blocks", "document_id"), ("event_countries", "document_id"),
]


def tacitus() -> list[str]:
    script = Path(sys.executable).with_name("tacitus")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tacitus.cli"]


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), e.get("PYTHONPATH")]))
    e.update(NO_COLOR="1", TERM="dumb", COLUMNS="200")
    return e


class Ledger:
    """Read access to a ledger, SQLite or PostgreSQL, for the checks."""

    def __init__(self, url: str):
        self.url = url

    def query(self, sql: str, args: tuple = ()) -> list[tuple]:
        if self.url.startswith("postgresql"):
            import psycopg
            with psycopg.connect(self.url, autocommit=True) as conn:
                return [tuple(r) for r in conn.execute(sql.replace("?", "%s"), args).fetchall()]
        if not Path(self.url).exists():
            return []
        with closing(sqlite3.connect(f"file:{self.url}?mode=ro", uri=True, timeout=30)) as conn:
            return conn.execute(sql, args).fetchall()

    def documents(self) -> int:
        try:
            return int(self.query("SELECT COUNT(*) FROM documents")[0][0])
        except Exception:  # noqa: BLE001 - no schema yet, or locked for a moment
            return -1

    def integrity(self) -> list[str]:
        """What is wrong with the database itself (empty: nothing)."""
        problems = []
        if not self.url.startswith("postgresql"):
            with closing(sqlite3.connect(self.url, timeout=30)) as conn:
                result = conn.execute("PRAGMA integrity_check").fetchall()
                if result != [("ok",)]:
                    problems.append(f"integrity_check: {result[:3]}")
                fk = conn.execute("PRAGMA foreign_key_check").fetchall()
                if fk:
                    problems.append(f"foreign_key_check: {fk[:3]}")
        for table, column in _FOREIGN:
            orphans = self.query(f"SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS "
                                 f"(SELECT 1 FROM documents d WHERE d.id = t.{column})")[0][0]
            if orphans:
                problems.append(f"{orphans} rows of {table} without their document")
        n, distinct = self.query("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents")[0]
        if n != distinct:
            problems.append(f"{n - distinct} duplicated documents")
        return problems

    def snapshot(self) -> dict[str, object]:
        snap: dict[str, object] = {"documents": sorted(r[0] for r in self.query("SELECT id FROM documents"))}
        for name, sql in _PER_DOC.items():
            snap[name] = sorted(tuple(str(x) for x in r) for r in self.query(sql))
        members = self.query("SELECT incident_id, document_id, event_seq FROM incident_members")
        groups: dict[str, set] = {}
        for incident, doc, seq in members:
            groups.setdefault(incident, set()).add((doc, int(seq)))
        snap["incidents"] = sorted(sorted(g) for g in groups.values())
        return snap


def partial_documents(snap: dict, reference: dict) -> list[str]:
    """Stored documents whose rows differ from the reference's (a half-written document)."""
    ids = set(snap["documents"])
    bad = set()
    for name in _PER_DOC:
        mine = [r for r in snap[name] if r[0] in ids]
        ref = [r for r in reference[name] if r[0] in ids]
        if mine != ref:
            bad |= {r[0] for r in set(mine) ^ set(ref)}
    return sorted(bad)


def start(url: str, path: Path, batch: int, log) -> subprocess.Popen:
    return subprocess.Popen(tacitus() + ["--db", url, "ingest", "--batch", str(batch), str(path)], env=env(),
                            stdout=log, stderr=log, start_new_session=True)


def kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--docs", type=int, default=800)
    ap.add_argument("--words", type=int, default=250)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--writers", type=int, choices=(1, 2), default=1)
    ap.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL cluster instead of SQLite")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    from synth import generate

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tacitus-kill-")))
        records = list(generate(args.docs, seed=args.seed, words=args.words))
        corpus = work / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
        if args.writers == 1:
            parts = [corpus]
        else:   # two overlapping parts: the middle third is in both
            cut1, cut2 = args.docs // 3, 2 * args.docs // 3
            parts = [work / "a.jsonl", work / "b.jsonl"]
            parts[0].write_text("".join(json.dumps(r) + "\n" for r in records[:cut2]))
            parts[1].write_text("".join(json.dumps(r) + "\n" for r in records[cut1:]))
        if args.postgres:
            from test_store_fixtures import postgres_cluster
            base = stack.enter_context(postgres_cluster())
            if base is None:
                print("no PostgreSQL server could be started", file=sys.stderr)
                return 2
            import psycopg
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute("CREATE DATABASE reference")
                conn.execute("CREATE DATABASE killed")
            ref_url, url = f"{base}/reference", f"{base}/killed"
        else:
            ref_url, url = str(work / "reference.db"), str(work / "killed.db")
        log = stack.enter_context(open(work / "ingest.log", "ab"))

        t0 = time.perf_counter()
        subprocess.run(tacitus() + ["--db", ref_url, "ingest", "--batch", str(args.batch), str(corpus)],
                       env=env(), check=True, stdout=log, stderr=log, timeout=3600)
        reference = Ledger(ref_url).snapshot()
        print(f"reference: {len(reference['documents'])} documents, {len(reference['events'])} events, "
              f"{len(reference['incidents'])} incidents ({time.perf_counter() - t0:.0f} s)", flush=True)

        ledger = Ledger(url)
        kills, problems, seen = [], [], []
        for k in range(args.kills):
            before = ledger.documents()
            procs = [start(url, p, args.batch, log) for p in parts]
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and all(p.poll() is None for p in procs) \
                    and ledger.documents() <= max(before, 0):
                time.sleep(0.02)
            time.sleep(rng.uniform(0, 0.8))     # somewhere inside a later batch, or its linking
            finished = [p.poll() is not None for p in procs]
            for p in procs:
                kill(p)
            after = ledger.documents()
            snap = ledger.snapshot()
            wrong = ledger.integrity()
            partial = partial_documents(snap, reference)
            unknown = sorted(set(snap["documents"]) - set(reference["documents"]))
            if wrong or partial or unknown:
                problems.append({"kill": k + 1, "integrity": wrong, "partial": partial[:5], "unknown": unknown[:5]})
            kills.append({"kill": k + 1, "documents_before": before, "documents_after": after,
                          "writers_finished_before_kill": sum(finished)})
            seen.append(after)
            print(f"kill {k + 1:2}: documents {before} -> {after}"
                  f"{' (a writer had finished)' if any(finished) else ''}"
                  f"{'  PROBLEM ' + json.dumps(problems[-1]) if problems and problems[-1]['kill'] == k + 1 else ''}",
                  flush=True)
            if after >= len(reference["documents"]):
                print("  the ledger is complete; the next kills land in re-runs that only skip and link")

        procs = [start(url, p, args.batch, log) for p in parts]
        codes = [p.wait(timeout=3600) for p in procs]
        final = ledger.snapshot()
        wrong = ledger.integrity()
        lost = sorted(set(reference["documents"]) - set(final["documents"]))
        same = {name: final[name] == reference[name] for name in final}
        report = {
            "command": "benchmarks/kill.py " + " ".join(argv if argv is not None else sys.argv[1:]),
            "backend": "postgresql" if args.postgres else "sqlite", "writers": args.writers,
            "documents": len(reference["documents"]), "kills": len(kills),
            "kills_mid_ingest": sum(1 for k in kills if k["documents_after"] < len(reference["documents"])),
            "problems_after_kills": problems, "final_exit_codes": codes, "final_integrity": wrong,
            "lost": len(lost), "duplicated": len(final["documents"]) - len(set(final["documents"])),
            "final_equals_reference": same, "seconds": round(time.perf_counter() - t0, 1), "log": kills,
        }
        ok = not problems and not wrong and not lost and all(same.values()) and codes == [0] * len(procs)
        report["ok"] = ok
        print(f"{report['kills']} kills ({report['kills_mid_ingest']} with the ledger incomplete), "
              f"problems after kills: {len(problems)}; final: exit {codes}, integrity "
              f"{'ok' if not wrong else wrong}, lost {len(lost)}, duplicated {report['duplicated']}, "
              f"equal to the reference: {same}", flush=True)
        if args.json:
            args.json.write_text(json.dumps(report, indent=1) + "\n")
        if not ok:
            print((work / "ingest.log").read_bytes().decode("utf-8", "replace")[-3000:], file=sys.stderr)
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
