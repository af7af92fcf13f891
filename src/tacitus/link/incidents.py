"""Incidents: events of many documents that describe one happening.

``link_events`` joins events of many documents that describe the same
happening. Two events are *compatible* when their types are in one family
(``data/linking.yml``), their time windows overlap, their places agree and
their sides do not contradict; the pair then gets a score and the reasons
behind it. Candidate pairs come only from blocks (type family, day, country,
region), and compatible pairs are merged best score first under two
incident-level constraints, so that a chain of pairwise links cannot glue a
night's separate strikes into one blob:

* an incident names at most one specific place (a city, district or facility,
  or places inside one another, such as a federal city and its districts);
* an incident spans at most ``max_incident_days`` days.

Places come in three tiers. *Specific* places (city, district, facility) link
with the same place. *Region-level* events (admin1) join the incident of a
specific place inside that region only when it is the only such place of that
family and night in the region; otherwise the regional figure cannot be
attributed to one city and it stays a region-level incident whose ``parts`` are
the city incidents. *Country-level* events ("122 drones were downed over
Russia") and events with no place but a known target country never join a place
incident: they link with each other into a country-level incident whose
``parts`` are that night's place and region incidents of the same country and
family. Totals are thereby related to their parts, never merged with them or
added to them.

Manual decisions (``must_link`` / ``cannot_link`` pairs of event keys) are
applied first and survive re-linking, so ``incidents merge`` and ``split`` stay
reversible: the store keeps the decisions and their history.
"""
from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

from .common import Loc, event_key, is_city_region, location, place_key, rank, settings, type_family


# --------------------------------------------------------------------------- event views

def _specific_agree(a: Loc, b: Loc) -> str | None:
    """Why two specific places are the same place, or None."""
    if a.country and b.country and a.country != b.country:
        return None
    if a.gid and a.gid == b.gid:
        return f"same place {a.label()} ({a.gid})"
    if a.key and a.key == b.key:
        return f"same place {a.label()}"
    if is_city_region(a) and b.admin1 == a.key:
        return f"{b.label()} is inside {a.label()}"
    if is_city_region(b) and a.admin1 == b.key:
        return f"{a.label()} is inside {b.label()}"
    return None


def _region_of(loc: Loc) -> str:
    """The region key a place belongs to (a region's own key for region-level places)."""
    return loc.key if loc.tier == "region" else loc.admin1 or loc.key


@dataclass(slots=True)
class _View:
    """What linking needs of one event, computed once (dates as day ordinals)."""
    key: str
    type: str
    family: str
    start: int
    end: int
    days: int
    inferred_time: bool
    loc: Loc
    attacker: tuple[str, str]
    target: tuple[str, str]
    weapons: frozenset[str]
    doc_family: str
    sig: int = 0  # events with equal sig score alike against anything (see LinkRun._score)

    def signature(self) -> tuple:
        """Everything ``compare`` reads."""
        return (self.type, self.start, self.end, self.inferred_time, self.loc, self.attacker, self.target,
                self.weapons)


@lru_cache(maxsize=8192)
def _date(s: str) -> date:
    return date.fromisoformat(s[:10])


def _actor(a: dict[str, Any] | None) -> tuple[str, str]:
    if not a:
        return ("", "")
    return ((a.get("country") or "").upper(), place_key(a.get("name")))


def view_of(ev: dict[str, Any]) -> _View | None:
    """The linking view of an event, or None when it has no usable date.

    An event without a time is dated by its report: the publication day and
    the day before (reports mostly tell of the previous day or night)."""
    t = ev.get("time")
    inferred = False
    if t and t.get("start"):
        start = _date(str(t["start"])).toordinal()
        end = _date(str(t.get("end") or t["start"])).toordinal()
    elif ev.get("published"):
        end = _date(str(ev["published"])).toordinal()
        start, inferred = end - 1, True
    else:
        return None
    if end < start:
        start, end = end, start
    type_ = ev.get("type") or "other"
    return _View(event_key(ev), type_, type_family(type_), start, end, end - start + 1, inferred,
                 location(ev), _actor(ev.get("attacker")), _actor(ev.get("target")),
                 frozenset(ev.get("weapons") or ()), str(ev.get("family_id") or ev.get("document_id") or ""))


# --------------------------------------------------------------------------- pairwise compatibility

@dataclass(frozen=True, slots=True)
class _Params:
    """The numbers of ``data/linking.yml`` that pair scoring reads, flattened once."""
    w_type: float
    w_time: float
    w_place: float
    w_actors: float
    w_weapons: float
    same_type: float
    same_family: float
    same_place: float
    place_inside: float
    actor_equal: float
    actor_unknown: float
    weapons_unknown: float
    inferred_time: float
    min_score: float
    min_overlap: float
    max_event_days: int
    max_incident_days: int


@lru_cache(maxsize=1)
def _params() -> _Params:
    cfg = settings()
    w, c, t = cfg["weights"], cfg["components"], cfg["thresholds"]
    return _Params(w["type"], w["time"], w["place"], w["actors"], w["weapons"], c["same_type"], c["same_family"],
                   c["same_place"], c["place_inside"], c["actor_equal"], c["actor_unknown"], c["weapons_unknown"],
                   c["inferred_time"], t["min_score"], t["min_time_overlap"], t["max_event_days"],
                   t["max_incident_days"])


def _actor_score(a: tuple[str, str], b: tuple[str, str]) -> float | None:
    """1 when the same side, 0.5 when one is unknown, None when they contradict."""
    p = _params()
    if not (a[0] or a[1]) or not (b[0] or b[1]):
        return p.actor_unknown
    if a[0] and b[0]:
        return p.actor_equal if a[0] == b[0] else None
    return p.actor_equal if a[1] == b[1] else None


def _time_overlap(a: _View, b: _View) -> float:
    """Shared days over the days of the shorter window."""
    shared = min(a.end, b.end) - max(a.start, b.start) + 1
    return shared / min(a.days, b.days) if shared > 0 else 0.0


def _place_reason(la: Loc, lb: Loc) -> tuple[float, str] | None:
    """Whether two events' places agree: (component score, reason) or None."""
    p = _params()
    if la.tier == "none" or lb.tier == "none":
        return None
    if la.country and lb.country and la.country != lb.country:
        return None
    if la.tier == "specific" and lb.tier == "specific":
        why = _specific_agree(la, lb)
        if why is None:
            return None
        return (p.same_place if why.startswith("same") else p.place_inside), why
    if la.tier == "region" and lb.tier == "region":
        return (p.same_place, f"same region {la.label()}") if la.key == lb.key else None
    if la.tier == "country" and lb.tier == "country":
        return p.same_place, f"same country {la.country}"
    if {la.tier, lb.tier} == {"specific", "region"}:
        spec, reg = (la, lb) if la.tier == "specific" else (lb, la)
        if spec.admin1 and spec.admin1 == reg.key:
            return p.place_inside, f"{spec.label()} is inside {reg.label()}"
    return None  # country-level against finer places: related as parts, never linked


def compare(a: _View, b: _View) -> float | None:
    """The score for linking two events, or None when they are incompatible
    (other type family, windows apart, places that disagree, opposite sides)."""
    p = _params()
    if a.family != b.family:
        return None
    overlap = _time_overlap(a, b)
    if overlap < p.min_overlap:
        return None
    place = _place_reason(a.loc, b.loc)
    if place is None:
        return None
    att = _actor_score(a.attacker, b.attacker)
    tgt = _actor_score(a.target, b.target)
    if att is None or tgt is None:
        return None
    t_score = p.same_type if a.type == b.type else p.same_family
    if a.inferred_time or b.inferred_time:
        overlap *= p.inferred_time
    if a.weapons and b.weapons:
        weap = len(a.weapons & b.weapons) / len(a.weapons | b.weapons)
    else:
        weap = p.weapons_unknown
    score = (p.w_type * t_score + p.w_time * overlap + p.w_place * place[0]
             + p.w_actors * (att + tgt) / 2 + p.w_weapons * weap)
    return round(score, 4) if score >= p.min_score else None


def explain(a: _View, b: _View) -> list[str]:
    """The reasons two compatible events were linked, in words."""
    p = _params()
    overlap = _time_overlap(a, b)
    place = _place_reason(a.loc, b.loc)
    att, tgt = _actor_score(a.attacker, b.attacker), _actor_score(a.target, b.target)
    reasons = [
        f"type: {a.type}" + ("" if a.type == b.type else f" ~ {b.type}") + f" (family {a.family})",
        f"time: {overlap:.0%} overlap" + (" (from publication date)" if a.inferred_time or b.inferred_time else ""),
        f"place: {place[1] if place else '?'}",
        "sides: " + ("agree" if (att or 0) + (tgt or 0) >= 2 * p.actor_equal else "compatible (some unknown)"),
    ]
    if a.weapons and b.weapons:
        reasons.append(f"weapons: {', '.join(sorted(a.weapons & b.weapons)) or 'none shared'}")
    if a.doc_family and a.doc_family == b.doc_family:
        reasons.append("same near-duplicate document family (one source)")
    return reasons


# --------------------------------------------------------------------------- incidents

@dataclass(slots=True)
class Link:
    """One pairwise link that joined two events of an incident, with why."""
    a: str
    b: str
    score: float
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "score": self.score, "reasons": list(self.reasons)}


@dataclass(slots=True)
class Incident:
    """Events of many documents that describe one happening.

    ``level`` is ``place`` (a city, district or facility), ``region`` (admin1),
    ``country`` (a country-wide total) or ``none`` (no place or date known).
    ``parts`` are the ids of finer incidents an aggregate incident contains
    (same family, country, night, sides); ``part_of`` is the reverse.
    ``sources`` counts distinct near-duplicate document families.
    """
    id: str
    members: list[str]
    links: list[Link]
    family: str
    level: str
    start: str
    end: str
    place: str
    country: str
    sources: int
    parts: list[str] = field(default_factory=list)
    part_of: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "members": list(self.members), "links": [l.to_dict() for l in self.links],
                "family": self.family, "level": self.level, "start": self.start, "end": self.end,
                "place": self.place, "country": self.country, "sources": self.sources,
                "parts": list(self.parts), "part_of": list(self.part_of)}


def incident_id(member_keys: Iterable[str]) -> str:
    """Deterministic incident id: a hash of the sorted member keys."""
    h = hashlib.sha1("\n".join(sorted(member_keys)).encode("utf-8")).hexdigest()
    return "inc-" + h[:16]


class _Forest:
    """Union-find with the incident-level constraints (one specific place, a
    short span, no two sides for one role), over events added as they are met.

    Keyed by event key; the smaller key roots a merged cluster, and its place
    list, sides and window absorb the other's, so that the same unions in the
    same order give the same clusters whichever other events are present."""

    def __init__(self, max_days: int, forbid: dict[str, set[str]]) -> None:
        self.max_days = max_days
        self.parent: dict[str, str] = {}
        self.start: dict[str, int] = {}
        self.end: dict[str, int] = {}
        self.places: dict[str, list[Loc]] = {}
        self.attacker: dict[str, tuple[str, str]] = {}
        self.target: dict[str, tuple[str, str]] = {}
        self._forbid_pairs = forbid
        self.forbid: dict[str, set[str]] = {}  # root -> events its incident may never hold

    def add(self, v: _View) -> None:
        """A new singleton cluster (with the manual splits that name the event)."""
        k = v.key
        self.parent[k] = k
        self.start[k], self.end[k] = v.start, v.end
        self.places[k] = [v.loc] if v.loc.tier == "specific" else []
        self.attacker[k], self.target[k] = v.attacker, v.target
        if k in self._forbid_pairs:
            self.forbid[k] = set(self._forbid_pairs[k])

    def find(self, k: str) -> str:
        p = self.parent
        while p[k] != k:
            p[k] = p[p[k]]
            k = p[k]
        return k

    def try_union(self, i: str, j: str, manual: bool = False) -> bool:
        """Merge the clusters of i and j unless that breaks a constraint (a
        manual merge is held only to the manual splits)."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        # an event outside this run's clusters is in no cluster of theirs
        if any(x in self.parent and self.find(x) == rj for x in self.forbid.get(ri, ())):
            return False
        lo, hi = min(self.start[ri], self.start[rj]), max(self.end[ri], self.end[rj])
        pi, pj = self.places[ri], self.places[rj]
        if not manual:
            if hi - lo + 1 > self.max_days:
                return False
            if pi and pj and any(_specific_agree(x, y) is None for x in pi for y in pj):
                return False
            if (_actor_score(self.attacker[ri], self.attacker[rj]) is None
                    or _actor_score(self.target[ri], self.target[rj]) is None):
                return False  # each pair was compatible, but the incident would hold both sides
        if rj < ri:
            ri, rj = rj, ri
            pi, pj = pj, pi
        self.parent[rj] = ri
        self.start[ri], self.end[ri] = lo, hi
        self.places[ri] = (pi + [y for y in pj if y not in pi])[:8]
        self.places[rj] = []
        if not any(self.attacker[ri]):
            self.attacker[ri] = self.attacker[rj]
        if not any(self.target[ri]):
            self.target[ri] = self.target[rj]
        if rj in self.forbid:
            self.forbid.setdefault(ri, set()).update(self.forbid.pop(rj))
        return True


def linkable(v: _View) -> bool:
    """Whether an event takes part in blocking at all (a place, a short window)."""
    return v.loc.tier != "none" and v.days <= _params().max_event_days


def block_keys(v: _View) -> tuple[str, ...]:
    """The names an event is blocked under, with its type family, country, tier
    and every day of its window: a specific place under its own name (a
    district or facility also under its region's name); a region under its
    name; a country-level event under ``""``."""
    loc = v.loc
    if loc.tier == "specific":
        if loc.level != "city" and loc.admin1 and loc.admin1 != loc.key:
            return (loc.key, loc.admin1)
        return (loc.key,)
    return (loc.key,) if loc.tier == "region" else ("",)


def region_of(v: _View) -> str:
    """The region key a place belongs to (a region's own key for region-level places)."""
    return _region_of(v.loc)


class Neighbourhood:
    """Where the linker meets an event's candidates. Every method answers over
    *linkable* events (see :func:`linkable`) of the same type family and
    country as the event, whose window shares a day with the event's:

    ``block_mates(v)``
        events of the same tier that share a block name with ``v``;
    ``region_events(v)``
        for a specific place: the region-level events of its region;
    ``region_specifics(r)``
        for a region-level event: the specific places inside its region.

    ``views(keys)`` gives the views of those keys that exist and are dated;
    ``incident_of(key)`` the stored incident holding an event (``None`` when
    there is none: a whole run, or an event not linked before). This class
    answers over a list of views in memory (a whole run); the store answers
    from its tables for an incremental re-link (``tacitus.store.linking``).
    """

    def __init__(self, views: Iterable[_View]) -> None:
        self._views: dict[str, _View] = {}
        self._blocks: dict[tuple, list[_View]] = {}
        self._regions: dict[tuple, list[_View]] = {}      # region events by their key and day
        self._inside: dict[tuple, list[_View]] = {}       # specific places by region and day
        for v in views:
            self._views[v.key] = v
            if not linkable(v):
                continue
            tier = v.loc.tier
            for d in range(v.start, v.end + 1):
                for name in block_keys(v):
                    self._blocks.setdefault((v.family, v.loc.country, tier, name, d), []).append(v)
                if tier == "region":
                    self._regions.setdefault((v.family, v.loc.country, v.loc.key, d), []).append(v)
                elif tier == "specific":
                    self._inside.setdefault((v.family, v.loc.country, region_of(v), d), []).append(v)

    def views(self, keys: Iterable[str]) -> dict[str, _View]:
        return {k: self._views[k] for k in keys if k in self._views}

    def incident_of(self, key: str) -> StoredIncident | None:
        return None

    @staticmethod
    def _gather(index: dict[tuple, list[_View]], head: tuple, v: _View) -> list[_View]:
        seen: dict[str, _View] = {}
        for d in range(v.start, v.end + 1):
            for w in index.get((*head, d), ()):
                seen.setdefault(w.key, w)
        seen.pop(v.key, None)
        return list(seen.values())

    def block_mates(self, v: _View) -> list[_View]:
        seen: dict[str, _View] = {}
        for name in block_keys(v):
            for w in self._gather(self._blocks, (v.family, v.loc.country, v.loc.tier, name), v):
                seen.setdefault(w.key, w)
        return list(seen.values())

    def region_events(self, v: _View) -> list[_View]:
        return self._gather(self._regions, (v.family, v.loc.country, region_of(v)), v)

    def region_specifics(self, r: _View) -> list[_View]:
        return self._gather(self._inside, (r.family, r.loc.country, r.loc.key), r)


@dataclass(slots=True)
class StoredIncident:
    """What an incremental re-link needs of an incident stored by an earlier
    run: its id, member keys and the links that joined it."""
    id: str
    members: list[str]
    links: list[Link]


Decision = tuple[str, str] | tuple[str, str, str]
_Order = tuple  # (0, a, b, reason) for a manual merge, (1, -score, a, b) for a scored link


def _manual_reason(d: Decision) -> str:
    return d[2] if len(d) > 2 and d[2] else ""


class LinkRun:
    """One linking run: greedy merging of candidate links, best first, under
    the incident-level constraints, after the manual decisions.

    A whole run seeds every event. An incremental run seeds only the events
    whose links may have changed (new events, and those whose candidates or
    near-duplicate families changed) and replays the stored result for the
    rest, exactly: the links are processed in the one global order (manual
    merges, then score, then event keys), and an event takes part as soon as a
    link reaches it, its stored incident with it, rebuilt as it stood at that
    moment of the global order from the stored links (which record every
    merge that made it). An event no processed link reaches had, in the stored
    run, only partners that also no processed link reaches, so its incident
    cannot differ. The result is therefore the same as a whole run over every
    event, whatever order and batches the events came in.
    """

    def __init__(self, nb: Neighbourhood, must_link: Iterable[Decision] = (),
                 cannot_link: Iterable[Decision] = ()) -> None:
        self.nb = nb
        forbid: dict[str, set[str]] = {}
        for d in cannot_link:
            forbid.setdefault(d[0], set()).add(d[1])
            forbid.setdefault(d[1], set()).add(d[0])
        self.forest = _Forest(_params().max_incident_days, forbid)
        self.must: dict[str, list[Decision]] = {}
        for d in must_link:
            self.must.setdefault(d[0], []).append(d)
            self.must.setdefault(d[1], []).append(d)
        self.views: dict[str, _View] = {}   # the events taking part
        self.replaced: set[str] = set()     # ids of stored incidents taking part
        self.accepted: list[Link] = []
        self._heap: list[tuple] = []
        self._queued: set[_Order] = set()
        self._sigs: dict[tuple, int] = {}
        self._scores: dict[tuple[int, int], float | None] = {}
        self._reasons: dict[tuple[int, int, bool], list[str]] = {}
        self._nights: dict[str, list[_View] | None] = {}

    # -- candidates ------------------------------------------------------------
    def _neg_score(self, a: _View, b: _View) -> float | None:
        """Minus the pair's score (the order key; one float per pair of signatures), or None."""
        key = (a.sig, b.sig) if a.sig < b.sig else (b.sig, a.sig)
        if key not in self._scores:
            score = compare(a, b)
            self._scores[key] = None if score is None else -score
        return self._scores[key]

    def _sign(self, v: _View) -> _View:
        v.sig = self._sigs.setdefault(v.signature(), len(self._sigs))
        return v

    def _night(self, r: _View) -> list[_View] | None:
        """The specific places a region-level event may join: those inside its
        region and of its night, when they all name one place; else None."""
        if r.key not in self._nights:
            p = _params()
            night = [s for s in self.nb.region_specifics(r) if _time_overlap(r, s) >= p.min_overlap]
            self._nights[r.key] = night if len({s.loc.gid or s.loc.key for s in night}) == 1 else None
        return self._nights[r.key]

    def _candidates(self, v: _View) -> Iterator[_Order]:
        """Every link touching ``v`` as its order: ``(0, a, b, reason)`` for a
        manual merge, ``(1, -score, a, b)`` for a scored link. The order is all
        the queue keeps of a link (a pair of events in one block is queued
        once, and big blocks have many)."""
        for d in self.must.get(v.key, ()):
            yield (0, d[0], d[1], _manual_reason(d))
        if not linkable(v):
            return
        partners = list(self.nb.block_mates(v))
        if v.loc.tier == "region":
            partners += self._night(v) or ()
        elif v.loc.tier == "specific":
            min_overlap = _params().min_overlap
            for r in self.nb.region_events(v):
                night = self._night(r)
                if night is not None and _time_overlap(r, v) >= min_overlap and any(s.key == v.key for s in night):
                    partners.append(r)
        self._sign(v)
        for w in partners:
            neg = self._neg_score(v, self._sign(w))
            if neg is not None:
                yield (1, neg, v.key, w.key) if v.key < w.key else (1, neg, w.key, v.key)

    # -- the run ---------------------------------------------------------------
    def seed(self, keys: Iterable[str]) -> None:
        """Events (and their stored incidents) that take part from the start."""
        self._enter(keys, None)

    def _enter(self, keys: Iterable[str], now: _Order | None) -> None:
        for key in keys:
            if key in self.views:
                continue
            old = self.nb.incident_of(key)
            members = self.nb.views(old.members if old else [key])
            if not members:
                continue  # undated or unknown: never linked
            if old is not None:
                self.replaced.add(old.id)
            for k in sorted(members):
                self.views[k] = members[k]
                self.forest.add(members[k])
            if old is not None and now is not None:
                self._replay(old, now)
            for k in sorted(members):
                for order in self._candidates(members[k]):
                    if order in self._queued or (now is not None and order <= now):
                        continue
                    self._queued.add(order)
                    heapq.heappush(self._heap, order)

    def _replay(self, old: StoredIncident, now: _Order) -> None:
        """The stored incident as it stood just before ``now``: its merges up to then."""
        steps = []
        for link in old.links:
            why = link.reasons[0] if link.reasons else ""
            if why.startswith("manual merge"):
                steps.append(((0, link.a, link.b, why[len("manual merge: "):] if ": " in why else ""), link, True))
            else:
                steps.append(((1, -link.score, link.a, link.b), link, False))
        for order, link, manual in sorted(steps, key=lambda s: s[0]):
            if order >= now:
                break
            if not self.forest.try_union(link.a, link.b, manual):
                raise StaleLinks(f"stored incident {old.id} does not replay (link {link.a} - {link.b})")
            self.accepted.append(link)

    def run(self) -> None:
        """Process the queued links in the global order."""
        heap = self._heap
        while heap:
            order = heapq.heappop(heap)
            manual = order[0] == 0
            a, b = (order[1], order[2]) if manual else (order[2], order[3])
            for k in (a, b):
                if k not in self.views:
                    self._enter([k], order)
            if a not in self.views or b not in self.views:
                continue  # a manual decision naming an event that is not there (any more)
            if not self.forest.try_union(a, b, manual):
                continue
            if manual:
                reason = order[3]
                self.accepted.append(Link(a, b, 1.0, ["manual merge" + (f": {reason}" if reason else "")]))
            else:
                va, vb = self.views[a], self.views[b]
                why_key = (va.sig, vb.sig, va.doc_family == vb.doc_family)
                if why_key not in self._reasons:
                    self._reasons[why_key] = explain(va, vb)
                self.accepted.append(Link(a, b, -order[1], list(self._reasons[why_key])))

    def incidents(self) -> list[Incident]:
        """The incidents of every event that took part."""
        groups: dict[str, list[_View]] = {}
        for k in sorted(self.views):
            groups.setdefault(self.forest.find(k), []).append(self.views[k])
        links: dict[str, list[Link]] = {}
        for link in self.accepted:
            links.setdefault(self.forest.find(link.a), []).append(link)
        return [_make_incident(members, links.get(root, [])) for root, members in groups.items()]


class StaleLinks(RuntimeError):
    """Stored incidents that no longer replay (settings changed, or the tables
    were edited): the caller re-links everything instead."""


def undated_incident(ev: dict[str, Any]) -> Incident:
    """The incident of an event with no date at all: itself alone."""
    key = event_key(ev)
    return Incident(incident_id([key]), [key], [], type_family(ev.get("type") or "other"), "none", "", "", "", "", 1)


def link_events(events: list[dict[str, Any]], must_link: Iterable[Decision] = (),
                cannot_link: Iterable[Decision] = ()) -> list[Incident]:
    """Link events of many documents into incidents.

    ``events`` are contract event dicts with ``document_id``, ``published``
    (``YYYY-MM-DD``, used when the event has no time), ``family_id`` (the
    near-duplicate family of the document) and ``source``; an optional ``key``
    overrides the event key ``"<document_id>:<id>"``. Every event ends up in
    exactly one incident. Incidents come back ordered by (start, id); each keeps
    the links that joined it, with score and reasons. Same input in any order,
    same output.

    Manual decisions survive re-linking: ``must_link`` pairs of event keys
    (optionally with a reason) are joined first, whatever the rules say
    (``tacitus incidents merge A B`` -> ``(A.members[0], B.members[0], why)``);
    ``cannot_link`` pairs never share an incident (``split`` -> ``split_pairs``).
    Keys of events not given, or of undated events, are ignored.
    """
    views: list[_View] = []
    undated: list[dict[str, Any]] = []
    for ev in events:
        v = view_of(ev)
        if v is None:
            undated.append(ev)
        else:
            views.append(v)
    run = LinkRun(Neighbourhood(views), must_link, cannot_link)
    run.seed(v.key for v in views)
    run.run()
    incidents = run.incidents() + [undated_incident(ev) for ev in undated]
    relate_parts(incidents, {v.key: v for v in views})
    incidents.sort(key=lambda inc: (inc.start, inc.id))
    return incidents


def split_pairs(incident: Incident, keys: Iterable[str]) -> list[tuple[str, str]]:
    """The ``cannot_link`` pairs that split ``keys`` off ``incident`` for good:
    every pair across the two parts."""
    out = set(keys)
    stay = [k for k in incident.members if k not in out]
    return [(a, b) for a in sorted(out & set(incident.members)) for b in stay]


def _make_incident(members: list[_View], links: list[Link]) -> Incident:
    """An incident from its member views and the links that joined them."""
    keys = sorted(v.key for v in members)
    tiers = {v.loc.tier for v in members}
    level = ("place" if "specific" in tiers else "region" if "region" in tiers
             else "country" if "country" in tiers else "none")
    # the place an incident is named after: its widest specific place (Moscow rather
    # than one of its airports), else its region or country
    tier_rank = {"specific": 0, "region": 1, "country": 2, "none": 3}
    named = min(members, key=lambda v: (tier_rank[v.loc.tier], -rank(v.loc.level), v.loc.key, v.key)).loc
    links.sort(key=lambda l: (l.a, l.b))
    return Incident(incident_id(keys), keys, links, members[0].family, level,
                    date.fromordinal(min(v.start for v in members)).isoformat(),
                    date.fromordinal(max(v.end for v in members)).isoformat(),
                    named.name, named.country, len({v.doc_family for v in members}))


def _sides(members: list[_View]) -> tuple[tuple[str, str], tuple[str, str]]:
    """An incident's (attacker, target): the first known among its members."""
    attacker = next((v.attacker for v in members if any(v.attacker)), ("", ""))
    target = next((v.target for v in members if any(v.target)), ("", ""))
    return attacker, target


@dataclass(frozen=True, slots=True)
class PartView:
    """What the parts relation reads of an incident: its level, family, country
    and window (day ordinals), its sides, its first member's place key and the
    regions of its members' places."""
    id: str
    level: str
    family: str
    country: str
    start: int
    end: int
    sides: tuple[tuple[str, str], tuple[str, str]]
    key: str
    admin1s: frozenset[str]


def part_view(inc: Incident, views: dict[str, _View]) -> PartView:
    """The :class:`PartView` of a dated incident, from its members' views."""
    members = [views[k] for k in inc.members]
    return PartView(inc.id, inc.level, inc.family, inc.country, _date(inc.start).toordinal(),
                    _date(inc.end).toordinal(), _sides(members), members[0].loc.key,
                    frozenset(v.loc.admin1 for v in members))


def is_part(agg: PartView, part: PartView) -> bool:
    """Whether ``part`` is a part of the aggregate ``agg``: a country incident
    contains that country's finer incidents of the same family and window with
    compatible sides; a region incident the place incidents inside the region."""
    if agg.level not in ("country", "region") or part.id == agg.id or part.level not in ("place", "region"):
        return False
    if agg.level == "region" and part.level != "place":
        return False
    if agg.family != part.family or agg.country != part.country:
        return False
    shared = min(agg.end, part.end) - max(agg.start, part.start) + 1
    if shared <= 0:
        return False
    if agg.level == "region" and agg.key not in part.admin1s:
        return False
    if shared / min(agg.end - agg.start + 1, part.end - part.start + 1) < _params().min_overlap:
        return False
    return (_actor_score(agg.sides[0], part.sides[0]) is not None
            and _actor_score(agg.sides[1], part.sides[1]) is not None)


def relate_parts(incidents: list[Incident], views: dict[str, _View]) -> None:
    """Fill ``parts`` / ``part_of`` of these incidents (see :func:`is_part`)."""
    pv = {inc.id: part_view(inc, views) for inc in incidents if inc.level in ("place", "region", "country")}
    by_id = {inc.id: inc for inc in incidents}
    finer: dict[tuple[str, str, int], list[PartView]] = {}
    for p in pv.values():
        if p.level in ("place", "region"):
            for d in range(p.start, p.end + 1):
                finer.setdefault((p.family, p.country, d), []).append(p)
    for agg in pv.values():
        if agg.level not in ("country", "region"):
            continue
        seen: set[str] = set()
        for d in range(agg.start, agg.end + 1):
            for part in finer.get((agg.family, agg.country, d), ()):
                if part.id in seen:
                    continue
                seen.add(part.id)
                if is_part(agg, part):
                    by_id[agg.id].parts.append(part.id)
                    by_id[part.id].part_of.append(agg.id)
    for inc in incidents:
        inc.parts.sort()
        inc.part_of.sort()


def pairwise_prf(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a clustering against gold labels.

    Both map event key -> cluster label; a pair counts when both events share a
    label. Only keys present in ``gold`` are scored.
    """
    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        by: dict[str, list[str]] = {}
        for k in sorted(gold):
            by.setdefault(labels[k], []).append(k)
        return {(x, y) for ks in by.values() for i, x in enumerate(ks) for y in ks[i + 1:]}
    p, g = pairs(predicted), pairs(gold)
    tp = len(p & g)
    precision = tp / len(p) if p else 1.0
    recall = tp / len(g) if g else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
