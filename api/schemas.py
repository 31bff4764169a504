"""Wire shapes of the API (what clients send and receive), apart from the storage models."""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.limits import MAX_ID, MAX_TIME_LIMIT, MIN_TIME_LIMIT, Seed
from models import Kpis, Plan
from models.changes import ReplanRequest, Variant


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ErrorBody(BaseModel):
    """Every error answer: messages, each naming the field, row, file or limit it is about."""

    detail: list[str]


ERRORS = {
    code: {"model": ErrorBody, "description": text}
    for code, text in {
        401: "no valid API key",
        403: "the key's role may not use this",
        404: "not found",
        400: "a malformed request (such as broken multipart data)",
        409: "conflict: a stale version, or a finished job",
        413: "over a size limit (the message names it)",
        422: "invalid input (each message names the field or row)",
        429: "too many invalid keys from this address; see Retry-After",
    }.items()
}

# Pages answer HTML, but their errors come as JSON like the API's (FastAPI would document them as HTML).
PAGE_ERRORS = {
    code: {
        "description": text["description"],
        "content": {"application/json": {"schema": ErrorBody.model_json_schema()}},
    }
    for code, text in ERRORS.items()
}


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

    expected_version: int | None = Field(default=None, ge=1, le=MAX_ID)
    seed: Seed = 0
    time_limit: float = Field(default=60, ge=MIN_TIME_LIMIT, le=MAX_TIME_LIMIT)


class WhatIfBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    variants: list[Variant] = Field(min_length=1, max_length=16)
    time_limit: float = Field(default=60, ge=MIN_TIME_LIMIT, le=MAX_TIME_LIMIT)
    seed: Seed = 0
