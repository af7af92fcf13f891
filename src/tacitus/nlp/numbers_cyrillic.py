"""Numbers of things in Russian and Ukrainian text; called by
``tacitus.nlp.numbers.find_numbers(text, language)`` for ``ru`` and ``uk``.

The output is the English one's (``Mention`` labelled ``number``, value
:class:`tacitus.nlp.numbers.NumberValue`, same qualifier conventions), read
from a table of every case and gender of the number words
(``data/LANG/numbers.yml``):

* digits, with spaces or thin spaces between thousands ("1 500"), and a scale
  word after them ("1,5 тыс.", "2 млн", "10 тысяч");
* number words in any case and gender, composed ("двадцать три", "двухсот
  сорока", "п'ятьма десятками" = 50, "полторы тысячи" = 1500), collective
  numerals ("трое", "п'ятеро");
* vague quantities as ranges ("несколько" 3..9, "десятки" 20..99, "сотни"
  200..999, "тысячи" 2000..9999), multiplied by a scale or group after them
  ("десятки тысяч" 20 000..99 999, "несколько сотен" 300..999); a bare group
  is its size, approximately ("десяток" ~10); "сотни" / "тысячи" after a
  qualifier are the genitive singular ("около тысячи" ~1000);
* qualifiers before ("более", "около", "до", "почти", "понад", "близько",
  "щонайменше", "майже" ...) and after ("с лишним", "і більше", "10+");
* ranges: "от 10 до 15", "між 5 і 7", "10–15", "два-три", "двух или трех";
* distributive "по 11", "по одному", "по 2-3": ``NumberValue.each`` is True,
  the figure applies to each of the places or groups named with it.

Not counts, and skipped: dates ("6 декабря", "21 вересня"), years ("в 2024",
"2024 года"), clock times ("20.00", "09:00"), decimals without a scale word,
percentages, money, calibres ("152 мм"), ordinals ("5-й", "10-го"), names of
things ("Су-34", "С-300", "№ 5", "ст. 205"), "один" as a pronoun ("один из").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tacitus.model import Mention
from tacitus.nlp.numbers import _MAX_DIGITS, MAX_COUNT

_DATA = Path(__file__).resolve().parent.parent / "data"

_TOKEN = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,:]?\d)"  # 1 500, 12 000
    r"|\d+(?:[.,:]\d+)*"                                      # 43, 1,5, 20.00, 21.09.2025
    r"|[^\W\d_]+(?:['’ʼ][^\W\d_]+)*"                          # words, with an apostrophe
    r"|\S")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е"})
_GLUED_BEFORE = frozenset("$€£¥₴₽/:.,")
# endings after "5-" that keep a number a cardinal ("5-ти", "2-х"); others make it an ordinal ("5-й")
_CARDINAL_SUFFIXES = frozenset("ти х ми ех ух ем ум ью и".split())
_TIME_OR_DATE = re.compile(r"\d{1,2}[.:]\d{2}(?:[.:]\d{2,4})?|\d{1,2}\.\d{1,2}\.\d{2,4}")
_DECIMAL = re.compile(r"\d+[.,]\d+")
_DATIVE_PLURAL = ("ам", "ям")  # "по 17 объектам" is no distributive, "по 17 БПЛА" is


@dataclass(slots=True)
class _Grammar:
    words: dict[str, int]
    collective: dict[str, int]
    scales: dict[str, int]
    groups: dict[str, int]
    half: frozenset[str]
    vague: dict[str, tuple[int, int | None]]
    qual_before: dict[tuple[str, ...], str]
    qual_after: dict[tuple[str, ...], str]
    distributive: frozenset[str]
    frames: dict[str, frozenset[str]]
    separators: frozenset[str]
    not_after: frozenset[str]
    designators: frozenset[str]
    one_after: tuple[tuple[str, ...], ...]
    one_before: frozenset[str]
    year_before: frozenset[str]
    months: frozenset[str]
    starters: frozenset[str]


def _norm(word: str) -> str:
    return word.lower().translate(_APOSTROPHES)


def _forms(table: dict[Any, list[str]]) -> dict[str, int]:
    return {_norm(str(f)): int(v) for v, forms in table.items() for f in forms}


def _phrases(table: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    return {tuple(_norm(w) for w in _TOKEN.findall(p)): q for q, phrases in table.items() for p in phrases}


@lru_cache(maxsize=4)
def grammar(language: str) -> _Grammar:
    """The number grammar of ``language`` from ``data/LANG/numbers.yml`` (once)."""
    d = yaml.safe_load((_DATA / language / "numbers.yml").read_text(encoding="utf-8"))
    months: set[str] = set()
    time_file = _DATA / language / "time.yml"
    if time_file.exists():
        t = yaml.safe_load(time_file.read_text(encoding="utf-8"))
        months = {_norm(m).rstrip(".") for names in t["months"].values() for m in names}
    vague = {_norm(f): (v["range"][0], v["range"][1]) for v in d["vague"] for f in v["forms"]}
    qb, qa = _phrases(d["qualifiers_before"]), _phrases(d["qualifiers_after"])
    frames: dict[str, set[str]] = {}
    for a, b in d["range_frames"]:
        frames.setdefault(_norm(a), set()).add(_norm(b))
    g = _Grammar(
        words=_forms(d["words"]), collective=_forms(d["collective"]), scales=_forms(d["scales"]),
        groups=_forms(d["groups"]), half=frozenset(map(_norm, d["half"])), vague=vague,
        qual_before=qb, qual_after=qa, distributive=frozenset(map(_norm, d["distributive"])),
        frames={k: frozenset(v) for k, v in frames.items()},
        separators=frozenset(map(_norm, d["range_separators"])),
        not_after=frozenset(_norm(str(w)) for w in d["not_count_after"]),
        designators=frozenset(_norm(str(w)) for w in d["designators"]),
        one_after=tuple(tuple(_norm(w) for w in p.split()) for p in d["one_not_a_number_after"]),
        one_before=frozenset(map(_norm, d["one_not_a_number_before"])),
        year_before=frozenset(map(_norm, d["year_before"])), months=frozenset(months),
        starters=frozenset(),
    )
    g.starters = frozenset(
        set(g.words) | set(g.collective) | set(g.scales) | set(g.groups) | g.half | set(g.vague)
        | {p[0] for p in qb} | g.distributive | set(g.frames))
    return g


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str   # normalised: lower case, ё as е, one apostrophe
    raw: str


@dataclass(slots=True)
class _Num:
    """A bare number read at some tokens: [i, j) and its reading."""
    i: int
    j: int
    low: int
    high: int | None
    vague: bool = False
    approx: bool = False
    digits: bool = False
    word: str = ""


class _Reader:
    def __init__(self, text: str, g: _Grammar):
        self.text, self.g = text, g
        low = text.lower()
        if len(low) == len(text) and "Σ" not in text:
            # the text normalised once, each token's slice of it (what ``_norm`` makes of
            # the token: lower case keeps every offset, and no final sigma reads its context)
            low = low.translate(_APOSTROPHES)
            self.toks = [_Tok(m.start(), m.end(), low[m.start():m.end()], m.group()) for m in _TOKEN.finditer(text)]
        else:
            self.toks = [_Tok(m.start(), m.end(), _norm(m.group()), m.group()) for m in _TOKEN.finditer(text)]

    # -- helpers --------------------------------------------------------------
    def tok(self, i: int) -> str:
        return self.toks[i].text if 0 <= i < len(self.toks) else ""

    def adjacent(self, i: int) -> bool:
        """Whether token i follows token i-1 with only spaces between."""
        return self.text[self.toks[i - 1].end:self.toks[i].start].isspace()

    def phrase(self, i: int, table: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
        """The longest phrase of ``table`` starting at token i: (its length, its value)."""
        for n in (4, 3, 2, 1):
            key = tuple(t.text for t in self.toks[i:i + n])
            if len(key) == n and key in table and all(self.adjacent(k) for k in range(i + 1, i + n)):
                return n, table[key]
        return None

    # -- a bare number ----------------------------------------------------------
    def number(self, i: int, qualified: bool) -> _Num | None:
        if i >= len(self.toks):
            return None
        t = self.toks[i]
        if t.text[0].isdigit():
            return self._digits(i)
        return self._words(i, qualified)

    def _scale_after(self, j: int) -> tuple[int, int] | None:
        """(multiplier, tokens) of a scale or group word at token j ("тыс" "." counts as one)."""
        if j >= len(self.toks) or not self.adjacent(j):
            return None
        w = self.tok(j)
        factor = self.g.scales.get(w) or self.g.groups.get(w)
        if not factor:
            return None
        return factor, 1

    def _digits(self, i: int) -> _Num | None:
        t, text = self.toks[i], self.text
        before = text[t.start - 1] if t.start else " "
        if before.isalnum() or before in _GLUED_BEFORE or before == "^":
            return None
        if before in "-–" and t.start >= 2 and text[t.start - 2].isalpha():
            return None  # "Су-34", "Х-101"
        after = text[t.end] if t.end < len(text) else " "
        if after.isalpha() or after in "/°%^":  # "10^30" is no count of anything
            return None
        if after == "-" and t.end + 1 < len(text) and text[t.end + 1].isalpha():
            m = re.match(r"[^\W\d_]+", text[t.end + 1:t.end + 6])
            if m and m.group().lower() not in _CARDINAL_SUFFIXES:
                return None  # "5-й", "10-го", "152-мм"
        raw = t.raw
        scale = self._scale_after(i + 1)
        if len(re.split(r"[.,:]", raw)[0].replace(" ", "").lstrip("0")) > _MAX_DIGITS:
            return _Num(i, i + (2 if scale else 1), MAX_COUNT + 1, MAX_COUNT + 1, digits=True)  # not converted
        if "." in raw or "," in raw or ":" in raw:
            if scale and _DECIMAL.fullmatch(raw):
                return _Num(i, i + 2, round(float(raw.replace(",", ".")) * scale[0]),
                            round(float(raw.replace(",", ".")) * scale[0]), digits=True)
            return None  # a clock time, a date, or a measure
        digits = re.sub(r"\D", "", raw)
        if not digits:
            return None  # "²", "½": digits to str.isdigit, no decimal number
        value = int(digits)
        if scale:
            return _Num(i, i + 2, value * scale[0], value * scale[0], digits=True)
        return _Num(i, i + 1, value, value, digits=True)

    def _words(self, i: int, qualified: bool) -> _Num | None:
        g, w = self.g, self.tok(i)
        if w in g.half:
            scale = self._scale_after(i + 1)
            if scale:
                v = scale[0] * 3 // 2
                return _Num(i, i + 2, v, v, approx=self.tok(i + 1) in g.groups)
            return None
        if w in g.collective:
            v = g.collective[w]
            return _Num(i, i + 1, v, v, word=w)
        if w in g.words:
            return self._composed(i)
        if w in g.vague and not (qualified and (w in g.scales or w in g.groups)):
            low, high = g.vague[w]
            scale = self._scale_after(i + 1)
            if scale:
                f = scale[0]
                return _Num(i, i + 2, low * f, None if high is None else (high + 1) * f - 1, vague=True)
            return _Num(i, i + 1, low, high, vague=True)
        if w in g.groups:
            v = g.groups[w]
            return _Num(i, i + 1, v, v, approx=True)
        if w in g.scales:
            return self._composed(i)  # "тысяча двести"
        return None

    def _composed(self, i: int) -> _Num | None:
        """A number in words: hundreds, tens, units, then a scale, and again."""
        g = self.g
        total = current = 0
        last_rank = 9
        last_scale = 10**12
        j = i
        while j < len(self.toks) and (j == i or self.adjacent(j)):
            w = self.tok(j)
            if w in g.words:
                v = g.words[w]
                rank = 3 if v >= 100 else 2 if v >= 20 else 1
                if rank >= last_rank:
                    break
                current += v
                last_rank = rank
            elif w in g.scales and g.scales[w] < last_scale:
                s = g.scales[w]
                total += (current or 1) * s
                current, last_rank, last_scale = 0, 9, s
            elif w in g.groups and j > i and current:
                current *= g.groups[w]
                j += 1
                break
            else:
                break
            j += 1
        value = total + current
        return _Num(i, j, value, value, word=self.tok(i) if j == i + 1 else "")

    # -- a whole expression -----------------------------------------------------
    def expression(self, i: int) -> tuple[int, int, Any] | None:
        """(first token, end token, NumberValue) of a number expression starting at token i."""
        from tacitus.nlp.numbers import NumberValue

        g, start = self.g, i
        each = False
        if self.tok(i) in g.distributive:
            each, i = True, i + 1
        qual = None
        found = self.phrase(i, g.qual_before) if i < len(self.toks) else None
        if found:
            n, qual = found
            i += n
        # a framed range: "от 10 до 15", "між 5 і 7"
        if self.tok(i) in g.frames and qual is None:
            a = self.number(i + 1, False)
            if a and not a.vague and self.tok(a.j) in g.frames[self.tok(i)]:
                b = self.number(a.j + 1, False)
                if b and not b.vague and a.high is not None and b.low > a.low and self._count(a, start) \
                        and self._count(b, start):
                    return start, b.j, NumberValue(a.low, a.low, b.low, "range", self.toks[a.i].start, each)
            return None
        a = self.number(i, qual is not None)
        if a is None:
            return None
        # a range with a separator: "10–15", "два-три", "двух или трех"
        sep = self.tok(a.j)
        if sep in g.separators and not a.vague and a.j + 1 < len(self.toks):
            b = self.number(a.j + 1, False)
            if b and self.tok(b.j) in g.months:
                return None  # "6-7 декабря": dates
            if (b and not b.vague and b.low > a.low and b.digits == a.digits
                    and not (a.low >= 1900 and b.low >= 1900) and self._count(b, start)
                    and (sep != "—" or not (self.adjacent(a.j) or self.adjacent(a.j + 1)))):
                if not self._count(a, start, after=b.j):
                    return None
                return start, b.j, NumberValue(a.low, a.low, b.low, "range", self.toks[a.i].start, each)
        if not self._count(a, start, qualified=qual is not None):
            return None
        end = a.j
        after = self.phrase(end, g.qual_after) if end < len(self.toks) else None
        if after:
            end += after[0]
            qual = qual or after[1]
        elif self.tok(end) == "+" and not self.text[self.toks[end - 1].end:self.toks[end].start]:
            end += 1
            qual = qual or "at_least"
        at = self.toks[a.i].start
        if each and a.low > 1 and self.tok(a.j).endswith(_DATIVE_PLURAL):
            each, start = False, a.i if qual is None else start  # "удар по 17 объектам": "по" means "at"
        if a.vague:
            q = "at_least" if qual == "at_least" else "range"
            return start, end, NumberValue(a.low, a.low, None if q == "at_least" else a.high, q, at, each)
        q = qual or ("approx" if a.approx else "exact")
        if q == "at_least":
            return start, end, NumberValue(a.low, a.low, None, q, at, each)
        if q == "at_most":
            return start, end, NumberValue(a.low, 0, a.low, q, at, each)
        return start, end, NumberValue(a.low, a.low, a.low, q, at, each)

    def _count(self, n: _Num, start: int, after: int | None = None, qualified: bool = False) -> bool:
        """Whether the number n counts things (not a date, year, share, name ...)."""
        g = self.g
        nxt = self.tok(n.j if after is None else after)
        if nxt in g.not_after or nxt in g.months:
            return False
        prev = self.tok(start - 1)
        if prev == "." and n.digits:
            prev = self.tok(start - 2)  # "ст. 205"
        if prev in g.designators and n.digits:
            return False
        if n.word and n.low == 1:
            if prev in g.one_before:
                return False
            for phrase in g.one_after:
                if tuple(self.tok(n.j + k) for k in range(len(phrase))) == phrase:
                    return False
        if n.digits and n.j == n.i + 1 and 1900 <= n.low <= 2100 and len(self.toks[n.i].raw) == 4 \
                and not qualified:
            if prev in g.year_before or not nxt or not nxt[0].isalpha():
                return False
        return True

    def find(self) -> list[Mention]:
        g, out = self.g, []
        if not any(t.text in g.starters or t.text[0].isdigit() for t in self.toks):
            return out
        i = 0
        while i < len(self.toks):
            t = self.toks[i]
            if t.text in g.starters or t.text[0].isdigit():
                found = self.expression(i)
                if found:
                    a, b, value = found
                    s, e = self.toks[a].start, self.toks[b - 1].end
                    if max(value.value, value.high or 0) > MAX_COUNT:   # as tacitus.nlp.numbers
                        out.append(Mention(s, e, self.text[s:e], "number_too_large", None))
                    else:
                        out.append(Mention(s, e, self.text[s:e], "number", value))
                    i = b
                    continue
            i += 1
        return out


def find_numbers(text: str, language: str) -> list[Mention]:
    """All counts in Russian or Ukrainian ``text``, in order (see the module docstring)."""
    return _Reader(text, grammar(language)).find()
