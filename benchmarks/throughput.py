"""Throughput of ``extract`` and ``ingest`` on synthetic news-length reports.

Generates (or reuses) a JSONL corpus of ``--docs`` reports of about ``--words``
words (``benchmarks/synth.py``), then, ``--reps`` times, interleaved so every
repetition sees the same machine load:

* floor      reading the same JSONL file and splitting each text into words
             (in this process): the cost of touching the bytes at all;
* lib        ``tacitus.pipeline.process`` over ``tacitus.read.iter_inputs``
             in a fresh subprocess, timed after start-up (imports + gazetteer
             open), which the child reports separately with its peak RSS;
* cli        ``tacitus extract --format jsonl FILE > /dev/null``, wall time of
             the whole command including start-up;
* ingest     ``tacitus --db FRESH.sqlite ingest FILE``, wall time including
             start-up, into a new SQLite file each time.

Peak RSS of every subprocess comes from ``os.wait4`` (its own rusage). The
CLI start-up cost is measured as ``tacitus extract`` of a one-report file.
Figures are medians over the repetitions; ``x floor`` is how many times slower
than the floor of the same repetition a run was (median of the ratios).

``--profile`` instead times each pipeline stage in this process (exclusive
time: a stage that calls another is not charged for it) and prints where the
time per document goes.

Run (from the repository root)::

    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py [--docs 2000] [--reps 3] [--json out.json]
    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py --profile [--docs 300]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"
MB = 2**20


# --------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------

def make_corpus(path: Path, docs: int, words: int, seed: int) -> Path:
    """Write ``docs`` synthetic reports to ``path`` as JSONL (reused if already there)."""
    if path.exists() and path.stat().st_size > 0:
        with path.open(encoding="utf-8") as fh:
            if sum(1 for _ in fh) == docs:
                return path
    sys.path.insert(0, str(HERE))
    from synth import generate  # benchmarks/synth.py

    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        for rec in generate(docs, seed=seed, words=words):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def corpus_stats(path: Path) -> dict[str, float]:
    """Documents, bytes and mean words per document of a JSONL corpus."""
    n = words = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            n += 1
            words += len(json.loads(line)["text"].split())
    return {"docs": n, "bytes": path.stat().st_size, "words_per_doc": words / max(n, 1)}


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------

def floor(path: Path) -> dict[str, float]:
    """Read the JSONL file, decode each record and split its text into words."""
    t0, c0 = time.perf_counter(), time.process_time()
    n = words = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            words += len(json.loads(line)["text"].split())
            n += 1
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "docs": n, "words": words}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def run_child(cmd: list[str], stdout=subprocess.DEVNULL) -> dict[str, object]:
    """Run a command; wall seconds, exit status and peak RSS (MB) of that process alone."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=_env(), cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return {"seconds": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024, "stderr": err[-2000:]}


def cli(*args: str) -> list[str]:
    """The ``tacitus`` command line (the console script's module, so no install is needed)."""
    return [sys.executable, "-m", "tacitus.cli", *args]


def lib_child(path: str, cold_geo: bool = False) -> None:
    """In a fresh process: time start-up, then ``process`` over ``iter_inputs``; print JSON.

    ``cold_geo`` empties every geocoder cache before each report, so no place name
    is ever resolved from memory: the worst case of a corpus whose places never repeat."""
    t0, c0 = time.perf_counter(), time.process_time()
    from tacitus.model import Reject
    from tacitus.pipeline import get_pipeline
    from tacitus.read import iter_inputs
    t_import = time.perf_counter()
    pipe = get_pipeline()
    t_open, c_open = time.perf_counter(), time.process_time()
    n = events = 0
    geocoder = None
    if cold_geo:
        from tacitus.geo import get_geocoder
        geocoder = get_geocoder()
    for item in iter_inputs([path]):
        if isinstance(item, Reject):
            continue
        if geocoder is not None:
            geocoder.clear_caches()
        events += len(pipe.process(item).events)
        n += 1
    t_end, c_end = time.perf_counter(), time.process_time()
    print(json.dumps({"import_s": t_import - t0, "open_s": t_open - t_import, "startup_cpu_s": c_open - c0,
                      "seconds": t_end - t_open, "cpu_s": c_end - c_open, "docs": n, "events": events,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_lib(path: Path, cold_geo: bool = False) -> dict[str, object]:
    """``lib_child`` in a subprocess; its own timings plus the peak RSS seen by the parent."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child-lib", str(path)]
    if cold_geo:
        cmd.append("--cold-geo")
    with tempfile.TemporaryFile() as out:
        res = run_child(cmd, stdout=out)
        out.seek(0)
        child = json.loads(out.read().decode())
    child["wall_s"] = res["seconds"]
    child["rss_mb"] = res["rss_mb"]
    return child


# --------------------------------------------------------------------------
# Benchmark
# --------------------------------------------------------------------------

def bench(corpus: Path, reps: int, work: Path) -> dict[str, object]:
    """All measurements, ``reps`` times, interleaved; medians and raw runs."""
    stats = corpus_stats(corpus)
    one = work / "one.jsonl"
    with corpus.open(encoding="utf-8") as fh:
        one.write_text(fh.readline(), encoding="utf-8")
    run_child(cli("extract", "--format", "jsonl", str(one)))  # warm the gazetteer / page cache
    runs: list[dict[str, object]] = []
    for rep in range(reps):
        r: dict[str, object] = {}
        # first, so a gazetteer (re)build after a data-version change lands here, in
        # the start-up figure (a median over the repetitions), not in a throughput run
        r["cli_startup"] = run_child(cli("extract", "--format", "jsonl", str(one)))
        r["floor"] = floor(corpus)
        r["lib"] = run_lib(corpus)
        r["lib_cold"] = run_lib(corpus, cold_geo=True)
        r["cli"] = run_child(cli("extract", "--format", "jsonl", str(corpus)))
        db = work / f"ingest-{rep}.sqlite"
        for p in work.glob(db.name + "*"):
            p.unlink()
        r["ingest"] = run_child(cli("--db", str(db), "ingest", str(corpus)))
        for p in work.glob(db.name + "*"):
            p.unlink()
        r["floor_after"] = floor(corpus)
        runs.append(r)
        print(f"  rep {rep + 1}/{reps}: floor {r['floor']['seconds']:.2f}s  lib {r['lib']['seconds']:.1f}s  "
              f"cold-geo {r['lib_cold']['seconds']:.1f}s  "
              f"cli {r['cli']['seconds']:.1f}s  ingest {r['ingest']['seconds']:.1f}s", file=sys.stderr, flush=True)
    return {"corpus": {"path": str(corpus), **stats}, "runs": runs, "summary": summarise(runs, stats)}


def _floor_s(r: dict) -> float:
    """The floor of one repetition: the faster of the readings before and after it."""
    return min(r["floor"]["seconds"], r["floor_after"]["seconds"])


def summarise(runs: list[dict], stats: dict[str, float]) -> dict[str, dict[str, float]]:
    """Median docs/s, MB/s, peak RSS and ratio to the floor of each measurement."""
    n, size = stats["docs"], stats["bytes"] / MB
    med = statistics.median

    def row(seconds: Callable[[dict], float], rss: Callable[[dict], float] | None = None,
            cpu: Callable[[dict], float] | None = None) -> dict[str, float]:
        secs = [seconds(r) for r in runs]
        out = {"seconds": med(secs), "docs_per_s": med(n / s for s in secs),
               "mb_per_s": med(size / s for s in secs),
               "x_floor": med(seconds(r) / _floor_s(r) for r in runs)}
        if cpu is not None:
            out["docs_per_cpu_s"] = med(n / cpu(r) for r in runs)
        if rss is not None:
            out["peak_rss_mb"] = max(rss(r) for r in runs)
        return out

    out = {
        "floor (read + split words)": row(_floor_s, cpu=lambda r: min(r["floor"]["cpu_s"], r["floor_after"]["cpu_s"])),
        "extract, library (after start-up)": row(lambda r: r["lib"]["seconds"], lambda r: r["lib"]["rss_mb"],
                                                 lambda r: r["lib"]["cpu_s"]),
        "extract, CLI (wall, incl. start-up)": row(lambda r: r["cli"]["seconds"], lambda r: r["cli"]["rss_mb"],
                                                   lambda r: r["cli"]["cpu_s"]),
        "extract, CLI (net of start-up)": row(lambda r: r["cli"]["seconds"] - r["cli_startup"]["seconds"],
                                              cpu=lambda r: r["cli"]["cpu_s"] - r["cli_startup"]["cpu_s"]),
        "ingest, CLI to fresh SQLite (wall)": row(lambda r: r["ingest"]["seconds"], lambda r: r["ingest"]["rss_mb"],
                                                  lambda r: r["ingest"]["cpu_s"]),
        "start-up": {"import_s": med(r["lib"]["import_s"] for r in runs),
                     "gazetteer_open_s": med(r["lib"]["open_s"] for r in runs),
                     "startup_cpu_s": med(r["lib"]["startup_cpu_s"] for r in runs),
                     "cli_one_report_s": med(r["cli_startup"]["seconds"] for r in runs),
                     "cli_one_report_cpu_s": med(r["cli_startup"]["cpu_s"] for r in runs),
                     "cli_one_report_rss_mb": max(r["cli_startup"]["rss_mb"] for r in runs)},
    }
    if all("lib_cold" in r for r in runs):  # runs recorded before this row existed have none
        cold = row(lambda r: r["lib_cold"]["seconds"], lambda r: r["lib_cold"]["rss_mb"],
                   lambda r: r["lib_cold"]["cpu_s"])
        items = list(out.items())
        items.insert(2, ("extract, library, geocoder cold per report", cold))  # after the library row
        out = dict(items)
    return out


def print_table(result: dict) -> None:
    """The summary as a small fixed-width table."""
    c = result["corpus"]
    print(f"corpus: {c['docs']} reports, {c['bytes'] / MB:.1f} MB, {c['words_per_doc']:.0f} words/report; "
          f"medians of {len(result['runs'])} runs")
    print(f"{'measurement':44} {'docs/s':>8} {'MB/s':>7} {'x floor':>8} {'docs/CPU-s':>10} {'peak RSS':>9}")
    for name, row in result["summary"].items():
        if name == "start-up":
            continue
        rss = f"{row['peak_rss_mb']:.0f} MB" if "peak_rss_mb" in row else ""
        cpu = f"{row['docs_per_cpu_s']:.1f}" if "docs_per_cpu_s" in row else ""
        print(f"{name:44} {row['docs_per_s']:8.1f} {row['mb_per_s']:7.2f} {row['x_floor']:8.0f} {cpu:>10} {rss:>9}")
    s = result["summary"]["start-up"]
    print(f"start-up: imports {s['import_s']:.2f}s, gazetteer open {s['gazetteer_open_s']:.2f}s "
          f"({s['startup_cpu_s']:.2f} CPU-s); `tacitus extract` of one report {s['cli_one_report_s']:.2f}s "
          f"({s['cli_one_report_cpu_s']:.2f} CPU-s), {s['cli_one_report_rss_mb']:.0f} MB")


# --------------------------------------------------------------------------
# Per-stage profile
# --------------------------------------------------------------------------

class StageClock:
    """Exclusive wall time per stage: entering a stage pauses the one that called it."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[str] = []
        self._since = time.perf_counter()

    def _charge(self, now: float) -> None:
        if self._stack:
            top = self._stack[-1]
            self.totals[top] = self.totals.get(top, 0.0) + now - self._since
        self._since = now

    def wrap(self, name: str, fn: Callable) -> Callable:
        """``fn`` with its exclusive time charged to ``name``."""
        def timed(*args, **kwargs):
            self._charge(time.perf_counter())
            self._stack.append(name)
            self.calls[name] = self.calls.get(name, 0) + 1
            try:
                return fn(*args, **kwargs)
            finally:
                self._charge(time.perf_counter())
                self._stack.pop()
        return timed


def profile(corpus: Path, docs: int) -> dict[str, object]:
    """Time each stage of ``Pipeline.process`` over the first ``docs`` reports of ``corpus``."""
    from tacitus import pipeline as pl
    from tacitus.model import Reject
    from tacitus.read import iter_inputs

    pipe = pl.get_pipeline()
    first = next(i for i in iter_inputs([str(corpus)]) if not isinstance(i, Reject))
    pipe.process(first)  # load the vocabularies and open the gazetteer before the clock runs
    clock = StageClock()
    for name, attr in [("clean", "clean"), ("segment", "split_sentences"), ("numbers", "find_numbers"),
                       ("timex", "find_times"), ("actors", "find_actors"), ("weapons", "find_weapons"),
                       ("classify", "classify"), ("claims.attribute", "attribute"), ("acled", "acled_for")]:
        setattr(pl, attr, clock.wrap(name, getattr(pl, attr)))
    geo = pipe.geocoder
    geo.find = clock.wrap("geocoder.find", geo.find)
    geo.context = clock.wrap("geocoder.context", geo.context)
    if hasattr(geo, "geocode"):
        geo.geocode = clock.wrap("geocoder.geocode", geo.geocode)
    pipe.extract = clock.wrap("frames (rest of extract)", pipe.extract)
    read = clock.wrap("read", lambda it: next(it, None))

    items = iter_inputs([str(corpus)])
    n = 0
    t0, c0 = time.perf_counter(), time.process_time()
    while n < docs and (item := read(items)) is not None:
        if isinstance(item, Reject):
            continue
        pipe.process(item)
        n += 1
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    sentences = clock.calls.get("classify", 0)
    return {"docs": n, "sentences": sentences, "seconds": total, "cpu_s": cpu,
            "stages": {k: {"seconds": v, "calls": clock.calls.get(k, 0)} for k, v in clock.totals.items()}}


def print_profile(prof: dict) -> None:
    """Per-stage ms/doc, us/sentence and share of the total."""
    n, total = prof["docs"], prof["seconds"]
    s = max(prof["sentences"], 1)
    print(f"{n} reports, {prof['sentences']} sentences, {total:.2f}s ({prof['cpu_s']:.2f} CPU-s): "
          f"{n / total:.1f} docs/s, {n / prof['cpu_s']:.1f} docs/CPU-s, {1000 * total / n:.2f} ms/doc")
    print(f"{'stage':28} {'ms/doc':>8} {'us/sent':>8} {'share':>6} {'calls':>8}")
    stages = sorted(prof["stages"].items(), key=lambda kv: -kv[1]["seconds"])
    for name, st in stages:
        print(f"{name:28} {1000 * st['seconds'] / n:8.2f} {1e6 * st['seconds'] / s:8.1f} "
              f"{100 * st['seconds'] / total:5.1f}% {st['calls']:8d}")
    other = total - sum(st["seconds"] for _, st in stages)
    print(f"{'(loop overhead)':28} {1000 * other / n:8.2f}")


# --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="reports in the corpus (default 2000)")
    ap.add_argument("--words", type=int, default=600, help="target words per report")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--reps", type=int, default=3, help="repetitions (medians are reported)")
    ap.add_argument("--corpus", type=Path, help="JSONL corpus to use/create "
                    "(default: $TMPDIR/tacitus-bench-DOCS-WORDS-SEED.jsonl)")
    ap.add_argument("--json", type=Path, help="also write all figures and raw runs here")
    ap.add_argument("--profile", action="store_true", help="per-stage profile in this process instead")
    ap.add_argument("--child-lib", help=argparse.SUPPRESS)
    ap.add_argument("--cold-geo", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child_lib:
        lib_child(args.child_lib, cold_geo=args.cold_geo)
        return 0
    corpus = args.corpus or Path(tempfile.gettempdir()) / f"tacitus-bench-{args.docs}-{args.words}-{args.seed}.jsonl"
    make_corpus(corpus, args.docs, args.words, args.seed)
    if args.profile:
        sys.path.insert(0, str(SRC))
        result = profile(corpus, args.docs)
        print_profile(result)
    else:
        with tempfile.TemporaryDirectory(prefix="tacitus-bench-") as work:
            result = bench(corpus, args.reps, Path(work))
        print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
