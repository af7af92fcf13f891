"""Language identification by rules: scripts, telltale letters, function words.

``detect(text)`` names the language of a text (ISO 639-1).  The project reads
English, Russian and Ukrainian reports, and the rules are built for those
three (see ``benchmarks/langid.py`` for their accuracy and speed beside the
PyPI libraries that were measured against them):

1. Letters are counted by script over the first ``SAMPLE`` characters.  Text
   whose letters are mostly Cyrillic goes to step 2, mostly Latin to step 3;
   another script names its language directly (Greek, Hebrew, Arabic ...).
2. Cyrillic: each language scores its own letters (Ukrainian і ї є ґ, Russian
   ы э ё, Belarusian ў, Serbian ђ ћ ...), weighted by how often they occur,
   one point per letter group only it writes ("укриття" / "укрытия"), and
   two points per frequent word only it writes ("что" / "що", "и" / "та").  The highest score wins; no evidence at all gives Russian, the
   language of most Cyrillic news.
3. Latin: function words ("the", "of", "der", "les" ...) decide; another
   language must score twice as much as English, which also takes texts with
   no evidence.

``detect_blocks(text, blocks, language)`` gives a block its own language where
it is long enough to tell and differs from the document's (a Russian statement
quoted in a Ukrainian report), so later stages can use the right vocabulary.

The vocabulary is in ``data/langid.yml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tacitus.model import Block

_DATA = Path(__file__).resolve().parent.parent / "data" / "langid.yml"

SAMPLE = 3000        # characters looked at: the language of a report shows in its first lines
BLOCK_MIN_LETTERS = 40   # a shorter block takes its document's language
_WORD_POINTS = 2.0
_CYRILLIC_LEAD = ("\xd0", "\xd1", "\xd2", "\xd3")  # UTF-8 lead bytes of U+0400..U+04FF, as latin-1
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class _Cyrillic:
    code: str
    letters: str
    weight: float
    groups: tuple[str, ...]
    endings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Rules:
    cyrillic: tuple[_Cyrillic, ...]
    cyrillic_words: dict[str, tuple[str, ...]]   # word -> the Cyrillic languages that write it
    latin: tuple[str, ...]
    latin_words: dict[str, tuple[str, ...]]      # word -> the Latin-script languages that write it
    scripts: tuple[tuple[str, re.Pattern[str]], ...]
    other_script: re.Pattern[str]                # any letter of those scripts


def _by_word(lists: dict[str, str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for code, words in lists.items():
        for w in (words or "").split():
            out[w] = out.get(w, ()) + (code,)
    return out


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    cfg = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    cyr = tuple(_Cyrillic(code, spec["letters"] or "", float(spec["letter_weight"] or 0),
                          tuple(spec.get("groups") or ()),
                          tuple(e + p for e in spec.get("endings") or () for p in " ,.;:!?)»\n"))
                for code, spec in cfg["cyrillic"].items())
    scripts = tuple((code, re.compile(f"[{rng}]")) for code, rng in cfg["scripts"].items())
    return _Rules(cyr, _by_word({c: spec["words"] for c, spec in cfg["cyrillic"].items()}),
                  tuple(cfg["latin"]), _by_word(cfg["latin"]), scripts,
                  re.compile("[" + "".join(cfg["scripts"].values()) + "]"))


def count_cyrillic(sample: str) -> int:
    """Cyrillic letters in ``sample`` (C-speed: counts UTF-8 lead bytes)."""
    if sample.isascii():
        return 0
    raw = sample.encode("utf-8").decode("latin-1")
    return sum(raw.count(b) for b in _CYRILLIC_LEAD)


def _cyrillic_language(sample: str) -> str:
    rules = _rules()
    low = sample.lower()
    scores: dict[str, float] = {}
    for lang in rules.cyrillic:
        score = lang.weight * sum(low.count(c) for c in lang.letters) if lang.letters else 0.0
        for group in lang.groups + lang.endings:
            score += low.count(group)
        scores[lang.code] = score
    by_word = rules.cyrillic_words
    for w in _WORD.findall(low, 0, 1200):  # a few hundred words are plenty
        for code in by_word.get(w, ()):
            scores[code] += _WORD_POINTS
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > 0 else "ru"


def _latin_language(sample: str, default: str) -> str:
    rules = _rules()
    scores = dict.fromkeys(rules.latin, 0)
    by_word = rules.latin_words
    for w in _WORD.findall(sample.lower(), 0, 1200):
        for code in by_word.get(w, ()):
            scores[code] += 1
    best = max(scores, key=scores.__getitem__)
    # another language must outscore the default twice over ("Vejer de la Frontera - IOM,
    # the UN" stays English)
    if scores[best] == 0 or scores[best] <= 2 * scores.get(default, 0):
        return default
    return best


def detect(text: str, default: str = "en") -> str:
    """The ISO 639-1 code of ``text``'s language (``default`` when there is no letter to go by)."""
    sample = text[:SAMPLE]
    if sample.isascii():
        return _latin_language(sample, default)
    cyr = count_cyrillic(sample)
    if cyr:
        if cyr >= len(_LATIN_LETTER.findall(sample)):
            return _cyrillic_language(sample)
    elif _rules().other_script.search(sample):
        latin = len(_LATIN_LETTER.findall(sample))
        for code, pattern in _rules().scripts:
            if len(pattern.findall(sample)) >= max(3, latin):
                return code
    return _latin_language(sample, default)


def detect_blocks(text: str, blocks: list[Block], language: str) -> None:
    """Set ``Block.language`` on the blocks of ``text`` written in another language
    than the document's ``language``; blocks too short to tell keep None."""
    for block in blocks:
        part = text[block.start:block.end]
        if len(part) < BLOCK_MIN_LETTERS:
            continue
        if language in ("ru", "uk") and part.isascii():
            lang = _latin_language(part, "en") if len(_LATIN_LETTER.findall(part)) >= BLOCK_MIN_LETTERS else None
        elif len(_CYRILLIC.findall(part)) + len(_LATIN_LETTER.findall(part)) < BLOCK_MIN_LETTERS:
            continue
        else:
            lang = detect(part, default=language)
        if lang and lang != language:
            block.language = lang
