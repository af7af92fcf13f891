"""The FastAPI application: the REST API (``routes``) and the offline dashboard.

    from tacitus.web import create_app
    app = create_app("tacitus.db")            # uvicorn.run(app, host="127.0.0.1")

Safe by default: ingest only with ``TACITUS_TOKEN`` set (and presented);
request bodies capped (``max_body`` bytes); no CORS unless origins are given
(``cors_origins`` or ``$TACITUS_CORS_ORIGINS``, comma-separated); every
response carries a Content-Security-Policy allowing only this server's own
scripts, styles, images and data, so even a rendering bug could not run
report text as code. The dashboard pages are static HTML shells: report text
reaches the page only through ``textContent`` in ``static/*.js``.
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..store import open_store
from .view import StoreView
from .routes import router

MAX_BODY = 1_000_000  # bytes: a news report is tens of kilobytes

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

SECURITY_HEADERS = _HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


def web_dir() -> Path:
    """The package folder holding ``static/`` and ``templates/``."""
    return Path(str(resources.files("tacitus.web")))


class Guard:
    """ASGI middleware: refuses bodies over ``max_body`` bytes (413) and adds the security headers."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _plain(send, 413, b"request body too large")
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge()
            return message

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers") or ()) + _HEADERS
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except _TooLarge:
            await _plain(send, 413, b"request body too large")
        except Exception:
            # an unhandled error: answer 500 here, with the security headers (the
            # server's own error page, outside this middleware, would lack them),
            # then let it propagate to be logged
            if not started:
                await _plain(send, 500, b"internal server error")
            raise


class _TooLarge(Exception):
    """A chunked body went over the limit."""


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())] + _HEADERS})
    await send({"type": "http.response.body", "body": body})


def create_app(db: str | os.PathLike[str] | None = None, *, token: str | None = None,
               cors_origins: list[str] | None = None, max_body: int = MAX_BODY,
               cache_seconds: float = 5.0, ingest_workers: int = 1, ingest_queue: int = 8,
               ingest_wait: float = 2.0) -> FastAPI:
    """The tacitus web app over the ledger ``db`` (default ``$TACITUS_DB`` / ``tacitus.db``).

    ``token`` (default ``$TACITUS_TOKEN``) guards ``POST /documents``; without
    one, ingest is disabled and the ledger is opened read-only. ``cors_origins``
    (default ``$TACITUS_CORS_ORIGINS``) enables CORS for exactly those origins,
    for GET only. Ingest runs in ``ingest_workers`` processes with at most
    ``ingest_queue`` jobs in hand; a POST waits ``ingest_wait`` seconds for its
    job before answering 202 (see :mod:`tacitus.web.ingest`).
    """
    from .ingest import IngestQueue

    if token is None:
        token = os.environ.get("TACITUS_TOKEN") or None
    # the store lives as long as the app: a lifespan hook closing it would break
    # clients that run the lifespan more than once (schemathesis does). Reads
    # never link (the ingest writer links what it stores), so a GET never writes.
    store = open_store(db, read_only=not token)
    store.autolink = False
    if cors_origins is None:
        env = os.environ.get("TACITUS_CORS_ORIGINS", "")
        cors_origins = [o.strip() for o in env.split(",") if o.strip()]
    app = FastAPI(title="tacitus", version="0.1.0",
                  description="A geocoded, source-attributed ledger of armed-conflict events, "
                              "every figure with who claimed it.",
                  docs_url=None, redoc_url=None)
    app.state.view = StoreView(store, cache_seconds=cache_seconds)
    app.state.token = token
    app.state.ingest = IngestQueue(store.url, app.state.view.invalidate, workers=ingest_workers, limit=ingest_queue)
    app.state.ingest_wait = ingest_wait
    app.include_router(router)
    _add_dashboard(app)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware
        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET"])
    app.add_middleware(Guard, max_body=max_body)
    return app


def _add_dashboard(app: FastAPI) -> None:
    """The dashboard pages (static HTML shells) and the vendored static assets."""
    base = web_dir()
    pages = base / "templates"
    app.mount("/static", StaticFiles(directory=base / "static"), name="static")

    def page(name: str) -> FileResponse:
        return FileResponse(pages / name, media_type="text/html; charset=utf-8")

    @app.get("/", include_in_schema=False)
    def dashboard() -> Any:
        return page("index.html")

    @app.get("/view/incident/{incident_id}", include_in_schema=False)
    def incident_page(incident_id: str) -> Any:
        return page("incident.html")

    @app.get("/view/document/{doc_id}", include_in_schema=False)
    def document_page(doc_id: str) -> Any:
        return page("document.html")

    # the interactive API reference, from the Swagger UI files fastapi-offline ships
    try:
        import fastapi_offline
        assets = Path(fastapi_offline.__file__).parent / "static"
    except ImportError:  # the web extra without it: /api/docs still links the OpenAPI document
        assets = None
    if assets is not None and (assets / "swagger-ui-bundle.js").exists():
        app.mount("/api/docs-assets", StaticFiles(directory=assets), name="api-docs-assets")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> Any:
        return page("api-docs.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Any:
        raise HTTPException(404)
