"""Tests for routing.regions: the municipality table, locate and nearest."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from routing.regions import (
    PARENT_CITY_EN,
    Municipality,
    is_ferry_only,
    load_municipalities,
    locate,
    nearest,
    province_of,
)

REF = Path(__file__).resolve().parents[3] / "shared" / "reference" / "korea"
REF_MUNICIPALITIES = REF / "skorea-municipalities-2018-geo-simple.geojson"
TOLERANCE_KM = 2.0

# Our (current) province name -> the KOSTAT 2018 census province code.
KOSTAT_SIDO = {
    "서울특별시": "11", "부산광역시": "21", "대구광역시": "22", "인천광역시": "23",
    "광주광역시": "24", "대전광역시": "25", "울산광역시": "26", "세종특별자치시": "29",
    "경기도": "31", "강원특별자치도": "32", "충청북도": "33", "충청남도": "34",
    "전북특별자치도": "35", "전라남도": "36", "경상북도": "37", "경상남도": "38",
    "제주특별자치도": "39",
}  # fmt: skip

# Rows whose 2018 polygon has another name or province: (sido, name) keys.
KOSTAT_RENAMED = {
    "28177": ("23", "남구"),  # 미추홀구 was Incheon 남구 until July 2018
    "27720": ("37", "군위군"),  # Gunwi moved from Gyeongbuk to Daegu in 2023
    "36110": ("29", "세종시"),
    # Bucheon's gu came back in 2024; 2018 has one polygon for the city.
    "41192": ("31", "부천시"),
    "41194": ("31", "부천시"),
    "41196": ("31", "부천시"),
}


# --- locate -----------------------------------------------------------------


def _located(address: str | None, region: str | None = None) -> Municipality:
    found = locate(address, region)
    assert found is not None, f"nothing located for {address!r} / {region!r}"
    return found


def test_locate_gu_of_ordinary_city() -> None:
    """A gu inside an ordinary city beats the city itself."""
    found = _located("경상남도 창원시 성산구 중앙대로 151")
    assert (found.code, found.parent_city_ko, found.name_ko) == (
        "48123",
        "창원시",
        "성산구",
    )
    assert found.display == "창원시 성산구 (Changwon-si Seongsan-gu)"


def test_locate_city_with_myeon() -> None:
    """A si with a myeon below it resolves to the si."""
    assert _located("경상남도 김해시 주촌면 골든루트로 80").code == "48250"


def test_locate_busan_gangseo_not_seoul() -> None:
    """The province in the address picks Busan's 강서구 over Seoul's."""
    found = _located("부산광역시 강서구 녹산동")
    assert (found.code, found.province_ko) == ("26440", "부산광역시")


def test_locate_seoul_gangseo() -> None:
    """서울특별시 강서구 resolves to Seoul's 강서구."""
    assert _located("서울특별시 강서구 공항대로 200").code == "11500"


def test_locate_jeju_is_ferry_only() -> None:
    """A Jeju-si address resolves to 제주시, which is ferry-only."""
    found = _located("제주특별자치도 제주시 조천읍")
    assert found.code == "50110"
    assert is_ferry_only(found)


def test_locate_new_gangwon_name() -> None:
    """The 2023 name 강원특별자치도 is understood."""
    assert _located("강원특별자치도 원주시 문막읍").code == "51130"


def test_locate_new_jeonbuk_name() -> None:
    """The 2024 name 전북특별자치도 and a Jeonju gu are understood."""
    found = _located("전북특별자치도 전주시 덕진구 백제대로 567")
    assert (found.code, found.name_ko) == ("52113", "덕진구")


def test_locate_region_only_city_with_gu() -> None:
    """A city with gu named alone gives a synthetic city row at the gu mean."""
    found = _located(None, "청주시")
    gu = [m for m in load_municipalities() if m.parent_city_ko == "청주시"]
    assert (found.code, found.name_ko, found.parent_city_ko) == ("43110", "청주시", "")
    assert found.lat == pytest.approx(np.mean([m.lat for m in gu]), abs=1e-4)


def test_locate_metro_short_name() -> None:
    """Metro short names (부산, 광주) give the metro city, not a namesake city."""
    busan, gwangju = _located(None, "부산"), _located(None, "광주")
    assert (busan.code, busan.name_ko) == ("26000", "부산광역시")
    assert (gwangju.code, gwangju.name_ko) == ("29000", "광주광역시")


def test_locate_gyeonggi_gwangju() -> None:
    """With 경기도 in front, 광주시 is the Gyeonggi city."""
    assert _located("경기도 광주시 오포읍").code == "41610"


def test_locate_short_province_and_city() -> None:
    """Short forms (경남, 창원) work, and the old name 강원도 too."""
    assert _located("경남 창원 성산구").code == "48123"
    assert _located("강원도 춘천시").code == "51110"


def test_locate_glued_city_and_gu() -> None:
    """Names written together, as in 수원시장안구, are split."""
    assert _located("수원시장안구 정자동").code == "41111"


def test_locate_sejong() -> None:
    """Sejong is one row, found by its short name."""
    assert _located("세종시 한누리대로 2130").code == "36110"


def test_locate_ambiguous_gu_without_context() -> None:
    """A bare 중구 is ambiguous and gives None."""
    assert locate("중구", None) is None


def test_locate_province_only_and_nonsense() -> None:
    """A province (도) alone, nonsense, and empty input give None."""
    assert locate("경상남도", None) is None
    assert locate("asdf qwerty 12345", None) is None
    assert locate(None, None) is None


def test_locate_romanized_addresses() -> None:
    """Addresses written in English locate as their Korean forms do, with the same rules for
    short names (Changwon), metro cities (Busan) and the two Gwangju."""
    assert _located("12 Jungang-daero, Jung-gu, Busan") == _located("부산 중구 중앙대로 12")
    assert _located("Seongsan-gu, Changwon-si") == _located("창원시 성산구")
    assert _located("Gangseo-gu Busan") == _located("부산 강서구")
    assert _located("GWANGJU") == _located("광주")
    assert _located("Gwangju-si, Gyeonggi-do") == _located("경기도 광주시")
    assert locate("Goseong-gun", None) is None  # one in Gangwon, one in Gyeongsangnam-do


# --- nearest ------------------------------------------------------------------


def test_nearest_jeju_is_ferry_only() -> None:
    """Coordinates on Jeju island map to a ferry-only row."""
    assert is_ferry_only(nearest(33.5, 126.6))


def test_nearest_ulleung_is_ferry_only() -> None:
    """Coordinates on Ulleungdo map to the ferry-only 울릉군."""
    found = nearest(37.48, 130.9)
    assert found.code == "47940"
    assert is_ferry_only(found)


def test_nearest_office_point_is_itself() -> None:
    """Every row's own point is nearest to that row."""
    table = load_municipalities()
    assert all(nearest(m.lat, m.lon) == m for m in table)


def test_province_of_seoul() -> None:
    """City Hall Seoul's coordinates are in 서울특별시."""
    assert province_of(37.5663, 126.9779) == "서울특별시"


# --- the table ------------------------------------------------------------------


def test_table_size_and_unique_codes() -> None:
    """About 250 rows with unique 5-digit codes."""
    table = load_municipalities()
    codes = [m.code for m in table]
    assert 226 <= len(table) <= 260
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 5 and c.isdigit() for c in codes)


def test_table_covers_every_province() -> None:
    """All 17 current provinces appear."""
    assert {m.province_ko for m in load_municipalities()} == set(KOSTAT_SIDO)


def test_table_points_inside_korea_bbox() -> None:
    """Every point lies inside South Korea's bounding box."""
    for m in load_municipalities():
        assert 33.0 <= m.lat <= 38.7 and 124.5 <= m.lon <= 132.0, m


def test_table_road_access_values() -> None:
    """road_access is one of mainland, bridge, ferry; the islands are flagged."""
    table = load_municipalities()
    assert {m.road_access for m in table} <= {"mainland", "bridge", "ferry"}
    ferry = {m.code for m in table if is_ferry_only(m)}
    assert ferry == {"50110", "50130", "47940", "28720"}


def test_table_parent_cities_have_english_names() -> None:
    """Every parent city has an English name for display."""
    parents = {m.parent_city_ko for m in load_municipalities()} - {""}
    assert parents == set(PARENT_CITY_EN)


# --- reference check (KOSTAT 2018 polygons) -----------------------------------


def _to_km(lon: np.ndarray, lat: np.ndarray, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    """Local equirectangular projection around lat0: plenty at 2 km scale."""
    k = np.pi / 180 * 6371.0
    return lon * k * np.cos(np.radians(lat0)), lat * k


def _inside_ring(x: float, y: float, ring: np.ndarray) -> bool:
    """Ray casting: count edge crossings of a ray going east from (x, y)."""
    xs, ys = ring[:, 0], ring[:, 1]
    xn, yn = np.roll(xs, -1), np.roll(ys, -1)
    straddles = (ys > y) != (yn > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_cross = xs + (y - ys) * (xn - xs) / (yn - ys)
    return bool(np.count_nonzero(straddles & (x < x_cross)) % 2)


def _ring_distance(x: float, y: float, ring: np.ndarray) -> float:
    """Shortest distance from (x, y) to the ring's edges."""
    a, b = ring, np.roll(ring, -1, axis=0)
    ab = b - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(
        np.einsum("ij,ij->i", np.array([x, y]) - a, ab) / np.where(length2 == 0, 1, length2),
        0,
        1,
    )
    closest = a + t[:, None] * ab
    return float(np.min(np.hypot(closest[:, 0] - x, closest[:, 1] - y)))


def _distance_to_multipolygon_km(lat: float, lon: float, polygons: list) -> float:
    """0 inside (holes respected), else distance to the nearest edge in km."""
    px, py = _to_km(np.array(lon), np.array(lat), lat)
    rings = [[np.column_stack(_to_km(*np.asarray(r, float).T, lat)) for r in poly] for poly in polygons]
    for outer, *holes in rings:
        if _inside_ring(px, py, outer) and not any(_inside_ring(px, py, h) for h in holes):
            return 0.0
    return min(_ring_distance(px, py, r) for poly in rings for r in poly)


def _reference_key(m: Municipality) -> tuple[str, str]:
    """(KOSTAT sido code, 2018 name) of the polygon a row should fall in."""
    return KOSTAT_RENAMED.get(m.code, (KOSTAT_SIDO[m.province_ko], m.parent_city_ko + m.name_ko))


def _reference_polygons() -> dict[tuple[str, str], list]:
    if not REF_MUNICIPALITIES.is_file():
        pytest.skip(f"reference boundaries not found at {REF}")
    features = json.loads(REF_MUNICIPALITIES.read_text(encoding="utf-8"))["features"]
    return {(f["properties"]["sido_code"], f["properties"]["name"]): f["geometry"]["coordinates"] for f in features}


def test_points_fall_in_reference_polygons() -> None:
    """Each point lies in, or within 2 km of, its KOSTAT 2018 polygon."""
    polygons = _reference_polygons()
    failures = []
    for m in load_municipalities():
        key = _reference_key(m)
        if key not in polygons:
            failures.append(f"{m.code} {m.display}: no reference polygon {key}")
            continue
        km = _distance_to_multipolygon_km(m.lat, m.lon, polygons[key])
        if km > TOLERANCE_KM:
            failures.append(f"{m.code} {m.display}: {km:.1f} km outside {key}")
    assert not failures, "\n".join(failures)
