"""The ``tacitus`` command: one verb per capability.

    tacitus ingest examples/              read, extract and store reports
    tacitus extract report.txt            print the event records (no database)
    tacitus events --type attack          list stored events
    tacitus show DOC_ID                   a document with its events marked
    tacitus export --format acled-csv     write the ledger out

The ledger is an SQLite file (``tacitus.db``) unless ``--db`` or ``TACITUS_DB``
names another, including a ``postgresql://`` URL.
"""
from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from typing import Iterable, Iterator

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .cli_options import event_filters as _event_filters
from .cli_options import filters as _filters
from .model import Reject, Result
from .store.rows import Rows

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

EPILOG = """\b
Examples:
  tacitus ingest examples/                 # into ./tacitus.db
  tacitus --db war.db ingest feeds/*.jsonl
  tacitus extract --format jsonl report.txt > events.jsonl
  tacitus events --type interception --country RU --since 2025-07-01
  tacitus show 3f2a                        # a unique id prefix is enough
  tacitus export --format acled-csv -o ledger.csv
"""


#: optional packages and the extra that installs each
_EXTRAS = {"matplotlib": "analysis", "pyarrow": "analysis", "fastapi": "web", "uvicorn": "web",
           "starlette": "web", "psycopg": "postgres", "dask": "scale", "distributed": "scale"}


class TacitusGroup(click.Group):
    """Turns any unexpected error into one clear line instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # the reader went away (`tacitus extract ... | head`): stop quietly, as Unix tools do
            _silence_stdout()
            raise click.exceptions.Exit(141) from None
        except ModuleNotFoundError as exc:
            extra = _EXTRAS.get((exc.name or "").split(".")[0])
            if extra is None or "--debug" in sys.argv:
                raise click.ClickException(f"{type(exc).__name__}: {exc}") from None
            raise click.ClickException(
                f"this needs the optional package {exc.name!r}: pip install 'tacitus[{extra}]'"
                f" (or 'make test', which installs every extra)") from None
        except Exception as exc:  # noqa: BLE001 - the user gets a sentence, not a traceback
            if "--debug" in sys.argv or ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(f"{type(exc).__name__}: {exc}") from None


@click.group(cls=TacitusGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="TACITUS_DB", default="tacitus.db", show_default=True,
              help="The ledger: an SQLite file, or a postgresql:// URL. Also $TACITUS_DB.")
@click.option("--debug", is_flag=True, help="Show full tracebacks (for bug reports).")
@click.version_option(package_name="tacitus")
@click.pass_context
def main(ctx: click.Context, db: str, debug: bool) -> None:
    """tacitus turns news reports about armed conflict into a structured,
    geocoded, source-attributed event ledger: every number keeps who claimed it."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    ctx.obj["debug"] = debug


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. under a test runner)
        pass


def _open_store(ctx: click.Context):
    """The ledger named by --db / $TACITUS_DB; a failure to open it is one clear line."""
    from .store import open_store
    db = ctx.obj["db"]
    try:
        return open_store(db)
    except Exception as exc:  # noqa: BLE001 - sqlite3/psycopg errors differ; the user needs the path
        if ctx.obj.get("debug"):
            raise
        raise click.ClickException(f"cannot open the ledger {db!r}: {exc}") from None


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("{task.fields[status]}"), TimeElapsedColumn(),
                    console=err, transient=False, disable=not err.is_terminal)


def _inputs(paths: tuple[str, ...]):
    from .read import iter_inputs
    return iter_inputs(list(paths))


def _extracted(paths: tuple[str, ...], workers: int) -> Iterator[Result | Reject]:
    from .engines.local import run_local
    return run_local(_inputs(paths), workers=workers)


def _report_reject(reject: Reject) -> None:
    """One line on stderr naming the input and why it was skipped (file names are not markup)."""
    err.print(f"[yellow]skipped[/] {escape(str(reject))}", highlight=False)


_WHERE = re.compile(r"^(?:line|item) \d+: ")


def reject_kind(reason: str) -> str:
    """The reason without the line number and details, to count rejects by kind:
    "line 3: not JSON (Expecting value at column 1)" -> "not JSON"."""
    kind = _WHERE.sub("", reason)
    kind = re.sub(r" \(.*\)$", "", kind)
    return re.sub(r"'[^']*'", "'...'", kind) if kind.startswith(("date header", "'published'")) else kind


def _examples(*lines: str) -> str:
    """A command's epilog: its examples, kept as written by click's help formatter."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


# ---------------------------------------------------------------------------
@main.command(epilog=_examples(
    "tacitus extract report.txt                  # one JSON line per report",
    "tacitus extract --format table examples/    # a table per report, for reading",
    "cat feed.jsonl | tacitus extract -          # from stdin",
    "tacitus extract -w 2 reports/ > events.jsonl",
))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="jsonl: the contract records (shared/spec/EVENTS.md), one document a line; table: for reading.")
@click.option("--workers", "-w", type=int, default=1, show_default=True, help="Processes to extract with.")
def extract(paths: tuple[str, ...], fmt: str, workers: int) -> None:
    """Extract events from reports and print them; nothing is stored.

    PATHS are files (.txt with an optional first line 'date YYYY-MM-DD', .jsonl,
    .html, .rss/.atom, .warc), directories (read recursively) or - for stdin.
    """
    n_docs, rejects = 0, []
    for item in _extracted(paths, workers):
        if isinstance(item, Reject):
            rejects.append(item)
            _report_reject(item)
            continue
        n_docs += 1
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        else:
            _print_events_table([dict(e.to_dict(), published=item.document.published and item.document.published.isoformat(),
                                      document_id=item.document.id) for e in item.events],
                                title=item.document.title or item.document.source)
    if n_docs == 0:
        raise click.ClickException("no document could be read" + (f" ({len(rejects)} rejected)" if rejects else ""))


# ---------------------------------------------------------------------------
@main.command(epilog=_examples(
    "tacitus ingest examples/                    # into ./tacitus.db",
    "tacitus --db war.db ingest feeds/*.jsonl --batch 500",
    "TACITUS_DB=war.db tacitus ingest -w 2 archive.warc.gz",
    "tacitus ingest --engine dask --scheduler tcp://10.0.0.5:8786 corpus/",
))
@click.argument("paths", nargs=-1, required=True)
@click.option("--workers", "-w", type=int, default=1, show_default=True, help="Processes to extract with.")
@click.option("--batch", type=int, default=200, show_default=True, help="Documents per transaction.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine (a process pool with --workers); dask: a Dask cluster.")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786); default: a local cluster.")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], workers: int, batch: int, engine: str,
           scheduler: str | None) -> None:
    """Read reports, extract their events and store them in the ledger.

    Re-running on the same reports adds nothing (documents are keyed by a hash
    of their text). Bad inputs are reported, recorded and skipped; the rest of
    the batch is stored.
    """
    totals: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    with _open_store(ctx) as store, _progress() as progress:
        task = progress.add_task("ingesting", total=None, status="")

        def already(doc) -> None:
            totals["read"] += 1
            totals["skipped"] += 1
            progress.update(task, advance=1, status=f"{totals['read']} read")

        from .pipeline import skip_known
        todo = skip_known(_inputs(paths), store.has_documents, batch=batch, on_skip=already)
        if engine == "dask":
            from .engines.dask import run_dask
            stream = run_dask(todo, workers=workers, scheduler=scheduler, rows=True)
        else:
            from .engines.local import run_local
            stream = run_local(todo, workers=workers, rows=True)
        results: list[Result | Rows] = []
        rejects: list[Reject] = []

        def flush() -> None:
            stats = store.write_batch(results, rejects)
            fields = stats if isinstance(stats, dict) else {k: getattr(stats, k) for k in dir(stats) if not k.startswith("_")}
            totals.update({k: v for k, v in fields.items() if isinstance(v, int)})
            results.clear()
            rejects.clear()

        for item in stream:
            if isinstance(item, Reject):
                rejects.append(item)
                reasons[reject_kind(item.reason)] += 1
                _report_reject(item)
            else:
                results.append(item)
            totals["read"] += 1
            progress.update(task, advance=1, status=f"{totals['read']} read")
            if len(results) + len(rejects) >= batch:
                flush()
        flush()
    totals["rejected"] = sum(reasons.values())
    _print_ingest_summary(totals, reasons)
    if totals["read"] and totals["read"] == sum(reasons.values()):
        raise click.ClickException("no document could be read")
    if not totals["read"]:
        raise click.ClickException("no input found")


def _print_ingest_summary(totals: Counter[str], reasons: Counter[str]) -> None:
    t = Table(title="ingest", show_header=False)
    labels = {"documents": "documents stored", "skipped": "already in the ledger",
              "events": "events stored", "rejected": "inputs rejected"}
    for key, label in labels.items():
        t.add_row(label, str(totals.get(key, 0)))
    out.print(t)
    if reasons:
        r = Table(title="rejected inputs")
        r.add_column("reason")
        r.add_column("count", justify="right")
        for reason, n in reasons.most_common():
            r.add_row(escape(reason), str(n))
        out.print(r)


# ---------------------------------------------------------------------------
def _fmt_quantities(qs: Iterable[dict]) -> str:
    sym = {"exact": "", "approx": "~", "at_least": ">", "at_most": "<", "range": ""}
    parts = []
    for q in qs:
        v = f"{q['low']}-{q['high']}" if q.get("qualifier") == "range" and q.get("high") else str(q["value"])
        parts.append(f"{q['role']} {sym.get(q.get('qualifier'), '')}{v} {q.get('unit') or ''}".strip())
    return "; ".join(parts)


def _fmt_time(t: dict | None) -> str:
    if not t:
        return ""
    return t["start"] if t["start"] == t["end"] else f"{t['start']}..{t['end']}"


def _print_events_table(events: list[dict], title: str | None = None) -> None:
    t = Table(title=title, show_lines=False, expand=False)
    for col in ("doc", "type", "when", "where", "attacker", "numbers", "claimant", "via"):
        t.add_column(col, overflow="fold")
    for e in events:
        claim = e.get("claim") or {}
        t.add_row((e.get("document_id") or "")[:8], e["type"], _fmt_time(e.get("time")),
                  ", ".join(p.get("name") or p.get("text") for p in e.get("places") or []),
                  (e.get("attacker") or {}).get("name") or "", _fmt_quantities(e.get("quantities") or []),
                  claim.get("claimant") or "", ", ".join(claim.get("reported_by") or []))
    out.print(t)


@main.command(epilog=_examples(
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
    with _open_store(ctx) as store:
        rows = store.events(**filters, limit=limit or None)
        total = store.count_events(**filters)
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        return
    _print_events_table(rows, title=f"events ({len(rows)} of {total})")


@main.command(epilog=_examples(
    "tacitus show 3f2a9c1e07b4d5a2              # a full document id",
    "tacitus show 3f2a                          # or a unique prefix of 4+ characters",
))
@click.argument("doc_id")
@click.pass_context
def show(ctx, doc_id: str) -> None:
    """Show one stored document: its cleaned text with each event's sentence
    marked, the events, and the boilerplate removed from it (with reasons)."""
    with _open_store(ctx) as store:
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
    _print_events_table(doc.get("events") or [], title="events")
    removed = doc.get("removed") or []
    if removed:
        t = Table(title="removed boilerplate")
        t.add_column("reason")
        t.add_column("text", style="dim", overflow="fold")
        for r in removed:
            t.add_row(r["reason"], r["text"])
        out.print(t)


@main.command(epilog=_examples(
    "tacitus export > ledger.jsonl               # the contract records, one document a line",
    "tacitus export --format csv -o events.csv",
    "tacitus export --format acled-csv --country UA --since 2025-09-01 -o ua.csv",
))
@_event_filters
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "acled-csv"]), default="jsonl", show_default=True,
              help="jsonl: contract records; csv: one row per event; acled-csv: ACLED columns plus claim columns.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-",
              help="Output file (default: stdout).")
@click.pass_context
def export(ctx, type_, country, since, until, claimant, text, near, fmt: str, output: str) -> None:
    """Write the ledger out, or only the events matching the filters
    (jsonl then keeps the documents that have a matching event)."""
    from .export import write_export
    filters = _filters(type_, country, since, until, claimant, text, near)
    with _open_store(ctx) as store, click.open_file(output, "w", encoding="utf-8") as fh:
        n = write_export(store, fmt, fh, **filters)
    if output != "-":
        err.print(f"wrote {n} rows to {output}")


def _register_optional_commands() -> None:
    """Commands from other modules, registered here so `tacitus --help` lists them."""
    from .geo.cli import gazetteer, geocode
    main.add_command(geocode)
    main.add_command(gazetteer)
    from .web.cli import serve
    main.add_command(serve)
    from .incidents_cli import register as register_claim_ledger
    register_claim_ledger(main)


_register_optional_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
