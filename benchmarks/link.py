"""Benchmark of tacitus.link.link_events on synthetic contract-shaped events.

Generates N event dicts (default 100,000) with a realistic shape: a year of
nights and days; most events from the Russia-Ukraine air war (many places hit
each night, reported by several outlets, wire copies syndicated, regional and
country-wide totals beside city reports, some events dated only by their
publication date), the rest from other conflicts and protests. Each event
carries its true incident label, so the benchmark also reports pairwise
precision / recall on the synthetic data (a sanity check; the acceptance
figure is on the hand-written corpus in tests/corpora/linking/).

Run::

    PYTHONPATH=src .venv/bin/python benchmarks/link.py [--events 100000] [--seed 0]
    PYTHONPATH=src .venv/bin/python benchmarks/link.py --corpus tests/corpora/linking/events.jsonl
    PYTHONPATH=src .venv/bin/python benchmarks/link.py --minhash 2000   # near-duplicate cost per document
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, timedelta

from tacitus.link import DuplicateIndex, event_key, link_events, minhash_signature, pairwise_prf

# (name, country, admin1, gazetteer id) of cities; regions are their admin1.
CITIES = {
    "RU": [("Moscow", "Moscow", 1), ("Belgorod", "Belgorod Oblast", 2), ("Shebekino", "Belgorod Oblast", 3),
           ("Kursk", "Kursk Oblast", 4), ("Rylsk", "Kursk Oblast", 5), ("Bryansk", "Bryansk Oblast", 6),
           ("Klintsy", "Bryansk Oblast", 7), ("Voronezh", "Voronezh Oblast", 8), ("Taganrog", "Rostov Oblast", 9),
           ("Novoshakhtinsk", "Rostov Oblast", 10), ("Rostov-on-Don", "Rostov Oblast", 11),
           ("Saratov", "Saratov Oblast", 12), ("Engels", "Saratov Oblast", 13), ("Tuapse", "Krasnodar Krai", 14),
           ("Novorossiysk", "Krasnodar Krai", 15), ("Kaluga", "Kaluga Oblast", 16), ("Tula", "Tula Oblast", 17),
           ("Oryol", "Oryol Oblast", 18), ("Lipetsk", "Lipetsk Oblast", 19), ("Tambov", "Tambov Oblast", 20)],
    "UA": [("Kyiv", "Kyiv City", 101), ("Kharkiv", "Kharkiv Oblast", 102), ("Chuhuiv", "Kharkiv Oblast", 103),
           ("Odesa", "Odesa Oblast", 104), ("Izmail", "Odesa Oblast", 105), ("Dnipro", "Dnipropetrovsk Oblast", 106),
           ("Kryvyi Rih", "Dnipropetrovsk Oblast", 107), ("Zaporizhzhia", "Zaporizhzhia Oblast", 108),
           ("Sumy", "Sumy Oblast", 109), ("Shostka", "Sumy Oblast", 110), ("Kherson", "Kherson Oblast", 111),
           ("Lviv", "Lviv Oblast", 112), ("Poltava", "Poltava Oblast", 113), ("Kremenchuk", "Poltava Oblast", 114),
           ("Chernihiv", "Chernihiv Oblast", 115), ("Mykolaiv", "Mykolaiv Oblast", 116),
           ("Kramatorsk", "Donetsk Oblast", 117), ("Pokrovsk", "Donetsk Oblast", 118)],
    "SD": [("El Fasher", "North Darfur", 201), ("Bara", "North Kordofan", 202), ("El Obeid", "North Kordofan", 203),
           ("Khartoum", "Khartoum", 204), ("Omdurman", "Khartoum", 205), ("Kadugli", "South Kordofan", 206)],
    "BF": [("Djibo", "Sahel", 301), ("Dori", "Sahel", 302), ("Kaya", "Centre-Nord", 303)],
    "ML": [("Gao", "Gao", 401), ("Timbuktu", "Tombouctou", 402), ("Kidal", "Kidal", 403)],
    "CD": [("Goma", "North Kivu", 501), ("Bukavu", "South Kivu", 502), ("Beni", "North Kivu", 503)],
    "MM": [("Lashio", "Shan", 601), ("Myawaddy", "Kayin", 602), ("Sittwe", "Rakhine", 603)],
    "KE": [("Nairobi", "Nairobi County", 701), ("Mombasa", "Mombasa County", 702), ("Kisumu", "Kisumu County", 703)],
    "RS": [("Belgrade", "Belgrade", 801), ("Novi Sad", "South Backa", 802)],
}
COUNTRY_NAME = {"RU": "Russia", "UA": "Ukraine", "SD": "Sudan", "BF": "Burkina Faso", "ML": "Mali",
                "CD": "DR Congo", "MM": "Myanmar", "KE": "Kenya", "RS": "Serbia"}
FAMILY_TYPES = {"air": ["attack", "attack", "interception", "interception", "disruption"],
                "ground": ["clash", "clash", "territory"], "unrest": ["protest", "protest", "riot", "arrest"]}
_FAMILY_OF = {t: f for f, ts in FAMILY_TYPES.items() for t in ts}
# (share of incidents, attacker country, target country, family)
THEATRES = [(0.38, "UA", "RU", "air"), (0.38, "RU", "UA", "air"), (0.06, "RU", "UA", "ground"),
            (0.05, "SD", "SD", "ground"), (0.02, "SD", "SD", "air"), (0.03, "BF", "BF", "ground"),
            (0.02, "ML", "ML", "ground"), (0.02, "CD", "CD", "ground"), (0.02, "MM", "MM", "air"),
            (0.01, "KE", "KE", "unrest"), (0.01, "RS", "RS", "unrest")]


def _city(country: str, c: tuple[str, str, int]) -> dict:
    name, admin1, gid = c
    return {"text": name, "name": name, "country": country, "admin1": admin1, "precision": "city",
            "gazetteer_id": f"geonames:{gid}"}


def _region(country: str, admin1: str) -> dict:
    return {"text": admin1, "name": admin1, "country": country, "admin1": admin1, "precision": "admin1",
            "gazetteer_id": None}


def _country(country: str) -> dict:
    return {"text": COUNTRY_NAME[country], "name": COUNTRY_NAME[country], "country": country, "admin1": None,
            "precision": "country", "gazetteer_id": None}


def generate(n: int, seed: int = 0) -> list[dict]:
    """``n`` synthetic events with gold incident labels under ``"gold"``."""
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    weights = [t[0] for t in THEATRES]
    out: list[dict] = []
    doc_no = 0
    while len(out) < n:
        # one night somewhere: pick a theatre, then several incidents that night
        attacker, target, family = rng.choices(THEATRES, weights)[0][1:]
        day0 = start + timedelta(days=rng.randrange(365))
        night = family == "air"
        t = {"start": day0.isoformat(), "end": (day0 + timedelta(days=1 if night else 0)).isoformat(),
             "precision": "night" if night else "day", "text": "overnight" if night else "on Monday"}
        k = rng.randint(3, 12) if family == "air" and target in ("RU", "UA") else rng.randint(1, 2)
        cities = rng.sample(CITIES[target], min(k, len(CITIES[target])))
        # a country-wide total for the night, from several outlets
        if night and target in ("RU", "UA"):
            label = f"{target}-total-{day0}"
            for _ in range(rng.randint(2, 8)):
                doc_no += 1
                out.append(_event(rng, doc_no, label, "interception", _country(target), t, attacker, target))
        for c in cities:
            label = f"{target}-{c[0]}-{day0}"
            for _ in range(max(1, int(rng.expovariate(1 / 4)))):
                doc_no += 1
                family_id = None
                if rng.random() < 0.2 and out and out[-1]["gold"] == label:
                    family_id = out[-1]["family_id"]  # a syndicated copy of the previous report
                type_ = rng.choice(FAMILY_TYPES[family])
                place = _city(target, c)
                gold = label
                if rng.random() < 0.1:  # a regional figure: labelled once all cities are known
                    place = _region(target, c[1])
                    gold = f"?{target}|{c[1]}|{day0}|{family}"
                ev = _event(rng, doc_no, gold, type_, place, t, attacker, target, family_id)
                if rng.random() < 0.1:
                    ev["time"] = None  # dated by the publication date only
                out.append(ev)
    return _label_regions(out[:n])


def _label_regions(events: list[dict]) -> list[dict]:
    """Gold for regional figures: the city's incident when exactly one city of
    that region was hit that night (by any draw), else the region's own."""
    cities: dict[str, set[str]] = {}
    for e in events:
        p = e["places"][0]
        if p["precision"] == "city":
            day0 = e["gold"].rsplit("-", 3)[-3:]
            key = f"{p['country']}|{p['admin1']}|{'-'.join(day0)}|{_FAMILY_OF[e['type']]}"
            cities.setdefault(key, set()).add(p["name"])
    for e in events:
        if e["gold"].startswith("?"):
            key = e["gold"][1:]
            country, admin1, day0, _ = key.split("|")
            found = cities.get(key, set())
            e["gold"] = f"{country}-{next(iter(found))}-{day0}" if len(found) == 1 else f"{country}-{admin1}-{day0}"
    return events


def _event(rng: random.Random, doc_no: int, gold: str, type_: str, place: dict, t: dict, attacker: str,
           target: str, family_id: str | None = None) -> dict:
    doc = f"doc{doc_no:07d}"
    published = date.fromisoformat(t["end"])
    unknown_attacker = rng.random() < 0.3
    return {
        "id": "e1", "type": type_, "weapons": [rng.choice(["drone", "missile", "artillery"])],
        "attacker": None if unknown_attacker else {"name": COUNTRY_NAME[attacker], "country": attacker},
        "target": {"name": COUNTRY_NAME[target], "country": target},
        "time": dict(t), "places": [place],
        "quantities": [{"role": "intercepted" if type_ == "interception" else "injured",
                        "value": rng.randint(1, 120), "low": 1, "high": None, "qualifier": "exact",
                        "unit": "drone" if type_ == "interception" else "person", "text": ""}],
        "claim": {"claimant": "official", "claimant_country": target, "reported_by": [], "modality": "asserted"},
        "evidence": {"text": "", "start": 0, "end": 0}, "acled": None,
        "document_id": doc, "published": published.isoformat(), "family_id": family_id or doc,
        "source": f"https://example.org/{doc}", "gold": gold,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", help="score a JSONL of events with gold labels instead of timing synthetic ones")
    ap.add_argument("--minhash", type=int, metavar="DOCS",
                    help="time minhash_signature + DuplicateIndex.add on DOCS synthetic ~600-word reports")
    args = ap.parse_args(argv)
    if args.minhash:
        return _time_minhash(args.minhash, args.seed)
    if args.corpus:
        return _score_corpus(args.corpus)
    t0 = time.perf_counter()
    events = generate(args.events, args.seed)
    t1, c1 = time.perf_counter(), time.process_time()
    incidents = link_events(events)
    t2, c2 = time.perf_counter(), time.process_time()
    predicted = {k: inc.id for inc in incidents for k in inc.members}
    gold = {event_key(e): e["gold"] for e in events}
    p, r, f = pairwise_prf(predicted, gold)
    print(f"generated {len(events):,} events in {t1 - t0:.1f} s")
    print(f"link_events: {t2 - t1:.2f} s for {len(events):,} events -> {len(incidents):,} incidents "
          f"({(t2 - t1) / len(events) * 1e6:.1f} us/event; CPU {c2 - c1:.2f} s; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"synthetic pairwise precision {p:.4f} recall {r:.4f} F1 {f:.4f} (gold = generator's labels)")
    return 0


def _time_minhash(n: int, seed: int) -> int:
    """Per-document cost of the near-duplicate stage on benchmarks/synth.py reports,
    each also re-added as a lightly edited copy (which must join its family)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from synth import generate as synth_generate  # the project's report generator

    texts = [r["text"] for r in synth_generate(n, seed, 600)]
    index = DuplicateIndex()
    t0, c0 = time.perf_counter(), time.process_time()
    for k, text in enumerate(texts):
        index.add(f"d{k}", minhash_signature(text))
    t1, c1 = time.perf_counter(), time.process_time()
    joined = 0
    for k, text in enumerate(texts):
        edited = text.replace(" said", " stated", 2).replace(".", ";", 3)
        joined += index.add(f"copy{k}", minhash_signature(edited)) == index.family(f"d{k}")
    words = sum(len(t.split()) for t in texts) / len(texts)
    print(f"{n} reports of ~{words:.0f} words: {(t1 - t0) / n * 1000:.3f} ms per document (signature + index; "
          f"CPU {(c1 - c0) / n * 1000:.3f} ms; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"{joined}/{n} lightly edited copies joined their original's family; "
          f"{len({index.family(f'd{k}') for k in range(n)})} families among the {n} originals")
    return 0


def _score_corpus(path: str) -> int:
    """Pairwise precision / recall of link_events against the corpus's gold labels."""
    with open(path, encoding="utf-8") as fh:
        events = [json.loads(line) for line in fh if line.strip()]
    incidents = link_events(events)
    predicted = {k: inc.id for inc in incidents for k in inc.members}
    gold = {event_key(e): e["gold"] for e in events}
    p, r, f = pairwise_prf(predicted, gold)
    n_gold = sum(1 for _ in {(a, b) for a in gold for b in gold if a < b and gold[a] == gold[b]})
    print(f"{len(events)} events, {len(set(gold.values()))} gold incidents ({n_gold} gold pairs), "
          f"{len(incidents)} predicted incidents")
    print(f"pairwise precision {p:.4f} recall {r:.4f} F1 {f:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
