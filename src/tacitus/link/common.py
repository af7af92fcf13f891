"""What the linker's three jobs share: its settings (``data/linking.yml``),
event types' families, places in comparable form, and event keys."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


# --------------------------------------------------------------------------- settings

@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The linker's settings from ``data/linking.yml`` (read once)."""
    text = resources.files("tacitus").joinpath("data/linking.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def _type_family() -> dict[str, str]:
    """Event type -> its family name."""
    out: dict[str, str] = {}
    for family, types in settings()["type_families"].items():
        for t in types:
            out[t] = family
    return out


def type_family(event_type: str) -> str:
    """The family an event type belongs to (its own name when it is in none)."""
    return _type_family().get(event_type, event_type)


# --------------------------------------------------------------------------- places

_PUNCT = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _suffix_pattern() -> re.Pattern[str]:
    words = sorted(settings()["admin_suffixes"], key=len, reverse=True)
    alt = "|".join(re.escape(_PUNCT.sub("", w)) for w in words)
    return re.compile(rf"^(?:republic of )?(.*?)(?:\s+(?:{alt}))*$")


@lru_cache(maxsize=65536)
def place_key(name: str | None) -> str:
    """A comparable form of a place name: casefolded, no punctuation or accents,
    no region-kind word ("Belgorod Oblast" -> "belgorod")."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = _SPACES.sub(" ", _PUNCT.sub(" ", s)).strip()
    m = _suffix_pattern().match(s)
    key = m.group(1).strip() if m else s
    return key or s


@lru_cache(maxsize=1)
def _level_rank() -> dict[str, int]:
    return dict(settings()["reconcile"]["level_rank"])


def rank(level: str | None) -> int:
    """How wide a place precision is (facility 0 ... country 4)."""
    return _level_rank().get(level or "city", 2)


@dataclass(frozen=True, slots=True)
class Loc:
    """Where an event happened, in comparable form."""
    tier: str          # specific | region | country | none
    level: str         # the contract precision
    country: str
    key: str           # place_key of the name
    admin1: str        # place_key of the admin1
    gid: str
    name: str

    def label(self) -> str:
        return self.name or self.country or "?"


NO_LOC = Loc("none", "none", "", "", "", "", "")


def location(ev: dict[str, Any]) -> Loc:
    """The event's place: its finest place; else the target's country; else none."""
    places = ev.get("places") or []
    if places:
        p = min(places, key=lambda p: rank(p.get("precision")))
        level = p.get("precision") or "city"
        tier = "country" if level == "country" else "region" if level == "admin1" else "specific"
        country = (p.get("country") or "").upper()
        return Loc(tier, level, country, place_key(p.get("name") or p.get("text")),
                   place_key(p.get("admin1")), p.get("gazetteer_id") or "", p.get("name") or p.get("text") or "")
    target = ev.get("target") or {}
    if target.get("country"):
        c = target["country"].upper()
        return Loc("country", "country", c, c.casefold(), "", "", c)
    return NO_LOC


def is_city_region(loc: Loc) -> bool:
    """A city that is its own region (Moscow, Kyiv, Sevastopol): it contains its districts."""
    return loc.tier == "specific" and loc.level == "city" and loc.key != "" and loc.key == loc.admin1


def event_key(ev: dict[str, Any]) -> str:
    """The event's key across documents: ``ev["key"]`` or ``"<document_id>:<id>"``."""
    return ev.get("key") or f"{ev.get('document_id', '')}:{ev.get('id', '')}"


# --------------------------------------------------------------------------- what linking reads of an event

_PLACE_FIELDS = ("text", "name", "country", "admin1", "lat", "lon", "precision", "gazetteer_id")
_QUANTITY_FIELDS = ("role", "value", "low", "high", "qualifier", "unit")


def _pick(d: Any, fields: tuple[str, ...]) -> Any:
    return {f: d[f] for f in fields if f in d} if isinstance(d, dict) else d


def link_fields(ev: dict[str, Any]) -> dict[str, Any]:
    """The part of a contract event that linking reads, and nothing more.

    Incidents (:func:`tacitus.link.incidents.view_of`), the claims they keep
    (:func:`tacitus.link.reconciliation.claim_blocks`) and an incident's
    display row read the event's id, type, time window, places, sides,
    weapons, quantities and claimant: about a fifth of a stored event, whose
    evidence sentences, ACLED labels and quantity texts stay in the store.
    A ledger of a million events is linked from these alone."""
    out: dict[str, Any] = {}
    for k in ("key", "id", "type", "weapons"):
        if k in ev:
            out[k] = ev[k]
    if "time" in ev:
        out["time"] = _pick(ev["time"], ("start", "end"))
    for k in ("attacker", "target"):
        if k in ev:
            out[k] = _pick(ev[k], ("name", "country"))
    if "places" in ev:
        out["places"] = [_pick(p, _PLACE_FIELDS) for p in ev["places"] or ()]
    if "quantities" in ev:
        out["quantities"] = [_pick(q, _QUANTITY_FIELDS) for q in ev["quantities"] or ()]
    if "claim" in ev:
        out["claim"] = _pick(ev["claim"], ("claimant", "modality"))
    return out
