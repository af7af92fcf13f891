"""What the CLI's verbs share: the consoles, opening the store, progress, reject
reporting, the examples of a command's help, and the events table."""
from __future__ import annotations

import re
from typing import Any, Iterable

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..model import Reject


class _Console:
    """A rich Console made at each use, so that it measures the terminal (or
    $COLUMNS) of the command being run, not of the moment this module was imported."""

    def __init__(self, **options: Any) -> None:
        self._options = options

    def __getattr__(self, name: str) -> Any:
        return getattr(Console(**self._options), name)


out = _Console(soft_wrap=True)
err = _Console(stderr=True, soft_wrap=True)


def examples(*lines: str) -> str:
    """A command's epilog: its examples, kept as written by click's help formatter."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def open_store(ctx: click.Context, write: bool = False) -> Any:
    """The store named by --db / $TACITUS_DB; a failure to open it is one clear line.

    Commands that only read open it read-only: no write transaction, so they
    never wait for an ingest or a link run (``write=True`` for those that write)."""
    from ..store import SchemaError
    from ..store import open_store as _open
    obj = ctx.find_root().obj
    db = obj["db"]
    try:
        return _open(db, read_only=not write)
    except SchemaError as exc:
        if obj.get("debug"):
            raise
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - sqlite3/psycopg errors differ; the user needs the path
        if obj.get("debug"):
            raise
        raise click.ClickException(f"cannot open the ledger {db!r}: {exc}") from None


def note_unlinked(store: Any) -> None:
    """One line on stderr when documents are stored but not linked yet (an
    ingest still running, or one that was stopped before it linked)."""
    n = store.unlinked_documents()
    if n:
        err.print(f"[yellow]note[/] {n} stored document{'s' if n != 1 else ''} not linked yet: their events are in"
                  " no incident until the ingest that stored them finishes, or `tacitus link` runs", highlight=False)


def progress() -> Progress:
    """A progress bar on stderr (shown only when stderr is a terminal)."""
    console = Console(stderr=True, soft_wrap=True)
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("{task.fields[status]}"), TimeElapsedColumn(),
                    console=console, transient=False, disable=not console.is_terminal)


def inputs(paths: tuple[str, ...]) -> Any:
    """The documents (and rejects) of files, directories or - for stdin."""
    from ..read import iter_inputs
    return iter_inputs(list(paths))


def report_reject(reject: Reject) -> None:
    """One line on stderr naming the input and why it was skipped (file names are not markup)."""
    err.print(f"[yellow]skipped[/] {escape(str(reject))}", highlight=False)


_WHERE = re.compile(r"^(?:line|item) \d+: ")


def reject_kind(reason: str) -> str:
    """The reason without the line number and details, to count rejects by kind:
    "line 3: not JSON (Expecting value at column 1)" -> "not JSON"."""
    kind = _WHERE.sub("", reason)
    kind = re.sub(r" \(.*\)$", "", kind)
    return re.sub(r"'[^']*'", "'...'", kind) if kind.startswith(("date header", "'published'")) else kind


# --------------------------------------------------------------------------- events and figures
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


def _claimant(claim: dict) -> str:
    """The claimant, with its native name where the report gave one ("Vyacheslav
    Gladkov (Вячеслав Гладков)")."""
    name, native = claim.get("claimant") or "", claim.get("claimant_native")
    return f"{name} ({native})" if native and native != name else name


def print_events_table(events: list[dict], title: str | None = None) -> None:
    """Events (contract dicts with ``document_id``) as a table on stdout."""
    t = Table(title=title, show_lines=False, expand=False)
    for col in ("doc", "type", "when", "where", "attacker", "numbers", "claimant", "via"):
        t.add_column(col, overflow="fold")
    for e in events:
        claim = e.get("claim") or {}
        t.add_row((e.get("document_id") or "")[:8], e["type"], _fmt_time(e.get("time")),
                  ", ".join(p.get("name") or p.get("text") for p in e.get("places") or []),
                  (e.get("attacker") or {}).get("name") or "", _fmt_quantities(e.get("quantities") or []),
                  _claimant(claim), ", ".join(claim.get("reported_by") or []))
    out.print(t)


_SIGN = {"exact": "", "approx": "~", "at_least": "≥", "at_most": "≤", "range": ""}


def fmt_figure(c: dict[str, Any]) -> str:
    """``~20``, ``≥17``, ``10-20`` for a claim or quantity."""
    if c.get("qualifier") == "range" and c.get("high") is not None:
        return f"{c['low']}-{c['high']}"
    return f"{_SIGN.get(c.get('qualifier') or 'exact', '')}{c.get('value')}"
