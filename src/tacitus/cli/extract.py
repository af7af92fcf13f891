"""``tacitus extract`` (events printed, nothing stored) and ``tacitus ingest``
(read, extract, store, then link the ledger)."""
from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter

import click
from rich.markup import escape
from rich.table import Table

from ..model import Reject, Result
from ..store.rows import Rows
from .common import err, examples, inputs, open_store, out, print_events_table, progress, reject_kind, report_reject
from .options import time_budget


@click.command(epilog=examples(
    "tacitus extract report.txt                  # one JSON line per report",
    "tacitus extract --format table examples/    # a table per report, for reading",
    "cat feed.jsonl | tacitus extract -          # from stdin",
    "tacitus extract -w 2 reports/ > events.jsonl",
))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True,
              help="jsonl: the contract records (shared/spec/EVENTS.md), one document a line; table: for reading.")
@click.option("--workers", "-w", type=int, default=1, show_default=True, help="Processes to extract with.")
@time_budget
def extract(paths: tuple[str, ...], fmt: str, workers: int, budget: float) -> None:
    """Extract events from reports and print them; nothing is stored.

    PATHS are files (.txt with an optional first line 'date YYYY-MM-DD', .jsonl,
    .html, .rss/.atom, .warc), directories (read recursively) or - for stdin.
    """
    from ..engines.local import run_local
    n_docs, rejects = 0, []
    for item in run_local(inputs(paths), workers=workers, budget=budget or None):
        if isinstance(item, Reject):
            rejects.append(item)
            report_reject(item)
            continue
        n_docs += 1
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
        else:
            print_events_table([dict(e.to_dict(), published=item.document.published and item.document.published.isoformat(),
                                     document_id=item.document.id) for e in item.events],
                               title=item.document.title or item.document.source)
    if n_docs == 0:
        raise click.ClickException("no document could be read" + (f" ({len(rejects)} rejected)" if rejects else ""))


@click.command(epilog=examples(
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
@time_budget
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], workers: int, batch: int, engine: str,
           scheduler: str | None, budget: float) -> None:
    """Read reports, extract their events and store them in the ledger.

    Re-running on the same reports adds nothing (documents are keyed by a hash
    of their text). Bad inputs are reported, recorded and skipped; the rest of
    the batch is stored.
    """
    totals: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    with open_store(ctx, write=True) as store, progress() as bar:
        task = bar.add_task("ingesting", total=None, status="")

        def already(doc) -> None:
            totals["read"] += 1
            totals["skipped"] += 1
            bar.update(task, advance=1, status=f"{totals['read']} read")

        from ..pipeline import BUFFER_CHARS, skip_known
        todo = skip_known(inputs(paths), store.has_documents, batch=batch, on_skip=already)
        if engine == "dask":
            from ..engines.dask import run_dask
            stream = run_dask(todo, workers=workers, scheduler=scheduler, rows=True, budget=budget or None)
        else:
            from ..engines.local import run_local
            stream = run_local(todo, workers=workers, rows=True, budget=budget or None)
        results: list[Result | Rows] = []
        rejects: list[Reject] = []
        held = 0   # characters of document text waiting to be written
        held_events = 0  # ... and their events (a 2 MB report holds thousands)

        def flush() -> None:
            nonlocal held, held_events
            held = held_events = 0
            stats = store.write_batch(results, [canonical_reject(r, paths) for r in rejects])
            fields = stats if isinstance(stats, dict) else {k: getattr(stats, k) for k in dir(stats) if not k.startswith("_")}
            totals.update({k: v for k, v in fields.items() if isinstance(v, int)})
            for reject in getattr(stats, "failed", ()):  # a record the database refused: the rest are stored
                reasons[reject_kind(reject.reason)] += 1
                report_reject(reject)
            results.clear()
            rejects.clear()
            # link what this batch stored (a short transaction touching only the
            # incidents its events can join), so incidents grow with the ingest
            if store.ensure_linked() is not None:
                totals["linked_runs"] += 1

        for item in stream:
            if isinstance(item, Reject):
                rejects.append(item)
                reasons[reject_kind(item.reason)] += 1
                report_reject(item)
            else:
                results.append(item)
                held += _text_size(item)
                held_events += _events_in(item)
            totals["read"] += 1
            bar.update(task, advance=1, status=f"{totals['read']} read")
            if len(results) + len(rejects) >= batch or held >= BUFFER_CHARS or held_events >= BUFFER_EVENTS:
                flush()   # a batch, or less when its documents are big: memory stays bounded
        flush()
    totals["rejected"] = sum(reasons.values())
    _print_ingest_summary(totals, reasons)
    if totals["read"] and totals["read"] == sum(reasons.values()):
        raise click.ClickException("no document could be read")
    if not totals["read"]:
        raise click.ClickException("no input found")
    _link(ctx, always=bool(totals["linked_runs"]))


_LOCATION = re.compile(r"^(.*?)([:#]\d+)$")  # "feed.jsonl:3", "feed.xml#2"


def canonical_reject(reject: Reject, typed: tuple[str, ...]) -> Reject:
    """The reject as recorded: a source naming a local file (or a line or item
    of one) by its absolute path, so that an input typed once relative and once
    absolute is one reject, not two. Other sources (stdin, a record's own id,
    a URL) stay as they are."""
    source = reject.source
    m = _LOCATION.match(source)
    path, where = (m.group(1), m.group(2)) if m else (source, "")
    if not path or path in ("-", "<stdin>") or "://" in path or os.path.isabs(path):
        return reject
    if path in typed or os.path.exists(path):
        return Reject(os.path.abspath(path) + where, reject.reason)
    return reject


#: events held at most before a batch is written (200 ordinary reports hold a
#: few thousand; a few reports of megabytes hold tens of thousands)
BUFFER_EVENTS = 10_000


def _events_in(item: Result | Rows) -> int:
    """The events an item holds."""
    return item.n_events if isinstance(item, Rows) else len(item.events)


def _text_size(item: Result | Rows) -> int:
    """The characters of document text an item holds."""
    if isinstance(item, Rows):
        return len(item.document[7] or "")
    return len(item.document.text)


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


def _link(ctx: click.Context, always: bool = False) -> None:
    """Link what is left after an ingest; one line on stderr with the ledger's
    totals when anything was linked (here or batch by batch during the ingest)."""
    with open_store(ctx, write=True) as store:
        stats = store.ensure_linked()
        if stats is None and always:
            stats = store.link_totals()
    if stats is not None:
        err.print(f"linked {_n(stats.events, 'event')} into {_n(stats.incidents, 'incident')} "
                  f"({stats.contested} with contested figures; {_n(stats.families, 'source')} among "
                  f"{_n(stats.documents, 'document')})" + (f" in {stats.seconds:.2f} s" if stats.seconds else ""),
                  highlight=False)


def _n(count: int, noun: str) -> str:
    """'1 source', '3 sources'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
