"""Weapons vocabulary: names found, normalised to canonical weapons, spans right."""
import pytest

from tacitus.nlp.weapons import expand_leading, find_weapons, is_explosive, weapon_parent


def values(text: str) -> list[str]:
    return [m.value for m in find_weapons(text)]


@pytest.mark.parametrize("text, expected", [
    ("Moscow sent 48 Shahed-136 kamikaze drones toward Odesa", ["drone"]),
    ("two Geran-2 drones were downed near Kharkiv", ["drone"]),
    ("an FPV drone hit a pickup truck", ["fpv_drone"]),
    ("a Lancet loitering munition struck the howitzer", ["drone", "artillery"]),
    ("an Orlan-10 reconnaissance drone was spotted", ["recon_drone"]),
    ("sea drones damaged a landing ship", ["naval_drone"]),
    ("the army fired Iskander-M missiles", ["ballistic_missile"]),
    ("one Kinzhal and three Zircon missiles", ["hypersonic_missile", "hypersonic_missile"]),
    ("Kh-101, Kh-555 and Kalibr cruise missiles", ["cruise_missile"] * 3),
    ("Storm Shadow and SCALP missiles hit a headquarters", ["cruise_missile", "cruise_missile"]),
    ("ATACMS and Tochka-U launchers", ["ballistic_missile", "ballistic_missile"]),
    ("KAB glide bombs and a FAB-1500 guided aerial bomb", ["glide_bomb", "glide_bomb"]),
    ("Grad and HIMARS rocket launchers and 152mm howitzers", ["rocket", "rocket", "artillery"]),
    ("Su-34 warplanes and attack helicopters", ["aircraft", "aircraft"]),
    ("militants lobbed a hand grenade", ["grenade"]),
    ("a fighter fired a rocket-propelled grenade", ["rocket"]),
    ("the suicide bomber wore an explosive vest", ["suicide_bomb", "suicide_bomb"]),
    ("a suicide car bomb rammed the gate", ["suicide_bomb"]),
    ("a roadside bomb and an improvised explosive device", ["ied", "ied"]),
    ("the patrol drove over an anti-tank mine", ["landmine"]),
    ("inspectors found traces of sarin and chlorine gas", ["chemical", "chemical"]),
    ("police used tear gas and water cannon", ["riot_control", "riot_control"]),
    ("gunmen with assault rifles", ["firearm", "firearm"]),
])
def test_canonical_weapons(text, expected):
    got = values(text)
    assert got == expected


def test_tear_gas_is_not_a_chemical_weapon():
    assert "chemical" not in values("Riot police fired tear gas at the crowd")
    assert not is_explosive("riot_control")
    assert not is_explosive("firearm")
    assert is_explosive("glide_bomb")


def test_spans_point_into_the_text():
    text = "Overnight, 26 Shahed drones and three Iskander-M missiles were launched."
    for m in find_weapons(text):
        assert text[m.start:m.end] == m.text
        assert m.label == "weapon"


def test_name_and_class_noun_are_one_mention():
    text = "two Iskander-M ballistic missiles and 40 Shahed drones"
    got = [(m.text, m.value) for m in find_weapons(text)]
    assert got == [("Iskander-M ballistic missiles", "ballistic_missile"), ("Shahed drones", "drone")]


def test_longest_name_wins_at_one_position():
    assert values("a suicide car bomb") == ["suicide_bomb"]
    assert values("rocket-propelled grenades") == ["rocket"]


def test_no_false_weapons_in_plain_text():
    assert values("The minister visited a school and a fuel tank farm in March.") == []
    assert values("Graduates of the school met in Grad street") != ["rocket", "rocket"]


def test_parent_classes():
    assert weapon_parent("ballistic_missile") == "missile"
    assert weapon_parent("fpv_drone") == "drone"
    assert weapon_parent("grenade") is None


def test_expand_leading_group():
    assert expand_leading("(?:hand |stun )?grenades?") == ["hand grenades?", "stun grenades?", "grenades?"]
    assert expand_leading("drones?") == ["drones?"]
