"""Wire shapes of the API (what clients send and receive), apart from the storage models."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from models import Kpis, Plan
from models.changes import ReplanRequest, Variant


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Created(BaseModel):
    id: int


class ScenarioSummary(Public):
    id: int
    name: str
    created: datetime
    visits: int
    consultants: int
    vans: int
    published_plan: int | None


class PlanSummary(Public):
    id: int
    version: int
    published: bool
    parent_plan_id: int | None
    created: datetime
    kpis: Kpis


class ScenarioPublic(ScenarioSummary):
    problem: dict[str, Any]
    plans: list[PlanSummary]


class PlanPublic(Public):
    id: int
    scenario_id: int
    version: int
    published: bool
    parent_plan_id: int | None
    created: datetime
    # True when the plan answers a changed problem (a re-plan with changes), not its scenario's.
    own_problem: bool
    plan: Plan


JobKind = Literal["solve", "replan", "whatif"]
JobStatus = Literal["queued", "running", "done", "failed", "cancelled"]


class JobPublic(Public):
    id: int
    kind: JobKind
    scenario_id: int
    plan_id: int | None
    status: JobStatus
    progress: dict[str, Any]
    params: dict[str, Any]
    result: dict[str, Any] | None
    error: str | None
    cancel_requested: bool
    created: datetime
    started: datetime | None
    finished: datetime | None


class ReplanBody(ReplanRequest):
    """A re-plan request; `expected_version` (or an If-Match header) guards against a stale plan."""

    expected_version: int | None = Field(default=None, ge=1)
    seed: int = 0


class WhatIfBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    variants: list[Variant] = Field(min_length=1, max_length=16)
    time_limit: float = Field(default=60, gt=0, le=3600)
    seed: int = 0
