"""The claim ledger in the store: near-duplicate families, incidents, decisions, history.

:class:`IncidentsMixin` gives :class:`tacitus.store.Store` the methods of the
claim ledger on SQLite and PostgreSQL alike; the linking itself is the pure
core :mod:`tacitus.link`. What is kept (tables of migration 2):

``document_families``
    every document's MinHash signature and near-duplicate family (computed the
    first time the ledger is linked after the document was ingested). A family
    counts as one source; every member document and its URL stay stored.
``incidents`` / ``incident_members``
    the incidents of the last link run and which events they hold. Derived:
    each run replaces them (ids are hashes of the members, so an unchanged
    incident keeps its id).
``link_decisions``
    manual merges and splits. Re-applied on every run; never deleted (undoing
    one stamps ``undone_at``).
``incident_history``
    one row per link run, merge, split and undo, with what it changed.

Every read method (``incidents``, ``incident``, ``claims``) first re-links when
documents were ingested or decisions changed since the last run, so the
incidents always answer for the whole ledger.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from .dialect import dump_json
from .filters import DATE_ORDER, event_filters, like
from .migrations import now_utc
from .rows import iso

_WRITE_LOCK = 7482914  # the same PostgreSQL advisory lock as Store.write_batch
_IN_CHUNK = 500
_EVENT_FILTERS = ("type", "country", "since", "until", "claimant", "text")


@dataclass(slots=True)
class LinkStats:
    """What one link run did."""
    events: int = 0
    documents: int = 0
    new_documents: int = 0     # documents given a signature and family in this run
    families: int = 0          # near-duplicate families among all documents
    incidents: int = 0
    contested: int = 0         # incidents with at least one contested pair of claims
    added: int = 0             # incident ids not present before this run
    removed: int = 0           # incident ids of the previous run that no longer exist
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


class IncidentsMixin:
    """Claim-ledger methods for :class:`~tacitus.store.Store` (which provides
    ``_lock``, ``_query``, ``_execute``, ``_executemany``, ``dialect``, ``events``)."""

    # -- linking ---------------------------------------------------------------
    def link_state(self) -> dict[str, Any] | None:
        """The last link run's ``{ingest_seq, decisions, linked_at, linker, generation}``, or None."""
        rows = self._read("SELECT ingest_seq, decisions, linked_at, linker, generation FROM link_state WHERE id = 1")
        return dict(zip(("ingest_seq", "decisions", "linked_at", "linker", "generation"), rows[0])) if rows else None

    def _decision_version(self, read: Any = None) -> int:
        """A number that changes with every decision made or undone."""
        return int((read or self._query)("SELECT COUNT(*) + COUNT(undone_at) FROM link_decisions")[0][0])

    def unlinked_documents(self) -> int:
        """How many stored documents no link run has seen yet."""
        state = self.link_state()
        seq = int(state["ingest_seq"]) if state else 0
        return int(self._read("SELECT COUNT(*) FROM documents WHERE ingest_seq > ?", (seq,))[0][0])

    def needs_link(self) -> bool:
        """Whether documents or decisions changed since the last link run (or the
        linking rules did: then the next run rebuilds everything)."""
        from .linking import linker_id

        state = self.link_state()
        if not state or state["linker"] != linker_id():
            return True
        seq = int(self._read("SELECT COALESCE(MAX(ingest_seq), 0) FROM documents")[0][0])
        return (int(state["ingest_seq"]), int(state["decisions"])) != (seq, self._decision_version(self._read))

    def ensure_linked(self) -> LinkStats | None:
        """Re-link when needed (see :meth:`needs_link`); the run's stats, or None."""
        return self.relink() if self.needs_link() else None

    def _auto_link(self) -> None:
        """Before a claim-ledger read: link what is new, unless this store only reads
        (see ``Store.autolink``: readers never write, so they never wait for a writer)."""
        if self.autolink and not self.read_only:
            self.ensure_linked()

    def relink(self, *, full: bool = False, action: str = "link", detail: dict[str, Any] | None = None,
               seeds: Iterable[str] = ()) -> LinkStats:
        """Link what changed since the last run: the documents ingested since,
        in chunks of short write transactions, each re-linking only the stored
        incidents the new events can join (:mod:`tacitus.store.linking`), and
        the events ``seeds`` (those of a new or undone manual decision).

        ``full=True`` rebuilds every family, linking view and incident from the
        stored documents (so does the first run after the linking rules
        changed); either way the ledger is the same. Appends a history row per
        transaction; returns what the run did, with the ledger's totals."""
        from ..link.incidents import StaleLinks
        from .linking import Linker, linker_id

        self._writable()
        t0 = time.perf_counter()
        stats = LinkStats()
        seeds = sorted(set(seeds))
        if full:
            self._relink_full(stats, action, detail)
        while True:
            with self._lock:
                self._begin_write()
                try:
                    state = self._query("SELECT ingest_seq, decisions, linker, generation, max_span FROM link_state"
                                        " WHERE id = 1")
                    dec = self._decision_version()
                    stale = not state or state[0][2] != linker_id() or (int(state[0][1]) != dec and not seeds)
                    if stale:
                        self._execute("ROLLBACK")
                    else:
                        seq0, gen = int(state[0][0]), int(state[0][3])
                        docs = self._link_chunk(seq0)
                        if not docs and not seeds and int(state[0][1]) == dec:
                            self._execute("ROLLBACK")
                            break
                        t1 = time.perf_counter()
                        span = int(state[0][4])
                        result = Linker(self).link_documents([(d, t) for d, t, _ in docs],
                                                             self._active_decisions(), seeds, span)
                        seq = max([seq0, *(int(r[2]) for r in docs)])
                        self._execute("UPDATE link_state SET ingest_seq = ?, decisions = ?, linked_at = ?,"
                                      " generation = ?, max_span = ? WHERE id = 1",
                                      (seq, dec, now_utc(), gen + 1, max(span, result.max_span)))
                        stats.new_documents += result.new_documents
                        stats.added += len(result.added)
                        stats.removed += len(result.removed)
                        self._history(action, None, {**(detail or {}), "documents": len(docs),
                                                     "seeds": len(seeds), "added": len(result.added),
                                                     "removed": len(result.removed), "replayed": result.replayed,
                                                     "seconds": round(time.perf_counter() - t1, 3),
                                                     "parts": result.seconds})
                        self._execute("COMMIT")
                        seeds = []
                except StaleLinks:
                    self._execute("ROLLBACK")  # stored incidents that no longer replay: rebuild them all
                    stale = True
                except BaseException:
                    self._execute("ROLLBACK")
                    raise
            if stale:
                self._relink_full(stats, action, detail)
        self._totals(stats)
        stats.seconds = round(time.perf_counter() - t0, 3)
        return stats

    def _link_chunk(self, after: int) -> list[tuple[str, str, int]]:
        """The next documents to link (``id, text, ingest_seq``): up to
        ``CHUNK_DOCUMENTS``, and fewer when their text passes ``CHUNK_CHARS``
        (a run's memory grows with its documents' events, which grow with
        their text; the first document always goes, whatever its size)."""
        from .linking import CHUNK_CHARS, CHUNK_DOCUMENTS

        sizes = self._query("SELECT id, LENGTH(text), ingest_seq FROM documents WHERE ingest_seq > ?"
                            " ORDER BY ingest_seq, id" + self.dialect.limit(CHUNK_DOCUMENTS), (after,))
        take, total = 0, 0
        for _, size, _ in sizes:
            if take and total + int(size or 0) > CHUNK_CHARS:
                break
            take, total = take + 1, total + int(size or 0)
        ids = [r[0] for r in sizes[:take]]
        texts = dict(self._query(f"SELECT id, text FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids)) \
            if ids else {}
        return [(d, texts[d], int(seq)) for d, _, seq in sizes[:take]]

    def _relink_full(self, stats: LinkStats, action: str, detail: dict[str, Any] | None) -> None:
        """Rebuild every derived table for the documents stored now. Computed
        outside the write lock, then written in one transaction if no other run
        wrote meanwhile (else computed again; the third time under the lock)."""
        from .linking import Linker, linker_id

        for attempt in range(3):
            with self._lock:
                under_lock = attempt == 2
                if under_lock:
                    self._begin_write()
                try:
                    state = self._query("SELECT generation FROM link_state WHERE id = 1")
                    gen = int(state[0][0]) if state else 0
                    dec = self._decision_version()
                    upto = int(self._query("SELECT COALESCE(MAX(ingest_seq), 0) FROM documents")[0][0])
                    t1 = time.perf_counter()
                    plan = Linker(self).plan_full(upto, self._active_decisions())
                    if not under_lock:
                        self._begin_write()
                    state = self._query("SELECT generation FROM link_state WHERE id = 1")
                    if (int(state[0][0]) if state else 0) != gen or self._decision_version() != dec:
                        self._execute("ROLLBACK")
                        continue
                    before = {r[0] for r in self._query("SELECT id FROM incidents")}
                    Linker(self).write_full(plan)
                    after = {r[0] for r in plan["incidents"]}
                    self._execute("DELETE FROM link_state WHERE id = 1")
                    self._execute("INSERT INTO link_state (id, ingest_seq, decisions, linked_at, linker, generation,"
                                  " max_span) VALUES (1, ?, ?, ?, ?, ?, ?)",
                                  (upto, dec, now_utc(), linker_id(), gen + 1, plan["max_span"]))
                    stats.new_documents += len(plan["document_families"])
                    stats.added += len(after - before)
                    stats.removed += len(before - after)
                    self._history(action, None, {**(detail or {}), "full": True,
                                                 "documents": len(plan["document_families"]),
                                                 "added": len(after - before), "removed": len(before - after),
                                                 "seconds": round(time.perf_counter() - t1, 3)})
                    self._execute("COMMIT")
                    return
                except BaseException:
                    if self._in_transaction():
                        self._execute("ROLLBACK")
                    raise

    def link_totals(self) -> LinkStats:
        """The ledger's link totals (events, documents, families, incidents, contested) as LinkStats."""
        stats = LinkStats()
        self._totals(stats)
        return stats

    def _totals(self, stats: LinkStats) -> None:
        """The ledger's totals after a run: events, documents, families, incidents, contested."""
        q = self._read
        stats.events = int(q("SELECT COUNT(*) FROM incident_members")[0][0])
        stats.documents = int(q("SELECT COUNT(*) FROM document_families")[0][0])
        stats.families = int(q("SELECT COUNT(DISTINCT family_id) FROM document_families")[0][0])
        stats.incidents = int(q("SELECT COUNT(*) FROM incidents")[0][0])
        stats.contested = int(q("SELECT COUNT(*) FROM incidents WHERE contested > 0")[0][0])

    def _active_decisions(self) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
        """(must_link, cannot_link) from the decisions not undone."""
        must, cannot = [], []
        for kind, a, b, reason in self._query("SELECT kind, a, b, reason FROM link_decisions"
                                              " WHERE undone_at IS NULL ORDER BY id"):
            if kind == "merge":
                must.append((a, b, reason or ""))
            elif kind == "split":
                out, stay = json.loads(a), json.loads(b)
                cannot += [(x, y) for x in out for y in stay]
        return must, cannot

    def _history(self, action: str, incident_id: str | None, detail: dict[str, Any]) -> None:
        self._execute("INSERT INTO incident_history (at, action, incident_id, detail) VALUES (?, ?, ?, ?)",
                      (now_utc(), action, incident_id, dump_json(detail)))

    # -- decisions ---------------------------------------------------------------
    def merge_incidents(self, a: str, b: str, reason: str | None = None) -> dict[str, Any]:
        """Merge incidents ``a`` and ``b`` (ids or unique prefixes) for good: a
        decision joining their first members, re-applied on every re-link.
        Returns ``{incident, decision, from}``."""
        self._writable()
        self.ensure_linked()
        ia, ib = self._need_incident(a), self._need_incident(b)
        if ia == ib:
            raise ValueError(f"{a} and {b} are the same incident")
        ka, kb = self._first_member(ia), self._first_member(ib)
        decision = self._decide("merge", ka, kb, reason)
        self.relink(action="merge", detail={"from": [ia, ib], "decision": decision}, seeds=[ka, kb])
        new = self._incident_of(ka)
        with self._lock:
            self._history("merged", new, {"from": [ia, ib], "decision": decision, "reason": reason})
        return {"incident": new, "decision": decision, "from": [ia, ib]}

    def split_incident(self, incident_id: str, keys: Iterable[str], reason: str | None = None) -> dict[str, Any]:
        """Split the events ``keys`` (event keys ``<document_id>:<event id>``; a
        unique document id prefix is enough) off an incident, for good.
        Returns ``{incidents: [the two new ids], decision, from}``."""
        from ..link.incidents import split_pairs

        self._writable()
        self.ensure_linked()
        inc_id = self._need_incident(incident_id)
        members = self._members(inc_id)
        wanted = [_resolve_key(k, members) for k in keys]
        if not wanted:
            raise ValueError("name at least one event to split off")
        if len(set(wanted)) == len(members):
            raise ValueError("cannot split every event off an incident")
        stay = [k for k in members if k not in set(wanted)]
        decision = self._decide("split", dump_json(sorted(set(wanted))), dump_json(stay), reason)
        self.relink(action="split", detail={"from": inc_id, "decision": decision,
                                            "pairs": len(split_pairs(_Members(members), wanted))}, seeds=members)
        out = sorted({self._incident_of(wanted[0]), self._incident_of(stay[0])})
        with self._lock:
            for new in out:
                self._history("split", new, {"from": inc_id, "decision": decision, "reason": reason})
        return {"incidents": out, "decision": decision, "from": inc_id}

    def undo_decision(self, decision_id: int) -> LinkStats:
        """Withdraw a merge or split (it stays recorded, stamped ``undone_at``) and re-link."""
        self._writable()
        with self._lock:
            rows = self._query("SELECT kind, undone_at, a, b FROM link_decisions WHERE id = ?", (int(decision_id),))
            if not rows:
                raise ValueError(f"no decision {decision_id}")
            if rows[0][1]:
                raise ValueError(f"decision {decision_id} was already undone at {rows[0][1]}")
            self._execute("UPDATE link_decisions SET undone_at = ? WHERE id = ?", (now_utc(), int(decision_id)))
        kind, _, a, b = rows[0]
        keys = [*json.loads(a), *json.loads(b)] if kind == "split" else [a, b]
        return self.relink(action="undo", detail={"decision": int(decision_id), "kind": kind}, seeds=keys)

    def decisions(self) -> list[dict[str, Any]]:
        """Every manual decision ever made, oldest first (undone ones included)."""
        rows = self._read("SELECT id, kind, a, b, reason, made_at, undone_at FROM link_decisions ORDER BY id")
        out = []
        for i, kind, a, b, reason, made, undone in rows:
            d = {"id": int(i), "kind": kind, "reason": reason, "made_at": made, "undone_at": undone}
            if kind == "split":
                d.update(split_off=json.loads(a), stay=json.loads(b))
            else:
                d.update(a=a, b=b)
            out.append(d)
        return out

    def history(self, incident_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """History rows (newest last): ``{id, at, action, incident_id, detail}``;
        with ``incident_id``, the rows naming it (also as a source of a merge or split)."""
        if incident_id:
            pattern = f"%{incident_id}%"
            rows = self._read("SELECT id, at, action, incident_id, detail FROM incident_history"
                               " WHERE incident_id = ? OR detail LIKE ? ORDER BY id" if self.dialect.name == "sqlite"
                               else "SELECT id, at, action, incident_id, detail FROM incident_history"
                               " WHERE incident_id = ? OR detail::text LIKE ? ORDER BY id", (incident_id, pattern))
        else:
            rows = self._read("SELECT id, at, action, incident_id, detail FROM incident_history ORDER BY id"
                               + self.dialect.limit(limit))
        return [{"id": int(i), "at": at, "action": a, "incident_id": inc, "detail": self.dialect.load_json(d)}
                for i, at, a, inc, d in rows]

    def _decide(self, kind: str, a: str, b: str, reason: str | None) -> int:
        self._writable()
        with self._lock:
            self._execute("INSERT INTO link_decisions (kind, a, b, reason, made_at) VALUES (?, ?, ?, ?, ?)",
                          (kind, a, b, reason, now_utc()))
            return int(self._query("SELECT MAX(id) FROM link_decisions")[0][0])

    def _first_member(self, incident_id: str) -> str:
        return self._members(incident_id)[0]

    def _members(self, incident_id: str) -> list[str]:
        return [r[0] for r in self._read("SELECT event_key FROM incident_members WHERE incident_id = ?"
                                          " ORDER BY event_key", (incident_id,))]

    def _incident_of(self, key: str) -> str:
        return self._read("SELECT incident_id FROM incident_members WHERE event_key = ?", (key,))[0][0]

    def _need_incident(self, prefix: str) -> str:
        full = self.resolve_incident(prefix)
        if full is None:
            raise ValueError(f"no incident (or no unique one) with id {prefix!r}")
        return full

    # -- reading -------------------------------------------------------------------
    def resolve_incident(self, incident_id: str) -> str | None:
        """The full id an incident id or unique prefix names (``inc-`` optional,
        4+ hex characters), else None."""
        self._auto_link()
        ref = incident_id.strip().lower()
        if not ref.startswith("inc-"):
            ref = "inc-" + ref
        if self._read("SELECT 1 FROM incidents WHERE id = ?", (ref,)):
            return ref
        if len(ref) < 8 or not ref[4:].isalnum():
            return None
        rows = self._read("SELECT id FROM incidents WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                           (ref, ref + "\uffff"))
        return rows[0][0] if len(rows) == 1 else None

    def incidents(self, *, type: str | None = None, country: str | None = None,
                  since: date | str | None = None, until: date | str | None = None,
                  claimant: str | None = None, text: str | None = None, contested: bool | None = None,
                  level: str | None = None, place: str | None = None, min_sources: int | None = None,
                  near: Any = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Incidents ordered by (start, id), undated last, as dicts: the linker's
        fields (``id, members, links, family, level, start, end, place, country,
        sources, parts, part_of``) plus ``type, lat, lon, admin1, numbers,
        claimants, events, documents, contested`` (contested pairs of claims).

        Event filters (those of :meth:`Store.events`) keep incidents with a
        matching member event; ``since``/``until`` test the incident's window
        (undated incidents then drop out); ``contested``: only incidents with
        contested claims; ``level``: place | region | country | none;
        ``place``: part of the place name; ``min_sources``: distinct sources."""
        where, params = self._incident_filters(type=type, country=country, since=since, until=until,
                                               claimant=claimant, text=text, contested=contested, level=level,
                                               place=place, min_sources=min_sources, near=near)
        sql = ("SELECT i.data FROM incidents i" + where
               + " ORDER BY CASE WHEN i.start_day IS NULL THEN 1 ELSE 0 END, i.start_day, i.id"
               + self.dialect.limit(limit, offset))
        rows = self._read(sql, params)
        return [self.dialect.load_json(r[0]) for r in rows]

    def count_incidents(self, **filters: Any) -> int:
        """How many incidents :meth:`incidents` gives with these filters and no limit."""
        where, params = self._incident_filters(**filters)
        return int(self._read("SELECT COUNT(*) FROM incidents i" + where, params)[0][0])

    def _incident_filters(self, **f: Any) -> tuple[str, list[Any]]:
        self._auto_link()
        clauses: list[str] = []
        params: list[Any] = []
        event_f = {k: f.get(k) for k in ("type", "country", "claimant", "text")}
        event_f["near"] = self.near_sql(f.get("near"), "e")
        if any(event_f.values()):
            ewhere, eparams = event_filters(**event_f, since=None, until=None, document_id=None)
            clauses.append("i.id IN (SELECT m.incident_id FROM incident_members m JOIN events e"
                           " ON e.document_id = m.document_id AND e.seq = m.event_seq"
                           " JOIN documents d ON d.id = e.document_id" + ewhere + ")")
            params += eparams
        if f.get("since"):
            clauses.append("i.end_day >= ?")
            params.append(iso(f["since"]))
        if f.get("until"):
            clauses.append("i.start_day <= ?")
            params.append(iso(f["until"]))
        if f.get("contested"):
            clauses.append("i.contested > 0")
        if f.get("level"):
            clauses.append("i.level = ?")
            params.append(f["level"])
        if f.get("place"):
            clauses.append("LOWER(i.place) LIKE ? ESCAPE '!'")
            params.append(like(f["place"]))
        if f.get("min_sources"):
            clauses.append("i.sources >= ?")
            params.append(int(f["min_sources"]))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def most_contested(self) -> str | None:
        """The id of the incident with the most contested claims (then most sources), or None."""
        self._auto_link()
        rows = self._read("SELECT id FROM incidents WHERE contested > 0"
                           " ORDER BY contested DESC, sources DESC, events DESC, id LIMIT 1")
        return rows[0][0] if rows else None

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident (id or unique prefix) with ``member_events`` (contract dicts
        plus document fields and ``family_id``), ``part_events`` (its parts' events),
        ``claims`` (:func:`tacitus.link.reconcile` of both), ``sources_detail``
        (each near-duplicate family with every member document's URL), the
        manual ``decisions`` and its ``history``; None if unknown."""
        full = self.resolve_incident(incident_id)
        if full is None:
            return None
        from ..link.reconciliation import reconcile

        inc = self.dialect.load_json(self._read("SELECT data FROM incidents WHERE id = ?", (full,))[0][0])
        events = self.incident_events([full])
        parts = self.incident_events(inc.get("parts") or [])
        out = dict(inc)
        out["member_events"] = events
        out["part_events"] = parts
        out["claims"] = reconcile(events + parts)
        out["sources_detail"] = self._sources_detail({e["family_id"] for e in events})
        members = set(inc["members"])
        out["decisions"] = [d for d in self.decisions()
                            if members & ({d.get("a"), d.get("b")} | set(d.get("split_off", ())) | set(d.get("stay", ())))]
        out["history"] = self.history(full)
        return out

    def incident_events(self, incident_ids: list[str]) -> list[dict[str, Any]]:
        """The member events of some incidents, ordered by key, with document fields and family_id."""
        out: list[dict[str, Any]] = []
        for i in range(0, len(incident_ids), _IN_CHUNK):
            chunk = incident_ids[i:i + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._read(
                "SELECT e.data, d.id, d.published, d.source, d.outlet, d.url, f.family_id, m.incident_id"
                " FROM incident_members m JOIN events e ON e.document_id = m.document_id AND e.seq = m.event_seq"
                " JOIN documents d ON d.id = e.document_id"
                " LEFT JOIN document_families f ON f.document_id = d.id"
                f" WHERE m.incident_id IN ({marks}) ORDER BY m.event_key", chunk)
            for data, doc_id, published, source, outlet, url, family, inc_id in rows:
                ev = self.dialect.load_json(data)
                ev.update(document_id=doc_id, published=published, source=source, outlet=outlet, url=url,
                          family_id=family or doc_id, incident_id=inc_id)
                out.append(ev)
        return out

    def _sources_detail(self, family_ids: set[str]) -> list[dict[str, Any]]:
        """Each family: ``{family_id, documents: [{id, source, url, outlet, published, similarity}]}``."""
        out = []
        for fam in sorted(family_ids):
            rows = self._read("SELECT d.id, d.source, d.url, d.outlet, d.published, f.similarity"
                               " FROM document_families f JOIN documents d ON d.id = f.document_id"
                               " WHERE f.family_id = ? ORDER BY d.ingest_seq, d.id", (fam,))
            out.append({"family_id": fam, "documents": [
                dict(zip(("id", "source", "url", "outlet", "published", "similarity"), r)) for r in rows]})
        return out

    def families(self, *, min_size: int = 1) -> list[dict[str, Any]]:
        """Near-duplicate families with at least ``min_size`` documents, biggest first."""
        self._auto_link()
        rows = self._read("SELECT family_id, COUNT(*) FROM document_families GROUP BY family_id"
                           " HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, family_id", (int(min_size),))
        return self._sources_detail_ordered([r[0] for r in rows])

    def _sources_detail_ordered(self, ids: list[str]) -> list[dict[str, Any]]:
        return [self._sources_detail({i})[0] for i in ids]

    def claims(self, *, type: str | None = None, country: str | None = None,
               since: date | str | None = None, until: date | str | None = None,
               claimant: str | None = None, text: str | None = None, role: str | None = None,
               incident: str | None = None, near: Any = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Every numeric claim, one row per quantity, in event order (publication
        date, document, event, quantity): ``date, incident_id, place, country,
        admin1, role, value, low, high, qualifier, unit, quantity_text, claimant,
        claimant_country, reported_by, modality, verb, outlet, published,
        document_id, event_id, event_key, type, source, evidence {text, start, end}``;
        ``date`` is the first day of the event's window (else the publication
        date), ``date_end`` its last (a night counts on the morning it ends)
        (and ``quantities``: the one quantity, as the web layer's claim rows have)."""
        self._auto_link()
        where, params = event_filters(type=type, country=country, since=since, until=until,
                                      claimant=claimant, text=text, document_id=None,
                                      near=self.near_sql(near, "e"))
        extra = ["EXISTS (SELECT 1 FROM quantities q WHERE q.document_id = e.document_id AND q.event_seq = e.seq"
                 + (" AND q.role = ?" if role else "") + ")"]
        if role:
            params.append(role)
        if incident:
            full = self.resolve_incident(incident)
            extra.append("m.incident_id = ?")
            params.append(full or "")
        where = (where + " AND " if where else " WHERE ") + " AND ".join(extra)
        sql = ("SELECT e.data, d.id, d.published, d.source, d.outlet, m.incident_id"
               " FROM events e JOIN documents d ON d.id = e.document_id"
               " LEFT JOIN incident_members m ON m.document_id = e.document_id AND m.event_seq = e.seq"
               f"{where} ORDER BY {DATE_ORDER}, d.id, e.seq")
        rows = self._read(sql, params)
        out: list[dict[str, Any]] = []
        for data, doc_id, published, source, outlet, inc_id in rows:
            ev = self.dialect.load_json(data)
            for q in ev.get("quantities") or ():
                if role and q.get("role") != role:
                    continue
                out.append(claim_row(ev, q, doc_id, published, source, outlet, inc_id))
        return out[offset: None if limit is None else offset + limit]


class _Members:
    """The little of an Incident that :func:`tacitus.link.split_pairs` reads."""

    def __init__(self, members: list[str]) -> None:
        self.members = members


def _resolve_key(ref: str, members: list[str]) -> str:
    """The member key ``ref`` names: itself, or ``<doc prefix>:<event id>``."""
    if ref in members:
        return ref
    doc, _, ev = ref.partition(":")
    hits = [k for k in members if k.startswith(doc) and (not ev or k.endswith(":" + ev))]
    if len(hits) != 1:
        raise ValueError(f"{ref!r} names {'no' if not hits else 'more than one'} event of this incident"
                         f" (its events: {', '.join(members)})")
    return hits[0]


def event_day(ev: dict[str, Any]) -> str | None:
    """The day an event is dated to: its window's start, else the publication date."""
    t = ev.get("time") or {}
    return t.get("start") or (str(ev["published"])[:10] if ev.get("published") else None)


def _finest_place(ev: dict[str, Any]) -> dict[str, Any]:
    rank = {"facility": 0, "district": 1, "city": 2, "admin1": 3, "country": 4}
    places = ev.get("places") or []
    return min(places, key=lambda p: rank.get(p.get("precision") or "city", 2)) if places else {}


def claim_row(ev: dict[str, Any], q: dict[str, Any], doc_id: str, published: Any, source: str | None,
              outlet: str | None, incident_id: str | None) -> dict[str, Any]:
    """One flat row for one quantity claim of a stored event."""
    claim = ev.get("claim") or {}
    place = _finest_place(ev)
    published = published.isoformat() if isinstance(published, date) else published
    return {
        "date": event_day({**ev, "published": published}),
        "date_end": (ev.get("time") or {}).get("end") or (str(published)[:10] if published else None),
        "incident_id": incident_id,
        "place": place.get("name") or place.get("text") or (ev.get("target") or {}).get("country"),
        "country": place.get("country") or (ev.get("target") or {}).get("country"),
        "admin1": place.get("admin1"), "role": q.get("role"), "value": q.get("value"), "low": q.get("low"),
        "high": q.get("high"), "qualifier": q.get("qualifier"), "unit": q.get("unit"),
        "quantity_text": q.get("text"), "claimant": claim.get("claimant"),
        "claimant_country": claim.get("claimant_country"), "reported_by": list(claim.get("reported_by") or ()),
        "modality": claim.get("modality"), "verb": claim.get("verb"), "outlet": outlet, "published": published,
        "document_id": doc_id, "event_id": ev.get("id"), "event_key": f"{doc_id}:{ev.get('id')}",
        "type": ev.get("type"), "source": source, "evidence": ev.get("evidence"), "quantities": [q],
    }


def _display(inc: Any, events: list[dict[str, Any]]) -> dict[str, Any]:
    """What maps and lists show of an incident: main type, coordinates of its
    named place, largest figure, claimants, event and document counts."""
    types = Counter(e.get("type") or "other" for e in events)
    located = [p for e in events for p in e.get("places") or () if p.get("lat") is not None]
    named = [p for p in located if p.get("name") == inc.place]
    best = (named or located or [{}])[0]
    lat, lon, admin1 = best.get("lat"), best.get("lon"), best.get("admin1")
    return {
        "type": types.most_common(1)[0][0] if types else inc.family,
        "lat": lat, "lon": lon, "admin1": admin1,
        "numbers": max((int(q.get("value") or 0) for e in events for q in e.get("quantities") or ()), default=0),
        "claimants": sorted({(e.get("claim") or {}).get("claimant") or "unattributed" for e in events}),
        "events": len(events),
        "documents": len({e.get("document_id") for e in events}),
    }
