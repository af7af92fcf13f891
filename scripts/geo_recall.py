#!/usr/bin/env python3
"""Place recall of the geocoder alone: for every gold place, does ``find_document``
find a place within the gold tolerance (same country) somewhere in the document?

    scripts/geo_recall.py --docs DOCS.jsonl --gold GOLD.jsonl [--misses]
    scripts/geo_recall.py --manifest M.jsonl --gold G.jsonl --texts DIR [--split dev] [--misses]

The first form reads tacitus JSON Lines documents (``id``, ``text``, optional
``language``), e.g. ``../shared/eval/rumod/dev.docs.jsonl``. The second reads a
real-report set (``evalsets/real/``): excerpt texts ``DIR/ID.txt`` of the manifest
rows whose ``split`` is ``--split`` (default ``dev``: misses of the held-out half
are never read). ``--misses`` lists each miss with its likely cause:

- ``none``: no place at all found in the text;
- ``country``: places found, none in the gold place's country;
- ``far``: places in the right country, the nearest too far (its distance, name
  and the text it was found in);

and ``--extra`` lists places found whose country no gold place of the document
has (a rough view of false positives). The text is cleaned as the pipeline cleans
it (``tacitus.clean``: Telegram markup out, the language identified where the input
names none) and the document's language passed to the geocoder, as the pipeline
passes it (unless ``--no-language``: the geocoder decides from the letters). Two figures: per gold place, and per gold event (any of its
places found, as ``score.py`` counts a place match).
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path


def _load(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    p = math.pi / 180
    h = (math.sin((b_lat - a_lat) * p / 2) ** 2
         + math.cos(a_lat * p) * math.cos(b_lat * p) * math.sin((b_lon - a_lon) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def _documents(args: argparse.Namespace) -> list[dict]:
    if args.docs:
        return _load(args.docs)
    if not (args.manifest and args.texts):
        sys.exit("geo_recall: give --docs, or --manifest with --texts")
    out = []
    for row in _load(args.manifest):
        if row.get("split") != args.split:
            continue
        path = Path(args.texts) / f"{row['id']}.txt"
        if not path.exists():
            print(f"geo_recall: {path}: not collected, skipped", file=sys.stderr)
            continue
        out.append({"id": row["id"], "text": path.read_text(encoding="utf-8"),
                    "language": row.get("language")})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", help="tacitus JSON Lines documents")
    ap.add_argument("--manifest", help="a real-report set's manifest (with --texts)")
    ap.add_argument("--texts", help="folder of the excerpts' ID.txt files")
    ap.add_argument("--split", default="dev", help="manifest split to read (default: dev)")
    ap.add_argument("--gold", required=True, help="gold JSON Lines (score.py format)")
    ap.add_argument("--misses", action="store_true", help="list every miss with its cause")
    ap.add_argument("--extra", action="store_true", help="list places in no gold country")
    ap.add_argument("--no-language", action="store_true", help="do not pass the document language")
    args = ap.parse_args(argv)
    if args.manifest and args.split != "dev" and (args.misses or args.extra):
        sys.exit("geo_recall: misses are listed for the dev half only")

    from tacitus.clean import clean
    from tacitus.geo import get_geocoder
    from tacitus.model import RawDocument
    geo = get_geocoder()
    gold = {g["source"]: g for g in _load(args.gold)}
    docs = [d for d in _documents(args) if d["id"] in gold]
    hits = total = words = ev_hits = ev_total = 0
    causes: Counter[str] = Counter()
    elapsed = 0.0
    for doc in docs:
        raw = RawDocument(source=doc["id"], text=doc["text"],
                          published=date.fromisoformat(doc["published"]) if doc.get("published") else None,
                          language=doc.get("language"))
        cleaned = clean(raw)
        language = None if args.no_language else cleaned.language
        t0 = time.perf_counter()
        mentions, _ctx = geo.find_document(cleaned.text, language=language)
        elapsed += time.perf_counter() - t0
        words += len(cleaned.text.split())
        found = [m.value for m in mentions]
        countries = set()
        for ev in gold[doc["id"]]["events"]:
            ev_places = ev.get("places") or []
            ev_total += bool(ev_places)
            ev_found = False
            for gp in ev_places:
                countries.add(gp["country"].upper())
                total += 1
                same = [p for p in found if (p.country or "").upper() == gp["country"].upper()
                        and p.lat is not None]
                dists = sorted(((_km(p.lat, p.lon, gp["lat"], gp["lon"]), p) for p in same), key=lambda x: x[0]) \
                    if "lat" in gp else [(0.0, p) for p in same]
                if dists and dists[0][0] <= gp.get("tolerance_km", 30):
                    hits += 1
                    ev_found = True
                    continue
                cause = "none" if not found else "country" if not same else "far"
                causes[cause] += 1
                if args.misses:
                    detail = ""
                    if dists:
                        d, p = dists[0]
                        detail = f" nearest {p.name} ({p.text!r}) {d:.0f} km"
                    elif found:
                        detail = " found " + ", ".join(f"{p.name}/{p.country}" for p in found[:5])
                    print(f"MISS {doc['id']} {ev['id']} {gp['name']} ({gp['country']}, "
                          f"tol {gp.get('tolerance_km', 30)} km): {cause}{detail}")
            ev_hits += ev_found
        if args.extra:
            for p in found:
                if (p.country or "").upper() not in countries:
                    print(f"EXTRA {doc['id']} {p.name}/{p.country} ({p.text!r})")
    recall = hits / total if total else 0.0
    print(f"place recall {recall:.3f} ({hits}/{total} gold places, {len(docs)} documents)")
    if ev_total:
        print(f"event place recall {ev_hits / ev_total:.3f} ({ev_hits}/{ev_total} gold events "
              "with a place: any of their places found)")
    print("misses by cause: " + ", ".join(f"{k} {v}" for k, v in causes.most_common()))
    if elapsed:
        print(f"find_document: {words / elapsed:,.0f} words/s over {words} words "
              "(one pass, every word's first lookup included; benchmarks/geocode_ruuk.py times it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
