"""JSON Lines: one report per line.

Fields: ``text`` (required), ``id``, ``title``, ``url``, ``outlet``,
``published`` (``YYYY-MM-DD`` or ISO datetime; ``date`` is accepted too),
``language``.  A ``date YYYY-MM-DD`` marker heading the text (the plain-text
header) is dropped from it, and dates the report when the record does not.
A record's source is its ``id``, else ``file:line``.  A bad
line rejects that line only.  A ``.json`` file holding one array of such
objects is read the same way (its "lines" are the array items).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from tacitus.model import RawDocument, Reject
from tacitus.read.text import _DATE_LINE, BadDate, parse_date


_SCALARS = (str, int, float)
#: the most digits a JSON integer may have; a longer one is kept as its digits
#: (Python refuses to convert more than 4,300 digits, and no field needs them)
MAX_INT_DIGITS = 100


def _short(exc: json.JSONDecodeError) -> str:
    # some messages end in "at" already ("Unterminated string starting at")
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"


def _int(digits: str) -> int | str:
    return int(digits) if len(digits) <= MAX_INT_DIGITS else digits


def loads(text: str):
    """``json.loads`` that never raises but ``JSONDecodeError`` / ``JSONTooDeep``: a huge
    integer stays a string, nesting deeper than Python's recursion limit is refused."""
    try:
        return json.loads(text, parse_int=_int)
    except RecursionError:
        raise JSONTooDeep() from None


class JSONTooDeep(ValueError):
    """JSON nested deeper than the parser can follow."""


def record_to_doc(rec: Any, where: str, label: str, max_bytes: int) -> RawDocument | Reject:
    """Turn one decoded JSON value into a RawDocument, or a Reject naming ``label``."""
    if not isinstance(rec, dict):
        return Reject(where, f"{label}: not a JSON object")
    text = rec.get("text")
    if text is None:
        return Reject(where, f"{label}: no 'text' field")
    if not isinstance(text, str) or not text.strip():
        return Reject(where, f"{label}: 'text' is empty or not a string")
    if len(text) > max_bytes:
        return Reject(where, f"{label}: text is {len(text) / 2**20:.1f} MB, "
                             f"over the {max_bytes / 2**20:g} MB limit")
    published = None
    raw_date = rec.get("published") or rec.get("date")
    if raw_date and not isinstance(raw_date, _SCALARS):
        return Reject(where, f"{label}: 'published' is a {type(raw_date).__name__}, not a date")
    if raw_date:
        try:
            published = parse_date(str(raw_date))
        except BadDate as exc:
            return Reject(where, f"{label}: 'published' value '{str(raw_date)[:40]}' {exc.why}")
    marker = _DATE_LINE.match(text)
    if marker:
        # the plain-text header "date YYYY-MM-DD" at the head of the text is no part of the report
        try:
            marked = parse_date(marker.group(1))
        except BadDate:
            marked = None
        if marked is not None:
            text = text[marker.end():]
            published = published or marked
    rid = rec.get("id")
    source = str(rid) if isinstance(rid, _SCALARS) and rid != "" else where

    def opt(key: str) -> str | None:
        value = rec.get(key)  # a list or object where a string belongs is ignored
        return str(value).strip() or None if isinstance(value, _SCALARS) else None

    return RawDocument(source=source, text=text, title=opt("title"), url=opt("url"),
                       outlet=opt("outlet"), published=published,
                       language=(opt("language") or "")[:2].lower() or None)


def read_jsonl(source: str, lines: Iterable[bytes | int], max_bytes: int) -> Iterator[RawDocument | Reject]:
    """Yield one RawDocument or Reject per non-blank line of a JSON Lines stream.

    An ``int`` in ``lines`` stands for a line too long to hold: its length in bytes.
    """
    for n, raw in enumerate(lines, start=1):
        where = f"{source}:{n}"
        label = f"line {n}"
        if isinstance(raw, int):
            yield Reject(where, f"{label}: record is {raw / 2**20:.1f} MB, "
                                f"over the {max_bytes / 2**20:g} MB limit")
            continue
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            yield Reject(where, f"{label}: not UTF-8")
            continue
        try:
            rec = loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(where, f"{label}: not JSON ({_short(exc)})")
            continue
        except JSONTooDeep:
            yield Reject(where, f"{label}: JSON nested too deeply")
            continue
        yield record_to_doc(rec, where, label, max_bytes)


def read_json_array(source: str, data: bytes, max_bytes: int) -> Iterator[RawDocument | Reject]:
    """Yield the records of a ``.json`` file holding an array of report objects."""
    try:
        items = loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        yield Reject(source, "not UTF-8 JSON")
        return
    except json.JSONDecodeError as exc:
        yield Reject(source, f"not JSON ({_short(exc)})")
        return
    except JSONTooDeep:
        yield Reject(source, "JSON nested too deeply")
        return
    if not isinstance(items, list):
        items = [items]
    for n, rec in enumerate(items, start=1):
        yield record_to_doc(rec, f"{source}#{n}", f"item {n}", max_bytes)
