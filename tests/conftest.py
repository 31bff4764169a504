"""Small problems built by hand, so each test shows the rule it checks."""

from collections.abc import Callable
from typing import Any

import pytest

from models import Problem

HQ = {"id": "HQ", "name": "KOTRA 본사", "lat": 37.4687, "lon": 127.0404}
PLACES = {
    "suwon": (37.2636, 127.0286),
    "cheonan": (36.8151, 127.1139),
    "daejeon": (36.3504, 127.3845),
    "daegu": (35.8714, 128.6014),
    "busan": (35.1796, 129.0756),
    "gwangju": (35.1595, 126.8526),
    "geoje": (34.8806, 128.6211),  # bridge-linked island, the far south-east
    "jeju": (33.4996, 126.5312),
}


def visit(vid: str, place: str = "suwon", **fields: Any) -> dict[str, Any]:
    lat, lon = PLACES[place]
    return {
        "id": vid,
        "company": f"{vid} 회사",
        "lat": lat,
        "lon": lon,
        "duration_minutes": 90,
        "skills": ["buyer_matching"],
        "earliest_date": "2027-03-02",
        "latest_date": "2027-03-05",
        "time_windows": [{"start": "09:00", "end": "18:00"}],
        **fields,
    }


def consultant(cid: str, skills: tuple[str, ...] = ("buyer_matching",), **fields: Any) -> dict[str, Any]:
    return {"id": cid, "name": cid, "skills": list(skills), "max_visits_per_day": 3, **fields}


def problem(
    visits: list[dict[str, Any]],
    consultants: list[dict[str, Any]] | None = None,
    vans: list[dict[str, Any]] | None = None,
    start: str = "2027-03-02",
    end: str = "2027-03-05",
    **policy: Any,
) -> Problem:
    return Problem.model_validate(
        {
            "name": "test",
            "horizon": {"start": start, "end": end, "holidays": "KR", "closed_dates": []},
            "depot": HQ,
            "policy": policy,
            "vans": vans or [{"id": "VAN-1", "seats": 10}],
            "consultants": consultants if consultants is not None else [consultant("C01")],
            "visits": visits,
        }
    )


@pytest.fixture(scope="session")
def build() -> Callable[..., Problem]:
    return problem


@pytest.fixture(scope="session")
def make_visit() -> Callable[..., dict[str, Any]]:
    return visit


@pytest.fixture(scope="session")
def make_consultant() -> Callable[..., dict[str, Any]]:
    return consultant
