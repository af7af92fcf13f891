"""Tests for how the geocoder reads a whole document: one lookup pass, a local choice
among namesakes, and places asked for by part of the text (``Geocoder.document``).

Every text here was written for these tests.
"""
from __future__ import annotations

import random

import pytest

from tacitus.geo import DocumentPlaces, Gazetteer, Geocoder
from tacitus.geo import resolver
from tacitus.geo.resolver import _Anchors, _anchor_bonus, _Text

FILLER = "the shelling went on through the night and into the morning, witnesses said. "


@pytest.fixture(scope="module")
def geo():
    return Geocoder(Gazetteer())


def _span_facts(spans):
    return [(s.start, s.end, s.name_end, s.kind, s.cued, s.fuzzy, s.village, s.key, s.after_place,
             [(p.id, m) for p, m in s.all_candidates]) for s in spans]


# focus outside the fuzzy-match countries, with names that have other spellings in Ukraine
OUTSIDE = [
    "Shelling hit Aleppo and Idlib on Monday. Officials in Damascus said the Syrian army "
    "moved towards Saraqib, near Maarat al-Numan. Olenivka was not mentioned.",
    "Police in Lyon and Marseille said a drone fell near Toulon. Mariupol was quiet. "
    "Lugansk officials and Horlivka residents were not reached; the French ministry spoke.",
    "Kabul, Kandahar and Herat: Afghan officials said. Bakhmut, Avdiivka. Dzerzhinsk.",
]


def test_second_pass_looks_up_again_only_what_the_focus_changes(geo):
    """The second pass (no fuzzy names outside the conflict, the focus as the hint) reuses
    the first pass's lookups that those cannot change: its spans are those of a second
    pass done from scratch, though most names are not looked up again."""
    changed = []
    for text in OUTSIDE:
        doc = _Text(text)
        doc.track_lookups()
        first = geo._spans(doc, None, None)
        geo._choose(first, None, None)
        ctx = geo._context_of(doc, first, None)
        assert ctx.focus and ctx.focus not in geo.fuzzy_countries
        calls = []
        lookup = geo._lookup_at
        geo._lookup_at = lambda d, i, f, h: calls.append(i) or lookup(d, i, f, h)
        try:
            doc.track = False
            reused = geo._spans(doc, None, ctx, reuse=True)
            redone = len(calls)
            fresh = geo._spans(_Text(text), None, ctx)
        finally:
            del geo._lookup_at
        assert _span_facts(reused) == _span_facts(fresh)
        assert 0 < redone < len(calls) - redone
        changed.append(_span_facts(first) != _span_facts(fresh))
    assert any(changed)  # the second pass does find otherwise: reusing all would be wrong


def test_a_document_about_the_conflict_is_looked_up_once(geo):
    text = ("Russian drones struck Kharkiv and Sumy overnight, the governor said. In Odesa "
            "a port was hit; Ukrainian air defence downed drones over Kyiv.")
    calls = []
    lookup = geo._lookup_at
    geo._lookup_at = lambda d, i, f, h: calls.append(i) or lookup(d, i, f, h)
    try:
        geo.find_document(text)
    finally:
        del geo._lookup_at
    assert len(calls) == len(set(calls)) > 3


def test_a_place_far_away_in_the_text_no_longer_pulls_a_namesake(geo):
    """Lviv beside "Mykolaiv" makes it the village near Lviv; a whole report later it is
    the city again (the neighbours that count lie within _NEIGHBOUR_CHARS)."""
    def mykolaiv(n):
        text = f"Drones struck Lviv overnight. {FILLER * n}Later Mykolaiv came under fire."
        (m,) = [m for m in geo.find_document(text)[0] if m.text == "Mykolaiv"]
        return m.value.admin1, len(text)

    near, short = mykolaiv(5)
    far, long = mykolaiv(resolver._NEIGHBOUR_CHARS // len(FILLER) + 2)
    assert short < resolver._NEIGHBOUR_CHARS < long - 40
    assert near == "Lviv Oblast" and far == "Mykolaiv Oblast"


def test_anchor_bonus_walks_out_by_latitude_and_finds_the_nearest(geo):
    """The bonus from the sorted anchors equals the one measured to every anchor."""
    def brute(lat, lon, anchors):
        cos = resolver.math.cos(lat * resolver._RADIANS)
        d2 = min((a - lat) ** 2 + ((b - lon) * cos) ** 2 for a, b in anchors)
        d = 111.2 * resolver.math.sqrt(d2)
        return (3.0 if d < 40 else 1.5 if d < 120 else 0.0) - min(d, 300.0) / 1000

    rnd = random.Random(7)
    for _ in range(300):
        points = {(round(rnd.uniform(44, 53), 4), round(rnd.uniform(22, 41), 4))
                  for _ in range(rnd.randint(1, 40))}
        lat, lon = rnd.uniform(43, 54), rnd.uniform(20, 43)
        assert _anchor_bonus(lat, lon, _Anchors(points)) == brute(lat, lon, points)
    lone = {(48.0, 37.8)}
    assert _anchor_bonus(48.0, 37.8, _Anchors(lone)) == 3.0
    assert _anchor_bonus(10.0, 10.0, _Anchors(lone)) == pytest.approx(-0.3)


def test_document_places_of_some_parts_of_the_text(geo):
    text = ("Russian drones struck Kharkiv overnight. In Odesa a port was hit. "
            "Officials in Kyiv said air defence worked. Later Mykolaiv came under fire.")
    places = geo.document(text)
    assert isinstance(places, DocumentPlaces)
    every = places.mentions()
    assert [m.text for m in every] == ["Kharkiv", "Odesa", "Kyiv", "Mykolaiv"]
    assert (every, places.context) == geo.find_document(text)
    second = text.index("In Odesa"), text.index(" Officials")
    fourth = text.index("Later"), len(text)
    some = places.mentions([fourth, second])
    assert some == [m for m in every if m.text in ("Odesa", "Mykolaiv")]
    assert places.mentions([(0, 10)]) == []
    assert places.mentions() == every  # asking for parts leaves the whole as it was


def test_document_places_choose_with_the_names_within_reach(geo):
    """Asked for the end of a long text, the choice sees only the names within reach of
    it: the village near Lviv is no nearer than the big Mykolaiv."""
    text = (f"Drones struck Lviv overnight. {FILLER * (DocumentPlaces.REACH // len(FILLER) + 5)}"
            "Later Mykolaiv came under fire.")
    places = geo.document(text)
    end = (text.index("Later"), len(text))
    assert DocumentPlaces.REACH < end[0]
    (m,) = places.mentions([end])
    assert m.text == "Mykolaiv" and m.value.admin1 == "Mykolaiv Oblast"


def test_neighbours_counted_as_the_reach_moves_are_those_within_reach(geo):
    """_Around's counts, moved along a long text, give for each name the positions of
    the other places within _NEIGHBOUR_CHARS and the context's anchors there."""
    towns = ["Kharkiv", "Izium", "Kupiansk", "Lviv", "Sumy", "Bakhmut", "Mykolaiv", "Odesa",
             "Kherson", "Poltava", "Chernihiv", "Zhytomyr", "Vinnytsia", "Uman", "Lutsk", "Rivne",
             "Ternopil", "Uzhhorod", "Kropyvnytskyi", "Cherkasy", "Dnipro", "Kramatorsk"]
    text = "".join(f"Drones struck {towns[n // 3]} and {towns[(n // 3 + 1) % len(towns)]}. "
                   + FILLER * (n % 9) * (resolver._NEIGHBOUR_CHARS // 6_000 + 1)
                   for n in range(3 * len(towns)))
    places = geo.document(text)
    places.mentions()  # choices made, as _choose leaves them
    spans, ctx = places._spans, places.context
    assert len(text) > 3 * resolver._NEIGHBOUR_CHARS and ctx.anchors
    around = resolver._Around(spans, ctx, True)
    assert not around.direct
    reach = resolver._NEIGHBOUR_CHARS
    for s in spans:
        want = {resolver._anchor_point(o) for o in spans
                if o is not s and abs(o.start - s.start) <= reach} - {None}
        want |= {(a, b) for (k, a, b), at in zip(ctx.anchors, ctx.anchor_at)
                 if k != s.key and abs(at - s.start) <= reach}
        assert around.points(s) == want
