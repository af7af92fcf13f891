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
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import yaml

from ..model import Actor, Claim, Document, Event, Evidence, Mention, Place, Quantity, Sentence, TimeSpan
from ..nlp.timex import anchor_offset
from .quantities import quantities as sentence_quantities

@lru_cache(maxsize=1)
def context_triggers() -> dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    """Weak triggers (``context_triggers`` in data/event_types.yml) by type:
    (body pattern, headline pattern)."""
    data = yaml.safe_load(resources.files("tacitus.data").joinpath("event_types.yml").read_text("utf-8"))
    macros = data.get("macros") or {}

    def compile_(patterns: list[str]) -> re.Pattern[str] | None:
        if not patterns:
            return None
        expanded = [re.sub(r"\{([A-Z]+)\}", lambda m: macros.get(m.group(1), m.group(0)), p) for p in patterns]
        return re.compile(r"\b(?:" + "|".join(expanded) + r")\b", re.I)

    return {t: (compile_(spec.get("patterns") or []), compile_(spec.get("headline") or []))
            for t, spec in (data.get("context_triggers") or {}).items()}


_ANAPHORIC_ATTACK = re.compile(r"\b(?:the|this|that|Tuesday's|overnight|night's|latest)\s+(?:\w+\s+)?(?:attack|strike|assault|raid)s?\b", re.I)
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
_REPORTING = re.compile(
    r"^\W{0,3}(?:'s\s+\w+\s+)?(?:\w+\s+)?(?:said|says|claimed|claims|stated|reported|announced|told|wrote|added|"
    r"denied|alleged|accused|insisted|confirmed|warned|noted)\b", re.I)
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
#: types that count things: the others take no quantities
QUANTITY_TYPES = {"attack", "interception", "clash", "assault", "seizure", "arrest", "territory",
                  "riot", "protest", "other"}
_PLACE_PREP = re.compile(r"^\s*(?:[\w-]+\s+){0,4}?(?:over|in|above|near|across|on|at|around|into)\s+(?:the\s+)?$", re.I)
#: an actor right before one of these launched the attack ("Russia had launched")
_LAUNCH_AFTER = re.compile(
    r"^(?:'s|’s)?\s*(?:forces\s+|troops\s+|army\s+|military\s+)?(?:has\s+|had\s+|have\s+|reportedly\s+|also\s+|again\s+)*"
    r"(?:launched|fired|attacked|struck|sent|unleashed|targeted|shelled|bombed|hit|pounded|bombarded|raided)\b", re.I)
#: a dateline: "KHARTOUM, Aug 28 (Reuters) -", "KYIV, Ukraine (AP) —"
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’\- ]{2,40}(?:,\s*[A-Z][\w.]*(?:\s+[A-Z\d][\w.]*){0,2})?(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\([^)]{1,40}\))?\s*[-—–]+\s+")
_LOCATIVE = re.compile(r"\b(?:in|over|across|into|on|at|near|inside|throughout|from|to|against|of)\s+(?:the\s+)?$", re.I)
#: after a country's adjective, the words that make it a side ("Saudi forces", not "the Saudi hospital")
_FORCE_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+)?(?:forces|troops|army|military|soldiers|jets|warplanes|aircraft|planes|drones?|missiles?|"
    r"artillery|navy|warships?|gunboats?|tanks|units|militias?|fighters|police|air force|government|authorities)\b", re.I)


def _is_adjective(actor: Mention) -> bool:
    """A country named by its adjective ("Saudi", "Russian"), not by its name."""
    return (actor.value.kind or "state") == "state" and actor.text.lower() != (actor.value.name or "").lower()


#: "Russia's St Petersburg": a possessive before a name, not before a force or an attack
_POSSESSED_PLACE = re.compile(
    r"^(?:'s|’s)\s+(?!(?:attack|assault|strike|bombardment|offensive|forces|troops|army|military|air|drones?|"
    r"missiles?|shelling|invasion|war|campaign|barrage|navy|fleet)\b)[A-Z]")
_SIDE_KINDS = ("state", "military", "group", "people", "government")


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


def _gap_words(text: str, a: int, b: int) -> int:
    return len(re.findall(r"\w+", text[a:b])) if b > a else 99


def launching_actor(sentence: str, ann: Annotations) -> Mention | None:
    """An actor that is the subject of a launch verb: "Russia had launched 40 drones"."""
    for a in ann.actors:
        if (a.value.kind or "state") in _SIDE_KINDS and _LAUNCH_AFTER.match(sentence[a.end:a.end + 50]):
            return a
    return None


def find_attacker(sentence: str, ann: Annotations, trigger_start: int) -> Actor | None:
    """The side that launched: an actor word right before a weapon ("Ukrainian
    drones", "Russian drone strike"), or the subject of a launch verb ("Russia
    had launched"), else an actor subject before the trigger that is not the
    one reporting ("Russia unleashed", not "Russia claimed")."""
    for w in ann.weapons:
        for a in ann.actors:
            if (a.end <= w.start and _gap_words(sentence, a.end, w.start) <= 1
                    and (a.value.kind or "state") in ("state", "people", "military", "group")):
                return a.value
    launcher = launching_actor(sentence, ann)
    if launcher is not None:
        return launcher.value
    candidates = [a for a in ann.actors if a.end <= trigger_start
                  and not _REPORTING.match(sentence[a.end:a.end + 40])
                  and (not _is_adjective(a) or _FORCE_AFTER.match(sentence[a.end:a.end + 40]))
                  and not _LOCATIVE.search(sentence[max(0, a.start - 12):a.start])
                  and not _POSSESSED_PLACE.match(sentence[a.end:a.end + 40])
                  and (a.value.kind or "state") in _SIDE_KINDS]
    return candidates[-1].value if candidates else None


def find_target(sentence: str, ann: Annotations, trigger_end: int, attacker: Actor | None) -> Actor | None:
    """An actor after the trigger that is not the attacker ("strikes on Ukraine")."""
    for a in ann.actors:
        if a.start >= trigger_end and (attacker is None or a.value.country != attacker.country):
            if (a.value.kind or "state") in ("state", "military", "group", "people", "government"):
                return a.value
    return None


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


def places_agree(a: list[Place], b: list[Place]) -> bool:
    """Two mentions' places can be one event's: the same town, or a wider
    place (region, country) that holds the other's towns."""
    fine_a = [p for p in a if p.precision in _FINE]
    fine_b = [p for p in b if p.precision in _FINE]
    if fine_a and fine_b:
        key = lambda p: (p.gazetteer_id or p.name or "").lower()
        return bool({key(p) for p in fine_a} & {key(p) for p in fine_b})
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
                places: list[Mention]) -> list[tuple[Quantity, Mention]]:
    """Quantities followed by their own place ("28 over the Saratov Region"):
    each becomes a part event; the first, larger figure stays the total."""
    parts = []
    for q, (_, end) in zip(qs, q_spans):
        for p in places:
            if 0 <= p.start - end <= 25 and _PLACE_PREP.match(sentence[end:p.start]):
                parts.append((q, p))
                break
    return parts


class FrameBuilder:
    """Builds the events of one document, sentence by sentence, keeping the
    document context (last city, claims, sides) the sentences share."""

    def __init__(self, doc: Document, *, classify, acled_for, default_time, claim_context,
                 attribute, place_country=None, country_names: dict[str, str] | None = None,
                 country_place=None, region_place=None):
        self.doc = doc
        self.classify = classify
        self.acled_for = acled_for
        self.default_time = default_time
        self.claim_context = claim_context
        self.attribute = attribute
        self.place_country = place_country
        self.country_names = country_names or {}
        self.country_place = country_place   # ISO2 -> a country-level Place, or None
        self.region_place = region_place     # (admin1 name, ISO2) -> an admin1-level Place, or None
        self.drafts: list[_Draft] = []
        self.last_city: Place | None = None
        self._block = "paragraph"
        self._since_last_event = 99
        self._touched = False     # the last sentence merged into an event
        self._first_start = next((b.start for b in doc.blocks if b.kind not in ("title", "heading")), 0)

    # -- per sentence -------------------------------------------------------
    @staticmethod
    def background_spans(text: str) -> list[tuple[int, int]]:
        """Subordinate clauses that give background rather than the news."""
        spans = []
        for m in _BACKGROUND.finditer(text):
            end = _CLAUSE_END.search(text, m.end())
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

    def _attach_casualties(self, sent: Sentence, ann: Annotations, cities: list[Place]) -> None:
        """"Three people were injured." after a strike: the figures are that
        strike's, when the sentence names no other town. The event's evidence
        then runs on to the end of this sentence, so every figure stays in it."""
        text = sent.text
        if not self.drafts or self._since_last_event > 2:
            return
        last = self.drafts[-1].event
        if last.type not in ("attack", "assault", "clash") or not ann.numbers:
            return
        qs = [q for q in sentence_quantities(text, ann.numbers, last.type)
              if q.role in ("killed", "injured", "missing")]
        if not qs or (cities and not places_agree(last.places, cities)):
            return
        have = {(q.role, q.unit) for q in last.quantities}
        new = [q for q in qs if (q.role, q.unit) not in have]
        if new and last.evidence.start < sent.start:
            last.quantities += new
            start = last.evidence.start
            last.evidence = Evidence(text=self.doc.text[start:sent.end], start=start, end=sent.end)

    def _strike_weapons(self) -> list[str]:
        """The weapons of the report's strikes so far; empty when it has none."""
        weapons: list[str] = []
        for d in self.drafts:
            if d.event.type in ("attack", "interception"):
                weapons += [w for w in d.event.weapons if w not in weapons]
        return weapons

    def _anaphoric_strike(self, text: str, hit):
        """"The attack damaged a school", after a missile strike, is that strike
        (with its weapons), not violence against civilians by unknown hands."""
        if hit.type != "assault" or not _ANAPHORIC_ATTACK.search(text[max(0, hit.start - 12):hit.end]):
            return hit
        weapons = self._strike_weapons()
        if not weapons or "firearm" in hit.weapons:
            return hit
        return replace(hit, type="attack", sub_event_type=None, event_type=None, weapons=list(weapons),
                       rule="anaphora")

    def _context_hits(self, text: str, block: str) -> list:
        """Weak triggers that report an event only inside a report about strikes."""
        weapons = self._strike_weapons()
        if not weapons:
            return []
        from .classify import TypeHit
        hits = []
        for type_, (body, headline) in context_triggers().items():
            pattern = headline if block in ("heading", "title") and headline is not None else body
            m = pattern.search(text) if pattern is not None else None
            if m and not _NEGATED.search(text[:m.start()]):
                hits.append(TypeHit(type=type_, sub_event_type=None, event_type=None,
                                    weapons=list(weapons) if type_ in ("attack", "interception") else [],
                                    start=m.start(), end=m.end(), trigger=m.group(0), rule="context"))
        return sorted(hits, key=lambda h: h.start)

    def _tidy(self, sent: Sentence, ann: Annotations) -> Annotations:
        """Drop what is not the event's: the dateline (where the story was filed),
        weapons inside an actor's name ("Ukraine's air force said"), places inside
        an armed group's name ("Rapid Support Forces")."""
        cut = 0
        if sent.start == self._first_start:
            m = _DATELINE.match(sent.text)
            cut = m.end() if m else 0
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
                        and _GOVERNOR.search(sent.text[a.start:a.end]):
                    region = self.region_place(m.value.admin1, m.value.country)
                    if region is not None:
                        return replace(m, value=replace(region, text=m.text))
            return m

        def time_zone(m: Mention) -> bool:
            # "11:00 p.m. Moscow time", "Kyiv time"
            return bool(re.match(r"\s+(?:time|standard time)\b", sent.text[m.end:m.end + 20], re.I))

        def speaking_capital(m: Mention) -> bool:
            # "Moscow said", "Kyiv has denied": a capital speaking for its state
            return inside_actor(m, ("metonym",)) and bool(_REPORTING.match(sent.text[m.end:m.end + 40]))

        def side_named(m: Mention) -> bool:
            # "Russia claimed", "Russia's attack": a country named as a side, not as a place
            return (m.value.precision == "country" and inside_actor(m)
                    and not _LOCATIVE.search(sent.text[max(0, m.start - 12):m.start]))
        return Annotations(
            numbers=[m for m in ann.numbers if m.start >= cut],
            times=[m for m in ann.times if m.start >= cut],
            places=[jurisdiction(m) for m in ann.places if m.start >= cut and not inside_actor(m, ("group", "military"))
                    and not side_named(m) and not speaking_capital(m) and not time_zone(m)
                    and not surname(m)],
            actors=ann.actors,
            weapons=[m for m in ann.weapons if not inside_actor(m)],
        )

    @staticmethod
    def _outside(mentions: list[Mention], spans: list[tuple[int, int]]) -> list[Mention]:
        return [m for m in mentions if not any(a <= m.start < b for a, b in spans)]

    def add_sentence(self, sent: Sentence, ann: Annotations) -> None:
        """Read one sentence (in document order) into the document's events."""
        self._block = sent.block
        self.claim_context.at(sent.start, sent.block)
        self._since_last_event += 1
        n_before = len(self.drafts)
        self._add_sentence(sent, ann)
        if len(self.drafts) != n_before or self._touched:
            self._since_last_event = 0
        self._touched = False

    def _add_sentence(self, sent: Sentence, ann: Annotations) -> None:
        text = sent.text
        hits = [self._anaphoric_strike(text, h) for h in self.classify(text) if not h.negated]
        if not hits:
            hits = self._context_hits(text, sent.block)
        if hits:   # a sentence without an event is not tidied: most are never looked at closely
            ann = self._tidy(sent, ann)
        if len(hits) > 1:
            hits, noise = self._main_hits(hits, self.background_spans(text))
            if noise:
                ann = Annotations(numbers=self._outside(ann.numbers, noise), times=ann.times,
                                  places=self._outside(ann.places, noise), actors=ann.actors,
                                  weapons=self._outside(ann.weapons, noise))
        cities = [p.value for p in ann.places if p.value.precision in ("city", "district", "facility")]
        if not hits:
            # no event here: keep who is speaking for the sentences to come, cheaply
            if _SPEECH.search(text):
                self.attribute(text, doc_outlet=self.doc.outlet, context=self.claim_context,
                               place_country=self.place_country, places=ann.places)
            else:
                self.claim_context.observe_mentions(ann.actors, ann.places)
            self._attach_casualties(sent, ann, cities)
            if cities:
                self.last_city = cities[-1]
            return
        claim = self.attribute(text, doc_outlet=self.doc.outlet, context=self.claim_context,
                               place_country=self.place_country, places=ann.places)
        if claim.claimant and claim.claimant_country is None and ann.places:
            generic = claim.claimant.lower().split()[-1] in ("authorities", "officials", "official", "police", "residents", "witnesses", "sources")
            if generic:
                claim = replace(claim, claimant_country=ann.places[0].value.country)
        seen_types: set[str] = set()
        for hit in hits:
            if hit.type in seen_types:   # one event per type per sentence
                continue
            seen_types.add(hit.type)
            self._build(sent, ann, hit, claim)
        if cities:
            self.last_city = cities[-1]

    def _build(self, sent: Sentence, ann: Annotations, hit, claim: Claim) -> None:
        text = sent.text
        weapons = list(dict.fromkeys(list(hit.weapons) + [w.value for w in ann.weapons]))
        numbers = ann.numbers if hit.type in QUANTITY_TYPES else []
        qs = sentence_quantities(text, numbers, hit.type,
                                 default_unit=_weapon_unit(weapons) if hit.rule == "context" else None)
        places = []
        for m in ann.places:
            key = (m.value.gazetteer_id or m.value.name, m.value.country)
            if key not in {(p.gazetteer_id or p.name, p.country) for p in places}:
                places.append(m.value)
        explicit_place = bool(places)
        if self.last_city is not None and _CITY_DISTRICT.search(text):
            # "the city's Shevchenkivskyi district": a district of the town just named
            places = [p for p in places if not p.text.lower().endswith(("district", "raion"))]
            if not any(p.name == self.last_city.name for p in places):
                places.insert(0, replace(self.last_city))
        if not places and self.last_city is not None and _ANAPHOR.search(text):
            places = [replace(self.last_city)]
        # city-level places first: they are what the event is about
        rank = {"facility": 0, "district": 1, "city": 1, "admin1": 2, "country": 3}
        places.sort(key=lambda p: rank.get(p.precision, 2))
        if ann.times:
            # a time tied to another event ("a day after") only when nothing firmer is said
            firm = [t for t in ann.times if anchor_offset(t.text) is None] or ann.times
            near = min(firm, key=lambda t: abs(t.start - hit.start))
            time, explicit_time = near.value, True
        else:
            time, explicit_time = self.default_time(self.doc.published), False
        attacker = target = None
        if hit.type == "interception":
            # the subject shoots down; the attacker is whose weapons fell
            attacker = find_attacker(text, Annotations(actors=ann.actors, weapons=ann.weapons), -1)
            launcher = launching_actor(text, ann)
            defender = find_attacker(text, Annotations(actors=[a for a in ann.actors if a is not launcher]),
                                     hit.start) if launcher is None else None
            target = defender if defender and (not attacker or defender.country != attacker.country) else None
        elif hit.type in DYADIC:
            attacker = find_attacker(text, ann, hit.start)
            target = find_target(text, ann, hit.end, attacker)
        acled = self.acled_for(hit.type, weapons, hint=hit.sub_event_type)
        ev = Event(id="", type=hit.type, evidence=Evidence(text=text, start=sent.start, end=sent.end),
                   weapons=weapons, attacker=attacker, target=target, time=time, places=places,
                   quantities=qs, claim=claim, acled=acled, trigger=hit.trigger)
        spans = self._quantity_spans(text, numbers, qs)
        # two claimants, two figures: "the chairman put the toll at 27, while the
        # Red Cross said it had recovered 31 bodies" are two claims
        by_claim = self._claims_of_quantities(text, qs, spans, claim) if len(qs) >= 2 else []
        if len(by_claim) >= 2:
            for own_claim, own_qs in by_claim:
                self._add(replace(ev, quantities=own_qs, claim=own_claim, places=list(ev.places)),
                          explicit_time, explicit_place)
            return
        # per-region parts of a total
        parts = split_parts(text, qs, spans, ann.places) if len(qs) >= 2 else []
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
        self._add(ev, explicit_time, explicit_place)

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
    def _quantity_spans(text: str, numbers: list[Mention], qs: list[Quantity]) -> list[tuple[int, int]]:
        spans = []
        for q in qs:
            pos = text.find(q.text)
            spans.append((pos, pos + len(q.text)) if pos >= 0 else (0, 0))
        return spans

    # -- merging repeated mentions ---------------------------------------------
    def _add(self, ev: Event, explicit_time: bool, explicit_place: bool, merge: bool = True) -> None:
        if merge:
            for d in reversed(self.drafts):
                if self._same(d, ev, explicit_time, explicit_place):
                    self._merge(d, ev, explicit_time, explicit_place)
                    self._touched = True
                    return
        self.drafts.append(_Draft(ev, explicit_time, explicit_place, len(self.drafts),
                                  headline=self._block in ("heading", "title")))

    @staticmethod
    def _place_keys(ev: Event) -> set[str]:
        return {(p.gazetteer_id or p.name or "").lower() for p in ev.places}

    def _same(self, d: _Draft, ev: Event, explicit_time: bool, explicit_place: bool) -> bool:
        old = d.event
        if old.type != ev.type:
            return False
        if explicit_time and d.explicit_time and not _nested(old.time, ev.time):
            return False
        if explicit_place and d.explicit_place and not places_agree(old.places, ev.places):
            return False
        if not (explicit_place and d.explicit_place) and not (explicit_time and d.explicit_time):
            # nothing explicit in common: only a mention with neither time nor place
            # repeats, or the text under a headline that announced it
            headline_repeat = d.headline and self._block not in ("heading", "title")
            if (explicit_time or explicit_place) and (d.explicit_time or d.explicit_place) and not headline_repeat:
                return False
        for q in ev.quantities:
            for o in old.quantities:
                if q.role == o.role and q.unit == o.unit and q.value != o.value:
                    return False    # another figure: another claim
        if old.attacker and ev.attacker and old.attacker.country != ev.attacker.country:
            return False
        return True

    def _merge(self, d: _Draft, ev: Event, explicit_time: bool, explicit_place: bool) -> None:
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
        have = {(q.role, q.unit) for q in old.quantities}
        old.quantities += [q for q in ev.quantities if (q.role, q.unit) not in have]
        old.attacker = old.attacker or ev.attacker
        old.target = old.target or ev.target
        # a claim by someone beats none, and beats an outlet's own ("..., Reuters reports"
        # over "the ministry said"): an outlet that claims is also in reported_by
        if ev.claim.claimant and (not old.claim.claimant or (old.claim.claimant in old.claim.reported_by
                                                           and ev.claim.claimant not in ev.claim.reported_by)):
            old.claim = replace(ev.claim, reported_by=list(dict.fromkeys(ev.claim.reported_by
                                                                         + old.claim.reported_by)))
        else:
            old.claim.reported_by = list(dict.fromkeys(old.claim.reported_by + ev.claim.reported_by))
        if old.acled is None:
            old.acled = ev.acled

    # -- the document's events ---------------------------------------------------
    def finish(self, sides: tuple[str, str] | None) -> list[Event]:
        """Fill attacker/target from the document's two sides, number the events."""
        events = [d.event for d in self.drafts]
        self.claim_context.resolve_events(events)   # claims carried across sentences
        for ev in events:
            if ev.type in DYADIC and sides:
                self._fill_sides(ev, sides)
            elif ev.target is None and ev.attacker and ev.places and ev.type == "attack":
                c = ev.places[0].country
                if c and c != ev.attacker.country:
                    ev.target = _state(c, self.country_names)
            if ev.type == "interception" and not ev.places and ev.target and self.country_place:
                # air defences fire over their own side's territory
                place = self.country_place(ev.target.country)
                if place is not None:
                    ev.places = [place]
        for i, ev in enumerate(events, 1):
            ev.id = f"e{i}"
        return events

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
