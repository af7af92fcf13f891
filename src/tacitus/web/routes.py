"""The REST API: documents, events, incidents, claims, export and ingest.

Every list takes the CLI's event filters (``type``, ``country``, ``since``,
``until``, ``claimant``, ``text``) plus ``limit`` / ``offset`` and answers

    {"items": [...], "total": int, "limit": int, "offset": int, "next": url | null}

in a stable order (the store's: publication date, document id, event order).
"""
from __future__ import annotations

import asyncio
import hmac
import json
from datetime import date
from typing import Any, Iterator

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from ..store.spatial import parse_near
from .view import StoreView

router = APIRouter()

MAX_LIMIT = 500
EVENT_TYPES_DOC = "attack, interception, clash, territory, disruption, talks, agreement, threat, ..."


async def store_view(request: Request) -> StoreView:
    """The app's view of the store (a dependency).

    This and the other dependencies are ``async``: FastAPI runs a plain ``def``
    dependency in its thread pool, one thread hop per dependency per request.
    """
    return request.app.state.view


class EventFilters:
    """The CLI's event filters, as given in the query (see :func:`event_filters`)."""

    def __init__(self, **values: Any) -> None:
        self.values = values

    @property
    def indexed(self) -> bool:
        """True if only filters the ledger's indexes answer are set (no substring
        search, no radius, which may read every event or place)."""
        return not (self.values.get("claimant") or self.values.get("text") or self.values.get("near"))


async def event_filters(
    type: str | None = Query(None, max_length=40, description=f"Event type ({EVENT_TYPES_DOC})."),
    country: str | None = Query(None, min_length=2, max_length=2, pattern="^[A-Za-z]{2}$",
                                description="ISO2 code of a place, the attacker or the target."),
    since: date | None = Query(None, description="Events on or after this date (YYYY-MM-DD)."),
    until: date | None = Query(None, description="Events on or before this date (YYYY-MM-DD)."),
    claimant: str | None = Query(None, max_length=200, description="Part of the claimant's name."),
    text: str | None = Query(None, max_length=200, description="Words in the evidence sentence."),
    near: str | None = Query(None, max_length=100, pattern=r"^\s*-?[0-9.]+\s*,\s*-?[0-9.]+\s*,\s*[0-9.]+\s*$",
                             description="LAT,LON,KM: events with a place within KM kilometres of the point.",
                             examples=["50.45,30.52,25"]),
) -> EventFilters:
    """The event filters as query parameters (a dependency)."""
    try:
        point = parse_near(near)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    return EventFilters(type=type or None, country=country or None, since=since, until=until,
                        claimant=claimant or None, text=text or None, near=point)


class Page:
    """``limit`` and ``offset`` (see :func:`page_params`)."""

    def __init__(self, limit: int, offset: int) -> None:
        self.limit = limit
        self.offset = offset


async def page_params(limit: int = Query(50, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=10_000_000)) -> Page:
    """``limit`` and ``offset`` query parameters (a dependency)."""
    return Page(limit, offset)


def _page(request: Request, items: list[Any], total: int, page: Page) -> dict[str, Any]:
    """The list envelope, with the URL of the next page when there is one."""
    nxt = None
    if page.offset + len(items) < total:
        nxt = str(request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit))
    return {"items": items, "total": total, "limit": page.limit, "offset": page.offset, "next": nxt}


# -- documents ---------------------------------------------------------------
@router.get("/documents", tags=["documents"], summary="Stored documents in ingest order")
def list_documents(request: Request, page: Page = Depends(page_params),
                   view: StoreView = Depends(store_view)) -> dict[str, Any]:
    items = view.store.documents(limit=page.limit, offset=page.offset)
    total = view.store.counts()["documents"]
    return _page(request, items, total, page)


@router.get("/documents/{doc_id}", tags=["documents"],
            summary="One document: cleaned text, blocks, removed boilerplate, events")
def get_document(doc_id: str, view: StoreView = Depends(store_view)) -> dict[str, Any]:
    if not (4 <= len(doc_id) <= 64) or not doc_id.isalnum():
        raise HTTPException(404, "no such document")
    doc = view.store.document(doc_id)
    if doc is None:
        raise HTTPException(404, "no such document")
    return doc


# -- events, incidents, claims -------------------------------------------------
@router.get("/events", tags=["events"], summary="Events matching the filters", response_model=dict[str, Any])
async def list_events(request: Request, filters: EventFilters = Depends(event_filters),
                      page: Page = Depends(page_params), view: StoreView = Depends(store_view)) -> Response:
    """``total`` is exact: how many events match the filters now (cached per
    filter set until the ledger changes)."""
    if filters.indexed:
        # an index walk of a page takes a millisecond or two: answered on the event
        # loop, as cheaply as it can be
        items, total = _events_page(view, filters, page)
    else:
        # a substring search may read every event: in a worker thread, so other
        # requests are served meanwhile (SQLite releases the GIL while it reads)
        items, total = await run_in_threadpool(_events_page, view, filters, page)
    # the stored events are JSON already: spliced into the envelope, never decoded
    envelope = json.dumps({**_page(request, items, total, page), "items": []}, separators=(",", ":"))
    head, tail = envelope.split('"items":[]', 1)
    body = f'{head}"items":[{",".join(items)}]{tail}'
    return Response(body.encode("utf-8"), media_type="application/json")


def _events_page(view: StoreView, filters: EventFilters, page: Page) -> tuple[list[str], int]:
    """One page of events as JSON texts, and the filters' exact total."""
    items = view.store.events_json(**filters.values, limit=page.limit, offset=page.offset)
    return items, view.count_events(**filters.values)


@router.get("/incidents", tags=["incidents"], summary="Incidents (events of many reports linked together)")
def list_incidents(request: Request, filters: EventFilters = Depends(event_filters), page: Page = Depends(page_params),
                   view: StoreView = Depends(store_view)) -> dict[str, Any]:
    items, total = view.incidents(**filters.values, limit=page.limit, offset=page.offset)
    return _page(request, items, total, page)


@router.get("/incidents/{incident_id}", tags=["incidents"],
            summary="One incident: its events and every claim side by side")
def get_incident(incident_id: str, view: StoreView = Depends(store_view)) -> dict[str, Any]:
    if len(incident_id) > 80:
        raise HTTPException(404, "no such incident")
    inc = view.incident(incident_id)
    if inc is None:
        raise HTTPException(404, "no such incident")
    return inc


@router.get("/claims", tags=["claims"], summary="Who claimed what, through which outlets")
def list_claims(request: Request, filters: EventFilters = Depends(event_filters), page: Page = Depends(page_params),
                view: StoreView = Depends(store_view)) -> dict[str, Any]:
    items, total = view.claims(**filters.values, limit=page.limit, offset=page.offset)
    return _page(request, items, total, page)


@router.get("/timeline", tags=["events"],
            summary="Daily event counts by type, and launched vs intercepted figures per claimant")
def timeline(filters: EventFilters = Depends(event_filters), view: StoreView = Depends(store_view)) -> dict[str, Any]:
    return view.timeline(**filters.values)


@router.get("/facets", tags=["events"], summary="Values the filters can take (types, countries, claimants, dates)")
def facets(view: StoreView = Depends(store_view)) -> dict[str, Any]:
    return view.facets()


# -- export ------------------------------------------------------------------
_MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv", "acled-csv": "text/csv"}


class _Sink:
    """A file-like object collecting writes, drained by the streaming generator."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, s: str) -> int:
        self.parts.append(s)
        return len(s)


def _stream_export(view: StoreView, fmt: str, filters: dict[str, Any]) -> Iterator[bytes]:
    """The export in chunks: jsonl line by line from the store's cursor, CSV row by row."""
    from .. import export

    filters = {k: v for k, v in filters.items() if v is not None}
    if fmt == "jsonl":
        for line in view.store.results(**filters):
            yield (export.dumps_line(line) + "\n").encode("utf-8")
        return
    import csv

    sink = _Sink()
    columns = export.CSV_COLUMNS if fmt == "csv" else export.ACLED_COLUMNS
    to_row = export.csv_row if fmt == "csv" else export.acled_row
    writer = csv.DictWriter(sink, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    offset, chunk = 0, 1000
    while True:
        events = view.store.events(**filters, limit=chunk, offset=offset)
        for e in events:
            if fmt == "acled-csv" and not e.get("acled"):
                continue
            writer.writerow(export.csv_cells(to_row(e)))
        yield "".join(sink.parts).encode("utf-8")
        sink.parts.clear()
        if len(events) < chunk:
            return
        offset += chunk


@router.get("/export/{fmt}", tags=["export"], summary="The ledger (or the filtered events) as jsonl, csv or acled-csv",
            response_class=StreamingResponse,
            responses={200: {"content": {m: {} for m in sorted(set(_MEDIA.values()))}}})
def export_ledger(fmt: str, filters: EventFilters = Depends(event_filters),
                  view: StoreView = Depends(store_view)) -> StreamingResponse:
    if fmt not in _MEDIA:
        raise HTTPException(404, f"unknown export format; use one of {', '.join(_MEDIA)}")
    ext = "jsonl" if fmt == "jsonl" else "csv"
    return StreamingResponse(_stream_export(view, fmt, filters.values), media_type=_MEDIA[fmt],
                             headers={"Content-Disposition": f'attachment; filename="tacitus-{fmt}.{ext}"'})


# -- ingest ------------------------------------------------------------------
class ReportIn(BaseModel):
    """A report to ingest (the JSON form of ``POST /documents``)."""
    text: str = Field(..., min_length=1, max_length=500_000)
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)
    published: date | None = None
    source: str | None = Field(None, max_length=2000)
    kind: str = Field("text", pattern="^(text|html)$")


def require_token(request: Request) -> None:
    """Refuse unless ``TACITUS_TOKEN`` is set and the request carries it.

    The token comes as ``Authorization: Bearer TOKEN`` or ``X-Tacitus-Token``.
    With no token configured, ingest is disabled entirely (403).
    """
    expected = request.app.state.token
    if not expected:
        raise HTTPException(403, "ingest is disabled: set TACITUS_TOKEN to enable it")
    auth = request.headers.get("authorization", "")
    given = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-tacitus-token", "")
    if not given or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(401, "a valid token is required", headers={"WWW-Authenticate": "Bearer"})


@router.post("/documents", tags=["documents"], status_code=201, dependencies=[Depends(require_token)],
             summary="Ingest one report (JSON, or the plain text as the body); needs the token",
             description="The report is extracted, stored and linked in a worker process. "
                         "201 with the document's id when that is done within a moment; else 202 with a "
                         "`Location` (`/documents/jobs/{job}`) to poll. 503 with `Retry-After` when the "
                         "server already holds as many ingest jobs as it queues.",
             responses={202: {"description": "Accepted: poll the `Location`"},
                        503: {"description": "Too many ingest jobs in hand: retry after `Retry-After` seconds"}},
             openapi_extra={"requestBody": {"content": {
                 "application/json": {"schema": ReportIn.model_json_schema()},
                 "text/plain": {"schema": {"type": "string"}}}, "required": True}})
async def ingest_document(request: Request) -> Response:
    body = await request.body()
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if ctype == "application/json":
            report = ReportIn.model_validate_json(body)
        elif ctype in ("text/plain", "text/html"):
            report = ReportIn(text=body.decode("utf-8"), kind="html" if ctype == "text/html" else "text",
                              title=request.query_params.get("title"), outlet=request.query_params.get("outlet"),
                              url=request.query_params.get("url"))
        else:
            raise HTTPException(415, "send application/json or text/plain")
    except HTTPException:
        raise
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(422, f"invalid report: {str(exc)[:300]}") from None
    from ..model import RawDocument

    raw = RawDocument(source=report.source or report.url or "api", text=report.text, kind=report.kind,
                      title=report.title, url=report.url, outlet=report.outlet, published=report.published)
    jobs = request.app.state.ingest
    job = jobs.submit(raw)
    if job is None:
        wait = jobs.retry_after()
        raise HTTPException(503, f"the server is busy ingesting {jobs.pending()} reports: retry in {wait} s",
                            headers={"Retry-After": str(wait)})
    waited = asyncio.wrap_future(job.future)
    await asyncio.wait({waited}, timeout=request.app.state.ingest_wait)
    return _job_response(job, created=True)


def _job_response(job: Any, created: bool = False) -> Response:
    """201 (stored, with the document's ``Location``), 422 (the report could not
    be extracted or stored) or 202 (still in hand: poll the job's ``Location``)."""
    body = job.to_dict()
    if job.status == "done":
        if created:
            return JSONResponse({k: body[k] for k in ("id", "stored", "events")}, status_code=201,
                                headers={"Location": body["document"]})
        return JSONResponse(body)
    if job.status == "failed":
        return JSONResponse({"detail": f"cannot ingest the report: {job.error}", **body}, status_code=422)
    return JSONResponse(body, status_code=202, headers={"Location": f"/documents/jobs/{job.id}"})


@router.get("/documents/jobs/{job_id}", tags=["documents"], dependencies=[Depends(require_token)],
            summary="An ingest job: queued, running, done (with the document's id) or failed")
async def ingest_job(job_id: str, request: Request) -> Response:
    job = request.app.state.ingest.job(job_id)
    if job is None:
        raise HTTPException(404, "no such ingest job (finished jobs are kept for a while, not forever)")
    return _job_response(job)


__all__ = ["router", "ReportIn", "MAX_LIMIT"]
