"""Benchmark corpora made of real text, read at run time (never stored in the repository).

Sources (each used when present, skipped when not):

* ``case2021``  the open CASE 2021 half: ``../shared/eval/case2021/dev.docs.jsonl``
  (short English news snippets);
* ``rumod``     the open Russian MoD posts: ``../shared/eval/rumod/dev.docs.jsonl``;
* excerpts      the real dev sets' re-collected excerpts, ``.cache/realsets/ID.txt``
  (``en-*``, ``ru-*``, ``uk-*``; see ``evalsets/real/README.md``). Where a manifest
  (``evalsets/real/*.manifest.jsonl``) names an excerpt's split, held-out excerpts
  are left out; an excerpt no manifest names is used and counted as "split unknown".

They are grouped into **sets**, one benchmark row each:

=============== =========================================================
``case2021``    CASE 2021 snippets (English)
``excerpts-en`` English excerpts of the real dev sets
``en``          both of the above
``ru``          Russian MoD posts and the Russian / Ukrainian excerpts
=============== =========================================================

A set's texts (duplicates dropped) are shuffled with a seed and laid end to end,
a paragraph break between two texts, reshuffled each time the pool runs out; that
stream is cut into documents of exactly ``words`` whitespace-separated words (a
text that crosses a cut is split at a word boundary and its rest opens the next
document). So ``build_docs(pool, 1000, 600, seed)`` gives 1,000 news-length
reports, the same for the same seed, and the length-scaling documents (100 to
100,000 words) are made the same way. ``as_is`` keeps each text as its own
document (short posts), each once.

Run on its own it prints what a set holds::

    .venv/bin/python benchmarks/realtext.py [--sets case2021,excerpts-en,ru] [--list]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = Path(os.environ.get("TACITUS_SHARED", ROOT.parent / "shared"))
REALSETS = Path(os.environ.get("TACITUS_REALSETS", ROOT / ".cache" / "realsets"))
MANIFESTS = ROOT / "evalsets" / "real"

SETS = ("case2021", "excerpts-en", "en", "ru")
DEFAULT_SETS = ("case2021", "excerpts-en", "ru")
_NONSPACE = re.compile(r"\S+")


@dataclass(frozen=True)
class Text:
    """One real text: where it comes from and what the reader needs."""
    id: str
    source: str          # case2021, rumod, excerpt
    text: str
    language: str = "en"
    published: str | None = None
    outlet: str | None = None
    split: str | None = None  # excerpts: dev / heldout per their manifest, None if none names it
    declared: str | None = None  # the language the source record itself names (the MoD posts do)

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Pool:
    """The texts of one set, and what was found, dropped or missing on the way."""
    name: str
    texts: list[Text] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(t.words for t in self.texts)

    def by_source(self) -> dict[str, list[Text]]:
        out: dict[str, list[Text]] = {}
        for t in self.texts:
            out.setdefault(t.source if t.source != "excerpt" else f"excerpts-{t.language}", []).append(t)
        return out


# --------------------------------------------------------------------------
# Reading the sources
# --------------------------------------------------------------------------

def _read_jsonl(path: Path, source: str) -> list[Text]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec.get("text") or ""
            if text.strip():
                out.append(Text(id=str(rec["id"]), source=source, text=text,
                                language=(rec.get("language") or "en").lower(),
                                published=rec.get("published"), outlet=rec.get("outlet"),
                                declared=rec.get("language")))
    return out


def manifest_rows(folder: Path = MANIFESTS) -> dict[str, dict]:
    """Excerpt id -> its manifest line (split, language, published), from every part."""
    rows: dict[str, dict] = {}
    for path in sorted(folder.glob("*.manifest.jsonl")) if folder.is_dir() else []:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    rows[rec["id"]] = rec
    return rows


def read_excerpts(folder: Path = REALSETS, manifests: Path = MANIFESTS) -> list[Text]:
    """Every collected excerpt, with its split and language where a manifest names it."""
    if not folder.is_dir():
        return []
    rows = manifest_rows(manifests)
    texts = []
    for path in sorted(folder.glob("*.txt")):
        rid = path.stem
        row = rows.get(rid) or {}
        text = path.read_text(encoding="utf-8")
        if text.strip():
            language = row.get("language") or rid.split("-", 1)[0]
            texts.append(Text(id=rid, source="excerpt", text=text, language=language.lower(),
                              published=row.get("published"), split=row.get("split")))
    return texts


def load_pool(name: str, shared: Path = SHARED, realsets: Path = REALSETS,
              manifests: Path = MANIFESTS) -> Pool:
    """The texts of set ``name`` that exist on this machine (duplicate texts once)."""
    if name not in SETS:
        raise ValueError(f"unknown set {name!r} (choose from {', '.join(SETS)})")
    pool = Pool(name)
    candidates: list[Text] = []

    def jsonl(source: str, rel: str) -> None:
        path = shared / "eval" / rel
        if path.exists():
            candidates.extend(_read_jsonl(path, source))
        else:
            pool.notes.append(f"{source}: {path} not found, skipped")

    if name in ("case2021", "en"):
        jsonl("case2021", "case2021/dev.docs.jsonl")
    if name == "ru":
        jsonl("rumod", "rumod/dev.docs.jsonl")
    if name in ("excerpts-en", "en", "ru"):
        wanted = ("en",) if name != "ru" else ("ru", "uk")
        excerpts = [t for t in read_excerpts(realsets, manifests) if t.language in wanted]
        if not realsets.is_dir():
            pool.notes.append(f"excerpts: no folder {realsets} (re-collect them: evalsets/real/README.md)")
        heldout = sum(1 for t in excerpts if t.split == "heldout")
        unknown = sum(1 for t in excerpts if t.split is None)
        if heldout:
            pool.notes.append(f"excerpts: {heldout} held-out excerpts left out (so their manifests say)")
        if unknown:
            pool.notes.append(f"excerpts: {unknown} excerpts that no manifest in {manifests} names "
                              "(split unknown) used")
        candidates.extend(t for t in excerpts if t.split != "heldout")
    seen: set[str] = set()
    dropped = 0
    for t in candidates:
        key = " ".join(t.text.split())
        if key in seen:
            dropped += 1
            continue
        seen.add(key)
        pool.texts.append(t)
    if dropped:
        pool.notes.append(f"{dropped} duplicate texts dropped")
    return pool


# --------------------------------------------------------------------------
# Building documents
# --------------------------------------------------------------------------

def _stream(pool: Pool, seed: int) -> Iterator[Text]:
    """The pool's texts, shuffled with ``seed``, reshuffled at every pass, forever."""
    if not pool.texts:
        raise ValueError(f"set {pool.name!r} has no text on this machine")
    rng = random.Random(f"realtext:{pool.name}:{seed}")
    order = list(pool.texts)
    while True:
        rng.shuffle(order)
        yield from order


def build_docs(pool: Pool, n: int, words: int, seed: int = 0) -> list[dict]:
    """``n`` documents of exactly ``words`` words cut from the pool's shuffled stream."""
    if words < 1:
        raise ValueError("words must be >= 1")
    stream = _stream(pool, seed)
    rest: tuple[Text, str] | None = None  # the unread part of a text cut at the last boundary
    docs = []
    for i in range(n):
        parts: list[str] = []
        first: Text | None = None
        need = words
        while need:
            if rest is None:
                t = next(stream)
                rest = (t, t.text.strip())
            t, text = rest
            first = first or t
            spans = [m.end() for m in _NONSPACE.finditer(text)]
            if len(spans) <= need:
                parts.append(text)
                need -= len(spans)
                rest = None
            else:
                cut = spans[need - 1]
                parts.append(text[:cut])
                rest = (t, text[cut:].strip())
                need = 0
        # no language: the pipeline identifies it, as for any input that names none
        # (a document of the ru set may mix Russian and Ukrainian texts)
        rec = {"id": f"real-{pool.name}-{words}w-{seed}-{i:06d}", "text": "\n\n".join(parts)}
        if first.published:
            rec["published"] = first.published
        docs.append(rec)
    return docs


def as_is(pool: Pool, n: int | None = None, seed: int = 0) -> list[dict]:
    """The pool's texts as documents, each once, in a seeded order (the first ``n`` if given)."""
    order = list(pool.texts)
    random.Random(f"realtext-as-is:{pool.name}:{seed}").shuffle(order)
    out = []
    for t in order[:n] if n else order:
        rec = {"id": t.id, "text": t.text}  # as the source gives it: a language only if it names one
        if t.declared:
            rec["language"] = t.declared
        if t.published:
            rec["published"] = t.published
        if t.outlet:
            rec["outlet"] = t.outlet
        out.append(rec)
    return out


def write_jsonl(docs: Iterable[dict], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for rec in docs:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


# --------------------------------------------------------------------------
# Describing what was used
# --------------------------------------------------------------------------

def describe(pool: Pool) -> list[str]:
    """Lines saying which texts a set holds: per source, how many, ids, words."""
    lines = [f"set {pool.name}: {len(pool.texts)} texts, {pool.words:,} words"]
    for source, texts in pool.by_source().items():
        ws = [t.words for t in texts]
        ids = sorted(t.id for t in texts)
        lines.append(f"  {source:13} {len(texts):4d} texts  {sum(ws):7,} words  "
                     f"(min {min(ws)}, median {statistics.median(ws):g}, max {max(ws)})  "
                     f"ids {ids[0]} .. {ids[-1]}")
    lines.extend(f"  note: {n}" for n in pool.notes)
    return lines


def listing(pool: Pool) -> list[dict]:
    """Every text of the set: id, source, language, words (for the JSON record / --list)."""
    return [{"id": t.id, "source": t.source, "language": t.language, "words": t.words} for t in pool.texts]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Show which real texts the benchmark sets hold on this machine.")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS), help=f"comma-separated, from {', '.join(SETS)}")
    ap.add_argument("--list", action="store_true", help="every text's id and word count too")
    ap.add_argument("--manifests", type=Path, default=MANIFESTS,
                    help="folder of the real sets' *.manifest.jsonl (default: evalsets/real)")
    args = ap.parse_args(argv)
    for name in args.sets.split(","):
        try:
            pool = load_pool(name.strip(), manifests=args.manifests)
        except ValueError as exc:
            sys.exit(f"realtext: {exc}")
        print("\n".join(describe(pool)) if pool.texts else f"set {name}: no text on this machine")
        if args.list:
            for t in pool.texts:
                print(f"    {t.id:24} {t.source:9} {t.language} {t.words:5d} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
