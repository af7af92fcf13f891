"""``tacitus serve``: the API and dashboard over the ledger, on loopback by default."""
from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. The default serves this machine only; 0.0.0.0 exposes the ledger to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (each opens the ledger read-mostly).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int) -> None:
    """Serve the ledger: REST API (OpenAPI at /openapi.json) and the map dashboard at /.

    POST /documents (ingest) is enabled only when TACITUS_TOKEN is set, and then
    needs that token (Authorization: Bearer TOKEN); without it the ledger is
    opened read-only. A report is extracted in a worker process: the answer is
    201 when it is stored within two seconds, else 202 with a Location to poll;
    503 with Retry-After while eight reports are in hand. GETs never wait for
    an ingest. TACITUS_CORS_ORIGINS (comma-separated) enables CORS for those
    origins; there is none by default.
    """
    import os

    try:
        import uvicorn
    except ImportError:
        raise click.ClickException("tacitus serve needs the 'web' extra (pip install 'tacitus[web]')") from None
    db = (ctx.obj or {}).get("db") or "tacitus.db"
    os.environ["TACITUS_DB"] = db  # each worker process builds its app from the environment
    click.echo(f"tacitus: serving {db} on http://{host}:{port}/ (API docs at /api/docs)", err=True)
    from ..web.server import http_protocol
    uvicorn.run("tacitus.web.serve_app:app", host=host, port=port, workers=workers, http=http_protocol(),
                log_level="warning", server_header=False, proxy_headers=False)
