"""The records of the event contract (``shared/spec/EVENTS.md``) and the document
object the pipeline stages pass along.

Every stage reads and writes these dataclasses; ``to_dict`` gives the exact JSON
shape of the contract, so field names here are the contract's field names.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

EVENT_TYPES = (
    "attack", "interception", "clash", "territory", "disruption", "talks", "agreement",
    "threat", "appeal", "assault", "protest", "riot", "arrest", "seizure", "other",
)
ROLES = ("launched", "intercepted", "hit", "killed", "injured", "missing", "captured")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range")
MODALITIES = ("asserted", "claimed", "denied", "alleged", "unconfirmed")
PRECISIONS = ("facility", "city", "district", "admin1", "country")


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


@dataclass(slots=True)
class Actor:
    """A side or party: ``{"name": "Ukraine", "country": "UA"}``."""
    name: str
    country: str | None = None
    kind: str | None = None  # state | military | ministry | official | group | people

    def to_dict(self) -> dict[str, Any]:
        d = {"name": self.name, "country": self.country, "kind": self.kind}
        return _drop_none(d)


@dataclass(slots=True)
class TimeSpan:
    """An inclusive date window; ``night`` spans the two dates it joins."""
    start: date
    end: date
    precision: str  # day | night | week | month | year | range
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(),
                "precision": self.precision, "text": self.text}


@dataclass(slots=True)
class Place:
    text: str
    name: str
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str = "city"  # facility | city | district | admin1 | country
    gazetteer_id: str | None = None
    # the name in the text's own language and script, in the nominative ("Брянская
    # область" for "Брянской области"); only where the text names it so
    native_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # written out rather than dataclasses.asdict: this runs for every stored place
        out = {"text": self.text, "name": self.name, "country": self.country, "admin1": self.admin1,
               "lat": self.lat, "lon": self.lon, "precision": self.precision,
               "gazetteer_id": self.gazetteer_id}
        if self.native_name:
            out["native_name"] = self.native_name
        return out


@dataclass(slots=True)
class Quantity:
    role: str       # see ROLES
    value: int
    low: int
    high: int | None
    qualifier: str  # see QUALIFIERS
    unit: str       # drone | missile | person | ...
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "value": self.value, "low": self.low, "high": self.high,
                "qualifier": self.qualifier, "unit": self.unit, "text": self.text}


@dataclass(slots=True)
class Claim:
    claimant: str | None = None
    claimant_country: str | None = None
    reported_by: list[str] = field(default_factory=list)
    modality: str = "asserted"  # see MODALITIES
    verb: str | None = None
    # the claimant as a Russian or Ukrainian report names it, in the nominative
    # ("губернатор Белгородской области Вячеслав Гладков"); None for English
    claimant_native: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"claimant": self.claimant, "claimant_country": self.claimant_country,
             "reported_by": list(self.reported_by), "modality": self.modality, "verb": self.verb}
        if self.claimant_native:
            d["claimant_native"] = self.claimant_native
        return d


@dataclass(slots=True)
class Evidence:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Event:
    id: str
    type: str
    evidence: Evidence
    weapons: list[str] = field(default_factory=list)
    attacker: Actor | None = None
    target: Actor | None = None
    time: TimeSpan | None = None
    places: list[Place] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    claim: Claim = field(default_factory=Claim)
    acled: dict[str, str] | None = None
    # not in the contract, useful downstream: the trigger word(s) that typed it
    trigger: str | None = None
    # not in the contract: what the reader should know about this record, e.g. a
    # figure too large to be a count, kept in the evidence text only
    flags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "type": self.type,
            "weapons": list(self.weapons),
            "attacker": self.attacker.to_dict() if self.attacker else None,
            "target": self.target.to_dict() if self.target else None,
            "time": self.time.to_dict() if self.time else None,
            "places": [p.to_dict() for p in self.places],
            "quantities": [q.to_dict() for q in self.quantities],
            "claim": self.claim.to_dict(),
            "evidence": self.evidence.to_dict(),
            "acled": self.acled,
            "trigger": self.trigger,
        }
        if self.flags:  # only when there is something to say: most records have none
            d["flags"] = list(self.flags)
        return d


@dataclass(slots=True)
class Block:
    """A stretch of the cleaned text: a paragraph, a caption, a heading or a title."""
    kind: str  # paragraph | caption | heading | title
    start: int
    end: int
    # the block's language (ISO 639-1) where it differs from the document's, else None
    language: str | None = None


@dataclass(slots=True)
class RemovedBlock:
    """Boilerplate taken out of the report by the cleaner, kept with its reason."""
    text: str
    reason: str  # advertisement | cross-link | share-prompt | photo-credit | ...


@dataclass(slots=True)
class RawDocument:
    """What a reader yields: text not yet cleaned, with whatever metadata came along."""
    source: str
    text: str
    kind: str = "text"  # text | html
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    # ISO 639-1 when the input names it; None: the cleaner identifies it (tacitus.nlp.langid)
    language: str | None = None
    # blocks the reader already knows (e.g. HTML captions): (kind, text) in order.
    # When given, the cleaner works on these instead of splitting ``text``.
    blocks: list[tuple[str, str]] | None = None
    # the account that posted the document itself (a Telegram channel): its author
    # is the first-party claimant of what the document says (see Document.channel)
    channel: str | None = None
    # what the reader changed to make the values valid (``tacitus.sanitize``), with
    # reasons; the cleaner puts these first in ``Document.removed``
    removed: list[RemovedBlock] = field(default_factory=list)


@dataclass(slots=True)
class Reject:
    """An input that could not be read, and why (one clear line, no traceback)."""
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(slots=True)
class Document:
    id: str
    source: str
    text: str  # the cleaned text every offset points into
    published: date | None = None
    title: str | None = None
    outlet: str | None = None
    language: str = "en"
    url: str | None = None
    blocks: list[Block] = field(default_factory=list)
    removed: list[RemovedBlock] = field(default_factory=list)
    # the channel (Telegram) that posted the document itself: the first-party
    # claimant of its claims, where the claims stage looks for one; None for
    # reports that an outlet wrote about others' claims
    channel: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "source": self.source,
             "published": self.published.isoformat() if self.published else None,
             "title": self.title, "outlet": self.outlet, "language": self.language,
             "url": self.url}
        if self.channel is not None:
            d["channel"] = self.channel
        return d


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    block: str = "paragraph"  # the kind of block it sits in
    language: str | None = None  # its block's language where it differs from the document's


@dataclass(slots=True)
class Mention:
    """A span of the cleaned text an annotator recognised.

    ``label`` says which annotator (``number``, ``time``, ``place``, ``actor``,
    ``weapon``, ``outlet``, ``verb``...); ``value`` carries its reading.
    """
    start: int
    end: int
    text: str
    label: str
    value: Any = None


@dataclass(slots=True)
class Result:
    """One document's output: the contract line ``{"document": ..., "events": [...]}``."""
    document: Document
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document.to_dict(), "events": [e.to_dict() for e in self.events]}


_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form a document id is hashed from: NFC, whitespace collapsed, trimmed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def document_id(text: str) -> str:
    """Stable id: re-ingesting the same text gives the same id."""
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()[:16]
