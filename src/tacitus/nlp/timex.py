"""Time expressions in news text, resolved to inclusive date windows.

``find_times(text, published)`` returns one ``Mention`` (label ``time``) per
expression, its ``value`` a :class:`tacitus.model.TimeSpan`. The span includes
the words that only frame the expression ("on", "late on", "early", "during").

News conventions, all resolved against the publication date P:

* A weekday without a date ("on Friday") is the most recent such day on or
  before P, so "Friday" in a report published on a Friday is P itself.
  "last Friday" is strictly before P; "next Friday" strictly after.
* A day and month without a year take P's year, unless that puts the date
  more than 31 days after P, in which case the year before. "in March"
  (no day) is the most recent March that has begun by P.
* "overnight" / "last night" is the night P-1..P (precision ``night``);
  "Tuesday night" is Tuesday..Wednesday; "overnight into Friday" and
  "in the early hours of Friday" are Thursday..Friday.
* "last week" is the previous Monday..Sunday; "this week" Monday..P;
  "last month" / "last year" the previous calendar month / year; "this
  month", "earlier this year" run from the 1st of the month / January 1 to P;
  "over the weekend" the most recent Saturday..Sunday (Saturday on or before P).
* "in recent days" is P-7..P, "in the past 24 hours" P-1..P, "in the past N
  days/weeks" P-N..P (precision ``range``); "N days ago" the day P-N.
* "since X" is a range from the start of X to P.
* Expressions relative to another event ("a day after", "the day before", "two
  days later") cannot be resolved inside one sentence. They are returned
  resolved against P as a fallback: backward ones to P-N, forward ones to P
  itself (the event cannot be after publication). :func:`anchor_offset` gives
  their offset so a caller that knows the anchor event can re-resolve them.

Without a publication date, absolute dates that carry their year ("July 17,
2025", "2025-07-17", "in March 2022", "in 2022") still resolve; everything
else (relative expressions, dates without a year) is not returned.
"""
from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import yaml

from tacitus.model import Mention, TimeSpan
from tacitus.nlp.numbers import trie_regex

_DATA = Path(__file__).resolve().parent.parent / "data"
_ONE = timedelta(days=1)


def default_time(published: date | None) -> TimeSpan | None:
    """The window given to an event whose sentence has no time expression.

    Wire reports overwhelmingly describe what happened since the previous
    edition: the publication day or the night before it. So the default is the
    ``range`` P-1..P (it also covers overnight attacks reported in the morning).
    None when the publication date is unknown.
    """
    if published is None:
        return None
    return TimeSpan(published - _ONE, published, "range", "")


def anchor_offset(text: str) -> int | None:
    """Day offset of an expression relative to another event ("a day after" -> 1,
    "the day before" -> -1, "three days earlier" -> -3), or None if it is not one."""
    g = _grammar()
    key = _norm(text)
    for prefix in g.modifier_keys:
        if key.startswith(prefix + " "):
            key = key[len(prefix) + 1:]
            break
    if key in g.anchor_relative:
        return g.anchor_relative[key]
    m = g.n_relative.fullmatch(key)
    if m and m.group("dir") in _BACKWARD | _FORWARD:
        n = _count(m.group("n"), g) * (7 if m.group("u").startswith("week") else 1)
        return -n if m.group("dir") in _BACKWARD else n
    return None


# ----------------------------------------------------------------------------
# grammar

_BACKWARD = {"earlier", "before", "prior"}
_FORWARD = {"later", "after"}


@dataclass(slots=True)
class _Grammar:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    fixed: dict[str, tuple[str, int, int]]
    calendar: dict[str, str]
    anchor_relative: dict[str, int]
    modifier_keys: list[str]
    anchor: re.Pattern[str]                 # words an expression may start with
    by_word: dict[str, list[tuple[re.Pattern[str], Resolver]]]
    by_digit: list[tuple[re.Pattern[str], Resolver]]
    n_relative: re.Pattern[str]
    prefixes: dict[tuple[str, ...], str]   # framing words before an expression -> their kind
    prefix_last: frozenset[str]            # the words such framing can end with
    month_pre: re.Pattern[str]
    year_pre: re.Pattern[str]


Resolver = Callable[[re.Match[str], "date | None", "_Grammar", str], "TimeSpan | None"]


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _trie(phrases: Any) -> str:
    """A trie regex over phrases, words joined by any whitespace (lower case)."""
    marker = "\x00"  # stands for the space between words; re.escape leaves it as is
    return trie_regex(_norm(p).replace(" ", marker) for p in phrases).replace(marker, r"\s+")


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    """Compile the time grammar from ``data/time.yml`` (once).

    Every pattern works on the lower-cased text and starts with the first word
    of the expression; :func:`find_times` tries only the patterns an anchor
    word can start, at that word. Framing words before an expression ("since",
    "late on", "the night of", "Thursday,") are taken in by :func:`_extend`.
    """
    with open(_DATA / "time.yml", encoding="utf-8") as fh:
        d = yaml.safe_load(fh)
    months = {name.rstrip("."): int(k) for k, names in d["months"].items() for name in names}
    weekdays = {name.rstrip("."): int(k) for k, names in d["weekdays"].items() for name in names}
    numbers = {_norm(k): v for k, v in d["small_numbers"].items()}
    fixed = {_norm(k): (v[0], v[1], v[2]) for k, v in d["fixed"].items()}
    calendar = {_norm(k): v for k, v in d["calendar"].items()}
    anchor_rel = {_norm(k): v for k, v in d["anchor_relative"].items()}
    parts = _trie(d["day_parts"]["night"] + d["day_parts"]["day"])

    mon_names = [n for names in d["months"].values() for n in names]
    wd_names = [n for names in d["weekdays"].values() for n in names]
    mon = rf"(?P<mon>{_trie(mon_names)})(?![\w])"
    wd_any = _trie(wd_names)
    dn = r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    d2 = r"(?:\s*(?:-|–|—|/|to|into)\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?"
    year = r"(?:,?\s+(?P<y>(?:19|20)\d{2})(?!\d))?"
    num = rf"(?P<n>{_trie(numbers)}|\d{{1,3}})"

    iso = (re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])"), _r_iso)
    mdy = (re.compile(rf"{mon}\.?\s+{dn}{d2}(?![\d:])(?!\s*(?:%|percent|per\s+cent)){year}\b"), _r_date)
    mdy_between = (re.compile(rf"(?<=between\s){mon}\.?\s+{dn}\s+and\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:]){year}\b"),
                   _r_date)
    dmy_between = (re.compile(rf"(?<=between\s){dn}\s+and\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{mon}\.?{year}\b"),
                   _r_date)
    numeric = (re.compile(r"(?P<a>\d{1,2})(?P<s>[./])(?P<b>\d{1,2})(?P=s)(?P<y>(?:19|20)\d{2})(?![\d.]\d)"), _r_numeric)
    dmy = (re.compile(rf"(?<![\d.,:/-]){dn}{d2}\s+(?:of\s+)?{mon}\.?{year}\b"), _r_date)
    month = (re.compile(rf"{mon}(?:,?\s+(?P<y>(?:19|20)\d{{2}})(?!\d))?"), _r_month)
    yr = (re.compile(r"(?<![\d.,$-])(?P<y>(?:19|20)\d{2})(?![\d%]|[-–]\w|,\d)"), _r_year)
    weekday = (re.compile(rf"(?:(?P<rel>last|this|past|next)\s+)?(?P<wd>{wd_any})(?![\w])"
                          rf"(?:\s+(?P<part>{parts}))?(?:\s+(?P<sep>into|to)\s+(?P<wd2>{wd_any})(?![\w]))?"), _r_weekday)
    fixed_re = (re.compile(rf"(?P<fx>{_trie(list(fixed) + list(calendar) + list(anchor_rel))})(?![\w])"), _r_fixed)
    ago = (re.compile(rf"{num}\s+(?P<u>days?|weeks?|months?|years?)\s+ago\b"), _r_ago)
    past = (re.compile(rf"(?:past|last|previous)\s+{num}\s+(?P<u>hours|days|weeks|months)\b"), _r_past)
    n_rel_re = re.compile(rf"{num}\s+(?P<u>days?|weeks?)\s+(?P<dir>earlier|later|before|after|prior)\b")
    n_rel = (n_rel_re, _r_n_relative)

    by_word: dict[str, list[tuple[re.Pattern[str], Resolver]]] = {}

    def add(words: Any, *pats: tuple[re.Pattern[str], Resolver]) -> None:
        for w in words:
            by_word.setdefault(w, [])
            by_word[w].extend(p for p in pats if p not in by_word[w])

    add(months, mdy_between, mdy, month)
    add(weekdays, weekday)
    add(["last", "this", "past", "next"], weekday)
    add({_norm(p).split()[0] for p in list(fixed) + list(calendar) + list(anchor_rel)}, fixed_re)
    add(["past", "last", "previous"], past)
    add(numbers, ago, n_rel)
    by_digit = [iso, numeric, dmy_between, dmy, yr, ago, n_rel]

    modifiers = [_norm(m) for m in d["day_modifiers"]] + [
        "in the", "over the", "during the", "within the", "for the", "since the", "throughout", "between",
        "by the end of", "at the end of", "the end of", "end of", "the start of", "the beginning of",
        "the middle of", "in the middle of", "at the start of", "at the beginning of", "by the start of"]
    prefixes: dict[tuple[str, ...], str] = {tuple(m.split()): "modifier" for m in modifiers}
    for phrase in ("night of", "night from", "the night of", "the night from", "on the night of",
                   "during the night of", "by the night of"):
        prefixes[tuple(phrase.split())] = "night_of"
    for phrase in ("overnight", "overnight into", "overnight on", "overnight to", "overnight before",
                   "in the early hours of", "the early hours of", "early hours of", "the night before",
                   "night into", "the night into", "before dawn on", "before dawn"):
        prefixes[tuple(phrase.split())] = "night_into"
    prefixes[("since",)] = "since"
    pre_words = r"in|since|during|until|till|by|from|throughout|early|late|mid-?|of|before|after|between|and"
    anchor_words = set(by_word)
    return _Grammar(
        months=months, weekdays=weekdays, numbers=numbers, fixed=fixed, calendar=calendar,
        anchor_relative=anchor_rel, modifier_keys=sorted(modifiers, key=len, reverse=True),
        anchor=re.compile(rf"\b(?:{trie_regex(anchor_words)})\b|\b\d"),
        by_word=by_word, by_digit=by_digit, n_relative=n_rel_re, prefixes=prefixes,
        prefix_last=frozenset(k[-1] for k in prefixes),
        month_pre=re.compile(rf"(?:^|[^\w])(?:{pre_words})\s*$"),
        year_pre=re.compile(rf"(?:^|[^\w])(?:{pre_words}|the|this|last|next|year|spring|summer|autumn|winter|fall),?\s*$"),
    )


# ----------------------------------------------------------------------------
# date helpers

def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_span(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, monthrange(y, m)[1])


def _infer_year(m: int, d: int, published: date | None) -> int | None:
    """The year of a day and month written without one (see module docstring)."""
    if published is None:
        return None
    y = published.year
    day = _safe(y, m, d) or _safe(y, m, 28)
    if day is not None and day > published + timedelta(days=31):
        y -= 1
    return y


def _weekday_on_or_before(published: date, wd: int) -> date:
    return published - timedelta(days=(published.weekday() - wd) % 7)


def _count(word: str, g: _Grammar) -> int:
    w = _norm(word)
    return int(w) if w.isdigit() else g.numbers.get(w, 1)


# ----------------------------------------------------------------------------
# resolvers: (match on the lower-cased text, published, grammar, original text)
# -> TimeSpan | None (None: not a time expression here, or not resolvable)

def _r_iso(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    day = _safe(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return TimeSpan(day, day, "day") if day else None


def _r_numeric(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    """17.07.2025 or 17/07/2025: day first, unless only month-first is a valid date."""
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    day = _safe(y, b, a) or _safe(y, a, b)
    return TimeSpan(day, day, "day") if day else None


def _month_number(m: re.Match[str], g: _Grammar, text: str) -> int | None:
    """The month a match names; None for "may"/"march" written in lower case (verbs)."""
    name = m.group("mon")
    if name in ("may", "march") and not text[m.start("mon")].isupper():
        return None
    return g.months[name.rstrip(".")]


def _r_date(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    month = _month_number(m, g, text)
    if month is None:
        return None
    d1 = int(m.group("d1"))
    d2 = int(m.group("d2")) if m.group("d2") else None
    y = int(m.group("y")) if m.group("y") else _infer_year(month, d1, p)
    if y is None:
        return None
    start = _safe(y, month, d1)
    if start is None:
        return None
    if d2 is None:
        return TimeSpan(start, start, "day")
    end = _safe(y, month, d2)
    if end is None or end <= start:
        return None
    return TimeSpan(start, end, "range")


def _r_month(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    month = _month_number(m, g, text)
    if month is None:
        return None
    if m.group("y"):
        y = int(m.group("y"))
    elif p is None or not g.month_pre.search(m.string, max(0, m.start() - 24), m.start()):
        return None  # a bare month name needs "in", "since", "early"... before it
    else:
        y = p.year if month <= p.month else p.year - 1
    start, end = _month_span(y, month)
    return TimeSpan(start, end, "month")


def _r_year(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    if not g.year_pre.search(m.string, max(0, m.start() - 24), m.start()):
        return None  # "2025" alone may be a count; "in 2025" is a year
    y = int(m.group("y"))
    return TimeSpan(date(y, 1, 1), date(y, 12, 31), "year")


def _r_weekday(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    if p is None:
        return None
    wd = g.weekdays[m.group("wd").rstrip(".")]
    rel = m.group("rel") or ""
    if rel == "next":
        day = p + timedelta(days=(wd - p.weekday() - 1) % 7 + 1)
    elif rel in ("last", "past"):
        day = p - timedelta(days=(p.weekday() - wd - 1) % 7 + 1)
    else:
        day = _weekday_on_or_before(p, wd)
    part = _norm(m.group("part") or "")
    if m.group("wd2"):
        wd2 = g.weekdays[m.group("wd2").rstrip(".")]
        if wd2 != (wd + 1) % 7:
            return None
        if rel != "next" and day + _ONE > p:
            day -= timedelta(days=7)  # the night must have ended by publication
        return TimeSpan(day, day + _ONE, "night")
    if part in ("night", "overnight"):
        return TimeSpan(day, day + _ONE, "night")
    return TimeSpan(day, day, "day")


def _r_fixed(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    if p is None:
        return None
    key = _norm(m.group("fx"))
    if key in g.fixed:
        kind, a, b = g.fixed[key]
        return TimeSpan(p + timedelta(days=a), p + timedelta(days=b), kind)
    if key in g.anchor_relative:
        day = p + timedelta(days=min(g.anchor_relative[key], 0))
        return TimeSpan(day, day, "day")
    return _calendar(g.calendar[key], p)


def _calendar(kind: str, p: date) -> TimeSpan:
    """Resolve a calendar-relative phrase ("last week", "this month"...)."""
    monday = p - timedelta(days=p.weekday())
    if kind == "last_week":
        return TimeSpan(monday - timedelta(days=7), monday - _ONE, "week")
    if kind == "this_week":
        return TimeSpan(monday, p, "week")
    if kind == "weekend":
        saturday = _weekday_on_or_before(p, 5)
        return TimeSpan(saturday, saturday + _ONE, "range")
    if kind == "last_month":
        last = p.replace(day=1) - _ONE
        return TimeSpan(last.replace(day=1), last, "month")
    if kind == "this_month":
        return TimeSpan(p.replace(day=1), p, "month")
    if kind == "last_year":
        return TimeSpan(date(p.year - 1, 1, 1), date(p.year - 1, 12, 31), "year")
    return TimeSpan(date(p.year, 1, 1), p, "year")  # this_year


def _r_ago(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    if p is None:
        return None
    n, unit = _count(m.group("n"), g), m.group("u").rstrip("s")
    if unit == "day":
        day = p - timedelta(days=n)
        return TimeSpan(day, day, "day")
    if unit == "week":
        monday = p - timedelta(days=p.weekday() + 7 * n)
        return TimeSpan(monday, monday + timedelta(days=6), "week")
    if unit == "month":
        y, mo = divmod(p.year * 12 + p.month - 1 - n, 12)
        start, end = _month_span(y, mo + 1)
        return TimeSpan(start, end, "month")
    return TimeSpan(date(p.year - n, 1, 1), date(p.year - n, 12, 31), "year")


def _r_past(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    if p is None:
        return None
    n, unit = _count(m.group("n"), g), m.group("u")
    days = {"hours": -(-n // 24), "days": n, "weeks": 7 * n, "months": 30 * n}[unit]
    return TimeSpan(p - timedelta(days=days), p, "range")


def _r_n_relative(m: re.Match[str], p: date | None, g: _Grammar, text: str) -> TimeSpan | None:
    if p is None:
        return None
    n = _count(m.group("n"), g) * (7 if m.group("u").startswith("week") else 1)
    day = p - timedelta(days=n) if m.group("dir") in _BACKWARD else p
    return TimeSpan(day, day, "day")


# ----------------------------------------------------------------------------

_DATED = ("day", "range")


def _extend(low: str, start: int, span: TimeSpan, p: date | None,
            g: _Grammar) -> tuple[int, TimeSpan] | None:
    """Take in the framing words before an expression ("late on", "since",
    "the night of", "Thursday,"), adjusting the window where they change it.
    Returns the new start and window; None drops the mention."""
    lo = max(0, start - 80)
    words = [(m.start(), m.group()) for m in _WORD.finditer(low, lo, start)]
    if lo > 0 and words and words[0][0] == lo:
        words = words[1:]  # possibly cut in half by the window
    n = len(words)
    for _ in range(4):
        if n == 0:
            break
        at, last = words[n - 1]
        if last == "mid-" and at + 4 == start:  # "mid-July"
            start, n = at, n - 1
            continue
        if at + len(last) == start or last not in g.prefix_last and last.rstrip(",.") not in g.weekdays:
            break  # glued to the expression, or no framing word can end here
        kind = None
        for k in range(min(5, n), 0, -1):
            kind = g.prefixes.get(tuple(w for _, w in words[n - k:n]))
            if kind:
                break
        if kind is None:
            if last.rstrip(",.") not in g.weekdays or span.precision not in _DATED:
                break
            kind, k = "weekday", 1  # "Thursday, July 17"
        if kind == "night_of":
            if span.precision == "day":
                span = TimeSpan(span.start, span.start + _ONE, "night")
            elif span.precision == "range" and span.end == span.start + _ONE:
                span = TimeSpan(span.start, span.end, "night")
        elif kind == "night_into" and span.precision == "day":
            span = TimeSpan(span.start - _ONE, span.start, "night")
        elif kind == "since":
            if p is None or p < span.start:
                return None
            span = TimeSpan(span.start, p, "range")
        n -= k
        start = words[n][0]
    return start, span


_WORD = re.compile(r"\S+")


def find_times(text: str, published: date | None, language: str = "en") -> list[Mention]:
    """All time expressions in ``text``, in order, as ``Mention(label="time",
    value=TimeSpan)``; see the module docstring for how each is resolved.
    Russian and Ukrainian (``language`` ``ru``, ``uk``) are read by
    :mod:`tacitus.nlp.timex_cyrillic`, any other language by the English grammar."""
    if language in ("ru", "uk"):
        from tacitus.nlp.timex_cyrillic import find_times as find_cyrillic
        return find_cyrillic(text, published, language)
    g = _grammar()
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    out: list[Mention] = []
    last_end = 0
    for a in g.anchor.finditer(low):
        pos = a.start()
        if pos < last_end:
            continue
        word = a.group()
        best: tuple[int, TimeSpan] | None = None
        for pattern, resolve in g.by_digit if word.isdigit() else g.by_word.get(word, ()):
            m = pattern.match(low, pos)
            if m is None or (best is not None and m.end() <= best[0]):
                continue
            try:
                span = resolve(m, published, g, text)
            except (ValueError, OverflowError):
                span = None  # "5000 years ago", "9999999 days ago": before year 1 or after 9999
            if span is not None:
                best = (m.end(), span)
        if best is None:
            continue
        end, span = best
        try:
            extended = _extend(low, pos, span, published, g)
        except (ValueError, OverflowError):
            extended = None  # "the night of" December 31, 9999
        if extended is None:
            continue
        start, span = extended
        while out and start < out[-1].end:
            if out[-1].start >= start:
                out.pop()  # "overnight" + "Friday" -> one "overnight Friday"
            else:
                start = out[-1].end
        span.text = text[start:end]
        out.append(Mention(start, end, span.text, "time", span))
        last_end = end
    return out
