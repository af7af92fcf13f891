"""Sentence-level event typing: tacitus types, the 25 ACLED sub-event types,
negatives, negation, ordering and the ACLED mapping. All sentences are written
for these tests."""

import pytest

from tacitus.extract.acled import acled_for, acled_sub_events, sub_event_for_weapons
from tacitus.extract.classify import TypeHit, classify


def first_sub(sentence: str) -> str | None:
    """The ACLED sub-event of the first non-negated hit that has one (what the scorer reads)."""
    for hit in classify(sentence):
        if hit.sub_event_type and not hit.negated:
            return hit.sub_event_type
    return None


SUB_EVENT_CASES = [
    # Battles
    ("Armed clash", "Heavy clashes broke out between government troops and rebels near Goma on Sunday."),
    ("Armed clash", "Taliban fighters attacked a police checkpoint in Kunduz province, killing four officers."),
    ("Armed clash", "Soldiers repelled an assault by insurgents on their base outside Maiduguri."),
    ("Armed clash", "Ukrainian units fought off Russian infantry near Chasiv Yar for a third day."),
    ("Government regains territory", "The army recaptured the town of Dera from Islamic State fighters after a week-long siege."),
    ("Government regains territory", "Government forces retook control of the airport on Tuesday, a military spokesman said."),
    ("Government regains territory", "Iraqi troops liberated three villages south of Mosul."),
    ("Non-state actor overtakes territory", "Al-Shabaab militants seized control of the coastal town of Marka overnight."),
    ("Non-state actor overtakes territory", "Jihadists overran an army outpost in northern Burkina Faso."),
    ("Non-state actor overtakes territory", "The district fell to the Taliban after government forces fled."),
    # Explosions / remote violence
    ("Air/drone strike", "Saudi-led warplanes bombed a market in Saada province, killing 12 people."),
    ("Air/drone strike", "A drone strike hit a car carrying two commanders near Idlib."),
    ("Air/drone strike", "Russian aircraft dropped glide bombs on Kostiantynivka on Friday."),
    ("Air/drone strike", "Overnight, 40 Shahed drones struck energy facilities in the Odesa region."),
    ("Shelling/artillery/missile attack", "Russian forces shelled residential areas of Kherson, wounding three civilians."),
    ("Shelling/artillery/missile attack", "Militants fired a barrage of rockets at the airbase late on Monday."),
    ("Shelling/artillery/missile attack", "An Iskander-M missile struck the city centre of Sumy."),
    ("Shelling/artillery/missile attack", "Mortar rounds landed near the stadium, injuring two players."),
    ("Suicide bomb", "A suicide bomber detonated his vest at a wedding in Kabul, killing 30."),
    ("Suicide bomb", "A suicide car bomb rammed the gates of the military compound."),
    ("Remote explosive/landmine/IED", "A roadside bomb exploded under an army truck in Helmand, killing two soldiers."),
    ("Remote explosive/landmine/IED", "Two farmers were killed when their tractor hit a landmine in Donetsk region."),
    ("Remote explosive/landmine/IED", "An improvised explosive device went off near a police van in Peshawar."),
    ("Grenade", "Unknown attackers hurled a grenade into a crowded bar in Mombasa."),
    ("Grenade", "Six people were wounded in a grenade attack on a bus station in Cotabato."),
    ("Chemical weapon", "Inspectors concluded that chlorine gas was used in the attack on the suburb."),
    ("Chemical weapon", "Dozens suffered breathing problems after a suspected poison gas attack on the village."),
    # Violence against civilians
    ("Sexual violence", "Soldiers raped at least 20 women during the raid, a rights group said."),
    ("Sexual violence", "The girl was sexually assaulted by two militiamen at a checkpoint."),
    ("Attack", "Gunmen opened fire on worshippers leaving a mosque in Kaduna, killing seven."),
    ("Attack", "Militants massacred 40 villagers in an overnight raid on the settlement."),
    ("Abduction/forced disappearance", "Armed men kidnapped 15 students from a boarding school in Zamfara."),
    ("Abduction/forced disappearance", "Two aid workers were abducted by gunmen on the road to Gao."),
    # Protests
    ("Peaceful protest", "Thousands of teachers marched through Bogota to demand higher wages."),
    ("Peaceful protest", "Hundreds of people rallied outside parliament against the new tax law."),
    ("Protest with intervention", "Police used water cannon to disperse demonstrators in central Tbilisi."),
    ("Protest with intervention", "Dozens of activists were detained at an unauthorised protest in Minsk."),
    ("Excessive force against protesters", "Security forces opened fire on protesters in Basra, killing four."),
    ("Excessive force against protesters", "Police beat peaceful demonstrators with batons outside the court."),
    # Riots
    ("Violent demonstration", "Stone-throwing protesters clashed with riot police in Santiago."),
    ("Violent demonstration", "Rioters torched cars and looted shops after the verdict."),
    ("Mob violence", "An angry mob lynched a man accused of stealing a motorbike."),
    ("Mob violence", "Vigilantes beat two suspected thieves to death in the market."),
    # Strategic developments
    ("Agreement", "The warring parties agreed to a 72-hour ceasefire starting at midnight."),
    ("Agreement", "Russia and Ukraine carried out an exchange of prisoners, returning 95 captives each."),
    ("Agreement", "The two factions signed a power-sharing deal in Addis Ababa."),
    ("Arrests", "Police arrested three men suspected of plotting attacks in Lyon."),
    ("Arrests", "The opposition leader was detained at his home early on Thursday."),
    ("Change to group/activity", "Two rebel factions merged to form a new alliance in the north."),
    ("Change to group/activity", "Hundreds of fighters defected from the militia and joined the army."),
    ("Change to group/activity", "The army deployed additional troops to the border region."),
    ("Disrupted weapons use", "Air defences shot down 18 drones over the Belgorod region overnight."),
    ("Disrupted weapons use", "Police seized a cache of rifles and ammunition in a raid on a warehouse."),
    ("Disrupted weapons use", "Bomb disposal experts defused an explosive device found near the station."),
    ("Disrupted weapons use", "The missile was intercepted over the sea, the army said."),
    ("Headquarters or base established", "Turkish forces set up a new observation post near Saraqib."),
    ("Headquarters or base established", "The militia established a new base in the hills above the town."),
    ("Looting/property destruction", "Unidentified men looted shops and set fire to houses in the village."),
    ("Looting/property destruction", "Attackers torched a church and several homes in the district."),
    ("Non-violent transfer of territory", "Rebel fighters withdrew from the town under the terms of the truce."),
    ("Non-violent transfer of territory", "The militia handed over control of the border crossing to the army."),
    ("Other", "Investigators uncovered a mass grave containing dozens of bodies near the city."),
]


@pytest.mark.parametrize("expected, sentence", SUB_EVENT_CASES)
def test_acled_sub_event(expected, sentence):
    assert first_sub(sentence) == expected


def test_every_acled_sub_event_has_a_test():
    assert {sub for sub, _ in SUB_EVENT_CASES} == set(acled_sub_events())
    assert len(acled_sub_events()) == 25


@pytest.mark.parametrize("sentence, expected_type", [
    ("The foreign ministers held talks in Geneva on the prisoner issue.", "talks"),
    ("The commander threatened to retake the city by force.", "threat"),
    ("The UN urged both sides to protect civilians.", "appeal"),
    ("Flights were cancelled at the airport after the drone attack on the runway.", "disruption"),
    ("Air defence destroyed 12 drones over the Kursk region.", "interception"),
    ("Border guards seized 200 kilograms of explosives at the crossing.", "seizure"),
    ("The two sides agreed to exchange the bodies of fallen soldiers.", "agreement"),
])
def test_tacitus_types(sentence, expected_type):
    assert expected_type in [h.type for h in classify(sentence)]


@pytest.mark.parametrize("sentence", [
    "The minister visited a school in the capital.",
    "Drone footage showed the flooded streets.",
    "A protest is planned for Saturday in the main square.",
    "Opposition lawmakers attacked the budget as reckless.",
    "The company reported record profits for the third quarter.",
    "Floods killed 40 people after days of torrential rain.",
    "A gas explosion at a chemical plant injured five workers.",
    "Riot police were deployed in the city centre before the match.",
    "Militants threatened to attack the capital.",
    "The group claimed responsibility for the bombing in a statement.",
])
def test_no_acled_event(sentence):
    assert first_sub(sentence) is None


def test_negation_is_marked():
    hits = classify("No drones were shot down over the city, the governor said.")
    assert hits and all(h.negated for h in hits)
    hits = classify("The army denied shelling the village.")
    assert hits and hits[0].negated
    hits = classify("Air defences shot down five drones over the city.")
    assert hits and not any(h.negated for h in hits)


def test_hits_are_ordered_and_spans_match():
    s = "Rebels captured the town of Kiwanja, and later an airstrike hit their convoy."
    hits = classify(s)
    assert [h.start for h in hits] == sorted(h.start for h in hits)
    for h in hits:
        assert isinstance(h, TypeHit)
        assert s[h.start:h.end] == h.trigger
    assert hits[0].sub_event_type == "Non-state actor overtakes territory"
    assert hits[-1].sub_event_type == "Air/drone strike"


def test_main_event_absorbs_subordinate_fighting():
    hits = classify("After fierce clashes, government troops recaptured the village of Tal Tamr.")
    assert [h.sub_event_type for h in hits] == ["Government regains territory"]


def test_weapons_are_attached():
    hits = classify("Russia launched 60 Shahed drones and four Kh-101 cruise missiles at Lviv.")
    assert hits
    assert {"drone", "cruise_missile"} <= set(hits[0].weapons)
    assert hits[0].sub_event_type == "Air/drone strike"


def test_acled_for_maps_per_events_md():
    assert acled_for("attack", ["glide_bomb"]) == {
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}
    assert acled_for("attack", ["artillery"])["sub_event_type"] == "Shelling/artillery/missile attack"
    assert acled_for("attack", ["ballistic_missile"])["sub_event_type"] == "Shelling/artillery/missile attack"
    assert acled_for("attack", ["landmine"])["sub_event_type"] == "Remote explosive/landmine/IED"
    assert acled_for("attack", ["firearm"]) is None
    assert acled_for("interception", ["drone"]) == {
        "event_type": "Strategic developments", "sub_event_type": "Disrupted weapons use"}
    assert acled_for("clash", [])["event_type"] == "Battles"
    assert acled_for("talks", []) is None
    assert acled_for("threat", []) is None
    assert acled_for("territory", [], "Government regains territory")["event_type"] == "Battles"
    assert acled_for("territory", []) is None
    assert acled_for("protest", [], "Excessive force against protesters")["event_type"] == "Protests"
    # a hint the type cannot carry is ignored
    assert acled_for("protest", [], "Grenade")["sub_event_type"] == "Peaceful protest"


def test_weapon_order():
    assert sub_event_for_weapons(["missile", "aircraft"]) == "Air/drone strike"
    assert sub_event_for_weapons(["chemical", "artillery"]) == "Chemical weapon"
    assert sub_event_for_weapons(["firearm"]) is None

@pytest.mark.parametrize("sentence, expected", [
    # the setting ("after weeks of fighting") yields to the news (the truce)
    ("After weeks of heavy fighting, the two militias agreed to a truce in Tripoli.", "Agreement"),
    ("Despite the ceasefire, jets bombed two villages near Kafr Nabl on Sunday.", "Air/drone strike"),
    # the weapon named by the trigger, not one mentioned in passing, picks the sub-type
    ("The coalition launched airstrikes on the group it blames for a chlorine attack last week.",
     "Air/drone strike"),
    ("The navy fired 12 cruise missiles at radar sites, officials said.", "Shelling/artillery/missile attack"),
    ("Deminers cleared more than 14,500 landmines from farmland around Izium.", "Disrupted weapons use"),
    ("Rifles, pistols, two grenades and 3,000 rounds of ammunition were seized at a farm in the valley.",
     "Disrupted weapons use"),
    ("Some 4,000 families have fled their villages because of attacks by armed groups.", "Other"),
    ("Soldiers killed 14 insurgents in a raid on their hideout in the forest.", "Armed clash"),
    ("Bandits raided the village and attacked the local population, burning homes.", "Attack"),
    ("Striking truckers blocked highways and bridges across the province for a second day.",
     "Violent demonstration"),
    ("Demonstrators hurled bottles and eggs at the riot police guarding the ministry.", "Violent demonstration"),
    ("The army is moving troops and tanks towards the northern frontier, officials said.",
     "Change to group/activity"),
    ("Police were deployed around the stadium in anticipation of mass protests after the vote.", None),
    # ACLED codes surrenders as agreements
    ("About 80 rebel fighters surrendered to the army in Beni territory on Tuesday.", "Agreement"),
    # the missile depot is the target, the aircraft the weapon
    ("Jets bombed an ammunition and missile depot outside Hama overnight.", "Air/drone strike"),
    ("Gunmen attacked a bank in the old city, killing a guard and two customers.", "Attack"),
    ("The air force destroyed several armoured vehicles near the river crossing.", "Air/drone strike"),
    ("A fuel tank exploded at the refinery, injuring four workers.", None),
])
def test_context_rules(sentence, expected):
    assert first_sub(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "Rescuers searched for survivors after floods and landslides killed 30 people in the valley.",
    "Police arrested two men over the robbery of a jewellery store in the city centre.",
    "The militia claimed responsibility for the roadside bomb that killed two soldiers.",
    "The storage tank at the refinery exploded after a fire broke out, the plant operator said.",
])
def test_non_acled_reports(sentence):
    assert first_sub(sentence) is None


def test_weapons_destroyed_in_flight_are_interceptions():
    hits = classify("Four drones flying towards the capital were destroyed over the Kaluga region.")
    assert hits and hits[0].type == "interception"
    assert hits[0].sub_event_type == "Disrupted weapons use"
    hits = classify("Troops destroyed a cache of mortar shells and rockets found in a cave.")
    assert hits and hits[0].type == "seizure"


def test_separate_clauses_keep_their_own_events_and_weapons():
    s = ("Air defences downed 31 of 40 drones launched overnight, while two Iskander-M "
         "ballistic missiles struck an airfield near Poltava.")
    hits = classify(s)
    assert [h.type for h in hits] == ["interception", "attack"]
    assert hits[1].sub_event_type == "Shelling/artillery/missile attack"
    assert hits[1].weapons == ["ballistic_missile"]


def test_rubber_bullets_are_intervention_not_lethal_force():
    assert first_sub("Police fired rubber bullets and tear gas at protesters outside the parliament.") \
        == "Protest with intervention"


@pytest.mark.parametrize("sentence, expected_type, expected_sub", [
    ("Russia launched a massive combined attack on energy infrastructure overnight.", "attack", None),
    ("Ukraine received the bodies of 563 fallen soldiers in the latest repatriation.", "agreement", "Agreement"),
])
def test_typed_without_or_with_acled(sentence, expected_type, expected_sub):
    hits = classify(sentence)
    assert hits and hits[0].type == expected_type and hits[0].sub_event_type == expected_sub


def test_air_raid_alert_is_not_an_air_raid():
    assert first_sub("Explosions were heard in Kursk shortly after an air raid alert sounded.") is None
