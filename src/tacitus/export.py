"""Write the stored ledger out: ``jsonl``, ``csv`` or ``acled-csv`` (events), and
``acled-incidents``, ``geojson``, ``incidents-jsonl``, ``parquet``, ``events-parquet``
(incidents of the claim ledger: see :func:`write_incident_export`).

    with open_store("tacitus.db") as store, open("out.csv", "w", newline="") as fh:
        write_export(store, "csv", fh, country="UA", since="2025-07-01")

Formats (filters are those of :meth:`tacitus.store.Store.events`):

``jsonl``
    The contract lines, one per document in ingest order, byte for byte what
    ``tacitus extract --format jsonl`` printed for the same input
    (``json.dumps(..., ensure_ascii=False)``). With filters: only documents
    with a matching event, carrying only their matching events.

``csv``
    One row per event, flat columns (:data:`CSV_COLUMNS`). ``place``,
    ``country``, ``admin1``, ``lat``, ``lon``, ``place_precision`` describe
    the event's first place (an event has one place by the contract's
    granularity; ``places`` lists all names). ``quantities`` spells every
    quantity as ``role=value`` (exact), ``role=value~approx``,
    ``role>=value`` (at least), ``role<=value`` (at most) or ``role=low-high``
    (range), joined by ``;``; the per-role columns carry a number (see
    :func:`role_total`). Lists (weapons, reported_by) are joined by ``;``.

``acled-csv``
    Only events with an ACLED mapping, under ACLED's column names:

    ============== ==========================================================
    event_id_cnty  ISO3 of the event's country + ``-`` + document id + ``-`` + event id
    event_date     the first day of the event's time window (else publication date)
    year           its year
    time_precision 1: a day or one night; 2: a window of up to 7 days, or no
                   time given (publication date stands in); 3: longer
    disorder_type  from event_type (Political violence / Demonstrations /
                   Strategic developments; see :data:`DISORDER_TYPES`)
    event_type     acled.event_type;  sub_event_type: acled.sub_event_type
    actor1/actor2  attacker / target names; assoc_actor_1, inter1: empty
    country        ACLED-style name of the first place's country (else the
                   target's), from ISO2 via pycountry
    admin1         first place's admin1; location: its name
    latitude, longitude
    geo_precision  1: facility or city; 2: district; 3: admin1 or country
    source         the document's outlet, else the claim's reported_by
    source_scale   empty
    notes          the evidence sentence
    fatalities     the ``killed`` figure (0 when none is given, as ACLED does)
    ============== ==========================================================

    plus our own columns: claimant, claimant_country, reported_by, modality,
    launched, intercepted, document_id.

**Spreadsheet safety.** Every CSV this package writes (``csv``, ``acled-csv``,
``acled-incidents``, the web app's ``/export``, ``tacitus claims --format csv``)
passes its cells through :func:`csv_cell`: a text cell starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe
(``'=HYPERLINK(...)``), so a spreadsheet shows it as text instead of running
it as a formula (the OWASP advice for CSV injection). Numbers, and text that
reads as a plain number (``-12.5``), stay as they are; a carriage return
inside a cell is written as a line feed (a quoted line break). JSONL, GeoJSON
and Parquet keep every value unchanged.
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any, TextIO

FORMATS = ("jsonl", "csv", "acled-csv")
# The claim ledger's formats (see write_incident_export); write_export accepts them too.
INCIDENT_FORMATS = ("acled-incidents", "geojson", "incidents-jsonl", "parquet", "events-parquet")
ROLE_COLUMNS = ("launched", "intercepted", "hit", "killed", "injured")

CSV_COLUMNS = (
    "document_id", "event_id", "published", "type", "acled_event_type", "acled_sub_event_type", "weapons",
    "attacker", "attacker_country", "target", "target_country", "time_start", "time_end", "time_precision",
    "place", "country", "admin1", "lat", "lon", "place_precision", "places", "quantities", *ROLE_COLUMNS,
    "claimant", "claimant_country", "reported_by", "modality", "evidence",
)

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities",
    "claimant", "claimant_country", "reported_by", "modality", "launched", "intercepted", "document_id",
)

# ACLED's disorder type for each event type (the schema's fixed mapping);
# sub-events that change it are keyed (event_type, sub_event_type).
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
    ("Protests", "Excessive force against protesters"): "Political violence; Demonstrations",
    ("Riots", "Mob violence"): "Political violence; Demonstrations",
}

# ACLED spells a few countries differently from ISO's short names.
_ACLED_COUNTRY_NAMES = {
    "RU": "Russia", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "KR": "South Korea",
    "KP": "North Korea", "PS": "Palestine", "LA": "Laos", "CI": "Ivory Coast", "TZ": "Tanzania",
    "VN": "Vietnam", "CZ": "Czech Republic", "TR": "Turkey",
}

_QUALIFIER_SIGNS = {"exact": "=", "approx": "=", "at_least": ">=", "at_most": "<="}
_ACLED_TIME = {"day": 1, "night": 1, "week": 2, "month": 3, "year": 3}
_ACLED_GEO = {"facility": 1, "city": 1, "district": 2, "admin1": 3, "country": 3}


def dumps_line(line: dict[str, Any]) -> str:
    """One contract line as ``extract --format jsonl`` writes it (no newline)."""
    return json.dumps(line, ensure_ascii=False)


def write_export(store: Any, fmt: str, fh: TextIO, **filters: Any) -> int:
    """Write the ledger (or the events matching ``filters``) to ``fh`` in ``fmt``;
    return the number of rows written (lines for jsonl, excluding CSV headers)."""
    filters = {k: v for k, v in filters.items() if v is not None}
    if fmt == "jsonl":
        n = 0
        for line in store.results(**filters):
            fh.write(dumps_line(line) + "\n")
            n += 1
        return n
    if fmt == "csv":
        return _write_csv(fh, CSV_COLUMNS, (csv_row(e) for e in store.events(**filters)))
    if fmt == "acled-csv":
        return _write_csv(fh, ACLED_COLUMNS, (acled_row(e) for e in store.events(**filters) if e.get("acled")))
    if fmt in INCIDENT_FORMATS:
        return write_incident_export(store, fmt, fh, **filters)
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def _write_csv(fh: TextIO, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> int:
    """Header plus rows; None becomes an empty cell, text that a spreadsheet
    would run as a formula is neutralised (:func:`csv_cell`)."""
    writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(csv_cells(row))
        n += 1
    return n


# What a spreadsheet reads as the start of a formula (or of a field it splits on).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """One CSV cell as written: ``""`` for None; text starting with ``=``, ``+``,
    ``-``, ``@``, tab or carriage return behind an apostrophe, unless it is a
    plain number (``-3``, ``+1.5``), and its carriage returns as line feeds;
    everything else unchanged."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        value = "'" + value
    if "\r" in value:
        # the writer quotes a cell with "\n" but not one with a bare "\r", which
        # would then end the row early in every reader: line breaks become "\n"
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def csv_cells(row: dict[str, Any]) -> dict[str, Any]:
    """A row's cells through :func:`csv_cell`."""
    return {k: csv_cell(v) for k, v in row.items()}


# -- csv -----------------------------------------------------------------------
def format_quantity(q: dict[str, Any]) -> str:
    """``intercepted=122~approx``, ``launched>=100``, ``killed=3-5``, ``hit=4``."""
    if q["qualifier"] == "range" and q.get("high") is not None:
        return f"{q['role']}={q['low']}-{q['high']}"
    text = f"{q['role']}{_QUALIFIER_SIGNS.get(q['qualifier'], '=')}{q['value']}"
    return text + "~approx" if q["qualifier"] == "approx" else text


def role_total(quantities: list[dict[str, Any]], role: str) -> int | None:
    """The number for one role: the largest figure per unit, summed over units
    (so "100 drones and 5 missiles launched" gives 105, while a total repeated
    as "122 ... including 28" gives 122); None when the role is absent."""
    best: dict[str, int] = {}
    for q in quantities:
        if q["role"] == role:
            unit = q.get("unit") or ""
            best[unit] = max(best.get(unit, q["value"]), q["value"])
    return sum(best.values()) if best else None


def csv_row(e: dict[str, Any]) -> dict[str, Any]:
    """One flat row for an event dict as :meth:`Store.events` returns it."""
    attacker, target = e.get("attacker") or {}, e.get("target") or {}
    time = e.get("time") or {}
    places = e.get("places") or []
    place = places[0] if places else {}
    quantities = e.get("quantities") or []
    claim = e.get("claim") or {}
    acled = e.get("acled") or {}
    row = {
        "document_id": e.get("document_id"), "event_id": e["id"], "published": e.get("published"),
        "type": e["type"], "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"), "weapons": ";".join(e.get("weapons") or []),
        "attacker": attacker.get("name"), "attacker_country": attacker.get("country"),
        "target": target.get("name"), "target_country": target.get("country"),
        "time_start": time.get("start"), "time_end": time.get("end"), "time_precision": time.get("precision"),
        "place": place.get("name"), "country": place.get("country"), "admin1": place.get("admin1"),
        "lat": place.get("lat"), "lon": place.get("lon"), "place_precision": place.get("precision"),
        "places": ";".join(p.get("name") or p.get("text") or "" for p in places),
        "quantities": ";".join(format_quantity(q) for q in quantities),
        "claimant": claim.get("claimant"), "claimant_country": claim.get("claimant_country"),
        "reported_by": ";".join(claim.get("reported_by") or []), "modality": claim.get("modality"),
        "evidence": (e.get("evidence") or {}).get("text"),
    }
    for role in ROLE_COLUMNS:
        row[role] = role_total(quantities, role)
    return row


# -- acled-csv -----------------------------------------------------------------
@lru_cache(maxsize=512)
def country_name(iso2: str | None) -> str | None:
    """ACLED-style country name for an ISO2 code (None if unknown)."""
    if not iso2:
        return None
    code = iso2.upper()
    if code in _ACLED_COUNTRY_NAMES:
        return _ACLED_COUNTRY_NAMES[code]
    import pycountry
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return None
    return getattr(c, "common_name", None) or c.name.split(",")[0]


@lru_cache(maxsize=512)
def _alpha3(iso2: str | None) -> str:
    import pycountry
    c = pycountry.countries.get(alpha_2=iso2.upper()) if iso2 else None
    return c.alpha_3 if c else "XXX"


def acled_time_precision(time: dict[str, Any] | None) -> int:
    """ACLED's 1/2/3 time precision for a contract time window."""
    if not time:
        return 2
    if time.get("precision") in _ACLED_TIME:
        return _ACLED_TIME[time["precision"]]
    days = (date.fromisoformat(time["end"]) - date.fromisoformat(time["start"])).days
    return 1 if days == 0 else 2 if days <= 7 else 3


def acled_row(e: dict[str, Any]) -> dict[str, Any]:
    """One ACLED-shaped row for an event dict with an ``acled`` mapping."""
    acled = e["acled"]
    time = e.get("time")
    places = e.get("places") or []
    place = places[0] if places else {}
    target = e.get("target") or {}
    claim = e.get("claim") or {}
    quantities = e.get("quantities") or []
    iso2 = place.get("country") or target.get("country")
    event_date = time["start"] if time else e.get("published")
    event_type, sub = acled.get("event_type"), acled.get("sub_event_type")
    reported_by = ";".join(claim.get("reported_by") or [])
    return {
        "event_id_cnty": f"{_alpha3(iso2)}-{e.get('document_id')}-{e['id']}",
        "event_date": event_date, "year": event_date[:4] if event_date else None,
        "time_precision": acled_time_precision(time),
        "disorder_type": DISORDER_TYPES.get((event_type, sub)) or DISORDER_TYPES.get(event_type),
        "event_type": event_type, "sub_event_type": sub,
        "actor1": (e.get("attacker") or {}).get("name"), "assoc_actor_1": None, "inter1": None,
        "actor2": target.get("name"), "country": country_name(iso2),
        "admin1": place.get("admin1"), "location": place.get("name"),
        "latitude": place.get("lat"), "longitude": place.get("lon"),
        "geo_precision": _ACLED_GEO.get(place.get("precision")) if place else None,
        "source": e.get("outlet") or reported_by or None, "source_scale": None,
        "notes": (e.get("evidence") or {}).get("text"),
        "fatalities": role_total(quantities, "killed") or 0,
        "claimant": claim.get("claimant"), "claimant_country": claim.get("claimant_country"),
        "reported_by": reported_by, "modality": claim.get("modality"),
        "launched": role_total(quantities, "launched"), "intercepted": role_total(quantities, "intercepted"),
        "document_id": e.get("document_id"),
    }


# -- incidents: acled-incidents, geojson, incidents-jsonl, parquet -------------
ACLED_INCIDENT_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities",
    "incident_id", "level", "end_date", "events", "documents", "sources", "claimants", "contested",
    "launched_best", "intercepted_best", "hit_best", "killed_low", "killed_best", "killed_high",
    "injured_low", "injured_best", "injured_high", "parts", "part_of",
)
_INCIDENT_GEO = {"place": None, "region": 3, "country": 3}


def write_incident_export(store: Any, fmt: str, fh: TextIO, **filters: Any) -> int:
    """Write the incidents matching ``filters`` (those of ``Store.incidents``) in one
    of :data:`INCIDENT_FORMATS`; return the number of rows (features, lines).

    ``acled-incidents``: CSV, one row per incident, ACLED's columns and
    precision codes (:data:`ACLED_INCIDENT_COLUMNS`, see :func:`acled_incident_row`)
    and our claim columns; ``geojson``: a FeatureCollection of the located
    incidents (Point, WGS84 lon/lat) with the same properties; ``parquet``: the
    same rows as a Parquet table (pyarrow), written to ``fh``'s binary buffer;
    ``events-parquet``: the events' ``csv`` rows as Parquet; ``incidents-jsonl``:
    one incident a line, with its member event keys, links (score, reasons)
    and its reconciled claims (:func:`tacitus.link.reconcile`).
    """
    filters = {k: v for k, v in filters.items() if v is not None}
    if fmt == "events-parquet":
        return _write_parquet(fh, [csv_row(e) for e in store.events(**filters)], CSV_COLUMNS)
    if fmt == "incidents-jsonl":
        n = 0
        for inc, claims in incident_bundles(store, **filters):
            fh.write(json.dumps({**inc, "claims": claims}, ensure_ascii=False) + "\n")
            n += 1
        return n
    rows = [acled_incident_row(inc, claims) for inc, claims in incident_bundles(store, **filters)]
    if fmt == "acled-incidents":
        return _write_csv(fh, ACLED_INCIDENT_COLUMNS, rows)
    if fmt == "parquet":
        return _write_parquet(fh, rows, ACLED_INCIDENT_COLUMNS)
    if fmt == "geojson":
        return _write_geojson(fh, rows)
    raise ValueError(f"unknown incident export format {fmt!r}; use one of {', '.join(INCIDENT_FORMATS)}")


def incident_bundles(store: Any, **filters: Any) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    """(incident dict with ``member_events``, its reconciled claims) for each
    incident matching ``filters``; claims of an aggregate include its parts'."""
    from .link.reconciliation import reconcile

    incidents = store.incidents(**filters)
    for i in range(0, len(incidents), 500):
        chunk = incidents[i:i + 500]
        events: dict[str, list[dict[str, Any]]] = {}
        for ev in store.incident_events([inc["id"] for inc in chunk]):
            events.setdefault(ev["incident_id"], []).append(ev)
        part_ids = sorted({p for inc in chunk for p in inc.get("parts") or ()})
        for ev in store.incident_events(part_ids):
            events.setdefault(ev["incident_id"], []).append(ev)
        for inc in chunk:
            own = events.get(inc["id"], [])
            parts = [e for p in inc.get("parts") or () for e in events.get(p, [])]
            yield {**inc, "member_events": own}, reconcile(own + parts)


def _reconciled_role(claims: dict[str, Any], role: str, unit: str | None = None) -> tuple[Any, Any, Any]:
    """(low, best, high) of a role in reconciled claims, summed over units (or one
    unit); Nones when the role was not claimed. An open high stays None."""
    blocks = [b for u, b in (claims.get("roles", {}).get(role) or {}).items() if unit is None or u == unit]
    recs = [b["reconciled"] for b in blocks if b.get("reconciled")]
    if not recs:
        return None, None, None
    low = sum(r["low"] or 0 for r in recs)
    best = sum(r["best"] or 0 for r in recs)
    high = None if any(r["high"] is None for r in recs) else sum(r["high"] for r in recs)
    return low, best, high


def acled_incident_row(inc: dict[str, Any], claims: dict[str, Any]) -> dict[str, Any]:
    """One ACLED-shaped row for an incident (``member_events`` included) and its reconciled claims.

    ``event_date``/``end_date``: the incident's window; ``time_precision`` 1
    (a day or a night), 2 (up to a week, or no date in the text: publication
    date), 3 (longer, or undated);
    ``geo_precision`` 1 (city, facility), 2 (district), 3 (region or country);
    ACLED types from the member events of the incident's main type;
    ``source``: every outlet, ``;``-joined; ``notes``: the sentence of its
    best-attested event; ``fatalities``: the reconciled best ``killed`` figure
    (0 when none, as ACLED does); ``*_low/best/high``: reconciled figures
    (summed over units), ``contested``: contested pairs of claims."""
    events = inc.get("member_events") or []
    main = [e for e in events if e.get("type") == inc.get("type")] or events
    acled = next((e["acled"] for e in main if e.get("acled")), None) or {}
    attacker = next(((e.get("attacker") or {}).get("name") for e in events if e.get("attacker")), None)
    target = next(((e.get("target") or {}).get("name") for e in events if e.get("target")), None)
    place = _incident_place(inc, events)
    iso2 = inc.get("country") or place.get("country")
    inferred = all(not e.get("time") for e in events)
    start = inc.get("start") or None
    geo = _INCIDENT_GEO.get(inc.get("level"))
    if geo is None and place:
        geo = _ACLED_GEO.get(place.get("precision"), 1)
    outlets = sorted({o for e in events for o in [e.get("outlet"), *((e.get("claim") or {}).get("reported_by") or ())]
                      if o})
    notes = max(events, key=lambda e: (len(e.get("quantities") or ()), -len(e["evidence"]["text"])),
                default=None)
    killed = _reconciled_role(claims, "killed")
    injured = _reconciled_role(claims, "injured")
    return {
        "event_id_cnty": f"{_alpha3(iso2)}-{inc['id'][4:]}", "event_date": start,
        "year": start[:4] if start else None,
        "time_precision": _incident_time_precision(start, inc.get("end") or start, inferred),
        "disorder_type": DISORDER_TYPES.get((acled.get("event_type"), acled.get("sub_event_type")))
        or DISORDER_TYPES.get(acled.get("event_type")),
        "event_type": acled.get("event_type"), "sub_event_type": acled.get("sub_event_type"),
        "actor1": attacker, "assoc_actor_1": None, "inter1": None, "actor2": target,
        "country": country_name(iso2), "admin1": inc.get("admin1") or place.get("admin1"),
        "location": inc.get("place") or None, "latitude": inc.get("lat"), "longitude": inc.get("lon"),
        "geo_precision": geo, "source": ";".join(outlets) or None, "source_scale": None,
        "notes": notes["evidence"]["text"] if notes else None, "fatalities": killed[1] or 0,
        "incident_id": inc["id"], "level": inc.get("level"), "end_date": inc.get("end") or None,
        "events": inc.get("events"), "documents": inc.get("documents"), "sources": inc.get("sources"),
        "claimants": ";".join(c for c in inc.get("claimants") or () if c != "unattributed"),
        "contested": inc.get("contested", 0),
        "launched_best": _reconciled_role(claims, "launched")[1],
        "intercepted_best": _reconciled_role(claims, "intercepted")[1],
        "hit_best": _reconciled_role(claims, "hit")[1],
        "killed_low": killed[0], "killed_best": killed[1], "killed_high": killed[2],
        "injured_low": injured[0], "injured_best": injured[1], "injured_high": injured[2],
        "parts": ";".join(inc.get("parts") or ()), "part_of": ";".join(inc.get("part_of") or ()),
    }


def _incident_time_precision(start: str | None, end: str | None, inferred: bool) -> int:
    """ACLED's 1/2/3 for an incident window: 1 a day or a night, 2 up to a week
    (or a date taken from publication), 3 longer or undated."""
    if not start or not end:
        return 3
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days
    code = 1 if days <= 1 else 2 if days <= 7 else 3
    return max(code, 2) if inferred else code


def _incident_place(inc: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """The member place the incident is named after (else its first place)."""
    places = [p for e in events for p in e.get("places") or ()]
    named = [p for p in places if p.get("name") == inc.get("place")]
    return (named or places or [{}])[0]


def _write_geojson(fh: TextIO, rows: list[dict[str, Any]]) -> int:
    """A GeoJSON FeatureCollection of the rows that have coordinates."""
    features = [{"type": "Feature", "id": r["incident_id"],
                 "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                 "properties": r}
                for r in rows if r.get("latitude") is not None and r.get("longitude") is not None]
    json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False)
    fh.write("\n")
    return len(features)


def _write_parquet(fh: Any, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> int:
    """The rows as a Parquet table (pyarrow) into ``fh``'s binary buffer (or ``fh`` itself)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows],
                                 schema=_parquet_schema(rows, columns, pa))
    if hasattr(fh, "flush"):
        fh.flush()
    pq.write_table(table, getattr(fh, "buffer", fh))
    return len(rows)


def _parquet_schema(rows: list[dict[str, Any]], columns: tuple[str, ...], pa: Any) -> Any:
    """Column types from the values (int, float, else string), so an empty or
    all-None column still gets a type."""
    fields = []
    for c in columns:
        values = [r.get(c) for r in rows if r.get(c) is not None]
        if values and all(isinstance(v, bool) for v in values):
            t = pa.bool_()
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            t = pa.int64()
        elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            t = pa.float64()
        else:
            t = pa.string()
            for r in rows:
                if r.get(c) is not None and not isinstance(r.get(c), str):
                    r[c] = str(r[c])
        fields.append(pa.field(c, t))
    return pa.schema(fields)
