"""The outlets that carried a document: its own outlet and the agencies it credits.

A claim reaches the reader through a chain of outlets: the ministry's statement,
carried by Reuters, republished by a regional site. ``claims.attribute`` names
the outlets of the sentence itself; this module names those of the whole
document, once per document:

* ``outlet_of(outlet, url)``: the document's own outlet, canonical ("WSJ" ->
  "The Wall Street Journal"), from the input's ``outlet`` or else from its
  ``url`` through the domain table of ``data/outlets.yml`` (``domains``); a site
  the table does not know is named by its host ("www.brecorder.com" ->
  "brecorder.com"), an address given as bare numbers by nothing.
* ``credited_outlets(text)``: agencies the text credits as the source of its
  report: a dateline credit ("KYIV (Reuters) -", "(MENAFN- UkrinForm)"), a
  source line ("Source: AFP", "— Reuters", "Reuters | Cairo"), or the
  reporters' own words ("told AFP", "per the AP", "Reuters could not
  independently verify"). The phrases live in ``data/outlets.yml`` (``credits``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from tacitus.nlp.lexicon import Lexicon, load_data

__all__ = ["canonical_outlet", "outlet_of", "outlet_of_url", "credited_outlets", "outlets_lexicon"]

_IP_HOST = re.compile(r"^[\d.]+$|^\[?[0-9a-f:]+\]?$", re.IGNORECASE)
# second-level labels under a country code that are not the site's own name: "co.uk", "com.ua"
_SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "gv", "or", "ne", "info"}
# prefixes of a host that name a server or an edition, not the site
_HOST_PREFIXES = ("www.", "www2.", "m.", "amp.", "mobile.")
# the part of a document where a dateline credit stands, and the closing credit
_HEAD_CHARS, _TAIL_CHARS = 400, 240
_PARENS = re.compile(r"\(([^()\n]{1,60})\)|(?<![\w/])/([^/\n]{2,30})/(?![\w/])")   # "(Reuters)", "/TASS/"
# what may stand beside outlet names inside a credit: "(dpa/NAN)", "(MENAFN- UkrinForm)"
# the start of a line up to its first separator, and a dash-led line end
_LINE_SHAPES = re.compile(r"^[^\n|\u2014\u2013]{1,60}?(?:[|\u2014\u2013]|\s-\s|\s+(?:Published|Updated)\b|$)"
                          r"|[\u2014\u2013][ \t]*[^\n\u2014\u2013]{2,40}$", re.MULTILINE | re.IGNORECASE)
_CREDIT_REST = re.compile(r"^[\s/,&+\-\u2013\u2014.A-Z0-9]*$")


@lru_cache(maxsize=1)
def outlets_lexicon() -> Lexicon:
    return Lexicon.from_yaml("outlets")


@lru_cache(maxsize=1)
def _domains() -> dict[str, dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for entry in load_data("outlets").get("entries") or []:
        for domain in entry.get("domains") or []:
            table[domain.lower()] = entry
    return table


def _host(url: str) -> str | None:
    text = url.strip()
    if "//" not in text:
        text = "//" + text
    try:
        host = (urlsplit(text).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    return host or None


def outlet_of_url(url: str | None) -> str | None:
    """The outlet a URL belongs to: canonical when the domain table knows it, else its host."""
    if not url:
        return None
    host = _host(url)
    if not host or "." not in host or _IP_HOST.match(host):
        return None
    labels = host.split(".")
    domains = _domains()
    for i in range(len(labels) - 1):   # "english.alarabiya.net" -> "alarabiya.net"
        entry = domains.get(".".join(labels[i:]))
        if entry is not None:
            return entry["name"]
    # the site's own label ("reuters" of "www.reuters.com") may be an outlet's alias
    own = labels[-3] if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 \
        else labels[-2]
    value = outlets_lexicon().get(own)
    if value is not None and value.get("kind") != "platform":
        return value["name"]
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    return host


@lru_cache(maxsize=4096)
def canonical_outlet(name: str | None) -> str | None:
    """The canonical name of an outlet ("WSJ", "wsj.com" -> "The Wall Street Journal"); else as given."""
    if not name:
        return None
    value = outlets_lexicon().get(name)
    if value is not None:
        return value["name"]
    if re.search(r"^\w+://|^[\w-]+(?:\.[\w-]+)+(?:/|$)", name.strip()):
        return outlet_of_url(name) or name
    return name


def outlet_of(outlet: str | None, url: str | None) -> str | None:
    """A document's own outlet: its ``outlet`` field, else its ``url``'s site."""
    return canonical_outlet(outlet) if outlet else outlet_of_url(url)


@lru_cache(maxsize=1)
def _credit_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Patterns around an outlet name that make it a credit: the words before it
    ("told"), after it ("journalists"), a line's lead ("Source:") and what may end
    a credit line ("|", a dash, "Published")."""
    credits = load_data("outlets").get("credits") or {}

    def words(key: str) -> str:
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in credits.get(key) or []) or "(?!)"

    before = re.compile(r"\b(?:" + words("before") + r")\s+(?:the\s+|an?\s+)?$", re.IGNORECASE)
    after = re.compile(r"(?:['\u2019]s)?\s+(?:" + words("after") + r")\b", re.IGNORECASE)
    line_lead = re.compile(r"^\W*(?:(?:" + words("line_lead") + r")\s*:?\s*)?$", re.IGNORECASE)
    line_rest = re.compile(r"\s*(?:$|[|\u2014\u2013]|-\s|(?:" + words("line_rest") + r")\b)", re.IGNORECASE)
    return before, after, line_lead, line_rest


def credited_outlets(text: str) -> list[str]:
    """Agencies the document credits as the source of its report, in order met."""
    found = frame_credits(text)
    for h in outlets_lexicon().find(text):
        if is_phrase_credit(text, h.start, h.end) and h.value.get("kind") != "platform" \
                and h.value["name"] not in found:
            found.append(h.value["name"])
    return found


def frame_credits(text: str) -> list[str]:
    """The credits at a report's top and bottom: a dateline credit ("KYIV
    (Reuters) -", "/TASS/"), a credit line ("Source: AFP", "Reuters | Cairo",
    "— Reuters", "(dpa/NAN)"). ``is_phrase_credit`` finds the others sentence by
    sentence ("told AFP"): the pipeline never looks the whole text up twice."""
    if not text:
        return []
    lx = outlets_lexicon()
    _, _, line_lead, line_rest = _credit_patterns()
    found: list[str] = []

    def add(value: dict[str, Any]) -> None:
        if value.get("kind") != "platform" and value["name"] not in found:
            found.append(value["name"])

    n = len(text)
    for region_start, region_end in ((0, min(n, _HEAD_CHARS)), (max(_HEAD_CHARS, n - _TAIL_CHARS), n)):
        for m in _PARENS.finditer(text, region_start, region_end):
            inner = m.group(1) or m.group(2)
            hits = lx.find(inner)
            rest = inner
            for h in reversed(hits):
                rest = rest[:h.start] + rest[h.end:]
            if hits and _CREDIT_REST.match(rest):
                for h in hits:
                    add(h.value)
    # credit lines, wherever the excerpt puts them: the outlet opens the line ("Source:
    # AFP", "Reuters | Cairo", "Bloomberg — A fire ...", "AFP Published ...") or ends it
    # after a dash ("... the fighting. — Reuters"); only such line ends are looked up
    for m in _LINE_SHAPES.finditer(text):
        a, b = m.span()
        for h in lx.find(text[a:b]):
            start, end = h.start + a, h.end + a
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            lead = text[line_start:start]
            rest = text[end:line_end if line_end >= 0 else n]
            if line_lead.match(lead) and line_rest.match(rest):
                add(h.value)
            elif re.search(r"[\u2014\u2013]\s*$", lead) and not rest.strip():
                add(h.value)
    return found


def is_phrase_credit(text: str, start: int, end: int) -> bool:
    """Whether the outlet named at ``text[start:end]`` is credited by the words
    around it: "told AFP", "per the AP", "AFP journalists", "Reuters could not
    independently verify"."""
    before, after, _, _ = _credit_patterns()
    return bool(before.search(text, max(0, start - 40), start) or after.match(text, end))
