"""Actor recognition and normalisation over ``data/actors.yml``.

``find_actors(text)`` returns ``Mention``s labelled ``actor`` whose value is a
``tacitus.model.Actor``:

* states, adjectives and demonyms: "Russia", "Ukrainian" -> ``Actor("Ukraine", "UA", "state")``,
  "Russians" -> kind ``people``; capitals standing for the state ("Moscow", "Kyiv")
  get kind ``metonym`` so callers may decide whether a place is an actor there;
* institutions composed with a country: "Russia's Defense Ministry", "the Ministry
  of Defense of Russia", "Russian MoD" -> ``Actor("Russian Ministry of Defence", "RU",
  "ministry")``; "Ukraine's air force" -> ``Actor("Ukrainian Air Force", "UA", "military")``;
* named groups and institutions: "IDF", "Hamas", "RSF", "Kremlin", "Pentagon";
* officials: well-known people ("Zelenskiy" -> "Volodymyr Zelensky") and
  "<place/country> <title> <Name>" ("Kharkiv's regional governor Oleh Syniehubov"),
  "<title> of <place>" ("the governor of the Kursk region" -> "Kursk governor").

The country of a place before a title comes from ``place_country`` when given
(the lead plugs in the gazetteer), else from the country vocabulary, else from
a small built-in table of cities and regions.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

from tacitus.model import Actor, Mention
from tacitus.nlp.lexicon import Lexicon, Pattern, is_acronym, load_data, normalise_key

__all__ = ["find_actors", "canonical_actor", "country_of_place", "PlaceCountry"]

PlaceCountry = Callable[[str], "str | None"]

_COUNTRYISH = ("country", "adjective", "people", "metonym")
_TYPE_KIND = {"country": "state", "adjective": "state", "people": "people", "metonym": "metonym"}

# gaps between a country and a body ("Russia's Defense Ministry", "Ministry of Defence of Russia")
_POSS_GAP = re.compile(r"(?:['\u2019]s)?\s+|\s*-\s*")
_OF_GAP = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?", re.IGNORECASE)
_THE_PREFIX = re.compile(r"^\s*(?:the\s+)?", re.IGNORECASE)
_THE_BEFORE = re.compile(r"(?:\bthe|['\u2019]s)\s+$", re.IGNORECASE)

_CAP = r"[A-Z][\w'\u2019.\-]*"
# "Kharkiv's regional", "Moscow", "US", "Belgorod region", right before a title
_PRE_TITLE = re.compile(
    r"(?P<pre>[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)?)(?:['\u2019]s)?"
    r"(?:\s+(?:regional|region|oblast|city|province|state|provincial))?\s+$")
_NAME_WORD = r"(?:(?:al|el|bin|ibn|de|van|von|abu)[\s\-])?[A-Z][\w'\u2019\-]*"
_NAME_AFTER = re.compile(r",?\s+(?P<name>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,2})")
_OF_PLACE = re.compile(
    r"\s+(?:of|for|in)\s+(?:the\s+)?(?P<place>" + _CAP + r"(?:\s+" + _CAP + r")?)"
    r"(?P<rest>(?:\s+(?:regional|region|oblast|province|state|city|district|military|"
    r"administration|council))*)")
# closed class: capitalised words that are never part of a person's name
_NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December The A An On In At Of And "
    "But Or He She It They We I This That Said Says".split())


def _entry_value(kind_type: str, **fields: Any) -> dict[str, Any]:
    return {"_type": kind_type, **fields}


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_data("actors")


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    """One lexicon over every actor vocabulary, each value tagged with its ``_type``."""
    data = _data()
    patterns: list[Pattern] = []

    def add(alias: str, value: dict[str, Any], exact: bool = False) -> None:
        patterns.append(Pattern(alias, value, exact or is_acronym(alias)))

    for c in data.get("countries") or []:
        base = {"name": c["name"], "country": c["country"], "adjective": c.get("adjective", c["name"]),
                "kind": c.get("kind")}
        for alias in [c["name"], *(c.get("aliases") or [])]:
            add(alias, _entry_value("country", **base))
        for alias in c.get("adjectives") or []:
            add(alias, _entry_value("adjective", **base))
        for alias in c.get("people") or []:
            add(alias, _entry_value("people", **base))
        for alias in c.get("metonyms") or []:
            add(alias, _entry_value("metonym", **base))
    for b in data.get("bodies") or []:
        for alias in [b["name"], *(b.get("aliases") or [])]:
            add(alias, _entry_value("body", name=b["name"], kind=b.get("kind")))
    for g in data.get("groups") or []:
        for alias in [g["name"], *(g.get("aliases") or [])]:
            add(alias, _entry_value("group", name=g["name"], country=g.get("country"), kind=g.get("kind")))
    for p in data.get("people") or []:
        for alias in [p["name"], *(p.get("aliases") or [])]:
            add(alias, _entry_value("person", name=p["name"], country=p.get("country"), title=p.get("title")))
    for t in data.get("titles") or []:
        for alias in [t["name"], *(t.get("aliases") or [])]:
            # titles are lower-case words in running text: never acronym-exact except "PM"/"MP"
            add(alias, _entry_value("title", name=t["name"], country=t.get("country"), text=alias))
    return Lexicon(patterns, "actor")


@lru_cache(maxsize=1)
def _builtin_places() -> dict[str, str]:
    table: dict[str, str] = {}
    for cc, names in (_data().get("places") or {}).items():
        for name in names:
            table.setdefault(normalise_key(name), cc)
    return table


def country_of_place(name: str, place_country: PlaceCountry | None = None) -> str | None:
    """ISO2 of a country, adjective, capital or place name ("Kharkiv" -> "UA"), or None."""
    value = _lexicon().get(name)
    if value is not None and value.get("country") and value["_type"] in (*_COUNTRYISH, "group"):
        return value["country"]
    if place_country is not None:
        cc = place_country(name)
        if cc:
            return cc
    return _builtin_places().get(normalise_key(name))


def _simple_actor(value: dict[str, Any]) -> Actor | None:
    """The actor of a single lexicon hit (no composition)."""
    t = value["_type"]
    if t in _COUNTRYISH:
        return Actor(value["name"], value["country"], value.get("kind") or _TYPE_KIND[t])
    if t == "group":
        return Actor(value["name"], value.get("country"), value.get("kind"))
    if t == "person":
        return Actor(value["name"], value.get("country"), "official")
    return None


def _composite(country: dict[str, Any], body: dict[str, Any]) -> Actor:
    return Actor(f"{country['adjective']} {body['name']}", country["country"], body.get("kind"))


def _person(name: str) -> dict[str, Any] | None:
    """The people-table entry for a full name or its surname."""
    lx = _lexicon()
    for candidate in (name, name.split()[-1]):
        value = lx.get(candidate)
        if value is not None and value["_type"] == "person":
            return value
    return None


def _official(text: str, title: Mention, place_country: PlaceCountry | None) -> tuple[int, int, Actor] | None:
    """An official built around a title hit: "<place> <title> <Name>" or "<title> of <place>"."""
    start, end = title.start, title.end
    country: str | None = title.value.get("country")
    label: str | None = None
    pre = _PRE_TITLE.search(text, max(0, start - 60), start)
    if pre is not None:
        words = pre.group("pre").split()
        if words[0] in ("The", "A", "An"):
            words = words[1:]
        for k in range(len(words)):
            cand = " ".join(words[k:])
            cc = country_of_place(cand, place_country)
            if cc:
                country, label = cc, cand
                start = pre.start("pre") + pre.group("pre").rfind(cand)
                break
    of = None
    if label is None:
        of = _OF_PLACE.match(text, end)
        if of is not None:
            cc = country_of_place(of.group("place"), place_country)
            if cc:
                country, label, end = cc, of.group("place"), of.end()
            else:
                of = None
    name_m = _NAME_AFTER.match(text, end)
    name = None
    if name_m is not None:
        words = name_m.group("name").split()
        while words and words[-1] in _NOT_NAMES:
            words.pop()
        if words and words[0] not in _NOT_NAMES:
            name = " ".join(words)
            end = name_m.start("name") + len(name)
    if name is not None:
        known = _person(name)
        if known is not None:
            return start, end, Actor(known["name"], known.get("country") or country, "official")
        if label is not None or country is not None or name_m.group(0).startswith(" "):
            return start, end, Actor(name, country, "official")
    if label is not None:
        label = _lexicon().get(label).get("adjective", label) if _lexicon().get(label) and \
            _lexicon().get(label)["_type"] in _COUNTRYISH else label
        return start, end, Actor(f"{label} {title.value['text'].lower()}", country, "official")
    if country is not None:  # a title that carries its own country (Ukrainian military administrations)
        return start, end, Actor(title.text.lower(), country, "official")
    return None


# The pipeline and the claims stage both look up the actors of the same sentence,
# one after the other: keep the lexicon hits of the last text (read-only below).
_last_hits: tuple[str, list[Mention]] = ("", [])


def _lexicon_hits(text: str) -> list[Mention]:
    """The actor-lexicon matches of ``text``, reused when the same text comes back."""
    global _last_hits
    last = _last_hits
    if last[0] == text and text:
        return last[1]
    hits = _lexicon().find(text)
    _last_hits = (text, hits)
    return hits


def find_actors(text: str, place_country: PlaceCountry | None = None, language: str = "en") -> list[Mention]:
    """All actors in ``text``, left to right, as ``Mention(label="actor", value=Actor)``.
    A language with its own vocabulary (``data/LANG/actors.yml``) is read by
    ``tacitus.nlp.actors_cyrillic``."""
    if language != "en":
        from . import actors_cyrillic
        if actors_cyrillic.has_vocabulary(language):
            return actors_cyrillic.find_actors(text, place_country, language)
    raw = _lexicon_hits(text)
    out: list[Mention] = []
    i, n = 0, len(raw)
    while i < n:
        m = raw[i]
        t = m.value["_type"]
        nxt = raw[i + 1] if i + 1 < n else None
        if t in _COUNTRYISH and nxt is not None and nxt.value["_type"] == "body" \
                and _POSS_GAP.fullmatch(text, m.end, nxt.start):
            out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], "actor", _composite(m.value, nxt.value)))
            i += 2
            continue
        if t == "body":
            if nxt is not None and nxt.value["_type"] in ("country", "metonym") \
                    and _OF_GAP.fullmatch(text, m.end, nxt.start):
                out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], "actor", _composite(nxt.value, m.value)))
                i += 2
                continue
            if _THE_BEFORE.search(text, max(0, m.start - 6), m.start):
                # "the ministry": a bare body, resolved by context downstream
                out.append(Mention(m.start, m.end, m.text, "actor", Actor(m.value["name"], None, m.value.get("kind"))))
            i += 1
            continue
        if t == "title":
            hit = _official(text, m, place_country)
            if hit is not None:
                s, e, actor = hit
                while out and out[-1].end > s:  # the place/country before the title is part of it
                    out.pop()
                out.append(Mention(s, e, text[s:e], "actor", actor))
                while i + 1 < n and raw[i + 1].start < e:  # and so is the name after it
                    i += 1
            i += 1
            continue
        actor = _simple_actor(m.value)
        if actor is not None:
            out.append(Mention(m.start, m.end, m.text, "actor", actor))
        i += 1
    return out


def canonical_actor(name: str, place_country: PlaceCountry | None = None) -> Actor | None:
    """The normalised actor a name stands for ("Russia's MoD" -> Russian Ministry of Defence), or None."""
    name = name.strip()
    if not name:
        return None
    value = _lexicon().get(name)
    if value is not None:
        actor = _simple_actor(value)
        if actor is not None:
            return actor
    found = find_actors(name, place_country)
    if len(found) == 1 and _THE_PREFIX.sub("", name[:found[0].start]) == "" and not name[found[0].end:].strip(" ."):
        return found[0].value
    return None
