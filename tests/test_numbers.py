"""Tests of tacitus.nlp.numbers on short reports written for these tests."""

import pytest

from tacitus.nlp.numbers import NumberValue, find_numbers


def readings(text: str) -> list[tuple[str, int, int, int | None, str]]:
    """(span text, value, low, high, qualifier) of every number in text."""
    return [(m.text, m.value.value, m.value.low, m.value.high, m.value.qualifier)
            for m in find_numbers(text)]


@pytest.mark.parametrize("text, expected", [
    ("Russia launched around 122 drones overnight, the air force said.",
     ("around 122", 122, 122, 122, "approx")),
    ("Kyiv said more than 700 missiles had been fired at the city since spring.",
     ("more than 700", 700, 700, None, "at_least")),
    ("At least 12 people were killed in the market in El Fasher, medics said.",
     ("At least 12", 12, 12, None, "at_least")),
    ("Up to 40 fighters crossed the border near Menaka, a local official said.",
     ("Up to 40", 40, 0, 40, "at_most")),
    ("Nearly 50 homes were flattened in the shelling of Khan Younis.",
     ("Nearly 50", 50, 0, 50, "at_most")),
    ("Some 30 villagers fled toward the Thai border.",
     ("Some 30", 30, 30, 30, "approx")),
    ("The junta detained about two dozen protesters in Mandalay.",
     ("about two dozen", 24, 24, 24, "approx")),
    ("Between 10 and 20 armed men on motorbikes stormed the village.",
     ("Between 10 and 20", 10, 10, 20, "range")),
    ("Witnesses counted 10-15 trucks leaving the depot.",
     ("10-15", 10, 10, 15, "range")),
    ("Dozens of civilians were trapped under the rubble in Rafah.",
     ("Dozens", 24, 24, 99, "range")),
    ("Hundreds of families left Zaporizhzhia on Tuesday.",
     ("Hundreds", 200, 200, 999, "range")),
    ("Scores of bodies lay in the streets of Geneina.",
     ("Scores", 40, 40, 99, "range")),
    ("A dozen drones were downed over the Kursk region.",
     ("A dozen", 12, 12, 12, "exact")),
    ("Three soldiers were wounded near Pokrovsk.",
     ("Three", 3, 3, 3, "exact")),
    ("Twenty-five students were abducted from a school in Katsina.",
     ("Twenty-five", 25, 25, 25, "exact")),
    ("The blast damaged 1,200 apartments in Odesa.",
     ("1,200", 1200, 1200, 1200, "exact")),
    ("The UN said 1.5 million people had been displaced in Darfur.",
     ("1.5 million", 1500000, 1500000, 1500000, "exact")),
    ("Some 2 million residents were left without power.",
     ("Some 2 million", 2000000, 2000000, 2000000, "approx")),
    ("The army said one hundred and twenty shells hit the town.",
     ("one hundred and twenty", 120, 120, 120, "exact")),
    ("A hundred rockets were fired from southern Lebanon.",
     ("A hundred", 100, 100, 100, "exact")),
    ("Several people died when the convoy was ambushed near Gao.",
     ("Several", 3, 3, 9, "range")),
    ("Upwards of 300 prisoners were exchanged at the border.",
     ("Upwards of 300", 300, 300, None, "at_least")),
    ("The ministry said 50 or more drones were destroyed.",
     ("50 or more", 50, 50, None, "at_least")),
    ("Police said 30 or so people gathered outside the embassy.",
     ("30 or so", 30, 30, 30, "approx")),
    ("Two or three mortar rounds landed near the camp.",
     ("Two or three", 2, 2, 3, "range")),
    ("Tens of thousands of people fled Wad Madani.",
     ("Tens of thousands", 20000, 20000, 99999, "range")),
    ("Half a dozen tanks were seen near Sittwe.",
     ("Half a dozen", 6, 6, 6, "exact")),
    ("An estimated 4,000 troops massed at the frontier.",
     ("An estimated 4,000", 4000, 4000, 4000, "approx")),
    ("Around 2000 troops were redeployed to the south.",
     ("Around 2000", 2000, 2000, 2000, "approx")),
])
def test_single_number(text, expected):
    assert readings(text) == [expected]


def test_offsets_and_number_start():
    text = "Officials said at least 17 people were killed."
    [m] = find_numbers(text)
    assert text[m.start:m.end] == m.text == "at least 17"
    assert isinstance(m.value, NumberValue)
    assert m.label == "number"
    assert text[m.value.number_start:].startswith("17 people")


def test_several_numbers_in_order():
    text = ("Russia fired 45 drones and four missiles; air defences downed 38 drones "
            "and two missiles, while 7 reached their targets.")
    assert [m.value.value for m in find_numbers(text)] == [45, 4, 38, 2, 7]


@pytest.mark.parametrize("text", [
    "In 2022 Russia launched a full-scale invasion.",
    "The offensive began in 2023, officials recalled.",
    "The strike happened on July 17, the ministry said.",
    "The strike happened on 17 July, the ministry said.",
    "Fighting resumed on 2025-07-18 at dawn.",
    "The curfew starts at 18:00 local time.",
    "Sirens sounded at 3 a.m. across the capital.",
    "Sirens sounded at 4am in Kharkiv.",
    "It was the second attack this week on the 3rd Brigade.",
    "Power output fell by 15% after the strike.",
    "Prices rose 12 percent in a month.",
    "Washington approved $5 billion in aid.",
    "The EU pledged 2 million euros for repairs.",
    "Russia used Kh-101 missiles and an S-300 battery.",
    "A Su-34 jet and Tu-95 bombers took part.",
    "The first F-16s arrived along with M777 howitzers.",
    "A MiG-31 and Shahed-136 drones were detected; HIMARS struck back.",
    "One of the drones hit a power line.",
    "No one was hurt, the governor said.",
    "A day after the raid, the mayor visited the site.",
    "The artillery fired 152mm shells all night.",
    "The Security Council cited Resolution 2334.",
    "Flight 752 was shot down near Tehran.",
    "On the night of July 16-17 the port was hit.",
    "On the night of 16-17 July the port was hit.",
    "The dates 17/07/2025 and 18.07.2025 appear in the order.",
    "Aid flows 24/7 through the crossing.",
    "The militia was formed in the 1990s.",
    "Drones hit a factory in Yelabuga, a thousand kilometres away... in March 2024.",
    "The fund got 1.2bn from donors.",
    "Germany sent more Leopard 2 tanks.",
    "The school No. 5 in Sumy was damaged.",
    "Two-thirds of the district lost power.",
])
def test_not_counts(text):
    found = [m.text for m in find_numbers(text) if m.text.lower() != "a thousand"]
    assert found == []


def test_month_then_comma_does_not_hide_a_count():
    text = "A total of 1,027 drones were launched in the first week of July, 94 of them decoys."
    assert [r[1] for r in readings(text)] == [1027, 94]


def test_qualified_word_numbers():
    assert readings("More than a dozen drones and about a hundred shells fell.") == [
        ("More than a dozen", 12, 12, None, "at_least"), ("about a hundred", 100, 100, 100, "approx")]
    assert readings("No more than five trucks got through.") == [("No more than five", 5, 0, 5, "at_most")]


def test_from_to_is_a_change_not_a_range():
    found = readings("The death toll rose from 30 to 52, rescuers said.")
    assert [r[1] for r in found] == [30, 52]
    assert all(r[4] == "exact" for r in found)


def test_designator_needs_capital():
    assert readings("Route 66 was closed.") == []
    assert [r[1] for r in readings("They hit the building 30 minutes later.")] == [30]


def test_year_followed_by_plural_is_a_count():
    assert [r[1] for r in readings("Some 1500 troops and 2000 soldiers arrived.")] == [1500, 2000]
    assert readings("In 2024 drones became the main weapon.") == []


def test_no_numbers_in_plain_text():
    assert find_numbers("Air raid sirens sounded across Ukraine on Tuesday.") == []

