"""tacitus.open(db): the ledger as pandas DataFrames, over reports written for these tests."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

import tacitus  # noqa: E402
from tacitus.pipeline import process  # noqa: E402
from tacitus.model import RawDocument  # noqa: E402
from tacitus.store import open_store  # noqa: E402
from datetime import date  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# Invented wire-style reports (not real articles).
REPORTS = [
    dict(source="t/odesa-a.txt", outlet="Black Sea Wire", published=date(2025, 11, 3),
         text="ODESA, Nov 3 (Black Sea Wire) - Russian drones struck port facilities in Odesa overnight, "
              "killing three people and injuring eight, regional governor Oleh Kiper said on Monday."),
    dict(source="t/odesa-b.txt", outlet="Harbour Times", published=date(2025, 11, 3),
         text="A Russian drone attack on Odesa overnight killed four people, the State Emergency Service "
              "said on Monday, revising the toll upwards."),
    dict(source="t/sumy.txt", outlet="North Star Daily", published=date(2025, 11, 3),
         text="SUMY, Nov 3 - Russian glide bombs hit the centre of Sumy on Monday, injuring five people, "
              "regional officials said."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("api") / "ledger.db")
    with open_store(path) as store:
        store.write_batch([process(RawDocument(**r)) for r in REPORTS], [])
    assert tacitus.open(path).unlinked() == len(REPORTS)  # a reader links nothing
    assert tacitus.open(path).relink()["incidents"] >= 1
    return path


def test_open_gives_dataframes(db):
    with tacitus.open(db) as ledger:
        events = ledger.events()
        incidents = ledger.incidents()
        claims = ledger.claims()
    assert isinstance(events, pd.DataFrame) and len(events) >= 3
    assert {"document_id", "type", "place", "killed", "claimant", "outlet", "incident_id"} <= set(events.columns)
    assert events["incident_id"].notna().all(), "every event belongs to an incident"
    assert isinstance(incidents, pd.DataFrame) and {"id", "start", "place", "sources", "contested"} <= set(incidents)
    assert pd.api.types.is_datetime64_any_dtype(incidents["start"])
    assert set(events["incident_id"]) == set(incidents["id"])
    assert {"role", "value", "qualifier", "claimant", "outlet", "evidence_text"} <= set(claims.columns)
    assert (claims["role"] == "killed").any()


def test_odesa_reports_form_one_contested_incident(db):
    ledger = tacitus.open(db)
    odesa = ledger.incidents(place="odesa")
    assert len(odesa) == 1 and odesa.iloc[0]["documents"] == 2
    assert odesa.iloc[0]["contested"] >= 1, "3 killed (governor) vs 4 killed (emergency service)"
    killed = ledger.claims(role="killed", incident=odesa.iloc[0]["id"])
    assert sorted(killed["value"]) == [3, 4]
    card = ledger.incident(odesa.iloc[0]["id"][:10])
    assert card["claims"]["roles"]["killed"]["person"]["contested"]
    assert len(ledger.incidents(contested=True)) >= 1 and len(ledger.events(country="UA")) >= 3
    ledger.close()


def test_import_tacitus_stays_light():
    code = "import sys, tacitus; print('pandas' in sys.modules, 'tacitus.store' in sys.modules, callable(tacitus.open))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src")}, check=True).stdout.split()
    assert out == ["False", "False", "True"]
