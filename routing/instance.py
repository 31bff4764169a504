"""What the solver and the reasons need, computed once per problem.

The problem is read once into plain arrays and lookups: the working days, each visit's
start intervals per day, who is available when, and the travel matrix (index 0 is the
depot, visit i is index i + 1).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from models import Problem, Visit
from routing import regions
from routing.calendar import working_days
from routing.travel import RoadModel, TravelMatrix, TravelProvider


@dataclass(frozen=True)
class Instance:
    problem: Problem
    days: tuple[date, ...]
    travel: TravelMatrix
    ferry_only: tuple[bool, ...]
    province: tuple[str, ...]
    day_index: dict[date, int] = field(default_factory=dict)
    visit_index: dict[str, int] = field(default_factory=dict)  # visit id -> its place in problem.visits

    @property
    def workday_minutes(self) -> int:
        workday = self.problem.policy.workday
        return workday.end - workday.start

    @property
    def drive_limit(self) -> int:
        return min(self.problem.policy.max_drive_minutes_per_day, self.workday_minutes)

    def seats(self, van_id: str) -> int:
        """Consultant seats: the driver takes one when the policy says so."""
        van = next(v for v in self.problem.vans if v.id == van_id)
        return van.seats - 1 if self.problem.policy.driver_takes_seat else van.seats

    def windows(self, visit: Visit) -> list[tuple[int, int]]:
        """The visit's time windows clipped to the workday, in minutes after the workday start."""
        workday = self.problem.policy.workday
        clipped = []
        for window in visit.time_windows or (workday,):
            start, end = max(window.start, workday.start), min(window.end, workday.end)
            if end - start >= visit.duration_minutes:
                clipped.append((start - workday.start, end - workday.start))
        return clipped

    def visit_days(self, visit: Visit) -> list[date]:
        return [d for d in self.days if visit.earliest_date <= d <= visit.latest_date]

    def van_available(self, van_id: str, day: date) -> bool:
        van = next(v for v in self.problem.vans if v.id == van_id)
        return day in self.day_index and day not in van.unavailable_dates

    def available_consultants(self, day: date) -> list[str]:
        return [c.id for c in self.problem.consultants if day not in c.unavailable_dates]


def build_instance(problem: Problem, provider: TravelProvider | None = None) -> Instance:
    """Precompute calendar and travel; visits must already have coordinates (see resolve_locations)."""
    points: Sequence[tuple[float, float]] = [(problem.depot.lat, problem.depot.lon)] + [
        (v.lat, v.lon)
        for v in problem.visits  # type: ignore[misc]
    ]
    travel = (provider or RoadModel()).matrix(points)
    places = [regions.nearest(v.lat, v.lon) for v in problem.visits]  # type: ignore[arg-type]
    days = working_days(problem.horizon)
    return Instance(
        problem=problem,
        days=days,
        travel=travel,
        ferry_only=tuple(regions.is_ferry_only(m) for m in places),
        province=tuple(m.province_ko for m in places),
        day_index={d: k for k, d in enumerate(days)},
        visit_index={v.id: k for k, v in enumerate(problem.visits)},
    )
