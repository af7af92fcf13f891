"""``tacitus geocode`` and ``tacitus gazetteer build|info|load``."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import IO, Iterator

import click


def _fail(source: str, reason: str) -> None:
    """Print one clear error line and exit with status 1."""
    click.echo(f"error: {source}: {reason}", err=True)
    sys.exit(1)


def _records(fh: IO[str], source: str) -> Iterator[dict]:
    """Input lines as records: JSON objects {"id", "text", "country_hint"?} or plain text."""
    for n, line in enumerate(fh, 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                _fail(f"{source}:{n}", f"invalid JSON ({exc.msg})")
            if not isinstance(rec.get("text"), str):
                _fail(f"{source}:{n}", 'JSON line has no "text" string')
            rec.setdefault("id", str(n))
            yield rec
        else:
            yield {"id": str(n), "text": line}


@click.command()
@click.argument("file", default="-", type=str)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True, help="Output format.")
@click.option("--country", "country", default=None, metavar="CC",
              help="Country hint (ISO 3166-1 alpha-2) for lines that carry none.")
def geocode(file: str, fmt: str, country: str | None) -> None:
    """Resolve the places of each input line (FILE or - for stdin), the main place first."""
    from tacitus.geo import get_geocoder

    if file != "-" and not Path(file).is_file():
        _fail(file, "no such file")
    try:
        geo = get_geocoder()
    except Exception as exc:  # noqa: BLE001 - one line for the user, not a traceback
        _fail("gazetteer", str(exc))
    fh = sys.stdin if file == "-" else open(file, encoding="utf-8")
    rows = []
    try:
        for rec in _records(fh, file):
            hint = rec.get("country_hint") or country
            places = geo.geocode(rec["text"], hint)
            if fmt == "jsonl":
                click.echo(json.dumps({"id": rec["id"], "places": [p.to_dict() for p in places]},
                                      ensure_ascii=False))
            else:
                rows.append((str(rec["id"]), rec["text"], places))
    except UnicodeDecodeError:
        _fail(file, "not UTF-8 text")
    finally:
        if fh is not sys.stdin:
            fh.close()
    if fmt == "table":
        _print_table(rows)


def _print_table(rows: list) -> None:
    """A rich table: id, text, main place, precision, coordinates, others."""
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "text", "place", "precision", "lat, lon", "also")
    for rid, text, places in rows:
        if not places:
            table.add_row(rid, text, "-", "", "", "")
            continue
        p = places[0]
        where = f"{p.name}, {p.admin1 + ', ' if p.admin1 and p.admin1 != p.name else ''}{p.country}"
        table.add_row(rid, text, where, p.precision, f"{p.lat:.4f}, {p.lon:.4f}",
                      "; ".join(q.name for q in places[1:]))
    Console().print(table)


@click.group()
def gazetteer() -> None:
    """Build, inspect or extend the offline gazetteer."""


@gazetteer.command("build")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it (default: $TACITUS_GAZETTEER or the user cache).")
def build_cmd(path: Path | None) -> None:
    """Build the gazetteer from the packaged GeoNames data and curated regions."""
    from tacitus.geo.build import build

    t0 = time.perf_counter()
    try:
        out = build(path)
    except Exception as exc:  # noqa: BLE001
        _fail(str(path or "gazetteer"), str(exc))
    click.echo(f"built {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")


@gazetteer.command("info")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path), default=None)
def info_cmd(path: Path | None) -> None:
    """Where the gazetteer is, what it holds and where its data come from."""
    from tacitus.geo.gazetteer import Gazetteer

    try:
        info = Gazetteer(path, build_if_missing=False).info()
    except Exception as exc:  # noqa: BLE001
        _fail(str(path or "gazetteer"), str(exc))
    for key, value in info.items():
        click.echo(f"{key:14s} {value}")


@gazetteer.command("load")
@click.argument("file", type=str)
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Only places of these countries (repeatable).")
def load_cmd(file: str, path: Path | None, countries: tuple[str, ...]) -> None:
    """Add the places of a GeoNames dump (allCountries.txt, UA.zip, cities500.txt...)."""
    from tacitus.geo import build as b

    if not Path(file).is_file():
        _fail(file, "no such file")
    db = Path(path or b.default_path())
    if not db.exists():
        b.build(db)
    try:
        n = b.load_geonames(db, Path(file), {c.upper() for c in countries} or None)
    except (ValueError, UnicodeDecodeError, OSError) as exc:
        _fail(file, str(exc))
    click.echo(f"loaded {n} places from {file} into {db}")
    import tacitus.geo as geo_pkg
    geo_pkg._instance = None  # a later get_geocoder() sees the new places

