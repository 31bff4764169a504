"""The problem document: horizon, depot, policy, vans, consultants and visit requests."""

from datetime import date
from typing import Annotated, Literal

import holidays
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.clock import Clock

Id = Annotated[str, Field(min_length=1, max_length=64)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
# Costs beyond these would outweigh serving a visit (routing.week_plan.SERVE_VALUE, 10 M won):
# the plan would leave out far requests to save the drive. 33 and 12 times the defaults.
MOST_KM_COST = 10_000
MOST_NIGHT_COST = 1_000_000


class Contract(BaseModel):
    """Immutable, strict about unknown fields: a typo in a field name is an error, not lost data.
    Numbers are finite (JSON's 1e999 reads as infinity) and bounded where a larger one can only
    be a slip of the keyboard."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class TimeWindow(Contract):
    start: Clock
    end: Clock

    @model_validator(mode="after")
    def _ordered(self) -> "TimeWindow":
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Workday(TimeWindow):
    pass


class Horizon(Contract):
    start: date
    end: date
    holidays: str | None = "KR"
    closed_dates: tuple[date, ...] = ()

    @field_validator("holidays")
    @classmethod
    def _known_calendar(cls, country: str | None) -> str | None:
        if country is not None and country not in holidays.list_supported_countries():
            raise ValueError(f"'{country}' is not a country calendar of the holidays package (e.g. 'KR')")
        return country

    @model_validator(mode="after")
    def _ordered(self) -> "Horizon":
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class Depot(Contract):
    id: Id
    name: str = ""
    lat: Latitude
    lon: Longitude


class Overnight(Contract):
    allowed: bool = True
    max_consecutive_nights: int = Field(default=4, ge=0, le=366)
    cost_per_person_night: float = Field(default=80000, ge=0, le=MOST_NIGHT_COST)


class Policy(Contract):
    workday: Workday = Workday(start=8 * 60, end=19 * 60)
    max_drive_minutes_per_day: int = Field(default=480, gt=0, le=24 * 60)
    driver_takes_seat: bool = True
    overnight: Overnight = Overnight()
    cost_per_km: float = Field(default=300, ge=0, le=MOST_KM_COST)


class Van(Contract):
    id: Id
    seats: int = Field(ge=1, le=60)
    unavailable_dates: tuple[date, ...] = ()


class Consultant(Contract):
    id: Id
    name: str = ""
    skills: tuple[str, ...] = ()
    unavailable_dates: tuple[date, ...] = ()
    max_visits_per_day: int = Field(default=3, ge=1, le=100)


class Pin(Contract):
    van: Id
    date: date
    consultants: tuple[Id, ...] = Field(min_length=1)


class Visit(Contract):
    id: Id
    company: str = ""
    address: str | None = None
    region: str | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    duration_minutes: int = Field(gt=0, le=24 * 60)
    skills: tuple[str, ...] = ()
    team_size: int = Field(default=1, ge=1, le=60)
    earliest_date: date
    latest_date: date
    time_windows: tuple[TimeWindow, ...] | None = None
    priority: int = Field(default=1, ge=1, le=5)
    preferred_consultants: tuple[Id, ...] = ()
    pinned: Pin | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "Visit":
        if self.latest_date < self.earliest_date:
            raise ValueError("latest_date is before earliest_date")
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self


class Problem(Contract):
    name: str
    horizon: Horizon
    depot: Depot
    policy: Policy = Policy()
    vans: tuple[Van, ...] = Field(min_length=1)
    consultants: tuple[Consultant, ...] = ()
    visits: tuple[Visit, ...] = ()

    @model_validator(mode="after")
    def _references_resolve(self) -> "Problem":
        errors = [
            *_duplicates("vans", [v.id for v in self.vans]),
            *_duplicates("consultants", [c.id for c in self.consultants]),
            *_duplicates("visits", [v.id for v in self.visits]),
            *_unknown_references(self),
        ]
        if errors:
            raise ValueError("\n".join(errors))
        return self


def _duplicates(field: str, ids: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    errors = []
    for index, item in enumerate(ids):
        if item in seen:
            errors.append(f"{field}[{index}] ({item}).id: duplicate id, first used at {field}[{seen[item]}]")
        seen.setdefault(item, index)
    return errors


def _unknown_references(problem: Problem) -> list[str]:
    consultants = {c.id for c in problem.consultants}
    vans = {v.id for v in problem.vans}
    errors = []
    for index, visit in enumerate(problem.visits):
        where = f"visits[{index}] ({visit.id})"
        for k, cid in enumerate(visit.preferred_consultants):
            if cid not in consultants:
                errors.append(f"{where}.preferred_consultants[{k}]: unknown consultant '{cid}'")
        if visit.pinned is None:
            continue
        if visit.pinned.van not in vans:
            errors.append(f"{where}.pinned.van: unknown van '{visit.pinned.van}'")
        for k, cid in enumerate(visit.pinned.consultants):
            if cid not in consultants:
                errors.append(f"{where}.pinned.consultants[{k}]: unknown consultant '{cid}'")
    return errors


Reason = Literal[
    "NO_WORKING_DAY",
    "WINDOW_TOO_SHORT",
    "NO_SKILLED_TEAM",
    "NO_TEAM_AVAILABLE",
    "UNREACHABLE",
    "CAPACITY",
]
