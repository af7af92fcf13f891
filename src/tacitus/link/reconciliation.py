"""Claims side by side: every quantity claim of a set of events.

``reconcile`` lists every quantity claim of a set of events (an incident, or an
aggregate incident with its parts) by role and unit, grouping repeats of one
claim with all their sources; relates totals to their parts; gives a low / best
/ high with the rule used; and flags contested figures. ``count_contested``
counts the contested pairs alone, cheaply, for every incident at each re-link.
"""
from __future__ import annotations

import json
from typing import Any, Callable

from .common import Loc, event_key, is_city_region, location, rank, settings


_INF = float("inf")


def _claimant_key(claim: dict[str, Any]) -> str:
    return (claim.get("claimant") or "").strip().casefold() or "unattributed"


def _interval(q: dict[str, Any]) -> tuple[float, float]:
    """The interval a quantity claims, widened by its qualifier."""
    value = q.get("value") or 0
    low = q.get("low") if q.get("low") is not None else value
    high = q.get("high")
    qual = q.get("qualifier") or "exact"
    if qual == "approx":
        tol = max(1.0, settings()["reconcile"]["approx_tolerance"] * value)
        return value - tol, value + tol
    if qual == "at_least":
        return low, _INF
    if qual == "at_most":
        return 0, high if high is not None else value
    if qual == "range":
        return low, high if high is not None else _INF
    return value, value


def _contains(a: Loc, b: Loc) -> str | None:
    """Why place ``a`` strictly contains place ``b``, or None."""
    if a.country and b.country and a.country != b.country:
        return None
    if a.tier == "country" and b.tier in ("region", "specific") and a.country and a.country == b.country:
        return f"{b.label()} is inside {a.label()}"
    if a.tier == "region" and b.tier == "specific" and b.admin1 and b.admin1 == a.key:
        return f"{b.label()} is inside {a.label()}"
    if is_city_region(a) and b.tier == "specific" and b.key != a.key and b.admin1 == a.key:
        return f"{b.label()} is inside {a.label()}"
    return None


def _place_id(loc: Loc) -> tuple[str, str, str]:
    """Identity of a claim's place: a country is its code, other places their id or name."""
    if loc.tier == "country":
        return ("country", loc.country, "")
    return (loc.tier, loc.country, loc.gid or loc.key)


def _collect_claims(events: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Every quantity of every event as a claim, repeats of one claim grouped
    (same role, unit, figure, qualifier, modality, claimant and place), each
    keeping all its mentions (document, event, sentence, outlet chain)."""
    blocks: dict[tuple[str, str], dict[tuple, dict[str, Any]]] = {}
    for ev in events:
        claim = ev.get("claim") or {}
        loc = location(ev)
        fam = str(ev.get("family_id") or ev.get("document_id") or "")
        for q in ev.get("quantities") or ():
            role, unit = q.get("role") or "other", q.get("unit") or "unit"
            group_key = (_claimant_key(claim), q.get("value"), q.get("low"), q.get("high"), q.get("qualifier"),
                         claim.get("modality") or "asserted", _place_id(loc))
            block = blocks.setdefault((role, unit), {})
            item = block.get(group_key)
            if item is None:
                lo, hi = _interval(q)
                item = block[group_key] = {
                    "value": q.get("value"), "low": q.get("low"), "high": q.get("high"),
                    "qualifier": q.get("qualifier") or "exact", "unit": unit,
                    "claimant": claim.get("claimant"), "claimant_country": claim.get("claimant_country"),
                    "modality": claim.get("modality") or "asserted",
                    "place": loc.label() if loc.tier != "none" else None,
                    "place_level": loc.level, "country": loc.country or None,
                    "interval": [lo, None if hi == _INF else hi],
                    "reported_by": [], "mentions": [], "_loc": loc, "_families": set(),
                    "_ckey": group_key[0],
                }
            for outlet in claim.get("reported_by") or ():
                if outlet not in item["reported_by"]:
                    item["reported_by"].append(outlet)
            item["_families"].add(fam)
            ev_text = ev.get("evidence") or {}
            item["mentions"].append({
                "document_id": ev.get("document_id"), "event_id": ev.get("id"), "key": event_key(ev),
                "family_id": fam, "source": ev.get("source"), "reported_by": list(claim.get("reported_by") or ()),
                "verb": claim.get("verb"), "quantity_text": q.get("text", ""),
                "evidence": {"text": ev_text.get("text", ""), "start": ev_text.get("start"), "end": ev_text.get("end")},
            })
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for key, block in blocks.items():
        items = sorted(block.values(), key=lambda c: (-rank(c["place_level"]) if c["_loc"].tier != "none" else 0,
                                                     c["place"] or "", c["_ckey"], c["value"] or 0,
                                                     c["qualifier"], c["modality"]))
        for n, item in enumerate(items):
            item["id"] = f"c{n}"
            item["sources"] = len(item.pop("_families"))
            item["mentions"].sort(key=lambda m: (m["key"], m["quantity_text"]))
        out[key] = items
    return out


def _same_side(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["_ckey"] == b["_ckey"]:
        return True
    ca, cb = a.get("claimant_country"), b.get("claimant_country")
    return bool(ca) and ca == cb


def _inner_candidates(claims: list[dict[str, Any]]) -> Callable[[Loc], list[dict[str, Any]]]:
    """For a place, the claims that :func:`_contains` may find inside it, in
    their order: a country can only contain places of its own country, and a
    region (or a city that is its own region) only places whose admin1 it is.
    An incident's claims number in the hundreds, so every pair would be slow."""
    by_country: dict[str, list[dict[str, Any]]] = {}
    by_admin1: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        loc = c["_loc"]
        if loc.tier in ("region", "specific"):
            if loc.country:
                by_country.setdefault(loc.country, []).append(c)
            if loc.admin1:
                by_admin1.setdefault(loc.admin1, []).append(c)

    def inner(loc: Loc) -> list[dict[str, Any]]:
        if loc.tier == "country":
            return by_country.get(loc.country, []) if loc.country else []
        if loc.tier == "region" or is_city_region(loc):
            return by_admin1.get(loc.key, []) if loc.key else []
        return []
    return inner


def _relations(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Aggregate -> component relations between claims of one role and unit."""
    out = []
    inner = _inner_candidates(claims)
    for a in claims:
        for b in inner(a["_loc"]):
            if a is b or not _same_side(a, b):
                continue
            why = _contains(a["_loc"], b["_loc"])
            if why:
                out.append({"aggregate": a["id"], "component": b["id"],
                            "reason": f"{why}; " + ("same claimant" if a["_ckey"] == b["_ckey"]
                                                    else f"same side ({a.get('claimant_country')})")})
    return out


def _contested(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pairs of claims about the same place by different claimants whose
    intervals, widened by their qualifiers, do not overlap."""
    excluded = set(settings()["reconcile"]["excluded_modalities"])
    usable = [c for c in claims if c["modality"] not in excluded]
    out = []
    by_place: dict[tuple[str, str, str], list[int]] = {}  # place -> positions in usable
    for i, c in enumerate(usable):
        by_place.setdefault(_place_id(c["_loc"]), []).append(i)
    pairs = sorted((i, j) for group in by_place.values() for n, i in enumerate(group) for j in group[n + 1:])
    for i, j in pairs:
        a, b = usable[i], usable[j]
        if a["_ckey"] == b["_ckey"]:
            continue
        alo, ahi = a["interval"][0], a["interval"][1] if a["interval"][1] is not None else _INF
        blo, bhi = b["interval"][0], b["interval"][1] if b["interval"][1] is not None else _INF
        if ahi < blo or bhi < alo:
            out.append({"claims": [a["id"], b["id"]],
                        "claimants": [a["claimant"] or "unattributed", b["claimant"] or "unattributed"],
                        "place": a["place"], "intervals": [a["interval"], b["interval"]]})
    return out


def _reconciled(claims: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Low / best / high for one role and unit, and the rule used.

    Only claims at *top* places count: places not inside another claimed place
    (Moscow does not count when a figure for all of Russia is claimed). So a
    total is never added to its parts. Per top place, best is the largest
    claimant figure and low / high the widest bounds claimed; separate top places
    (two cities, no wider figure) are summed. Claims with no place at all may
    cover any of them, so they bound the result from below instead of adding.
    """
    excluded = set(settings()["reconcile"]["excluded_modalities"])
    usable = [c for c in claims if c["modality"] not in excluded]
    if not usable:
        return None
    located = [c for c in usable if c["_loc"].tier != "none"]
    unlocated = [c for c in usable if c["_loc"].tier == "none"]
    inner = _inner_candidates(located)
    contained = {id(c) for o in located for c in inner(o["_loc"]) if _contains(o["_loc"], c["_loc"])}
    top = [c for c in located if id(c) not in contained]
    places: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for c in top:
        places.setdefault(_place_id(c["_loc"]), []).append(c)
    low, best, high = 0.0, 0.0, 0.0
    for cs in places.values():
        lo, be, hi = _place_figure(cs)
        low, best = low + lo, best + be
        high = None if high is None or hi is None else high + hi
    names = sorted({c["place"] for c in top})
    if len(places) == 1:
        rule = f"max of claimant figures at the widest claimed place ({names[0]}); parts never added to totals"
    elif places:
        rule = (f"sum over {len(places)} separate places none inside another ({', '.join(names)}) of each "
                "place's max claimant figure; parts never added to totals")
    else:
        rule = "max of claimant figures (no place known)"
        high = None
    if unlocated:
        lo, be, hi = _place_figure(unlocated)
        if places:
            rule += "; claims without a place only raise the figures, never add to them"
            low, best = max(low, lo), max(best, be)
            high = None if high is None or hi is None else max(high, hi)
        else:
            low, best, high = lo, be, hi
    used = sorted((c["id"] for c in top + unlocated), key=lambda i: int(i[1:]))
    return {"low": _num(low), "best": _num(best), "high": _num(high), "rule": rule, "claims_used": used}


def _place_figure(cs: list[dict[str, Any]]) -> tuple[float, float, float | None]:
    """(low, best, high) of the claims about one place: the largest figure, the widest bounds."""
    best = max(c["value"] or 0 for c in cs)
    low = min(c["interval"][0] for c in cs)
    highs = [c["interval"][1] for c in cs]
    return low, best, (None if any(h is None for h in highs) else max(highs))


def _num(x: float | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 1)


def place_identity(ev: dict[str, Any]) -> tuple[str, str, str]:
    """The identity of an event's place that claims are grouped by."""
    return _place_id(location(ev))


def claim_blocks(incident_events: list[dict[str, Any]]) -> dict[str, dict[str, list[Any]]]:
    """The distinct usable claims of some events, grouped as :func:`count_contested`
    compares them: ``{"role|unit|place": {claim key: [claimant key, low, high]}}``
    (keys as JSON text, an open bound as None), so that the blocks of an incident
    can be kept and those of several incidents merged by a plain union."""
    excluded = set(settings()["reconcile"]["excluded_modalities"])
    blocks: dict[str, dict[str, list[Any]]] = {}
    for ev in incident_events:
        claim = ev.get("claim") or {}
        modality = claim.get("modality") or "asserted"
        if modality in excluded or not ev.get("quantities"):
            continue
        ckey, place = _claimant_key(claim), ev.get("_place") or place_identity(ev)
        for q in ev["quantities"]:
            block = json.dumps([q.get("role") or "other", q.get("unit") or "unit", *place], ensure_ascii=False)
            key = json.dumps([ckey, q.get("value"), q.get("low"), q.get("high"), q.get("qualifier"), modality],
                             ensure_ascii=False)
            claims = blocks.setdefault(block, {})
            if key not in claims:
                lo, hi = _interval(q)
                claims[key] = [ckey, lo, None if hi == _INF else hi]
    return blocks


def merge_blocks(*many: dict[str, dict[str, list[Any]]]) -> dict[str, dict[str, list[Any]]]:
    """The union of several :func:`claim_blocks` (of an incident and its parts, say)."""
    out: dict[str, dict[str, list[Any]]] = {}
    for blocks in many:
        for block, claims in blocks.items():
            out.setdefault(block, {}).update(claims)
    return out


def count_blocks(blocks: dict[str, dict[str, list[Any]]]) -> int:
    """Contested pairs in :func:`claim_blocks`: two claimants' intervals apart, same block."""
    n = 0
    for claims in blocks.values():
        items = [(c, lo, _INF if hi is None else hi) for c, lo, hi in claims.values()]
        for i, (ca, alo, ahi) in enumerate(items):
            for cb, blo, bhi in items[i + 1:]:
                if ca != cb and (ahi < blo or bhi < alo):
                    n += 1
    return n


def count_contested(incident_events: list[dict[str, Any]]) -> int:
    """How many contested pairs :func:`reconcile` would list over these events
    (summed over roles and units), without building the claims themselves:
    what the ledger stores per incident, for every incident at each re-link.
    An event may carry its place's identity precomputed under ``"_place"``
    (:func:`place_identity`)."""
    return count_blocks(claim_blocks(incident_events))


def reconcile(incident_events: list[dict[str, Any]]) -> dict[str, Any]:
    """Every quantity claim of a set of events side by side, and a reconciled view.

    Pass an incident's events (and, for a country- or region-level incident, the
    events of its ``parts`` too). Returns::

        {"events": int, "sources": int,            # sources = near-duplicate families
         "roles": {role: {unit: {
             "claims": [{id, value, low, high, qualifier, unit, claimant, claimant_country,
                         modality, place, place_level, country, interval, reported_by,
                         sources, mentions: [{document_id, event_id, key, family_id, source,
                                              reported_by, verb, quantity_text, evidence}]}],
             "relations": [{aggregate: claim id, component: claim id, reason}],
             "reconciled": {low, best, high, rule, claims_used} | None,
             "contested": [{claims, claimants, place, intervals}]}}}}

    Repeats of one claim (same claimant, figure, qualifier, modality and place)
    are one claim with several mentions. Denied claims are listed but never
    used. Deterministic.
    """
    order = {r: n for n, r in enumerate(("launched", "intercepted", "hit", "killed", "injured", "missing", "captured"))}
    roles: dict[str, dict[str, Any]] = {}
    collected = _collect_claims(incident_events)
    for role, unit in sorted(collected, key=lambda k: (order.get(k[0], 99), k[0], k[1])):
        claims = collected[(role, unit)]
        block = {"claims": claims, "relations": _relations(claims),
                 "reconciled": _reconciled(claims), "contested": _contested(claims)}
        for c in claims:
            del c["_loc"], c["_ckey"]
        roles.setdefault(role, {})[unit] = block
    families = {str(e.get("family_id") or e.get("document_id") or "") for e in incident_events}
    return {"events": len(incident_events), "sources": len(families), "roles": roles}
