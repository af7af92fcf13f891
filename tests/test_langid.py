"""Language identification: short posts, mixed quotes, the reader's language kept."""
from __future__ import annotations

import pytest

from tacitus.clean import clean
from tacitus.model import Block, RawDocument
from tacitus.nlp.langid import count_cyrillic, detect, detect_blocks


@pytest.mark.parametrize("text,lang", [
    # short posts, written for these tests
    ("Тривога у Харкові", "uk"),
    ("Тревога в Белгороде", "ru"),
    ("Вибухи в Одесі.", "uk"),
    ("Взрывы в Курске", "ru"),
    ("Укриття!", "uk"),
    ("Над Брянской областью сбиты два беспилотника", "ru"),
    ("Над Сумщиною збито два дрони", "uk"),
    ("Сирена в Киеве и Днепре", "ru"),
    ("Сирена та вибухи", "uk"),
    ("Ракетна небезпека по всій області", "uk"),
    ("ПВО работает", "ru"),
    ("Два дрона над Москвой", "ru"),
    ("Шахеди на півночі", "uk"),
    ("Drones over Kursk overnight", "en"),
    ("Two killed in a strike on Kharkiv, the governor said.", "en"),
    ("Air raid alert", "en"),
    # longer reports
    ("У ніч на 3 березня противник атакував Україну 41 ударним БпЛА. "
     "Сили ППО збили 30 з них, ще 6 локаційно втрачені.", "uk"),
    ("В течение прошедшей ночи средствами ПВО перехвачены и уничтожены 17 беспилотников: "
     "девять над территорией Курской области, восемь над Орловской.", "ru"),
    ("Die Luftabwehr hat in der Nacht mehrere Drohnen abgeschossen, teilte das Ministerium mit.", "de"),
    ("Les forces russes ont lancé une attaque de drones sur la ville pendant la nuit.", "fr"),
    ("Пожар на складе в Пловдив беше потушен, съобщиха от полицията.", "bg"),
    ("Уначы над горадам збілі два беспілотнікі, паведаміла ўлада.", "be"),
    ("", "en"),
    ("12:30 — 14:45", "en"),
])
def test_detect(text, lang):
    assert detect(text) == lang


def test_cyrillic_names_in_english_stay_english():
    text = ("The ministry said its air defences downed drones over the Belgorod region "
            "(Белгородская область) and the Kursk region overnight.")
    assert detect(text) == "en"


def test_a_ukrainian_report_quoting_russian_is_ukrainian_with_a_russian_block():
    first = ("Голова обласної військової адміністрації повідомив, що вночі ворог атакував "
             "місто дронами. Пошкоджено два приватні будинки, постраждалих немає.")
    quote = ("«Наши подразделения продолжают выполнять задачи, противник несёт потери», — "
             "говорится в заявлении, которое поширили російські ресурси.")
    third = "Українська сторона ці твердження не підтверджує, триває перевірка інформації."
    doc = clean(RawDocument(source="t", text=f"{first}\n\n{quote}\n\n{third}"))
    assert doc.language == "uk"
    langs = [b.language for b in doc.blocks]
    assert langs == [None, "ru", None]


def test_an_english_report_with_a_ukrainian_paragraph():
    en = ("The regional governor posted a statement on Telegram after the overnight attack. "
          "He said air defences had been working for several hours and asked residents to stay "
          "in shelters until the all-clear.")
    uk = "Внаслідок атаки пошкоджено житловий будинок, загиблих немає, — написав очільник області."
    doc = clean(RawDocument(source="t", text=f"{en}\n\n{uk}"))
    assert doc.language == "en"
    assert [b.language for b in doc.blocks] == [None, "uk"]
    # a short note in another script is too short to tell: it keeps the document's language
    doc = clean(RawDocument(source="t", text=f"{en}\n\nНаш канал"))
    assert [b.language for b in doc.blocks] == [None, None]


def test_language_named_by_the_input_is_kept():
    doc = clean(RawDocument(source="t", text="Тривога у Харкові. Вибухи в місті.", language="ru"))
    assert doc.language == "ru"


def test_language_identified_when_not_given():
    assert clean(RawDocument(source="t", text="Тривога у Харкові. Вибухи в місті.")).language == "uk"
    assert clean(RawDocument(source="t", text="Drones hit Kharkiv overnight.")).language == "en"


def test_short_blocks_take_the_document_language():
    text = "Итог дня\n\nВ течение дня над регионом сбиты три беспилотника, пострадавших нет."
    blocks = [Block("heading", 0, 8), Block("paragraph", 10, len(text))]
    detect_blocks(text, blocks, "ru")
    assert [b.language for b in blocks] == [None, None]


def test_count_cyrillic():
    assert count_cyrillic("ascii only") == 0
    assert count_cyrillic("Київ і Kyiv") == 5
