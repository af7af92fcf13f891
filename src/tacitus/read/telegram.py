"""Telegram Desktop channel exports: ``result.json`` (JSON) and ``messages*.html``.

One message is one document:

* ``text``: the message's text entities concatenated in order (bold, italic,
  mentions, hashtags ... become their plain text, so an entity's offset in the
  document is where its text lands); a link with its own text (``text_link``)
  is written ``[text](address)``, so the cleaner keeps the text and records the
  address (``Document.removed``, reason ``link``), as it does for the
  signature and trailing hashtags;
* ``outlet`` and ``channel``: the channel's name (``channel`` is the
  first-party claimant: the channel says it itself); a forwarded message's
  ``channel`` is the channel it was forwarded from;
* ``url``: ``https://t.me/<username>/<id>`` when the channel's username is
  known: a top-level ``username`` in the export, else the username of the
  channel's links to its own posts (``t.me/<username>/<id>`` with an ``id`` of
  this export, at least two of them); otherwise None;
* ``source``: the url when there is one, else ``<export path>#<message id>``;
* ``published``: the message's date in the channel's time zone.  The export's
  ``date`` is the exporting computer's local time, ``date_unixtime`` is UTC:
  the reader takes ``date_unixtime`` and converts it to the zone given by
  ``tz`` (an IANA name; the ``TACITUS_TELEGRAM_TZ`` environment variable sets
  it for a whole run), else to the zone of the channel's language: Russian
  Europe/Moscow, Ukrainian Europe/Kyiv (a ministry's or an air force's channel
  reports the day of its own capital), other languages UTC.  The HTML export's
  time stamps carry their UTC offset ("24.02.2022 06:00:00 UTC+03:00") and are
  converted the same way; without one the local date is taken as it is.

Service messages (joins, pins ...), messages without text (a photo or video
alone) and empty ones are skipped; one line per export counts them:
``skipped 7 of 40 messages: 3 service, 4 media without text``.  An export
that is not one (no ``messages`` list, not JSON) is rejected with one line.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tacitus.model import RawDocument, Reject
from tacitus.read.jsonl import JSONTooDeep, loads

TZ_ENV = "TACITUS_TELEGRAM_TZ"
ZONE_OF_LANGUAGE = {"ru": "Europe/Moscow", "uk": "Europe/Kyiv"}
_CHAT_TYPES = ("public_channel", "private_channel", "public_supergroup", "private_supergroup",
               "private_group", "personal_chat", "bot_chat", "saved_messages")
HEAD = re.compile(rb'^\s*\{\s*"(?:name|about)"\s*:.*?"(?:type"\s*:\s*"(?:%s)"|chats"\s*:)'
                  % b"|".join(t.encode() for t in _CHAT_TYPES), re.DOTALL)
HTML_HEAD = re.compile(rb'<div class="page_wrap">.*?<div class="(?:message|page_header)', re.DOTALL)
_SELF_LINK = re.compile(r"(?:https?://)?t\.me/([A-Za-z][\w]{3,})/(\d+)")
_MEDIA_KEYS = ("photo", "file", "media_type", "sticker_emoji", "poll", "location_information",
               "contact_information", "game_title", "invoice_information")
_LETTER = re.compile(r"[^\W_]")


class BadZone(ValueError):
    """A time zone name that is not one."""


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo of an IANA name; BadZone with a clear message otherwise."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadZone(f"unknown time zone '{name}' (an IANA name such as Europe/Kyiv)") from None


def _flatten(text: Any, entities: Any) -> str:
    """The message text with entities flattened; a text link as [text](href)."""
    parts = entities if isinstance(entities, list) and entities else text
    if isinstance(parts, str):
        return parts
    if not isinstance(parts, list):
        return ""   # a number or an object where the text belongs: no text
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, dict):
            piece = part.get("text", "")
            piece = piece if isinstance(piece, str) else ""
            href = part.get("href")
            if part.get("type") == "text_link" and href and piece.strip() and "]" not in piece:
                piece = f"[{piece}]({href})"
            out.append(piece)
    return "".join(out)


def _scalar(value: Any) -> str:
    """A string, number or boolean as text; anything else (a list, an object) as ''."""
    return str(value) if isinstance(value, (str, int, float)) else ""


def _channel_language(texts: list[str]) -> str | None:
    """The language most of the channel's messages are in (for its default time zone)."""
    from tacitus.nlp.langid import detect

    # the texts are not mended yet (tacitus.sanitize comes after the reader): a lone
    # surrogate must not stop the language guess
    counts = Counter(detect(t.encode("utf-8", "replace").decode("utf-8")) for t in texts[:200] if _LETTER.search(t))
    return counts.most_common(1)[0][0] if counts else None


def _username(chat: dict[str, Any], messages: list[dict[str, Any]], texts: list[str]) -> str | None:
    """The channel's username: given by the export, or that of its links to its own posts."""
    given = chat.get("username")
    if isinstance(given, str) and given.strip():
        return given.strip().lstrip("@")
    ids = {_scalar(m.get("id")) for m in messages}
    hits: Counter[str] = Counter()
    for text in texts:
        for name, mid in _SELF_LINK.findall(text):
            if mid in ids:
                hits[name] += 1
    if hits:
        name, n = hits.most_common(1)[0]
        if n >= 2:
            return name
    return None


def _default_zone(tz: str | None, texts: list[str]) -> ZoneInfo | timezone:
    name = tz or os.environ.get(TZ_ENV)
    if name:
        return zone(name)
    lang = _channel_language(texts)
    return ZoneInfo(ZONE_OF_LANGUAGE[lang]) if lang in ZONE_OF_LANGUAGE else timezone.utc


def _message_date(msg: dict[str, Any], tzinfo) -> date | None:
    unix = msg.get("date_unixtime")
    if unix not in (None, ""):
        try:
            return datetime.fromtimestamp(int(unix), tz=timezone.utc).astimezone(tzinfo).date()
        except (ValueError, OverflowError, OSError, TypeError):
            pass
    local = msg.get("date")
    if isinstance(local, str):
        try:
            return datetime.fromisoformat(local).date()
        except ValueError:
            return None
    return None


def _chats(data: Any) -> list[dict[str, Any]] | str:
    """The chats of an export (one chat, or the chats of a full-account export), or why none."""
    if not isinstance(data, dict):
        return "not a Telegram export (the JSON is not an object)"
    if "messages" in data:
        if not isinstance(data["messages"], list):
            return "not a Telegram export ('messages' is not a list)"
        return [data]
    chats = []
    for key in ("chats", "left_chats"):
        block = data.get(key)
        if isinstance(block, dict) and isinstance(block.get("list"), list):
            chats.extend(c for c in block["list"] if isinstance(c, dict) and isinstance(c.get("messages"), list))
    return chats or "not a Telegram export (no 'messages' list)"


def read_telegram_json(source: str, data: bytes, max_bytes: int, tz: str | None = None
                       ) -> Iterator[RawDocument | Reject]:
    """Yield one RawDocument per message of a Telegram Desktop JSON export."""
    try:
        parsed = loads(data.decode("utf-8-sig"))   # huge integers kept as digits, deep nesting refused
    except UnicodeDecodeError:
        yield Reject(source, "not a Telegram export (not UTF-8)")
        return
    except json.JSONDecodeError as exc:
        yield Reject(source, f"not a Telegram export (not JSON: {exc.msg} at line {exc.lineno})")
        return
    except JSONTooDeep:
        yield Reject(source, "not a Telegram export (JSON nested too deeply)")
        return
    chats = _chats(parsed)
    if isinstance(chats, str):
        yield Reject(source, chats)
        return
    for chat in chats:
        yield from _read_chat(source, chat, max_bytes, tz, len(chats) > 1)


def _read_chat(source: str, chat: dict[str, Any], max_bytes: int, tz: str | None,
               several: bool) -> Iterator[RawDocument | Reject]:
    name = _scalar(chat.get("name")).strip() or None
    where = f"{source}:{name}" if several and name else source
    messages = [m for m in chat["messages"] if isinstance(m, dict)]
    if not messages:
        yield Reject(where, "Telegram export has no messages")
        return
    texts = [_flatten(m.get("text"), m.get("text_entities")) if m.get("type") == "message" else ""
             for m in messages]
    try:
        tzinfo = _default_zone(tz, texts)
    except BadZone as exc:
        yield Reject(where, str(exc))
        return
    username = _username(chat, messages, texts)
    skipped: Counter[str] = Counter()
    for msg, text in zip(messages, texts):
        if msg.get("type") != "message":
            skipped["service"] += 1
            continue
        if not _LETTER.search(text):
            skipped["media without text" if any(msg.get(k) for k in _MEDIA_KEYS) else "empty"] += 1
            continue
        if len(text) > max_bytes:
            skipped["over the size limit"] += 1
            continue
        mid = _scalar(msg.get("id")) or None
        url = f"https://t.me/{username}/{mid}" if username and mid is not None else None
        forwarded = _scalar(msg.get("forwarded_from"))
        yield RawDocument(source=url or f"{where}#{mid}", text=text, url=url, outlet=name,
                          published=_message_date(msg, tzinfo),
                          channel=str(forwarded).strip() if forwarded else name)
    if skipped:
        parts = ", ".join(f"{n} {why}" for why, n in skipped.most_common())
        yield Reject(where, f"skipped {sum(skipped.values())} of {len(messages)} messages: {parts}")


# ----------------------------------------------------------------------------
# HTML export (messages.html, messages2.html ...)

_HTML_STAMP = re.compile(r"(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: UTC([+-])(\d{2}):(\d{2}))?")


def _html_date(stamp: str, tzinfo) -> date | None:
    m = _HTML_STAMP.search(stamp or "")
    if not m:
        return None
    d, mo, y, h, mi, s = (int(x) for x in m.groups()[:6])
    try:
        local = datetime(y, mo, d, h, mi, s)
    except ValueError:
        return None
    if not m.group(7):
        return local.date()
    try:
        offset = timedelta(hours=int(m.group(8)), minutes=int(m.group(9)))
        aware = local.replace(tzinfo=timezone(offset if m.group(7) == "+" else -offset))
        return aware.astimezone(tzinfo).date()
    except (ValueError, OverflowError):   # "UTC+99:00", or the last day of year 9999
        return None


def _html_text(node) -> str:
    """Text of a message's ``div.text`` with <br> as line breaks and links as [text](href)."""
    out: list[str] = [node.text or ""]
    # depth first without recursion (a message nested thousands deep is no crash): an
    # element's children, then its tail; a str on the stack is text to write
    stack: list[Any] = list(reversed(node))
    while stack:
        el = stack.pop()
        if isinstance(el, str):
            out.append(el)
        elif el.tag == "br":
            out.append("\n")
            out.append(el.tail or "")
        elif el.tag == "a" and (el.get("href") or "").startswith("http") and (el.text_content() or "").strip() \
                and not (el.text_content() or "").startswith(("#", "@")):
            out.append(f"[{el.text_content()}]({el.get('href')})")
            out.append(el.tail or "")
        else:
            out.append(el.text or "" if isinstance(el.tag, str) else "")
            stack.append(el.tail or "")
            stack.extend(reversed(el))
    return "".join(out).strip()


def read_telegram_html(source: str, text: str, tz: str | None = None) -> Iterator[RawDocument | Reject]:
    """Yield one RawDocument per message of one page of a Telegram Desktop HTML export."""
    import lxml.html

    try:
        root = lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        yield Reject(source, f"not a Telegram export ({exc})")
        return
    header = root.xpath('//div[@class="page_header"]//div[contains(@class,"text")]')
    name = " ".join(header[0].text_content().split()) if header else None
    nodes = root.xpath('//div[contains(concat(" ", @class, " "), " message ")]')
    if not nodes:
        yield Reject(source, "Telegram export page has no messages")
        return
    items = []
    for node in nodes:
        classes = node.get("class", "").split()
        mid = (node.get("id") or "").removeprefix("message")
        body = node.xpath('./div[@class="body"]/div[@class="text"]')
        stamp = node.xpath('./div[@class="body"]/div[contains(@class,"date")]/@title')
        forwarded = node.xpath('./div[@class="body"]/div[@class="forwarded body"]/div[@class="from_name"]')
        fwd_text = node.xpath('./div[@class="body"]/div[@class="forwarded body"]/div[@class="text"]')
        media = node.xpath('./div[@class="body"]//div[contains(@class,"media_wrap")]')
        msg_text = _html_text(body[0]) if body else _html_text(fwd_text[0]) if fwd_text else ""
        fwd_name = forwarded[0].text_content().split("\n")[0].strip() if forwarded else None
        items.append(("service" in classes, mid, msg_text, stamp[0] if stamp else "", fwd_name, bool(media)))
    try:
        name_tz = tz or os.environ.get(TZ_ENV)
        tzinfo = zone(name_tz) if name_tz else None
    except BadZone as exc:
        yield Reject(source, str(exc))
        return
    if tzinfo is None:
        lang = _channel_language([t for _, _, t, *_ in items])
        tzinfo = ZoneInfo(ZONE_OF_LANGUAGE[lang]) if lang in ZONE_OF_LANGUAGE else timezone.utc
    skipped: Counter[str] = Counter()
    for service, mid, msg_text, stamp, fwd_name, media in items:
        if service:
            skipped["service"] += 1
            continue
        if not _LETTER.search(msg_text):
            skipped["media without text" if media else "empty"] += 1
            continue
        yield RawDocument(source=f"{source}#{mid}", text=msg_text, outlet=name,
                          published=_html_date(stamp, tzinfo), channel=fwd_name or name)
    if skipped:
        parts = ", ".join(f"{n} {why}" for why, n in skipped.most_common())
        yield Reject(source, f"skipped {sum(skipped.values())} of {len(items)} messages: {parts}")
