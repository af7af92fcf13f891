"""The ``tacitus`` command: one verb per capability.

    tacitus ingest examples/              read, extract and store reports
    tacitus extract report.txt            print the event records (no database)
    tacitus events --type attack          list stored events
    tacitus show DOC_ID                   a document with its events marked
    tacitus export --format acled-csv     write the ledger out

The ledger is an SQLite file (``tacitus.db``) unless ``--db`` or ``TACITUS_DB``
names another, including a ``postgresql://`` URL.

Where each verb lives:

    cli/extract.py    extract, ingest (which links the ledger after storing)
    cli/query.py      events, show, export, claims, plot
    cli/incidents.py  incidents (merge, split, undo, history), incident, link
    cli/geo.py        geocode, gazetteer
    cli/web.py        serve
    cli/common.py     what they share (store opening, progress, rejects, tables)
    cli/options.py    the event filters of events, export, incidents, claims, plot
"""
from __future__ import annotations

import os
import sys

import click

from .extract import extract, ingest
from .geo import gazetteer, geocode
from .incidents import incident, incidents, link
from .query import claims, events, export, plot, show
from .web import serve

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
    _tolerant_output()


def _tolerant_output() -> None:
    """A character the terminal cannot show is written as a backslash escape
    (``\\u0436``; inside a JSON string that is the same character), never a crash
    after the work is done."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream that cannot be reconfigured: leave it
                pass


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (e.g. under a test runner)
        pass


for _command in (extract, ingest, events, show, export, claims, plot, incidents, incident, link,
                 geocode, gazetteer, serve):
    main.add_command(_command)
