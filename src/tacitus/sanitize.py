"""Values made safe where they enter: valid Unicode, no control characters,
bounded lengths, dates in a sane range.

Every reader (``tacitus.read``) passes what it yields through
:func:`sanitize` / :func:`sanitize_reject`, and the cleaner does it again for a
``RawDocument`` built by hand (the API, the web upload), so no later stage, the
store or an output ever meets:

* a lone UTF-16 surrogate (``\\ud800``, half an emoji ``\\ud83d`` from a broken
  JSON escape, a file name that is not UTF-8): replaced by U+FFFD (a valid
  pair written as two code points is joined into its character);
* a control character (C0 but tab and line breaks, DEL, C1, U+FFFE/U+FFFF):
  replaced by a space in text (words stay apart), dropped from one-line fields;
  one-line fields (source, title, outlet, url, language, channel) lose line breaks too;
* a metadata field longer than :data:`FIELD_LIMITS` characters: cut;
* a language that is not an ISO 639 code: the reader's default (``RawDocument.language``'s);
* a publication date outside :data:`MIN_DATE`..:data:`MAX_DATE`: dropped
  (the readers reject such a date header before it gets here).

Each change is recorded on the document as a ``RemovedBlock`` (``reason``
``invalid-unicode``, ``control-characters``, ``field-too-long``,
``bad-language`` or ``date-out-of-range``; ``text`` says which field and how
many characters), which the cleaner keeps in ``Document.removed``: the ledger
shows what was changed and why. A reject's source and reason become one valid
line of at most :data:`REASON_LIMIT` characters.
"""
from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date

from tacitus.model import RawDocument, Reject, RemovedBlock

#: publication dates outside this range are not dates of news reports
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)
#: the longest metadata values kept, in characters
FIELD_LIMITS = {"source": 2000, "title": 1000, "outlet": 300, "url": 4000, "language": 16, "channel": 300}
REASON_LIMIT = 400

_SURROGATE = re.compile("[\ud800-\udfff]")
# control characters a text may not hold (tab, LF and CR stay)
_CONTROL_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# in a one-line value, line breaks and tabs are control characters too
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def _fix_surrogates(value: str) -> tuple[str, int]:
    """``value`` with pairs joined and lone surrogates replaced; how many were replaced."""
    joined = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return joined, len(_SURROGATE.findall(value)) - 2 * (len(value) - len(joined))


def clean_value(value: str, *, one_line: bool) -> tuple[str, list[tuple[str, str]]]:
    """``value`` made valid; the changes as ``(reason, what)`` pairs (empty when none)."""
    changes: list[tuple[str, str]] = []
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            value, n = _fix_surrogates(value)
            if n:
                changes.append(("invalid-unicode", f"{n} lone surrogate{'s' if n != 1 else ''} replaced by U+FFFD"))
    pattern = _CONTROL_LINE if one_line else _CONTROL_TEXT
    if pattern.search(value):
        n = len(pattern.findall(value))
        if one_line:
            value = " ".join(pattern.sub(" ", value).split())
        else:
            value = pattern.sub(" ", value)
        changes.append(("control-characters",
                        f"{n} control character{'s' if n != 1 else ''} "
                        f"{'removed' if one_line else 'replaced by spaces'}"))
    return value, changes


def _one_line(value: str, limit: int) -> str:
    value, _ = clean_value(value, one_line=True)
    return value if len(value) <= limit else value[:limit - 1] + "…"


def sanitize_reject(reject: Reject) -> Reject:
    """A reject whose source and reason are each one valid line."""
    source = _one_line(reject.source, FIELD_LIMITS["source"]) or "unnamed input"
    reason = _one_line(reject.reason, REASON_LIMIT) or "unreadable"
    if source == reject.source and reason == reject.reason:
        return reject
    return Reject(source, reason)


def _default_language() -> str:
    return next(f.default for f in fields(RawDocument) if f.name == "language")


def sanitize(raw: RawDocument) -> RawDocument:
    """``raw`` with every value valid (see the module docstring); the same object when
    nothing needed changing, else a copy whose ``removed`` records each change."""
    notes: list[RemovedBlock] = []
    changed: dict[str, object] = {}

    def note(name: str, changes: list[tuple[str, str]]) -> None:
        notes.extend(RemovedBlock(f"{name}: {what}", reason) for reason, what in changes)

    text, changes = clean_value(raw.text, one_line=False)
    if changes:
        changed["text"] = text
        note("text", changes)
    if raw.blocks is not None:
        blocks, block_changes = [], []
        for kind, block in raw.blocks:
            fixed, changes = clean_value(block, one_line=False)
            blocks.append((kind, fixed))
            block_changes += changes
        if block_changes:
            changed["blocks"] = blocks
            if "text" not in changed:
                note("text", block_changes)
    for name in ("source", "title", "outlet", "url", "language", "channel"):
        value = getattr(raw, name, None)
        if value is None:
            continue
        value = str(value)
        fixed, changes = clean_value(value, one_line=True)
        limit = FIELD_LIMITS[name]
        if len(fixed) > limit:
            changes.append(("field-too-long", f"{len(fixed)} characters, cut to {limit}"))
            fixed = fixed[:limit - 1] + "…"
        if name == "source" and not fixed:
            fixed = "unnamed input"
        if name == "language":
            code = re.split(r"[-_\s]", fixed.strip().lower(), maxsplit=1)[0]
            if not _LANGUAGE.fullmatch(code):
                code = _default_language()
                changes = [("bad-language", f"'{fixed[:20]}' is not an ISO 639 code"
                            + (f", '{code}' used" if code else ", dropped"))]
            fixed = code
        if fixed != value or changes:
            changed[name] = fixed if (fixed or name == "source") else None
            note(name, changes)
    published = raw.published
    if published is not None and not (MIN_DATE <= _as_date(published) <= MAX_DATE):
        changed["published"] = None
        notes.append(RemovedBlock(f"published: {published.isoformat()[:10]} is outside "
                                  f"{MIN_DATE.year}-{MAX_DATE.year}, dropped", "date-out-of-range"))
    if not changed:
        return raw
    return replace(raw, **changed, removed=list(raw.removed) + notes)


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value
