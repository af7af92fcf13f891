"""One scan per document: every vocabulary's literal anchors found in one pass.

Each vocabulary matcher (a ``PatternIndex`` of regex phrases, a ``Lexicon`` of
aliases, a gated regex such as an event-typing cue) registers here, when it is
built, the literal strings its matches cannot do without:

* **keys**: a ``PatternIndex`` files each pattern under the first two to five
  letters every match starts with, and tries patterns only at word starts.
  A key is registered as ``" " + key`` and found in the document with every
  space and separator written as a space, so a hit is a word start whose word
  begins with the key: exactly the index's candidates.
* **anchors**: for any other regex, a set of literal strings of which every
  match contains one (worked out from the parsed pattern, ``required``); a
  regex none of whose anchors occurs in a sentence cannot match there, so it is
  not run.

``Scanner`` compiles every registered string into one Aho-Corasick automaton
(``ahocorasick_rs``; see docs/benchmarks.md for the libraries compared) and
``DocumentScan`` runs it once over a document's lower-cased text. While a
document is being extracted its scan is current (``active``): a matcher given
one of the document's sentences (the text itself, as handed to the stages)
reads the sentence's hits instead of scanning it again; given any other text
(a substring, a text outside a pipeline) it matches as before. Output is the
same either way: a hit list only ever skips work that could find nothing.

Vocabularies registered after the automaton was built (a language met for the
first time) join it before the next document; until then they match the old way.
"""
from __future__ import annotations

import contextvars
import re
import threading
from bisect import bisect_left
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]
    from re._casefix import _EXTRA_CASES  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]
    _EXTRA_CASES = None

__all__ = ["register_keys", "register_regex", "register_literals", "Gated", "gated", "may_match",
           "DocumentScan", "scanning", "current_span", "required", "fold"]

#: characters that end a word for a PatternIndex (``weapons.scan_words``), besides whitespace
SEPARATORS = "!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~\u2018\u2019\u201c\u201d\u2013\u2014\u00ab\u00bb\u2026"
#: shorter anchors occur almost everywhere ("the" ~60 times in a 600-word report): a
#: regex whose anchors are shorter is simply always run, and the scan finds fewer hits
MIN_ANCHOR = 4


def _space_table() -> dict[int, str]:
    import sys
    table = {ord(c): " " for c in SEPARATORS}
    # every character str.split() splits on (the words of scan_words)
    table.update({i: " " for i in range(sys.maxunicode + 1) if chr(i).isspace()})
    return table


_SPACES = _space_table()


def _equivalences() -> list[set[str]]:
    """Classes of lower-case characters ``re.IGNORECASE`` takes for one another
    beyond ``str.lower`` ("s" and "ſ", "i" and "ı", "σ" and "ς")."""
    if _EXTRA_CASES is None:  # pragma: no cover - Python 3.10
        pairs = ["iı", "sſ", "µμ", "ͅιι", "ΐΐ", "ΰΰ", "βϐ", "εϵ", "θϑ", "κϰ", "πϖ", "ρϱ", "ςσ", "φϕ", "ṡẛ", "ﬅﬆ"]
        return [set(p) for p in pairs]
    return [{chr(k), *map(chr, v)} for k, v in _EXTRA_CASES.items()]


def _canonical(group: set[str]) -> str:
    """The member of a class that ordinary text uses: its own capital's lower case."""
    plain = sorted(c for c in group if c.upper().lower() == c)
    return plain[0] if plain else min(group)


_CANON = {c: _canonical(g) for g in _equivalences() for c in g if c != _canonical(g)}
#: a document holding one of these is matched the old way (its words would not fold alike)
_SPECIAL = re.compile("[" + re.escape("".join(sorted(_CANON))) + "]")
_FOLD = {**{ord(c): canon for c, canon in _CANON.items()}, **_SPACES}


def fold(text: str) -> str:
    """The scanned form of a text or a literal: lower case, every space and
    separator a plain space, characters IGNORECASE equates made one (same length)."""
    return text.lower().translate(_FOLD)


#: every character ``fold`` makes a space, as a regex (faster than ``str.translate``
#: over a whole document, whose text is rarely all ASCII)
_SPACE_RE = re.compile("[" + re.escape("".join(sorted(map(chr, _SPACES)))) + "]")


def _fold_document(low: str) -> str:
    """``fold`` of a document's lower-cased text that holds no character of ``_SPECIAL``."""
    return _SPACE_RE.sub(" ", low)


# -- required literals of a regex ------------------------------------------------------------

_LIT = sre_parse.LITERAL
_SUB = sre_parse.SUBPATTERN
_BRANCH = sre_parse.BRANCH
_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) + (
    (sre_parse.POSSESSIVE_REPEAT,) if hasattr(sre_parse, "POSSESSIVE_REPEAT") else ())
_ZERO_WIDTH = (sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two requirements: longer shortest anchor, then fewer anchors."""
    if a is None:
        return b
    if b is None:
        return a
    ka, kb = (min(map(len, a)), -len(a)), (min(map(len, b)), -len(b))
    return b if kb > ka else a


def _seq(items: Any) -> tuple[str | None, frozenset[str] | None]:
    """(the one string the sequence always matches, or None; a requirement, or None)."""
    run, exact_ok, best = "", True, None
    runs: list[str] = []
    for op, av in items:
        if op is _LIT or op == _LIT:
            run += chr(av)
            continue
        if op == _SUB:
            exact, req = _seq(av[-1])
            if exact is not None:
                run += exact
                continue
            best = _better(best, req)
        elif op == _BRANCH:
            alts = [_seq(a) for a in av[1]]
            exacts = [e for e, _ in alts]
            if all(e is not None for e in exacts) and len(set(exacts)) == 1:
                run += exacts[0]
                continue
            reqs = [frozenset([e]) if e is not None else r for e, r in alts]
            if all(r is not None and all(r) for r in reqs):
                best = _better(best, frozenset().union(*reqs))  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, high, body = av
            exact, req = _seq(body)
            if low >= 1:
                if exact is not None and low == high == 1:
                    run += exact
                    continue
                best = _better(best, frozenset([exact]) if exact else req)
        elif op in _ZERO_WIDTH:
            # takes no text: the literals before and after it are still side by side
            # (an assertion that fails never lets the regex match anyway)
            continue
        # anything else (a class, a dot, a group reference) matches unknown text
        exact_ok = False
        runs.append(run)
        run = ""
    runs.append(run)
    for r in runs:
        if r:
            best = _better(best, frozenset([r]))
    if exact_ok and len(runs) == 1:
        return run, best
    return None, best


def required(pattern: str | re.Pattern[str], flags: int = 0) -> frozenset[str] | None:
    """Literal strings (scanned form) of which every match of ``pattern`` contains one;
    None when the pattern has none worth scanning for."""
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    try:
        parsed = sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an odd pattern is simply always run
        return None
    _, req = _seq(parsed)
    if not req:
        return None
    folded = frozenset(fold(s) for s in req)
    if any(len(s.strip()) < MIN_ANCHOR for s in folded):
        return None
    return folded


# -- the registry ----------------------------------------------------------------------------

class Ids(frozenset):
    """Registered string ids; ``top`` is the highest (an automaton built before it
    was registered cannot tell whether these strings occur)."""

    top: int

    def __new__(cls, ids: Iterable[int]) -> "Ids":
        self = super().__new__(cls, ids)
        self.top = max(self) if self else -1
        return self


class _Registry:
    """Every string to scan for, each with an id; grows as vocabularies load."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.strings: list[str] = []
        self.ids: dict[str, int] = {}
        self.key_of: list[str | None] = []   # id -> the PatternIndex key it stands for
        self.owners: list[tuple[int, ...]] = []  # id -> the indexes that hold that key
        self.indexes = 0

    def add(self, text: str, key: str | None = None, owner: int | None = None) -> int:
        with self.lock:
            i = self.ids.get(text)
            if i is None:
                i = self.ids[text] = len(self.strings)
                self.strings.append(text)
                self.key_of.append(key)
                self.owners.append(())
            if key is not None:   # (a regex's anchor may be the same string)
                self.key_of[i] = key
            if owner is not None and owner not in self.owners[i]:
                self.owners[i] = (*self.owners[i], owner)
            return i

    def new_index(self) -> int:
        with self.lock:
            self.indexes += 1
            return self.indexes - 1


_REGISTRY = _Registry()


def register_keys(keys: Iterable[str]) -> int:
    """Register a PatternIndex's keys (the lower-case letters its patterns start
    with); returns the index's number, for ``Span.candidates``. A key holding a
    space or separator is left out: no word starts with it."""
    owner = _REGISTRY.new_index()
    for key in keys:
        if key and fold(key) == key and " " not in key:
            _REGISTRY.add(" " + key, key, owner)
    return owner


def register_literals(literals: Iterable[frozenset[str]]) -> Ids | None:
    """Register anchors worked out by the caller (each item: the scanned-form strings
    one phrase cannot do without); None when one of them is too short to scan for."""
    out: set[str] = set()
    for req in literals:
        if not req or any(len(s.strip()) < MIN_ANCHOR for s in req):
            return None
        out |= req
    return Ids(_REGISTRY.add(s) for s in out) if out else None


def register_regex(pattern: str | re.Pattern[str], flags: int = 0) -> Ids | None:
    """Register the anchors of a regex; the ids to look for, or None (always run it)."""
    req = required(pattern, flags)
    if req is None:
        return None
    return Ids(_REGISTRY.add(s) for s in req)


def may_match(ids: Ids | None, text: str) -> bool:
    """False only when none of the anchors ``ids`` occurs in ``text``, a span of
    the current document; True whenever that cannot be told."""
    if ids is None:
        return True
    span = current_span(text)
    return span is None or span.any(ids)


class Gated:
    """A compiled regex that is not run on a span of the current document holding
    none of its anchors (it could not match there). Everything else is the regex's."""

    __slots__ = ("regex", "ids")

    def __init__(self, regex: re.Pattern[str], ids: Ids):
        self.regex, self.ids = regex, ids

    def may(self, text: str) -> bool:
        return may_match(self.ids, text)

    def search(self, string: str, *args: Any) -> re.Match[str] | None:
        return self.regex.search(string, *args) if may_match(self.ids, string) else None

    def match(self, string: str, *args: Any) -> re.Match[str] | None:
        return self.regex.match(string, *args) if may_match(self.ids, string) else None

    def fullmatch(self, string: str, *args: Any) -> re.Match[str] | None:
        return self.regex.fullmatch(string, *args) if may_match(self.ids, string) else None

    def finditer(self, string: str, *args: Any) -> Iterator[re.Match[str]]:
        return self.regex.finditer(string, *args) if may_match(self.ids, string) else iter(())

    def findall(self, string: str, *args: Any) -> list[Any]:
        return self.regex.findall(string, *args) if may_match(self.ids, string) else []

    def __reduce__(self) -> tuple[Any, ...]:
        # ids are this process's registry's: another process registers the regex anew
        return gated, (self.regex,)

    def __getattr__(self, name: str) -> Any:   # pattern, flags, groups, sub, split ...
        return getattr(self.regex, name)

    def __repr__(self) -> str:
        return f"Gated({self.regex!r})"


def gated(regex: re.Pattern[str] | Gated | None) -> "re.Pattern[str] | Gated | None":
    """``regex`` gated by its anchors; the regex itself when it has none worth scanning for."""
    if regex is None or isinstance(regex, Gated):
        return regex
    ids = register_regex(regex)
    return regex if ids is None else Gated(regex, ids)


# -- the automaton ---------------------------------------------------------------------------

class _Scanner:
    """The automaton over the registry's strings as they were when it was built."""

    def __init__(self) -> None:
        import ahocorasick_rs
        with _REGISTRY.lock:
            self.strings = list(_REGISTRY.strings)
            self.key_of = list(_REGISTRY.key_of)
            self.owners = list(_REGISTRY.owners)
            self.indexes = _REGISTRY.indexes
        self.size = len(self.strings)
        if self.size > _ID_MASK or any(len(t) > _LEN_MASK for t in self.strings):
            raise ValueError("too many or too long strings to scan for")
        self.matcher = ahocorasick_rs.AhoCorasick(self.strings) if self.strings else None

    def hits(self, scanned: str) -> list[tuple[int, int, int]]:
        if self.matcher is None:
            return []
        return self.matcher.find_matches_as_indexes(scanned, overlapping=True)


_scanner: _Scanner | None = None
_scanner_lock = threading.Lock()


def _current_scanner() -> _Scanner:
    global _scanner
    s = _scanner
    if s is None or s.size != len(_REGISTRY.strings):
        with _scanner_lock:
            s = _scanner
            if s is None or s.size != len(_REGISTRY.strings):
                s = _scanner = _Scanner()
    return s


# a hit coded as an int: start << _START_SHIFT | (_LEN_MASK - length) << _ID_BITS | id
_ID_BITS = 24
_ID_MASK = (1 << _ID_BITS) - 1
_LEN_BITS = 20
_LEN_MASK = (1 << _LEN_BITS) - 1
_START_SHIFT = _ID_BITS + _LEN_BITS


class Span:
    """One sentence's (or the whole document's) share of the document's hits."""

    __slots__ = ("start", "end", "_ids", "_keys", "_scan")

    def __init__(self, scan: "DocumentScan", start: int, end: int):
        self._scan, self.start, self.end = scan, start, end
        self._ids: set[int] | None = None
        self._keys: dict[int, tuple[list[int], list[str]]] | None = None

    def _load(self) -> None:
        scan = self._scan
        hits = scan.hits
        # a key hit starts on the space before its word: one character early
        # (hits are coded as ints: see DocumentScan)
        lo = bisect_left(hits, self.start << _START_SHIFT)
        ids: set[int] = set()
        keys: dict[int, tuple[list[int], list[str]]] = {}   # offsets and keys, apart
        key_of, owners, end, start = scan.scanner.key_of, scan.scanner.owners, self.end, self.start
        for i in range(lo, len(hits)):
            code = hits[i]
            s = (code >> _START_SHIFT) - 1
            if s >= end:
                break
            if s + _LEN_MASK - ((code >> _ID_BITS) & _LEN_MASK) > end:
                continue
            pid = code & _ID_MASK
            if s >= start:
                ids.add(pid)
            key = key_of[pid]
            if key is not None:  # " key": the word starts one character in
                for owner in owners[pid]:
                    found = keys.get(owner)
                    if found is None:
                        keys[owner] = ([s + 1 - start], [key])
                    else:
                        found[0].append(s + 1 - start)
                        found[1].append(key)
        self._ids, self._keys = ids, keys

    def any(self, ids: Ids) -> bool:
        """Whether one of these anchors occurs in the span (True for anchors
        registered after the automaton in use was built)."""
        if self._ids is None:
            self._load()
        return not self._ids.isdisjoint(ids) or ids.top >= self._scan.scanner.size  # type: ignore[union-attr]

    def candidates(self, index: int) -> Iterator[tuple[int, str]] | None:
        """Where the keys of PatternIndex ``index`` start words of the span: (offset in
        the span, key), by offset, longer keys first at one offset (an iterator, read
        once); None when the automaton in use was built before that index."""
        if index >= self._scan.scanner.indexes:
            return None
        if self._keys is None:
            self._load()
        found = self._keys.get(index)  # type: ignore[union-attr]
        return iter(()) if found is None else zip(*found)


class DocumentScan:
    """The hits of every registered vocabulary in one document, found in one pass."""

    def __init__(self, text: str, spans: Iterable[tuple[int, int]] = ()):
        self.text = text
        self.scanner = _current_scanner()
        low = text.lower()
        self.usable = len(low) == len(text) and _SPECIAL.search(low) is None
        self.spans: dict[str, Span] = {}
        if not self.usable:
            self.hits: list[int] = []
            return
        # a leading space: the first word starts after a space like every other.
        # Each hit is one int, (start in the spaced text, longest first, id): sorted
        # by start, longer first; no tuple per hit for the garbage collector to count
        self.hits = sorted([(s << _START_SHIFT) | ((_LEN_MASK - e + s) << _ID_BITS) | p
                            for p, s, e in self.scanner.hits(" " + _fold_document(low))])
        self.add(0, len(text))
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        """Make ``text[start:end]`` a span the matchers recognise."""
        if not self.usable:
            return
        piece = self.text[start:end]
        if piece in self.spans:
            return
        # the matchers treat a span's first character as a word start: it must be one here too
        if start > 0 and not self.text[start - 1].isspace() and self.text[start - 1] not in SEPARATORS:
            return
        self.spans[piece] = Span(self, start, end)


_ACTIVE: contextvars.ContextVar[DocumentScan | None] = contextvars.ContextVar("tacitus_scan", default=None)


@contextmanager
def scanning(text: str, spans: Iterable[tuple[int, int]] = ()) -> Iterator[DocumentScan]:
    """Scan ``text`` once and make the scan current for the block."""
    scan = DocumentScan(text, spans)
    token = _ACTIVE.set(scan)
    try:
        yield scan
    finally:
        _ACTIVE.reset(token)


def current_span(text: str) -> Span | None:
    """The current document's span whose text is ``text``, or None."""
    scan = _ACTIVE.get()
    if scan is None:
        return None
    return scan.spans.get(text)


def scanner_size() -> int:
    """How many strings the automaton in use knows (for tests and benchmarks)."""
    return _current_scanner().size
