"""Tests for movable.demo: the seeded demo half-year and the committed data/demo-problem.json."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from models import Problem, Visit
from models.io import dump_document
from movable.demo import DEMO_PATH, HQ, make_demo
from routing.calendar import working_days
from routing.instance import build_instance
from routing.reasons import structural_reasons
from routing.regions import Municipality, is_ferry_only, locate

REF = Path(__file__).resolve().parents[3] / "shared" / "reference" / "korea"
REF_MUNICIPALITIES = REF / "skorea-municipalities-2018-geo-simple.geojson"
BIG_FIVE = ("경기도", "경상남도", "경상북도", "충청남도", "충청북도")
HANGUL_NAME = re.compile(r"^[가-힣]{2,4}$")


@pytest.fixture(scope="module")
def demo() -> Problem:
    return make_demo(850, 1)


def _municipality(visit: Visit) -> Municipality:
    found = locate(visit.address, visit.region)
    assert found is not None, f"{visit.id}: {visit.address!r} / {visit.region!r} locates nothing"
    return found


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_demo_validates_as_problem(demo: Problem) -> None:
    """The demo survives a JSON round trip through the contract's Problem model unchanged."""
    assert Problem.model_validate(json.loads(dump_document(demo))) == demo


def test_same_seed_same_json() -> None:
    """Two builds with one seed give byte-identical documents."""
    assert dump_document(make_demo(850, 7)) == dump_document(make_demo(850, 7))


def test_different_seed_different_json() -> None:
    """Another seed gives another problem."""
    assert dump_document(make_demo(850, 1)) != dump_document(make_demo(850, 2))


def test_horizon_depot_and_policy(demo: Problem) -> None:
    """KOTRA HQ, the half-year on the KR calendar with one closed day, and the contract's default policy."""
    assert demo.depot == HQ
    assert (demo.horizon.start, demo.horizon.end, demo.horizon.holidays) == (date(2027, 1, 4), date(2027, 6, 30), "KR")
    assert len(demo.horizon.closed_dates) == 1
    policy = demo.policy
    assert (policy.workday.start, policy.workday.end, policy.max_drive_minutes_per_day) == (480, 1140, 480)
    assert policy.driver_takes_seat and policy.overnight.allowed
    assert (policy.overnight.max_consecutive_nights, policy.overnight.cost_per_person_night) == (4, 80000)
    assert policy.cost_per_km == 300


def test_850_visits_with_unique_ids(demo: Problem) -> None:
    """The demo holds 850 visits, ids V0001..V0850, each with coordinates and a distinct company."""
    assert [v.id for v in demo.visits] == [f"V{k:04d}" for k in range(1, 851)]
    assert all(v.lat is not None and v.lon is not None for v in demo.visits)
    assert len({v.company for v in demo.visits}) == 850


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_12_to_16_consultants(seed: int) -> None:
    """Every seed has 12-16 consultants with Korean names, 2-4 skills and 3 or 4 visits a day."""
    consultants = make_demo(60, seed).consultants
    assert 12 <= len(consultants) <= 16
    for c in consultants:
        assert HANGUL_NAME.match(c.name), c.name
        assert 2 <= len(c.skills) <= 4 and len(set(c.skills)) == len(c.skills), c
        assert c.max_visits_per_day in (3, 4)


def test_consultant_leave_on_weekdays(demo: Problem) -> None:
    """Leave falls on weekdays inside the horizon, and some consultants take some."""
    leave = [d for c in demo.consultants for d in c.unavailable_dates]
    assert leave
    assert all(d.weekday() < 5 and demo.horizon.start <= d <= demo.horizon.end for d in leave)


def test_three_vans_of_ten_seats(demo: Problem) -> None:
    """Three 10-seat vans VAN-1..VAN-3, each in maintenance on 2-4 working days."""
    days = set(working_days(demo.horizon))
    assert [(v.id, v.seats) for v in demo.vans] == [("VAN-1", 10), ("VAN-2", 10), ("VAN-3", 10)]
    for van in demo.vans:
        assert 2 <= len(van.unavailable_dates) <= 4
        assert set(van.unavailable_dates) <= days


def test_province_mix(demo: Problem) -> None:
    """The five manufacturing provinces hold over half the visits; Gangwon and Jeonnam under 5 % each."""
    provinces = Counter(_municipality(v).province_ko for v in demo.visits)
    assert sum(provinces[p] for p in BIG_FIVE) > len(demo.visits) / 2
    assert provinces["강원특별자치도"] < 0.05 * len(demo.visits)
    assert provinces["전라남도"] < 0.05 * len(demo.visits)
    assert provinces["서울특별시"] < provinces["경기도"] / 10


def test_visits_near_their_municipality(demo: Problem) -> None:
    """Every visit lies within 5 km of the office point of the municipality its address names."""
    for visit in demo.visits:
        m = _municipality(visit)
        assert _km(visit.lat, visit.lon, m.lat, m.lon) <= 5.0, (visit.id, visit.region)  # type: ignore[arg-type]


def test_region_alone_locates_the_same_municipality(demo: Problem) -> None:
    """The region string on its own resolves to the municipality of the address, which starts with its province."""
    for visit in demo.visits:
        m = _municipality(visit)
        assert locate(None, visit.region) == m, (visit.id, visit.region)
        assert visit.address is not None and visit.address.startswith(m.province_ko)


def test_visit_attributes_are_realistic(demo: Problem) -> None:
    """Durations 60-180, 1-3 skills, team 1-2, ranges of 2-8 weeks in the horizon, priorities mostly 1."""
    for v in demo.visits:
        assert 60 <= v.duration_minutes <= 180 and 1 <= len(v.skills) <= 3 and v.team_size in (1, 2)
        assert demo.horizon.start <= v.earliest_date <= v.latest_date <= demo.horizon.end
    ordinary = [v for v in demo.visits if (v.latest_date - v.earliest_date).days >= 7]
    assert len(ordinary) > 0.98 * len(demo.visits)
    assert all((v.latest_date - v.earliest_date).days < 8 * 7 for v in demo.visits)
    priorities = Counter(v.priority for v in demo.visits)
    assert priorities[1] > len(demo.visits) / 2 and priorities[5] > 0


def test_preferred_consultants_hold_the_skills(demo: Problem) -> None:
    """About 15 % of visits prefer a consultant, always one who holds all their skills."""
    skills = {c.id: set(c.skills) for c in demo.consultants}
    preferring = [v for v in demo.visits if v.preferred_consultants]
    assert 0.10 * len(demo.visits) <= len(preferring) <= 0.20 * len(demo.visits)
    for v in preferring:
        assert all(set(v.skills) <= skills[c] for c in v.preferred_consultants), v.id


def test_few_structurally_impossible(demo: Problem) -> None:
    """1-3 % can never be served, for each planted reason, and never for lack of an available team."""
    reasons = structural_reasons(build_instance(demo))
    assert 0.01 * len(demo.visits) <= len(reasons) <= 0.03 * len(demo.visits)
    by_reason = Counter(u.reason for u in reasons.values())
    assert set(by_reason) == {"UNREACHABLE", "NO_SKILLED_TEAM", "NO_WORKING_DAY", "WINDOW_TOO_SHORT"}


def test_unreachable_are_the_island_visits(demo: Problem) -> None:
    """Exactly the visits on Jeju or Ulleung (ferry only) are unreachable."""
    reasons = structural_reasons(build_instance(demo))
    islands = {v.id for v in demo.visits if is_ferry_only(_municipality(v))}
    assert islands
    assert islands == {vid for vid, u in reasons.items() if u.reason == "UNREACHABLE"}


def test_committed_demo_matches_make_demo() -> None:
    """data/demo-problem.json is make_demo(850, 1), UTF-8 with Hangul unescaped."""
    text = DEMO_PATH.read_text(encoding="utf-8")
    assert text == dump_document(make_demo(850, 1))
    assert "KOTRA 본사" in text and "\\u" not in text


# --- on land (KOSTAT 2018 boundaries; skipped when the reference is absent) -------


def _inside_ring(x: float, y: float, ring: np.ndarray) -> bool:
    """Ray casting: count edge crossings of a ray going east from (x, y)."""
    xs, ys = ring[:, 0], ring[:, 1]
    xn, yn = np.roll(xs, -1), np.roll(ys, -1)
    straddles = (ys > y) != (yn > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_cross = xs + (y - ys) * (xn - xs) / (yn - ys)
    return bool(np.count_nonzero(straddles & (x < x_cross)) % 2)


def _land_polygons() -> list[list[np.ndarray]]:
    if not REF_MUNICIPALITIES.is_file():
        pytest.skip(f"reference boundaries not found at {REF_MUNICIPALITIES}")
    features = json.loads(REF_MUNICIPALITIES.read_text(encoding="utf-8"))["features"]
    return [[np.asarray(r, float) for r in poly] for f in features for poly in f["geometry"]["coordinates"]]


def _on_land(lat: float, lon: float, polygons: list[list[np.ndarray]]) -> bool:
    for outer, *holes in polygons:
        if not (outer[:, 0].min() <= lon <= outer[:, 0].max() and outer[:, 1].min() <= lat <= outer[:, 1].max()):
            continue
        if _inside_ring(lon, lat, outer) and not any(_inside_ring(lon, lat, h) for h in holes):
            return True
    return False


def test_visits_on_land(demo: Problem) -> None:
    """Every company lies inside a KOSTAT 2018 municipality polygon: offsets never put it at sea."""
    polygons = _land_polygons()
    at_sea = [(v.id, v.region) for v in demo.visits if not _on_land(v.lat, v.lon, polygons)]  # type: ignore[arg-type]
    assert not at_sea
