"""Russian and Ukrainian word forms for place lookup, from pymorphy3's dictionaries.

Place names in Russian and Ukrainian text are inflected ("над Брянской областью",
"під Покровськом", "на Дніпропетровщині"); the gazetteer holds them in the
nominative ("Брянская область", "Покровськ", "Дніпропетровщина"). ``forms`` gives
a word's candidate nominatives: every reading pymorphy3 has for it (nouns in the
nominative singular and, if plural, plural; adjectives in their own gender, or in
each if plural, so that they agree with any head noun), the word as written, and, for Ukrainian, the nominative's closed-syllable
і (Харкова -> Харків, Миколаєва -> Миколаїв, Львова -> Львів) that the
dictionaries lack for some names. Answers are cached per (word, language); the
analysers load on first use (about 0.2 s), so English text never pays for them.
"""
from __future__ import annotations

import heapq
import re
import threading
from functools import lru_cache

from .text import name_key

LANGUAGES = ("ru", "uk")
_UK_ONLY = set("іїєґІЇЄҐ")
_RU_ONLY = set("ыэъёЫЭЪЁ")
_GENDERS = ("masc", "femn", "neut")
_NAME_POS = {"NOUN", "ADJF", None}  # None: a word pymorphy3 cannot place (kept as written)
_PERSON = {"Name", "Surn", "Patr"}
_VOWELS = set("аеєиіїоуюяё")

_lock = threading.Lock()
_analyzers: dict[str, object] = {}


def analyzer(lang: str):
    """The pymorphy3 analyser of a language ("ru" or "uk"), loaded once per process."""
    found = _analyzers.get(lang)
    if found is None:
        with _lock:
            found = _analyzers.get(lang)
            if found is None:
                import pymorphy3
                found = _analyzers[lang] = pymorphy3.MorphAnalyzer(lang=lang)
    return found


def text_languages(text: str, language: str | None = None) -> tuple[str, ...]:
    """The languages to read a text's Cyrillic words in: the given one (``ru``/``uk``),
    else from its letters (і ї є ґ are Ukrainian, ы э ъ ё Russian); both when unsure,
    the likelier first."""
    if language in LANGUAGES:
        return (language,)
    uk = sum(text.count(ch) for ch in _UK_ONLY)
    ru = sum(text.count(ch) for ch in _RU_ONLY)
    if uk and not ru:
        return ("uk",)
    if ru and not uk:
        return ("ru",)
    return ("uk", "ru") if uk > ru else ("ru", "uk")


def word_languages(word: str, langs: tuple[str, ...]) -> tuple[str, ...]:
    """A word's own language where its letters tell, else the text's."""
    if _UK_ONLY.intersection(word):
        return ("uk",)
    if _RU_ONLY.intersection(word):
        return ("ru",)
    return langs


@lru_cache(maxsize=200_000)
def _parses(word: str, lang: str) -> tuple:
    return tuple(analyzer(lang).parse(word))


def inflect(p, lang: str, required: set[str]) -> str | None:
    """``p.inflect(required).word`` (None where pymorphy3 has no such form), choosing
    the form as pymorphy3 does, from the parse's lexeme, which is built once per lexeme
    and process (pymorphy3 builds it again for every form asked of every word: the
    genders of "Курской", "Курская", "Курскую" are all forms of курский)."""
    lexeme = _lexeme(p, lang)
    possible = [f for f in lexeme if required <= f[1].grammemes]
    if not possible:
        required = analyzer(lang).TagClass.fix_rare_cases(required)
        possible = [f for f in lexeme if required <= f[1].grammemes]
    grammemes = p.tag.updated_grammemes(required)

    def similarity(form) -> float:
        tag = form[1]
        return len(grammemes & tag.grammemes) - 0.1 * len(grammemes ^ tag.grammemes)

    best = heapq.nlargest(1, possible, key=similarity)
    return best[0][0] if best else None


_lexemes: dict[tuple, tuple] = {}


def _lexeme(p, lang: str) -> tuple:
    """The (word, tag) forms of a parse's lexeme. A dictionary word's lexeme is its
    paradigm applied to its stem, which paradigm and normal form fix: remembered per
    (language, paradigm, normal form); any other parse's (a word the dictionary lacks,
    read by its ending) per parse, which ``_parses`` keeps: ``forms`` asks it for up to
    six forms ("Луганських": every gender, with and without the number)."""
    stack = p.methods_stack
    if len(stack) == 1 and len(stack[0]) == 4 and type(stack[0][0]).__name__ == "DictionaryAnalyzer":
        key = (lang, stack[0][2], p.normal_form)
    else:
        key = (lang, p)
    hit = _lexemes.get(key)
    if hit is not None:
        return hit
    lexeme = tuple((f.word, f.tag) for f in p.lexeme)
    if len(_lexemes) >= 50_000:
        _lexemes.clear()
    _lexemes[key] = lexeme
    return lexeme


@lru_cache(maxsize=20_000)
def adjective_forms(word: str, langs: tuple[str, ...]) -> tuple[str, ...]:
    """An adjective's nominative singular in every gender, to agree with another head
    noun than its own ("Московского региона" -> московская область)."""
    out: dict[str, None] = {}
    for lang in word_languages(word, langs):
        for p in _parses(word.lower(), lang):
            if p.tag.POS == "ADJF":
                for g in _GENDERS:
                    inflected = inflect(p, lang, {"nomn", "sing", g}) or inflect(p, lang, {"nomn", g})
                    if inflected is not None:
                        out[name_key(inflected)] = None
    return tuple(out)


@lru_cache(maxsize=200_000)
def forms(word: str, langs: tuple[str, ...]) -> tuple[str, ...]:
    """Candidate nominative forms of a word (name keys: lowercase, ё as е), the likeliest
    first; the word as written among them."""
    out: dict[str, None] = {}
    low = word.lower()
    for lang in word_languages(word, langs):
        for p in _parses(low, lang):
            pos = p.tag.POS
            if pos not in _NAME_POS:
                continue
            if pos == "ADJF":
                # a singular adjective keeps its gender ("Луганський" is no "Луганське");
                # a plural one may agree with a head noun of any ("народных республик")
                gender = p.tag.gender
                for g in (gender,) if gender else _GENDERS:
                    # the Ukrainian dictionary marks no number on singular adjectives
                    inflected = inflect(p, lang, {"nomn", "sing", g}) or inflect(p, lang, {"nomn", g})
                    if inflected is not None:
                        out[inflected] = None
                continue
            out[p.normal_form] = None
            if pos == "NOUN" and p.tag.number == "plur":
                plural = inflect(p, lang, {"nomn", "plur"})  # "в Сумах": Сумы
                if plural is not None:
                    out[plural] = None
        if lang == "uk":  # the closed-syllable form first: "Львові" is Львів, not Львов
            ikavisms = {ik: None for f in out if (ik := ikavism(f))}
            out = {**ikavisms, **out}
    out[low] = None
    return tuple(dict.fromkeys(name_key(f) for f in out if f))


def ikavism(word: str) -> str | None:
    """A Ukrainian nominative's closed last syllable: the о/е of an oblique stem becomes
    і, є becomes ї (Харков- -> Харків, Миколаєв- -> Миколаїв, Рог- -> Ріг); None if the
    word does not end in one consonant after о, е or є."""
    n = len(word)
    end = n
    while end > 0 and word[end - 1] not in _VOWELS:
        end -= 1
    if end in (0, n) or n - end > 1 or word[end - 1] not in "оеє":
        return None
    return word[:end - 1] + ("ї" if word[end - 1] == "є" else "і") + word[end:]


@lru_cache(maxsize=100_000)
def is_adjective(word: str, langs: tuple[str, ...]) -> bool:
    """True if the likeliest reading of the word is an adjective ("Курской")."""
    low = word.lower()
    for lang in word_languages(word, langs):
        parses = _parses(low, lang)
        if parses and parses[0].tag.POS == "ADJF":
            return True
    return False


@lru_cache(maxsize=100_000)
def is_noun(word: str, langs: tuple[str, ...]) -> bool:
    """True if the likeliest reading of the word is a noun."""
    low = word.lower()
    for lang in word_languages(word, langs):
        parses = _parses(low, lang)
        if parses and parses[0].tag.POS == "NOUN":
            return True
    return False


@lru_cache(maxsize=100_000)
def is_person_name(word: str, langs: tuple[str, ...]) -> bool:
    """True if the likeliest reading of the word is a first name, surname or patronymic
    of the dictionary (not a guess) and no reading is a geographical name ("Путин")."""
    low = word.lower()
    for lang in word_languages(word, langs):
        parses = _parses(low, lang)
        if not parses:
            continue
        if lang == "ru" and any("Geox" in p.tag.grammemes for p in parses):
            return False
        if _PERSON.intersection(parses[0].tag.grammemes) and parses[0].is_known:
            return True
    return False


_PLACE_ADJECTIVE = re.compile(r"^(.+(?:ськ|цьк|зьк|ск|цк))(?:ий|ой|ая|ое|ые|а|е|і)$")
#: the same in an oblique case ("Купянском", "Куп'янського")
_OBLIQUE_ADJECTIVE = re.compile(r"^(.+(?:ськ|цьк|зьк|ск|цк))(?:ого|ому|ом|ой|ую|ых|ым|ими|ими|ій|ої|ою|ім|их|им|ими)$")


@lru_cache(maxsize=20_000)
def town_forms(word: str, langs: tuple[str, ...]) -> tuple[str, ...]:
    """The town a place adjective is made from ("Купянском" -> купянск, "Харьковском"
    -> харьков, "Запорожском" -> запорожье, "Покровському" -> покровськ, покров,
    "Семенівській" -> семенівка), for a front direction, district or hromada named
    after its town; () if the word is no such adjective."""
    out: list[str] = []
    candidates = list(forms(word, langs))
    if not any(_PLACE_ADJECTIVE.match(f) for f in candidates):
        # a word the dictionaries read as a noun ("Купянском"): its adjective ending
        oblique = _OBLIQUE_ADJECTIVE.match(name_key(word))
        if oblique is not None:
            candidates.append(oblique.group(1) + "ий")
    for f in candidates:
        m = _PLACE_ADJECTIVE.match(f)
        if m is None:
            continue
        base = m.group(1)  # харьковск, донецк, купянськ, запорізьк
        out.append(base)
        if base.endswith("зьк"):
            out.append(base[:-3] + "жжя")  # Запоріжжя
        elif base.endswith("цьк"):
            out.append(base[:-3] + "к")  # Кременчуцький: Кременчук (uk-0119, uk-0121)
        elif base.endswith(("ськ", "ск")) and not base.endswith(("цьк", "цк")):
            stem = base[:-3] if base.endswith("ськ") else base[:-2]
            out.append(stem)  # Харьков, Лиман, Покров
            out += _towns_of_stem(stem, base)
    if _UK_ONLY.intersection(word):
        # a Russian town in Ukrainian letters ("Кірішський": Кириши, uk-0137)
        out += [x.translate(_RU_LETTERS) for x in out]
    return tuple(dict.fromkeys(x for x in out if len(x) >= 3))


def _towns_of_stem(stem: str, base: str) -> list[str]:
    """Other towns an adjective's stem may come from, by the stem's ending: Запорожье,
    Семенівка; Коренево, Миллерово, Шебекино ("Кореневский район": ru-0100, ru-0102,
    ru-0120); Дубовское (ru-0102); Суджа, Буча, Унеча ("Суджанский", "Бучанський",
    "Унечский": ru-0148, uk-0112, ru-0139); Клинцы ("Клинцовская": ru-0139, ru-0140)."""
    out: list[str] = []
    if stem.endswith("ж"):
        out.append(stem + "ье")  # Запорожье
    elif stem.endswith(("в", "н")):
        if stem.endswith("в"):
            out.append(stem + "ка")  # Семенівська громада: Семенівка
        if stem.endswith(("ов", "ев", "ин", "ын")):
            out.append(stem + "о")  # Коренево, Миллерово, Шебекино
            if stem.endswith("цов"):
                out.append(stem[:-2] + "ы")  # Клинцы
        if stem.endswith("ан") and len(stem) > 4:
            out.append(stem[:-1])  # Суджа, Буча (the -ан- of Суджанский)
    elif stem.endswith(("ч", "ш", "ц")):
        out.append(stem + "а")  # Унеча
        if not stem.endswith("ц"):
            out.append(stem + ("і" if "і" in stem or "ї" in stem else "и"))  # Кириши, Кіріші (uk-0137)
    elif stem.endswith("ий"):
        out.append(stem[:-2] + "ия")  # Феодосия
    if stem[-1:] in "нлрм" and not stem.endswith(("ан", "ин", "ын")) or stem.endswith("ан") and len(stem) <= 6:
        out.append(stem + "ь")  # Рязань, Кремінь, Пермь
    if base.endswith("ск"):
        out.append(base + "ое")  # Дубовское
    return out


_NOMINAL = {"NOUN", "ADJF", "PRTF", None}
_FUNCTION = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}
_CLOSED = {"PREP", "CONJ"}  # any such reading makes a word a function word ("під" is a noun too)


@lru_cache(maxsize=100_000)
def may_be_name(word: str, langs: tuple[str, ...]) -> bool:
    """False for a word with a reading as a preposition or conjunction, or whose likeliest
    reading is a particle or pronoun, or no reading of which is a noun or adjective (a verb, an adverb), or a
    single letter: such words are capitalised only at the start of a sentence ("На
    Купянском направлении", "Над территорией", "Сегодня", "В Курской области")."""
    low = word.lower()
    if len(low) < 2:
        return False  # "В", "С" at the start of a sentence
    own = word_languages(word, langs)
    readings = [_parses(low, lang) for lang in own]
    if any(parses and (parses[0].tag.POS in _FUNCTION or any(p.tag.POS in _CLOSED for p in parses))
           for parses in readings):
        return False
    first = readings[0]
    return not first or any(p.tag.POS in _NOMINAL for p in first)


# Russian spellings of Ukrainian names, by ending (longest first) and letter:
# Дачное -> Дачне, Андреевка -> Андріївка, Работино -> Работине, Новая -> Нова.
_UK_ENDINGS = (("еевка", "іївка"), ("овка", "івка"), ("евка", "івка"), ("ское", "ське"),
               ("цкое", "цьке"), ("ое", "е"), ("ая", "а"), ("ый", "ий"), ("ово", "ове"),
               ("ево", "еве"), ("ино", "ине"))
_UK_LETTERS = str.maketrans({"ы": "и", "э": "е", "ъ": "'"})
_RU_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г"})


@lru_cache(maxsize=50_000)
def ukrainian_spelling(key: str) -> str | None:
    """The Ukrainian spelling of a Russian-spelt place name key by its endings
    (KATOTTG names villages in Ukrainian only), or None if it has none of them."""
    out = []
    for word in key.split(" "):
        for ru, uk in _UK_ENDINGS:
            if word.endswith(ru) and len(word) > len(ru) + 1:
                word = word[:-len(ru)] + uk
                break
        out.append(word.translate(_UK_LETTERS))
    result = " ".join(out)
    return result if result != key else None


def clear_caches() -> None:
    """Forget every remembered answer (the analysers stay loaded)."""
    for fn in (_parses, forms, adjective_forms, is_adjective, is_noun, is_person_name, may_be_name,
               town_forms, ukrainian_spelling, area_town):
        fn.cache_clear()
    _lexemes.clear()


_AREA_ENDINGS = ("щина", "щини", "щині", "щину", "щиною", "щине", "щиной")


@lru_cache(maxsize=50_000)
def area_town(word: str) -> str | None:
    """The town a "-щина" area is named after, where no region is ("Ніжинщина" ->
    ніжин, "Бахмутщина" -> бахмут): the word's stem without the ending; None if the
    word has no such ending."""
    low = name_key(word)
    for ending in _AREA_ENDINGS:
        if low.endswith(ending) and len(low) > len(ending) + 2:
            return low[:-len(ending)]
    return None
