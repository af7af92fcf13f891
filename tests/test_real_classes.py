"""The classes of errors seen on real reports (issue 10), each on reports
written for these tests in the style of wire copy, ministry statements and
regional outlets (never real text)."""
from datetime import date

from tacitus.model import RawDocument
from tacitus.pipeline import get_pipeline


def extract(text: str, published=date(2025, 3, 9), outlet=None, url=None):
    raw = RawDocument(source="t.txt", text=text, published=published, outlet=outlet, url=url)
    return get_pipeline().process(raw).events


def of_type(events, type_):
    return [e for e in events if e.type == type_]


def by_place(events):
    """place name -> the events at that place (each event's first place)."""
    out = {}
    for e in events:
        if e.places:
            out.setdefault(e.places[0].name, []).append(e)
    return out


def figures(ev):
    return [(q.role, q.value, q.qualifier) for q in ev.quantities]


# -- class 1: enumerations of per-region figures -------------------------------------

def test_parts_with_each_shared_figures_and_a_separate_total():
    text = ("The Russian Defence Ministry said on Sunday that air defences downed 64 Ukrainian drones "
            "overnight. Of these, 22 were destroyed over the Kursk region, while 10 were intercepted over "
            "the Oryol and Tula regions. Six were also shot down in the Voronezh region, and two each over "
            "the Lipetsk, Tambov and Penza regions.")
    places = by_place(of_type(extract(text), "interception"))
    assert figures(places["Russia"][0]) == [("intercepted", 64, "exact")]
    assert figures(places["Kursk Oblast"][0]) == [("intercepted", 22, "exact")]
    # a figure two regions share is at most that many over each, never a made-up split
    assert figures(places["Oryol Oblast"][0]) == [("intercepted", 10, "at_most")]
    assert figures(places["Tula Oblast"][0]) == [("intercepted", 10, "at_most")]
    assert figures(places["Voronezh Oblast"][0]) == [("intercepted", 6, "exact")]
    for region in ("Lipetsk Oblast", "Tambov Oblast", "Penza Oblast"):
        assert figures(places[region][0]) == [("intercepted", 2, "exact")]
    # the total is never the sum of the parts seen
    assert sum(q.value for e in places["Russia"] for q in e.quantities) == 64


def test_including_a_part_keeps_the_total_at_country_level():
    events = of_type(extract("Air defence systems destroyed 51 drones overnight, including 17 over "
                             "the Belgorod region, the ministry in Moscow said."), "interception")
    places = by_place(events)
    assert figures(places["Russia"][0]) == [("intercepted", 51, "exact")]
    assert figures(places["Belgorod Oblast"][0]) == [("intercepted", 17, "exact")]
    assert len(events) == 2


def test_a_list_of_regions_is_one_event_per_region():
    text = "Ukraine's air force said it shot down 19 Russian drones over the Poltava, Sumy and Chernihiv regions."
    places = by_place(of_type(extract(text), "interception"))
    assert set(places) == {"Ukraine", "Poltava Oblast", "Sumy Oblast", "Chernihiv Oblast"}
    assert figures(places["Ukraine"][0]) == [("intercepted", 19, "exact")]
    assert all(not e.quantities for name, evs in places.items() if name != "Ukraine" for e in evs)


def test_regions_named_in_russian_spellings():
    text = "Russian missiles hit energy facilities in the Kiev, Vinnitsa and Nikolayev regions, the ministry claimed."
    places = by_place(of_type(extract(text), "attack"))
    assert set(places) == {"Kyiv Oblast", "Vinnytsia Oblast", "Mykolaiv Oblast"}


def test_figures_in_brackets_after_each_place():
    text = ("Russian air defences downed drones over several regions overnight: Bryansk (7), "
            "Smolensk (4) and Kaluga (2), the ministry said.")
    events = of_type(extract(text), "interception")
    assert sorted(q.value for e in events for q in e.quantities) == [2, 4, 7]
    assert all(len(e.quantities) == 1 and len(e.places) == 1 for e in events)


def test_launch_sites_are_not_where_the_attack_happened():
    text = ("Russia launched 45 drones at Ukraine overnight from the Kursk and Bryansk regions and from "
            "occupied Crimea, the air force said.")
    attacks = of_type(extract(text), "attack")
    assert [p.name for e in attacks for p in e.places] == ["Ukraine"]
    assert figures(attacks[0]) == [("launched", 45, "exact")]


def test_a_later_region_sentence_is_not_merged_into_the_total():
    text = ("Russia's defence ministry said 30 Ukrainian drones were shot down overnight. "
            "Drones were also shot down over the Tver region, the governor said.")
    events = of_type(extract(text), "interception")
    assert len(events) == 2
    tver = by_place(events)["Tver Oblast"][0]
    assert not tver.quantities


# -- class 4: disruptions (and other events) at several named places ---------------------

def test_restrictions_at_several_airports_are_one_disruption_each():
    text = ("Ukrainian drones targeted Moscow overnight, Mayor Sergei Sobyanin said. Temporary restrictions on "
            "arrivals and departures were introduced at Vnukovo, Domodedovo and Sheremetyevo airports, the "
            "aviation agency said.")
    disruptions = of_type(extract(text), "disruption")
    assert len(disruptions) == 3
    assert all(len(e.places) == 1 for e in disruptions)


def test_flight_delays_told_before_the_drones_are_still_war_disruptions():
    text = ("Dozens of flights were delayed at Kazan airport and at Nizhnekamsk airport on Tuesday morning. "
            "The region's governor said later that Ukrainian drones had been shot down over Tatarstan.")
    assert len(of_type(extract(text), "disruption")) == 2
    quiet = "Dozens of flights were delayed at Kazan airport on Tuesday morning because of heavy snow."
    assert of_type(extract(quiet), "disruption") == []


def test_taking_the_wounded_to_hospital_is_no_disruption():
    text = ("A Russian missile struck a school in Kharkiv on Monday, the mayor said. "
            "Rescuers evacuated the wounded to a hospital.")
    assert of_type(extract(text), "disruption") == []


def test_a_strike_that_cuts_power_is_an_attack_and_a_disruption():
    text = ("A Russian drone strike on an energy facility left 40,000 homes in Odesa without power on Friday, "
            "the regional governor said.")
    events = extract(text)
    assert [p.name for e in of_type(events, "attack") for p in e.places][:1] == ["Odesa"]
    assert [p.name for e in of_type(events, "disruption") for p in e.places][:1] == ["Odesa"]


def test_clauses_with_their_own_places_are_events_of_their_own():
    text = ("Three people were injured when a missile struck a house in the Sumy region on Monday evening, "
            "and a woman was killed in a separate strike in the Chernihiv region, officials said.")
    places = by_place(of_type(extract(text), "attack"))
    assert set(places) == {"Sumy Oblast", "Chernihiv Oblast"}
    assert figures(places["Sumy Oblast"][0]) == [("injured", 3, "exact")]


# -- class 3: in-flight weapons are intercepted, caches are seized ----------------------------

def test_a_missile_intercepted_in_flight_is_an_interception():
    events = extract("Israel's military said on Friday that it had intercepted a missile launched from Yemen "
                     "after sirens sounded in several areas.")
    assert [e.type for e in events] == ["interception"]


def test_foiling_a_drone_attack_is_an_interception():
    events = extract("Ground defences at an army base near Kassala foiled an attack by about a dozen drones "
                     "early on Saturday, the army said.")
    assert {e.type for e in events} == {"interception"}


def test_a_truck_of_rockets_stopped_at_a_checkpoint_is_a_seizure():
    events = extract("Police intercepted a truck carrying rockets and mortar rounds at a checkpoint near Mosul "
                     "on Tuesday, the interior ministry said.")
    assert "seizure" in {e.type for e in events}
    assert "interception" not in {e.type for e in events}


def test_a_struck_weapons_depot_is_the_target_of_an_attack():
    events = extract("Warplanes struck a weapons depot near Idlib on Sunday, the army said.")
    assert [e.type for e in events] == ["attack"]


# -- class 8: precision (background, the story so far) -------------------------------------

def test_the_story_so_far_makes_no_event():
    text = ("Russian drones struck a substation in Kharkiv overnight, the governor said on Sunday. "
            "Russia has repeatedly targeted the city's power grid since the start of its full-scale "
            "invasion in 2022.")
    attacks = of_type(extract(text), "attack")
    assert len(attacks) == 1 and attacks[0].places[0].name == "Kharkiv"


def test_a_background_sentence_with_news_of_the_day_still_counts():
    text = ("Militants have repeatedly attacked army posts in the region in recent months, and on Saturday "
            "a roadside bomb killed four soldiers near Mopti, the army said.")
    attacks = of_type(extract(text), "attack")
    assert attacks and attacks[0].quantities and attacks[0].quantities[0].value == 4


def test_events_dated_long_before_the_report_are_background():
    text = ("Ukrainian forces retook the village of Robotyne on Friday, the military said. "
            "Russia seized the eastern city of Bakhmut in May 2023.")
    territory = of_type(extract(text), "territory")
    assert len(territory) == 1


def test_an_agreement_sought_or_violated_is_no_agreement():
    for text in ("Thousands rallied in Tel Aviv on Saturday, demanding a ceasefire deal that would bring the "
                 "hostages home.",
                 "The army said a ceasefire violation by troops across the Line of Control injured two villagers "
                 "in Poonch on Monday.",
                 "Officials said the new law would deal a heavy blow to the anti-corruption agencies.",
                 "A delegation arrived in Jeddah on Friday for consultations on ceasefire negotiations next week."):
        assert of_type(extract(text), "agreement") == [], text


def test_one_prisoner_swap_told_twice_is_one_agreement():
    text = ("Russia and Ukraine exchanged 95 prisoners of war each on Friday, Ukraine's president said. "
            "The swap was mediated by the United Arab Emirates, officials in Abu Dhabi said.")
    assert len(of_type(extract(text), "agreement")) == 1


def test_prisoners_returned_after_negotiations_is_an_exchange_not_talks():
    text = ("Following negotiations, 84 Ukrainian prisoners of war were returned from Russian captivity on "
            "Saturday, the coordination headquarters said.")
    assert [e.type for e in extract(text)] == ["agreement"]


# -- class 7: headlines, datelines, captions -------------------------------------------

def test_a_date_marker_heading_a_jsonl_record_dates_the_report(tmp_path):
    from tacitus.read import iter_inputs
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "r1", "text": " date 2025-03-08 Ukrainian drones struck an oil depot in '
                    'the Bryansk region overnight, the governor said."}\n', encoding="utf-8")
    raw = next(iter(iter_inputs([str(path)])))
    assert raw.published.isoformat() == "2025-03-08"
    assert not raw.text.lstrip().startswith("date")


# -- class 6: strikes, casualties and damage told in follow-up sentences --------------------

def test_strikes_told_again_without_the_weapon_are_attacks():
    text = ("Russia fired cruise missiles and attack drones at Ukraine's power grid overnight, the defence "
            "ministry in Moscow said. The targets were substations in the Kiev, Poltava and Odessa regions. "
            "Also struck were gas facilities in the Lvov region.")
    attacks = of_type(extract(text), "attack")
    assert {"Kyiv Oblast", "Poltava Oblast", "Odesa Oblast", "Lviv Oblast"} <= {p.name for e in attacks for p in e.places}


def test_killed_in_a_strike_in_a_report_about_airstrikes():
    text = ("Israeli warplanes carried out airstrikes across western Iran overnight, the military said. "
            "A senior commander was killed in a strike on a house in the city of Qom.")
    attacks = of_type(extract(text), "attack")
    assert any(p.name == "Qom" for e in attacks for p in e.places)


def test_people_hurt_at_another_place_are_a_strike_there():
    text = ("Russian drones struck Kherson overnight, injuring four people, the regional governor said. "
            "In Kharkiv, the mayor said two people were hurt.")
    attacks = of_type(extract(text), "attack")
    kharkiv = [e for e in attacks if e.places and e.places[0].name == "Kharkiv"]
    assert kharkiv and figures(kharkiv[0]) == [("injured", 2, "exact")]


def test_an_event_without_a_place_happened_where_the_report_is():
    text = ("Fighting raged around El Fasher on Friday, residents said. "
            "A drone fired four missiles at the main hospital overnight, killing nine people, a health "
            "official said.")
    attacks = of_type(extract(text), "attack")
    assert any(p.name == "El Fasher" for e in attacks for p in e.places)


def test_a_national_tally_without_a_place_stays_national():
    text = ("An explosion was heard in Kyiv on Sunday morning, residents said. "
            "Russia launched 45 drones and four missiles at Ukraine overnight, the air force said.")
    attacks = of_type(extract(text), "attack")
    tally = [e for e in attacks if any(q.role == "launched" for q in e.quantities)]
    assert tally and all(p.precision == "country" for p in tally[0].places)


# -- figures: which number counts what ---------------------------------------------

def test_killed_and_injured_figures_after_a_conjunction():
    ev = of_type(extract("At least three people were killed and 41 injured in a Russian missile strike on "
                         "Dnipro on Saturday, the regional governor said."), "attack")[0]
    assert ("killed", 3, "at_least") in figures(ev) and ("injured", 41, "exact") in figures(ev)
    ev = of_type(extract("Two civilians were killed while a dozen were wounded as mortar shells hit "
                         "border villages in Poonch on Monday, police said."), "attack")[0]
    assert ("injured", 12, "exact") in figures(ev) and ("killed", 12, "exact") not in figures(ev)


def test_ages_are_not_counts_and_an_article_is_one():
    ev = of_type(extract("A Russian drone killed a 54-year-old man and wounded a woman aged 70 in Kherson on "
                         "Sunday, the governor said."), "attack")[0]
    values = [q.value for q in ev.quantities]
    assert 54 not in values and 70 not in values
    assert ("killed", 1, "exact") in figures(ev) and ("injured", 1, "exact") in figures(ev)
    ev = of_type(extract("Air defences shot down a Ukrainian drone over the Kursk region on Sunday, "
                         "the ministry said."), "interception")[0]
    assert figures(ev) == [("intercepted", 1, "exact")]


def test_missiles_that_struck_are_the_missiles_used():
    ev = of_type(extract("A mosque in Kotli was hit by three missiles on Wednesday night, killing two "
                         "people, the military said."), "attack")[0]
    assert ("launched", 3, "exact") in figures(ev) and ("killed", 2, "exact") in figures(ev)


# -- class 2: the defender's national tally ------------------------------------------

def test_a_national_tally_is_an_attack_and_an_interception():
    text = ("Russia launched 112 drones at Ukraine overnight, the air force said on Sunday. Air defences "
            "shot down 87 of them, while 19 decoy drones disappeared from radar without causing damage.")
    events = extract(text)
    attack = of_type(events, "attack")[0]
    inter = of_type(events, "interception")[0]
    assert ("launched", 112, "exact") in figures(attack)
    assert ("intercepted", 87, "exact") in figures(inter)
    # drones lost from radar are neither downed nor launched at a target
    assert all(q.value != 19 for e in events for q in e.quantities)
    assert all(p.country == "UA" for e in (attack, inter) for p in e.places)


def test_enemy_launched_drones_downed_are_launched_and_downed():
    events = extract("Ukraine's air force downs all 24 Russia-launched drones overnight")
    assert any(("launched", 24, "exact") in figures(e) for e in events)
    assert any(("intercepted", 24, "exact") in figures(e) for e in of_type(events, "interception"))


def test_datelines_of_many_outlets_are_not_the_event_place():
    for head in ("ISLAMABAD: ", "Cairo: ", "JAMMU, Oct 10: ", "MOSCOW, March 9. /TASS/. ", "Beirut (AFP) - "):
        events = extract(head + "A drone strike on a market in the town of Kassala killed four people on "
                                "Sunday, officials said.", published=date(2025, 3, 9))
        attacks = of_type(events, "attack")
        assert attacks and [p.name for p in attacks[0].places] == ["Kassala"], head


def test_a_title_case_headline_line_is_its_own_sentence():
    text = ("Air Defences Down 9 Drones Over Kursk, Oryol Regions\n"
            "Russian air defences overnight downed nine Ukrainian drones over the Kursk and Oryol regions, "
            "the defence ministry said.")
    events = extract(text)
    assert all(not e.evidence.text.startswith("Air Defences Down 9 Drones Over Kursk, Oryol Regions Russian")
               for e in events)
    assert {p.name for e in of_type(events, "interception") for p in e.places} >= {"Kursk Oblast", "Oryol Oblast"}


def test_an_attempted_attack_that_was_thwarted_is_no_attack():
    text = ("An attempt by the Kyiv regime to carry out a terrorist attack using a fixed-wing drone against "
            "targets in Russia was thwarted overnight, the ministry said. The drone was destroyed over the "
            "Bryansk region.")
    assert of_type(extract(text), "attack") == []


def test_a_drone_attack_repelled_is_an_interception():
    text = ("Air defence and electronic warfare systems repelled a UAV attack on the Saratov region "
            "overnight, the governor said.")
    assert [e.type for e in extract(text)] == ["interception"]
    ground = "Russian troops repelled attacks by Ukrainian forces near Pokrovsk on Tuesday, the ministry said."
    assert [e.type for e in extract(ground)] == ["clash"]


def test_a_capital_standing_for_its_side_is_no_place():
    text = ("Russia's defence ministry said Moscow's troops had repelled attacks by Kyiv's forces near "
            "Pokrovsk on Tuesday.")
    places = {p.name for e in extract(text) for p in e.places}
    assert "Moscow" not in places and "Kyiv" not in places


def test_evacuees_taken_elsewhere_are_no_disruption_there():
    text = ("Russian shelling hit the town of Beryslav on Monday, the governor said. Evacuated people would "
            "be taken to Kherson and then by train to Mykolaiv, Odesa and Kyiv.")
    assert of_type(extract(text), "disruption") == []


# -- class 9: other wars' vocabulary -------------------------------------------------

def test_a_sides_strike_needs_no_weapon_named():
    events = extract("Two people were killed in an Israeli strike on a car near Tyre in southern Lebanon on "
                     "Thursday, the health ministry said.")
    assert "attack" in {e.type for e in events}
    assert of_type(extract("Workers staged a general strike in Haifa on Thursday."), "attack") == []


def test_calls_and_demands_are_appeals():
    events = extract("On Friday, the UN Security Council called for an immediate cessation of hostilities in Sudan "
                     "during Ramadan.")
    assert [e.type for e in events] == ["appeal"]
    events = extract("The UN chief condemned the killings on Monday, demanding an impartial investigation and a "
                     "permanent ceasefire.")
    assert "appeal" in {e.type for e in events} and "agreement" not in {e.type for e in events}


def test_strikes_reported_in_a_list_of_towns():
    text = ("Indian missiles hit a mosque in Bahawalpur overnight, the army said. Further strikes were reported "
            "in Muridke and Kotli, while minor damage was noted in Sialkot.")
    places = {p.name for e in of_type(extract(text), "attack") for p in e.places}
    assert {"Bahawalpur", "Muridke", "Kotli", "Sialkot"} <= places
    text = ("Regional officials said air defence units downed drones over the central city of Tula and the city "
            "of Tver overnight.")
    assert {p.name for e in of_type(extract(text), "interception") for p in e.places} >= {"Tula", "Tver"}


def test_a_speaker_whose_surname_is_a_village_is_no_place():
    text = ("A Russian drone struck a market in Zaporizhzhia on Thursday night, killing one person, regional "
            "governor Ivan Fedorov said. Four people were injured in the attack, Fedorov said.")
    attacks = of_type(extract(text), "attack")
    assert len(attacks) == 1 and attacks[0].places[0].name.startswith("Zaporizh")
