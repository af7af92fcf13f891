"""The event filters as SQL, one meaning on every query: the store's event
pages (:class:`tacitus.store.Store`) and its incident and claim queries
(:class:`tacitus.store.incidents.IncidentsMixin`) both build on them."""
from __future__ import annotations

from datetime import date
from typing import Any

from .rows import iso


# The order of events: by publication date, undated documents after dated ones
# (the same way on every backend), then document id and event order. The indexes
# of migration 3 give the rows of ``events`` and ``event_countries`` in this order.
ORDER = "{k}.undated, {k}.published, {k}.document_id, {k}.seq"


def event_query(*, type: str | None, country: str | None, since: date | str | None,
                until: date | str | None, claimant: str | None, text: str | None,
                document_id: str | None, near: tuple[str, list[Any]] | None = None) -> tuple[str, str, list[Any]]:
    """The FROM source, WHERE clause and parameters for the event filters.

    The source's rows ``k`` carry the order keys (see ``ORDER``) and the type
    and time window: ``events``, or with a country ``event_countries`` (one row
    per country an event touches: its places, attacker and target), which is
    joined to its events ``e`` only when a claimant, text or document filter
    needs them. So type, country and date filters are one index walk.
    """
    source, e = "events k", "k"
    if country:
        source, e = "event_countries k", "e"
        if claimant or text or document_id:
            source += " JOIN events e ON e.document_id = k.document_id AND e.seq = k.seq"
    clauses, params = filter_clauses("k", e, country_column=bool(country), type=type, country=country,
                                     since=since, until=until, claimant=claimant, text=text,
                                     document_id=document_id, near=near)
    return source, (" WHERE " + " AND ".join(clauses) if clauses else ""), params


# Undated documents sort after dated ones, the same way on every backend (used
# with event_filters by the incident queries, over events joined to documents).
DATE_ORDER = "CASE WHEN d.published IS NULL THEN 1 ELSE 0 END, d.published"


def event_filters(*, type: str | None, country: str | None, since: date | str | None,
                  until: date | str | None, claimant: str | None, text: str | None,
                  document_id: str | None, near: tuple[str, list[Any]] | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause and parameters for the event filters over ``events e``
    (the incident queries, which join other tables to it)."""
    clauses, params = filter_clauses("e", "e", country_column=False, type=type, country=country, since=since,
                                     until=until, claimant=claimant, text=text, document_id=document_id,
                                     near=near)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def filter_clauses(k: str, e: str, *, country_column: bool, type: str | None, country: str | None,
                   since: date | str | None, until: date | str | None, claimant: str | None,
                   text: str | None, document_id: str | None,
                   near: tuple[str, list[Any]] | None) -> tuple[list[str], list[Any]]:
    """The event filters as SQL conditions, one meaning on every query: ``k`` is
    the alias of the rows with the type, time window and order keys (``events``
    or ``event_countries``), ``e`` that of the ``events`` row (claimant,
    evidence). ``country_column``: ``k`` is ``event_countries`` and its
    ``country`` column is tested; otherwise the event's ``event_countries`` rows
    are. ``near``: :meth:`Store.near_sql` for alias ``k``."""
    clauses: list[str] = []
    params: list[Any] = []
    if country:
        if country_column:
            clauses.append(f"{k}.country = ?")
        else:
            clauses.append(f"EXISTS (SELECT 1 FROM event_countries c WHERE c.document_id = {k}.document_id"
                           f" AND c.seq = {k}.seq AND c.country = ?)")
        params.append(country.strip().upper())
    if type:
        clauses.append(f"{k}.type = ?")
        params.append(type)
    if since:
        clauses.append(f"COALESCE({k}.time_end, {k}.published) >= ?")
        params.append(iso(since))
    if until:
        clauses.append(f"COALESCE({k}.time_start, {k}.published) <= ?")
        params.append(iso(until))
    if claimant:
        # the claimant in English or as the report names it ("Гладков")
        clauses.append(f"(LOWER({e}.claimant) LIKE ? ESCAPE '!' OR LOWER({e}.claimant_native) LIKE ? ESCAPE '!')")
        params += [like(claimant), like(claimant)]
    if text:
        clauses.append(f"LOWER({e}.evidence_text) LIKE ? ESCAPE '!'")
        params.append(like(text))
    if document_id:
        clauses.append(f"{k}.document_id = ?")
        params.append(document_id)
    if near:
        clauses.append(near[0])
        params += near[1]
    return clauses, params


def register_sqlite_text(conn) -> None:
    """SQLite's LOWER folds ASCII only: make it fold every script, as Python's
    str.lower does, so the claimant and text filters find "Гладков" as "гладков"
    (PostgreSQL's LOWER folds by the database's character type, which a UTF-8
    locale such as C.UTF-8 gives)."""
    conn.create_function("lower", 1, _lower, deterministic=True)


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def like(fragment: str) -> str:
    """A case-folded LIKE pattern matching ``fragment`` anywhere (``!`` escapes)."""
    escaped = fragment.lower().replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return f"%{escaped}%"
