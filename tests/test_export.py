"""Exports of the stored ledger: jsonl, csv, acled-csv (parsed back and checked)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from test_store_fixtures import sample_results

from tacitus.export import (ACLED_COLUMNS, CSV_COLUMNS, acled_time_precision, country_name, format_quantity,
                            role_total, write_export)
from tacitus.store import open_store


@pytest.fixture()
def store(tmp_path):
    with open_store(tmp_path / "ledger.db") as s:
        s.write_batch(sample_results(), [])
        yield s


def _export(store, fmt, **filters):
    fh = io.StringIO()
    n = write_export(store, fmt, fh, **filters)
    return n, fh.getvalue()


def _csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_jsonl_is_what_extract_prints(store):
    n, text = _export(store, "jsonl")
    expected = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in sample_results())
    assert n == 4
    assert text == expected


def test_jsonl_with_filters(store):
    n, text = _export(store, "jsonl", type="clash", country=None)
    lines = [json.loads(x) for x in text.splitlines()]
    assert n == 1 and lines[0]["document"]["source"] == "inbox/sudan_0602.html"
    assert [e["type"] for e in lines[0]["events"]] == ["clash"]


def test_csv_columns_and_values(store):
    n, text = _export(store, "csv")
    rows = _csv(text)
    assert n == 5 and len(rows) == 5
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    kharkiv = rows[4]
    assert kharkiv["type"] == "attack"
    assert kharkiv["place"] == "Kharkiv" and kharkiv["country"] == "UA"
    assert float(kharkiv["lat"]) == 49.98081
    assert kharkiv["quantities"] == "launched>=100;killed=2;injured=9"
    assert (kharkiv["launched"], kharkiv["killed"], kharkiv["injured"], kharkiv["intercepted"]) == (
        "100", "2", "9", "")
    assert kharkiv["acled_sub_event_type"] == "Air/drone strike"
    assert kharkiv["claimant"] == "Ukrainian Air Force" and kharkiv["modality"] == "asserted"
    downed = rows[2]
    assert downed["quantities"] == "intercepted=122~approx"
    assert downed["reported_by"] == "Example Wire" and downed["weapons"] == "drone"
    assert (downed["time_start"], downed["time_end"], downed["time_precision"]) == (
        "2025-07-16", "2025-07-17", "night")
    talks = rows[0]
    assert talks["attacker"] == "" and talks["acled_event_type"] == ""


def test_csv_filters(store):
    n, text = _export(store, "csv", country="UA", claimant="ministry")
    assert n == 2
    assert [r["event_id"] for r in _csv(text)] == ["e1", "e2"]


def test_acled_csv_only_mapped_events(store):
    n, text = _export(store, "acled-csv")
    rows = _csv(text)
    assert n == 4  # the talks event has no ACLED mapping
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    clash = rows[0]
    assert clash["event_type"] == "Battles" and clash["disorder_type"] == "Political violence"
    assert clash["event_date"] == "2025-06-02" and clash["year"] == "2025" and clash["time_precision"] == "1"
    assert clash["country"] == "Sudan" and clash["location"] == "El Fasher" and clash["admin1"] == "North Darfur"
    assert clash["geo_precision"] == "1" and clash["fatalities"] == "14"
    assert clash["actor1"] == "Rapid Support Forces" and clash["actor2"] == "Sudanese Armed Forces"
    assert clash["source"] == "Desert Dispatch" and clash["reported_by"] == "Reuters"
    assert clash["event_id_cnty"].startswith("SDN-")
    total, bryansk, kharkiv = rows[1:]
    assert total["country"] == "Russia" and total["geo_precision"] == "3"
    assert total["disorder_type"] == "Strategic developments" and total["intercepted"] == "122"
    assert total["claimant"] == "Russian Ministry of Defence" and total["modality"] == "claimed"
    assert bryansk["event_date"] == "2025-07-16" and bryansk["fatalities"] == "0"
    assert kharkiv["country"] == "Ukraine" and kharkiv["launched"] == "100" and kharkiv["fatalities"] == "2"
    assert float(kharkiv["longitude"]) == 36.25272


def test_unknown_format(store):
    with pytest.raises(ValueError):
        write_export(store, "xml", io.StringIO())


def test_format_quantity():
    q = {"role": "killed", "value": 10, "low": 10, "high": 20, "qualifier": "range", "unit": "person"}
    assert format_quantity(q) == "killed=10-20"
    assert format_quantity(dict(q, qualifier="at_most", value=7)) == "killed<=7"


def test_role_total_sums_units_and_takes_the_largest_per_unit():
    qs = [{"role": "launched", "value": 100, "unit": "drone"}, {"role": "launched", "value": 5, "unit": "missile"},
          {"role": "launched", "value": 40, "unit": "drone"}, {"role": "hit", "value": 3, "unit": "drone"}]
    assert role_total(qs, "launched") == 105
    assert role_total(qs, "killed") is None


def test_acled_time_precision_and_country_names():
    assert acled_time_precision({"start": "2025-07-01", "end": "2025-07-05", "precision": "range"}) == 2
    assert acled_time_precision({"start": "2025-07-01", "end": "2025-07-30", "precision": "range"}) == 3
    assert acled_time_precision({"start": "2025-07-01", "end": "2025-07-31", "precision": "month"}) == 3
    assert acled_time_precision(None) == 2
    assert country_name("ir") == "Iran" and country_name("CD") == "Democratic Republic of Congo"
    assert country_name("MD") == "Moldova" and country_name("QQ") is None


# -- spreadsheet formula injection ------------------------------------------------
# Text a spreadsheet would run as a formula, in every kind of field an export
# writes: outlet, title, claimant, outlet chain, sides, place, time text, evidence.
_HOSTILE_TEXT = ("=1+2 said the ministry; -5 drones, @SUM(A1) and +cmd were launched at Hostileville "
                 "overnight, the regional governor said.")


def _hostile_result():
    from datetime import date

    from tacitus.model import (Actor, Claim, Document, Event, Evidence, Place, Quantity, Result, TimeSpan,
                               document_id)
    doc = Document(id=document_id(_HOSTILE_TEXT), source="-cmd|' /C calc'!A0", text=_HOSTILE_TEXT,
                   published=date(2025, 9, 20), title="=HYPERLINK(\"http://evil\",\"x\")",
                   outlet='=HYPERLINK("http://evil","x")', url="@evil")
    ev = Event(
        id="e1", type="attack", evidence=Evidence(_HOSTILE_TEXT, 0, len(_HOSTILE_TEXT)), weapons=["+drone"],
        attacker=Actor("=Attacker", "RU", "state"), target=Actor("\tTarget", "UA", "state"),
        time=TimeSpan(date(2025, 9, 19), date(2025, 9, 20), "night", "-overnight"),
        places=[Place("@Hostileville", "\rHostileville", "UA", "+Region", 50.1, 30.2, "city")],
        quantities=[Quantity("launched", 5, 5, 5, "exact", "drone", "-5 drones")],
        claim=Claim("+Claimant", "UA", ["@Wire", "=Agency"], "asserted", "said"),
        acled={"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"})
    return Result(doc, [ev])


def _assert_no_formula(text, expect_rows=True):
    """Open every cell of a CSV text: none may start a formula (plain numbers aside)."""
    from tacitus.export import FORMULA_STARTS
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) > 1 or not expect_rows
    cells = [c for r in rows for c in r]
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            float(cell)  # only a number, such as a negative longitude, may start with "-" or "+"
    return cells


def test_csv_exports_neutralise_formulas(tmp_path):
    with open_store(tmp_path / "ledger.db") as s:
        s.write_batch([_hostile_result(), *sample_results()], [])
        for fmt, kept in (("csv", "'=Attacker"), ("acled-csv", "'=HYPERLINK(\"http://evil\",\"x\")"),
                          ("acled-incidents", "'=Attacker")):
            _, text = _export(s, fmt)
            assert kept in _assert_no_formula(text), fmt  # kept, as text
        _, text = _export(s, "csv")
        cells = _assert_no_formula(text)
        assert {"'=Attacker", "'\tTarget", "'\nHostileville", "'+Claimant", "'@Wire;=Agency", "'+drone"} <= set(cells)
        assert any(c.startswith("'=1+2 said the ministry") for c in cells)
        # JSONL is the contract, byte for byte: nothing changed there
        _, jsonl = _export(s, "jsonl")
        assert json.loads(jsonl.splitlines()[0])["document"]["outlet"] == '=HYPERLINK("http://evil","x")'


def test_csv_cell_leaves_numbers_and_plain_text():
    from tacitus.export import csv_cell
    assert csv_cell(-36.25) == -36.25 and csv_cell("-36.25") == "-36.25" and csv_cell("+3") == "+3"
    assert csv_cell("-3 drones") == "'-3 drones" and csv_cell("=1") == "'=1" and csv_cell("\rx") == "'\nx"
    assert csv_cell("a\r\nb\rc") == "a\nb\nc" and csv_cell(None) == "" and csv_cell("Kharkiv") == "Kharkiv" and csv_cell("") == ""


def test_web_and_claims_csv_neutralise_formulas(tmp_path):
    pytest.importorskip("fastapi")
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from tacitus.cli import main
    from tacitus.web import create_app
    db = tmp_path / "ledger.db"
    with open_store(db) as s:
        s.write_batch([_hostile_result()], [])
    client = TestClient(create_app(db, token=None, cors_origins=[]))
    for fmt, kept in (("csv", "'=Attacker"), ("acled-csv", "'=HYPERLINK(\"http://evil\",\"x\")")):
        res = client.get(f"/export/{fmt}")
        assert res.status_code == 200
        assert kept in _assert_no_formula(res.text), fmt
    out = tmp_path / "claims.csv"
    res = CliRunner().invoke(main, ["--db", str(db), "claims", "--format", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    cells = _assert_no_formula(out.read_text(encoding="utf-8"))
    assert "'+Claimant" in cells and "'-5 drones" in cells
