"""Tests of actor recognition and normalisation (tacitus.nlp.actors)."""

import pytest

from tacitus.model import Actor
from tacitus.nlp.actors import canonical_actor, country_of_place, find_actors


def actors(text, **kw):
    return [(m.text, m.value.name, m.value.country, m.value.kind) for m in find_actors(text, **kw)]


@pytest.mark.parametrize("text", [
    "Russia's Defense Ministry said its units downed 27 drones.",
    "Russia\u2019s Defence Ministry said its units downed 27 drones.",
    "the Russian Defence Ministry said on Saturday",
    "the Ministry of Defense of Russia reported",
    "the Russian MoD said in its daily briefing",
])
def test_defence_ministry_variants_normalise(text):
    found = find_actors(text)
    assert [m.value for m in found] == [Actor("Russian Ministry of Defence", "RU", "ministry")]


def test_ministries_of_other_countries():
    assert actors("Israel's Foreign Ministry condemned it")[0][1:] == ("Israeli Foreign Ministry", "IL", "ministry")
    assert actors("the Ukrainian Defence Ministry said")[0][1:] == ("Ukrainian Ministry of Defence", "UA", "ministry")
    assert actors("the Ministry of Health in Gaza said")[0][1:3] == ("Gaza Health Ministry", "PS")


def test_states_adjectives_people_and_metonyms():
    got = actors("Moscow accused Kyiv; Ukrainian drones hit Russia, Russians said.")
    assert got == [
        ("Moscow", "Russia", "RU", "metonym"), ("Kyiv", "Ukraine", "UA", "metonym"),
        ("Ukrainian", "Ukraine", "UA", "state"), ("Russia", "Russia", "RU", "state"),
        ("Russians", "Russia", "RU", "people"),
    ]
    assert actors("Kiev")[0][2] == "UA"


def test_armed_forces_compose_with_country():
    assert actors("Ukraine's armed forces struck")[0][1:] == ("Ukrainian Armed Forces", "UA", "military")
    assert actors("the Russian army advanced")[0][1:] == ("Russian Armed Forces", "RU", "military")
    assert actors("Russian air defenses engaged")[0][1:] == ("Russian Air Defence Forces", "RU", "military")
    assert actors("the Ukrainian General Staff said")[0][1:] == ("Ukrainian General Staff", "UA", "military")
    assert actors("according to Ukraine's air force")[0][1:] == ("Ukrainian Air Force", "UA", "military")


@pytest.mark.parametrize("text,name,cc", [
    ("the Israel Defense Forces said", "Israel Defense Forces", "IL"),
    ("an IDF statement", "Israel Defense Forces", "IL"),
    ("Hezbollah fired rockets", "Hezbollah", "LB"),
    ("Yemen's Houthis claimed", "Houthis", "YE"),
    ("the paramilitary Rapid Support Forces shelled", "Rapid Support Forces", "SD"),
    ("RSF fighters", "Rapid Support Forces", "SD"),
    ("the SAF said", "Sudanese Armed Forces", "SD"),
    ("al-Shabab militants", "al-Shabaab", "SO"),
    ("JNIM claimed the ambush", "JNIM", "ML"),
    ("the Tatmadaw bombed", "Tatmadaw", "MM"),
    ("M23 rebels seized", "M23", "CD"),
    ("Wagner mercenaries", "Wagner Group", "RU"),
    ("the Kremlin said", "Kremlin", "RU"),
])
def test_named_groups(text, name, cc):
    got = actors(text)
    assert len(got) == 1 and got[0][1:3] == (name, cc)


def test_lowercase_acronym_is_not_a_group():
    assert actors("they were saf and sound") == []


@pytest.mark.parametrize("text,span,name,cc", [
    ("Moscow's mayor Sergei Sobyanin said", "Moscow's mayor Sergei Sobyanin", "Sergei Sobyanin", "RU"),
    ("Moscow Mayor Sergei Sobyanin wrote", "Moscow Mayor Sergei Sobyanin", "Sergei Sobyanin", "RU"),
    ("Ukrainian President Volodymyr Zelenskyy said", "Ukrainian President Volodymyr Zelenskyy", "Volodymyr Zelensky", "UA"),
    ("US President Donald Trump said", "US President Donald Trump", "Donald Trump", "US"),
    ("Kremlin spokesman Dmitry Peskov told reporters", "Kremlin spokesman Dmitry Peskov", "Dmitry Peskov", "RU"),
    ("Belgorod Governor Vyacheslav Gladkov said", "Belgorod Governor Vyacheslav Gladkov", "Vyacheslav Gladkov", "RU"),
    ("Kharkiv\u2019s regional governor Oleh Syniehubov said", "Kharkiv\u2019s regional governor Oleh Syniehubov",
     "Oleh Syniehubov", "UA"),
    # unknown person: country from the place before the title
    ("Poltava regional governor Ivan Petrenko said on Friday", "Poltava regional governor Ivan Petrenko",
     "Ivan Petrenko", "UA"),
    ("Darfur governor Musa Adam said", "Darfur governor Musa Adam", "Musa Adam", "SD"),
])
def test_officials_by_title_and_name(text, span, name, cc):
    found = find_actors(text)
    assert [(m.text, m.value.name, m.value.country, m.value.kind) for m in found] == [(span, name, cc, "official")]


def test_officials_without_names():
    assert actors("said the governor of the Kursk region")[0][1:] == ("Kursk governor", "RU", "official")
    got = actors("the head of the regional military administration said")
    assert got[0][2:] == ("UA", "official")


def test_surname_alone_and_spelling_variants():
    assert actors("Zelenskiy said")[0][1:3] == ("Volodymyr Zelensky", "UA")
    assert actors("Sobyanin wrote on Telegram")[0][1:3] == ("Sergei Sobyanin", "RU")


def test_place_country_callback_is_used():
    def gaz(name):
        return {"Smallville": "UA"}.get(name)
    assert actors("Smallville mayor Anna Kovalenko said", place_country=gaz)[0][1:3] == ("Anna Kovalenko", "UA")
    assert actors("Smallville mayor Anna Kovalenko said")[0][2] is None
    assert country_of_place("Kharkiv") == "UA" and country_of_place("Russian") == "RU"


def test_bare_body_after_the_is_kept_for_anaphora():
    got = actors("The ministry said it was investigating.")
    assert got == [("ministry", "ministry", None, "ministry")]


def test_canonical_actor():
    assert canonical_actor("Russia's MoD") == Actor("Russian Ministry of Defence", "RU", "ministry")
    assert canonical_actor("the Kremlin").country == "RU"
    assert canonical_actor("Zelenskyy").name == "Volodymyr Zelensky"
    assert canonical_actor("Russia said") is None
    assert canonical_actor("Acme Corp") is None

def test_military_intelligence_composes():
    assert actors("Ukraine's military intelligence said")[0][1:3] == ("Ukrainian Military Intelligence", "UA")
