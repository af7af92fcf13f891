"""Properties every reader and annotator keeps whatever text it is given
(hypothesis, derandomized so that a run is repeatable):

* no exception, ever: a reader gives documents or one-line rejects;
* every value that leaves a reader is valid Unicode without control characters
  (it encodes as UTF-8), and making it valid twice changes nothing;
* offsets lie inside the text and the mention's text is the text at them;
* evidence is the document text at its offsets; quantities are whole numbers
  in 0..10^9, low <= value <= high;
* a sentence is never longer than MAX_SENTENCE.

The text is drawn from news words, hostile characters (lone surrogates,
controls, characters that change length when lower-cased) and figures of
any size, so that the annotators see what they look for as well as noise.
"""
from __future__ import annotations

import io
import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.model import RawDocument, Reject

SETTINGS = settings(derandomize=True, deadline=None, max_examples=120, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NEWS = ["Russian", "Ukrainian", "drones", "missiles", "struck", "launched", "shot down", "Kyiv", "Kharkiv",
        "Odesa", "Moscow", "overnight", "on Monday", "last week", "at least", "around", "dozens of", "killed",
        "injured", "people", "the governor said", "air force", "Hamas", "Israeli", "Gaza", "between 10 and 20",
        "July 17", "2025-07-18", "five", "twenty-one", "1.5 million", ".", ",", ";", "...", "\"", "“", "”",
        "Kh-101", "S-300", "Shahed", "U.S.", "Gen.", "\n", "\n\n", " ", "date 2025-03-04\n", "title: x\n",
        "İt said", "дроны", "збито", "более 40", "п'ятьма десятками", "в ночь на 6 декабря", "минулої доби",
        "1 500", "млн", "тыс.", "т.е.", "«", "„", "—"]
HOSTILE = ["\ud800", "\udfff", "\ud83d", "\ude00", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "²", "½", "١٢",
           "Я©╒²", "л│л│",
           "\u202e", "\u2028", "\ufeff", "\ufffe", "\u0130", "\u0301", "\U0001f4a5", "\r", "\t", "\x0c", "ﬃ"]
FIGURES = st.integers(min_value=0, max_value=10**40).map(str) | st.sampled_from(
    ["10^30", "9" * 5000, "1,000,000,000,001", "999,999,999", "2 billion", "1e308"])

texts = st.lists(st.sampled_from(NEWS) | st.sampled_from(HOSTILE) | FIGURES | st.text(max_size=12),
                 max_size=60).map(" ".join) | st.text(max_size=300)
dates = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
names = st.sampled_from(["r.txt", "r.jsonl", "r.json", "r.html", "r.rss", "r.atom", "r.warc", "r", "r.gz"])


def valid(value: str | None) -> bool:
    if value is None:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\n\r" or 0x7f <= ord(c) <= 0x9f for c in value)


def one_line(value: str) -> bool:
    return valid(value) and "\n" not in value and "\r" not in value and "\t" not in value


def check_read(items: list, *, text_required: bool = True) -> None:
    for item in items:
        if isinstance(item, Reject):
            assert one_line(item.source) and one_line(item.reason), item
            continue
        assert isinstance(item, RawDocument)
        assert valid(item.text) and (item.text.strip() or not text_required)
        for field in (item.source, item.title, item.outlet, item.url, item.language):
            assert field is None or one_line(field), field
        assert item.published is None or date(1900, 1, 1) <= item.published <= date(2100, 12, 31)


# -- readers -----------------------------------------------------------------------
@SETTINGS
@given(st.binary(max_size=3000), names)
def test_read_stream_any_bytes(data, name):
    from tacitus.read import read_stream
    check_read(list(read_stream("fuzz", name, io.BytesIO(data), size=len(data))))


@SETTINGS
@given(texts, names)
def test_read_stream_any_text(text, name):
    from tacitus.read import read_stream
    data = text.encode("utf-8", "surrogatepass")
    check_read(list(read_stream("fuzz", name, io.BytesIO(data), size=len(data))))


@SETTINGS
@given(st.dictionaries(st.sampled_from(["text", "id", "title", "outlet", "url", "published", "date", "language"]),
                       texts | st.integers() | st.floats() | st.none() | st.lists(st.integers(), max_size=3)
                       | st.booleans()))
def test_jsonl_any_record(rec):
    from tacitus.read import read_stream
    line = json.dumps(rec, ensure_ascii=True).encode("ascii") + b"\n"
    check_read(list(read_stream("fuzz", "r.jsonl", io.BytesIO(line * 2), size=2 * len(line))))


@SETTINGS
@given(texts)
def test_parse_text_and_html_and_feed_fragments(text):
    from tacitus.read.feed import strip_html
    from tacitus.read.html import read_html
    from tacitus.read.text import parse_text
    from tacitus.sanitize import sanitize, sanitize_reject
    for item in (parse_text("fuzz", text), read_html("fuzz", f"<html><body><p>{text}</p></body></html>")):
        fixed = sanitize_reject(item) if isinstance(item, Reject) else sanitize(item)
        check_read([fixed], text_required=False)  # the readers reject a text left blank
        again = sanitize_reject(fixed) if isinstance(fixed, Reject) else sanitize(fixed)
        assert again is fixed  # already valid: left as it is
    strip_html(text)


@SETTINGS
@given(texts, texts, texts, dates)
def test_sanitize_records_what_it_changed(text, title, outlet, published):
    from tacitus.sanitize import sanitize
    raw = RawDocument("s\ud800rc", text + "x", title=title, outlet=outlet, published=published, language="e\x00n")
    fixed = sanitize(raw)
    check_read([fixed])
    assert fixed.removed and all(r.reason in ("invalid-unicode", "control-characters", "field-too-long",
                                              "bad-language", "date-out-of-range") for r in fixed.removed)


# -- cleaner, segmenter, annotators --------------------------------------------------
@SETTINGS
@given(texts)
def test_clean_and_split(text):
    from tacitus.clean import clean
    from tacitus.nlp.segment import MAX_SENTENCE, split_sentences
    doc = clean(RawDocument("fuzz", text))
    assert valid(doc.text)
    for b in doc.blocks:
        assert 0 <= b.start <= b.end <= len(doc.text)
    last = 0
    for s in split_sentences(doc.text, doc.blocks):
        assert last <= s.start < s.end <= len(doc.text) and doc.text[s.start:s.end] == s.text
        assert len(s.text) <= MAX_SENTENCE
        last = s.end


def check_mentions(text: str, mentions: list) -> None:
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text) and text[m.start:m.end] == m.text, m


LANGUAGES = st.sampled_from(["en", "ru", "uk"])


@SETTINGS
@given(texts, LANGUAGES)
def test_numbers_in_range(text, language):
    from tacitus.nlp.numbers import MAX_COUNT, find_numbers
    found = find_numbers(text, language)
    check_mentions(text, found)
    for m in found:
        if m.label == "number":
            v = m.value
            assert 0 <= v.low <= v.value <= MAX_COUNT
            assert v.high is None or v.value <= v.high <= MAX_COUNT
        else:
            assert m.label == "number_too_large" and m.value is None


@SETTINGS
@given(texts, dates, LANGUAGES)
def test_times_never_overflow(text, published, language):
    from tacitus.nlp.timex import find_times
    found = find_times(text, published, language)
    check_mentions(text, found)
    for m in found:
        assert m.value.start <= m.value.end


@SETTINGS
@given(texts)
def test_actors_weapons_places_types(text):
    from tacitus.extract.classify import classify
    from tacitus.geo import get_geocoder
    from tacitus.nlp.actors import find_actors
    from tacitus.nlp.weapons import find_weapons
    for found in (find_actors(text), find_weapons(text), get_geocoder().find(text)):
        check_mentions(text, found)
    for hit in classify(text):
        assert 0 <= hit.start <= hit.end <= len(text)


@settings(SETTINGS, max_examples=80)
@given(texts, dates, st.sampled_from([None, "en", "ru", "uk"]))
def test_pipeline_output_keeps_the_contract(text, published, language):
    from tacitus.nlp.numbers import MAX_COUNT
    from tacitus.pipeline import process
    result = process(RawDocument("fuzz", text + " Russian drones struck Kharkiv overnight.", published=published,
                                 language=language))
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    doc = result.document.text
    for ev in result.events:
        assert doc[ev.evidence.start:ev.evidence.end] == ev.evidence.text
        for q in ev.quantities:
            assert 0 <= q.low <= q.value <= MAX_COUNT and (q.high is None or q.value <= q.high <= MAX_COUNT)
