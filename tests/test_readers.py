"""Readers never take the write lock: while another connection holds a write
transaction open, opening the ledger for reading and every read (events,
incidents, claims, show, export, the Python API) succeed at once, on SQLite
and PostgreSQL. A ledger whose schema is behind is upgraded only by a writing
command; a reader says which one.
"""
from __future__ import annotations

import sqlite3
import time

import pytest
from click.testing import CliRunner
from test_store_fixtures import no_postgres, postgres_cluster, sample_results

import tacitus
from tacitus.cli import main
from tacitus.store import SchemaError, open_store
from tacitus.store.migrations import MIGRATIONS, migrate
from tacitus.store.dialect import SQLITE

# With the write lock taken, a reader that waited for it would sit out the
# store's 30 s busy timeout and then fail with "database is locked".
QUICK = 10.0


def _reads(url: str) -> None:
    """Every kind of read, through the store, the Python API and the CLI."""
    with open_store(url, read_only=True) as store:
        assert len(store.events()) == 5 and store.count_events(country="UA") == 3
        assert store.incidents() and store.claims(role="intercepted")
        doc_id = store.events()[0]["document_id"]
        assert store.document(doc_id[:8])["id"] == doc_id
        assert store.needs_link() is False
    with tacitus.open(url) as ledger:
        assert len(ledger.incidents()) >= 1
    runner = CliRunner()
    for args in (["events"], ["incidents"], ["claims"], ["export", "--format", "csv"], ["show", doc_id[:8]],
                 ["incident", "--most-contested"]):
        res = runner.invoke(main, ["--db", url, *args])
        assert res.exit_code in (0, 1), (args, res.output)
        assert "locked" not in res.output and "Traceback" not in res.output, (args, res.output)
        if args[0] != "incident":  # the sample ledger may have no contested incident
            assert res.exit_code == 0, (args, res.output)


@pytest.fixture()
def sqlite_ledger(tmp_path):
    path = str(tmp_path / "ledger.db")
    with open_store(path) as store:
        store.write_batch(sample_results(), [])
        store.ensure_linked()
    return path


def test_sqlite_reads_while_a_writer_holds_the_lock(sqlite_ledger):
    writer = sqlite3.connect(sqlite_ledger, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO rejects (source, reason, seen_at) VALUES ('x', 'held', 'now')")
    try:
        t0 = time.monotonic()
        _reads(sqlite_ledger)
        assert time.monotonic() - t0 < QUICK
        # a writer does wait for the lock (SQLite's one writer at a time)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            probe = sqlite3.connect(sqlite_ledger, isolation_level=None, timeout=0.2)
            probe.execute("BEGIN IMMEDIATE")
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_reader_writes_nothing_and_refuses_to(sqlite_ledger):
    with open_store(sqlite_ledger, read_only=True) as store:
        with pytest.raises(RuntimeError, match="reading only"):
            store.write_batch(sample_results(), [])
        with pytest.raises(RuntimeError, match="reading only"):
            store.relink()


def test_an_old_schema_is_upgraded_only_by_a_writer(tmp_path):
    path = str(tmp_path / "old.db")
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, SQLITE, MIGRATIONS[:4])  # a ledger made before migration 5
    conn.close()
    with pytest.raises(SchemaError, match=r"lacks schema migrations 5, 6 that .*: run `tacitus link`"):
        open_store(path, read_only=True)
    res = CliRunner().invoke(main, ["--db", path, "events"])
    assert res.exit_code == 1 and "run `tacitus link`" in res.output and "Traceback" not in res.output
    assert CliRunner().invoke(main, ["--db", path, "link"]).exit_code == 0
    with open_store(path, read_only=True) as store:
        assert store.events() == []


def test_a_ledger_holding_a_later_migration_gets_the_earlier_one(tmp_path):
    # versions are independent: a ledger made where migration 6 came before 5
    path = str(tmp_path / "later.db")
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, SQLITE, tuple(m for m in MIGRATIONS if m.version != 5))
    conn.close()
    with pytest.raises(SchemaError, match=r"lacks schema migration 5 that"):
        open_store(path, read_only=True)
    with open_store(path) as store:  # a writer upgrades it
        store.write_batch(sample_results(), [])
        store.ensure_linked()
    with open_store(path, read_only=True) as store:
        assert store.events() and store.incidents()


def test_a_new_database_gets_its_schema_from_a_reader(tmp_path):
    res = CliRunner().invoke(main, ["--db", str(tmp_path / "new.db"), "events"])
    assert res.exit_code == 0, res.output


@pytest.fixture(scope="module")
def pg_base():
    with postgres_cluster() as url:
        yield url


def test_postgresql_reads_while_a_writer_holds_the_lock(pg_base):
    if pg_base is None:
        no_postgres()
    import psycopg
    with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE readers")
    url = f"{pg_base}/readers"
    with open_store(url) as store:
        store.write_batch(sample_results(), [])
        store.ensure_linked()
    writer = psycopg.connect(url, autocommit=True)
    writer.execute("BEGIN")
    writer.execute("SELECT pg_advisory_xact_lock(7482914)")   # the ledger's write lock
    writer.execute("SELECT pg_advisory_xact_lock(7482913)")   # and the migrations' lock
    writer.execute("INSERT INTO rejects (source, reason, seen_at) VALUES ('x', 'held', 'now')")
    writer.execute("LOCK TABLE link_state IN EXCLUSIVE MODE")  # what a link run writes last
    try:
        t0 = time.monotonic()
        _reads(url)
        assert time.monotonic() - t0 < QUICK
    finally:
        writer.execute("ROLLBACK")
        writer.close()
