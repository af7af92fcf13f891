"""Benchmark the geocoder: gazetteer open time and memory, resolution speed.

    PYTHONPATH=src .venv/bin/python benchmarks/geocode.py [--sentences 5000]

Times are CPU time of this process (time.process_time), steadier than wall time on
a shared machine. Open time and RSS are measured in a fresh child process (so imports and caches
of this one do not count). Resolution speed is measured on invented wire-style
sentences, first with cold caches, then warm; a ~600-word report's worth of
sentences (30) is also timed end to end, as ``context`` + ``find`` per sentence
and as one ``find_document``.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time

PLACES = ["Kharkiv", "Kharkov", "Odesa", "Odessa", "Dnipro", "Zaporizhzhia", "Kherson", "Sumy",
          "Pokrovsk", "Kostiantynivka", "Kramatorsk", "Sloviansk", "Slavyansk", "Bakhmut",
          "Avdiivka", "Horlivka", "Lyman", "Kupiansk", "Vovchansk", "Izium", "Chasiv Yar",
          "Toretsk", "Myrnohrad", "Huliaipole", "Orikhiv", "Nikopol", "Kryvyi Rih", "Mykolaiv",
          "Belgorod", "Kursk", "Bryansk", "Voronezh", "Rostov-on-Don", "Taganrog", "Krasnodar",
          "Novorossiysk", "Sevastopol", "Simferopol", "Moscow", "St Petersburg", "Kyiv", "Lviv"]
REGIONS = ["Donetsk region", "the Kharkiv Region", "Belgorod Oblast", "Kursk region",
           "Zaporizhzhia Oblast", "Krasnodar Krai", "Crimea", "Dnipropetrovsk region"]
TEMPLATES = [
    "Russian drones struck {p} overnight, the governor of {r} said on Telegram.",
    "Ukraine's air force said it shot down 40 of 52 drones launched at {p} and {q}.",
    "Two people were killed when a glide bomb hit a residential block in {p}, officials said.",
    "Fighting continued near the village of {v} close to {p}, the General Staff reported.",
    "Air defences were active over {r} and the city of {p}, local media reported.",
    "The shelling of {p} damaged a school, a hospital and power lines, the mayor wrote.",
    "Prosecutors opened a case after a missile struck an industrial site in {p} on Sunday.",
    "He said talks in Istanbul could resume next week, according to Reuters.",
]
VILLAGES = ["Andriivka", "Novoselivka", "Kamianka", "Vodiane", "Zaitseve", "Troitske", "Semenivka",
            "Petrivka", "Oleksandrivka", "Mykolaivka", "Stepove", "Krasnohorivka"]


def sentences(n: int, seed: int = 7) -> list[str]:
    """n invented sentences with place names (varied, reproducible)."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(rnd.choice(TEMPLATES).format(p=rnd.choice(PLACES), q=rnd.choice(PLACES),
                                                r=rnd.choice(REGIONS), v=rnd.choice(VILLAGES)))
    return out


CHILD = """
import json, resource, time
t0 = time.perf_counter()
from tacitus.geo import Gazetteer, Geocoder
t1 = time.perf_counter()
g = Geocoder(Gazetteer(build_if_missing=False))
t2 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"import_s": t1 - t0, "open_s": t2 - t1, "max_rss_mb": rss}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=5000)
    args = ap.parse_args()

    from tacitus.geo import Gazetteer, Geocoder, get_geocoder
    get_geocoder()  # builds the gazetteer if missing, outside the timings
    child = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    opened = json.loads(child.stdout)

    sents = sentences(args.sentences)
    geo = Geocoder(Gazetteer(build_if_missing=False))  # fresh caches
    runs = {}
    for label in ("cold", "warm"):
        dt = float("inf")
        for _ in range(1 if label == "cold" else 3):  # warm: best of 3 (shared machines are noisy)
            t = time.process_time()
            n = sum(len(geo.find(s)) for s in sents)
            dt = min(dt, time.process_time() - t)
        runs[label] = {"sentences_per_s": round(len(sents) / dt), "mentions": n,
                       "mentions_per_s": round(n / dt), "ms_per_sentence": round(1000 * dt / len(sents), 4)}
    report = sents[:30]
    text = " ".join(report)
    t = time.process_time()
    reps = 50
    for _ in range(reps):
        ctx = geo.context(text)
        for s in report:
            geo.find(s, context=ctx)
    per_doc = (time.process_time() - t) / reps
    t = time.process_time()
    for _ in range(reps):
        geo.find_document(text)
    per_doc_one_pass = (time.process_time() - t) / reps
    result = {**opened, "cold": runs["cold"], "warm": runs["warm"],
              "report_words": len(text.split()),
              "ms_per_report_context_then_find_per_sentence": round(1000 * per_doc, 2),
              "ms_per_report_find_document": round(1000 * per_doc_one_pass, 2)}
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
