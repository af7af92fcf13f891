"""RSS and Atom feeds: each item becomes a report.

The item's content (else its summary) is the text, with HTML tags stripped
and block elements turned into paragraph breaks; the link is the url and the
source (else the item id, else ``file#n``); the feed's title is the outlet.
"""
from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from datetime import date

import feedparser

from tacitus.model import RawDocument, Reject
from tacitus.sanitize import MAX_DATE, MIN_DATE

_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|div|br|li|ul|ol|h[1-6]|blockquote|figure|figcaption|tr|table)\b[^>]*>",
                        re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_DROP = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BREAKS = re.compile(r"\s*\n\s*(?:\n\s*)+")


def strip_html(fragment: str) -> str:
    """Plain text of an HTML fragment, block elements as blank-line paragraph breaks."""
    text = _DROP.sub(" ", fragment)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = htmllib.unescape(_TAG.sub("", text))
    text = _SPACES.sub(" ", text)
    return _BREAKS.sub("\n\n", text).strip()


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                day = date(t.tm_year, t.tm_mon, t.tm_mday)
            except (ValueError, TypeError, OverflowError):
                continue
            if MIN_DATE <= day <= MAX_DATE:
                return day
    return None


def _entry_text(entry) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return strip_html(best if len(best) >= len(summary) else summary)


def read_feed(source: str, data: bytes) -> Iterator[RawDocument | Reject]:
    """Yield one RawDocument per feed item (a Reject for an item without text)."""
    try:
        parsed = feedparser.parse(data)
    except Exception as exc:  # noqa: BLE001 - feedparser trips on some encoding declarations
        yield Reject(source, f"not a valid RSS/Atom feed ({type(exc).__name__})")
        return
    if not parsed.entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            why = str(exc).splitlines()[0][:80] if exc else "unreadable"
            yield Reject(source, f"not a valid RSS/Atom feed ({why})")
        else:
            yield Reject(source, "feed has no items")
        return
    outlet = _SPACES.sub(" ", parsed.feed.get("title", "") or "").strip() or None
    language = (parsed.feed.get("language") or "")[:2].lower() or None  # None: detected when cleaned
    for n, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or None
        item_source = link or entry.get("id") or f"{source}#{n}"
        text = _entry_text(entry)
        if not text:
            yield Reject(item_source, f"feed item {n} has no text")
            continue
        title = strip_html(entry.get("title", "") or "") or None
        yield RawDocument(source=item_source, text=text, title=title, url=link,
                          outlet=outlet, published=_entry_date(entry), language=language)
