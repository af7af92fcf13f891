"""Latin spellings of Russian and Ukrainian names, for claimants the vocabularies
do not know ("Александр Гусев" -> "Alexander Gusev" is known; "Іван Чаус" ->
"Ivan Chaus" is spelt here).

Ukrainian follows the national transliteration of 2010 (Кабмін resolution 55):
г is h, и is y, і is i, є/ї/й/ю/я are ye/yi/y/yu/ya at the start of a word and
ie/i/i/iu/ia inside it ("Синєгубов" -> "Syniehubov", "Гайваненко" ->
"Haivanenko"). Russian follows the BGN/PCGN system as English newsrooms use it,
without diacritics: е is ye at the start of a word and after a vowel, ё is yo,
й and ы are y, and the adjectival endings -ий/-ый are -y ("Дмитрий" -> "Dmitry").
"""
from __future__ import annotations

__all__ = ["transliterate"]

_VOWELS = set("аеёиоуыэюяєіїАЕЁИОУЫЭЮЯЄІЇ")

_UK = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
       "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
       "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
       "щ": "shch", "ь": "", "'": "", "’": "", "ʼ": ""}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_MEDIAL = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}

_RU = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
       "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
       "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
       "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
       # Ukrainian letters in a Russian text keep their Ukrainian value
       "і": "i", "ї": "yi", "є": "ye", "ґ": "g"}


def _word(word: str, language: str) -> str:
    low = word.lower()
    if language == "ru":
        for ending in ("ий", "ый"):
            if low.endswith(ending) and len(low) > 3:
                low = low[:-2] + "\0"
        out = []
        for i, ch in enumerate(low):
            if ch == "\0":
                out.append("y")
            elif ch == "е" and (i == 0 or low[i - 1] in _VOWELS or low[i - 1] in "ъь"):
                out.append("ye")
            else:
                out.append(_RU.get(ch, ch))
        latin = "".join(out)
    else:
        out = []
        for i, ch in enumerate(low):
            if ch in _UK_INITIAL:
                out.append(_UK_INITIAL[ch] if i == 0 else _UK_MEDIAL[ch])
            elif ch == "г" and i > 0 and low[i - 1] == "з":
                out.append("gh")  # зг -> zgh, not zh
            else:
                out.append(_UK.get(ch, ch))
        latin = "".join(out)
    return latin[:1].upper() + latin[1:] if word[:1].isupper() else latin


def transliterate(text: str, language: str = "ru") -> str:
    """``text`` (words of Cyrillic letters, hyphens and spaces kept) in Latin letters;
    ``language`` is "ru" or "uk". Capitalised words stay capitalised."""
    parts = []
    for chunk in text.split(" "):
        parts.append("-".join(_word(w, language) for w in chunk.split("-")))
    return " ".join(parts)
