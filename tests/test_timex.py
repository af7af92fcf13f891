"""Tests of tacitus.nlp.timex on short reports written for these tests."""
from datetime import date

import pytest

from tacitus.model import TimeSpan
from tacitus.nlp.timex import anchor_offset, default_time, find_times

FRI = date(2025, 7, 18)   # a Friday
TUE = date(2024, 3, 5)    # a Tuesday, leap year
JAN = date(2025, 1, 3)    # early January


def one(text: str, published: date | None = FRI) -> tuple[str, str, str, str]:
    """(span text, start, end, precision) of the single time expression in text."""
    found = find_times(text, published)
    assert len(found) == 1, [m.text for m in found]
    m = found[0]
    return m.text, m.value.start.isoformat(), m.value.end.isoformat(), m.value.precision


@pytest.mark.parametrize("text, expected", [
    ("Russia launched 80 drones on Thursday, July 17, the air force said.",
     ("on Thursday, July 17", "2025-07-17", "2025-07-17", "day")),
    ("Shelling hit Kherson on Thursday, officials said.",
     ("on Thursday", "2025-07-17", "2025-07-17", "day")),
    ("Drones struck a depot in Port Sudan on Friday.",
     ("on Friday", "2025-07-18", "2025-07-18", "day")),
    ("The talks in Doha resumed on July 14.",
     ("on July 14", "2025-07-14", "2025-07-14", "day")),
    ("The junta bombed a monastery in Sagaing on 9 July.",
     ("on 9 July", "2025-07-09", "2025-07-09", "day")),
    ("The ceasefire collapsed on July 17, 2024, mediators recalled.",
     ("on July 17, 2024", "2024-07-17", "2024-07-17", "day")),
    ("The report is dated 2025-07-16.",
     ("2025-07-16", "2025-07-16", "2025-07-16", "day")),
    ("Overnight, Russia fired 12 missiles at Lviv.",
     ("Overnight", "2025-07-17", "2025-07-18", "night")),
    ("Explosions were heard in Belgorod last night.",
     ("last night", "2025-07-17", "2025-07-18", "night")),
    ("Ukraine attacked the refinery overnight into Friday, Moscow said.",
     ("overnight into Friday", "2025-07-17", "2025-07-18", "night")),
    ("On the night of July 16-17, drones hit Izmail port.",
     ("On the night of July 16-17", "2025-07-16", "2025-07-17", "night")),
    ("The night of 12 to 13 July was the worst, residents said.",
     ("The night of 12 to 13 July", "2025-07-12", "2025-07-13", "night")),
    ("A blast shook Goma on Tuesday night.",
     ("on Tuesday night", "2025-07-15", "2025-07-16", "night")),
    ("Gunmen attacked the convoy late on Sunday near Timbuktu.",
     ("late on Sunday", "2025-07-13", "2025-07-13", "day")),
    ("Israeli strikes killed 20 people early on Monday in Khan Younis.",
     ("early on Monday", "2025-07-14", "2025-07-14", "day")),
    ("Yesterday, fighters overran an army post in Burkina Faso.",
     ("Yesterday", "2025-07-17", "2025-07-17", "day")),
    ("The mayor said today that power was restored.",
     ("today", "2025-07-18", "2025-07-18", "day")),
    ("Sirens sounded in Kharkiv this morning.",
     ("this morning", "2025-07-18", "2025-07-18", "day")),
    ("Earlier today the army said it had pushed back the assault.",
     ("Earlier today", "2025-07-18", "2025-07-18", "day")),
    ("Rebels seized two towns in Rakhine last week.",
     ("last week", "2025-07-07", "2025-07-13", "week")),
    ("Aid trucks entered Gaza this week.",
     ("this week", "2025-07-14", "2025-07-18", "week")),
    ("The RSF shelled El Fasher repeatedly last month.",
     ("last month", "2025-06-01", "2025-06-30", "month")),
    ("Earlier this month the militia withdrew from Menaka.",
     ("Earlier this month", "2025-07-01", "2025-07-18", "month")),
    ("Earlier this year the army lost the border crossing.",
     ("Earlier this year", "2025-01-01", "2025-07-18", "year")),
    ("Last year the group kidnapped 40 students.",
     ("Last year", "2024-01-01", "2024-12-31", "year")),
    ("The offensive stalled in March.",
     ("in March", "2025-03-01", "2025-03-31", "month")),
    ("The offensive stalled in March 2022.",
     ("in March 2022", "2022-03-01", "2022-03-31", "month")),
    ("More than 6 million people have fled since February 2022.",
     ("since February 2022", "2022-02-01", "2025-07-18", "range")),
    ("The invasion began on February 24, 2022.",
     ("on February 24, 2022", "2022-02-24", "2022-02-24", "day")),
    ("The village was shelled two days ago.",
     ("two days ago", "2025-07-16", "2025-07-16", "day")),
    ("Drones hit Kursk over the weekend.",
     ("over the weekend", "2025-07-12", "2025-07-13", "range")),
    ("Protesters gathered in Bamako at the weekend.",
     ("at the weekend", "2025-07-12", "2025-07-13", "range")),
    ("Fighting has intensified in recent days around Pokrovsk.",
     ("in recent days", "2025-07-11", "2025-07-18", "range")),
    ("Air defences downed 40 drones in the past 24 hours.",
     ("in the past 24 hours", "2025-07-17", "2025-07-18", "range")),
    ("Air defences downed 300 drones over the past three weeks.",
     ("over the past three weeks", "2025-06-27", "2025-07-18", "range")),
    ("The town fell last Friday.",
     ("last Friday", "2025-07-11", "2025-07-11", "day")),
    ("Explosions hit Odesa in the early hours of Saturday.",
     ("in the early hours of Saturday", "2025-07-11", "2025-07-12", "night")),
    ("Drones attacked during the night of Saturday to Sunday.",
     ("during the night of Saturday to Sunday", "2025-07-12", "2025-07-13", "night")),
    ("Strikes continued in mid-June.",
     ("in mid-June", "2025-06-01", "2025-06-30", "month")),
    ("The unrest has spread since Monday.",
     ("since Monday", "2025-07-14", "2025-07-18", "range")),
    ("The rebels have held the town since 2014.",
     ("since 2014", "2014-01-01", "2025-07-18", "range")),
    ("The army has used the base since early 2023.",
     ("since early 2023", "2023-01-01", "2025-07-18", "range")),
    ("The truce held between July 10 and 15, monitors said.",
     ("between July 10 and 15", "2025-07-10", "2025-07-15", "range")),
    ("Clashes flared between 3 and 5 June in Kidal.",
     ("between 3 and 5 June", "2025-06-03", "2025-06-05", "range")),
    ("The army said on Fri., Jul. 18 that it repelled an attack.",
     ("on Fri., Jul. 18", "2025-07-18", "2025-07-18", "day")),
    ("The decree was signed on 17.07.2025 in Naypyitaw.",
     ("on 17.07.2025", "2025-07-17", "2025-07-17", "day")),
    ("By the end of 2024 the front line had barely moved.",
     ("By the end of 2024", "2024-01-01", "2024-12-31", "year")),
    ("Talks are due to resume tomorrow in Jeddah.",
     ("tomorrow", "2025-07-19", "2025-07-19", "day")),
    ("Russia fired 45 drones overnight on Thursday, July 17, the air force said.",
     ("overnight on Thursday, July 17", "2025-07-16", "2025-07-17", "night")),
])
def test_resolves(text, expected):
    assert one(text) == expected


def test_day_month_without_year_takes_the_recent_year():
    # a report of 3 January about 30 December is about the previous December
    assert one("Shelling killed six people on December 30.", JAN)[1:] == ("2024-12-30", "2024-12-30", "day")
    assert one("Shelling killed six people in December.", JAN)[1:] == ("2024-12-01", "2024-12-31", "month")


def test_weekday_before_publication_in_a_leap_year():
    # published Tuesday 5 March 2024: "Thursday" is 29 February
    assert one("The strike on Thursday killed three.", TUE)[1:] == ("2024-02-29", "2024-02-29", "day")
    assert one("Fighting resumed over the weekend.", TUE)[1:] == ("2024-03-02", "2024-03-03", "range")
    assert one("Gunfire was heard last week.", TUE)[1:] == ("2024-02-26", "2024-03-03", "week")


def test_anchor_relative_expressions_fall_back_to_publication():
    assert one("A day after the strike, rescuers found more bodies.")[1:] == ("2025-07-18", "2025-07-18", "day")
    assert one("The day before, the army had warned residents.")[1:] == ("2025-07-17", "2025-07-17", "day")
    assert anchor_offset("a day after") == 1
    assert anchor_offset("The day before") == -1
    assert anchor_offset("three days earlier") == -3
    assert anchor_offset("two weeks later") == 14
    assert anchor_offset("yesterday") is None


def test_without_publication_date_only_absolute_dates_resolve():
    text = ("On Thursday, July 17, drones hit Sumy; on 20 June 2024 a market was shelled; "
            "yesterday and last week were quiet; the war began in February 2022.")
    found = [(m.text, m.value.start.isoformat(), m.value.precision) for m in find_times(text, None)]
    assert found == [("on 20 June 2024", "2024-06-20", "day"),
                     ("in February 2022", "2022-02-01", "month")]


@pytest.mark.parametrize("text", [
    "Ukraine may strike again, officials warned.",
    "Thousands march on the capital to demand peace.",
    "Russia launched 2025 drones is not a thing anyone wrote.",
    "The brigade lost 30 soldiers and 12 vehicles.",
    "Curfew begins at 18:00 and the 3rd Brigade holds the line.",
    "The governor said the attack damaged a school.",
    "Oil spilled from the 2000-tonne tanker off the coast.",
])
def test_no_time(text):
    assert find_times(text, FRI) == []


def test_several_in_order_with_offsets():
    text = "Drones hit Odesa overnight, and on Wednesday a missile struck Dnipro, officials said today."
    found = find_times(text, FRI)
    assert [m.text for m in found] == ["overnight", "on Wednesday", "today"]
    for m in found:
        assert text[m.start:m.end] == m.text == m.value.text
        assert m.label == "time" and isinstance(m.value, TimeSpan)


def test_default_time():
    span = default_time(FRI)
    assert (span.start, span.end, span.precision) == (date(2025, 7, 17), FRI, "range")
    assert default_time(None) is None

