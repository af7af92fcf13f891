"""Stray places: a name the gazetteer knows as a small place in a country the
report is otherwise not about ("Hamas" read as Hamm in Germany, "Media" as
Mehdya in Morocco, "Kirni" as Kearny in the United States, "Pope" as Pope in
Latvia).

A place mention is a stray when it is a town (not a region or a country), its
country is neither the report's focus nor named anywhere else in it (no other
place there, no demonym: ``GeoContext.countries`` counts only the mentions of this
one name), and either the text names it by another name than the place's own
(an alternate or another spelling) or the place is small (under 50,000 people).
A capital or a big city named once ("talks in Geneva", "CAIRO (Reuters)")
stays. Checked on the dev halves of the real sets: every alternate-name
stray there was wrong (dev en-0500, en-0505, en-0519, en-0520, en-0531,
en-0551, en-0557, en-0576, en-1016, en-1018, en-1048, en-1053, en-1098).
"""
from __future__ import annotations

from collections import Counter
from typing import Callable

from ..geo.text import name_key
from ..model import Mention

#: below this many people a town named once, in a country the report is not about, is a stray
SMALL_TOWN = 50_000


def drop_strays(mentions: list[Mention], countries: Counter, focus: str | None,
                population: Callable[[str], int | None]) -> list[Mention]:
    """The mentions without the strays (see the module docstring). ``countries``
    is the document's count of mentions per country (a town counts 2, a demonym
    or a country's name 1); ``population`` gives a place's head count from its
    gazetteer id (None when unknown)."""
    per_country = Counter(m.value.country for m in mentions)
    names: dict[str, set[str]] = {}
    for m in mentions:
        names.setdefault(m.value.country or "", set()).add(name_key(m.text))
    out = []
    for m in mentions:
        p = m.value
        # the country's only place, however often the same word names it ("Hamas" twice)
        if (p.precision in ("city", "district") and p.country and p.country != focus
                and len(names[p.country]) == 1 and countries.get(p.country, 0) <= 2 * per_country[p.country]
                and not (p.gazetteer_id or "").startswith(("katottg:", "coord:"))
                and p.native_name is None    # a Cyrillic name in any case ("Саратові") is read elsewhere
                and _stray(m, population)):
            continue
        out.append(m)
    return out


def _stray(m: Mention, population: Callable[[str], int | None]) -> bool:
    if name_key(m.text) != name_key(m.value.name):
        return True    # another name for it: "Media" for Mehdya
    people = population(m.value.gazetteer_id or "")
    return people is not None and people < SMALL_TOWN
