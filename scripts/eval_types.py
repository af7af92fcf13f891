#!/usr/bin/env python3
"""Evaluation harness for event typing on the CASE 2021 Task 2 snippets.

    PYTHONPATH=src .venv/bin/python scripts/eval_types.py \
        [--docs ../shared/eval/case2021/dev.docs.jsonl] \
        [--gold ../shared/eval/case2021/dev.gold.jsonl] [--pred /tmp/case_types.jsonl] [--errors]

Reads the snippets, splits each into sentences (``tacitus.nlp.segment`` when it
exists, else a small splitter of its own), runs ``classify`` per sentence and
writes what ``tacitus extract --format jsonl`` would write for the typing part:
``{"document": {"source": id}, "events": [{"type", "acled", "evidence": {"start"}}]}``.
Negated hits are left out. Then it runs the shared scorer with ``--confusion``.
``--errors`` also prints the misclassified snippet ids with the triggers that
fired (ids only, so nothing of the text is copied anywhere).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tacitus.extract.acled import acled_for  # noqa: E402
from tacitus.extract.classify import classify  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“'(]?[A-Z0-9])|\n+")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(start offset, sentence) pairs: the project's segmenter if present, else a simple one."""
    try:
        from tacitus.nlp.segment import split_sentences as project_split  # type: ignore
        return [(s.start, s.text) for s in project_split(text, [])]
    except Exception:  # not written yet, or a different signature
        pass
    out, start = [], 0
    for m in _SENT_END.finditer(text):
        if text[start:m.start()].strip():
            out.append((start, text[start:m.start()]))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:]))
    return out


def type_document(text: str) -> list[dict]:
    """The typed events of one snippet, in the contract's shape (typing fields only)."""
    events = []
    for offset, sentence in split_sentences(text):
        for hit in classify(sentence):
            if hit.negated:
                continue
            events.append({"type": hit.type, "weapons": hit.weapons, "trigger": hit.trigger,
                           "acled": acled_for(hit.type, hit.weapons, hit.sub_event_type),
                           "evidence": {"start": offset + hit.start, "end": offset + hit.end}})
    return events


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", default=str(SHARED / "case2021" / "dev.docs.jsonl"))
    ap.add_argument("--gold", default=str(SHARED / "case2021" / "dev.gold.jsonl"))
    ap.add_argument("--pred", default="/tmp/case_types.jsonl")
    ap.add_argument("--errors", action="store_true", help="list misclassified ids with their triggers")
    args = ap.parse_args(argv)

    docs = [json.loads(line) for line in open(args.docs, encoding="utf-8") if line.strip()]
    t0 = time.perf_counter()
    results = [(d["id"], type_document(d["text"])) for d in docs]
    elapsed = time.perf_counter() - t0
    with open(args.pred, "w", encoding="utf-8") as fh:
        for doc_id, events in results:
            fh.write(json.dumps({"document": {"source": doc_id}, "events": events}) + "\n")
    print(f"typed {len(docs)} snippets in {elapsed:.3f} s ({elapsed / len(docs) * 1e3:.3f} ms each)")

    if args.errors:
        gold = {g["source"]: g["acled_sub_event_type"] for g in
                (json.loads(line) for line in open(args.gold, encoding="utf-8") if line.strip())}
        for doc_id, events in results:
            typed = sorted((e for e in events if e["acled"]), key=lambda e: e["evidence"]["start"])
            pred = typed[0]["acled"]["sub_event_type"] if typed else None
            if pred != gold.get(doc_id):
                fired = [(e["trigger"], (e["acled"] or {}).get("sub_event_type")) for e in events]
                print(f"{doc_id}: gold={gold.get(doc_id)} pred={pred} {fired}")
    scorer = SHARED / "score_types.py"
    return subprocess.call([sys.executable, str(scorer), "--gold", args.gold, "--pred", args.pred,
                            "--confusion"])


if __name__ == "__main__":
    sys.exit(main())
