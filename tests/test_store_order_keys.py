"""Migration 3: events carry their order keys, event_countries lists the countries
an event touches; filtered pages come from one index walk and agree with the
reference query over events joined to documents (SQLite)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tacitus.store import open_store
from tacitus.store.filters import DATE_ORDER, ORDER, event_filters, event_query

from test_store_fixtures import sample_results

FILTERS = [{}, {"type": "attack"}, {"country": "ua"}, {"country": "RU"}, {"country": "SD", "type": "clash"},
           {"since": "2025-07-17", "until": "2025-07-17"}, {"country": "UA", "claimant": "force"},
           {"country": "XX"}]
_NONE = dict(type=None, country=None, since=None, until=None, claimant=None, text=None, document_id=None)


def _reference(store, **filters) -> list[tuple[str, str]]:
    """(document id, event id) in the pre-migration-3 order, from the old query."""
    where, params = event_filters(**{**_NONE, **filters})
    rows = store._query("SELECT d.id, e.event_id FROM events e JOIN documents d ON d.id = e.document_id"
                        f"{where} ORDER BY {DATE_ORDER}, d.id, e.seq", params)
    return [tuple(r) for r in rows]


def _keys(events) -> list[tuple[str, str]]:
    return [(e["document_id"], e["id"]) for e in events]


@pytest.fixture()
def ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    with open_store(path) as store:
        store.write_batch(sample_results(), [])
    return path


def test_pages_and_counts_match_the_reference_query(ledger: Path) -> None:
    with open_store(ledger) as store:
        for f in FILTERS:
            want = _reference(store, **f)
            assert _keys(store.events(**f)) == want, f
            assert store.count_events(**f) == len(want), f
            assert _keys(store.events(**f, limit=1, offset=1)) == want[1:2], f
        assert store.count_events(country="ua") >= 1 and store.count_events(country="XX") == 0


def test_filtered_pages_need_no_sort(ledger: Path) -> None:
    with open_store(ledger) as store:
        for f in ({"type": "attack"}, {"country": "UA", "type": "attack", "since": "2025-07-01"}, {}):
            source, where, params = event_query(**{**_NONE, **f})
            plan = " ".join(r[3] for r in store._query(
                f"EXPLAIN QUERY PLAN SELECT k.document_id FROM {source}{where} ORDER BY {ORDER.format(k='k')}",
                params))
            assert "TEMP B-TREE" not in plan and "COVERING INDEX" in plan, (f, plan)


def test_migration_fills_order_keys_of_an_existing_ledger(ledger: Path) -> None:
    with open_store(ledger) as store:
        expected = {str(f): _keys(store.events(**f)) for f in FILTERS}
    conn = sqlite3.connect(ledger, isolation_level=None)  # back to a version-2 ledger holding data
    for index in ("events_type_order", "events_order"):
        conn.execute(f"DROP INDEX {index}")
    conn.execute("DROP TABLE event_countries")
    conn.execute("ALTER TABLE events DROP COLUMN published")
    conn.execute("ALTER TABLE events DROP COLUMN undated")
    conn.execute("DELETE FROM schema_migrations WHERE version = 3")
    conn.close()
    with open_store(ledger) as store:
        assert store._query("SELECT COUNT(*) FROM events WHERE published IS NULL AND undated = 0")[0][0] == 0
        assert store._query("SELECT COUNT(*) FROM event_countries")[0][0] > 0
        for f in FILTERS:
            assert _keys(store.events(**f)) == expected[str(f)], f


def test_reads_from_other_threads_see_committed_batches(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "ledger.db"
    with open_store(path) as store:
        version = store.version()
        store.write_batch(sample_results()[:1], [])
        assert store.version() > version
        seen: list[int] = []
        with store._lock:  # the store's connection is busy: the thread reads on its own
            t = threading.Thread(target=lambda: seen.append(store.count_events()))
            t.start()
            t.join()
        assert seen == [store.count_events()] and seen[0] > 0
        assert len(store._readers) == 1
    assert store._readers == []
