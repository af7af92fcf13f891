"""``--near`` on the command line and ``near=`` in the API, over a real SQLite ledger."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from test_store_fixtures import sample_rejects, sample_results

from tacitus.cli import main
from tacitus.store import open_store


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "near.db"
    with open_store(path) as store:
        store.write_batch(sample_results(), sample_rejects())
        store.ensure_linked()  # as an ingest does: readers never link
    return str(path)


def test_cli_events_near_a_point(db):
    res = CliRunner().invoke(main, ["--db", db, "events", "--near", "50.0,36.2,25", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["places"][0]["name"] for line in res.output.splitlines()] == ["Kharkiv"]
    res = CliRunner().invoke(main, ["--db", db, "events", "--near=-33.9,18.4,50", "--format", "jsonl"])
    assert res.exit_code == 0 and res.output == ""


def test_cli_refuses_a_malformed_near_with_a_clear_message(db):
    res = CliRunner().invoke(main, ["--db", db, "events", "--near", "50,36"])
    assert res.exit_code == 2
    assert "--near" in res.output and "LAT,LON,KM" in res.output and "Traceback" not in res.output


def test_cli_export_and_incidents_take_near(db):
    res = CliRunner().invoke(main, ["--db", db, "export", "--format", "csv", "--near", "13.6,25.3,10"])
    assert res.exit_code == 0, res.output
    assert len(res.output.strip().splitlines()) == 2 and "El Fasher" in res.output
    res = CliRunner().invoke(main, ["--db", db, "incidents", "--near", "13.6,25.3,10", "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    assert len(res.stdout.strip().splitlines()) == 1 and "El Fasher" in res.stdout


def test_api_events_near(db):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from tacitus.web import create_app
    with TestClient(create_app(db)) as http:
        page = http.get("/events", params={"near": "50.0,36.2,25"}).json()
        assert page["total"] == 1 and page["items"][0]["places"][0]["name"] == "Kharkiv"
        assert http.get("/events", params={"near": "51.5,34.6,500", "type": "interception"}).json()["total"] == 1
        assert http.get("/incidents", params={"near": "13.6,25.3,10"}).json()["total"] == 1
        bad = http.get("/events", params={"near": "95,36,5"})
        assert bad.status_code == 422 and "latitude" in bad.text
        assert http.get("/events", params={"near": "50;36;5"}).status_code == 422
