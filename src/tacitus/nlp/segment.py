"""Sentence segmentation: a fast regex splitter that knows news abbreviations.

``split_sentences(text, blocks)`` returns sentences with offsets into
``text``; a sentence never crosses a block boundary and carries its block's
kind.  A candidate break is ``.``/``!``/``?``/``…`` (plus any closing quotes
and brackets) followed by whitespace and an uppercase letter, digit, opening
quote or bracket.  It is vetoed when:

* the word before the period is a title-like abbreviation ("St.", "Gen.",
  "No.") that never ends a sentence;
* the word is an ambiguous abbreviation ("Jan.", "Inc."), a dotted acronym
  ("U.S.", "a.m.") or a single initial ("J.") and the next word is not a
  common sentence opener;
* it is an ellipsis inside an open quotation.

Abbreviations and openers are in ``data/abbreviations.yml``, and per language
in ``data/LANG/abbreviations.yml`` (Russian, Ukrainian).  For those languages
a sentence may also open with « „ or a dash (direct speech), dotted
abbreviations are Cyrillic too ("т.е.", "н.п.") and a single capital Cyrillic
letter is an initial ("А. Богомаз").  ``split_sentences(text, blocks,
language)`` uses a block's own language (``Block.language``) where it has one.

``tokenize(text, start, end)`` gives the tokens of a stretch with offsets:
words (with inner apostrophes and hyphens: "п'ять", "р-н", "Су-34"), numbers
("1 500", "20.00", "5-й"), and every other character on its own.

A sentence longer than :data:`MAX_SENTENCE` characters (no news sentence is:
the longest in the evaluation sets is under 900) is split at the last safe
point before the limit: a semicolon or colon, else a comma, else a dash, else
a space, else at the limit itself. Every later stage works sentence by
sentence, so this bounds their work: a report with no sentence breaks costs
what a report of the same length with them costs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml

from tacitus.model import Block, Sentence

_DATA = Path(__file__).resolve().parent.parent / "data"
_CYRILLIC_LANGUAGES = ("ru", "uk")

_CANDIDATE = re.compile(r"(?:\.{3}|…|[.!?]+)[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9\u0400-\u042f])")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]*([\w'’-]+)")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # "U.S" "a.m" (last period cut off)
_INITIAL = re.compile(r"^[A-Z]$")
# Russian and Ukrainian: sentences may open with « „ or a dash; Cyrillic acronyms and initials
_CANDIDATE_CYR = re.compile(
    r"(?:\.{3}|…|[.!?]+)[\"'”’)\]»]*(?=\s+[\"'“‘(\[«„—–-]*\s*[A-Z0-9\u0400-\u042f\u0490])")
_NEXT_WORD_CYR = re.compile(r"\s+[\"'“‘(\[«„—–-]*\s*([\w'’ʼ-]+)")
_ACRONYM_CYR = re.compile(r"^(?:[A-Za-z\u0400-\u04ff]\.)+[A-Za-z\u0400-\u04ff]$")
_INITIAL_CYR = re.compile(r"^[A-Z\u0400-\u042f\u0490]$")

#: the longest sentence handed on; longer ones are split (see the module docstring)
MAX_SENTENCE = 1000
# where a long sentence may be split, best first; searched in the second half of the window
_SAFE_POINTS = (re.compile(r"[;:](?=\s)"), re.compile(r",(?=\s)"), re.compile(r"\s[—–-](?=\s)"),
                re.compile(r"\s"))


@dataclass(frozen=True, slots=True)
class _Rules:
    """One language's splitting rules."""
    never: frozenset[str]
    maybe: frozenset[str]
    openers: frozenset[str]
    candidate: re.Pattern[str]
    next_word: re.Pattern[str]
    acronym: re.Pattern[str]
    initial: re.Pattern[str]


@lru_cache(maxsize=8)
def _rules(language: str) -> _Rules:
    """The rules of ``language``; English ones for a language without its own file."""
    own = _DATA / language / "abbreviations.yml"
    path = own if language != "en" and own.exists() else _DATA / "abbreviations.yml"
    cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    cyr = path == own
    return _Rules(frozenset(cfg["never_final"].split()), frozenset(cfg["maybe_final"].split()),
                  frozenset(cfg["openers"].split()),
                  _CANDIDATE_CYR if cyr else _CANDIDATE, _NEXT_WORD_CYR if cyr else _NEXT_WORD,
                  _ACRONYM_CYR if cyr else _ACRONYM, _INITIAL_CYR if cyr else _INITIAL)


class _Quotes:
    """Whether a quotation opened since the sentence start is still open, counted
    incrementally: each character is counted once however many candidates follow."""

    def __init__(self, text: str, start: int):
        self.text, self.start, self.pos = text, start, start
        self.straight = self.opening = self.closing = 0

    def open_at(self, sent_start: int, at: int) -> bool:
        if sent_start != self.start:
            self.__init__(self.text, sent_start)
        chunk = self.text[self.pos:at]
        self.straight += chunk.count('"')
        self.opening += chunk.count("“")
        self.closing += chunk.count("”")
        self.pos = max(self.pos, at)
        return bool(self.straight % 2) or self.opening > self.closing


def _is_break(text: str, sent_start: int, m: re.Match[str], rules: _Rules, quotes: _Quotes) -> bool:
    """Decide whether the candidate ``m`` really ends a sentence."""
    mark = m.group(0)
    if mark.startswith(("...", "…")):
        return not quotes.open_at(sent_start, m.start())
    if not mark.startswith("."):
        return True
    space = max(text.rfind(" ", sent_start, m.start()), text.rfind("\n", sent_start, m.start()))
    word = text[max(space + 1, sent_start):m.start()].lstrip("\"'“‘([«„")
    if not word:
        return True
    if word in rules.never:
        return False
    if word in rules.maybe or rules.acronym.match(word) or rules.initial.match(word):
        nxt = rules.next_word.match(text, m.end())
        return bool(nxt) and nxt.group(1) in rules.openers
    return True


def _split_block(text: str, block: Block, rules: _Rules, out: list[Sentence]) -> None:
    """Append the sentences of the block to ``out``."""
    sent_start = block.start
    quotes = _Quotes(text, block.start)
    for m in rules.candidate.finditer(text, block.start, block.end):
        if _is_break(text, sent_start, m, rules, quotes):
            _emit(text, sent_start, m.end(), block, out)
            sent_start = m.end()
    _emit(text, sent_start, block.end, block, out)


def _emit(text: str, start: int, end: int, block: Block, out: list[Sentence]) -> None:
    """Append ``text[start:end]`` trimmed of surrounding whitespace, if anything is
    left; split at safe points while it is longer than MAX_SENTENCE."""
    while True:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start <= MAX_SENTENCE:
            break
        cut = _safe_cut(text, start)
        piece = text[start:cut].rstrip()
        out.append(Sentence(start=start, end=start + len(piece), text=piece, block=block.kind,
                            language=block.language))
        start = cut
    if start < end:
        out.append(Sentence(start=start, end=end, text=text[start:end], block=block.kind,
                            language=block.language))


def _safe_cut(text: str, start: int) -> int:
    """Where to end a piece of an over-long sentence that starts at ``start``."""
    limit = start + MAX_SENTENCE
    low = start + MAX_SENTENCE // 2
    for pattern in _SAFE_POINTS:
        last = None
        for last in pattern.finditer(text, low, limit):
            pass
        if last is not None:
            return last.end() if last.group(0)[:1] in ";:," else last.start() + 1
    return limit


def split_sentences(text: str, blocks: list[Block] | None = None, language: str = "en") -> list[Sentence]:
    """Sentences of ``text`` with offsets into it, never crossing a block boundary.

    Without blocks, paragraphs are taken to be separated by blank lines.
    ``language`` is the document's; a block with its own language is split by that
    language's rules and its sentences carry it (``Sentence.language``).
    """
    if not blocks:
        blocks = [Block("paragraph", m.start(), m.end()) for m in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", text, re.S)]
    out: list[Sentence] = []
    for block in blocks:
        _split_block(text, block, _rules(block.language or language), out)
    return out


class Token(NamedTuple):
    start: int
    end: int
    text: str


_TOKEN = re.compile(
    r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,]\d)"   # 1 500, 12 000 (spaced thousands)
    r"|\d+(?:[.,:]\d+)*(?:-[^\W\d_]+)?"                    # 20.00, 1,5, 09:00, 5-й, 1435-го
    r"|[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*(?:-\d+[^\W\d_]*)?"  # п'ять, р-н, Ростов-на-Дону, Су-34, Х-101
    r"|\S")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text`` (see the module docstring)."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
