"""The claim ledger in the store: linking quality on the multi-outlet corpus,
and the cost of a store-integrated re-link of a big ledger.

    # pairwise linking precision / recall of the REAL pipeline on the hand-written corpus
    PYTHONPATH=src .venv/bin/python benchmarks/link_store.py --corpus tests/corpora/multi_outlet
    # a ledger of 100,000 synthetic events written through Store.write_batch, then Store.relink()
    PYTHONPATH=src .venv/bin/python benchmarks/link_store.py --events 100000 [--db /tmp/big.db]

The corpus score runs ``tacitus ingest`` (which links after storing) on the
corpus's reports, matches each gold event (report file + sentence fragment) to a
stored event and scores the stored incidents with
:func:`tacitus.link.pairwise_prf`, end to end and without the events the
extractor got wrong (``extraction_error`` in ``gold.json``).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any


def gold_keys(store: Any, corpus: Path) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(event key -> gold incident, event key -> extraction error, gold items with no
    matching stored event) for the corpus's ``gold.json``."""
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    by_file: dict[str, list[dict[str, Any]]] = {}
    for ev in store.events():
        by_file.setdefault(Path(ev["source"]).name, []).append(ev)
    labels: dict[str, str] = {}
    errors: dict[str, str] = {}
    missing: list[str] = []
    for label, items in gold["incidents"].items():
        for item in items:
            hits = [e for e in by_file.get(item["file"], []) if item["fragment"] in e["evidence"]["text"]]
            n = item.get("nth", 0)
            if len(hits) <= n:
                missing.append(f"{item['file']}: {item['fragment']}")
                continue
            key = f"{hits[n]['document_id']}:{hits[n]['id']}"
            labels[key] = label
            if item.get("extraction_error"):
                errors[key] = item["extraction_error"]
    return labels, errors, missing


def score_store(store: Any, corpus: Path) -> dict[str, Any]:
    """Pairwise P/R/F1 of the store's incidents against the corpus gold."""
    from tacitus.link import pairwise_prf
    labels, errors, missing = gold_keys(store, corpus)
    predicted = {k: i["id"] for i in store.incidents() for k in i["members"]}
    unlabelled = sorted(set(predicted) - set(labels))
    p, r, f = pairwise_prf(predicted, labels)
    clean = {k: v for k, v in labels.items() if k not in errors}
    cp, cr, cf = pairwise_prf(predicted, clean)
    return {"precision": p, "recall": r, "f1": f, "events": len(labels), "unlabelled_events": unlabelled,
            "missing_gold": missing, "extraction_errors": errors,
            "without_extraction_errors": {"precision": cp, "recall": cr, "f1": cf, "events": len(clean)}}


def _score_corpus(corpus: Path) -> int:
    from click.testing import CliRunner

    from tacitus.cli import main
    from tacitus.store import open_store
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "ledger.db")
        res = CliRunner().invoke(main, ["--db", db, "ingest", *sorted(str(p) for p in corpus.glob("*.txt"))])
        if res.exit_code:
            print(res.output)
            return 1
        with open_store(db) as store:
            out = score_store(store, corpus)
    print(json.dumps(out, indent=2))
    return 0


def _results(n: int, seed: int) -> list[Any]:
    """``n`` synthetic events of benchmarks/link.py as pipeline Results (one event per document)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from link import generate

    from tacitus.model import Actor, Claim, Document, Event, Evidence, Place, Quantity, Result, TimeSpan
    import random
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]
    texts: dict[str, str] = {}
    out = []
    for d in generate(n, seed):
        t = d["time"]
        # a report of ~80 distinct words; a syndicated copy repeats its family's text with one line added
        base = texts.get(d["family_id"])
        if base is None:
            base = texts[d["family_id"]] = " ".join(rng.choices(vocab, k=80))
        text = (f"{base} {d['type']} reported in {d['places'][0]['name']} by {d['claim']['claimant']}, "
                f"figure {d['quantities'][0]['value']} ({d['document_id']}).")
        ev = Event(
            id=d["id"], type=d["type"], evidence=Evidence(text, 0, len(text)), weapons=list(d["weapons"]),
            attacker=Actor(**d["attacker"]) if d["attacker"] else None, target=Actor(**d["target"]),
            time=TimeSpan(date.fromisoformat(t["start"]), date.fromisoformat(t["end"]), t["precision"], t["text"])
            if t else None,
            places=[Place(**p) for p in d["places"]], quantities=[Quantity(**q) for q in d["quantities"]],
            claim=Claim(**d["claim"]))
        doc = Document(id=d["document_id"], source=d["source"], text=text,
                       published=date.fromisoformat(d["published"]))
        out.append(Result(doc, [ev]))
    return out


def _bench_store(n: int, seed: int, db: str | None) -> int:
    from tacitus.store import open_store
    path = db or os.path.join(tempfile.mkdtemp(), "big.db")
    t0 = time.perf_counter()
    results = _results(n, seed)
    t1 = time.perf_counter()
    with open_store(path) as store:
        for i in range(0, len(results), 5000):
            store.write_batch(results[i:i + 5000], [])
        t2 = time.perf_counter()
        stats = store.relink()
        t3 = time.perf_counter()
        store.relink()   # nothing changed: cheap
        t4 = time.perf_counter()
        store.incidents(contested=True, limit=5)
        t5 = time.perf_counter()
    print(json.dumps({"events": n, "generate_s": round(t1 - t0, 1), "write_s": round(t2 - t1, 1),
                      "first_relink_s": round(t3 - t2, 1), "relink_again_s": round(t4 - t3, 1),
                      "query_contested_s": round(t5 - t4, 3), "stats": stats.to_dict(), "db": path}, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="a corpus directory with *.txt reports and gold.json")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--db", help="ledger for --events (default: a temporary SQLite file)")
    args = ap.parse_args(argv)
    if args.corpus:
        return _score_corpus(args.corpus)
    return _bench_store(args.events, args.seed, args.db)


if __name__ == "__main__":
    raise SystemExit(main())
