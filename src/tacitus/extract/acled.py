"""Map a tacitus event type (and its weapons) to ACLED's event and sub-event type.

The mapping follows ``shared/spec/EVENTS.md``; the ACLED taxonomy and the
weapon -> sub-event order live in ``data/event_types.yml`` (sections ``acled``,
``weapon_sub_events`` and ``type_defaults``).

    >>> acled_for("attack", ["drone"])
    {'event_type': 'Explosions/Remote violence', 'sub_event_type': 'Air/drone strike'}
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

__all__ = ["acled_for", "sub_event_for_weapons", "event_type_of", "acled_sub_events"]


class _Taxonomy(NamedTuple):
    event_type_of: dict[str, str]              # sub-event type -> event type
    allowed: dict[str, frozenset[str]]          # tacitus type -> sub-event types it may carry
    defaults: dict[str, str | None]             # tacitus type -> sub-event type when no hint
    weapon_order: list[tuple[frozenset[str], str]]  # weapons -> sub-event, first match wins


@lru_cache(maxsize=1)
def load_event_types() -> dict[str, Any]:
    """The parsed ``data/event_types.yml`` (read once)."""
    text = resources.files("tacitus.data").joinpath("event_types.yml").read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def _taxonomy() -> _Taxonomy:
    raw = load_event_types()
    event_type_of = {sub: event for event, subs in raw["acled"].items() for sub in subs}
    allowed = {t: frozenset(spec.get("allowed", [])) for t, spec in raw["type_defaults"].items()}
    defaults = {t: spec.get("default") for t, spec in raw["type_defaults"].items()}
    order = [(frozenset(item["weapons"]), item["sub_event_type"]) for item in raw["weapon_sub_events"]]
    for sub in [*defaults.values(), *(s for _, s in order), *(s for a in allowed.values() for s in a)]:
        if sub is not None and sub not in event_type_of:
            raise ValueError(f"event_types.yml: unknown ACLED sub-event type {sub!r}")
    return _Taxonomy(event_type_of, allowed, defaults, order)


def event_type_of(sub_event_type: str) -> str:
    """The ACLED event type a sub-event type belongs to ("Grenade" -> "Explosions/Remote violence")."""
    return _taxonomy().event_type_of[sub_event_type]


def sub_event_for_weapons(weapons: list[str]) -> str | None:
    """The Explosions/Remote violence sub-event the weapons point to, or None."""
    present = set(weapons)
    for group, sub in _taxonomy().weapon_order:
        if group & present:
            return sub
    return None


def acled_for(type: str, weapons: list[str], hint: str | None = None) -> dict | None:
    """``{"event_type", "sub_event_type"}`` for an event, or None where ACLED has no match.

    ``hint`` is the finer sub-event type the classifier chose from context; it is
    used when the type may carry it. Otherwise ``attack`` maps by weapon and the
    other types to their default sub-event (EVENTS.md); ``talks``, ``threat``,
    ``appeal`` and ``disruption`` map to None.
    """
    tax = _taxonomy()
    sub: str | None = None
    if hint is not None and hint in tax.allowed.get(type, ()):
        sub = hint
    elif type == "attack":
        sub = sub_event_for_weapons(weapons)
    else:
        sub = tax.defaults.get(type)
    if sub is None:
        return None
    return {"event_type": tax.event_type_of[sub], "sub_event_type": sub}


def acled_sub_events() -> tuple[str, ...]:
    """All 25 ACLED sub-event types, in the order of the YAML file."""
    return tuple(_taxonomy().event_type_of)
