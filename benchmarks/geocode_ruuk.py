"""Benchmark place finding in Russian and Ukrainian text beside English, in one run.

    PYTHONPATH=src .venv/bin/python benchmarks/geocode_ruuk.py [--reps 5]

Real text, cleaned as the pipeline cleans it (Telegram markup out): the Russian MoD
posts of ``../shared/eval/rumod/dev.docs.jsonl``, the Ukrainian excerpts of the real-report set's dev half when collected and a
manifest is given (``--manifest``; texts in ``.cache/realsets/uk-*.txt``),
and, as the floor, the English news texts of ``../shared/eval/case2021/dev.docs.jsonl``
cut to the same number of words. Each is timed with ``Geocoder.find_document``
per document: cold (every geocoder and morphology cache emptied; the pymorphy3
analysers stay loaded, their load time is reported apart) and warm (median of
``--reps`` passes). Times are CPU time of this process (time.process_time),
steadier than wall time on a shared machine. Also reported: the word tokeniser
alone over the Russian text (the least any lookup can cost).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TACITUS_SHARED", ROOT.parent / "shared"))
REALSETS = Path(os.environ.get("TACITUS_REALSETS", ROOT / ".cache" / "realsets"))


def _cleaned(texts: list[str]) -> list[str]:
    from tacitus.clean import clean
    from tacitus.model import RawDocument
    return [clean(RawDocument(source=str(n), text=t)).text for n, t in enumerate(texts)]


def _jsonl_texts(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def _cut(texts: list[str], words: int) -> list[str]:
    """The first texts, the last one cut, to ``words`` words in all."""
    out, n = [], 0
    for t in texts:
        w = t.split()
        if n + len(w) >= words:
            out.append(" ".join(w[:words - n]))
            break
        out.append(t)
        n += len(w)
    return out


def _time(geo, docs: list[str], language: str | None, reps: int) -> dict:
    words = sum(len(d.split()) for d in docs)
    geo.clear_caches()
    t = time.process_time()
    found = sum(len(geo.find_document(d, language=language)[0]) for d in docs)
    cold = time.process_time() - t
    warm = []
    for _ in range(reps):
        t = time.process_time()
        for d in docs:
            geo.find_document(d, language=language)
        warm.append(time.process_time() - t)
    dt = statistics.median(warm)
    return {"documents": len(docs), "words": words, "places": found,
            "cold_words_per_s": round(words / cold), "warm_words_per_s": round(words / dt)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="warm passes (median)")
    ap.add_argument("--manifest", help="a real-report set's manifest: its dev excerpts in "
                                        "Ukrainian are timed too")
    args = ap.parse_args()

    from tacitus.geo import Gazetteer, Geocoder, morph
    from tacitus.geo.resolver import _tokens
    geo = Geocoder(Gazetteer())
    t = time.process_time()
    for lang in morph.LANGUAGES:
        morph.analyzer(lang)
    load = time.process_time() - t

    ru = _cleaned(_jsonl_texts(SHARED / "eval" / "rumod" / "dev.docs.jsonl"))
    ru_words = sum(len(d.split()) for d in ru)
    uk = []
    if args.manifest:
        with open(args.manifest, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        paths = [REALSETS / f"{r['id']}.txt" for r in rows
                 if r.get("split") == "dev" and r.get("language") == "uk"]
        uk = _cleaned([p.read_text(encoding="utf-8") for p in paths if p.exists()])
    en = _cut(_cleaned(_jsonl_texts(SHARED / "eval" / "case2021" / "dev.docs.jsonl")), ru_words)

    result = {"analysers_load_s": round(load, 3)}
    result["en (floor: same words, English news)"] = _time(geo, en, None, args.reps)
    result["ru (MoD posts)"] = _time(geo, ru, "ru", args.reps)
    result["ru, language from the letters"] = _time(geo, ru, None, args.reps)
    if uk:
        result["uk (real-report excerpts, dev)"] = _time(geo, uk, "uk", args.reps)
    t = time.process_time()
    for _ in range(args.reps):
        for d in ru:
            _tokens(d)
    result["tokeniser alone, ru words_per_s"] = round(ru_words * args.reps / (time.process_time() - t))
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
