"""The ledger from Python, as pandas DataFrames.

    import tacitus
    ledger = tacitus.open("tacitus.db")          # or a postgresql:// URL
    ledger.events(type="interception", country="RU")
    ledger.incidents(contested=True)
    ledger.claims(role="killed")
    ledger.incident("inc-df3e")                   # one incident as a dict, claims side by side

The ledger is opened for reading only: nothing is written and no lock is
taken, so reading never waits for an ingest. Incidents and claims cover the
documents linked so far (``tacitus ingest`` links what it stores;
``ledger.relink()`` links what another writer left unlinked).

pandas is imported when a method is first called, so ``import tacitus`` stays light.
"""
from __future__ import annotations

import os
from typing import Any

_EVENT_COLUMNS = None  # filled from tacitus.export.CSV_COLUMNS on first use
_INCIDENT_COLUMNS = ("id", "start", "end", "level", "family", "type", "place", "admin1", "country", "lat", "lon",
                     "events", "documents", "sources", "numbers", "contested", "claimants", "members", "parts",
                     "part_of")
_CLAIM_COLUMNS = ("date", "date_end", "incident_id", "place", "country", "admin1", "role", "value", "low", "high", "qualifier",
                  "unit", "claimant", "claimant_country", "modality", "verb", "outlet", "reported_by", "published",
                  "document_id", "event_id", "type", "quantity_text", "evidence_text", "evidence_start",
                  "evidence_end")


class Ledger:
    """A stored ledger, read as DataFrames. Filters are those of ``tacitus events``:
    ``type, country, since, until, claimant, text`` (dates as ``YYYY-MM-DD`` or
    ``date``); incidents also take ``contested, level, place, min_sources``,
    claims ``role`` and ``incident``."""

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        from .store import open_store
        self._db = db
        # read-only: never a write transaction, so reading never waits for an ingest
        self.store = open_store(db, read_only=True)

    def close(self) -> None:
        """Close the database connection."""
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"tacitus.Ledger({self.store.url!r})"

    def events(self, limit: int | None = None, **filters: Any) -> Any:
        """One row per event: the flat columns of ``tacitus export --format csv``
        plus ``outlet``, ``source`` and ``incident_id``."""
        import pandas as pd

        from .export import CSV_COLUMNS, csv_row
        events = self.store.events(**_clean(filters), limit=limit)
        incident_of = self._incident_of()
        rows = []
        for e in events:
            row = csv_row(e)
            row.update(outlet=e.get("outlet"), source=e.get("source"),
                       incident_id=incident_of.get(f"{e['document_id']}:{e['id']}"))
            rows.append(row)
        return _frame(pd, rows, (*CSV_COLUMNS, "outlet", "source", "incident_id"), dates=("published", "time_start",
                                                                                           "time_end"))

    def incidents(self, limit: int | None = None, **filters: Any) -> Any:
        """One row per incident: window, level, place and coordinates, counts of
        events / documents / sources (near-duplicate families), the largest
        figure, contested pairs of claims, claimants, member event keys, parts."""
        import pandas as pd
        rows = self.store.incidents(**_clean(filters), limit=limit)
        return _frame(pd, rows, _INCIDENT_COLUMNS, dates=("start", "end"))

    def claims(self, limit: int | None = None, **filters: Any) -> Any:
        """One row per numeric claim: date, place, role, figure and qualifier,
        claimant and side, outlet, incident and the evidence sentence with offsets."""
        import pandas as pd
        rows = []
        for r in self.store.claims(**_clean(filters), limit=limit):
            ev = r.get("evidence") or {}
            rows.append({**r, "evidence_text": ev.get("text"), "evidence_start": ev.get("start"),
                         "evidence_end": ev.get("end")})
        return _frame(pd, rows, _CLAIM_COLUMNS, dates=("date", "date_end", "published"))

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident (id or unique prefix) with its events, reconciled claims,
        sources and history, as ``Store.incident`` gives it; None if unknown."""
        return self.store.incident(incident_id)

    def relink(self, full: bool = False) -> dict[str, Any]:
        """Link what was stored since the last link run (``full``: rebuild every
        family and incident); what the run did. The only method that writes."""
        from .store import open_store
        with open_store(self._db) as store:
            return store.relink(full=full).to_dict()

    def unlinked(self) -> int:
        """How many stored documents are in no incident yet (``relink`` links them;
        ``tacitus ingest`` links what it stores)."""
        return self.store.unlinked_documents()

    def _incident_of(self) -> dict[str, str]:
        return dict(self.store._read("SELECT event_key, incident_id FROM incident_members"))


def _clean(filters: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in filters.items() if v is not None}


def _frame(pd: Any, rows: list[dict[str, Any]], columns: tuple[str, ...], dates: tuple[str, ...] = ()) -> Any:
    """A DataFrame of ``rows`` with exactly ``columns`` (in order), date columns parsed."""
    df = pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=list(columns))
    for c in dates:
        df[c] = pd.to_datetime(df[c].replace("", None), errors="coerce")
    return df


def open(db: str | os.PathLike[str] | None = None) -> Ledger:  # noqa: A001 - tacitus.open reads naturally
    """Open the ledger at ``db`` (SQLite path or ``postgresql://`` URL; default
    ``$TACITUS_DB`` or ``tacitus.db``)."""
    return Ledger(db)
