"""Sentence splitter: offsets, block boundaries, abbreviations and quotes."""
from __future__ import annotations


import pytest

from tacitus.model import Block
from tacitus.nlp.segment import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text, [Block("paragraph", 0, len(text))])]


@pytest.mark.parametrize("text,expected", [
    ("Drones hit an oil depot in St. Petersburg overnight. Flights were halted.",
     ["Drones hit an oil depot in St. Petersburg overnight.", "Flights were halted."]),
    ("The U.S. and the U.N. condemned the strike. Kyiv asked for more air defence.",
     ["The U.S. and the U.N. condemned the strike.", "Kyiv asked for more air defence."]),
    ("Lt. Gen. Oleh Shyriaiev and Col. Petro Ivanenko met Dr. Ruslan Maksymenko. They spoke briefly.",
     ["Lt. Gen. Oleh Shyriaiev and Col. Petro Ivanenko met Dr. Ruslan Maksymenko.", "They spoke briefly."]),
    ("Mr. Shmyhal visited Brigade No. 3 on Jan. 12. Gen. Syrskyi did not.",
     ["Mr. Shmyhal visited Brigade No. 3 on Jan. 12.", "Gen. Syrskyi did not."]),
    ("The blasts began at 4 a.m. Local officials reported no injuries.",
     ["The blasts began at 4 a.m. Local officials reported no injuries."]),
    ("The blasts began at 4 a.m. The governor reported no injuries.",
     ["The blasts began at 4 a.m.", "The governor reported no injuries."]),
    ("A novel by J. R. R. Tolkien was found in the ruins. It was unharmed.",
     ["A novel by J. R. R. Tolkien was found in the ruins.", "It was unharmed."]),
    ("Inflation reached 7.5 percent in May. Prices of 1.25 kg loaves rose.",
     ["Inflation reached 7.5 percent in May.", "Prices of 1.25 kg loaves rose."]),
    ("\"We will answer ... Kyiv will pay for this,\" the spokesman said. The call ended.",
     ["\"We will answer ... Kyiv will pay for this,\" the spokesman said.", "The call ended."]),
    ("“This process needs more momentum,” said the Ukrainian president. Talks stalled.",
     ["“This process needs more momentum,” said the Ukrainian president.", "Talks stalled."]),
    ("\"The city was hit hard.\" Rescuers worked through the night.",
     ["\"The city was hit hard.\"", "Rescuers worked through the night."]),
    ("\"Where are the shelters?\" she asked. Nobody answered!  Sirens wailed again.",
     ["\"Where are the shelters?\" she asked.", "Nobody answered!", "Sirens wailed again."]),
    ("Sanctions were imposed by the U.S. The Kremlin dismissed them.",
     ["Sanctions were imposed by the U.S.", "The Kremlin dismissed them."]),
    ("He waited… The shelling resumed at dawn.", ["He waited…", "The shelling resumed at dawn."]),
    ("The missile (a Kh-101) struck the plant. (Two workers were hurt.) Repairs began.",
     ["The missile (a Kh-101) struck the plant.", "(Two workers were hurt.)", "Repairs began."]),
])
def test_split(text, expected):
    assert texts(text) == expected


def test_offsets_point_into_text_and_blocks_are_respected():
    text = "Blasts in Odesa\n\nA drone hit the port on Monday. Two cranes burned.\n\nSmoke over Odesa. Photo"
    p, c = text.index("A drone"), text.index("Smoke")
    blocks = [Block("heading", 0, 15), Block("paragraph", p, c - 2), Block("caption", c, len(text))]
    sents = split_sentences(text, blocks)
    assert [(s.block, s.text) for s in sents] == [
        ("heading", "Blasts in Odesa"),
        ("paragraph", "A drone hit the port on Monday."),
        ("paragraph", "Two cranes burned."),
        ("caption", "Smoke over Odesa."),
        ("caption", "Photo"),
    ]
    for s in sents:
        assert text[s.start:s.end] == s.text


def test_sentence_never_crosses_a_block_even_without_final_period():
    text = "Talks with Russia stall\n\nOn Friday the president spoke."
    sents = split_sentences(text, [Block("heading", 0, 23), Block("paragraph", 25, len(text))])
    assert [s.text for s in sents] == ["Talks with Russia stall", "On Friday the president spoke."]


def test_without_blocks_paragraphs_come_from_blank_lines():
    sents = split_sentences("One strike hit Sumy.\n\nAnother hit Kharkiv. Both at night.")
    assert [s.text for s in sents] == ["One strike hit Sumy.", "Another hit Kharkiv.", "Both at night."]


def test_many_paragraphs_split_alike():
    par = ("Russia's Defence Ministry said air defences destroyed 41 Ukrainian drones overnight, "
           "including 28 over the Bryansk region, Gen. Ivanov told reporters at 6 a.m. on Friday. "
           "\"The attack was repelled,\" he said. The U.S. declined to comment on the report. ")
    text = "\n\n".join([par * 3] * 20)
    blocks, pos = [], 0
    for chunk in text.split("\n\n"):
        blocks.append(Block("paragraph", pos, pos + len(chunk)))
        pos += len(chunk) + 2
    sents = split_sentences(text, blocks)
    assert len(sents) == 20 * 3 * 3
    assert len({s.text for s in sents}) == 3


# ---------------------------------------------------------------- Russian and Ukrainian

def texts_in(text: str, language: str) -> list[str]:
    return [s.text for s in split_sentences(text, [Block("paragraph", 0, len(text))], language)]


@pytest.mark.parametrize("language,text,expected", [
    ("ru", "Беспилотник сбит над ул. Садовой в г. Курчатове. Пострадавших нет.",
     ["Беспилотник сбит над ул. Садовой в г. Курчатове.", "Пострадавших нет."]),
    ("ru", "Обстрелу подвергся н.п. Тёткино Курской обл. Губернатор сообщил о повреждениях.",
     ["Обстрелу подвергся н.п. Тёткино Курской обл.", "Губернатор сообщил о повреждениях."]),
    ("ru", "Дроны сбиты над Курской обл. Тёткино и Глушково не пострадали.",
     ["Дроны сбиты над Курской обл. Тёткино и Глушково не пострадали."]),
    ("ru", "Ущерб оценивается в 2 млн руб. и 15 тыс. руб. соответственно. Ранее сообщалось о пожаре.",
     ["Ущерб оценивается в 2 млн руб. и 15 тыс. руб. соответственно.", "Ранее сообщалось о пожаре."]),
    ("ru", "Как сообщил губернатор В. Ильин, пострадавших нет. Движение по ст. 12 восстановлено.",
     ["Как сообщил губернатор В. Ильин, пострадавших нет.", "Движение по ст. 12 восстановлено."]),
    ("ru", "Пожар потушен, т.е. угрозы нет. Осколки упали на ул. Мира, д. 4 и т.д. После этого работы возобновились.",
     ["Пожар потушен, т.е. угрозы нет.", "Осколки упали на ул. Мира, д. 4 и т.д.",
      "После этого работы возобновились."]),
    ("ru", "Атака отражена в 2025 г. Сегодня режим ЧС отменён.",
     ["Атака отражена в 2025 г.", "Сегодня режим ЧС отменён."]),
    ("ru", "Глава района написал: «Все службы работают». «Пострадавших нет», — добавил он.",
     ["Глава района написал: «Все службы работают».", "«Пострадавших нет», — добавил он."]),
    ("uk", "Уламки впали на вул. Садову у м. Суми. Постраждалих немає.",
     ["Уламки впали на вул. Садову у м. Суми.", "Постраждалих немає."]),
    ("uk", "Пошкоджено будинок у с. Степове Сумської обл. Рятувальники працюють на місці.",
     ["Пошкоджено будинок у с. Степове Сумської обл. Рятувальники працюють на місці."]),
    ("uk", "Збитки сягають 3 млн грн. Раніше повідомлялося про пожежу.",
     ["Збитки сягають 3 млн грн.", "Раніше повідомлялося про пожежу."]),
    ("uk", "Про це повідомив очільник ОВА І. Федоров. Вночі лунали вибухи.",
     ["Про це повідомив очільник ОВА І. Федоров.", "Вночі лунали вибухи."]),
    ("uk", "Удар завдано у 2024 р. Згодом підприємство відновило роботу, т.зв. резервна лінія діє.",
     ["Удар завдано у 2024 р.", "Згодом підприємство відновило роботу, т.зв. резервна лінія діє."]),
    ("uk", "Сили ППО збили 12 дронів. Ґрунтовні дані уточнюються.",
     ["Сили ППО збили 12 дронів.", "Ґрунтовні дані уточнюються."]),
])
def test_cyrillic_abbreviations(language, text, expected):
    assert texts_in(text, language) == expected


def test_english_rules_do_not_know_russian_abbreviations():
    # the English splitter is unchanged: "г." is no abbreviation to it
    assert len(texts_in("Сбит над г. Курском.", "en")) == 2
    assert texts_in("Дрон сбит в г. Курск.", "ru") == ["Дрон сбит в г. Курск."]


def test_block_language_chooses_the_rules_and_is_carried_by_the_sentence():
    text = "Сбиты над ул. Ленина два дрона.\n\nУламки впали на вул. Садову. Постраждалих немає."
    blocks = [Block("paragraph", 0, 31), Block("paragraph", 33, len(text), language="uk")]
    got = split_sentences(text, blocks, "ru")
    assert [(s.text, s.language) for s in got] == [
        ("Сбиты над ул. Ленина два дрона.", None),
        ("Уламки впали на вул. Садову.", "uk"), ("Постраждалих немає.", "uk")]


def test_tokens_with_offsets():
    from tacitus.nlp.segment import tokenize
    text = "У ніч на 21 вересня п'ять Су-34 та 1 500 дронів: р-н, 20.00, 5-й, Х-101."
    toks = tokenize(text)
    assert [t.text for t in toks] == ["У", "ніч", "на", "21", "вересня", "п'ять", "Су-34", "та", "1 500",
                                      "дронів", ":", "р-н", ",", "20.00", ",", "5-й", ",", "Х-101", "."]
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert [t.text for t in tokenize(text, 9, 19)] == ["21", "вересня"]
