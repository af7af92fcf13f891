"""Big inputs: is the work linear in the size of a document, and memory bounded?

    python benchmarks/bigdoc.py --mb 0.5 1 2 4            # one document of each size, two shapes
    python benchmarks/bigdoc.py --ingest-mb 100           # a 100 MB JSON Lines file through tacitus ingest

Each document is invented wire copy (``benchmarks/synth.py``) joined into one
text of the given size, in two shapes: as written (sentences and paragraphs),
and with every sentence break and line break removed (one endless sentence:
the shape that used to take quadratic time). For each, in a fresh process:
CPU seconds to clean it (the floor: work every stage needs at least), CPU
and wall seconds to extract it (``Pipeline.process``, no time budget), events
found, and the process's peak RSS. Linear work shows as a steady CPU
seconds per MB (CPU time, so that a busy machine does not blur it).

``--ingest-mb N`` writes N MB of JSON Lines (records of about 2 MB) and runs
``tacitus ingest`` on it (``--batch 200``), reporting its wall time and the
peak RSS of the ingest process: memory must stay flat however big the file.
With ``--phases``, also the peak RSS of each phase of the ingest (Linux: the
process's high-water mark is reset before each): the batch extracted and held
before a write (``extract+hold``), the write, the link run after it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def text_of(size: int, shape: str) -> str:
    from synth import generate
    parts, n = [], 0
    for rec in generate(100000, seed=3, words=300):
        parts.append(rec["text"])
        n += len(rec["text"]) + 2
        if n >= size:
            break
    text = "\n\n".join(parts)[:size]
    if shape == "no-breaks":
        text = re.sub(r"[.!?…]+(?=\s)", ",", text).replace("\n", " ")
    return text


def child(size: int, shape: str) -> None:
    """Run in a fresh process: measure one document, print one JSON line."""
    from tacitus.clean import clean
    from tacitus.model import RawDocument
    from tacitus.pipeline import get_pipeline
    pipe = get_pipeline()
    pipe.process(RawDocument("warm", "Drones struck Kharkiv overnight, the governor said."))
    text = text_of(size, shape)
    t0, c0 = time.perf_counter(), time.process_time()
    doc = clean(RawDocument("big", text))
    t1, c1 = time.perf_counter(), time.process_time()
    result = pipe.process(doc)
    t2, c2 = time.perf_counter(), time.process_time()
    print(json.dumps({"mb": round(size / 2**20, 2), "shape": shape, "clean_cpu_s": round(c1 - c0, 2),
                      "extract_cpu_s": round(c2 - c1, 2), "cpu_s_per_mb": round((c2 - c1) / (size / 2**20), 2),
                      "extract_wall_s": round(t2 - t1, 2),
                      "events": len(result.events),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


def _rss_peak_mb() -> int:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) // 1024
    return 0


def phase_child(db: str, path: str) -> None:
    """``tacitus ingest`` in this process, the peak RSS of each phase printed on stderr as it ends."""
    import atexit

    from tacitus.cli import main as cli
    from tacitus.store.core import Store
    from tacitus.store.incidents import IncidentsMixin
    peaks: dict[str, int] = {}

    def reset() -> None:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # the high-water mark starts again from the current RSS

    def watch(cls: type, name: str, phase: str) -> None:
        real = getattr(cls, name)

        def run(*a, **k):
            held = _rss_peak_mb()
            reset()
            t0 = time.perf_counter()
            out = real(*a, **k)
            peak = _rss_peak_mb()
            reset()
            peaks["extract+hold"] = max(peaks.get("extract+hold", 0), held)
            peaks[phase] = max(peaks.get(phase, 0), peak)
            print(f"phase extract+hold {held} MB, {phase} {peak} MB ({time.perf_counter() - t0:.1f} s)",
                  file=sys.stderr, flush=True)
            return out
        setattr(cls, name, run)

    watch(Store, "write_batch", "write")
    watch(IncidentsMixin, "ensure_linked", "link")
    atexit.register(lambda: print("PHASES " + json.dumps(peaks), file=sys.stderr, flush=True))
    sys.argv = ["tacitus", "--db", db, "ingest", "--batch", "200", "--time-budget", "0", path]
    cli()


def ingest(mb: float, phases: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.jsonl"
        record = 2 * 2**20
        with path.open("w") as fh:
            for i in range(max(1, int(mb * 2**20 // record))):
                fh.write(json.dumps({"id": f"big-{i}", "published": "2025-03-04",
                                     "text": f"Report {i}. " + text_of(record, "as-written")}) + "\n")
        size = path.stat().st_size
        script = Path(sys.executable).with_name("tacitus")
        cmd = ([str(script)] if script.exists() else [sys.executable, "-m", "tacitus.cli"]) + [
            "--db", str(Path(tmp) / "l.db"), "ingest", "--batch", "200", "--time-budget", "0", str(path)]
        if phases:
            cmd = [sys.executable, __file__, "--phase-child", str(Path(tmp) / "l.db"), str(path)]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, env=env)
        wall = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        found = re.findall(r"^PHASES (.*)$", proc.stderr.decode(), re.M)
        if found:  # the resets spoil ru_maxrss: the largest phase peak is the process's peak
            rss = max(json.loads(found[-1]).values(), default=0)
        return {"input_mb": round(size / 2**20, 1), "records": int(mb * 2**20 // record), "exit": proc.returncode,
                "wall_s": round(wall, 1), "peak_rss_mb": rss,
                "peak_rss_mb_by_phase": json.loads(found[-1]) if found else None, "stderr": proc.stderr.decode()[-300:]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, nargs="*", default=[])
    ap.add_argument("--shapes", nargs="*", default=["as-written", "no-breaks"])
    ap.add_argument("--ingest-mb", type=float)
    ap.add_argument("--phases", action="store_true", help="with --ingest-mb: the peak RSS of each ingest phase")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--phase-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase_child:
        phase_child(*args.phase_child)
        return 0
    if args.child:
        child(int(args.child[0]), args.child[1])
        return 0
    for mb in args.mb:
        for shape in args.shapes:
            out = subprocess.run([sys.executable, __file__, "--child", str(int(mb * 2**20)), shape],
                                 capture_output=True, text=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
            print(out.stdout.strip() or out.stderr[-500:], flush=True)
    if args.ingest_mb:
        print(json.dumps(ingest(args.ingest_mb, args.phases)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
