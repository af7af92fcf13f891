"""Places in Russian and Ukrainian text: inflected names, regions in all their forms,
occupied territory as Ukraine, context between namesakes. Every sentence here was
written for these tests."""
from __future__ import annotations

import pytest

from tacitus.geo import Gazetteer, Geocoder, morph
from tacitus.geo.text import name_key


@pytest.fixture(scope="module")
def geo():
    return Geocoder(Gazetteer())


def places(geo, text, language=None):
    """(mention text, place) of every mention, in order."""
    mentions, _ctx = geo.find_document(text, language=language)
    return [(m.text, m.value) for m in mentions]


def named(geo, text, language=None):
    return [p.name for _t, p in places(geo, text, language)]


# ------------------------------------------------------------- morphology

def test_forms_give_the_nominative_of_inflected_names():
    assert "брянская" in morph.forms("Брянской", ("ru",))
    assert "область" in morph.forms("областях", ("ru",))
    assert "покровськ" in morph.forms("Покровськом", ("uk",))
    assert "дніпропетровщина" in morph.forms("Дніпропетровщині", ("uk",))
    assert "сумы" in morph.forms("Сумах", ("ru",))  # a plural-only name
    # the Ukrainian closed syllable the dictionary lacks: Львова -> Львів, first
    assert morph.forms("Львові", ("uk",))[0] == "львів"
    assert morph.ikavism("миколаєв") == "миколаїв"
    assert morph.ikavism("покровськ") is None


def test_a_singular_adjective_keeps_its_gender():
    # "Луганський" (masculine) is no village "Луганське"; a plural one takes any gender
    assert morph.forms("Луганський", ("uk",)) == ("луганський",)
    assert {"народная", "народный"} <= set(morph.forms("народных", ("ru",)))


def test_town_forms_of_place_adjectives():
    assert "купянск" in morph.town_forms("Купянскому", ("ru",))
    assert "харьков" in morph.town_forms("Харьковском", ("ru",))
    assert "запоріжжя" in morph.town_forms("Запорізькому", ("uk",))
    assert "семенівка" in morph.town_forms("Семенівській", ("uk",))
    assert morph.town_forms("Новой", ("ru",)) == ()
    # districts named after towns in -о, -а, -ы, -ское (ru-0100, ru-0102, ru-0139, ru-0148, uk-0112)
    assert "шебекино" in morph.town_forms("Шебекинского", ("ru",))
    assert "глушково" in morph.town_forms("Глушковском", ("ru",))
    assert "суджа" in morph.town_forms("Суджанского", ("ru",))
    assert "клинцы" in morph.town_forms("Клинцовской", ("ru",))
    assert "буча" in morph.town_forms("Бучанському", ("uk",))
    # a word the dictionary reads as a noun still has its adjective's town
    assert "купянск" in morph.town_forms("Купянском", ("ru",))


def test_language_from_the_letters():
    assert morph.text_languages("Вибухи пролунали у Харкові") == ("uk",)
    assert morph.text_languages("Взрывы прогремели в Белгороде, сообщил губернатор") == ("ru",)
    assert morph.text_languages("Над Курской областью", "uk") == ("uk",)
    assert morph.ukrainian_spelling("андреевка") == "андріївка"
    assert morph.ukrainian_spelling("дачное") == "дачне"


# ---------------------------------------------------------------- gazetteer

@pytest.mark.parametrize("key,name,country", [
    ("брянская обл", "Bryansk Oblast", "RU"),
    ("брянщина", "Bryansk Oblast", "RU"),
    ("бєлгородщина", "Belgorod Oblast", "RU"),
    ("білгородська область", "Belgorod Oblast", "RU"),  # pycountry's Ukrainian name
    ("белгородчина", "Belgorod Oblast", "RU"),
    ("харківщина", "Kharkiv Oblast", "UA"),
    ("донеччина", "Donetsk Oblast", "UA"),
    ("мордовия", "Mordovia", "RU"),
    ("северная осетия", "North Ossetia", "RU"),
    ("якутия", "Yakutia", "RU"),
    ("днр", "Donetsk Oblast", "UA"),
    ("лнр", "Luhansk Oblast", "UA"),
    ("республика крым", "Crimea", "UA"),
    ("севастополь", "Sevastopol", "UA"),
    ("российская федерация", "Russia", "RU"),
    ("судан", "Sudan", "SD"),
])
def test_gazetteer_has_cyrillic_region_and_country_names(key, name, country):
    found = [p for p, _rank in Gazetteer().exact(name_key(key))]
    assert any(p.name == name and p.country == country for p in found), (key, found)


def test_a_translation_two_regions_share_names_neither():
    # pycountry gives Krasnoyarsk Krai Krasnodar's Ukrainian name; the build drops it
    found = {p.name for p, _ in Gazetteer().exact("краснодарський край")}
    assert found == {"Krasnodar Krai"}


# ------------------------------------------------------------ inflected names

def test_region_in_the_genitive_keeps_its_text_and_gives_the_nominative(geo):
    text = "Дежурными средствами ПВО беспилотник уничтожен над территорией Брянской области."
    (mention, place), = places(geo, text, "ru")
    assert mention == "Брянской области"
    assert (place.name, place.country, place.precision) == ("Bryansk Oblast", "RU", "admin1")
    assert place.native_name == "Брянская область"
    assert place.to_dict()["native_name"] == "Брянская область"


def test_two_regions_sharing_one_noun(geo):
    found = places(geo, "Сбиты 12 дронов в Курской и Белгородской областях.", "ru")
    assert [(t, p.name) for t, p in found] == [("Курской", "Kursk Oblast"),
                                              ("Белгородской областях", "Belgorod Oblast")]
    assert found[0][1].native_name == "Курская область"
    found = places(geo, "Удари по Харківській, Сумській та Чернігівській областях.", "uk")
    assert [p.name for _t, p in found] == ["Kharkiv Oblast", "Sumy Oblast", "Chernihiv Oblast"]


def test_regions_with_an_aside_between_adjective_and_noun(geo):
    text = "Аппараты уничтожены над территорией Липецкой (3 БПЛА) и Тамбовской (1 БПЛА) областей."
    assert named(geo, text, "ru") == ["Lipetsk Oblast", "Tambov Oblast"]


def test_ukrainian_oblast_in_the_locative(geo):
    (mention, place), = places(geo, "Вночі ворог атакував об'єкти у Харківській області.", "uk")
    assert mention == "Харківській області"
    assert place.name == "Kharkiv Oblast" and place.native_name == "Харківська область"


@pytest.mark.parametrize("text,region", [
    ("Уламки дрона впали на Дніпропетровщині, пошкоджено склад.", "Dnipropetrovsk Oblast"),
    ("Сумщина знову під обстрілом з боку Росії.", "Sumy Oblast"),
    ("Ворожі дрони летіли на Київщину зі сходу.", "Kyiv Oblast"),
    ("Тривога на Харківщині тривала дві години.", "Kharkiv Oblast"),
    ("Вибухи чули на Бєлгородщині, пишуть місцеві канали.", "Belgorod Oblast"),
])
def test_shchyna_forms(geo, text, region):
    assert region in named(geo, text, "uk")


def test_near_pokrovsk_in_the_instrumental(geo):
    (mention, place), = places(geo, "Найзапекліші бої тривають під Покровськом.", "uk")
    assert mention == "Покровськом"
    assert (place.name, place.country, place.admin1) == ("Pokrovsk", "UA", "Donetsk Oblast")
    assert place.native_name == "Покровськ"


def test_cued_village_in_russian_spelling_of_a_ukrainian_name(geo):
    text = ("Подразделения вели бои в районе населённого пункта Кучеров Яр "
            "Донецкой Народной Республики.")
    found = places(geo, text, "ru")
    assert [p.name for _t, p in found] == ["Kucheriv Yar", "Donetsk Oblast"]
    assert found[0][0] == "Кучеров Яр" and found[0][1].country == "UA"


def test_village_nouns_are_cues(geo):
    # a codifier village needs a cue: "у селі", "в селе", "деревне", "поселке"
    assert named(geo, "Снаряд влучив у будинок у селі Блешня.", "uk") == ["Bleshnia"]
    assert "Bleshnia" not in named(geo, "Блешня і далі під обстрілом.", "uk")


def test_a_listed_village_shares_the_cue(geo):
    text = "Удары нанесены в районах населённых пунктов Кучеров Яр и Авдеевка."
    assert named(geo, text, "ru") == ["Kucheriv Yar", "Avdiyivka"]


def test_front_direction_and_district_name_their_town(geo):
    assert named(geo, "На Купянском направлении отбиты четыре атаки.", "ru") == ["Kupyansk"]
    assert named(geo, "Найбільше боїв було на Покровському напрямку.", "uk") == ["Pokrovsk"]
    (_t, place), = places(geo, "В Белгородском районе повреждены два дома.", "ru")
    assert place.name == "Belgorod" and place.precision == "district"
    # the district's town ends otherwise than its adjective: Тёткино, Рыльск, Унеча
    assert named(geo, "Беспилотник атаковал машину в Глушковском районе.", "ru") == ["Glushkovo"]
    assert named(geo, "Электричество отключено в Унечском районе.", "ru") == ["Unecha"]


def test_facility_named_after_its_town(geo):
    (mention, place), = places(geo, "Ночью беспилотники атаковали Рязанский НПЗ.", "ru")
    assert place.name.startswith("Ryazan") and place.precision == "facility" and mention == "Рязанский НПЗ"
    assert named(geo, "Ракетный удар нанесен по Змиевской ТЭС.", "ru") == ["Zmiiv"]
    # a Russian town in Ukrainian letters; a big town named like many villages
    assert named(geo, "Дрони уразили Кірішський нафтопереробний завод.", "uk") == ["Kirishi"]
    assert named(geo, "Коригував удари по Миколаївській ТЕЦ у Миколаєві.", "uk")[0] == "Mykolayiv"
    # a nuclear plant is named after its region, not a town: no place from the adjective
    assert named(geo, "Обстрел Запорожской АЭС продолжился.", "ru") == []


def test_generic_region_word(geo):
    (mention, place), = places(geo, "Два беспилотника сбиты над Московским регионом.", "ru")
    assert place.name == "Moscow Oblast" and mention == "Московским регионом"


def test_republics_krais_and_seas(geo):
    text = "Атаки отражены над Краснодарским краем, Республикой Мордовия и акваторией Черного моря."
    assert named(geo, text, "ru") == ["Krasnodar Krai", "Mordovia", "Black Sea"]
    assert named(geo, "Взрывы прогремели в Мордовии.", "ru") == ["Mordovia"]


def test_cities_in_oblique_cases_both_languages(geo):
    assert named(geo, "Ракета упала под Харьковом, обломки нашли у Львова.", "ru") == ["Kharkiv", "Lviv"]
    found = places(geo, "Вибухи у Харкові, Львові та Києві.", "uk")
    assert [p.native_name for _t, p in found] == ["Харків", "Львів", "Київ"]


# -------------------------------------------------------- occupied territory

@pytest.mark.parametrize("text,language,name,admin1", [
    ("Над Республикой Крым сбиты три дрона.", "ru", "Crimea", None),
    ("Вибухи пролунали в окупованому Криму.", "uk", "Crimea", None),
    ("Тревога объявлена в Севастополе.", "ru", "Sevastopol", None),
    ("Обстрелы продолжаются в ДНР.", "ru", "Donetsk Oblast", None),
    ("В ЛНР сообщили о попадании.", "ru", "Luhansk Oblast", None),
    ("Взрывы прогремели в Мелитополе.", "ru", "Melitopol", "Zaporizhzhia Oblast"),
    ("Вибухи в окупованому Мелітополі.", "uk", "Melitopol", "Zaporizhzhia Oblast"),
    ("Беспилотник атаковал Новую Каховку.", "ru", "Nova Kakhovka", "Kherson Oblast"),
    ("Власти Запорожской области сообщили о перебоях.", "ru", "Zaporizhzhia Oblast", None),
])
def test_occupied_territory_stays_ukraine(geo, text, language, name, admin1):
    found = [p for _t, p in places(geo, text, language) if p.name == name]
    assert found, text
    assert found[0].country == "UA"
    if admin1:
        assert found[0].admin1 == admin1


# ------------------------------------------------------------------ context

def test_russian_town_and_ukrainian_namesake_by_the_region_beside_them(geo):
    ru = places(geo, "В Ростовской области беспилотник упал в Покровском, сообщил губернатор.", "ru")
    ua = places(geo, "В Днепропетровской области обстрелу подвергся поселок Покровское.", "ru")
    ru_place = next(p for _t, p in ru if p.precision == "city")
    ua_place = next(p for _t, p in ua if p.precision == "city")
    assert (ru_place.country, ru_place.admin1) == ("RU", "Rostov Oblast")
    assert (ua_place.country, ua_place.admin1) == ("UA", "Dnipropetrovsk Oblast")
    assert ru_place.native_name == ua_place.native_name == "Покровское"


def test_city_beside_another_region_is_the_city(geo):
    found = places(geo, "Уламки впали у Вінниці та на Одещині, тривога на Житомирщині.", "uk")
    assert found[0][1].name.startswith("Vinnyts") and found[0][1].admin1 == "Vinnytsia Oblast"


# ------------------------------------------------------------- not places

@pytest.mark.parametrize("text,language", [
    ("Владимир Путин провёл совещание с членами Совбеза.", "ru"),
    ("Заяву оприлюднив президент Володимир Зеленський увечері.", "uk"),
    ("Бойцы группировки «Восток» продвинулись на двух участках.", "ru"),
    ("На совещании обсудили снабжение войск.", "ru"),  # a capitalised preposition
    ("Ракетний удар завдано вночі.", "uk"),  # a capitalised adjective starting a sentence
    ("Штаб Южного военного округа сообщил о потерях.", "ru"),  # an adjective before its noun
])
def test_persons_unit_names_and_sentence_starts_are_no_places(geo, text, language):
    assert places(geo, text, language) == []


@pytest.mark.parametrize("text,language,expected", [
    ("В Новороссийске на улице Шевченко загорелась крыша жилого дома.", "ru", ["Novorossiysk"]),
    ("Участники акции собрались на площади Франко в центре Львова.", "ru", ["Lviv"]),
    ("У Харкові уламки впали біля будинку на вулиці Шевченка.", "uk", ["Kharkiv"]),
    ("Люди зібралися біля театру імені Франка у Києві.", "uk", ["Kyiv"]),
])
def test_a_street_or_namesake_name_is_no_place(geo, text, language, expected):
    assert named(geo, text, language) == expected


def test_a_latin_word_in_a_russian_or_ukrainian_report_is_no_place(geo):
    # a channel's or an outlet's name: "Shot" would be a village in Iran, "Online" Nolinsk
    text = "Как пишет Telegram-канал Shot, в Рязани после атаки дронов загорелся НПЗ. Фото: Business Online"
    assert named(geo, text, "ru") == ["Ryazan’"]
    text = "Як повідомляє Suspilne Online, у Полтаві пролунали вибухи."
    assert named(geo, text, "uk") == ["Poltava"]


def test_language_left_to_the_letters_finds_the_same(geo):
    text = "Вибухи пролунали у Харківській області та під Покровськом."
    assert named(geo, text) == named(geo, text, "uk") == ["Kharkiv Oblast", "Pokrovsk"]


def test_english_places_have_no_native_name(geo):
    (mention,) = geo.find("Drones hit Kharkiv overnight.")
    assert mention.value.native_name is None
    assert "native_name" not in mention.value.to_dict()


def test_inflection_from_a_remembered_lexeme_is_pymorphy3s():
    """``morph.inflect`` (each lexeme built once per process) gives what pymorphy3's own
    ``Parse.inflect`` gives, for the forms the geocoder asks of place words."""
    words = {"ru": "Курской Курскую Курском Брянской Сумах Донецкой народной республик Купянском "
                   "Запорожском Московским областях районе Покровске Новой Каховке Дачное Черного "
                   "Крыму ДНР Великой Новоселовке Красного Лимана".split(),
             "uk": "Харківській Харкова Миколаєва Львові Покровському Дніпропетровщині Одещині "
                   "Запорізькій Ізюмському Полтавської Києві областях районі громади селищах "
                   "Семенівській Краматорську Слов'янську Новоолександрівці".split()}
    asked = [{"nomn", "sing", "masc"}, {"nomn", "sing", "femn"}, {"nomn", "sing", "neut"},
             {"nomn", "femn"}, {"nomn", "plur"}, {"gent", "plur"}]
    compared = 0
    for lang, ws in words.items():
        for w in ws:
            for p in morph._parses(w.lower(), lang):
                for req in asked:
                    want = p.inflect(set(req))
                    assert morph.inflect(p, lang, set(req)) == (want.word if want else None), (w, p.tag, req)
                    compared += 1
    assert compared > 500


def test_fold_shortcut_agrees_with_the_decomposition():
    """``fold`` skips the decomposition for text of plain letters only: every
    character below U+0600 and mixes with combining marks fold as the full path does."""
    import random
    import unicodedata

    from tacitus.geo.text import _DROP, fold

    def decomposed(text: str) -> str:
        out: list[str] = []
        for ch in unicodedata.normalize("NFD", text.lower()):
            if unicodedata.category(ch) == "Mn":
                if out and out[-1] in "иіеё" and ch in "\u0306\u0308":
                    out[-1] = unicodedata.normalize("NFC", out[-1] + ch)
                continue
            out.append(ch)
        return "".join(out).translate(_DROP).replace("ł", "l").replace("ß", "ss").replace("ø", "o")

    chars = [chr(i) for i in range(0x600)] + list("ЙЁЇİ\u0306\u0308\u0301")
    assert [c for c in chars if fold(c) != decomposed(c)] == []
    rng = random.Random(7)
    words = ["".join(rng.choice(chars) for _ in range(rng.randint(1, 6))) for _ in range(20_000)]
    words += ["Запоріжжя", "Klishchiivka", "Łódź", "Straße", "Ёлкино", "Bilohorivká", "İzmir"]
    assert [w for w in words if fold(w) != decomposed(w)] == []
    assert fold("Ёлкино") == "ёлкино" and fold("Łódź") == "lodz"


def test_a_regions_administration_names_the_region_and_pulls_its_villages(geo):
    """"голова Харківської ОДА", "керівник Запорізької ОВА": the administration's
    adjective is the report's oblast, so a namesake village it lists is the one there,
    even with another oblast named later in the report."""
    text = ("За словами голови Харківської ОДА, під обстрілом були Малинівка і Кочеток. "
            "Також окупанти атакували Нью-Йорк Донецької області.")
    found = [(t, p.name, p.admin1) for t, p in places(geo, text, "uk")]
    assert found[:3] == [("Харківської ОДА", "Kharkiv Oblast", "Kharkiv Oblast"),
                         ("Малинівка", "Malynivka", "Kharkiv Oblast"),
                         ("Кочеток", "Kochetok", "Kharkiv Oblast")]
    assert found[-1][1] == "Donetsk Oblast"
    (ova,) = places(geo, "Керівник Запорізької ОВА повідомив про обстріл.", "uk")
    assert ova[1].name == "Zaporizhzhia Oblast"
