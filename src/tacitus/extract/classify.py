"""Sentence-level event typing: which events a sentence reports, typed in the
tacitus taxonomy (EVENTS.md) and in ACLED's 25 sub-event types.

    >>> [(h.type, h.sub_event_type) for h in classify("Warplanes struck the town of Marib on Monday.")]
    [('attack', 'Air/drone strike')]

The trigger lexicon, context cues, sub-type refinements and priorities live in
``data/event_types.yml`` (its header explains the rule format); this module only
compiles and applies them. Everything is compiled once, on first use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from tacitus.extract.acled import event_type_of, load_event_types, sub_event_for_weapons
from tacitus.nlp.scan import Gated, current_span, gated
from tacitus.nlp.weapons import PatternIndex, find_weapons, is_explosive, scan_words

__all__ = ["TypeHit", "classify"]

_DEFAULT_PRIORITY = 10
_CLAUSE_PUNCT = re.compile(r"[,;:()]")
# a weapon named as a target ("bombed a missile base") is not the weapon used
_TARGET_NOUN = re.compile(r"\s+(?:bases?|depots?|factor(?:y|ies)|sites?|facilit(?:y|ies)|launchers?|batter(?:y|ies)|"
                          r"warehouses?|storage|stores|production|plants?|units?|programmes?|programs?|tests?|"
                          r"systems?|positions?|launch pads?|workshops?)\b", re.I)
_COORDINATED = re.compile(r"\s*(?:,|and|or|as well as)?\s*(?:[\w-]+\s+){0,2}?(?:and|or)?\s*")
_CHARS_PER_WORD = 16  # near-trigger cues look (gap + 3) words of this many chars away


@dataclass(slots=True)
class TypeHit:
    """One event a sentence reports, with the trigger that typed it."""
    type: str                     # one of the EVENTS.md types
    sub_event_type: str | None    # ACLED sub-event type, None where ACLED has none
    event_type: str | None        # ACLED event type (Battles, Explosions/Remote violence, ...)
    weapons: list[str]            # canonical weapons found for this event in the sentence
    start: int                    # the trigger span in the sentence
    end: int
    trigger: str
    negated: bool = False         # "no drones were shot down", "denied attacking"
    rule: str = ""                # id of the lexicon rule that fired (for debugging)


@dataclass(slots=True)
class _Cue:
    """A context cue: a regex searched in the sentence, or near the trigger, or a weapon test."""
    name: str
    side: str | None = None            # None (anywhere) | before | after
    regex: re.Pattern[str] | None = None
    window: int = 0
    weapons: frozenset[str] | str | None = None  # "explosive" or a set of canonical weapons
    raw: bool = False


@dataclass(slots=True)
class _Refine:
    anywhere: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    actor: str | None = None
    type: str | None = None
    sub: str | None = None
    weapon: str | None = None
    drop: bool = False
    sets_sub: bool = False


@dataclass(slots=True)
class _Rule:
    id: str
    type: str
    sub: str | None
    priority: int
    weapon: str | None = None
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    unless_before: tuple[str, ...] = ()
    unless_after: tuple[str, ...] = ()
    unless_weapon: frozenset[str] = frozenset()
    skip_if: tuple[str, ...] = ()
    subsumes: frozenset[str] = frozenset()
    refine: list[_Refine] = field(default_factory=list)
    refine_required: bool = False


@dataclass(slots=True)
class _Lexicon:
    index: PatternIndex
    rules: list[_Rule]
    cues: dict[str, _Cue]
    cue_index: dict[str, PatternIndex]        # anywhere-cues, by name
    cue_residual: dict[str, re.Pattern[str]]  # their patterns an index cannot hold


def _expand_macros(pattern: str, macros: dict[str, str]) -> str:
    """Replace ``{NAME}`` by its macro (regex quantifiers like ``{0,3}`` are left alone)."""
    return re.sub(r"\{([A-Z_]+)\}", lambda m: macros[m.group(1)], pattern)


def _compile_cue(name: str, spec: dict[str, Any], macros: dict[str, str]) -> _Cue:
    """Compile one cue of the YAML into a regex anchored to its side of the trigger."""
    if "weapons" in spec:
        w = spec["weapons"]
        return _Cue(name, spec.get("side"), weapons=w if isinstance(w, str) else frozenset(w),
                    window=(int(spec.get("gap", 0)) + 1) * _CHARS_PER_WORD)
    alts = "|".join(_expand_macros(p, macros) for p in spec["patterns"])
    side, gap = spec.get("side"), int(spec.get("gap", 0))
    # each cue is gated by its anchors in the document scan: in a sentence that
    # holds none of them it is not run (tacitus.nlp.scan)
    if spec.get("raw"):
        return _Cue(name, side, gated(re.compile(alts, re.I)), raw=True)
    elif side == "before":
        regex = re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])(?:\W+[\w-]+){{0,{gap}}}\W*$", re.I)
    elif side == "after":
        regex = re.compile(rf"\W*(?:[\w-]+\W+){{0,{gap}}}(?:{alts})(?![\w-])", re.I)
    else:
        regex = re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I)
    return _Cue(name, side, gated(regex), window=(gap + 3) * _CHARS_PER_WORD)


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def _compile_rule(spec: dict[str, Any], default_skip: tuple[str, ...]) -> _Rule:
    refine = []
    for item in spec.get("refine", []):
        refine.append(_Refine(
            anywhere=_names(item.get("if")), before=_names(item.get("before")),
            after=_names(item.get("after")), actor=item.get("actor"), type=item.get("type"),
            sub=item.get("sub_event_type"), weapon=item.get("weapon"),
            drop=bool(item.get("drop")), sets_sub="sub_event_type" in item))
    return _Rule(
        id=spec["id"], type=spec["type"], sub=spec.get("sub_event_type"),
        priority=int(spec.get("priority", _DEFAULT_PRIORITY)), weapon=spec.get("weapon"),
        requires=_names(spec.get("requires")), unless=_names(spec.get("unless")),
        unless_before=_names(spec.get("unless_before")), unless_after=_names(spec.get("unless_after")),
        unless_weapon=frozenset(spec.get("unless_weapon", [])),
        skip_if=_names(spec["skip_if"]) if "skip_if" in spec else default_skip,
        subsumes=frozenset(spec.get("subsumes", [])), refine=refine,
        refine_required=bool(spec.get("refine_required")))


def _language_rules(language: str) -> dict[str, Any] | None:
    """A language's own trigger lexicon (``data/LANG/event_types.yml``), or None."""
    if language == "en":
        return None
    path = resources.files("tacitus.data").joinpath(f"{language}/event_types.yml")
    return yaml.safe_load(path.read_text("utf-8")) if path.is_file() else None


@lru_cache(maxsize=None)
def _lexicon(language: str = "en") -> _Lexicon:
    """Compile ``event_types.yml``, or a language's own (``data/LANG/event_types.yml``,
    the same format), once per language."""
    raw = _language_rules(language) or load_event_types()
    macros = raw.get("macros", {})
    # macros may use other macros
    for _ in range(3):
        macros = {k: _expand_macros(v, macros) for k, v in macros.items()}
    cue_specs = {**raw.get("cues", {}), **raw.get("extra_cues", {})}
    cues = {name: _compile_cue(name, spec, macros) for name, spec in cue_specs.items()}
    default_skip = tuple(raw.get("default_skip", []))
    rules = [_compile_rule(spec, default_skip) for spec in raw["rules"]]
    entries: list[tuple[str, object]] = []
    for i, spec in enumerate(raw["rules"]):
        entries.extend((_expand_macros(p, macros), i) for p in spec["patterns"])
    for rule in rules:
        used = (*rule.requires, *rule.unless, *rule.unless_before, *rule.unless_after, *rule.skip_if,
                *(n for r in rule.refine for n in (*r.anywhere, *r.before, *r.after)))
        for name in used:
            if name not in cues:
                raise ValueError(f"event_types.yml: rule {rule.id!r} uses unknown cue {name!r}")
    for needed in ("negation", "state_actor", "non_state_actor"):
        if needed not in cues:
            raise ValueError(f"event_types.yml: cue {needed!r} is required")
    cue_entries: dict[str, list[tuple[str, object]]] = {}
    residual: dict[str, list[str]] = {}
    for name, spec in cue_specs.items():
        if spec.get("side") or spec.get("raw") or "patterns" not in spec:
            continue
        for pattern in spec["patterns"]:
            expanded = _expand_macros(pattern, macros)
            if PatternIndex.indexable(expanded):
                cue_entries.setdefault(name, []).append((expanded, name))
            else:
                residual.setdefault(name, []).append(expanded)
    cue_residual = {name: gated(re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])", re.I))
                    for name, alts in residual.items()}
    cue_index = {name: PatternIndex(e) for name, e in cue_entries.items()}
    return _Lexicon(PatternIndex(entries), rules, cues, cue_index, cue_residual)


class _Context:
    """What one sentence offers the rules: its weapons and (cached) cue look-ups."""

    __slots__ = ("text", "words", "lex", "cues", "language", "_mentions", "_weapons", "_anywhere")

    def __init__(self, text: str, words: list[tuple[int, str]], lex: _Lexicon, language: str = "en"):
        self.text = text
        self.words = words
        self.lex = lex
        self.language = language
        self.cues = lex.cues
        self._mentions: list[Any] | None = None
        self._weapons: list[str] | None = None
        self._anywhere: dict[str, bool] = {}

    @property
    def weapons(self) -> list[str]:
        """Canonical weapons named in the sentence, first mention order, no repeats."""
        if self._weapons is None:
            self._weapons = list(dict.fromkeys(m.value for m in self.mentions))
        return self._weapons

    @property
    def mentions(self) -> list[Any]:
        """The weapon mentions of the sentence (``find_weapons``), computed once."""
        if self._mentions is None:
            self._mentions = find_weapons(self.text, self.words, self.language)
        return self._mentions

    def weapons_near(self, start: int, end: int) -> list[str]:
        """The weapons of the event triggered at ``start:end``.

        Explosive weapons named in (or overlapping) the trigger itself, else those
        named just after it in the same clause ("launched 40 drones"), else every
        weapon of the sentence.
        """
        window = end + 8 * _CHARS_PER_WORD
        local = [m.value for m in self.mentions
                 if is_explosive(m.value) and m.start < end and m.end > start]
        if not local:
            after = [m for m in self.mentions if is_explosive(m.value) and end <= m.start < window
                     and not _CLAUSE_PUNCT.search(self.text, end, m.start)
                     and not _TARGET_NOUN.match(self.text, m.end)]
            # the nearest one, and those coordinated with it ("drones and missiles")
            prev_end = end
            for m in after:
                if local and not _COORDINATED.fullmatch(self.text, prev_end, m.start):
                    break
                local.append(m.value)
                prev_end = m.end
        if not local:
            return list(self.weapons)
        return list(dict.fromkeys(local))

    def has(self, name: str, start: int, end: int) -> bool:
        """Whether cue ``name`` holds for the trigger at ``start:end``."""
        cue = self.cues[name]
        if cue.weapons is not None:
            if cue.side == "after":
                named = [m.value for m in self.mentions if end <= m.start <= end + cue.window
                         and not _CLAUSE_PUNCT.search(self.text, end, m.start)]
            else:
                named = self.weapons
            if cue.weapons == "explosive":
                return any(is_explosive(w) for w in named)
            return any(w in cue.weapons for w in named)
        if cue.side == "before":
            return cue.regex.search(self.text, max(0, start - cue.window), start) is not None
        if cue.side == "after":
            if isinstance(cue.regex, Gated) and not cue.regex.may(self.text):
                return False   # none of its words in the sentence
            return cue.regex.match(self.text[end:end + cue.window]) is not None
        if name not in self._anywhere:
            if cue.regex is not None and not cue.raw:
                index = self.lex.cue_index.get(name)
                residual = self.lex.cue_residual.get(name)
                self._anywhere[name] = (index is not None and index.search(self.text, self.words)) or (
                    residual is not None and residual.search(self.text) is not None)
            else:
                self._anywhere[name] = cue.regex.search(self.text) is not None
        return self._anywhere[name]

    def any(self, names: tuple[str, ...], start: int, end: int) -> bool:
        """Whether at least one of the cues holds."""
        for name in names:
            if self.has(name, start, end):
                return True
        return False

    def actor(self, start: int) -> str | None:
        """``state`` / ``non_state``: the kind of the nearest actor named before the trigger."""
        best, kind = -1, None
        for name, label in (("state_actor", "state"), ("non_state_actor", "non_state")):
            for m in self.cues[name].regex.finditer(self.text, 0, start):
                if m.end() > best:
                    best, kind = m.end(), label
        return kind


def _refine_holds(r: _Refine, ctx: _Context, start: int, end: int) -> bool:
    if r.anywhere and not ctx.any(r.anywhere, start, end):
        return False
    if r.before and not ctx.any(r.before, start, end):
        return False
    if r.after and not ctx.any(r.after, start, end):
        return False
    if r.actor and ctx.actor(start) != r.actor:
        return False
    return True


def _type_hit(rule: _Rule, ctx: _Context, start: int, end: int) -> TypeHit | None:
    """Apply one rule's conditions and refinements to a trigger; None when it does not hold."""
    if ctx.any(rule.skip_if, start, end) or ctx.any(rule.unless, start, end):
        return None
    if ctx.any(rule.unless_before, start, end) or ctx.any(rule.unless_after, start, end):
        return None
    if rule.unless_weapon and rule.unless_weapon & set(ctx.weapons):
        return None
    if rule.requires and not ctx.any(rule.requires, start, end):
        return None
    type_, sub, weapon = rule.type, rule.sub, rule.weapon
    if rule.refine:
        chosen = next((r for r in rule.refine if _refine_holds(r, ctx, start, end)), None)
        if chosen is None and rule.refine_required:
            return None
        if chosen is not None:
            if chosen.drop:
                return None
            type_ = chosen.type or type_
            if chosen.sets_sub:
                sub = chosen.sub
            weapon = chosen.weapon or weapon
    weapons = ctx.weapons_near(start, end)
    if weapon and not any(is_explosive(w) for w in weapons):
        weapons.append(weapon)
    if sub == "by_weapon":
        sub = sub_event_for_weapons(weapons) if type_ == "attack" else None
    negated = ctx.has("negation", start, end)
    return TypeHit(type_, sub, event_type_of(sub) if sub else None, weapons, start, end,
                   ctx.text[start:end], negated, rule.id)


def _same_clause(ctx: _Context, a: TypeHit, b: TypeHit) -> bool:
    """Whether no clause break (``;``, ", and later", "meanwhile") separates two triggers."""
    lo, hi = (a, b) if a.start < b.start else (b, a)
    cue = ctx.cues.get("clause_break")
    return cue is None or cue.regex.search(ctx.text, lo.end, hi.start) is None


def _drop_subsumed(hits: list[tuple[TypeHit, _Rule]], ctx: _Context) -> list[TypeHit]:
    """Remove hits that a higher-priority hit of the same clause absorbs."""
    keep = []
    for hit, rule in hits:
        absorbed = any(
            other_rule.priority > rule.priority
            and (hit.type in other_rule.subsumes or (hit.sub_event_type or "") in other_rule.subsumes)
            and _same_clause(ctx, hit, other)
            for other, other_rule in hits if other is not hit and not other.negated)
        if not absorbed:
            keep.append(hit)
    return keep


_MERGE_GAP = re.compile(r"[\s\w'-]{0,24}")


def _merge_adjacent(hits: list[TypeHit], text: str) -> list[TypeHit]:
    """Join neighbouring hits of one event ("airstrike hit", "shot down ... intercepted").

    Two hits merge when they have the same type and sub-event, the same negation,
    and only a few words (no punctuation) stand between them.
    """
    out: list[TypeHit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if (prev is not None and prev.type == hit.type and prev.sub_event_type == hit.sub_event_type
                and prev.negated == hit.negated and hit.start >= prev.end
                and _MERGE_GAP.fullmatch(text, prev.end, hit.start)):
            prev.end = hit.end
            prev.trigger = text[prev.start:hit.end]
            prev.weapons = list(dict.fromkeys([*prev.weapons, *hit.weapons]))
            continue
        out.append(hit)
    return out


def classify(sentence: str, language: str = "en") -> list[TypeHit]:
    """Every event ``sentence`` reports, ordered by trigger position; [] when it reports none.
    ``language`` picks the trigger lexicon (``data/LANG/event_types.yml`` where there is one)."""
    lex = _lexicon(language)
    # a sentence of the document being extracted has its words' hits from the
    # document's scan (tacitus.nlp.scan): no word list needed
    words = None if current_span(sentence) is not None else scan_words(sentence.lower())
    found = lex.index.finditer(sentence, words)
    if not found:
        return []
    ctx = _Context(sentence, words, lex, language)
    hits: list[tuple[TypeHit, _Rule]] = []
    background: set[int] = set()
    for start, end, rule_index in found:
        rule = lex.rules[rule_index]  # type: ignore[index]
        hit = _type_hit(rule, ctx, start, end)
        if hit is not None:
            hits.append((hit, rule))
            if "background" in lex.cues and ctx.has("background", start, end):
                background.add(id(hit))
    if background and len(background) < len(hits):
        # "after weeks of fighting, the sides agreed a truce": the setting is not the news
        hits = [(h, r) for h, r in hits if id(h) not in background]
    if len(hits) < 2:
        return [h for h, _ in hits]
    return _merge_adjacent(_drop_subsumed(hits, ctx), sentence)
