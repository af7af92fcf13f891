"""Near-duplicate documents: MinHash signatures and their LSH index.

``minhash_signature`` gives a one-permutation MinHash (with densification) over
word shingles of the normalised text; ``DuplicateIndex`` finds, through LSH
bands, an earlier document whose estimated Jaccard similarity reaches the
threshold, and files the new one in that document's family. A family counts as
one source.
"""
from __future__ import annotations

import re
import string
import unicodedata
import zlib

from .common import settings


_WORD = re.compile(r"\w+")
_EMPTY = 1 << 80            # slot value of an empty bin / a document with no words


_ASCII_WORDS = bytes.maketrans(
    (string.punctuation + string.ascii_uppercase).encode(),
    b" " * len(string.punctuation) + string.ascii_lowercase.encode())


def _words(text: str) -> list[bytes]:
    """The words of a text, lower-cased, as UTF-8 bytes (punctuation separates words)."""
    if text.isascii():
        return text.encode().translate(_ASCII_WORDS).split()  # fast path, same words as below
    return [w.encode("utf-8") for w in _WORD.findall(unicodedata.normalize("NFKC", text).casefold())]


def _shingle_hashes(text: str, k: int) -> set[int]:
    """Hashes of the k-word shingles of a text.

    Words are hashed with crc32 and a shingle is the tuple of its words' hashes:
    tuples of ints hash alike in every process (unlike strings, whose hash is
    salted), and the whole loop runs in C.
    """
    wh = list(map(zlib.crc32, _words(text)))
    if not wh:
        return set()
    if len(wh) <= k:
        return {hash(tuple(wh))}
    return set(map(hash, zip(*(wh[i:] for i in range(k)))))


def minhash_signature(text: str, num_perm: int = 64, shingle_words: int | None = None) -> tuple[int, ...]:
    """A MinHash signature of ``text`` for near-duplicate detection.

    One-permutation hashing: each shingle is hashed once; the hash modulo
    ``num_perm`` picks a bin and the bin keeps its smallest hash. Empty bins
    borrow from the next filled bin (circularly) plus an offset per step, so
    two signatures agree slot by slot with probability ~ the Jaccard similarity
    of their shingle sets. Deterministic across processes and runs.
    """
    k = shingle_words or settings()["duplicates"]["shingle_words"]
    hashes = _shingle_hashes(text, k)
    if not hashes:
        return (_EMPTY,) * num_perm
    # visiting hashes from largest to smallest, the last write per bin is its minimum
    mins = {h % num_perm: h for h in sorted(hashes, reverse=True)}
    bins = [mins.get(b, _EMPTY) for b in range(num_perm)]
    if len(mins) < num_perm:
        _densify(bins)
    return tuple(bins)


def _densify(bins: list[int]) -> None:
    """Fill empty bins from the next filled bin to the right, offset by the distance."""
    n = len(bins)
    filled = [v != _EMPTY for v in bins]
    for i in range(n):
        if filled[i]:
            continue
        for step in range(1, n):
            j = (i + step) % n
            if filled[j]:
                bins[i] = bins[j] + (step << 64)
                break


def estimate_jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the documents behind two signatures."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


class DuplicateIndex:
    """Families of near-duplicate documents, found through LSH bands.

    ``add(doc_id, signature)`` returns the family id: the family of the earliest
    added document whose estimated Jaccard with this one reaches the threshold,
    else the document's own id (it founds a family). Adding an id twice returns
    its family again. Every member is kept (``members``), so every URL survives.
    """

    def __init__(self, threshold: float | None = None, bands: int | None = None) -> None:
        cfg = settings()["duplicates"]
        self.threshold = cfg["threshold"] if threshold is None else threshold
        self.bands = bands or cfg["bands"]
        self._buckets: dict[tuple[int, tuple[int, ...]], list[str]] = {}
        self._signatures: dict[str, tuple[int, ...]] = {}
        self._order: dict[str, int] = {}
        self._family: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def _band_keys(self, signature: tuple[int, ...]) -> list[tuple[int, tuple[int, ...]]]:
        rows = max(1, len(signature) // self.bands)
        return [(b, signature[b * rows:(b + 1) * rows]) for b in range(len(signature) // rows)]

    def candidates(self, signature: tuple[int, ...]) -> list[str]:
        """Documents sharing at least one LSH band with ``signature``, oldest first."""
        seen: set[str] = set()
        for key in self._band_keys(signature):
            seen.update(self._buckets.get(key, ()))
        return sorted(seen, key=self._order.__getitem__)

    def match(self, signature: tuple[int, ...]) -> tuple[str, float] | None:
        """The earliest document similar enough to ``signature`` and its Jaccard estimate."""
        if signature and signature[0] == _EMPTY and len(set(signature)) == 1:
            return None  # a document without words matches nothing
        for other in self.candidates(signature):
            j = estimate_jaccard(signature, self._signatures[other])
            if j >= self.threshold:
                return other, j
        return None

    def add(self, doc_id: str, signature: tuple[int, ...]) -> str:
        """File ``doc_id`` and return its family id."""
        if doc_id in self._family:
            return self._family[doc_id]
        found = self.match(signature)
        family = self._family[found[0]] if found else doc_id
        self.file(doc_id, family, signature)
        return family

    def file(self, doc_id: str, family: str, signature: tuple[int, ...]) -> None:
        """File a document whose family is already known (a stored one) without
        matching it again: what ``add`` does once the family is found."""
        self._order[doc_id] = len(self._order)
        self._signatures[doc_id] = signature
        self._family[doc_id] = family
        self._members.setdefault(family, []).append(doc_id)
        for key in self._band_keys(signature):
            self._buckets.setdefault(key, []).append(doc_id)

    def family(self, doc_id: str) -> str:
        """The family id of an added document."""
        return self._family[doc_id]

    def members(self, family_id: str) -> list[str]:
        """The documents of a family, in the order they were added."""
        return list(self._members.get(family_id, ()))
