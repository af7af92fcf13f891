"""Russian and Ukrainian reports end to end: event types, per-region parts and
totals, quantities, sides, places in English, claimants in English with their
native form, evidence in the original language. Every report here is written
for these tests, modelled on the ministry's, the air force's and governors' posts."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tacitus.extract.classify import classify
from tacitus.extract.quantities import quantities
from tacitus.model import RawDocument
from tacitus.nlp.actors import find_actors
from tacitus.nlp.inflect import phrase_forms
from tacitus.nlp.numbers import find_numbers
from tacitus.nlp.translit import transliterate
from tacitus.nlp.weapons import find_weapons
from tacitus.pipeline import process
from tacitus.read import iter_inputs

FIX = Path(__file__).parent / "fixtures" / "telegram"


def events(text: str, published: str = "2025-10-20", outlet: str | None = None):
    raw = RawDocument(source="test", text=text, published=date.fromisoformat(published), outlet=outlet)
    return process(raw).events


def summary(ev) -> tuple:
    """(type, place names, (role, value) of each quantity)."""
    return (ev.type, [p.name for p in ev.places], [(q.role, q.value) for q in ev.quantities])


# -- vocabularies per language -------------------------------------------------

def test_triggers_by_language():
    assert [h.type for h in classify("Дежурными средствами ПВО сбиты три беспилотника.", "ru")] == ["interception"]
    assert [h.type for h in classify("Противник атакував 40 ударними БпЛА.", "uk")] == ["attack"]
    assert [h.type for h in classify("Подразделения «Центра» освободили населенный пункт Лозовое.", "ru")] == ["territory"]
    assert [h.type for h in classify("Росавиация ввела временные ограничения в аэропорту Сочи.", "ru")] == ["disruption"]
    # a tank destroyed by artillery is an attack, drones destroyed in the sky an interception
    assert [h.type for h in classify("Артиллерией уничтожены танк и два бронетранспортера.", "ru")] == ["attack"]
    assert [h.type for h in classify("Над Тульской областью уничтожены пять беспилотников.", "ru")] == ["interception"]
    # English is read with the English lexicon, as before
    assert classify("Дежурными средствами ПВО сбиты три беспилотника.") == []


@pytest.mark.parametrize("text, language, expected", [
    ("ударили ракетами «Искандер-М» и крылатыми ракетами Х-101", "ru", ["ballistic_missile", "cruise_missile"]),
    ("атакував ударними БпЛА типу Shahed і керованими авіабомбами", "uk", ["drone", "drone", "glide_bomb"]),
    # a class noun and the name after it are one mention: "РСЗО HIMARS", "ракеты ATACMS"
    ("залп РСЗО HIMARS и ракеты ATACMS", "ru", ["rocket", "ballistic_missile"]),
    ("двома КАБ і ракетою «Кинджал»", "uk", ["glide_bomb", "hypersonic_missile"]),
])
def test_weapons_by_language(text, language, expected):
    assert [m.value for m in find_weapons(text, language=language)] == expected


def test_actors_in_any_case_named_in_english():
    found = find_actors("Об этом сообщило Министерство обороны Российской Федерации.", language="ru")
    assert [(a.value.name, a.value.country) for a in found] == [("Russian Ministry of Defence", "RU")]
    found = find_actors("як повідомили в Повітряних силах ЗСУ", language="uk")
    assert [(a.value.name, a.value.country) for a in found] == [("Ukrainian Air Force", "UA")]
    found = find_actors("сообщил губернатор Белгородской области Вячеслав Гладков", language="ru")
    assert [(a.value.name, a.value.country, a.value.kind) for a in found] == [("Vyacheslav Gladkov", "RU", "official")]
    # a name the vocabulary does not know: brought to the nominative, spelt in Latin letters
    found = find_actors("за словами голови Полтавської ОВА Івана Петренка", language="uk")
    assert [a.value.name for a in found] == ["Ivan Petrenko"]


def test_inflected_forms_and_transliteration():
    assert "воздушных сил" in phrase_forms("Воздушные силы", "ru")
    assert "министерством обороны" in phrase_forms("Министерство обороны", "ru")
    assert "миколи лукашука" in phrase_forms("Микола Лукашук", "uk", "name")
    assert transliterate("Олег Синєгубов", "uk") == "Oleh Syniehubov"
    assert transliterate("Дмитрий Евсеев", "ru") == "Dmitry Yevseyev"


def test_quantities_in_free_word_order():
    def qs(text, language, event_type):
        return [(q.role, q.value, q.unit) for q in quantities(text, find_numbers(text, language), event_type,
                                                              language=language)]
    assert qs("уничтожены 14 украинских беспилотников", "ru", "interception") == [("intercepted", 14, "drone")]
    assert qs("два беспилотных летательных аппарата были перехвачены", "ru", "interception") == \
        [("intercepted", 2, "drone")]
    assert qs("погиб один человек, еще девять ранены", "ru", "attack") == \
        [("killed", 1, "person"), ("injured", 9, "person")]
    assert qs("сили ППО знищили 9 з 12 шахедів", "uk", "interception") == \
        [("intercepted", 9, "drone"), ("launched", 12, "drone")]
    # a weapon in the singular with a singular verb is one
    assert qs("украинский беспилотный летательный аппарат уничтожен", "ru", "interception") == \
        [("intercepted", 1, "drone")]
    # a figure of something else counts no one
    assert qs("зафіксовано 40 обстрілів, троє людей постраждали", "uk", "attack") == [("injured", 3, "person")]


# -- the ministry's tallies ----------------------------------------------------

def test_ministry_tally_total_and_parts_on_one_line():
    evs = events("В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены тридцать два "
                 "украинских беспилотных летательных аппарата: семнадцать – над территорией Курской области, "
                 "девять – над территорией Белгородской области, шесть – над территорией Орловской области.",
                 outlet="Минобороны России (Telegram)")
    assert [summary(e) for e in evs] == [
        ("interception", ["Russia"], [("intercepted", 32)]),
        ("interception", ["Kursk Oblast"], [("intercepted", 17)]),
        ("interception", ["Belgorod Oblast"], [("intercepted", 9)]),
        ("interception", ["Oryol Oblast"], [("intercepted", 6)]),
    ]
    for e in evs:
        assert (e.time.start, e.time.end) == (date(2025, 10, 19), date(2025, 10, 20))
        assert e.attacker.country == "UA" and e.target.country == "RU"
        # the ministry's own channel is the claimant
        assert (e.claim.claimant, e.claim.claimant_country) == ("Russian Ministry of Defence", "RU")
        assert e.weapons == ["drone"]
    assert evs[1].evidence.text.startswith("В течение прошедшей ночи")


def test_ministry_tally_each_region_gets_the_distributive_figure():
    evs = events("С 14.00 до 16.30 мск дежурными средствами ПВО уничтожены 23 украинских беспилотника самолетного "
                 "типа: по 11 – над территориями Брянской и Калужской областей, один – над территорией Смоленской "
                 "области.", outlet="Минобороны России (Telegram)")
    assert [summary(e) for e in evs] == [
        ("interception", ["Russia"], [("intercepted", 23)]),
        ("interception", ["Bryansk Oblast"], [("intercepted", 11)]),
        ("interception", ["Kaluga Oblast"], [("intercepted", 11)]),
        ("interception", ["Smolensk Oblast"], [("intercepted", 1)]),
    ]


def test_ministry_tally_parts_on_their_own_lines():
    evs = events("В течение прошедшей ночи дежурными средствами ПВО уничтожены 19 украинских беспилотных "
                 "летательных аппаратов самолетного типа:\n\n▪️ 11 БпЛА – над территорией Воронежской области,\n"
                 "▪️ пять БпЛА – над территорией Липецкой области,\n▪️ три БпЛА – над акваторией Азовского моря.",
                 outlet="Минобороны России (Telegram)")
    assert [summary(e) for e in evs][:3] == [
        ("interception", ["Russia"], [("intercepted", 19)]),
        ("interception", ["Voronezh Oblast"], [("intercepted", 11)]),
        ("interception", ["Lipetsk Oblast"], [("intercepted", 5)]),
    ]
    assert [q.value for q in evs[3].quantities] == [3]
    # the part's evidence is its own line, in Russian
    assert evs[1].evidence.text.startswith("11 БпЛА – над территорией Воронежской области")


def test_one_figure_over_several_regions_is_the_total():
    evs = events("Дежурными средствами ПВО три украинских беспилотных летательных аппарата уничтожены над "
                 "территориями Брянской, Калужской и Ростовской областей.", outlet="Минобороны России (Telegram)")
    total = [e for e in evs if e.quantities]
    assert [summary(e) for e in total] == [("interception", ["Russia"], [("intercepted", 3)])]
    assert sorted(p.name for e in evs if not e.quantities for p in e.places) == \
        ["Bryansk Oblast", "Kaluga Oblast", "Rostov Oblast"]


def test_time_of_the_lead_sentence():
    evs = events("⚡️ 19 октября около 23.40 мск пресечена попытка киевского режима совершить террористическую "
                 "атаку БПЛА самолетного типа по объектам на территории Российской Федерации.\n\nДежурными "
                 "средствами ПВО украинский беспилотный летательный аппарат уничтожен над Курской областью.",
                 outlet="Минобороны России (Telegram)")
    assert [summary(e) for e in evs] == [("interception", ["Kursk Oblast"], [("intercepted", 1)])]
    assert evs[0].time.start == date(2025, 10, 19)


def test_territory_claims_one_event_per_settlement():
    evs = events("Подразделения группировки войск «Центр» освободили населенные пункты Гродовка и Новогродовка "
                 "в Донецкой Народной Республике, сообщили в Минобороны России.", outlet="РИА Новости")
    assert [e.type for e in evs] == ["territory", "territory"]
    assert all(e.attacker.country == "RU" for e in evs)
    assert all(e.claim.claimant == "Russian Ministry of Defence" for e in evs)
    assert all(e.claim.reported_by == ["RIA Novosti"] for e in evs)


# -- the air force's morning report ---------------------------------------------

def test_air_force_morning_report():
    evs = events("У ніч на 20 жовтня противник атакував 61 ударним БпЛА типу Shahed та дронами-імітаторами з "
                 "напрямків Курськ, Орел. За попередніми даними, станом на 09:00 протиповітряною обороною "
                 "збито/подавлено 44 ворожих БпЛА на півночі та сході країни. Зафіксовано влучання 15 БпЛА на 6 "
                 "локаціях. Про це повідомили у Повітряних силах ЗСУ.")
    assert [summary(e) for e in evs] == [
        ("attack", ["Ukraine"], [("launched", 61), ("hit", 15)]),
        ("interception", ["Ukraine"], [("intercepted", 44)]),
    ]
    for e in evs:
        assert (e.attacker.country, e.target.country) == ("RU", "UA")
        assert e.claim.claimant == "Ukrainian Air Force"
        assert e.claim.claimant_native == "Повітряних силах ЗСУ"


def test_hits_in_several_regions():
    evs = events("Зафіксовано влучання 9 ударних БпЛА на Сумщині, Харківщині та Полтавщині, повідомили "
                 "Повітряні сили.")
    regions = sorted(p.name for e in evs for p in e.places if p.precision == "admin1")
    assert regions == ["Kharkiv Oblast", "Poltava Oblast", "Sumy Oblast"]
    assert [q.value for e in evs for q in e.quantities] == [9]


# -- governors and heads of regional administrations --------------------------------

def test_governor_named_in_the_next_sentence():
    evs = events("Украинский беспилотник атаковал легковой автомобиль в Шебекино. Пострадал водитель, его "
                 "доставили в больницу. Об этом сообщил губернатор Белгородской области Вячеслав Гладков.",
                 outlet="ТАСС")
    assert len(evs) == 1
    ev = evs[0]
    assert (ev.type, [p.name for p in ev.places]) == ("attack", ["Shebekino"])
    assert ("injured", 1) in [(q.role, q.value) for q in ev.quantities]
    assert (ev.claim.claimant, ev.claim.claimant_country) == ("Vyacheslav Gladkov", "RU")
    assert ev.claim.claimant_native == "Вячеслав Гладков"
    assert ev.claim.reported_by == ["TASS"]
    assert ev.attacker.country == "UA"


def test_head_of_regional_administration_and_casualties():
    evs = events("Внаслідок ворожого обстрілу Херсона загинула 62-річна жінка, ще троє людей поранені. Про це "
                 "повідомив начальник Херсонської ОВА Олександр Прокудін.")
    assert [summary(e) for e in evs] == [("attack", ["Kherson"], [("injured", 3), ("killed", 1)])]
    assert evs[0].claim.claimant == "Oleksandr Prokudin"
    assert evs[0].attacker.country == "RU"


def test_one_strike_per_town_of_a_summary():
    evs = events("Минулої доби ворог атакував Харківщину ударними дронами. У м. Харків постраждав 30-річний "
                 "чоловік; у м. Чугуїв постраждали дві жінки; у м. Балаклія пошкоджено приватний будинок.")
    towns = {p.name for e in evs for p in e.places if p.precision == "city"}
    assert {"Chuhuyiv", "Balakliya"} <= towns
    chuhuiv = next(e for e in evs if any(p.name == "Chuhuyiv" for p in e.places))
    assert [(q.role, q.value) for q in chuhuiv.quantities] == [("injured", 2)]


def test_headline_source_after_a_dash():
    evs = events("У Києві уламки збитого дрона впали на житловий будинок – Кличко\n\nУ ніч на 20 жовтня "
                 "уламки впали у Дарницькому районі столиці.")
    assert evs and all(e.claim.claimant == "Vitali Klitschko" for e in evs)


# -- airports, outages, arrests ----------------------------------------------------

def test_airport_restrictions():
    evs = events("Росавиация ввела временные ограничения на прием и выпуск воздушных судов в аэропорту Калуги.")
    assert [summary(e) for e in evs] == [("disruption", ["Kaluga"], [])]
    assert (evs[0].claim.claimant, evs[0].claim.claimant_country) == ("Rosaviatsia", "RU")


def test_outages_per_region():
    evs = events("Через атаку на енергетичну інфраструктуру є знеструмлені споживачі у Сумській та Полтавській "
                 "областях, повідомляє Укренерго.")
    outages = sorted(p.name for e in evs if e.type == "disruption" for p in e.places)
    assert outages == ["Poltava Oblast", "Sumy Oblast"]
    assert all(e.claim.claimant == "Ukrenergo" for e in evs)


# -- a Telegram export: the channel is the claimant ---------------------------------

def test_telegram_channel_is_the_claimant():
    docs = [r for r in iter_inputs([str(FIX / "mod-ru-tally" / "result.json")]) if isinstance(r, RawDocument)]
    assert [d.channel for d in docs] == ["Минобороны России", "Минобороны России"]
    first = process(docs[0]).events
    assert [summary(e) for e in first] == [
        ("interception", ["Russia"], [("intercepted", 24)]),
        ("interception", ["Bryansk Oblast"], [("intercepted", 12)]),
        ("interception", ["Kursk Oblast"], [("intercepted", 8)]),
        ("interception", ["Tula Oblast"], [("intercepted", 4)]),
    ]
    second = process(docs[1]).events
    assert [summary(e) for e in second] == [("interception", ["Belgorod Oblast"], [("intercepted", 1)])]
    for e in first + second:
        assert (e.claim.claimant, e.claim.claimant_country) == ("Russian Ministry of Defence", "RU")
        assert e.claim.claimant_native == "Минобороны России"
        assert e.to_dict()["claim"]["claimant_native"] == "Минобороны России"


def test_english_claims_have_no_native_name():
    evs = events("Russia's Defence Ministry said air defences shot down 12 Ukrainian drones over the Kursk region.")
    assert evs and "claimant_native" not in evs[0].to_dict()["claim"]


# -- output: tables, the web API ---------------------------------------------------

def test_table_shows_the_native_claimant():
    from tacitus.cli.common import _claimant
    ev = events("Украинский беспилотник атаковал автомобиль в Шебекино. Об этом сообщил губернатор Белгородской "
                "области Вячеслав Гладков.")[0]
    assert _claimant(ev.to_dict()["claim"]) == "Vyacheslav Gladkov (Вячеслав Гладков)"
    assert _claimant({"claimant": "Russian Ministry of Defence"}) == "Russian Ministry of Defence"


def test_web_api_finds_cyrillic_claimants_and_text(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from tacitus.store import open_store
    from tacitus.web import create_app
    raw = RawDocument(source="ru-web", published=date(2025, 10, 20), outlet="ТАСС",
                      text="Украинский беспилотник атаковал автомобиль в Шебекино. Пострадал водитель. "
                           "Об этом сообщил губернатор Белгородской области Вячеслав Гладков.")
    with open_store(tmp_path / "ledger.db") as store:
        store.write_batch([process(raw)], [])
    client = TestClient(create_app(tmp_path / "ledger.db", token=None, cors_origins=[]))
    found = client.get("/events", params={"claimant": "ГЛАДКОВ"}).json()
    assert [e["claim"]["claimant"] for e in found["items"]] == ["Vyacheslav Gladkov"]
    assert found["items"][0]["claim"]["claimant_native"] == "Вячеслав Гладков"
    assert client.get("/events", params={"text": "шебекино"}).json()["total"] == 1
    assert client.get("/events", params={"claimant": "собянин"}).json()["total"] == 0
