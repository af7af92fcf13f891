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
    idx: int
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
    sig: int = 0  # events with equal sig score alike against anything (see _candidate_links)

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


def _view(i: int, ev: dict[str, Any]) -> _View | None:
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
    return _View(i, event_key(ev), type_, type_family(type_), start, end, end - start + 1, inferred,
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


class _Clusters:
    """Union-find with the incident-level constraints: one specific place, a
    short span, no two sides for one role."""

    def __init__(self, views: list[_View], max_days: int) -> None:
        self.parent = list(range(len(views)))
        self.start = [v.start for v in views]
        self.end = [v.end for v in views]
        self.places: list[list[Loc]] = [[v.loc] if v.loc.tier == "specific" else [] for v in views]
        self.attacker = [v.attacker for v in views]
        self.target = [v.target for v in views]
        self.max_days = max_days
        self.forbid: dict[int, set[int]] = {}  # root -> events its incident may never hold

    def forbid_pair(self, i: int, j: int) -> None:
        """Events i and j must never share an incident (a manual split)."""
        self.forbid.setdefault(self.find(i), set()).add(j)
        self.forbid.setdefault(self.find(j), set()).add(i)

    def find(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def try_union(self, i: int, j: int, manual: bool = False) -> bool:
        """Merge the clusters of i and j unless that breaks a constraint (a
        manual merge is held only to the manual splits)."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        if any(self.find(x) == rj for x in self.forbid.get(ri, ())):
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


_BlockKey = tuple[str, int, str, str, str]


def _blocks(views: list[_View]) -> tuple[dict[_BlockKey, list[int]], dict[_BlockKey, list[int]]]:
    """Blocking by (type family, day, country, ...): an event sits in a block
    for every day of its window. Returns (blocks, region_specifics).

    * specific places: one block per place name (a district or facility also
      under its region's name, where a city that is its own region sits);
    * region-level events: one block per region;
    * country-level events: one block per country.

    ``region_specifics`` lists, per (family, day, country, region), the
    specific-place events inside the region: a region event is compared with
    them only when they all name one place (else it cannot be attributed).
    """
    p = _params()
    blocks: dict[_BlockKey, list[int]] = {}
    region_specifics: dict[_BlockKey, list[int]] = {}
    for v in views:
        loc = v.loc
        if loc.tier == "none" or v.days > p.max_event_days:
            continue
        for d in range(v.start, v.end + 1):
            if loc.tier == "country":
                blocks.setdefault((v.family, d, loc.country, "c", ""), []).append(v.idx)
            elif loc.tier == "region":
                blocks.setdefault((v.family, d, loc.country, "r", loc.key), []).append(v.idx)
            else:
                blocks.setdefault((v.family, d, loc.country, "s", loc.key), []).append(v.idx)
                if loc.level != "city" and loc.admin1 and loc.admin1 != loc.key:
                    blocks.setdefault((v.family, d, loc.country, "s", loc.admin1), []).append(v.idx)
                region_specifics.setdefault((v.family, d, loc.country, "r", _region_of(loc)), []).append(v.idx)
    return blocks, region_specifics


def _candidate_links(views: list[_View]) -> list[tuple[float, int, int]]:
    """All compatible pairs within blocks, best first (ties by event order).

    A pair of events is compared once: in the block of the first day their
    windows share (and, for the few events filed under two names, once only)."""
    blocks, region_specifics = _blocks(views)
    seen: set[tuple[int, int]] = set()
    links: list[tuple[float, int, int]] = []
    # many reports of one night and place read alike: score each pair of
    # distinct signatures once
    sigs: dict[tuple, int] = {}
    for v in views:
        v.sig = sigs.setdefault(v.signature(), len(sigs))
    scores: dict[tuple[int, int], float | None] = {}

    def score_of(vi: _View, vj: _View) -> float | None:
        key = (vi.sig, vj.sig) if vi.sig < vj.sig else (vj.sig, vi.sig)
        if key not in scores:
            scores[key] = compare(vi, vj)
        return scores[key]

    for key, members in blocks.items():
        day = key[1]
        n = len(members)
        for x in range(n):
            i = members[x]
            vi = views[i]
            for y in range(x + 1, n):
                j = members[y]
                vj = views[j]
                if (vi.start if vi.start > vj.start else vj.start) != day:
                    continue  # compared in the block of an earlier day
                if vi.loc.level not in ("city", "admin1", "country") or vj.loc.level not in ("city", "admin1", "country"):
                    if (i, j) in seen:
                        continue
                    seen.add((i, j))
                score = score_of(vi, vj)
                if score is not None:
                    links.append((score, i, j) if i < j else (score, j, i))
    # a region-level event against the specific places inside its region: only
    # when those of its night (time-compatible) all name one place
    min_overlap = _params().min_overlap
    for key, members in blocks.items():
        if key[3] != "r":
            continue
        for i in members:
            vi = views[i]
            if vi.start != key[1]:
                continue  # each region event once: in the block of its first day
            inside: set[int] = set()
            for d in range(vi.start, vi.end + 1):
                inside.update(region_specifics.get((key[0], d, key[2], "r", key[4]), ()))
            night = sorted(j for j in inside if _time_overlap(vi, views[j]) >= min_overlap)
            if len({views[j].loc.gid or views[j].loc.key for j in night}) != 1:
                continue
            for j in night:
                score = score_of(vi, views[j])
                if score is not None:
                    links.append((score, i, j) if i < j else (score, j, i))
    links.sort(key=lambda t: (-t[0], t[1], t[2]))
    return links


Decision = tuple[str, str] | tuple[str, str, str]


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
    # a canonical order (by event key), so that the input order changes nothing
    for ev in sorted(events, key=event_key):
        v = _view(len(views), ev)
        if v is None:
            undated.append(ev)
        else:
            views.append(v)
    clusters = _Clusters(views, _params().max_incident_days)
    joined: dict[int, list[Link]] = {}
    index = {v.key: v.idx for v in views}
    for d in sorted(cannot_link):
        if d[0] in index and d[1] in index:
            clusters.forbid_pair(index[d[0]], index[d[1]])
    for d in sorted(must_link):
        i, j = index.get(d[0]), index.get(d[1])
        if i is not None and j is not None and clusters.try_union(i, j, manual=True):
            why = "manual merge" + (f": {d[2]}" if len(d) > 2 and d[2] else "")
            joined.setdefault(i, []).append(Link(views[i].key, views[j].key, 1.0, [why]))
    reasons: dict[tuple[int, int, bool], list[str]] = {}  # alike pairs are explained alike
    for score, i, j in _candidate_links(views):
        if clusters.try_union(i, j):
            vi, vj = views[i], views[j]
            why_key = (vi.sig, vj.sig, vi.doc_family == vj.doc_family)
            if why_key not in reasons:
                reasons[why_key] = explain(vi, vj)
            joined.setdefault(i, []).append(Link(vi.key, vj.key, score, list(reasons[why_key])))
    groups: dict[int, list[int]] = {}
    for v in views:
        groups.setdefault(clusters.find(v.idx), []).append(v.idx)
    links_of: dict[int, list[Link]] = {}
    for i, ls in joined.items():
        links_of.setdefault(clusters.find(i), []).extend(ls)
    incidents = [_make_incident([views[i] for i in idxs], links_of.get(root, [])) for root, idxs in groups.items()]
    for ev in undated:
        key = event_key(ev)
        incidents.append(Incident(incident_id([key]), [key], [], type_family(ev.get("type") or "other"),
                                  "none", "", "", "", "", 1))
    _relate_parts(incidents, {v.key: v for v in views})
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


def _relate_parts(incidents: list[Incident], views: dict[str, _View]) -> None:
    """Fill ``parts`` / ``part_of``: a country incident contains that country's
    finer incidents of the same family and window with compatible sides; a
    region incident contains the place incidents inside the region."""
    min_overlap = _params().min_overlap
    finer: dict[tuple[str, str, int], list[Incident]] = {}
    for inc in incidents:
        if inc.level in ("place", "region"):
            for d in range(_date(inc.start).toordinal(), _date(inc.end).toordinal() + 1):
                finer.setdefault((inc.family, inc.country, d), []).append(inc)
    for agg in incidents:
        if agg.level not in ("country", "region"):
            continue
        a = views[agg.members[0]]
        a_sides = _sides([views[k] for k in agg.members])
        a_start, a_end = _date(agg.start).toordinal(), _date(agg.end).toordinal()
        seen: set[str] = set()
        for d in range(a_start, a_end + 1):
            for part in finer.get((agg.family, agg.country, d), ()):
                if part is agg or part.id in seen or (agg.level == "region" and part.level != "place"):
                    continue
                seen.add(part.id)
                if agg.level == "region" and not any(views[k].loc.admin1 == a.loc.key for k in part.members):
                    continue
                p_start, p_end = _date(part.start).toordinal(), _date(part.end).toordinal()
                shared = min(a_end, p_end) - max(a_start, p_start) + 1
                if shared / min(a_end - a_start + 1, p_end - p_start + 1) < min_overlap:
                    continue
                p_sides = _sides([views[k] for k in part.members])
                if _actor_score(a_sides[0], p_sides[0]) is None or _actor_score(a_sides[1], p_sides[1]) is None:
                    continue
                agg.parts.append(part.id)
                part.part_of.append(agg.id)
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
