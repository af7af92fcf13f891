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
    # control taken the other way round, and control returned
    assert [h.type for h in classify("3 мая под контроль взят населенный пункт Новоселовка.", "ru")] == ["territory"]
    assert [h.type for h in classify("Минобороны сообщило о возвращении под контроль села Плехово.", "ru")] \
        == ["territory"]
    assert [h.type for h in classify("Під контроль повернуто село Берестове.", "uk")] == ["territory"]
    # an attack of drones with a word between ("об атаке украинских беспилотников")
    assert [h.type for h in classify("Мэр сообщил об атаке украинских беспилотников на завод.", "ru")] == ["attack"]
    assert [h.type for h in classify("Голова ОВА розповів про атаку ворожих дронів на ТЕЦ.", "uk")] == ["attack"]
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


def test_a_first_name_the_dictionary_does_not_mark_before_a_surname():
    # "Володимир" is no Name in the Ukrainian dictionary (and a town): before a surname it is a first name
    found = find_actors("повідомив начальник Полтавської обласної військової адміністрації Володимир Когут", language="uk")
    assert [(a.value.name, a.value.country) for a in found] == [("Volodymyr Kohut", "UA")]


def test_power_cuts_told_otherwise():
    assert "disruption" in [h.type for h in classify("Після удару в місті почались перебої, у трьох районах немає світла.", "uk")]
    assert "disruption" in [h.type for h in classify("Более двух тысяч абонентов лишились электричества.", "ru")]
    assert "disruption" in [h.type for h in classify("В городе начались отключения электроэнергии.", "ru")]


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

def test_a_list_of_towns_is_one_event_per_town():
    # "in the Millerovo and Chertkovo districts, and in Shakhty and Taganrog" (as ru-0102, uk-0112, uk-0140)
    text = ("Силы ПВО в Ростовской области ночью отразили атаку беспилотников в Миллеровском, "
            "Чертковском районах, а также в Шахтах и Таганроге, написал губернатор.")
    found = [summary(e) for e in events(text, "2025-11-20") if e.type == "interception"]
    assert sorted(p for _t, ps, _q in found for p in ps) == ["Chertkovo", "Millerovo", "Shakhty", "Taganrog"]
    assert all(len(ps) == 1 for _t, ps, _q in found)
    text = "Внаслідок атаки БпЛА пошкоджено будинки у Фастівському, Обухівському та Бориспільському районах."
    found = [summary(e) for e in events(text, "2025-09-28") if e.type == "attack"]
    assert sorted(ps[0] for _t, ps, _q in found) == ["Boryspil", "Fastiv", "Obukhiv"]
    # a city's own districts are the city's one event
    text = "Уламки дронів впали у Святошинському та Голосіївському районах Києва, повідомив Кличко."
    assert len([e for e in events(text, "2025-09-28") if e.type == "attack"]) == 1
    # an area named by two villages is one engagement (rumod-414)
    text = "Вертолетами в районах Клещеевки и Андреевки уничтожены танк и два бронетранспортера."
    assert len([e for e in events(text, "2023-07-31") if e.type == "attack"]) == 1


def test_figures_and_regions_listed_in_the_same_order():
    text = ("Утром 3 апреля в Минобороны сообщили, что за ночь силы ПВО сбили 87 беспилотников. "
            "По данным ведомства, 31 и 12 БПЛА уничтожили над территориями Курской и Липецкой областей, "
            "9 — над Тульской.")
    found = {tuple(ps): qs for t, ps, qs in map(summary, events(text, "2026-04-06")) if t == "interception"}
    assert found[("Kursk Oblast",)] == [("intercepted", 31)]
    assert found[("Lipetsk Oblast",)] == [("intercepted", 12)]
    assert found[("Tula Oblast",)] == [("intercepted", 9)]
    # the parts are the tally's night, not the day of the report
    assert {e.time.start.isoformat() for e in events(text, "2026-04-06") if e.type == "interception"} == {"2026-04-03"}
    text = "Больше всего дронов сбили над Азовским морем и Ростовской областью — по 23 и 18 соответственно."
    found = {tuple(ps): qs for t, ps, qs in map(summary, events(text, "2026-04-06")) if t == "interception"}
    assert found[("Rostov Oblast",)] == [("intercepted", 18)]


def test_the_districts_of_a_city_are_the_city():
    text = ("Уночі ворог атакував Київ дронами, повідомив Кличко. У Солом'янському районі уламки "
            "пошкодили будинок. Також падіння уламків зафіксовано у Святошинському районі.")
    attacks = [e for e in events(text, "2025-09-28") if e.type == "attack"]
    assert len(attacks) == 1 and attacks[0].places[0].name == "Kyiv"


def test_a_region_after_a_town_says_where_the_town_is():
    # "Bachivsk, Stara Huta of Sumy oblast; Bleshnia of Chernihiv oblast": three villages, no region events
    text = ("Протягом доби противник завдав артилерійських обстрілів по районах населених пунктів "
            "Бачівськ, Стара Гута Сумської області; Блешня Чернігівської області, повідомив Генштаб.")
    found = sorted(p for e in events(text, "2025-09-22") if e.type == "attack" for p in (x.name for x in e.places))
    assert found == ["Bachivsk", "Stara Huta"]   # Блешня without a cue is no place
    assert "Sumy Oblast" not in found


def test_places_of_the_sentence_before_are_one_place():
    # an order's villages listed in one sentence, the evacuation told in the next: one event
    text = ("Обов'язкову евакуацію дітей запроваджено у громаді. Йдеться про селище Васильківка, а також "
            "села Бондареве і Павлівка. Евакуація проводиться разом із батьками протягом 30 днів.")
    found = [e for e in events(text, "2026-01-07") if e.type == "disruption"]
    assert len(found) == 1 and [p.name for p in found[0].places] == ["Vasylkivka"]


def test_a_title_alone_is_the_one_official_the_report_names():
    text = ("Губернатор Тульской области сообщил о пожаре на предприятии после атаки беспилотников.\n\n"
            "Ночью в Новомосковске обломки дрона упали на территорию завода, возник пожар, заявил "
            "губернатор региона Дмитрий Миляев. Пострадавших нет.")
    attacks = [e for e in events(text, "2025-11-20") if e.type == "attack"]
    assert attacks and {e.claim.claimant for e in attacks} == {"Dmitry Milyayev"}
    text = ("Харківська ОВА повідомила про удар по місту. Уночі ворог атакував Харків дронами, у місті "
            "виникла пожежа, повідомив голова ОВА Олег Синєгубов.")
    assert {e.claim.claimant for e in events(text, "2025-11-20") if e.type == "attack"} == {"Oleh Syniehubov"}


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


def test_an_event_told_again_later_in_the_report_is_one():
    from tacitus.extract.frames import FrameBuilder
    first = events("Ночью 20 октября ВСУ атаковали Белгород беспилотниками, сообщил губернатор Вячеслав Гладков. "
                   "Ранены четыре человека.", "2025-10-20")
    again = events("Ночью в Белгороде обломки беспилотника упали во двор жилого дома, повреждены окна.", "2025-10-20")
    other = events("Ночью в Белгороде ранены два человека после атаки дрона.", "2025-10-20")
    later = events("Белгород снова атаковали дроны 25 октября.", "2025-10-26")
    assert [summary(e) for e in first] == [("attack", ["Belgorod"], [("injured", 4)])]
    assert [summary(e) for e in again] == [("attack", ["Belgorod"], [])]
    folded = FrameBuilder._fold_repeats(first + again)
    assert folded == first and folded[0].claim.claimant == "Vyacheslav Gladkov"
    # another figure of the same role is another claim; another day another event
    assert len(FrameBuilder._fold_repeats(first + other)) == 2
    assert len(FrameBuilder._fold_repeats(first + later)) == 2
    # and a whole Ukrainian report that tells the strike on Kyiv twice gives it once
    text = ("Уночі 20 жовтня Росія завдала удару по Києву дронами та ракетами. Загинули двоє людей, повідомив "
            "мер Віталій Кличко.\n\nФото: ДСНС у Telegram Росія 20 жовтня атакувала Київ дронами\n\n"
            "Фото: ДСНС у Telegram У Києві пошкоджені будинки в різних районах\n\n"
            "У Голосіївському районі уламки дрона влучили в багатоповерхівку, повідомив Тимур Ткаченко.")
    assert [e.places[0].name for e in events(text, "2025-10-20") if e.type == "attack"] == ["Kyiv"]


def test_people_taken_out_of_a_place_were_there():
    # "из"/"з" before a place is where weapons came from, but where people were evacuated from
    ru = events("С начала эвакуации 5 августа из Глушковского района Курской области вывезены 312 человек, "
                "сообщил губернатор.", "2024-08-10")
    assert [(e.type, e.places[0].name) for e in ru] == [("disruption", "Glushkovo")]
    uk = events("Триває примусова евакуація з Куп'янського району Харківської області: за добу вивезли 46 людей, "
                "повідомив Олег Синєгубов.", "2024-08-10")
    assert [(e.type, e.places[0].name) for e in uk] == [("disruption", "Kupyansk")]
    # ... and still the launch site in a report of a strike
    strike = events("Ворог атакував Сумщину ударними БпЛА з Курської області.", "2024-08-10")
    assert [p.name for e in strike for p in e.places] == ["Sumy Oblast"]


@pytest.mark.parametrize("text", [
    "Силы ПВО отразили атаку беспилотников на Курск, заявил губернатор Александр Хинштейн.\n\n"
    "Также в Курске обломки дрона повредили крышу частного дома.\n\n"
    "17 октября в Курске из-за удара дрона погибли три человека.",
    "Ворог атакував Суми дронами, повідомив Олег Григоров. Пошкоджено будинок.\n\n"
    "У Сумах також уламки впали на дорогу.\n\n"
    "17 жовтня у Сумах через удар дрона загинули троє людей.",
])
def test_a_day_named_apart_from_the_reports_own_is_another_event(text):
    attacks = [(e.time.start.isoformat(), [(q.role, q.value) for q in e.quantities])
               for e in events(text, "2025-10-21") if e.type == "attack"]
    assert attacks == [("2025-10-20", []), ("2025-10-17", [("killed", 3)])]


@pytest.mark.parametrize("text,town", [
    ("Обломки беспилотника повредили два частных дома в Туапсе, сообщил глава района Сергей Бойко. "
     "Всего над городом сбили семь беспилотников.", "Tuapse"),
    ("Уламки дрона пошкодили будинок у Чернігові, повідомив Дмитро Брижинський. "
     "Загалом над містом збили шість дронів.", "Chernihiv"),
])
def test_over_the_city_is_the_town_just_named(text, town):
    # "над городом сбили": the anaphor is followed by a lower-case word, not a name
    found = [summary(e) for e in events(text, "2025-10-21") if e.type == "interception"]
    assert found == [("interception", [town], [("intercepted", 7 if town == "Tuapse" else 6)])]


@pytest.mark.parametrize("text,town", [
    ("Обломки беспилотника повредили два частных дома в Туапсе, сообщил глава района Сергей Бойко. "
     "Всего над городом сбили семь беспилотников. "
     "Также ночью средства ПВО перехватили беспилотники над Краснодарским краем.", "Tuapse"),
    ("Уламки дрона пошкодили будинок у Чернігові, повідомив Дмитро Брижинський. "
     "Загалом над містом збили шість дронів. "
     "Також сили ППО працювали над Київською областю.", "Chernihiv"),
])
def test_over_the_city_stays_the_town_when_a_region_is_named_later(text, town):
    # the town "над городом" names is a place of its own: a later sentence naming a
    # region with no figure does not move the interception there
    found = [summary(e) for e in events(text, "2025-10-21") if e.type == "interception"]
    kind, places, figures = found[0]
    assert places[0] == town and figures == [("intercepted", 7 if town == "Tuapse" else 6)]


@pytest.mark.parametrize("sentence,language,claimant", [
    ("Про масовану атаку російських дронів і ракет повідомили у Повітряних силах ЗСУ.", "uk", "Ukrainian Air Force"),
    ("Всего над районом сбили пять вражеских беспилотников, добавил губернатор Александр Гусев.", "ru",
     "Alexander Gusev"),
    # ... but a side speaks: "российская сторона заявила"
    ("Российская сторона заявила о перехвате ракет.", "ru", "Russia"),
    ("Українська сторона повідомила про обмін полоненими.", "uk", "Ukraine"),
])
def test_a_countrys_adjective_before_a_noun_does_not_speak(sentence, language, claimant):
    from tacitus.extract.claims_cyrillic import attribute
    assert attribute(sentence, language=language).claimant == claimant


@pytest.mark.parametrize("text,expected", [
    ("Унаслідок обстрілу Ізюма постраждали 71-річний чоловік і 68-річна жінка, повідомив Олег Синєгубов.",
     [("injured", 2)]),
    ("При атаке дрона на Шебекино ранены мужчина и женщина, сообщил Вячеслав Гладков.", [("injured", 2)]),
    ("Через удар по Нікополю загинули чоловік, жінка та 12-річна дитина.", [("killed", 3)]),
    ("В Горловке при обстреле погиб 60-летний мужчина.", [("killed", 1)]),
])
def test_persons_named_one_by_one_are_counted(text, expected):
    found = [summary(e)[2] for e in events(text) if e.type == "attack"]
    assert found == [expected]


def test_a_russian_governor_in_ukrainian_text_is_the_claimant():
    found = events("Вранці губернатор Рязанської області Павло Малков заявив, що сили ППО збили вісім "
                   "безпілотників над регіоном.")
    assert [(e.type, e.places[0].name) for e in found] == [("interception", "Ryazan Oblast")]
    assert found[0].claim.claimant == "Pavlo Malkov" and found[0].claim.claimant_country == "RU"


def test_a_tally_line_with_its_dash_against_the_unit():
    text = ("За минувшую ночь дежурными средствами ПВО перехвачены и уничтожены 9 украинских беспилотников:\n\n"
            "6 БпЛА — над территорией Белгородской области;\n\n"
            "Два БпЛА— над территорией Курской области;\n\n"
            "1 БпЛА — над территорией Воронежской области.")
    assert [summary(e) for e in events(text)] == [
        ("interception", ["Russia"], [("intercepted", 9)]),
        ("interception", ["Belgorod Oblast"], [("intercepted", 6)]),
        ("interception", ["Kursk Oblast"], [("intercepted", 2)]),
        ("interception", ["Voronezh Oblast"], [("intercepted", 1)])]


@pytest.mark.parametrize("text", [
    "Глава Крыма Сергей Аксенов сообщил, что ночью силами ПВО было сбито более 20 беспилотников.",
    "Голова окупованого Криму Сергій Аксьонов заявив, що сили ППО збили 12 дронів.",
])
def test_russias_head_of_occupied_crimea_speaks_for_russia(text):
    # Crimea stays Ukraine as a place, but the official Russia installed there is
    # Russia's: the air defences he reports are Russia's, the drones Ukraine's
    (ev,) = [e for e in events(text, "2025-10-13") if e.type == "interception"]
    assert ev.claim.claimant == "Sergey Aksyonov" and ev.claim.claimant_country == "RU"
    assert (ev.attacker.country, ev.target.country) == ("UA", "RU")
    assert [p.name for p in ev.places] == ["Crimea"]
