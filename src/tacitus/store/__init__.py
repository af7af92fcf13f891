"""The event ledger store: SQLite by default, PostgreSQL behind the same interface.

    with open_store("ledger.db") as store:
        stats = store.write_batch(results, rejects)
        store.events(type="attack", country="UA", since="2025-07-01")

``open_store(None)`` uses ``$TACITUS_DB``, else ``tacitus.db``. ``read_only=True``
opens it for reading only: the schema is checked with plain reads (never a
write transaction, so a reader never waits for a writer), nothing is migrated
or linked, and writes are refused. URLs:
``path.db``, ``sqlite:///relative.db``, ``sqlite:////absolute.db``, ``:memory:``
(SQLite); ``postgresql://user@host/db`` (PostgreSQL, needs the ``postgres`` extra).
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .dialect import POSTGRES, SQLITE, Dialect
from .core import BatchStats, Store
from .migrations import MIGRATIONS, SchemaError
from .filters import register_sqlite_text
from .spatial import register_sqlite

__all__ = ["open_store", "Store", "BatchStats", "Dialect", "MIGRATIONS", "SchemaError", "sqlite_path", "DEFAULT_DB"]

DEFAULT_DB = "tacitus.db"


def open_store(url: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) the ledger at ``url``.

    ``read_only``: for reading only (see the module's docstring). A ledger
    whose schema is behind raises :class:`SchemaError` naming the command that
    upgrades it; a new, empty database still gets its schema."""
    if url is None:
        url = os.environ.get("TACITUS_DB") or DEFAULT_DB
    url = os.fspath(url)
    if url.startswith(("postgresql://", "postgres://")):
        return _open_postgres(url, read_only)
    return _open_sqlite(url, read_only)


def sqlite_path(url: str) -> str:
    """The file path (or ``:memory:``) a SQLite URL or plain path names."""
    if url in ("sqlite://", "sqlite:///:memory:", ":memory:"):
        return ":memory:"
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):] or ":memory:"
    if "://" in url:
        raise ValueError(f"unsupported database URL {url!r}: use a path, sqlite:///path or postgresql://...")
    return url


# Reads through a memory map of the file (up to 1 GiB of it) instead of a read()
# call per page: a filtered page of events costs ~25 % less CPU (benchmarks/load.py).
# SQLite writes through its usual path; WAL frames are read as before.
_MMAP = "PRAGMA mmap_size = 1073741824"


def _open_sqlite(url: str, read_only: bool = False) -> Store:
    """A SQLite store: WAL, foreign keys on, synchronous=NORMAL, autocommit
    connection (the store opens its own transactions)."""
    path = sqlite_path(url)
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    # WAL is a property of the file: switch only a database not in WAL yet (a
    # new one), so that opening a ledger is a plain read, whoever writes
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(_MMAP)
    register_sqlite(conn)
    register_sqlite_text(conn)

    def reader() -> sqlite3.Connection:
        """A read-only connection for one thread (WAL: readers never block each other)."""
        read = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
        read.execute("PRAGMA query_only = ON")
        read.execute(_MMAP)
        register_sqlite(read)
        register_sqlite_text(read)
        return read

    try:
        return Store(conn, SQLITE, url, reader=None if path == ":memory:" else reader, read_only=read_only)
    except BaseException:
        conn.close()
        raise


def _open_postgres(url: str, read_only: bool = False) -> Store:
    """A PostgreSQL store through psycopg 3 (the ``postgres`` extra)."""
    try:
        import psycopg
    except ImportError:
        raise RuntimeError("PostgreSQL support needs the 'postgres' extra "
                           "(pip install 'tacitus[postgres]')") from None
    conn = psycopg.connect(url, autocommit=True)
    try:
        return Store(conn, POSTGRES, url, reader=lambda: psycopg.connect(url, autocommit=True), read_only=read_only)
    except BaseException:
        conn.close()
        raise
