"""Assemble event frames from one document's annotated sentences.

For each sentence the classifier says which events it reports; this module
gives each event its weapons, quantities (with roles), places, time, attacker
and target, the claim (who says it, through which outlet) and the evidence
sentence, then merges repeated mentions of one event within the document.

Granularity follows ACLED (see EVENTS.md): "41 drones: 28 over the Saratov
Region, four over the Voronezh Region" gives the total and one part event per
named region; totals are never added to parts.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import lru_cache
from importlib import resources
from itertools import islice

import yaml

from ..model import Actor, Claim, Document, Event, Evidence, Mention, Place, Quantity, Sentence, TimeSpan
from ..nlp.numbers import MAX_COUNT
from ..nlp.scan import gated
from ..nlp.timex import anchor_offset
from ..nlp.weapons import PatternIndex, find_weapons, is_explosive
from . import enumerations as enum
from .quantities import quantities as sentence_quantities
from .quantities import vocab as quantity_vocab

@lru_cache(maxsize=None)
def context_triggers(language: str = "en") -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    """Weak triggers (``context_triggers`` in data/event_types.yml, or in a language's
    own data/LANG/event_types.yml) by type: (body pattern, headline pattern)."""
    files = resources.files("tacitus.data")
    own = files.joinpath(f"{language}/event_types.yml")
    path = own if language != "en" and own.is_file() else files.joinpath("event_types.yml")
    data = yaml.safe_load(path.read_text("utf-8"))
    macros = data.get("macros") or {}

    def compile_(patterns: list[str]) -> re.Pattern[str] | None:
        if not patterns:
            return None
        expanded = [re.sub(r"\{([A-Z]+)\}", lambda m: macros.get(m.group(1), m.group(0)), p) for p in patterns]
        return re.compile(r"\b(?:" + "|".join(expanded) + r")\b", re.I)

    return {t: (compile_(spec.get("patterns") or []), compile_(spec.get("headline") or []))
            for t, spec in (data.get("context_triggers") or {}).items()}


@lru_cache(maxsize=1)
def context_index() -> tuple[PatternIndex, PatternIndex]:
    """English weak triggers (``context_triggers`` in data/event_types.yml), each filed
    under its type, as two indexes: for body sentences, and for headings and
    titles (a type with no headline patterns uses its body ones there)."""
    data = yaml.safe_load(resources.files("tacitus.data").joinpath("event_types.yml").read_text("utf-8"))
    macros = data.get("macros") or {}

    def expand(pattern: str) -> str:
        return re.sub(r"\{([A-Z]+)\}", lambda m: macros.get(m.group(1), m.group(0)), pattern)

    body, head = [], []
    for type_, spec in (data.get("context_triggers") or {}).items():
        body += [(expand(p), type_) for p in spec.get("patterns") or []]
        head += [(expand(p), type_) for p in spec.get("headline") or spec.get("patterns") or []]
    return PatternIndex(body), PatternIndex(head)


@lru_cache(maxsize=1)
def background_sentences() -> tuple[re.Pattern[str] | None, int]:
    """Cues of a sentence that tells the story so far (``background_sentences`` in
    data/event_types.yml), and how many days before the report an event is background."""
    data = yaml.safe_load(resources.files("tacitus.data").joinpath("event_types.yml").read_text("utf-8"))
    spec = data.get("background_sentences") or {}
    patterns = spec.get("patterns") or []
    regex = gated(re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.I)) if patterns else None
    return regex, int(spec.get("stale_days", 30))


_ANAPHORIC_ATTACK = re.compile(r"\b(?:the|this|that|Tuesday's|overnight|night's|latest)\s+(?:\w+\s+)?(?:attack|strike|assault|raid)s?\b", re.I)
#: the word of a clash or an assault that, in a report about strikes, names the strikes again
_STRIKE_NOUN = re.compile(r"(?i:attack(?:s|ed|ing)?|assaults?|raids?)")
#: a word that may tell people killed or hurt (a cheap first test)
_CASUALTY_WORD = re.compile(r"\b(?:kill\w*|dead|died|deaths?|wound\w*|injur\w*|hurt|casualt\w+|lives|martyr\w*)\b", re.I)
#: a sentence that may say who is speaking (so the claim context must read it)
_SPEECH = re.compile(
    r"\b(?:sa(?:id|ys|y|ying)|told|tells?|source|emphasi[sz]e[sd]?|stress(?:ed|es)|clarifie[sd]|claim(?:s|ed|ing)?|stated?|states|stating|statement|report(?:s|ed|ing)?|"
    r"announc(?:e|es|ed|ing|ement)|wr(?:ote|ites|itten)|add(?:s|ed|ing)|according|quot(?:e|es|ed|ing)|"
    r"cit(?:e|es|ed|ing)|den(?:ied|ies|y)|alleg(?:e|es|ed|edly|ing|ation)|accus(?:e|es|ed|ing)|insist(?:s|ed|ing)?|"
    r"confirm(?:s|ed|ing)?|warn(?:s|ed|ing)?|post(?:ed|s|ing)|tweet(?:s|ed|ing)?|spokes(?:man|woman|person)|"
    r"spoke|speak(?:s|ing)?|declar(?:e|es|ed|ing)|not(?:e|es|ed|ing)|explain(?:s|ed|ing)?)\b", re.I)
_NEGATED = re.compile(r"\b(?:no|not|never|denied|didn't|did not|wasn't|weren't)\s+(?:\w+\s+){0,2}$", re.I)

#: event types whose attacker/target follow the war's two sides
DYADIC = {"attack", "interception", "clash", "territory"}
_STRIKES = ("attack", "interception")
#: how many of the latest events a new mention is compared with for merging
MERGE_WINDOW = 200
_REPORTING = re.compile(
    r"^\W{0,3}(?:'s\s+\w+\s+)?(?:\w+\s+)?(?:said|says|claimed|claims|stated|reported|announced|told|wrote|added|"
    r"denied|alleged|accused|insisted|confirmed|warned|noted)\b", re.I)
#: right before a time: the time is when someone spoke, not when the event was ("residents
#: said Monday", "according to officials on Monday", "told reporters on Tuesday"; dev
#: en-1077, en-1078)
_SPEECH_TIME = re.compile(
    r"(?:\b(?:said|says|told(?:\s+\w+)?|announced|stated|confirmed|added|wrote|noted)"
    r"|\baccording to\b[^.;:\"“”]{0,60}?|\bin a statement(?:\s+\w+){0,2}?)\s*,?\s*(?:on\s+)?$", re.I)
#: right after a name: it speaks ("Fedorov said")
_SAID_RIGHT_AFTER = re.compile(r"\s+(?:said|says|told|wrote|added|stated|noted|reported)\b")
#: after a capital: its side's forces or government, not a place ("Moscow's troops")
_CAPITAL_SIDE = re.compile(r"(?:'s|’s)\s+(?:[\w-]+\s+)?(?:troops|forces|army|military|soldiers|units|air force|navy|"
                           r"government|officials|leadership|regime)\b", re.I)
#: "the ministry in Moscow said", "officials in Kyiv told": the speaker's base, not the event's place
_SPEAKER_BASE = re.compile(r"\b(?:ministry|officials?|authorities|spokes(?:man|woman|person)|governor|mayor|army|military|"
                           r"police|command|embassy|government|sources?|agency|office)\s+(?:in|from)\s+$", re.I)
_GOVERNOR = re.compile(r"\b(?:governor|regional|oblast|region|military administration)\b", re.I)
_CITY_DISTRICT = re.compile(r"\b(?:the|that) (?:city|capital|town)['’]s (?:[\w'’-]+ ){1,2}(?:district|raion)\b", re.I)
_ANAPHOR = re.compile(r"\b(?:the|that|this) (?:city|capital|town|village|region|area|district)\b", re.I)
#: a subordinate clause giving background ("amid Russia's attack on Ukraine",
#: "with peace talks heading nowhere", "just days after X encouraged Y")
_BACKGROUND = re.compile(
    r"(?:^|,\s*|\s)(?:amid|amidst|as(?! (?:many|much|well|of|part|a result|long|soon|far|such)\b)|with|"
    r"(?:just |only |two |three |several |a few |)(?:days?|weeks?|months?|hours?) (?:after|before)|after|following|"
    r"while|whereas|despite|since|ahead of|before)\s", re.I)
_CLAUSE_END = re.compile(r"[,;:—–]\s|\s[—–]\s|$")
_PLACE_PREP = re.compile(r"^\s*(?:[\w-]+\s+){0,4}?(?:over|in|above|near|across|on|at|around|into)\s+(?:the\s+)?$", re.I)
#: types whose events happen at one place each: a list of places is one event per place
SPLIT_TYPES = {"attack", "interception", "disruption", "clash", "territory", "protest", "riot", "assault",
               "arrest", "seizure"}
#: types whose places are venues or parties, not where something happened: one
#: report's mentions of them are one event wherever they name (dev en-0021, en-0022, en-0023)
PLACELESS_TYPES = {"talks", "agreement", "threat", "appeal"}
#: types whose event without a place happened where the report last was (a
#: national tally, with launched or intercepted figures, stays national)
#: Dev: en-0043, en-0044, en-0066, en-0094, en-0520, en-0532, en-0533, en-0557, en-0560, en-0563
INHERIT_TYPES = {"attack", "assault", "clash", "riot", "protest", "arrest", "seizure", "disruption", "territory"}
#: types whose mention with neither a time nor a place of its own is commentary, not
#: news (English; dev en-1016, en-1027, en-1033, en-1055, en-1065, en-1066, en-1087,
#: en-1089, en-0022, en-0052, en-0514, en-0529, en-0533, en-0547, en-0572, en-0587)
UNANCHORED_WEAK = {"threat", "appeal", "agreement", "talks", "protest", "riot", "other", "clash",
                   "territory", "assault"}
#: types that count things: the others take no quantities
QUANTITY_TYPES = {"attack", "interception", "clash", "assault", "seizure", "arrest", "territory",
                  "riot", "protest", "other"}
#: an actor right before one of these launched the attack ("Russia had launched")
_LAUNCH_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:forces\s+|troops\s+|army\s+|military\s+)?(?:has\s+|had\s+|have\s+|reportedly\s+|also\s+|again\s+)*"
    r"(?:launched|fired|attacked|struck|sent|unleashed|targeted|shelled|bombed|hit|pounded|bombarded|raided)\b", re.I)
#: a dateline: "KHARTOUM, Aug 28 (Reuters) -", "KYIV, Ukraine (AP) —"
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’\- ]{2,40}(?:,\s*[A-Z][\w.]*(?:\s+[A-Z\d][\w.]*){0,2})?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-—–]+\s+")
#: datelines of many outlets: "Kyiv: ", "ISLAMABAD: ", "JAMMU, Oct 10: ", "Port Sudan [Sudan], May 6
#: (ANI): ", "MOSCOW (Sputnik) - ", "MOSCOW, September 5. /TASS/. ", "Tehran - " (dev en-0031, en-0043,
#: en-0066, en-0510, en-0511, en-0521, en-0523, en-0531, en-0539, en-0551, en-0555, en-0556, en-0563,
#: en-0571, en-0573, en-0585, en-0587)
_DATELINE_LOOSE = re.compile(
    r"^\s*(?P<head>[A-Z][\w.'’\-]*(?:[ \-][A-Z][\w.'’\-]*){0,2})"
    r"(?:\s*\[[^\]]{1,40}\])?(?:\s*\([^)]{1,40}\))?"
    r"(?:,\s*[A-Z][\w.]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.]*){0,4}(?:\s*\([^)]{1,40}\))?)?"
    r"(?:,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,\s*\d{4})?\.?)?"
    r"(?:\s*\([^)]{1,40}\))?"
    r"(?:\s*/[A-Za-z]{2,12}/\.?\s+|\s*(?::|\s[-—–]+)\s*)")
_LOCATIVE = re.compile(r"\b(?:in|over|across|into|on|at|near|inside|throughout|from|to|against|of)\s+(?:the\s+)?$", re.I)
#: after a country's adjective, the words that make it a side ("Saudi forces", not "the Saudi hospital")
_FORCE_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:forces|troops|army|military|soldiers|jets|warplanes|aircraft|planes|drones?|missiles?|"
    r"artillery|navy|warships?|gunboats?|tanks|units|militias?|fighters|police|air force|government|authorities)\b", re.I)


def _is_adjective(actor: Mention, language: str = "en") -> bool:
    """A country named by its adjective ("Saudi", "Russian"), not by its name; in
    Russian and Ukrainian, the word's morphology tells ("украинских", not "Украину")."""
    if (actor.value.kind or "state") != "state":
        return False
    if language != "en":
        from ..geo.morph import is_adjective
        return is_adjective(actor.text.split()[-1], (language,))
    return actor.text.lower() != (actor.value.name or "").lower()


#: "Russia's St Petersburg": a possessive before a name, not before a force or an attack
_POSSESSED_PLACE = re.compile(
    r"^(?:'s|’s)\s+(?!(?:attack|assault|strike|bombardment|offensive|forces|troops|army|military|air|drones?|"
    r"missiles?|shelling|invasion|war|campaign|barrage|navy|fleet)\b)[A-Z]")
_SIDE_KINDS = ("state", "military", "group", "people", "government")


@dataclass(frozen=True)
class FramePatterns:
    """The words of a language the frame builder reads around an event (see the
    regexes above for English; another language's are in data/LANG/frames.yml).
    ``list_parts``: a tally's parts may follow it as their own sentences ("11 БпЛА
    – над ...", one per bullet); ``region_events``: one figure over several named
    regions is a country-level total, and each region also its own event."""
    speech: re.Pattern[str] = _SPEECH
    negated: re.Pattern[str] = _NEGATED
    reporting: re.Pattern[str] = _REPORTING
    governor: re.Pattern[str] = _GOVERNOR
    city_district: re.Pattern[str] = _CITY_DISTRICT
    anaphor: re.Pattern[str] = _ANAPHOR
    background: re.Pattern[str] = _BACKGROUND
    clause_end: re.Pattern[str] = _CLAUSE_END
    place_prep: re.Pattern[str] = _PLACE_PREP
    part_gap: int = 25
    launch_after: re.Pattern[str] = _LAUNCH_AFTER
    dateline: re.Pattern[str] = _DATELINE
    locative: re.Pattern[str] = _LOCATIVE
    force_after: re.Pattern[str] = _FORCE_AFTER
    possessed_place: re.Pattern[str] = _POSSESSED_PLACE
    anaphoric_attack: re.Pattern[str] = _ANAPHORIC_ATTACK
    language: str = "en"
    list_parts: bool = False
    region_events: bool = False
    #: an event with no time or town of its own takes those of the sentence right
    #: before it, when that one reported no event ("11 сентября около 01.20 мск
    #: пресечена попытка ... . Дежурными средствами ПВО ... уничтожены ...")
    carry_context: bool = False
    #: event types whose events are one per named town ("освободили населённые
    #: пункты Гуляйполе и Степногорск": two territory events)
    split_towns: tuple[str, ...] = ()
    #: a time that names its day ("7 марта") is the event's before a relative one
    #: ("за ночь") in the same sentence
    dated: re.Pattern[str] | None = None
    #: an event no sentence places (a strike, an outage) is where the report last
    #: was: the region or town named before it
    report_place: bool = False
    #: a town named is an event of its own, not part of the region's named before it
    #: (ACLED's one event per place: "атака ... по Чернігову та області" and "Під
    #: ударом опинилася також Ніжинщина" are two)
    towns_apart: bool = False
    #: a mention with no place of its own repeats an event with one, whatever its
    #: time says ("«Нескольких домов...»: Развожаев о разрушениях после атаки ВСУ"
    #: above the report of the strike on Sevastopol)
    merge_unplaced: bool = False
    #: the kinds of actor that may be an attacker named before the trigger (Russian
    #: and Ukrainian leave out institutions: "За даними ДСНС, пошкоджено ...")
    attacker_kinds: tuple[str, ...] = _SIDE_KINDS
    #: the two sides a report in this language is about when its mentions name
    #: fewer than two ("Минобороны России сообщило ... сбили 120 беспилотников")
    default_dyad: tuple[str, ...] = ()
    #: right before a place weapons came from, not where they struck ("з напрямків
    #: Курськ, Орел", "с территории Крыма")
    origin: re.Pattern[str] | None = None
    #: people leaving (evacuated, taken out): the place after "из" is where they were
    departure: re.Pattern[str] | None = None
    #: in a report about strikes, a sentence of clauses that each name a town and
    #: its damage or casualties ("У м. Харків постраждав ...; у м. Чугуїв постраждала
    #: ...") is one strike per town: ``damage`` finds the damage, ``clause_split``
    #: the clause boundaries
    damage: re.Pattern[str] | None = None
    clause_split: re.Pattern[str] | None = None
    #: a figure each place of a list gets ("по 11 над Белгородской и Воронежской")
    each: re.Pattern[str] | None = None
    #: what joins the places of such a list
    joiner: re.Pattern[str] | None = None
    #: after figures that go with the places before them in order ("соответственно")
    respective: re.Pattern[str] | None = None
    #: event types whose events are one per town of a list ("в Шахтах и Таганроге",
    #: "у Білоцерківському, Фастівському та Бучанському районах")
    town_lists: tuple[str, ...] = ()
    #: the whole gap between two towns of such a list ("и", ", а также в", "та у м.")
    list_gap: re.Pattern[str] | None = None
    #: right before a list that names one area, not places of their own ("в районах
    #: Клещеевки и Андреевки": one engagement near both)
    list_area: re.Pattern[str] | None = None
    #: the document's events told twice at the same places and time, no figure
    #: apart, are one (see FrameBuilder._fold_repeats)
    fold_repeats: bool = False


def _gated(pat: FramePatterns) -> FramePatterns:
    """The same patterns, each regex gated by its anchors in the document scan
    (tacitus.nlp.scan): not run on a sentence that holds none of them."""
    return replace(pat, **{f: gated(v) for f, v in vars(pat).items() if isinstance(v, re.Pattern)})


ENGLISH = _gated(FramePatterns())


@lru_cache(maxsize=1)
def city_regions() -> frozenset[str]:
    """The first-level regions that are one city (Kyiv, Sevastopol, Moscow): a place
    in one is that city."""
    from ..geo.build import _display_name, load_yaml
    regions = load_yaml("regions.yml")
    return frozenset(_display_name(r) for key in ("ukraine", "russia") for r in regions[key] if r["kind"] == "city")


@lru_cache(maxsize=None)
def frame_patterns(language: str | None) -> FramePatterns:
    """The frame patterns of a language: English's, or those of data/LANG/frames.yml."""
    path = resources.files("tacitus.data").joinpath(f"{language}/frames.yml")
    if not language or language == "en" or not path.is_file():
        return ENGLISH
    data = yaml.safe_load(path.read_text("utf-8"))
    fields: dict = {"language": language}
    for name, value in data.items():
        if isinstance(value, bool) or isinstance(value, int):
            fields[name] = value
        elif name in ("split_towns", "default_dyad", "attacker_kinds", "town_lists"):
            fields[name] = tuple(value)
        else:
            flags = re.I if name not in ("dateline", "possessed_place") else 0
            fields[name] = re.compile(value if isinstance(value, str) else "|".join(value), flags)
    return _gated(replace(ENGLISH, **fields))


@dataclass
class Annotations:
    """What the annotators found in one sentence (offsets relative to the sentence)."""
    numbers: list[Mention] = field(default_factory=list)
    times: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    actors: list[Mention] = field(default_factory=list)
    weapons: list[Mention] = field(default_factory=list)


@dataclass
class _Draft:
    """An event being built, with what it knew explicitly (for merging)."""
    event: Event
    explicit_time: bool
    explicit_place: bool
    order: int
    headline: bool = False   # from a heading or title: repeated by the text below it


def dyad(actor_countries: Counter[str], place_countries: Counter[str]) -> tuple[str, str] | None:
    """The two sides a document is about: the two most mentioned state countries."""
    total = actor_countries + place_countries
    top = [c for c, n in total.most_common(3) if c]
    if len(top) >= 2 and actor_countries[top[0]] + actor_countries[top[1]] > 0:
        return top[0], top[1]
    return None


def _state(country: str | None, names: dict[str, str]) -> Actor | None:
    if not country:
        return None
    return Actor(name=names.get(country, country), country=country, kind="state")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


_WORD_RUN = re.compile(r"\w+")


class _Words:
    """The word runs of a sentence, found once, to count the words between two
    offsets in O(log n): the count ``len(re.findall(r"\\w+", text[a:b]))`` gives."""

    def __init__(self, text: str):
        runs = [(m.start(), m.end()) for m in _WORD_RUN.finditer(text)]
        self.starts = [s for s, _ in runs]
        self.ends = [e for _, e in runs]

    def between(self, a: int, b: int) -> int:
        """Words of text[a:b]; 99 when b <= a (nothing between: not a gap)."""
        if b <= a:
            return 99
        return bisect_left(self.starts, b) - bisect_right(self.ends, a)


def _gap_words(text: str, a: int, b: int) -> int:
    """Words of text[a:b] (99 when b <= a); one question: ``_Words`` answers many."""
    return _Words(text).between(a, b)


def launching_actor(sentence: str, ann: Annotations, pat: FramePatterns = ENGLISH) -> Mention | None:
    """An actor that is the subject of a launch verb: "Russia had launched 40 drones"."""
    for a in ann.actors:
        if (a.value.kind or "state") in _SIDE_KINDS and pat.launch_after.match(sentence[a.end:a.end + 50]):
            return a
    return None


def find_attacker(sentence: str, ann: Annotations, trigger_start: int, pat: FramePatterns = ENGLISH,
                  trigger_end: int | None = None) -> Actor | None:
    """The side that launched: an actor word right before a weapon ("Ukrainian
    drones", "Russian drone strike"), or the subject of a launch verb ("Russia
    had launched"), else an actor subject before the trigger that is not the
    one reporting ("Russia unleashed", not "Russia claimed")."""
    words = _Words(sentence) if ann.weapons and ann.actors else None
    for w in ann.weapons:
        for a in ann.actors:
            if (a.end <= w.start and words.between(a.end, w.start) <= 1
                    and (a.value.kind or "state") in ("state", "people", "military", "group")
                    and (pat.language == "en" or (a.value.kind or "state") != "state"
                         or _is_adjective(a, pat.language))):
                return a.value
    launcher = launching_actor(sentence, ann, pat)
    if launcher is not None:
        return launcher.value
    if pat.language != "en" and trigger_end is not None and trigger_end > 0:
        agent = _genitive_agent(sentence, ann, trigger_end, pat.language)
        if agent is not None:
            return agent
    candidates = [a for a in ann.actors if a.end <= trigger_start
                  and not pat.reporting.match(sentence[a.end:a.end + 40])
                  and (not _is_adjective(a, pat.language) or pat.force_after.match(sentence[a.end:a.end + 40]))
                  and not pat.locative.search(sentence[max(0, a.start - 12):a.start])
                  and not pat.possessed_place.match(sentence[a.end:a.end + 40])
                  and (a.value.kind or "state") in pat.attacker_kinds]
    return candidates[-1].value if candidates else None


def _genitive_agent(sentence: str, ann: Annotations, trigger_end: int, language: str) -> Actor | None:
    """After a noun of attack, its agent: "атаке ВСУ", "атак вооруженных сил Украины",
    "атаки российских дронов" (an actor within two words of the noun, the noun not
    a verb: after "атаковали" the actor is the target)."""
    from ..geo.morph import is_noun
    words = re.findall(r"[\w'’ʼ-]+", sentence[:trigger_end])
    if not words or not is_noun(words[-1], (language,)):
        return None
    for a in ann.actors:
        if a.start >= trigger_end and _gap_words(sentence, trigger_end, a.start) <= 2 \
                and (a.value.kind or "state") in ("state", "military", "group", "people"):
            return a.value
        if a.start >= trigger_end:
            break
    return None


def find_target(sentence: str, ann: Annotations, trigger_end: int, attacker: Actor | None) -> Actor | None:
    """An actor after the trigger that is not the attacker ("strikes on Ukraine")."""
    for a in ann.actors:
        if a.start >= trigger_end and (attacker is None or a.value.country != attacker.country):
            if (a.value.kind or "state") in ("state", "military", "group", "people", "government"):
                return a.value
    return None


def _overlap(a: TimeSpan | None, b: TimeSpan | None) -> bool:
    """Two windows share a day (a report's own night and its publication day do)."""
    return a is not None and b is not None and a.start <= b.end and b.start <= a.end


def _nested(a: TimeSpan, b: TimeSpan) -> bool:
    """One window inside the other: "overnight" and "on September 12" can be one night."""
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _weapon_unit(weapons: list[str]) -> str | None:
    """The unit a bare count of these weapons is in: drone or missile."""
    for w in weapons:
        if "drone" in w or w in ("uav", "shahed"):
            return "drone"
        if "missile" in w or w in ("rocket",):
            return "missile"
    return None


_FINE = ("facility", "district", "city")


def _town_key(p: Place, cities: frozenset[str] = frozenset()) -> str:
    """What tells a town from another; with ``cities``, a place in a region that is one
    city (Kyiv's districts "Святошин", "Солом'янка") is that city."""
    if cities and p.admin1 in cities:
        return p.admin1.lower()
    return (p.gazetteer_id or p.name or "").lower()


def _new_town(old: list[Place], new: list[Place], cities: frozenset[str] = frozenset()) -> bool:
    """Whether a mention names a town the event it would join does not."""
    # a district may be the town's own ("у Солом'янському районі" of Kyiv): only a town is new
    towns = {_town_key(p, cities) for p in new if p.precision in ("city", "facility")}
    return bool(towns) and not towns & {_town_key(p, cities) for p in old if p.precision in _FINE}


def places_agree(a: list[Place], b: list[Place], cities: frozenset[str] = frozenset()) -> bool:
    """Two mentions' places can be one event's: the same town, or a wider
    place (region, country) that holds the other's towns. ``cities``: the regions
    that are one city, whose places are that city (``_town_key``)."""
    fine_a = [p for p in a if p.precision in _FINE]
    fine_b = [p for p in b if p.precision in _FINE]
    if fine_a and fine_b:
        return bool({_town_key(p, cities) for p in fine_a} & {_town_key(p, cities) for p in fine_b})
    fine, coarse = (fine_a, b) if fine_a else (fine_b, a)
    if fine:
        regions = {p.name for p in coarse if p.precision == "admin1"}
        if regions:
            return any(p.admin1 in regions for p in fine)
        return bool({p.country for p in coarse} & {p.country for p in fine})
    regions_a = {p.name for p in a if p.precision == "admin1"}
    regions_b = {p.name for p in b if p.precision == "admin1"}
    if regions_a and regions_b:
        return bool(regions_a & regions_b)
    return bool({p.country for p in a} & {p.country for p in b})


def split_parts(sentence: str, qs: list[Quantity], q_spans: list[tuple[int, int]],
                places: list[Mention], pat: FramePatterns = ENGLISH) -> list[tuple[Quantity, Mention]]:
    """Quantities followed by their own place ("28 over the Saratov Region"):
    each becomes a part event; the first, larger figure stays the total."""
    parts = _respective_parts(sentence, qs, q_spans, places, pat)
    paired = {id(q) for q, _ in parts} | {id(p) for _, p in parts}
    for q, (_, end) in zip(qs, q_spans):
        if id(q) in paired:
            continue
        for k, p in enumerate(places):
            if id(p) in paired:
                continue
            if 0 <= p.start - end <= pat.part_gap and pat.place_prep.match(sentence[end:p.start]):
                parts.append((q, p))
                if pat.each is not None and pat.joiner is not None and pat.each.match(q.text):
                    # "по 11 над Белгородской и Воронежской областями": each place gets the figure
                    prev = p
                    for nxt in places[k + 1:]:
                        if not pat.joiner.fullmatch(sentence[prev.end:nxt.start]):
                            break
                        parts.append((replace(q), nxt))
                        prev = nxt
                break
    return parts


def _runs(sentence: str, spans: list[tuple[int, int]], joiner: re.Pattern[str]) -> list[list[int]]:
    """Indexes of items (by their spans, in order) that a list joins ("29 и 15",
    "Брянской и Орловской")."""
    runs: list[list[int]] = []
    for k, (start, _end) in enumerate(spans):
        if runs and start >= spans[runs[-1][-1]][1] and joiner.fullmatch(sentence, spans[runs[-1][-1]][1], start):
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _respective_parts(sentence: str, qs: list[Quantity], q_spans: list[tuple[int, int]],
                      places: list[Mention], pat: FramePatterns) -> list[tuple[Quantity, Mention]]:
    """Figures and places listed in the same order: "29 и 15 БПЛА уничтожили над
    территориями Брянской и Орловской областей" (ru-0027), "над Черным морем и
    Краснодарским краем — по 67 и 66 соответственно" (ru-0108): the n-th figure is
    the n-th place's."""
    if pat.joiner is None or pat.respective is None or len(qs) < 2 or len(places) < 2:
        return []
    order = sorted(range(len(qs)), key=lambda k: q_spans[k][0])
    q_runs = [[order[k] for k in run] for run in _runs(sentence, [q_spans[k] for k in order], pat.joiner)]
    p_runs = _runs(sentence, [(m.start, m.end) for m in places], pat.joiner)
    out: list[tuple[Quantity, Mention]] = []
    for qr in q_runs:
        if len(qr) < 2:
            continue
        q_start, q_end = q_spans[qr[0]][0], q_spans[qr[-1]][1]
        for pr in p_runs:
            if len(pr) != len(qr):
                continue
            p_start, p_end = places[pr[0]].start, places[pr[-1]].end
            before = 0 <= p_start - q_end <= pat.part_gap and pat.place_prep.match(sentence[q_end:p_start])
            after = 0 <= q_start - p_end <= 12 and pat.respective.search(sentence[q_end:q_end + 30])
            if before or after:
                out += [(qs[a], places[b]) for a, b in zip(qr, pr)]
                break
    return out


def _vague(q: Quantity) -> bool:
    """A figure told in words of no number ("dozens", "scores of", "hundreds")."""
    return q.qualifier == "range" and q.high is not None and not any(ch.isdigit() for ch in q.text) \
        and _vague_words().search(q.text) is not None


@lru_cache(maxsize=1)
def _vague_words() -> re.Pattern[str]:
    data = yaml.safe_load(resources.files("tacitus.data").joinpath("numbers.yml").read_text(encoding="utf-8"))
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in data["vague"]) + r")\b", re.I)


def _within(a: Quantity, b: Quantity) -> bool:
    """One figure is an upper bound the other falls within (at most 5, then 2), or a
    vague one the other makes exact ("dozens were killed", then "we buried 85":
    dev en-1078, en-1054)."""
    for x, y in ((a, b), (b, a)):
        if x.qualifier == "at_most" and y.value <= x.value:
            return True
        if _vague(x) and not _vague(y) and x.low <= y.value <= x.high:
            return True
    return False


def _tally(qs: list[Quantity]) -> bool:
    """Figures of weapons launched or downed with no one killed or hurt: a national tally."""
    return any(q.role in ("launched", "intercepted") for q in qs) and \
        not any(q.role in ("killed", "injured", "missing") for q in qs)


def _outermost_not(mentions: list[Mention]) -> list[Mention]:
    """The places of a sentence that hold none of its other places ("Domodedovo
    in the Moscow region" is Domodedovo), one mention per place."""
    out: list[Mention] = []
    for m in mentions:
        if any(o is not m and places_agree([o.value], [m.value]) and _finer(o.value, m.value) for o in mentions):
            continue
        if any(places_agree([o.value], [m.value]) for o in out):
            continue
        out.append(m)
    return out


def _finer(a: Place, b: Place) -> bool:
    rank = {"facility": 0, "district": 1, "city": 2, "admin1": 3, "country": 4}
    return rank.get(a.precision, 2) < rank.get(b.precision, 2)


def _granularity_clash(a: Event, b: Event) -> bool:
    """A country-level total and the event of one named place are two events
    (ACLED granularity), unless they give the same figure."""
    fine_a = any(p.precision != "country" for p in a.places)
    fine_b = any(p.precision != "country" for p in b.places)
    if fine_a == fine_b:
        return False
    if any(q.role == o.role and q.value == o.value and q.qualifier == o.qualifier
           for q in a.quantities for o in b.quantities):
        return False
    coarse = b if fine_a else a
    return bool(coarse.quantities)


def _more_of_a_strike(ev: Event) -> bool:
    """A mention with no place at all and no state behind it ("They sent five kamikaze
    drones", "A drone fired four missiles at the hospital", "Another UAV dropped a
    projectile") tells more of a strike just told, not a country's total: its figures
    are that strike's (dev en-0035, en-0036, en-0037, en-0563, en-1097)."""
    return not ev.places and (ev.attacker is None or (ev.attacker.kind or "state") != "state")


class FrameBuilder:
    """Builds the events of one document, sentence by sentence, keeping the
    document context (last city, claims, sides) the sentences share."""

    def __init__(self, doc: Document, *, classify, acled_for, default_time, claim_context,
                 attribute, place_country=None, country_names: dict[str, str] | None = None,
                 country_place=None, region_place=None, region_named=None, language: str | None = None):
        self.doc = doc
        self.language = language or doc.language or "en"
        self.pat = frame_patterns(self.language)
        self._list_head: Event | None = None   # a tally whose parts may follow as sentences
        self._quiet: Annotations | None = None   # the sentence before, when it had no event (carry_context)
        self.classify = classify
        self.acled_for = acled_for
        self.default_time = default_time
        self.claim_context = claim_context
        self.attribute = attribute
        self.place_country = place_country
        self.country_names = country_names or {}
        self.country_place = country_place   # ISO2 -> a country-level Place, or None
        self.region_place = region_place     # (admin1 name, ISO2) -> an admin1-level Place, or None
        self.region_named = region_named     # (a name, ISO2 or None) -> the region "<name> region", or None
        self.drafts: list[_Draft] = []
        self._strike_cache: list[str] | None = []
        self.last_city: Place | None = None
        self._block = "paragraph"
        self._since_last_event = 99
        self._touched = False     # the last sentence merged into an event
        self._strikes_in_doc: list[str] | None = None
        self._merges = 0                               # how many mentions merged so far
        self._tidied: tuple | None = None              # (annotations, tidied) of the sentence at hand
        self._cities: list[tuple[int, Place]] = []   # (where in the text, town) as met
        # event type -> (the time this sentence named for it, its figures); and the sentence before's
        self._times_now: dict[str, tuple[TimeSpan, list[Quantity]]] = {}
        self._times_before: dict[str, tuple[TimeSpan, list[Quantity]]] = {}
        self._first_start = next((b.start for b in doc.blocks if b.kind not in ("title", "heading")), 0)

    # -- per sentence -------------------------------------------------------
    @staticmethod
    def background_spans(text: str, pat: FramePatterns = ENGLISH) -> list[tuple[int, int]]:
        """Subordinate clauses that give background rather than the news."""
        spans = []
        for m in pat.background.finditer(text):
            end = pat.clause_end.search(text, m.end())
            spans.append((m.start(), end.start() if end else len(text)))
        return spans

    @staticmethod
    def _main_hits(hits: list, spans: list[tuple[int, int]]) -> tuple[list, list[tuple[int, int]]]:
        """Drop hits in background clauses when the sentence has a main one;
        returns the hits kept and the spans that held dropped hits."""
        def inside(h):
            return next((sp for sp in spans if sp[0] <= h.start < sp[1]), None)
        main = [h for h in hits if inside(h) is None]
        if not main or len(main) == len(hits):
            return hits, []
        dropped = {inside(h) for h in hits if inside(h) is not None}
        # a background hit of the main event's own type is a repeat, not noise
        return main, [sp for sp in dropped if sp]

    def _attach_casualties(self, sent: Sentence, ann: Annotations, cities: list[Place],
                           said: Claim | None = None) -> None:
        """"Three people were injured." after a strike: the figures are that
        strike's, when the sentence names no other town. The event's evidence
        then runs on to the end of this sentence, so every figure stays in it;
        a strike's first figures bring their claimant ("..., the governor said")."""
        text = sent.text
        if not self.drafts or self._since_last_event > 2:
            return
        last = self.drafts[-1].event
        if last.type not in ("attack", "assault", "clash") or (not ann.numbers and self.pat is ENGLISH):
            return   # (Russian and Ukrainian say "one" with a singular: "Пострадал водитель")
        qs = [q for q in sentence_quantities(text, ann.numbers, last.type, language=self.language)
              if q.role in ("killed", "injured", "missing")]
        if not qs or (cities and not places_agree(last.places, cities)):
            return
        have = {(q.role, q.unit) for q in last.quantities}
        new = [q for q in qs if (q.role, q.unit) not in have]
        if new and last.evidence.start < sent.start:
            if said is not None and said.claimant and not last.quantities:
                last.claim = replace(said, reported_by=list(dict.fromkeys(said.reported_by
                                                                          + last.claim.reported_by)))
            last.quantities += new
            start = last.evidence.start
            last.evidence = Evidence(text=self.doc.text[start:sent.end], start=start, end=sent.end)

    def _casualty_hits(self, sent: Sentence, ann: Annotations) -> list:
        """"In Kharkiv, one person was hurt": in a report about strikes, people killed
        or hurt at a place the last strike was not are a strike there."""
        text = sent.text
        if not ann.places or not _CASUALTY_WORD.search(text):
            return []   # cheap tests first: most sentences end here
        raw = [m.value for m in ann.places if m.value.precision != "country"]
        if not raw or self._told_strike_at(raw):
            return []   # more about a strike told already (the last one: _attach_casualties adds its figures)
        weapons = self._strike_weapons() or self._doc_weapons()
        if not weapons or not ann.numbers:
            return []
        qs = [q for q in sentence_quantities(text, ann.numbers, "attack") if q.role in ("killed", "injured", "missing")]
        if not qs:
            return []
        fine = [m.value for m in self._tidy(sent, ann).places if m.value.precision != "country"]
        if not fine or self._told_strike_at(fine):
            return []
        from .classify import TypeHit
        start = text.find(qs[0].text)
        return [TypeHit(type="attack", sub_event_type=None, event_type=None, weapons=list(weapons),
                        start=max(start, 0), end=max(start, 0) + len(qs[0].text), trigger=qs[0].text,
                        rule="casualty")]

    def _told_strike_at(self, places: list[Place]) -> bool:
        """Whether the report told a strike at (or around) each of these places already
        (a strike on a whole country tells none)."""
        told = [[p for p in d.event.places if p.precision != "country"] for d in self.drafts
                if d.event.type == "attack"]
        return all(any(t and places_agree(t, [p]) for t in told) for p in places)

    def _strike_weapons(self) -> list[str]:
        """The weapons of the report's strikes so far; empty when it has none.
        Kept up to date as drafts come and merge (``_note_weapons``), so asking
        costs nothing however many events the report has."""
        if self._strike_cache is None:
            weapons: list[str] = []
            for d in self.drafts:
                if d.event.type in _STRIKES:
                    weapons += [w for w in d.event.weapons if w not in weapons]
            self._strike_cache = weapons
        return list(self._strike_cache)

    def _note_weapons(self, ev: Event, appended: bool) -> None:
        """Keep the strike weapons current after ``ev`` was appended as the last draft
        (its new weapons go last) or merged into an older one (then a new weapon
        may belong before others: recount on the next question, which is rare)."""
        cache = self._strike_cache
        if cache is None or ev.type not in _STRIKES:
            return
        new = [w for w in ev.weapons if w not in cache]
        if not new:
            return
        if appended:
            cache += [w for w in dict.fromkeys(new)]
        else:
            self._strike_cache = None

    @staticmethod
    def _strike_noun(text: str, hit) -> bool:
        """In a report about strikes, "the attack", "an attack by Houthi rebels", "the
        American and British attacks" typed as a clash or an assault (an armed actor
        near, no weapon in the sentence) name the strikes again; so does damage told
        as property destroyed ("the attack destroyed six residential buildings", "set
        cars on fire in a parking lot"). Dev: en-0037, en-0066, en-0081, en-0082,
        en-1049, en-1060, en-1073, en-1076, en-1070, en-1104."""
        if hit.type == "other":
            return hit.sub_event_type == "Looting/property destruction"
        if hit.type not in ("clash", "assault") or "firearm" in hit.weapons:
            return False
        return bool(_STRIKE_NOUN.fullmatch(hit.trigger))

    def _anaphoric_strike(self, text: str, hit):
        """"The attack damaged a school", after a missile strike, is that strike
        (with its weapons), not violence against civilians by unknown hands."""
        if self.pat is ENGLISH and self._strike_noun(text, hit):
            weapons = self._strike_weapons()
            if weapons:
                return replace(hit, type="attack", sub_event_type=None, event_type=None,
                               weapons=list(dict.fromkeys(hit.weapons + weapons)), rule="anaphora")
        if hit.type != "assault" or not self.pat.anaphoric_attack.search(text[max(0, hit.start - 12):hit.end]):
            return hit
        weapons = self._strike_weapons()
        if not weapons or "firearm" in hit.weapons:
            return hit
        return replace(hit, type="attack", sub_event_type=None, event_type=None, weapons=list(weapons),
                       rule="anaphora")

    def _story_so_far(self, text: str, ann: Annotations) -> bool:
        """A background sentence ("have repeatedly struck hospitals since the
        start of the war") that dates nothing to the days of the report."""
        regex, _ = background_sentences()
        if regex is None or not regex.search(text):
            return False
        published = self.doc.published
        if published is None:
            return False   # no date to tell the news from the story so far
        return not any(t.value.end >= published - timedelta(days=7) for t in ann.times
                       if t.value is not None and anchor_offset(t.text) is None)

    def _stale(self, time: TimeSpan | None) -> bool:
        """An event dated well before the report is background (the 2022 invasion)."""
        if time is None or self.doc.published is None:
            return False
        return time.end < self.doc.published - timedelta(days=background_sentences()[1])

    def _context_hits(self, text: str, block: str, only: tuple[str, ...] = ()) -> list:
        """Weak triggers that report an event only inside a report about strikes
        (in English a disruption also when the strikes are told further down)."""
        weapons = self._strike_weapons()
        from .classify import TypeHit
        hits = []
        if self.pat is not ENGLISH:
            if not weapons:
                return []
            for type_, (body, headline) in context_triggers(self.language).items():
                if only and type_ not in only:
                    continue
                pattern = headline if block in ("heading", "title") and headline is not None else body
                m = pattern.search(text) if pattern is not None else None
                if m and not self.pat.negated.search(text[:m.start()]):
                    hits.append(TypeHit(type=type_, sub_event_type=None, event_type=None,
                                        weapons=list(weapons) if type_ in ("attack", "interception") else [],
                                        start=m.start(), end=m.end(), trigger=m.group(0), rule="context"))
            return sorted(hits, key=lambda h: h.start)
        body, headline = context_index()
        index = headline if block in ("heading", "title") else body
        first: dict[str, tuple[int, int]] = {}
        for start, end, type_ in index.finditer(text):
            if type_ not in first and (not only or type_ in only):
                first[type_] = (start, end)
        for type_, (start, end) in first.items():
            if _NEGATED.search(text[:start]):
                continue
            if not weapons:
                # the strikes may be told further down: the report's weapons, looked up once
                weapons = self._doc_weapons()
                if not weapons:
                    return []
            hits.append(TypeHit(type=type_, sub_event_type=None, event_type=None,
                                weapons=list(weapons) if type_ in ("attack", "interception") else [],
                                start=start, end=end, trigger=text[start:end], rule="context"))
        return sorted(hits, key=lambda h: h.start)

    def _doc_weapons(self) -> list[str]:
        """The explosive weapons the report names anywhere (looked up once)."""
        if self._strikes_in_doc is None:
            self._strikes_in_doc = list(dict.fromkeys(m.value for m in find_weapons(self.doc.text)
                                                      if is_explosive(m.value)))
        return self._strikes_in_doc

    def _dateline(self, sent: Sentence, ann: Annotations) -> int:
        """Where a dateline ends ("KHARTOUM, Aug 28 (Reuters) -", "Kyiv: ", "JAMMU, Oct
        10:", "MOSCOW, September 5. /TASS/."): at the head of a line near the top of the
        report, a place with the filing date and agency. 0 when there is none."""
        if sent.start == self._first_start:
            m = self.pat.dateline.match(sent.text)
            if m:
                return m.end()
        if self.pat is not ENGLISH:
            return 0
        if sent.start - self._first_start > 600 or (sent.start and self.doc.text[sent.start - 1] not in "\n"
                                                     and sent.start != self._first_start):
            return 0
        m = _DATELINE_LOOSE.match(sent.text)
        if not m:
            return 0
        # the head must be a place (or a capitalised agency dateline): not "Quote:" or "Details:"
        if not any(p.start <= m.start("head") < p.end or m.start("head") <= p.start < m.end("head")
                   for p in ann.places) and not m.group("head").isupper():
            return 0
        return m.end()

    def _tidy(self, sent: Sentence, ann: Annotations) -> Annotations:
        """Drop what is not the event's: the dateline (where the story was filed),
        weapons inside an actor's name ("Ukraine's air force said"), places inside
        an armed group's name ("Rapid Support Forces"). Worked out once a sentence."""
        if self._tidied is not None and self._tidied[0] is ann:
            return self._tidied[1]
        tidied = self._tidy_anew(sent, ann)
        self._tidied = (ann, tidied)
        return tidied

    def _tidy_anew(self, sent: Sentence, ann: Annotations) -> Annotations:
        cut = self._dateline(sent, ann)
        def inside_actor(m: Mention, kinds=None) -> bool:
            return any(a.start <= m.start and m.end <= a.end and (kinds is None or a.value.kind in kinds)
                       for a in ann.actors)
        def surname(m: Mention) -> bool:
            # "regional governor Ivan Fedorov": a name that ends an official's mention is a person's
            return any(a.start < m.start and m.end == a.end and a.value.kind == "official" for a in ann.actors)

        def jurisdiction(m: Mention) -> Mention:
            # "Bryansk governor", "Kharkiv's regional governor": the region, not its capital
            if self.region_place is None or m.value.precision not in ("city", "district") or not m.value.admin1:
                return m
            for a in ann.actors:
                if a.value.kind == "official" and a.start <= m.start and m.end <= a.end \
                        and self.pat.governor.search(sent.text[a.start:a.end]):
                    region = self.region_place(m.value.admin1, m.value.country)
                    if region is not None:
                        return replace(m, value=replace(region, text=m.text))
            return m

        def speaker_name(m: Mention) -> bool:
            # "..., Fedorov said": a surname that is some village's name too speaks
            return m.value.precision in ("city", "district") and bool(_SAID_RIGHT_AFTER.match(sent.text, m.end)) \
                and not inside_actor(m, ("metonym",)) and not _LOCATIVE.search(sent.text[max(0, m.start - 12):m.start])

        def side_by_capital(m: Mention) -> bool:
            # "Moscow's troops", "Kyiv's forces": a capital standing for its side (dev en-0009, en-0081, en-0096)
            return bool(_CAPITAL_SIDE.match(sent.text, m.end))

        def time_zone(m: Mention) -> bool:
            # "11:00 p.m. Moscow time", "Kyiv time"
            return bool(re.match(r"\s+(?:time|standard time)\b", sent.text[m.end:m.end + 20], re.I))

        def speaking_capital(m: Mention) -> bool:
            # "Moscow said", "Kyiv has denied": a capital speaking for its state;
            # "the ministry in Moscow said": where the speaker sits (English)
            if not self.pat.reporting.match(sent.text[m.end:m.end + 40]):
                return False
            return inside_actor(m, ("metonym",)) or (
                self.pat is ENGLISH and bool(_SPEAKER_BASE.search(sent.text[max(0, m.start - 40):m.start])))

        def side_named(m: Mention) -> bool:
            # "Russia claimed", "Russia's attack": a country named as a side, not as a place
            return (m.value.precision == "country" and inside_actor(m)
                    and not self.pat.locative.search(sent.text[max(0, m.start - 12):m.start]))
        origins = self._origins(sent.text, ann.places)
        places = [jurisdiction(m) for m in ann.places if m.start >= cut and m.start not in origins
                  and not inside_actor(m, ("group", "military"))
                  and not side_named(m) and not speaking_capital(m) and not time_zone(m)
                  and not surname(m) and not side_by_capital(m) and not speaker_name(m)]
        return Annotations(
            numbers=[m for m in ann.numbers if m.start >= cut],
            times=[m for m in ann.times if m.start >= cut],
            places=self._region_lists(sent.text, places, cut),
            actors=ann.actors,
            weapons=[m for m in ann.weapons if not inside_actor(m)],
        )

    def _region_lists(self, text: str, places: list[Mention], cut: int = 0) -> list[Mention]:
        """"the Kaluga, Moscow and Tver regions", "the regions of Cherkasy and
        Vinnytsia": each name is a first-level region, whatever town shares it."""
        if self.region_named is None:
            return places
        spans = [(a, b) for a, b in enum.region_list_names(text) if a >= cut]
        if not spans:
            return places
        out = list(places)
        for a, b in spans:
            overlap = [m for m in out if m.start < b and m.end > a]
            hint = next((m.value.country for m in overlap if m.value.country), None)
            words = text[a:b].split()
            region = None
            for i in range(len(words)):   # "UAVs Over Belgorod": the name is at the end
                region = self.region_named(" ".join(words[i:]), hint)
                if region is not None:
                    a = b - len(" ".join(words[i:]))
                    break
            if region is None:
                continue
            out = [m for m in out if not (m.start < b and m.end > a)]
            out.append(Mention(a, b, text[a:b], "place", replace(region, text=text[a:b])))
        return sorted(out, key=lambda m: m.start)

    def _origins(self, text: str, places: list[Mention]) -> set[int]:
        """Where the places weapons came from start ("з напрямків Курськ, Орел")."""
        origins: set[int] = set()
        if self.pat.origin is None or (self.pat.departure is not None and self.pat.departure.search(text)):
            return origins   # "вывезены из Суджи": people leave a place, weapons come from one
        prev = None
        for m in places:
            if self.pat.origin.search(text[max(0, m.start - 40):m.start]) or (
                    prev is not None and prev.start in origins
                    and re.fullmatch(r"\s*(?:,|і|й|та|и)\s*(?:,\s*)?", text[prev.end:m.start])):
                origins.add(m.start)
            prev = m
        return origins

    @staticmethod
    def _outside(mentions: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
        return [m for m in mentions if not any(a <= m.start < b for a, b in spans)]

    def add_sentence(self, sent: Sentence, ann: Annotations) -> None:
        """Read one sentence (in document order) into the document's events."""
        self._block = sent.block
        self.claim_context.at(sent.start, sent.block)
        self._since_last_event += 1
        n_before = len(self.drafts)
        self._times_before, self._times_now = self._times_now, {}
        self._add_sentence(sent, ann)
        if self.pat.report_place:
            origins = self._origins(sent.text, ann.places)
            named = [m.value for m in ann.places if m.value.precision != "country" and m.start not in origins]
            if named:
                self._report_place = named[-1]
        if len(self.drafts) != n_before or self._touched:
            self._since_last_event = 0
        self._touched = False

    def _add_sentence(self, sent: Sentence, ann: Annotations) -> None:
        text = sent.text
        head, self._list_head = self._list_head, None
        quiet, self._quiet = self._quiet, None
        self._carry = quiet
        hits = [self._anaphoric_strike(text, h) for h in self.classify(text) if not h.negated]
        if not any(h.type != "attack" for h in hits) and self.pat.damage is not None \
                and self._clause_events(sent, ann, hits):
            return
        english = self.pat is ENGLISH
        if hits and english and self._story_so_far(text, ann):
            hits = []   # the story so far, not the news of the report
        elif not hits:
            hits = self._context_hits(text, sent.block) or (self._casualty_hits(sent, ann) if english else [])
        elif english and any(h.type in ("attack", "interception") for h in hits) \
                and not any(h.type == "disruption" for h in hits):
            # "a strike left 1,200 homes without power": the strike and the outage
            hits += self._context_hits(text, sent.block, only=("disruption",))
        if hits:   # a sentence without an event is not tidied: most are never looked at closely
            ann = self._tidy(sent, ann)
        if len(hits) > 1:
            hits, noise = self._main_hits(hits, self.background_spans(text, self.pat))
            if noise:
                ann = Annotations(numbers=self._outside(ann.numbers, noise), times=ann.times,
                                  places=self._outside(ann.places, noise), actors=ann.actors,
                                  weapons=self._outside(ann.weapons, noise))
        cities = [p.value for p in ann.places if p.value.precision in ("city", "district", "facility")]
        if not hits and head is not None and self._list_part(sent, ann, head):
            self._list_head = head
            return
        if not hits:
            # no event here: keep who is speaking for the sentences to come, cheaply
            said = None
            if self.pat.speech.search(text):
                said = self.attribute(text, doc_outlet=self.doc.outlet, context=self.claim_context,
                                      place_country=self.place_country, places=ann.places)
            else:
                self.claim_context.observe_mentions(ann.actors, ann.places)
            self._attach_casualties(sent, ann, cities, said)
            if cities:
                self.last_city = cities[-1]
                self._cities += [(sent.start, c) for c in cities]
            if self.pat.carry_context:
                self._quiet = ann
            return
        claim = self.attribute(text, doc_outlet=self.doc.outlet, context=self.claim_context,
                               place_country=self.place_country, places=ann.places)
        if claim.claimant and claim.claimant_country is None and ann.places:
            generic = claim.claimant.lower().split()[-1] in ("authorities", "officials", "official", "police", "residents", "witnesses", "sources")
            if generic:
                claim = replace(claim, claimant_country=ann.places[0].value.country)
        seen_types: set[str] = set()
        self._sentence_types = {h.type for h in hits}
        for hit in hits:
            if hit.type in seen_types:   # one event per type per sentence
                continue
            seen_types.add(hit.type)
            self._build(sent, ann, hit, claim, others=[h for h in hits if h.type != hit.type])
        if cities:
            self.last_city = cities[-1]
            self._cities += [(sent.start, c) for c in cities]

    def _build(self, sent: Sentence, ann: Annotations, hit, claim: Claim, others: list | None = None) -> None:
        text = sent.text
        weapons = list(dict.fromkeys(list(hit.weapons) + [w.value for w in ann.weapons]))
        numbers = ann.numbers if hit.type in QUANTITY_TYPES else []
        qs = sentence_quantities(text, numbers, hit.type,
                                 default_unit=(_weapon_unit(weapons or self._strike_weapons())
                                               if hit.type in ("attack", "interception") else None)
                                 if self.pat is ENGLISH else
                                 (_weapon_unit(weapons) if hit.rule == "context" else None),
                                 language=self.language)
        if self.pat is not ENGLISH and {"attack", "interception"} <= getattr(self, "_sentence_types", set()):
            # "атаковала 50 беспилотниками, из них 38 были сбиты": each event its own figures
            qs = [q for q in qs if (q.role == "intercepted") == (hit.type == "interception")]
        if self.pat is ENGLISH and hit.type == "attack" and not any(q.role in ("launched", "intercepted") for q in qs):
            # "hit by five missiles", "two missiles struck the city": with no tally of
            # launches and interceptions, the weapons that struck are the weapons used
            # (dev en-0066, en-0073, en-0519, en-0524)
            qs = [replace(q, role="launched") if q.role == "hit" and q.unit != "person" else q for q in qs]
        mentions = ann.places
        if self.pat is ENGLISH and hit.type in ("attack", "interception") and mentions:
            # where the weapons came from is not where they struck or fell
            origin = enum.origins(text, mentions)
            if origin:
                mentions = [m for i, m in enumerate(mentions) if i not in origin]
        places = []
        for m in mentions:
            key = (m.value.gazetteer_id or m.value.name, m.value.country)
            if key not in {(p.gazetteer_id or p.name, p.country) for p in places}:
                places.append(m.value)
        carry = getattr(self, "_carry", None)
        if not places and carry is not None and self.pat.carry_context:
            # the town the sentence before named (the first of a list it named: the
            # places of an order, "Йдеться про селище Васильківка, а також села ...": uk-0127)
            places = [m.value for m in carry.places if m.value.precision in _FINE][:1]
        explicit_place = bool(places)
        if not places and self.pat.report_place and getattr(self, "_report_place", None) is not None \
                and (hit.type != "interception" or not numbers):
            # where the report is (a tally's total with no place stays its country's)
            places = [replace(self._report_place)]
        if self.last_city is not None and self.pat.city_district.search(text):
            # "the city's Shevchenkivskyi district": a district of the town just named
            places = [p for p in places if not p.text.lower().endswith(("district", "raion"))]
            if not any(p.name == self.last_city.name for p in places):
                places.insert(0, replace(self.last_city))
        if not places and self.last_city is not None and self.pat.anaphor.search(text):
            places = [replace(self.last_city)]
            # "над городом": the town is named, only not by its name again (ru-0027, ru-0045;
            # in English, "the city" may be anyone's: seed and en dev drop)
            explicit_place = self.pat is not ENGLISH
        if not places and hit.type in INHERIT_TYPES and self.last_city is not None and not _tally(qs):
            # "A drone fired four missiles at the hospital": where the report is
            places = [replace(self.last_city)]
        # city-level places first: they are what the event is about
        rank = {"facility": 0, "district": 1, "city": 1, "admin1": 2, "country": 3}
        places.sort(key=lambda p: rank.get(p.precision, 2))
        if ann.times:
            # a time tied to another event ("a day after") only when nothing firmer is said
            firm = [t for t in ann.times if anchor_offset(t.text) is None] or ann.times
            if self.pat.dated is not None:
                firm = [t for t in firm if self.pat.dated.search(t.text)] or firm
            near = min(firm, key=lambda t: abs(t.start - hit.start))
            time, explicit_time = near.value, True
            if self.pat is ENGLISH and near.value.precision == "day" \
                    and _SPEECH_TIME.search(text, max(0, near.start - 80), near.start):
                # "..., residents said Monday": the event was that day or the one before
                time = self.default_time(near.value.start)
        elif carry is not None and self.pat.carry_context and carry.times:
            time, explicit_time = carry.times[-1].value, True
        elif self.pat.carry_context and self._parts_of_before(hit.type, qs):
            # the sentence right before gave a tally at a time it named, this one its parts
            # ("Утром 7 марта ... ликвидировали 124 ... По данным ведомства, 29 и 15 БПЛА
            # уничтожили над ...": ru-0027)
            time, explicit_time = self._times_before[hit.type][0], True
        else:
            time, explicit_time = self.default_time(self.doc.published), False
        if explicit_time:
            self._times_now[hit.type] = (time, qs)
        attacker = target = None
        if hit.type == "interception":
            # the subject shoots down; the attacker is whose weapons fell
            attacker = find_attacker(text, Annotations(actors=ann.actors, weapons=ann.weapons), -1, self.pat)
            launcher = launching_actor(text, ann, self.pat)
            defender = find_attacker(text, Annotations(actors=[a for a in ann.actors if a is not launcher]),
                                     hit.start, self.pat) if launcher is None else None
            target = defender if defender and (not attacker or defender.country != attacker.country) else None
        elif hit.type in DYADIC:
            attacker = find_attacker(text, ann, hit.start, self.pat, hit.end)
            target = find_target(text, ann, hit.end, attacker)
        acled = self.acled_for(hit.type, weapons, hint=hit.sub_event_type)
        flags = [f"figure '{_short(m.text)}' is over {MAX_COUNT:,}: kept in the evidence text only, not as a number"
                 for m in numbers if m.label == "number_too_large"]
        ev = Event(id="", type=hit.type, evidence=Evidence(text=text, start=sent.start, end=sent.end),
                   weapons=weapons, attacker=attacker, target=target, time=time, places=places,
                   quantities=qs, claim=claim, acled=acled, trigger=hit.trigger, flags=flags)
        spans = self._quantity_spans(text, numbers, qs, sequential=self.language != "en")
        # two claimants, two figures: "the chairman put the toll at 27, while the
        # Red Cross said it had recovered 31 bodies" are two claims
        kinds = [(q.role, q.unit) for q in qs]
        by_claim = self._claims_of_quantities(text, qs, spans, claim) if len(set(kinds)) < len(kinds) else []
        if len(by_claim) >= 2:
            for own_claim, own_qs in by_claim:
                self._add(replace(ev, quantities=own_qs, claim=own_claim, places=list(ev.places)),
                          explicit_time, explicit_place)
            return
        if self.pat is not ENGLISH:
            self._place_events_by_pattern(ev, ann, text, qs, spans, claim, explicit_time, explicit_place)
            return
        if hit.type not in SPLIT_TYPES:
            self._add(ev, explicit_time, explicit_place)
            return
        fine = [m for m in mentions if m.value.precision != "country"]
        template = self._template(hit.type, weapons)
        clauses = self._clauses(text, fine, qs, spans, hit, others or [])
        for mentions_c, qs_c, spans_c in clauses:
            # clauses with places of their own are events of their own ("a missile struck
            # a home in the Belgorod region, and a child was killed in the Bryansk region")
            ev_c = replace(ev, quantities=qs_c, places=[m.value for m in mentions_c], claim=replace(ev.claim),
                           weapons=list(ev.weapons))
            self._place_events(ev_c, text, mentions_c, qs_c, spans_c, numbers, template, explicit_time,
                               trigger_end=hit.end)
        if clauses:
            return
        self._place_events(ev, text, fine, qs, spans, numbers, template, explicit_time, explicit_place,
                           trigger_end=hit.end)

    def _parts_of_before(self, type_: str, qs: list[Quantity]) -> bool:
        """Whether the figures of weapons launched or brought down are each within a
        tally of the same kind the sentence right before gave at a time it named."""
        before = self._times_before.get(type_)
        tally = [q for q in qs if q.role in ("launched", "intercepted")]
        if before is None or not tally:
            return False
        return all(any(o.role == q.role and o.value > q.value for o in before[1]) for q in tally)

    def _place_events_by_pattern(self, ev: Event, ann: Annotations, text: str, qs: list[Quantity],
                                 spans: list[tuple[int, int]], claim: Claim, explicit_time: bool,
                                 explicit_place: bool) -> None:
        """Parts, region lists and towns as a language's frame patterns read them
        (Russian and Ukrainian; English has its enumeration grammar)."""
        if text.rstrip(" *").endswith(":"):
            self._list_head = ev   # "уничтожены 40 ... БпЛА:" and the parts on the lines below
        # per-region parts of a total
        parts = split_parts(text, qs, spans, ann.places, self.pat) if len(qs) >= 2 else []
        if parts and len({id(p) for _, p in parts}) >= 2:
            part_qs = {id(q) for q, _ in parts}
            part_places = {id(p.value) for _, p in parts}
            ev.quantities = [q for q in qs if id(q) not in part_qs]
            ev.places = [p for p in ev.places if id(p) not in part_places] or \
                [p for p in ev.places if p.precision == "country"]
            if ev.quantities:   # the total stays one event; its parts follow
                self._add(ev, explicit_time, explicit_place)
            for q, p in parts:
                part = replace(ev, quantities=[q], places=[p.value], claim=replace(claim))
                self._add(part, explicit_time, True, merge=False)
            return
        if self.pat.region_events and self._region_events(ev, ann, text, explicit_time):
            return
        if ev.type in self.pat.town_lists and self._town_list_events(ev, ann, text, qs, explicit_time):
            return
        towns = [p for p in ev.places if p.precision in ("city", "district", "facility")]
        if ev.type in self.pat.split_towns and len(towns) >= 2:
            # one event per town named: "освободили населённые пункты Гуляйполе и Степногорск"
            for p in towns:
                self._add(replace(ev, places=[p], claim=replace(ev.claim)), explicit_time, True, merge=False)
            return
        self._add(ev, explicit_time, explicit_place)

    def _town_list_events(self, ev: Event, ann: Annotations, text: str, qs: list[Quantity],
                          explicit_time: bool) -> bool:
        """A coordinated list of towns or districts ("в Шолоховском, Миллеровском районах,
        а также в Шахтах и Таганроге", "Під обстріл потрапили: Київ, Львів, Дніпро"):
        one event per place (ACLED granularity), as ``_add_parts`` makes them; False
        when the sentence names no such list."""
        if self.pat.list_gap is None:
            return False
        fine = sorted((m for m in ann.places if m.value.precision in _FINE), key=lambda m: m.start)
        runs: list[list[Mention]] = []
        for m in fine:
            if runs and m.start >= runs[-1][-1].end and self.pat.list_gap.fullmatch(text, runs[-1][-1].end, m.start):
                runs[-1].append(m)
            else:
                runs.append([m])
        cities = city_regions()

        def key(m: Mention) -> str:
            # a city's own districts ("у Святошинському та Голосіївському районах" of Kyiv) are the city
            if m.value.admin1 in cities:
                return m.value.admin1.lower()
            return (m.value.gazetteer_id or m.value.name or "").lower()
        lists = [r for r in runs if len({key(m) for m in r}) >= 2 and not (
            self.pat.list_area is not None and self.pat.list_area.search(text[max(0, r[0].start - 40):r[0].start]))]
        if not lists:
            return False
        found = [enum.Part(r) for r in lists]
        listed = {id(m) for r in lists for m in r}
        # a town named outside the list is an item of its own, as is its place
        found += [enum.Part([m]) for m in fine if id(m) not in listed]
        self._add_parts(ev, sorted(found, key=lambda p: p.places[0].start), qs, explicit_time)
        return True

    def _clauses(self, text: str, fine: list[Mention], qs: list[Quantity], spans: list[tuple[int, int]],
                 hit, others: list) -> list:
        """The sentence's clauses that name places of their own, with their
        figures, when two or more name places that are not one another's;
        else nothing. A clause holding another event's trigger is that event's."""
        if len(fine) < 2:
            return []
        cut = enum.clauses(text, enum.place_runs(text, fine))
        if len(cut) < 2:
            return []
        foreign = [o.start for o in others]
        groups: list[list] = []   # [start, end, mentions]
        for a, b in cut:
            if not a <= hit.start < b and any(a <= f < b for f in foreign):
                continue
            ms = [m for m in fine if a <= m.start < b]
            if ms or not groups:
                groups.append([a, b, ms])
            else:
                groups[-1][1] = b   # a clause with no place goes on with the one before
        placed = [g for g in groups if g[2]]
        if len(placed) < 2:
            return []
        for g1, g2 in zip(placed, placed[1:]):
            if places_agree([m.value for m in g1[2]], [m.value for m in g2[2]]):
                return []
        if not groups[0][2]:   # figures before the first place belong to it
            placed[0][0] = groups[0][0]
        out = []
        for a, b, ms in placed:
            own = [(q, sp) for q, sp in zip(qs, spans) if a <= sp[0] < b]
            out.append((ms, [q for q, _ in own], [sp for _, sp in own]))
        return out

    def _place_events(self, ev: Event, text: str, mentions: list[Mention], qs: list[Quantity],
                      spans: list[tuple[int, int]], numbers: list[Mention], template: Quantity | None,
                      explicit_time: bool, explicit_place: bool = True, trigger_end: int = -1) -> None:
        """Per-place parts of a total, or one event per place of a list, or the event as it is."""
        if not mentions or (len(mentions) == 1 and not qs):
            self._add(ev, explicit_time, explicit_place)
            return
        runs = enum.place_runs(text, mentions)
        found = enum.parts(text, qs, spans, runs, numbers, template)
        if found:
            self._add_parts(ev, found, qs, explicit_time)
            return
        located = enum.located_runs(text, runs)
        if any(len(r) >= 2 for r in located):
            self._add_parts(ev, [enum.Part(r) for r in located], qs, explicit_time)
            return
        if ev.type == "disruption":
            # "six flights were delayed at Domodedovo, 17 at Vnukovo": one disruption per place
            own = _outermost_not(mentions)
            if len(own) >= 2:
                self._add_parts(ev, [enum.Part([m]) for m in own], qs, explicit_time)
                return
        self._add(ev, explicit_time, explicit_place)

    def _add_parts(self, ev: Event, found: list, qs: list[Quantity], explicit_time: bool) -> None:
        """The total of a sentence as a country-level event, and one event per
        named place with its own figure (or none). A figure a list of places
        shares ("12 over the Kursk and Lipetsk regions") is the report's total
        when it has none yet, else at most that many over each place."""
        in_parts = {id(p.quantity) for p in found if p.quantity is not None}
        totals = [q for q in qs if id(q) not in in_parts]
        named = [m.value for p in found for m in p.places]
        countries = {p.country for p in named if p.country}
        country = next(iter(countries)) if len(countries) == 1 else None
        items: list[tuple[Place, list[Quantity]]] = []
        for part in found:
            q = part.quantity
            if q is None or part.each or len(part.places) == 1:
                items += [(m.value, [replace(q)] if q is not None else []) for m in part.places]
            elif not totals and not self._has_total(ev.type, q.role, country):
                totals = [q]
                items += [(m.value, []) for m in part.places]
            else:
                capped = replace(q, qualifier="at_most", low=0, high=q.value)
                items += [(m.value, [replace(capped)]) for m in part.places]
        people = [q for q in totals if q.unit == "person"]
        if people and len(items) == 1:
            # "three were killed and 41 injured in a strike on Dnipro": one place, all its casualties
            items[0] = (items[0][0], items[0][1] + people)
            totals = [q for q in totals if q.unit != "person"]
        if totals:
            where = [p for p in ev.places if p.precision == "country"]
            if not where and country and self.country_place is not None:
                place = self.country_place(country)
                where = [place] if place is not None else []
            self._add(replace(ev, quantities=totals, places=where, claim=replace(ev.claim)),
                      explicit_time, bool(where))
        seen: set[str] = set()
        for place, own in items:
            key = (place.gazetteer_id or place.name or "").lower()
            if key in seen:
                continue
            seen.add(key)
            self._add(replace(ev, quantities=own, places=[place], claim=replace(ev.claim),
                              weapons=list(ev.weapons)), explicit_time, True)

    @staticmethod
    def _template(type_: str, weapons: list[str]) -> Quantity | None:
        """What a bare figure counts in an event of this type with these weapons."""
        unit = _weapon_unit(weapons)
        role = (quantity_vocab().defaults.get(type_) or {}).get(unit) if unit else None
        return Quantity(role=role, value=0, low=0, high=0, qualifier="exact", unit=unit) if role else None

    def _has_total(self, type_: str, role: str, country: str | None) -> bool:
        """Whether the report already gave a country-level figure of this kind."""
        for d in self.drafts:
            e = d.event
            if e.type == type_ and all(p.precision == "country" for p in e.places) \
                    and (country is None or not e.places or any(p.country == country for p in e.places)) \
                    and any(q.role == role for q in e.quantities):
                return True
        return False

    def _region_events(self, ev: Event, ann: Annotations, text: str, explicit_time: bool) -> bool:
        """One figure over several named regions ("уничтожены над территориями Брянской,
        Калужской и Ростовской областей", "влучання 13 БпЛА ... на Донеччині,
        Дніпропетровщині та Сумщині"): the figure is the country's total, and each
        region is its own event, without a figure of its own."""
        regions = [p for p in ev.places if p.precision == "admin1"]
        if len(regions) < 2 or ev.type not in ("attack", "interception", "disruption"):
            return False
        # "Бачівськ, Стара Гута Сумської області; Блешня Чернігівської області": a region
        # right after a town of it says where the town is, and is no item of its own (uk-0123)
        qualifying, alone = set(), set()
        for k, m in enumerate(ann.places):
            if m.value.precision != "admin1":
                continue
            prev = ann.places[k - 1] if k else None
            if prev is not None and prev.value.precision in _FINE and prev.value.admin1 == m.value.name \
                    and prev.end <= m.start and not text[prev.end:m.start].strip():
                qualifying.add(m.value.name)
            else:
                alone.add(m.value.name)
        regions = [p for p in regions if p.name not in qualifying or p.name in alone]
        if len(regions) < 2:
            return False
        # a town in the list is an item of its own ("на Сумщині, ... Харківщині та
        # Запоріжжі"), unless it lies in a region of the list
        names = {p.name for p in regions}
        towns = [p for p in ev.places if p.precision in _FINE and p.admin1 not in names]
        if len(towns) > len(regions):
            return False
        if ev.type == "attack" and "disruption" in getattr(self, "_sentence_types", ()):
            return False   # "через атаки ... знеструмлені споживачі у трьох областях": the outages are local
        countries = {p.country for p in regions}
        if len(countries) != 1:
            return False
        total = replace(ev, places=[p for p in ev.places if p.precision == "country"])
        if total.quantities:   # a figure for them all: the country's total
            self._add(total, explicit_time, bool(total.places))
        for p in regions + towns:
            part = replace(ev, quantities=[], places=[p], claim=replace(ev.claim))
            self._add(part, explicit_time, True, merge=False)
        return True

    def _clause_events(self, sent: Sentence, ann: Annotations, hits: list) -> bool:
        """One strike per town when a sentence of a report about strikes gives each
        town its damage or casualties in a clause of its own; False when it does not."""
        text = sent.text
        if not hits and not self._strike_weapons() and not any(d.event.type == "attack" for d in self.drafts):
            return False
        bounds = [0] + [m.end() for m in self.pat.clause_split.finditer(text)] + [len(text) + 1]
        clauses = [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
        if len(clauses) < 2:
            return False
        fine = [m for m in ann.places if m.value.precision in _FINE]
        chosen = []
        for a, b in clauses:
            places = [m for m in fine if a <= m.start < b]
            damage = self.pat.damage.search(text, a, b - 1 if b > len(text) else b)
            if places and damage:
                chosen.append((a, min(b, len(text)), damage))
        if any(not any(a <= h.start < b for a, b, _ in chosen) for h in hits):
            return False
        if len(chosen) == 1 and (hits or not self.drafts or places_agree(
                self.drafts[-1].event.places, [m.value for m in fine], city_regions())):
            return False   # one town: a strike of its own only where the last one was not
        if not chosen:
            return False
        ann = self._tidy(sent, ann)
        claim = self.attribute(text, doc_outlet=self.doc.outlet, context=self.claim_context,
                               place_country=self.place_country)
        from .classify import TypeHit
        weapons = self._strike_weapons()
        for a, b, damage in chosen:
            def inside(ms: list[Mention]) -> list[Mention]:
                return [replace(m, start=m.start - a, end=m.end - a) for m in ms if a <= m.start and m.end <= b]
            sub = Sentence(start=sent.start + a, end=sent.start + b, text=text[a:b], block=sent.block,
                           language=sent.language)
            sub_ann = Annotations(numbers=inside(ann.numbers), times=inside(ann.times), places=inside(ann.places),
                                  actors=inside(ann.actors), weapons=inside(ann.weapons))
            own = [h for h in hits if a <= h.start < b]
            hit = replace(own[0], start=own[0].start - a, end=own[0].end - a) if own else \
                TypeHit(type="attack", sub_event_type=None, event_type=None, weapons=list(weapons),
                        start=damage.start() - a, end=damage.end() - a, trigger=damage.group(0), rule="clause")
            self._build(sub, sub_ann, hit, replace(claim))
        self._touched = True
        return True

    def _list_part(self, sent: Sentence, ann: Annotations, head: Event) -> bool:
        """A line of a tally ("11 БпЛА – над территорией Рязанской области,"): each
        figure with its own place is a part event of the tally above it."""
        if not ann.numbers:
            return False
        text = sent.text
        if not ann.places:
            # a line of a list of weapons ("чотири некеровані авіаційні ракети;"): the
            # figures are the tally's own
            qs = sentence_quantities(text, ann.numbers, head.type, language=self.language)
            qs = [q for q in qs if q.unit != "person"]
            if not qs:
                return False
            head.quantities += qs
            head.weapons = list(dict.fromkeys(head.weapons + [w.value for w in ann.weapons]))
            self._note_weapons(head, appended=False)
            self._touched = True
            return True
        if not head.quantities:
            return False
        q0 = head.quantities[0]
        parts: list[tuple[Quantity, Mention]] = []
        used: set[int] = set()
        for n in ann.numbers:
            unit_end = n.end
            found = None
            for p in ann.places:
                if id(p) in used or p.start < n.end or p.start - n.end > self.pat.part_gap + 12:
                    continue
                if self.pat.place_prep.match(text[unit_end:p.start]):
                    found = p
                break
            if found is None:
                continue
            used.add(id(found))
            v = n.value
            q = Quantity(role=q0.role, value=v.value, low=v.low, high=v.high, qualifier=v.qualifier,
                         unit=q0.unit, text=text[n.start:n.end])
            parts.append((q, found))
        if not parts:
            return False
        evidence = Evidence(text=text, start=sent.start, end=sent.end)
        for q, p in parts:
            part = replace(head, quantities=[q], places=[p.value], evidence=evidence, claim=replace(head.claim))
            self._add(part, True, True, merge=False)
        self._touched = True
        return True

    def _claims_of_quantities(self, text: str, qs: list[Quantity], spans: list[tuple[int, int]],
                              claim: Claim) -> list[tuple[Claim, list[Quantity]]]:
        """The sentence's figures grouped by who gives each, when more than one does."""
        groups: dict[str, tuple[Claim, list[Quantity]]] = {}
        for q, (start, _) in zip(qs, spans):
            own = self.attribute(text, doc_outlet=self.doc.outlet, place_country=self.place_country, near=start)
            if not own.claimant:
                return []
            if own.claimant_country is None and own.claimant == claim.claimant:
                own = claim
            groups.setdefault(own.claimant, (own, []))[1].append(q)
        if len(groups) < 2:
            return []
        roles = [{(q.role, q.unit) for q in g} for _, g in groups.values()]
        if not set.intersection(*roles):
            return []   # different things counted: one claim of several figures, not rival claims
        return list(groups.values())

    @staticmethod
    def _quantity_spans(text: str, numbers: list[Mention], qs: list[Quantity],
                        sequential: bool = False) -> list[tuple[int, int]]:
        """Where each quantity stands; ``sequential``: each after the one before
        (two parts may have the same text: "2 – над ..., 2 – над ...")."""
        spans = []
        after = 0
        for q in qs:
            pos = text.find(q.text, after if sequential else 0)
            spans.append((pos, pos + len(q.text)) if pos >= 0 else (0, 0))
            if sequential and pos >= 0:
                after = pos + len(q.text)
        return spans

    # -- merging repeated mentions ---------------------------------------------
    def _add(self, ev: Event, explicit_time: bool, explicit_place: bool, merge: bool = True) -> None:
        if explicit_time and self._stale(ev.time):
            return
        if merge:
            # the latest MERGE_WINDOW events only: a repeat comes within a few sentences,
            # and a report of thousands of events must not cost thousands squared
            for d in islice(reversed(self.drafts), MERGE_WINDOW):
                if self._same(d, ev, explicit_time, explicit_place):
                    self._merge(d, ev, explicit_time, explicit_place)
                    self._note_weapons(d.event, appended=False)
                    self._touched = True
                    return
        self.drafts.append(_Draft(ev, explicit_time, explicit_place, len(self.drafts),
                                  headline=self._block in ("heading", "title")))
        self._note_weapons(ev, appended=True)

    @staticmethod
    def _place_keys(ev: Event) -> set[str]:
        return {(p.gazetteer_id or p.name or "").lower() for p in ev.places}

    def _same(self, d: _Draft, ev: Event, explicit_time: bool, explicit_place: bool) -> bool:
        old = d.event
        if old.type != ev.type:
            return False
        if explicit_time and d.explicit_time and not _nested(old.time, ev.time):
            return False
        if explicit_time and not d.explicit_time and self.pat is not ENGLISH and not _overlap(old.time, ev.time):
            return False   # a day named apart from the report's own is another event (ru-0102: the day of mourning after an earlier strike)
        cities = city_regions() if self.pat is not ENGLISH else frozenset()
        if explicit_place and d.explicit_place and not places_agree(old.places, ev.places, cities) \
                and old.type not in PLACELESS_TYPES:
            return False
        if self.pat.towns_apart and explicit_place and d.explicit_place and _new_town(old.places, ev.places, cities):
            return False
        if not (explicit_place and d.explicit_place) and not (explicit_time and d.explicit_time):
            # nothing explicit in common: only a mention with neither time nor place
            # repeats, or the text under a headline that announced it
            headline_repeat = d.headline and self._block not in ("heading", "title")
            if (explicit_time or explicit_place) and (d.explicit_time or d.explicit_place) and not headline_repeat \
                    and not (self.pat.merge_unplaced and _overlap(old.time, ev.time)):
                return False
        for q in ev.quantities:
            for o in old.quantities:
                if q.role == o.role and q.unit == o.unit and q.value != o.value and not _within(q, o):
                    return False    # another figure: another claim
        if old.attacker and ev.attacker and old.attacker.country != ev.attacker.country:
            return False
        if _granularity_clash(old, ev) and not (self.pat is ENGLISH and _more_of_a_strike(ev)):
            return False
        return True

    def _merge(self, d: _Draft, ev: Event, explicit_time: bool, explicit_place: bool) -> None:
        self._merges += 1
        old = d.event
        if d.headline and self._block not in ("heading", "title"):
            old.evidence = ev.evidence   # the sentence under a headline says more
            d.headline = False
        if explicit_time and not d.explicit_time:
            old.time = ev.time
            d.explicit_time = True
        if explicit_place and not d.explicit_place:
            old.places = ev.places
            d.explicit_place = True
        else:
            keys = FrameBuilder._place_keys(old)
            old.places += [p for p in ev.places if (p.gazetteer_id or p.name or "").lower() not in keys]
        old.weapons = list(dict.fromkeys(old.weapons + ev.weapons))
        # an exact figure replaces the bound it falls within ("at most 12 over Kursk and
        # Lipetsk" then "seven over Kursk")
        # the figures bring their claimant: "the attack hit Ternopil, local officials said"
        # then "the strike killed 25, Zelenskyy said" is Zelenskyy's claim (dev: en-1079, en-1102);
        # so do exact figures that make a vague one exact ("dozens injured", then "63
        # wounded, the police said"; dev: en-1054, en-1078)
        figures_now = ev.claim.claimant and ev.quantities and (not old.quantities or any(
            _vague(o) and any(_within(o, q) for q in ev.quantities if (q.role, q.unit) == (o.role, o.unit))
            for o in old.quantities))
        exact = {(q.role, q.unit): q for q in ev.quantities if q.qualifier != "at_most" and not _vague(q)}
        old.quantities = [exact.get((q.role, q.unit), q) if q.qualifier == "at_most" or _vague(q) else q
                          for q in old.quantities]
        have = {(q.role, q.unit) for q in old.quantities}
        old.quantities += [q for q in ev.quantities if (q.role, q.unit) not in have]
        old.attacker = old.attacker or ev.attacker
        old.target = old.target or ev.target
        # a claim by someone beats none, and beats an outlet's own ("..., Reuters reports"
        # over "the ministry said"): an outlet that claims is also in reported_by
        if figures_now or ev.claim.claimant and (not old.claim.claimant or (old.claim.claimant in old.claim.reported_by
                                                           and ev.claim.claimant not in ev.claim.reported_by)):
            old.claim = replace(ev.claim, reported_by=list(dict.fromkeys(ev.claim.reported_by
                                                                         + old.claim.reported_by)))
        else:
            old.claim.reported_by = list(dict.fromkeys(old.claim.reported_by + ev.claim.reported_by))
        if old.acled is None:
            old.acled = ev.acled
        old.flags = list(dict.fromkeys(old.flags + ev.flags))

    # -- the document's events ---------------------------------------------------
    def finish(self, sides: tuple[str, str] | None) -> list[Event]:
        """Fill attacker/target from the document's two sides, number the events."""
        if self.pat is ENGLISH and self.drafts:
            # a mention of a weak type with neither a time nor a place of its own is
            # commentary ("frequent clashes exacerbating the strained relations", "the
            # Pontiff also warned of a potential regional conflagration"), not an event;
            # the report's first event is its news, anchored or not
            first = self.drafts[0]
            self.drafts = [d for d in self.drafts if d is first or d.explicit_time or d.explicit_place
                           or d.event.type not in UNANCHORED_WEAK]
        events = [d.event for d in self.drafts]
        if sides is None and len(self.pat.default_dyad) == 2:
            sides = (self.pat.default_dyad[0], self.pat.default_dyad[1])
        self.claim_context.resolve_events(events)   # claims carried across sentences
        for ev in events:
            if not ev.places and ev.type in INHERIT_TYPES and not _tally(ev.quantities):
                # "... was seized. Located in Omdurman, the headquarters ...": the town told next
                later = next((p for at, p in self._cities if at >= ev.evidence.start), None)
                if later is not None:
                    ev.places = [replace(later)]
            if ev.type in DYADIC and sides:
                self._fill_sides(ev, sides)
            elif ev.target is None and ev.attacker and ev.places and ev.type == "attack":
                c = ev.places[0].country
                if c and c != ev.attacker.country:
                    ev.target = _state(c, self.country_names)
            if ev.type in (("interception",) if self.pat is ENGLISH else ("interception", "attack")) \
                    and not ev.places and ev.target and self.country_place:
                # air defences fire over their own side's territory
                place = self.country_place(ev.target.country)
                if place is not None:
                    ev.places = [place]
        if self.pat.fold_repeats:
            events = self._fold_repeats(events)
        for i, ev in enumerate(events, 1):
            ev.id = f"e{i}"
        return events

    @staticmethod
    def _fold_repeats(events: list[Event]) -> list[Event]:
        """An event of the type, places and days of one before it, no figure of the
        same role apart, is that one told again, anywhere in the report (a lead and
        its paragraph; an unplaced tally placed in its side's country like the one
        before it): its figures and weapons join the first."""
        kept: list[Event] = []
        alike: dict[tuple[str, frozenset[str]], list[Event]] = {}   # by type and places: no n² scan
        for ev in events:
            same = alike.setdefault((ev.type, frozenset(FrameBuilder._place_keys(ev))), [])
            old = next((k for k in same if _overlap(k.time, ev.time)
                        and not any(q.role == o.role and q.unit == o.unit and q.value != o.value
                                    for q in ev.quantities for o in k.quantities)), None)
            if old is None:
                kept.append(ev)
                same.append(ev)
                continue
            have = {(q.role, q.unit) for q in old.quantities}
            old.quantities += [q for q in ev.quantities if (q.role, q.unit) not in have]
            old.weapons = list(dict.fromkeys(old.weapons + ev.weapons))
            if not old.claim.claimant and ev.claim.claimant:
                old.claim = ev.claim
        return kept

    def _fill_sides(self, ev: Event, sides: tuple[str, str]) -> None:
        a, b = sides
        other = {a: b, b: a}
        if ev.type == "interception" and ev.target is None and ev.claim.claimant_country in other \
                and (ev.attacker is None or ev.attacker.country != ev.claim.claimant_country):
            # a side reports what its own air defences shot down
            ev.target = _state(ev.claim.claimant_country, self.country_names)
        place_c = next((p.country for p in ev.places if p.country in other), None)
        if ev.attacker is None or ev.attacker.country not in other:
            if ev.attacker is None:
                if ev.target is not None and ev.target.country in other:
                    ev.attacker = _state(other[ev.target.country], self.country_names)
                elif place_c:
                    ev.attacker = _state(other[place_c], self.country_names)
            if ev.target is None and ev.attacker is not None and place_c and place_c != ev.attacker.country:
                ev.target = _state(place_c, self.country_names)
            return
        if ev.target is None:
            ev.target = _state(other[ev.attacker.country], self.country_names)
