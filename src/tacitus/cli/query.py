"""Reading the ledger: ``tacitus events``, ``show``, ``export``, ``claims`` and ``plot``."""
from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from ..export import INCIDENT_FORMATS
from .common import err, examples, fmt_figure, note_unlinked, open_store, out, print_events_table
from .options import event_filters as _event_filters
from .options import filters as _filters


@click.command(epilog=examples(
    "tacitus events --type interception --country RU",
    "tacitus events --since 2025-07-01 --until 2025-07-31 --claimant ministry",
    "tacitus events --text Odesa --limit 0 --format jsonl",
))
@_event_filters
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many events (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_context
def events(ctx, type_, country, since, until, claimant, text, near, limit, fmt) -> None:
    """List stored events, newest reports last, with filters."""
    filters = _filters(type_, country, since, until, claimant, text, near)
    with open_store(ctx) as store:
        rows = store.events(**filters, limit=limit or None)
        total = store.count_events(**filters)
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        return
    print_events_table(rows, title=f"events ({len(rows)} of {total})")


@click.command(epilog=examples(
    "tacitus show 3f2a9c1e07b4d5a2              # a full document id",
    "tacitus show 3f2a                          # or a unique prefix of 4+ characters",
))
@click.argument("doc_id")
@click.pass_context
def show(ctx, doc_id: str) -> None:
    """Show one stored document: its cleaned text with each event's sentence
    marked, the events, and the boilerplate removed from it (with reasons)."""
    with open_store(ctx) as store:
        doc = store.document(doc_id)
    if doc is None:
        raise click.ClickException(f"no document with id {doc_id!r} in the ledger")
    out.rule(f"[bold]{doc.get('title') or doc.get('source')}")
    out.print(f"id {doc['id']}  published {doc.get('published') or '?'}  outlet {doc.get('outlet') or '?'}  source {doc.get('source')}",
              highlight=False)
    text = Text(doc["text"])
    for i, e in enumerate(doc.get("events") or []):
        ev = e.get("evidence") or {}
        if ev.get("end"):
            text.stylize("bold yellow" if i % 2 == 0 else "bold cyan", ev["start"], ev["end"])
    out.print(text)
    print_events_table(doc.get("events") or [], title="events")
    removed = doc.get("removed") or []
    if removed:
        t = Table(title="removed boilerplate")
        t.add_column("reason")
        t.add_column("text", style="dim", overflow="fold")
        for r in removed:
            t.add_row(r["reason"], r["text"])
        out.print(t)


@click.command(epilog=examples(
    "tacitus export > ledger.jsonl               # the contract records, one document a line",
    "tacitus export --format csv -o events.csv",
    "tacitus export --format acled-csv --country UA --since 2025-09-01 -o ua.csv",
))
@_event_filters
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "acled-csv", *INCIDENT_FORMATS]), default="jsonl",
              show_default=True,
              help="jsonl: contract records; csv: one row per event; acled-csv: ACLED columns plus claim columns."
                   " Incidents: acled-incidents (one row per incident), geojson, incidents-jsonl, parquet;"
                   " events-parquet.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="Output file (default: stdout).")
@click.pass_context
def export(ctx, type_, country, since, until, claimant, text, near, fmt: str, output: str) -> None:
    """Write the ledger out, or only the events matching the filters
    (jsonl then keeps the documents that have a matching event)."""
    from ..export import write_export
    filters = _filters(type_, country, since, until, claimant, text, near)
    with open_store(ctx) as store, click.open_file(output, "w", encoding="utf-8") as fh:
        n = write_export(store, fmt, fh, **filters)
    if output != "-":
        err.print(f"wrote {n} rows to {output}")


# --------------------------------------------------------------------------- claims
@click.command(epilog=examples(
    "tacitus claims --role intercepted --since 2025-09-01",
    "tacitus claims --incident inc-df3e --format csv -o moscow.csv",
    "tacitus claims --claimant ministry --format jsonl",
))
@_event_filters
@click.option("--role", type=click.Choice(["launched", "intercepted", "hit", "killed", "injured", "missing",
                                           "captured"]), help="Only this role.")
@click.option("--incident", "incident_id", help="Only the claims of this incident (id or unique prefix).")
@click.option("--limit", type=int, default=100, show_default=True, help="At most this many claims (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="Output file for jsonl/csv (default: stdout).")
@click.pass_context
def claims(ctx, type_, country, since, until, claimant, text, near, role, incident_id, limit, fmt, output) -> None:
    """Every numeric claim, flat: date, place, role, figure, qualifier, claimant,
    claimant's side, outlet (and the sentence in jsonl/csv)."""
    filters = _filters(type_, country, since, until, claimant, text, near)
    with open_store(ctx) as store:
        rows = store.claims(**filters, role=role, incident=incident_id, limit=limit or None)
        note_unlinked(store)
    if fmt != "table":
        _write_claims(rows, fmt, output)
        return
    t = Table(title=f"claims ({len(rows)})")
    for col in ("date", "place", "role", "figure", "unit", "qualifier", "claimant", "side", "outlet", "incident"):
        t.add_column(col, overflow="fold")
    for r in rows:
        outlet = r.get("outlet") or ", ".join(r.get("reported_by") or ()) or ""
        t.add_row(r.get("date") or "", escape(r.get("place") or ""), r["role"], fmt_figure(r), r.get("unit") or "",
                  r["qualifier"] + ("" if r.get("modality") == "asserted" else f", {r['modality']}"),
                  escape(r.get("claimant") or "unattributed"), r.get("claimant_country") or "",
                  escape(outlet), (r.get("incident_id") or "")[:12])
    out.print(t)


_CLAIM_COLUMNS = ("date", "date_end", "place", "country", "admin1", "role", "value", "low", "high", "qualifier", "unit",
                  "claimant", "claimant_country", "modality", "verb", "outlet", "reported_by", "published",
                  "incident_id", "document_id", "event_id", "type", "quantity_text", "evidence")


def _write_claims(rows: list[dict[str, Any]], fmt: str, output: str) -> None:
    import csv

    from ..export import csv_cells
    with click.open_file(output, "w", encoding="utf-8") as fh:
        if fmt == "jsonl":
            for r in rows:
                fh.write(json.dumps({k: v for k, v in r.items() if k != "quantities"}, ensure_ascii=False) + "\n")
            return
        w = csv.DictWriter(fh, fieldnames=_CLAIM_COLUMNS, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(csv_cells({**r, "reported_by": ";".join(r.get("reported_by") or ()),
                                  "evidence": (r.get("evidence") or {}).get("text")}))


# --------------------------------------------------------------------------- plot
@click.group()
def plot() -> None:
    """Charts of the ledger as PNG files."""


@plot.command("timeline", epilog=examples(
    "tacitus plot timeline --role intercepted --by claimant -o chart.png",
    "tacitus plot timeline --role launched --country UA --since 2025-09-01 -o launched.png",
))
@_event_filters
@click.option("--role", default="intercepted", show_default=True,
              type=click.Choice(["launched", "intercepted", "hit", "killed", "injured", "missing", "captured"]))
@click.option("--by", type=click.Choice(["claimant", "outlet", "country"]), default="claimant", show_default=True)
@click.option("--top", type=int, default=8, show_default=True, help="Series shown (the rest is left out).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="timeline.png",
              show_default=True)
@click.pass_context
def plot_timeline(ctx, type_, country, since, until, claimant, text, near, role, by, top, output) -> None:
    """Daily figures of one role, one line per claimant (or outlet / country)."""
    from ..plot import timeline
    filters = _filters(type_, country, since, until, claimant, text, near)
    with open_store(ctx) as store:
        rows = store.claims(**filters, role=role)
    n = timeline(rows, role=role, by=by, output=output, top=top)
    err.print(f"wrote {output} ({n} series)")


@plot.command("regions", epilog=examples("tacitus plot regions -o regions.png",
                                         "tacitus plot regions --country RU --since 2025-09-01"))
@_event_filters
@click.option("--top", type=int, default=15, show_default=True, help="Regions shown.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="regions.png",
              show_default=True)
@click.pass_context
def plot_regions(ctx, type_, country, since, until, claimant, text, near, top, output) -> None:
    """Incidents per region, split into contested and uncontested."""
    from ..plot import regions
    filters = _filters(type_, country, since, until, claimant, text, near)
    with open_store(ctx) as store:
        rows = store.incidents(**filters)
    n = regions(rows, output=output, top=top)
    err.print(f"wrote {output} ({n} regions)")
