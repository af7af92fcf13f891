"""Weapons vocabulary: find weapon names in text and give their canonical form.

The vocabulary lives in ``data/weapons.yml`` (canonical weapon -> patterns).
``find_weapons("Shahed drones and two Iskander-M missiles")`` gives two
``Mention``s labelled ``weapon`` with values ``drone`` and ``ballistic_missile``.

All patterns are compiled once, on first use, into one regular expression whose
alternatives are tried longest-pattern first, so "rocket-propelled grenade" is a
``rocket`` and "suicide car bomb" a ``suicide_bomb``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterator, NamedTuple

import yaml

from tacitus.model import Mention
from tacitus.nlp.scan import current_span, register_keys

__all__ = ["find_weapons", "weapon_parent", "is_explosive", "canonical_weapons"]


class _Vocabulary(NamedTuple):
    index: "PatternIndex"
    parents: dict[str, str]
    non_explosive: frozenset[str]
    order: tuple[str, ...]


def _vocabulary_file(language: str):
    """``weapons.yml`` for English, ``LANG/weapons.yml`` where a language has its own."""
    data = resources.files("tacitus.data")
    if language != "en" and data.joinpath(f"{language}/weapons.yml").is_file():
        return data.joinpath(f"{language}/weapons.yml")
    return data.joinpath("weapons.yml")


@lru_cache(maxsize=None)
def _vocabulary(language: str = "en") -> _Vocabulary:
    """Load a language's ``weapons.yml`` and compile it into one index (once per
    language). Another language's file names the same canonical weapons as the
    English one, which gives their classes and parents."""
    raw = yaml.safe_load(_vocabulary_file(language).read_text("utf-8"))
    entries: list[tuple[str, str]] = []
    parents: dict[str, str] = {}
    non_explosive: set[str] = set()
    if language != "en":
        english = _vocabulary("en")
        unknown = set(raw["weapons"]) - set(english.order)
        if unknown:
            raise ValueError(f"{language}/weapons.yml: weapons unknown to weapons.yml: {sorted(unknown)}")
        parents.update(english.parents)
        non_explosive |= english.non_explosive
    for weapon, spec in raw["weapons"].items():
        if spec.get("parent"):
            parents[weapon] = spec["parent"]
        if spec.get("explosive") is False:
            non_explosive.add(weapon)
        for pattern in spec["patterns"]:
            if re.compile(pattern).groups:
                raise ValueError(f"weapons.yml: pattern {pattern!r} must not use capturing groups")
            entries.append((pattern, weapon))
    index = PatternIndex(entries)
    return _Vocabulary(index, parents, frozenset(non_explosive),
                       tuple(raw["weapons"]))


def _split_top(alternation: str) -> list[str]:
    """Split ``a|b(?:c|d)|e`` at its top-level bars."""
    parts, depth, current = [], 0, ""
    for ch in alternation:
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        current += ch
    return parts + [current]


def expand_leading(pattern: str) -> list[str]:
    """Rewrite a pattern opening with ``(?:a|b)`` or ``(?:a )?`` into plain alternatives.

    ``(?:hand |stun )?grenades?`` -> ``hand grenades?``, ``stun grenades?``, ``grenades?``;
    this lets every alternative be filed under the letter it starts with.
    """
    if not pattern.startswith("(?:"):
        return [pattern]
    depth = 0
    for end, ch in enumerate(pattern):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            break
    else:
        return [pattern]
    inner, rest = pattern[3:end], pattern[end + 1:]
    optional = rest.startswith("?")
    if optional:
        rest = rest[1:]
    if rest[:1] in ("*", "+", "{"):
        return [pattern]
    out = [alt + rest for alt in _split_top(inner)]
    if optional:
        out.append(rest)
    return [p for alt in out for p in expand_leading(alt)]


_MAX_KEY = 5  # longest prefix used as an index key: fewer patterns tried per word
_SPECIAL = set("()[]{}?*+|.\\^$")
# punctuation that separates words, mapped one-to-one to spaces (offsets are kept)
_SEPARATORS = str.maketrans({c: " " for c in "!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~\u2018\u2019\u201c\u201d\u2013\u2014\u00ab\u00bb\u2026"})


def _strip_prefix_groups(pattern: str) -> str:
    """Drop a leading ``(?-i:`` and look-behinds, which consume no text."""
    body = pattern[5:] if pattern.startswith("(?-i:") else pattern
    while body.startswith("(?<!"):
        depth = 0
        for end, ch in enumerate(body):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                break
        body = body[end + 1:]
    return body


def literal_prefix(pattern: str) -> str:
    """The literal text every match of ``pattern`` starts with (lower-cased)."""
    body = _strip_prefix_groups(pattern)
    out = ""
    for i, ch in enumerate(body):
        if ch in _SPECIAL:
            break
        if i + 1 < len(body) and body[i + 1] in "?*{":
            break
        out += ch
    return out.lower()


@lru_cache(maxsize=64)
def scan_words(lower: str) -> list[tuple[int, str]]:
    """(offset, word) for every word of an already lower-cased text, in order.

    Words are runs between whitespace and punctuation; hyphens and apostrophes stay
    inside words, as the ``(?<![\\w-])`` boundary of the patterns has it. Scan a
    sentence once and pass the result to several indexes; the last few texts'
    results are kept (the event typer and the frame builder scan the same
    sentence), so callers must not change the list.
    """
    norm = lower.translate(_SEPARATORS)
    out = []
    pos = 0
    for word in norm.split():
        idx = norm.find(word, pos)
        pos = idx + len(word)
        out.append((idx, word))
    return out


class PatternIndex:
    """A vocabulary of regex phrases, found fast by the literal prefix of each.

    Each pattern is filed under the first two to five letters every match starts
    with; scanning a text looks those up at each word start and tries only the
    few patterns filed there, keeping the longest match. Matches are word-bounded
    and case-insensitive (a pattern may opt out with ``(?-i:...)``).
    """

    def __init__(self, entries: list[tuple[str, object]]):
        self._buckets: dict[str, list[tuple[re.Pattern[str], object]]] = {}
        self._key_lengths: set[int] = set()
        for pattern, value in entries:
            for alt in expand_leading(pattern):
                prefix = literal_prefix(alt).split(" ")[0]  # the key lies within the first word
                if len(prefix) < 2:
                    raise ValueError(f"pattern {alt!r} needs a literal start of two letters or more")
                key = prefix[:_MAX_KEY]
                self._key_lengths.add(len(key))
                compiled = re.compile(rf"(?:{alt})(?![\w-])", re.IGNORECASE)
                self._buckets.setdefault(key, []).append((compiled, value))
        self._lengths = sorted(self._key_lengths, reverse=True)
        self._pre2 = frozenset(key[:2] for key in self._buckets)  # cheap first filter
        if not self._key_lengths <= {2, 3, 4, 5} or _MAX_KEY != 5:
            raise ValueError("index keys must be 2 to 5 letters long")
        # the keys join the document scan (tacitus.nlp.scan): in a document's
        # sentence, the word starts a key begins come from there
        self._scan_id = register_keys(self._buckets)

    def _scanned(self, text: str) -> Iterator[tuple[int, str]] | None:
        """The (offset, key) candidates of ``text`` from the current document's scan, or None."""
        span = current_span(text)
        return None if span is None else span.candidates(self._scan_id)

    @staticmethod
    def indexable(pattern: str) -> bool:
        """Whether every alternative of ``pattern`` starts with two literal letters or more."""
        return all(len(literal_prefix(alt).split(" ")[0]) >= 2 for alt in expand_leading(pattern))

    def search(self, text: str, words: list[tuple[int, str]] | None = None) -> bool:
        """Whether any pattern matches somewhere in ``text``.

        ``words`` may pass ``scan_words(text.lower())`` when the caller already has it.
        """
        buckets, lengths = self._buckets, self._lengths
        scanned = self._scanned(text)
        if scanned is not None:
            for start, key in scanned:
                for compiled, _ in buckets[key]:
                    if compiled.match(text, start):
                        return True
            return False
        if words is None:
            words = scan_words(text.lower())
        for start, word in self._candidates(words):
            for n in lengths:
                for compiled, _ in buckets.get(word[:n], ()):
                    if compiled.match(text, start):
                        return True
        return False

    def _candidates(self, words: list[tuple[int, str]]):
        """The (offset, word) pairs some pattern may start at."""
        b, pre2 = self._buckets, self._pre2
        return [(i, w) for i, w in words
                if w[:2] in pre2 and (w[:2] in b or w[:3] in b or w[:4] in b or w[:5] in b)]

    def finditer(self, text: str, words: list[tuple[int, str]] | None = None
                 ) -> list[tuple[int, int, object]]:
        """Non-overlapping (start, end, value) matches, left to right, longest at each start.

        ``words`` may pass ``scan_words(text.lower())`` when the caller already has it.
        """
        out: list[tuple[int, int, object]] = []
        buckets, lengths = self._buckets, self._lengths
        scanned = self._scanned(text)
        if scanned is not None:
            pos, best_start, best_end, best_value = 0, -1, -1, None
            for start, key in scanned:   # by offset, longer keys first at one offset
                if start != best_start:
                    if best_end > best_start:
                        out.append((best_start, best_end, best_value))
                        pos = best_end
                    best_start, best_end, best_value = start, -1, None
                if start < pos:
                    continue
                for compiled, value in buckets[key]:
                    m = compiled.match(text, start)
                    if m and m.end() > best_end:
                        best_end, best_value = m.end(), value
            if best_end > best_start:
                out.append((best_start, best_end, best_value))
            return out
        if words is None:
            words = scan_words(text.lower())
        pos = 0
        for start, word in self._candidates(words):
            if start < pos:
                continue
            best_end, best_value = -1, None
            for n in lengths:
                for compiled, value in buckets.get(word[:n], ()):
                    m = compiled.match(text, start)
                    if m and m.end() > best_end:
                        best_end, best_value = m.end(), value
            if best_end > start:
                out.append((start, best_end, best_value))
                pos = best_end
        return out


def find_weapons(text: str, words: list[tuple[int, str]] | None = None, language: str = "en") -> list[Mention]:
    """Every weapon named in ``text``, in order, as ``Mention(label="weapon", value=canonical)``.

    ``words`` may pass ``scan_words(text.lower())`` when the caller already has it;
    ``language`` picks the vocabulary (``data/LANG/weapons.yml`` where there is one).
    """
    if _last[0] == text and _last[2] == language:   # the classifier and the frame builder ask for the same sentence
        return list(_last[1])
    vocab = _vocabulary(language)
    out: list[Mention] = []
    for start, end, value in vocab.index.finditer(text, words):
        prev = out[-1] if out else None
        if prev is not None and not text[prev.end:start].strip() and _same_weapon(prev.value, value, vocab):
            # "Iskander-M missiles", "Shahed drones": a name and its class noun are one mention
            out[-1] = Mention(prev.start, end, text[prev.start:end], "weapon", prev.value)
            continue
        if language != "en" and prev is not None and not text[prev.end:start].strip(" «»\"„“”") \
                and prev.value != value and _same_weapon(value, prev.value, vocab):
            # "ракеты «Искандер-М»", "БпЛА типу Shahed": the class noun comes first
            out[-1] = Mention(prev.start, end, text[prev.start:end], "weapon", value)
            continue
        out.append(Mention(start, end, text[start:end], "weapon", value))
    _last[0], _last[1], _last[2] = text, out, language
    return list(out)


#: the last sentence looked up, its mentions and its language (a one-entry memo)
_last: list = [None, [], "en"]


def _same_weapon(name: str, noun: str, vocab: _Vocabulary | None = None) -> bool:
    """Whether ``noun`` (the later mention) only restates the class of ``name``."""
    parents = (vocab or _vocabulary()).parents
    while name:
        if name == noun:
            return True
        name = parents.get(name)
    return False


def weapon_parent(weapon: str) -> str | None:
    """The broader class a weapon implies (``ballistic_missile`` -> ``missile``), or None."""
    return _vocabulary().parents.get(weapon)


def is_explosive(weapon: str) -> bool:
    """Whether the weapon is explosive / remote (not a firearm, blade or riot-control means)."""
    return weapon not in _vocabulary().non_explosive


def canonical_weapons() -> tuple[str, ...]:
    """All canonical weapon names of the vocabulary, in the order of the YAML file."""
    return _vocabulary().order
