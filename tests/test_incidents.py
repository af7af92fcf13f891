"""The claim ledger in the store: the hand-written multi-outlet corpus through the
real pipeline (``tacitus ingest``), then incidents, families, claims, decisions,
history and exports, on SQLite and (where a server can start) PostgreSQL."""
from __future__ import annotations

import csv
import importlib.util
import io
import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store_fixtures import no_postgres, postgres_cluster

from tacitus.cli import main
from tacitus.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpora" / "multi_outlet"
REPORTS = sorted(str(p) for p in CORPUS.glob("*.txt"))
_names = itertools.count()


def _bench():
    spec = importlib.util.spec_from_file_location("link_store", ROOT / "benchmarks" / "link_store.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _cli(db: str, *args: str):
    res = CliRunner().invoke(main, ["--db", db, *args], env={"COLUMNS": "200", "NO_COLOR": "1"},
                             catch_exceptions=False)
    return res


@pytest.fixture(scope="module")
def pg_base():
    with postgres_cluster() as url:
        yield url


def _new_db(request, sqlite_path) -> str:
    """An empty ledger URL for the fixture's backend: an SQLite file, or a new
    database on the throwaway PostgreSQL server."""
    if request.param == "sqlite":
        return sqlite_path()
    base = request.getfixturevalue("pg_base")
    if base is None:
        no_postgres()
    import psycopg
    name = f"incidents_{next(_names)}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def ledger(request, tmp_path_factory):
    """A ledger URL holding the corpus, ingested (and so linked) by the real CLI."""
    db = _new_db(request, lambda: str(tmp_path_factory.mktemp("ledger") / "ledger.db"))
    res = _cli(db, "ingest", *REPORTS)
    assert res.exit_code == 0, res.output
    assert "linked" in res.stderr and "incidents" in res.stderr
    return db


@pytest.fixture()
def store(ledger):
    with open_store(ledger) as s:
        yield s


def _keys_of(store, file: str, fragment: str) -> list[str]:
    return [f"{e['document_id']}:{e['id']}" for e in store.events()
            if Path(e["source"]).name == file and fragment in e["evidence"]["text"]]


def _incident_with(store, key: str) -> dict:
    return next(i for i in store.incidents() if key in i["members"])


# -- linking quality -----------------------------------------------------------------
def test_pairwise_precision_and_recall_on_the_corpus(store):
    score = _bench().score_store(store, CORPUS)
    assert not score["missing_gold"], score["missing_gold"]
    assert not score["unlabelled_events"], "every extracted event has a gold label"
    assert score["precision"] == 1.0
    # end to end, through the real extractor (a within-document repeat, such as a
    # headline and its paragraph, is one event and so one gold entry)
    assert score["recall"] >= 0.95
    clean = score["without_extraction_errors"]
    assert clean["precision"] >= 0.95 and clean["recall"] >= 0.95, clean


def test_same_night_same_city_reports_are_one_incident(store):
    lviv = [k for f, frag in (("02-wire-overnight.txt", "city of Lviv"), ("03-syndicated-copy.txt", "city of Lviv"),
                              ("04-lviv-daily.txt", "outskirts of Lviv")) for k in _keys_of(store, f, frag)]
    assert len(lviv) == 3
    inc = _incident_with(store, lviv[0])
    assert set(lviv) <= set(inc["members"])
    assert inc["level"] == "place" and inc["place"] == "Lviv"
    assert all(l["reasons"] and l["score"] > 0 for l in inc["links"]), "every link keeps its score and reasons"


def test_different_regions_and_nights_are_not_merged(store):
    lviv = _incident_with(store, _keys_of(store, "04-lviv-daily.txt", "Lviv")[0])
    zap = _incident_with(store, _keys_of(store, "02-wire-overnight.txt", "city of Zaporizhzhia")[0])
    next_night = _incident_with(store, _keys_of(store, "08-zaporizhzhia-next-night.txt", "market")[0])
    assert len({lviv["id"], zap["id"], next_night["id"]}) == 3
    assert next_night["start"] > zap["end"] or next_night["end"] > zap["end"]


def test_syndicated_copy_is_one_source_and_keeps_every_document(store):
    wire, copy = (_keys_of(store, f, "city of Lviv")[0] for f in ("02-wire-overnight.txt", "03-syndicated-copy.txt"))
    families = {d["id"]: f["family_id"] for f in store.families() for d in f["documents"]}
    assert families[wire.split(":")[0]] == families[copy.split(":")[0]]
    assert len(set(families.values())) == len(REPORTS) - 1
    lviv = store.incident(_incident_with(store, wire)["id"])
    assert lviv["documents"] == 3 and lviv["sources"] == 2
    docs = [d for f in lviv["sources_detail"] for d in f["documents"]]
    assert {Path(d["source"]).name for d in docs} >= {"02-wire-overnight.txt", "03-syndicated-copy.txt"}


def test_totals_are_related_to_parts_never_added(store):
    total_key = _keys_of(store, "05-ru-mod-tass-style.txt", "over three regions")[0]
    total = store.incident(_incident_with(store, total_key)["id"])
    assert total["level"] == "country" and len(total["parts"]) == 3
    rec = total["claims"]["roles"]["intercepted"]["drone"]["reconciled"]
    assert rec["best"] == 40, rec  # not 40 + 21 + 13 + 10
    assert "never added" in rec["rule"]
    assert total["claims"]["roles"]["intercepted"]["drone"]["relations"], "the total is related to its parts"
    belgorod = store.incident(_incident_with(store, _keys_of(store, "06-belgorod-governor.txt", "21 drones")[0])["id"])
    assert belgorod["claims"]["roles"]["intercepted"]["drone"]["reconciled"]["best"] == 21  # max, not 21 + 17


def test_contested_figures_are_flagged(store):
    contested = store.incidents(contested=True)
    assert contested and all(i["contested"] > 0 for i in contested)
    belgorod = _incident_with(store, _keys_of(store, "06-belgorod-governor.txt", "21 drones")[0])
    assert belgorod["id"] in {i["id"] for i in contested}
    inc = store.incident(belgorod["id"])
    pair = inc["claims"]["roles"]["intercepted"]["drone"]["contested"][0]
    assert set(pair["claimants"]) == {"Vyacheslav Gladkov", "Russian Ministry of Defence"}
    lviv = _incident_with(store, _keys_of(store, "04-lviv-daily.txt", "Lviv")[0])
    assert lviv["id"] not in {i["id"] for i in contested}
    assert store.most_contested() in {i["id"] for i in contested}


def test_every_claim_is_traceable_to_its_sentence(store):
    rows = store.claims()
    assert len(rows) >= 20
    texts: dict[str, str] = {}
    for r in rows:
        doc = texts.setdefault(r["document_id"], store.document(r["document_id"])["text"])
        ev = r["evidence"]
        assert doc[ev["start"]:ev["end"]] == ev["text"]
        assert r["role"] and r["value"] is not None and r["qualifier"]
    for inc in store.incidents():
        full = store.incident(inc["id"])
        for units in full["claims"]["roles"].values():
            for block in units.values():
                for claim in block["claims"]:
                    for m in claim["mentions"]:
                        doc = texts.setdefault(m["document_id"], store.document(m["document_id"])["text"])
                        assert doc[m["evidence"]["start"]:m["evidence"]["end"]] == m["evidence"]["text"]


def test_filters_and_prefixes(store):
    everything = store.count_incidents()
    ru = store.incidents(country="RU")
    assert 0 < len(ru) <= everything
    assert store.incidents(country="SD") == []   # no incident of this corpus is in Sudan
    assert all(i["end"] >= "2025-10-09" for i in store.incidents(since="2025-10-09"))
    assert store.incidents(level="country") and all(i["level"] == "country" for i in store.incidents(level="country"))
    some = store.incidents(limit=1)[0]["id"]
    assert store.resolve_incident(some[:10]) == some and store.resolve_incident(some[4:12]) == some
    assert store.incident("inc-0000000000000000") is None
    assert store.claims(role="killed") and all(r["role"] == "killed" for r in store.claims(role="killed"))


def test_relink_is_stable_and_lazy(store):
    before = [i["id"] for i in store.incidents()]
    assert not store.needs_link()
    stats = store.relink()
    assert stats.added == 0 and stats.removed == 0
    assert [i["id"] for i in store.incidents()] == before


def test_merge_split_undo_keep_history(new_ledger):
    with open_store(new_ledger) as store:
        kursk = _incident_with(store, _keys_of(store, "05-ru-mod-tass-style.txt", "17 drones")[1])
        bryansk = _incident_with(store, _keys_of(store, "05-ru-mod-tass-style.txt", "17 drones")[2])
        n = store.count_incidents()
    res = _cli(new_ledger, "incidents", "merge", kursk["id"][:10], bryansk["id"][:10], "--reason", "test merge")
    assert res.exit_code == 0, res.output
    with open_store(new_ledger) as store:
        merged = _incident_with(store, kursk["members"][0])
        assert bryansk["members"][0] in merged["members"] and store.count_incidents() == n - 1
        store.relink()  # decisions are re-applied on every re-link
        assert _incident_with(store, kursk["members"][0])["id"] == merged["id"]
    res = _cli(new_ledger, "incidents", "split", merged["id"], bryansk["members"][0].split(":")[0][:6] + ":"
               + bryansk["members"][0].split(":")[1])
    assert res.exit_code == 0, res.output
    with open_store(new_ledger) as store:
        assert _incident_with(store, kursk["members"][0])["id"] == kursk["id"]
        assert _incident_with(store, bryansk["members"][0])["id"] == bryansk["id"]
        decisions = store.decisions()
        assert [d["kind"] for d in decisions] == ["merge", "split"]
        store.undo_decision(decisions[1]["id"])  # the merge holds again
        assert _incident_with(store, kursk["members"][0])["id"] == merged["id"]
        assert len(store.decisions()) == 2 and store.decisions()[1]["undone_at"]
        actions = [h["action"] for h in store.history()]
        assert {"link", "merge", "merged", "split", "undo"} <= set(actions)
        assert store.history(merged["id"]), "the merged incident's history names it"
    assert "merge" in _cli(new_ledger, "incidents", "history").output


@pytest.fixture(params=["sqlite", "postgresql"])
def new_ledger(request, tmp_path):
    """A fresh ledger with the corpus (for tests that change decisions)."""
    db = _new_db(request, lambda: str(tmp_path / "l.db"))
    assert _cli(db, "ingest", *REPORTS).exit_code == 0
    return db


# -- CLI -------------------------------------------------------------------------------
def test_cli_incidents_card_claims_link(ledger):
    res = _cli(ledger, "incidents", "--contested", "--limit", "5")
    assert res.exit_code == 0 and "Belgorod" in res.output
    card = _cli(ledger, "incident", "--most-contested")
    assert card.exit_code == 0 and "CONTESTED" in card.output and "reconciled" in card.output
    with open_store(ledger) as s:
        belgorod = _incident_with(s, _keys_of(s, "06-belgorod-governor.txt", "21 drones")[0])["id"]
    card = _cli(ledger, "incident", belgorod[4:12])  # a unique prefix, without "inc-"
    assert card.exit_code == 0 and "CONTESTED" in card.output and "Gladkov" in card.output
    assert "shot down 21 drones" in card.output, "the card shows each claim's sentence"
    claims = _cli(ledger, "claims", "--role", "injured")
    assert claims.exit_code == 0 and "Zaporizhzhya" in claims.output and "injured" in claims.output
    assert _cli(ledger, "link").exit_code == 0
    assert _cli(ledger, "incident", "inc-zzzz").exit_code != 0
    jl = _cli(ledger, "incidents", "--format", "jsonl", "--limit", "0")
    assert len(jl.output.splitlines()) == _count(ledger)


def _count(db: str) -> int:
    with open_store(db) as s:
        return s.count_incidents()


# -- exports ---------------------------------------------------------------------------
def test_export_acled_incidents_geojson_jsonl(ledger, tmp_path):
    out = tmp_path / "inc.csv"
    assert _cli(ledger, "export", "--format", "acled-incidents", "-o", str(out)).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == _count(ledger)
    assert {"event_id_cnty", "event_date", "time_precision", "geo_precision", "fatalities", "contested",
            "intercepted_best"} <= set(rows[0])
    ru_total = next(r for r in rows if r["level"] == "country" and r["country"] == "Russia")
    assert ru_total["intercepted_best"] == "40" and ru_total["geo_precision"] == "3"
    assert ru_total["event_id_cnty"].startswith("RUS-") and ru_total["time_precision"] == "1"
    gj = tmp_path / "inc.geojson"
    assert _cli(ledger, "export", "--format", "geojson", "-o", str(gj)).exit_code == 0
    fc = json.loads(gj.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and fc["features"]
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and f["properties"]["incident_id"] == f["id"]
    jl = tmp_path / "inc.jsonl"
    assert _cli(ledger, "export", "--format", "incidents-jsonl", "-o", str(jl)).exit_code == 0
    lines = [json.loads(l) for l in jl.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(rows) and all("claims" in l and "links" in l for l in lines)


def test_export_parquet(ledger, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "inc.parquet"
    assert _cli(ledger, "export", "--format", "parquet", "-o", str(out)).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == _count(ledger) and "incident_id" in table.column_names
    ev = tmp_path / "ev.parquet"
    assert _cli(ledger, "export", "--format", "events-parquet", "--country", "RU", "-o", str(ev)).exit_code == 0
    assert 0 < pq.read_table(ev).num_rows


# -- what the web layer reads ------------------------------------------------------------
def test_store_gives_the_web_layer_its_shapes(store):
    for inc in store.incidents():
        assert {"id", "lat", "lon", "type", "numbers", "claimants", "events", "documents", "start", "end"} <= set(inc)
    one = store.incident(store.incidents(min_sources=2)[0]["id"])
    assert len({e["document_id"] for e in one["member_events"]}) >= 2 and "roles" in one["claims"]
    rows = store.claims(claimant="gladkov")
    assert rows and all("gladkov" in r["claimant"].lower() and r["evidence"]["text"] for r in rows)


def test_a_copy_ingested_later_joins_the_stored_family(tmp_path):
    db = str(tmp_path / "later.db")
    assert _cli(db, "ingest", str(CORPUS / "02-wire-overnight.txt"), str(CORPUS / "04-lviv-daily.txt")).exit_code == 0
    assert _cli(db, "ingest", str(CORPUS / "03-syndicated-copy.txt")).exit_code == 0
    with open_store(db) as store:
        fams = store.families(min_size=2)
        assert len(fams) == 1
        assert sorted(Path(d["source"]).name for d in fams[0]["documents"]) == [
            "02-wire-overnight.txt", "03-syndicated-copy.txt"]
        assert fams[0]["documents"][1]["similarity"] >= 0.6
