"""Deterministic synthetic news reports for benchmarks.

``generate(n, seed, words)`` yields JSONL-ready records
``{"id", "title", "outlet", "published", "text", "incident"}`` that read like
wire copy about armed conflict: reporting verbs, claimants of both sides,
numbers with qualifiers, date expressions, real place names, weapons,
casualties, boilerplate lines and background paragraphs with no events.

Several reports share one ``incident`` label (same night, same places,
different outlets, wording and partly different numbers), so a linker
benchmark can use the label as ground truth.

The text is invented from templates; it contains no real article text.
Pure standard library, seeded: the same ``(n, seed, words)`` always gives the
same records, and ``generate(n)`` is a prefix of ``generate(m)`` for ``m > n``.

CLI::

    python benchmarks/synth.py 20000 --out bench.jsonl [--seed 0] [--words 600]
    python benchmarks/synth.py 500 --out bench-txt/ --format txt-dir
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

# --------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------

OUTLETS = (
    "Reuters", "Associated Press", "AFP", "BBC News", "Al Jazeera", "The Guardian",
    "The Kyiv Independent", "Ukrainska Pravda", "The Moscow Times", "TASS", "RIA Novosti",
    "Interfax", "Meduza", "CNN", "The New York Times", "The Washington Post",
    "The Wall Street Journal", "Deutsche Welle", "France 24", "Euronews", "Sky News",
    "The Times of Israel", "Haaretz", "Middle East Eye", "Sudan Tribune", "Radio Dabanga",
    "The Irrawaddy", "Myanmar Now", "RFI", "Bloomberg", "NDTV", "Hindustan Times",
    "The Independent", "Anadolu Agency", "Kyiv Post", "Novaya Gazeta Europe",
)

FIRST_NAMES = ("Anna", "Olena", "Pavel", "Tom", "Maria", "Yusuf", "Lina", "David", "Sara",
               "Mohammed", "Elena", "James", "Nadia", "Oleksiy", "Hannah", "Ibrahim", "Kyaw",
               "Aisha", "Mark", "Daria")
LAST_NAMES = ("Petrenko", "Keller", "Ivanova", "Balmforth", "Haddad", "Novak", "Osman",
              "Marchenko", "Williams", "Zinets", "Aung", "Diallo", "Fischer", "Hussein",
              "Kovalenko", "Lewis", "Moroz", "Salem", "Tran", "Yakovenko")

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
              "Oct.", "Nov.", "Dec.")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

SAY = ("said", "said", "said", "reported", "stated", "claimed", "announced", "wrote on Telegram",
       "said in a statement", "told reporters", "said on its Telegram channel", "posted on X")
SAID_THAT = ("said", "said", "reported", "claimed", "added", "noted", "confirmed", "told reporters")
QUAL_MORE = ("at least", "more than", "over", "about", "around", "nearly", "some", "up to")


@dataclass(frozen=True)
class Conflict:
    """The cast and places of one theatre, filled into the templates."""
    key: str
    attacker: str          # "Russia"
    attacker_adj: str      # "Russian"
    target: str            # "Ukraine"
    target_adj: str
    defender_claimant: tuple[str, ...]   # who reports interceptions / damage
    attacker_claimant: tuple[str, ...]   # who claims the strike
    officials: tuple[str, ...]           # local officials reporting casualties
    regions: tuple[str, ...]             # named areas for per-region parts
    cities: tuple[str, ...]
    weapons: tuple[tuple[str, str], ...]  # (plural noun, singular noun)
    ground: tuple[str, ...]              # frontline villages / areas for clashes
    background: tuple[str, ...]          # event-free background sentences
    air_defence: bool = True             # do interception reports make sense here?
    max_launched: int = 600              # the largest salvo in this theatre


CONFLICTS: tuple[Conflict, ...] = (
    Conflict(
        key="ua-on-ru", attacker="Ukraine", attacker_adj="Ukrainian", target="Russia",
        target_adj="Russian",
        defender_claimant=("Russia's Defence Ministry", "the Russian Defence Ministry",
                           "the Russian Ministry of Defence", "Russian air defence forces"),
        attacker_claimant=("Ukraine's General Staff", "Ukraine's SBU security service",
                           "a source in Ukraine's military intelligence", "Ukraine's drone forces"),
        officials=("Moscow Mayor Sergei Sobyanin", "the regional governor", "the acting governor",
                   "Belgorod Region Governor Vyacheslav Gladkov", "the local administration head",
                   "the governor of the Kursk Region"),
        regions=("the Bryansk Region", "the Kursk Region", "the Belgorod Region", "the Voronezh Region",
                 "the Rostov Region", "the Saratov Region", "the Moscow Region", "the Tula Region",
                 "the Oryol Region", "the Kaluga Region", "the Lipetsk Region", "the Tver Region",
                 "the Smolensk Region", "the Krasnodar Territory", "the Volgograd Region",
                 "the Nizhny Novgorod Region", "Crimea", "the Sea of Azov"),
        cities=("Moscow", "Belgorod", "Kursk", "Voronezh", "Rostov-on-Don", "Saratov", "Engels",
                "Tula", "Bryansk", "Novorossiysk", "Tuapse", "Volgograd", "Kaluga", "Oryol",
                "Lipetsk", "Taganrog", "Ryazan", "Novoshakhtinsk", "Sevastopol", "Yeysk"),
        weapons=(("drones", "drone"), ("fixed-wing drones", "drone"),
                 ("unmanned aerial vehicles", "UAV"), ("long-range drones", "drone"),
                 ("Neptune missiles", "Neptune missile"), ("ATACMS missiles", "ATACMS missile")),
        ground=("Tetkino", "Glushkovo", "Sudzha", "Tyotkino", "Krasnaya Yaruga"),
        background=(
            "Kyiv says its long-range strikes target the military and energy infrastructure that sustains Russia's war effort.",
            "Ukraine has stepped up attacks on Russian oil refineries this year, forcing several to halt processing.",
            "Moscow describes the strikes as terrorist attacks and has vowed to respond.",
            "Russian airports routinely suspend flights when drones approach, causing delays for thousands of passengers.",
        ),
    ),
    Conflict(
        key="ru-on-ua", attacker="Russia", attacker_adj="Russian", target="Ukraine",
        target_adj="Ukrainian",
        defender_claimant=("Ukraine's air force", "the Ukrainian Air Force", "Ukraine's military",
                           "the air force command", "Ukrainian air defence units"),
        attacker_claimant=("Russia's Defence Ministry", "the Russian Defence Ministry",
                           "the Kremlin", "Russian military bloggers"),
        officials=("the regional governor", "Kyiv Mayor Vitali Klitschko", "the head of the city military administration",
                   "Kharkiv Mayor Ihor Terekhov", "Odesa regional governor Oleh Kiper",
                   "Interior Minister Ihor Klymenko", "the State Emergency Service",
                   "Dnipropetrovsk regional governor Serhiy Lysak"),
        regions=("the Kyiv region", "the Kharkiv region", "the Odesa region", "the Dnipropetrovsk region",
                 "the Sumy region", "the Chernihiv region", "the Poltava region", "the Zaporizhzhia region",
                 "the Mykolaiv region", "the Lviv region", "the Khmelnytskyi region", "the Vinnytsia region",
                 "the Kirovohrad region", "the Cherkasy region", "the Volyn region"),
        cities=("Kyiv", "Kharkiv", "Odesa", "Dnipro", "Zaporizhzhia", "Lviv", "Sumy", "Chernihiv",
                "Kryvyi Rih", "Poltava", "Mykolaiv", "Kherson", "Izmail", "Ternopil", "Lutsk",
                "Vinnytsia", "Khmelnytskyi", "Kremenchuk", "Bila Tserkva", "Pavlohrad", "Uman"),
        weapons=(("Shahed drones", "Shahed drone"), ("Shahed-type attack drones", "drone"),
                 ("drones and decoys", "drone"), ("Kalibr cruise missiles", "Kalibr missile"),
                 ("Iskander-M ballistic missiles", "Iskander-M missile"),
                 ("Kh-101 cruise missiles", "Kh-101 missile"), ("guided aerial bombs", "glide bomb"),
                 ("Kinzhal hypersonic missiles", "Kinzhal missile"), ("missiles", "missile")),
        ground=("Pokrovsk", "Kostiantynivka", "Chasiv Yar", "Toretsk", "Kupiansk", "Lyman",
                "Siversk", "Huliaipole", "Kurakhove", "Vovchansk", "Dobropillia", "Myrnohrad"),
        background=(
            "Russia has repeatedly targeted Ukraine's energy grid, causing rolling blackouts across the country.",
            "Ukrainian officials have urged Western partners to speed up deliveries of Patriot air defence systems.",
            "Moscow denies targeting civilians and says it strikes only military and energy facilities used by the Ukrainian army.",
            "The full-scale invasion began in February 2022 and has killed tens of thousands of people.",
            "Kyiv and its allies have accused Moscow of stalling peace efforts while pressing its offensive in the east.",
        ),
    ),
    Conflict(
        key="israel-gaza", attacker="Israel", attacker_adj="Israeli", target="Gaza",
        target_adj="Palestinian",
        defender_claimant=("the Gaza Health Ministry", "Gaza's Civil Defence agency",
                           "the Health Ministry in Gaza", "hospital officials", "Palestinian medics"),
        attacker_claimant=("the Israeli military", "the IDF", "an Israeli military spokesperson",
                           "Israel's army"),
        officials=("the director of al-Shifa hospital", "a Civil Defence spokesperson",
                   "staff at Nasser Hospital", "the head of al-Awda hospital", "local residents"),
        regions=("northern Gaza", "central Gaza", "southern Gaza", "the Muwasi area", "Gaza City"),
        cities=("Gaza City", "Khan Younis", "Rafah", "Deir al-Balah", "Jabalia", "Nuseirat",
                "Beit Lahiya", "Bureij", "Maghazi", "Zeitoun"),
        weapons=(("airstrikes", "airstrike"), ("tank shells", "tank shell"), ("drones", "drone"),
                 ("rockets", "rocket"), ("artillery shells", "shell")),
        ground=("Shujaiya", "Tuffah", "Beit Hanoun", "Khuzaa", "Bani Suheila"),
        background=(
            "Cease-fire talks mediated by Egypt, Qatar and the United States have repeatedly stalled.",
            "The Health Ministry's figures do not distinguish between civilians and combatants.",
            "Aid agencies warn that famine conditions are spreading across the territory.",
            "Most of Gaza's population has been displaced, many of them several times.",
        ),
        air_defence=False,
    ),
    Conflict(
        key="red-sea", attacker="the Houthis", attacker_adj="Houthi", target="shipping",
        target_adj="commercial",
        defender_claimant=("US Central Command", "the Israeli military", "the EU naval mission Aspides",
                           "the UKMTO maritime agency", "the British military"),
        attacker_claimant=("Houthi military spokesman Yahya Saree", "the Houthi-run Saba news agency",
                           "Houthi-run Al-Masirah TV", "the Houthis"),
        officials=("a shipping security official", "the ship's operator", "the vessel's master",
                   "the Yemeni government", "port officials in Hodeidah"),
        regions=("the Red Sea", "the Gulf of Aden", "the Bab el-Mandeb strait", "the Arabian Sea"),
        cities=("Eilat", "Tel Aviv", "Haifa", "Ashkelon", "Beersheba", "Jerusalem", "Ashdod", "Aden"),
        weapons=(("ballistic missiles", "ballistic missile"), ("drones", "drone"),
                 ("anti-ship missiles", "anti-ship missile"), ("explosive-laden boats", "boat"),
                 ("cruise missiles", "cruise missile")),
        ground=("Marib", "Taiz", "Hodeidah", "al-Dhalea"),
        background=(
            "The Houthis say their attacks are in solidarity with the Palestinians in Gaza.",
            "Shipping companies have rerouted vessels around the Cape of Good Hope, adding weeks to voyages.",
            "Insurance premiums for ships crossing the Red Sea have risen sharply since the attacks began.",
        ),
        max_launched=12,
    ),
    Conflict(
        key="sudan", attacker="the Rapid Support Forces", attacker_adj="RSF", target="the army",
        target_adj="Sudanese",
        defender_claimant=("the Sudanese army", "the Sudan Doctors Network", "the army-aligned government",
                           "local resistance committees", "the UN humanitarian office"),
        attacker_claimant=("the RSF", "the Rapid Support Forces", "an RSF spokesman", "RSF commanders"),
        officials=("the governor of North Darfur", "a local health official", "the Emergency Lawyers group",
                   "the International Organization for Migration", "a doctor at the Saudi hospital"),
        regions=("North Darfur", "South Kordofan", "North Kordofan", "Khartoum state", "White Nile state"),
        cities=("El Fasher", "Omdurman", "Khartoum", "Kadugli", "El Obeid", "Nyala", "Port Sudan",
                "Kassala", "Dilling", "Babanusa", "Tawila", "Kosti"),
        weapons=(("drones", "drone"), ("artillery shells", "shell"), ("rockets", "rocket"),
                 ("suicide drones", "drone"), ("mortar rounds", "mortar round")),
        ground=("Abu Shouk", "Zamzam", "Um Kadada", "Bara", "Al-Khuwei", "Jebel Aulia"),
        background=(
            "The war between the army and the RSF broke out in April 2023 and has displaced more than 12 million people.",
            "The United Nations describes Sudan as the world's largest humanitarian crisis.",
            "Both sides have been accused of atrocities against civilians, which they deny.",
        ),
        max_launched=40,
    ),
    Conflict(
        key="sahel", attacker="jihadist fighters", attacker_adj="jihadist", target="the army",
        target_adj="Malian",
        defender_claimant=("the army", "the military government", "the armed forces general staff",
                           "security sources", "local officials"),
        attacker_claimant=("JNIM", "the al Qaeda-linked JNIM group", "Islamic State Sahel Province",
                           "the group's propaganda outlet"),
        officials=("a local official", "a humanitarian worker", "the mayor", "a community leader",
                   "a regional governor"),
        regions=("the Menaka region", "the Tillaberi region", "the Sahel region", "the Mopti region",
                 "the Timbuktu region", "the Boucle du Mouhoun region"),
        cities=("Djibo", "Menaka", "Gao", "Timbuktu", "Tillaberi", "Diffa", "Kaya", "Mopti",
                "Ouahigouya", "Dori", "Fada N'Gourma", "Bamako", "Niamey", "Ouagadougou"),
        weapons=(("assault rifles", "rifle"), ("improvised explosive devices", "IED"),
                 ("motorbikes", "motorbike"), ("drones", "drone"), ("car bombs", "car bomb")),
        ground=("Barsalogho", "Boulkessi", "Tinzaouaten", "Mansila", "Solenzo"),
        background=(
            "The juntas in Mali, Burkina Faso and Niger have expelled French troops and turned to Russia for security support.",
            "Violence linked to al Qaeda and Islamic State affiliates has spread from Mali to coastal West Africa.",
            "Millions of people have been displaced across the central Sahel.",
        ),
        air_defence=False,
    ),
    Conflict(
        key="myanmar", attacker="the military", attacker_adj="junta", target="resistance forces",
        target_adj="resistance",
        defender_claimant=("the National Unity Government", "a local People's Defence Force",
                           "resistance fighters", "residents", "rescue workers"),
        attacker_claimant=("the junta", "a military spokesman", "state media", "the military government"),
        officials=("a village administrator", "a rescue worker", "a spokesperson for the Kachin Independence Army",
                   "a local resident", "the township's resistance committee"),
        regions=("the Sagaing region", "Mandalay region", "Shan State", "Kachin State", "Rakhine State",
                 "Magway region", "Chin State"),
        cities=("Mandalay", "Sagaing", "Lashio", "Myitkyina", "Hpakant", "Monywa", "Sittwe",
                "Kyaukphyu", "Pale", "Tabayin", "Myingyan", "Bhamo"),
        weapons=(("airstrikes", "airstrike"), ("fighter jets", "jet"), ("paramotor bombs", "bomb"),
                 ("artillery shells", "shell"), ("drones", "drone")),
        ground=("Bhamo", "Kyaukme", "Nawnghkio", "Mogoke", "Thabeikkyin"),
        background=(
            "The military seized power in a coup in February 2021, triggering a nationwide armed uprising.",
            "The junta has increasingly relied on air power as it lost ground to ethnic armed groups.",
            "The military denies targeting civilians and says it strikes only terrorist positions.",
        ),
        air_defence=False,
    ),
)

CONFLICT_WEIGHTS = (4, 6, 2, 1, 2, 1, 1)

# --------------------------------------------------------------------------
# Templates. Fields: {att} {att_adj} {tgt} {tgt_adj} {def_cl} {att_cl} {official}
# {city} {city2} {region} {w} {w1} {n_launch} {n_down} {killed} {injured} {say}
# {said} {time} {when} {outlet} {ground} {breakdown} {year}
# --------------------------------------------------------------------------

LEAD = (
    "{att_adj} forces launched {n_launch} {w} at {tgt_adj_place} {time}, {def_cl} {say}.",
    "{def_cl_cap} {say} air defences shot down {n_down} {att_adj} {w} {time}.",
    "{att_cap} attacked {city} with {w} {time}, killing {killed} people and injuring {injured}, {official} {said}.",
    "{killed_cap} people were killed and {injured} wounded when {att_adj} {w} struck {city} {time}, officials {said}.",
    "A {att_adj} attack on {city} {time} killed {killed} people, including a child, {official} {said}.",
    "{def_cl_cap} {say} it had intercepted {n_down} of the {n_launch_p} {w} fired {time}.",
    "{att_adj} {w} hit residential buildings and an energy facility in {city} {time}, {official} {said}.",
    "{city} came under a massive {att_adj} attack {time}, with explosions heard across the city, {official} {said}.",
    "At least {killed} people died in {city} {time} after {att_adj} {w} struck a residential area, according to {def_cl}.",
    "{def_cl_cap} {say} {n_down} {att_adj} {w} had been destroyed or suppressed {time}.",
)

INTERCEPT = (
    "According to {def_cl}, {n_down} of the {n_launch_p} {w} were shot down or jammed by electronic warfare.",
    "Air defence units destroyed {n_down} {w} {time}, {def_cl} {said}.",
    "{def_cl_cap} {say} that {n_down} {w} were intercepted over {region} and neighbouring areas.",
    "\"On-duty air defence systems intercepted and destroyed {n_down} {att_adj} {w},\" {def_cl} {said}.",
    "The {w} were launched from several directions, and {n_down} were downed, {def_cl} {said}.",
    "{def_cl_cap} {say} {n_hits} locations had been hit and debris fell at {n_debris} more.",
    "Of the {n_launch_p} {w}, {n_down} were neutralised, while {n_lost} were \"lost\" to electronic jamming, {def_cl} {said}.",
    "Interceptor drones and mobile fire groups accounted for many of the {n_down_p} {w} downed, {def_cl} {said}.",
)

PARTS = (
    "According to {def_cl}, {breakdown}.",
    "{def_cl_cap} {say} the {w} were downed as follows: {breakdown}.",
    "The downed {w} included {breakdown}, {def_cl} {said}.",
)

CASUALTY = (
    "{official_cap} {say} {killed} people were killed and {injured} injured in {city}.",
    "The death toll in {city} rose to {killed}, {official} {said} on {weekday_after}, with {injured} people wounded.",
    "{injured_cap} people, including {children} children, were wounded in {city}, {official} {said}.",
    "A {age}-year-old man was killed in {city} when debris fell on his house, {official} {said}.",
    "{official_cap} {say} rescuers pulled {rescued} people from the rubble in {city} and that {missing} remained missing.",
    "In {city2}, {injured2} people were injured when a {w1} hit a private house, according to {official}.",
    "Medics treated {injured} people for shrapnel wounds and shock, {official} {said}.",
    "Among the dead in {city} were a woman and her {age_child}-year-old son, {official} {said}.",
    "{official_cap} put the number of injured in {city} at {injured}, up from {injured_early} earlier in the day.",
    "Hospitals in {city} were treating {injured} wounded, {hosp_count} of them in serious condition, {official} {said}.",
)

DAMAGE = (
    "Several apartment blocks, a school and dozens of cars were damaged in {city}, {official} {said}.",
    "A fire broke out at an industrial facility in {city} after debris from a downed {w1} fell on its territory.",
    "The strike damaged power lines, leaving about {households} households in {city} without electricity.",
    "Windows were blown out in {buildings} residential buildings in {city}, according to {official}.",
    "An oil depot near {city} caught fire after being hit by a {w1}, {official} {said}.",
    "A warehouse and a petrol station were destroyed in {city2}, {official} {said}.",
    "Emergency crews battled a blaze on the upper floors of a nine-storey building in {city} for several hours.",
    "Critical infrastructure in {region} was hit, and power outages were reported in several districts.",
)

DISRUPTION = (
    "Airports in {city} and {city2} suspended flights for several hours {time}, the aviation authority {said}.",
    "At least {flights} flights were delayed or cancelled because of the restrictions, airport officials {said}.",
    "Residents of {streets} streets near the site in {city} were evacuated as a precaution.",
    "Train services between {city} and {city2} were delayed by up to {hours} hours after the attack damaged the line.",
    "Schools in {city} switched to remote learning on {weekday_after} after the overnight attack.",
    "Rolling power outages were announced in {region} after the strikes hit energy infrastructure.",
)

OTHER_SIDE = (
    "{att_cl_cap} {say} its forces had struck military targets in {city}, without commenting on casualties.",
    "{att_cl_cap} {say} it had hit \"military-industrial enterprises\" with {w} {time}.",
    "{att_cl_cap} did not comment on the attack.",
    "{att_cl_cap} denied targeting civilians and said the {w} had been aimed at a military facility in {city}.",
    "{att_cl_cap} {say} a \"massive strike\" had hit all its intended targets.",
    "{att_cl_cap} rejected the casualty figures given by {def_cl} as propaganda.",
    "\"All designated targets were hit,\" {att_cl} {said} in a brief statement.",
)

VERIFY = (
    "{outlet} could not independently verify the claims.",
    "The figures could not be independently verified.",
    "Neither side's account could be independently confirmed.",
    "{outlet} was unable to verify the number of {w} involved.",
    "Battlefield claims by either side could not be immediately verified.",
)

GROUND = (
    "{def_cl_cap} {say} its troops repelled {assaults} {att_adj} assaults near {ground} over the past day.",
    "{att_cl_cap} {say} its forces had captured the village of {ground}, a claim {def_cl} denied.",
    "Fighting continued near {ground}, where {att_adj} units have been trying to advance for weeks, {def_cl} {said}.",
    "There were {clashes} combat clashes along the front line over the past 24 hours, {def_cl} {said}.",
    "{att_cl_cap} {say} it had taken control of positions around {ground} after heavy fighting.",
    "{def_cl_cap} {say} its forces had killed {enemy} enemy fighters and destroyed {vehicles} armoured vehicles near {ground}.",
)

DIPLOMACY = (
    "The attack came a day after officials from both sides met for talks in {talks_city} that ended without a breakthrough.",
    "Foreign ministers were due to discuss the conflict at a meeting in {talks_city} on {weekday_after}.",
    "The United Nations called on all parties to protect civilians and respect international humanitarian law.",
    "Mediators have been pushing for a cease-fire, but both sides have accused each other of bad faith.",
    "The two sides exchanged {pows} prisoners each on {weekday_before} in a deal brokered by {mediator}.",
    "A spokesman for {mediator} said contacts with both sides were continuing.",
    "Western officials condemned the attack and promised further support.",
)

EVENT_FREE = (
    "Analysts say the conflict has entered a new phase in which long-range weapons play a growing role.",
    "The war has reshaped the economy of the region, with many businesses relocating or closing.",
    "Humanitarian organisations say funding shortfalls have forced them to cut food rations.",
    "Diplomats say any settlement would require guarantees that neither side has so far been willing to offer.",
    "Local authorities have opened heating and charging points for residents who lost power.",
    "Officials said the information would be updated as rescue work continued.",
    "The government has repeatedly appealed for more help from its international partners.",
    "Many residents now spend nights in basements and metro stations when sirens sound.",
    "Military experts say cheap drones have changed the economics of air defence.",
    "The authorities declared a day of mourning.",
    "Reporters saw damaged buildings and shattered glass on several streets.",
    "The figures were compiled from official statements and local media reports.",
)

BOILERPLATE = (
    "Advertisement",
    "Also Read | {headline}",
    "READ MORE: {headline}",
    "Share this article",
    "Follow us on Telegram for the latest updates",
    "{caption} REUTERS/{photographer}",
    "{caption} Photo: AFP",
    "Subscribe to our newsletter to get the morning briefing in your inbox.",
    "(Reporting by {reporter}; Editing by {editor})",
    "Click here to read more stories from the war.",
)

CAPTIONS = (
    "Rescuers work at the site of a {att_adj} strike in {city}, {month} {day}, {year}.",
    "Firefighters put out a blaze after a {w1} attack in {city} on {month} {day}, {year}.",
    "A damaged residential building is seen in {city}, {month} {day}, {year}.",
)

HEADLINES = (
    "{att_adj} {w} attack {city}; {killed} killed",
    "Air defences down {n_down} {w} over {region}",
    "{killed} dead as {att_adj} strikes hit {city}",
    "{def_cl_cap} says {n_down} {w} intercepted",
    "Overnight attack on {city} kills {killed}, injures {injured}",
    "{city} hit by {att_adj} {w} as talks stall",
    "{n_launch_cap} {w} launched in overnight {att_adj} attack",
    "Strike on {city} leaves {injured} injured, officials say",
    "Fires, power cuts in {city} after {att_adj} attack",
    "{att_adj} attack on {city}: what we know",
    "Casualties reported in {city} and {city2} after night of strikes",
    "{def_cl_cap} reports {n_down} {w} downed; {att_cl} claims hits",
)

TALKS_CITIES = ("Istanbul", "Geneva", "Doha", "Cairo", "Riyadh", "Jeddah", "Abu Dhabi", "Vienna")
MEDIATORS = ("the United Arab Emirates", "Turkey", "Qatar", "Saudi Arabia", "Egypt", "the Vatican")
TARGET_PLACE = {"Ukraine": "Ukraine", "Russia": "Russia", "Gaza": "the Gaza Strip",
                "shipping": "ships in the Red Sea", "the army": "army positions",
                "resistance forces": "villages"}

# A report is a sequence of sections; each entry is (templates, sentences lo..hi).
SECTIONS = (
    (INTERCEPT, 1, 3), (PARTS, 0, 1), (CASUALTY, 1, 3), (DAMAGE, 1, 2), (OTHER_SIDE, 1, 2),
    (DISRUPTION, 0, 2), (GROUND, 0, 2), (VERIFY, 0, 1), (DIPLOMACY, 0, 2),
)



def _no_air_defence(templates: tuple[str, ...]) -> tuple[str, ...]:
    """The templates that do not speak of interceptions (for theatres without them)."""
    return tuple(t for t in templates if "{n_down" not in t and "{breakdown" not in t)


LEAD_GROUND, HEADLINES_GROUND = _no_air_defence(LEAD), _no_air_defence(HEADLINES)
SECTIONS_GROUND = tuple(sec for sec in SECTIONS if sec[0] not in (INTERCEPT, PARTS))

# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------


@dataclass
class Incident:
    """The facts shared by every report about one incident (one night, one theatre)."""
    label: str
    conflict: Conflict
    night_start: date
    city: str
    city2: str
    regions: list[str]
    weapon: tuple[str, str]
    launched: int
    downed: int
    killed: int
    injured: int
    parts: list[int] = field(default_factory=list)


def _num(rng: random.Random, n: int) -> str:
    """Render a count as a digit string, a number word, or with thousands separators."""
    if n < 10 and rng.random() < 0.6:
        return NUMBER_WORDS[n]
    if n >= 1000:
        return f"{n:,}"
    return str(n)


def _qnum(rng: random.Random, n: int) -> str:
    """A count, sometimes with a qualifier ("at least 12", "around 40")."""
    r = rng.random()
    if r < 0.25:
        return f"{rng.choice(QUAL_MORE)} {_num(rng, n)}"
    if r < 0.30 and n > 4:
        return f"between {n - rng.randint(1, 3)} and {n}"
    return _num(rng, n)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _time_expr(rng: random.Random, start: date) -> str:
    """A date expression for the night starting on ``start``."""
    end = start + timedelta(days=1)
    wd, wd_end = WEEKDAYS[start.weekday()], WEEKDAYS[end.weekday()]
    options = (
        "overnight",
        f"on {wd} night",
        f"early on {wd_end}",
        f"overnight into {wd_end}",
        f"in the early hours of {wd_end}",
        f"on the night of {MONTHS[start.month - 1]} {start.day}-{end.day}",
        f"between late {wd} and early {wd_end}",
        f"overnight on {MONTH_ABBR[end.month - 1]} {end.day}",
        f"late on {wd}",
        f"on {wd_end}, {MONTHS[end.month - 1]} {end.day}",
    )
    return rng.choice(options)


FIRST_NIGHT = date(2024, 1, 1)


def _make_incident(index: int, seed: int, first: date = FIRST_NIGHT) -> Incident:
    """Draw the shared facts of incident number ``index`` (a night in the two years from ``first``)."""
    rng = random.Random(f"incident:{seed}:{index}")
    conflict = rng.choices(CONFLICTS, weights=CONFLICT_WEIGHTS)[0]
    night = first + timedelta(days=rng.randrange(730))
    city, city2 = rng.sample(conflict.cities, 2)
    regions = rng.sample(conflict.regions, min(len(conflict.regions), rng.randint(2, 5)))
    launched = rng.choice((rng.randint(5, 40), rng.randint(40, 160), rng.randint(160, 600)))
    if launched > conflict.max_launched:
        launched = rng.randint(2, conflict.max_launched)
    downed = max(1, int(launched * rng.uniform(0.6, 0.97)))
    parts = _split(rng, downed, len(regions))
    return Incident(
        label=f"inc-{seed}-{index:06d}", conflict=conflict, night_start=night, city=city,
        city2=city2, regions=regions, weapon=rng.choice(conflict.weapons), launched=launched,
        downed=downed, killed=rng.choice((0, 1, 2, 3, rng.randint(4, 30))),
        injured=rng.randint(1, 60), parts=parts,
    )


def _split(rng: random.Random, total: int, k: int) -> list[int]:
    """Split ``total`` into ``k`` positive parts (fewer if the total is small)."""
    k = max(1, min(k, total))
    cuts = sorted(rng.sample(range(1, total), k - 1)) if k > 1 else []
    bounds = [0, *cuts, total]
    return sorted((bounds[i + 1] - bounds[i] for i in range(k)), reverse=True)


def _breakdown(rng: random.Random, inc: Incident, w: str) -> str:
    """ "24 over the Bryansk Region, four over the Kursk Region and 3 over Crimea"."""
    items = [f"{_num(rng, n)} over {r}" for n, r in zip(inc.parts, inc.regions)]
    items[0] = f"{items[0].split(' over ')[0]} {w} over {items[0].split(' over ', 1)[1]}"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _context(rng: random.Random, inc: Incident, outlet: str) -> dict[str, str]:
    """The template fields for one report: shared facts plus this outlet's numbers."""
    c = inc.conflict
    end = inc.night_start + timedelta(days=1)
    w, w1 = inc.weapon
    # Each outlet may carry an earlier or later count: numbers drift a little.
    killed = max(2, inc.killed + rng.choice((0, 0, 0, -1, 1, 2)))  # plural templates
    injured = max(1, inc.injured + rng.choice((0, 0, -2, 3, 5)))
    down = max(1, inc.downed + rng.choice((0, 0, 0, -3, 2)))
    def_cl, att_cl, official = rng.choice(c.defender_claimant), rng.choice(c.attacker_claimant), rng.choice(c.officials)
    tgt_place = TARGET_PLACE.get(c.target, c.target)
    ctx = {
        "att": c.attacker, "att_cap": _cap(c.attacker), "att_adj": c.attacker_adj,
        "tgt": c.target, "tgt_adj": c.target_adj, "tgt_adj_place": tgt_place,
        "tgt_adj_place_cap": _cap(tgt_place),
        "def_cl": def_cl, "def_cl_cap": _cap(def_cl), "att_cl": att_cl, "att_cl_cap": _cap(att_cl),
        "official": official, "official_cap": _cap(official),
        "city": inc.city, "city2": inc.city2, "region": inc.regions[0],
        "w": w, "w1": w1,
        "n_launch": _qnum(rng, inc.launched), "n_down": _qnum(rng, down),
        "n_launch_p": _num(rng, inc.launched), "n_down_p": _num(rng, down),
        "n_launch_cap": _cap(_num(rng, inc.launched)),
        "n_hits": _num(rng, rng.randint(2, 15)), "n_debris": _num(rng, rng.randint(1, 9)),
        "n_lost": _num(rng, max(0, inc.launched - down)),
        "killed": _qnum(rng, killed), "killed_cap": _cap(_num(rng, killed)),
        "injured": _qnum(rng, injured), "injured_cap": _cap(_num(rng, injured)),
        "injured_early": _num(rng, max(1, injured - rng.randint(1, 6))),
        "injured2": _num(rng, rng.randint(1, 8)), "children": _num(rng, rng.randint(1, 5)),
        "age": str(rng.randint(19, 84)), "age_child": str(rng.randint(2, 15)),
        "rescued": _num(rng, rng.randint(1, 12)), "missing": _num(rng, rng.randint(1, 9)),
        "hosp_count": _num(rng, rng.randint(1, 9)),
        "households": f"{rng.randint(2, 90) * 1000:,}", "buildings": _num(rng, rng.randint(2, 30)),
        "flights": str(rng.randint(12, 240)), "streets": _num(rng, rng.randint(2, 6)),
        "hours": _num(rng, rng.randint(2, 9)),
        "assaults": str(rng.randint(8, 70)), "clashes": str(rng.randint(90, 260)),
        "enemy": str(rng.randint(10, 400)), "vehicles": _num(rng, rng.randint(2, 25)),
        "ground": rng.choice(c.ground), "pows": str(rng.choice((84, 95, 103, 146, 150, 205))),
        "talks_city": rng.choice(TALKS_CITIES), "mediator": rng.choice(MEDIATORS),
        "time": _time_expr(rng, inc.night_start), "weekday_after": WEEKDAYS[end.weekday()],
        "weekday_before": WEEKDAYS[(inc.night_start.weekday() - rng.randint(1, 4)) % 7],
        "month": MONTHS[end.month - 1], "day": str(end.day), "year": str(end.year),
        "outlet": outlet, "say": rng.choice(SAY), "said": rng.choice(SAID_THAT),
        "reporter": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "editor": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "photographer": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
    }
    ctx["breakdown"] = _breakdown(rng, inc, w)
    headlines = HEADLINES if c.air_defence else HEADLINES_GROUND
    ctx["headline"] = _cap(rng.choice(headlines).format(**ctx))
    ctx["caption"] = rng.choice(CAPTIONS).format(**ctx)
    return ctx


class _Drawer:
    """Draws templates without repeats inside one report (refilling a pool once it runs dry)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.left: dict[int, list[str]] = {}

    def draw(self, pool: tuple[str, ...]) -> str:
        """One item of ``pool`` not yet used in this report, if any is left."""
        left = self.left.get(id(pool))
        if not left:
            left = list(pool)
            self.rng.shuffle(left)
            self.left[id(pool)] = left
        return left.pop()


def _sentence(rng: random.Random, drawer: _Drawer, templates: tuple[str, ...],
              ctx: dict[str, str], conflict: Conflict) -> str:
    """Fill one template, re-drawing the reporting verb and the official so sentences vary."""
    ctx["say"] = rng.choice(SAY)
    ctx["said"] = rng.choice(SAID_THAT)
    official = rng.choice(conflict.officials)
    ctx["official"], ctx["official_cap"] = official, _cap(official)
    return _cap(drawer.draw(templates).format(**ctx))


def _paragraphs(rng: random.Random, inc: Incident, ctx: dict[str, str], words: int) -> list[str]:
    """Build the body: lead, event sections, boilerplate and background, to ~``words`` words."""
    drawer = _Drawer(rng)
    c = inc.conflict
    paras: list[str] = [_sentence(rng, drawer, LEAD if c.air_defence else LEAD_GROUND, ctx, c)]
    sections = list(SECTIONS if c.air_defence else SECTIONS_GROUND)
    rng.shuffle(sections)
    for templates, lo, hi in sections:
        k = rng.randint(lo, hi)
        if k:
            paras.append(" ".join(_sentence(rng, drawer, templates, ctx, c) for _ in range(k)))
    background = c.background + EVENT_FREE
    count = sum(len(p.split()) for p in paras)
    pool: tuple[tuple[str, ...], ...] = (CASUALTY, DAMAGE, OTHER_SIDE, DISRUPTION, GROUND, DIPLOMACY)
    if c.air_defence:
        pool += (INTERCEPT,)
    while count < words * 0.96:
        r = rng.random()
        if r < 0.12:
            para = drawer.draw(BOILERPLATE).format(**ctx)
        elif r < 0.5:
            para = " ".join(drawer.draw(background) for _ in range(rng.randint(2, 3)))
        else:
            para = " ".join(_sentence(rng, drawer, rng.choice(pool), ctx, c)
                            for _ in range(rng.randint(1, 3)))
        n = len(para.split())
        if count + n > words * 1.06 and count >= words * 0.9:
            break
        paras.insert(rng.randint(1, len(paras)), para)
        count += n
    return paras


def _make_report(inc: Incident, seed: int, index: int, words: int) -> dict[str, str]:
    """One outlet's report on ``inc`` (report number ``index`` overall)."""
    rng = random.Random(f"report:{seed}:{index}")
    outlet = rng.choice(OUTLETS)
    ctx = _context(rng, inc, outlet)
    published = inc.night_start + timedelta(days=rng.choice((1, 1, 1, 2)))
    return {
        "id": f"synth-{seed}-{index:07d}",
        "title": _cap(rng.choice(HEADLINES if inc.conflict.air_defence else HEADLINES_GROUND)
                      .format(**ctx)),
        "outlet": outlet,
        "published": published.isoformat(),
        "text": "\n\n".join(_paragraphs(rng, inc, ctx, words)),
        "incident": inc.label,
    }


def generate(n: int, seed: int = 0, words: int = 600, first: date = FIRST_NIGHT) -> Iterator[dict[str, str]]:
    """Yield ``n`` synthetic reports; 2-6 consecutive reports share an ``incident``.

    Deterministic for a given ``seed`` (and ``words``); a shorter run is a prefix
    of a longer one with the same seed.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    made = 0
    inc_index = 0
    while made < n:
        inc = _make_incident(inc_index, seed, first)
        per_incident = random.Random(f"size:{seed}:{inc_index}").randint(2, 6)
        for _ in range(min(per_incident, n - made)):
            yield _make_report(inc, seed, made, words)
            made += 1
        inc_index += 1


def write_txt(rec: dict[str, str], folder: Path) -> Path:
    """Write one record as a plain-text report with a ``title:``/``outlet:``/``date`` header."""
    path = folder / f"{rec['id']}.txt"
    path.write_text(f"title: {rec['title']}\noutlet: {rec['outlet']}\ndate {rec['published']}\n\n"
                    f"{rec['text']}\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """CLI: write ``N`` reports as JSONL (one file) or as a folder of .txt files."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of reports")
    ap.add_argument("--out", required=True, help="output .jsonl file, or folder for txt-dir ('-' = stdout)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--words", type=int, default=600, help="target words per report")
    ap.add_argument("--format", choices=("jsonl", "txt-dir"), default="jsonl")
    args = ap.parse_args(argv)
    records = generate(args.n, seed=args.seed, words=args.words)
    if args.format == "txt-dir":
        folder = Path(args.out)
        folder.mkdir(parents=True, exist_ok=True)
        for rec in records:
            write_txt(rec, folder)
        return 0
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    try:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
