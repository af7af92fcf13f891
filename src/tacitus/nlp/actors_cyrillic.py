"""Actors in Russian and Ukrainian text, named in English.

``find_actors(text, place_country, language)`` gives ``Mention``s labelled
``actor`` whose value is a ``tacitus.model.Actor`` with its English name (the
vocabulary of ``data/LANG/actors.yml``, see its header):

* states, their adjectives and peoples: "России", "украинских", "росіяни";
* bodies with their country: "Министерство обороны России", "российское
  Минобороны", "Повітряних сил ЗСУ" -> "Russian Ministry of Defence",
  "Ukrainian Air Force"; a body named alone is the report's side
  (``default_country``);
* named groups and institutions: "ВСУ", "Росавиация", "ФСБ", "Укренерго";
* people the vocabulary knows ("Гладкова" -> "Vyacheslav Gladkov") and officials
  built around a title: "губернатор Белгородской области Вячеслав Гладков",
  "глава региона Александр Богомаз", "очільник Одеської ОВА Олег Кіпер",
  "Воронежский губернатор" -> a person's name in Latin letters when the text
  gives it, else "<Region> governor". A name the vocabulary does not know is
  brought to the nominative by pymorphy3 and transliterated
  (``tacitus.nlp.translit``).

Every phrase of the vocabulary matches in every case through
``tacitus.nlp.inflect``; the value's ``native`` key keeps the name as the
text gives it, in the nominative where morphology can tell.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import yaml

from ..geo.morph import analyzer, town_forms
from ..model import Actor, Mention
from .inflect import is_acronym, phrase_forms
from .actors import _composite, _simple_actor as _english_simple_actor
from .lexicon import Lexicon, Pattern, load_data
from .translit import transliterate

__all__ = ["find_actors", "has_vocabulary", "person_name", "region_label", "default_country"]

PlaceCountry = Callable[[str], "str | None"]
PlaceOf = Callable[[str], "Any"]   # a phrase -> a tacitus.model.Place, or None
_PLACE_KIND = re.compile(r"\s+(?:Oblast|Region|Krai|Kray|Raion|District|Governorate)$|^Republic of\s+|\s+Republic$")

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[\w'’ʼ-]+")
_CAPITAL = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ-]+$")
#: words of the place an official governs, after the title ("губернатор
#: Белгородской области", "голова Херсонської ОВА", "мэр Москвы")
_REGION_NOUNS = frozenset(
    "области область края края региона регіону республики республіки города міста столицы столиці "
    "округа округу района району громади ова ода мва кмва хова ва військової адміністрації обласної "
    "державної міської військово-цивільної адміністрация администрации народной народної "
    "автономного автономної".split())
_NAME_GRAMMEMES = {"Name", "Surn", "Patr"}


def _path(language: str):
    return resources.files("tacitus.data").joinpath(f"{language}/actors.yml")


@lru_cache(maxsize=None)
def has_vocabulary(language: str | None) -> bool:
    """Whether a language has its own actors vocabulary (``data/LANG/actors.yml``)."""
    return bool(language) and language != "en" and _path(language).is_file()


@lru_cache(maxsize=None)
def _data(language: str) -> dict[str, Any]:
    return yaml.safe_load(_path(language).read_text("utf-8"))


def default_country(language: str) -> str | None:
    """The side a body named without its country is taken to be, in this language."""
    return _data(language).get("default_country")


@lru_cache(maxsize=None)
def title_names(language: str) -> frozenset[str]:
    """The English names of the language's titles ("governor", "mayor", "head of the
    regional military administration"): an official named by one alone is no person."""
    data = _data(language)
    return frozenset([t["name"] for t in data.get("titles") or []]
                     + [g["name"] for g in data.get("groups") or [] if g.get("region") and g.get("kind") == "government"])


@lru_cache(maxsize=1)
def _english_countries() -> dict[str, dict[str, Any]]:
    return {c["country"]: c for c in load_data("actors").get("countries") or []}


@lru_cache(maxsize=None)
def _lexicon(language: str) -> Lexicon:
    """One lexicon over the language's vocabulary, every case form of every phrase."""
    data = _data(language)
    patterns: list[Pattern] = []

    def add(phrases, value: dict[str, Any], mode: str = "head") -> None:
        for phrase in phrases or []:
            phrase = str(phrase)
            if is_acronym(phrase):
                patterns.append(Pattern(phrase, {**value, "native": phrase}, True))
                continue
            for form in phrase_forms(phrase, language, mode):
                patterns.append(Pattern(form, {**value, "native": phrase}, False))

    def exact(phrases, value: dict[str, Any]) -> None:
        for phrase in phrases or []:
            patterns.append(Pattern(str(phrase), {**value, "native": str(phrase)}, True))

    english = _english_countries()
    for c in data.get("countries") or []:
        known = english.get(c["country"], {})
        base = {"name": known.get("name", c["country"]), "country": c["country"],
                "adjective": known.get("adjective", known.get("name", c["country"])), "kind": known.get("kind")}
        add(c.get("forms"), {"_type": "country", **base})
        exact(c.get("exact"), {"_type": "country", **base})
        for adjective in c.get("adjectives") or []:
            add([adjective], {"_type": "adjective", **base}, "lexeme")
        for people in c.get("people") or []:
            add([people], {"_type": "people", **base}, "lexeme")
    for b in data.get("bodies") or []:
        value = {"_type": "body", "name": b["name"], "kind": b.get("kind")}
        add(b.get("forms"), value)
        exact(b.get("exact"), value)
    for g in data.get("groups") or []:
        value = {"_type": "group", "name": g["name"], "country": g.get("country"), "kind": g.get("kind"),
                 "region": bool(g.get("region")), "speaks": bool(g.get("speaks"))}
        add(g.get("forms"), value)
        exact(g.get("exact"), value)
    for p in data.get("people") or []:
        value = {"_type": "person", "name": p["name"], "country": p.get("country")}
        add(p.get("names"), value, "name")
    for t in data.get("titles") or []:
        value = {"_type": "title", "name": t["name"], "country": t.get("country"), "region": bool(t.get("region")),
                 "generic": bool(t.get("generic"))}
        add(t.get("forms"), value)
    return Lexicon(patterns, "actor")


@lru_cache(maxsize=50_000)
def _given_name(word: str, following: str, language: str) -> bool:
    """True if a capitalised word is a first name before the capitalised word after it:
    the dictionary reads it as one, or reads it as a person (an animate noun) and the
    word after as a surname ("Володимир Когут": the Ukrainian dictionary marks no
    Володимир as a name, and Володимир is a town too; uk-0119, uk-0120)."""
    p = _name_parse(word, language)
    if p is not None and "Name" in p.tag.grammemes:
        return True
    after = _name_parse(following, language)
    return after is not None and "Surn" in after.tag.grammemes and any(
        "anim" in q.tag.grammemes and q.tag.POS == "NOUN" for q in analyzer(language).parse(word.lower()))


@lru_cache(maxsize=50_000)
def _name_parse(word: str, language: str):
    """The first-name/surname/patronymic reading of a capitalised word, or None. A
    vocative reading only where there is no other: news names no one in the vocative
    ("Павло Малков" is Павло, not the vocative of Павла: uk-0101)."""
    names = [p for p in analyzer(language).parse(word.lower()) if _NAME_GRAMMEMES & p.tag.grammemes]
    return next((p for p in names if "voct" not in p.tag.grammemes), names[0] if names else None)


@lru_cache(maxsize=50_000)
def _is_name_word(word: str, language: str) -> bool:
    """A capitalised word that may be part of a person's name: the dictionary reads
    it as a name, or does not know it and it is not a place."""
    if not _CAPITAL.match(word):
        return False
    parses = analyzer(language).parse(word.lower())
    if any(_NAME_GRAMMEMES & p.tag.grammemes for p in parses):
        return True
    if any("Geox" in p.tag.grammemes or "Orgn" in p.tag.grammemes for p in parses[:3]):
        return False
    return not parses[0].is_known and parses[0].tag.POS in ("NOUN", None)


@lru_cache(maxsize=50_000)
def _nominative_name_word(word: str, language: str) -> str:
    p = _name_parse(word, language)
    if p is None:
        return word
    if "Fixd" in p.tag.grammemes:
        return word
    # a surname in another case: "Лукашука" -> Лукашук; keep the masculine form
    # where the reading is masculine, the feminine where it is feminine ("Захаровой")
    normal = p.normal_form
    if p.tag.gender == "femn" and "Surn" in p.tag.grammemes:
        inflected = p.inflect({"nomn", "sing", "femn"}) or p.inflect({"nomn"})
        normal = inflected.word if inflected is not None else normal
    return normal[:1].upper() + normal[1:]


def person_name(words: list[str], language: str) -> tuple[str, str]:
    """A person's name as the text gives it -> (English spelling, native nominative).
    A name the vocabulary knows takes its English name."""
    native = " ".join(_nominative_name_word(w, language) for w in words)
    known = _known_person(native, language)
    if known is not None:
        return known["name"], native
    return transliterate(native, language), native


def _known_person(native: str, language: str) -> dict[str, Any] | None:
    lex = _lexicon(language)
    for candidate in (native, native.split()[-1]):
        value = lex.get(candidate)
        if value is not None and value["_type"] == "person":
            return value
    return None


def place_label(place) -> str:
    """A place's English name without its kind ("Belgorod Oblast" -> Belgorod)."""
    return _PLACE_KIND.sub("", place.name or "").strip() or place.name


def region_label(words: list[str], language: str, place_country: PlaceCountry | None = None,
                 place_of: PlaceOf | None = None) -> str | None:
    """The English name of the region or town an official's title governs, from its
    adjective or name ("Белгородской области" -> Belgorod, "Херсонської ОВА" ->
    Kherson, "Москвы" -> Moskva); None when the words name none. Of the towns an
    adjective may come from (Брянской: Брянск or Брян), the first the gazetteer
    knows is taken."""
    for word in words:
        if word.lower() in _REGION_NOUNS or is_acronym(word):
            continue
        towns = town_forms(word, (language,))
        if towns:
            if place_of is not None:
                # and the towns in -а, -и, -ы whose adjectives drop the ending (Одеса, Суми)
                stems = [t[:-k] for t in towns if t.endswith(("ськ", "ск")) for k in (2, 3)]
                for town in [*towns, *(st + v for st in stems for v in ("а", "и", "ы"))]:
                    place = place_of(town.capitalize())
                    if place is not None:
                        return place_label(place)
            town = next((t for t in towns if place_country is not None and place_country(t)), towns[0])
            return transliterate(town, language).capitalize()
        if _CAPITAL.match(word):
            parses = analyzer(language).parse(word.lower())
            return transliterate(parses[0].normal_form if parses else word, language).capitalize()
    return None


def _simple_actor(value: dict[str, Any], language: str) -> Actor | None:
    """As English's (:func:`tacitus.nlp.actors._simple_actor`), and a bare body
    ("Минобороны") is the language's own country's."""
    if value["_type"] == "body":
        country = default_country(language)
        adjective = _english_countries().get(country or "", {}).get("adjective")
        name = f"{adjective} {value['name']}" if adjective else value["name"]
        return Actor(name, country, value.get("kind"))
    return _english_simple_actor(value)


def _words_after(text: str, pos: int, limit: int = 8) -> list[re.Match[str]]:
    """The words after ``pos`` up to the first punctuation mark."""
    out = []
    for m in _WORD.finditer(text, pos):
        if re.search(r"[^\s«»\"]", text[pos:m.start()]):
            break
        out.append(m)
        pos = m.end()
        if len(out) >= limit:
            break
    return out


def _region_word(word: str, language: str) -> bool:
    """A word of the place a title governs: "области", "ОВА", a place adjective."""
    return word.lower() in _REGION_NOUNS or is_acronym(word) or bool(town_forms(word, (language,)))


def _name_start(after: list[re.Match[str]], i: int, language: str, people: set[int],
                place_of: PlaceOf | None = None) -> bool:
    """Whether a person's name opens at word ``i``: a name the vocabulary knows, a
    first name (capitalised, read as a first name), or a surname that is no place."""
    m = after[i]
    word = m.group(0)
    if m.start() in people:
        return True
    if not _CAPITAL.match(word) or _region_word(word, language):
        return False
    p = _name_parse(word, language)
    if p is not None and "Name" in p.tag.grammemes:
        return True
    if place_of is not None and place_of(word) is not None:
        return False   # "мер Львова", "мэр Москвы": the place governed, not a surname
    return _is_name_word(word, language) and (i + 1 >= len(after) or not _CAPITAL.match(after[i + 1].group(0))
                                              or _is_name_word(after[i + 1].group(0), language))


def _official(text: str, title: Mention, place_country: PlaceCountry | None, language: str,
              prev_end: int, place_of: PlaceOf | None = None,
              people: set[int] | None = None) -> tuple[int, int, Actor, str] | None:
    """An official around a title: the region adjective before it, the place after
    it, the name after that ("губернатор Белгородской области Вячеслав Гладков",
    "голова Ради оборони Кривого Рогу Олександр Вілкул"). ``people``: where the
    vocabulary's people start in the text."""
    people = people or set()
    start, end = title.start, title.end
    region_words: list[str] = []
    before = list(_WORD.finditer(text, max(prev_end, start - 30), start))
    if before and not text[before[-1].end():start].strip() and town_forms(before[-1].group(0), (language,)) \
            and before[-1].group(0)[:1].isupper():
        region_words.append(before[-1].group(0))   # "Воронежский губернатор"
        start = before[-1].start()
    after = _words_after(text, end)
    # the name may come after a place of up to five words; what is before it is the place
    window = range(min(len(after), 6))
    # a first name with a capitalised surname after it ("Ради оборони": Рада is a name too)
    first_names = [i for i in window if after[i].start() in people or (
        _CAPITAL.match(after[i].group(0)) and i + 1 < len(after) and _CAPITAL.match(after[i + 1].group(0))
        and _given_name(after[i].group(0), after[i + 1].group(0), language))]
    name_at = first_names[0] if first_names else \
        next((i for i in window if _name_start(after, i, language, people, place_of)), None)
    if name_at is not None and (first_names or all(
            not w.group(0)[:1].isupper() or not _is_name_word(w.group(0), language)
            or _region_word(w.group(0), language) for w in after[:name_at])):
        region_words += [w.group(0) for w in after[:name_at]]
        i = name_at
        if name_at:
            end = after[name_at - 1].end()
    else:
        i = 0
        while i < len(after) and i < 5:
            word = after[i].group(0)
            if _region_word(word, language) or (_CAPITAL.match(word) and (
                    not _is_name_word(word, language) or (place_of is not None and place_of(word) is not None))):
                region_words.append(word)
                end = after[i].end()
                i += 1
                continue
            break
    name_words: list[str] = []
    if name_at is not None and i == name_at:
        while i < len(after) and len(name_words) < 3:
            word = after[i].group(0)
            if name_words and not _CAPITAL.match(word):
                break
            if name_words and after[i].start() in people:
                break
            name_words.append(word)
            end = after[i].end()
            i += 1
            if len(name_words) >= 2 and not (i < len(after) and _name_parse(after[i].group(0), language) is not None
                                             and "Surn" in _name_parse(after[i].group(0), language).tag.grammemes):
                break
    region_text = " ".join(region_words)
    country = title.value.get("country")
    place = place_of(region_text) if region_text and place_of is not None else None
    if place is not None:
        country = place.country or country
    elif region_text and place_country is not None:
        country = place_country(region_text) or country
    if name_words:
        english, native = person_name(name_words, language)
        known = _known_person(native, language)
        if known is not None and known.get("country"):
            country = known["country"]
        return start, end, Actor(english, country or default_country(language), "official"), native
    label = place_label(place) if place is not None else \
        region_label(region_words, language, place_country, place_of) if region_words else None
    if label is None and title.value.get("generic"):
        return None   # "голова", "глава" with neither a place nor a name: not an official
    name = f"{label} {title.value['name']}" if label else title.value["name"]
    native = text[start:end]
    return start, end, Actor(name, country or (default_country(language) if label else None), "official"), native


#: find_actors' answers by (text, place_country, language, place_of): a sentence is
#: read for its actors by the annotations, the frames' attribution, the claimant
#: tracker and the claims completed at the end (the last two with the same arguments)
_FOUND: dict[tuple, tuple[list[Mention], dict[int, str], dict[int, set[str]]]] = {}
_FOUND_MAX = 4096


def find_actors(text: str, place_country: PlaceCountry | None = None, language: str = "ru",
                natives: dict[int, str] | None = None, place_of: PlaceOf | None = None,
                flags: dict[int, set[str]] | None = None) -> list[Mention]:
    """All actors in ``text``, left to right, as ``Mention(label="actor", value=Actor)``.
    ``natives``, when given, receives each mention's native name by its start offset;
    ``place_of`` (a phrase -> its Place) names the region an official governs in English;
    ``flags`` receives, by start offset, ``bare`` for a body named without its
    country and ``speaks`` for an institution known from its own statements.
    Remembered per arguments where a place reading is given (the claims read a
    sentence twice); every call gets its own mentions and actors, as if
    worked out anew (callers compare actors by identity)."""
    if place_country is None and place_of is None:
        # (the sentence annotations' reading: asked once per sentence, nothing to remember)
        return _find_actors(text, None, language, natives, None, flags)
    key = (text, place_country, language, place_of)
    hit = _FOUND.get(key)
    if hit is None:
        found_natives: dict[int, str] = {}
        found_flags: dict[int, set[str]] = {}
        hit = (_find_actors(text, place_country, language, found_natives, place_of, found_flags),
               found_natives, found_flags)
        if len(_FOUND) >= _FOUND_MAX:
            _FOUND.clear()
        _FOUND[key] = hit
    found, found_natives, found_flags = hit
    if natives is not None:
        natives.update(found_natives)
    if flags is not None:
        for start, marks in found_flags.items():
            flags[start] = set(marks)
    return [Mention(m.start, m.end, m.text, m.label, replace(m.value)) for m in found]


def _find_actors(text: str, place_country: PlaceCountry | None, language: str,
                 natives: dict[int, str] | None, place_of: PlaceOf | None,
                 flags: dict[int, set[str]] | None) -> list[Mention]:
    raw = _lexicon(language).find(text)
    out: list[Mention] = []
    i, n = 0, len(raw)
    people = {m.start for m in raw if m.value["_type"] == "person"}

    def emit(start: int, end: int, actor: Actor, native: str, *marks: str) -> None:
        out.append(Mention(start, end, text[start:end], "actor", actor))
        if natives is not None:
            natives[start] = native
        if flags is not None and marks:
            flags[start] = set(marks)

    while i < n:
        m = raw[i]
        t = m.value["_type"]
        nxt = raw[i + 1] if i + 1 < n else None
        gap = text[m.end:nxt.start] if nxt is not None else None
        if t in ("country", "adjective") and nxt is not None and nxt.value["_type"] == "body" \
                and _SPACE.fullmatch(gap or "x"):
            # "российское Минобороны", "украинские Воздушные силы"
            emit(m.start, nxt.end, _composite(m.value, nxt.value), text[m.start:nxt.end])
            i += 2
            continue
        if t == "body" and nxt is not None and _SPACE.fullmatch(gap or "x") \
                and nxt.value["_type"] in ("country", "group") and nxt.value.get("country"):
            # "Министерство обороны России", "Воздушные силы ВСУ", "Генштаб ЗСУ"
            country = nxt.value if nxt.value["_type"] == "country" else \
                {**_english_countries().get(nxt.value["country"], {}), "country": nxt.value["country"]}
            if "adjective" not in country:
                country["adjective"] = country.get("name", nxt.value["country"])
            emit(m.start, nxt.end, _composite(country, m.value), text[m.start:nxt.end])
            i += 2
            continue
        if t == "title":
            hit = _official(text, m, place_country, language, out[-1].end if out else 0, place_of, people)
            if hit is None:
                i += 1
                continue
            s, e, actor, native = hit
            while out and out[-1].end > s:
                out.pop()
            emit(s, e, actor, native)
            while i + 1 < n and raw[i + 1].start < e:
                i += 1
            i += 1
            continue
        if t == "group" and m.value.get("region"):
            # "оперштаб Краснодарского края": the region's operational headquarters;
            # "Херсонської обласної прокуратури": the place may come first
            after = _words_after(text, m.end, 3)
            words = []
            for w in after:
                if w.group(0).lower() not in _REGION_NOUNS and not town_forms(w.group(0), (language,)):
                    break
                words.append(w.group(0))
            start = m.start
            before = list(_WORD.finditer(text, max(out[-1].end if out else 0, m.start - 30), m.start))
            if not words and before and not text[before[-1].end():m.start].strip() \
                    and town_forms(before[-1].group(0), (language,)) and before[-1].group(0)[:1].isupper():
                words, start = [before[-1].group(0)], before[-1].start()
                after = []
            place = place_of(" ".join(words)) if words and place_of is not None else None
            label = place_label(place) if place is not None else \
                region_label(words, language, place_country, place_of) if words else None
            end = after[len(words) - 1].end() if words and after else m.end
            country = (place.country if place is not None else None) or \
                (place_country(" ".join(words)) if words and place_country else None) or default_country(language)
            name = f"{label} {m.value['name']}" if label else m.value["name"]
            emit(start, end, Actor(name, country, m.value.get("kind")), text[start:end],
                 *(("speaks",) if m.value.get("speaks") else ()))
            i += 1
            continue
        actor = _simple_actor(m.value, language)
        if actor is not None:
            marks = ("bare",) if t == "body" else ("speaks",) if m.value.get("speaks") else ()
            emit(m.start, m.end, actor, m.value.get("native") or m.text, *marks)
        i += 1
    return out
