"""Every case form of a Russian or Ukrainian vocabulary phrase, from pymorphy3.

A vocabulary file lists a phrase once, in the nominative ("Министерство
обороны", "Повітряні сили", "губернатор", "Вячеслав Гладков"); the text has it
in any case ("Министерства обороны", "у Повітряних силах", "губернатора",
"Вячеслава Гладкова"). ``phrase_forms`` gives the forms to match:

* ``head`` (the default): the adjectives that open the phrase and the noun they
  agree with inflect together, in the head noun's number; what follows (a
  genitive, an acronym) stays as written: "Министерство обороны" ->
  "министерства обороны", "министерству обороны" ...;
* ``name``: every word inflects, as a person's first name and surname do;
* ``lexeme``: one word in every form it has (an adjective in every gender and
  number: "российский" -> "российская", "российских" ...).

Words pymorphy3 does not know, acronyms ("ВСУ") and words with digits or Latin
letters never change. The analysers are those of ``tacitus.geo.morph`` (loaded
once per process, on first use).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..geo.morph import analyzer

__all__ = ["phrase_forms", "is_acronym"]

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_ADJECTIVES = {"ADJF", "PRTF"}
_ACRONYM = re.compile(r"^[A-ZА-ЯЁІЇЄҐ0-9-]{2,8}$")
_FIXED = re.compile(r"[0-9A-Za-z]")


def is_acronym(word: str) -> bool:
    """An upper-case abbreviation ("ВСУ", "ОВА", "МО", "США"), matched as written."""
    return bool(_ACRONYM.match(word)) and any(ch.isalpha() for ch in word)


def _nominative(word: str, language: str, pos: set[str], prefer_masc: bool = False):
    """The reading of a nominative word with a part of speech in ``pos``, or None."""
    parses = [p for p in analyzer(language).parse(word.lower()) if p.tag.POS in pos]
    nominative = [p for p in parses if p.tag.case == "nomn" or "nomn" in p.tag.grammemes]
    if prefer_masc:
        masc = [p for p in nominative if p.tag.gender == "masc"]
        nominative = masc or nominative
    return nominative[0] if nominative else None


def _case_forms(parse, case: str, number: str | None, gender: str | None = None) -> list[str]:
    """Every form of a reading's lexeme in a case (and number, and gender for a
    singular adjective): "штаб" dative gives штабу and штабові."""
    out = []
    for form in parse.lexeme:
        tag = form.tag
        if case not in tag.grammemes:
            continue
        if number and tag.number and tag.number != number:
            continue
        if gender and tag.gender and tag.gender != gender:
            continue
        if form.word not in out:
            out.append(form.word)
    return out


def _head_forms(words: list[str], language: str) -> set[str]:
    """Forms of a phrase whose leading adjectives agree with the noun after them."""
    readings = []
    head = None
    for word in words:
        if is_acronym(word) or _FIXED.search(word):
            break
        adjective = _nominative(word, language, _ADJECTIVES)
        noun = _nominative(word, language, {"NOUN"})
        if noun is not None and (adjective is None or readings):
            readings.append(noun)
            head = noun
            break
        if adjective is None:
            break
        readings.append(adjective)
    if head is None:
        return {" ".join(words).lower()}
    number = head.tag.number or "sing"
    gender = head.tag.gender if number == "sing" else None
    rest = " ".join(w.lower() for w in words[len(readings):])
    out = {" ".join(words).lower()}
    for case in _CASES:
        variants = [[]]
        for r in readings:
            forms = _case_forms(r, case, number, gender if r.tag.POS in _ADJECTIVES else None)
            if not forms:
                variants = []
                break
            variants = [v + [f] for v in variants for f in forms[:4]]
        for v in variants:
            out.add(" ".join(v + ([rest] if rest else [])))
    return out


def _name_forms(words: list[str], language: str) -> set[str]:
    """Forms of a person's name: every word in the same case."""
    readings = [_nominative(word, language, {"NOUN"}, prefer_masc=True) for word in words]
    out = {" ".join(words).lower()}
    for case in _CASES:
        variants = [[]]
        for word, r in zip(words, readings):
            forms = []
            if r is not None and "Fixd" not in r.tag.grammemes:
                forms = _case_forms(r, case, "sing", r.tag.gender)
            variants = [v + [f] for v in variants for f in (forms[:3] or [word.lower()])]
        out.update(" ".join(v) for v in variants)
    return out


def _lexeme_forms(word: str, language: str) -> set[str]:
    parses = analyzer(language).parse(word.lower())
    if not parses or is_acronym(word):
        return {word.lower()}
    return {f.word for f in parses[0].lexeme} | {word.lower()}


@lru_cache(maxsize=20_000)
def phrase_forms(phrase: str, language: str, mode: str = "head") -> tuple[str, ...]:
    """The lower-case forms of ``phrase`` (``mode``: head, name or lexeme; see the
    module doc); the phrase as written (lower-cased) is always among them, and an
    acronym or a word with Latin letters or digits is kept as written."""
    words = phrase.split()
    if not words:
        return ()
    if len(words) == 1 and is_acronym(words[0]):
        return (phrase,)
    if mode == "lexeme" and len(words) == 1:
        forms = _lexeme_forms(words[0], language)
    elif mode == "name":
        forms = _name_forms(words, language)
    else:
        forms = _head_forms(words, language)
    # pymorphy writes ё where the text mostly has е: keep both
    forms |= {f.replace("ё", "е") for f in forms}
    return tuple(sorted(forms))
