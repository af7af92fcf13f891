"""The cleaner: boilerplate out, captions and headings as their own blocks.

``clean(raw)`` takes Telegram-style markup out of a plain-text report
(``tacitus.markup``: ``**bold**``, links, emoji bullets, hashtags, the
channel's signature; links, trailing hashtags and the signature are recorded
in ``Document.removed``), splits it into paragraphs (or takes the blocks the
reader found), removes boilerplate paragraphs (advertisement markers,
cross-links, share prompts, photo credits) into ``Document.removed`` with a
reason, keeps photo captions as ``caption`` blocks (their credit stripped),
splits subheadings fused onto the following paragraph into a ``heading``
block, and joins the kept blocks with blank lines into ``Document.text``.
The document's language is the reader's when the input named one, else
identified from the cleaned text (``tacitus.nlp.langid``); a block in another
language than the document's gets its own ``Block.language``.
All patterns are in ``data/boilerplate.yml``.

Plain-text paragraphs are separated by blank lines; inside a chunk of lines a
line break is a paragraph break when the line before ends a sentence, or when
either line is boilerplate; otherwise (hard-wrapped text) lines are joined.
A title known only as metadata (``RawDocument.title``) is not put into the
text; a title block the reader found (HTML) is kept as a ``title`` block.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tacitus.markup import strip_markup
from tacitus.model import Block, Document, RawDocument, RemovedBlock, document_id
from tacitus.nlp.langid import BLOCK_MIN_LETTERS, count_cyrillic, detect, detect_blocks
from tacitus.sanitize import sanitize

_DATA = Path(__file__).resolve().parent / "data" / "boilerplate.yml"

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’]$")
_FINAL_PUNCT = re.compile(r"[.!?…:;,][\"'”’)\]]*$")
_CREDIT_TAIL = 160   # a photo credit is looked for in this many final characters
_HEADING_SPAN = 260  # a fused heading and its opener lie within this many first characters


@dataclass(frozen=True)
class _Rules:
    """The compiled contents of boilerplate.yml."""
    remove: tuple[tuple[str, int, re.Pattern[str]], ...]
    credit_end: re.Pattern[str]
    credit_hint: re.Pattern[str]
    credit_only: re.Pattern[str]
    caption_start: re.Pattern[str]
    opener: re.Pattern[str]
    strong: frozenset[str]
    weak: frozenset[str]
    bad_last: frozenset[str]
    bad_words: frozenset[str]
    small: frozenset[str]
    max_words: int
    min_words: int
    min_rest: int


@lru_cache(maxsize=1)
def rules() -> _Rules:
    """Load and compile the cleaning patterns once per process."""
    cfg = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    remove = []
    for reason, spec in cfg["remove"].items():
        pattern = re.compile("|".join(f"(?:{p})" for p in spec["patterns"]), re.IGNORECASE)
        remove.append((reason, int(spec.get("max_words", 40)), pattern))
    credits = "|".join(f"(?:{p})" for p in cfg["photo_credits"])
    h = cfg["headings"]
    strong, weak = h["strong_openers"].split(), h["weak_openers"].split()
    return _Rules(
        remove=tuple(remove),
        credit_end=re.compile(rf"(?:^|(?<=[\s.!?\"”’)]))(?:{credits})\s*$"),
        credit_only=re.compile(rf"(?:{credits})"),
        credit_hint=re.compile("|".join(re.escape(h) for h in cfg["credit_hints"])),
        caption_start=re.compile("|".join(re.escape(s) for s in cfg.get("caption_starts", []))
                                 or r"(?!x)x"),
        opener=re.compile(r"(?<=\s)(?:" + "|".join(sorted(map(re.escape, strong + weak), key=len, reverse=True))
                          + r")\b(?=[\s,])"),
        strong=frozenset(strong), weak=frozenset(weak),
        bad_last=frozenset(h["bad_last_words"].lower().split()),
        bad_words=frozenset(h["bad_words"].lower().split()),
        small=frozenset(h["title_case_small"].split()),
        max_words=int(h["max_words"]), min_words=int(h["min_words"]), min_rest=int(h["min_rest_words"]),
    )


def normalise(text: str) -> str:
    """One paragraph's text: NFC, invisible characters dropped, whitespace collapsed."""
    if not text.isascii():
        text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation (or a closing quote)."""
    return _ENDS_SENTENCE.search(text, max(0, len(text) - 8)) is not None


def boilerplate_reason(par: str) -> str | None:
    """The removal reason when a whole paragraph is boilerplate, else None."""
    r = rules()
    if len(par) > 600:  # longer than any boilerplate paragraph
        return None
    if len(par) < 120 and r.credit_hint.search(par) and r.credit_only.fullmatch(par):
        return "photo-credit"
    n_words = par.count(" ") + 1
    for reason, max_words, pattern in r.remove:
        if n_words <= max_words and pattern.fullmatch(par):
            return reason
    return None


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a plain-text report (see the module docstring for line breaks)."""
    out: list[str] = []
    for chunk in _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        current: list[str] = []
        for line in chunk.split("\n"):
            line = " ".join(line.split())
            if not line:
                continue
            if current and (boilerplate_reason(line) or boilerplate_reason(current[-1])
                            or _ends_sentence(current[-1]) or _headline_line(current, line)):
                out.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            out.append(" ".join(current))
    return out


def _headline_line(current: list[str], line: str) -> bool:
    """A lone Title Case line before a capitalised one is a headline, not a
    hard-wrapped opening ("Russian Air Defenses Down 5 UAVs Over Three Regions" /
    "Russian air defenses overnight downed ..."): issue 10, dev en-0056, en-0100."""
    return (len(current) == 1 and line[:1].isupper() and _is_heading(current[0])
            and _is_title_case(current[0].split()))


def strip_credit(par: str) -> tuple[str, str | None]:
    """Split a trailing photo credit off a paragraph: (rest, credit or None)."""
    r = rules()
    tail = max(0, len(par) - _CREDIT_TAIL)
    if not r.credit_hint.search(par, tail):
        return par, None
    m = r.credit_end.search(par, tail)
    if not m or m.start() == 0:
        return par, None
    rest = par[:m.start()].rstrip()
    if not rest:
        return par, None
    return rest, par[m.start():].strip()


def _is_title_case(words: list[str]) -> bool:
    small = rules().small
    alpha = [w.strip("\"'“”‘’()[]") for w in words]
    alpha = [w for w in alpha if w and w[0].isalpha()]
    return len(alpha) >= 2 and all(w[0].isupper() or w in small for w in alpha)


def _heading_ok(head: str, rest: str, opener: str) -> bool:
    """Whether ``head`` + ``rest`` reads as a subheading fused onto a paragraph."""
    r = rules()
    words = head.split()
    if not (r.min_words <= len(words) <= r.max_words) or len(rest.split()) < r.min_rest:
        return False
    first = head.lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if _FINAL_PUNCT.search(head) or head.endswith(("-", "–", "—")) or re.search(r"[.!?]\s", head):
        return False
    last = words[-1].strip("\"'“”‘’()").lower()
    if last in r.bad_last or any(w.strip(",;:\"'“”‘’").lower() in r.bad_words for w in words):
        return False
    if opener in r.weak:
        nxt = rest[len(opener):].lstrip()[:1]
        if not nxt.islower() and not head.endswith(("'", "’", "\"", "”")) and ";" not in head:
            return False
    return True


def split_fused_heading(par: str) -> tuple[str, str] | None:
    """``(heading, paragraph)`` when ``par`` starts with a fused subheading, else None.

    The split point is a capitalised sentence opener ("On", "Last", "Speaking",
    "The" + lowercase word ...) after a short title-like run that has no final
    punctuation and no reporting verb.  In a Title Case heading the last
    opener that still leaves a Title Case head wins ("... Attack On Ukraine Last week").
    """
    r = rules()
    if not _ends_sentence(par):
        return None
    chosen: tuple[str, str] | None = None
    for m in r.opener.finditer(par, 0, min(len(par), _HEADING_SPAN)):
        head, rest = par[:m.start()].rstrip(), par[m.start():]
        if len(head.split()) > r.max_words:
            break
        if not _heading_ok(head, rest, m.group(0)):
            continue
        if chosen is None:
            chosen = (head, rest)
            if not _is_title_case(head.split()):
                break
        elif _is_title_case(head.split()):
            chosen = (head, rest)
    return chosen


def _is_heading(par: str) -> bool:
    """A short title-like paragraph with no final punctuation."""
    words = par.split()
    first = par.lstrip("\"'“‘(")[:1]
    return (1 <= len(words) <= rules().max_words and (first.isupper() or first.isdigit())
            and not _FINAL_PUNCT.search(par) and not _ends_sentence(par))


def _classify(items: list[tuple[str, str]], removed: list[RemovedBlock]) -> list[tuple[str, str]]:
    """Apply the cleaning rules to (kind, text) items; returns the kept blocks."""
    r = rules()
    kept: list[tuple[str, str]] = []
    for kind, raw_text in items:
        par = normalise(raw_text)
        if not par:
            continue
        reason = boilerplate_reason(par)
        if reason:
            removed.append(RemovedBlock(par, reason))
            # a lone credit right after a short paragraph makes that paragraph a caption
            if reason == "photo-credit" and kept and kept[-1][0] == "paragraph" and len(kept[-1][1].split()) <= 60:
                kept[-1] = ("caption", kept[-1][1])
            continue
        if kind in ("title", "heading"):
            kept.append((kind, par))
            continue
        rest, credit = strip_credit(par)
        if credit:
            removed.append(RemovedBlock(credit, "photo-credit"))
            kept.append(("caption", rest))
            continue
        if kind == "caption" or r.caption_start.match(par):
            kept.append(("caption", par))
            continue
        fused = split_fused_heading(par)
        if fused:
            kept.append(("heading", fused[0]))
            kept.append(("paragraph", fused[1]))
        elif _is_heading(par) and len(items) > 1:
            kept.append(("heading", par))
        else:
            kept.append(("paragraph", par))
    return kept


def clean(raw: RawDocument) -> Document:
    """Clean one raw report into a Document whose text every later offset points into."""
    raw = sanitize(raw)  # a RawDocument built by hand has not been through a reader
    removed: list[RemovedBlock] = list(raw.removed)
    if raw.blocks is not None:
        items = raw.blocks
    else:
        plain, taken = strip_markup(raw.text)
        removed.extend(RemovedBlock(t, reason) for t, reason in taken)
        items = [("paragraph", p) for p in split_paragraphs(plain)]
    kept = _classify(list(items), removed)
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for kind, text in kept:
        if parts:
            pos += 2
        blocks.append(Block(kind, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    text = "\n\n".join(parts)
    language = raw.language or detect(text)
    if len(blocks) > 1 and (language != "en" or count_cyrillic(text) >= BLOCK_MIN_LETTERS):
        detect_blocks(text, blocks, language)
    return Document(id=document_id(text), source=raw.source, text=text, published=raw.published,
                    title=raw.title, outlet=raw.outlet, language=language, url=raw.url,
                    blocks=blocks, removed=removed, channel=raw.channel)
