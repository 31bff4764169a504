"""The plan document: a route per van and working day, and a reason for every visit left out."""

from datetime import date
from typing import Literal

from pydantic import Field

from models.clock import Clock
from models.problem import Contract, Id, Latitude, Longitude, Reason


class Endpoint(Contract):
    """Where a van-day starts or ends: the depot or a lodging (the van stays out overnight)."""

    kind: Literal["depot", "lodging"]
    lat: Latitude
    lon: Longitude
    time: Clock
    travel_km: float | None = Field(default=None, ge=0)
    travel_minutes: int | None = Field(default=None, ge=0)


class Stop(Contract):
    visit: Id
    consultants: tuple[Id, ...]
    # Optional additions (the contract allows them): where and who, so a plan alone can be mapped.
    company: str | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    travel_km: float = Field(ge=0)
    travel_minutes: int = Field(ge=0)
    arrival: Clock
    start: Clock
    end: Clock


class Route(Contract):
    van: Id
    date: date
    crew: tuple[Id, ...]
    start: Endpoint
    stops: tuple[Stop, ...] = ()
    end: Endpoint
    drive_km: float = Field(ge=0)
    drive_minutes: int = Field(ge=0)


class Unassigned(Contract):
    visit: Id
    reason: Reason
    detail: str = ""


class Kpis(Contract):
    visits_total: int
    visits_served: int
    drive_km: float
    person_nights: int
    cost: float
    solve_seconds: float
    preferred_requested: int | None = None
    preferred_honoured: int | None = None
    served_share_by_province: dict[str, float] | None = None


class Plan(Contract):
    problem: str
    routes: tuple[Route, ...] = ()
    unassigned: tuple[Unassigned, ...] = ()
    kpis: Kpis
