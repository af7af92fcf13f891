"""Turn bytes into text when the encoding is not declared.

Order: a byte-order mark; strict UTF-8; for text whose non-ASCII bytes look
Cyrillic, cp1251 or koi8-r chosen by letter frequencies; cp1252; latin-1.
Text that still decodes to many control characters is refused (None).
"""
from __future__ import annotations

import codecs
import re

ENCODINGS_TRIED = "UTF-8, cp1251, koi8-r or latin-1"

# The most frequent lowercase Russian letters, roughly in order of frequency.
_COMMON_RU = frozenset("оеаинтсрвлкмдпуяы")
_HIGH_RUN = re.compile(rb"[\x80-\xff]{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _looks_cyrillic_8bit(data: bytes) -> bool:
    """True when non-ASCII bytes come in runs, as whole words of an 8-bit Cyrillic text do."""
    high = sum(1 for b in data[:20000] if b >= 0xC0)
    if high < 3:
        return False
    letters = sum(1 for b in data[:20000] if (65 <= b <= 90) or (97 <= b <= 122))
    return high >= letters * 0.3 or len(_HIGH_RUN.findall(data[:20000])) >= 3


def _russian_score(text: str) -> int:
    """How many characters of ``text`` are common lowercase Russian letters."""
    return sum(1 for ch in text if ch in _COMMON_RU)


def _too_many_controls(text: str) -> bool:
    sample = text[:20000]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 100)


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str] | None:
    """Decode ``data``; returns ``(text, encoding)`` or None when no encoding fits.

    ``declared`` (e.g. from an HTTP header) is tried first when it names a known codec.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data, "utf-16")
    if declared:
        try:
            codecs.lookup(declared)
            return _checked(data, declared) or decode_bytes(data)
        except LookupError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None if _too_many_controls(text) else (text, "utf-8")
    if _looks_cyrillic_8bit(data):
        candidates = [(data.decode(enc, "replace"), enc) for enc in ("cp1251", "koi8-r")]
        text, enc = max(candidates, key=lambda c: _russian_score(c[0]))
        if not _too_many_controls(text):
            return text, enc
    for enc in ("cp1252", "latin-1"):
        result = _checked(data, enc)
        if result:
            return result
    return None


def _checked(data: bytes, encoding: str) -> tuple[str, str] | None:
    """Strictly decode with one encoding, refusing text full of control characters."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if _too_many_controls(text):
        return None
    return text, encoding
