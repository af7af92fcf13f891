"""Enumerations in one sentence: lists of places, and figures that belong to
named places ("37 over the Bryansk region, 12 over the Kursk and Lipetsk
regions, three each over Belgorod, Kaluga and Tver").

The grammar has three parts, all pure functions of the sentence and its
annotations (offsets relative to the sentence):

* ``region_list_names``: names in a list that a plural region noun governs
  ("the Kaluga, Moscow and Tver regions", "the regions of Cherkasy and
  Vinnytsia"); the caller looks each up as a first-level region;
* ``place_runs``: coordinated lists of places ("Vnukovo, Sheremetyevo and
  Domodedovo"), a lone place being a run of one;
* ``parts``: the figures that have their own place right after them
  ("18 over the Saratov region"), with "each" ("three each over A and B"),
  "Bryansk (5)" and "including the Moscow region" (a part with no figure).

What stays in the sentence without a place of its own is the total; the
caller makes it a separate country-level event, never the sum of the parts.
The vocabulary is in ``data/enumerations.yml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from ..model import Mention, Quantity

__all__ = ["Part", "place_runs", "region_list_names", "parts", "clauses", "origins", "located_runs"]


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((w if "?" in w or "\\" in w else re.escape(w) for w in words), key=len, reverse=True))


@dataclass(frozen=True)
class _Vocab:
    region_list: re.Pattern[str]     # NAME, NAME and NAME regions
    region_of: re.Pattern[str]       # regions of NAME and NAME
    region_word: re.Pattern[str]     # a cheap first test for either
    joiner: re.Pattern[str]          # between two items of a list of places (the whole gap)
    part_gap: re.Pattern[str]        # between a figure and its place
    each: re.Pattern[str]
    including: re.Pattern[str]       # right before a part
    origin: re.Pattern[str]          # right before a place weapons came from
    boundary: re.Pattern[str]        # clause boundaries
    before_place: re.Pattern[str]    # a preposition that puts an event over a place
    reference: re.Pattern[str]       # right before places named as reference points


#: a capitalised name of one to three words ("Ivano-Frankovsk", "Nizhny Novgorod")
_NAME = r"[A-Z][\w'’.\-]*(?:[ \-][A-Z][\w'’.\-]*){0,2}"


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    data = yaml.safe_load(resources.files("tacitus.data").joinpath("enumerations.yml").read_text("utf-8"))
    joiners = [j.strip() for j in data["list_joiners"]]
    words = [j for j in joiners if j[0].isalpha()]
    # "Vnukovo (from 23:43), Domodedovo and Zhukovsky": a short aside may follow an item
    join = (rf"(?:\s*\([^()]{{1,30}}\))?\s*(?:,\s*(?:(?:{_alternation(words)})\s+)?|\s+(?:{_alternation(words)})\s+)"
            rf"(?:the\s+)?(?:(?:city|town|village|port city|region|province) of\s+)?")   # "Tula and the city of Tver" (en-0054)
    names = rf"{_NAME}(?:{join}{_NAME})*"
    nouns = _alternation(data["region_nouns"])
    region_of = _alternation(data["region_of"])
    preps = _alternation(data["part_prepositions"])
    each = _alternation(data["each_words"])
    return _Vocab(
        region_list=re.compile(rf"(?<![\w'’])(?P<names>{_NAME}(?:{join}{_NAME})+)\s+(?i:{nouns})\b"),
        region_of=re.compile(rf"\b(?i:{region_of})\s+(?:the\s+)?(?P<names>{names})"),
        region_word=re.compile(rf"\b(?:{nouns}|{region_of})\b", re.I),
        joiner=re.compile(join + r"$", re.I),
        part_gap=re.compile(
            rf"^[\s,—–-]*(?:[\w'’-]+[\s,—–-]+){{0,6}}?(?:(?:{each})\s+)?(?:{preps})\s+(?:the\s+)?"
            rf"(?:[\w'’-]+\s+){{0,2}}?(?:(?:{region_of})\s+(?:the\s+)?)?$", re.I),
        each=re.compile(rf"\b(?:{each})\b", re.I),
        including=re.compile(rf"\b(?:{_alternation(data['including_words'])})\s+(?:the\s+)?$", re.I),
        origin=re.compile(rf"\b(?:{_alternation(data['origin_words'])})\s+"
                          rf"(?:(?:{_alternation(data['origin_fillers'])})\s+|(?-i:[A-Z])[\w'’.-]*,?\s+)*$", re.I),
        boundary=re.compile("|".join(re.escape(b) for b in data["clause_boundaries"]), re.I),
        reference=re.compile(rf"\b(?:{_alternation(data['reference_words'])})\s+(?:the\s+)?$", re.I),
        before_place=re.compile(rf"\b(?:{preps})\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:(?:{region_of})\s+(?:the\s+)?)?$",
                                re.I),
    )


def region_list_names(text: str) -> list[tuple[int, int]]:
    """Spans of the names a plural region noun governs: "the Kaluga, Moscow
    and Tver regions", "the central regions of Cherkasy and Vinnytsia"."""
    v = vocab()
    if not v.region_word.search(text):
        return []
    out: list[tuple[int, int]] = []
    for pattern in (v.region_list, v.region_of):
        for m in pattern.finditer(text):
            start, names = m.start("names"), m.group("names")
            pos = 0
            for item in re.finditer(_NAME, names):
                between = names[pos:item.start()]
                if pos and not v.joiner.match(between):
                    break
                out.append((start + item.start(), start + item.end()))
                pos = item.end()
    return sorted(set(out))


def place_runs(text: str, places: list[Mention]) -> list[list[Mention]]:
    """Coordinated lists of places, in order; a place alone is a run of one.
    A region right after a town in it ("Ramenskoye, Moscow region") qualifies
    the town and starts no new item."""
    v = vocab()
    runs: list[list[Mention]] = []
    for m in sorted(places, key=lambda m: m.start):
        if runs:
            prev = runs[-1][-1]
            gap = text[prev.end:m.start]
            if m.start >= prev.end and v.joiner.match(gap):
                if m.value.precision == "admin1" and prev.value.admin1 and prev.value.admin1 == m.value.name:
                    continue   # "Ramenskoye, Moscow region": where the town is
                if m.value.precision == "country" and prev.value.country == m.value.country:
                    continue   # "Kherson, Ukraine"
                runs[-1].append(m)
                continue
        runs.append([m])
    return runs


@dataclass
class Part:
    """A place (or a list of places) with its own figure, or none."""
    places: list[Mention]
    quantity: Quantity | None = None
    each: bool = False
    members: list[Quantity] = field(default_factory=list)


def parts(text: str, qs: list[Quantity], spans: list[tuple[int, int]], runs: list[list[Mention]],
          numbers: list[Mention] | None = None, template: Quantity | None = None) -> list[Part]:
    """The sentence's figures that have their own place, and the places a
    total names as its parts ("including the Moscow region"). ``template``
    says what a bare figure in brackets counts ("Bryansk (5)")."""
    v = vocab()
    found: list[Part] = []
    taken: set[int] = set()
    starts = sorted(s for s, _ in spans if s >= 0)
    for q, (start, end) in zip(qs, spans):
        if start < 0 or end <= start:
            continue
        limit = next((s for s in starts if s >= end), len(text))
        for i, run in enumerate(runs):
            first = run[0]
            if first.start < end or i in taken:
                continue
            if first.start >= limit:
                break
            gap = text[end:first.start]
            if v.part_gap.match(gap):
                found.append(Part(run, q, each=bool(v.each.search(gap))))
                taken.add(i)
            break
    # "Bryansk (5), Kursk (3)": the figure in brackets after the place
    template = qs[0] if qs else template
    if template is not None and numbers:
        for i, run in enumerate(runs):
            if i in taken:
                continue
            for m in run:
                bracket = re.match(r"\s*\(\s*", text[m.end:m.end + 6])
                if not bracket:
                    continue
                num = next((n for n in numbers if n.start == m.end + bracket.end()), None)
                if num is None or not re.match(r"\s*\)", text[num.end:num.end + 3]):
                    continue
                n = num.value
                found.append(Part([m], Quantity(role=template.role, value=n.value, low=n.low, high=n.high,
                                                qualifier=n.qualifier, unit=template.unit,
                                                text=text[m.start:num.end + 1])))
                taken.add(i)
    # "..., including the Moscow region": a part with no figure of its own
    if found or qs:
        for i, run in enumerate(runs):
            if i not in taken and v.including.search(text[max(0, run[0].start - 25):run[0].start]):
                found.append(Part(run, None))
                taken.add(i)
    # beside parts with figures, the other places the sentence puts events over
    # ("37 over the Bryansk region, while drones were also downed over Kursk")
    if found:
        for i, run in enumerate(runs):
            if i not in taken and v.before_place.search(text[max(0, run[0].start - 40):run[0].start]):
                found.append(Part(run, None))
                taken.add(i)
    return sorted(found, key=lambda p: p.places[0].start)


def located_runs(text: str, runs: list[list[Mention]]) -> list[list[Mention]]:
    """The runs that can be where an event happened: not reference points
    ("roughly equidistant between Kyiv and Moscow", "south of Kursk and Oryol")."""
    reference = vocab().reference
    return [run for run in runs if not reference.search(text[max(0, run[0].start - 40):run[0].start])]


def origins(text: str, places: list[Mention]) -> set[int]:
    """Indexes of the places weapons were launched from ("from the Russian
    cities of Kursk and Bryansk"): a run whose first place follows "from"."""
    v = vocab()
    out: set[int] = set()
    ordered = sorted(range(len(places)), key=lambda i: places[i].start)
    in_origin = False
    prev_end = -1
    for i in ordered:
        m = places[i]
        if prev_end >= 0 and in_origin and v.joiner.match(text[prev_end:m.start]):
            out.add(i)
        else:
            in_origin = bool(v.origin.search(text[max(0, m.start - 80):m.start]))
            if in_origin:
                out.add(i)
        prev_end = m.end
    return out


def clauses(text: str, runs: list[list[Mention]]) -> list[tuple[int, int]]:
    """The sentence cut at clause boundaries that fall outside lists of places."""
    inside = [(r[0].start, r[-1].end) for r in runs if len(r) > 1]
    cuts = [m for m in vocab().boundary.finditer(text)
            if not any(a <= m.start() < b for a, b in inside)]
    out, start = [], 0
    for m in cuts:
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(a, b) for a, b in out if b > a]
