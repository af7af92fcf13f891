"""Telegram markup taken out in the clean stage, with what was removed recorded."""
from __future__ import annotations

from tacitus.clean import clean
from tacitus.markup import strip_markup
from tacitus.model import RawDocument


def test_plain_text_is_untouched():
    text = "Drones hit an oil depot overnight. The governor said two people were hurt."
    assert strip_markup(text) == (text, [])


def test_bold_italic_and_links():
    text = ("**Итоги ночи** ПВО __сбиты__ три беспилотника, [подробности](https://example.org/a/1) "
            "в нашем обзоре.")
    plain, removed = strip_markup(text)
    assert " ".join(plain.split()) == "Итоги ночи ПВО сбиты три беспилотника, подробности в нашем обзоре."
    assert removed == [("https://example.org/a/1", "link")]


def test_emoji_bullets_become_paragraphs_and_the_signature_is_recorded():
    text = ("⚡️ **За минулу добу ворог атакував громади області.**\n"
            "◽️ Над Сумщиною збито 7 дронів\n"
            "🔹 Над Чернігівщиною збито 4 дрони\n\n"
            "#новини #ППО\n"
            "🔹 @example_air_channel")
    doc = clean(RawDocument(source="t", text=text))
    assert doc.text.split("\n\n") == ["За минулу добу ворог атакував громади області.",
                                      "Над Сумщиною збито 7 дронів",
                                      "Над Чернігівщиною збито 4 дрони"]
    assert [(r.text, r.reason) for r in doc.removed] == [("#новини #ППО", "hashtags"),
                                                          ("@example_air_channel", "signature")]
    assert doc.language == "uk"


def test_flattened_post_bullets_after_spaces_or_a_sentence_end():
    text = ("**Сообщение пресс-службы группировки «Север»  **◽️ На Курском направлении сбиты "
            "два беспилотника.  💥 Расчётом ЗРК уничтожена ракета. 🔹 [Пресс-служба](https://t.me/example_press)")
    doc = clean(RawDocument(source="t", text=text))
    assert doc.text.split("\n\n") == ["Сообщение пресс-службы группировки «Север»",
                                      "На Курском направлении сбиты два беспилотника.",
                                      "Расчётом ЗРК уничтожена ракета."]
    assert [r.reason for r in doc.removed] == ["signature"]
    assert doc.blocks[0].kind == "heading"


def test_emoji_inside_a_sentence_is_a_space_and_inline_hashtags_keep_their_word():
    plain, removed = strip_markup("Над #Одесою 🔥 збито ракету, повідомили у #ППО Півдня.")
    assert " ".join(plain.split()) == "Над Одесою збито ракету, повідомили у ППО Півдня."
    assert removed == []


def test_a_post_of_only_hashtags_keeps_them():
    plain, removed = strip_markup("#Харків #вибухи")
    assert removed == []
    assert plain == "Харків вибухи"


def test_images_without_text_go():
    plain, removed = strip_markup("![](https://example.org/i.jpg) Над містом збито дрон.")
    assert plain.strip() == "Над містом збито дрон."
    assert removed == [("https://example.org/i.jpg", "link")]


def test_email_at_the_end_is_not_a_signature():
    plain, removed = strip_markup("Пишіть нам: press@example.org")
    assert removed == []


def test_keycap_numbers_are_bullets():
    plain, _ = strip_markup("Итоги:\n1️⃣ сбиты 3 БПЛА\n2️⃣ пострадавших нет")
    assert [p.strip() for p in plain.split("\n\n") if p.strip()] == ["Итоги:", "сбиты 3 БПЛА", "пострадавших нет"]


def test_underscores_inside_names_stay():
    text = "The page ran window.__probe=1 and snake__case names; __this__ was italic."
    plain, _ = strip_markup(text)
    assert plain == "The page ran window.__probe=1 and snake__case names; this was italic."
