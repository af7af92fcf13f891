"""The web face of the ledger: a REST API and an offline map dashboard (FastAPI).

    from tacitus.web import create_app
    app = create_app("tacitus.db")

or from the shell: ``tacitus serve [--host 127.0.0.1] [--port 8000]``.
FastAPI is imported only when the app is built, so the CLI works without the
``web`` extra.
"""
from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """Build the FastAPI app; see :func:`tacitus.web.app.create_app`."""
    from .app import create_app as _create_app
    return _create_app(*args, **kwargs)
