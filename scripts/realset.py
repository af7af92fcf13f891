#!/usr/bin/env python3
"""Score tacitus on the real-report development sets (evalsets/real/).

    scripts/realset.py check SET             which excerpts are collected, hash check
    scripts/realset.py docs SET [--split S]  the collected excerpts as tacitus JSON Lines
    scripts/realset.py score SET [--by language|conflict] [--verbose]

The text of an excerpt lives only in the ignored scratch folder
``.cache/realsets/ID.txt`` (see evalsets/real/README.md for how it is
re-collected); the repository keeps the manifest and the gold facts. ``score``
runs ``tacitus extract`` over the collected excerpts and scores the dev and
held-out halves separately with ``../shared/eval/score.py``; ``--verbose``
lists the misses of the dev half only: the held-out half is never read for
misses.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "evalsets" / "real"
SCRATCH = Path(os.environ.get("TACITUS_REALSETS", ROOT / ".cache" / "realsets"))
SHARED = Path(os.environ.get("TACITUS_SHARED", ROOT.parent / "shared"))
FIGURES = ("f1", "precision", "recall", "claimant", "quantity_value", "quantity_qualifier",
           "place", "attacker", "weapons", "reported_by")
HEADS = ("F1", "P", "R", "claimant", "qty", "qualif", "place", "attacker", "weapons", "outlet")


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def split_of(url: str) -> str:
    """The fixed rule: held-out when sha1(url) is divisible by 3."""
    return "heldout" if int(hashlib.sha1(url.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "dev"


def _parts(name: str, kind: str) -> list[Path]:
    """``SET.KIND.jsonl`` and the parts ``SET.PART.KIND.jsonl`` (sets built in pieces)."""
    return sorted(SETS.glob(f"{name}.{kind}.jsonl")) + sorted(SETS.glob(f"{name}.*.{kind}.jsonl"))


def gold_of(name: str) -> list[dict]:
    return [g for p in _parts(name, "gold") for g in load_jsonl(p)]


def manifest(name: str) -> list[dict]:
    rows = [r for p in _parts(name, "manifest") for r in load_jsonl(p)]
    if not rows:
        sys.exit(f"no manifest for set {name!r} in {SETS}")
    ids = [r["id"] for r in rows]
    if len(ids) != len(set(ids)):
        sys.exit(f"{name}: an id is used twice in the manifests")
    for r in rows:
        if r["split"] != split_of(r["url"]):
            sys.exit(f"{name}: {r['id']} is marked {r['split']} but the rule puts it in {split_of(r['url'])}")
    return rows


def text_of(row: dict) -> str | None:
    path = SCRATCH / f"{row['id']}.txt"
    if not path.exists():
        return None
    return path.read_text(encoding="utf-8")


def cmd_check(args) -> int:
    rows = manifest(args.set)
    missing, bad = [], []
    for r in rows:
        text = text_of(r)
        if text is None:
            missing.append(r["id"])
        elif hashlib.sha256(text.encode("utf-8")).hexdigest() != r["sha256"]:
            bad.append(r["id"])
    gold = {g["source"] for g in gold_of(args.set)}
    no_gold = [r["id"] for r in rows if r["id"] not in gold]
    by = defaultdict(int)
    for r in rows:
        by[(r["split"], r["language"])] += 1
    print(f"{args.set}: {len(rows)} excerpts, {len({r['outlet'] for r in rows})} outlets, "
          f"{len({r['conflict'] for r in rows})} conflicts, "
          f"{sum(1 for g in gold_of(args.set) for e in g['events'] if e.get('required', True))} required gold events")
    for (split, lang), n in sorted(by.items()):
        print(f"  {split:8s} {lang}: {n}")
    print(f"collected {len(rows) - len(missing)}/{len(rows)} in {SCRATCH}")
    if missing:
        print(f"  not collected: {' '.join(missing[:20])}{' …' if len(missing) > 20 else ''}")
    if bad:
        print(f"  hash differs (re-code or drop): {' '.join(bad)}")
    if no_gold:
        print(f"  no gold line: {' '.join(no_gold)}")
    return 1 if bad or no_gold else 0


def docs(name: str, split: str | None) -> list[dict]:
    out = []
    for r in manifest(name):
        if split and r["split"] != split:
            continue
        text = text_of(r)
        if text is not None:
            out.append({"id": r["id"], "text": text, "published": r["published"], "url": r["url"]})
    return out


def cmd_docs(args) -> int:
    for d in docs(args.set, args.split):
        print(json.dumps(d, ensure_ascii=False))
    return 0


def _tacitus() -> list[str]:
    if os.environ.get("TACITUS"):
        return os.environ["TACITUS"].split()
    venv = ROOT / ".venv" / "bin" / "tacitus"
    return [str(venv)] if venv.exists() else [sys.executable, "-m", "tacitus.cli"]


def _score(gold: list[dict], pred_path: Path, verbose: bool) -> tuple[dict, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        for g in gold:
            fh.write(json.dumps(g, ensure_ascii=False) + "\n")
        gold_path = fh.name
    try:
        scorer = [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", gold_path, "--pred", str(pred_path)]
        figures = json.loads(subprocess.run(scorer + ["--json"], capture_output=True, text=True, check=True).stdout)
        log = subprocess.run(scorer + ["--verbose"], capture_output=True, text=True, check=True).stdout if verbose else ""
    finally:
        os.unlink(gold_path)
    return figures, log


def cmd_score(args) -> int:
    rows = {r["id"]: r for r in manifest(args.set)}
    gold = [g for g in gold_of(args.set) if g["source"] in rows]
    collected = {d["id"] for d in docs(args.set, None)}
    gold = [g for g in gold if g["source"] in collected]
    if not gold:
        sys.exit(f"{args.set}: nothing collected in {SCRATCH} (see evalsets/real/README.md)")
    workdir = Path(args.out or ROOT / ".cache" / "realsets-out")
    workdir.mkdir(parents=True, exist_ok=True)
    doc_path, pred_path = workdir / f"{args.set}.docs.jsonl", workdir / f"{args.set}.pred.jsonl"
    with open(doc_path, "w", encoding="utf-8") as fh:
        for d in docs(args.set, None):
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(pred_path, "w", encoding="utf-8") as fh:
        subprocess.run(_tacitus() + ["extract", "--format", "jsonl", str(doc_path)], stdout=fh, check=True)

    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for g in gold:
        r = rows[g["source"]]
        key = r.get(args.by, "?") if args.by else "all"
        groups[(key, r["split"])].append(g)
    print(f"{args.set}: {len(gold)} excerpts scored (predictions in {pred_path})")
    print(f"{'group':22s} {'split':8s} {'docs':>5s} {'events':>6s} " + " ".join(f"{h:>9s}" for h in HEADS))
    dev_logs = []
    for key in sorted({k for k, _ in groups}):
        for split in ("dev", "heldout"):
            sub = groups.get((key, split))
            if not sub:
                continue
            want_log = args.verbose and split == "dev"
            figures, log = _score(sub, pred_path, want_log)
            n_events = sum(1 for g in sub for e in g["events"] if e.get("required", True))
            cells = " ".join(f"{'-':>9}" if figures.get(f) is None else f"{figures[f]:>9.3f}"
                             for f in FIGURES)
            print(f"{str(key):22s} {split:8s} {len(sub):>5d} {n_events:>6d} {cells}")
            if want_log:
                dev_logs.append(log)
    if args.verbose:
        print("\n== dev misses (held-out misses are never shown)")
        print("\n".join(dev_logs))
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="which excerpts are collected; hash check")
    c.add_argument("set")
    c.set_defaults(fn=cmd_check)
    d = sub.add_parser("docs", help="the collected excerpts as tacitus JSON Lines")
    d.add_argument("set")
    d.add_argument("--split", choices=("dev", "heldout"))
    d.set_defaults(fn=cmd_docs)
    s = sub.add_parser("score", help="extract and score, dev and held-out side by side")
    s.add_argument("set")
    s.add_argument("--by", choices=("language", "conflict"))
    s.add_argument("--verbose", action="store_true", help="list the dev half's misses")
    s.add_argument("--out", help="where the docs and predictions go (default .cache/realsets-out)")
    s.set_defaults(fn=cmd_score)
    args = ap.parse_args(argv)
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
