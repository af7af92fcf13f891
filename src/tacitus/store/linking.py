"""Linking the stored ledger: incremental by default, a full rebuild on demand.

The rules are those of :mod:`tacitus.link` (near-duplicate families, incidents,
parts). What this module adds is *where the linker reads*:

* **Incremental** (after every ingest batch): the documents ingested since the
  last run are linked in chunks, one short write transaction each. A new
  document's near-duplicates come from its LSH band keys (``document_bands``);
  a new event's candidates from the linking views of the events it can join
  (``link_events``: the same type family and country, its place or region,
  windows a day or two apart), read through indexes. The stored incidents
  those candidates belong to are replayed and re-linked with the new events
  (:class:`tacitus.link.incidents.LinkRun`), and only the incidents that
  change are rewritten, with the parts relations around them. The cost of a
  run grows with the new documents and their neighbourhoods, not with the
  ledger.
* **Full** (``tacitus link --full``, a first run after an upgrade, changed
  linking settings): every family, view and incident is rebuilt from the
  stored documents, computed outside the write lock and written in one
  transaction.

Both give the same ledger: families are connected groups of near-duplicates
named after their smallest document id, and a link run is exact for any split
of the documents into runs (see :class:`~tacitus.link.incidents.LinkRun`), so
the documents' order, batches and concurrent ingests change nothing.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from datetime import timedelta
from dataclasses import dataclass, field
from typing import Any

from ..link.common import Loc, event_key, link_fields, settings, type_family
from ..link.families import DuplicateIndex, band_hash_probe, band_keys, estimate_jaccard, minhash_signature
from ..link.reconciliation import claim_blocks, count_blocks, merge_blocks, place_identity
from ..link.incidents import (Incident, Link, LinkRun, Neighbourhood, PartView, StoredIncident, _params,
                              _date, _time_overlap, _View, block_keys, is_part, linkable, link_events, region_of,
                              undated_incident, view_of, _sides)
from .dialect import dump_json

# Bump when the linking rules change in a way the stored derived tables do not
# show (the settings of data/linking.yml are fingerprinted on their own).
LINKER_VERSION = 2
CHUNK_DOCUMENTS = 50  # documents per incremental transaction: each holds the write lock a second or two
CHUNK_CHARS = 8_000_000  # ... and fewer when their text is longer: a run holds their events at once
_IN_CHUNK = 500
SIGNATURE_CACHE = 8192  # decoded signatures kept between chunks and runs (~3 KB each)
EVENT_PAGE = 2000  # event rows read per query: their full JSON is cut down to the link input row by row


def linker_id() -> str:
    """The rules the derived tables are built with: version and settings fingerprint."""
    text = json.dumps([settings(), band_hash_probe()], sort_keys=True, default=str)
    return f"{LINKER_VERSION}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


# --------------------------------------------------------------------------- linking views as rows

LINK_EVENT_COLUMNS = ("document_id", "seq", "event_key", "family", "country", "tier", "block", "block2", "region",
                      "start_day", "end_day", "linkable", "view")


def view_row(doc_id: str, seq: int, v: _View) -> tuple[Any, ...]:
    """The ``link_events`` row of an event's view."""
    names = block_keys(v)
    loc = v.loc
    data = [v.type, v.start, v.end, int(v.inferred_time),
            [loc.tier, loc.level, loc.country, loc.key, loc.admin1, loc.gid, loc.name],
            list(v.attacker), list(v.target), sorted(v.weapons)]
    return (doc_id, seq, v.key, v.family, loc.country, loc.tier, names[0], names[1] if len(names) > 1 else None,
            region_of(v), v.start, v.end, int(linkable(v)), dump_json(data))


def view_from(key: str, data: Any, doc_family: str) -> _View:
    """A view back from its stored JSON and its document's family."""
    type_, start, end, inferred, loc, attacker, target, weapons = data
    return _View(key, type_, type_family(type_), start, end, end - start + 1, bool(inferred), Loc(*loc),
                 tuple(attacker), tuple(target), frozenset(weapons), doc_family)


# --------------------------------------------------------------------------- the store as a neighbourhood

_VIEW_SQL = ("SELECT l.event_key, l.view, COALESCE(f.family_id, l.document_id) FROM link_events l"
             " LEFT JOIN document_families f ON f.document_id = l.document_id")


class StoreNeighbourhood(Neighbourhood):
    """The candidates of an event read from the store's ``link_events`` (inside
    the run's transaction, so new rows are seen), each query answered once per run."""

    def __init__(self, store: Any) -> None:  # noqa: D107 - no in-memory index
        self.store = store
        self._cache: dict[tuple, list[_View]] = {}
        self._views: dict[str, _View] = {}
        self._incidents: dict[str, StoredIncident | None] = {}
        self.span = _params().max_event_days - 1

    def _load(self, sql: str, params: Iterable[Any]) -> list[_View]:
        out = []
        for key, data, fam in self.store._query(sql, params):
            v = self._views.get(key)
            if v is None:
                v = self._views[key] = view_from(key, self.store.dialect.load_json(data), fam)
            out.append(v)
        return out

    def _around(self, v: _View, where: str, params: list[Any]) -> list[_View]:
        """Linkable events matching ``where`` whose window shares a day with ``v``'s."""
        key = (where, *params, v.start, v.end)
        if key not in self._cache:
            self._cache[key] = self._load(
                f"{_VIEW_SQL} WHERE {where} AND l.linkable = 1 AND l.start_day BETWEEN ? AND ? AND l.end_day >= ?",
                [*params, v.start - self.span, v.end, v.start])
        return [w for w in self._cache[key] if w.key != v.key]

    def views(self, keys: Iterable[str]) -> dict[str, _View]:
        out = {k: self._views[k] for k in keys if k in self._views}
        todo = [k for k in keys if k not in out]
        for i in range(0, len(todo), _IN_CHUNK):
            chunk = todo[i:i + _IN_CHUNK]
            for v in self._load(f"{_VIEW_SQL} WHERE l.event_key IN ({','.join('?' * len(chunk))})", chunk):
                out[v.key] = v
        return out

    def block_mates(self, v: _View) -> list[_View]:
        seen: dict[str, _View] = {}
        head = "l.family = ? AND l.country = ?"
        for name in block_keys(v):
            for w in self._around(v, f"{head} AND l.tier = ? AND l.block = ?", [v.family, v.loc.country, v.loc.tier,
                                                                                 name]):
                seen.setdefault(w.key, w)
            if v.loc.tier == "specific":
                for w in self._around(v, f"{head} AND l.block2 = ?", [v.family, v.loc.country, name]):
                    seen.setdefault(w.key, w)
        return list(seen.values())

    def region_events(self, v: _View) -> list[_View]:
        return self._around(v, "l.family = ? AND l.country = ? AND l.tier = ? AND l.block = ?",
                            [v.family, v.loc.country, "region", region_of(v)])

    def region_specifics(self, r: _View) -> list[_View]:
        return self._around(r, "l.family = ? AND l.country = ? AND l.tier = ? AND l.region = ?",
                            [r.family, r.loc.country, "specific", r.loc.key])

    def incident_of(self, key: str) -> StoredIncident | None:
        rows = self.store._query("SELECT m.incident_id, i.data FROM incident_members m JOIN incidents i"
                                 " ON i.id = m.incident_id WHERE m.event_key = ?", (key,))
        if not rows:
            return None
        inc_id, data = rows[0]
        if inc_id not in self._incidents:
            d = self.store.dialect.load_json(data)
            self._incidents[inc_id] = StoredIncident(inc_id, list(d["members"]),
                                                     [Link(l["a"], l["b"], l["score"], list(l["reasons"]))
                                                      for l in d["links"]])
        return self._incidents[inc_id]


# --------------------------------------------------------------------------- one run's changes

@dataclass
class RunResult:
    """What a link run changed."""
    new_documents: int = 0
    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    max_span: int = 0  # the most days a new incident spans
    replayed: int = 0  # stored incidents re-linked with the new events
    seconds: dict[str, float] = field(default_factory=dict)  # where the run's time went


def span_days(start: str, end: str) -> int:
    """The days an incident's window covers (0 for an undated one)."""
    from ..link.incidents import _date
    return (_date(end) - _date(start)).days + 1 if start and end else 0


INCIDENT_COLUMNS = ("id", "family", "level", "start_day", "end_day", "place", "country", "admin1", "lat", "lon",
                    "type", "events", "documents", "sources", "numbers", "contested", "data", "claims", "span")

# An incident spanning more days than this is "long" (a "last year" or "since
# the spring" of a report): the few such are found through their own partial
# index (``incidents_long``), so that one of them does not widen every other
# window query to its length. Written as a literal in the SQL (the index's own
# condition), so that the planners can use the index.
LONG_SPAN = 31


class Linker:
    """Links a store (a :class:`tacitus.store.Store`); see the module's docstring.

    The methods run inside the caller's write transaction unless said otherwise."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.dialect = store.dialect
        self._event_cache: dict[str, dict[str, Any]] = {}
        # decoded signatures by document, shared by the store's link runs
        cache = getattr(store, "_signature_cache", None)
        if cache is None or getattr(store, "_signature_perm", None) != settings()["duplicates"]["num_perm"]:
            cache = {}
            store._signature_cache, store._signature_perm = cache, settings()["duplicates"]["num_perm"]
        self._signatures: dict[str, tuple[int, ...]] = cache
        cfg = settings()["duplicates"]
        self.num_perm = cfg["num_perm"]
        self.threshold = cfg["threshold"]

    def _q(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        return self.store._query(sql, params)

    def _in(self, sql: str, values: list[Any], extra: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """``sql`` with ``{marks}`` for an IN list, run over ``values`` in chunks."""
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(values), _IN_CHUNK):
            chunk = values[i:i + _IN_CHUNK]
            out += self._q(sql.format(marks=",".join("?" * len(chunk))), [*chunk, *extra])
        return out

    # -- incremental -------------------------------------------------------------
    def link_documents(self, docs: list[tuple[str, str]], decisions: tuple[list, list],
                       seeds: Iterable[str] = (), max_span: int = 0) -> RunResult:
        """Link the documents ``docs`` (``(id, text)``, not linked yet) into the
        stored ledger, and re-link the events ``seeds`` (keys whose manual
        decisions changed). ``max_span``: no stored incident spans more days."""
        result = RunResult(new_documents=len(docs))
        self.max_span = max_span
        t0 = time.perf_counter()
        changed_docs = self._file_families(docs)
        t1 = time.perf_counter()
        new_ids = [d for d, _ in docs]
        events = self._events_of(new_ids)
        from ..link.reconciliation import place_identity
        for ev in events:  # the new incidents' rows read these again
            ev.setdefault("_place", place_identity(ev))
            self._event_cache[event_key(ev)] = ev
        rows, new_views = [], []
        for ev in events:
            v = view_of(ev)
            if v is not None:
                rows.append(view_row(ev["document_id"], ev["_seq"], v))
                new_views.append(v)
        self.store._executemany(f"INSERT INTO link_events ({', '.join(LINK_EVENT_COLUMNS)}) VALUES"
                                f" ({','.join('?' * len(LINK_EVENT_COLUMNS))})", rows)
        nb = StoreNeighbourhood(self.store)
        seed_keys = {event_key(e) for e in events} | set(seeds)
        if changed_docs:
            seed_keys |= {r[0] for r in self._in("SELECT event_key FROM link_events WHERE document_id IN ({marks})",
                                                 sorted(changed_docs))}
        # a region-level event whose night gains a place may lose or gain its links
        min_overlap = _params().min_overlap
        for v in new_views:
            if v.loc.tier == "specific" and linkable(v):
                seed_keys |= {r.key for r in nb.region_events(v) if _time_overlap(r, v) >= min_overlap}
        run = LinkRun(nb, *decisions)
        run.seed(sorted(seed_keys))
        run.run()
        incidents = run.incidents()
        t2 = time.perf_counter()
        dated = {k for inc in incidents for k in inc.members}
        incidents += [undated_incident(ev) for ev in events if event_key(ev) not in dated]
        result.max_span = max((span_days(i.start, i.end) for i in incidents), default=0)
        self.max_span = max(self.max_span, result.max_span)
        self._write_incidents(incidents, run.replaced, nb, result)
        result.seconds = {"families": round(t1 - t0, 3), "incidents": round(t2 - t1, 3),
                          "parts_and_rows": round(time.perf_counter() - t2, 3)}
        result.replayed = len(run.replaced)
        return result

    def _file_families(self, docs: list[tuple[str, str]]) -> set[str]:
        """Sign new documents, find their near-duplicates through the band keys and
        join the families; returns the stored documents whose family grew into
        another family (their events' incidents count sources anew).

        A family is compared only until one member is similar enough (as in
        :class:`~tacitus.link.families.DuplicateIndex`), family by family."""
        changed: set[str] = set()
        for doc_id, text in docs:
            sig = minhash_signature(text, num_perm=self.num_perm)
            bands = sorted(set(band_keys(sig)))
            joined: list[str] = []
            if bands:
                # every stored document sharing a band, by family; a family is compared
                # only until one member is similar enough
                by_family: dict[str, list[str]] = {}
                for other, fam in self._q(
                        "SELECT f.document_id, f.family_id FROM document_families f"
                        " WHERE f.document_id IN (SELECT b.document_id FROM document_bands b"
                        f" WHERE b.band IN ({','.join('?' * len(bands))})) ORDER BY f.family_id, f.document_id",
                        bands):
                    by_family.setdefault(fam, []).append(other)
                sigs = self._signatures_of([d for others in by_family.values() for d in others])
                for fam, others in by_family.items():
                    if any(estimate_jaccard(sig, sigs[d]) >= self.threshold for d in others):
                        joined.append(fam)
            family = min([doc_id, *joined])
            if len(joined) > 1:  # two families become one: their events' sources change
                changed |= {r[0] for r in self._in("SELECT document_id FROM document_families WHERE family_id"
                                                   " IN ({marks})", joined)}
            renamed = [f for f in joined if f != family]
            if renamed:
                self._rename_families(renamed, family)
            rep = sig if family == doc_id else self._signatures_of([family])[family]
            self.store._execute("INSERT INTO document_families (document_id, family_id, similarity, signature)"
                                " VALUES (?, ?, ?, ?)", (doc_id, family, 1.0 if family == doc_id
                                                         else estimate_jaccard(sig, rep), dump_json(list(sig))))
            self.store._executemany("INSERT INTO document_bands (band, document_id) VALUES (?, ?)",
                                    [(b, doc_id) for b in bands])
            self._remember(doc_id, sig)
            if renamed or (joined and family == doc_id):
                # the family's id document changed: each member's similarity is with the new one
                members = [r[0] for r in self._q("SELECT document_id FROM document_families WHERE family_id = ?",
                                                 (family,))]
                member_sigs = self._signatures_of(members)
                self.store._executemany(
                    "UPDATE document_families SET similarity = ? WHERE document_id = ?",
                    [(1.0 if d == family else estimate_jaccard(member_sigs[d], rep), d) for d in members])
        return changed

    def _signatures_of(self, doc_ids: list[str]) -> dict[str, tuple[int, ...]]:
        """The stored signatures of some documents, each read and decoded once
        while it stays in the store's cache (:data:`SIGNATURE_CACHE` of them:
        the reports of one ingest share their near-duplicate candidates from
        chunk to chunk; a document's signature never changes)."""
        cache = self._signatures
        out = {d: cache[d] for d in doc_ids if d in cache}
        todo = sorted({d for d in doc_ids if d not in out})
        for d, stored in self._in("SELECT document_id, signature FROM document_families"
                                  " WHERE document_id IN ({marks})", todo):
            out[d] = self._remember(d, tuple(self.dialect.load_json(stored)))
        return out

    def _remember(self, doc_id: str, sig: tuple[int, ...]) -> tuple[int, ...]:
        cache = self._signatures
        while cache and len(cache) >= SIGNATURE_CACHE:
            del cache[next(iter(cache))]  # the oldest
        cache[doc_id] = sig
        return sig

    def _rename_families(self, families: list[str], family: str) -> None:
        for i in range(0, len(families), _IN_CHUNK):
            chunk = families[i:i + _IN_CHUNK]
            self.store._execute(f"UPDATE document_families SET family_id = ? WHERE family_id IN"
                                f" ({','.join('?' * len(chunk))})", [family, *chunk])

    def _events_of(self, doc_ids: list[str]) -> list[dict[str, Any]]:
        """The events of some documents as the linker wants them: what linking
        reads of each (:func:`~tacitus.link.common.link_fields`) plus
        document_id, published, source, outlet, family_id and ``_seq``, read
        a page of rows at a time."""
        out = []
        for i in range(0, len(doc_ids), _IN_CHUNK):
            chunk = doc_ids[i:i + _IN_CHUNK]
            out += self._event_pages(f"e.document_id IN ({','.join('?' * len(chunk))})", chunk)
        return out

    def _event_pages(self, where: str, params: list[Any]) -> list[dict[str, Any]]:
        """The link input of the events matching ``where``, in (document, seq)
        order, read ``EVENT_PAGE`` rows at a time: a row's full JSON lives only
        while it is cut down to what linking reads."""
        out: list[dict[str, Any]] = []
        after_doc, after_seq = "", -1
        while True:
            rows = self._q(
                "SELECT e.data, e.document_id, e.seq, d.published, d.source, d.outlet,"
                " COALESCE(f.family_id, d.id) FROM events e JOIN documents d ON d.id = e.document_id"
                f" LEFT JOIN document_families f ON f.document_id = d.id WHERE {where}"
                " AND (e.document_id > ? OR (e.document_id = ? AND e.seq > ?)) ORDER BY e.document_id, e.seq"
                + self.dialect.limit(EVENT_PAGE), [*params, after_doc, after_doc, after_seq])
            for data, doc_id, seq, published, source, outlet, fam in rows:
                ev = link_fields(self.dialect.load_json(data))
                ev.update(document_id=doc_id, published=published, source=source, outlet=outlet, family_id=fam,
                          _seq=seq)
                out.append(ev)
            if len(rows) < EVENT_PAGE:
                return out
            after_doc, after_seq = rows[-1][1], rows[-1][2]

    # -- writing incidents and their parts ---------------------------------------
    def _write_incidents(self, incidents: list[Incident], replaced: set[str], nb: StoreNeighbourhood,
                         result: RunResult) -> None:
        """Swap the replaced stored incidents for the new ones and re-relate parts around them.

        An aggregate (country or region level) and a part (place or region
        level) are related by their own members only (:func:`is_part`), so
        only pairs with a new incident change, and pairs with a replaced one
        go: the stored incidents read are the aggregates a new finer incident
        may belong to, the finer ones a new aggregate may hold (same family and
        country, windows that meet), and those the replaced ones named."""
        new_by_id = {inc.id: inc for inc in incidents}
        result.added |= set(new_by_id) - replaced
        result.removed |= replaced - set(new_by_id)
        old = {inc_id: self.dialect.load_json(data) for inc_id, data in
               self._in("SELECT id, data FROM incidents WHERE id IN ({marks})", sorted(replaced))}
        partners = {"place": "'country', 'region'", "region": "'country', 'place'", "country": "'place', 'region'"}
        neighbours: dict[str, dict[str, Any]] = {}
        for inc in incidents:
            if inc.level not in partners:
                continue
            # an incident meeting [start, end] that is not long began at most
            # LONG_SPAN days before start (fewer when none stored spans as many);
            # the long ones are read apart, through their own index
            earliest = (_date(inc.start) - timedelta(days=min(self.max_span, LONG_SPAN))).isoformat()
            same = "country = ?" if inc.country else "country IS NULL AND ? = ''"
            where = f"family = ? AND {same} AND level IN ({partners[inc.level]})"
            found = self._q(f"SELECT id, data FROM incidents WHERE {where} AND start_day BETWEEN ? AND ?"
                            " AND end_day >= ?", (inc.family, inc.country or "", earliest, inc.end, inc.start))
            if self.max_span > LONG_SPAN:
                found += self._q(f"SELECT id, data FROM incidents WHERE {where} AND span > {LONG_SPAN}"
                                 " AND start_day < ? AND end_day >= ?",
                                 (inc.family, inc.country or "", earliest, inc.start))
            for inc_id, data in found:
                if inc_id not in replaced and inc_id not in neighbours:
                    neighbours[inc_id] = self.dialect.load_json(data)
        named = sorted({i for d in old.values() for i in (*d["parts"], *d["part_of"])}
                       - replaced - set(neighbours))
        for inc_id, data in self._in("SELECT id, data FROM incidents WHERE id IN ({marks})", named):
            neighbours[inc_id] = self.dialect.load_json(data)
        # the relation among the new incidents and these neighbours
        keys = {k for i in incidents for k in i.members} | {k for d in neighbours.values() for k in d["members"]}
        views = nb.views(sorted(keys))
        fresh = [_part_view(inc.id, inc.level, inc.family, inc.country, inc.start, inc.end, inc.members, views)
                 for inc in incidents if inc.level in partners]
        stored = [_part_view(inc_id, d["level"], d["family"], d["country"], d["start"], d["end"], d["members"], views)
                  for inc_id, d in neighbours.items()]
        rel_parts, rel_of = _relations(fresh, stored)
        for inc in incidents:
            inc.parts = sorted(rel_parts.get(inc.id, ()))
            inc.part_of = sorted(rel_of.get(inc.id, ()))
        reparted: dict[str, dict[str, Any]] = {}   # stored aggregates whose parts changed: contested anew
        relabelled: dict[str, dict[str, Any]] = {}  # stored incidents whose part_of alone changed
        for inc_id, d in neighbours.items():
            # two stored incidents stay related as they were; the replaced ones go, the new ones come
            parts = sorted({p for p in d["parts"] if p not in replaced} | rel_parts.get(inc_id, set()))
            part_of = sorted({p for p in d["part_of"] if p not in replaced} | rel_of.get(inc_id, set()))
            if parts != d["parts"]:
                d["parts"], d["part_of"] = parts, part_of
                reparted[inc_id] = d
            elif part_of != d["part_of"]:
                d["part_of"] = part_of
                relabelled[inc_id] = d
        # the new incidents' rows from their members' events; contested pairs over
        # an aggregate and its parts from the claims each incident keeps
        events = self._events_by_key({k for i in incidents for k in i.members})
        own = {inc.id: claim_blocks([events[k] for k in inc.members if k in events]) for inc in incidents}
        stored_ids = sorted(({p for i in incidents for p in i.parts} | {p for d in reparted.values() for p in d["parts"]}
                             | set(reparted)) - set(own))
        for inc_id, claims in self._in("SELECT id, claims FROM incidents WHERE id IN ({marks})", stored_ids):
            own[inc_id] = self.dialect.load_json(claims) or {}
        rows = [incident_row(inc.to_dict(), inc, [events[k] for k in inc.members if k in events],
                             [own.get(p, {}) for p in inc.parts]) for inc in incidents]
        for d in reparted.values():
            d["contested"] = count_blocks(merge_blocks(own.get(d["id"], {}), *(own.get(p, {}) for p in d["parts"])))
        # write: out with the replaced, in with the new, then the neighbours that changed
        for i in range(0, len(replaced), _IN_CHUNK):
            chunk = sorted(replaced)[i:i + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            self.store._execute(f"DELETE FROM incident_members WHERE incident_id IN ({marks})", chunk)
            self.store._execute(f"DELETE FROM incidents WHERE id IN ({marks})", chunk)
        self.store._executemany(f"INSERT INTO incidents ({', '.join(INCIDENT_COLUMNS)}) VALUES"
                                f" ({','.join('?' * len(INCIDENT_COLUMNS))})", rows)
        self.store._executemany("INSERT INTO incident_members (document_id, event_seq, event_key, incident_id)"
                                " VALUES (?, ?, ?, ?)", [(events[k]["document_id"], events[k]["_seq"], k, inc.id)
                                                         for inc in incidents for k in inc.members if k in events])
        self.store._executemany("UPDATE incidents SET contested = ?, data = ? WHERE id = ?",
                                [(d["contested"], dump_json(d), i) for i, d in sorted({**relabelled, **reparted}.items())])

    def _events_by_key(self, keys: set[str]) -> dict[str, dict[str, Any]]:
        """The events of these keys (as :meth:`_events_of` gives them), each read once per run."""
        from ..link.reconciliation import place_identity
        cache = self._event_cache
        todo = sorted(k for k in keys if k not in cache)
        pairs = [p for k in todo for p in k.rsplit(":", 1)]
        step = 2 * (_IN_CHUNK // 2)
        for i in range(0, len(pairs), step):
            chunk = pairs[i:i + step]
            values = ",".join("(?, ?)" for _ in range(len(chunk) // 2))
            for data, doc_id, seq, published, source, outlet, fam in self._q(
                    "SELECT e.data, e.document_id, e.seq, d.published, d.source, d.outlet,"
                    " COALESCE(f.family_id, d.id) FROM events e JOIN documents d ON d.id = e.document_id"
                    " LEFT JOIN document_families f ON f.document_id = d.id"
                    f" WHERE (e.document_id, e.event_id) IN (VALUES {values})", chunk):
                ev = link_fields(self.dialect.load_json(data))
                ev.update(document_id=doc_id, published=published, source=source, outlet=outlet, family_id=fam,
                          _seq=seq)
                ev["_place"] = place_identity(ev)
                cache[event_key(ev)] = ev
        return {k: cache[k] for k in keys if k in cache}

    # -- full --------------------------------------------------------------------
    def plan_full(self, upto: int, decisions: tuple[list, list]) -> dict[str, list[tuple[Any, ...]]]:
        """Every derived row for the documents with ``ingest_seq <= upto``: read
        only, so it runs outside the write lock."""
        index = DuplicateIndex()
        stored = {d: tuple(self.dialect.load_json(sig)) for d, sig in self._q(
            "SELECT f.document_id, f.signature FROM document_families f JOIN documents d ON d.id = f.document_id"
            " WHERE d.ingest_seq <= ?", (upto,))}
        stored = {d: sig for d, sig in stored.items() if len(sig) == self.num_perm}  # else signed anew
        sigs: dict[str, tuple[int, ...]] = {}
        order = [r[0] for r in self._q("SELECT id FROM documents WHERE ingest_seq <= ? ORDER BY ingest_seq, id",
                                       (upto,))]
        texts = dict(self._in("SELECT id, text FROM documents WHERE id IN ({marks})",
                              [d for d in order if d not in stored]))
        for doc_id in order:
            sigs[doc_id] = stored[doc_id] if doc_id in stored else minhash_signature(texts[doc_id],
                                                                                     num_perm=self.num_perm)
        for doc_id, sig in sigs.items():
            index.add(doc_id, sig)
        families = [(d, index.family(d), index.similarity(d), dump_json(list(s))) for d, s in sigs.items()]
        bands = [(b, d) for d, s in sigs.items() for b in sorted(set(band_keys(s)))]
        fam_of = {d: f for d, f, _, _ in families}
        events = self._event_pages("d.ingest_seq <= ?", [upto])
        for ev in events:  # the families of this plan, not the stored ones
            ev["family_id"] = fam_of.get(ev["document_id"], ev["document_id"])
        views = []
        for ev in events:
            v = view_of(ev)
            if v is not None:
                views.append(view_row(ev["document_id"], ev["_seq"], v))
        incidents = link_events(events, *decisions)
        by_key = {event_key(e): e for e in events}
        own = {inc.id: claim_blocks([by_key[k] for k in inc.members if k in by_key]) for inc in incidents}
        rows = [incident_row(inc.to_dict(), inc, [by_key[k] for k in inc.members if k in by_key],
                             [own[p] for p in inc.parts]) for inc in incidents]
        members = [(by_key[k]["document_id"], by_key[k]["_seq"], k, inc.id) for inc in incidents
                   for k in inc.members if k in by_key]
        return {"document_families": families, "document_bands": bands, "link_events": views,
                "incidents": rows, "incident_members": members,
                "max_span": max((span_days(i.start, i.end) for i in incidents), default=0)}

    def write_full(self, plan: dict[str, list[tuple[Any, ...]]]) -> None:
        """Replace every derived table by the plan's rows (inside the write transaction)."""
        columns = {"document_families": ("document_id", "family_id", "similarity", "signature"),
                   "document_bands": ("band", "document_id"), "link_events": LINK_EVENT_COLUMNS,
                   "incidents": INCIDENT_COLUMNS,
                   "incident_members": ("document_id", "event_seq", "event_key", "incident_id")}
        for table in ("incident_members", "incidents", "link_events", "document_bands", "document_families"):
            self.store._execute(f"DELETE FROM {table}")
        copy = self.dialect.name == "postgresql" and getattr(self.store, "bulk_copy", False)
        for table, cols in columns.items():
            if copy:
                self.store._copy(table, cols, plan[table])
            else:
                self.store._executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES"
                                        f" ({','.join('?' * len(cols))})", plan[table])


def _relations(fresh: list[PartView], stored: list[PartView]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(aggregate -> its parts, part -> its aggregates) for the pairs with a new
    incident (``fresh``) on at least one side, the other new or ``stored``; each
    aggregate tried only against the finer incidents of its family, country and
    days (as :func:`tacitus.link.incidents.relate_parts`)."""
    fresh_ids = {p.id for p in fresh}
    finer: dict[tuple[str, str, int], list[PartView]] = {}
    for p in (*fresh, *stored):
        if p.level in ("place", "region"):
            for d in range(p.start, p.end + 1):
                finer.setdefault((p.family, p.country, d), []).append(p)
    parts: dict[str, set[str]] = {}
    part_of: dict[str, set[str]] = {}
    for agg in (*fresh, *stored):
        if agg.level not in ("country", "region"):
            continue
        agg_fresh = agg.id in fresh_ids
        seen: set[str] = set()
        for d in range(agg.start, agg.end + 1):
            for part in finer.get((agg.family, agg.country, d), ()):
                if part.id in seen or not (agg_fresh or part.id in fresh_ids):
                    continue
                seen.add(part.id)
                if is_part(agg, part):
                    parts.setdefault(agg.id, set()).add(part.id)
                    part_of.setdefault(part.id, set()).add(agg.id)
    return parts, part_of


def _part_view(inc_id: str, level: str, family: str, country: str, start: str, end: str, members: list[str],
               views: dict[str, _View]) -> PartView:
    mv = [views[k] for k in members]
    return PartView(inc_id, level, family, country, _date(start).toordinal(), _date(end).toordinal(), _sides(mv),
                    mv[0].loc.key, frozenset(v.loc.admin1 for v in mv))


# --------------------------------------------------------------------------- incident rows

def incident_row(d: dict[str, Any], inc: Incident, events: list[dict[str, Any]],
                 part_blocks: Iterable[dict[str, Any]]) -> tuple[Any, ...]:
    """The ``incidents`` row of an incident: the linker's fields (``d``) plus
    display fields, its own claims (:func:`claim_blocks`) and the contested
    pairs of claims over it and its parts (``part_blocks``: theirs)."""
    from .incidents import _display
    own = claim_blocks(events)
    contested = count_blocks(merge_blocks(own, *part_blocks))
    d.update(_display(inc, events))
    d["contested"] = contested
    return (inc.id, inc.family, inc.level, inc.start or None, inc.end or None, inc.place or None,
            inc.country or None, d["admin1"], d["lat"], d["lon"], d["type"], d["events"], d["documents"],
            inc.sources, d["numbers"], contested, dump_json(d), dump_json(own), span_days(inc.start, inc.end) or None)
