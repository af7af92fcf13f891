"""The radius filter: events with a place within some kilometres of a point.

``near=(lat, lon, km)`` is one more event filter (``tacitus events --near
50.45,30.52,25``, ``GET /events?near=50.45,30.52,25``). An event matches when
any of its located places lies within ``km`` great-circle kilometres of the
point. How the ledger answers it:

* **PostgreSQL with PostGIS** (the extension installed in the database, or
  installable by the ledger's user): ``places`` gets a generated
  ``geography(Point, 4326)`` column with a GiST index, and the filter is
  ``ST_DWithin`` on it (metres on the WGS 84 spheroid);
* **PostgreSQL without PostGIS** and **SQLite**: a latitude/longitude bounding
  box narrows the places, then the haversine distance (mean Earth radius)
  decides: in SQL on PostgreSQL, through a function this module registers on
  every SQLite connection.

Spheroid and sphere differ by at most ~0.5 %; a place within a few metres of
the circle may fall either side, depending on the backend.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

EARTH_KM = 6371.0088  # mean Earth radius (IUGG)
MAX_KM = 20_000.0     # half the circumference: every place is nearer than that
SQL_FUNCTION = "tacitus_km"


@dataclass(frozen=True, slots=True)
class Near:
    """A point and a radius: ``lat`` and ``lon`` in degrees, ``km`` kilometres."""
    lat: float
    lon: float
    km: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lat) and -90 <= self.lat <= 90):
            raise ValueError(f"latitude {self.lat} is not between -90 and 90")
        if not (math.isfinite(self.lon) and -180 <= self.lon <= 180):
            raise ValueError(f"longitude {self.lon} is not between -180 and 180")
        if not (math.isfinite(self.km) and 0 < self.km <= MAX_KM):
            raise ValueError(f"radius {self.km} km is not above 0 and at most {MAX_KM:.0f}")

    def __str__(self) -> str:
        return f"{self.lat:g},{self.lon:g},{self.km:g}"

    def box(self) -> tuple[float, float, float, float]:
        """(min lat, max lat, min lon, max lon) of a box holding the circle. Near a
        pole, or when the circle crosses the antimeridian, the box takes every
        longitude (the exact distance then does all the work)."""
        dlat = math.degrees(self.km / EARTH_KM)
        lat0, lat1 = max(-90.0, self.lat - dlat), min(90.0, self.lat + dlat)
        if lat0 <= -90 or lat1 >= 90:
            return lat0, lat1, -180.0, 180.0
        # the widest longitude span is at the latitude nearest a pole
        widest = max(abs(lat0), abs(lat1))
        ratio = math.sin(self.km / EARTH_KM) / math.cos(math.radians(widest))
        if ratio >= 1:
            return lat0, lat1, -180.0, 180.0
        dlon = math.degrees(math.asin(ratio))
        lon0, lon1 = self.lon - dlon, self.lon + dlon
        if lon0 < -180 or lon1 > 180:
            return lat0, lat1, -180.0, 180.0
        return lat0, lat1, lon0, lon1


def parse_near(value: str | Near | tuple | None) -> Near | None:
    """``"LAT,LON,KM"`` (or a tuple, or a Near) as a :class:`Near`; ``ValueError``
    naming what is wrong otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, Near):
        return value
    parts = value.split(",") if isinstance(value, str) else list(value)
    if len(parts) != 3:
        raise ValueError(f"near {value!r}: give LAT,LON,KM (e.g. 50.45,30.52,25)")
    try:
        lat, lon, km = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise ValueError(f"near {value!r}: LAT, LON and KM must be numbers") from None
    try:
        return Near(lat, lon, km)
    except ValueError as exc:
        raise ValueError(f"near {value!r}: {exc}") from None


def haversine_km(lat1: float | None, lon1: float | None, lat2: float, lon2: float) -> float | None:
    """Great-circle distance in km (``None`` when the first point has no coordinates)."""
    if lat1 is None or lon1 is None:
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def register_sqlite(conn: Any) -> None:
    """Make ``tacitus_km(lat1, lon1, lat2, lon2)`` callable in SQL on a SQLite connection."""
    conn.create_function(SQL_FUNCTION, 4, haversine_km, deterministic=True)


# haversine in plain PostgreSQL SQL: params lat, lat, lon (the point), then km
_PG_HAVERSINE = (f"2 * {EARTH_KM} * asin(least(1.0, sqrt(power(sin(radians(p.lat - ?) / 2), 2)"
                 " + cos(radians(p.lat)) * cos(radians(?)) * power(sin(radians(p.lon - ?) / 2), 2)))) <= ?")


def near_clause(near: Near, *, dialect: str, postgis: bool, document: str, seq: str) -> tuple[str, list[Any]]:
    """SQL and parameters for "some place of the event (``document``, ``seq``
    column names) lies within the radius": the places within it are found once
    (one scan of ``places``, or the GiST index with PostGIS), not per event."""
    head = f"({document}, {seq}) IN (SELECT p.document_id, p.event_seq FROM places p WHERE "
    if postgis:
        return (head + "ST_DWithin(p.geog, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?))",
                [near.lon, near.lat, near.km * 1000.0])
    lat0, lat1, lon0, lon1 = near.box()
    box = "p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ? AND "
    params: list[Any] = [lat0, lat1, lon0, lon1]
    if dialect == "postgresql":
        return head + box + _PG_HAVERSINE + ")", params + [near.lat, near.lat, near.lon, near.km]
    return (head + box + f"{SQL_FUNCTION}(p.lat, p.lon, ?, ?) <= ?)",
            params + [near.lat, near.lon, near.km])


# PostGIS, when the database has it: a generated geography column and its index
POSTGIS_DDL = (
    "ALTER TABLE places ADD COLUMN IF NOT EXISTS geog geography(Point, 4326) GENERATED ALWAYS AS"
    " (CASE WHEN lat IS NULL OR lon IS NULL THEN NULL"
    " ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography END) STORED",
    "CREATE INDEX IF NOT EXISTS places_geog ON places USING GIST (geog)",
)


def enable_postgis(conn: Any, dialect: Any, install: bool = True) -> bool:
    """On a PostgreSQL ledger: True if PostGIS serves the radius filter, after
    installing the extension when the server has it and the user may, and adding
    the generated ``geog`` column and its index when missing. False otherwise,
    or when ``TACITUS_POSTGIS=0`` (the portable SQL filter is used then).
    ``install=False`` (a reader): only what is there already counts, nothing is written."""
    if os.environ.get("TACITUS_POSTGIS", "").strip().lower() in ("0", "no", "false", "off"):
        return False
    try:
        if not conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
            if not install or not conn.execute("SELECT 1 FROM pg_available_extensions"
                                               " WHERE name = 'postgis'").fetchone():
                return False
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        has_column = conn.execute("SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                                  " AND table_name = 'places' AND column_name = 'geog'").fetchone()
        if not has_column and not install:
            return False
        if not has_column:
            conn.execute("BEGIN")
            try:
                conn.execute("SELECT pg_advisory_xact_lock(7482913)")  # the migrations' lock
                for statement in POSTGIS_DDL:
                    conn.execute(statement)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return True
    except Exception:  # noqa: BLE001 - no privilege, a broken extension: the SQL filter still works
        return False
