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

Abbreviations and openers are in ``data/abbreviations.yml``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from tacitus.model import Block, Sentence

_DATA = Path(__file__).resolve().parent.parent / "data" / "abbreviations.yml"

_CANDIDATE = re.compile(r"(?:\.{3}|…|[.!?]+)[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z0-9\u0400-\u042f])")
_NEXT_WORD = re.compile(r"\s+[\"'“‘(\[]*([\w'’-]+)")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # "U.S" "a.m" (last period cut off)
_INITIAL = re.compile(r"^[A-Z]$")


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(never-final abbreviations, maybe-final abbreviations, sentence openers)."""
    cfg = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return (frozenset(cfg["never_final"].split()), frozenset(cfg["maybe_final"].split()),
            frozenset(cfg["openers"].split()))


def _quote_open(chunk: str) -> bool:
    """Whether a quotation opened in ``chunk`` is still open at its end."""
    if chunk.count('"') % 2:
        return True
    return chunk.count("“") > chunk.count("”")


def _is_break(text: str, sent_start: int, m: re.Match[str]) -> bool:
    """Decide whether the candidate ``m`` really ends a sentence."""
    never, maybe, openers = _lists()
    mark = m.group(0)
    if mark.startswith(("...", "…")):
        return not _quote_open(text[sent_start:m.start()])
    if not mark.startswith("."):
        return True
    space = max(text.rfind(" ", sent_start, m.start()), text.rfind("\n", sent_start, m.start()))
    word = text[max(space + 1, sent_start):m.start()].lstrip("\"'“‘([")
    if not word:
        return True
    if word in never:
        return False
    if word in maybe or _ACRONYM.match(word) or _INITIAL.match(word):
        nxt = _NEXT_WORD.match(text, m.end())
        return bool(nxt) and nxt.group(1) in openers
    return True


def _split_block(text: str, start: int, end: int, kind: str, out: list[Sentence]) -> None:
    """Append the sentences of ``text[start:end]`` to ``out``."""
    sent_start = start
    for m in _CANDIDATE.finditer(text, start, end):
        if _is_break(text, sent_start, m):
            _emit(text, sent_start, m.end(), kind, out)
            sent_start = m.end()
    _emit(text, sent_start, end, kind, out)


def _emit(text: str, start: int, end: int, kind: str, out: list[Sentence]) -> None:
    """Append ``text[start:end]`` trimmed of surrounding whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(start=start, end=end, text=text[start:end], block=kind))


def split_sentences(text: str, blocks: list[Block] | None = None) -> list[Sentence]:
    """Sentences of ``text`` with offsets into it, never crossing a block boundary.

    Without blocks, paragraphs are taken to be separated by blank lines.
    """
    if not blocks:
        blocks = [Block("paragraph", m.start(), m.end()) for m in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", text, re.S)]
    out: list[Sentence] = []
    for block in blocks:
        _split_block(text, block.start, block.end, block.kind, out)
    return out
