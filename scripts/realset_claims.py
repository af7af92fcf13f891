#!/usr/bin/env python3
"""List the dev half's claim errors on matched events (claimant, reported_by).

    scripts/realset_claims.py SET [--pred PRED.jsonl] [--field claimant|reported_by]

Pairs predictions with gold exactly as ``../shared/eval/score.py`` does (its
own ``score_document`` pairing), over the dev half only, and prints each
matched event whose claimant or reported_by is wrong: the expected aliases,
the extracted value and the evidence sentence. Run ``scripts/realset.py score
SET`` first (it writes the predictions this script reads by default). The
held-out half is never read here.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realset  # noqa: E402


def _scorer():
    path = realset.SHARED / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("tacitus_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def matched_pairs(score, preds: list[dict], golds: list[dict]) -> list[tuple[dict, dict]]:
    """The (prediction, gold) pairs of one document, as score.py pairs them."""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if score.matches(p, g):
                quality = sum(score.quantity_found(p, q)[0] for q in g.get("quantities", [])) + score.places_ok(p, g)
                pairs.append((-g.get("required", True), -quality, i, j))
    pairs.sort()
    used_p, used_g, out = set(), set(), []
    for _, _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((preds[i], golds[j]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("set")
    ap.add_argument("--pred", help="predictions (default: what realset.py score last wrote)")
    ap.add_argument("--field", choices=("claimant", "reported_by"), help="only this field's errors")
    args = ap.parse_args(argv)
    score = _scorer()
    rows = {r["id"]: r for r in realset.manifest(args.set) if r["split"] == "dev"}
    gold = {g["source"]: g for g in realset.gold_of(args.set) if g["source"] in rows}
    pred_path = Path(args.pred or realset.ROOT / ".cache" / "realsets-out" / f"{args.set}.pred.jsonl")
    preds: dict[str, list[dict]] = {}
    for rec in realset.load_jsonl(pred_path):
        name = os.path.basename((rec.get("document") or {}).get("source", ""))
        if name in gold:
            preds[name] = rec.get("events") or []
    tally: Counter[str] = Counter()
    for doc_id in sorted(gold):
        lines = []
        for p, g in matched_pairs(score, preds.get(doc_id, []), gold[doc_id]["events"]):
            claim = p.get("claim") or {}
            got = f"{claim.get('claimant')!r} ({claim.get('claimant_country')})"
            ev = " ".join(((p.get("evidence") or {}).get("text") or "").split())
            if args.field in (None, "claimant") and ("claimant" in g or "claimant_country" in g):
                tally["claimant"] += 1
                if not score.claimant_ok(p, g):
                    tally["claimant wrong"] += 1
                    lines.append(f"  {g['id']} claimant  want {g.get('claimant')} ({g.get('claimant_country')})"
                                 f"  got {got}\n      {ev[:300]}")
            if args.field in (None, "reported_by") and g.get("reported_by"):
                tally["reported_by"] += 1
                if not score.reported_ok(p, g):
                    tally["reported_by wrong"] += 1
                    lines.append(f"  {g['id']} outlet    want {g['reported_by']}  got {claim.get('reported_by')}"
                                 f"  claimant {got}")
        if lines:
            print(f"{doc_id} ({rows[doc_id]['outlet']}, {rows[doc_id]['url']})")
            print("\n".join(lines))
    for key in ("claimant", "reported_by"):
        if tally[key]:
            print(f"{key}: {tally[key] - tally[key + ' wrong']}/{tally[key]} right")
    return 0


if __name__ == "__main__":
    sys.exit(main())
