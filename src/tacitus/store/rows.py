"""One extracted document as the table rows the ledger stores.

:func:`rows_of` is pure (a :class:`~tacitus.model.Result` in, plain tuples
out) and needs no database, so it can run where the extraction ran: on a Dask
worker or in a pool process. What travels back to the writer is then a few
lists of tuples of strings and numbers, cheaper to send and to receive than the
object tree of a ``Result``, and the writer only inserts them. Only what
depends on the ledger (the ingest sequence number and time) is left to the
writer.

Column order per table is :data:`COLUMNS`; :class:`Rows` keeps the rows of
every table but ``documents``, whose row the writer completes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..model import Event, Result
from ..nlp.numbers import MAX_COUNT
from .dialect import dump_json

# Column order of the rows built here, per table (the PostgreSQL COPY uses them as is).
COLUMNS = {
    "documents": ("id", "source", "published", "title", "outlet", "language", "url", "text", "blocks",
                  "ingest_seq", "ingested_at"),
    "removed": ("document_id", "seq", "text", "reason"),
    "events": ("document_id", "seq", "event_id", "type", "attacker_name", "attacker_country", "attacker_kind",
               "target_name", "target_country", "target_kind", "time_start", "time_end", "time_precision",
               "time_text", "claimant", "claimant_country", "modality", "verb", "reported_by", "evidence_text",
               "evidence_start", "evidence_end", "acled_event_type", "acled_sub_event_type", "weapons",
               "trigger_word", "data", "published", "undated", "claimant_native"),
    "event_countries": ("document_id", "seq", "country", "type", "undated", "published", "time_start", "time_end"),
    "quantities": ("document_id", "event_seq", "seq", "event_id", "role", "value", "low", "high", "qualifier",
                   "unit", "text"),
    "places": ("document_id", "event_seq", "seq", "event_id", "text", "name", "country", "admin1", "lat", "lon",
               "precision", "gazetteer_id"),
    "claims": ("document_id", "event_seq", "event_id", "claimant", "claimant_country", "reported_by",
               "modality", "verb"),
}
# The table each kind of row goes to.
TABLES = {"documents": "documents", "removed": "removed_blocks", "events": "events",
          "event_countries": "event_countries", "quantities": "quantities", "places": "places",
          "claims": "claims"}
# The tables whose rows a Rows holds (all but the document's own row).
PART_TABLES = tuple(name for name in COLUMNS if name != "documents")


@dataclass(slots=True)
class Rows:
    """A document's rows, ready to insert.

    ``document`` is the ``documents`` row without its last two columns
    (``ingest_seq``, ``ingested_at``), which the writer adds; ``parts`` maps
    each of :data:`PART_TABLES` to its rows.
    """
    document_id: str
    document: tuple[Any, ...]
    n_events: int
    parts: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)


def rows_of(result: Result) -> Rows:
    """The rows of one extracted document (pure; see the module docstring)."""
    doc = result.document
    published = iso(doc.published)
    parts: dict[str, list[tuple[Any, ...]]] = {name: [] for name in PART_TABLES}
    parts["removed"] = [(doc.id, i, r.text, r.reason) for i, r in enumerate(doc.removed)]
    for i, event in enumerate(result.events):
        event_rows(doc.id, i, event, parts, published)
    head = (doc.id, doc.source, published, doc.title, doc.outlet, doc.language, doc.url,
            doc.text, dump_json([[b.kind, b.start, b.end] for b in doc.blocks]))
    return Rows(doc.id, head, len(result.events), parts)


def as_rows(item: Result | Rows) -> Rows:
    """``item`` as :class:`Rows` (converted if it is a ``Result``)."""
    return item if isinstance(item, Rows) else rows_of(item)


def iso(d: date | str | None) -> str | None:
    """A date (or ``YYYY-MM-DD`` string) as ``YYYY-MM-DD``; checks the string form."""
    if d is None or d == "":
        return None
    if isinstance(d, date):
        return d.isoformat()
    return date.fromisoformat(str(d)[:10]).isoformat()


def upper(code: str | None) -> str | None:
    return code.upper() if code else code


def event_rows(doc_id: str, seq: int, event: Event, rows: dict[str, list[tuple[Any, ...]]],
               published: str | None = None) -> None:
    """Append the rows of one event (and its places, quantities, claim, countries) to ``rows``.

    ``published`` is the document's date (``YYYY-MM-DD``): the event's order key.
    """
    a, t, tm, c, ev = event.attacker, event.target, event.time, event.claim, event.evidence
    acled = event.acled or {}
    undated = 1 if published is None else 0
    start, end = (tm.start.isoformat(), tm.end.isoformat()) if tm else (None, None)
    countries = {upper(x.country) for x in (a, t) if x and x.country}
    countries.update(upper(p.country) for p in event.places if p.country)
    rows["event_countries"] += [(doc_id, seq, code, event.type, undated, published, start, end)
                                for code in sorted(countries)]
    reported_by = dump_json(list(c.reported_by))
    data = event.to_dict()
    quantities = event.quantities
    if any(not _storable(q) for q in quantities):
        # a figure built elsewhere than the extractor (which never reads one over
        # MAX_COUNT): kept out of the integer columns, flagged on the event
        quantities = [q for q in quantities if _storable(q)]
        data["quantities"] = [q.to_dict() for q in quantities]
        data["flags"] = list(data.get("flags") or []) + [
            f"figure '{q.text[:40] or q.value}' ({q.role}) is outside 0..{MAX_COUNT:,}: not stored as a number"
            for q in event.quantities if not _storable(q)]
    rows["events"].append((
        doc_id, seq, event.id, event.type,
        a.name if a else None, upper(a.country) if a else None, a.kind if a else None,
        t.name if t else None, upper(t.country) if t else None, t.kind if t else None,
        start, end, tm.precision if tm else None, tm.text if tm else None,
        c.claimant, upper(c.claimant_country), c.modality, c.verb, reported_by,
        ev.text, ev.start, ev.end, acled.get("event_type"), acled.get("sub_event_type"),
        dump_json(list(event.weapons)), event.trigger, dump_json(data), published, undated,
        c.claimant_native,
    ))
    rows["claims"].append((doc_id, seq, event.id, c.claimant, upper(c.claimant_country),
                           reported_by, c.modality, c.verb))
    for i, q in enumerate(quantities):
        rows["quantities"].append((doc_id, seq, i, event.id, q.role, q.value, q.low, q.high, q.qualifier,
                                   q.unit, q.text))
    for i, p in enumerate(event.places):
        rows["places"].append((doc_id, seq, i, event.id, p.text, p.name, upper(p.country), p.admin1,
                               p.lat, p.lon, p.precision, p.gazetteer_id))


def _storable(q: Any) -> bool:
    """Whether a quantity's figures are whole numbers in 0..MAX_COUNT (what the ledger stores)."""
    return all(v is None or (isinstance(v, int) and 0 <= v <= MAX_COUNT) for v in (q.value, q.low, q.high)) \
        and q.value is not None and q.low is not None
