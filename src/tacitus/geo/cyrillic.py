"""Place names in Russian and Ukrainian text: the Cyrillic half of ``Geocoder``'s lookup.

A name in the text is inflected ("над территорией Брянской области", "під
Покровськом", "на Дніпропетровщині"); the gazetteer keys names in the nominative.
Each word's candidate nominatives come from morphology (``geo.morph.forms``), and
a run of words is looked up as every combination of its words' forms, longest run
first, as the English lookup does with spellings. The words around a name are
read in their dictionary forms too ("областях" is an ``область`` kind word), and
cue phrases as written ("над территорией", "в районе", "під").

Beyond the English lookup:

- two region adjectives sharing one head noun ("в Курской и Белгородской
  областях") give two regions: the first adjective is looked up with the head;
- an adjective before a generic region word ("над Московским регионом") is
  looked up with each first-level kind noun ("Московская область");
- an adjective before a direction or district word ("на Купянском направлении",
  "в Белгородском районе") names the town it is made from (``morph.town_forms``);
- a Russian spelling of a Ukrainian village ("Дачное", "Андреевка") is also
  tried in its Ukrainian spelling ("Дачне", "Андріївка"), as KATOTTG names
  villages in Ukrainian only; other spellings meet through the skeleton key;
- a capitalised function word at the start of a sentence ("На", "Над") starts
  no name, and a first name beside a surname is a person ("Владимир Путин").

Vocabularies: ``data/ru/places.yml`` and ``data/uk/places.yml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

import yaml

from .build import DATA_DIR
from .gazetteer import PlaceRow
from .morph import (LANGUAGES, _parses, adjective_forms, area_town, forms, is_adjective, is_noun,
                    is_person_name, may_be_name, town_forms, ukrainian_spelling, word_languages)
from .text import name_key, romanise

_MAX_FORMS = 4  # candidate nominatives tried per word
_MAX_COMBINATIONS = 24  # combinations of word forms tried per run length
_MAX_LOWER = 2  # lowercase words a name may run on over after an adjective ("Черного моря")
_MAX_FUZZY = 3  # capitalised words a name spelt another way may have ("Кучеров Яр")
_MAX_LIST = 16  # tokens a cue reaches back over a list of names
_KINDS = ("settlement", "direction", "district", "facility", "admin1")
_UK_SPELLING_PENALTY = 0.1  # a Russian name read in Ukrainian spelling, below the name as written
_SPACE = re.compile(r"[ \t\u00a0]+")


_RESOLVER = None


def _resolver():
    """``geo.resolver`` (which imports this module), bound on first use."""
    global _RESOLVER
    if _RESOLVER is None:
        from . import resolver
        _RESOLVER = resolver
    return _RESOLVER


def is_cyrillic_word(word: str) -> bool:
    """True if a token starts with a Cyrillic letter."""
    return "\u0400" <= word[0] <= "\u04ff"


@dataclass
class CyrillicWords:
    """The vocabulary of one or more languages, keys as ``name_key`` gives them."""
    suffixes: dict[tuple[str, ...], str] = field(default_factory=dict)
    region_words: set[str] = field(default_factory=set)
    pre_cues: set[tuple[str, ...]] = field(default_factory=set)
    village_cues: set[tuple[str, ...]] = field(default_factory=set)
    conjunctions: set[str] = field(default_factory=set)
    street_words: set[str] = field(default_factory=set)
    suffix_first: set[str] = field(default_factory=set)
    suffix_len: int = 0
    by_length: dict[int, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)  # suffixes by words
    admin1_nouns: tuple[str, ...] = ()

    @classmethod
    def load(cls, langs: tuple[str, ...]) -> "CyrillicWords":
        out = cls()
        for lang in langs:
            with open(DATA_DIR.parent / lang / "places.yml", encoding="utf-8") as fh:
                w = yaml.safe_load(fh)
            for kind in _KINDS:
                for phrase in w.get(f"{kind}_words") or []:
                    out.suffixes[tuple(name_key(phrase).split())] = kind
            out.region_words |= {name_key(x) for x in w.get("region_words") or []}
            out.pre_cues |= {tuple(name_key(c).split()) for c in w.get("pre_cues") or []}
            out.village_cues |= {tuple(name_key(c).split()) for c in w.get("village_cues") or []}
            out.conjunctions |= {name_key(c) for c in w.get("conjunctions") or []}
            out.street_words |= {name_key(c) for c in w.get("street_words") or []}
        for word in out.region_words:
            out.suffixes[(word,)] = "admin1"
        out.suffix_first = {p[0] for p in out.suffixes}
        out.suffix_len = max((len(p) for p in out.suffixes), default=0)
        for phrase, kind in out.suffixes.items():
            out.by_length.setdefault(len(phrase), []).append((phrase, kind))
        out.admin1_nouns = tuple(p[0] for p, kind in out.suffixes.items()  # as listed: область first
                                 if kind == "admin1" and len(p) == 1 and p[0] not in out.region_words)
        return out


@lru_cache(maxsize=8)
def words_of(langs: tuple[str, ...]) -> CyrillicWords:
    """The merged vocabulary of the given languages (cached)."""
    return CyrillicWords.load(tuple(lang for lang in langs if lang in LANGUAGES))


@dataclass(slots=True)
class _Scan:
    """What one lookup needs to know about the text (``doc``: the resolver's ``_Text``)."""
    doc: object
    text: str
    toks: list
    langs: tuple[str, ...]
    vocab: CyrillicWords
    fuzzy_ok: bool
    hint: str | None

    def word(self, n: int) -> str:
        return self.toks[n][2]

    def spaced(self, a: int, b: int) -> bool:
        """True if only spaces stand between tokens a and b (b = a + 1)."""
        return bool(_SPACE.fullmatch(self.text, self.toks[a][1], self.toks[b][0]))

    def kind_word(self, n: int) -> bool:
        return _kind_word(self.word(n), self.langs)


@lru_cache(maxsize=100_000)
def _kind_word(word: str, langs: tuple[str, ...]) -> bool:
    """True if some form of the word starts a kind phrase ("областях": область)."""
    first = words_of(langs).suffix_first
    return any(f in first for f in forms(word, langs))


def clear_caches() -> None:
    """Forget the answers remembered per word (``morph.clear_caches`` does the forms)."""
    for fn in (_kind_word, _given_name):
        fn.cache_clear()


class CyrillicLookup:
    """Mixin of ``Geocoder``: the lookup of a name that starts at a Cyrillic token."""

    _cyr_memo: dict  # (words, ...) -> (candidates, natives); set up by the Geocoder

    def _cyr_lookup(self, doc, i: int, langs: tuple[str, ...], fuzzy_ok: bool, hint: str | None):
        """The longest name starting at token i of ``doc`` (the resolver's ``_Text``) found
        in the gazetteer, as a span (or None)."""
        text, toks = doc.text, doc.toks
        sc = doc.scan  # one per pass over the text
        if sc is None or sc.fuzzy_ok != fuzzy_ok or sc.hint != hint or sc.langs != langs:
            sc = doc.scan = _Scan(doc, text, toks, langs, words_of(langs), fuzzy_ok, hint)
        if not may_be_name(toks[i][2], langs) or (_quoted(text, toks, i) and not _airport_before(text, toks, i)):
            return None
        if i > 0 and name_key(toks[i - 1][2]) in sc.vocab.street_words:
            return None  # "на улице Шевченко", "театра имени Франко": a street's or a namesake's name
        cued, village = self._cyr_pre_cue(sc, i)
        span = self._cyr_shared_head(sc, i) or self._cyr_town(sc, i, cued, village) \
            or (self._cyr_elliptic_region(sc, i) if cued else None)
        if span is not None:
            return span
        j = self._cyr_run_end(sc, i)
        for k in range(j, i, -1):
            if k - 1 > i and not sc.word(k - 1)[0].isupper() and not sc.kind_word(k - 1) \
                    and not is_adjective(sc.word(k - 2), langs):
                continue
            if k == i + 1 and self._cyr_person(sc, i):
                return None
            found, natives = self._cyr_exact(sc, list(range(i, k)))
            if k - i == 1 and sc.word(i).isupper() and len(sc.word(i)) <= 5:
                # an acronym ("УКУ", "СБУ") is a place only as a region's ("ДНР", "ЛНР")
                found = tuple(c for c in found if c[0].precision in ("admin1", "country"))
            if not found:
                continue
            if k - i == 1 and area_town(sc.word(i)) is not None and any(p.precision == "admin1" for p, _ in found):
                # "Харківщина" is the region, never a village of that name in a region
                # named before it ("на Сумщині, Харківщині")
                found = tuple(c for c in found if c[0].precision == "admin1")
            elif (any(p.population >= _BIG_CITY for p, _ in found)
                  and any(p.population < _BIG_CITY and p.precision != "admin1" for p, _ in found)
                  and not any(sc.kind_word(t) for t in range(k, min(k + 4, len(sc.toks))))):
                # a city of that name that big is meant, not a village of a region named
                # before it ("на Донеччині, Харківщині та Запоріжжі": uk-0045, uk-0011),
                # unless the text names the region after it ("Макеевка Луганской НР");
                # the words after it are read only where a namesake would be dropped
                found = tuple(c for c in found if c[0].population >= _BIG_CITY or c[0].precision == "admin1")
            if k - i == 1 and not cued and (self._weak_single(doc, i, found, hint)
                                            or self._cyr_bare_village(sc, k, found, natives)):
                return None
            if k - i == 1 and self._cyr_after_name(sc, i):
                return None  # "Долгая Балка": not the village Балка
            if k < j and sc.word(k)[0].isupper() and not sc.kind_word(k):
                # "Вольное Поле": a name running on into a capitalised word the gazetteer
                # does not know with it may be a longer name spelt another way
                longer = self._cyr_fuzzy_span(sc, i, j, cued, village, shortest=k + 1)
                if longer is not None:
                    return longer
                if k - i == 1 and _biggest_own(found) < 50_000 and not self._cyr_place_at(sc, k, j):
                    return None  # "Золотой Колодец": not Золотое
            if k - i == 1 and self._cyr_attribute(sc, i):
                return None  # "Южного военного округа": not the village Южное
            return self._cyr_span(sc, i, k, found, natives, cued, village)
        return self._cyr_area(sc, i) or self._cyr_fuzzy_span(sc, i, j, cued, village)

    def _cyr_area(self, sc: _Scan, i: int):
        """"Ніжинщина", "на Бахмутщині": the area around a town, where no region has
        that "-щина" name: the town, with district precision."""
        stem = area_town(sc.word(i))
        if stem is None:
            return None
        found, natives = self._cyr_candidates(sc, [i], [(stem,)])
        found = tuple(c for c in found if c[0].precision == "city" and not c[0].approximate)
        if not found:
            return None
        span = self._cyr_span(sc, i, i + 1, found, natives, True, False)
        span.kind = "district"
        span.native = None  # the text names the area, not the town
        return span

    def _cyr_attribute(self, sc: _Scan, i: int) -> bool:
        """True if token i is an adjective before a noun it qualifies ("Южного военного
        округа", "Вооруженные Силы", "Светлая роща"): not a place named by the adjective
        alone (a kind word after it is read as such before this)."""
        n = i + 1
        if n >= len(sc.toks) or not sc.spaced(i, n) or not is_cyrillic_word(sc.word(n)):
            return False
        if not is_adjective(sc.word(i), sc.langs):
            return False
        while n < len(sc.toks) and n - i <= 2 and is_adjective(sc.word(n), sc.langs):
            n += 1  # "военного округа"
        return n < len(sc.toks) and is_noun(sc.word(n), sc.langs) and not sc.kind_word(n)

    def _cyr_after_name(self, sc: _Scan, i: int) -> bool:
        """True if token i follows, a space apart, a capitalised word that may be a name
        and starts none (its lookup failed): the two are one name the gazetteer lacks."""
        if i == 0 or not sc.spaced(i - 1, i):
            return False
        prev = sc.word(i - 1)
        return (prev[0].isupper() and is_cyrillic_word(prev) and may_be_name(prev, sc.langs)
                and not sc.doc.at_sentence_start(sc.toks[i - 1][0]))

    def _cyr_place_at(self, sc: _Scan, k: int, j: int) -> bool:
        """True if some name of the gazetteer starts at token k (within the run to j)."""
        return any(self._cyr_candidates(sc, list(range(k, end)))[0] for end in range(j, k, -1))

    def _cyr_exact(self, sc: _Scan, idx: list[int]):
        """``_cyr_candidates`` of the words as written and, in Russian text, in Ukrainian
        spelling too (KATOTTG's villages: "Дачное" is Дачне), a little below."""
        found, natives = self._cyr_candidates(sc, idx)
        if "ru" not in sc.langs:
            return found, natives
        uk, uk_natives = self._cyr_candidates(sc, idx, ukrainian=True)
        if not uk:
            return found, natives
        natives = dict(natives)  # the remembered answer stays as it was
        best = {p.id: (p, m) for p, m in found}
        for p, m in uk:
            if p.id not in best:
                best[p.id] = (p, m - _UK_SPELLING_PENALTY)
                natives[p.id] = uk_natives[p.id]
        return _sorted(best.values(), self.focus_regions), natives

    # ----------------------------------------------------------------- forms

    def _cyr_candidates(self, sc: _Scan, idx: list[int], options: list | None = None,
                        ukrainian: bool = False, towns: bool = False):
        """(place, match) for every combination of the words' nominative forms (or of
        ``options``), the best match per place, sorted as ``_exact_candidates`` sorts;
        and place id -> (native name, key) of the combination that found it.
        ``ukrainian``: the combinations in Ukrainian spelling instead. Remembered per
        words as written (and their hyphens), languages and options."""
        if len(idx) == 1:  # most lookups: one word, nothing between
            words, hyphens = (sc.toks[idx[0]][2],), ()
        else:
            words = tuple(sc.word(n) for n in idx)
            hyphens = tuple("-" in sc.text[sc.toks[a][1]:sc.toks[b][0]] if b == a + 1 else False
                            for a, b in zip(idx, idx[1:]))
        memo_key = (words, hyphens, sc.langs, sc.fuzzy_ok, sc.hint, ukrainian,
                    tuple(options) if options is not None else None, towns)
        memo = self._cyr_memo
        hit = memo.get(memo_key)
        if hit is None:
            if len(memo) >= 50_000:
                memo.clear()
            hit = memo[memo_key] = self._cyr_lookup_forms(sc, idx, options, ukrainian, towns)
        return hit

    def _cyr_lookup_forms(self, sc: _Scan, idx: list[int], options: list | None, ukrainian: bool,
                          towns: bool = False):
        if options is None:
            options = [forms(sc.word(n), sc.langs)[:_MAX_FORMS] for n in idx]
        best: dict[int, tuple[PlaceRow, float]] = {}
        natives: dict[int, tuple[str, str]] = {}
        for combo in _combinations(options):
            key = " ".join(combo)
            if ukrainian:
                key = ukrainian_spelling(key)
                if key is None:
                    continue
            found = self._exact_candidates(key[:1].upper() + key[1:], sc.fuzzy_ok, sc.hint)
            if not found:
                continue
            native = _native(sc, idx, combo)
            for p, m in found:
                if p.id not in best or best[p.id][1] < m:
                    best[p.id] = (p, m)
                    natives[p.id] = (native, key)
        if any(m >= 1.0 and (p.population >= 100_000 or p.precision in ("admin1", "country"))
               for p, m in best.values()):
            # as ``_exact_candidates``: no other spellings beside a big place of the name
            # (one form's village "Винницы" brings them, another form is Вінниця)
            best = {pid: c for pid, c in best.items() if c[1] >= 1.0}
        found = _sorted(best.values(), self.focus_regions)
        if towns:
            # the town a facility is named after: a big town whose other name it is stays
            # beside the villages whose own name that is ("Миколаївської ТЕЦ": Миколаїв,
            # not one of the villages Миколаївка; uk-0040), and the context chooses
            kept = {p.id for p, _ in found}
            found += tuple(sorted(((p, m) for p, m in best.values() if p.id not in kept
                                   and p.population >= 100_000), key=lambda c: -c[0].population))
        return found, natives

    def _cyr_fuzzy_span(self, sc: _Scan, i: int, j: int, cued: bool, village: bool,
                        shortest: int = 0):
        """Other spellings of the capitalised words from token i, longest first (down to
        ``shortest`` tokens end), ("Клещеевка": Кліщіївка), where a cue, a kind word or
        (not at the start of a sentence) a place-like ending allows them."""
        if not sc.fuzzy_ok:
            return None
        k = i + 1
        while k < j and k - i < _MAX_FUZZY and sc.word(k)[0].isupper():
            k += 1
        for end in range(k, max(i, shortest - 1), -1):
            if end == i + 1 and self._cyr_attribute(sc, i):
                return None
            kind = self._cyr_suffix_kind(sc, end)[0]
            at_start = not (cued or kind) and sc.doc.at_sentence_start(sc.toks[i][0])
            found, natives = self._cyr_fuzzy(sc, i, end, kind, cued, village, not at_start)
            if found:
                span = self._cyr_span(sc, i, end, found, natives, cued, village)
                span.fuzzy = True
                return span
        return None

    def _cyr_fuzzy(self, sc: _Scan, i: int, k: int, kind: str | None, cued: bool,
                   village: bool, endings: bool):
        """Places whose skeleton matches a romanised form of tokens i..k-1 (for a
        direction or district adjective: of the town it is made from). Short skeletons
        (three consonants: "Дачное") only after a settlement cue or before a kind word.
        Remembered as ``_cyr_candidates`` is."""
        if not (cued or kind or endings):
            return (), {}
        idx = list(range(i, k))
        hyphens = tuple("-" in sc.text[sc.toks[a][1]:sc.toks[a + 1][0]] for a in idx[:-1])
        memo_key = ("fuzzy", tuple(sc.word(n) for n in idx), hyphens, sc.langs, sc.hint,
                    kind, cued, village, endings)
        hit = self._cyr_memo.get(memo_key)
        if hit is None:
            if len(self._cyr_memo) >= 50_000:
                self._cyr_memo.clear()
            hit = self._cyr_memo[memo_key] = self._cyr_fuzzy_forms(sc, i, k, kind, cued, village)
        return hit

    def _cyr_fuzzy_forms(self, sc: _Scan, i: int, k: int, kind: str | None, cued: bool,
                         village: bool):
        towns = kind in ("direction", "district") and k == i + 1 and town_forms(sc.word(i), sc.langs)
        idx = list(range(i, k))
        options = [towns] if towns else [forms(sc.word(n), sc.langs)[:_MAX_FORMS] for n in idx]
        best: dict[int, tuple[PlaceRow, float]] = {}
        natives: dict[int, tuple[str, str]] = {}
        for combo in _combinations(options):
            key = " ".join(combo)
            latin = romanise(key)
            if len(latin) < 4 or not (cued or kind or latin.endswith(self.place_endings)):
                continue
            if not towns and _ADJ_ENDINGS.search(latin):
                continue  # an adjective's stem is a town only before a kind word ("Зеленского")
            cands = self._fuzzy_candidates(latin, bool(kind) or village, sc.hint,
                                           towns=kind == "district")
            native = _native(sc, idx, combo)
            for p, m in cands:
                if p.id not in best or best[p.id][1] < m:
                    best[p.id] = (p, m)
                    natives[p.id] = (native, key)
        return _sorted(best.values(), self.focus_regions), natives

    # ------------------------------------------------------- special phrases

    def _cyr_shared_head(self, sc: _Scan, i: int):
        """"Курской [и Белгородской] областях": a region adjective whose head noun stands
        after one or more adjectives joined by a conjunction or comma, looked up with
        that head ("Курская область"): an admin1 span over the adjective alone."""
        head = self._shared_head(sc, i + 1)
        if head is None:
            return None
        h0, h1, kind = head
        if kind != "admin1":  # "Харківський, Куп’янський та Лиманський напрямки"
            return self._cyr_town(sc, i, True, False, kind)
        found, natives = self._cyr_candidates(sc, [i, *range(h0, h1)])
        found = tuple(c for c in found if c[0].precision == "admin1")
        if not found:
            return None
        return self._admin1_span(sc, i, found, natives)

    def _cyr_elliptic_region(self, sc: _Scan, i: int):
        """"над Липецкой, два БПЛА – над Белгородской и один – над Орловской областью",
        "четыре – над территорией Курской" (the text cut off): after a place cue, a
        feminine region adjective with no noun of its own is the region ("Курская
        область"); an admin1 span over the adjective alone."""
        word = sc.word(i)
        if not _ELLIPTIC_FEMININE.search(word) or not is_adjective(word, sc.langs):
            return None
        n = i + 1
        if n < len(sc.toks) and sc.spaced(i, n) and is_cyrillic_word(sc.word(n)) \
                and name_key(sc.word(n)) not in sc.vocab.conjunctions:
            return None   # a noun follows: "Курской АЭС", "Белгородской областной больницы"
        # looked up with the region noun it leaves out (the first admin1 noun: область)
        found, natives = self._cyr_candidates(sc, [i, i], [adjective_forms(word, sc.langs),
                                                           sc.vocab.admin1_nouns[:1]])
        found = tuple(c for c in found if c[0].precision == "admin1")
        if not found:
            return None
        return self._admin1_span(sc, i, found, natives)

    def _cyr_town(self, sc: _Scan, i: int, cued: bool, village: bool, kind: str | None = None):
        """An adjective before a direction, district or facility word: the town it is made
        from ("на Купянском направлении" -> Купянск, "в Белгородском районе" -> Белгород,
        "по Клинцовской ТЭС" -> Клинцы);
        before a generic region word, the region ("над Московским регионом" -> Московская
        область)."""
        if i + 1 >= len(sc.toks) or not is_adjective(sc.word(i), sc.langs):
            return None
        end = i + 1
        if kind is None:
            kind, end = self._cyr_suffix_kind(sc, i + 1)
        if kind in ("direction", "district", "facility"):
            towns = town_forms(sc.word(i), sc.langs)
            if not towns:
                return None
            found, natives = self._cyr_candidates(sc, [i], [towns], towns=kind == "facility")
            # the town's own name or another: size and context choose ("Покровський" is
            # Покровськ, not one of the villages Покровка)
            found = tuple((p, min(m, 1.0)) for p, m in found if p.precision == "city")
            if not found:
                return None
            span = self._cyr_span(sc, i, i + 1, found, natives, cued, village)
            if span.kind is None:
                span.kind = kind  # a head noun shared with a later adjective
            return span
        if kind == "admin1" and end == i + 2 and forms(sc.word(i + 1), sc.langs)[0] in sc.vocab.region_words:
            adjective = adjective_forms(sc.word(i), sc.langs)
            found, natives = self._cyr_candidates(sc, [i, i + 1], [adjective, sc.vocab.admin1_nouns])
            found = tuple(c for c in found if c[0].precision == "admin1")
            if found:
                span = self._admin1_span(sc, i, found, natives)
                span.end = sc.toks[i + 1][1]
                span.last_token = i + 1
                return span
        return None

    def _admin1_span(self, sc: _Scan, i: int, found, natives):
        start, end = sc.toks[i][0], sc.toks[i][1]
        span = _resolver()._Span(start, end, start, end, found, "admin1", True, key=natives[found[0][0].id][1])
        span.last_token = i
        span.native = {pid: n for pid, (n, _k) in natives.items() if n}
        return span

    # ------------------------------------------------------------ structure

    def _cyr_span(self, sc: _Scan, i: int, k: int, found, natives, cued: bool, village: bool):
        """A span for tokens i..k-1, extended over a following kind word ("району")."""
        kind, end_tok = self._cyr_suffix_kind(sc, k)
        if kind is None and k - i > 1 and any(p.precision == "admin1" for p, _ in found):
            kind = "admin1"
        elif kind == "admin1" and not any(p.precision == "admin1" for p, _ in found):
            kind = "district"
        start, name_end = sc.toks[i][0], sc.toks[k - 1][1]
        end = sc.toks[end_tok - 1][1] if end_tok > k else name_end
        span = _resolver()._Span(start, end, start, name_end, found, kind, cued or kind is not None,
                     key=natives[found[0][0].id][1])
        span.last_token = end_tok - 1 if kind not in (None, "settlement") else k - 1
        span.village = village
        span.native = {pid: n for pid, (n, _key) in natives.items() if n}
        return span

    def _cyr_suffix_kind(self, sc: _Scan, k: int, spaced: bool = True) -> tuple[str | None, int]:
        """The kind word(s) right after token k-1 ("области", "району", "направлении");
        ``spaced``: only spaces between (else anything)."""
        toks = sc.toks
        if (k >= len(toks) or k == 0 or not is_cyrillic_word(sc.word(k))
                or (spaced and not sc.spaced(k - 1, k)) or not sc.kind_word(k)):
            return None, k
        vocab = sc.vocab
        for length in range(min(vocab.suffix_len, len(toks) - k), 0, -1):
            for phrase, kind in vocab.by_length.get(length, ()):
                if all(phrase[m] in forms(sc.word(k + m), sc.langs) for m in range(length)):
                    return kind, k + length
        return None, k

    def _cyr_run_end(self, sc: _Scan, i: int) -> int:
        """One past the last token that could belong to a name starting at token i:
        capitalised words, kind words, lowercase words after an adjective ("Черного
        моря", "Донецкой народной республики"), "на" inside a hyphenated name."""
        r = _resolver()
        gap_join, max_tokens = r._GAP_JOIN, r._MAX_TOKENS
        toks, text = sc.toks, sc.text
        j, lower = i + 1, 0
        while j < len(toks) and j - i < max_tokens:
            gap = text[toks[j - 1][1]:toks[j][0]]
            if not gap_join.fullmatch(gap) or gap.startswith("."):
                break
            w = toks[j][2]
            if not is_cyrillic_word(w):
                break
            if w[0].isupper():
                j += 1
            elif "-" in gap and len(w) <= 3 and j + 1 < len(toks) and toks[j + 1][2][0].isupper():
                j += 1  # "Ростов-на-Дону", "Комсомольск-на-Амуре"
            elif (lower < _MAX_LOWER and is_adjective(toks[j - 1][2], sc.langs)) or sc.kind_word(j):
                j += 1
                lower += 1
            else:
                break
        return j

    def _shared_head(self, sc: _Scan, j: int) -> tuple[int, int, str] | None:
        """After a place adjective (token j-1): "и Белгородской областях", ", Курской и
        Брянской областей", "та Курський напрямки": the shared head noun phrase (first
        token, end token, kind) when one or more capitalised adjectives joined by a
        conjunction or comma lead to a region, direction or district word; else None."""
        toks = sc.toks
        if j >= len(toks) or not is_adjective(toks[j - 1][2], sc.langs):
            return None
        adjectives, joined, aside = 0, False, False
        while j < len(toks):
            gap = sc.text[toks[j - 1][1]:toks[j][0]]
            if "(" in gap and ")" not in gap.split("(")[-1]:
                # "Белгородской (1 БПЛА) и Воронежской (2 БПЛА) областей": an aside
                close = next((n for n in range(j, min(j + 8, len(toks)))
                              if ")" in sc.text[toks[n][1]:toks[n + 1][0] if n + 1 < len(toks) else None]), None)
                if close is None or close + 1 >= len(toks):
                    return None
                aside = True
                j = close + 1
                gap = sc.text[toks[close][1]:toks[j][0]].split(")", 1)[1]
            elif "(" in gap:
                aside = True
                gap = gap.split(")", 1)[1]
            w = toks[j][2]
            if not is_cyrillic_word(w) or gap.strip(" ,\u00a0") or "\n" in gap:
                return None
            joined = joined or "," in gap
            if name_key(w) in sc.vocab.conjunctions:
                joined = True
                j += 1
                continue
            if not w[0].isupper():
                break  # the head noun phrase
            if not joined or not is_adjective(w, sc.langs):
                return None
            adjectives += 1
            joined = False
            j += 1
        if not (adjectives or aside) or j >= len(toks):
            return None
        kind, end = self._cyr_suffix_kind(sc, j, spaced=not aside)
        return (j, end, kind) if kind in ("admin1", "direction", "district", "facility") else None

    def _cyr_pre_cue(self, sc: _Scan, i: int) -> tuple[bool, bool]:
        """(a cue stands right before token i, that cue says a settlement). A name in a
        list after a cue has it too ("населённых пунктов Долгая Балка, Новогригоровка
        и Кучеров Яр")."""
        toks, text = sc.toks, sc.text
        n, back = i, 0
        while n > 0 and back < _MAX_LIST:  # back over "<Name>, " and "<Name> и "
            gap = text[toks[n - 1][1]:toks[n][0]]
            w = toks[n - 1][2]
            if "," in gap and not gap.strip(" , ") and w[0].isupper():
                n -= 1
            elif name_key(w) in sc.vocab.conjunctions and n >= 2 and toks[n - 2][2][0].isupper():
                n -= 2
            elif w[0].isupper() and n < i and is_cyrillic_word(w) and sc.spaced(n - 1, n):
                n -= 1  # the earlier words of a listed name
            else:
                break
            back += 1
        cue = self._cue_before(sc, n)
        if n < i and cue == (False, False):
            return self._cue_before(sc, i)
        return cue

    def _cue_before(self, sc: _Scan, i: int) -> tuple[bool, bool]:
        before = tuple(name_key(t[2]) for t in sc.toks[max(0, i - 3):i])
        vocab = sc.vocab
        for length in (3, 2, 1):
            if length > len(before):
                continue
            words = before[-length:]
            if words in vocab.village_cues:
                return True, True
            if words in vocab.pre_cues:
                return True, False
        return False, False

    def _cyr_person(self, sc: _Scan, i: int) -> bool:
        """True if token i is part of a person's name: a first name, surname or
        patronymic by morphology beside another capitalised word that is one too
        ("Владимир Путин", "Вячеслава Гладкова")."""
        toks, langs = sc.toks, sc.langs
        here = is_person_name(toks[i][2], langs)
        for n in (i - 1, i + 1):
            if not 0 <= n < len(toks):
                continue
            w = toks[n][2]
            if not (w[0].isupper() and is_cyrillic_word(w) and sc.spaced(min(i, n), max(i, n))):
                continue
            if is_person_name(w, langs) and (here or _given_name(toks[i][2], langs)):
                return True
            first, surname = (n, i) if n < i else (i, n)
            if _given_name(toks[first][2], langs) and is_adjective(toks[surname][2], langs):
                return True  # "Владимира Зеленского", "Володимир Зеленський"
        return False

    def _cyr_bare_village(self, sc: _Scan, k: int, found, natives) -> bool:
        """As ``_bare_village``: a lone word that is only the name of codifier villages
        needs a cue, a kind word or a place-like ending."""
        if found[0][1] >= 1.0 and not found[0][0].approximate:
            return False
        if not all(p.approximate for p, m in found if m >= 1.0):
            return False
        key = natives[found[0][0].id][1]
        return not (romanise(key).endswith(self.place_endings) or self._cyr_suffix_kind(sc, k)[0])


_ADJ_ENDINGS = re.compile(r"(?:sk|tsk|zk)(?:iy|iy|yy|ij|iy|oy|aya|oye|oe|ogo|oy|a|e|i|ykh|ikh)$")


def _biggest_own(found) -> int:
    return _resolver()._biggest_own(found)


#: a city this big is what its name means in a report, whatever region was named before
_BIG_CITY = 300_000

#: a feminine place adjective in an oblique case ("Курской", "Сумській", "Харківської")
_ELLIPTIC_FEMININE = re.compile(r"(?:ск|цк|ськ|цьк|зьк)(?:ой|ою|ої|ій)$", re.I)


_AIRPORT = re.compile(r"(?:аэропорт|аеропорт)\w*\s*$", re.I)


def _airport_before(text: str, toks: list, i: int) -> bool:
    """True if a quoted name follows the word airport: «Домодедово», «Жуковский»,
    «Пулково» are airports, and their places (ru-0146, ru-0007)."""
    start = toks[i][0] - 1
    before = text[max(0, start - 40):start]
    before = re.sub(r"«[^»]*»\s*(?:,|и|та|і)?\s*", "", before)  # the earlier names of a list
    return bool(_AIRPORT.search(before))


def _quoted(text: str, toks: list, i: int) -> bool:
    """True if token i is a whole name in «guillemets»: the name of a unit or an
    operation («Восток», «Север»), not a place."""
    start, end = toks[i][0], toks[i][1]
    return text[start - 1:start] == "«" and text[end:end + 1] == "»"


@lru_cache(maxsize=100_000)
def _given_name(word: str, langs: tuple[str, ...]) -> bool:
    """True if some dictionary reading of the word is a first name ("Владимир" is a city
    too); not a guess for an unknown word ("Фиголевка")."""
    return any("Name" in p.tag.grammemes and p.is_known for lang in word_languages(word, langs)
               for p in _parses(word.lower(), lang))


def _combinations(options: list):
    """Combinations of word forms, the likeliest first, at most ``_MAX_COMBINATIONS``."""
    for n, combo in enumerate(product(*options)):
        if n >= _MAX_COMBINATIONS:
            return
        yield combo


def _native(sc: _Scan, idx: list[int], combo: tuple[str, ...]) -> str:
    """The nominative as a name: each word capitalised as in the text, joined as there
    (a hyphen where the text has one)."""
    out = []
    for pos, (n, word) in enumerate(zip(idx, combo)):
        src = sc.word(n)
        if src.isupper() and len(src) > 1:
            word = word.upper()  # "ДНР"
        elif src[0].isupper():
            word = "-".join(part[:1].upper() + part[1:] for part in word.split(" "))
        if pos:
            prev = idx[pos - 1]
            gap = sc.text[sc.toks[prev][1]:sc.toks[n][0]] if n == prev + 1 else " "
            out.append("-" if "-" in gap else " ")
        out.append(word)
    return "".join(out)


def _sorted(found, regions: dict[str, float]) -> tuple[tuple[PlaceRow, float], ...]:
    found = sorted(found, key=lambda c: (-c[1], -c[0].population, -regions.get(c[0].admin1 or "", 0.0)))
    return tuple(found[:_resolver()._MAX_CANDIDATES])
