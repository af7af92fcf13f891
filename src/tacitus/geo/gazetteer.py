"""Read-only access to the SQLite gazetteer, with per-process caches.

Opening is cheap (one connection, the small admin1 table); names are looked up
with indexed queries whose answers are cached, so a name seen once costs a dict
lookup afterwards.
"""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .build import build, default_path


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One gazetteer entry."""
    id: int
    gid: str
    name: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    population: int
    precision: str
    approximate: bool = False  # a codifier settlement placed at its hromada's centre


class Gazetteer:
    """The place tables: exact names, fuzzy skeletons and the places themselves."""

    def __init__(self, path: Path | str | None = None, *, build_if_missing: bool = True):
        self.path = Path(path or default_path())
        if not self.path.exists():
            if not build_if_missing:
                raise FileNotFoundError(f"{self.path}: no gazetteer (run `tacitus gazetteer build`)")
            build(self.path)
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.exact = lru_cache(maxsize=200_000)(self._exact)
        self.fuzzy = lru_cache(maxsize=100_000)(self._fuzzy)
        self.place = lru_cache(maxsize=200_000)(self._place)
        self.region_ids = {name: pid for pid, name in self._query("SELECT pid, name FROM admin1")}

    def clear_caches(self) -> None:
        """Forget the remembered answers of ``exact``, ``fuzzy`` and ``place``."""
        for fn in (self.exact, self.fuzzy, self.place):
            fn.cache_clear()

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def _exact(self, key: str) -> tuple[tuple[PlaceRow, int], ...]:
        """Places whose name or alternate name has this key, with the name's rank."""
        rows = self._query("SELECT pid, rank FROM names WHERE key = ?", (key,))
        return tuple((self.place(pid), rank) for pid, rank in rows)

    def _fuzzy(self, skel: str) -> tuple[tuple[PlaceRow, int], ...]:
        """Places (in the fuzzy countries) whose name has this skeleton, with the
        name's rank (0: the place's own name, 1: an alternate)."""
        rows = self._query("SELECT pid, rank FROM skel WHERE key = ?", (skel,))
        return tuple((self.place(pid), rank) for pid, rank in rows)

    def _place(self, pid: int) -> PlaceRow:
        row = self._query("SELECT * FROM places WHERE id = ?", (pid,))[0]
        return PlaceRow(*row, approximate=row[1].startswith("katottg:"))

    def country(self, iso: str) -> PlaceRow | None:
        """The country entry of an ISO 3166-1 alpha-2 code."""
        rows = self._query("SELECT id FROM places WHERE precision = 'country' AND country = ?",
                           (iso.upper(),))
        return self.place(rows[0][0]) if rows else None

    def info(self) -> dict[str, object]:
        """Counts and provenance, for ``tacitus gazetteer info``."""
        meta = dict(self._query("SELECT k, v FROM meta"))
        counts = dict(self._query("SELECT precision, count(*) FROM places GROUP BY precision"))
        return {"path": str(self.path), "bytes": self.path.stat().st_size,
                "names": self._query("SELECT count(*) FROM names")[0][0],
                "places": counts, **meta}
