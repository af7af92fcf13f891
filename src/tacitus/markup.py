"""Telegram-style markup out of a report's text, before the cleaner splits it.

Posts copied from Telegram (or exported as markdown) carry formatting that is
not part of what was said: ``**bold**`` and ``__italic__`` markers, links
written ``[text](https://...)``, emoji used as bullets (◽️ ⚡️ 🔹), hashtags,
and the channel's signature at the end ("🔹 @mod_russia",
"[Минобороны России](https://t.me/mod_russia)").  ``strip_markup(text)``
returns the plain text and what it took out:

* markers go, their text stays: any run of two or more ``*``, and runs of
  ``_`` that open or close a stretch of text (not the underscores inside a
  name like ``window.__x`` or ``snake__case``);
* a link keeps its text; its address is recorded (reason ``link``); an
  image or a link without text (``![](...)``, ``[](...)``) goes whole;
* an emoji run that starts a line, or follows the end of a sentence or a run
  of spaces (a line break flattened away), is a bullet: it becomes a
  paragraph break; an emoji inside a sentence becomes a space;
* hashtags at the very end are recorded (reason ``hashtags``); a hashtag
  inside the text keeps its word ("#Харків" -> "Харків");
* the signature at the very end (an ``@channel`` mention, or a link to a
  ``t.me`` channel, after optional emoji) is recorded (reason ``signature``).

Formatting markers and emoji are not recorded: they carried no words.  Text
without any of these characters is returned as it is (a quick check first).
"""
from __future__ import annotations

import re

# Emoji and pictographs: symbols, dingbats, arrows and geometric shapes used as
# bullets, flags (regional indicators), keycaps, with their joiners and selectors.
_EMOJI_CHARS = ("\U0001F000-\U0001FAFF\u2190-\u21FF\u2300-\u23FF\u25A0-\u25FF\u2600-\u27BF"
                "\u2B00-\u2BFF\u2934\u2935\u3030\u303D\u3297\u3299\u203C\u2049\u2122\u2139"
                "\u24C2\u00A9\u00AE")
_EMOJI_ONE = rf"(?:[0-9#*]\uFE0F?\u20E3|[{_EMOJI_CHARS}][\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]*)"
_EMOJI_SEQ = rf"{_EMOJI_ONE}(?:\u200D{_EMOJI_ONE})*"
_EMOJI_RUN = re.compile(rf"{_EMOJI_SEQ}(?:[ \t\u00a0]*{_EMOJI_SEQ})*")
_HAS_MARKUP = re.compile(rf"\*\*|__|\]\(|[#@][^\W\d_]|[{_EMOJI_CHARS}\uFE0F\u20E3]")
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\((\S*?)\)")
_MARKERS = re.compile(r"\*{2,}")
# __italic__ markers: a run of underscores that opens (after a space) or closes (before a
# space or punctuation) a stretch of text, never the underscores inside a name ("window.__name")
_UNDERSCORES = re.compile(r"(?<![\w.])_{2,}|(?<=\S)_{2,}(?=[\s.,;:!?)»\"”]|$)")
_TAIL_SPACE = re.compile(rf"(?:\s|\*{{2,}}|{_EMOJI_SEQ})*$")
_AFTER_GAP = rf"(?:^|(?<=[\s*_{_EMOJI_CHARS}\uFE0F]))"  # what a tail item may follow
_TRAILING_TAGS = re.compile(rf"{_AFTER_GAP}#[^\W\d_][\w-]*(?:\s+#[^\W\d_][\w-]*)*$")
_SIGNATURE = re.compile(
    rf"{_AFTER_GAP}(?:@[A-Za-z][\w]{{3,}}|\[[^\[\]\n]*\]\(https?://t\.me/[A-Za-z][\w]{{3,}}/?\)"
    rf"|https?://t\.me/[A-Za-z][\w]{{3,}}/?)$")
_INLINE_TAG = re.compile(r"(?:^|(?<=[\s(«\"]))#(?=[^\W\d_])")
# what may stand before a bullet: the start of a line, a sentence end, or a flattened line break
_BULLET_BEFORE = re.compile(r"(?:^|\n)[ \t]*$|[.!?…:;»\"”)][ \t]*$|[ \t]{2,}$")


def has_markup(text: str) -> bool:
    """Whether ``text`` may hold markup (cheap; ASCII text without ``**`` ``__`` ``](`` ``#`` ``@`` has none)."""
    return _HAS_MARKUP.search(text) is not None


def _strip_tail(text: str, removed: list[tuple[str, str]]) -> str:
    """Take the trailing hashtags and signature off ``text`` (recorded in ``removed``)."""
    while True:
        end = _TAIL_SPACE.search(text).start()
        body = text[:end]
        m = _TRAILING_TAGS.search(body) or _SIGNATURE.search(body)
        if not m or not body[:m.start()].strip():
            return text
        reason = "hashtags" if m.group(0).startswith("#") else "signature"
        removed.append((m.group(0), reason))
        text = body[:m.start()]


def _emoji(text: str) -> str:
    """Bullets to paragraph breaks, other emoji to spaces."""
    out: list[str] = []
    pos = 0
    for m in _EMOJI_RUN.finditer(text):
        out.append(text[pos:m.start()])
        bullet = (not "".join(out).strip()
                  or _BULLET_BEFORE.search(text, max(0, m.start() - 8), m.start()) is not None)
        out.append("\n\n" if bullet else " ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def strip_markup(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``(plain text, [(removed text, reason), ...])``; see the module docstring."""
    if not has_markup(text):
        return text, []
    removed: list[tuple[str, str]] = []
    text = _strip_tail(text, removed)
    tail = removed[:]
    removed.clear()

    def link(m: re.Match[str]) -> str:
        label, url = m.group(1), m.group(2)
        if url:
            removed.append((url, "link"))
        return label if label.strip() and not m.group(0).startswith("!") else " "

    text = _LINK.sub(link, text)
    text = _MARKERS.sub("", text)
    text = _UNDERSCORES.sub("", text)
    text = _emoji(text)
    text = _INLINE_TAG.sub("", text)
    return text, removed + tail[::-1]
