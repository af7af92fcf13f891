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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..model import Mention, Quantity
from .quantities_cyrillic import has_vocabulary
from .quantities_cyrillic import quantities as cyrillic_quantities

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# a clause boundary: a number's role cue is not looked for across one
_BOUNDARY = re.compile(r"[;:—–()\"“”]|,\s+(?:while|but|and|as|after|before|which|whereas)\b|\.\s")
_PASSIVE = re.compile(r"\b(?:were|was|have been|has been|had been|are|is|being|been)\s+(?:\w+ly\s+)?$", re.I)
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
                  cue_role=cue_role, defaults=data.get("defaults") or {})


def _singular(word: str) -> list[str]:
    forms = [word]
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
        if words[i][0] not in v.fillers and not words[i][0].endswith("-made"):
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


_IMPLIED_ROLE = re.compile(r"\b(?:bodies|body|dead|corpses|wounded)\b", re.I)


def _adjacent_cue(text: str, start: int) -> bool:
    """A role cue right before the number ("shot down 40")."""
    left, _ = _clause_left(text, start)
    cues = list(vocab().cue_re.finditer(left))
    return bool(cues) and len(_WORD.findall(left[cues[-1].end():])) <= 2 and "," not in left[cues[-1].end():]


def find_role(text: str, start: int, end: int) -> str | None:
    """The role cue governing a number: a cue right before it ("shot down around
    122"), else a passive after it ("three drones ... were destroyed"), else the
    nearest cue in its clause, left first."""
    v = vocab()
    left, _ = _clause_left(text, start)
    left_cues = list(v.cue_re.finditer(left))
    right = _clause_right(text, end)
    right_cues = list(v.cue_re.finditer(right))
    if left_cues:
        gap = left[left_cues[-1].end():]
        if len(_WORD.findall(gap)) <= 2 and "," not in gap:
            return v.cue_role[left_cues[-1].group(0).lower()]
    for m in right_cues:
        if _PASSIVE.search(right[:m.start()]):
            return v.cue_role[m.group(0).lower()]
    if left_cues and len(_WORD.findall(left[left_cues[-1].end():])) <= 5:
        return v.cue_role[left_cues[-1].group(0).lower()]
    if right_cues:
        return v.cue_role[right_cues[0].group(0).lower()]
    if left_cues:
        return v.cue_role[left_cues[-1].group(0).lower()]
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
        n = num.value
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
        if unit is None and last_unit and re.match(
                r"\s+(?:of (?:them|which|those)|over|in|above|near|across|on|around)\b", sentence[num.end:]):
            unit = last_unit     # "70 of which ...", "... and 12 over the Bryansk Region"
            unit_end = num.end
            inherited = not re.match(r"\s+of (?:them|which|those)\b", sentence[num.end:])
        role = find_role(sentence, num.start, unit_end if unit else num.end)
        if inherited and last_role and not _adjacent_cue(sentence, num.start):
            role = last_role     # a list of parts shares its head's role ("24 downed over X, 15 over Y")
        if unit is None and role in ("killed", "injured", "missing"):
            unit = "person"
        if role is None and unit == "person":
            # "recovered 31 bodies", "12 dead", "40 wounded": the noun says what happened
            implied = _IMPLIED_ROLE.search(sentence, num.end, unit_end)
            if implied:
                role = "killed" if implied.group(0).lower() in ("bodies", "body", "dead", "corpses") else "injured"
        if unit is None and default_unit and role in ("launched", "intercepted", "hit"):
            unit = default_unit
        if unit is None:
            continue
        if role is None:
            role = (v.defaults.get(event_type) or {}).get(unit)
        if role is None:
            continue
        if unit == "person" and role in ("launched", "intercepted", "hit"):
            continue
        if unit != "person" and role in ("killed", "injured", "missing"):
            continue
        if unit == "vehicle" and role != "captured":
            continue   # a vehicle is neither launched nor intercepted
        last_unit, last_role = unit, role
        out.append(Quantity(role=role, value=n.value, low=n.low, high=n.high,
                            qualifier=n.qualifier, unit=unit,
                            text=sentence[num.start:unit_end if unit_end > num.end else num.end]))
    return out
