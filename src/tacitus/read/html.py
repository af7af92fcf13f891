"""HTML articles: trafilatura finds the body; figure captions are put back.

trafilatura drops ``<figcaption>`` text, yet a caption often says where and
when a photo was taken.  We read the captions from the page ourselves and put
each one back after the body block that precedes it in the page, giving
``RawDocument.blocks`` as ``(kind, text)`` items in reading order: ``title``,
``heading``, ``paragraph``, ``caption``.
"""
from __future__ import annotations

import logging
import re
import warnings
from datetime import date

import lxml.etree as etree
import lxml.html
import trafilatura

from tacitus.model import RawDocument, Reject
from tacitus.read.text import BadDate, parse_date

# trafilatura logs a warning for pages it discards; without a handler Python would print
# it on stderr, where the user expects one line per rejected input (ours)
logging.getLogger("trafilatura").addHandler(logging.NullHandler())

_WS = re.compile(r"\s+")
_BODY_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _page_order(tree) -> list[tuple[str, str]]:
    """(tag, text) for body-like elements of the page in document order."""
    out: list[tuple[str, str]] = []
    for el in tree.iter(*_BODY_TAGS):
        text = _norm(el.text_content())
        if text:
            out.append((el.tag, text))
    return out


def _extracted_blocks(xml: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Blocks and metadata from trafilatura's XML output."""
    root = etree.fromstring(xml.encode("utf-8"))
    meta = {k: v for k, v in root.attrib.items() if v}
    blocks: list[tuple[str, str]] = []
    main = root.find("main")
    if main is None:
        return blocks, meta
    for el in main:
        text = _norm("".join(el.itertext()))
        if not text:
            continue
        if el.tag == "head":
            blocks.append(("heading", text))
        elif el.tag == "list":
            blocks.extend(("paragraph", _norm("".join(i.itertext()))) for i in el if _norm("".join(i.itertext())))
        else:
            blocks.append(("paragraph", text))
    return blocks, meta


_TAG_KIND = {"figcaption": "caption", "h1": "heading", "h2": "heading", "h3": "heading",
             "h4": "heading", "h5": "heading", "h6": "heading"}


def _unmerge(blocks: list[tuple[str, str]], page: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Split a block that glued several page elements together back into those elements.

    On short pages trafilatura may fall back to one blob of the body text; the
    page's own paragraphs, headings and captions then give the reading order.
    """
    out: list[tuple[str, str]] = []
    for kind, text in blocks:
        parts = [(tag, t) for tag, t in page if t in text] if len(text) > 80 else []
        if kind == "paragraph" and len(parts) >= 2 and sum(len(t) for _, t in parts) >= 0.8 * len(text):
            out.extend((_TAG_KIND.get(tag, "paragraph"), t) for tag, t in parts)
        else:
            out.append((kind, text))
    return out


def _insert_captions(blocks: list[tuple[str, str]], page: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Put each page caption after the extracted block that comes before it in the page."""
    position = {text: i for i, (_, text) in enumerate(blocks)}
    after: dict[int, list[str]] = {}
    last = -1
    seen: set[str] = {t for _, t in blocks}
    # one search per caption through all blocks at once (a caption has no line break,
    # so it cannot match across two blocks): not one per caption and block
    joined = "\n".join(t for _, t in blocks)
    for tag, text in page:
        if tag == "figcaption":
            if text not in seen and text not in joined:
                after.setdefault(last, []).append(text)
                seen.add(text)
        elif text in position:
            last = position[text]
    out = [("caption", c) for c in after.get(-1, [])]
    for i, block in enumerate(blocks):
        out.append(block)
        out.extend(("caption", c) for c in after.get(i, []))
    return out


def read_html(source: str, html: str, *, url: str | None = None,
              published: date | None = None) -> RawDocument | Reject:
    """Extract the article of one HTML page, keeping headings and figure captions."""
    try:
        with warnings.catch_warnings():
            # the page's own date words go through dateutil, which warns on stderr about
            # a time zone it cannot read ("G"): the date is then simply not used
            warnings.simplefilter("ignore")
            xml = trafilatura.extract(html, url=url, output_format="xml", with_metadata=True,
                                      include_comments=False, include_tables=False)
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        return Reject(source, f"HTML could not be parsed ({type(exc).__name__})")
    if not xml:
        return Reject(source, "HTML page has no article text")
    blocks, meta = _extracted_blocks(xml)
    try:
        page = _page_order(lxml.html.document_fromstring(html))
        if len(blocks) <= 3:
            blocks = _unmerge(blocks, page)
        blocks = _insert_captions(blocks, page)
    except (etree.ParserError, ValueError):
        pass
    if not any(kind in ("paragraph", "caption") for kind, _ in blocks):
        return Reject(source, "HTML page has no article text")
    title = meta.get("title")
    if title and blocks and blocks[0][0] == "heading" and blocks[0][1] == title:
        blocks[0] = ("title", title)
    elif title:
        blocks.insert(0, ("title", title))
    if published is None and meta.get("date"):
        try:
            published = parse_date(meta["date"])
        except BadDate:
            published = None
    return RawDocument(source=source, text="\n\n".join(t for _, t in blocks), kind="html",
                       title=title, url=url or meta.get("url"), outlet=meta.get("sitename"),
                       published=published, blocks=blocks)
