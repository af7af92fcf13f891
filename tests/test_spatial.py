"""The radius filter's geometry (tacitus.store.spatial); the store, CLI and API
tests use it on real ledgers."""
from __future__ import annotations

import pytest

from tacitus.store.spatial import Near, haversine_km, parse_near

KYIV = (50.4501, 30.5234)
LVIV = (49.8397, 24.0297)


def test_haversine_matches_a_known_distance():
    assert haversine_km(*KYIV, *LVIV) == pytest.approx(468.5, abs=2)
    assert haversine_km(*KYIV, *KYIV) == 0
    assert haversine_km(None, None, *KYIV) is None


def test_parse_near_reads_text_tuples_and_spaces():
    assert parse_near(" 50.45, 30.52 ,25") == Near(50.45, 30.52, 25.0)
    assert parse_near((50, 30, 5)) == Near(50.0, 30.0, 5.0)
    assert parse_near(None) is None and parse_near("") is None
    assert str(Near(50.45, 30.52, 25)) == "50.45,30.52,25"


@pytest.mark.parametrize("bad, says", [("50,30", "LAT,LON,KM"), ("a,b,c", "numbers"), ("-91,0,1", "latitude"),
                                       ("0,200,1", "longitude"), ("0,0,0", "radius"), ("0,0,nan", "radius")])
def test_parse_near_names_what_is_wrong(bad, says):
    with pytest.raises(ValueError, match=says):
        parse_near(bad)


@pytest.mark.parametrize("near", [Near(50.45, 30.52, 25), Near(-33.9, 18.4, 300), Near(69.0, 33.0, 800),
                                  Near(0.0, 0.0, 5000)])
def test_the_box_holds_every_point_of_the_circle(near):
    import math
    lat0, lat1, lon0, lon1 = near.box()
    for step in range(72):
        bearing = math.radians(step * 5)
        d = near.km / 6371.0088 * 0.999
        p1 = math.radians(near.lat)
        lat = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
        lon = math.radians(near.lon) + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p1),
                                                  math.cos(d) - math.sin(p1) * math.sin(lat))
        lat, lon = math.degrees(lat), (math.degrees(lon) + 540) % 360 - 180
        assert lat0 <= lat <= lat1 and lon0 <= lon <= lon1, (near, lat, lon)


def test_a_circle_over_the_antimeridian_or_a_pole_takes_every_longitude():
    assert Near(10.0, 179.5, 200).box()[2:] == (-180.0, 180.0)
    assert Near(89.5, 0.0, 100).box()[2:] == (-180.0, 180.0)
