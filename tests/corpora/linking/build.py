"""Writes events.jsonl: the hand-written multi-outlet linking corpus with gold incidents.

Every report sentence here was written for this corpus (no real article text).
Outlets are invented; places are real so that the gazetteer fields look like the
geocoder's output. Each line is a contract event dict augmented with
``document_id``, ``published``, ``family_id``, ``source`` and ``gold`` (the gold
incident label). Run: ``python tests/corpora/linking/build.py``.

The gold follows the linker's stated rules (tacitus/link/incidents.py): country-wide
totals form their own incident (related to the place incidents as parts, never
merged with them); a region figure joins the city incident when the city is the
only place of that region and night, otherwise it is an incident of its own.
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent

P = {
    "russia": dict(text="Russia", name="Russia", country="RU", admin1=None, precision="country", gazetteer_id="geonames:2017370"),
    "ukraine": dict(text="Ukraine", name="Ukraine", country="UA", admin1=None, precision="country", gazetteer_id="geonames:690791"),
    "moscow": dict(text="Moscow", name="Moscow", country="RU", admin1="Moscow", precision="city", gazetteer_id="geonames:524901"),
    "capital": dict(text="the capital", name="Moscow", country="RU", admin1="Moscow", precision="city", gazetteer_id="geonames:524901"),
    "vnukovo": dict(text="Vnukovo airport", name="Vnukovo International Airport", country="RU", admin1="Moscow", precision="facility", gazetteer_id=None),
    "bryansk_r": dict(text="Bryansk region", name="Bryansk Oblast", country="RU", admin1="Bryansk Oblast", precision="admin1", gazetteer_id="geonames:571473"),
    "klintsy": dict(text="Klintsy", name="Klintsy", country="RU", admin1="Bryansk Oblast", precision="city", gazetteer_id="geonames:548605"),
    "rostov_r": dict(text="Rostov region", name="Rostov Oblast", country="RU", admin1="Rostov Oblast", precision="admin1", gazetteer_id="geonames:501165"),
    "taganrog": dict(text="Taganrog", name="Taganrog", country="RU", admin1="Rostov Oblast", precision="city", gazetteer_id="geonames:484907"),
    "novoshakhtinsk": dict(text="Novoshakhtinsk", name="Novoshakhtinsk", country="RU", admin1="Rostov Oblast", precision="city", gazetteer_id="geonames:518557"),
    "voronezh": dict(text="Voronezh", name="Voronezh", country="RU", admin1="Voronezh Oblast", precision="city", gazetteer_id="geonames:472045"),
    "kharkiv": dict(text="Kharkiv", name="Kharkiv", country="UA", admin1="Kharkiv Oblast", precision="city", gazetteer_id="geonames:706483"),
    "odesa": dict(text="Odesa", name="Odesa", country="UA", admin1="Odesa Oblast", precision="city", gazetteer_id="geonames:698740"),
    "kyiv": dict(text="Kyiv", name="Kyiv", country="UA", admin1="Kyiv City", precision="city", gazetteer_id="geonames:703448"),
    "kiev": dict(text="Kiev", name="Kyiv", country="UA", admin1="Kyiv City", precision="city", gazetteer_id="geonames:703448"),
    "shevchenkivskyi": dict(text="Shevchenkivskyi district", name="Shevchenkivskyi District", country="UA", admin1="Kyiv City", precision="district", gazetteer_id=None),
    "lviv": dict(text="Lviv", name="Lviv", country="UA", admin1="Lviv Oblast", precision="city", gazetteer_id="geonames:702550"),
    "el_fasher": dict(text="El Fasher", name="El Fasher", country="SD", admin1="North Darfur", precision="city", gazetteer_id="geonames:371695"),
    "bara": dict(text="Bara", name="Bara", country="SD", admin1="North Kordofan", precision="city", gazetteer_id="geonames:380138"),
    "djibo": dict(text="Djibo", name="Djibo", country="BF", admin1="Sahel", precision="city", gazetteer_id="geonames:2360238"),
    "nairobi": dict(text="Nairobi", name="Nairobi", country="KE", admin1="Nairobi County", precision="city", gazetteer_id="geonames:184745"),
    "mombasa": dict(text="Mombasa", name="Mombasa", country="KE", admin1="Mombasa County", precision="city", gazetteer_id="geonames:186301"),
}
A = {
    "UA": {"name": "Ukraine", "country": "UA"}, "RU": {"name": "Russia", "country": "RU"},
    "RSF": {"name": "Rapid Support Forces", "country": "SD"}, "SAF": {"name": "Sudanese Armed Forces", "country": "SD"},
    "JNIM": {"name": "JNIM", "country": None}, "BFA": {"name": "Burkina Faso army", "country": "BF"},
}
N1 = {"start": "2025-08-09", "end": "2025-08-10", "precision": "night", "text": "overnight"}
N2 = {"start": "2025-08-10", "end": "2025-08-11", "precision": "night", "text": "overnight"}


def day(d: str, text: str) -> dict:
    return {"start": d, "end": d, "precision": "day", "text": text}


def q(role: str, value: int, unit: str, text: str, qualifier: str = "exact", low: int | None = None,
      high: int | None = None) -> dict:
    low = value if low is None else low
    if high is None and qualifier in ("exact", "approx"):
        high = value
    return {"role": role, "value": value, "low": low, "high": high, "qualifier": qualifier, "unit": unit, "text": text}


DOCS = {  # document_id: (outlet, published, family_id, url)
    "d01": ("Northern Wire", "2025-08-10", "d01", "https://northernwire.example/ru-drones-0810"),
    "d02": ("Valley Gazette", "2025-08-10", "d01", "https://valleygazette.example/world/drones"),      # verbatim copy of d01
    "d03": ("Harbour Times", "2025-08-10", "d01", "https://harbourtimes.example/a/5521"),              # lightly edited copy of d01
    "d04": ("Kyiv Ledger", "2025-08-10", "d04", "https://kyivledger.example/news/russia-drones"),
    "d05": ("Capital Desk", "2025-08-10", "d05", "https://capitaldesk.example/moscow-sobyanin"),
    "d06": ("Metro Bulletin", "2025-08-10", "d06", "https://metrobulletin.example/airports"),
    "d07": ("Border Post", "2025-08-10", "d07", "https://borderpost.example/bryansk"),
    "d08": ("Don Courier", "2025-08-10", "d08", "https://doncourier.example/taganrog"),
    "d09": ("Southern Monitor", "2025-08-10", "d09", "https://southernmonitor.example/rostov"),
    "d10": ("Eastern Dispatch", "2025-08-10", "d10", "https://easterndispatch.example/kharkiv"),
    "d11": ("Continental News", "2025-08-10", "d11", "https://continental.example/ukraine-overnight"),
    "d12": ("Black Sea Review", "2025-08-10", "d12", "https://blacksea.example/odesa-port"),
    "d13": ("Capital Desk", "2025-08-11", "d13", "https://capitaldesk.example/moscow-second-night"),
    "d14": ("Eastern Dispatch", "2025-08-11", "d14", "https://easterndispatch.example/kharkiv-again"),
    "d15": ("Nile Observer", "2025-08-13", "d15", "https://nileobserver.example/el-fasher"),
    "d16": ("Sahara Times", "2025-08-13", "d16", "https://saharatimes.example/darfur"),
    "d17": ("Nile Observer", "2025-08-14", "d17", "https://nileobserver.example/bara"),
    "d18": ("Sahel Monitor", "2025-08-15", "d18", "https://sahelmonitor.example/djibo"),
    "d19": ("West Africa Wire", "2025-08-16", "d19", "https://wawire.example/burkina"),
    "d20": ("Rift Valley Daily", "2025-08-19", "d20", "https://riftvalley.example/protests"),
    "d21": ("Coast Chronicle", "2025-08-19", "d21", "https://coastchronicle.example/mombasa"),
    "d22": ("Continental News", "2025-08-10", "d22", "https://continental.example/russia-total"),
    "d23": ("Valley Gazette", "2025-08-10", "d05", "https://valleygazette.example/moscow"),           # copy of d05
    "d24": ("Dnipro Herald", "2025-08-10", "d24", "https://dniproherald.example/kyiv-night"),
    "d25": ("Alpine Post", "2025-08-10", "d25", "https://alpinepost.example/ukraine"),
    "d26": ("Western Courier", "2025-08-10", "d26", "https://westerncourier.example/lviv"),
}


def ev(doc: str, eid: str, gold: str, type_: str, place: str | None, time: dict | None, evidence: str,
       quantities: list[dict] = (), claimant: str | None = None, claimant_country: str | None = None,
       reported_by: list[str] | None = None, modality: str = "asserted", verb: str | None = "said",
       attacker: str | None = None, target: str | None = None, weapons: list[str] = ()) -> dict:
    outlet, published, family, url = DOCS[doc]
    return {
        "id": eid, "type": type_, "weapons": list(weapons),
        "attacker": A[attacker] if attacker else None, "target": A[target] if target else None,
        "time": time, "places": [dict(P[place])] if place else [],
        "quantities": list(quantities),
        "claim": {"claimant": claimant, "claimant_country": claimant_country,
                  "reported_by": reported_by if reported_by is not None else [outlet],
                  "modality": modality, "verb": verb},
        "evidence": {"text": evidence, "start": 0, "end": len(evidence)},
        "acled": None,
        "document_id": doc, "published": published, "family_id": family, "source": url, "gold": gold,
    }


MOD = "Russian Ministry of Defence"
E = [
    # ---- night 1 (9-10 Aug): the Russian country-wide total, from several outlets and copies
    ev("d01", "e1", "ru-total-n1", "interception", "russia", N1,
       "Russia's Defence Ministry said its air defences destroyed 94 Ukrainian drones over Russian regions overnight.",
       [q("intercepted", 94, "drone", "94 Ukrainian drones")], MOD, "RU", attacker="UA", target="RU", weapons=["drone"]),
    ev("d02", "e1", "ru-total-n1", "interception", "russia", N1,
       "Russia's Defence Ministry said its air defences destroyed 94 Ukrainian drones over Russian regions overnight.",
       [q("intercepted", 94, "drone", "94 Ukrainian drones")], MOD, "RU", attacker="UA", target="RU", weapons=["drone"]),
    ev("d03", "e1", "ru-total-n1", "interception", "russia", N1,
       "Russia's Defence Ministry said air defence units destroyed 94 Ukrainian drones over several regions overnight.",
       [q("intercepted", 94, "drone", "94 Ukrainian drones")], MOD, "RU", attacker="UA", target="RU", weapons=["drone"]),
    ev("d04", "e1", "ru-total-n1", "interception", None, N1,
       "Moscow claimed to have shot down more than 90 drones during the night, a figure that could not be independently verified.",
       [q("intercepted", 90, "drone", "more than 90 drones", "at_least", high=None)], MOD, "RU",
       modality="claimed", verb="claimed", attacker="UA", target="RU", weapons=["drone"]),
    ev("d22", "e1", "ru-total-n1", "interception", "russia", N1,
       "A Telegram channel that tracks air raids put the number of drones downed over Russia at around 40, far below the official figure.",
       [q("intercepted", 40, "drone", "around 40", "approx")], "air-raid monitoring channel", None,
       modality="unconfirmed", attacker="UA", target="RU", weapons=["drone"]),
    ev("d04", "e2", "ru-total-n1", "attack", None, N1,
       "A source in Ukraine's security service said the operation involved some 120 long-range drones.",
       [q("launched", 120, "drone", "some 120 long-range drones", "approx")], "Ukrainian security service source", "UA",
       attacker="UA", target="RU", weapons=["drone"]),
    # Moscow, night 1: mayor's figure, the airport restrictions, copies
    ev("d01", "e2", "moscow-n1", "interception", "moscow", N1,
       "Moscow Mayor Sergei Sobyanin said seven drones flying towards the city had been shot down.",
       [q("intercepted", 7, "drone", "seven drones")], "Sergei Sobyanin", "RU", attacker="UA", target="RU", weapons=["drone"]),
    ev("d02", "e2", "moscow-n1", "interception", "moscow", N1,
       "Moscow Mayor Sergei Sobyanin said seven drones flying towards the city had been shot down.",
       [q("intercepted", 7, "drone", "seven drones")], "Sergei Sobyanin", "RU", attacker="UA", target="RU", weapons=["drone"]),
    ev("d05", "e1", "moscow-n1", "interception", "capital", N1,
       "Air defence units downed a total of seven drones approaching the capital, Sobyanin wrote on Telegram, adding that emergency crews were at the scene where debris fell.",
       [q("intercepted", 7, "drone", "a total of seven drones")], "Sergei Sobyanin", "RU", verb="wrote",
       attacker="UA", weapons=["drone"]),
    ev("d23", "e1", "moscow-n1", "interception", "capital", N1,
       "Air defence units downed a total of seven drones approaching the capital, Sobyanin wrote on Telegram, adding that emergency crews were at the scene where debris fell.",
       [q("intercepted", 7, "drone", "a total of seven drones")], "Sergei Sobyanin", "RU", verb="wrote",
       attacker="UA", weapons=["drone"]),
    ev("d06", "e1", "moscow-n1", "disruption", "vnukovo", N1,
       "Flights were suspended for nearly four hours at Vnukovo airport as drones approached Moscow, the aviation authority said.",
       [], "Federal Air Transport Agency", "RU", weapons=["drone"]),
    ev("d06", "e2", "moscow-n1", "interception", "moscow", N1,
       "Muscovites reported hearing at least two loud blasts before the mayor said air defences had repelled the attack.",
       [], "Sergei Sobyanin", "RU", target="RU", weapons=["drone"]),
    # Bryansk, night 1: the regional part and the only city hit there
    ev("d01", "e3", "bryansk-n1", "interception", "bryansk_r", N1,
       "Of those, 28 were brought down over the Bryansk region on the border with Ukraine, the ministry added.",
       [q("intercepted", 28, "drone", "28")], MOD, "RU", verb="added", attacker="UA", target="RU", weapons=["drone"]),
    ev("d02", "e3", "bryansk-n1", "interception", "bryansk_r", N1,
       "Of those, 28 were brought down over the Bryansk region on the border with Ukraine, the ministry added.",
       [q("intercepted", 28, "drone", "28")], MOD, "RU", verb="added", attacker="UA", target="RU", weapons=["drone"]),
    ev("d07", "e1", "bryansk-n1", "attack", "klintsy", N1,
       "A drone struck an electrical substation in Klintsy, injuring two workers and cutting power to part of the town, Governor Alexander Bogomaz said.",
       [q("injured", 2, "person", "two workers")], "Alexander Bogomaz", "RU", attacker="UA", target="RU", weapons=["drone"]),
    ev("d07", "e2", "bryansk-n1", "interception", "bryansk_r", N1,
       "Bogomaz said air defences and electronic warfare units had repelled a massive attack on the region.",
       [], "Alexander Bogomaz", "RU", attacker="UA", target="RU", weapons=["drone"]),
    # Rostov, night 1: two cities of one region, and a regional figure that fits neither alone
    ev("d08", "e1", "taganrog-n1", "attack", "taganrog", N1,
       "Three people were injured in Taganrog when drone debris hit a block of flats, acting governor Yuri Slyusar said.",
       [q("injured", 3, "person", "Three people")], "Yuri Slyusar", "RU", attacker="UA", target="RU", weapons=["drone"]),
    ev("d09", "e1", "taganrog-n1", "attack", "taganrog", N1,
       "In Taganrog, a residential building and several cars were damaged and four residents needed medical help, local officials said.",
       [q("injured", 4, "person", "four residents")], "Taganrog city administration", "RU", attacker="UA", weapons=["drone"]),
    ev("d08", "e2", "novoshakhtinsk-n1", "attack", "novoshakhtinsk", N1,
       "A fire broke out at an oil refinery in Novoshakhtinsk after it was targeted by drones, Slyusar added.",
       [], "Yuri Slyusar", "RU", verb="added", attacker="UA", target="RU", weapons=["drone"]),
    ev("d09", "e2", "novoshakhtinsk-n1", "attack", "novoshakhtinsk", N1,
       "Residents of Novoshakhtinsk posted videos of a large blaze at the refinery on the outskirts of the town.",
       [], None, None, reported_by=["Southern Monitor"], verb=None, weapons=["drone"]),
    ev("d09", "e3", "rostov-n1", "interception", "rostov_r", N1,
       "The Defence Ministry said 11 drones were destroyed over the Rostov region.",
       [q("intercepted", 11, "drone", "11 drones")], MOD, "RU", attacker="UA", target="RU", weapons=["drone"]),
    ev("d01", "e4", "rostov-n1", "interception", "rostov_r", N1,
       "Another 11 were downed over the Rostov region, it said.",
       [q("intercepted", 11, "drone", "Another 11")], MOD, "RU", attacker="UA", target="RU", weapons=["drone"]),
    # Voronezh, night 1
    ev("d22", "e2", "voronezh-n1", "attack", "voronezh", N1,
       "In Voronezh, falling debris damaged a kindergarten and a private house, Governor Alexander Gusev said, adding that nobody was hurt.",
       [], "Alexander Gusev", "RU", attacker="UA", target="RU", weapons=["drone"]),
    # ---- night 1 on the Ukrainian side: Kharkiv with disputed tolls, the Air Force total, Odesa
    ev("d10", "e1", "kharkiv-n1", "attack", "kharkiv", N1,
       "Two people were killed and 14 wounded when Russian drones hit an apartment block in Kharkiv, Mayor Ihor Terekhov said.",
       [q("killed", 2, "person", "Two people"), q("injured", 14, "person", "14 wounded")], "Ihor Terekhov", "UA",
       attacker="RU", target="UA", weapons=["drone"]),
    ev("d11", "e1", "kharkiv-n1", "attack", "kharkiv", N1,
       "Regional governor Oleh Syniehubov said the death toll in Kharkiv had risen to three, with 21 people injured.",
       [q("killed", 3, "person", "three"), q("injured", 21, "person", "21 people")], "Oleh Syniehubov", "UA",
       attacker="RU", target="UA", weapons=["drone"]),
    ev("d04", "e3", "kharkiv-n1", "attack", "kharkiv", N1,
       "Kharkiv also came under attack overnight, with at least two killed there, according to Ukrainian officials.",
       [q("killed", 2, "person", "at least two", "at_least", high=None)], "Ukrainian officials", "UA",
       attacker="RU", target="UA", weapons=["drone"]),
    ev("d11", "e2", "ua-total-n1", "attack", None, N1,
       "Russia launched 61 Shahed-type drones and four missiles at Ukraine overnight, the Ukrainian Air Force said.",
       [q("launched", 61, "drone", "61 Shahed-type drones"), q("launched", 4, "missile", "four missiles")],
       "Ukrainian Air Force", "UA", attacker="RU", target="UA", weapons=["drone", "missile"]),
    ev("d11", "e3", "ua-total-n1", "interception", "ukraine", N1,
       "Air defence shot down or suppressed 44 of the drones, the Air Force said.",
       [q("intercepted", 44, "drone", "44 of the drones")], "Ukrainian Air Force", "UA",
       attacker="RU", target="UA", weapons=["drone"]),
    ev("d10", "e2", "ua-total-n1", "interception", "ukraine", N1,
       "Ukraine's air force reported downing 44 drones across the country.",
       [q("intercepted", 44, "drone", "44 drones")], "Ukrainian Air Force", "UA", verb="reported",
       attacker="RU", target="UA", weapons=["drone"]),
    ev("d12", "e1", "odesa-n1", "attack", "odesa", N1,
       "One port worker was killed when a drone hit a grain terminal in Odesa overnight, the regional administration said.",
       [q("killed", 1, "person", "One port worker")], "Odesa regional administration", "UA",
       attacker="RU", target="UA", weapons=["drone"]),
    # Kyiv, night 1: a district inside the city, an old spelling, a report with no time of its own
    ev("d24", "e1", "kyiv-n1", "attack", "kyiv", N1,
       "Debris from a downed drone set fire to a warehouse in Kyiv, the head of the city military administration said.",
       [], "Kyiv city military administration", "UA", attacker="RU", target="UA", weapons=["drone"]),
    ev("d24", "e2", "kyiv-n1", "attack", "shevchenkivskyi", N1,
       "In the Shevchenkivskyi district, a drone fragment damaged the roof of a school; one man was lightly hurt.",
       [q("injured", 1, "person", "one man")], "Kyiv city military administration", "UA",
       attacker="RU", target="UA", weapons=["drone"]),
    ev("d25", "e1", "kyiv-n1", "interception", "kiev", None,
       "Air defences were active over Kiev for several hours, officials said, urging residents to stay in shelters.",
       [], "officials", "UA", target="UA", weapons=["drone"]),
    ev("d26", "e1", "lviv-n1", "attack", "lviv", N1,
       "In Lviv, two drones struck an industrial site on the western edge of the city, the regional governor said.",
       [q("hit", 2, "drone", "two drones")], "Lviv regional governor", "UA", attacker="RU", target="UA", weapons=["drone"]),
    # ---- night 2 (10-11 Aug): same places, other nights: must stay apart
    ev("d13", "e1", "moscow-n2", "interception", "moscow", N2,
       "Sobyanin said three more drones were destroyed on their way to Moscow on Monday night.",
       [q("intercepted", 3, "drone", "three more drones")], "Sergei Sobyanin", "RU", attacker="UA", target="RU", weapons=["drone"]),
    ev("d14", "e1", "kharkiv-n2", "attack", "kharkiv", N2,
       "A woman was injured in a fresh drone attack on Kharkiv late on Monday, Terekhov said.",
       [q("injured", 1, "person", "A woman")], "Ihor Terekhov", "UA", attacker="RU", target="UA", weapons=["drone"]),
    # ---- Sudan
    ev("d15", "e1", "elfasher-0812", "attack", "el_fasher", day("2025-08-12", "on Tuesday"),
       "RSF artillery shelling of El Fasher killed 11 civilians on Tuesday, the state health ministry said.",
       [q("killed", 11, "person", "11 civilians")], "North Darfur health ministry", "SD",
       attacker="RSF", weapons=["artillery"]),
    ev("d16", "e1", "elfasher-0812", "attack", "el_fasher", day("2025-08-12", "Tuesday"),
       "At least nine people died when shells landed near a market in El Fasher on Tuesday, a local volunteer network reported.",
       [q("killed", 9, "person", "At least nine people", "at_least", high=None)], "local volunteer network", None,
       verb="reported", weapons=["artillery"]),
    ev("d17", "e1", "bara-0813", "clash", "bara", day("2025-08-13", "on Wednesday"),
       "Heavy fighting between the army and the RSF erupted on the outskirts of Bara on Wednesday, residents said.",
       [], "residents", None, attacker="RSF", target="SAF"),
    ev("d17", "e2", "bara-0813", "territory", "bara", day("2025-08-13", "Wednesday"),
       "The RSF later claimed to have taken full control of Bara, which the army did not confirm.",
       [], "Rapid Support Forces", "SD", modality="claimed", verb="claimed", attacker="RSF", target="SAF"),
    ev("d16", "e2", "elfasher-0813", "attack", "el_fasher", day("2025-08-13", "on Wednesday"),
       "A drone struck a displacement camp near El Fasher on Wednesday, killing four, the volunteers said a day later.",
       [q("killed", 4, "person", "four")], "local volunteer network", None, weapons=["drone"]),
    # ---- Burkina Faso
    ev("d18", "e1", "djibo-0814", "clash", "djibo", day("2025-08-14", "on Thursday"),
       "Militants linked to JNIM attacked an army post in Djibo on Thursday, sparking hours of fighting, security sources said.",
       [q("killed", 20, "person", "about 20", "approx")], "security sources", None,
       attacker="JNIM", target="BFA", weapons=["firearm"]),
    ev("d19", "e1", "djibo-0814", "clash", "djibo", day("2025-08-14", "Thursday"),
       "Dozens of soldiers and civilians were killed in Thursday's assault on Djibo, the group said in a statement.",
       [q("killed", 24, "person", "Dozens of soldiers", "range", low=24, high=99)], "JNIM", None,
       modality="claimed", verb="said", attacker="JNIM", target="BFA", weapons=["firearm"]),
    # ---- Kenya: a protest and the arrests there, and a riot in another city the same day
    ev("d20", "e1", "nairobi-0818", "protest", "nairobi", day("2025-08-18", "on Monday"),
       "Thousands marched through central Nairobi on Monday demanding the release of detained activists.",
       [], None, None, verb=None),
    ev("d20", "e2", "nairobi-0818", "arrest", "nairobi", day("2025-08-18", "Monday"),
       "Police arrested 37 protesters in Nairobi, a police spokesperson said.",
       [q("captured", 37, "person", "37 protesters")], "Kenya police spokesperson", "KE"),
    ev("d21", "e1", "mombasa-0818", "riot", "mombasa", day("2025-08-18", "on Monday"),
       "In Mombasa, youths torched tyres and looted shops on Monday, and police fired tear gas.",
       [], None, None, verb=None),
]


# Document texts for the near-duplicate check (documents.jsonl): d02 is a verbatim
# copy of d01 with another site's furniture, d03 a lightly edited rewrite of
# d01, d23 a copy of d05 under a new headline; d04 and d22 report the same
# night independently and must not join d01's family.
D01 = (
    "Russia's Defence Ministry said its air defences destroyed 94 Ukrainian drones over Russian regions "
    "overnight, one of the largest such attacks in weeks. Of those, 28 were brought down over the Bryansk "
    "region on the border with Ukraine, the ministry added. Another 11 were downed over the Rostov region, "
    "it said. Moscow Mayor Sergei Sobyanin said seven drones flying towards the city had been shot down. "
    "There was no immediate comment from Kyiv, which says its strikes on Russian territory are aimed at "
    "military and energy infrastructure that supports Moscow's war effort. Flights were briefly halted at "
    "two of the capital's airports while the attack was under way, according to the aviation authority. "
    "Russia has stepped up its own drone and missile strikes on Ukrainian cities in recent weeks."
)
D05 = (
    "Air defence units downed a total of seven drones approaching the capital, Sobyanin wrote on Telegram, "
    "adding that emergency crews were at the scene where debris fell. No serious damage or casualties were "
    "reported in the initial assessment, he said. Residents of several southern districts said they heard "
    "explosions shortly after midnight, and videos shared online showed flashes over a residential area. "
    "The mayor has reported drones approaching the city on most nights this month."
)
DOC_TEXTS = {
    "d01": D01,
    "d02": "World | Valley Gazette\n" + D01 + "\nShare this story. Reporting by Northern Wire staff.",
    "d03": D01.replace("one of the largest such attacks in weeks", "one of the biggest attacks of its kind this month")
              .replace("There was no immediate comment from Kyiv", "Kyiv did not immediately comment")
              .replace("Russia has stepped up", "Moscow has intensified"),
    "d04": (
        "Ukraine hit targets deep inside Russia overnight with a wave of long-range drones, a source in "
        "Ukraine's security service said, describing an operation that involved some 120 drones. Moscow "
        "claimed to have shot down more than 90 drones during the night, a figure that could not be "
        "independently verified. Kharkiv also came under attack overnight, with at least two killed there, "
        "according to Ukrainian officials. The source said refineries and an airfield were among the targets "
        "and that damage was still being assessed."
    ),
    "d05": D05,
    "d23": "Moscow mayor: seven drones shot down near the capital\n" + D05,
    "d22": (
        "A Telegram channel that tracks air raids put the number of drones downed over Russia at around 40, "
        "far below the official figure of 94 announced by the Defence Ministry on Sunday morning. In Voronezh, "
        "falling debris damaged a kindergarten and a private house, Governor Alexander Gusev said, adding that "
        "nobody was hurt. Independent verification of either figure was not possible."
    ),
}


def main() -> None:
    with open(HERE / "events.jsonl", "w", encoding="utf-8") as fh:
        for e in E:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    with open(HERE / "documents.jsonl", "w", encoding="utf-8") as fh:
        for doc_id, text in DOC_TEXTS.items():
            outlet, published, family, url = DOCS[doc_id]
            fh.write(json.dumps({"id": doc_id, "outlet": outlet, "published": published, "url": url,
                                 "gold_family": family, "text": text}, ensure_ascii=False) + "\n")
    print(f"{len(E)} events, {len({e['gold'] for e in E})} gold incidents")


if __name__ == "__main__":
    main()
