r"""Throughput of ``extract`` and ``ingest``: synthetic reports, or real text beside two floors.

**Synthetic mode** (the default). Generates (or reuses) a JSONL corpus of
``--docs`` reports of about ``--words`` words (``benchmarks/synth.py``), then,
``--reps`` times, interleaved so every repetition sees the same machine load:

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

**Real-text mode** (``--real``). The corpus is real text read at run time and
never stored in the repository (``benchmarks/realtext.py``: the open CASE 2021
half, the open Russian MoD posts and the real dev sets' excerpts collected in
``.cache/realsets/``), one row group per set (``--sets``): ``--docs`` documents
of exactly ``--words`` words cut from the set's texts shuffled with ``--seed``
(news-length reports), or with ``--as-is`` each text once as it is (short
posts). In every repetition, on the same JSONL file, two **floors** run in
this process: a regex word split (``\w+|[^\w\s]``) and spaCy's blank English
tokenizer (``spacy.blank("en")``, no model), each read + decode + tokenise;
then the library extraction (fresh subprocess, timed after start-up, its peak
RSS) and ``tacitus ingest`` into a fresh SQLite ledger (incident linking
included; also net of the start-up of a one-report ingest). Reported:
reports/s, us/word (wall and CPU), ratio to each floor (wall, and CPU for the
spaCy floor), peak RSS; medians over the repetitions. ``--lengths`` measures
us/word instead at several document lengths (documents cut from real text the
same way, ``--scale-words`` words per length, each length in a fresh process
with its peak RSS, after a warm-up pass over the set's texts so the
caches hold its names and the lengths differ only in length).

``--profile`` instead times each pipeline stage in this process (exclusive
time: a stage that calls another is not charged for it; CPU time by default)
and prints where the time per document goes, checking that the stages add up
to the measured loop. ``--cprofile`` runs cProfile over the same loop and
prints the top functions by cumulative and by own time.

Run (from the repository root)::

    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py [--docs 2000] [--reps 3] [--json out.json]
    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py --profile [--docs 300]
    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py --real [--docs 1000] [--reps 3]
    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py --real --as-is
    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py --real --lengths 100,600,3000,20000,100000
    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py --real --profile --docs 300
    PYTHONPATH=src .venv/bin/python benchmarks/throughput.py --real --cprofile --docs 300 --sets case2021
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

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


def lib_child(path: str, cold_geo: bool = False, warmup: str | None = None) -> None:
    """In a fresh process: time start-up, then ``process`` over ``iter_inputs``; print JSON.

    ``cold_geo`` empties every geocoder cache before each report, so no place name
    is ever resolved from memory: the worst case of a corpus whose places never repeat.
    ``warmup`` is a JSONL file processed before the clock starts (so every name of
    the texts is already in the caches: the steady state of a long run)."""
    t0, c0 = time.perf_counter(), time.process_time()
    from tacitus.model import Reject
    from tacitus.pipeline import get_pipeline
    from tacitus.read import iter_inputs
    t_import = time.perf_counter()
    pipe = get_pipeline()
    t_open, c_open = time.perf_counter(), time.process_time()
    warmup_s = 0.0
    if warmup:
        for item in iter_inputs([warmup]):
            if not isinstance(item, Reject):
                pipe.process(item)
        warmup_s = time.perf_counter() - t_open
        t_open, c_open = time.perf_counter(), time.process_time()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # peak so far: start-up (+ warm-up)
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
    print(json.dumps({"import_s": t_import - t0, "open_s": t_open - t_import - warmup_s, "warmup_s": warmup_s,
                      "startup_cpu_s": c_open - c0,
                      "rss_before_mb": rss_before,
                      "seconds": t_end - t_open, "cpu_s": c_end - c_open, "docs": n, "events": events,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_lib(path: Path, cold_geo: bool = False, warmup: Path | None = None) -> dict[str, object]:
    """``lib_child`` in a subprocess; its own timings plus the peak RSS seen by the parent."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child-lib", str(path)]
    if cold_geo:
        cmd.append("--cold-geo")
    if warmup:
        cmd += ["--child-warmup", str(warmup)]
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
# Real text: floors, extract and ingest per set; length scaling
# --------------------------------------------------------------------------

WORD = re.compile(r"\w+|[^\w\s]")


def _texts(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)["text"]


def floor_regex(path: Path) -> dict[str, float]:
    """Read the JSONL file, decode each record and split its text into words and punctuation."""
    t0, c0 = time.perf_counter(), time.process_time()
    n = tokens = 0
    for text in _texts(path):
        tokens += len(WORD.findall(text))
        n += 1
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "docs": n, "tokens": tokens}


def spacy_blank(lang: str = "en"):
    """spaCy's blank pipeline for ``lang`` (a tokenizer, no model), or a clear exit."""
    try:
        import spacy
    except ImportError:
        sys.exit("throughput: the real-text floors need spaCy (pip install -e '.[dev]')")
    nlp = spacy.blank(lang)
    nlp.max_length = 10**9  # a 100,000-word document is well within what the tokenizer handles
    return nlp


def floor_spacy(path: Path, nlp) -> dict[str, float]:
    """Read the JSONL file, decode each record and tokenise its text with spaCy's blank tokenizer."""
    t0, c0 = time.perf_counter(), time.process_time()
    n = tokens = 0
    for text in _texts(path):
        tokens += len(nlp.make_doc(text))
        n += 1
    return {"seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0, "docs": n, "tokens": tokens}


def _floors(path: Path, nlp, passes: int = 3) -> dict[str, dict]:
    """Both floors, each the fastest of ``passes`` passes (wall and CPU separately):
    they take a fraction of a second, so one pass is at the mercy of a busy machine."""
    out = {}
    for name, run in (("regex", lambda: floor_regex(path)), ("spacy", lambda: floor_spacy(path, nlp))):
        readings = [run() for _ in range(passes)]
        best = dict(readings[0])
        best["seconds"] = min(r["seconds"] for r in readings)
        best["cpu_s"] = min(r["cpu_s"] for r in readings)
        out[name] = best
    return out


def _min_floor(r: dict, name: str, key: str = "seconds") -> float:
    """A floor of one repetition: the faster of the readings before and after the runs."""
    return min(r["floors_before"][name][key], r["floors_after"][name][key])


def _realtext():
    """``benchmarks/realtext.py``, the real-text corpora (importable however this file was loaded)."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import realtext
    return realtext


def real_corpora(args, work: Path) -> list[dict]:
    """The JSONL corpus of each selected set (written under ``work``), with what it holds."""
    realtext = _realtext()
    out = []
    for name in args.sets:
        pool = realtext.load_pool(name, manifests=args.manifests)
        if not pool.texts:
            print(f"set {name}: no text on this machine, skipped ({'; '.join(pool.notes)})", file=sys.stderr)
            continue
        docs = (realtext.as_is(pool, args.docs, args.seed) if args.as_is
                else realtext.build_docs(pool, args.docs or 1000, args.words, args.seed))
        path = realtext.write_jsonl(docs, work / f"{name}.jsonl")
        out.append({"set": name, "path": path, "pool": realtext.describe(pool),
                    "texts": realtext.listing(pool), **corpus_stats(path)})
    if not out:
        sys.exit("throughput: none of the sets has any text on this machine "
                 "(../shared/eval, .cache/realsets: see benchmarks/realtext.py)")
    return out


def bench_real(corpora: list[dict], reps: int, work: Path, nlp, cold_geo: bool = False) -> dict[str, object]:
    """Floors, library extraction and ingest for each corpus, ``reps`` times, interleaved."""
    one = work / "one.jsonl"
    with corpora[0]["path"].open(encoding="utf-8") as fh:
        one.write_text(fh.readline(), encoding="utf-8")
    run_child(cli("extract", "--format", "jsonl", str(one)))  # warm the gazetteer / page cache
    runs: list[dict[str, dict]] = []
    for rep in range(reps):
        r: dict[str, dict] = {}
        db = work / "one.sqlite"
        r["startup"] = {"cli": run_child(cli("extract", "--format", "jsonl", str(one))),
                        "ingest": run_child(cli("--db", str(db), "ingest", str(one)))}
        for p in work.glob(db.name + "*"):
            p.unlink()
        for c in corpora:
            x: dict[str, dict] = {"floors_before": _floors(c["path"], nlp), "lib": run_lib(c["path"])}
            if cold_geo:
                x["lib_cold"] = run_lib(c["path"], cold_geo=True)
            db = work / f"ingest-{c['set']}-{rep}.sqlite"
            x["ingest"] = run_child(cli("--db", str(db), "ingest", str(c["path"])))
            for p in work.glob(db.name + "*"):
                p.unlink()
            x["floors_after"] = _floors(c["path"], nlp)
            r[c["set"]] = x
            print(f"  rep {rep + 1}/{reps} {c['set']}: regex {_min_floor(x, 'regex'):.3f}s  "
                  f"spaCy {_min_floor(x, 'spacy'):.2f}s  extract {x['lib']['seconds']:.1f}s  "
                  f"ingest {x['ingest']['seconds']:.1f}s", file=sys.stderr, flush=True)
        runs.append(r)
    summary = {c["set"]: summarise_real([r[c["set"]] for r in runs], [r["startup"] for r in runs], c)
               for c in corpora}
    startup = {"cli_one_report_s": statistics.median(r["startup"]["cli"]["seconds"] for r in runs),
               "ingest_one_report_s": statistics.median(r["startup"]["ingest"]["seconds"] for r in runs),
               "import_s": statistics.median(r[c["set"]]["lib"]["import_s"] for r in runs for c in corpora),
               "gazetteer_open_s": statistics.median(r[c["set"]]["lib"]["open_s"] for r in runs for c in corpora)}
    return {"corpora": [{k: (str(v) if isinstance(v, Path) else v) for k, v in c.items()} for c in corpora],
            "runs": runs, "summary": summary, "startup": startup}


def summarise_real(runs: list[dict], startups: list[dict], stats: dict) -> dict[str, dict[str, float]]:
    """Per measurement of one corpus: docs/s, us/word (wall, CPU), ratios to both floors, peak RSS."""
    n, words = stats["docs"], stats["docs"] * stats["words_per_doc"]
    med = statistics.median

    def row(seconds: Callable[[dict, dict], float], cpu: Callable[[dict, dict], float] | None = None,
            rss: Callable[[dict], float] | None = None) -> dict[str, float]:
        pairs = list(zip(runs, startups))
        secs = [seconds(r, s) for r, s in pairs]
        out = {"seconds": med(secs), "docs_per_s": med(n / x for x in secs),
               "us_per_word": med(1e6 * x / words for x in secs),
               "x_regex": med(seconds(r, s) / _min_floor(r, "regex") for r, s in pairs),
               "x_spacy": med(seconds(r, s) / _min_floor(r, "spacy") for r, s in pairs)}
        if cpu is not None:
            out["cpu_s"] = med(cpu(r, s) for r, s in pairs)
            out["docs_per_cpu_s"] = med(n / cpu(r, s) for r, s in pairs)
            out["us_per_word_cpu"] = med(1e6 * cpu(r, s) / words for r, s in pairs)
            out["x_regex_cpu"] = med(cpu(r, s) / _min_floor(r, "regex", "cpu_s") for r, s in pairs)
            out["x_spacy_cpu"] = med(cpu(r, s) / _min_floor(r, "spacy", "cpu_s") for r, s in pairs)
        if rss is not None:
            out["peak_rss_mb"] = max(rss(r) for r in runs)
        return out

    out = {
        "floor: regex word split": row(lambda r, s: _min_floor(r, "regex"),
                                       lambda r, s: _min_floor(r, "regex", "cpu_s")),
        'floor: spacy.blank("en") tokenizer': row(lambda r, s: _min_floor(r, "spacy"),
                                                  lambda r, s: _min_floor(r, "spacy", "cpu_s")),
        "extract, library (after start-up)": row(lambda r, s: r["lib"]["seconds"], lambda r, s: r["lib"]["cpu_s"],
                                                 lambda r: r["lib"]["rss_mb"]),
    }
    if all("lib_cold" in r for r in runs):
        out["extract, library, geocoder cold per report"] = row(
            lambda r, s: r["lib_cold"]["seconds"], lambda r, s: r["lib_cold"]["cpu_s"], lambda r: r["lib_cold"]["rss_mb"])
    if all("ingest" in r for r in runs):
        out["ingest to fresh SQLite, incl. linking (wall, incl. start-up)"] = row(
            lambda r, s: r["ingest"]["seconds"], lambda r, s: r["ingest"]["cpu_s"], lambda r: r["ingest"]["rss_mb"])
        # on a corpus that takes about as long as the start-up itself the difference is noise
        if all("ingest" in s and r["ingest"]["seconds"] > 2 * s["ingest"]["seconds"] for r, s in zip(runs, startups)):
            out["ingest, net of a one-report ingest"] = row(
                lambda r, s: r["ingest"]["seconds"] - s["ingest"]["seconds"],
                lambda r, s: r["ingest"]["cpu_s"] - s["ingest"]["cpu_s"])
    return out


HEADS = ("docs/s", "docs/CPU-s", "us/word", "CPU us/w", "x regex", "x spaCy", "x regex CPU", "x spaCy CPU",
         "peak RSS")


def _table_head(label: str, width: int) -> str:
    return f"{label:{width}} " + " ".join(f"{h:>11}" for h in HEADS)


def _cells(row: dict) -> str:
    """One row of the real-text tables: rates, us/word, ratios to both floors (wall, CPU), RSS."""
    def opt(key: str, fmt: str) -> str:
        return format(row[key], fmt) if key in row else ""
    rate = ",.1f" if row.get("docs_per_s", 10) >= 10 else ".3g"
    cells = [opt("docs_per_s", rate), opt("docs_per_cpu_s", rate), opt("us_per_word", ".2f"),
             opt("us_per_word_cpu", ".2f"), opt("x_regex", ".1f"), opt("x_spacy", ".1f"),
             opt("x_regex_cpu", ".1f"), opt("x_spacy_cpu", ".1f"),
             f"{row['peak_rss_mb']:.0f} MB" if "peak_rss_mb" in row else ""]
    return " ".join(f"{c:>11}" for c in cells)


def print_real(result: dict) -> None:
    """Which texts were used, then a table per set."""
    for c in result["corpora"]:
        print("\n".join(c["pool"]))
        print(f"  -> {c['docs']} documents, {c['words_per_doc']:.0f} words each on average, "
              f"{c['bytes'] / MB:.1f} MB of JSONL")
    for name, rows in result["summary"].items():
        print(f"\n{name}: medians of {len(result['runs'])} runs")
        print(_table_head("measurement", 60))
        for label, row in rows.items():
            print(f"{label:60} {_cells(row)}")
    s = result["startup"]
    print(f"\nstart-up: imports {s['import_s']:.2f}s, gazetteer open {s['gazetteer_open_s']:.2f}s; "
          f"one-report `tacitus extract` {s['cli_one_report_s']:.2f}s, `tacitus ingest` {s['ingest_one_report_s']:.2f}s")


def bench_lengths(args, work: Path, nlp) -> dict[str, object]:
    """us/word and peak RSS at each document length, on documents cut from one set's real text."""
    realtext = _realtext()
    name = args.sets[0]
    pool = realtext.load_pool(name, manifests=args.manifests)
    if not pool.texts:
        sys.exit(f"throughput: set {name} has no text on this machine")
    corpora = []
    for length in args.lengths:
        n = max(1, round(args.scale_words / length))
        path = realtext.write_jsonl(realtext.build_docs(pool, n, length, args.seed), work / f"len-{length}.jsonl")
        corpora.append({"length": length, "path": path, **corpus_stats(path)})
    # every text of the pool once, processed in each child before its clock starts: the
    # names are then in the caches, so the lengths differ only in the length itself
    warmup = realtext.write_jsonl(realtext.as_is(pool, seed=args.seed), work / "warmup.jsonl")
    run_child(cli("extract", "--format", "jsonl", str(warmup)))  # warm the gazetteer / page cache
    runs: list[dict] = []
    for rep in range(args.reps):
        r = {}
        for c in corpora:
            x = {"floors_before": _floors(c["path"], nlp), "lib": run_lib(c["path"], warmup=warmup)}
            x["floors_after"] = _floors(c["path"], nlp)
            r[c["length"]] = x
            print(f"  rep {rep + 1}/{args.reps} {c['length']:,} words x {c['docs']}: "
                  f"extract {x['lib']['seconds']:.2f}s, {x['lib']['rss_mb']:.0f} MB", file=sys.stderr, flush=True)
        runs.append(r)
    summary = {}
    for c in corpora:
        reps = [r[c["length"]] for r in runs]
        row = summarise_real(reps, [{}] * len(reps), c)["extract, library (after start-up)"]
        row["docs"], row["words_per_doc"] = c["docs"], c["words_per_doc"]
        row["rss_before_mb"] = max(x["lib"]["rss_before_mb"] for x in reps)
        row["events_per_doc"] = statistics.median(x["lib"]["events"] for x in reps) / c["docs"]
        row["regex_us_per_word"] = statistics.median(
            1e6 * _min_floor(x, "regex") / (c["docs"] * c["words_per_doc"]) for x in reps)
        row["spacy_us_per_word"] = statistics.median(
            1e6 * _min_floor(x, "spacy") / (c["docs"] * c["words_per_doc"]) for x in reps)
        summary[c["length"]] = row
    base = summary.get(600)
    for row in summary.values():
        if base:
            row["vs_600_words"] = row["us_per_word_cpu"] / base["us_per_word_cpu"]
    return {"set": name, "pool": realtext.describe(pool), "texts": realtext.listing(pool),
            "corpora": [{k: (str(v) if isinstance(v, Path) else v) for k, v in c.items()} for c in corpora],
            "runs": runs, "summary": summary}


def print_lengths(result: dict) -> None:
    print("\n".join(result["pool"]))
    print(f"medians of {len(result['runs'])} runs; each length in a fresh process (peak RSS its own)")
    print("'CPU vs 600': CPU us/word over that of 600-word documents; 'RSS before': the child's peak after "
          "start-up and warm-up, before the timed documents")
    print(f"{'words/doc':>10} {'docs':>6} {'events/doc':>10} {'CPU vs 600':>10} {'RSS before':>10} "
          + _table_head("", 0))
    for length, row in result["summary"].items():
        vs = f"{row['vs_600_words']:.2f}" if "vs_600_words" in row else ""
        print(f"{int(length):>10,} {row['docs']:>6} {row['events_per_doc']:>10.1f} {vs:>10} "
              f"{row['rss_before_mb']:>7.0f} MB  {_cells(row)}")


# --------------------------------------------------------------------------
# Per-stage profile
# --------------------------------------------------------------------------

class StageClock:
    """Exclusive time per stage: entering a stage pauses the one that called it.

    ``clock`` is ``time.perf_counter`` (wall) by default; ``time.process_time``
    charges CPU time, which other processes on a shared machine do not inflate."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.totals: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[str] = []
        self._since = clock()

    def _charge(self, now: float) -> None:
        if self._stack:
            top = self._stack[-1]
            self.totals[top] = self.totals.get(top, 0.0) + now - self._since
        self._since = now

    def wrap(self, name: str, fn: Callable) -> Callable:
        """``fn`` with its exclusive time charged to ``name``."""
        clock = self.clock

        def timed(*args, **kwargs):
            self._charge(clock())
            self._stack.append(name)
            self.calls[name] = self.calls.get(name, 0) + 1
            try:
                return fn(*args, **kwargs)
            finally:
                self._charge(clock())
                self._stack.pop()
        timed.__wrapped__ = fn
        return timed


# The stages of ``Pipeline.process``: (stage, module, function). Each function is
# replaced by a timed wrapper wherever a loaded ``tacitus`` module holds it (so the
# weapon scan ``classify`` makes is charged to "weapons", the actor lookups of
# ``attribute`` to "actors"); nothing under src/ changes. A name a newer pipeline
# no longer has is skipped and reported.
STAGES = (
    ("clean", "tacitus.clean", "clean"),
    ("language id", "tacitus.nlp.langid", "detect"),
    ("language id", "tacitus.nlp.langid", "detect_blocks"),
    ("segment", "tacitus.nlp.segment", "split_sentences"),
    ("numbers", "tacitus.nlp.numbers", "find_numbers"),
    ("times", "tacitus.nlp.timex", "find_times"),
    ("actors", "tacitus.nlp.actors", "find_actors"),
    ("weapons", "tacitus.nlp.weapons", "find_weapons"),
    ("classify", "tacitus.extract.classify", "classify"),
    ("claims", "tacitus.extract.claims", "attribute"),
    ("frames: quantities", "tacitus.extract.quantities", "quantities"),
    ("acled", "tacitus.extract.acled", "acled_for"),
)
# methods of the geocoder instance: finding a document's places, and the names
# geocoded on their own (claimants' "Kharkiv governor", regions, countries)
GEO_STAGES = (("places", "find_document"), ("places", "find"), ("places", "context"),
              ("places: geocode a name", "geocode"))


def instrument(pipe, clock: StageClock) -> tuple[Callable[[], None], list[str]]:
    """Wrap every stage for ``clock``; returns an undo function and the stages not found."""
    import importlib

    undo: list[tuple[object, str, object]] = []
    missing: list[str] = []
    for stage, modname, fname in STAGES:
        try:
            fn = getattr(importlib.import_module(modname), fname)
        except (ImportError, AttributeError):
            missing.append(f"{stage} ({modname}.{fname})")
            continue
        timed = clock.wrap(stage, fn)
        for mod in [m for n, m in list(sys.modules.items()) if n == "tacitus" or n.startswith("tacitus.")]:
            for attr, value in list(vars(mod).items()):
                if value is fn:
                    undo.append((mod, attr, value))
                    setattr(mod, attr, timed)
    geo = pipe.geocoder
    for stage, meth in GEO_STAGES:
        if hasattr(geo, meth):
            undo.append((geo, meth, None))  # an instance attribute: deleting it restores the method
            setattr(geo, meth, clock.wrap(stage, getattr(geo, meth)))
    for stage, meth in (("frames (rest of extract)", "extract"), ("process (rest)", "process")):
        undo.append((pipe, meth, None))
        setattr(pipe, meth, clock.wrap(stage, getattr(pipe, meth)))

    def restore() -> None:
        for obj, attr, value in reversed(undo):
            if value is None:
                delattr(obj, attr)
            else:
                setattr(obj, attr, value)
    return restore, missing


def profile(corpus: Path, docs: int, cpu: bool = True) -> dict[str, object]:
    """Time each stage of ``Pipeline.process`` over the first ``docs`` reports of ``corpus``."""
    from tacitus import pipeline as pl
    from tacitus.model import Reject
    from tacitus.read import iter_inputs

    pipe = pl.get_pipeline()
    first = next(i for i in iter_inputs([str(corpus)]) if not isinstance(i, Reject))
    pipe.process(first)  # load the vocabularies and open the gazetteer before the clock runs
    clock_fn = time.process_time if cpu else time.perf_counter
    clock = StageClock(clock_fn)
    restore, missing = instrument(pipe, clock)
    read = clock.wrap("read", lambda it: next(it, None))
    try:
        items = iter_inputs([str(corpus)])
        n = words = 0
        t0, c0 = time.perf_counter(), time.process_time()
        clock._since = clock_fn()
        while n < docs and (item := read(items)) is not None:
            if isinstance(item, Reject):
                continue
            words += len(item.text.split())
            pipe.process(item)
            n += 1
        total, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    finally:
        restore()
    sentences = clock.calls.get("classify", 0)
    return {"docs": n, "words": words, "sentences": sentences, "seconds": total, "cpu_s": cpu_s,
            "clock": "cpu" if cpu else "wall", "missing": missing,
            "stages": {k: {"seconds": v, "calls": clock.calls.get(k, 0)} for k, v in clock.totals.items()}}


def print_profile(prof: dict) -> None:
    """Per-stage ms/doc, us/sentence and share of the total; checks that the shares add up."""
    n = prof["docs"]
    total = prof["cpu_s"] if prof.get("clock") == "cpu" else prof["seconds"]
    s = max(prof["sentences"], 1)
    print(f"{n} reports, {prof.get('words', 0):,} words, {prof['sentences']} sentences, {prof['seconds']:.2f}s "
          f"({prof['cpu_s']:.2f} CPU-s) with the stage timers: {n / prof['seconds']:.1f} docs/s, "
          f"{n / prof['cpu_s']:.1f} docs/CPU-s; stage times are {prof.get('clock', 'wall')} time")
    print(f"{'stage':28} {'ms/doc':>8} {'us/sent':>8} {'share':>6} {'calls':>8}")
    stages = sorted(prof["stages"].items(), key=lambda kv: -kv[1]["seconds"])
    for name, st in stages:
        print(f"{name:28} {1000 * st['seconds'] / n:8.2f} {1e6 * st['seconds'] / s:8.1f} "
              f"{100 * st['seconds'] / total:5.1f}% {st['calls']:8d}")
    covered = sum(st["seconds"] for _, st in stages)
    print(f"{'(loop overhead)':28} {1000 * (total - covered) / n:8.2f} {'':8} {100 * (total - covered) / total:5.1f}%")
    calls = sum(st["calls"] for _, st in stages)
    print(f"the stages add up to {100 * covered / total:.1f}% of the loop's time; "
          f"{calls / n:.0f} timed calls per report")
    for m in prof.get("missing", []):
        print(f"not timed (not in this pipeline): {m}")


def cprofile(corpus: Path, docs: int, top: int = 25, out: Path | None = None) -> None:
    """cProfile over ``process`` of the first ``docs`` reports; the top functions by
    cumulative and by own (total) time."""
    import cProfile
    import pstats

    from tacitus import pipeline as pl
    from tacitus.model import Reject
    from tacitus.read import iter_inputs

    pipe = pl.get_pipeline()
    items = [i for i in iter_inputs([str(corpus)]) if not isinstance(i, Reject)][:docs]
    pipe.process(items[0])  # vocabularies and gazetteer loaded before profiling
    prof = cProfile.Profile()
    prof.enable()
    for item in items:
        pipe.process(item)
    prof.disable()
    if out:
        prof.dump_stats(str(out))
    for key in ("cumulative", "tottime"):
        print(f"\n=== {len(items)} reports: top {top} by {key} time ===")
        pstats.Stats(prof, stream=sys.stdout).strip_dirs().sort_stats(key).print_stats(top)


# --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Run from the repository root with PYTHONPATH=src; "
                                        "see the module docstring and docs/benchmarks.md.")
    ap.add_argument("--docs", type=int, help="reports in the corpus (synthetic: 2000; real: 1000; "
                    "--as-is: every text once)")
    ap.add_argument("--words", type=int, default=600, help="words per report (default 600)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--reps", type=int, default=3, help="repetitions (medians are reported)")
    ap.add_argument("--corpus", type=Path, help="synthetic mode: JSONL corpus to use/create "
                    "(default: $TMPDIR/tacitus-bench-DOCS-WORDS-SEED.jsonl)")
    ap.add_argument("--json", type=Path, help="also write all figures and raw runs here")
    ap.add_argument("--profile", action="store_true", help="per-stage profile in this process instead")
    ap.add_argument("--wall", action="store_true", help="--profile: charge wall time, not CPU time")
    ap.add_argument("--cprofile", action="store_true", help="cProfile in this process instead: top functions")
    ap.add_argument("--top", type=int, default=25, help="--cprofile: functions listed per ordering (default 25)")
    ap.add_argument("--pstats", type=Path, help="--cprofile: also save the raw profile here")
    real = ap.add_argument_group("real text")
    real.add_argument("--real", action="store_true", help="real text instead of synthetic reports")
    real.add_argument("--sets", default="case2021,excerpts-en,ru",
                      help="comma-separated sets, from case2021, excerpts-en, en, ru (default: "
                           "case2021,excerpts-en,ru); --profile profiles each, --lengths and --cprofile "
                           "use the first")
    real.add_argument("--as-is", action="store_true", help="each real text once, as it is (short posts)")
    real.add_argument("--lengths", help="measure us/word at these document lengths in words "
                      "(e.g. 100,600,3000,20000,100000)")
    real.add_argument("--scale-words", type=int, default=200_000,
                      help="--lengths: words per length (documents = this / length, at least 1)")
    real.add_argument("--cold-geo", action="store_true",
                      help="also a row with every geocoder cache emptied before each report")
    real.add_argument("--manifests", type=Path, help="folder of the real sets' *.manifest.jsonl, which say "
                      "which excerpts are held out (default: evalsets/real)")
    ap.add_argument("--child-lib", help=argparse.SUPPRESS)
    ap.add_argument("--child-warmup", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child_lib:
        lib_child(args.child_lib, cold_geo=args.cold_geo, warmup=args.child_warmup)
        return 0
    for n, flag in ((args.docs, "--docs"), (args.words, "--words"), (args.reps, "--reps"),
                    (args.scale_words, "--scale-words")):
        if n is not None and n < 1:
            ap.error(f"{flag} must be at least 1")
    if (args.as_is or args.lengths or args.cold_geo) and not args.real:
        ap.error("--as-is, --lengths and --cold-geo go with --real")
    if args.real:
        return main_real(args, ap)
    docs = args.docs or 2000
    corpus = args.corpus or Path(tempfile.gettempdir()) / f"tacitus-bench-{docs}-{args.words}-{args.seed}.jsonl"
    make_corpus(corpus, docs, args.words, args.seed)
    if args.profile or args.cprofile:
        sys.path.insert(0, str(SRC))
    if args.cprofile:
        cprofile(corpus, docs, args.top, args.pstats)
        return 0
    if args.profile:
        result = profile(corpus, docs, cpu=not args.wall)
        print_profile(result)
    else:
        with tempfile.TemporaryDirectory(prefix="tacitus-bench-") as work:
            result = bench(corpus, args.reps, Path(work))
        print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


def main_real(args, ap: argparse.ArgumentParser) -> int:
    """The real-text modes: bench (per set), --as-is, --lengths, --profile, --cprofile."""
    realtext = _realtext()
    args.sets = [x.strip() for x in args.sets.split(",") if x.strip()]
    bad = [x for x in args.sets if x not in realtext.SETS]
    if bad or not args.sets:
        ap.error(f"--sets: unknown set {', '.join(bad) or '(none)'}; choose from {', '.join(realtext.SETS)}")
    args.manifests = args.manifests or realtext.MANIFESTS
    if args.lengths:
        try:
            args.lengths = [int(x.replace("_", "")) for x in args.lengths.split(",")]
        except ValueError:
            ap.error(f"--lengths: {args.lengths!r} is not a comma-separated list of word counts")
        if min(args.lengths) < 1:
            ap.error("--lengths: every length must be at least 1")
    with tempfile.TemporaryDirectory(prefix="tacitus-real-") as work:  # real text: deleted at the end
        work = Path(work)
        if args.profile or args.cprofile:
            sys.path.insert(0, str(SRC))
            if args.docs is None and not args.as_is:
                args.docs = 300
            corpora = real_corpora(args, work)
            if args.cprofile:
                c = corpora[0]
                print("\n".join(c["pool"]))
                cprofile(c["path"], c["docs"], args.top, args.pstats)
                return 0
            result = {}
            for c in corpora:
                print("\n".join(c["pool"]))
                result[c["set"]] = profile(c["path"], c["docs"], cpu=not args.wall)
                print_profile(result[c["set"]])
                print()
        elif args.lengths:
            nlp = spacy_blank("en")
            result = bench_lengths(args, work, nlp)
            print_lengths(result)
        else:
            nlp = spacy_blank("en")
            corpora = real_corpora(args, work)
            result = bench_real(corpora, args.reps, work, nlp, cold_geo=args.cold_geo)
            print_real(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
