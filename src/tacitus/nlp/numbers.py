"""Numbers of things in news text: "around 122", "more than 700", "dozens",
"between 10 and 20", "twenty-five", "1.5 million".

``find_numbers(text)`` returns one ``Mention`` (label ``number``) per count, its
``value`` a :class:`NumberValue`. The span covers the qualifier ("at least 12"),
``NumberValue.number_start`` points at the bare number. The unit after the
number ("122 drones") is left to the caller.

Conventions (the qualifiers are those of ``shared/spec/EVENTS.md``):

* ``exact`` / ``approx``: ``value == low == high``.
* ``at_least`` ("more than 700", "700 or more"): ``value == low == 700``,
  ``high`` None. The bound is kept as written (not 701).
* ``at_most`` ("up to 40", "nearly 50"): ``value == high == 40``, ``low`` 0.
* ``range`` ("between 10 and 20", "10-15", "two or three"): ``value == low``.
* vague quantities are ranges from ``data/numbers.yml``: "dozens" 24..99,
  "scores of" 40..99, "hundreds" 200..999, "thousands" 2000..9999,
  "several" 3..9; "millions" 2,000,000..open. "a few", "many", "a number of"
  are not numbers.

Bounded: a count above :data:`MAX_COUNT` (a billion: no report counts more
drones, shells or people; a bigger figure is a misreading or a hostile input,
and would not fit the ledger's integer columns) is not read as a number. It
comes back as ``Mention(label="number_too_large", value=None)`` so that the
extractor can flag the event whose figure it was; every ``number`` mention has
``0 <= low <= value <= MAX_COUNT`` and ``high`` None or ``<= MAX_COUNT``.

Not numbers of things, and skipped: years ("in 2022"), dates ("July 17",
"17 July", "2025-07-18", "17/07/2025"), clock times ("18:00", "3 a.m."),
ordinals ("3rd", "second"), percentages, money ("$5 billion", "2 million
euros"), calibres ("152mm"), decimals without a scale word ("2.5"),
designations ("Kh-101", "S-300", "Su-34", "F-16s", "M777", "Shahed-136",
"Resolution 2334", "Flight 752"), "one" as a pronoun ("one of", "no one").

Russian and Ukrainian (``find_numbers(text, "ru")``) are read by
:mod:`tacitus.nlp.numbers_cyrillic` from ``data/ru/numbers.yml`` and
``data/uk/numbers.yml``, with the same output; they add ``NumberValue.each``
for distributive figures ("по 11").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tacitus.model import Mention

_DATA = Path(__file__).resolve().parent.parent / "data"
_CYRILLIC = ("ru", "uk")  # languages with their own grammar (numbers_cyrillic)

#: the largest count read as a number (see the module docstring)
MAX_COUNT = 10**9
# more digits than this before the decimal point is over MAX_COUNT whatever the scale;
# checked before int() / float(), which refuse 4,300 digits or overflow
_MAX_DIGITS = len(str(MAX_COUNT))


@dataclass(slots=True)
class NumberValue:
    """The reading of one number mention (see the module docstring for conventions)."""
    value: int          # the reading; for ranges the lower bound
    low: int
    high: int | None    # None when open-ended ("more than 700")
    qualifier: str      # exact | approx | at_least | at_most | range
    number_start: int   # offset of the bare number inside text (without the qualifier)
    each: bool = False  # distributive ("по 11" над каждой областью): the figure applies to each


def _load(name: str) -> dict[str, Any]:
    with open(_DATA / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _phrase(p: str) -> str:
    """A regex for a vocabulary phrase: words joined by any whitespace."""
    return r"\s+".join(re.escape(w) for w in p.split())


def trie_regex(words: Any) -> str:
    """A regex matching any of ``words``, arranged as a trie so the engine
    follows one branch per character (much faster than a flat alternation)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _alt(phrases: list[str] | Any) -> str:
    """An alternation of phrases, longest first so the longest one wins."""
    return "|".join(_phrase(p) for p in sorted(set(phrases), key=len, reverse=True))


@dataclass(slots=True)
class _Grammar:
    """Everything compiled once from the vocabulary files."""
    pattern: re.Pattern[str]
    anchor: re.Pattern[str]        # where an expression may start (on lower-cased text)
    prefilter: re.Pattern[str]     # a number word or digit somewhere (on lower-cased text)
    words: dict[str, int]          # spelled-out number words and their values
    scales: dict[str, int]
    qual_before: dict[str, str]    # normalised phrase -> qualifier
    qual_after: dict[str, str]
    vague: dict[str, tuple[int, int | None]]
    currency: frozenset[str]       # a word just before a number that makes it money
    after_ctx: re.Pattern[str]     # context just after a number that disqualifies it
    designators: frozenset[str]
    one_before: frozenset[str]
    one_after: re.Pattern[str]
    months: frozenset[str]
    month_after: re.Pattern[str]


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    """Build and compile the number grammar from ``data/numbers.yml`` (once)."""
    d = _load("numbers.yml")
    months = [m for names in _load("time.yml")["months"].values() for m in names]
    units, tens, scales = d["units"], d["tens"], d["scales"]
    words = {**units, **tens}
    big = [s for s in scales if scales[s] >= 1000]

    unit_re = _alt(units)
    unit19_re = _alt([w for w, v in units.items() if 1 <= v <= 9])
    small = rf"(?:(?:{_alt(tens)})(?:[-\s]+(?:{unit19_re}))?|{unit_re})"
    group = rf"(?:(?:{small}|an?)\s+hundred(?:(?:\s+and)?\s+{small})?|{small})"
    big_re = _alt(big)
    lead = rf"(?:{group}|an?(?=\s+(?:{big_re})\b))"
    wordnum = rf"(?:{lead}(?:\s+(?:{big_re})(?:(?:\s+and)?\s+{group})?)*)"
    dozen = r"(?:(?:half\s+an?|an?|" + small + r")\s+dozen)"
    # "10^30" is a power: read (as a figure too large), not as "10" and "30"
    digits = r"(?:\d+\^\d+|\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?)"
    scale_re = _alt(list(scales) + ["dozen"])
    dignum = rf"(?:{digits}(?:\s+(?:{scale_re})\b)?)"
    # a bare number: no letter, digit or designation glued to its left
    guard = r"(?<![\w$€£¥₴₽/:.])(?<![A-Za-z]-)(?<!\d,)"
    core = rf"(?:{guard}(?:{dignum}|\b(?:{dozen}|{wordnum})\b)(?![\w/]|:\d|,\d|\.\d))"

    qb = {}
    for qual, phrases in d["qualifiers_before"].items():
        qb.update({" ".join(p.split()): qual for p in phrases})
    qa = {}
    for qual, phrases in d["qualifiers_after"].items():
        qa.update({" ".join(p.split()): qual for p in phrases})
    vague = {" ".join(k.split()): (v[0], v[1]) for k, v in d["vague"].items()}
    vague_words = [k for k in vague if k != "scores"]
    vague_re = rf"\b(?:{_alt(vague_words)}|scores(?=\s+of\b))\b"

    def num(n: str) -> str:
        return rf"(?P<{n}>{core})"

    pattern = re.compile(
        rf"(?:\b(?P<qb>{_alt(qb)})\s+)?"
        rf"(?:\bbetween\s+{num('b1')}\s+and\s+{num('b2')}"
        rf"|(?<!from\s){num('r1')}(?P<rsep>\s*[-–—]\s*|\s+(?:to|or)\s+){num('r2')}"
        rf"|{num('n')}"
        rf"|(?P<v>{vague_re}))"
        rf"(?:[\s-]*(?P<qa>\+|\b(?:{_alt(qa)})\b))?",
    )  # matched against the lower-cased text: no IGNORECASE, which is slower
    month_re = _alt(months)
    first_words = {p.split()[0] for p in list(qb) + list(vague) + list(words) + list(scales)}
    first_words |= {"a", "an", "half", "between", "tens"}
    number_words = set(words) | set(scales) | {"dozen"} | {k.split()[0] for k in vague}
    return _Grammar(
        pattern=pattern,
        anchor=re.compile(rf"(?<![\w]){trie_regex(first_words)}\b|(?<![\w.,])\d"),
        prefilter=re.compile(rf"\d|\b{trie_regex(number_words)}\b"),
        words=words,
        scales={**scales, "dozen": d["dozen"]},
        qual_before=qb,
        qual_after=qa,
        vague=vague,
        currency=frozenset(c.lower() for c in d["currency_symbols"]),
        after_ctx=re.compile(
            rf"^(?:\s*(?:{_alt(d['non_count_after'])})(?![\w])|-?(?:{_alt(['mm', 'caliber', 'calibre'])})\b"
            r"|(?:st|nd|rd|th)\b|-(?:thirds?|quarters?|halves|fifths?)\b|\s+of\s+(?:" + month_re + r")\b)"),
        designators=frozenset(d["designators"]),
        one_before=frozenset(d["one_not_a_number_before"]),
        one_after=re.compile(rf"^\s+(?:{_alt(d['one_not_a_number_after'])})\b"),
        months=frozenset(m.rstrip(".") for m in months),
        month_after=re.compile(
            r"^(?:st|nd|rd|th)?\s*(?:(?:[-–—/]|to|and)\s*\d{1,2}(?:st|nd|rd|th)?\s*)?"
            rf"(?:of\s+)?(?:{month_re})(?![\w])"),
    )


_YEAR_PREPS = frozenset("in since of by until till from during before after early late mid end "
                        "the this last next year spring summer autumn fall winter".split())
_PLURAL_AFTER = re.compile(
    r"\s+(?!(?:was|has|does|this|thus|its|is|as|plus|less|across|whereas|unless|towards|besides)\b)"
    r"(?:[a-z]{2,}s|people|personnel|staff|men|women|children)\b")
# dates and clock times written with digits: no number inside them is a count
_DIGIT_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\d{1,2}:\d{2}|\d{1,2}\.\d{2}\s*(?:[ap]\.?m\b\.?|hrs\b|GMT\b|UTC\b)", re.IGNORECASE)


def _word_value(text: str, g: _Grammar) -> int | None:
    """The value of a spelled-out number ("one hundred and twenty", "a dozen")."""
    total = current = 0
    tokens = re.split(r"[\s-]+", text.lower())
    if tokens[:2] == ["half", "a"] or tokens[:2] == ["half", "an"]:
        return 6 if tokens[-1] == "dozen" else None
    for tok in tokens:
        if tok in ("a", "an"):
            current = 1
        elif tok == "and":
            continue
        elif tok in g.words:
            current += g.words[tok]
        elif tok == "hundred" or tok == "dozen":
            current = (current or 1) * g.scales[tok]
        elif tok in g.scales:
            total += (current or 1) * g.scales[tok]
            current = 0
        else:
            return None
    return total + current


def _digit_value(text: str, g: _Grammar) -> int | None:
    """The value of a number written in digits, with an optional scale word."""
    parts = text.split()
    num = parts[0].replace(",", "")
    scale = g.scales[parts[-1].lower()] if len(parts) > 1 else 1
    if "^" in num:
        base, exp = (int(x[:_MAX_DIGITS + 1]) for x in num.split("^", 1))
        if base > 1 and (len(num.split("^", 1)[1]) > 2 or base ** exp * scale > MAX_COUNT):
            return MAX_COUNT + 1
        return base ** exp * scale
    if len(num.split(".")[0].lstrip("0")) > _MAX_DIGITS:
        return MAX_COUNT + 1  # too large to be a count: not converted at all
    if "." in num:
        if scale == 1:
            return None  # a decimal with no scale word is a measure, not a count
        return round(float(num) * scale)
    return int(num) * scale


def _value(text: str, g: _Grammar) -> int | None:
    """The value of a bare number, digits or words."""
    return _digit_value(text, g) if text[0].isdigit() else _word_value(text, g)


def _is_count(text: str, low: str, start: int, end: int, g: _Grammar, qualified: bool) -> bool:
    """Whether the bare number text[start:end] counts things (not a year, date, time, name...).
    ``low`` is ``text`` lower-cased (same offsets)."""
    raw = low[start:end]
    before = text[max(0, start - 30):start].split()[-3:]
    last = before[-1] if before else ""
    after = low[end:end + 24]
    if last.lower() in g.currency or g.after_ctx.match(after):
        return False
    if raw[0].isdigit():
        if _after_month(before, g) or g.month_after.match(after.lstrip()):
            return False
        if last.lower() in g.designators and (last[0].isupper() or last.lower() in ("no.", "number")):
            return False
        if len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2100:
            prev_word = last.lower().rstrip(",.")
            plural_next = bool(_PLURAL_AFTER.match(text, end))
            if not plural_next or (prev_word in _YEAR_PREPS and not qualified):
                return False
    if raw == "one" and (last.lower() in g.one_before or g.one_after.match(after)):
        return False
    return True


_DAY_DASH = re.compile(r"\d{1,2}(?:st|nd|rd|th)?[-–—/]?")


def _after_month(before: list[str], g: _Grammar) -> bool:
    """Whether the last words before a number are a month ("July 17", "July 16-17", "May 3 to 5")."""
    words = [w.lower().rstrip(".") for w in before]
    if not words:
        return False
    if words[-1] in g.months:
        return True
    if len(words) >= 2 and words[-2] in g.months and _DAY_DASH.fullmatch(words[-1]) and words[-1][-1] in "-–—/":
        return True
    return (len(words) >= 3 and words[-3] in g.months and _DAY_DASH.fullmatch(words[-2]) is not None
            and words[-1] in ("-", "–", "—", "to", "and", "/"))


def _reading(m: re.Match[str], g: _Grammar, text: str, low: str) -> NumberValue | None:
    """Turn one grammar match into a NumberValue, or None when it is not a count."""
    qual = g.qual_before.get(" ".join(m.group("qb").lower().split())) if m.group("qb") else None
    after = m.group("qa")
    qual_after = None
    if after:
        qual_after = "at_least" if after == "+" else g.qual_after[" ".join(after.lower().split())]
    if m.group("v"):
        low, high = g.vague[" ".join(m.group("v").lower().split())]
        q = "at_least" if qual == "at_least" or qual_after == "at_least" else "range"
        return NumberValue(low, low, None if q == "at_least" else high, q, m.start("v"))
    pair = ("b1", "b2") if m.group("b1") else ("r1", "r2") if m.group("r1") else None
    if pair:
        a, b = (_value(m.group(p), g) for p in pair)
        if a is None or b is None:
            return None
        if not all(_is_count(text, low, m.start(p), m.end(p), g, True) for p in pair):
            return None
        if pair[0] == "r1" and a > b:
            return None  # "20-15" is a score or a code, not a range
        if pair[0] == "r1" and m.group("rsep").strip() in "-–—" and a >= 1900 and b >= 1900:
            return None
        return NumberValue(a, a, b, "range", m.start(pair[0]))
    value = _value(m.group("n"), g)
    if value is None or not _is_count(text, low, m.start("n"), m.end("n"), g, bool(qual or qual_after)):
        return None
    q = qual or qual_after or "exact"
    if q == "at_least":
        return NumberValue(value, value, None, q, m.start("n"))
    if q == "at_most":
        return NumberValue(value, 0, value, q, m.start("n"))
    return NumberValue(value, value, value, q, m.start("n"))


def _in_digit_date(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] touches a date or clock time written in digits."""
    lo, hi = max(0, start - 12), end + 12
    window = text[lo:hi]
    if not any(c in window for c in ":/.-"):
        return False
    return any(b.start() + lo < end and start < b.end() + lo for b in _DIGIT_DATE.finditer(window))


def find_numbers(text: str, language: str = "en") -> list[Mention]:
    """All counts in ``text``, in order, as ``Mention(label="number", value=NumberValue)``.

    ``language`` ``ru`` and ``uk`` are read by :mod:`tacitus.nlp.numbers_cyrillic`
    (same output); any other by the English grammar.
    """
    if language in _CYRILLIC:
        from tacitus.nlp.numbers_cyrillic import find_numbers as find_cyrillic
        return find_cyrillic(text, language)
    g = _grammar()
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if not g.prefilter.search(low):
        return []
    out: list[Mention] = []
    pos = 0
    for a in g.anchor.finditer(low):
        if a.start() < pos:
            continue
        m = g.pattern.match(low, a.start())
        if m is None:
            continue
        reading = _reading(m, g, text, low)
        if reading is not None and _in_digit_date(text, m.start(), m.end()):
            reading = None
        if reading is None:
            continue  # not a count as a whole: a count inside it may start at a later anchor
        end = m.end()
        if max(reading.value, reading.high or 0) > MAX_COUNT:
            out.append(Mention(m.start(), end, text[m.start():end], "number_too_large", None))
        else:
            out.append(Mention(m.start(), end, text[m.start():end], "number", reading))
        pos = end
    return out
