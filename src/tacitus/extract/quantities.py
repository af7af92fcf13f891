"""Turn the numbers of a sentence into event quantities: what was counted (the
unit) and what happened to it (the role).

"shot down around 122 Ukrainian drones" -> intercepted, approx 122, drone.
"three drones heading for the capital were destroyed" -> intercepted, 3, drone.
"killing at least six civilians" -> killed, at_least 6, person.

The vocabulary (units, the words allowed between a number and its unit, role
cues and per-type defaults) is in ``data/roles.yml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import yaml

from ..model import Mention, Quantity
from ..nlp.weapons import PatternIndex
from .quantities_cyrillic import has_vocabulary
from .quantities_cyrillic import quantities as cyrillic_quantities
from .roles import role_fits

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*")   # "Su-34s" is one word
# a clause boundary: a number's role cue is not looked for across one
_BOUNDARY = re.compile(r"[;:—–()\"“”]|,\s+(?:while|but|and|as|after|before|which|whereas)\b|\.\s")
#: a passive before a cue, "also" and "all" allowed ("were also injured": dev en-0008, en-0556)
_PASSIVE = re.compile(r"\b(?:were|was|have been|has been|had been|are|is|being|been)\s+(?:(?:\w+ly|also|all)\s+)?$", re.I)
#: "46 others", "12 more": what comes between a figure of a list and a verb of its own
_OTHERS = re.compile(r"\s+(?:others?|more)\s+(?:(?:were|was|are|is|have been|had been)\s+)?(?:also\s+)?", re.I)
LEFT_CHARS = 60
RIGHT_CHARS = 90


@dataclass(frozen=True)
class _Vocab:
    units: dict[str, str]          # word or phrase -> unit
    max_unit_words: int
    fillers: frozenset[str]
    cue_re: re.Pattern[str]        # alternation of all role cues
    cue_role: dict[str, str]       # cue (lower) -> role
    defaults: dict[str, dict[str, str]]
    one_re: re.Pattern[str]        # an article a few words before a unit word ("a Ukrainian drone")
    cue_index: PatternIndex        # the role cues, indexed by their first letters


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    data = yaml.safe_load(resources.files("tacitus.data").joinpath("roles.yml").read_text("utf-8"))
    units: dict[str, str] = {}
    for unit, words in data["units"].items():
        for w in words:
            units[w.lower()] = unit
    cue_role: dict[str, str] = {}
    for role, cues in data["roles"].items():
        for c in cues:
            cue_role.setdefault(c.lower(), role)
    alternation = "|".join(re.escape(c) for c in sorted(cue_role, key=len, reverse=True))
    cue_re = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)
    return _Vocab(units=units, max_unit_words=max(len(u.split()) for u in units),
                  fillers=frozenset(f.lower() for f in data["fillers"]), cue_re=cue_re,
                  cue_role=cue_role, defaults=data.get("defaults") or {},
                  one_re=re.compile(r"\b(?P<article>(?:a|an|another|one more|a single)\s+)(?:[\w'’-]+\s+){0,3}?(?:"
                                    + "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
                                    + r")", re.I),
                  cue_index=PatternIndex([(re.escape(c), role) for c, role in cue_role.items()]))


def _singular(word: str) -> list[str]:
    forms = [word]
    if word.endswith("'s"):
        word = word[:-2]   # "two UAV's" (dev en-0056)
        forms.append(word)
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def find_unit(text: str, pos: int) -> tuple[str | None, int]:
    """The unit counted by a number ending at ``pos``, and where its noun ends."""
    v = vocab()
    words = [(m.group(0).lower().replace("’", "'"), m.end()) for m in _WORD.finditer(text, pos, min(len(text), pos + 80))]
    # the unit must follow directly, apart from fillers; stop at punctuation
    for i in range(min(len(words), 6)):
        gap = text[pos if i == 0 else words[i - 1][1]: words[i][1] - len(words[i][0])]
        if re.search(r"[,.;:!?()]", gap):
            return None, pos
        for n in range(min(v.max_unit_words, len(words) - i), 0, -1):
            phrase = " ".join(w for w, _ in words[i:i + n])
            for form in _singular(phrase):
                if form in v.units:
                    return v.units[form], words[i + n - 1][1]
        if words[i][0] not in v.fillers and not words[i][0].endswith(("-made", "-launched")):
            return None, pos
    return None, pos


def _clause_left(text: str, start: int) -> tuple[str, int]:
    lo = max(0, start - LEFT_CHARS)
    window = text[lo:start]
    cut = 0
    for m in _BOUNDARY.finditer(window):
        cut = m.end()
    return window[cut:], lo + cut


def _clause_right(text: str, end: int) -> str:
    window = text[end:end + RIGHT_CHARS]
    m = _BOUNDARY.search(window)
    return window[:m.start()] if m else window


#: after a bare number that counts the report's weapons: no noun of its own
_BARE = re.compile(r"\s*(?:[,.;:)]|$|of (?:them|which|those)\b|(?:were|was|have|had|more (?:were|was)|each|in total|out of|over|"
                   r"during|overnight|on|in)\b)", re.I)
#: "Russia-launched drones": the unit says who launched them
_LAUNCHED_BY = re.compile(r"\b[A-Z][\w.]*-launched\b")
#: between a role cue and a number: the number starts another item ("killed and 54 injured")
_JOINED = re.compile(r"\b(?:and|or|while|whereas|but|plus|as well as)\b", re.I)
#: a cue that opens a reduced relative clause ("drones launched at Moscow were downed"); a
#: launch cue right after the weapons always does ("missiles heading for the port were intercepted")
_REDUCED_RELATIVE = re.compile(r"\s+(?:at|towards?|by|from|against|into|on|over|in)\b", re.I)
#: the roles each kind of counted thing can have
_PERSON_ROLES = frozenset({"killed", "injured", "missing", "captured"})
_WEAPON_ROLES = frozenset({"launched", "intercepted", "hit", "lost"})
#: a number that is an age: "a 27-year-old man", "boys aged six and 10" (dev en-0031, en-0064, en-0082, en-0087, en-0523, en-0552)
_AGE_AFTER = re.compile(r"(?:\s*-\s*|\s+)(?:years?|yrs?)(?:\s*-\s*|\s+)old\b", re.I)
_AGE_BEFORE = re.compile(r"\b(?:aged|age of|ages of)\s+(?:between\s+)?(?:[\w-]+\s+(?:and|to)\s+)?$", re.I)
#: "shot down a drone", "killing a woman", "another drone was destroyed": one (dev en-0003, en-0013,
#: en-0036, en-0057, en-0064, en-0514); the pattern is vocab().one_re
#: after a weapon named with an article, words that make it no count ("a drone attack", "drone debris")
_NOT_COUNTED = re.compile(r"\s*(?:attacks?|strikes?|raids?|debris|fragments?|wreckage|parts?|operators?|units?|"
                          r"pilots?|launch(?:es|ers?)?|alerts?|threats?|sirens?|warnings?|programme|program|production|"
                          r"factory|plant|base|site|team|crew)\b", re.I)
#: after a bare number, what makes it one more of the things counted before it
_INHERIT = re.compile(r"\s+(?:of (?:them|which|those)|over|in|above|near|across|on|around|each|apiece|"
                      r"more|others?|were|was|have been|had been)\b")
_IMPLIED_ROLE = re.compile(r"\b(?:bodies|body|dead|corpses|wounded)\b", re.I)


@lru_cache(maxsize=256)
def _cues(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, role) of every role cue of a sentence, found once for all its numbers."""
    return tuple(vocab().cue_index.finditer(text))


def _window_cues(text: str, start: int, end: int) -> tuple[list, list, int, int]:
    """The cues of the number's clause left of ``start`` and right of ``end``, and the clause's ends."""
    _, lo = _clause_left(text, start)
    hi = end + len(_clause_right(text, end))
    cues = _cues(text)
    return ([c for c in cues if lo <= c[0] and c[1] <= start], [c for c in cues if end <= c[0] and c[1] <= hi],
            lo, hi)


def _adjacent_cue(text: str, start: int) -> bool:
    """A role cue right before the number ("shot down 40")."""
    left, _, _, _ = _window_cues(text, start, start)
    if not left:
        return False
    gap = text[left[-1][1]:start]
    return len(_WORD.findall(gap)) <= 2 and "," not in gap


def find_role(text: str, start: int, end: int, allowed: frozenset[str] | None = None) -> str | None:
    """The role cue governing a number: a cue right before it ("shot down around
    122"), else one right after it ("two died", "54 injured"), else a passive
    after it ("three drones ... were destroyed"), else the nearest cue in its
    clause, left first. ``allowed`` keeps only the roles the counted thing can
    have (a missile is not killed)."""
    left_cues, right_cues, _, _ = _window_cues(text, start, end)
    if allowed is not None:
        left_cues = [c for c in left_cues if c[2] in allowed]
        right_cues = [c for c in right_cues if c[2] in allowed]
    if left_cues:
        gap = text[left_cues[-1][1]:start]
        if len(_WORD.findall(gap)) <= 2 and "," not in gap and not _JOINED.search(gap):
            return left_cues[-1][2]
    if right_cues:
        # "two died", "one injured", "three more wounded" (not "drones launched at Moscow")
        first = right_cues[0]
        gap = text[end:first[0]]
        if len(_WORD.findall(gap)) <= 1 and "," not in gap and not _JOINED.search(gap) \
                and not _REDUCED_RELATIVE.match(text, first[1]) and first[2] != "launched":
            if first[2] == "intercepted" and allowed is _WEAPON_ROLES and not _PASSIVE.search(gap):
                return "hit"   # "four missiles destroyed a mosque": the missiles did the destroying
            return first[2]
    if left_cues and _JOINED.search(text, left_cues[-1][1], start):
        # "killed and 54 injured", "killed while a dozen were injured": past a
        # conjunction, a cue right after the number is its own (dev en-0011,
        # en-0075, en-0081, en-0082, en-0085, en-0534, en-0552, en-0556)
        for c in right_cues:
            gap = text[end:c[0]]
            if _PASSIVE.search(gap) or len(_WORD.findall(gap)) <= 2:
                return c[2]
    for c in right_cues:
        if _PASSIVE.search(text[end:c[0]]):
            return c[2]
    if left_cues and len(_WORD.findall(text[left_cues[-1][1]:start])) <= 5:
        return left_cues[-1][2]
    if right_cues:
        return right_cues[0][2]
    if left_cues:
        return left_cues[-1][2]
    return None


def quantities(sentence: str, numbers: list[Mention], event_type: str,
               default_unit: str | None = None, language: str = "en") -> list[Quantity]:
    """The quantities an event of ``event_type`` takes from a sentence's numbers.
    ``default_unit`` counts a bare number whose role is a weapon's ("21 were
    shot down", in a report about drones). A language with its own vocabulary
    (``data/LANG/roles.yml``) is read by ``quantities_cyrillic``."""
    if language != "en" and has_vocabulary(language):
        return cyrillic_quantities(sentence, numbers, event_type, language, default_unit)
    v = vocab()
    out: list[Quantity] = []
    last_unit: str | None = None
    last_role: str | None = None
    prev: Mention | None = None
    for num in numbers:
        if num.label != "number":
            continue  # a figure over MAX_COUNT: the extractor flags it, it is no quantity
        n = num.value
        if _AGE_AFTER.match(sentence, num.end) or _AGE_BEFORE.search(sentence[max(0, num.start - 40):num.start]):
            prev = num
            continue
        unit, unit_end = find_unit(sentence, num.end)
        if prev is not None and unit and re.fullmatch(r"\s+(?:out\s+)?of\s+", sentence[prev.end:num.start]) \
                and out and out[-1].text.startswith(sentence[prev.start:prev.end]):
            # "downed 78 of 95 drones": 95 were sent, 78 of them downed
            out[-1].unit, out[-1].text = unit, sentence[prev.start:prev.end]
            out.append(Quantity(role="launched", value=n.value, low=n.low, high=n.high, qualifier=n.qualifier,
                                unit=unit, text=sentence[num.start:unit_end]))
            prev = num
            continue
        prev = num
        inherited = False
        if unit is None and last_unit and _INHERIT.match(sentence, num.end):
            # "70 of which ...", "... and 12 over the Bryansk Region", "12 were
            # intercepted over ...", "three each over ..." (dev en-0004, en-0081)
            unit = last_unit
            unit_end = num.end
            # "and about 63 others were wounded": a figure told with its own verb is no
            # part of a list (dev en-1053, en-1054, en-1055, en-1097, en-0552)
            inherited = not re.match(r"\s+(?:of (?:them|which|those)|(?:(?:others?|more)\s+)?"
                                     r"(?:were|was|have been|had been))\b", sentence[num.end:])
            own = _OTHERS.match(sentence, num.end)
            if own and v.cue_re.match(sentence, own.end()):
                inherited = False   # "with 46 others injured" (dev en-0009, en-0505, en-0523, en-0564, en-1018)
        allowed = None if unit is None else (_PERSON_ROLES if unit == "person" else _WEAPON_ROLES)
        implied = _IMPLIED_ROLE.search(sentence, num.end, unit_end) if unit == "person" else None
        if implied:
            # "three more wounded", "12 dead": the noun says what happened
            role = "killed" if implied.group(0).lower() in ("bodies", "body", "dead", "corpses") else "injured"
        else:
            role = find_role(sentence, num.start, unit_end if unit else num.end, allowed)
        if inherited and last_role and not _adjacent_cue(sentence, num.start):
            role = last_role     # a list of parts shares its head's role ("24 downed over X, 15 over Y")
        if unit is None and role in ("killed", "injured", "missing"):
            unit = "person"
        if role is None and unit == "person":
            # "recovered 31 bodies", "12 dead", "40 wounded": the noun says what happened
            implied = _IMPLIED_ROLE.search(sentence, num.end, unit_end)
            if implied:
                role = "killed" if implied.group(0).lower() in ("bodies", "body", "dead", "corpses") else "injured"
        if unit is None and default_unit and role in ("launched", "intercepted", "hit") \
                and _BARE.match(sentence, num.end):
            unit = default_unit   # "shot down 87 of them", "21 were destroyed" (not "hit 7 locations")
        if unit is None:
            continue
        if role is None:
            role = (v.defaults.get(event_type) or {}).get(unit)
        if role is None or not role_fits(role, unit):
            continue
        last_unit, last_role = unit, role
        out.append(Quantity(role=role, value=n.value, low=n.low, high=n.high,
                            qualifier=n.qualifier, unit=unit,
                            text=sentence[num.start:unit_end if unit_end > num.end else num.end]))
        if role != "launched" and _LAUNCHED_BY.search(sentence, num.end, unit_end):
            # "downs all 30 Russia-launched drones": 30 launched, and 30 downed (dev en-0012, en-0013)
            out.append(replace(out[-1], role="launched"))
    if event_type in ("attack", "interception", "assault", "clash"):
        out += _ones(sentence, numbers, out)
    return out


_SUICIDE = re.compile(r"\s*suicide[- ]", re.I)


def _ones(sentence: str, numbers: list[Mention], found: list[Quantity]) -> list[Quantity]:
    """One thing named with an article that a role cue governs ("shot down a
    drone", "killing a woman"); the role must come from a cue, never a default."""
    v = vocab()
    if not v.one_re.search(sentence):
        return []
    taken = [(m.start, m.end) for m in numbers]
    have = {(q.role, q.unit) for q in found}
    out: list[Quantity] = []
    for m in v.one_re.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if _SUICIDE.match(sentence, m.end("article")):
            continue  # "a suicide bomber" is the attacker, no aircraft launched (dev en-1053, en-1054)
        unit, unit_end = find_unit(sentence, m.end("article"))
        if unit is None or unit == "vehicle" or _NOT_COUNTED.match(sentence, unit_end):
            continue
        role = find_role(sentence, m.start(), unit_end)
        if role not in ("intercepted", "killed", "injured", "missing", "launched"):
            continue
        if (unit == "person") != (role in ("killed", "injured", "missing")) or (role, unit) in have:
            continue
        have.add((role, unit))
        out.append(Quantity(role=role, value=1, low=1, high=1, qualifier="exact", unit=unit,
                            text=sentence[m.start():unit_end]))
    return out
