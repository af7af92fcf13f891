"""Quantities of Russian and Ukrainian sentences: what a number counts (the
unit) and what happened to it (the role), the counterpart of ``quantities`` for
languages that inflect.

"перехвачены и уничтожены 121 украинский беспилотный летательный аппарат" ->
intercepted, 121, drone; "два БПЛА уничтожены над ..." -> intercepted, 2, drone;
"погиб один человек, 16 ранены" -> killed 1 and injured 16, person.

Russian and Ukrainian put the verb before or after its number as they please,
so a role cue is looked for right before the number, then in the rest of its
clause after it, then further left. Units, the words allowed between a number
and its unit, and the role cues are regex stems in ``data/LANG/roles.yml`` (a stem
takes every case ending). A part of a list ("37 – над территорией Брянской
области") takes the unit and role of the figure before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..geo.morph import analyzer
from ..model import Mention, Quantity
from .roles import role_fits

__all__ = ["quantities", "has_vocabulary", "find_unit", "find_role"]

_WORD = re.compile(r"[\w'’ʼ]+(?:-[\w'’ʼ]+)*")
# a clause boundary: a role cue is not looked for across one
_BOUNDARY = re.compile(r"[;:()\"«»“”„]|\s[—–-]\s|,\s+(?:а|но|хотя|однако|але|проте|тоді як|после|після)\b|\.\s")
# right after a number, before the unit: "165-ти", "3-х"
_NUMBER_SUFFIX = re.compile(r"-(?:ти|х|ми|ть|ох|ом|ма|ого|ий|ій)\b")
# after a figure with no noun of its own, a place follows: "37 – над территорией ..."
_PART_AFTER = re.compile(r"\s*(?:[—–-]+\s*)?(?:(?:были|был|была|было|сбит\w*|уничтож\w+|перехвач\w+|збит\w*|знищен\w*)\s+){0,2}"
                        r"(?:над|в|во|у|на|по|під|под|із|из|з)\s", re.I)
# an adjective's ending: any adjective may stand between a number and its noun
_ADJECTIVE = re.compile(r"\w+(?:ых|их|ые|ие|ый|ий|ой|ая|яя|ое|ее|ую|юю|ым|им|ыми|ими|ого|его|ому|ему|ій|і|а|е|у|ого|ому|ої|ою)$", re.I)


def _adjective(word: str, language: str) -> bool:
    """A word that may stand between a number and its noun: an adjective or participle
    (its ending, and its likeliest reading: "частных" is one, "дома" is not)."""
    if not _ADJECTIVE.match(word):
        return False
    from ..geo.morph import _parses
    parses = _parses(word.lower(), language)
    return not parses or parses[0].tag.POS in ("ADJF", "PRTF", "NUMR")
#: before a part of the figure just given: "из них 38 были сбиты", "з яких 31 знищено"
_OF_THEM = re.compile(r"(?:из|з|із)\s+(?:них|которых|яких)\s+(?:[\w-]+\s+)?$", re.I)
#: between the two figures of "11 з 16 шахедів", "11 из 16"
_OF = re.compile(r"\s+(?:з|із|зі|из)\s+")
LEFT_CHARS = 70
RIGHT_CHARS = 110


@dataclass(frozen=True)
class _Vocab:
    units: list[tuple[re.Pattern[str], str]]   # a unit's pattern, anchored at a word start
    filler: re.Pattern[str]
    cue_re: re.Pattern[str]                    # every role cue, longest first
    cue_role: list[tuple[re.Pattern[str], str]]
    defaults: dict[str, dict[str, str]]
    implied: list[tuple[re.Pattern[str], str]]   # a casualty noun says its role ("97 поранених")


def _path(language: str):
    return resources.files("tacitus.data").joinpath(f"{language}/roles.yml")


@lru_cache(maxsize=None)
def has_vocabulary(language: str | None) -> bool:
    """Whether a language has its own roles vocabulary (``data/LANG/roles.yml``)."""
    return bool(language) and language != "en" and _path(language).is_file()


def _alternation(patterns: list[str]) -> str:
    return "|".join(sorted(patterns, key=len, reverse=True))


@lru_cache(maxsize=None)
def vocab(language: str) -> _Vocab:
    data = yaml.safe_load(_path(language).read_text("utf-8"))
    units = [(re.compile(rf"(?:{p})(?![\w-])", re.I), unit)
             for unit, patterns in data["units"].items() for p in patterns]
    units.sort(key=lambda item: -len(item[0].pattern))
    filler = re.compile(rf"(?:{_alternation(data['fillers'])})$", re.I)
    cues = [(p, role) for role, patterns in data["roles"].items() for p in patterns]
    cue_re = re.compile(rf"(?<![\w-])(?:{_alternation([p for p, _ in cues])})(?![\w-])", re.I)
    cue_role = [(re.compile(rf"(?:{p})$", re.I), role) for p, role in cues]
    implied = [(re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.I), role)
               for role, patterns in (data.get("implied") or {}).items() for p in patterns]
    return _Vocab(units, filler, cue_re, cue_role, data.get("defaults") or {}, implied)


def _implied_role(v: _Vocab, noun_text: str) -> str | None:
    for pattern, role in v.implied:
        if pattern.search(noun_text):
            return role
    return None


def _role_of(v: _Vocab, cue: str) -> str:
    for pattern, role in v.cue_role:
        if pattern.match(cue):
            return role
    raise KeyError(cue)


def find_unit(text: str, pos: int, language: str) -> tuple[str | None, int]:
    """The unit counted by a number ending at ``pos``, and where its noun ends."""
    v = vocab(language)
    suffix = _NUMBER_SUFFIX.match(text, pos)
    cursor = suffix.end() if suffix else pos
    for _ in range(5):
        m = _WORD.search(text, cursor, min(len(text), cursor + 60))
        if m is None or re.search(r"[,.;:!?()—–]|\s-\s", text[cursor:m.start()]):
            return None, pos
        for pattern, unit in v.units:
            found = pattern.match(text, m.start())
            if found:
                return unit, found.end()
        word = m.group(0)
        if not (v.filler.match(word) or _adjective(word, language)):
            return None, pos
        cursor = m.end()
    return None, pos


_FUNCTION_WORDS = frozenset("и і й та а но або или над в во у на по под під із из з с со от від до для за при про "
                            "же ж ще еще ещё уже вже".split())


def _counts_a_noun(text: str, pos: int, v: _Vocab, language: str) -> bool:
    """Whether the figure ending at ``pos`` counts a noun that is no unit ("82 обстріли",
    "несколько частных домов"): then it counts neither people nor weapons."""
    suffix = _NUMBER_SUFFIX.match(text, pos)
    cursor = suffix.end() if suffix else pos
    for _ in range(4):
        m = _WORD.search(text, cursor, min(len(text), cursor + 50))
        if m is None or re.search(r"[,.;:!?()—–«»\"]|\s-\s", text[cursor:m.start()]):
            return False
        word = m.group(0)
        if word.lower() in _FUNCTION_WORDS or v.cue_re.fullmatch(word) or word[:1].isdigit():
            return False
        if not (v.filler.match(word) or _adjective(word, language)):
            return True
        cursor = m.end()
    return False


def _clause_left(text: str, start: int) -> str:
    window = text[max(0, start - LEFT_CHARS):start]
    cut = 0
    for m in _BOUNDARY.finditer(window):
        cut = m.end()
    return window[cut:]


def _clause_right(text: str, end: int) -> str:
    window = text[end:end + RIGHT_CHARS]
    m = _BOUNDARY.search(window)
    return window[:m.start()] if m else window


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def find_role(text: str, start: int, end: int, language: str) -> tuple[str | None, bool]:
    """The role cue governing a number at ``start:end`` (its unit included) and
    whether the cue stands right before it. In order: a cue right before it
    ("уничтожены 40"), one right after it ("16 ранены", "20 человек пострадали"),
    one a few words before it ("уничтожила к утру субботы 27"), one later in its
    clause ("два ... аппарата уничтожены"), else the nearest before it."""
    v = vocab(language)
    left = _clause_left(text, start)
    left_cues = list(v.cue_re.finditer(left))
    right = _clause_right(text, end)
    right_cues = list(v.cue_re.finditer(right))
    left_gap = left[left_cues[-1].end():] if left_cues else None
    right_gap = right[:right_cues[0].start()] if right_cues else None
    if left_gap is not None and _words(left_gap) == 0 and "," not in left_gap:
        return _role_of(v, left_cues[-1].group(0)), True
    if right_gap is not None and _words(right_gap) <= 1 and "," not in right_gap:
        return _role_of(v, right_cues[0].group(0)), False
    if left_gap is not None and _words(left_gap) <= 3 and "," not in left_gap:
        return _role_of(v, left_cues[-1].group(0)), _words(left_gap) <= 2
    if right_cues and _words(right_gap) <= 6:
        return _role_of(v, right_cues[0].group(0)), False
    if left_cues and "," not in left_gap:
        return _role_of(v, left_cues[-1].group(0)), False
    if right_cues:
        return _role_of(v, right_cues[0].group(0)), False
    if left_cues:
        return _role_of(v, left_cues[-1].group(0)), False
    return None, False


@lru_cache(maxsize=50_000)
def _singular(word: str, language: str) -> bool | None:
    """Whether a noun or participle is singular (None: the word does not say,
    as an indeclinable acronym "БПЛА" does not)."""
    if word.isupper():
        return None
    parses = analyzer(language).parse(word.lower())
    numbers = {p.tag.number for p in parses[:2] if p.tag.POS in ("NOUN", "PRTS", "VERB", "ADJF", "PRTF")}
    if numbers == {"sing"}:
        return True
    if numbers == {"plur"}:
        return False
    if language == "uk" and parses and parses[0].tag.POS in ("NOUN", "PRTS", "VERB") and \
            parses[0].tag.number is None and "plur" not in parses[0].tag.grammemes:
        return True   # the Ukrainian dictionary marks no number on the singular
    return None


def _implicit_one(sentence: str, numbers: list[Mention], event_type: str, language: str,
                  person: bool = False) -> list[Quantity]:
    """A weapon named in the singular with a singular verb, and no figure:
    "украинский беспилотный летательный аппарат уничтожен", "сбит БПЛА «Лелека»"
    is one; so is a person ("пострадал 58-летний местный житель", "загинув
    чоловік") when ``person``."""
    v = vocab(language)
    cue_words = [(m, _role_of(v, m.group(0))) for m in v.cue_re.finditer(sentence)]
    if not cue_words:
        return []
    roles = ("killed", "injured") if person else ("intercepted", "launched", "hit")
    if person:
        listed = _joined_persons(sentence, [p for p, unit in v.units if unit == "person"], numbers,
                                 cue_words, roles, language)
        if listed:
            return listed
    for pattern, unit in v.units:
        if (unit == "person") != person:
            continue
        for m in pattern.finditer(sentence):
            if (m.start() and sentence[m.start() - 1].isalnum()) or \
                    any(n.start <= m.start() <= n.end + 60 and n.end <= m.start() for n in numbers):
                continue
            head = _WORD.findall(m.group(0))[-1]
            noun = _singular(head, language)
            for cue, role in cue_words:
                if role not in roles:
                    continue
                if abs(cue.start() - m.end()) > 40 and abs(m.start() - cue.end()) > 40:
                    continue
                verb = _singular(_WORD.findall(cue.group(0))[-1], language)
                if verb and noun is not False:
                    return [Quantity(role=role, value=1, low=1, high=1, qualifier="exact", unit=unit,
                                     text=m.group(0))]
            if not person:
                return []
    return []


_JOINED = re.compile(r"\s*(?:,|и|і|й|та)\s*")
# between two persons of one list: "66-річний чоловік і 63-річна жінка", "мужчина и женщина"
_PERSON_GAP = re.compile(r"\s*(?:,\s*(?:(?:и|і|й|та)\s+)?|\s(?:и|і|й|та)\s+)(?:[\w'’-]+\s+){0,2}")


def _joined_persons(sentence: str, patterns: list[re.Pattern[str]], numbers: list[Mention], cue_words: list,
                    roles: tuple[str, ...], language: str) -> list[Quantity]:
    """Persons named one by one after a casualty verb, each in the singular: "постраждали
    66-річний чоловік і 63-річна жінка" are two injured (uk-0016, uk-0018, uk-0118, uk-0143)."""
    found = [m for pattern in patterns for m in pattern.finditer(sentence)
             if not (m.start() and sentence[m.start() - 1].isalnum())
             and _singular(_WORD.findall(m.group(0))[-1], language) is not False
             and not any(n.end <= m.start() <= n.end + 3 for n in numbers)]
    found.sort(key=lambda m: m.start())
    for cue, role in cue_words:
        if role not in roles:
            continue
        run = [m for m in found if 0 <= m.start() - cue.end() <= 40][:1]
        for m in found:
            if run and m.start() > run[-1].end() and _PERSON_GAP.fullmatch(sentence, run[-1].end(), m.start()):
                run.append(m)
        if len(run) >= 2:
            return [Quantity(role=role, value=len(run), low=len(run), high=len(run), qualifier="exact",
                             unit="person", text=sentence[run[0].start():run[-1].end()])]
    return []
_RESPECTIVELY = re.compile(r"\s*\)?\s*,?\s*(?:соответственно|відповідно)\b", re.I)


def _shared_unit(sentence: str, numbers: list[Mention], num: Mention, language: str) -> tuple[str | None, int]:
    """The unit of a figure with no noun of its own that a list shares: the next
    figure's, where the two are joined ("29 и 15 БПЛА"); for figures given
    "respectively", the unit named before them. (None, its end) when neither."""
    run = [num]
    for other in numbers:
        if other.start >= run[-1].end and _JOINED.fullmatch(sentence, run[-1].end, other.start):
            run.append(other)
    for other in run[1:]:
        unit, end = find_unit(sentence, other.end, language)
        if unit is not None:
            return unit, num.end
    if _RESPECTIVELY.match(sentence, run[-1].end):
        v = vocab(language)
        found = [(m.end(), unit) for pattern, unit in v.units for m in pattern.finditer(sentence, 0, num.start)
                 if not m.start() or not sentence[m.start() - 1].isalnum()]
        if found:
            return max(found)[1], num.end
    return None, num.end


def quantities(sentence: str, numbers: list[Mention], event_type: str, language: str,
               default_unit: str | None = None) -> list[Quantity]:
    """The quantities an event of ``event_type`` takes from a sentence's numbers.
    ``default_unit`` counts a bare number whose role is a weapon's; with no figure,
    a weapon named in the singular with a singular verb is one."""
    numbers = [m for m in numbers if m.label == "number"]  # a figure over MAX_COUNT is flagged, no quantity
    out = _quantities(sentence, numbers, event_type, language, default_unit)
    if not any(q.unit != "person" for q in out) and event_type in ("interception", "attack"):
        out += _implicit_one(sentence, numbers, event_type, language)
    if event_type == "attack":
        have = {q.role for q in out if q.unit == "person"}
        out += [q for q in _implicit_one(sentence, numbers, event_type, language, person=True)
                if q.role not in have]
    return out


def _quantities(sentence: str, numbers: list[Mention], event_type: str, language: str,
                default_unit: str | None = None) -> list[Quantity]:
    v = vocab(language)
    out: list[Quantity] = []
    last_unit: str | None = None
    last_role: str | None = None
    prev: Mention | None = None
    for num in numbers:
        n = num.value
        unit, unit_end = find_unit(sentence, num.end, language)
        if prev is not None and unit and _OF.fullmatch(sentence, prev.end, num.start) and out \
                and out[-1].text == sentence[prev.start:prev.end]:
            # "знищили 11 з 16 шахедів": 16 were sent, 11 of them brought down
            out[-1].unit = unit
            out.append(Quantity(role="launched", value=n.value, low=n.low, high=n.high, qualifier=n.qualifier,
                                unit=unit, text=sentence[num.start:unit_end]))
            prev = num
            continue
        prev = num
        if unit is None:
            # "29 и 15 БПЛА": a figure joined to the next one counts what that one does;
            # "над Черным морем и Краснодарским краем — по 67 и 66 соответственно": what
            # the sentence counted before them (ru-0027, ru-0108)
            unit, unit_end = _shared_unit(sentence, numbers, num, language)
        if unit is None and _OF.match(sentence, num.end):
            unit = "pending"   # the unit follows the second figure
        inherited = False
        if unit is None and last_unit and (_PART_AFTER.match(sentence, num.end)
                                           or _OF_THEM.search(sentence, max(0, num.start - 20), num.start)):
            unit, unit_end, inherited = last_unit, num.end, True   # "37 – над ...", "из них 38"
        role, adjacent = find_role(sentence, num.start, unit_end if unit else num.end, language)
        if last_role and not adjacent and unit == last_unit and unit is not None \
                and _PART_AFTER.match(sentence, unit_end):
            role = last_role     # a list of parts shares its head's role ("21 – над ..., 6 – над ...")
        if unit == "pending":
            unit, role = None, role or "intercepted"
            out.append(Quantity(role=role, value=n.value, low=n.low, high=n.high, qualifier=n.qualifier,
                                unit="drone", text=sentence[num.start:num.end]))
            continue
        if unit == "person":
            # the noun itself says it: "97 поранених", "16 погибших"
            role = _implied_role(v, sentence[num.end:unit_end]) or role
        counts_other = unit is None and _counts_a_noun(sentence, num.end, v, language)
        if unit is None and role in ("killed", "injured", "missing") and not counts_other:
            unit = "person"
        if unit is None and default_unit and role in ("launched", "intercepted", "hit") and not counts_other:
            unit = default_unit
        if unit is None:
            continue
        if role is None:
            role = (v.defaults.get(event_type) or {}).get(unit)
        if role is None or not role_fits(role, unit):
            continue
        last_unit, last_role = unit, role
        out.append(Quantity(role=role, value=n.value, low=n.low, high=n.high, qualifier=n.qualifier,
                            unit=unit, text=sentence[num.start:unit_end if unit_end > num.end else num.end]))
    return out
