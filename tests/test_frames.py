"""Event frames from whole reports written for these tests: roles, sides,
places, times, merging of repeated mentions and the document-context rules."""
from datetime import date

import pytest

from tacitus.extract.frames import FrameBuilder, places_agree
from tacitus.model import Place, RawDocument
from tacitus.pipeline import get_pipeline


def extract(text: str, published=date(2025, 9, 12), outlet=None):
    raw = RawDocument(source="t.txt", text=text, published=published, outlet=outlet)
    return get_pipeline().process(raw).events


def of_type(events, type_):
    return [e for e in events if e.type == type_]


def test_background_clause_makes_no_event():
    events = extract("Air defences shot down 40 Ukrainian drones over the Belgorod region overnight, "
                     "the ministry said, as peace talks between the two sides stalled.")
    assert [e.type for e in events] == ["interception"]
    assert events[0].quantities[0].value == 40
    assert all(p.country == "RU" for p in events[0].places)


def test_headline_event_merges_with_the_paragraph_below():
    text = ("Drones strike Odesa port\n\n"
            "Russian drones struck the port of Odesa overnight, damaging two grain silos, "
            "regional governor Oleh Kiper said.")
    attacks = of_type(extract(text), "attack")
    assert len(attacks) == 1
    ev = attacks[0]
    assert ev.evidence.text.startswith("Russian drones struck")
    assert ev.attacker.country == "RU" and ev.target.country == "UA"
    assert [p.name for p in ev.places][:1] == ["Odesa"]


def test_weak_trigger_counts_only_in_a_report_about_strikes():
    strikes = ("Ukrainian drones attacked the Kursk region overnight, the Russian Defence Ministry said. "
               "A power substation in the city of Kursk was targeted, the governor said.")
    attacks = of_type(extract(strikes), "attack")
    assert any(p.name == "Kursk" and p.precision == "city" for e in attacks for p in e.places)
    assert all("drone" in e.weapons for e in attacks)
    quiet = "A local charity was targeted by a social media campaign in Kursk, volunteers said."
    assert of_type(extract(quiet), "attack") == []


def test_flight_disruption_in_a_strike_report():
    text = ("Ukrainian drones targeted Moscow overnight, Mayor Sergei Sobyanin said. "
            "Flights at the city's Vnukovo airport were suspended for three hours.")
    disruptions = of_type(extract(text), "disruption")
    assert len(disruptions) == 1


def test_dateline_place_and_date_are_not_the_event():
    text = ("KHARTOUM, Sept 12 (Reuters) - Artillery shells fired by the Rapid Support Forces "
            "killed at least nine people in El Fasher on Wednesday, a local medical group said.")
    attacks = of_type(extract(text, published=date(2025, 9, 12)), "attack")
    assert attacks, "the shelling is an attack"
    ev = attacks[0]
    assert [p.name for p in ev.places] == ["El Fasher"]
    assert ev.time.start == date(2025, 9, 10)
    assert ev.quantities[0].role == "killed" and ev.quantities[0].qualifier == "at_least"


def test_parts_per_region_without_a_total_in_the_sentence():
    text = ("The Defence Ministry said air defences destroyed 57 Ukrainian drones overnight. "
            "Of them, 21 were shot down over the Bryansk region and 14 over the Oryol region.")
    inter = of_type(extract(text), "interception")
    by_value = {q.value: e for e in inter for q in e.quantities}
    assert {57, 21, 14} <= set(by_value)
    assert [p.name for p in by_value[21].places] == ["Bryansk Oblast"]
    assert [p.name for p in by_value[14].places] == ["Oryol Oblast"]
    assert not any(q.value == 57 for q in by_value[21].quantities)   # totals never summed into parts


def test_possessive_place_is_not_the_attacker():
    text = ("Ukrainian drones hit an oil depot in Russia's Tambov region overnight. "
            "Russia's Tambov targeted again; train services halted")
    for ev in of_type(extract(text), "attack"):
        assert ev.attacker is None or ev.attacker.country == "UA"


def test_interception_without_a_place_is_over_the_defending_country():
    text = "Russia's Defence Ministry said its air defences downed 75 Ukrainian drones overnight."
    ev = of_type(extract(text), "interception")[0]
    assert ev.attacker.country == "UA"
    assert [(p.precision, p.country) for p in ev.places] == [("country", "RU")]


def _place(name, precision, country="UA", admin1=None, gid=None):
    return Place(text=name, name=name, country=country, admin1=admin1, precision=precision, gazetteer_id=gid)


@pytest.mark.parametrize("a, b, agree", [
    ([_place("Kharkiv", "city", gid="g1")], [_place("Kharkiv", "city", gid="g1")], True),
    ([_place("Kharkiv", "city", gid="g1")], [_place("Odesa", "city", gid="g2")], False),
    ([_place("Kharkiv", "city", admin1="Kharkiv Oblast")], [_place("Kharkiv Oblast", "admin1")], True),
    ([_place("Odesa", "city", admin1="Odesa Oblast")], [_place("Kharkiv Oblast", "admin1")], False),
    ([_place("Kharkiv", "city")], [_place("Ukraine", "country")], True),
    ([_place("Kursk", "city", country="RU")], [_place("Ukraine", "country")], False),
])
def test_places_agree(a, b, agree):
    assert places_agree(a, b) is agree
    assert places_agree(b, a) is agree


def test_background_spans():
    s = "Troops shelled the town, amid a stalled ceasefire, and then withdrew."
    spans = FrameBuilder.background_spans(s)
    assert any(s[a:b].strip(", ").startswith("amid a stalled ceasefire") for a, b in spans)
