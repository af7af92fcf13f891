"""Tests of tacitus.link: near-duplicate families, incident linking, reconciled claims.

The corpus in tests/corpora/linking/ was written for these tests (build.py writes it).
"""
from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tacitus.link import (DuplicateIndex, count_contested, estimate_jaccard, event_key, link_events,
                          minhash_signature, pairwise_prf, reconcile, split_pairs)

CORPUS = Path(__file__).parent / "corpora" / "linking"


def _jsonl(name: str) -> list[dict]:
    with open(CORPUS / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def events() -> list[dict]:
    return _jsonl("events.jsonl")


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    return _jsonl("documents.jsonl")


@pytest.fixture(scope="module")
def incidents(events):
    return link_events(copy.deepcopy(events))


def _incident_of(incidents, key: str):
    return next(i for i in incidents if key in i.members)


def _by_key(events) -> dict[str, dict]:
    return {event_key(e): e for e in events}


# ----------------------------------------------------------------- near-duplicates

def test_copies_and_light_edits_join_the_family_independent_reports_do_not(docs):
    index = DuplicateIndex()
    got = {d["id"]: index.add(d["id"], minhash_signature(d["text"])) for d in docs}
    assert got == {d["id"]: d["gold_family"] for d in docs}
    assert index.members("d01") == ["d01", "d02", "d03"]


def test_jaccard_estimate_separates_copies_from_other_reports(docs):
    text = {d["id"]: d["text"] for d in docs}
    sig = {k: minhash_signature(v) for k, v in text.items()}
    assert estimate_jaccard(sig["d01"], sig["d02"]) >= 0.8
    assert estimate_jaccard(sig["d01"], sig["d04"]) <= 0.2
    assert estimate_jaccard(sig["d05"], sig["d22"]) <= 0.2


def test_signature_ignores_case_and_spacing_and_is_stable_across_processes():
    text = "Air defences destroyed 41 drones over the Kursk region late on Tuesday, the governor said."
    assert minhash_signature(text) == minhash_signature("  " + text.upper().replace(" ", "\n "))
    code = ("import sys; sys.path.insert(0, 'src'); from tacitus.link import minhash_signature; "
            f"print(minhash_signature({text!r})[:4])")
    root = Path(__file__).resolve().parents[1]
    outs = {subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert outs == {f"{minhash_signature(text)[:4]}\n"}


def test_index_is_idempotent_and_empty_documents_match_nothing():
    index = DuplicateIndex()
    sig = minhash_signature("Shelling hit the outskirts of the town on Sunday, officials said.")
    assert index.add("a", sig) == "a"
    assert index.add("b", sig) == "a"
    assert index.add("a", sig) == "a"
    assert index.add("e1", minhash_signature("")) == "e1"
    assert index.add("e2", minhash_signature("  ")) == "e2"
    assert len(index) == 4


# ----------------------------------------------------------------- incidents

def test_pairwise_precision_and_recall_on_the_corpus(events, incidents):
    predicted = {k: inc.id for inc in incidents for k in inc.members}
    gold = {event_key(e): e["gold"] for e in events}
    precision, recall, _ = pairwise_prf(predicted, gold)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_every_event_is_in_exactly_one_incident(events, incidents):
    members = [k for inc in incidents for k in inc.members]
    assert sorted(members) == sorted(event_key(e) for e in events)


def test_same_place_on_the_next_night_is_another_incident(incidents):
    assert _incident_of(incidents, "d01:e2") is not _incident_of(incidents, "d13:e1")   # Moscow, two nights
    assert _incident_of(incidents, "d10:e1") is not _incident_of(incidents, "d14:e1")   # Kharkiv, two nights


def test_two_cities_of_one_region_stay_apart_and_the_region_figure_is_their_aggregate(incidents):
    taganrog, novosh = _incident_of(incidents, "d08:e1"), _incident_of(incidents, "d08:e2")
    region = _incident_of(incidents, "d09:e3")
    assert len({taganrog.id, novosh.id, region.id}) == 3
    assert region.level == "region" and region.parts == sorted([taganrog.id, novosh.id])
    assert region.id in taganrog.part_of


def test_region_figure_joins_the_only_city_hit_in_that_region(incidents):
    assert _incident_of(incidents, "d01:e3") is _incident_of(incidents, "d07:e1")


def test_interception_attack_and_disruption_of_one_night_and_place_link(incidents):
    moscow = _incident_of(incidents, "d01:e2")
    assert "d06:e1" in moscow.members                     # the airport inside the city
    assert moscow.place == "Moscow" and moscow.level == "place"
    assert _incident_of(incidents, "d17:e1") is _incident_of(incidents, "d17:e2")   # clash + territory


def test_country_total_is_an_aggregate_not_merged_with_its_parts(incidents):
    total = _incident_of(incidents, "d01:e1")
    moscow = _incident_of(incidents, "d01:e2")
    assert total.level == "country" and total is not moscow
    assert moscow.id in total.parts and total.id in moscow.part_of
    assert "d04:e1" in total.members                      # placeless, target Russia: country level
    kharkiv = _incident_of(incidents, "d10:e1")
    assert kharkiv.id not in total.parts                  # other country, other side


def test_links_are_explained_and_sources_count_families(incidents):
    total = _incident_of(incidents, "d01:e1")
    assert len(total.links) == len(total.members) - 1
    assert all(0 < l.score <= 1 and any(r.startswith("place:") for r in l.reasons) for l in total.links)
    assert total.sources == 3                              # d01-d03 are one family; d04 and d22


def test_linking_is_deterministic_under_input_order(events, incidents):
    shuffled = copy.deepcopy(events)
    random.Random(7).shuffle(shuffled)
    again = link_events(shuffled)
    assert [i.to_dict() for i in again] == [i.to_dict() for i in incidents]


def _ev(key: str, type_: str, place: dict | None, start: str, end: str, **extra) -> dict:
    doc, eid = key.split(":")
    return {"id": eid, "document_id": doc, "family_id": doc, "type": type_, "weapons": [],
            "attacker": None, "target": extra.get("target"),
            "time": {"start": start, "end": end, "precision": "day" if start == end else "night", "text": ""},
            "places": [place] if place else [], "quantities": extra.get("quantities", []),
            "claim": extra.get("claim", {"claimant": None, "reported_by": []}),
            "evidence": {"text": extra.get("text", "A sentence."), "start": 0, "end": 11}}


SUMY = {"text": "Sumy", "name": "Sumy", "country": "UA", "admin1": "Sumy Oblast", "precision": "city",
        "gazetteer_id": "geonames:692194"}


def test_daily_reports_do_not_chain_nights_into_one_incident():
    evs = [_ev("n1:e", "attack", SUMY, "2025-03-01", "2025-03-02"),
           _ev("d2:e", "attack", SUMY, "2025-03-02", "2025-03-02"),
           _ev("n2:e", "attack", SUMY, "2025-03-02", "2025-03-03"),
           _ev("d3:e", "attack", SUMY, "2025-03-03", "2025-03-03"),
           _ev("n3:e", "attack", SUMY, "2025-03-03", "2025-03-04")]
    incs = link_events(evs)
    assert all((int(i.end[-2:]) - int(i.start[-2:])) <= 1 for i in incs)
    assert len(incs) >= 3


def test_events_without_place_or_date_are_kept_alone():
    a = _ev("x:e", "attack", None, "2025-03-01", "2025-03-01")
    b = _ev("y:e", "attack", None, "2025-03-01", "2025-03-01")
    c = _ev("z:e", "attack", SUMY, "2025-03-01", "2025-03-01")
    c["time"] = None
    incs = link_events([a, b, c])
    assert sorted(len(i.members) for i in incs) == [1, 1, 1]


def test_contradicting_sides_do_not_link():
    a = _ev("a:e", "attack", SUMY, "2025-03-01", "2025-03-01", target={"name": "Ukraine", "country": "UA"})
    b = _ev("b:e", "attack", SUMY, "2025-03-01", "2025-03-01", target={"name": "Russia", "country": "RU"})
    c = _ev("c:e", "attack", SUMY, "2025-03-01", "2025-03-01")
    incs = link_events([a, b, c])
    assert _incident_of(incs, "a:e") is not _incident_of(incs, "b:e")


# ----------------------------------------------------------------- reconciled claims

def _night_view(events, incidents, key: str) -> dict:
    """reconcile() over an aggregate incident and all its parts."""
    by = _by_key(events)
    ids = {i.id: i for i in incidents}
    agg = _incident_of(incidents, key)
    keys = agg.members + [k for p in agg.parts for k in ids[p].members]
    return reconcile([by[k] for k in keys])


def test_totals_are_never_added_to_their_parts(events, incidents):
    view = _night_view(events, incidents, "d01:e1")
    block = view["roles"]["intercepted"]["drone"]
    rec = block["reconciled"]
    assert rec["best"] == 94                               # not 94 + 28 + 11 + 7
    assert "parts never added" in rec["rule"]
    by_id = {c["id"]: c for c in block["claims"]}
    parts = {(by_id[r["aggregate"]]["value"], by_id[r["component"]]["value"]) for r in block["relations"]}
    assert {(94, 28), (94, 11), (94, 7)} <= parts
    used = {by_id[i]["value"] for i in rec["claims_used"]}
    assert not used & {28, 11, 7}


def test_separate_cities_without_a_wider_figure_are_summed(events, incidents):
    view = _night_view(events, incidents, "d01:e1")
    rec = view["roles"]["injured"]["person"]["reconciled"]
    assert rec["best"] == 2 + 4                            # Klintsy 2, Taganrog max(3, 4)
    assert rec["low"] == 2 + 3 and rec["high"] == 6


def test_contested_figures_are_flagged_and_qualifiers_widen(events, incidents):
    by = _by_key(events)
    kharkiv = reconcile([by[k] for k in _incident_of(incidents, "d10:e1").members])
    killed = kharkiv["roles"]["killed"]["person"]
    assert {tuple(sorted(c["claimants"])) for c in killed["contested"]} == {("Ihor Terekhov", "Oleh Syniehubov")}
    assert killed["reconciled"]["best"] == 3
    fasher = reconcile([by[k] for k in _incident_of(incidents, "d15:e1").members])
    assert fasher["roles"]["killed"]["person"]["contested"] == []   # 11 vs "at least nine": compatible
    total = _night_view(events, incidents, "d01:e1")["roles"]["intercepted"]["drone"]
    pairs = {tuple(sorted(c["claimants"])) for c in total["contested"]}
    assert ("Russian Ministry of Defence", "air-raid monitoring channel") in pairs


def test_count_contested_agrees_with_reconcile_on_every_incident(events, incidents):
    by = _by_key(events)
    groups = [[by[k] for k in inc.members if k in by] for inc in incidents]
    groups.append(list(events))  # everything at once: many places, claimants and roles
    counted = [count_contested(g) for g in groups]
    listed = [sum(len(b["contested"]) for units in reconcile(g)["roles"].values() for b in units.values())
              for g in groups]
    assert counted == listed and sum(listed) > 1


def test_every_claim_is_traceable_to_its_sentence(events, incidents):
    by = _by_key(events)
    view = _night_view(events, incidents, "d01:e1")
    n = 0
    for units in view["roles"].values():
        for block in units.values():
            for claim in block["claims"]:
                assert claim["mentions"]
                for m in claim["mentions"]:
                    source = by[m["key"]]
                    assert m["evidence"]["text"] == source["evidence"]["text"]
                    assert m["quantity_text"] in m["evidence"]["text"]
                    n += 1
    assert n == sum(len(by[k]["quantities"]) for k in by if k in
                    {m["key"] for u in view["roles"].values() for b in u.values() for c in b["claims"]
                     for m in c["mentions"]})


def test_repeats_of_a_claim_are_one_claim_with_all_outlets(events, incidents):
    view = _night_view(events, incidents, "d01:e1")
    claims = view["roles"]["intercepted"]["drone"]["claims"]
    sobyanin = [c for c in claims if c["claimant"] == "Sergei Sobyanin"]
    assert len(sobyanin) == 1 and len(sobyanin[0]["mentions"]) == 4 and sobyanin[0]["sources"] == 2
    assert {"Northern Wire", "Valley Gazette", "Capital Desk"} <= set(sobyanin[0]["reported_by"])


def test_denied_claims_are_listed_but_not_used():
    q = {"role": "killed", "value": 12, "low": 12, "high": 12, "qualifier": "exact", "unit": "person",
         "text": "12 soldiers"}
    a = _ev("a:e", "attack", SUMY, "2025-03-01", "2025-03-01", quantities=[q], text="It said 12 soldiers died.",
            claim={"claimant": "army", "modality": "asserted", "reported_by": []})
    b = _ev("b:e", "attack", SUMY, "2025-03-01", "2025-03-01", quantities=[dict(q, value=40, low=40, high=40)],
            text="The army denied that 40 soldiers died.", claim={"claimant": "army", "modality": "denied",
                                                                   "reported_by": []})
    view = reconcile([a, b])
    block = view["roles"]["killed"]["person"]
    assert len(block["claims"]) == 2 and block["reconciled"]["best"] == 12


def test_reconcile_is_deterministic(events, incidents):
    by = _by_key(events)
    keys = _incident_of(incidents, "d10:e1").members
    evs = [by[k] for k in keys]
    assert reconcile(evs) == reconcile(list(reversed(evs)))


def test_district_old_spelling_and_undated_report_join_the_city(incidents):
    kyiv = _incident_of(incidents, "d24:e1")
    assert {"d24:e2", "d25:e1"} <= set(kyiv.members)      # district inside Kyiv; "Kiev", dated by publication
    assert kyiv.place == "Kyiv" and kyiv.start == "2025-08-09" and kyiv.end == "2025-08-10"
    assert _incident_of(incidents, "d26:e1") is not kyiv  # Lviv, same night
    assert any("from publication date" in r for l in kyiv.links for r in l.reasons)


def test_no_aggregate_view_ever_uses_a_total_and_its_part_together(events, incidents):
    checked = 0
    for agg in incidents:
        if not agg.parts:
            continue
        view = _night_view(events, incidents, agg.members[0])
        for units in view["roles"].values():
            for block in units.values():
                used = set(block["reconciled"]["claims_used"])
                for rel in block["relations"]:
                    assert not (rel["aggregate"] in used and rel["component"] in used), rel
                    checked += 1
    assert checked >= 6


def test_manual_merge_and_split_survive_relinking(events, incidents):
    taganrog, novosh = _incident_of(incidents, "d08:e1"), _incident_of(incidents, "d08:e2")
    merged = link_events(events, must_link=[(taganrog.members[0], novosh.members[0], "one refinery strike")])
    both = _incident_of(merged, "d08:e1")
    assert both is _incident_of(merged, "d08:e2")
    assert any(l.reasons == ["manual merge: one refinery strike"] for l in both.links)
    moscow = _incident_of(incidents, "d01:e2")
    split = link_events(events, cannot_link=split_pairs(moscow, ["d06:e1"]))
    assert _incident_of(split, "d06:e1").members == ["d06:e1"]
    assert set(_incident_of(split, "d01:e2").members) == set(moscow.members) - {"d06:e1"}


def test_region_figure_ambiguity_counts_only_places_of_its_own_night():
    shostka = dict(SUMY, text="Shostka", name="Shostka", gazetteer_id="geonames:692087")
    region = {"text": "Sumy region", "name": "Sumy Oblast", "country": "UA", "admin1": "Sumy Oblast",
              "precision": "admin1", "gazetteer_id": None}
    evs = [_ev("a:e", "attack", shostka, "2025-03-01", "2025-03-02"),     # the night before
           _ev("b:e", "attack", SUMY, "2025-03-02", "2025-03-03"),
           _ev("c:e", "interception", region, "2025-03-02", "2025-03-03")]
    incs = link_events(evs)
    assert _incident_of(incs, "c:e") is _incident_of(incs, "b:e")
    evs.append(_ev("d:e", "attack", shostka, "2025-03-02", "2025-03-03"))  # now two places that night
    incs = link_events(evs)
    region_inc = _incident_of(incs, "c:e")
    assert region_inc.members == ["c:e"] and region_inc.level == "region" and len(region_inc.parts) == 2
