"""Claim attribution in Russian and Ukrainian text: the counterpart of
``tacitus.extract.claims`` for the languages with their own vocabularies.

``attribute(sentence, language=...)`` gives a ``tacitus.model.Claim`` whose
claimant is named in English ("сообщил губернатор Вячеслав Гладков" ->
"Vyacheslav Gladkov", "по данным Минобороны" -> "Russian Ministry of Defence",
"як повідомили в Повітряних силах" -> "Ukrainian Air Force") with its native
form in ``claimant_native``. Word order is free in both languages: the subject of
a reporting verb is looked for after it where the verb opens its clause ("Об
этом сообщил губернатор ...", "— написал Хинштейн") and before it otherwise.

A report often tells the news first and names its source in the next sentence
("Об этом сообщил ...", "Про це повідомили ..."), or names its speaker once for
all it says; the post from a ministry's own channel is the ministry's
throughout. ``complete_claims`` gives an event still without a claimant the
source named right after it, else the speaker before it, else the first one the
report names, else the channel's owner.

Vocabularies: ``data/LANG/verbs.yml`` (reporting verbs, sources, back
references), ``data/LANG/outlets.yml`` (media), ``data/LANG/actors.yml`` (who).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import yaml

from ..geo.morph import is_adjective
from ..model import Actor, Claim, Event, Mention, Sentence
from ..nlp.actors_cyrillic import find_actors, has_vocabulary, title_names
from ..nlp.lexicon import Lexicon
from .claims import ClaimContext, canonical_outlet

__all__ = ["attribute", "CyrillicClaimContext", "complete_claims", "has_vocabulary", "channel_actor"]

PlaceCountry = Callable[[str], "str | None"]
PlaceOf = Callable[[str], Any]

_CLAUSE_PUNCT = re.compile(r"[,;:.!?()]")
#: a verb that opens its clause takes the subject after it
_INVERTED_BEFORE = re.compile(r"(?:^|[,:;«»\"“”„—–-]\s*|\b(?:этом|це|как|як|також|также|уже|вже|ранее|раніше|"
                              r"впоследствии|згодом|позже|пізніше)\s+)$", re.I)


@dataclass(slots=True)
class _Verb:
    start: int
    end: int
    kind: str
    modality: str
    text: str


@dataclass
class CyrillicClaimContext(ClaimContext):
    """``ClaimContext`` plus what Russian and Ukrainian attribution carries: the
    channel that posted the report, the speaker of each sentence read so far,
    and the language."""
    language: str = "ru"
    channel: Actor | None = None
    channel_native: str | None = None
    place_of: PlaceOf | None = field(default=None, repr=False)
    natives: dict[str, str] = field(default_factory=dict)   # English name -> native form
    surnames: dict[str, Actor] = field(default_factory=dict)  # a named official's surname -> them

    @classmethod
    def for_language(cls, doc, place_country: PlaceCountry | None, language: str,
                     place_of: PlaceOf | None = None) -> "CyrillicClaimContext":
        """The context of one Russian or Ukrainian document: its own outlet named in
        English ("ТАСС" -> TASS, else from its url), the agencies it credits."""
        ctx = cls.for_document(doc, place_country)
        ctx.language, ctx.place_of = language, place_of
        if getattr(doc, "outlet", None):
            ctx.doc_outlet = _canonical_outlet(doc.outlet, language)
        return ctx

    def learn(self, actors: list[Mention], natives: dict[int, str]) -> None:
        """Remember the surnames of the officials named in full ("Андрій Садовий"), so
        that the surname alone names them later ("– Садовий")."""
        for a in actors:
            native = natives.get(a.start) or ""
            if a.value.kind == "official" and " " in a.value.name and len(native.split()) >= 2 \
                    and native.split()[-1][:1].isupper():
                self.surnames.setdefault(native.split()[-1].lower(), a.value)
                self.natives.setdefault(a.value.name, native)


@lru_cache(maxsize=None)
def _verbs(language: str) -> tuple[re.Pattern[str], list[tuple[str, str]]]:
    """All the language's attribution patterns in one regex (a named group each,
    longest first) and each group's (kind, modality)."""
    path = resources.files("tacitus.data").joinpath(f"{language}/verbs.yml")
    data = yaml.safe_load(path.read_text("utf-8"))
    out = []
    for entry in data["entries"]:
        for p in entry["patterns"]:
            out.append((p, entry["kind"], entry["modality"]))
    out.sort(key=lambda item: -len(item[0]))
    alternation = "|".join(f"(?P<v{i}>{p})" for i, (p, _, _) in enumerate(out))
    return (re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I),
            [(kind, modality) for _, kind, modality in out])


def _find_verbs(sentence: str, language: str) -> list[_Verb]:
    """The attribution words of a sentence, in order (a new list each call)."""
    return list(_verbs_in(sentence, language))


@lru_cache(maxsize=4096)
def _verbs_in(sentence: str, language: str) -> tuple[_Verb, ...]:
    # a sentence is read for its verbs by the frames' attribution and again by
    # ``complete_claims`` (nothing changes a found verb)
    pattern, kinds = _verbs(language)
    found: list[_Verb] = []
    for m in pattern.finditer(sentence):
        kind, modality = kinds[int(m.lastgroup[1:])]
        found.append(_Verb(m.start(), m.end(), kind, modality, m.group(0)))
    return tuple(found)


@lru_cache(maxsize=None)
def _outlets(language: str) -> Lexicon | None:
    if not resources.files("tacitus.data").joinpath(f"{language}/outlets.yml").is_file():
        return None
    return Lexicon.from_yaml(f"{language}/outlets")


def _canonical_outlet(name: str | None, language: str) -> str | None:
    """An outlet's English name, from the language's outlets ("ТАСС" -> TASS) or
    the English ones."""
    if not name:
        return None
    lex = _outlets(language)
    value = lex.get(name) if lex is not None else None
    if value is not None and value.get("kind") != "platform":
        return value["name"]
    return canonical_outlet(name)


def channel_actor(name: str | None, language: str) -> tuple[Actor, str] | None:
    """The actor a posting channel belongs to ("Минобороны России", "Ministry of
    Defence of the Russian Federation (Telegram)"), with its native name; None for a
    channel that is no institution or official."""
    if not name:
        return None
    from ..nlp.actors import canonical_actor
    base = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip()
    actor = canonical_actor(base)
    if actor is not None and actor.kind in ("ministry", "military", "government", "official"):
        return actor, base
    natives: dict[int, str] = {}
    found = find_actors(base, None, language, natives)
    if len(found) == 1 and found[0].value.kind in ("ministry", "military", "government", "official"):
        return found[0].value, natives.get(found[0].start, base)
    return None


_DASH_BEFORE = re.compile(r"[–—-]\s*$")
_LINE_END = re.compile(r"\s*[.!]?\s*(?:\n|$)")
_CAPITALISED = re.compile(r"(?<![\w'’ʼ-])[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ-]{2,}")


def _with_surnames(sentence: str, actors: list[Mention], ctx: "CyrillicClaimContext",
                   natives: dict[int, str]) -> list[Mention]:
    """The actors plus the surnames of officials the report has named in full."""
    if not ctx.surnames:
        return actors
    from ..nlp.actors_cyrillic import _nominative_name_word
    extra = []
    for m in _CAPITALISED.finditer(sentence):
        if any(a.start <= m.start() < a.end for a in actors):
            continue
        word = m.group(0)
        actor = ctx.surnames.get(word.lower()) or ctx.surnames.get(_nominative_name_word(word, ctx.language).lower())
        if actor is not None:
            extra.append(Mention(m.start(), m.end(), word, "actor", actor))
            natives[m.start()] = ctx.natives.get(actor.name, word)
    return sorted(actors + extra, key=lambda a: a.start) if extra else actors


@lru_cache(maxsize=None)
def _side_heads(language: str) -> tuple[str, ...]:
    path = resources.files("tacitus.data").joinpath(f"{language}/actors.yml")
    data = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else {}
    return tuple(w.lower() for w in (data or {}).get("side_heads") or [])


def _describing(a: Mention, sentence: str, language: str) -> bool:
    """Whether a state's mention is its adjective describing the noun after it (no
    speaker: "Про атаку російських БПЛА ... повідомив штаб Повітряних сил")."""
    if a.value.kind != "state" or not re.fullmatch(r"\w+", a.text) or not is_adjective(a.text, (language,)):
        return False
    nxt = re.match(r"\s+([\w'’-]+)", sentence[a.end:])
    return nxt is not None and not nxt.group(1).lower().startswith(_side_heads(language))


def _subject_after(actors: list[Mention], sentence: str, pos: int) -> Mention | None:
    """The actor after a verb in its clause, within six words."""
    for a in actors:
        if a.start < pos:
            continue
        gap = sentence[pos:a.start]
        if _CLAUSE_PUNCT.search(gap) or len(gap.split()) > 6:
            return None
        return a
    return None


def _subject_before(actors: list[Mention], sentence: str, pos: int) -> Mention | None:
    """The actor before a verb, within five words of it, no clause break between."""
    for a in reversed(actors):
        if a.end > pos:
            continue
        gap = sentence[a.end:pos]
        if re.search(r"[;.!?]", gap) or len(gap.split()) > 5 or re.search(r",\s*(?:что|що|как|як)\b", gap):
            return None
        return a
    return None


def _resolve(m: Mention, ctx: CyrillicClaimContext | None, bare: bool = False) -> Actor:
    """The actor a mention stands for: a title alone ("глава региона") is the person
    the report named with it; a body named alone ("в Воздушных силах") is the one
    the report named with its country."""
    actor = m.value
    if ctx is None:
        return actor
    if actor.kind == "official" and actor.name.split()[-1] in ("governor", "mayor", "administration",
                                                                "spokesman", "head"):
        person = ctx.last_person
        if person is not None:
            return person   # "глава региона" after "губернатор ... Александр Богомаз"
    if bare:
        body = actor.name.split(" ", 1)[-1]
        for known in (ctx.last_military, ctx.last_ministry, ctx.last_claimant):
            if known is not None and known.name.endswith(body) and known.name != actor.name:
                return known
    return actor


def attribute(sentence: str, *, doc_outlet: str | None = None, context: ClaimContext | None = None,
              place_country: PlaceCountry | None = None, near: int | None = None,
              language: str = "ru", places: list | None = None) -> Claim:
    """The claim of a Russian or Ukrainian ``sentence``: claimant (English, its
    native form in ``claimant_native``), outlets, modality and verb. With a
    ``context`` the sentence's speaker is remembered for the sentences after it."""
    ctx = context if isinstance(context, CyrillicClaimContext) else None
    if place_country is None and context is not None:
        place_country = context.place_country
    if doc_outlet is None and context is not None:
        doc_outlet = context.doc_outlet
    lang = ctx.language if ctx is not None else language
    natives: dict[int, str] = {}
    flags: dict[int, set[str]] = {}
    actors = find_actors(sentence, place_country, lang, natives, ctx.place_of if ctx is not None else None, flags)
    if ctx is not None:
        ctx.learn(actors, natives)
        actors = _with_surnames(sentence, actors, ctx, natives)
    outlet_lex = _outlets(lang)
    outlet_hits = outlet_lex.find(sentence) if outlet_lex is not None else []
    media = [m for m in outlet_hits if m.value.get("kind") != "platform"]
    # a people ("окупанти", "россияне") acts in the news but never speaks in it
    actors = [a for a in actors if not any(o.start <= a.start < o.end for o in media) and a.value.kind != "people"]
    # a country's adjective before a noun describes it ("російських БПЛА", "Украинские
    # телеграм-каналы", "вражеских БПЛА"): it speaks only as a side ("российская сторона")
    actors = [a for a in actors if not _describing(a, sentence, lang)]
    verbs = _find_verbs(sentence, lang)
    if near is not None:
        verbs.sort(key=lambda v: abs(v.start - near))

    chosen: tuple[Mention, _Verb] | None = None
    colon = re.match(r"\s*(?:[^:]{0,80}?)(?=:\s)", sentence)
    if colon is not None and actors and actors[0].end <= colon.end() \
            and not sentence[actors[0].end:colon.end()].strip(" »\""):
        # "Губернатор Воронежской области Гусев: Дежурными силами ПВО ...", "Пушилин: ..."
        chosen = (actors[0], _Verb(colon.end(), colon.end() + 1, "verb", "asserted", ":"))
    if chosen is None:
        # a headline's source after a dash at its end: "... в житлові будинки – Садовий"
        for a in actors:
            if _DASH_BEFORE.search(sentence[max(0, a.start - 4):a.start]) and _LINE_END.match(sentence, a.end):
                chosen = (a, _Verb(a.start, a.start, "verb", "asserted", ":"))
                break
    for v in ([] if chosen else verbs):
        if v.kind == "marker":
            continue
        if v.kind in ("source", "passive", "backref") or _INVERTED_BEFORE.search(sentence[:v.start]):
            subject = _subject_after(actors, sentence, v.end) or \
                (_subject_before(actors, sentence, v.start) if v.kind == "verb" else None)
        else:
            subject = _subject_before(actors, sentence, v.start) or _subject_after(actors, sentence, v.end)
        if subject is not None:
            chosen = (subject, v)
            break

    claimant: Actor | None = None
    native: str | None = None
    verb = None
    modality = "asserted"
    if chosen is not None:
        mention, v = chosen
        claimant = _resolve(mention, ctx, "bare" in flags.get(mention.start, ()))
        native = natives.get(mention.start) if claimant is mention.value else \
            (ctx.natives.get(claimant.name) if ctx is not None else None)
        verb, modality = (v.text.lower() if v.text != ":" else None), v.modality
    else:
        reporting = [v for v in verbs if v.kind in ("verb", "passive")]
        # an outlet that reports with nobody else named: "Telegram-канал «Страна.ua» сообщил"
        for v in reporting:
            outlet = next((o for o in media if 0 <= v.start - o.end <= 25 or 0 <= o.start - v.end <= 25), None)
            if outlet is not None:
                claimant = Actor(outlet.value["name"], outlet.value.get("country"), "outlet")
                verb = v.text.lower()
                break
        # an institution known from its own statements, subject of the sentence:
        # "Росавиация ввела ограничения", "ФСБ задержала"
        speaker = next((a for a in actors if "speaks" in flags.get(a.start, ())), None)
        if claimant is None and speaker is not None and (speaker is actors[0] or speaker.start < 40) \
                and (ctx is None or ctx.last_claimant is None):
            # (only before the report names its source: "Працівники ДСНС ліквідують
            # наслідки" after "повідомив начальник ОВА" is the governor's: uk-0047)
            claimant, native = speaker.value, natives.get(speaker.start)
        if claimant is None and reporting and ctx is not None and ctx.last_claimant is not None:
            # "пишет мэр" with no one named, "говорится в сообщении": the speaker so far
            claimant, verb = ctx.last_claimant, reporting[0].text.lower()
            native = ctx.natives.get(claimant.name)
    markers = [v for v in verbs if v.kind == "marker"]
    if markers and modality == "asserted":
        modality = markers[0].modality
        verb = verb or markers[0].text.lower()

    reported_by: list[str] = []
    for m in media:
        if m.value["name"] not in reported_by:
            reported_by.append(m.value["name"])
    doc = _canonical_outlet(doc_outlet, lang)
    if doc and doc not in reported_by:
        reported_by.append(doc)

    claim = Claim(claimant=claimant.name if claimant else None,
                  claimant_country=claimant.country if claimant else None,
                  reported_by=reported_by, modality=modality, verb=verb)
    if native and claimant is not None:
        _set_native(claim, native)
    if context is not None:
        for a in actors:
            if "bare" not in flags.get(a.start, ()):
                context.observe_actor(a.value)
        if claimant is not None and claimant.kind != "outlet":
            context.update(claim, claimant)
            if ctx is not None and native:
                ctx.natives[claimant.name] = native
    return claim


def _set_native(claim: Claim, native: str) -> None:
    if hasattr(claim, "claimant_native"):
        claim.claimant_native = native


def is_backref(sentence: str, language: str) -> bool:
    """Whether a sentence names the source of what was just told ("Об этом сообщил ...")."""
    head = sentence[:40]
    return any(v.kind == "backref" and v.start <= 3 for v in _find_verbs(head, language))


def complete_claims(events: list[Event], sentences: list[Sentence], language: str, *,
                    doc_outlet: str | None = None, place_country: PlaceCountry | None = None,
                    place_of: PlaceOf | None = None, channel: tuple[Actor, str] | None = None) -> None:
    """Give each event without a claimant one (in place): the source a following
    "Об этом сообщил ..." sentence names, else the last speaker before it in the
    report, else the first speaker the report names, else the channel's owner."""
    if not events:
        return
    titles = title_names(language)

    def title_only(claim: Claim) -> bool:
        name = claim.claimant or ""
        return any(name == t or name.endswith(" " + t) for t in titles)
    if all(e.claim.claimant and not title_only(e.claim) for e in events):
        return
    ctx = CyrillicClaimContext(doc_outlet=doc_outlet, place_country=place_country, language=language,
                               place_of=place_of)
    for s in sentences:   # the officials the report names in full, for their surnames alone
        natives: dict[int, str] = {}
        ctx.learn(find_actors(s.text, place_country, language, natives, place_of), natives)
    people = {a.name: a for a in ctx.surnames.values()}
    if len(people) == 1:
        # "Губернатор Рязанской области сообщил ..." above "... заявил губернатор региона Павел
        # Малков": the one official the report names is the one its titles stand for (ru-0124, ru-0125)
        (person,) = people.values()
        for ev in events:
            if title_only(ev.claim) and ev.claim.claimant_country in (None, person.country):
                ev.claim = replace(ev.claim, claimant=person.name, claimant_country=person.country)
                if ctx.natives.get(person.name):
                    _set_native(ev.claim, ctx.natives[person.name])
    if all(e.claim.claimant for e in events):
        return
    # each sentence's claim, read in order (the context remembers the speakers) and
    # only as far as an event needs: the events' own sentences and the two after
    # them, then on only until some sentence names a claimant (``first``)
    said: list[Claim | None] = []

    def said_upto(k: int) -> None:
        while len(said) <= k:
            claim = attribute(sentences[len(said)].text, context=ctx, language=language)
            said.append(claim if claim.claimant else None)

    def first_said() -> Claim | None:
        k = 0
        while k < len(sentences):
            said_upto(k)
            if said[k] is not None:
                return said[k]
            k += 1
        return None

    backref: dict[int, bool] = {}

    def is_backref_at(k: int) -> bool:
        if k not in backref:
            backref[k] = is_backref(sentences[k].text, language)
        return backref[k]

    starts = [s.start for s in sentences]

    def sentence_of(pos: int) -> int:
        i = 0
        while i + 1 < len(starts) and starts[i + 1] <= pos:
            i += 1
        return i

    for ev in events:
        if ev.claim.claimant:
            continue
        i = sentence_of(ev.evidence.start)
        j = sentence_of(max(ev.evidence.start, ev.evidence.end - 1))
        source = None
        said_upto(max(i, min(j + 2, len(sentences) - 1)))
        for k in range(j + 1, min(j + 3, len(sentences))):
            if is_backref_at(k) and said[k] is not None:
                source = said[k]
                break
        if source is None:
            source = next((said[k] for k in range(i, -1, -1) if said[k] is not None), None)
        if source is None and channel is not None:
            actor, native = channel
            source = Claim(claimant=actor.name, claimant_country=actor.country)
            _set_native(source, native)
        if source is None:
            source = first_said()
        if source is None:
            continue
        ev.claim = replace(ev.claim, claimant=source.claimant, claimant_country=source.claimant_country,
                           verb=ev.claim.verb or source.verb)
        if hasattr(source, "claimant_native"):
            _set_native(ev.claim, getattr(source, "claimant_native"))
