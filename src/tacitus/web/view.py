"""What the web layer reads from the ledger: the store, plus incidents and claims.

``StoreView`` wraps a :class:`tacitus.store.Store`. Documents and events come
straight from the store. Incidents and claims come from the store's own
``incidents`` / ``incident`` / ``claims`` methods when it has them; a store
without them (an older ledger) gets them computed here with
:func:`tacitus.link.link_events` and :func:`tacitus.link.reconcile` over the
stored events, cached until the ledger changes.

Every incident handed to the dashboard carries the fields the map needs
(``lat``, ``lon``, ``type``, ``numbers``, ``claimants``), filled from its
member events where the store did not give them.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import date
from typing import Any

from ..store import Store

def _iso(d: date | str | None) -> str | None:
    return d.isoformat() if isinstance(d, date) else d


def event_numbers(ev: dict[str, Any]) -> int:
    """The largest figure an event reports (0 when it gives none): sizes map markers."""
    return max((int(q.get("value") or 0) for q in ev.get("quantities") or ()), default=0)


def _first_coords(events: list[dict[str, Any]], place: str | None) -> tuple[float | None, float | None]:
    """Coordinates for an incident: its named place if a member has it, else the first located place."""
    fallback: tuple[float | None, float | None] = (None, None)
    for ev in events:
        for p in ev.get("places") or ():
            if p.get("lat") is None or p.get("lon") is None:
                continue
            if place and p.get("name") == place:
                return p["lat"], p["lon"]
            if fallback[0] is None:
                fallback = (p["lat"], p["lon"])
    return fallback


def describe_incident(inc: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """``inc`` with the display fields filled from its member ``events`` (store fields win)."""
    out = dict(inc)
    types = Counter(e.get("type") or "other" for e in events)
    lat, lon = _first_coords(events, inc.get("place"))
    claimants = sorted({(e.get("claim") or {}).get("claimant") or "unattributed" for e in events})
    out.setdefault("type", types.most_common(1)[0][0] if types else inc.get("family") or "other")
    if out.get("lat") is None:
        out["lat"], out["lon"] = lat, lon
    out.setdefault("numbers", max((event_numbers(e) for e in events), default=0))
    out.setdefault("claimants", claimants)
    out.setdefault("events", len(events))
    out.setdefault("documents", len({e.get("document_id") for e in events}))
    return out


def _matches(inc: dict[str, Any], events: list[dict[str, Any]], f: dict[str, Any]) -> bool:
    """Whether an incident passes the event filters (any member event matching is enough)."""
    if f.get("type") and not any(e.get("type") == f["type"] for e in events):
        return False
    if f.get("country"):
        code = f["country"].upper()
        if not any(code in _event_countries(e) for e in events):
            return False
    since, until = _iso(f.get("since")), _iso(f.get("until"))
    if since and (inc.get("end") or "") and inc["end"] < since:
        return False
    if until and (inc.get("start") or "") and inc["start"] > until:
        return False
    if f.get("claimant"):
        want = f["claimant"].casefold()
        if not any(want in ((e.get("claim") or {}).get("claimant") or "").casefold()
                   or want in ((e.get("claim") or {}).get("claimant_native") or "").casefold() for e in events):
            return False
    if f.get("text"):
        want = f["text"].casefold()
        if not any(want in ((e.get("evidence") or {}).get("text") or "").casefold() for e in events):
            return False
    return True


def _event_countries(ev: dict[str, Any]) -> set[str]:
    codes = {(p.get("country") or "").upper() for p in ev.get("places") or ()}
    for side in ("attacker", "target"):
        if ev.get(side) and ev[side].get("country"):
            codes.add(ev[side]["country"].upper())
    codes.discard("")
    return codes


class StoreView:
    """The read side of the web app over one store (thread-safe)."""

    def __init__(self, store: Store, cache_seconds: float = 5.0) -> None:
        self.store = store
        self.cache_seconds = cache_seconds
        self._lock = threading.Lock()
        self._linked: tuple[float, list[dict[str, Any]], dict[str, dict[str, Any]]] | None = None
        self._totals: dict[tuple, tuple[int | None, float, int]] = {}  # filters -> (version, time, total)
        self._summaries: dict[tuple, tuple[float, dict[str, Any]]] = {}

    # -- cache ---------------------------------------------------------------
    def invalidate(self) -> None:
        """Forget cached incidents and totals (after an ingest through the app)."""
        with self._lock:
            self._linked = None
            self._totals.clear()
            self._summaries.clear()

    def count_events(self, **filters: Any) -> int:
        """``store.count_events``, exact, cached per filter set while the ledger is unchanged.

        A store with ``version()`` (which grows with every stored batch, from any
        process) keys the cache on it, so a total is never stale; otherwise
        totals are kept for ``cache_seconds``.
        """
        key = tuple(sorted((k, str(v)) for k, v in filters.items() if v is not None))
        stamp = self.store.version() if hasattr(self.store, "version") else None
        now = time.monotonic()
        with self._lock:
            hit = self._totals.get(key)
            if hit and (hit[0] == stamp if stamp is not None else now - hit[1] < self.cache_seconds):
                return hit[2]
        n = self.store.count_events(**filters)
        with self._lock:
            if len(self._totals) > 65536:
                self._totals.clear()
            self._totals[key] = (stamp, now, n)
        return n

    # -- incidents -----------------------------------------------------------
    def _computed(self) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
        """Incidents linked here from all stored events, and the events by key."""
        from ..link.common import event_key
        from ..link.incidents import link_events

        now = time.monotonic()
        with self._lock:
            if self._linked and now - self._linked[0] < self.cache_seconds:
                return self._linked[1], self._linked[2]
        events = self.store.events()
        by_key = {event_key(e): e for e in events}
        incidents = []
        for inc in link_events(events):
            d = inc.to_dict()
            incidents.append(describe_incident(d, [by_key[k] for k in d["members"] if k in by_key]))
        with self._lock:
            self._linked = (now, incidents, by_key)
        return incidents, by_key

    def incidents(self, *, limit: int | None = None, offset: int = 0, **filters: Any) -> tuple[list[dict[str, Any]], int]:
        """Incidents matching the event filters, ordered by (start, id), and how many match."""
        filters = {k: v for k, v in filters.items() if v is not None}
        if hasattr(self.store, "incidents"):
            rows = self.store.incidents(**filters, limit=None, offset=0)
            total = len(rows)
            return rows[offset: None if limit is None else offset + limit], total
        incidents, by_key = self._computed()
        hits = [i for i in incidents if _matches(i, [by_key[k] for k in i["members"] if k in by_key], filters)]
        return hits[offset: None if limit is None else offset + limit], len(hits)

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident with its member events and reconciled claims, or None."""
        if hasattr(self.store, "incident"):
            return self.store.incident(incident_id)
        from ..link.reconciliation import reconcile

        incidents, by_key = self._computed()
        found = {i["id"]: i for i in incidents}
        inc = found.get(incident_id)
        if inc is None:
            return None
        events = [by_key[k] for k in inc["members"] if k in by_key]
        parts = [by_key[k] for p in inc.get("parts") or () for k in found.get(p, {}).get("members", ()) if k in by_key]
        return {**inc, "member_events": events, "claims": reconcile(events + parts)}

    # -- timeline and facets ------------------------------------------------
    def _summary(self, filters: dict[str, Any]) -> dict[str, Any]:
        """:func:`summarise` of the events matching ``filters``, cached for ``cache_seconds``."""
        key = ("summary",) + tuple(sorted((k, str(v)) for k, v in filters.items() if v is not None))
        now = time.monotonic()
        with self._lock:
            hit = self._summaries.get(key)
            if hit and now - hit[0] < self.cache_seconds:
                return hit[1]
        out = summarise(self.store.events(**{k: v for k, v in filters.items() if v is not None}))
        with self._lock:
            if len(self._summaries) > 256:
                self._summaries.clear()
            self._summaries[key] = (now, out)
        return out

    def timeline(self, **filters: Any) -> dict[str, Any]:
        """Daily counts by type and launched / intercepted figures per claimant."""
        s = self._summary(filters)
        return {"days": s["days"], "claimants": s["claimants"]}

    def facets(self) -> dict[str, Any]:
        """The values the dashboard's filters can take, over the whole ledger."""
        return self._summary({})["facets"]

    # -- claims --------------------------------------------------------------
    def claims(self, *, limit: int | None = None, offset: int = 0, **filters: Any) -> tuple[list[dict[str, Any]], int]:
        """One row per event's claim (who says what, through whom), with the event's figures."""
        filters = {k: v for k, v in filters.items() if v is not None}
        if hasattr(self.store, "claims"):
            rows = self.store.claims(**filters, limit=None, offset=0)
            return rows[offset: None if limit is None else offset + limit], len(rows)
        total = self.count_events(**filters)
        rows = [claim_row(e) for e in self.store.events(**filters, limit=limit, offset=offset)]
        return rows, total


def claim_row(ev: dict[str, Any]) -> dict[str, Any]:
    """The claim of one stored event, flat: claimant, outlets, modality, figures, evidence."""
    claim = ev.get("claim") or {}
    return {
        "document_id": ev.get("document_id"), "event_id": ev.get("id"), "type": ev.get("type"),
        "published": ev.get("published"), "outlet": ev.get("outlet"),
        "claimant": claim.get("claimant"), "claimant_country": claim.get("claimant_country"),
        "reported_by": list(claim.get("reported_by") or ()), "modality": claim.get("modality"),
        "verb": claim.get("verb"), "quantities": list(ev.get("quantities") or ()),
        "evidence": ev.get("evidence"),
    }


def event_day(ev: dict[str, Any]) -> str | None:
    """The day an event is counted on: the start of its time window, else the publication date."""
    t = ev.get("time") or {}
    return t.get("start") or (str(ev["published"])[:10] if ev.get("published") else None)


def summarise(events: list[dict[str, Any]]) -> dict[str, Any]:
    """Timeline and facets of a list of events.

    ``days``: ``[{date, total, types: {type: n}}]`` in date order;
    ``claimants``: ``[{claimant, launched, intercepted, events}]``: per claimant
    and day (the last day of the event's window: a night ends on the morning it is
    reported) the largest figure it gave (repeats in many reports count once),
    summed over the days (most events first); ``facets``: the types,
    countries and claimants present and the first and last day.
    """
    days: dict[str, Counter[str]] = {}
    by_claimant: dict[str, Counter[str]] = {}
    types: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    daily_max: dict[tuple[str, str, str], int] = {}  # one claimant's figure repeated by many reports counts once
    for ev in events:
        day = event_day(ev)
        etype = ev.get("type") or "other"
        types[etype] += 1
        countries.update(_event_countries(ev))
        if day:
            days.setdefault(day, Counter())[etype] += 1
        who = (ev.get("claim") or {}).get("claimant") or "unattributed"
        by_claimant.setdefault(who, Counter())["events"] += 1
        for q in ev.get("quantities") or ():
            if q.get("role") in ("launched", "intercepted"):
                key = (who, (ev.get("time") or {}).get("end") or day or "", q["role"])
                daily_max[key] = max(daily_max.get(key, 0), int(q.get("value") or 0))
    for (who, _day, role), value in daily_max.items():
        by_claimant[who][role] += value
    ordered_days = sorted(days)
    return {
        "days": [{"date": d, "total": sum(days[d].values()), "types": dict(sorted(days[d].items()))}
                 for d in ordered_days],
        "claimants": [{"claimant": k, "launched": v["launched"], "intercepted": v["intercepted"],
                       "events": v["events"]}
                      for k, v in sorted(by_claimant.items(), key=lambda kv: (-kv[1]["events"], kv[0]))],
        "facets": {"types": sorted(types), "countries": sorted(countries),
                   "claimants": sorted(k for k in by_claimant if k != "unattributed"),
                   "first_day": ordered_days[0] if ordered_days else None,
                   "last_day": ordered_days[-1] if ordered_days else None},
    }
