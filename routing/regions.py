"""Korean municipalities (si/gun/gu): our own table, plus lookup helpers.

The table lives in ``data/regions/municipalities.csv`` (see the README there).
Two lookups are offered:

* :func:`locate` reads the names written in an address or a region string;
* :func:`nearest` maps bare coordinates to the closest municipal office point.

Both are offline fallbacks: a geocoded company address is always better.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "regions" / "municipalities.csv"

# English names of the ordinary cities split into non-autonomous gu. The CSV
# only records the parent's Korean name, and `display` and city-level results
# need the English one; a test checks that every parent in the table is here.
PARENT_CITY_EN: dict[str, str] = {
    "수원시": "Suwon-si",
    "성남시": "Seongnam-si",
    "안양시": "Anyang-si",
    "부천시": "Bucheon-si",
    "안산시": "Ansan-si",
    "고양시": "Goyang-si",
    "용인시": "Yongin-si",
    "청주시": "Cheongju-si",
    "천안시": "Cheonan-si",
    "전주시": "Jeonju-si",
    "포항시": "Pohang-si",
    "창원시": "Changwon-si",
}

# Province names as people write them: official (current and pre-2023/2024),
# the two-syllable short forms, and "X시" for the metropolitan cities.
PROVINCE_ALIASES: dict[str, tuple[str, ...]] = {
    "서울특별시": ("서울특별시", "서울시", "서울"),
    "부산광역시": ("부산광역시", "부산시", "부산"),
    "대구광역시": ("대구광역시", "대구시", "대구"),
    "인천광역시": ("인천광역시", "인천시", "인천"),
    "광주광역시": ("광주광역시", "광주"),
    "대전광역시": ("대전광역시", "대전시", "대전"),
    "울산광역시": ("울산광역시", "울산시", "울산"),
    "세종특별자치시": ("세종특별자치시", "세종시", "세종"),
    "경기도": ("경기도", "경기"),
    "강원특별자치도": ("강원특별자치도", "강원도", "강원"),
    "충청북도": ("충청북도", "충북"),
    "충청남도": ("충청남도", "충남"),
    "전북특별자치도": ("전북특별자치도", "전라북도", "전북"),
    "전라남도": ("전라남도", "전남"),
    "경상북도": ("경상북도", "경북"),
    "경상남도": ("경상남도", "경남"),
    "제주특별자치도": ("제주특별자치도", "제주도", "제주"),
}

# Weights: a full official name counts 1, an informal short form ("창원" for
# 창원시) counts 0.5. "광주시" is the official name of a Gyeonggi city, so as
# a hint for 광주광역시 it is only weak. These make "부산 강서구" beat Seoul's
# 강서구 while "광주" alone still means the metropolitan city.
_FULL, _SHORT = 1.0, 0.5
_WEAK_PROVINCE_ALIASES: dict[str, str] = {"광주시": "광주광역시"}
_METRO_SUFFIXES = ("특별시", "광역시")
_TOKEN_SPLIT = re.compile(r"[\s,.;:()\[\]{}<>/·|\"']+")
# Names written together, as in "수원시장안구": split city and gu.
_GLUED_CITY_GU = re.compile(r"^(.+?시)(.+[구])$")

_EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Municipality:
    """One si/gun/gu, located by its municipal office (or a city average)."""

    code: str
    name_ko: str
    name_en: str
    province_ko: str
    province_en: str
    parent_city_ko: str
    lat: float
    lon: float
    road_access: str

    @property
    def display(self) -> str:
        """Korean name with its city, then the romanized name in brackets."""
        if not self.parent_city_ko:
            return f"{self.name_ko} ({self.name_en})"
        parent_en = PARENT_CITY_EN.get(self.parent_city_ko, self.parent_city_ko)
        return f"{self.parent_city_ko} {self.name_ko} ({parent_en} {self.name_en})"


@lru_cache(maxsize=8)
def load_municipalities(path: Path | None = None) -> tuple[Municipality, ...]:
    """Read the table once; codes stay strings so leading digits survive."""
    with (path or DEFAULT_PATH).open(encoding="utf-8", newline="") as f:
        return tuple(_row_to_municipality(row) for row in csv.DictReader(f))


def _row_to_municipality(row: dict[str, str]) -> Municipality:
    return Municipality(
        code=row["code"].strip(),
        name_ko=row["name_ko"].strip(),
        name_en=row["name_en"].strip(),
        province_ko=row["province_ko"].strip(),
        province_en=row["province_en"].strip(),
        parent_city_ko=row["parent_city_ko"].strip(),
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        road_access=row["road_access"].strip(),
    )


def is_ferry_only(m: Municipality) -> bool:
    """True when a van cannot drive there (sea or air only)."""
    return m.road_access == "ferry"


# --- locate ---------------------------------------------------------------


@dataclass(frozen=True)
class _Names:
    """What each row answers to, per level, with the weight of each form."""

    province: dict[str, float]
    city: dict[str, float]
    district: dict[str, float]


def _short(name: str) -> str | None:
    """'창원시' -> '창원'; only for si/gun, and never a one-syllable stub."""
    if name.endswith(("시", "군")) and len(name) >= 3:
        return name[:-1]
    return None


def _city_names(m: Municipality) -> dict[str, float]:
    # For a gu of an ordinary city the city level is the parent city; for a
    # si/gun it is the row itself. Autonomous gu of metro cities have none.
    city = m.parent_city_ko or (m.name_ko if m.name_ko.endswith(("시", "군")) else "")
    if not city or city == m.province_ko:
        return {}
    names = {city: _FULL}
    short = _short(city)
    if short:
        names.setdefault(short, _SHORT)
    return names


def _names_of(m: Municipality) -> _Names:
    province = dict.fromkeys(PROVINCE_ALIASES.get(m.province_ko, (m.province_ko,)), _FULL)
    province |= {k: _SHORT for k, v in _WEAK_PROVINCE_ALIASES.items() if v == m.province_ko}
    district = {m.name_ko: _FULL} if m.name_ko.endswith("구") else {}
    english = _english_names(m)
    return _Names(
        province=province | english.province, city=_city_names(m) | english.city, district=district | english.district
    )


def _english_names(m: Municipality) -> _Names:
    """The romanized forms, lower-cased (tokens are): 'Busan', 'Gyeongsangnam-do' or 'Gyeongsangnam',
    'Changwon-si' (or 'Changwon', as short as '창원'), 'Jung-gu'. An address written in English
    ("12 Jungang-daero, Jung-gu, Busan") locates as its Korean form does."""
    province_en = m.province_en.lower()
    stem = province_en.removesuffix("-do").removesuffix(" state")
    province = dict.fromkeys({province_en, stem, f"{stem}-do"} - {""}, _FULL) if " " not in stem else {}
    city_ko = m.parent_city_ko or (m.name_ko if m.name_ko.endswith(("시", "군")) else "")
    city_en = (PARENT_CITY_EN.get(m.parent_city_ko, "") if m.parent_city_ko else m.name_en).lower()
    city: dict[str, float] = {}
    if city_ko and city_ko != m.province_ko and city_en:
        city = {city_en: _FULL}
        short = city_en.removesuffix("-si").removesuffix("-gun")
        if short != city_en:
            city.setdefault(short, _SHORT)
    district = {m.name_en.lower(): _FULL} if m.name_ko.endswith("구") else {}
    return _Names(province=province, city=city, district=district)


@cache
def _index() -> tuple[tuple[Municipality, _Names], ...]:
    return tuple((m, _names_of(m)) for m in load_municipalities())


def _tokens(*texts: str | None) -> set[str]:
    tokens: set[str] = set()
    for text in texts:
        for token in _TOKEN_SPLIT.split((text or "").lower()):
            glued = _GLUED_CITY_GU.match(token)
            tokens.update(glued.groups() if glued else (token,))
    tokens.discard("")
    return tokens


def _level_score(names: dict[str, float], tokens: set[str]) -> float:
    return max((w for name, w in names.items() if name in tokens), default=0.0)


def _score(names: _Names, tokens: set[str]) -> tuple[float, bool]:
    """Sum of the best match per level, and whether the gu itself matched."""
    district = _level_score(names.district, tokens)
    total = _level_score(names.province, tokens) + _level_score(names.city, tokens) + district
    return total, district > 0


def locate(address: str | None, region: str | None = None) -> Municipality | None:
    """The most specific municipality named in an address and/or region.

    Each row scores the names it answers to at province, city and gu level;
    the best row wins. Ties among the gu of one city mean the city was named
    without a gu, ties within one metropolitan city mean only the metro city
    was named; any other tie is ambiguous and gives None, as does a province
    (도) on its own.
    """
    winners, gu_named = _winners(address, region)
    return _resolve_tie(winners, gu_named) if winners else None


def same_names(address: str | None, region: str | None = None) -> list[Municipality]:
    """The municipalities an address names equally well when `locate` cannot choose among them
    ("중구": one in each of six metropolitan cities); empty when it names one, or none."""
    winners, gu_named = _winners(address, region)
    if len(winners) < 2 or _resolve_tie(winners, gu_named) is not None:
        return []
    return winners


def _winners(address: str | None, region: str | None) -> tuple[list[Municipality], bool]:
    """The best-scoring rows, and whether a gu name matched among them."""
    tokens = _tokens(address, region)
    if not tokens:
        return [], False
    scored = [(m, *_score(names, tokens)) for m, names in _index()]
    best = max(score for _, score, _ in scored)
    if best == 0:
        return [], False
    winners = [(m, gu_hit) for m, score, gu_hit in scored if score == best]
    return [m for m, _ in winners], any(hit for _, hit in winners)


def _resolve_tie(winners: Sequence[Municipality], gu_named: bool) -> Municipality | None:
    if len(winners) == 1:
        return winners[0]
    if gu_named:
        return None  # e.g. "중구" with no context: several provinces have one
    parents = {m.parent_city_ko for m in winners}
    if len(parents) == 1 and "" not in parents:
        return _city_of(winners)
    provinces = {m.province_ko for m in winners}
    if len(provinces) == 1 and winners[0].province_ko.endswith(_METRO_SUFFIXES):
        return _metro_of(winners[0].province_ko)
    return None


def _average(members: Iterable[Municipality], **fields: str) -> Municipality:
    """A synthetic row at the mean point of its members (same province)."""
    rows = tuple(members)
    first = rows[0]
    return Municipality(
        province_ko=first.province_ko,
        province_en=first.province_en,
        parent_city_ko="",
        lat=round(sum(m.lat for m in rows) / len(rows), 4),
        lon=round(sum(m.lon for m in rows) / len(rows), 4),
        road_access=_most_restrictive(m.road_access for m in rows),
        **fields,
    )


def _most_restrictive(access: Iterable[str]) -> str:
    order = ("ferry", "bridge", "mainland")
    present = set(access)
    return next(a for a in order if a in present)


def _city_of(gu_rows: Sequence[Municipality]) -> Municipality:
    """An ordinary city with gu, e.g. 창원시: code = 4-digit prefix + '0'."""
    city_ko = gu_rows[0].parent_city_ko
    members = [m for m in load_municipalities() if m.parent_city_ko == city_ko]
    return _average(
        members,
        code=members[0].code[:4] + "0",
        name_ko=city_ko,
        name_en=PARENT_CITY_EN.get(city_ko, city_ko),
    )


def _metro_of(province_ko: str) -> Municipality:
    """A metropolitan city: the mean of its gu offices, code 'PP000'.

    The gun (Gijang, Dalseong, Gunwi, Ganghwa, Ongjin, Ulju) are left out:
    they are rural or islands and would pull the point away from the city.
    """
    rows = [m for m in load_municipalities() if m.province_ko == province_ko]
    gu = [m for m in rows if m.name_ko.endswith("구")] or rows
    return _average(
        gu,
        code=rows[0].code[:2] + "000",
        name_ko=province_ko,
        name_en=rows[0].province_en,
    )


# --- nearest --------------------------------------------------------------


@cache
def _points_rad() -> tuple[np.ndarray, np.ndarray]:
    table = load_municipalities()
    lats = np.radians(np.array([m.lat for m in table]))
    lons = np.radians(np.array([m.lon for m in table]))
    return lats, lons


def distances_km(lat: float, lon: float) -> np.ndarray:
    """Great-circle distance from (lat, lon) to every row, in table order."""
    lats, lons = _points_rad()
    lat0, lon0 = np.radians(lat), np.radians(lon)
    a = np.sin((lats - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lats) * np.sin((lons - lon0) / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def nearest(lat: float, lon: float) -> Municipality:
    """The row whose representative point is closest to (lat, lon)."""
    return load_municipalities()[int(np.argmin(distances_km(lat, lon)))]


def province_of(lat: float, lon: float) -> str:
    """Korean province name of the nearest municipality."""
    return nearest(lat, lon).province_ko
