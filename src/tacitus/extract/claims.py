"""Claim attribution: who says what a sentence reports, through which outlets, how firmly.

``attribute(sentence)`` returns a ``tacitus.model.Claim``:

* ``claimant``: the subject of a reporting verb ("Russia's Defense Ministry claimed
  ...", "..., said Moscow's mayor Sergei Sobyanin", "Sobyanin wrote on Telegram"),
  the source of "according to ...", or the person quoted by an outlet ("TASS quoted
  the ministry as saying", "the WSJ reported, citing officials"). Anaphora ("the
  ministry said", "he said", "the Ukrainian president said", "authorities said")
  resolves through a ``ClaimContext`` that carries the document's state.
* ``reported_by``: the outlets the claim passed through, canonical names, in the
  order met in the sentence, then the agencies the document credits ("KYIV
  (Reuters) -", "told AFP"), then the document's own outlet (its ``outlet``, else
  its ``url``'s site; see ``extract/outlets.py``). An outlet is the medium, never
  the claimant, unless the sentence names no one else.
  Platforms (Telegram, X...) are where a claimant spoke: they are left out.
* ``modality`` and ``verb``: from ``data/verbs.yml``; a hedge such as "reportedly"
  or "could not be independently verified" turns an asserted claim unconfirmed.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Callable

from tacitus.model import Actor, Claim, Mention
from tacitus.nlp.actors import canonical_actor, country_of_place, find_actors
from tacitus.nlp.lexicon import Lexicon, load_data

from .outlets import canonical_outlet, frame_credits, is_phrase_credit, outlet_of, outlets_lexicon

__all__ = ["attribute", "ClaimContext", "canonical_outlet"]

PlaceCountry = Callable[[str], "str | None"]

# closed class: pronouns and generic plural subjects of reporting verbs
_PRONOUNS = ("he", "she", "they", "it", "officials", "authorities", "sources", "witnesses", "residents",
             "medics", "rescuers", "police", "source", "witness", "resident", "rescuer", "medic", "doctors",
             "paramedics")
_PERSON_PRONOUNS = {"he", "she"}
_GENERIC = {"officials", "authorities", "police"}
_ANONYMOUS = {"sources", "witnesses", "residents", "medics", "rescuers", "source", "witness", "resident", "rescuer",
              "medic", "doctors", "paramedics"}
# who may stand for a state that "said" something: its institutions and officials
_INSTITUTION_KINDS = ("ministry", "military", "official", "government")

# what may stand between a subject and its verb: "Russia's Defence Ministry, in its
# daily briefing, claimed", "the ministry later said", "Zelensky has repeatedly said",
# "the Defense Ministry's press service reported"
_SUBJ_GAP = re.compile(r"(?:['\u2019]s(?=\s))?(?:\s*,[^,;:\"\u201c\u201d]{1,80},)?(?:\s+[A-Za-z][\w'\-]*){0,4}\s*")
_LOOSE_GAP = re.compile(r"\s*,\s*")
# "officials in Kursk said": the place after a generic subject gives its country
_IN_PLACE = re.compile(r"\s+(?:in|from)\s+(?:the\s+)?(?P<place>[A-Z][\w'\-]*(?:\s+[A-Z][\w'\-]*)?)")
# between a fronted verb and its subject: "..., said Moscow's mayor", "reported the WSJ"
_INV_GAP = re.compile(r"\s+(?:(?:the|a|an)\s+)?(?:(?!that\b|to\b|it\b|of\b|in\b|on\b|for\b)[a-z]+\s+)?", re.IGNORECASE)
# what introduces the verb of an inverted clause: a comma or a closing quote
_INV_BEFORE = re.compile(r"(?:[,\u201d\"']|\u2019)\s*$")
# "according to [a report by | a statement from | data from] X"
_SOURCE_GAP = re.compile(
    r"\s+(?:(?:the|a|an|its|their|his|her)\s+)?(?:(?:latest\s+|new\s+|daily\s+|preliminary\s+|official\s+)?"
    r"(?:report|reports|statement|statements|data|figures|estimate|estimates|post|message|update|count|tally|"
    r"press\s+service|press\s+office|"
    r"briefing|sources|officials|article|investigation|analysis)\s+(?:by|from|of|in|at|on|close\s+to)\s+"
    r"(?:the\s+)?)?(?:[a-z][\w\-]*['\u2019]s\s+)?(?:[a-z][\w\-]*\s+){0,2}", re.IGNORECASE)
_OBJ_VERBS = {"cite", "quote"}  # "<outlet> quoted <claimant> as saying"


# "the region's governor", "the city's acting mayor", "its governor", "the group's
# spokesman": the owner a title or body belongs to, right before it
_OWNER = re.compile(
    r"(?:\b(?:the\s+)?(?P<owner>region|oblast|province|city|town|capital|village|country|nation|state|group|"
    r"movement|militia|rebels|territory|enclave|strip)['\u2019]s?\s+|\b(?P<its>its|their)\s+)$", re.IGNORECASE)
_OWNER_SCOPE = {"region": "region", "oblast": "region", "province": "region", "city": "city", "town": "city",
                "capital": "city", "village": "city", "country": "country", "nation": "country", "state": "country",
                "group": "group", "movement": "group", "militia": "group", "rebels": "group",
                "territory": "place", "enclave": "place", "strip": "place"}


@dataclass(slots=True)
class _Item:
    """A candidate subject/source in the sentence."""
    start: int
    end: int
    kind: str  # actor | outlet | pronoun | title ("the governor") | someone ("an official") | owned ("its governor")
    actor: Actor | None = None
    outlet: dict[str, Any] | None = None
    word: str = ""
    owner: str | None = None   # the scope of a possessive before it: region | city | country | group | place | its
    text: str = ""
    appos: tuple[int, int] | None = None   # "X, the region's governor, said": the apposition that tells who X is
    loose: bool = False        # a single capitalised word the vocabularies do not know: "Kobzar said"


@dataclass
class ClaimContext:
    """Per-document state for resolving "the ministry said", "he said" across sentences."""
    doc_outlet: str | None = None
    carriers: list[str] = field(default_factory=list)   # agencies the document credits
    last_claimant: Actor | None = None
    last_person: Actor | None = None
    last_subject: Actor | None = None   # the last person who was a sentence's subject: "he" is most often them
    last_ministry: Actor | None = None
    last_military: Actor | None = None
    last_group: Actor | None = None
    last_country: str | None = None
    last_side: str | None = None        # the side the last sentence was about ("The Ukrainian Air Force downed ...")
    last_place_country: str | None = None
    last_region: tuple[str, str | None] | None = None   # (name, country) of the last region named
    last_city: tuple[str, str | None] | None = None
    titled: dict[str, Actor] = field(default_factory=dict)   # "governor" -> the governor named
    people: dict[str, Actor] = field(default_factory=dict)   # "kobzar", "artem kobzar" -> the person named
    place_country: PlaceCountry | None = field(default=None, repr=False)
    position: int = 0   # where in the document the sentence being read starts
    # who spoke where: (position, claim), in document order, for the document pass;
    # and the kind of actor each claimant is (state, ministry, official ...)
    speakers: list[tuple[int, Claim]] = field(default_factory=list, repr=False)
    kinds: dict[str, str] = field(default_factory=dict, repr=False)
    text: str = field(default="", repr=False)   # the document's text (its paragraphs)
    block: str = "paragraph"
    # speakers named in a heading or caption below the report's top: a related
    # article's headline, a photo's caption; they speak for their own line only
    asides: set[int] = field(default_factory=set, repr=False)
    _breaks: list[int] | None = field(default=None, repr=False)

    @classmethod
    def for_document(cls, doc: Any, place_country: PlaceCountry | None = None) -> "ClaimContext":
        """The context of one document: its own outlet and the agencies it credits."""
        text = getattr(doc, "text", "") or ""
        return cls(doc_outlet=outlet_of(getattr(doc, "outlet", None), getattr(doc, "url", None)),
                   carriers=frame_credits(text), place_country=place_country, text=text)

    def at(self, position: int, block: str = "paragraph") -> None:
        """The next sentence read starts at ``position`` in the document text, in a
        block of that kind (paragraph, heading, title, caption)."""
        self.position = position
        self.block = block

    def observe_actor(self, actor: Actor, text: str = "") -> None:
        """Remember an actor named in the document (only fully identified ones);
        ``text``, the words that named it, tells an official's title."""
        if actor.country is None and actor.kind != "official":
            return
        if actor.kind == "official":
            if _is_person(actor):
                self.last_person = actor
                if actor.country:
                    self.people[actor.name.lower()] = actor
                    self.people[actor.name.split()[-1].lower()] = actor
                title = _title_in(text) if text else None
                if title is not None:
                    self.titled[title["title"]] = actor
        elif actor.kind == "ministry":
            self.last_ministry = actor
        elif actor.kind == "military":
            self.last_military = actor
        elif actor.kind == "group":
            self.last_group = actor
        if actor.country:
            self.last_country = actor.country

    def observe_places(self, places: list) -> None:
        """Remember the last region and town named (``Mention``s of places, or ``Place``s)."""
        for m in places:
            p = getattr(m, "value", m)
            if not p.country:
                continue
            self.last_place_country = p.country
            if p.precision == "admin1":
                self.last_region = (_ADMIN_WORD.sub("", p.name), p.country)
            elif p.precision in ("city", "district"):
                self.last_city = (p.name, p.country)

    def observe(self, sentence: str, places: list | None = None) -> None:
        """Record the actors (and places) of a sentence that ``attribute`` is not called on."""
        for m in find_actors(sentence, self.place_country):
            self.observe_actor(m.value, m.text)
        if places:
            self.observe_places(places)

    def observe_mentions(self, actors: list[Mention], places: list | None = None) -> None:
        """As ``observe``, from the actor mentions a caller already has."""
        subject = None
        for m in actors:
            self.observe_actor(m.value, m.text)
            if subject is None and m.value.kind == "official" and _is_person(m.value):
                subject = self.last_person    # "he" is most often the sentence's subject
        if subject is not None:
            self.last_subject = subject
        if places:
            self.observe_places(places)

    def update(self, claim: Claim, actor: Actor | None = None) -> None:
        """Make ``claim``'s claimant the most recent one (and person/ministry as it applies)."""
        if not claim.claimant:
            return
        if actor is None:
            actor = canonical_actor(claim.claimant) or Actor(claim.claimant, claim.claimant_country)
        self.last_claimant = actor
        if actor.kind == "official" and _is_person(actor):
            self.last_subject = actor
        self.observe_actor(actor)
        if claim.modality == "denied":
            return    # "Kyiv denied the claim": no one to carry to the sentences that follow
        if not self.speakers or self.speakers[-1][0] != self.position:
            self.speakers.append((self.position, claim))
            if self.block in ("heading", "title", "caption") and any(
                    p not in self.asides for p, _ in self.speakers[:-1]):
                self.asides.add(self.position)
        self.kinds.setdefault(claim.claimant, actor.kind or "")

    def speaker_for(self, position: int) -> Claim | None:
        """Who speaks at ``position``: the last claimant named before it (carried
        until someone else speaks), else (a headline or a lede whose source comes
        a sentence later) the first one named after it. A paragraph whose own
        source comes after the fact ("A drone hit a school in Sumy. Two people
        were hurt, the governor said.") is that source's, not the last speaker's;
        so is a sentence inside a quotation its speaker closes later."""
        before = [(p, c) for p, c in self.speakers if p <= position and (p == position or p not in self.asides)]
        after = [(p, c) for p, c in self.speakers if p > position and p not in self.asides]
        if after and self._paragraph(after[0][0]) == self._paragraph(position) and (
                not before or self._paragraph(before[-1][0]) != self._paragraph(position)
                or self._in_quote(position)):
            return after[0][1]    # "“Two drones hit a depot. A guard was hurt,” the governor said."
        if before:
            return before[-1][1]
        return after[0][1] if after else None

    def _in_quote(self, position: int) -> bool:
        """Whether ``position`` is inside a quotation opened earlier in its paragraph."""
        start = self.text.rfind("\n", 0, position) + 1
        head = self.text[start:position + 1]    # the sentence may open the quotation
        return head.count("\u201c") > head.count("\u201d") or head.count('"') % 2 == 1

    def _paragraph(self, position: int) -> int:
        """Which paragraph of the document ``position`` is in (counted by line breaks)."""
        if self._breaks is None:
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        return bisect_right(self._breaks, position)

    def country_near(self, position: int) -> str | None:
        """The country of the speaker nearest ``position`` that has one: a claimant
        whose country the report never says ("Mikhail Razvozhaev said ...") is most
        likely on the side of those who speak around them."""
        best: tuple[int, str] | None = None
        for p, c in self.speakers:
            if c.claimant_country and (best is None or abs(p - position) < best[0]):
                best = (abs(p - position), c.claimant_country)
        return best[1] if best else None

    def institution_near(self, position: int, country: str) -> Claim | None:
        """The nearest claim of ``country`` made by an institution or an official
        of it (a ministry, the army, a governor, the Kremlin), not by the state
        as a whole or by anonymous "officials"."""
        best: tuple[int, Claim] | None = None
        for p, c in self.speakers:
            if c.claimant_country != country or self.kinds.get(c.claimant) not in _INSTITUTION_KINDS \
                    or c.claimant.split()[-1].lower() in _GENERIC:
                continue
            if best is None or abs(p - position) < best[0]:
                best = (abs(p - position), c)
        return best[1] if best else None

    def institution_after(self, position: int, country: str) -> Claim | None:
        """The next speaker after ``position`` (in the next two paragraphs), when it
        is an institution or an official of ``country`` and none spoke before."""
        if any(p < position and self._is_institution(c) for p, c in self.speakers):
            return None    # not a lede: someone was named already
        nxt = next(((p, c) for p, c in self.speakers if p > position), None)
        if nxt is None or self._paragraph(nxt[0]) - self._paragraph(position) > 2:
            return None
        p, c = nxt
        return c if c.claimant_country == country and self._is_institution(c) else None

    def _is_institution(self, claim: Claim) -> bool:
        return self.kinds.get(claim.claimant) in _INSTITUTION_KINDS \
            and claim.claimant.split()[-1].lower() not in _GENERIC

    def resolve_events(self, events: list) -> None:
        """The document pass: an event whose sentence names no claimant takes the
        document's speaker at that point (``speaker_for``); a state named as the
        claimant gives way to the institution of it the report names nearest
        (``institution_near``); a claimant without a country takes that of the
        nearest speaker who has one (``country_near``)."""
        own = canonical_outlet(self.doc_outlet)
        for ev in events:
            claim, at = ev.claim, ev.evidence.start
            if not set(self.carriers) <= set(claim.reported_by) or (own and own not in claim.reported_by):
                # agencies credited further down the report carried all of it, and the
                # report's own outlet carries every claim in it
                via = [o for o in claim.reported_by if o != own]
                via += [c for c in self.carriers if c not in via]
                claim = replace(claim, reported_by=via + ([own] if own else []))
            if not claim.claimant:
                speaker = self.speaker_for(at)
                if speaker is None:
                    continue
                claim = replace(claim, claimant=speaker.claimant, claimant_country=speaker.claimant_country,
                                modality=claim.modality if claim.modality != "asserted" else speaker.modality,
                                verb=claim.verb or speaker.verb)
            if self.kinds.get(claim.claimant) == "state" and claim.claimant_country:
                # "Russia said ..." where the report names who in Russia said it
                # ("according to the Defence Ministry"): the institution is the claimant
                who = self.institution_near(at, claim.claimant_country)
                if who is not None:
                    claim = replace(claim, claimant=who.claimant)
            elif claim.claimant.split()[-1].lower() in _GENERIC and claim.claimant_country:
                # a lede's "Ukrainian officials said", then the paragraph after names
                # them ("Ivan Fedorov, the governor of the Zaporizhzhia region, said")
                who = self.institution_after(at, claim.claimant_country)
                if who is not None:
                    claim = replace(claim, claimant=who.claimant)
            if claim.claimant_country is None:
                country = self.country_near(at)
                if country is not None:
                    claim = replace(claim, claimant_country=country)
            ev.claim = claim


def _is_person(actor: Actor) -> bool:
    """An official named by name ("Oleh Kiper"), not by title ("Sumy governor")."""
    return " " in actor.name and not actor.name.split()[-1].islower()


def _outlets() -> Lexicon:
    return outlets_lexicon()


@lru_cache(maxsize=1)
def _verbs() -> Lexicon:
    return Lexicon.from_yaml("verbs")


@lru_cache(maxsize=1)
def _title_lexicon() -> Lexicon:
    entries = [{"name": t["name"], "aliases": t.get("aliases") or [], "title": t["name"], "scope": t.get("scope")}
               for t in load_data("actors").get("titles") or []]
    return Lexicon.from_entries(entries, "title")


@lru_cache(maxsize=8192)
def _title_in(text: str) -> dict[str, Any] | None:
    """The title named in ``text`` ("Regional governor Ivan Fedorov" -> governor), or None."""
    hits = _title_lexicon().find(text)
    return hits[-1].value if hits else None


@lru_cache(maxsize=1)
def _anaphors() -> Lexicon:
    """Pronouns ("he", "officials") and titles with an article ("the governor", "an official")."""
    entries: list[dict[str, Any]] = [{"name": w, "kind": "pronoun", "word": w} for w in _PRONOUNS]
    entries += [{"name": w, "kind": "media", "word": w} for w in load_data("outlets").get("generic_media") or []]
    for t in load_data("actors").get("titles") or []:
        for title in [t["name"], *(t.get("aliases") or [])]:
            title = title.lower()
            entries.append({"name": f"the {title}", "kind": "title", "word": title})
            entries.append({"name": f"{'an' if title[0] in 'aeiou' else 'a'} {title}", "kind": "someone",
                            "word": title})
    return Lexicon.from_entries(entries, "anaphor")


@lru_cache(maxsize=1)
def _owned_titles() -> Lexicon:
    """Bare titles ("governor"), looked for only after a possessive: "the region's governor"."""
    entries = [{"name": title.lower(), "kind": "owned", "word": title.lower()}
               for t in load_data("actors").get("titles") or [] for title in [t["name"], *(t.get("aliases") or [])]]
    return Lexicon.from_entries(entries, "anaphor")


# a possessive that may own a title: "the region's", "its" (a cheap test before looking for owned titles)
_ANY_OWNER = re.compile(
    r"(?:\b(?:region|oblast|province|city|town|capital|village|country|nation|state|group|movement|militia|rebels|"
    r"territory|enclave|strip)['\u2019]s?|\b(?:its|their))\s", re.IGNORECASE)


_NAME_TOKEN = r"[A-Z][\w'\u2019\-]*"
# a run of capitalised words, with the small words names hold: "Ministry of Communities and Territories Development"
_NAME_RUN = re.compile(_NAME_TOKEN + r"(?:[ \t]+(?:(?:of|the|for|and|al|el|bin|ibn|de|van|von|abu|on)[ \t]+)*"
                       + _NAME_TOKEN + r"){0,6}")
# what makes the name after it a place: "in River Nile province", "the village of Nyaung Kone"
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|over|across|into|from|inside|outside|around|through|toward|towards|outskirts\s+of)|"
    r"\b(?:village|town|city|region|district|province|area|settlement|state|county)\s+of)\s+(?:the\s+)?"
    r"(?:(?:north|south|east|west|central|northern|southern|eastern|western|north-?eastern|north-?western|"
    r"south-?eastern|south-?western|occupied|nearby|neighbouring|neighboring)\s+)?$",
    re.IGNORECASE)
# between a country and a name that belongs to it: "Israel's Magen David Adom", "the Ukrainian energy company DTEK"
_BELONGS_GAP = re.compile(r"(?:['\u2019]s)?\s+(?:[a-z][\w\-]*\s+){0,3}")


@lru_cache(maxsize=1)
def _institution_words() -> frozenset[str]:
    return frozenset(load_data("actors").get("institution_words") or [])


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    data = load_data("actors")
    return frozenset([*(data.get("not_names") or []), *(data.get("ranks") or [])])


@lru_cache(maxsize=1)
def _ranks() -> frozenset[str]:
    return frozenset(load_data("actors").get("ranks") or [])


def _without_rank(actor: Actor, item: _Item, sentence: str) -> Actor:
    """"Rear Admiral Daniel" (a title's name cut at three words) -> "Daniel Hagari"."""
    words = actor.name.split()
    if not words or words[0].rstrip(".") not in _ranks():
        return actor
    while words and words[0].rstrip(".") in _ranks():
        words.pop(0)
    more = re.match(r"(?:\s+[A-Z][\w'\u2019\-]*){1,2}", sentence[item.end:item.end + 40])
    if more is not None and len(words) < 2:
        words += more.group(0).split()[:2 - len(words)]
    return Actor(" ".join(words), actor.country, actor.kind) if words else actor


def _name_items(sentence: str, taken: list[tuple[int, int]], items: list[_Item],
                ctx: ClaimContext | None, place_country: PlaceCountry | None = None,
                places: list[Mention] = (), verbs: list[Mention] = ()) -> list[_Item]:
    """Capitalised names the vocabularies do not know: people ("Mikhail Razvozhaev
    said", "Kobzar said") and organisations ("Gaza Civil Defense said", "DTEK
    announced"). A country right before one gives its country ("Israel's Magen
    David Adom"); one right against it is part of the name ("Gaza Civil Defense"),
    and so is a place that opens it ("the Donetsk Oblast Military Administration");
    a name that is all one place is no speaker."""
    masked, last = [], 0
    for a, b in sorted(taken):
        if b <= last:
            continue
        a = max(a, last)
        masked += [sentence[last:a], "|" * (b - a)]
        last = b
    masked = "".join(masked) + sentence[last:]
    out: list[_Item] = []
    words_all = sentence.split()
    if len(words_all) >= 4 and sum(w[:1].isupper() for w in words_all) >= 0.6 * len(words_all):
        return out    # a headline in title case: every word looks like a name
    for m in _NAME_RUN.finditer(masked):
        start, words = m.start(), m.group().split()
        if re.search(r"['\u2019]s$", words[-1]):
            continue    # "Narendra Modi's address": an owner, not a speaker
        not_names = _not_names()
        while words and words[0].rstrip(".") in not_names:
            start = masked.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        if not words or all(w.rstrip(".") in not_names for w in words):
            continue
        end = m.end()
        name = sentence[start:end]
        if sentence[max(0, start - 1):start] == "(" and sentence[end:end + 1] == ")":
            continue    # "(UKMTO)" after the name it abbreviates
        inside = [p for p in places if p.start < end and start < p.end]
        rest = name
        for p in sorted(inside, key=lambda p: -p.start):
            a, b = max(p.start, start) - start, min(p.end, end) - start
            rest = rest[:a] + rest[b:]
        if inside and not re.sub(r"['\u2019]s\b|\b(?:and|of|the|for)\b", "", rest).strip(" -,"):
            continue    # places only: "Siberia's Irkutsk", "TEL AVIV"
        opening = next((p for p in inside if p.start == start and p.end < end and p.value.country), None)
        known = ctx.people.get(name.lower()) if ctx is not None else None
        institution = name.isupper() or any(w in _institution_words() for w in words)
        loose = len(words) == 1 and known is None and not name.isupper()
        if loose and not any(_TIGHT_GAP.fullmatch(sentence, end, v.start) or _TIGHT_GAP.fullmatch(sentence, v.end, start)
                             for v in verbs):
            continue    # a lone capitalised word speaks only right against its verb: "Kobzar said"
        if loose and start == 0 and name.lower().endswith("s"):
            continue    # "Analysts said": a plural at the head of a sentence
        if loose and country_of_place(name, place_country):
            continue    # "officials in Belgorod said": a place, not a speaker
        if _PLACE_BEFORE.search(sentence, max(0, start - 30), start):
            continue    # "in River Nile province", "the village of Nyaung Kone": a place
        if _is_media(words, sentence, end) or (ctx is not None and _is_own_outlet(name, ctx)):
            out.append(_Item(start, end, "outlet", outlet={"name": name, "kind": "online"}, text=name))
            continue    # "Radio Shabelle reported", "the ILNA news agency": the medium, not who speaks
        actor = known or Actor(name, None, "organisation" if institution else "official")
        if known is None and opening is not None:
            actor = Actor(name, opening.value.country, actor.kind)
        # the country that owns it: an actor against it or just before it
        prev = next((it for it in reversed(items) if it.end <= start and it.kind == "actor"), None)
        if known is None and prev is not None and prev.actor.country is None \
                and prev.actor.kind in ("ministry", "military", "government") \
                and re.fullmatch(r"\s+of\s+(?:the\s+)?", sentence[prev.end:start]):
            # "the Ministry of Communities and Territories Development": a body, named in full
            full = sentence[prev.start:end]
            out.append(_Item(prev.start, end, "actor", actor=Actor(re.sub(r"^(?i:the)\s+", "", full), None,
                                                                   prev.actor.kind), text=full))
            continue
        if known is None and prev is not None and prev.actor.kind == "official" and _is_person(prev.actor) \
                and sentence[prev.end:start].isspace():
            # "spokesman Brigadier General Nabil | Abdalla": a name the title cut short
            words = [w for w in prev.actor.name.split() if w.rstrip(".") not in _ranks()] + name.split()
            out.append(_Item(prev.start, end, "actor", actor=Actor(" ".join(words[-3:]), prev.actor.country,
                                                                    "official"), text=sentence[prev.start:end]))
            continue
        if known is None and prev is not None and prev.actor.country \
                and (prev.actor.kind or "state") in ("state", "territory", "group", "military", "metonym"):
            if sentence[prev.end:start].isspace():
                actor = Actor(f"{prev.text} {name}", prev.actor.country, actor.kind)
                start = prev.start
            elif _BELONGS_GAP.fullmatch(sentence, prev.end, start):
                actor = Actor(name, prev.actor.country, actor.kind)
        if known is None and prev is not None and prev.actor.country and prev.actor.kind == "official" \
                and not _is_person(prev.actor) and re.fullmatch(r"\s*,\s*", sentence[prev.end:start]):
            actor = Actor(name, prev.actor.country, actor.kind)    # "Iran's intelligence minister, Esmail Khatib"
        out.append(_Item(start, end, "name", actor=actor, text=sentence[start:end], loose=loose))
    return out


@lru_cache(maxsize=1)
def _media_words() -> tuple[frozenset[str], re.Pattern[str]]:
    media = load_data("outlets").get("media_words") or {}
    after = "|".join(re.escape(w) for w in sorted(media.get("after") or [], key=len, reverse=True)) or "(?!)"
    return frozenset(media.get("name_words") or []), re.compile(r"\s+(?:" + after + r")\b", re.IGNORECASE)


def _is_media(words: list[str], sentence: str, end: int) -> bool:
    """A name that is an outlet's: "Radio Shabelle", "ILNA" in "the ILNA news agency"."""
    name_words, after = _media_words()
    return any(w in name_words for w in words) or bool(after.match(sentence, end))


def _is_own_outlet(name: str, ctx: ClaimContext) -> bool:
    """"writes UNN" in a report from unn.ua, "DAILY POST reports" from dailypost.ng."""
    return bool(ctx.doc_outlet) and re.sub(r"[\W_]+", "", name.lower()) in _own_keys(ctx.doc_outlet)


@lru_cache(maxsize=256)
def _own_keys(outlet: str) -> frozenset[str]:
    own = outlet.lower()
    labels = own.split(".")[:-1] if "." in own and " " not in own else [own]
    return frozenset(re.sub(r"[\W_]+", "", label) for label in labels if label not in ("www", "m", "en"))


def _owner_before(sentence: str, start: int) -> str | None:
    m = _OWNER.search(sentence, max(0, start - 30), start)
    if m is None:
        return None
    return "its" if m.group("its") else _OWNER_SCOPE[m.group("owner").lower()]


_THE_GAP = re.compile(r"\s+(?:the\s+)?", re.IGNORECASE)
_ADJACENT = re.compile(r"(?:['\u2019]s)?\s*(?:(?:has|have|had|also|later|then|again|further|earlier)\s+)*")


def _has_speaker(items: list[_Item], sentence: str, v: Mention) -> bool:
    """Whether a known candidate stands right against verb ``v`` (so that finding
    unknown names is not needed): "the ministry said", "according to the army"."""
    if v.value.get("kind") == "marker":
        return True
    if v.value.get("kind") == "source":
        return _item_after(items, sentence, v.end, _SOURCE_GAP) is not None
    if _APPOS_CLOSE.search(sentence, max(0, v.start - 40), v.start):
        return False    # "X, the region's governor, said": X may be a name
    return _subject_before(items, sentence, v.start, _ADJACENT) is not None \
        or _item_after(items, sentence, v.end, _THE_GAP) is not None


def _candidates(sentence: str, outlets: list[Mention], place_country: PlaceCountry | None,
                other: list[Mention] = (), ctx: ClaimContext | None = None, speech: bool = True) -> list[_Item]:
    """Actors, outlets, pronouns, bare titles and unknown names, in order, never
    overlapping an outlet; ``other`` (verbs, places, platforms) are never names.
    Without ``speech`` (no reporting verb: no one to resolve) only outlets and actors."""
    items = [_Item(m.start, m.end, "outlet", outlet=m.value, text=m.text)
             for m in outlets if m.value.get("kind") != "platform"]
    taken = [(m.start, m.end) for m in outlets]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in find_actors(sentence, place_country):
        if free(m.start, m.end):
            owner = _owner_before(sentence, m.start) if m.value.country is None else None
            items.append(_Item(m.start, m.end, "actor", actor=m.value, owner=owner, text=m.text))
            taken.append((m.start, m.end))
    if not speech:
        items.sort(key=lambda it: it.start)
        return items
    anaphors = _anaphors().find(sentence)
    if ("s " in sentence and ("'s " in sentence or "\u2019s " in sentence or "its " in sentence
                              or "their " in sentence)) and _ANY_OWNER.search(sentence):
        anaphors = sorted(anaphors + [m for m in _owned_titles().find(sentence)
                                      if not any(a.start <= m.start < a.end for a in anaphors)],
                          key=lambda m: m.start)
    for m in anaphors:
        if free(m.start, m.end):
            kind, owner = m.value["kind"], None
            if kind == "owned":
                owner = _owner_before(sentence, m.start)
                if owner is None:
                    continue
            if m.value["word"] == "source" and sentence[m.end:m.end + 1] == ":":
                continue    # "Source: the Air Force" names a source, it is none
            if kind == "pronoun" and m.start > 0 and m.text[0].isupper():
                continue    # "the Sudan Doctors Network": a word of a name
            items.append(_Item(m.start, m.end, kind, word=m.value["word"], owner=owner, text=m.text))
            taken.append((m.start, m.end))
    items.sort(key=lambda it: it.start)
    verbs = [m for m in other if m.label == "verb"]
    if all(_has_speaker(items, sentence, v) for v in verbs):
        return items    # each verb has its speaker right against it: no unknown name can be nearer
    names = _name_items(sentence, taken + [(m.start, m.end) for m in other if m.label != "place"], items, ctx,
                        place_country, [m for m in other if m.label == "place"], verbs)
    if names:
        merged = {(n.start) for n in names}
        items = [it for it in items if not (it.kind == "actor" and it.start in merged)] + names
        items.sort(key=lambda it: it.start)
    return items


def _subject_before(items: list[_Item], sentence: str, pos: int, gap: re.Pattern[str]) -> _Item | None:
    """The candidate right before ``pos`` separated only by ``gap``."""
    for it in reversed(items):
        if it.end <= pos:
            return it if gap.fullmatch(sentence, it.end, pos) else None
    return None


def _item_after(items: list[_Item], sentence: str, pos: int, gap: re.Pattern[str]) -> _Item | None:
    """The candidate right after ``pos`` separated only by ``gap``."""
    for it in items:
        if it.start >= pos:
            return it if gap.fullmatch(sentence, pos, it.start) else None
    return None


@dataclass(slots=True)
class _Sentence:
    """One sentence being attributed, with what resolving its candidates needs."""
    text: str
    items: list[_Item]
    places: list[Mention]
    ctx: ClaimContext | None
    place_country: PlaceCountry | None


@lru_cache(maxsize=1)
def _adjectives() -> dict[str, str]:
    """ISO2 -> the adjective that names a country's institutions ("RU" -> "Russian")."""
    table: dict[str, str] = {}
    for c in load_data("actors").get("countries") or []:
        table.setdefault(c["country"], c.get("adjective") or c["name"])
    return table


def _of_country(actor: Actor, country: str) -> Actor:
    """A body named without its country, given one: "the ministry" -> "Russian ministry"."""
    adjective = _adjectives().get(country)
    name = f"{adjective} {actor.name}" if adjective and not actor.name.startswith(adjective) else actor.name
    return Actor(name, country, actor.kind)


_SIDE_KINDS = ("state", "military", "government", "ministry", "territory", "group")
# an actor right before one of these is whose weapons they are ("Ukrainian drones"), not who speaks
_WEAPON_AFTER = re.compile(
    r"(?:-\w+)?\s+(?:[\w-]+\s+)?(?:drones?|UAVs?|missiles?|rockets?|shells?|bombs?|jets?|aircraft|warplanes?|"
    r"artillery|strikes?|attacks?|shelling|troops|forces|army|military|soldiers|invaders|occupiers)\b", re.IGNORECASE)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|over|across|into|on|at|near|from|against|of|to|toward|towards|inside)\s+(?:the\s+)?$",
                              re.IGNORECASE)


# an actor right before one of these is the attacker: "Russia launched 94 drones", "Russian forces shelled"
_ATTACK_AFTER = re.compile(
    r"(?:['\u2019]s)?\s+(?:forces\s+|troops\s+|army\s+|military\s+|invaders\s+|occupiers\s+)?"
    r"(?:has\s+|had\s+|have\s+|also\s+|again\s+|reportedly\s+|overnight\s+)*"
    r"(?:launched|fired|attacked|struck|hit|shelled|bombed|targeted|pounded|bombarded|raided|unleashed|sent)\b",
    re.IGNORECASE)
# an actor right after one of these is where the blows fell: "at Ukraine", "in eastern Ukraine"
_TARGET_BEFORE = re.compile(
    r"\b(?:at|on|against|targeting|in|over|across|into|inside|throughout|of)\s+(?:the\s+)?(?:[a-z]+\s+)?$",
    re.IGNORECASE)


def _sentence_side(items: list[_Item], sentence: str, skip: _Item | None = None) -> str | None:
    """The country of the side a sentence's unnamed body speaks for: the first
    actor named as a side ("Russia said its air defences ...", "Russian troops
    captured ..."); when the only sides named are attackers ("Russia launched 94
    drones", "Ukrainian drones") the side attacked ("at Ukraine", "over Russian
    territory", "in eastern Ukraine"): air forces and governors report the blows
    their own side took."""
    target = None
    for it in items:
        if it is skip or it.kind != "actor" or not it.actor.country or (it.actor.kind or "state") not in _SIDE_KINDS:
            continue
        kind = it.actor.kind or "state"
        if _TARGET_BEFORE.search(sentence, max(0, it.start - 24), it.start):
            target = target or it.actor.country
            continue
        if re.search(r"\bfrom\s+(?:the\s+)?$", sentence[max(0, it.start - 12):it.start], re.IGNORECASE):
            continue    # "launched from Russia"
        if _ATTACK_AFTER.match(sentence, it.end):
            continue    # the attacker
        if kind == "state" and _WEAPON_AFTER.match(sentence, it.end) \
                and not re.match(r"\s+(?:forces|troops|army|military|soldiers)\b", sentence[it.end:it.end + 12]):
            continue    # "Ukrainian drones": the attacker's weapons
        return it.actor.country
    return target


def _context_country(s: "_Sentence", skip: _Item | None) -> str | None:
    """The country an unqualified body or person of this sentence belongs to:
    the sentence's own side, else the last speaker's, else that of the places
    the sentence names ("the army said" of a bombing near Baidoa), else the side
    the report was last about, else the country of its last place, else the
    last actor named."""
    country = _sentence_side(s.items, s.text, skip)
    ctx = s.ctx
    if country is None and ctx is not None and ctx.last_claimant is not None:
        country = ctx.last_claimant.country
    if country is None:
        country = next((m.value.country for m in s.places if m.value.country), None)
    if country is None and ctx is not None:
        # the side the report was last about, else where its events were, else whoever was named
        country = ctx.last_side or ctx.last_place_country or ctx.last_country
    return country


_ADMIN_WORD = re.compile(r"\s+(?:Oblast|Region|Krai|Province|Governorate|District|State|Territory)$", re.IGNORECASE)


def _place_for(scope: str, s: _Sentence, item: _Item) -> tuple[str, str | None] | None:
    """The region or town (name, country) a local office belongs to: the one the
    sentence names (before the title first), else the last one the document named."""
    def pick(places: list[Mention]) -> tuple[str, str | None] | None:
        for m in places:
            p = m.value
            if not p.country:
                continue    # a sea, a border area: no one governs it
            if scope == "city" and p.precision in ("city", "district"):
                return p.name, p.country
            if scope == "region":
                if p.precision == "admin1":
                    return _ADMIN_WORD.sub("", p.name), p.country
                if p.precision in ("city", "district", "facility"):
                    # "the southern region of Mykolaiv": the region named after its capital
                    return p.name, p.country
        return None
    before = [m for m in s.places if m.end <= item.start]
    found = pick(list(reversed(before))) or pick([m for m in s.places if m.start >= item.end])
    if found is None and s.ctx is not None:
        found = s.ctx.last_city if scope == "city" else s.ctx.last_region
    return found


def _owner_country(owner: str, s: _Sentence, item: _Item) -> str | None:
    """The country of "the group's", "the country's", "its", "the territory's"."""
    if owner == "group":
        group = next((it.actor for it in reversed(s.items) if it.end <= item.start and it.kind == "actor"
                      and it.actor.kind == "group" and it.actor.country), None)
        if group is None and s.ctx is not None and s.ctx.last_group is not None:
            group = s.ctx.last_group
        if group is not None:
            return group.country
    if owner in ("place", "its", "region", "city"):
        scope = "city" if owner == "city" else "region"
        found = _place_for(scope, s, item)
        if found is not None and found[1]:
            return found[1]
    return _context_country(s, item)


def _local_office(word: str, title: dict[str, Any] | None, owner: str | None, s: _Sentence,
                  item: _Item) -> Actor | None:
    """"the region's governor", "its governor", "the city's acting mayor", "the
    regional governor": named after the place it governs, with that place's country."""
    scope = owner if owner in ("region", "city") else (title or {}).get("scope")
    if scope not in ("region", "city"):
        return None
    found = _place_for(scope, s, item)
    if found is None:
        return None
    name, country = found
    return Actor(f"{name} {(title or {}).get('title', word)}", country, "official")


def _apposition_country(item: _Item, s: _Sentence) -> str | None:
    """The country an apposition gives: "X, the region's governor," "X, head of
    the Odesa Regional Military Administration," (its actors, titles, places)."""
    if item.appos is None:
        return None
    a, b = item.appos
    for it in s.items:
        if a <= it.start and it.end <= b and it is not item and it.kind in ("actor", "owned", "title", "name"):
            actor = _resolve(it, s)
            if actor is not None and actor.country:
                return actor.country
    for m in s.places:
        if a <= m.start and m.end <= b and m.value.country:
            return m.value.country
    return None


@lru_cache(maxsize=1)
def _generic_modifiers() -> frozenset[str]:
    return frozenset(w.lower() for w in load_data("actors").get("generic_modifiers") or [])


def _generic(item: _Item, s: _Sentence, kind: str = "government") -> Actor:
    """"officials said", "regional officials said", "Kyiv regional authorities
    said", "officials in Kursk said": named as the report names them, from the
    country of the place they are of, else of the places the sentence names (local
    officials speak of their own area), else the sentence's side, else the report's."""
    text, start = s.text, item.start
    words = []
    while len(words) < 2:
        m = re.search(r"([A-Za-z][\w\-]*)\s+$", text[max(0, start - 30):start])
        if m is None or m.group(1).lower() not in _generic_modifiers():
            break
        words.insert(0, m.group(1).lower())
        start -= len(m.group(0))
    name = " ".join([*words, item.word])
    country = None
    owner = next((it for it in s.items if it.kind == "actor" and it.end <= start
                  and text[it.end:start].isspace() and it.actor.country), None)
    if owner is not None:    # "Moscow officials", "Kyiv regional authorities"
        name, country = f"{owner.text} {name}", owner.actor.country
    if country is None:
        place = _IN_PLACE.match(text, item.end)
        country = country_of_place(place.group("place"), s.place_country) if place else None
    if country is None:
        country = next((m.value.country for m in s.places if m.value.country), None)
    if country is None and kind == "government":
        country = _sentence_side(s.items, text, item)
    if country is None and s.ctx is not None:
        country = (s.ctx.last_claimant.country if s.ctx.last_claimant is not None else None) or s.ctx.last_country
    return Actor(name, country, kind)


def _resolve(item: _Item, s: _Sentence) -> Actor | None:
    """The actor a candidate stands for, resolving anaphora through the context."""
    ctx, sentence, items = s.ctx, s.text, s.items
    if item.kind == "outlet":
        return Actor(item.outlet["name"], item.outlet.get("country"), "outlet")
    if item.kind == "actor":
        actor = item.actor
        if actor.country is None and actor.name == "authorities":    # "the officials said"
            return _generic(replace(item, word=item.text.split()[-1].lower()), s)
        if actor.country is None and actor.kind in ("ministry", "military", "government", "service"):
            # "the ministry said", "the country's air force said": whose body it is
            last = None
            if ctx is not None:
                last = {"ministry": ctx.last_ministry, "military": ctx.last_military}.get(actor.kind)
            if last is not None and (actor.name.lower() in ("ministry", "armed forces")
                                     or last.name.lower().endswith(actor.name.lower())):
                return last
            of = re.match(r"\s+of\s+(?:the\s+)?", sentence[item.end:item.end + 10])
            owner = next((it for it in items if of and it.start == item.end + of.end()
                          and it.kind == "actor" and it.actor.country), None)
            if owner is not None:     # "the General Staff of the Ukrainian Armed Forces"
                return _of_country(actor, owner.actor.country)
            country = _owner_country(item.owner, s, item) if item.owner else \
                _context_country(s, item)
            if country is None and last is not None:
                return last
            if actor.kind == "government":
                return Actor(actor.name, country, "government")
            return _of_country(actor, country) if country else actor
        if actor.kind == "government" and actor.country and actor.name.endswith("authorities") \
                and item.text.lower().endswith("officials"):
            return Actor(re.sub(r"^(?i:the)\s+", "", item.text), actor.country, "government")  # "Moscow officials"
        if actor.kind == "official":
            actor = _without_rank(actor, item, sentence)
            if actor.name.split()[-1].islower() and ctx is not None \
                    and ctx.last_person is not None and ctx.last_person.country == actor.country:
                return ctx.last_person  # "the Ukrainian president said"
            if actor.country is None:
                # "Regional governor Oleksander Prokudin said ... in Kherson": the place
                # a local office governs gives its country; else the report's side
                title = _title_in(item.text)
                if item.appos and _apposition_country(item, s):
                    country = _apposition_country(item, s)
                elif item.owner:
                    country = _owner_country(item.owner, s, item)
                elif title is not None and title.get("scope") in ("region", "city"):
                    found = _place_for(title["scope"], s, item)
                    country = found[1] if found else _context_country(s, item)
                else:
                    country = _context_country(s, item)
                return Actor(actor.name, country, "official")
        return actor
    if item.kind == "name":
        actor = item.actor
        if actor.country is None:
            country = _apposition_country(item, s) or _context_country(s, item)
            actor = Actor(actor.name, country, actor.kind)
        return actor
    if item.kind == "someone":  # "an official told CNN": anonymous, never an anaphor
        return Actor(item.word, _context_country(s, item), "official")
    if item.kind in ("title", "owned"):
        title = _title_in(item.word)
        if item.kind == "title" and ctx is not None and title is not None and title["title"] in ctx.titled:
            return ctx.titled[title["title"]]     # "the governor said", after "Governor Ivan Fedorov"
        office = _local_office(item.word, title, item.owner, s, item)
        if office is not None:
            return office
        if item.owner:
            country = _owner_country(item.owner, s, item)
            if item.owner == "group" and ctx is not None and ctx.last_group is not None:
                return Actor(f"{ctx.last_group.name} {item.word}", country, "official")
            return Actor(item.word, country, "official")
        if ctx is not None and ctx.last_person is not None:
            return ctx.last_person
        return Actor(item.word, _context_country(s, item), "official")
    if item.kind == "media":    # "Iranian state media reported": the adjective before says whose
        owner = next((it for it in reversed(items) if it.kind == "actor" and it.end <= item.start
                      and sentence[it.end:item.start].isspace() and it.actor.country), None)
        if owner is not None:
            return Actor(f"{owner.text} {item.word}", owner.actor.country, "media")
        return Actor(item.word, _context_country(s, item), "media")
    if item.word in _PERSON_PRONOUNS:
        if ctx is None:
            return None
        if ctx.last_subject is None and ctx.last_person is None and ctx.last_claimant is not None \
                and ctx.last_claimant.kind == "official":
            return ctx.last_claimant     # "the region's governor said ... He said"
        return ctx.last_subject or ctx.last_person
    if item.word in _GENERIC:
        return _generic(item, s)
    if item.word in _ANONYMOUS:     # "security sources told AFP", "a local resident said"
        return _generic(item, s, "people")
    # they / it
    return ctx.last_claimant if ctx is not None else None


@dataclass(slots=True)
class _Reading:
    """One reporting construction found in the sentence."""
    pos: int
    verb: Mention
    subject: _Item | None
    source: _Item | None = None  # the cited claimant of "citing X" / "quoted X as saying"


_ADJ_NOUNS = re.compile(r"(?:\s+[a-z][\w\-]*){1,3}\s+")
_OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)
_TIGHT_GAP = re.compile(r"\s+(?:(?:has|have|had|also|later|then|again|further)\s+)?")
# "X, <apposition>, [has] said": the comma before the verb that closes an apposition
_APPOS_CLOSE = re.compile(r",\s*(?:(?:has|have|had|also|later|earlier|then|further|previously|again)\s+){0,2}$")
_PERSONLIKE = ("official", "organisation", "group", "military", "ministry", "government")


def _apposition_subject(items: list[_Item], sentence: str, pos: int) -> _Item | None:
    """"Ivan Fedorov, the governor of the Zaporizhzhia region, said": the subject is
    the name before the apposition, which only says who they are."""
    close = _APPOS_CLOSE.search(sentence, max(0, pos - 40), pos)
    if close is None:
        return None
    opening = sentence.rfind(",", max(0, close.start() - 120), close.start())
    if opening < 0 or re.search(r"[\"\u201c\u201d;]", sentence[opening:close.start()]):
        return None
    head = _subject_before(items, sentence, opening, re.compile(r"\s*"))
    inside = [it for it in items if opening < it.start and it.end <= close.start()]
    if head is not None and head.kind in ("actor", "name") and (head.actor.kind or "") in _PERSONLIKE:
        head.appos = (opening, close.start())
        return head
    # "one participant, Sasha Kazintseva, said": the apposition is the name
    named = [it for it in inside if it.kind == "name" or (it.kind == "actor" and it.actor.kind == "official")]
    if len(named) == 1 and inside and inside[0] is named[0]:
        return named[0]
    return None


# a sentence that opens with its source: "[date 2024-09-14] Russian Defense Ministry: ..."
_HEAD_COLON = re.compile(r"^(?:date\s+\d{4}-\d\d-\d\d\s+)?\W*(?P<who>[A-Z][^:.!?\n]{1,60}?)\s*(?P<colon>:)\s+\S")


def _readings(sentence: str, items: list[_Item], verbs: list[Mention]) -> list[_Reading]:
    out: list[_Reading] = []
    for v in verbs:
        kind = v.value.get("kind")
        if kind == "marker":
            continue
        if kind == "source":  # according to / citing / quoting X
            src = _item_after(items, sentence, v.end, _SOURCE_GAP)
            if src is not None and src.kind == "actor" and (src.actor.kind or "state") == "state" \
                    and src.text.lower() != (src.actor.name or "").lower():
                # "according to Palestinian news agency WAFA": the adjective says whose; the name speaks
                head = _item_after(items, sentence, src.end, _ADJ_NOUNS)
                if head is not None:
                    src = head
            if src is not None:
                out.append(_Reading(v.start, v, None, src))
            continue
        subj = None
        if v.text.lower().endswith("ing") and re.search(r",\s*$", sentence[max(0, v.start - 3):v.start]):
            # "the officials said, adding ...": the speaker of the clause before;
            # "Sybiga lashed out at Putin, saying ...": the clause's subject
            if out and out[-1].subject is not None:
                subj = out[-1].subject
            else:
                subj = next((it for it in items if it.end <= v.start and it.kind != "outlet"
                             and not re.search(r"[,;:]", sentence[it.end:it.end + 1])), None)
                first_verb = re.search(r"[a-z]{3,}(?:ed|s)\b", sentence[:v.start])
                if subj is not None and first_verb is not None and first_verb.start() < subj.start:
                    subj = None
            if subj is not None:
                out.append(_Reading(v.start, v, subj))
                continue
        if _PASSIVE_BEFORE.search(sentence, max(0, v.start - 24), v.start) \
                and not _BY_AFTER.match(sentence, v.end):
            # "the Russian attack is reported to have hit ...", "it was claimed": a passive
            # names no speaker; its subject is what was said (dev en-0048, en-0510)
            continue
        if _INV_BEFORE.search(sentence, max(0, v.start - 3), v.start):
            # "..., said Moscow's mayor": a fronted verb takes the subject after it
            subj = _item_after(items, sentence, v.end, _INV_GAP)
            if subj is not None and subj.loose and not _TIGHT_GAP.fullmatch(sentence, v.end, subj.start):
                subj = None
        if subj is None:
            subj = _apposition_subject(items, sentence, v.start)
        if subj is None:
            subj = _subject_before(items, sentence, v.start, _SUBJ_GAP)
            if subj is not None and subj.loose and not _TIGHT_GAP.fullmatch(sentence, subj.end, v.start):
                subj = None
        if subj is None:  # "Moscow's mayor Sergei Sobyanin, said ..."
            subj = _subject_before(items, sentence, v.start, _LOOSE_GAP)
        if subj is not None and subj.kind == "actor":
            # "the General Staff of the Ukrainian Armed Forces reported": the head speaks
            head = _subject_before(items, sentence, subj.start, _OF_GAP)
            if head is not None and head.kind == "actor" and head.actor.country is None \
                    and head.actor.kind in ("ministry", "military", "government"):
                subj = head
        obj = None
        if v.value["name"] in _OBJ_VERBS or v.value["name"] == "tell":
            obj = _item_after(items, sentence, v.end, _INV_GAP)
        if subj is None and obj is None:
            continue
        reading = _Reading(v.start, v, subj)
        if obj is not None and v.value["name"] in _OBJ_VERBS and subj is not None and subj.kind == "outlet":
            reading.source = obj  # "TASS quoted the ministry as saying"
        out.append(reading)
    colon = _HEAD_COLON.match(sentence)
    if colon is not None:
        # "Russian Defense Ministry: air defences shot down ...": a headline's source
        head = next((it for it in items if it.end == colon.end("who")), None)
        # not a dateline ("MOSCOW:", "Islamabad:": a place or a state is where it was filed),
        # nor a topic ("Middle East crisis:"): an institution or an official the vocabularies know
        if head is not None and head.kind == "actor" and (head.actor.kind or "state") in _PERSONLIKE:
            verb = Mention(colon.start("colon"), colon.end("colon"), ":", "verb",
                           {"name": "say", "modality": "asserted", "kind": "verb"})
            out.insert(0, _Reading(colon.start("colon"), verb, head))
    return out


#: a reporting verb in the passive ("is reported", "was said"), with no agent after it
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|been|being)\s+(?:(?:also|widely|now|reportedly)\s+)?$", re.I)
_BY_AFTER = re.compile(r"\s+by\b", re.I)


_CLOSING_BEFORE = re.compile(r"(?:,|[\u201d\"'])\s*(?:(?:the|a|an)\s+)?$")
_CLOSING_AFTER = re.compile(r"[^,;:\"\u201c\u201d]{0,60}$")


def _closing(r: _Reading, sentence: str) -> bool:
    """An attribution after the last comma that ends the sentence: ", the military said."."""
    if r.subject is None or r.source is not None:
        return False
    start, end = min(r.subject.start, r.pos), max(r.subject.end, r.verb.end)
    return bool(_CLOSING_BEFORE.search(sentence, max(0, start - 8), start)) \
        and bool(_CLOSING_AFTER.match(sentence, end))


def _claimant_of(reading: _Reading, s: _Sentence) -> Actor | None:
    for it in (reading.source, reading.subject):
        if it is not None and it.kind != "outlet":
            actor = _resolve(it, s)
            if actor is not None:
                return _as_said(actor, it)
    return None


_SAID_FORCES = re.compile(r"\b(army|military)$", re.IGNORECASE)


def _as_said(actor: Actor, item: _Item) -> Actor:
    """A country's forces named as the report names them: "the army said" -> "Syrian
    army", "Pakistan's military said" -> "Pakistani military" (not "Armed Forces")."""
    said = _SAID_FORCES.search(item.text)
    if said is None or not actor.name.endswith("Armed Forces") or not actor.country:
        return actor
    adjective = _adjectives().get(actor.country)
    name = f"{adjective} {said.group(1).lower()}" if adjective else said.group(1).lower()
    return Actor(name, actor.country, actor.kind)


def attribute(sentence: str, *, doc_outlet: str | None = None, context: ClaimContext | None = None,
              place_country: PlaceCountry | None = None, near: int | None = None,
              places: list[Mention] | None = None, remember: bool = True) -> Claim:
    """The claim of ``sentence``: claimant, outlet chain, modality and verb.

    ``near`` (a character offset into the sentence, e.g. the event trigger) picks,
    when the sentence holds several attributions, the one closest to it; by
    default the first one that names a claimant wins. With a ``context`` the
    sentence's actors and the resulting claim are remembered for later sentences.
    ``places`` (the sentence's place mentions, offsets in the sentence) give local
    offices their place: "the region's governor", "Regional governor X said ... in Kherson".
    ``remember=False`` reads the context without adding to it (a second look at a
    sentence already read).
    """
    if place_country is None and context is not None:
        place_country = context.place_country
    if doc_outlet is None and context is not None:
        doc_outlet = context.doc_outlet
    outlet_hits = _outlets().find(sentence)
    if context is not None:
        for h in outlet_hits:    # "told AFP", "Reuters could not verify": the report's own agency
            if h.value.get("kind") != "platform" and h.value["name"] not in context.carriers \
                    and is_phrase_credit(sentence, h.start, h.end):
                context.carriers.append(h.value["name"])
    verbs = _verbs().find(sentence)
    speech = bool(verbs) or _HEAD_COLON.match(sentence) is not None
    items = _candidates(sentence, outlet_hits, place_country, [*verbs, *(places or ())], context, speech)
    # a verb inside a candidate is part of a name: "state media", "the Interior Ministry statement"
    if verbs and items:
        verbs = [v for v in verbs if not any(it.start < v.end and v.start < it.end for it in items)]
    readings = _readings(sentence, items, verbs) if speech else []
    sent = _Sentence(sentence, items, list(places or ()), context, place_country)
    if near is not None:
        readings.sort(key=lambda r: abs(r.pos - near))
    elif len(readings) > 1:
        # "Al-Shabaab claimed the attack, which killed one soldier, the military said":
        # the attribution that closes the sentence covers all of it
        readings.sort(key=lambda r: not _closing(r, sentence))

    claimant: Actor | None = None
    chosen: _Reading | None = None
    for r in readings:
        claimant = _claimant_of(r, sent)
        if claimant is not None:
            chosen = r
            break
    if claimant is None:
        # outlet-only attribution: "Reuters reported", "according to TASS"
        for r in readings:
            it = r.source or r.subject
            if it is not None and it.kind == "outlet":
                claimant, chosen = _resolve(it, sent), r
                break
    if chosen is None and readings:
        chosen = readings[0]

    reported_by: list[str] = []
    for it in items:    # the outlets of the sentence, those of the vocabulary and names like "Radio Kulmiye"
        if it.kind == "outlet" and it.outlet["name"] not in reported_by:
            reported_by.append(it.outlet["name"])
    for name in [*(context.carriers if context is not None else ()), canonical_outlet(doc_outlet)]:
        if name and name not in reported_by:
            reported_by.append(name)

    modality, verb = "asserted", None
    if chosen is not None:
        modality = chosen.verb.value["modality"]
        verb = chosen.verb.text.lower()
    markers = [v for v in verbs if v.value.get("kind") == "marker"]
    if markers and modality == "asserted":
        modality = markers[0].value["modality"]
        verb = verb or markers[0].text.lower()
    if chosen is None:  # a lone denial/allegation verb still says how firm the claim is
        hedge = next((v for v in verbs if v.value.get("kind") == "verb" and v.value["modality"] in
                      ("denied", "alleged")), None)
        if hedge is not None and modality == "asserted":
            modality, verb = hedge.value["modality"], hedge.text.lower()

    claim = Claim(claimant=claimant.name if claimant else None,
                  claimant_country=claimant.country if claimant else None,
                  reported_by=reported_by, modality=modality, verb=verb)
    if context is not None and remember:
        subject = None
        for it in items:
            if it.kind == "actor":
                actor = it.actor
                if actor.kind == "official" and actor.country is None:
                    actor = _resolve(it, sent) or actor
                context.observe_actor(actor, it.text)
                if subject is None and actor.kind == "official" and _is_person(actor):
                    subject = actor
        if subject is not None:
            context.last_subject = subject
        side = _sentence_side(items, sentence)
        if side is not None:
            context.last_side = side
        if claimant is not None and claimant.kind != "outlet":
            context.update(claim, claimant)
        context.observe_places(sent.places)
    return claim
