"""Issue 10, pass 3: figures told after the event, and whose claim they are
(reports written for these tests, never real text)."""
from datetime import date

from tacitus.model import RawDocument
from tacitus.pipeline import get_pipeline


def extract(text: str, published=date(2025, 6, 14), outlet=None):
    raw = RawDocument(source="t.txt", text=text, published=published, outlet=outlet)
    return get_pipeline().process(raw).events


def attacks_at(events, name):
    """The attacks at the place whose name begins so (gazetteer spellings vary)."""
    return [e for e in events if e.type == "attack" and any(p.name.startswith(name) for p in e.places)]


def figures(ev):
    return {(q.role, q.value) for q in ev.quantities}


def test_the_figures_bring_their_claimant_when_merged_into_the_event():
    text = ("A Russian missile strike hit a hospital in the city of Poltava overnight, regional governor Dmytro Lunin said.\n\n"
            "President Volodymyr Zelenskyy said in a statement that the strike on Poltava killed 14 people "
            "and injured 41 others.")
    [ev] = attacks_at(extract(text, outlet="Example Wire"), "Poltava")
    assert {("killed", 14), ("injured", 41)} <= figures(ev)
    assert "Zelensk" in (ev.claim.claimant or "")


def test_a_claimant_without_figures_stays_when_a_later_speaker_adds_none():
    text = ("Drones struck an oil depot in the city of Bryansk on Monday, Governor Alexander Bogomaz said.\n\n"
            "The strike on Bryansk caused a large fire, a local official said.")
    [ev] = attacks_at(extract(text), "Bryansk")
    assert "Bogomaz" in (ev.claim.claimant or "")


def test_an_exact_toll_told_later_replaces_a_vague_one():
    text = ("An air strike hit a market in the town of Maiduguri on Saturday, killing dozens of people, "
            "residents said.\n\n"
            '"We have buried 47 people who were killed in the strike," said a local imam.')
    events = attacks_at(extract(text), "Maiduguri")
    assert len(events) == 1
    assert ("killed", 47) in figures(events[0])
    assert not any(q.qualifier == "range" for q in events[0].quantities)


def test_two_exact_tolls_stay_two_claims():
    text = ("A drone strike hit a market in the town of Maiduguri on Saturday, killing 12 people, "
            "the army said.\n\n"
            "A local official said the strike on Maiduguri killed 47 people.")
    tolls = sorted(q.value for e in attacks_at(extract(text), "Maiduguri") for q in e.quantities
                   if q.role == "killed")
    assert tolls == [12, 47]


def test_casualties_told_in_a_follow_up_sentence_bring_their_speaker():
    text = ("A Russian glide bomb hit an apartment block in the city of Zaporizhzhia on Thursday evening, "
            "Ukraine's State Emergency Service said.\n\n"
            "Eleven people were injured, regional governor Ivan Fedorov said on Telegram.")
    [ev] = attacks_at(extract(text, outlet="Kyiv Daily"), "Zaporizh")
    assert ("injured", 11) in figures(ev)
    assert "Fedorov" in (ev.claim.claimant or "")


def test_a_follow_up_speaker_without_figures_leaves_the_claimant():
    text = ("A Russian glide bomb hit an apartment block in the city of Zaporizhzhia on Thursday evening, "
            "killing three people, regional governor Ivan Fedorov said.\n\n"
            "Five more people were injured, the national police said.")
    [ev] = attacks_at(extract(text), "Zaporizh")
    assert "Fedorov" in (ev.claim.claimant or "")


def test_the_speaker_who_makes_a_vague_toll_exact_is_the_claimant():
    text = ("A drone strike hit a market in the town of Maiduguri on Saturday, wounding dozens of people, "
            "the state news agency reported.\n\n"
            "A local hospital director, Musa Bello, said 57 people were wounded in the strike on Maiduguri.")
    [ev] = attacks_at(extract(text), "Maiduguri")
    assert figures(ev) == {("injured", 57)}
    assert "Bello" in (ev.claim.claimant or "")


def test_a_suicide_bomber_is_the_attacker_not_an_aircraft_launched():
    text = ("A suicide bomber and two gunmen attacked a crowded market in the town of Baidoa on Friday, "
            "killing nine people, a police officer said.")
    events = extract(text)
    assert events
    units = {q.unit for e in events for q in e.quantities}
    assert "aircraft" not in units
    assert any(q.role == "killed" and q.value == 9 for e in events for q in e.quantities)
