"""Incremental, order-independent linking of the stored ledger.

The same documents, stored in different orders and batches (each batch linked
incrementally, as ``tacitus ingest`` does), must give identical near-duplicate
families and incidents, and those must be what a full re-link
(``tacitus link --full``) gives. Manual merges and splits made between batches
too. The events are invented and dense on purpose: nights with many reports of
one city, regional and country-wide totals beside them, one-day and two-night
windows and undated-by-text reports chaining day to day, a few windows of
forty days, syndicated copies that bridge two families.
"""
from __future__ import annotations

import hashlib
import json
import random
from datetime import date, timedelta

import pytest

from tacitus.link import DuplicateIndex, minhash_signature
from tacitus.model import Actor, Claim, Document, Event, Evidence, Place, Quantity, Result, TimeSpan, document_id
from tacitus.store import open_store

_PLACES = {
    "UA": [Place("Kharkiv", "Kharkiv", "UA", "Kharkiv Oblast", 49.98, 36.25, "city", "g1"),
           Place("Chuhuiv", "Chuhuiv", "UA", "Kharkiv Oblast", 49.83, 36.68, "city", "g2"),
           Place("Kharkiv region", "Kharkiv Oblast", "UA", "Kharkiv Oblast", 49.5, 36.5, "admin1", "g3"),
           Place("Kyiv", "Kyiv", "UA", "Kyiv", 50.45, 30.52, "city", "g4"),
           Place("Ukraine", "Ukraine", "UA", None, 49.0, 32.0, "country", "g5")],
    "RU": [Place("Belgorod", "Belgorod", "RU", "Belgorod Oblast", 50.6, 36.6, "city", "g6"),
           Place("Belgorod region", "Belgorod Oblast", "RU", "Belgorod Oblast", 50.7, 37.0, "admin1", "g7"),
           Place("Russia", "Russia", "RU", None, 61.5, 105.3, "country", "g8")],
}
_CLAIMANTS = {"UA": ("Ukrainian Air Force", "UA"), "RU": ("Russian Ministry of Defence", "RU")}
_WORDS = [f"w{i}" for i in range(3000)]


def _corpus(n: int, seed: int = 3) -> list[Result]:
    """``n`` one-event reports over twelve days; a third are lightly edited copies
    of an earlier report (edits of edits drift apart, so a late copy can join
    two families into one)."""
    rng = random.Random(seed)
    texts: list[list[str]] = []
    out = []
    weights = {"UA": (5, 1, 4, 1, 1), "RU": (3, 2, 1)}
    for i in range(n):
        target = rng.choice(("UA", "UA", "RU"))
        place = rng.choices(_PLACES[target], weights[target])[0]
        day = date(2025, 3, 1) + timedelta(days=rng.randrange(12))
        kind = rng.random()
        time = (None if kind < 0.2 else TimeSpan(day, day, "day", "on Monday") if kind < 0.6
                else TimeSpan(day, day + timedelta(days=1), "night", "overnight") if kind < 0.96
                # a few long windows (over LONG_SPAN days: found apart by the linker)
                else TimeSpan(day - timedelta(days=40), day, "range", "since late January"))
        if texts and rng.random() < 0.35:
            words = list(rng.choice(texts))
            for _ in range(4):
                words[rng.randrange(len(words))] = rng.choice(_WORDS)
        else:
            words = rng.choices(_WORDS, k=200)
        texts.append(words)
        text = " ".join(words) + f" ({i})"
        claimant, side = _CLAIMANTS[target if rng.random() < 0.7 else ("RU" if target == "UA" else "UA")]
        value = rng.choice((10, 12, 40, 41, 100))
        ev = Event(id="e1", type=rng.choice(("attack", "interception")), evidence=Evidence(text[:50], 0, 50),
                   weapons=["drone"], attacker=Actor("Russia" if target == "UA" else "Ukraine",
                                                     "RU" if target == "UA" else "UA", "state"),
                   target=Actor("Ukraine" if target == "UA" else "Russia", target, "state"), time=time,
                   places=[place], quantities=[Quantity("intercepted", value, value, value, "exact", "drone", str(value))],
                   claim=Claim(claimant, side, [], "asserted", "said"))
        doc = Document(id=document_id(text), source=f"r{i}.txt", text=text, published=day + timedelta(days=1))
        out.append(Result(doc, [ev]))
    return out


def _snapshot(store) -> dict[str, str]:
    q = store._query
    tables = {
        "families": q("SELECT document_id, family_id, similarity FROM document_families ORDER BY document_id"),
        "incidents": q("SELECT id, level, start_day, sources, contested, data FROM incidents ORDER BY id"),
        "members": q("SELECT document_id, event_seq, event_key, incident_id FROM incident_members"
                     " ORDER BY document_id, event_seq"),
    }
    return {k: hashlib.sha1(json.dumps(v, default=str).encode()).hexdigest() for k, v in tables.items()}


def _ingest(path, results, order, batch, decisions=False):
    with open_store(path) as store:
        for n, i in enumerate(range(0, len(order), batch)):
            store.write_batch([results[j] for j in order[i:i + batch]], [])
            store.ensure_linked()
            if decisions and n == 1:
                two = store.incidents(min_sources=1, limit=2)
                store.merge_incidents(two[0]["id"], two[1]["id"], "same strike, per the governor")
                big = store.incidents(min_sources=3, limit=1)
                store.split_incident(big[0]["id"], [big[0]["members"][0]], "a different night")
        incremental = _snapshot(store)
        counts = store.count_incidents(), len(store.families(min_size=2))
        store.relink(full=True)
        return incremental, _snapshot(store), counts


@pytest.fixture(scope="module")
def corpus():
    return _corpus(420)


def test_any_order_and_split_gives_the_same_ledger_as_a_full_relink(corpus, tmp_path):
    idx = list(range(len(corpus)))
    rng = random.Random(11)
    runs = [(idx, 60), (idx[::-1], 25), (rng.sample(idx, len(idx)), 140), (rng.sample(idx, len(idx)), 420)]
    snaps = []
    for n, (order, batch) in enumerate(runs):
        incremental, full, counts = _ingest(tmp_path / f"o{n}.db", corpus, order, batch)
        assert incremental == full, f"order {n}: the incremental ledger differs from a full re-link"
        snaps.append(incremental)
    assert all(s == snaps[0] for s in snaps), "the ingest order or batches changed the families or incidents"
    assert counts[0] < len(corpus) and counts[1] >= 10  # events were linked; copies formed families


def test_manual_decisions_between_batches_equal_a_full_relink(corpus, tmp_path):
    order = random.Random(5).sample(range(len(corpus)), len(corpus))
    incremental, full, _ = _ingest(tmp_path / "d.db", corpus, order, 70, decisions=True)
    assert incremental == full


def test_a_relink_touches_only_what_the_new_events_can_join(corpus, tmp_path):
    """A new report from another country and month re-links nothing stored."""
    with open_store(tmp_path / "t.db") as store:
        store.write_batch(corpus, [])
        store.ensure_linked()
        before = {r[0] for r in store._query("SELECT id FROM incidents")}
        text = "Police dispersed a rally in the capital on Sunday, witnesses said."
        doc = Document(id=document_id(text), source="far.txt", text=text, published=date(2025, 9, 1))
        ev = Event(id="e1", type="protest", evidence=Evidence(text, 0, len(text)),
                   places=[Place("Nairobi", "Nairobi", "KE", "Nairobi", -1.28, 36.82, "city")])
        store.write_batch([Result(doc, [ev])], [])
        stats = store.relink()
        after = {r[0] for r in store._query("SELECT id FROM incidents")}
        assert (stats.added, stats.removed) == (1, 0) and after - before == {store.incidents(country="KE")[0]["id"]}
        history = store.history(limit=None)[-1]["detail"]
        assert history["documents"] == 1 and history["removed"] == 0


def test_families_are_connected_groups_whatever_the_order():
    a = " ".join(f"alpha{i}" for i in range(40))
    b = " ".join(f"beta{i}" for i in range(40))
    docs = {"d3": a, "d1": b, "d2": a + " " + b, "d4": a + " tail", "d5": "nothing alike at all here"}
    seen = set()
    for order in (["d3", "d1", "d2", "d4", "d5"], ["d2", "d5", "d4", "d1", "d3"], ["d1", "d3", "d5", "d4", "d2"]):
        index = DuplicateIndex(threshold=0.3)
        for d in order:
            index.add(d, minhash_signature(docs[d]))
        seen.add(tuple((d, index.family(d), round(index.similarity(d), 6)) for d in sorted(docs)))
    assert len(seen) == 1
    families = dict((d, f) for d, f, _ in seen.pop())
    assert families["d2"] == families["d3"] == families["d4"] == families["d1"] == "d1"  # d2 bridges a and b
    assert families["d5"] == "d5"


def _report(text: str, place: Place, day: date, value: int) -> Result:
    doc = Document(id=document_id(text), source=text[:12], text=text, published=day + timedelta(days=1))
    ev = Event(id="e1", type="attack", evidence=Evidence(text, 0, len(text)), weapons=["drone"],
               attacker=Actor("Russia", "RU", "state"), target=Actor("Ukraine", "UA", "state"),
               time=TimeSpan(day, day + timedelta(days=1), "night", "overnight"), places=[place],
               quantities=[Quantity("hit", value, value, value, "exact", "drone", str(value))],
               claim=Claim("regional governor", "UA", [], "asserted", "said"))
    return Result(doc, [ev])


def test_a_second_city_in_the_region_unlinks_the_regional_figure(tmp_path):
    """A regional figure joins the one city of its region hit that night; when a
    later report names a second city there, the figure can no longer be
    attributed to either: the re-link must undo the join, as a full one would."""
    kharkiv, chuhuiv, region = _PLACES["UA"][0], _PLACES["UA"][1], _PLACES["UA"][2]
    night = date(2025, 3, 4)
    first = [_report("Drones hit Kharkiv overnight, the governor said.", kharkiv, night, 5),
             _report("Seven drones hit the Kharkiv region overnight, officials said.", region, night, 7)]
    later = [_report("A drone hit Chuhuiv overnight, the mayor said.", chuhuiv, night, 2)]
    with open_store(tmp_path / "r.db") as store:
        store.write_batch(first, [])
        store.relink()
        assert store.count_incidents() == 1  # the region's figure joined its only city
        store.write_batch(later, [])
        store.relink()
        levels = sorted(i["level"] for i in store.incidents())
        incremental = _snapshot(store)
        store.relink(full=True)
        assert _snapshot(store) == incremental
    assert levels == ["place", "place", "region"]


@pytest.fixture(scope="module")
def pg_base():
    from test_store_fixtures import postgres_cluster
    with postgres_cluster() as url:
        yield url


def test_postgresql_links_alike_in_any_order(pg_base, corpus):
    """The same on PostgreSQL: two orders, a merge undone between batches, a full re-link."""
    if pg_base is None:
        from test_store_fixtures import no_postgres
        no_postgres()
    import psycopg
    results = corpus[:200]
    snaps = []
    for n, (order, batch) in enumerate([(list(range(200)), 50), (random.Random(3).sample(range(200), 200), 70)]):
        with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE incremental_{n}")
        with open_store(f"{pg_base}/incremental_{n}") as store:
            for i in range(0, len(order), batch):
                store.write_batch([results[j] for j in order[i:i + batch]], [])
                store.ensure_linked()
                if n == 1 and i == 0:
                    two = store.incidents(limit=2)
                    store.merge_incidents(two[0]["id"], two[1]["id"], "checked")
                    store.undo_decision(store.decisions()[-1]["id"])
            snaps.append(_snapshot(store))
            store.relink(full=True)
            assert _snapshot(store) == snaps[-1]
    assert snaps[0] == snaps[1]


def test_a_very_short_text_joins_only_its_exact_copies():
    """A dozen words give too few shingles to tell near-duplicates: such a text
    is one family with its exact copies and with no one else."""
    index = DuplicateIndex()
    for n, text in enumerate(["Air alert in the Kharkiv region.", "Air alert in the Kharkiv region.",
                              "Air alert in the Sumy region.", "Air alert over in the Kharkiv region."]):
        index.add(f"s{n}", minhash_signature(text))
    assert [index.family(f"s{n}") for n in range(4)] == ["s0", "s0", "s2", "s3"]
