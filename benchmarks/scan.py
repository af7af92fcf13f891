"""Multi-pattern libraries for the document scan (``tacitus.nlp.scan``), compared.

The strings are the scan's own (every vocabulary's keys and anchors, as
registered once English and Russian/Ukrainian documents have been extracted);
the texts are real reports of ``benchmarks/realtext.py`` in their scanned form.
For each library: build time, and CPU time to find every (overlapping) hit with
its offsets in every document, as ``tacitus.nlp.scan`` needs them. RE2's set
tells only which strings occur, not where: it is timed for that lesser answer.

    PYTHONPATH=src .venv/bin/python benchmarks/scan.py --docs 300 --reps 3
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realtext  # noqa: E402

from tacitus.clean import clean  # noqa: E402
from tacitus.model import RawDocument  # noqa: E402
from tacitus.nlp import scan  # noqa: E402
from tacitus.pipeline import get_pipeline  # noqa: E402


def _texts(sets: list[str], n: int, words: int) -> list[str]:
    out = []
    for name in sets:
        pool = realtext.load_pool(name)
        for d in realtext.build_docs(pool, n, words, 0):
            out.append(d["text"])
    return out


def _warm(texts: list[str]) -> None:
    """Extract a few documents of each language, so every vocabulary is registered."""
    pipe = get_pipeline()
    for i, text in enumerate(texts[:: max(1, len(texts) // 40)]):
        pipe.process(clean(RawDocument(source=f"w{i}", text=text)))


def run_aho_rs(strings, docs):
    import ahocorasick_rs
    t = time.process_time()
    m = ahocorasick_rs.AhoCorasick(strings)
    build = time.process_time() - t
    t = time.process_time()
    n = sum(len(m.find_matches_as_indexes(d, overlapping=True)) for d in docs)
    return build, time.process_time() - t, n


def run_pyaho(strings, docs):
    import ahocorasick
    t = time.process_time()
    a = ahocorasick.Automaton()
    for i, s in enumerate(strings):
        a.add_word(s, (i, len(s)))
    a.make_automaton()
    build = time.process_time() - t
    t = time.process_time()
    n = 0
    for d in docs:
        n += len([(i, end - k + 1, end + 1) for end, (i, k) in a.iter(d)])
    return build, time.process_time() - t, n


def run_hyperscan(strings, docs):
    import hyperscan
    t = time.process_time()
    db = hyperscan.Database()
    db.compile(expressions=[re.escape(s).encode() for s in strings], ids=list(range(len(strings))),
               elements=len(strings), flags=[hyperscan.HS_FLAG_SOM_LEFTMOST] * len(strings))
    build = time.process_time() - t
    t = time.process_time()
    n = 0
    for d in docs:
        hits = []
        raw = d.encode("utf-8")
        ascii_only = len(raw) == len(d)
        db.scan(raw, match_event_handler=lambda i, s, e, f, ctx: hits.append((i, s, e)))
        if not ascii_only:   # byte offsets -> character offsets
            chars = [0] * (len(raw) + 1)
            pos = 0
            for k, ch in enumerate(d):
                for _ in range(len(ch.encode("utf-8"))):
                    chars[pos] = k
                    pos += 1
            chars[pos] = len(d)
            hits = [(i, chars[s], chars[e]) for i, s, e in hits]
        n += len(hits)
    return build, time.process_time() - t, n


def run_re2_set(strings, docs):
    import re2
    t = time.process_time()
    s = re2.Set.SearchSet(re2.Options())
    for p in strings:
        s.Add(re.escape(p))
    s.Compile()
    build = time.process_time() - t
    t = time.process_time()
    n = sum(len(s.Match(d)) for d in docs)   # which strings occur, not where
    return build, time.process_time() - t, n


RUNNERS = {"ahocorasick-rs": run_aho_rs, "pyahocorasick": run_pyaho, "hyperscan": run_hyperscan,
           "google-re2 Set (no offsets)": run_re2_set}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300, help="documents per set")
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--sets", default="case2021,excerpts-en,ru")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    texts = _texts(args.sets.split(","), args.docs, args.words)
    _warm(texts)
    strings = list(scan._REGISTRY.strings)
    docs = [" " + scan.fold(t) for t in texts]
    chars = sum(map(len, docs))
    print(f"{len(strings):,} strings ({sum(1 for k in scan._REGISTRY.key_of if k):,} word-start keys), "
          f"{len(docs)} documents, {chars:,} characters")
    print(f"{'library':30s} {'build ms':>9s} {'scan ms':>9s} {'us/doc':>8s} {'MB/s':>7s} {'hits':>10s}")
    for name, run in RUNNERS.items():
        try:
            results = [run(strings, docs) for _ in range(args.reps)]
        except ImportError as exc:
            print(f"{name:30s} not installed ({exc})")
            continue
        build = statistics.median(r[0] for r in results)
        took = statistics.median(r[1] for r in results)
        print(f"{name:30s} {build * 1e3:9.1f} {took * 1e3:9.1f} {took / len(docs) * 1e6:8.1f} "
              f"{chars / took / 1e6:7.1f} {results[0][2]:10,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
