"""Find place mentions in text and resolve each to one gazetteer entry.

``Geocoder.find`` scans capitalised word runs, looks each longest-first up in
the gazetteer (exact keys, then transliteration-insensitive skeletons for the
countries of the conflict), reads the words around the name ("the village of",
"district", "airport", "direction", "region") and picks among the candidates
with document context: the country hint, countries and regions mentioned, the
other places of the text (near ones win), population and name rank.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

from tacitus.model import Mention, Place

from . import cyrillic, morph
from .build import load_yaml
from .cyrillic import CyrillicLookup, is_cyrillic_word
from .gazetteer import Gazetteer, PlaceRow
from .morph import LANGUAGES as CYRILLIC_LANGUAGES, text_languages
from .text import name_key, skeleton

_TOKEN = re.compile(r"[^\W\d_]\w*(?:['’ʼ]\w+)*")
_POSSESSIVE = ("'s", "’s")
_SPACE_GAP = re.compile(r" ")
#: in the title list for "said Kyiv's mayor"-like turns, but no title of a name run
_SPEECH_WORDS = frozenset({"said", "says", "told", "by"})
_COMMA_GAP = re.compile(r"[)\s]*,\s*")
_CLAUSE_END = re.compile(r"\s*(?:[.;:)\]\n]|$)")
_COMPOUND = re.compile(r"-[a-z]")  # "Kiev-controlled", "Russian-held": an adjective, not a place
_COORDS = re.compile(r"(?<![\d.])(-?\d{1,2}\.\d{3,})\s*°?\s*[NS]?\s*[,;/ ]\s*(-?\d{1,3}\.\d{3,})\s*°?\s*[EW]?(?![\d.])")
_DECIMAL = re.compile(r"\d\.\d\d\d")  # in every match of _COORDS, and ~5x cheaper to look for
_GAP_JOIN = re.compile(r"\s{1,2}|\s*-\s*|\.\s?|['’]s\s")
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")
_ADJ_ENDINGS = re.compile(r"(?:skiy|skyi|skyy|skij|skii|sky|ski|skoye|skoe|skaya|ska|ske|skoi|sk|ska)$")
_MAX_TOKENS = 6
_MAX_CANDIDATES = 40
_VILLAGE_POP = 1000  # populations below this score alike (see _log_pop)
_DISTRICT_KM = 80  # how far a village may lie from the town its district is named after
_LOCAL_CHARS = 250  # how far apart (in characters) a region or district and a name it qualifies may be
# how far apart (in characters) two places of a text may be for one to pull the other's
# choice among namesakes towards it: the pipeline's window (pipeline.GEO_WINDOW), so that
# any text it geocodes at once, a long article included, is chosen as a whole, as before
# the choice was made local, and a longer text (a book, a day's feed) piece by piece
_NEIGHBOUR_CHARS = 50_000
_PRECISION_ORDER = {"facility": 0, "city": 0, "district": 1, "admin1": 2, "country": 3}


def _phrases(words: list[str]) -> dict[tuple[str, ...], str]:
    """Lowercase word tuples of a word list, for matching runs of tokens."""
    return {tuple(w.lower().split()): w for w in words}


@dataclass(slots=True)
class GeoContext:
    """What a document says about where it is: countries and regions it names,
    places it resolves unambiguously, and its focus country."""
    countries: Counter = field(default_factory=Counter)
    admin1s: set[str] = field(default_factory=set)
    anchors: list[tuple[str, float, float]] = field(default_factory=list)  # (name key, lat, lon)
    focus: str | None = None
    anchor_at: list[int] = field(default_factory=list)  # where each anchor is in the text


@dataclass(slots=True)
class _Span:
    """A name found in the text with its candidates, before the choice."""
    start: int
    end: int
    name_start: int
    name_end: int
    all_candidates: tuple[tuple[PlaceRow, float], ...]  # (place, match score)
    kind: str | None = None  # district | admin1 | facility | direction | settlement
    cued: bool = False
    fuzzy: bool = False
    choice: PlaceRow | None = None
    score: float = 0.0
    last_token: int = 0
    key: str = ""  # name key of the name part
    after_place: bool = False  # comes right after another place and a comma
    village: bool = False  # said to be a village or settlement
    candidates: list[tuple[PlaceRow, float]] = field(default_factory=list)  # still in the running
    native: dict[int, str] | None = None  # place id -> the name's nominative (Cyrillic text)

    def __post_init__(self) -> None:
        self.candidates = list(self.all_candidates)


class _Text:
    """A text as the lookup reads it, tokenised once: its word tokens as (start, end,
    word) (``toks``: possessive "'s" left out; ``raw``: as written), the indexes of the
    capitalised ones, and what the rules ask of the whole text, each worked out once
    rather than per token. ``looked`` keeps the first pass's lookups that the focus
    country cannot change (see ``Geocoder._spans``)."""

    _langs: tuple[str, ...] | None = None
    _words: bool | None = None
    track = False  # note which lookups depend on the fuzzy switch and the hint
    sensitive = False  # the lookup under way does
    looked: dict[int, _Span | None] | None = None  # set up where tracked
    scan = None  # the Cyrillic lookup's view of the text (``geo.cyrillic._Scan``)

    def __init__(self, text: str, language: str | None = None):
        self.text = text
        self.raw = _tokens(text)
        toks = self.raw
        if "'" in text or "’" in text:
            toks = [_strip_possessive(t) if t[2].endswith(_POSSESSIVE) else t for t in toks]
        self.toks = toks
        self.upper = [i for i, t in enumerate(toks) if t[2][0].isupper()]  # names start capitalised
        self.language = language
        self.lead = len(text) - len(text.lstrip())  # the whitespace the text opens with

    def track_lookups(self) -> None:
        """Keep, from now on, the lookups that the fuzzy switch and the hint cannot change."""
        self.track, self.looked = True, {}

    def langs(self) -> tuple[str, ...]:
        """How the text's Cyrillic words are read (``morph.text_languages``), once."""
        if self._langs is None:
            self._langs = text_languages(self.text, self.language)
        return self._langs

    def more_than_four_words(self) -> bool:
        """``len(text.split()) > 4``, without splitting the whole text."""
        if self._words is None:
            self._words = len(self.text.split(maxsplit=4)) > 4
        return self._words

    def at_sentence_start(self, start: int) -> bool:
        """True if the character at ``start`` opens the text or follows a sentence end."""
        return (start == 0 or bool(_SENTENCE_END.search(self.text[max(0, start - 3):start]))
                or start <= self.lead)


class DocumentPlaces:
    """The places of one document, for a caller that may want only some of them.

    ``Geocoder.document`` makes it: the text is tokenised, its names are looked up and
    the document's context (countries, regions, unambiguous places, focus) is worked
    out, once. ``mentions()`` gives every place of the text, as ``find_document`` does;
    ``mentions(ranges)`` only those inside the (start, end) character ranges asked for,
    choosing among namesakes with the document's context and with the names within
    ``REACH`` characters of those ranges alone, so that the choice costs what the parts
    asked for do, not the whole document: a later stage can ask only for the sentences
    that report an event and the sentences around them. Where the ranges and their
    reach take in every name of the text (any document shorter than ``REACH``), each
    mention is the one the whole document gives."""

    REACH = _NEIGHBOUR_CHARS + 2 * _LOCAL_CHARS  # a name's neighbours, and their regions' reach

    def __init__(self, geocoder: Geocoder, text: str, spans: list[_Span], context: GeoContext,
                 country_hint: str | None):
        self.geocoder, self.text, self.context = geocoder, text, context
        self._spans, self._hint = spans, country_hint
        self._starts: list[int] | None = None  # the spans' offsets, once parts are asked for

    def mentions(self, ranges: list[tuple[int, int]] | None = None) -> list[Mention]:
        """The place mentions of the whole text, or of the parts ``ranges`` covers (a
        mention entirely inside one of them), in order, offsets into the text."""
        spans, inside = self._spans, None
        if ranges is not None:
            asked = _merged(ranges, 0)
            reach = _merged(ranges, self.REACH)
            if self._starts is None:
                self._starts = [s.start for s in self._spans]
            starts = self._starts
            spans = [s for lo, hi in reach
                     for s in self._spans[bisect_left(starts, lo):bisect_right(starts, hi)]]

            def inside(start: int, end: int) -> bool:
                n = bisect_right(asked, (start, float("inf"))) - 1
                return n >= 0 and asked[n][0] <= start and end <= asked[n][1]

        for s in spans:
            s.candidates = list(s.all_candidates)  # as looked up: the choice may be made again
        geo = self.geocoder
        geo._choose(spans, self._hint, self.context, ctx_here=True)
        if inside is not None:
            spans = [s for s in spans if inside(s.start, s.end)]
        return geo._mentions(self.text, spans, self._hint, self.context, inside)


def _merged(ranges: list[tuple[int, int]], margin: int) -> list[tuple[int, int]]:
    """Character ranges widened by ``margin`` either side, sorted, overlaps merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        start, end = start - margin, end + margin
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


class Geocoder(CyrillicLookup):
    """The place annotator and resolver (see the module docstring); names in Russian
    and Ukrainian text are looked up by ``CyrillicLookup`` (``geo.cyrillic``)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        w = load_yaml("words.yml")
        self.stop = {s.lower() for s in w["stopwords"]}
        self.connectors = set(w["name_connectors"])
        self.suffixes: dict[tuple[str, ...], str] = {}
        for kind in ("settlement", "direction", "district", "facility", "admin1"):
            for phrase in _phrases(w[f"{kind}_words"]):
                self.suffixes[phrase] = kind
        self.suffix_len = max(len(p) for p in self.suffixes)
        self.pre_cues = {tuple(c.split()) for c in w["pre_cues"]}
        self.suffix_words = {t for p in self.suffixes for t in p}
        self.suffix_first = {p[0] for p in self.suffixes}
        self.cue_last = {c[-1] for c in self.pre_cues}
        self.fuzzy_countries = set(w["fuzzy_countries"])
        self.village_words = set(w["village_words"])
        self.village_breaks = set(w["village_breaks"])
        self.titles = set(w["person_titles"])
        self.place_endings = tuple(sorted(set(w["place_endings"]), key=len, reverse=True))
        self.focus_regions: dict[str, float] = w.get("focus_regions") or {}
        self._region_country = {name: self.gaz.place(pid).country
                                for name, pid in self.gaz.region_ids.items()}
        self.region_of_capital = self._capitals()
        self._priors: dict[int, tuple[float, float]] = {}  # place id -> _prior(place)
        self._first: dict[tuple, tuple] = {}  # see _first_best
        self._cyr_memo: dict[tuple, tuple] = {}  # see CyrillicLookup._cyr_candidates
        self.demonyms = {d.lower(): cc for cc, ds in w["demonyms"].items() for d in ds}
        self.stop |= set(self.demonyms)  # "Ukrainian" is no town, whatever GeoNames says

    def clear_caches(self) -> None:
        """Forget every remembered lookup (name candidates, spellings, gazetteer rows),
        e.g. after the gazetteer file was rebuilt, or to measure resolution cold."""
        for fn in (Geocoder._exact_candidates, Geocoder._fuzzy_candidates, Geocoder._namesakes, _spelling):
            fn.cache_clear()
        self._priors.clear()
        self._first.clear()
        self._cyr_memo.clear()
        cyrillic.clear_caches()
        morph.clear_caches()
        self.gaz.clear_caches()

    def _capitals(self) -> dict[int, PlaceRow]:
        """Town id -> the region named after it ("Donetsk" -> Donetsk Oblast)."""
        out: dict[int, PlaceRow] = {}
        for name, pid in self.gaz.region_ids.items():
            region = self.gaz.place(pid)
            stem = name.rsplit(" ", 1)[0] if name.endswith((" Oblast", " Krai")) else None
            if not stem:
                continue
            towns = [p for p, _ in self.gaz.exact(name_key(stem))
                     if p.precision == "city" and p.admin1 == name]
            if towns:
                out[max(towns, key=lambda p: p.population).id] = region
        return out

    # ----------------------------------------------------------------- public

    def find(self, text: str, *, country_hint: str | None = None,
             context: GeoContext | None = None, language: str | None = None) -> list[Mention]:
        """Every place mention of the text, in order, each with a resolved ``Place``.
        ``language`` ("ru", "uk"; None: from the letters) is how Cyrillic words are read."""
        spans = self._spans(_Text(text, language), country_hint, context)
        self._choose(spans, country_hint, context)
        return self._mentions(text, spans, country_hint, context)

    def _mentions(self, text: str, spans: list[_Span], country_hint: str | None,
                  context: GeoContext | None, inside=None) -> list[Mention]:
        """The chosen spans as mentions, with coordinates written in the text (``inside``:
        only those it says are inside the parts asked for)."""
        found = [Mention(s.start, s.end, text[s.start:s.end], "place", self._place(text, s))
                 for s in spans if s.choice is not None]
        if "." in text and _DECIMAL.search(text) and _COORDS.search(text):
            country = (country_hint or (context.focus if context else None) or "").upper() or None
            coords = _coordinates(text, country)
            if inside is not None:
                coords = [m for m in coords if inside(m.start, m.end)]
            found = sorted(found + coords, key=lambda m: m.start)
        return found

    def context(self, text: str, country_hint: str | None = None,
                language: str | None = None) -> GeoContext:
        """A per-document context to pass to ``find``: countries (places and
        demonyms), regions named, unambiguous places, the focus country."""
        doc = _Text(text, language)
        spans = self._spans(doc, country_hint, None)
        self._choose(spans, country_hint, None)
        return self._context_of(doc, spans, country_hint)

    def find_document(self, text: str, country_hint: str | None = None,
                      language: str | None = None) -> tuple[list[Mention], GeoContext]:
        """``context`` and ``find`` over a whole document in one pass (names are looked
        up once): the mentions, with offsets into ``text``, and the context.
        ``language`` ("ru", "uk"; None: from the letters) is how Cyrillic words are read."""
        places = self.document(text, country_hint, language)
        return places.mentions(), places.context

    def document(self, text: str, country_hint: str | None = None,
                 language: str | None = None) -> DocumentPlaces:
        """A document's names looked up and its context worked out, once; its places
        are then chosen for the parts of the text asked for (``DocumentPlaces``)."""
        doc = _Text(text, language)
        if not country_hint:
            doc.track_lookups()
        spans = self._spans(doc, country_hint, None)
        self._choose(spans, country_hint, None)
        ctx = self._context_of(doc, spans, country_hint)
        if ctx.focus and not country_hint and ctx.focus not in self.fuzzy_countries:
            # no fuzzy names outside the conflict: only the lookups that this changes are redone
            doc.track = False
            spans = self._spans(doc, country_hint, ctx, reuse=True)
        return DocumentPlaces(self, text, spans, ctx, country_hint)

    def _context_of(self, doc: _Text, spans: list[_Span], country_hint: str | None) -> GeoContext:
        """The context of a document from its first-pass spans and its demonyms."""
        ctx = GeoContext()
        if country_hint:
            ctx.countries[country_hint.upper()] += 3
        demonyms = self.demonyms
        for _start, _end, word in doc.raw:
            cc = demonyms.get(word.lower())
            if cc:
                ctx.countries[cc] += 1
        for s in spans:
            p = s.choice
            if p is None:
                continue
            if p.country:
                ctx.countries[p.country] += 2 if p.precision != "country" else 1
            if self._names_region(s):
                ctx.admin1s |= self._region_names(s)
            elif p.precision != "country" and len(s.candidates) == 1:
                ctx.anchors.append((s.key, p.lat, p.lon))
                ctx.anchor_at.append(s.start)
        if ctx.countries:
            ctx.focus = ctx.countries.most_common(1)[0][0]
        return ctx

    def geocode(self, text: str, country_hint: str | None = None,
                language: str | None = None) -> list[Place]:
        """The places of a text, the one it is about first: the first mention of the
        finest precision (a village before its district, a district before its region),
        then the others in order, each place once."""
        mentions, _ctx = self.find_document(text, country_hint, language)
        if not mentions:
            fallback = self.gaz.country(country_hint) if country_hint else None
            if fallback is None:
                return []
            return [Place(text="", name=fallback.name, country=fallback.country, admin1=None,
                          lat=round(fallback.lat, 5), lon=round(fallback.lon, 5),
                          precision="country", gazetteer_id=fallback.gid)]
        main = min(mentions, key=lambda m: (_main_rank(m.value),
                                            not (m.value.gazetteer_id or "").startswith("coord:")))
        out, seen = [main.value], {main.value.gazetteer_id}
        for m in mentions:
            if m.value.gazetteer_id not in seen:
                seen.add(m.value.gazetteer_id)
                out.append(m.value)
        return out

    # ---------------------------------------------------------------- spans

    def _spans(self, doc: _Text, hint: str | None, ctx: GeoContext | None,
               reuse: bool = False) -> list[_Span]:
        """Candidate names, longest first at each position, with their suffix kind.
        With ``doc.track`` (a first pass without a country hint), every lookup that the
        fuzzy switch and the hint of a later pass cannot change is kept in ``doc.looked``;
        ``reuse``: such a pass takes them from there and looks up only the others."""
        text, toks = doc.text, doc.toks
        fuzzy_ok = self._fuzzy_allowed(hint, ctx)
        hint = hint.upper() if hint else (ctx.focus if ctx else None)
        spans: list[_Span] = []
        nxt = 0  # the first token not yet inside a span
        looked = doc.looked
        for i in doc.upper:
            if i < nxt:
                continue
            if reuse and i in looked:
                span = looked[i]
                if span is not None:  # as the lookup made it, before the first choice
                    span.candidates = list(span.all_candidates)
                    span.after_place = False
            else:
                doc.sensitive = False
                span = self._lookup_at(doc, i, fuzzy_ok, hint)
                if doc.track and not doc.sensitive:
                    looked[i] = span
            if span is None:
                continue
            if not _COMPOUND.match(text, span.name_end) or span.kind:
                if (spans and not span.kind and _COMMA_GAP.fullmatch(text, spans[-1].end, span.start)
                        and _CLAUSE_END.match(text, span.end)):
                    span.after_place = True
                spans.append(span)
            nxt = span.last_token + 1
        return spans

    def _lookup_at(self, doc: _Text, i: int, fuzzy_ok: bool, hint: str | None) -> _Span | None:
        """The name starting at token i, as a span, or None."""
        toks = doc.toks
        if is_cyrillic_word(toks[i][2]):
            doc.sensitive = True  # (not worked out for Cyrillic lookups: looked up again)
            return self._cyr_lookup(doc, i, doc.langs(), fuzzy_ok, hint)
        if doc.language in CYRILLIC_LANGUAGES:
            return None  # a Latin word in a Russian or Ukrainian report is a brand or an outlet ("Shot", "The Moscow Times")
        low0 = toks[i][2].lower()
        if low0 in self.suffix_words and not self._joins(doc.text, toks, i) \
                or low0 in self.stop and not self._joins(doc.text, toks, i):
            return None   # a kind word opens a name only before another capitalised word ("Port Sudan")
        j = self._run_end(doc.text, toks, i)
        return self._lookup(doc, i, j, fuzzy_ok, hint)

    def _joins(self, text: str, toks: list, i: int) -> bool:
        """True if token i is capitalised and directly followed by another capitalised token
        (so a stopword like "St" or "North" may start a longer name)."""
        if i + 1 >= len(toks):
            return False
        gap = text[toks[i][1]:toks[i + 1][0]]
        return bool(_GAP_JOIN.fullmatch(gap)) and toks[i + 1][2][0].isupper()

    def _run_end(self, text: str, toks: list, i: int) -> int:
        """Index one past the last token that could belong to a name starting at i."""
        j = i + 1
        while j < len(toks) and j - i < _MAX_TOKENS:
            gap = text[toks[j - 1][1]:toks[j][0]]
            if not _GAP_JOIN.fullmatch(gap):
                break
            w = toks[j][2]
            if gap.startswith(".") and len(toks[j - 1][2]) > 3:
                break
            if w[0].isupper() or w.lower() in self.suffix_words:
                j += 1
            elif w in self.connectors and j + 1 < len(toks) and toks[j + 1][2][0].isupper():
                j += 1
            else:
                break
        return j

    def _lookup(self, doc: _Text, i: int, j: int, fuzzy_ok: bool,
                hint: str | None) -> _Span | None:
        """The longest name among tokens i..j-1 found in the gazetteer, as a span. Sets
        ``doc.sensitive`` where a pass without fuzzy names and with a hint could find
        otherwise (other spellings among the candidates, a weak word, a fuzzy name)."""
        text, toks = doc.text, doc.toks
        cued = self._pre_cue(text, toks, i)
        for k in range(j, i, -1):
            last = toks[k - 1][2]
            if not last[0].isupper() and k - 1 > i and last.lower() not in self.suffix_words:
                continue
            if k - i == 1 and (toks[i][2].lower() in self.stop or toks[i][2].lower() in self.suffix_words):
                break  # "On Thursday": a stopword alone is never a place, nor "Port" alone
            name = text[toks[i][0]:toks[k - 1][1]]
            found = self._exact_candidates(name, fuzzy_ok, hint)
            if found:
                if doc.track and fuzzy_ok and found[-1][1] < 1.0:
                    # other spellings (matches below 1.0, sorted last) are among the candidates
                    doc.sensitive = True
                if k - i == 1 and not cued and (self._weak_single(doc, i, found, hint)
                                                or self._bare_village(toks, k, name, found)):
                    return None
                if k - i == 1 and (self._part_of_a_name(text, toks, k, found)
                                   or self._in_titled_name(text, toks, i)):
                    return None
                if (i > 0 and toks[i - 1][2].lower() in self.titles and k < len(toks)
                        and toks[k][2][0].isupper() and _SPACE_GAP.fullmatch(text, toks[k - 1][1], toks[k][0])):
                    return None  # "Governor Roman Busargin"
                return self._make_span(text, toks, i, k, found, cued)
        # fuzzy: the capitalised part only, never from a stopword ("On", "President")
        if toks[i][2].lower() in self.stop:
            return None
        k = i + 1
        while k < j and toks[k][2][0].isupper() and toks[k][2].lower() not in self.suffix_words:
            k += 1
        name = text[toks[i][0]:toks[k - 1][1]]
        kind = self._suffix_kind(toks, k)[0]
        if not fuzzy_ok or len(name) < 4 or not (cued or kind or name_key(name).endswith(self.place_endings)):
            return None
        # a kind word allows short keys; a district is named after a town, not a village
        cands = self._fuzzy_candidates(name, bool(kind), hint, towns=kind == "district")
        if not cands:
            return None
        span = self._make_span(text, toks, i, k, cands, cued)
        span.fuzzy = True
        doc.sensitive = True
        return span

    @lru_cache(maxsize=100_000)
    def _exact_candidates(self, name: str, fuzzy_ok: bool, hint: str | None
                          ) -> tuple[tuple[PlaceRow, float], ...]:
        """(place, match score) for a name: exact keys (own name 1.5, alternate 1.0),
        plus, in the fuzzy countries, the same name spelt another way (0.5)."""
        key = name_key(name)
        found = [(p, 1.5 if r == 0 else 1.0) for p, r in self.gaz.exact(key)]
        if " " in key and any(m >= 1.5 for _, m in found):
            # a compound name written as some place's own name is that place, not one
            # that merely lists it among its alternates ("Bilhorod-Dnistrovskyi" is no Belgorod);
            # but a codifier village's name is no better than a city's other spelling
            # ("Kryvyi Rih" is the city, GeoNames' "Kryvyy Rih": dev en-0015, en-1031, en-1093)
            real = any(m >= 1.5 and not p.approximate for p, m in found)
            found = [(p, m) for p, m in found if m >= 1.5 or (not real and p.population >= 100_000)]
        if found and fuzzy_ok and name[0].isupper() and not any(
                p.precision in ("admin1", "country") or (m > 1 and p.population >= 100_000)
                for p, m in found):
            seen = {p.id for p, _ in found}
            # a name that is some place's own name is no other spelling of a big city
            # ("Luhanske" is not Luhansk)
            own = any(m >= 1.5 for _, m in found)
            # other spellings rank below the name as written (less 0.4)
            found += [(p, m - 0.4) for p, m in self._fuzzy_candidates(name, True, hint)
                      if p.id not in seen and not (own and p.population >= 100_000)]
        # namesakes beyond the cap are the small ones far from the conflict; those near
        # the text's other places or inside its regions come back in ``_choose``
        regions = self.focus_regions
        found.sort(key=lambda c: (-c[1], -c[0].population, -regions.get(c[0].admin1 or "", 0.0)))
        return tuple(found[:_MAX_CANDIDATES])

    @lru_cache(maxsize=50_000)
    def _fuzzy_candidates(self, name: str, short: bool = False, country: str | None = None,
                          towns: bool = False) -> tuple[tuple[PlaceRow, float], ...]:
        """Places whose skeleton matches the name, or the name without an adjective
        ending ("Slavyansky" district -> Slavyansk, "Popasnyansky" -> Popasna);
        ``towns``: GeoNames towns only, not the villages of the codifier. The closer
        a place's own name is spelt to the name, the higher its match (up to +0.2:
        "Olenevka" is more likely Olenivka than Ulianivka)."""
        sk = skeleton(name)
        key = name_key(name)
        keep = (lambda p: (not country or p.country == country) and p.precision == "city"
                and not (towns and p.approximate))
        shortest = 3 if short else 4
        stem = _ADJ_ENDINGS.sub("", name_key(name))
        stem_tries: list[str] = []
        if stem != name_key(name) and len(stem) >= 3:
            ss = skeleton(stem)
            stem_tries = [ss + "sk", ss, ss + "k", ss[:-1]]
        for group in ([sk], stem_tries, [sk + "sk"]):
            # the ways an adjective is made from a town's name compete ("Maryinsky" may be
            # Marinka or Myrne): every reading of the stem goes on to the choice
            found = [(p, (0.75 if r == 0 else 0.5) + 0.2 * _spelling(key, p.name))
                     for t in group if len(t) >= shortest for p, r in self.gaz.fuzzy(t) if keep(p)]
            if found:
                return tuple(found)
        return ()

    def _make_span(self, text: str, toks: list, i: int, k: int,
                   cands: tuple[tuple[PlaceRow, float], ...], cued: bool) -> _Span:
        """A span for tokens i..k-1, extended over a following kind word ("district")."""
        kind, end_tok = self._suffix_kind(toks, k)
        if kind is None and k - i > 1 and any(p.precision == "admin1" for p, _ in cands):
            kind = "admin1"
        elif kind == "admin1" and not any(p.precision == "admin1" for p, _ in cands):
            kind = "district"  # "Amvrosiivsky region": a district named after its town
        start, name_end = toks[i][0], toks[k - 1][1]
        end = toks[end_tok - 1][1] if end_tok > k else name_end
        if kind == "settlement":
            end = name_end
        span = _Span(start, end, start, name_end, cands, kind, cued or kind is not None,
                     key=name_key(text[start:name_end]))
        span.last_token = end_tok - 1 if kind not in (None, "settlement") else k - 1
        span.village = self._said_village(toks, i) or (k < len(toks) and toks[k][2].lower() in self.village_words)
        return span

    def _said_village(self, toks: list, i: int) -> bool:
        """True if a village word stands within three tokens before token i, with no
        word between that makes the name a reference point ("a village near Pavlohrad")."""
        for t in reversed(toks[max(0, i - 3):i]):
            word = t[2].lower()
            if word in self.village_words:
                return True
            if word in self.village_breaks:
                return False
        return False

    def _suffix_kind(self, toks: list, k: int) -> tuple[str | None, int]:
        """The kind word(s) right after token k-1 ("district", "air base"), if any."""
        if k >= len(toks) or toks[k][2].lower() not in self.suffix_first:
            return None, k
        for length in range(self.suffix_len, 0, -1):
            if k + length > len(toks):
                continue
            phrase = tuple(t[2].lower() for t in toks[k:k + length])
            kind = self.suffixes.get(phrase)
            if kind:
                return kind, k + length
        return None, k

    def _pre_cue(self, text: str, toks: list, i: int) -> bool:
        """True if a cue ("near", "the village of") stands right before token i."""
        if i == 0 or toks[i - 1][2].lower() not in self.cue_last:
            return False
        before = tuple(t[2].lower() for t in toks[max(0, i - 3):i])
        cues = self.pre_cues
        for length in (3, 2, 1):
            if length > len(before):
                continue
            words = before[-length:]
            if words in cues or (words[0] == "the" and words[1:] in cues):
                return True
        return False

    def _part_of_a_name(self, text: str, toks: list, k: int, found: tuple) -> bool:
        """True if a lone word that is only some town's other name, or a small town's
        name, runs on into a capitalised word that is not a place: a person
        ("Volodymyr Zelensky", "Anna Petrova") or a name ("Abu Shouk camp")."""
        if k >= len(toks) or _biggest_own(found) >= 50_000:
            return False
        nxt = toks[k][2]
        if (not nxt[0].isupper() or nxt.lower() in self.stop or nxt.lower() in self.suffix_words
                or not _SPACE_GAP.fullmatch(text, toks[k - 1][1], toks[k][0])):
            return False
        if any(t[2].lower() in self.village_words for t in toks[max(0, k - 4):k - 1]):
            return False  # "the village of Mykolaivka Druha"
        if k + 1 < len(toks) and toks[k + 1][2].lower() in self.suffix_first:
            return False  # "Uglegorsk Artemivsky district"
        return not self.gaz.exact(name_key(nxt))  # "Kirovsk Stakhanov": two places

    def _in_titled_name(self, text: str, toks: list, i: int) -> bool:
        """True if token i closes a run of capitalised words right after a person's
        title: a surname ("spokesman Abdifatah Adan Hassan", "Lt Col Devender Anand";
        dev en-0554, en-1053), not a place."""
        j = i
        for _ in range(3):
            if j == 0 or not _SPACE_GAP.fullmatch(text, toks[j - 1][1], toks[j][0]):
                return False
            prev = toks[j - 1][2]
            if prev.lower() in self.titles and prev.lower() not in _SPEECH_WORDS:
                return j < i
            if not prev[0].isupper() or prev.lower() in self.stop:
                return False
            j -= 1
        return False

    def _bare_village(self, toks: list, k: int, name: str, found: tuple) -> bool:
        """True if a lone word, with no cue or kind word, is only the name of codifier
        villages and does not look like a place name ("Side", "Mars", "Oleg" are
        villages too): such a word needs a cue, as a fuzzy match does."""
        if found[0][1] >= 1.0 and not found[0][0].approximate:
            return False  # the first (best-matched, biggest) place is no codifier village
        if not all(p.approximate for p, m in found if m >= 1.0):
            return False
        return not (name_key(name).endswith(self.place_endings) or self._suffix_kind(toks, k)[0])

    def _weak_single(self, doc: _Text, i: int, found: tuple, hint: str | None) -> bool:
        """True if a lone capitalised word should not count as a place: at the start of a
        sentence with no big or contextual place of that name behind it."""
        if not doc.at_sentence_start(doc.toks[i][0]) or not doc.more_than_four_words():
            return False
        if hint and any(p.country == hint for p, _ in found):
            return False
        weak = _biggest_own(found) < 100_000
        if weak:
            doc.sensitive = True  # a hint may find a place of its country among them
        return weak

    def _fuzzy_allowed(self, hint: str | None, ctx: GeoContext | None) -> bool:
        """Fuzzy matching only where the text is about a country of the conflict."""
        if hint:
            return hint.upper() in self.fuzzy_countries
        if ctx and ctx.focus:
            return ctx.focus in self.fuzzy_countries
        return True

    # --------------------------------------------------------------- choice

    def _choose(self, spans: list[_Span], hint: str | None, ctx: GeoContext | None,
                ctx_here: bool = False) -> None:
        """Pick each span's place: first on its own; then, keeping only namesakes inside
        the regions named next to it, again with the other places of the text around it
        (within ``_NEIGHBOUR_CHARS``) as neighbours; last, drop choices far from every
        other place nearby. Each step looks only at the spans within its reach, so the
        work grows with the text's length, not with its square. ``ctx_here``: the
        context's anchors were found in this same text (their offsets apply)."""
        hint = hint.upper() if hint else None
        admin1s = set(ctx.admin1s) if ctx else set()
        for s in spans:
            s.choice, s.score = self._first_best(s, hint, ctx, admin1s)
        for s in spans:
            if s.after_place and s.choice and s.choice.id in self.region_of_capital:
                # "Yagodny, Donetsk": a region's capital after a place names the region
                s.choice = self.region_of_capital[s.choice.id]
                s.candidates = [(s.choice, 1.0)]
        starts = [s.start for s in spans]  # in order: spans are found left to right
        regions = [(o.start, self._region_names(o)) for o in spans if self._names_region(o)]
        region_at = [at for at, _ in regions]
        first_admin1s = len(admin1s)
        for _at, names in regions:
            admin1s |= names
        narrowed: set[int] = set()
        for s in spans:
            near = regions[bisect_left(region_at, s.start - _LOCAL_CHARS):
                           bisect_right(region_at, s.start + _LOCAL_CHARS)] if regions else ()
            if near:
                s.candidates = self._inside(s, set().union(*[names for _at, names in near]), hint, ctx)
                narrowed.add(id(s))
            if not s.candidates:
                s.choice = None
        same_regions = len(admin1s) == first_admin1s
        around = None
        for s in spans:
            if not s.candidates or (len(s.candidates) == 1 and s.choice is s.candidates[0][0]):
                continue
            if around is None:
                around = _Around(spans, ctx, ctx_here)
            anchors = _Anchors(around.points(s))
            if not anchors and same_regions and id(s) not in narrowed:
                continue  # nothing new to go on: the first choice stands
            if anchors and not s.fuzzy and len(s.candidates) >= _MAX_CANDIDATES:
                s.candidates = s.candidates + self._near_namesakes(s, anchors)
            if around.direct:
                s.choice, s.score = self._best(s, hint, ctx, admin1s, anchors)
            else:  # the counts within reach follow the new choice
                before = _anchor_point(s)
                s.choice, s.score = self._best(s, hint, ctx, admin1s, anchors)
                around.rechosen(before, _anchor_point(s))
        for s in spans:
            p = s.choice
            if p is None:
                continue
            if s.score < 0:
                s.choice = None
            elif (p.precision == "city" and ((hint and p.country != hint) or s.fuzzy
                                             or (len(s.candidates) > 1 and p.population < 50_000))
                  and self._isolated(s, spans[bisect_left(starts, s.start - _LOCAL_CHARS):
                                              bisect_right(starts, s.start + _LOCAL_CHARS)])):
                s.choice = None
        districts = [(o.start, o.choice.lat, o.choice.lon) for o in spans
                     if o.kind == "district" and o.choice is not None]
        district_at = [at for at, _a, _b in districts]
        for s in spans if districts else ():
            p = s.choice
            if p is None or s.kind == "district" or p.precision != "city" or p.population >= 50_000:
                continue
            near = districts[bisect_left(district_at, s.start - _LOCAL_CHARS):
                             bisect_right(district_at, s.start + _LOCAL_CHARS)]
            if near and min(_km(p.lat, p.lon, a, b) for _at, a, b in near) > _DISTRICT_KM:
                s.choice = None  # "Kalinovka, Bakhmut district": not a Kalinovka 70 km away

    def _near_namesakes(self, s: _Span, anchors: _Anchors) -> list[tuple[PlaceRow, float]]:
        """Namesakes the candidate cap left out that lie within 40 km of another place
        of the text ("Novoselivka near Lyman": the Novoselivka there, however small)."""
        seen = {p.id for p, _ in s.candidates}
        low, high = anchors.points[0][0] - 0.4, anchors.points[-1][0] + 0.4  # 40 km of latitude: a cheap test first
        return [(p, m) for p, m in self._namesakes(s.key)
                if low < p.lat < high and p.id not in seen
                and _anchor_bonus(p.lat, p.lon, anchors) >= _ANCHOR_BONUS - 0.3]

    @lru_cache(maxsize=20_000)
    def _namesakes(self, key: str) -> tuple[tuple[PlaceRow, float], ...]:
        """Every settlement with this exact name key, with its match score."""
        return tuple((p, 1.5 if r == 0 else 1.0) for p, r in self.gaz.exact(key)
                     if p.precision == "city")

    def _inside(self, s: _Span, regions: set[str], hint: str | None,
                ctx: GeoContext | None) -> list[tuple[PlaceRow, float]]:
        """A span's candidates narrowed to the regions named next to it. With none inside:
        the name spelt another way inside them ("the village of Lugansk (Donetsk region)"),
        else nothing for a small place (an unknown village there), else all (a big city
        named beside another region)."""
        if all(p.precision not in ("city", "district") for p, _ in s.candidates):
            return s.candidates
        if s.native is not None and not s.fuzzy and any(
                p.population >= 50_000 for p, m in s.candidates if m >= 1.0) and not any(
                p.admin1 in regions for p, m in s.candidates if m >= 1.0):
            # Cyrillic text: "у Вінниці та на Одещині", "у Харківській області та під
            # Покровськом" name a known town beside a region, not a namesake spelt alike there
            return [(p, m) for p, m in s.candidates if m >= 1.0]
        inside = [(p, m) for p, m in s.candidates if p.admin1 in regions]
        if not s.fuzzy and len(s.all_candidates) >= _MAX_CANDIDATES:  # the cap left some out
            seen = {p.id for p, _ in inside}
            inside += [(p, 1.5 if r == 0 else 1.0) for p, r in self.gaz.exact(s.key)
                       if p.admin1 in regions and p.id not in seen]
        if inside:
            return inside
        big = not s.village and any(m >= 1.5 and p.population >= 100_000 for p, m in s.candidates)
        if s.key and not big and self._fuzzy_allowed(hint, ctx):
            # a big city written as its own name is that city, not a village spelt alike
            # inside a region named beside it ("the Zaporizhzhia region ... the city of
            # Kharkiv" is no Kharkove; dev en-0064, en-1096)
            inside = [(p, m) for p, m in self._fuzzy_candidates(s.key, True, hint)
                      if p.precision == "city" and p.admin1 in regions]
            if inside:
                return inside
        if s.village or all(p.population < 100_000 for p, _ in s.candidates):
            return []
        return s.candidates

    @staticmethod
    def _names_region(s: _Span) -> bool:
        """True if a span names a first-level region outright ("Donetsk region", "Crimea"),
        not by a fuzzy or bare reading of a town's name."""
        p = s.choice
        return (p is not None and p.precision == "admin1" and not s.fuzzy
                and any(c is p and m >= 1.0 for c, m in s.candidates))

    @staticmethod
    def _region_names(s: _Span) -> set[str]:
        """The region names a region span stands for (an area: the regions it covers)."""
        p = s.choice
        assert p is not None
        return {p.name, *(a for a in (p.admin1 or "").split("|") if a)}

    @staticmethod
    def _isolated(s: _Span, near: list[_Span]) -> bool:
        """True if the text places other towns near this span (``near``: the spans within
        ``_LOCAL_CHARS`` of it), all far (>100 km) from its choice: a small namesake
        chosen for want of the right one."""
        p = s.choice
        others = [(o.choice.lat, o.choice.lon) for o in near if o is not s and o.choice
                  and o.choice.precision in ("city", "district") and o.choice.population >= 10_000]
        return bool(others) and min(_km(p.lat, p.lon, a, b) for a, b in others) > 100

    def _first_best(self, s: _Span, hint: str | None, ctx: GeoContext | None,
                    admin1s: set[str]) -> tuple[PlaceRow | None, float]:
        """``_best`` of a span on its own. Without a document context that depends only
        on the name's candidates, the hint and the words around the name, so it is
        remembered per name (the candidate tuples are cached, hence the identity key)."""
        if ctx is not None or admin1s:
            return self._best(s, hint, ctx, admin1s, [])
        key = (id(s.all_candidates), hint, s.kind, s.village)
        hit = self._first.get(key)
        if hit is not None and hit[0] is s.all_candidates:
            return hit[1]
        result = self._best(s, hint, ctx, admin1s, [])
        if len(self._first) >= 100_000:
            self._first.clear()
        self._first[key] = (s.all_candidates, result)  # the tuple is kept alive with its id
        return result

    def _prior(self, p: PlaceRow) -> tuple[float, float]:
        """What a place brings to any text: its size (and, where the text cannot tell,
        a known position before an approximate one), and the conflict-region weight."""
        size = 0.8 * _log_pop(p.population) - (0.15 if p.approximate else 0.0)
        return size, self.focus_regions.get(p.admin1 or "", 0.0)

    def _best(self, s: _Span, hint: str | None, ctx: GeoContext | None, admin1s: set[str],
              anchors: _Anchors | list) -> tuple[PlaceRow | None, float]:
        """The best-scoring candidate of a span and its score: match, population, country
        and region agreement with the text, the span's kind, the conflict regions, and
        nearness to the text's other places (``anchors``); among namesakes that tie
        otherwise (the codifier's villages), the nearest wins."""
        best, best_score = None, -1e9
        countries = ctx.countries if ctx and ctx.countries else None
        focus = ctx.focus if ctx else None
        region_weight = 0.5 if ctx and ctx.anchors else 1.0
        kind, village = s.kind, s.village
        demote_admin1 = kind in ("district", "settlement", "facility", "direction")
        priors = self._priors
        anchored = bool(anchors)
        for p, match in s.candidates:
            prior = priors.get(p.id)
            if prior is None:
                prior = priors[p.id] = self._prior(p)
            sc = match + prior[0] + prior[1] * region_weight
            if hint and p.country:
                sc += 4 if p.country == hint else -3
            if countries:
                sc += min(countries.get(p.country, 0), 4) * 0.5
                if focus == p.country:
                    sc += 1
            precision = p.precision
            if admin1s and p.admin1 in admin1s and precision != "admin1":
                sc += 4
            if village and p.population >= 100_000:
                sc -= 4
            if kind == "admin1":
                sc += 6 if precision == "admin1" else -2
            elif precision == "admin1" and demote_admin1:
                sc -= 6
            if anchored and (precision == "city" or precision == "district"):
                if sc + _ANCHOR_BONUS <= best_score:
                    continue  # cannot win even beside an anchor
                sc += _anchor_bonus(p.lat, p.lon, anchors)
            if sc > best_score:
                best, best_score = p, sc
        return best, best_score

    def _place(self, text: str, s: _Span) -> Place:
        """The ``Place`` of a chosen span, with the precision its wording gives it."""
        p = s.choice
        assert p is not None
        precision = p.precision
        if p.precision == "city" and s.kind in ("district", "facility"):
            precision = s.kind
        elif p.approximate:
            precision = "district"  # a village placed at its hromada's centre
        admin1 = p.admin1 if p.admin1 and "|" not in p.admin1 else None  # areas list what they cover
        return Place(text=text[s.start:s.end], name=p.name, country=p.country or None,
                     admin1=admin1, lat=round(p.lat, 5), lon=round(p.lon, 5),
                     precision=precision, gazetteer_id=p.gid,
                     native_name=s.native.get(p.id) if s.native else None)


_ANCHOR_BONUS = 3.0
_RADIANS = math.pi / 180


def _anchor_point(s: _Span) -> tuple[float, float] | None:
    """Where a span's choice is, if it can anchor another's (a town or a district)."""
    p = s.choice
    return (p.lat, p.lon) if p is not None and (p.precision == "city" or p.precision == "district") else None


class _Around:
    """The places around each span in turn as ``_choose`` walks a text's spans left to
    right: how many spans within ``_NEIGHBOUR_CHARS`` have chosen each position (kept up
    to date as the reach moves on and as choices change), and the context's anchors
    within the same reach (all of them when their offsets are not this text's). Each
    span enters and leaves once, so the walk costs what the text's length does, and a
    span's neighbours are as many as the distinct places around it."""

    def __init__(self, spans: list[_Span], ctx: GeoContext | None, ctx_here: bool):
        self.spans = spans
        anchors = ctx.anchors if ctx else []
        at = ctx.anchor_at if ctx_here and anchors and len(ctx.anchor_at) == len(anchors) else None
        first, last = spans[0].start, spans[-1].start
        if at is not None:
            first, last = min(first, at[0]), max(last, at[-1])
        # a text whose places all lie within reach of one another (a sentence, a report):
        # every other place is a neighbour, and nothing need be counted
        self.direct = last - first <= _NEIGHBOUR_CHARS
        self.ctx_at = None if self.direct else at
        self.ctx_all = set(anchors) if self.ctx_at is None else set()
        if not self.direct:
            self.lo = self.hi = 0  # spans[lo:hi] are within reach
            self.count: dict[tuple[float, float], int] = {}
            self.ctx_anchors = anchors
            self.ctx_lo = self.ctx_hi = 0
            self.ctx_count: dict[tuple[str, float, float], int] = {}

    def _add(self, count: dict, point) -> None:
        if point is not None:
            count[point] = count.get(point, 0) + 1

    def _drop(self, count: dict, point) -> None:
        if point is not None:
            n = count[point] - 1
            if n:
                count[point] = n
            else:
                del count[point]

    def points(self, s: _Span) -> set[tuple[float, float]]:
        """The positions of the places within reach of span s, other than its own."""
        if self.direct:
            out = {(o.choice.lat, o.choice.lon) for o in self.spans
                   if o is not s and o.choice is not None and o.choice.precision in ("city", "district")}
            out.update((a, b) for k, a, b in self.ctx_all if k != s.key)
            return out
        spans, count = self.spans, self.count
        low, high = s.start - _NEIGHBOUR_CHARS, s.start + _NEIGHBOUR_CHARS
        while self.hi < len(spans) and spans[self.hi].start <= high:
            self._add(count, _anchor_point(spans[self.hi]))
            self.hi += 1
        while spans[self.lo].start < low:
            self._drop(count, _anchor_point(spans[self.lo]))
            self.lo += 1
        out = set(count)
        own = _anchor_point(s)
        if own is not None and count[own] == 1:
            out.discard(own)  # only s itself is there
        if self.ctx_at is not None:
            anchors, at, ctx_count = self.ctx_anchors, self.ctx_at, self.ctx_count
            while self.ctx_hi < len(at) and at[self.ctx_hi] <= high:
                self._add(ctx_count, anchors[self.ctx_hi])
                self.ctx_hi += 1
            while self.ctx_lo < self.ctx_hi and at[self.ctx_lo] < low:
                self._drop(ctx_count, anchors[self.ctx_lo])
                self.ctx_lo += 1
            out.update((a, b) for k, a, b in ctx_count if k != s.key)
        else:
            out.update((a, b) for k, a, b in self.ctx_all if k != s.key)
        return out

    def rechosen(self, before, after) -> None:
        """The span just chosen again (within reach) moved from ``before`` to ``after``."""
        if before != after:
            self._drop(self.count, before)
            self._add(self.count, after)


class _Anchors:
    """The positions of a text's other places around a span, each once, sorted by
    latitude: the nearest to a candidate is found by walking out from its latitude
    and stopping where the latitude alone is farther than the nearest so far (or than
    ``_anchor_bonus`` reaches), not by measuring the distance to every one."""

    __slots__ = ("points", "few", "lats", "lons")

    def __init__(self, points: set[tuple[float, float]]):
        self.points = sorted(points)
        self.few = len(self.points) <= 8  # a report's few places: measured to each, no walk
        if not self.few:
            self.lats = [a for a, _ in self.points]
            self.lons = [b for _, b in self.points]

    def __len__(self) -> int:
        return len(self.points)


_REACH2 = (301.0 / 111.2) ** 2  # (degrees of latitude)^2 beyond which an anchor adds nothing


def _anchor_bonus(lat: float, lon: float, anchors: _Anchors) -> float:
    """The score a candidate gains from the nearest of the text's other places: 3 within
    40 km, 1.5 within 120 km, less a little per km (up to 0.3) so that the nearest of
    otherwise equal namesakes wins."""
    cos = math.cos(lat * _RADIANS)
    d2 = 1e12
    if anchors.few:
        for a, b in anchors.points:
            dy, dx = a - lat, (b - lon) * cos
            if dy * dy + dx * dx < d2:
                d2 = dy * dy + dx * dx
        d = 111.2 * math.sqrt(d2)
        return (3.0 if d < 40 else 1.5 if d < 120 else 0.0) - min(d, 300.0) / 1000
    lats, lons = anchors.lats, anchors.lons
    i = bisect_left(lats, lat)
    for walk in (range(i, len(lats)), range(i - 1, -1, -1)):  # northwards, then southwards
        for n in walk:
            dy = lats[n] - lat
            dy2 = dy * dy
            if dy2 >= d2 or dy2 > _REACH2:
                break
            dx = (lons[n] - lon) * cos
            if dy2 + dx * dx < d2:
                d2 = dy2 + dx * dx
    d = 111.2 * math.sqrt(d2)
    return (3.0 if d < 40 else 1.5 if d < 120 else 0.0) - min(d, 300.0) / 1000


def _biggest_own(found: tuple[tuple[PlaceRow, float], ...]) -> int:
    """The population of the biggest place that has a name as its own name, among
    candidates sorted as ``_exact_candidates`` sorts them (own names, biggest first)."""
    return found[0][0].population if found and found[0][1] >= 1.5 else 0


def _main_rank(place: Place) -> int:
    """How fine a place is, for choosing a text's main place: a codifier village,
    placed approximately, still names a settlement (rank of a city)."""
    if (place.gazetteer_id or "").startswith("katottg:"):
        return _PRECISION_ORDER["city"]
    return _PRECISION_ORDER[place.precision]


def _coordinates(text: str, country: str | None) -> list[Mention]:
    """Decimal latitude/longitude pairs written in the text ("48.5123, 37.9876")."""
    out = []
    for m in _COORDS.finditer(text):
        lat, lon = float(m.group(1)), float(m.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            place = Place(text=m.group(0), name=f"{lat:.5f}, {lon:.5f}", country=country,
                          lat=round(lat, 5), lon=round(lon, 5), precision="facility",
                          gazetteer_id=f"coord:{lat:.5f},{lon:.5f}")
            out.append(Mention(m.start(), m.end(), m.group(0), "place", place))
    return out


@lru_cache(maxsize=100_000)
def _spelling(key: str, name: str) -> float:
    """How alike a name key and a place's name are spelt (0..1)."""
    return SequenceMatcher(None, key, name_key(name), autojunk=False).ratio()


@lru_cache(maxsize=None)
def _log_pop(population: int) -> float:
    """The population term of a candidate's score. Below a small town's size it is
    flat: GeoNames' figures for villages are rough and the codifier's villages have
    none, so among villages the text's context, not a head count, decides."""
    return math.log10(max(population, _VILLAGE_POP) + 10)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """The word tokens of a text as (start, end, word). ``findall`` then ``find`` is
    cheaper than match objects, and exact: each word is found where the regex found
    it, as no earlier occurrence after the previous word could have escaped the regex."""
    out, pos, find = [], 0, text.find
    for w in _TOKEN.findall(text):
        start = find(w, pos)
        pos = start + len(w)
        out.append((start, pos, w))
    return out


def _strip_possessive(tok: tuple[int, int, str]) -> tuple[int, int, str]:
    """A token with a possessive "'s" left out."""
    start, end, w = tok
    if w.endswith(_POSSESSIVE) and len(w) > 3:
        return start, end - 2, w[:-2]
    return tok


def _km_approx(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in kilometres: cheap, and close enough under ~500 km."""
    dx = (lon2 - lon1) * math.cos((lat1 + lat2) * math.pi / 360)
    return 111.2 * math.hypot(lat2 - lat1, dx)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    r = math.pi / 180
    h = (math.sin((lat2 - lat1) * r / 2) ** 2
         + math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin((lon2 - lon1) * r / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, h)))
