"""Cleaner: boilerplate removed with reasons, captions kept, fused subheadings split."""
from __future__ import annotations

from datetime import date

import pytest

from tacitus.clean import clean, split_fused_heading
from tacitus.model import RawDocument, document_id


def cleaned(text: str, **kw):
    return clean(RawDocument(source="t", text=text, **kw))


def kinds_texts(doc):
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


REPORT = """Ukraine said its forces repelled 23 Russian assaults near Pokrovsk on Wednesday, the General Staff reported.

ADVERTISEMENT

Read more: Kremlin says no talks planned before autumn

Firefighters put out a blaze at a fuel depot hit by a drone in Bryansk, Russia, September 4, 2024. REUTERS/Anna Kuzmina

Story continues below advertisement

Share this article

Frontline pressure mounts near Pokrovsk On Thursday, Ukraine's commander-in-chief said the situation remained difficult.
"""


def test_report_blocks_and_removals():
    doc = cleaned(REPORT, published=date(2024, 9, 5), title="Pokrovsk", outlet="Steppe Times")
    assert kinds_texts(doc) == [
        ("paragraph", "Ukraine said its forces repelled 23 Russian assaults near Pokrovsk on Wednesday, "
                      "the General Staff reported."),
        ("caption", "Firefighters put out a blaze at a fuel depot hit by a drone in Bryansk, Russia, "
                    "September 4, 2024."),
        ("heading", "Frontline pressure mounts near Pokrovsk"),
        ("paragraph", "On Thursday, Ukraine's commander-in-chief said the situation remained difficult."),
    ]
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("advertisement", "ADVERTISEMENT"),
        ("cross-link", "Read more: Kremlin says no talks planned before autumn"),
        ("photo-credit", "REUTERS/Anna Kuzmina"),
        ("advertisement", "Story continues below advertisement"),
        ("share-prompt", "Share this article"),
    ]
    assert doc.id == document_id(doc.text)
    assert (doc.published, doc.title, doc.outlet, doc.source) == (date(2024, 9, 5), "Pokrovsk",
                                                                  "Steppe Times", "t")
    assert "\n\n" in doc.text and doc.text.count("\n\n") == len(doc.blocks) - 1


@pytest.mark.parametrize("line,reason", [
    ("Advertisement", "advertisement"),
    ("Sponsored", "advertisement"),
    ("Also Read | Israel strikes targets in southern Lebanon", "cross-link"),
    ("READ MORE: Sudan's army retakes Wad Madani", "cross-link"),
    ("Related: Houthis claim attack on cargo ship", "cross-link"),
    ("See also", "cross-link"),
    ("Recommended", "cross-link"),
    ("Follow us on Telegram for the latest updates", "share-prompt"),
    ("Subscribe to our newsletter", "share-prompt"),
    ("Click here to watch the video", "share-prompt"),
    ("(Photo: AFP)", "photo-credit"),
    ("Photo: AFP", "photo-credit"),
    ("AP Photo/Efrem Lukatsky", "photo-credit"),
    ("Getty Images", "photo-credit"),
])
def test_each_removal_reason(line, reason):
    doc = cleaned(f"Militants attacked a checkpoint in North Waziristan on Monday.\n\n{line}\n\n"
                  "Two soldiers were wounded, the army said.")
    assert [(r.text, r.reason) for r in doc.removed] == [(line, reason)]
    assert line not in doc.text


def test_ordinary_paragraph_mentioning_advertising_is_kept():
    par = "The advertisement campaign by the ministry urged residents to report drone sightings."
    doc = cleaned(par)
    assert doc.text == par and not doc.removed


@pytest.mark.parametrize("caption,credit", [
    ("Smoke rises over Khan Younis, in the southern Gaza Strip, January 22, 2024.", "REUTERS/Ibraheem Abu Mustafa"),
    ("A soldier fires a howitzer near Chasiv Yar.", "(Photo: AFP)"),
    ("Residents inspect a crater in Odesa.", "AP Photo/Nina Lyashonok"),
    ("Rescuers search rubble in Dnipro.", "Mykola Synelnykov/AFP via Getty Images"),
])
def test_caption_kept_and_credit_stripped(caption, credit):
    doc = cleaned(f"Officials reported heavy shelling overnight.\n\n{caption} {credit}\n\nMore strikes followed.")
    assert ("caption", caption) in kinds_texts(doc)
    assert [(r.text, r.reason) for r in doc.removed] == [(credit, "photo-credit")]


def test_html_caption_blocks_are_captions():
    raw = RawDocument(source="h", text="", kind="html", blocks=[
        ("title", "Blasts in Kherson"), ("paragraph", "Explosions shook Kherson on Monday."),
        ("caption", "A damaged tram depot in Kherson. Photo: Ukrinform"), ("heading", "Aftermath"),
        ("paragraph", "Power was restored by evening, officials said.")])
    doc = clean(raw)
    assert [k for k, _ in kinds_texts(doc)] == ["title", "paragraph", "caption", "heading", "paragraph"]
    assert kinds_texts(doc)[2] == ("caption", "A damaged tram depot in Kherson.")
    assert doc.removed[0].reason == "photo-credit"


@pytest.mark.parametrize("par,head,rest", [
    ("Talks with Russia 'need more momentum' On Friday, July 18 — a day after the strikes — the president spoke.",
     "Talks with Russia 'need more momentum'", "On Friday, July 18 — a day after the strikes — the president spoke."),
    ("Russia unleashes largest aerial assault on Ukraine Last week, Russia unleashed hundreds of drones.",
     "Russia unleashes largest aerial assault on Ukraine", "Last week, Russia unleashed hundreds of drones."),
    ("Kazan refinery targeted; flights temporarily halted Speaking about the attack, officials said a fire broke out.",
     "Kazan refinery targeted; flights temporarily halted", "Speaking about the attack, officials said a fire broke out."),
    ("Ceasefire Collapses In Eastern Congo Fighting Resumes The rebels seized two villages near Goma on Sunday.",
     "Ceasefire Collapses In Eastern Congo Fighting Resumes", "The rebels seized two villages near Goma on Sunday."),
    ("Strikes On Kharkiv Intensify According to the mayor, six people were hurt in the latest attack.",
     "Strikes On Kharkiv Intensify", "According to the mayor, six people were hurt in the latest attack."),
])
def test_fused_subheading_split(par, head, rest):
    assert split_fused_heading(par) == (head, rest)


@pytest.mark.parametrize("par", [
    "President Volodymyr Zelensky said on Friday that the talks needed more momentum.",
    "Russia's St Petersburg was targeted, reported The Wall Street Journal, citing officials.",
    "Judges at The Hague said the case would proceed next year despite objections.",
    "Speaking to The Associated Press, the governor said four drones were shot down.",
    "Officials said On Monday the convoy would leave, but it was delayed again.",
    "Local media reported explosions in the city of Sevastopol overnight.",
    "World War I veterans laid wreaths at the memorial in Kyiv on Sunday.",
])
def test_ordinary_sentences_not_split(par):
    assert split_fused_heading(par) is None
    doc = cleaned(par)
    assert [b.kind for b in doc.blocks] == ["paragraph"]


def test_standalone_heading_line():
    doc = cleaned("Drones hit an oil depot in Tuapse overnight.\n\nRefinery fire contained\n\n"
                  "Firefighters put out the blaze by morning, the regional administration said.")
    assert [b.kind for b in doc.blocks] == ["paragraph", "heading", "paragraph"]


def test_hard_wrapped_lines_are_joined_and_sentence_lines_split():
    doc = cleaned("Israeli aircraft struck targets in the\nsouthern suburbs of Beirut late on Sunday.\n"
                  "Hezbollah fired rockets at Haifa in response.\nAdvertisement\nNo casualties were reported.")
    assert kinds_texts(doc) == [
        ("paragraph", "Israeli aircraft struck targets in the southern suburbs of Beirut late on Sunday."),
        ("paragraph", "Hezbollah fired rockets at Haifa in response."),
        ("paragraph", "No casualties were reported."),
    ]
    assert doc.removed[0].reason == "advertisement"


def test_whitespace_and_invisible_characters_normalised():
    doc = cleaned("Shelling\u00a0hit  Nikopol\u200b on\tTuesday.")
    assert doc.text == "Shelling hit Nikopol on Tuesday."


def test_same_text_same_id():
    a = cleaned("Clashes erupted in Khartoum.\n\nAdvertisement\n\nThe army said it held the bridge.")
    b = cleaned("Clashes erupted in Khartoum.\n\nThe army said it held the bridge.\n")
    assert a.id == b.id and a.text == b.text


def test_sentence_ending_in_a_name_is_not_a_credit():
    doc = cleaned("The figures were confirmed by Credit Suisse\n\nShares fell after the report by analysts.")
    assert not any(r.reason == "photo-credit" for r in doc.removed)
    assert "caption" not in [b.kind for b in doc.blocks]
