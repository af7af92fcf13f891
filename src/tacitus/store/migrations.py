"""The ledger schema, as an ordered list of migrations applied when a store opens.

Each migration is a version number and a list of portable DDL statements whose
type tokens (``{json}``, ``{autoid}``, ``{float}``, ``{bigint}``) the dialect fills.
Applied versions are recorded in ``schema_migrations(version, applied_at)``;
:func:`migrate` applies the missing ones, in order, in one transaction.
Never edit a released migration: append a new one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .dialect import Dialect


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_V1 = (
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        published TEXT,
        title TEXT,
        outlet TEXT,
        language TEXT NOT NULL,
        url TEXT,
        text TEXT NOT NULL,
        blocks {json},
        ingest_seq {bigint} NOT NULL,
        ingested_at TEXT NOT NULL
    )""",
    "CREATE INDEX documents_published ON documents (published, id)",
    "CREATE INDEX documents_ingest ON documents (ingest_seq, id)",
    """CREATE TABLE removed_blocks (
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (document_id, seq)
    )""",
    # seq (the event's position in its document) is the key; event_id is what
    # the extractor called it, kept for people and exports.
    """CREATE TABLE events (
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        attacker_name TEXT,
        attacker_country TEXT,
        attacker_kind TEXT,
        target_name TEXT,
        target_country TEXT,
        target_kind TEXT,
        time_start TEXT,
        time_end TEXT,
        time_precision TEXT,
        time_text TEXT,
        claimant TEXT,
        claimant_country TEXT,
        modality TEXT,
        verb TEXT,
        reported_by {json},
        evidence_text TEXT NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        acled_event_type TEXT,
        acled_sub_event_type TEXT,
        weapons {json},
        trigger_word TEXT,
        data {json} NOT NULL,
        PRIMARY KEY (document_id, seq)
    )""",
    "CREATE INDEX events_type ON events (type)",
    "CREATE INDEX events_time ON events (time_start, time_end)",
    "CREATE INDEX events_attacker_country ON events (attacker_country)",
    "CREATE INDEX events_target_country ON events (target_country)",
    "CREATE INDEX events_event_id ON events (document_id, event_id)",
    """CREATE TABLE quantities (
        document_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        role TEXT NOT NULL,
        value {bigint} NOT NULL,
        low {bigint} NOT NULL,
        high {bigint},
        qualifier TEXT NOT NULL,
        unit TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (document_id, event_seq, seq),
        FOREIGN KEY (document_id, event_seq) REFERENCES events (document_id, seq) ON DELETE CASCADE
    )""",
    "CREATE INDEX quantities_role ON quantities (role)",
    """CREATE TABLE places (
        document_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        text TEXT NOT NULL,
        name TEXT NOT NULL,
        country TEXT,
        admin1 TEXT,
        lat {float},
        lon {float},
        precision TEXT NOT NULL,
        gazetteer_id TEXT,
        PRIMARY KEY (document_id, event_seq, seq),
        FOREIGN KEY (document_id, event_seq) REFERENCES events (document_id, seq) ON DELETE CASCADE
    )""",
    "CREATE INDEX places_country ON places (country, document_id, event_seq)",
    """CREATE TABLE claims (
        document_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        claimant TEXT,
        claimant_country TEXT,
        reported_by {json},
        modality TEXT NOT NULL,
        verb TEXT,
        PRIMARY KEY (document_id, event_seq),
        FOREIGN KEY (document_id, event_seq) REFERENCES events (document_id, seq) ON DELETE CASCADE
    )""",
    "CREATE INDEX claims_claimant ON claims (claimant)",
    """CREATE TABLE rejects (
        id {autoid},
        source TEXT NOT NULL,
        reason TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        UNIQUE (source, reason)
    )""",
)

# -- version 2: the claim ledger (near-duplicate families, incidents, decisions) --
# Incidents and their members are derived: every re-link replaces them. The
# decisions (manual merge / split) and the history are never deleted: a decision
# is withdrawn by stamping ``undone_at``, and every link, merge and split run
# appends a row to ``incident_history``.
_V2 = (
    """CREATE TABLE document_families (
        document_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        family_id TEXT NOT NULL,
        similarity {float} NOT NULL,
        signature {json} NOT NULL
    )""",
    "CREATE INDEX document_families_family ON document_families (family_id)",
    """CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        family TEXT NOT NULL,
        level TEXT NOT NULL,
        start_day TEXT,
        end_day TEXT,
        place TEXT,
        country TEXT,
        admin1 TEXT,
        lat {float},
        lon {float},
        type TEXT,
        events INTEGER NOT NULL,
        documents INTEGER NOT NULL,
        sources INTEGER NOT NULL,
        numbers {bigint} NOT NULL,
        contested INTEGER NOT NULL,
        data {json} NOT NULL
    )""",
    "CREATE INDEX incidents_window ON incidents (start_day, end_day)",
    "CREATE INDEX incidents_contested ON incidents (contested)",
    """CREATE TABLE incident_members (
        document_id TEXT NOT NULL,
        event_seq INTEGER NOT NULL,
        event_key TEXT NOT NULL,
        incident_id TEXT NOT NULL,
        PRIMARY KEY (document_id, event_seq)
    )""",
    "CREATE INDEX incident_members_incident ON incident_members (incident_id)",
    """CREATE TABLE link_decisions (
        id {autoid},
        kind TEXT NOT NULL,
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        reason TEXT,
        made_at TEXT NOT NULL,
        undone_at TEXT
    )""",
    """CREATE TABLE incident_history (
        id {autoid},
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        incident_id TEXT,
        detail {json} NOT NULL
    )""",
    "CREATE INDEX incident_history_incident ON incident_history (incident_id)",
    """CREATE TABLE link_state (
        id INTEGER PRIMARY KEY,
        ingest_seq {bigint} NOT NULL,
        decisions INTEGER NOT NULL,
        linked_at TEXT NOT NULL
    )""",
)

# -- version 3: order keys on events, for fast filtered pages --------------------
# ``Store.events`` orders by (publication date, undated last, document id, event
# order). The date lived on ``documents`` only, so every filtered page sorted all
# matching events. Each event now carries its document's ``published`` and an
# ``undated`` flag (1 when there is no date: such events sort last on every
# backend), and ``event_countries`` lists every country an event touches (its
# places, attacker and target) with the same keys. The composite indexes match
# each filter + order, and carry the time window so date filters need no row.
_V3 = (
    "ALTER TABLE events ADD COLUMN published TEXT",
    "ALTER TABLE events ADD COLUMN undated INTEGER NOT NULL DEFAULT 0",
    "UPDATE events SET published = (SELECT d.published FROM documents d WHERE d.id = events.document_id)",
    "UPDATE events SET undated = CASE WHEN published IS NULL THEN 1 ELSE 0 END",
    """CREATE TABLE event_countries (
        document_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        country TEXT NOT NULL,
        type TEXT NOT NULL,
        undated INTEGER NOT NULL,
        published TEXT,
        time_start TEXT,
        time_end TEXT,
        PRIMARY KEY (document_id, seq, country),
        FOREIGN KEY (document_id, seq) REFERENCES events (document_id, seq) ON DELETE CASCADE
    )""",
    """INSERT INTO event_countries (document_id, seq, country, type, undated, published, time_start, time_end)
       SELECT e.document_id, e.seq, c.country, e.type, e.undated, e.published, e.time_start, e.time_end
       FROM (SELECT document_id, seq, attacker_country AS country FROM events WHERE attacker_country IS NOT NULL
             UNION SELECT document_id, seq, target_country FROM events WHERE target_country IS NOT NULL
             UNION SELECT document_id, event_seq, country FROM places WHERE country IS NOT NULL) c
       JOIN events e ON e.document_id = c.document_id AND e.seq = c.seq""",
    "CREATE INDEX events_type_order ON events (type, undated, published, document_id, seq, time_start, time_end)",
    "CREATE INDEX events_order ON events (undated, published, document_id, seq, time_start, time_end)",
    "CREATE INDEX event_countries_type_order ON event_countries"
    " (country, type, undated, published, document_id, seq, time_start, time_end)",
    "CREATE INDEX event_countries_order ON event_countries"
    " (country, undated, published, document_id, seq, time_start, time_end)",
)

# -- version 4: drop the indexes version 3 made redundant --------------------------
# ``events_type`` is the first column of ``events_type_order``; filters by country
# and date now walk ``event_countries`` / the order indexes, so the single-column
# indexes on the time window and on the attacker's and target's country are read
# by no query, and each cost every inserted event a B-tree update.
_V4 = (
    "DROP INDEX IF EXISTS events_type",
    "DROP INDEX IF EXISTS events_time",
    "DROP INDEX IF EXISTS events_attacker_country",
    "DROP INDEX IF EXISTS events_target_country",
)

# -- version 5: incremental, order-independent linking ------------------------------
# ``document_bands`` keeps each document's LSH band keys (tacitus.link.families),
# so a new document finds its near-duplicates with one indexed lookup instead of
# reading every signature. ``link_events`` keeps each dated event's linking view
# (the fields ``tacitus.link.incidents.compare`` reads, as JSON) with its block
# names, region and window as columns, so a re-link reads only the events a new
# one can join (same type family and country, the same place or region, windows
# a day or two apart). ``link_state.linker`` names the rules the derived tables
# were built with (a full re-link rebuilds them when it differs) and
# ``generation`` counts link runs, so a full re-link computed outside the write
# lock can tell whether another run wrote meanwhile; ``max_span`` bounds the days
# any stored incident spans, so the incidents meeting a window are found by an
# index range on their first day; ``incidents.span`` (days) lets the few long
# ones (over ``LONG_SPAN`` days) be found apart through a partial index, so that
# they do not widen that range for all. ``incidents.claims`` keeps
# each incident's distinct claims, so an aggregate's contested pairs are counted
# without reading its parts' events.
_V5 = (
    """CREATE TABLE document_bands (
        band {bigint} NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        PRIMARY KEY (band, document_id)
    )""",
    """CREATE TABLE link_events (
        document_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event_key TEXT NOT NULL,
        family TEXT NOT NULL,
        country TEXT NOT NULL,
        tier TEXT NOT NULL,
        block TEXT NOT NULL,
        block2 TEXT,
        region TEXT NOT NULL,
        start_day INTEGER NOT NULL,
        end_day INTEGER NOT NULL,
        linkable INTEGER NOT NULL,
        view {json} NOT NULL,
        PRIMARY KEY (document_id, seq),
        FOREIGN KEY (document_id, seq) REFERENCES events (document_id, seq) ON DELETE CASCADE
    )""",
    "CREATE INDEX link_events_block ON link_events (family, country, tier, block, start_day)",
    "CREATE INDEX link_events_block2 ON link_events (family, country, block2, start_day)",
    "CREATE INDEX link_events_region ON link_events (family, country, tier, region, start_day)",
    "CREATE INDEX link_events_key ON link_events (event_key)",
    "CREATE INDEX incident_members_key ON incident_members (event_key)",
    "CREATE INDEX incidents_family ON incidents (family, country, start_day)",
    # the order of Store.incidents: a page is one index walk, not a sort of every incident
    "CREATE INDEX incidents_order ON incidents ((CASE WHEN start_day IS NULL THEN 1 ELSE 0 END), start_day, id)",
    "ALTER TABLE incidents ADD COLUMN claims {json}",
    "ALTER TABLE incidents ADD COLUMN span INTEGER",
    # the long incidents (tacitus.store.linking.LONG_SPAN), few, by family and first day
    "CREATE INDEX incidents_long ON incidents (family, country, start_day) WHERE span > 31",
    "ALTER TABLE link_state ADD COLUMN linker TEXT",
    "ALTER TABLE link_state ADD COLUMN generation INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE link_state ADD COLUMN max_span INTEGER NOT NULL DEFAULT 0",
)

# -- version 6: the claimant as a Russian or Ukrainian report names it -------------
# (Claim.claimant_native: "Вячеслав Гладков" beside "Vyacheslav Gladkov"), so the
# claimant filter finds it in either script. Version 5 is left to the incremental
# linking migration developed beside this one; the versions are independent.
_V6 = (
    "ALTER TABLE events ADD COLUMN claimant_native TEXT",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial ledger", _V1),
    Migration(2, "claim ledger: document families, incidents, decisions, history", _V2),
    Migration(3, "order keys on events and event_countries, with indexes for filtered pages", _V3),
    Migration(4, "drop indexes no query reads since version 3", _V4),
    Migration(5, "incremental linking: band keys, linking views, linker version", _V5),
    Migration(6, "events: the claimant's native name", _V6),
)

_CREATE_VERSIONS = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
)"""


def now_utc() -> str:
    """The current time as ISO 8601 UTC, seconds precision (for *_at columns)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class SchemaError(RuntimeError):
    """The ledger's schema is older than this tacitus, and only a writing command upgrades it."""


UPGRADE_HINT = "run `tacitus link` (or any ingest) once to upgrade it"


def applied_versions(conn: Any, dialect: Dialect) -> set[int]:
    """The migration versions already recorded in the database (none in a new one)."""
    if not _has_table(conn, dialect, "schema_migrations"):
        return set()
    return {int(r[0]) for r in conn.execute("SELECT version FROM schema_migrations").fetchall()}


def _has_table(conn: Any, dialect: Dialect, name: str) -> bool:
    """Whether the table exists: a plain read of the catalogue, no lock taken."""
    if dialect.name == "postgresql":
        return conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]
    return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchall())


def pending(conn: Any, dialect: Dialect, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """The versions not yet applied, found with plain reads (no write transaction)."""
    done = applied_versions(conn, dialect)
    return [m.version for m in sorted(migrations, key=lambda m: m.version) if m.version not in done]


def is_new(conn: Any, dialect: Dialect) -> bool:
    """True for a database without any ledger table yet (opening it creates the schema)."""
    return not _has_table(conn, dialect, "schema_migrations") and not _has_table(conn, dialect, "documents")


def check_readable(conn: Any, dialect: Dialect, where: str,
                   migrations: tuple[Migration, ...] = MIGRATIONS) -> bool:
    """For a reader: True when the schema is current; False for a new, empty
    database (the caller creates the schema: nobody else can be using it);
    :class:`SchemaError` when migrations are due, which only a writing command applies."""
    missing = pending(conn, dialect, migrations)
    if not missing:
        return True
    if is_new(conn, dialect):
        return False
    # versions are independent (a ledger may hold 6 but not 5): name what is missing
    names = ", ".join(str(v) for v in missing)
    raise SchemaError(f"the ledger {where} lacks schema migration{'s' if len(missing) > 1 else ''} {names} "
                      f"that this tacitus reads: {UPGRADE_HINT}")


def migrate(conn: Any, dialect: Dialect, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the missing migrations in order, in one transaction; return their versions.

    ``conn`` is an autocommit DB-API connection with an ``execute`` method
    (sqlite3 with ``isolation_level=None``, psycopg with ``autocommit=True``).
    The schema is first checked with plain reads: a current ledger is opened
    without any write transaction, so opening never waits for a writer. When
    something is missing, the write transaction (SQLite) or an advisory lock
    (PostgreSQL) keeps two processes from migrating it twice.
    """
    if not pending(conn, dialect, migrations):
        return []
    conn.execute(dialect.begin_write)
    try:
        if dialect.name == "postgresql":
            conn.execute("SELECT pg_advisory_xact_lock(7482913)")
        conn.execute(_CREATE_VERSIONS)
        done = applied_versions(conn, dialect)
        applied = []
        for m in sorted(migrations, key=lambda m: m.version):
            if m.version in done:
                continue
            for statement in m.statements:
                conn.execute(dialect.ddl(statement))
            conn.execute(dialect.sql("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
                         (m.version, now_utc()))
            applied.append(m.version)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return applied
