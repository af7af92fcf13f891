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
from tacitus.sanitize import MAX_DATE, MIN_DATE

_DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\S*)(?:[ \t]+|$)",
                        re.IGNORECASE)
_KEY_LINE = re.compile(r"^[ \t]*(title|outlet|url|source|date|published|language)[ \t]*:[ \t]*(.*?)\s*$",
                       re.IGNORECASE)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


class BadDate(ValueError):
    """A value that should be a date and is not; ``why`` says so in words."""

    def __init__(self, value: str, why: str = "is not a date"):
        super().__init__(value)
        self.why = why


def parse_date(value: str) -> date:
    """Read ``YYYY-MM-DD`` or an ISO datetime (the date part is kept); raise BadDate,
    also for a date outside the years the ledger takes (``tacitus.sanitize.MIN_DATE``
    .. ``MAX_DATE``: "date 0001-01-01" would only break date arithmetic later)."""
    value = value.strip()
    if len(value) > 40:
        raise BadDate(value)
    m = _ISO_DATE.match(value)
    try:
        if m:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            day = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        raise BadDate(value) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise BadDate(value, f"is outside the years {MIN_DATE.year}-{MAX_DATE.year}")
    return day


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
            except BadDate as exc:
                return Reject(source, f"date header '{m.group(0).strip()[:40]}' {exc.why}")
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
            except BadDate as exc:
                return Reject(source, f"date header '{line.strip()[:40]}' {exc.why}")
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
