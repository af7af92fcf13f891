"""Charts: daily figures per claimant and incidents per region, drawn to PNG from rows written here."""
from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("matplotlib")

from tacitus.plot import daily_series, region_of, regions, timeline  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def _row(claimant, day, value, unit="drone", role="intercepted", end=None):
    return {"claimant": claimant, "claimant_country": "RU" if "Ministry" in claimant else "UA",
            "date": day, "date_end": end or day, "value": value, "unit": unit, "role": role,
            "outlet": "Wire", "reported_by": []}


ROWS = [
    _row("Russian Ministry of Defence", "2025-10-07", 40, end="2025-10-08"),
    _row("Russian Ministry of Defence", "2025-10-08", 40),          # the same figure in another report
    _row("Russian Ministry of Defence", "2025-10-07", 17, end="2025-10-08"),  # a part of the 40
    _row("Vyacheslav Gladkov", "2025-10-07", 21, end="2025-10-08"),
    _row("Ukrainian Air Force", "2025-10-07", 78, end="2025-10-08"),
    _row("Ukrainian Air Force", "2025-10-07", 3, unit="missile", end="2025-10-08"),
    _row("Ukrainian Air Force", "2025-10-09", 51, end="2025-10-10"),
]


def test_daily_series_counts_repeats_and_parts_once_and_sums_units():
    s = daily_series(ROWS)
    assert s["Russian Ministry of Defence"] == {date(2025, 10, 8): 40}
    assert s["Ukrainian Air Force"] == {date(2025, 10, 8): 81, date(2025, 10, 10): 51}
    assert set(daily_series(ROWS, by="country")) == {"RU", "UA"}


def test_timeline_png(tmp_path):
    out = tmp_path / "chart.png"
    assert timeline(ROWS, role="intercepted", by="claimant", output=str(out)) == 3
    data = out.read_bytes()
    assert data.startswith(PNG) and len(data) > 10_000
    assert timeline(ROWS, role="intercepted", output=str(tmp_path / "top.png"), top=1) == 1


def test_timeline_without_rows_still_draws(tmp_path):
    out = tmp_path / "empty.png"
    assert timeline([], role="killed", output=str(out)) == 0
    assert out.read_bytes().startswith(PNG)


def test_regions_png(tmp_path):
    incs = [{"level": "place", "place": "Belgorod", "admin1": "Belgorod Oblast", "country": "RU", "contested": 1},
            {"level": "region", "place": "Kursk Oblast", "admin1": "Kursk Oblast", "country": "RU", "contested": 0},
            {"level": "place", "place": "Lviv", "admin1": "Lviv Oblast", "country": "UA", "contested": 0},
            {"level": "country", "place": "Russia", "admin1": None, "country": "RU", "contested": 1},
            {"level": "none", "place": "", "admin1": None, "country": "", "contested": 0}]
    assert region_of(incs[0]) == "Belgorod Oblast (RU)" and region_of(incs[3]) == "Russia (country-wide)"
    assert region_of(incs[4]) == ""
    out = tmp_path / "regions.png"
    assert regions(incs, output=str(out)) == 4  # the incident without a place is left out
    assert out.read_bytes().startswith(PNG)
