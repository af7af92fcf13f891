"""The ledger store: round trip, idempotency, filters, migrations, documents.

Tests taking ``store`` or ``new_store`` run on SQLite and, where the PostgreSQL
server binaries are installed, on a throwaway PostgreSQL cluster too.
"""
from __future__ import annotations

import itertools
import sqlite3
from datetime import date

import pytest
from test_store_fixtures import no_postgres, postgres_cluster, sample_rejects, sample_results

from tacitus.model import Reject
from tacitus.store import MIGRATIONS, open_store, sqlite_path

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_base():
    with postgres_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request, tmp_path):
    """A factory of fresh, empty stores on the parametrised backend."""
    opened = []

    def make():
        if request.param == "sqlite":
            s = open_store(tmp_path / f"ledger{len(opened)}.db")
        else:
            base = request.getfixturevalue("pg_base")
            if base is None:
                no_postgres()
            import psycopg
            name = f"ledger_{next(_names)}"
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name}")
            s = open_store(f"{base}/{name}")
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


@pytest.fixture()
def store(new_store):
    s = new_store()
    s.write_batch(sample_results(), sample_rejects())
    return s


def _ids(events):
    return [(e["document_id"][:4], e["id"]) for e in events]


def test_round_trip_gives_the_contract_lines_back(store):
    expected = [r.to_dict() for r in sample_results()]
    assert list(store.results()) == expected


def test_counts_after_first_write(store):
    assert store.counts() == {"documents": 4, "events": 5, "quantities": 6, "places": 5, "claims": 5,
                              "rejects": 2, "removed_blocks": 2}


def test_write_is_idempotent_by_document_id(store):
    before = store.counts()
    stats = store.write_batch(sample_results(), sample_rejects())
    assert (stats.documents, stats.skipped, stats.events, stats.rejects) == (0, 4, 0, 0)
    assert store.counts() == before


def test_repeated_document_within_one_batch_is_skipped(new_store):
    results = sample_results()
    with new_store() as s:
        stats = s.write_batch([results[1], results[1], results[0]], [])
        assert (stats.documents, stats.skipped, stats.events) == (2, 1, 4)
        assert s.counts()["events"] == 4


def test_has_documents(store):
    ids = [r.document.id for r in sample_results()]
    assert store.has_documents(ids[:2] + ["0000000000000000"]) == set(ids[:2])
    assert store.has_documents([]) == set()


def test_has_documents_many_ids(store):
    ids = [r.document.id for r in sample_results()]
    many = [f"{i:016x}" for i in range(1200)] + ids
    assert store.has_documents(many) == set(ids)


def test_one_transaction_stores_all_or_nothing(new_store):
    results = sample_results()
    bad = sample_results()[1]
    bad.document.id = None  # NOT NULL violation, after a good document in the same batch
    with new_store() as s:
        with pytest.raises(Exception, match="(?i)null"):
            s._write_transaction([results[0], bad], [Reject("a.txt", "empty")])
        assert s.counts() == dict.fromkeys(s.counts(), 0)
        assert s.write_batch(results, []).documents == 4


def test_failed_batch_is_retried_record_by_record(new_store):
    """One record the database refuses costs no other: the batch is written again one
    record at a time, the offender becomes a reject 'not stored: ...'."""
    results = sample_results()
    bad = sample_results()[1]
    bad.document.id = None
    with new_store() as s:
        stats = s.write_batch([results[0], bad, results[2]], [Reject("a.txt", "empty")])
        assert (stats.documents, stats.rejects) == (2, 2)
        assert [r.source for r in stats.failed] == [bad.document.source]
        assert stats.failed[0].reason.startswith("not stored: ") and "null" in stats.failed[0].reason.lower()
        assert s.has_documents([results[0].document.id, results[2].document.id]) == {
            results[0].document.id, results[2].document.id}
        assert s.counts()["rejects"] == 2


def test_events_order_and_extra_fields(store):
    events = store.events()
    published = [e["published"] for e in events]
    assert published == ["2025-05-20", "2025-06-02", "2025-07-17", "2025-07-17", "2025-07-17"]
    assert [e["id"] for e in events[2:]] == ["e1", "e2", "e3"]
    kharkiv = events[4]
    assert kharkiv["source"] == "feeds/wire-0717.xml"
    assert kharkiv["places"][0]["lat"] == 49.98081
    assert kharkiv["quantities"][0] == {"role": "launched", "value": 100, "low": 100, "high": None,
                                        "qualifier": "at_least", "unit": "drone", "text": "more than 100 drones"}


@pytest.mark.parametrize("filters", [{}, {"type": "interception"}, {"country": "UA"}, {"since": "2025-07-17"},
                                     {"claimant": "air force"}, {"limit": 2, "offset": 1}])
def test_events_json_is_events_without_decoding(store, filters):
    import json
    texts = store.events_json(**filters)
    assert all(isinstance(t, str) for t in texts)
    assert [json.loads(t) for t in texts] == store.events(**filters)
    assert texts or filters.get("claimant")


def test_filter_type(store):
    assert [e["type"] for e in store.events(type="interception")] == ["interception", "interception"]
    assert store.count_events(type="riot") == 0


def test_filter_country_matches_place_attacker_or_target(store):
    # UA: e1/e2 via attacker, e3 via place and target; TR only by place; SD by place and actors
    assert store.count_events(country="ua") == 3
    assert [e["type"] for e in store.events(country="TR")] == ["talks"]
    assert store.count_events(country="sd") == 1
    assert store.count_events(country="FR") == 0


def test_filter_dates_overlap_the_event_window(store):
    # the night of 16-17 July overlaps a 'since 17 July' and an 'until 16 July' window
    assert store.count_events(since="2025-07-17") == 3
    assert store.count_events(until=date(2025, 7, 16)) == 5
    assert store.count_events(since="2025-06-01", until="2025-06-30") == 1
    assert store.count_events(until="2025-05-19") == 0


def test_filter_dates_fall_back_to_publication_date(store):
    # the talks event has no time: its document was published on 20 May
    assert [e["type"] for e in store.events(since="2025-05-20", until="2025-05-20")] == ["talks"]


def test_filter_bad_date_is_an_error(store):
    with pytest.raises(ValueError):
        store.events(since="17 July")


def test_filter_claimant_substring_any_case(store):
    assert store.count_events(claimant="MINISTRY of def") == 2
    assert store.count_events(claimant="air force") == 1
    assert store.count_events(claimant="%") == 0


def _russian_result():
    """A Russian report, extracted: claimant in English, its native name, Cyrillic evidence."""
    from tacitus.model import RawDocument
    from tacitus.pipeline import process
    raw = RawDocument(source="ru-report", published=date(2025, 10, 20), outlet="ТАСС",
                      text="Украинский беспилотник атаковал автомобиль в Шебекино. Пострадал водитель. "
                           "Об этом сообщил губернатор Белгородской области Вячеслав Гладков.")
    return process(raw)


def test_filters_find_cyrillic_values_in_any_case(new_store):
    s = new_store()
    result = _russian_result()
    assert result.events[0].claim.claimant == "Vyacheslav Gladkov"
    s.write_batch([result], [])
    # the claimant as the report names it, and in English; SQLite's own LOWER folds ASCII only
    assert s.count_events(claimant="гладков") == 1
    assert s.count_events(claimant="ГЛАДКОВ") == 1
    assert s.count_events(claimant="gladkov") == 1
    assert s.count_events(claimant="собянин") == 0
    assert s.count_events(text="ШЕБЕКИНО") == 1
    assert s.count_events(text="шебекино", claimant="Гладков", country="RU") == 1
    [event] = s.events(claimant="вячеслав")
    assert event["claim"]["claimant_native"] == "Вячеслав Гладков"
    assert event["evidence"]["text"].startswith("Украинский беспилотник")


def test_filter_text_substring(store):
    assert _ids(store.events(text="el fasher")) == [(sample_results()[1].document.id[:4], "e1")]
    assert store.count_events(text="Istanbul") == 1
    assert store.count_events(text="_") == 0


def test_filter_document_and_combined(store):
    doc_a = sample_results()[0].document.id
    assert store.count_events(document_id=doc_a) == 3
    assert store.count_events(document_id=doc_a, type="attack", country="UA", claimant="air") == 1
    assert store.count_events(document_id=doc_a, type="attack", country="TR") == 0


def test_limit_and_offset(store):
    all_events = _ids(store.events())
    assert _ids(store.events(limit=2)) == all_events[:2]
    assert _ids(store.events(limit=2, offset=3)) == all_events[3:5]
    assert _ids(store.events(offset=4)) == all_events[4:]
    assert store.count_events() == 5


def test_documents_listing(store):
    docs = store.documents()
    assert [d["id"] for d in docs] == [r.document.id for r in sample_results()]
    assert [d["events"] for d in docs] == [3, 1, 1, 0]
    assert docs[3]["published"] is None
    assert [d["id"] for d in store.documents(limit=1, offset=1)] == [docs[1]["id"]]


def test_document_detail_and_prefix(store):
    res = sample_results()[0]
    doc = store.document(res.document.id[:7])
    assert doc["id"] == res.document.id
    assert doc["text"] == res.document.text
    assert doc["blocks"] == [{"kind": "paragraph", "start": 0, "end": len(res.document.text)}]
    assert doc["removed"] == [{"text": "Also Read | Markets slide", "reason": "cross-link"}]
    assert doc["events"] == [e.to_dict() for e in res.events]
    assert store.document("zzzz") is None
    assert store.document(res.document.id[:3]) is None  # too short to be a prefix


def test_document_prefix_must_be_unique(new_store):
    results = sample_results()
    results[0].document.id = "abcd111100000000"
    results[1].document.id = "abcd222200000000"
    with new_store() as s:
        s.write_batch(results[:2], [])
        assert s.document("abcd") is None
        assert s.document("abcd2")["id"] == "abcd222200000000"
        assert s.document("ABCD1")["id"] == "abcd111100000000"


def test_rejects_recorded_once(store):
    assert [(r["source"], r["reason"]) for r in store.rejects()] == [
        ("broken.html", "no text after cleaning"), ("scan.pdf", "unsupported format")]
    stats = store.write_batch([], [Reject("scan.pdf", "unsupported format"), Reject("scan.pdf", "empty")])
    assert stats.rejects == 1
    assert len(store.rejects()) == 3 and len(store.rejects(limit=1)) == 1


def test_filtered_results_keep_only_matching_events(store):
    lines = list(store.results(country="UA", type="attack"))
    assert len(lines) == 1
    assert [e["id"] for e in lines[0]["events"]] == ["e3"]
    assert lines[0]["document"] == sample_results()[0].document.to_dict()


def test_migrations_recorded(store):
    versions = [r[0] for r in store._query("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m.version for m in MIGRATIONS]


def test_sqlite_reopen_is_a_no_op_and_uses_wal(tmp_path):
    path = tmp_path / "m.db"
    open_store(path).close()
    with open_store(f"sqlite:///{path}") as s:
        assert s.counts()["documents"] == 0
    conn = sqlite3.connect(path)
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m.version for m in MIGRATIONS]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_foreign_keys_cascade(store):
    doc_a = sample_results()[0].document.id
    store._execute("DELETE FROM documents WHERE id = ?", (doc_a,))
    assert store.counts()["events"] == 2 and store.counts()["places"] == 2


def test_open_store_urls(tmp_path, monkeypatch):
    assert sqlite_path("sqlite:///data/x.db") == "data/x.db"
    assert sqlite_path("sqlite:////abs/x.db") == "/abs/x.db"
    assert sqlite_path(":memory:") == ":memory:"
    with pytest.raises(ValueError):
        sqlite_path("mysql://h/db")
    monkeypatch.setenv("TACITUS_DB", str(tmp_path / "env.db"))
    with open_store(None) as s:
        s.write_batch(sample_results()[:1], [])
    assert (tmp_path / "env.db").exists()


def test_postgres_url_without_server_gives_a_clear_error():
    pytest.importorskip("psycopg")
    with pytest.raises(Exception) as info:
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=1")
    assert "PostgreSQL support needs" not in str(info.value)


def test_store_closed(tmp_path):
    s = open_store(tmp_path / "c.db")
    s.close()
    s.close()
    with pytest.raises(RuntimeError):
        s.counts()


# -- radius filter (near) ----------------------------------------------------------
# Kharkiv (49.98, 36.25) and the Bryansk region's centroid (53.0, 33.0) are ~400 km apart.

def test_near_keeps_events_with_a_place_inside_the_radius(store):
    assert [e["id"] for e in store.events(near="50.0,36.2,25")] == ["e3"]  # Kharkiv, ~4 km away
    assert store.count_events(near=(50.0, 36.2, 25)) == 1
    assert store.count_events(near="50.0,36.2,3") == 0
    assert store.count_events(near="51.5,34.6,500") == 2  # Kharkiv and Bryansk region
    assert store.count_events(near="51.5,34.6,500", type="interception") == 1
    assert store.count_events(near="51.5,34.6,500", country="UA") == 2  # the attacker counts too
    assert store.count_events(near="51.5,34.6,500", country="SD") == 0
    assert store.count_events(near="13.6,25.3,10") == 1  # El Fasher


def test_near_reaches_incidents_claims_and_results(store):
    store.ensure_linked()
    assert [i for i in store.incidents(near="50.0,36.2,25")]
    assert not store.incidents(near="-33.9,18.4,50")
    assert {c["role"] for c in store.claims(near="50.0,36.2,25")} == {"launched", "killed", "injured"}
    assert [len(r["events"]) for r in store.results(near="50.0,36.2,25")] == [1]


@pytest.mark.parametrize("bad", ["50,36", "north,36,5", "91,36,5", "50,181,5", "50,36,0", "50,36,-4"])
def test_near_refuses_a_malformed_point_or_radius(store, bad):
    with pytest.raises(ValueError, match="near"):
        store.events(near=bad)


@pytest.mark.parametrize("postgis_env", ["", "0"])
def test_near_on_postgresql_with_and_without_postgis(pg_base, monkeypatch, postgis_env):
    if pg_base is None:
        no_postgres()
    import psycopg
    monkeypatch.setenv("TACITUS_POSTGIS", postgis_env)
    name = f"ledger_{next(_names)}"
    with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    with open_store(f"{pg_base}/{name}") as s:
        available = s._query("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        assert s.postgis == (bool(available) and postgis_env != "0")
        if s.postgis:
            assert "ST_DWithin" in s.near_sql("50,36,5", "k")[0]
        s.write_batch(sample_results(), [])
        assert [e["id"] for e in s.events(near="50.0,36.2,25")] == ["e3"]
        assert s.count_events(near="50.0,36.2,3") == 0 and s.count_events(near="51.5,34.6,500") == 2
        assert s.count_events(near="13.6,25.3,10") == 1
