"""The module-level app ``tacitus serve`` hands to uvicorn (built from ``$TACITUS_DB``)."""
from __future__ import annotations

from .app import create_app

app = create_app()
