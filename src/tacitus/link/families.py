"""Near-duplicate documents: MinHash signatures and their LSH index.

``minhash_signature`` gives a one-permutation MinHash (with densification) over
word shingles of the normalised text. Two documents are near-duplicates when
they share an LSH band (:func:`band_keys`) and their estimated Jaccard
similarity reaches the threshold. A *family* is a connected group of
near-duplicates, named after its smallest document id: a rule over the set of
documents alone, so the families are the same whatever order or batches the
documents came in (``DuplicateIndex`` in memory; the store keeps the band keys
to find a new document's near-duplicates without reading every signature). A
family counts as one source.
"""
from __future__ import annotations

import operator
import re
import string
import unicodedata
import zlib

from .common import settings


_WORD = re.compile(r"\w+")
_EMPTY = 1 << 80            # slot value of an empty bin / a document with no words
_FILLED = 1 << 63           # slot values below this (a 64-bit hash) are a bin's own minimum; borrowed ones are shifted above


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
    return sum(map(operator.eq, a, b)) / len(a)


def is_blank(signature: tuple[int, ...]) -> bool:
    """The signature of a document without words: it matches nothing."""
    return bool(signature) and signature[0] == _EMPTY and len(set(signature)) == 1


def band_keys(signature: tuple[int, ...], bands: int | None = None) -> list[int]:
    """The signature's LSH bands as 64-bit signed integers (a database column):
    two documents are candidates when they share one. None for a blank document.

    A band key is the hash of (band number, the band's slot values): ints and
    tuples of ints hash alike in every process (no salt), and
    :func:`band_hash_probe` lets a store notice a Python that hashes otherwise.
    A text whose signature fills fewer than ``min_filled_bins`` bins by itself
    (a dozen words or so) has one key, its whole signature: it is a candidate
    of its exact copies only."""
    if is_blank(signature):
        return []
    if sum(v < _FILLED for v in signature) < settings()["duplicates"].get("min_filled_bins", 0):
        return [hash((-1, *signature))]  # a very short text: its exact copies alone (ints only: no salted str)
    bands = bands or settings()["duplicates"]["bands"]
    rows = max(1, len(signature) // bands)
    return [hash((b, *signature[b * rows:(b + 1) * rows])) for b in range(len(signature) // rows)]


def band_hash_probe() -> int:
    """The band key of a fixed signature: stored band keys stay valid while this does not change."""
    return band_keys(tuple(range(1 << 70, (1 << 70) + 64)), 21)[0]


class DuplicateIndex:
    """Families of near-duplicate documents, found through LSH bands.

    ``add(doc_id, signature)`` files a document and returns its family id as it
    stands: the smallest document id of its connected group of near-duplicates
    (its own id when it has none). A later document may join two families
    into one, so ``family(doc_id)`` can change as documents are added; once
    all are in, the families do not depend on the order they came in. Adding
    an id twice changes nothing. Every member is kept (``members``), so every
    URL survives; ``similarity(doc_id)`` is the estimated Jaccard with the
    family's id document (1.0 for that one).

    A band's bucket groups its documents by family, and a new document is
    compared with a family's members only until one is similar enough: a
    thousand syndicated copies of one story cost a comparison each, not a
    thousand.
    """

    def __init__(self, threshold: float | None = None, bands: int | None = None) -> None:
        cfg = settings()["duplicates"]
        self.threshold = cfg["threshold"] if threshold is None else threshold
        self.bands = bands or cfg["bands"]
        self._buckets: dict[int, dict[str, list[str]]] = {}   # band key -> family root -> its documents there
        self._signatures: dict[str, tuple[int, ...]] = {}
        self._parent: dict[str, str] = {}      # union-find; the root is the smallest id
        self._members: dict[str, list[str]] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def _bucket(self, key: int) -> dict[str, list[str]]:
        """A band's documents by their family as it stands now (merged families merged here too)."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return {}
        if any(self.family(root) != root for root in bucket):
            fresh: dict[str, list[str]] = {}
            for root, docs in bucket.items():
                fresh.setdefault(self.family(root), []).extend(docs)
            self._buckets[key] = bucket = fresh
        return bucket

    def candidates(self, signature: tuple[int, ...]) -> list[str]:
        """Documents sharing at least one LSH band with ``signature``, in the order they were added."""
        seen = {d for key in band_keys(signature, self.bands) for docs in self._bucket(key).values() for d in docs}
        return sorted(seen, key=self._order.__getitem__)

    def add(self, doc_id: str, signature: tuple[int, ...]) -> str:
        """File ``doc_id`` and return its family id (as it stands now)."""
        if doc_id in self._signatures:
            return self.family(doc_id)
        keys = band_keys(signature, self.bands)
        self._order[doc_id] = len(self._order)
        self._signatures[doc_id] = signature
        self._parent[doc_id] = doc_id
        self._members[doc_id] = [doc_id]
        for key in keys:
            for root, docs in list(self._bucket(key).items()):
                if self.family(root) == self.family(doc_id):
                    continue  # already one family: nothing to learn here
                for other in docs:
                    if estimate_jaccard(signature, self._signatures[other]) >= self.threshold:
                        self._union(doc_id, other)
                        break
        for key in keys:
            self._bucket(key)  # re-key merged families before filing the document under its own
            self._buckets.setdefault(key, {}).setdefault(self.family(doc_id), []).append(doc_id)
        return self.family(doc_id)

    def _union(self, a: str, b: str) -> None:
        ra, rb = self.family(a), self.family(b)
        if ra == rb:
            return
        if rb < ra:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._members[ra] = self._members[ra] + self._members.pop(rb)

    def family(self, doc_id: str) -> str:
        """The family id of an added document."""
        p = self._parent
        while p[doc_id] != doc_id:
            p[doc_id] = p[p[doc_id]]
            doc_id = p[doc_id]
        return doc_id

    def members(self, family_id: str) -> list[str]:
        """The documents of a family, in the order they were added."""
        return sorted(self._members.get(family_id, ()), key=self._order.__getitem__)

    def similarity(self, doc_id: str) -> float:
        """The estimated Jaccard of a document with its family's id document (1.0 for that one)."""
        family = self.family(doc_id)
        return 1.0 if family == doc_id else estimate_jaccard(self._signatures[doc_id], self._signatures[family])
