"""Sentence splitting of Russian and Ukrainian text: tacitus's splitter beside razdel.

On the cleaned text of every Russian and Ukrainian document (the open Russian
MoD set ``../shared/eval/rumod/dev.docs.jsonl`` and ``.cache/realsets/{ru,uk}-*.txt``),
both splitters run block by block; the figures are how many sentence ends they
share (of tacitus's and of razdel's), the time per document of each (median of
``--reps`` passes) beside a floor (``str.split`` of the same text), and, with
``--diff``, the places where they disagree.  razdel is not a dependency of
tacitus: ``pip install razdel`` to compare.

Run (from the repository root)::

    .venv/bin/python benchmarks/segment.py [--reps 3] [--diff 20] [--realsets DIR] [--shared DIR]
"""
from __future__ import annotations

import argparse
import glob
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tacitus.clean import clean  # noqa: E402
from tacitus.nlp.segment import split_sentences  # noqa: E402
from tacitus.read.text import parse_text  # noqa: E402


def documents(shared: Path, realsets: Path):
    docs = []
    path = shared / "eval/rumod/dev.docs.jsonl"
    if path.exists():
        from tacitus.read.jsonl import record_to_doc
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                docs.append(record_to_doc(json.loads(line), str(n), str(n), 10**7))
    for p in sorted(glob.glob(str(realsets / "ru-*.txt")) + glob.glob(str(realsets / "uk-*.txt"))):
        raw = parse_text(p, Path(p).read_text(encoding="utf-8"))
        if hasattr(raw, "text"):
            docs.append(raw)
    return [clean(d) for d in docs]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--realsets", type=Path, default=ROOT / ".cache" / "realsets")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--diff", type=int, default=0, help="print this many disagreements")
    args = ap.parse_args(argv)
    import razdel

    docs = documents(args.shared, args.realsets)

    def ours(doc):
        return [s.end for s in split_sentences(doc.text, doc.blocks, doc.language)]

    def theirs(doc):
        ends = []
        for b in doc.blocks:
            ends.extend(b.start + s.stop for s in razdel.sentenize(doc.text[b.start:b.end]))
        return ends

    def floor(doc):
        return doc.text.split()

    def timed(fn):
        runs = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            for d in docs:
                fn(d)
            runs.append((time.perf_counter() - t0) / len(docs) * 1e6)
        return statistics.median(runs)

    both = only_ours = only_theirs = 0
    shown = 0
    for d in docs:
        a, b = set(ours(d)), set(theirs(d))
        both += len(a & b)
        only_ours += len(a - b)
        only_theirs += len(b - a)
        for end in sorted(a ^ b):
            if shown < args.diff:
                who = "tacitus only" if end in a else "razdel only"
                print(f"  {who:13} {d.source}: …{d.text[max(0, end - 60):end]} ‖ {d.text[end:end + 40]}…")
                shown += 1
    print(f"documents {len(docs)}; sentence ends: shared {both}, tacitus only {only_ours}, razdel only {only_theirs}")
    print(f"agreement: {both / max(1, both + only_ours):.3f} of tacitus's ends, {both / max(1, both + only_theirs):.3f} of razdel's")
    print(f"µs per document: tacitus {timed(ours):.1f}, razdel {timed(theirs):.1f}, floor (str.split) {timed(floor):.1f}")


if __name__ == "__main__":
    main()
