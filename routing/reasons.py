"""Why a visit can never be served: facts of the input, found before any solving.

Checked in the contract's order; the first that applies is the reason.
"""

from datetime import date, timedelta

from models import Unassigned, Visit
from routing.instance import Instance
from routing.teams import smallest_team, team_fits


def structural_reasons(instance: Instance) -> dict[str, Unassigned]:
    """The reason of every visit that no plan could serve, by visit id."""
    reasons = {}
    for index, visit in enumerate(instance.problem.visits):
        found = _reason(instance, index, visit)
        if found is not None:
            reasons[visit.id] = found
    return reasons


def _reason(instance: Instance, index: int, visit: Visit) -> Unassigned | None:
    days = instance.visit_days(visit)
    if not days:
        detail = f"no working day between {visit.earliest_date} and {visit.latest_date}"
        return Unassigned(visit=visit.id, reason="NO_WORKING_DAY", detail=detail)
    if not instance.windows(visit):
        detail = f"{visit.duration_minutes} minutes fit in none of its time windows within the workday"
        return Unassigned(visit=visit.id, reason="WINDOW_TOO_SHORT", detail=detail)
    skilled = _no_skilled_team(instance, visit)
    if skilled:
        return Unassigned(visit=visit.id, reason="NO_SKILLED_TEAM", detail=skilled)
    team_days = [d for d in days if _team_and_van(instance, visit, d)]
    if not team_days:
        detail = "on no working day of its range are enough skilled consultants and a van available together"
        return Unassigned(visit=visit.id, reason="NO_TEAM_AVAILABLE", detail=detail)
    if instance.ferry_only[index]:
        detail = "on an island with no road link (ferry or air only)"
        return Unassigned(visit=visit.id, reason="UNREACHABLE", detail=detail)
    if not any(_round_trip_fits(instance, index, visit, d) for d in team_days):
        detail = "the drive there and back does not fit the workday, driving limit and overnight rules"
        return Unassigned(visit=visit.id, reason="UNREACHABLE", detail=detail)
    return None


def _no_skilled_team(instance: Instance, visit: Visit) -> str:
    consultants = instance.problem.consultants
    held = {s for c in consultants for s in c.skills}
    missing = sorted(set(visit.skills) - held)
    if missing:
        return "no consultant has skill " + ", ".join(f"'{s}'" for s in missing)
    seats = max(instance.seats(v.id) for v in instance.problem.vans)
    needed = max(smallest_team(visit.skills, consultants) or 0, visit.team_size)
    if needed > len(consultants):
        return f"needs a team of {needed}, there are {len(consultants)} consultants"
    if needed > seats:
        return f"needs a team of {needed}, the largest van seats {seats} consultants"
    return ""


def _team_and_van(instance: Instance, visit: Visit, day: date) -> bool:
    free = set(instance.available_consultants(day))
    consultants = [c for c in instance.problem.consultants if c.id in free]
    seats = [instance.seats(v.id) for v in instance.problem.vans if instance.van_available(v.id, day)]
    return bool(seats) and team_fits(visit.skills, visit.team_size, consultants, max(seats))


def _round_trip_fits(instance: Instance, index: int, visit: Visit, day: date) -> bool:
    """Whether a van could go from the depot to this visit alone and back within the rules.

    Driving is spread over the days of the longest trip around `day` (consecutive working
    days, the van available, at most max_consecutive_nights nights), at most the daily
    driving limit a day, within the workday.
    """
    out = int(instance.travel.minutes[0, index + 1])
    back = int(instance.travel.minutes[index + 1, 0])
    limit, width = instance.drive_limit, instance.workday_minutes
    for days_before, days_after in _trip_spans(instance, day):
        on_day_out = max(0, out - days_before * limit)
        on_day_back = max(0, back - days_after * limit)
        if on_day_out > limit or on_day_back > limit or on_day_out + on_day_back > limit:
            continue
        for start, end in instance.windows(visit):
            begin = max(start, on_day_out)
            if begin + visit.duration_minutes <= min(end, width - on_day_back):
                return True
    return False


def _trip_spans(instance: Instance, day: date) -> list[tuple[int, int]]:
    """(days before, days after) `day` that a van available on `day` could stay out."""
    overnight = instance.problem.policy.overnight
    if not overnight.allowed:
        return [(0, 0)]
    spans = []
    for van in instance.problem.vans:
        if not instance.van_available(van.id, day):
            continue
        before = _run_length(instance, van.id, day, -1)
        after = _run_length(instance, van.id, day, +1)
        nights = overnight.max_consecutive_nights
        spans += [(b, min(after, nights - b)) for b in range(min(before, nights) + 1)]
    return spans


def _run_length(instance: Instance, van_id: str, day: date, step: int) -> int:
    """Consecutive calendar days next to `day` on which the van could keep going."""
    count, current = 0, day
    while True:
        current = current + timedelta(days=step)
        if not instance.van_available(van_id, current):
            return count
        count += 1
