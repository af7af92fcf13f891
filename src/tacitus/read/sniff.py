"""Format sniffing: tell text, HTML, feeds, JSON Lines, WARC, Telegram exports and binary files apart.

The readers look at the file name first and at the first few kilobytes second,
so a mislabelled file (an ``.txt`` that holds HTML, stdin) still goes down the
right path.
"""
from __future__ import annotations

import re

from tacitus.read.telegram import HEAD as TELEGRAM_HEAD
from tacitus.read.telegram import HTML_HEAD as TELEGRAM_HTML_HEAD

# Magic numbers of common non-text files, checked at offset 0 (except ``ftyp``).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"BZh", "bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"(\xb5/\xfd", "zstd archive"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document"),
    (b"wOFF", "web font"),
    (b"\x00asm", "WebAssembly module"),
)

GZIP_MAGIC = b"\x1f\x8b"

_HTML_HEAD = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<article|<div|<p[\s>])",
    re.IGNORECASE | re.DOTALL)
_FEED_HEAD = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?xml-stylesheet[^>]*>\s*)*"
    rb"(?:<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>])",
    re.IGNORECASE | re.DOTALL)

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def binary_kind(head: bytes) -> str | None:
    """Name the kind of binary file ``head`` starts, or None when it may be text.

    Known magic numbers are named; otherwise NUL bytes in the head mean binary
    (UTF-16 text with a byte-order mark is let through).
    """
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[head[8:12]]
    if head.startswith(_BOMS[1:]):
        return None
    if b"\x00" in head:
        return "unknown binary data (contains NUL bytes)"
    return None


def _strip_bom(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            return head[len(bom):]
    return head


def sniff_format(name: str, head: bytes) -> str:
    """Guess the input format from a file name and its first bytes.

    Returns one of ``warc``, ``telegram`` (a Telegram Desktop JSON export),
    ``telegram-html`` (a page of its HTML export), ``jsonl``, ``json``, ``feed``,
    ``html``, ``text``.
    ``.gz`` must already be removed from ``name`` and ``head`` be decompressed.
    """
    lower = name.lower()
    body = _strip_bom(head)
    if lower.endswith(".warc") or body.startswith(b"WARC/"):
        return "warc"
    if TELEGRAM_HEAD.match(body[:8192]):
        return "telegram"
    if TELEGRAM_HTML_HEAD.search(body[:8192]):
        return "telegram-html"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith(".json"):
        return "json" if body.lstrip().startswith(b"[") else "jsonl"
    if lower.endswith((".rss", ".atom")):
        return "feed"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if _FEED_HEAD.match(body[:4096]):
        return "feed"
    if _HTML_HEAD.match(body[:4096]):
        return "html"
    stripped = body.lstrip()
    if stripped.startswith(b"{") and stripped[:4096].count(b'"') >= 2:
        return "jsonl"
    if lower.endswith(".xml"):
        return "feed"
    return "text"
