"""What a coordinator asks of a re-plan, and what a planner varies in a what-if."""

from datetime import date

from pydantic import Field, model_validator

from models.problem import Consultant, Contract, Id, Visit, Workday


class Span(Contract):
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class ConsultantAway(Span):
    """A consultant falls ill or takes leave: unavailable on every date of the span."""

    consultant: Id


class VanOut(Span):
    """A van out of service on every date of the span."""

    van: Id


class Changes(Contract):
    add_visits: tuple[Visit, ...] = ()
    cancel_visits: tuple[Id, ...] = ()
    consultants_away: tuple[ConsultantAway, ...] = ()
    vans_out: tuple[VanOut, ...] = ()


class ReplanRequest(Contract):
    """Re-plan from `freeze_until` on: every route before it is kept exactly as it was, and after
    it the weeks the changes leave intact; `fresh` plans everything after it anew."""

    freeze_until: date
    changes: Changes = Changes()
    time_limit: float = Field(default=60, ge=1, le=3600)
    fresh: bool = False


class Variant(Contract):
    """One what-if: the scenario with some of its resources or rules changed."""

    name: str = Field(min_length=1, max_length=80)
    vans: int | None = Field(default=None, ge=1, le=50)
    extra_consultants: int = Field(default=0, ge=0, le=100)
    add_consultants: tuple[Consultant, ...] = ()
    remove_consultants: tuple[Id, ...] = ()
    overnight_allowed: bool | None = None
    workday: Workday | None = None
    horizon: Span | None = None
