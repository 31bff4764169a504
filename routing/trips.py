"""Van trips: the runs of consecutive working days a van can spend away from the depot.

A van is home before every non-working day, so the horizon falls apart into weeks that
share nothing but the visits; inside a week a van's available days form one or more
trips of at most max_consecutive_nights + 1 days (single days when overnight is off).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from routing.instance import Instance


@dataclass(frozen=True)
class Trip:
    van: str
    days: tuple[date, ...]  # consecutive calendar days

    @property
    def nights(self) -> int:
        return len(self.days) - 1


def weeks(instance: Instance) -> list[tuple[date, ...]]:
    """Working days grouped by ISO week, in order."""
    return [tuple(group) for _, group in groupby(instance.days, key=lambda d: d.isocalendar()[:2])]


def trips_of_week(instance: Instance, week: tuple[date, ...]) -> list[Trip]:
    overnight = instance.problem.policy.overnight
    longest = overnight.max_consecutive_nights + 1 if overnight.allowed else 1
    trips = []
    for van in instance.problem.vans:
        available = [d for d in week if instance.van_available(van.id, d)]
        for run in _consecutive_runs(available):
            trips += [Trip(van.id, run[k : k + longest]) for k in range(0, len(run), longest)]
    return trips


def _consecutive_runs(days: list[date]) -> list[tuple[date, ...]]:
    runs: list[list[date]] = []
    for day in days:
        if runs and runs[-1][-1] + timedelta(days=1) == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [tuple(run) for run in runs]
