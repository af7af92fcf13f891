"""End to end: wire-style reports -> ``tacitus extract --format jsonl`` -> the
contract of shared/spec/EVENTS.md, with the facts the reports were written to carry.

The reports in ``tests/fixtures/e2e`` are invented for these tests (claims of
both sides, outlets, qualified numbers, "overnight", "on Tuesday", "last week").
Assertions stick to facts any correct extractor must produce; where the
current extractor gets one wrong the test is a strict xfail naming the bug.
"""
from __future__ import annotations

import glob
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import E2E_DIR, ROOT
from tacitus.cli import main

DOC_FIELDS = {"id", "source", "published", "title", "outlet", "language"}
EVENT_FIELDS = {"id", "type", "weapons", "attacker", "target", "time", "places", "quantities", "claim",
                "evidence", "acled"}
TIME_FIELDS = {"start", "end", "precision", "text"}
PLACE_FIELDS = {"text", "name", "country", "admin1", "lat", "lon", "precision", "gazetteer_id"}
QUANTITY_FIELDS = {"role", "value", "low", "high", "qualifier", "unit", "text"}
CLAIM_FIELDS = {"claimant", "claimant_country", "reported_by", "modality", "verb"}
EVIDENCE_FIELDS = {"text", "start", "end"}


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict]:
    """``tacitus extract --format jsonl`` over the fixture reports, keyed by file name."""
    res = CliRunner().invoke(main, ["extract", "--format", "jsonl", str(E2E_DIR)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    return {Path(line["document"]["source"]).name: line for line in lines}


def _events(extracted, name: str, type_: str | None = None) -> list[dict]:
    return [e for e in extracted[name]["events"] if type_ is None or e["type"] == type_]


def _quantity(event: dict, role: str) -> list[dict]:
    return [q for q in event["quantities"] if q["role"] == role]


def _with_quantity(events: list[dict], role: str, value: int) -> dict:
    found = [e for e in events if any(q["value"] == value for q in _quantity(e, role))]
    assert found, f"no event with {role} {value}: {[e['quantities'] for e in events]}"
    return found[0]


# -- the contract shape ---------------------------------------------------------
def test_one_line_per_report_with_document_fields(extracted):
    assert set(extracted) == {"interception-kursk.txt", "strike-kharkiv.txt", "sudan-shelling.txt"}
    for line in extracted.values():
        assert set(line) == {"document", "events"}
        assert DOC_FIELDS <= set(line["document"])
        assert line["document"]["language"] == "en"


def test_header_fields_reach_the_document(extracted):
    doc = extracted["interception-kursk.txt"]["document"]
    assert doc["published"] == "2025-10-07" and doc["outlet"] == "Reuters"
    assert doc["title"] == "Russia says air defences downed drones over western regions"
    assert len(doc["id"]) == 16


def test_every_event_has_every_contract_field(extracted):
    n = 0
    for line in extracted.values():
        for e in line["events"]:
            n += 1
            assert EVENT_FIELDS <= set(e)
            assert CLAIM_FIELDS <= set(e["claim"]) and EVIDENCE_FIELDS <= set(e["evidence"])
            assert e["time"] is None or TIME_FIELDS <= set(e["time"])
            assert all(PLACE_FIELDS <= set(p) for p in e["places"])
            assert all(QUANTITY_FIELDS <= set(q) for q in e["quantities"])
            assert isinstance(e["weapons"], list) and isinstance(e["claim"]["reported_by"], list)
    assert n >= 6


def test_values_are_from_the_contract_vocabularies(extracted):
    from tacitus.model import EVENT_TYPES, MODALITIES, PRECISIONS, QUALIFIERS, ROLES
    for line in extracted.values():
        for e in line["events"]:
            assert e["type"] in EVENT_TYPES and e["claim"]["modality"] in MODALITIES
            assert all(q["role"] in ROLES and q["qualifier"] in QUALIFIERS for q in e["quantities"])
            assert all(p["precision"] in PRECISIONS for p in e["places"])
            if e["time"]:
                assert date.fromisoformat(e["time"]["start"]) <= date.fromisoformat(e["time"]["end"])


def test_event_ids_are_unique_within_a_document(extracted):
    for line in extracted.values():
        ids = [e["id"] for e in line["events"]]
        assert len(ids) == len(set(ids))


def test_evidence_offsets_point_into_the_cleaned_text(tmp_path):
    """Stored and shown, the evidence span is exactly the evidence text."""
    db = tmp_path / "l.db"
    res = CliRunner().invoke(main, ["--db", str(db), "ingest", str(E2E_DIR)], catch_exceptions=False)
    assert res.exit_code == 0
    with sqlite3.connect(db) as conn:
        texts = dict(conn.execute("SELECT id, text FROM documents"))
        rows = conn.execute("SELECT document_id, evidence_text, evidence_start, evidence_end FROM events").fetchall()
    assert rows
    for doc_id, text, start, end in rows:
        assert texts[doc_id][start:end] == text


def test_boilerplate_never_yields_an_event(extracted):
    for line in extracted.values():
        for e in line["events"]:
            ev = e["evidence"]["text"]
            assert "Grain exports" not in ev and "Advertisement" not in ev and "Share this" not in ev


# -- the interception report (Russian Ministry of Defence via Reuters) ----------
def test_interception_total_with_approx_qualifier_and_claimant(extracted):
    inter = _events(extracted, "interception-kursk.txt", "interception")
    total = _with_quantity(inter, "intercepted", 85)
    q = _quantity(total, "intercepted")[0]
    assert (q["qualifier"], q["low"], q["unit"]) == ("approx", 85, "drone")
    assert total["claim"]["claimant"] == "Russian Ministry of Defence"
    assert total["claim"]["claimant_country"] == "RU"
    assert "Reuters" in total["claim"]["reported_by"]
    assert "drone" in total["weapons"]
    assert (total["attacker"] or {}).get("country") == "UA"
    assert total["acled"] == {"event_type": "Strategic developments", "sub_event_type": "Disrupted weapons use"}


def test_interception_regional_part_is_geocoded(extracted):
    inter = _events(extracted, "interception-kursk.txt", "interception")
    part = _with_quantity(inter, "intercepted", 31)
    assert _quantity(part, "intercepted")[0]["qualifier"] == "exact"
    kursk = [p for p in part["places"] if p["text"] == "Kursk Region"]
    assert kursk and kursk[0]["country"] == "RU" and kursk[0]["precision"] == "admin1"
    assert abs(kursk[0]["lat"] - 51.7) < 1.0 and abs(kursk[0]["lon"] - 36.2) < 1.5
    # the total is never added to its parts
    assert not any(q["value"] == 85 for q in part["quantities"])


def test_interception_total_is_overnight(extracted):
    total = _with_quantity(_events(extracted, "interception-kursk.txt", "interception"), "intercepted", 85)
    assert total["time"] == {"start": "2025-10-06", "end": "2025-10-07", "precision": "night",
                             "text": "overnight"}


def test_each_region_gets_its_own_part(extracted):
    inter = _events(extracted, "interception-kursk.txt", "interception")
    bryansk = _with_quantity(inter, "intercepted", 12)
    assert [p["name"] for p in bryansk["places"]] == ["Bryansk Oblast"]


def test_no_place_repeated_within_an_event(extracted):
    for line in extracted.values():
        for e in line["events"]:
            keys = [(p["name"], p["country"]) for p in e["places"]]
            assert len(keys) == len(set(keys)), keys


# -- the strike report (Ukrainian officials via AP) --------------------------------
def test_missile_strike_casualties_place_and_day(extracted):
    attacks = _events(extracted, "strike-kharkiv.txt", "attack")
    strike = _with_quantity(attacks, "killed", 4)
    assert "missile" in strike["weapons"]
    killed, injured = _quantity(strike, "killed")[0], _quantity(strike, "injured")[0]
    assert (killed["qualifier"], killed["unit"]) == ("exact", "person")
    assert (injured["value"], injured["qualifier"]) == (17, "at_least")
    # published Wednesday 2025-11-19: "on Tuesday" is the day before
    assert (strike["time"]["start"], strike["time"]["end"], strike["time"]["precision"]) == \
        ("2025-11-18", "2025-11-18", "day")
    kharkiv = [p for p in strike["places"] if p["name"] == "Kharkiv"]
    assert kharkiv and kharkiv[0]["country"] == "UA"
    assert abs(kharkiv[0]["lat"] - 49.99) < 0.3 and abs(kharkiv[0]["lon"] - 36.23) < 0.3
    assert (strike["attacker"] or {}).get("country") == "RU"
    assert strike["claim"]["claimant_country"] == "UA" and "Associated Press" in strike["claim"]["reported_by"]
    assert strike["acled"]["sub_event_type"] == "Shelling/artillery/missile attack"


def test_air_force_overnight_figures(extracted):
    events = _events(extracted, "strike-kharkiv.txt")
    night = _with_quantity(events, "intercepted", 29)
    launched = {(q["value"], q["unit"]) for q in _quantity(night, "launched")}
    assert (40, "drone") in launched
    assert night["time"]["precision"] == "night"
    assert (night["time"]["start"], night["time"]["end"]) == ("2025-11-18", "2025-11-19")
    assert night["claim"]["claimant"] == "Ukrainian Air Force"
    assert "ballistic_missile" in night["weapons"]


def test_air_force_overnight_attacker_is_russia(extracted):
    night = _with_quantity(_events(extracted, "strike-kharkiv.txt"), "intercepted", 29)
    assert night["attacker"]["country"] == "RU" and night["target"]["country"] == "UA"


def test_air_force_as_speaker_is_not_a_weapon(extracted):
    night = _with_quantity(_events(extracted, "strike-kharkiv.txt"), "intercepted", 29)
    assert "aircraft" not in night["weapons"]


def test_missile_damage_is_not_an_assault(extracted):
    assert not _events(extracted, "strike-kharkiv.txt", "assault")


# -- the Sudan report (medical group via Al Jazeera) ---------------------------------
def test_shelling_last_week_with_at_least_qualifier(extracted):
    attacks = _events(extracted, "sudan-shelling.txt", "attack")
    shelling = _with_quantity(attacks, "killed", 12)
    assert _quantity(shelling, "killed")[0]["qualifier"] == "at_least"
    assert "artillery" in shelling["weapons"]
    # published Thursday 2025-08-28: last week is Monday 18 to Sunday 24 August
    assert shelling["time"] == {"start": "2025-08-18", "end": "2025-08-24", "precision": "week",
                                "text": "last week"}
    obeid = [p for p in shelling["places"] if p["name"] == "El Obeid"]
    assert obeid and obeid[0]["country"] == "SD" and obeid[0]["lat"] is not None
    assert "Al Jazeera" in shelling["claim"]["reported_by"]


def test_sudan_report_stays_in_sudan(extracted):
    for e in extracted["sudan-shelling.txt"]["events"]:
        assert all(p["country"] == "SD" for p in e["places"]), e["places"]
        assert (e["target"] or {}).get("country") in (None, "SD")


def test_dateline_is_not_the_event_place(extracted):
    shelling = _with_quantity(_events(extracted, "sudan-shelling.txt", "attack"), "killed", 12)
    assert [p["name"] for p in shelling["places"]] == ["El Obeid"]


# -- the `make demo` flow -----------------------------------------------------------
def test_demo_flow_ingests_examples_and_lists_events(tmp_path):
    paths = sorted(glob.glob(str(ROOT / "examples" / "*.txt")) + glob.glob(str(ROOT / "examples" / "*.html"))
                   + glob.glob(str(ROOT / "examples" / "*.jsonl")))
    assert len(paths) >= 5
    runner, db = CliRunner(), str(tmp_path / "demo.db")
    res = runner.invoke(main, ["--db", db, "ingest", *paths], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "skipped" not in res.stderr  # no example is rejected
    shown = runner.invoke(main, ["--db", db, "events", "--limit", "40"], catch_exceptions=False)
    assert shown.exit_code == 0 and "events (" in shown.stdout
    with sqlite3.connect(db) as conn:
        n_docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        n_events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        types = {r[0] for r in conn.execute("SELECT DISTINCT type FROM events")}
    assert n_docs == len(paths) - 1 + 3  # the .jsonl file holds three reports
    assert n_events >= n_docs and {"attack", "interception"} <= types
    assert f"events ({min(40, n_events)} of {n_events})" in shown.stdout
