"""Time expressions in Russian and Ukrainian text; called by
``tacitus.nlp.timex.find_times(text, published, language)`` for ``ru`` and ``uk``.

Same output and conventions as English (``Mention`` labelled ``time``, value
:class:`tacitus.model.TimeSpan`, resolved against the publication date P),
vocabulary from ``data/LANG/time.yml``:

* nights: "в течение прошедшей ночи", "минувшей ночью", "вночі", "цієї ночі"
  are P-1..P; "в ночь на 6 декабря", "у ніч на 21 вересня", "в ночь с 5 на 6
  декабря" are D-1..D; "у ніч проти неділі", "в ночь на вторник" end on the
  most recent such day; a night phrase followed by a date ("в течение
  прошедшей ночи 24 июня") is the night ending on that date;
* days: "сегодня", "вчера", "накануне", "позавчора", "сьогодні вранці";
  dates with a genitive month ("6 декабря 2024 года", "21 вересня", "6-7
  декабря", "с 5 по 7 декабря", "двадцать второго октября текущего года"),
  numeric dates ("21.09.2025"); a day and month without a year take P's year
  unless that is more than 31 days after P;
* "за прошедшие сутки", "минулої доби", "за добу" are the range P-1..P;
  "за последние 3 суток", "за останні 5 днів" P-N..P; "3 дня назад", "2 дні
  тому" the day P-N;
* clock ranges: "с 20.00 до 23.00 мск" is the day P (or the date written
  with it: "с 20.00 мск 5 июня до 04.20 мск 6 июня" is 5..6 June); a range
  that crosses midnight ("с 23:00 до 03:00") is the night ending that day;
  "станом на 09:00", "по состоянию на 8.00" the day P;
* weekdays after "в"/"у"/"на" ("в пятницу", "у п'ятницю") are the most recent
  such day on or before P; "в прошлую пятницу" strictly before P, "в следующую"
  strictly after;
* months after "в"/"у" ("в декабре", "у грудні 2024 року") the month; years
  ("в 2024 году", "у 2023 році"); calendar phrases ("на прошлой неделе",
  "минулого місяця", "торік") as in English.
"""
from __future__ import annotations

import re
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
_NORM = str.maketrans({"ё": "е", "’": "'", "ʼ": "'", "`": "'"})
_END = r"(?![\w'])"
_SHORT_BEFORE_PERIOD = re.compile(r"(?<![\w'])\w{1,2}\.$")


def _norm(s: str) -> str:
    return " ".join(s.lower().translate(_NORM).split())


def _trie(phrases: Any) -> str:
    """A regex over phrases, words joined by any whitespace."""
    marker = "\x00"
    return trie_regex(_norm(p).replace(" ", marker) for p in phrases).replace(marker, r"\s+")


Parser = Callable[[re.Match[str], "date | None", "_Grammar"], "TimeSpan | None"]


@dataclass(slots=True)
class _Grammar:
    months: dict[str, int]
    weekdays: dict[str, int]
    day_units: dict[str, int]
    day_teens: dict[str, int]
    day_tens: dict[str, int]
    fixed: dict[str, tuple[str, int, int]]
    calendar: dict[str, str]
    last: frozenset[str]
    next: frozenset[str]
    units: dict[str, str]
    numbers: dict[str, int]
    rules: list[tuple[re.Pattern[str], Parser]]
    anchor: re.Pattern[str]


def _date_re(p: str, g: dict[str, Any]) -> str:
    """A date ("6 декабря 2024 года", "6-7 декабря", "двадцать второго октября",
    "21.09.2025") with its groups named ``p`` + d1, d2, dw, mon, y, ty, nd, nm, ny."""
    day_words = (rf"(?P<{p}dw>(?:{_trie(g['tens'])})\s+(?:{_trie(g['units'])})"
                 rf"|{_trie(list(g['units']) + list(g['teens']))}){_END}")
    year = (rf"(?:\s+(?:(?P<{p}y>(?:19|20)\d{{2}})(?!\d)(?:\s*(?:{_trie(g['year_words'])}){_END}\.?)?"
            rf"|(?P<{p}ty>{_trie(g['this_year'])}){_END}))?")
    named = (rf"(?:(?<![\d.,:])(?P<{p}d1>\d{{1,2}})(?:\s*[-–—]\s*(?P<{p}d2>\d{{1,2}}))?|{day_words})"
             rf"\s+(?P<{p}mon>{_trie(g['month_forms'])}){_END}{year}")
    numeric = rf"(?<![\d.])(?P<{p}nd>\d{{1,2}})\.(?P<{p}nm>\d{{1,2}})\.(?P<{p}ny>(?:19|20)?\d{{2}})(?![\d.]\d)"
    return rf"(?:{named}|{numeric})"


@lru_cache(maxsize=4)
def grammar(language: str) -> _Grammar:
    """Compile the time grammar of ``language`` from ``data/LANG/time.yml`` (once)."""
    d = yaml.safe_load((_DATA / language / "time.yml").read_text(encoding="utf-8"))
    months = {_norm(n).rstrip("."): int(k) for k, names in d["months"].items() for n in names}
    weekdays = {_norm(n): int(k) for k, names in d["weekdays"].items() for n in names}
    dw = d["day_words"]
    parts = {"tens": dw["tens"], "units": dw["units"], "teens": dw["teens"], "month_forms": list(months),
             "year_words": d["year_words"], "this_year": d["this_year"]}
    fixed = {_norm(k): (v[0], v[1], v[2]) for k, v in d["fixed"].items()}
    calendar = {_norm(k): v for k, v in d["calendar"].items()}
    units = {_norm(w): u for u, words in d["units"].items() for w in words}
    from tacitus.nlp.numbers_cyrillic import grammar as number_grammar
    numbers = dict(number_grammar(language).words)

    date1, date2 = _date_re("a", parts), _date_re("b", parts)
    clock1 = r"(?P<h1>\d{1,2})[.:](?P<m1>\d{2})(?!\d)"
    clock2 = r"(?P<h2>\d{1,2})[.:](?P<m2>\d{2})(?!\d)"
    zone = rf"(?:\s+(?:{_trie(d['clock_zone'])}){_END})?"
    wd = rf"(?P<wd>{_trie(weekdays)}){_END}"
    num = rf"(?P<n>\d{{1,3}}|{_trie(numbers)}){_END}"
    unit = rf"(?P<u>{_trie(units)}){_END}"
    rules: list[tuple[re.Pattern[str], Parser]] = [
        # "в ночь на 6 декабря", "у ніч з 20 на 21 вересня", "у ніч проти неділі"
        (re.compile(rf"(?:{_trie(d['night_on'])})\s+(?:(?:{_trie(d['night_from'])})\s+\d{{1,2}}"
                    rf"(?:\s+{_trie(list(months))})?\s+)?(?:{_trie(d['night_to'])})\s+(?:{date1}|{wd})"),
         _night_on),
        # fixed phrases, with a date after them ("в течение прошедшей ночи 24 июня")
        (re.compile(rf"(?P<fx>{_trie(list(fixed) + list(calendar))}){_END}(?:\s+{date1})?"), _fixed),
        # clock ranges: "в период с 20.00 мск 5 июня до 04.20 мск 6 июня"
        (re.compile(rf"(?:{_trie(d['clock_from'])})\s+{clock1}{zone}(?:\s+{date1})?{zone}\s+"
                    rf"(?:{_trie(d['clock_to'])})\s+{clock2}{zone}(?:\s+{date2})?{zone}"), _clock_range),
        # "станом на 09:00", "по состоянию на 8.00 6 июня"
        (re.compile(rf"(?:{_trie(d['as_of'])})\s+{clock1}{zone}(?:\s+{date1})?"), _as_of),
        # "с 5 по 7 декабря", "з 20 до 22 вересня"
        (re.compile(rf"(?:{_trie(d['clock_from'])})\s+(?P<from>\d{{1,2}})\s+(?:{_trie(d['clock_to'])})\s+{date1}"),
         _date_range),
        (re.compile(date1), _date),
        (re.compile(rf"(?:{_trie(d['weekday_before'])})\s+(?:(?P<rel>{_trie(d['weekday_last'] + d['weekday_next'])})\s+)?{wd}"),
         _weekday),
        (re.compile(rf"(?:в|во|у)\s+(?P<mon>{_trie(d['month_alone'])}){_END}"
                    rf"(?:\s+(?P<y>(?:19|20)\d{{2}})(?:\s*(?:{_trie(d['year_words'])}){_END}\.?)?)?"), _month),
        (re.compile(rf"(?:(?:в|во|у|с|со|з|із|до)\s+)?(?P<y>(?:19|20)\d{{2}})\s*(?:{_trie(d['year_words'])}){_END}\.?"),
         _year),
        (re.compile(rf"{num}\s+{unit}\s+(?:{_trie(d['ago'])}){_END}"), _ago),
        (re.compile(rf"(?:{_trie(d['last_n'])})\s+{num}\s+{unit}"), _last_n),
    ]
    firsts = set()
    for phrases in (d["night_on"], list(fixed), list(calendar), d["clock_from"], d["as_of"], d["weekday_before"],
                    ["в", "во", "у", "с", "со", "з", "із", "до"], d["last_n"], list(numbers),
                    list(dw["units"]) + list(dw["teens"]) + list(dw["tens"])):
        firsts.update(_norm(p).split()[0] for p in phrases)
    anchor = re.compile(rf"(?<![\w'])(?:{trie_regex(firsts)}){_END}|(?<![\w.,:])\d")
    return _Grammar(
        months=months, weekdays=weekdays, day_units={_norm(k): v for k, v in dw["units"].items()},
        day_teens={_norm(k): v for k, v in dw["teens"].items()}, day_tens={_norm(k): v for k, v in dw["tens"].items()},
        fixed=fixed, calendar=calendar, last=frozenset(map(_norm, d["weekday_last"])),
        next=frozenset(map(_norm, d["weekday_next"])), units=units, numbers=numbers, rules=rules, anchor=anchor)


# ----------------------------------------------------------------------------
# resolvers: (match on the normalised text, published, grammar) -> TimeSpan | None

def _date_of(m: re.Match[str], p: str, published: date | None, g: _Grammar) -> tuple[date, date] | None:
    """(first day, last day) of the date matched with group prefix ``p``, or None."""
    from tacitus.nlp.timex import _infer_year, _safe

    gd = m.groupdict()
    if gd.get(p + "nd"):
        y = int(gd[p + "ny"])
        y = y + 2000 if y < 100 else y
        day = _safe(y, int(gd[p + "nm"]), int(gd[p + "nd"]))
        return (day, day) if day else None
    if not gd.get(p + "mon"):
        return None
    month = g.months[gd[p + "mon"].rstrip(".")]
    if gd.get(p + "dw"):
        words = gd[p + "dw"].split()
        d1 = sum(g.day_tens.get(w, 0) + g.day_units.get(w, 0) + g.day_teens.get(w, 0) for w in words)
    else:
        d1 = int(gd[p + "d1"])
    d2 = int(gd[p + "d2"]) if gd.get(p + "d2") else None
    if gd.get(p + "y"):
        y = int(gd[p + "y"])
    elif gd.get(p + "ty"):
        if published is None:
            return None
        y = published.year
    else:
        y = _infer_year(month, d1, published)
    if y is None:
        return None
    start = _safe(y, month, d1)
    end = _safe(y, month, d2) if d2 else start
    if start is None or end is None or end < start:
        return None
    return start, end


def _date(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    span = _date_of(m, "a", p, g)
    if span is None:
        return None
    return TimeSpan(span[0], span[1], "day" if span[0] == span[1] else "range")


def _date_range(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    span = _date_of(m, "a", p, g)
    if span is None or span[0] != span[1]:
        return None
    try:
        start = span[1].replace(day=int(m.group("from")))
    except ValueError:
        return None
    return TimeSpan(start, span[1], "range") if start < span[1] else None


def _recent_weekday(p: date, wd: int) -> date:
    return p - timedelta(days=(p.weekday() - wd) % 7)


def _night_on(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    if m.group("wd"):
        if p is None:
            return None
        day = _recent_weekday(p, g.weekdays[m.group("wd")])
    else:
        span = _date_of(m, "a", p, g)
        if span is None or span[0] != span[1]:
            return None
        day = span[0]
    return TimeSpan(day - _ONE, day, "night")


def _fixed(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    from tacitus.nlp.timex import _calendar

    key = _norm(m.group("fx"))
    if m.group("amon") or m.group("and"):
        span = _date_of(m, "a", p, g)
        if span is None or span[0] != span[1]:
            return None
        kind = g.fixed.get(key, ("day",))[0]
        if kind == "night":  # "в течение прошедшей ночи 24 июня": the night ending on that date
            return TimeSpan(span[0] - _ONE, span[0], "night")
        return TimeSpan(span[0], span[0], "day")
    if p is None:
        return None
    if key in g.fixed:
        kind, a, b = g.fixed[key]
        return TimeSpan(p + timedelta(days=a), p + timedelta(days=b), kind)
    return _calendar(g.calendar[key], p)


def _clock_range(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    h1, h2 = int(m.group("h1")), int(m.group("h2"))
    if h1 > 24 or h2 > 24 or int(m.group("m1")) > 59 or int(m.group("m2")) > 59:
        return None
    crosses = (h1, int(m.group("m1"))) > (h2, int(m.group("m2")))
    first = _date_of(m, "a", p, g)
    second = _date_of(m, "b", p, g)
    if first and second:
        if second[0] < first[0]:
            return None
        if second[0] == first[0]:
            return TimeSpan(first[0], first[0], "day")
        return TimeSpan(first[0], second[0], "night" if second[0] == first[0] + _ONE and crosses else "range")
    if second or first:
        day = (second or first)[0]
        if crosses:
            return TimeSpan(day - _ONE, day, "night") if second else TimeSpan(day, day + _ONE, "night")
        return TimeSpan(day, day, "day")
    if p is None:
        return None
    return TimeSpan(p - _ONE, p, "night") if crosses else TimeSpan(p, p, "day")


def _as_of(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    if int(m.group("h1")) > 24 or int(m.group("m1")) > 59:
        return None
    span = _date_of(m, "a", p, g)
    day = span[0] if span else p
    return TimeSpan(day, day, "day") if day else None


def _weekday(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    if p is None:
        return None
    wd = g.weekdays[m.group("wd")]
    rel = m.group("rel") or ""
    if rel in g.next:
        day = p + timedelta(days=(wd - p.weekday() - 1) % 7 + 1)
    elif rel in g.last:
        day = p - timedelta(days=(p.weekday() - wd - 1) % 7 + 1)
    else:
        day = _recent_weekday(p, wd)
    return TimeSpan(day, day, "day")


def _month(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    from tacitus.nlp.timex import _month_span

    month = g.months[m.group("mon")]
    if m.group("y"):
        y = int(m.group("y"))
    elif p is None:
        return None
    else:
        y = p.year if month <= p.month else p.year - 1
    start, end = _month_span(y, month)
    return TimeSpan(start, end, "month")


def _year(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    y = int(m.group("y"))
    return TimeSpan(date(y, 1, 1), date(y, 12, 31), "year")


def _n(m: re.Match[str], g: _Grammar) -> int:
    n = m.group("n")
    return int(n) if n.isdigit() else g.numbers[_norm(n)]


def _ago(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    if p is None:
        return None
    n, unit = _n(m, g), g.units[_norm(m.group("u"))]
    if unit == "hour":
        return TimeSpan(p - timedelta(days=-(-n // 24)), p, "range")
    if unit == "week":
        monday = p - timedelta(days=p.weekday() + 7 * n)
        return TimeSpan(monday, monday + timedelta(days=6), "week")
    day = p - timedelta(days=n)
    return TimeSpan(day, day, "day")


def _last_n(m: re.Match[str], p: date | None, g: _Grammar) -> TimeSpan | None:
    if p is None:
        return None
    n, unit = _n(m, g), g.units[_norm(m.group("u"))]
    days = {"hour": -(-n // 24), "day": n, "week": 7 * n}[unit]
    return TimeSpan(p - timedelta(days=days), p, "range")


# ----------------------------------------------------------------------------

def find_times(text: str, published: date | None, language: str) -> list[Mention]:
    """All time expressions in Russian or Ukrainian ``text`` (see the module docstring)."""
    g = grammar(language)
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    low = low.translate(_NORM)
    out: list[Mention] = []
    last_end = 0
    for a in g.anchor.finditer(low):
        pos = a.start()
        if pos < last_end:
            continue
        best: tuple[int, TimeSpan] | None = None
        for pattern, resolve in g.rules:
            m = pattern.match(low, pos)
            if m is None or (best is not None and m.end() <= best[0]):
                continue
            try:
                span = resolve(m, published, g)
            except (ValueError, OverflowError):
                span = None  # a date before year 1 or after 9999
            if span is not None:
                best = (m.end(), span)
        if best is None:
            continue
        end, span = best
        if low[end - 1] == "." and not _SHORT_BEFORE_PERIOD.search(low, pos, end):
            end -= 1  # the sentence's period, not an abbreviation's ("2024 г.")
        span.text = text[pos:end]
        out.append(Mention(pos, end, span.text, "time", span))
        last_end = end
    return out
