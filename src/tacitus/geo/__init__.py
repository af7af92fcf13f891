"""Places: an offline gazetteer (GeoNames + curated regions in SQLite) and a geocoder.

    from tacitus.geo import get_geocoder
    geo = get_geocoder()
    geo.find("Drones hit Kharkov overnight.")        # -> [Mention(..., value=Place(...))]
    geo.geocode("near the village of X, Y district")  # -> [Place, ...], the main place first

Place data from GeoNames (https://www.geonames.org/), licensed CC BY 4.0.
"""
from __future__ import annotations

import os
import threading

from .gazetteer import Gazetteer, PlaceRow
from .resolver import DocumentPlaces, GeoContext, Geocoder

__all__ = ["DocumentPlaces", "Gazetteer", "GeoContext", "Geocoder", "PlaceRow", "get_geocoder"]

_lock = threading.Lock()
_instance: Geocoder | None = None
_instance_pid: int | None = None


def get_geocoder() -> Geocoder:
    """The process-wide geocoder (opens the gazetteer, building it first if missing)."""
    global _instance, _instance_pid
    with _lock:
        if _instance is None or _instance_pid != os.getpid():
            _instance = Geocoder(Gazetteer())
            _instance_pid = os.getpid()
        return _instance
