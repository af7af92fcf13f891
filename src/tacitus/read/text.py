"""Plain-text reports with an optional header.

A plain-text file is the report itself, optionally preceded by header lines:

* ``date YYYY-MM-DD`` (leading spaces allowed); the article text may go on
  on the same line after the date, as in ``" date 2025-07-18 Russia said ..."``.
* ``key: value`` lines, one per line, for the keys ``title``, ``outlet``,
  ``url``, ``source``, ``date``/``published`` (``YYYY-MM-DD`` or an ISO
  datetime) and ``language`` (ISO 639-1).

The header ends at the first line that is neither; a blank line right after
the header is dropped.  A date that looks like a date but is not one (``date
2025-13-45``) rejects the file rather than being silently ignored.
"""
from __future__ import annotations

import re
from datetime import date, datetime

from tacitus.model import RawDocument, Reject

_DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\S*)(?:[ \t]+|$)",
                        re.IGNORECASE)
_KEY_LINE = re.compile(r"^[ \t]*(title|outlet|url|source|date|published|language)[ \t]*:[ \t]*(.*?)\s*$",
                       re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


class BadDate(ValueError):
    """A value that should be a date and is not."""


def parse_date(value: str) -> date:
    """Read ``YYYY-MM-DD`` or an ISO datetime (the date part is kept); raise BadDate."""
    value = value.strip()
    m = _ISO_DATE.match(value)
    if not m:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            raise BadDate(value) from None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise BadDate(value) from None


def parse_text(source: str, text: str, *, kind: str = "text") -> RawDocument | Reject:
    """Split the optional header from a plain-text report and build the RawDocument."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    published: date | None = None
    pos = 0
    while pos < len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        line = text[pos:end]
        m = _DATE_LINE.match(line)
        if m:
            try:
                published = parse_date(m.group(1))
            except BadDate:
                return Reject(source, f"date header '{m.group(0).strip()[:40]}' is not a date")
            if line[m.end():].strip():
                pos += m.end()  # the body goes on on this very line: the header ends here
                break
            pos = end + 1       # a date line of its own: key lines may follow
            continue
        k = _KEY_LINE.match(line)
        if not k or (k.group(1).lower() in meta):
            break
        key, value = k.group(1).lower(), k.group(2)
        if key in ("date", "published"):
            try:
                published = parse_date(value)
            except BadDate:
                return Reject(source, f"date header '{line.strip()[:40]}' is not a date")
        meta[key] = value
        pos = end + 1
    body = text[pos:].strip()
    if not body:
        return Reject(source, "no text after the header" if pos else "empty file")
    return RawDocument(
        source=meta.get("source") or source,
        text=body,
        kind=kind,
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        outlet=meta.get("outlet") or None,
        published=published,
        language=(meta.get("language") or "")[:2].lower() or None,
    )
