"""The ledger: documents, events and their parts in a relational database.

One :class:`Store` class serves SQLite and PostgreSQL; what differs between them
lives in :mod:`tacitus.store.dialect`. Every write goes through
:meth:`Store.write_batch`, one transaction per batch, so a process killed
mid-ingest leaves whole batches only, and re-running it skips what is stored.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from json.encoder import encode_basestring as _encode_str
from typing import Any

from ..model import Reject, Result
from .dialect import Dialect, dump_json
from .filters import ORDER, event_query
from .incidents import IncidentsMixin
from .migrations import check_readable, migrate, now_utc
from .rows import COLUMNS, PART_TABLES, TABLES, Rows, as_rows
from .spatial import Near, enable_postgis, near_clause, parse_near

_COUNTED = ("documents", "events", "quantities", "places", "claims", "rejects", "removed_blocks")
_DOC_FIELDS = ("id", "source", "published", "title", "outlet", "language", "url")
_IN_CHUNK = 500  # ids per "IN (...)" query: under SQLite's variable limit
_WRITE_LOCK = 7482914  # PostgreSQL advisory lock key held by each write transaction

def _database_failed(exc: BaseException) -> bool:
    """Whether an error is the database's (locked, gone, out of space), not a record's:
    then writing record by record would fail the same way."""
    return type(exc).__name__ in ("OperationalError", "InterfaceError") or isinstance(exc, MemoryError)


def _source_of(item: Result | Rows) -> str:
    if isinstance(item, Rows):
        return str(item.document[1])
    return item.document.source


def _not_stored(exc: BaseException) -> str:
    """One line saying why the database refused a record."""
    what = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"not stored: {type(exc).__name__}" + (f": {what}" if what else "")


@dataclass(slots=True)
class BatchStats:
    """What one :meth:`Store.write_batch` did."""
    documents: int = 0  # documents newly stored
    skipped: int = 0   # documents already stored (or repeated in the batch)
    events: int = 0    # events stored with the new documents
    rejects: int = 0   # rejects newly recorded (a known source+reason is not)
    # documents the database refused (a batch retried record by record): each is
    # recorded as a reject "not stored: ..." instead, and listed here for the caller
    failed: list[Reject] = field(default_factory=list)

    def add(self, other: BatchStats) -> None:
        """Accumulate another batch's figures into this one."""
        self.documents += other.documents
        self.skipped += other.skipped
        self.events += other.events
        self.rejects += other.rejects
        self.failed += other.failed


class Store(IncidentsMixin):
    """A ledger in one database, reached through an autocommit DB-API connection.

    Use :func:`tacitus.store.open_store` rather than building one directly.
    Writes are serialised by a lock, so one store may be shared by threads.
    Reads of documents and events run on the store's connection when it is
    free; while another thread holds it, on that thread's own read connection
    from ``reader`` (a function opening one), so readers do not queue behind
    each other (SQLite in WAL mode reads concurrently). Without ``reader``
    (an in-memory SQLite database) they wait for the lock.
    On PostgreSQL, ``bulk_copy`` (default on) writes a batch's rows with
    ``COPY``; set it to False for row-by-row INSERTs (for comparison).
    """

    bulk_copy: bool = True

    def __init__(self, conn: Any, dialect: Dialect, url: str, reader: Callable[[], Any] | None = None,
                 read_only: bool = False) -> None:
        self._conn = conn
        self.dialect = dialect
        self.url = url
        self.read_only = read_only
        # reads of the claim ledger re-link first when something changed; a
        # reader never does (it would write), nor a server whose writer links
        self.autolink = not read_only
        self._lock = threading.RLock()
        self._reader = reader
        self._local = threading.local()  # .conn: this thread's read connection
        self._readers: list[Any] = []    # every read connection opened, closed with the store
        self._readers_lock = threading.Lock()
        if not read_only or not check_readable(conn, dialect, repr(url)):
            migrate(conn, dialect)  # a no-op (plain reads only) when the schema is current
        # PostgreSQL with the PostGIS extension: radius filters use its index
        self.postgis = dialect.name == "postgresql" and enable_postgis(conn, dialect, install=not read_only)
        if read_only and dialect.name == "sqlite":
            conn.execute("PRAGMA query_only = ON")

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        """Close the connection and the read connections (idempotent)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
        with self._readers_lock:
            readers, self._readers = self._readers, []
        for conn in readers:
            conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r}, {self.dialect.name})"

    # -- low level ---------------------------------------------------------
    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        if self._conn is None:
            raise RuntimeError("store is closed")
        return self._conn.execute(self.dialect.sql(sql), tuple(params))

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            cur = self._conn.cursor()
            cur.executemany(self.dialect.sql(sql), rows)
            cur.close()

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return self._execute(sql, params).fetchall()

    def _writable(self) -> None:
        """Refuse a write on a store opened with ``read_only=True``."""
        if self.read_only:
            raise RuntimeError(f"the ledger {self.url!r} is open for reading only")

    def _begin_write(self) -> None:
        """Open a write transaction: SQLite's ``BEGIN IMMEDIATE``; on PostgreSQL
        ``BEGIN`` and the ledger's advisory lock (one writer at a time, as on SQLite)."""
        self._execute(self.dialect.begin_write)
        if self.dialect.name == "postgresql":
            try:
                self._execute("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK,))
            except BaseException:
                self._execute("ROLLBACK")
                raise

    def _in_transaction(self) -> bool:
        """Whether the store's connection is inside a transaction."""
        if self.dialect.name == "sqlite":
            return bool(self._conn.in_transaction)
        from psycopg.pq import TransactionStatus
        return self._conn.info.transaction_status != TransactionStatus.IDLE

    def _read(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one read-only query without queueing behind other readers.

        On the store's connection when no other thread holds it (also inside
        this thread's own write transaction, which it then sees); else on this
        thread's read connection, which sees every committed batch.
        """
        if self._reader is None:
            with self._lock:
                return self._query(sql, params)
        if self._lock.acquire(blocking=False):
            try:
                return self._query(sql, params)
            finally:
                self._lock.release()
        return self._thread_conn().execute(self.dialect.sql(sql), tuple(params)).fetchall()

    def _thread_conn(self) -> Any:
        """This thread's read connection, opened on first use."""
        if self._conn is None:
            raise RuntimeError("store is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._reader()
            with self._readers_lock:  # not the store's lock: its holder may be a long write
                self._readers.append(conn)
        return conn

    # -- writing -----------------------------------------------------------
    def has_documents(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored (ingest skips these)."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self._lock:
            for i in range(0, len(wanted), _IN_CHUNK):
                chunk = wanted[i:i + _IN_CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(r[0] for r in self._query(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return found

    def write_batch(self, results: list[Result | Rows], rejects: list[Reject]) -> BatchStats:
        """Store a batch of results and rejects in ONE transaction.

        A result may come as :class:`~tacitus.store.rows.Rows` already (built
        where it was extracted, e.g. on a Dask worker); others are turned into
        rows here.

        Idempotent by document id: a document already stored (or repeated in the
        batch) is left as it is and counted as skipped. Either the whole batch
        is stored or, on any error, none of it; then (unless the database itself
        failed) the batch is written again record by record, each in its own
        transaction, so that only a record the database refuses (a value it
        cannot hold) is lost to it: that one is recorded as a reject ``not
        stored: ...`` and listed in ``BatchStats.failed``. If even that reject
        cannot be written, the first error is raised.
        """
        self._writable()
        try:
            return self._write_transaction(results, rejects)
        except Exception as exc:  # noqa: BLE001 - sorted out below
            if _database_failed(exc):
                raise
            first = exc
        stats = BatchStats()
        for item in results:
            try:
                stats.add(self._write_transaction([item], []))
            except Exception as exc:  # noqa: BLE001 - this record only
                if _database_failed(exc):
                    raise
                reject = Reject(_source_of(item), _not_stored(exc))
                stats.add(self._write_reject(reject, first))
                stats.failed.append(reject)
        for reject in rejects:
            stats.add(self._write_reject(reject, first))
        return stats

    def _write_reject(self, reject: Reject, first: BaseException) -> BatchStats:
        """One reject in its own transaction; as ASCII escapes if the database refuses
        its text; ``first`` (the batch's error) raised if it refuses even that."""
        try:
            return self._write_transaction([], [reject])
        except Exception as exc:  # noqa: BLE001
            if _database_failed(exc):
                raise
        try:
            return self._write_transaction([], [Reject(ascii(reject.source)[1:-1][:2000],
                                                       ascii(reject.reason)[1:-1][:400])])
        except Exception:  # noqa: BLE001 - the ledger cannot take even that
            raise first from None

    def _write_transaction(self, results: list[Result | Rows], rejects: list[Reject]) -> BatchStats:
        """``results`` and ``rejects`` in one transaction, all or nothing."""
        stats = BatchStats()
        with self._lock:
            self._execute(self.dialect.begin_write)
            try:
                if self.dialect.name == "postgresql":
                    # one writer at a time per ledger, as SQLite's BEGIN IMMEDIATE gives:
                    # concurrent ingests never deadlock and ingest_seq follows commit order
                    self._execute("SELECT pg_advisory_xact_lock(?)", (_WRITE_LOCK,))
                self._write(results, rejects, stats)
                self._execute("COMMIT")
            except BaseException:
                self._execute("ROLLBACK")
                raise
        return stats

    def _write(self, results: list[Result | Rows], rejects: list[Reject], stats: BatchStats) -> None:
        """The body of :meth:`write_batch`, inside its transaction.

        Runs under the write lock (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's
        advisory lock), so the stored ids checked first cannot change before the
        inserts; a document stored (or repeated in the batch) is skipped. Each
        table's rows then go in at once: ``executemany``, or on PostgreSQL with
        ``bulk_copy`` one ``COPY`` per table.
        """
        rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in COLUMNS}
        ingested_at = now_utc()
        seq = int(self._query("SELECT COALESCE(MAX(ingest_seq), 0) FROM documents")[0][0])
        batch = [as_rows(item) for item in results]
        seen = self.has_documents(r.document_id for r in batch)
        for r in batch:
            if r.document_id in seen:
                stats.skipped += 1
                continue
            seen.add(r.document_id)
            seq += 1
            stats.documents += 1
            stats.events += r.n_events
            rows["documents"].append(r.document + (seq, ingested_at))
            for name in PART_TABLES:
                rows[name] += r.parts[name]
        copy = self.dialect.name == "postgresql" and self.bulk_copy
        for name, table in TABLES.items():
            if copy:
                self._copy(table, COLUMNS[name], rows[name])
            elif rows[name]:
                cols = COLUMNS[name]
                self._executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                                  rows[name])
        self._write_rejects(rejects, ingested_at, stats)

    def _write_rejects(self, rejects: list[Reject], ingested_at: str, stats: BatchStats) -> None:
        """Record rejects not yet known by (source, reason)."""
        for reject in rejects:
            cur = self._execute("INSERT INTO rejects (source, reason, seen_at) VALUES (?, ?, ?)"
                                " ON CONFLICT (source, reason) DO NOTHING",
                                (reject.source, reject.reason, ingested_at))
            stats.rejects += cur.rowcount == 1

    def _copy(self, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        """``COPY table (columns) FROM STDIN`` of ``rows`` (psycopg 3)."""
        if not rows:
            return
        with self._conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    # -- reading -----------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Row counts of the ledger's tables."""
        return {t: int(self._read(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in _COUNTED}

    def events(self, *, type: str | None = None, country: str | None = None,
               since: date | str | None = None, until: date | str | None = None,
               claimant: str | None = None, text: str | None = None, document_id: str | None = None,
               near: Near | str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Events matching every given filter, as contract dicts plus ``document_id``,
        ``published``, ``source`` and ``outlet``; ordered by (published, document id, event order).

        ``country``: ISO2 of a place, the attacker or the target (any case);
        ``since``/``until``: dates the event's time window overlaps (the
        publication date stands in for an event without a time); ``claimant``
        and ``text``: case-insensitive substrings of the claimant and the
        evidence sentence; ``type``: exact event type; ``near``: ``(lat, lon,
        km)`` or ``"LAT,LON,KM"``, some place of the event within ``km`` of the
        point (:mod:`tacitus.store.spatial`).
        """
        out = []
        for data, doc_id, published, source, outlet in self._event_page(
                type=type, country=country, since=since, until=until, claimant=claimant, text=text,
                document_id=document_id, near=near, limit=limit, offset=offset):
            event = self.dialect.load_json(data)
            event.update(document_id=doc_id, published=published, source=source, outlet=outlet)
            out.append(event)
        return out

    def events_json(self, *, type: str | None = None, country: str | None = None,
                    since: date | str | None = None, until: date | str | None = None,
                    claimant: str | None = None, text: str | None = None, document_id: str | None = None,
                    near: Near | str | None = None, limit: int | None = None, offset: int = 0) -> list[str]:
        """:meth:`events` as JSON texts, one object per event, the same keys and
        values: the stored JSON of each event with the four document fields
        spliced in, never decoded and encoded again (what the web API sends)."""
        out = []
        for data, doc_id, published, source, outlet in self._event_page(
                type=type, country=country, since=since, until=until, claimant=claimant, text=text,
                document_id=document_id, near=near, limit=limit, offset=offset):
            if not isinstance(data, str):  # a driver that decodes JSON columns itself
                data = dump_json(data)
            extra = (f'"document_id":{_json_str(doc_id)},"published":{_json_str(published)},'
                     f'"source":{_json_str(source)},"outlet":{_json_str(outlet)}}}')
            out.append(f"{data[:-1]},{extra}" if data != "{}" else "{" + extra)
        return out

    def _event_page(self, *, type: str | None, country: str | None, since: date | str | None,
                    until: date | str | None, claimant: str | None, text: str | None,
                    document_id: str | None, near: Near | str | None, limit: int | None,
                    offset: int) -> list[tuple[Any, ...]]:
        """(data, document_id, published, source, outlet) of one page of events."""
        source, where, params = event_query(type=type, country=country, since=since, until=until,
                                              claimant=claimant, text=text, document_id=document_id,
                                              near=self.near_sql(near, "k"))
        # the page's keys come from one index walk (covering, unless claimant or
        # text filters need the event rows); only its rows are then joined
        keys = (f"SELECT k.undated, k.published, k.document_id, k.seq FROM {source}{where}"
                f" ORDER BY {ORDER.format(k='k')}" + self.dialect.limit(limit, offset))
        sql = (f"SELECT e.data, e.document_id, e.published, d.source, d.outlet FROM ({keys}) p"
               " JOIN events e ON e.document_id = p.document_id AND e.seq = p.seq"
               f" JOIN documents d ON d.id = e.document_id ORDER BY {ORDER.format(k='p')}")
        return self._read(sql, params)

    def count_events(self, *, type: str | None = None, country: str | None = None,
                     since: date | str | None = None, until: date | str | None = None,
                     claimant: str | None = None, text: str | None = None,
                     document_id: str | None = None, near: Near | str | None = None) -> int:
        """How many events :meth:`events` would give with the same filters and no limit."""
        source, where, params = event_query(type=type, country=country, since=since, until=until,
                                              claimant=claimant, text=text, document_id=document_id,
                                              near=self.near_sql(near, "k"))
        return int(self._read(f"SELECT COUNT(*) FROM {source}{where}", params)[0][0])

    def near_sql(self, near: Near | str | tuple | None, alias: str) -> tuple[str, list[Any]] | None:
        """The radius filter as (SQL, parameters) for events aliased ``alias``
        (None without one); ``ValueError`` for a malformed ``near``."""
        point = parse_near(near)
        if point is None:
            return None
        return near_clause(point, dialect=self.dialect.name, postgis=self.postgis,
                           document=f"{alias}.document_id", seq=f"{alias}.seq")

    def version(self) -> int:
        """A number that grows with every stored batch (the highest ingest sequence):
        caches of what the ledger holds are valid while it stays the same.

        Documents and their events are only ever added, never changed, so a
        cache keyed on this number is exact, whichever process writes."""
        return int(self._read("SELECT COALESCE(MAX(ingest_seq), 0) FROM documents")[0][0])

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Stored documents in ingest order: contract fields plus ``ingested_at``
        and ``events`` (their event count)."""
        sql = ("SELECT d.id, d.source, d.published, d.title, d.outlet, d.language, d.url, d.ingested_at,"
               " (SELECT COUNT(*) FROM events e WHERE e.document_id = d.id)"
               " FROM documents d ORDER BY d.ingest_seq, d.id" + self.dialect.limit(limit, offset))
        rows = self._read(sql)
        return [{**dict(zip(_DOC_FIELDS, r[:7])), "ingested_at": r[7], "events": int(r[8])} for r in rows]

    def resolve_id(self, doc_id: str) -> str | None:
        """The full id of the document ``doc_id`` names: itself, or a unique
        prefix of at least 4 characters (like a git short hash); else None."""
        if self._read("SELECT 1 FROM documents WHERE id = ?", (doc_id,)):
            return doc_id
        if len(doc_id) < 4 or not doc_id.isalnum():
            return None
        doc_id = doc_id.lower()  # ids are lower-case hex
        # a range scan on the primary key instead of LIKE: no escaping, uses the index
        rows = self._read("SELECT id FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                          (doc_id, doc_id + "\uffff"))
        return rows[0][0] if len(rows) == 1 else None

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One document by id or unique id prefix: contract fields plus
        ``ingested_at``, ``text`` (cleaned), ``blocks`` (``{kind, start, end}``),
        ``removed`` (``{text, reason}``) and ``events`` (contract dicts); None if unknown."""
        full = self.resolve_id(doc_id)
        if full is None:
            return None
        # a stored document and its rows never change, so the three reads agree
        row = self._read("SELECT id, source, published, title, outlet, language, url, ingested_at, text,"
                         " blocks FROM documents WHERE id = ?", (full,))[0]
        removed = self._read("SELECT text, reason FROM removed_blocks WHERE document_id = ? ORDER BY seq",
                             (full,))
        events = self._read("SELECT data FROM events WHERE document_id = ? ORDER BY seq", (full,))
        out = dict(zip(_DOC_FIELDS, row[:7]))
        out["ingested_at"] = row[7]
        out["text"] = row[8]
        out["blocks"] = [{"kind": k, "start": s, "end": e} for k, s, e in self.dialect.load_json(row[9]) or []]
        out["removed"] = [{"text": t, "reason": r} for t, r in removed]
        out["events"] = [self.dialect.load_json(r[0]) for r in events]
        return out

    def rejects(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Recorded rejects, oldest first: ``{source, reason, seen_at}``."""
        rows = self._read("SELECT source, reason, seen_at FROM rejects ORDER BY id" + self.dialect.limit(limit))
        return [{"source": s, "reason": r, "seen_at": t} for s, r, t in rows]

    def results(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Contract lines ``{"document": ..., "events": [...]}`` in ingest order.

        With no filters, every document (also those without events). With
        :meth:`events` filters, only documents with a matching event, carrying
        only their matching events.
        """
        if any(v is not None for v in filters.values()):
            yield from self._filtered_results(filters)
            return
        last = (-1, "")
        while True:
            # plain reads (never behind a writer); a page's documents are committed with their events
            docs = self._read(
                "SELECT id, source, published, title, outlet, language, url, ingest_seq FROM documents"
                " WHERE ingest_seq > ? OR (ingest_seq = ? AND id > ?) ORDER BY ingest_seq, id"
                + self.dialect.limit(_IN_CHUNK), (last[0], last[0], last[1]))
            if not docs:
                return
            ids = [d[0] for d in docs]
            marks = ",".join("?" * len(ids))
            by_doc: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
            for doc_id, data in self._read(f"SELECT document_id, data FROM events WHERE document_id IN"
                                           f" ({marks}) ORDER BY document_id, seq", ids):
                by_doc[doc_id].append(self.dialect.load_json(data))
            for d in docs:
                yield {"document": dict(zip(_DOC_FIELDS, d[:7])), "events": by_doc[d[0]]}
            last = (docs[-1][7], docs[-1][0])

    def _filtered_results(self, filters: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """:meth:`results` with filters: group the matching events by document."""
        events = self.events(**filters)
        order: dict[str, list[dict[str, Any]]] = {}
        for e in events:
            doc_id = e.pop("document_id")
            for extra in ("published", "source", "outlet"):
                e.pop(extra)
            order.setdefault(doc_id, []).append(e)
        ids = list(order)
        docs: dict[str, tuple[Any, ...]] = {}
        for i in range(0, len(ids), _IN_CHUNK):
            chunk = ids[i:i + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            for r in self._read("SELECT id, source, published, title, outlet, language, url, ingest_seq"
                                f" FROM documents WHERE id IN ({marks})", chunk):
                docs[r[0]] = r
        for doc_id in sorted(ids, key=lambda i: (docs[i][7], i)):
            yield {"document": dict(zip(_DOC_FIELDS, docs[doc_id][:7])), "events": order[doc_id]}


def _json_str(value: str | None) -> str:
    """A text value as JSON (``null`` for None), as ``dump_json`` writes it, without
    the general encoder's per-call overhead (fifty of these per page of events)."""
    return "null" if value is None else _encode_str(str(value))
