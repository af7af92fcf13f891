"""String keys for place names: the exact key, a Cyrillic romanisation and the
transliteration-insensitive "skeleton" used for fuzzy matching.

"Slavyansk", "Sloviansk" and "Slov'yans'k" differ in their vowels, apostrophes
and the Russian/Ukrainian g/h; their skeleton (consonants only, with the usual
digraphs folded) is the same: ``slvnsk``. "Krasnoarmeyskoye" and
"Krasnoarmiiske" (the -skoye/-ske endings), "Andreevka" and "Andriivka"
(-ovka/-ivka style vowels) meet the same way.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’ʼʹ`´‘\"”“"
_DROP = str.maketrans("", "", _APOSTROPHES)
_SPACE = re.compile(r"[\s\-‐‑–—_/.,()]+")

_CYR_COMMON = {
    "а": "a", "б": "b", "в": "v", "д": "d", "ж": "zh", "з": "z", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "",
    "ю": "yu", "я": "ya", "й": "y", "'": "", "’": "",
}
_CYR_RU = {**_CYR_COMMON, "г": "g", "е": "e", "ё": "e", "и": "i", "ы": "y", "э": "e"}
_CYR_UK = {**_CYR_COMMON, "г": "h", "ґ": "g", "е": "e", "є": "ye", "и": "y", "і": "i", "ї": "yi"}
_UK_LETTERS = set("ієїґ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Sounds every romanisation spells alike stay apart (ш "sh" -> S, ж "zh" -> Z, ч "ch"
# -> C); those it spells in several ways meet (г g/h, х kh/h, ц ts/tz/c, щ shch/sch).
_SKELETON_RULES = [
    ("shch", "S"), ("sch", "S"), ("tch", "C"), ("kh", "h"), ("zh", "Z"), ("ch", "C"),
    ("sh", "S"), ("ts", "c"), ("tz", "c"), ("cz", "C"), ("sz", "S"), ("g", "h"), ("w", "v"),
    ("x", "h"), ("q", "k"), ("ck", "k"),
]
_SKELETON_RE = re.compile("|".join(re.escape(a) for a, _ in _SKELETON_RULES))
_SKELETON_MAP = dict(_SKELETON_RULES)
_VOWELS = re.compile(r"[aeiouyj]+")
_NON_ALPHA = re.compile(r"[^a-z]+")  # applied before the rules, which add capitals
_DOUBLE = re.compile(r"(.)\1+")


def _unchanged_by_fold() -> frozenset[str]:
    """The lowercase Latin and Cyrillic letters (and other characters below U+0500)
    that ``fold``'s decomposition gives back as they are: those with no decomposition
    that are no combining mark, and й, ё, ї, whose marks it puts back."""
    out = {ch for ch in map(chr, range(0x500))
           if unicodedata.normalize("NFD", ch) == ch and unicodedata.category(ch) != "Mn"
           and not unicodedata.combining(ch)}
    return frozenset(out | set("йёї"))


_PLAIN = _unchanged_by_fold()


def fold(text: str) -> str:
    """Lowercase, strip diacritics (keeping Cyrillic letters) and apostrophes."""
    low = text.lower()
    if _PLAIN.issuperset(low):
        # no diacritic to strip (most names): the letters stay as they are
        return low.translate(_DROP).replace("ł", "l").replace("ß", "ss").replace("ø", "o")
    out = []
    for ch in unicodedata.normalize("NFD", low):
        if unicodedata.category(ch) == "Mn":
            # the breve of й and the diaeresis of ї/ё carry meaning in Cyrillic
            if out and out[-1] in "иіеё" and ch in "\u0306\u0308":
                out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
            continue
        out.append(ch)
    s = "".join(out).translate(_DROP).replace("ł", "l").replace("ß", "ss").replace("ø", "o")
    return s


_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


@lru_cache(maxsize=100_000)
def name_key(text: str) -> str:
    """The exact lookup key: folded, words joined by single spaces, a leading
    "St"/"Mt"/"Ft" spelled out; Cyrillic ё as е (Russian text mostly writes е)."""
    key = _SPACE.sub(" ", fold(text)).strip()
    if "ё" in key:
        key = key.replace("ё", "е")
    head, _, rest = key.partition(" ")
    if rest and head in _ABBREVIATIONS:
        key = f"{_ABBREVIATIONS[head]} {rest}"
    return key


def is_cyrillic(text: str) -> bool:
    """True if the text contains Cyrillic letters."""
    return bool(_CYRILLIC.search(text))


@lru_cache(maxsize=100_000)
def romanise(text: str) -> str:
    """Romanise a Cyrillic name (Ukrainian rules if it has і/ї/є/ґ, else Russian)."""
    low = text.lower()
    table = _CYR_UK if _UK_LETTERS & set(low) else _CYR_RU
    return "".join(table.get(ch, ch) for ch in low)


@lru_cache(maxsize=100_000)
def skeleton(text: str) -> str:
    """Transliteration-insensitive key: folded digraphs, no vowels, no doubles."""
    s = fold(text)
    if is_cyrillic(s):
        s = romanise(s)
    s = _NON_ALPHA.sub("", s)
    s = _SKELETON_RE.sub(lambda m: _SKELETON_MAP[m.group(0)], s)
    s = _VOWELS.sub("", s)
    return _DOUBLE.sub(r"\1", s)
