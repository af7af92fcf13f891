"""Quantity roles and units, on sentences written for these tests."""
import pytest

from tacitus.extract.quantities import find_role, find_unit, quantities
from tacitus.model import Mention


class N:
    """A stand-in for a number reading with the fields quantities() uses."""

    def __init__(self, value, qualifier="exact", low=None, high=None):
        self.value, self.qualifier = value, qualifier
        self.low = value if low is None else low
        self.high = value if high is None else high


def mention(sentence, text, value, qualifier="exact"):
    start = sentence.index(text)
    return Mention(start, start + len(text), text, "number", N(value, qualifier))


@pytest.mark.parametrize("sentence, number, value, role, unit", [
    ("Air defence units shot down about 64 Ukrainian drones over the Bryansk region.", "about 64", 64, "intercepted", "drone"),
    ("More than 300 drones were launched at Kharkiv overnight.", "More than 300", 300, "launched", "drone"),
    ("Two missiles heading for the port were intercepted, the navy said.", "Two", 2, "intercepted", "missile"),
    ("The strike on the market killed at least 14 civilians.", "at least 14", 14, "killed", "person"),
    ("Nine people were wounded when a shell hit the bus station.", "Nine", 9, "injured", "person"),
    ("The army fired 40 rockets at the town.", "40", 40, "launched", "missile"),
    ("At least 12 were killed in the raid.", "At least 12", 12, "killed", "person"),
])
def test_roles_and_units(sentence, number, value, role, unit):
    got = quantities(sentence, [mention(sentence, number, value)], "attack")
    assert [(q.role, q.value, q.unit) for q in got] == [(role, value, unit)]


def test_unit_must_follow_the_number():
    s = "In 12 hours the shelling did not stop."
    assert find_unit(s, s.index("12") + 2)[0] is None
    assert quantities(s, [mention(s, "12", 12)], "attack") == []


def test_default_role_by_event_type():
    s = "Sirens sounded as 25 drones crossed the border."
    assert quantities(s, [mention(s, "25", 25)], "interception")[0].role == "intercepted"
    assert quantities(s, [mention(s, "25", 25)], "attack")[0].role == "launched"


def test_passive_cue_beats_a_participle():
    s = "The mayor said four drones flying towards the city were destroyed."
    assert find_role(s, s.index("four"), s.index("four") + 4 + len(" drones")) == "intercepted"


def test_of_which_inherits_the_unit():
    s = "Russia launched 90 drones, 70 of which were shot down."
    got = quantities(s, [mention(s, "90", 90), mention(s, "70", 70)], "attack")
    assert [(q.role, q.value, q.unit) for q in got] == [("launched", 90, "drone"), ("intercepted", 70, "drone")]
