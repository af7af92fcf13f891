"""A generic, fast phrase matcher over the vocabularies in ``tacitus/data/*.yml``.

A vocabulary file looks like this::

    label: outlet            # the Mention label the matches get
    entries:
      - name: The Wall Street Journal   # canonical form (also matched)
        aliases: [Wall Street Journal, WSJ]
        exact: [Journal]      # optional: aliases matched case-sensitively
        country: US           # any other key is carried into the value dict
        kind: paper

Every alias becomes a pattern whose value is the entry's dict (``name`` plus the
extra keys). Matching rules:

* longest match wins, scanning left to right, matches never overlap;
* matches sit on word boundaries;
* short acronyms ("WSJ", "AP", "MoD": no spaces, at most 6 characters, two or
  more capitals) and the aliases under ``exact`` match case-sensitively, all
  other aliases case-insensitively;
* any run of whitespace matches a space, straight and curly apostrophes are
  interchangeable, and so are the hyphen and its Unicode look-alikes.

The patterns are compiled into two regexes (case-insensitive and case-sensitive)
shaped as a prefix tree, so the regex engine never backtracks through thousands
of alternatives: matching a few thousand patterns runs at millions of characters
per second.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

import yaml

from tacitus.model import Mention
from tacitus.nlp.scan import MIN_ANCHOR, Ids, current_span, fold, may_match, register_literals

__all__ = ["Lexicon", "Pattern", "normalise_key", "load_data"]

_APOSTROPHES = "'\u2019\u2018\u02bc`"
_HYPHENS = "-\u2010\u2011\u2012\u2013"
_KEY_TABLE = str.maketrans({**{c: "'" for c in _APOSTROPHES}, **{c: "-" for c in _HYPHENS}})
_WS = re.compile(r"\s+")
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9/&.\-]{2,6}$")


def normalise_key(text: str, *, fold_case: bool = True) -> str:
    """The lookup form of a phrase: apostrophes/hyphens unified, spaces collapsed."""
    key = _WS.sub(" ", text.translate(_KEY_TABLE)).strip()
    return key.lower() if fold_case else key


def is_acronym(alias: str) -> bool:
    """Whether an alias is a short acronym to be matched case-sensitively ("AP", "MoD")."""
    return bool(_ACRONYM.match(alias))


@dataclass(frozen=True, slots=True)
class Pattern:
    """One alias of one vocabulary entry."""
    text: str
    value: dict[str, Any]
    case_sensitive: bool = False


# libyaml's parser when PyYAML was built with it (same safe constructor, ~10x faster:
# actors.yml loads in ~9 ms instead of ~80 ms at start-up), else the pure-Python one
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """Parse ``tacitus/data/<name>.yml`` once (cached)."""
    path = resources.files("tacitus") / "data" / f"{name}.yml"
    with path.open("r", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_YAML_LOADER)


def _char_class(ch: str) -> str:
    """The regex for one (already normalised) pattern character."""
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "[" + re.escape(_APOSTROPHES) + "]"
    if ch == "-":
        return "[" + re.escape(_HYPHENS) + "]"
    return re.escape(ch)


def _trie_regex(keys: Iterable[str]) -> str:
    """A regex source matching exactly ``keys``, shaped as a prefix tree.

    Longer continuations are tried before stopping, so the regex engine yields the
    longest key that also ends on a word boundary.
    """
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends_here = "" in node
        branches = [_char_class(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends_here:
            # the shorter key must end on a word boundary; the longer is tried first
            return "(?:" + body + ")?"
        return body

    return build(trie)


class Lexicon:
    """A set of phrases, each mapped to a canonical value dict; see the module doc."""

    def __init__(self, patterns: Iterable[Pattern], label: str = "lexicon") -> None:
        self.label = label
        self._folded: dict[str, dict[str, Any]] = {}
        self._exact: dict[str, dict[str, Any]] = {}
        for p in patterns:
            if p.case_sensitive:
                self._exact.setdefault(normalise_key(p.text, fold_case=False), p.value)
            else:
                self._folded.setdefault(normalise_key(p.text), p.value)
        # folded keys are matched on the lower-cased text (2-3x faster than IGNORECASE);
        # the IGNORECASE regex is only built for text whose length lower() changes
        self._re_folded = self._compile(self._folded, 0)
        self._re_folded_i: re.Pattern[str] | None = None
        self._re_exact = self._compile(self._exact, 0)
        # the longest literal piece of every key joins the document scan: in a sentence
        # of the document being extracted that holds none of a table's pieces, nor one
        # of its keys too short to scan for ("AP", "PM"), that table's regex is not run
        # (tacitus.nlp.scan); the case-sensitive table (acronyms) is seldom needed
        self._gate_folded = self._gate(self._folded)
        self._gate_exact = self._gate(self._exact)

    def _gate(self, table: dict[str, Any]) -> tuple[bool, Ids | None, re.Pattern[str] | None]:
        """(whether some key is anchored, their anchors or None when they cannot be
        scanned for, the regex of the keys too short to scan for)."""
        anchors: list[frozenset[str]] = []
        shorts: dict[str, Any] = {}
        for key in table:
            piece = fold(max(re.split(r"[ '\-]", key), key=len)).strip()
            if len(piece) >= MIN_ANCHOR:
                anchors.append(frozenset([piece]))
            else:
                shorts[key] = True
        return bool(anchors), register_literals(anchors) if anchors else None, self._compile(shorts, 0)

    @staticmethod
    def _may(gate: tuple[bool, Ids | None, re.Pattern[str] | None], text: str, low: str) -> bool:
        """Whether a table's regex can match ``text`` (``low``: its lower case, which
        the folded table's short keys are matched on), as far as the scan tells."""
        anchored, ids, short = gate
        if anchored and (ids is None or may_match(ids, text)):
            return True
        if not anchored and current_span(text) is None:
            return True   # not a sentence of the document being scanned: cannot tell
        return short is not None and short.search(low) is not None

    @staticmethod
    def _compile(table: dict[str, Any], flags: int) -> re.Pattern[str] | None:
        if not table:
            return None
        # the trie regex may stop inside a word; the lookahead forces a word end,
        # and the optional groups backtrack to a shorter key that ends properly
        source = r"(?<![\w])(?:" + _trie_regex(table) + r")(?![\w])"
        return re.compile(source, flags)

    # -- construction -------------------------------------------------------
    @classmethod
    def from_entries(cls, entries: Iterable[dict[str, Any]], label: str = "lexicon") -> "Lexicon":
        """Build from entry dicts as they appear in a vocabulary file."""
        return cls(patterns_from_entries(entries), label)

    @classmethod
    def from_yaml(cls, name: str) -> "Lexicon":
        """The lexicon of ``tacitus/data/<name>.yml`` (built once, then cached)."""
        return _cached_lexicon(name)

    # -- lookup -------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._folded) + len(self._exact)

    def get(self, phrase: str) -> dict[str, Any] | None:
        """The value of an exact phrase (same case rules as ``find``), or None."""
        hit = self._exact.get(normalise_key(phrase, fold_case=False))
        return hit if hit is not None else self._folded.get(normalise_key(phrase))

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping matches in ``text``, longest first, left to right."""
        hits: list[tuple[int, int, dict[str, Any]]] = []
        low = text.lower()
        if self._re_folded is not None and self._may(self._gate_folded, text, low):
            if len(low) == len(text):
                matches = self._re_folded.finditer(low)
            else:  # rare characters whose lower case is longer: match the original text
                if self._re_folded_i is None:
                    self._re_folded_i = self._compile(self._folded, re.IGNORECASE)
                matches = self._re_folded_i.finditer(text)
            folded = self._folded
            for m in matches:
                value = folded.get(m.group())  # fast path: the match is already a key
                if value is None:
                    value = folded.get(normalise_key(m.group()))
                    if value is None:
                        continue  # matched only by regex case folding ("İt" for "it"): no phrase of ours
                hits.append((m.start(), m.end(), value))
        if self._re_exact is not None:
            exact = self._exact
            for m in self._re_exact.finditer(text) if self._may(self._gate_exact, text, text) else ():
                value = exact.get(m.group())
                if value is None:
                    value = exact.get(normalise_key(m.group(), fold_case=False))
                    if value is None:
                        continue
                hits.append((m.start(), m.end(), value))
            hits.sort(key=lambda h: (h[0], -h[1]))
            hits = _drop_overlaps(hits)
        return [Mention(s, e, text[s:e], self.label, v) for s, e, v in hits]


def _drop_overlaps(hits: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """Keep the longest of overlapping hits (input sorted by start, longest first)."""
    out: list[tuple[int, int, Any]] = []
    for hit in hits:
        if out and hit[0] < out[-1][1]:
            if hit[1] - hit[0] > out[-1][1] - out[-1][0]:
                out[-1] = hit
            continue
        out.append(hit)
    return out


def patterns_from_entries(entries: Iterable[dict[str, Any]]) -> list[Pattern]:
    """Turn vocabulary entries (``name``, ``aliases``, ``exact``, extra keys) into patterns."""
    patterns: list[Pattern] = []
    for entry in entries:
        value = {k: v for k, v in entry.items() if k not in ("aliases", "exact", "match_name")}
        aliases = list(entry.get("aliases") or [])
        if entry.get("match_name", True) and entry.get("name"):
            aliases.insert(0, entry["name"])
        for alias in aliases:
            alias = str(alias)
            patterns.append(Pattern(alias, value, is_acronym(alias)))
        for alias in entry.get("exact") or []:
            patterns.append(Pattern(str(alias), value, True))
    return patterns


@lru_cache(maxsize=None)
def _cached_lexicon(name: str) -> Lexicon:
    data = load_data(name)
    return Lexicon.from_entries(data.get("entries") or [], data.get("label", name))
