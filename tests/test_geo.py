"""Tests for tacitus.geo: gazetteer build/load, matching, disambiguation, CLI.

The gazetteer is built once per session into a temporary directory (a few
seconds); every text here was written for these tests.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile

import pytest
from click.testing import CliRunner

from tacitus.geo import Gazetteer, Geocoder
from tacitus.geo.build import load_geonames
from tacitus.geo.text import name_key, skeleton


@pytest.fixture(scope="session")
def gaz_path():
    """The gazetteer every run uses (built on first use, like at run time)."""
    return Gazetteer().path


@pytest.fixture(scope="session")
def geo(gaz_path):
    return Geocoder(Gazetteer(gaz_path))


def first(geo, text, hint=None):
    places = geo.geocode(text, hint)
    assert places, f"no place in {text!r}"
    return places[0]


# ------------------------------------------------------------------ keys

def test_keys_fold_transliteration_variants():
    assert name_key("Svyatohirs’k") == name_key("Svyatohirs'k") == "svyatohirsk"
    assert name_key("St. Petersburg") == "saint petersburg"
    assert skeleton("Slavyansk") == skeleton("Sloviansk") == skeleton("Слов'янськ")
    assert skeleton("Krasnoarmeyskoye") == skeleton("Krasnoarmiiske")
    assert skeleton("Gorlovka") == skeleton("Horlivka")
    assert skeleton("Kharkiv") != skeleton("Kherson")


# -------------------------------------------------------------- gazetteer

def test_build_is_compact_and_opens_with_regions(gaz_path):
    assert gaz_path.stat().st_size < 25_000_000
    g = Gazetteer(gaz_path, build_if_missing=False)
    info = g.info()
    assert info["places"]["admin1"] >= 110
    assert "GeoNames" in info["source"]
    assert g.country("UA").name == "Ukraine"


def test_load_extends_from_a_geonames_dump(gaz_path, tmp_path, geo):
    db = tmp_path / "g.sqlite"
    shutil.copy(gaz_path, db)
    rows = [
        # id, name, ascii, alternates, lat, lon, class, code, cc, cc2, admin1, a2, a3, a4, pop, elev, dem, tz, date
        ["990001", "Verbivka-Druha", "Verbivka-Druha", "Verbovka Vtoraya,Вербівка Друга", "48.41", "37.93",
         "P", "PPL", "UA", "", "05", "", "", "", "0", "", "180", "Europe/Kyiv", "2024-01-01"],
        ["990002", "Stepove Airfield", "Stepove Airfield", "", "47.10", "35.20",
         "S", "AIRF", "UA", "", "26", "", "", "", "0", "", "60", "Europe/Kyiv", "2024-01-01"],
        ["990003", "Kholmy Lake", "Kholmy Lake", "", "47.0", "35.0",
         "H", "LK", "UA", "", "26", "", "", "", "0", "", "60", "Europe/Kyiv", "2024-01-01"],
    ]
    dump = tmp_path / "UA.zip"
    with zipfile.ZipFile(dump, "w") as zf:
        zf.writestr("UA.txt", "".join("\t".join(r) + "\n" for r in rows))
    assert load_geonames(db, dump) == 2  # the lake is not kept
    g = Geocoder(Gazetteer(db, build_if_missing=False))
    p = first(g, "Shelling was reported near the village of Verbovka Vtoraya.", "UA")
    assert (p.gazetteer_id, p.admin1, p.precision) == ("geonames:990001", "Donetsk Oblast", "city")
    assert first(g, "a strike on Stepove Airfield", "UA").precision == "facility"
    before = geo.geocode("near the village of Verbovka Vtoraya", "UA")
    assert all(q.gazetteer_id != "geonames:990001" for q in before)


def test_load_rejects_a_file_that_is_not_geonames(gaz_path, tmp_path):
    db = tmp_path / "g.sqlite"
    shutil.copy(gaz_path, db)
    bad = tmp_path / "bad.txt"
    bad.write_text("name,lat,lon\nFoo,1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="GeoNames columns"):
        load_geonames(db, bad)


# --------------------------------------------------------------- matching

@pytest.mark.parametrize("a,b", [
    ("Kiev", "Kyiv"), ("Kharkov", "Kharkiv"), ("Dnepr", "Dnipro"), ("Dnipropetrovsk", "Dnipro"),
    ("Odessa", "Odesa"), ("Artemovsk", "Bakhmut"), ("Krasnoarmeysk", "Pokrovsk"),
    ("Svyatohirs'k", "Sviatohirsk"), ("Gorlovka", "Horlivka"),
])
def test_alternate_names_resolve_to_one_place(geo, a, b):
    pa = first(geo, f"Artillery fire hit {a} on Tuesday.", "UA")
    pb = first(geo, f"Artillery fire hit {b} on Tuesday.", "UA")
    assert pa.gazetteer_id == pb.gazetteer_id
    assert pa.country == "UA" and pa.precision == "city"


@pytest.mark.parametrize("text,name,country", [
    ("Air defence units were active over the Belgorod Region.", "Belgorod Oblast", "RU"),
    ("Officials in Belgorodskaya oblast reported damage.", "Belgorod Oblast", "RU"),
    ("A drone fell in Kursk Oblast, the governor wrote.", "Kursk Oblast", "RU"),
    ("Fires broke out in Krasnodar Krai after the attack.", "Krasnodar Krai", "RU"),
    ("A plant in the Republic of Bashkortostan was struck.", "Bashkortostan", "RU"),
    ("Explosions were heard across Crimea overnight.", "Crimea", "UA"),
    ("Power cuts hit Kiev Oblast on Sunday.", "Kyiv Oblast", "UA"),
    ("Two villages in Dnipropetrovsk region were shelled.", "Dnipropetrovsk Oblast", "UA"),
    ("Донецька область знову під обстрілом", "Donetsk Oblast", "UA"),
])
def test_region_forms(geo, text, name, country):
    p = first(geo, text)
    assert (p.name, p.country, p.precision) == (name, country, "admin1")
    assert p.gazetteer_id.startswith("iso3166-2:")


def test_district_of_region_puts_the_district_first(geo):
    p = first(geo, "Shelling hit the Volnovakha district of Donetsk region.", "UA")
    assert (p.name, p.precision, p.admin1) == ("Volnovakha", "district", "Donetsk Oblast")
    p = first(geo, "near Nikolske, Shakhtar district, Donetsk region", "UA")
    assert p.admin1 == "Donetsk Oblast" and p.precision in ("city", "district")


def test_village_near_town_comes_first_and_stays_near_it(geo):
    places = geo.geocode("fighting near the village of Andreevka near Slavyansk", "UA")
    assert places[0].text == "Andreevka" and places[1].name == "Slovyansk"
    assert abs(places[0].lat - places[1].lat) < 0.3 and abs(places[0].lon - places[1].lon) < 0.3


def test_russian_style_endings_find_ukrainian_names(geo):
    p = first(geo, "in the village of Krasnogorovka, Donetsk region", "UA")
    assert p.name == "Krasnohorivka" and p.admin1 == "Donetsk Oblast"
    p = first(geo, "the Slavyansky district", "UA")
    assert p.name == "Slovyansk" and p.precision == "district"


def test_directions_and_facilities(geo):
    p = first(geo, "Heavy fighting continued in the Krasnoliman direction.", "UA")
    assert p.name == "Lyman" and p.country == "UA"
    p = first(geo, "A missile hit Kramatorsk airport before dawn.", "UA")
    assert (p.precision, p.text) == ("facility", "Kramatorsk airport")
    p = first(geo, "Flights were halted at Sheremetyevo airport.")
    assert p.country == "RU" and p.precision == "facility"


def test_seas(geo):
    p = first(geo, "Drones were downed over the Black Sea.")
    assert p.name == "Black Sea" and 40 < p.lat < 47


# ---------------------------------------------------------- disambiguation

@pytest.mark.parametrize("text,country,admin1", [
    ("A blast shook St. Petersburg on Friday.", "RU", "Saint Petersburg City"),
    ("A storm hit St. Petersburg, Florida.", "US", "Florida"),
    ("The port of Odessa was attacked again.", "UA", "Odesa Oblast"),
    ("Oil prices rose in Odessa, Texas.", "US", "Texas"),
    ("Sirens sounded in Moscow.", "RU", "Moscow City"),
    ("The university in Moscow, Idaho, closed.", "US", "Idaho"),
    ("Troops pushed toward Pokrovsk in Donetsk region.", "UA", "Donetsk Oblast"),
    ("Gold miners near Pokrovsk in Yakutia went on strike.", "RU", "Yakutia"),
])
def test_namesakes(geo, text, country, admin1):
    p = first(geo, text)
    assert (p.country, p.admin1) == (country, admin1)


def test_context_finds_countries_regions_and_focus(geo):
    text = ("Russian forces shelled Kupiansk in the Kharkiv region, Ukrainian officials said. "
            "Ukraine's air force said it downed 40 drones.")
    ctx = geo.context(text)
    assert ctx.focus == "UA"
    assert "Kharkiv Oblast" in ctx.admin1s
    assert ctx.countries["RU"] >= 1


def test_ordinary_words_are_not_places(geo):
    text = ("Police in the city said Many residents were Reading the notice. Victoria, a nurse, "
            "said the Mobile clinic was Of no use. Hope remains.")
    assert geo.find(text) == []


def test_find_gives_offsets_and_full_places(geo):
    text = "Overnight, drones hit Moscow and St Petersburg, while a missile struck Dnipro."
    ms = geo.find(text)
    assert [m.text for m in ms] == ["Moscow", "St Petersburg", "Dnipro"]
    for m in ms:
        assert text[m.start:m.end] == m.text and m.label == "place"
        p = m.value
        assert p.lat is not None and p.gazetteer_id.startswith("geonames:") and p.admin1
    assert [m.value.country for m in ms] == ["RU", "RU", "UA"]


def test_seed_style_report_places(geo):
    text = ("The delegations met in Istanbul on Thursday, Turkey's foreign ministry said, "
            "a day after strikes on Dnipro.")
    names = {(p.name, p.country) for p in geo.geocode(text)}
    assert {("Istanbul", "TR"), ("Turkey", "TR"), ("Dnipro", "UA")} <= names


def test_no_place_falls_back_to_hint_country(geo):
    p = first(geo, "along the line of contact", "UA")
    assert (p.precision, p.country) == ("country", "UA")
    assert geo.geocode("along the line of contact") == []


# ---------------------------------------------------------------------- CLI

def test_cli_geocode_jsonl_and_errors(gaz_path, monkeypatch, tmp_path):
    import tacitus.geo as geo_pkg
    from tacitus.cli.geo import geocode

    monkeypatch.setenv("TACITUS_GAZETTEER", str(gaz_path))
    monkeypatch.setattr(geo_pkg, "_instance", None)
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "r1", "text": "Shelling near Kharkov", "country_hint": "UA"}) + "\n"
                   + "Explosions in Belgorod overnight\n", encoding="utf-8")
    res = CliRunner().invoke(geocode, [str(src), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.output.splitlines()]
    assert lines[0]["id"] == "r1" and lines[0]["places"][0]["name"] == "Kharkiv"
    assert lines[1]["places"][0]["country"] == "RU"
    res = CliRunner().invoke(geocode, [str(tmp_path / "missing.jsonl")])
    assert res.exit_code == 1 and "missing.jsonl: no such file" in res.output
    assert "Traceback" not in res.output


def test_gazetteer_is_read_only_at_run_time(gaz_path):
    g = Gazetteer(gaz_path, build_if_missing=False)
    with pytest.raises(sqlite3.OperationalError):
        g._con.execute("DELETE FROM places")


def test_coordinates_in_text_come_first(geo):
    p = first(geo, "Footage geolocated to Bilohorivka, 48.9312, 38.2475, shows the crossing.", "UA")
    assert (p.lat, p.lon, p.precision, p.country) == (48.9312, 38.2475, "facility", "UA")
    assert geo.geocode("Version 2.1234 of the app, 3.4567 downloads") == []


def test_adjective_compounds_are_not_places(geo):
    names = [p.name for p in geo.geocode("the Kyiv-controlled port of Mariupol", "UA")]
    assert names == ["Mariupol"]


def test_capital_after_a_comma_names_the_region(geo):
    places = geo.geocode("Shelling damaged houses in Kurakhove, Donetsk.", "UA")
    assert places[0].name == "Kurakhove"
    assert [p.name for p in places[1:]] == ["Donetsk Oblast"]
    # the capital alone stays the city
    assert first(geo, "Shelling damaged houses in Donetsk.", "UA").precision == "city"


def test_fuzzy_match_far_from_the_other_places_is_dropped(geo):
    # no "Krest" in the gazetteer; its fuzzy namesakes (Korosten...) lie far from Izium
    assert geo.geocode("the Krest checkpoint", "UA")[0].name != "Izyum"
    places = geo.geocode("the Krest checkpoint near Izium", "UA")
    assert [p.name for p in places] == ["Izyum"]


def test_cli_gazetteer_info_and_load(gaz_path, tmp_path):
    from tacitus.cli.geo import gazetteer

    db = tmp_path / "g.sqlite"
    shutil.copy(gaz_path, db)
    res = CliRunner().invoke(gazetteer, ["info", "--path", str(db)])
    assert res.exit_code == 0 and "CC BY 4.0" in res.output
    dump = tmp_path / "cities.txt"
    dump.write_text("\t".join(["990010", "Tykhyi Yar", "Tykhyi Yar", "", "47.9", "36.1", "P", "PPL",
                               "UA", "", "26", "", "", "", "120", "", "70", "Europe/Kyiv",
                               "2024-01-01"]) + "\n", encoding="utf-8")
    res = CliRunner().invoke(gazetteer, ["load", str(dump), "--path", str(db)])
    assert res.exit_code == 0 and "loaded 1 places" in res.output
    bad = tmp_path / "bad.txt"
    bad.write_text("just,a,csv\n", encoding="utf-8")
    res = CliRunner().invoke(gazetteer, ["load", str(bad), "--path", str(db)])
    assert res.exit_code == 1 and res.output.startswith("error: ") and "Traceback" not in res.output


def test_areas_report_no_admin1(geo):
    p = first(geo, "Shelling continued across the Donbas.", "UA")
    assert (p.name, p.country, p.admin1) == ("Donbas", "UA", None)


def test_people_demonyms_and_sentence_openers_are_not_places(geo):
    text = ("On Friday, President Volodymyr Zelensky said Ukrainian forces had hit targets "
            "in Russia. On Saturday the Kremlin said Russian air defences had downed 30 drones "
            "over the Moscow region, and the mayor said flights at St. Petersburg were halted.")
    mentions, ctx = geo.find_document(text)
    got = [(m.text, m.value.name, m.value.country) for m in mentions]
    assert got == [("Russia", "Russia", "RU"), ("Moscow region", "Moscow Oblast", "RU"),
                   ("St. Petersburg", "Saint Petersburg", "RU")]
    assert ctx.focus == "RU" and ctx.countries["UA"] >= 1


def test_a_region_named_far_away_in_a_report_does_not_remove_a_city(geo):
    text = ("Drones were shot down over the Belgorod region early on Monday, officials said. " * 4
            + "Later, explosions were heard in Moscow.")
    assert [m.value.country for m in geo.find_document(text)[0]][-1] == "RU"


def test_names_after_titles_are_people(geo):
    text = "Regional Governor Roman Starikov said a drone hit a depot near Roman, Romania."
    got = [m.text for m in geo.find(text)]
    assert got == ["Roman", "Romania"] and geo.find(text)[0].start > 40


def test_clear_caches_forgets_lookups_and_changes_no_answer(geo):
    text = "Drones struck Bilhorod-Dnistrovskyi and a village near Pavlohrad overnight."
    before = [(p.name, p.lat, p.lon) for p in geo.geocode(text)]
    assert [p[0] for p in before] == ["Bilhorod-Dnistrovskyi", "Pavlohrad"]
    assert geo.gaz.exact.cache_info().currsize > 0
    geo.clear_caches()
    assert geo.gaz.exact.cache_info().currsize == 0
    assert type(geo)._exact_candidates.cache_info().currsize == 0
    assert [(p.name, p.lat, p.lon) for p in geo.geocode(text)] == before


def test_a_village_near_a_town_is_not_a_village_named_after_it(geo):
    place = first(geo, "Shelling damaged houses in a village near Pavlohrad.")
    assert (place.name, place.admin1, place.precision) == ("Pavlohrad", "Dnipropetrovsk Oblast", "city")
    said = first(geo, "Shelling damaged houses in the village of Pavlohrad.")
    assert said.name == "Pavlohrad"


def test_a_compound_own_name_beats_a_city_listing_it_as_an_alternate(geo):
    place = first(geo, "A missile hit the port of Bilhorod-Dnistrovskyi overnight.")
    assert (place.name, place.country) == ("Bilhorod-Dnistrovskyi", "UA")
