"""One document through every stage: clean -> segment -> annotate -> extract.

``process(raw)`` is pure (a raw document in, a ``Result`` out) so it runs the
same in the CLI, a process pool, a Dask worker or a test. The heavy resources
(gazetteer, vocabularies) load once per process, on first use.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cached_property, lru_cache, partial
from typing import Iterable, Iterator

from .budget import DEFAULT_TIME_BUDGET, BudgetExceeded, check_budget, time_budget
from .clean import clean
from .extract import claims_cyrillic
from .extract.acled import acled_for
from .extract.claims import ClaimContext, attribute
from .extract.classify import classify
from .extract.frames import Annotations, FrameBuilder, dyad
from .extract.strays import drop_strays
from .geo import get_geocoder
from .model import Document, Mention, RawDocument, Reject, Result
from .nlp.actors import find_actors
from .nlp.numbers import find_numbers
from .nlp.scan import scanning
from .nlp.segment import split_sentences
from .nlp.timex import default_time, find_times
from .nlp.weapons import find_weapons


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """ISO2 -> the common English name used for a side ("Russia", not "Russian Federation")."""
    import pycountry

    names = {}
    for c in pycountry.countries:
        names[c.alpha_2] = getattr(c, "common_name", None) or c.name
    names.update({"RU": "Russia", "UA": "Ukraine", "SY": "Syria", "IR": "Iran", "KP": "North Korea",
                  "KR": "South Korea", "MD": "Moldova", "PS": "Palestine", "TW": "Taiwan",
                  "VE": "Venezuela", "BO": "Bolivia", "TZ": "Tanzania", "CD": "DR Congo",
                  "LA": "Laos", "VN": "Vietnam", "US": "United States", "GB": "United Kingdom"})
    return names


class Pipeline:
    """The stages with their resources; one instance per process."""

    def __init__(self, geocoder=None):
        self.geocoder = geocoder if geocoder is not None else get_geocoder()
        # the same few names ("Kharkiv", "Belgorod") come back in sentence after sentence:
        # geocode each once per process (the gazetteer does not change while it runs)
        self._place_country = lru_cache(maxsize=65_536)(self._geocode_country)

    def place_country(self, name: str) -> str | None:
        """The country of a place name, for "Moscow's mayor" and the like."""
        return self._place_country(name)

    def _geocode_country(self, name: str) -> str | None:
        found = self.geocoder.geocode(name)
        return found[0].country if found else None

    @lru_cache(maxsize=512)
    def country_place(self, code: str | None):
        """A country as a place (centroid, precision ``country``), or None."""
        name = _country_names().get(code or "")
        if not name:
            return None
        found = [p for p in self.geocoder.geocode(name) if p.precision == "country" and p.country == code]
        return found[0] if found else None

    @lru_cache(maxsize=4096)
    def region_place(self, admin1: str, country: str | None):
        """A first-level region as a place, from its name, or None."""
        found = [p for p in self.geocoder.geocode(admin1, country_hint=country)
                 if p.precision == "admin1" and p.country == country]
        return found[0] if found else None

    @lru_cache(maxsize=4096)
    def region_named(self, name: str, country: str | None = None):
        """The first-level region called ``name`` ("Kaluga" -> Kaluga Oblast), or None."""
        found = [p for p in self.geocoder.geocode(f"{name} region", country_hint=country)
                 if p.precision == "admin1" and (country is None or p.country == country)]
        return found[0] if found else None

    def process(self, item: RawDocument | Document) -> Result:
        """Clean (unless already cleaned) and extract one document."""
        doc = item if isinstance(item, Document) else clean(item)
        return Result(document=doc, events=self.extract(doc))

    def _population(self, gazetteer_id: str) -> int | None:
        """The head count of a GeoNames place from its gazetteer id, or None."""
        source, _, number = gazetteer_id.partition(":")
        if source != "geonames" or not number.isdigit():
            return None
        try:
            return self.geocoder.gaz.place(int(number)).population
        except (IndexError, AttributeError):
            return None

    def place_of(self, name: str, language: str | None = None):
        """The place a phrase names ("Белгородской области" -> Belgorod Oblast), or None."""
        return self._place_of(name, language)

    @lru_cache(maxsize=16_384)
    def _place_of(self, name: str, language: str | None):
        found = self.geocoder.geocode(name, language=language)
        return found[0] if found else None

    def extract(self, doc: Document):
        sentences = split_sentences(doc.text, doc.blocks, doc.language)
        # every vocabulary's anchors found in one pass over the text: the stages
        # read a sentence's hits instead of scanning it again (tacitus.nlp.scan)
        with scanning(doc.text, ((s.start, s.end) for s in sentences)):
            return self._extract(doc, sentences)

    def _extract(self, doc: Document, sentences):
        # places are found once over the whole text, then handed to their sentences
        # (``Geocoder.document(...).mentions(ranges)`` would choose them for some sentences only)
        places_of = _by_sentence(self._places(doc.text, sentences, doc.language), sentences)
        lang = doc.language or "en"
        cyrillic = claims_cyrillic.has_vocabulary(lang)
        if cyrillic:
            # Russian and Ukrainian: their own triggers, vocabularies and attribution
            place_of = partial(self.place_of, language=lang)
            context = claims_cyrillic.CyrillicClaimContext.for_language(doc, self.place_country, lang, place_of)
            builder = FrameBuilder(doc, classify=partial(classify, language=lang), acled_for=acled_for,
                                   default_time=default_time, claim_context=context,
                                   attribute=partial(claims_cyrillic.attribute, language=lang),
                                   place_country=self.place_country, country_names=_country_names(),
                                   country_place=self.country_place, region_place=self.region_place,
                                   language=lang)
        else:
            builder = FrameBuilder(doc, classify=classify, acled_for=acled_for, default_time=default_time,
                                   claim_context=ClaimContext.for_document(doc, self.place_country),
                                   attribute=attribute,
                                   place_country=self.place_country, country_names=_country_names(),
                                   country_place=self.country_place, region_place=self.region_place,
                                   region_named=self.region_named)
        actor_countries: Counter[str] = Counter()
        place_countries: Counter[str] = Counter()
        for i, sent in enumerate(sentences):
            check_budget()
            text = sent.text
            ann = LazyAnnotations(text, doc.published, places_of[i], sent.language or doc.language)
            actor_countries.update(a.value.country for a in ann.actors
                                   if a.value.country and (a.value.kind or "state") in ("state", "military", "government", "ministry", "people"))
            place_countries.update(p.value.country for p in ann.places if p.value.country)
            builder.add_sentence(sent, ann)
        if cyrillic:
            # events still without a claimant: the source named after them, the speaker
            # before them, the channel that posted the report
            channel = claims_cyrillic.channel_actor(doc.channel or doc.outlet, lang)
            claims_cyrillic.complete_claims([d.event for d in builder.drafts], sentences, lang,
                                            doc_outlet=doc.outlet, place_country=self.place_country,
                                            place_of=place_of, channel=channel)
        return builder.finish(dyad(actor_countries, place_countries))

    def _places(self, text: str, sentences: list, language: str | None = None) -> list[Mention]:
        """The place mentions of a text: over the whole text at once, which lets each
        place's neighbours choose among namesakes; a text longer than GEO_WINDOW
        (no news report is) in windows of whole sentences, which bounds the
        memory one lookup pass holds (the choice itself is local, see geo/README.md)."""
        if len(text) <= GEO_WINDOW or not sentences:
            return self._find(text, language)
        out: list[Mention] = []
        i = 0
        while i < len(sentences):
            start = sentences[i].start
            j = i + 1
            while j < len(sentences) and sentences[j].end - start <= GEO_WINDOW:
                j += 1
            end = sentences[j - 1].end
            out += [replace(m, start=m.start + start, end=m.end + start)
                    for m in self._find(text[start:end], language)]
            i = j
        return out

    def _find(self, text: str, language: str | None) -> list[Mention]:
        """The place mentions of one text, stray towns left out (``extract.strays``)."""
        mentions, ctx = self.geocoder.find_document(text, language=language)
        return drop_strays(mentions, ctx.countries, ctx.focus, self._population)


#: the longest text whose places are chosen all together (see Pipeline._places)
GEO_WINDOW = 50_000


class LazyAnnotations(Annotations):
    """A sentence's annotations, each found the first time it is asked for:
    most sentences report no event, and their numbers or times are never read."""

    def __init__(self, text: str, published, places: list[Mention], language: str = "en"):  # noqa: D107
        self._text, self._published, self.places, self._language = text, published, places, language

    @cached_property
    def numbers(self) -> list[Mention]:
        return find_numbers(self._text, self._language)

    @cached_property
    def times(self) -> list[Mention]:
        return find_times(self._text, self._published, self._language)

    @cached_property
    def actors(self) -> list[Mention]:
        return find_actors(self._text, language=self._language)

    @cached_property
    def weapons(self) -> list[Mention]:
        return find_weapons(self._text, language=self._language)


def _by_sentence(mentions: list[Mention], sentences: list) -> list[list[Mention]]:
    """Document-level mentions, shifted to sentence offsets, one list per sentence."""
    out: list[list[Mention]] = [[] for _ in sentences]
    j = 0
    for m in sorted(mentions, key=lambda m: m.start):
        while j < len(sentences) and sentences[j].end <= m.start:
            j += 1
        if j == len(sentences):
            break
        s = sentences[j]
        if s.start <= m.start and m.end <= s.end:
            out[j].append(replace(m, start=m.start - s.start, end=m.end - s.start))
    return out


@lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    return Pipeline()


def process(item: RawDocument | Document) -> Result:
    """Extract one raw (or already cleaned) document with the process-wide pipeline."""
    return get_pipeline().process(item)


def process_one(pipe: Pipeline, item: RawDocument | Document, budget: float | None = None) -> Result | Reject:
    """One document through ``pipe`` under ``budget`` seconds; any failure is a Reject."""
    try:
        with time_budget(budget):
            return pipe.process(item)
    except BudgetExceeded:
        return Reject(source=item.source, reason=f"extraction exceeded {budget:g} s")
    except Exception as exc:  # noqa: BLE001 - one bad document never sinks a batch
        return Reject(source=item.source, reason=f"extraction failed: {type(exc).__name__}: {exc}")


def process_all(items: Iterable[RawDocument | Document | Reject],
                budget: float | None = DEFAULT_TIME_BUDGET) -> Iterator[Result | Reject]:
    """Results and rejects in input order; a document that fails, or takes more
    than ``budget`` seconds (None: no limit), becomes a reject."""
    pipe = get_pipeline()
    for item in items:
        if isinstance(item, Reject):
            yield item
            continue
        yield process_one(pipe, item, budget)


#: characters of text held at most between reading and extraction (a batch of
#: 200 documents of 10 MB each must not be held at once)
BUFFER_CHARS = 20_000_000


def skip_known(items: Iterable[RawDocument | Reject], known, batch: int = 200,
               on_skip=None, max_chars: int = BUFFER_CHARS) -> Iterator[Document | Reject]:
    """Clean documents and drop those whose id ``known(ids) -> set`` already
    holds, before the costly extraction: a re-run or a resumed ingest only
    extracts what the ledger lacks. ``on_skip(document)`` hears of each one.
    Documents are looked up ``batch`` at a time, or sooner once they hold
    ``max_chars`` characters of text."""
    buffer: list[Document | Reject] = []
    held = 0

    def drain() -> Iterator[Document | Reject]:
        docs = [d for d in buffer if isinstance(d, Document)]
        have = known([d.id for d in docs]) if docs else set()
        seen: set[str] = set()
        for d in buffer:
            if isinstance(d, Document):
                if d.id in have or d.id in seen:
                    if on_skip:
                        on_skip(d)
                    continue
                seen.add(d.id)
            yield d
        buffer.clear()

    for item in items:
        if isinstance(item, Reject):
            buffer.append(item)
        else:
            try:
                buffer.append(clean(item))
                held += len(buffer[-1].text)
            except Exception as exc:  # noqa: BLE001 - one bad document never sinks a batch
                buffer.append(Reject(source=item.source, reason=f"cleaning failed: {type(exc).__name__}: {exc}"))
        if len(buffer) >= batch or held >= max_chars:
            held = 0
            yield from drain()
    yield from drain()
