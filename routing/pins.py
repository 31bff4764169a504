"""Pinned visits are promises: a pin that breaks a rule makes the problem contradictory."""

from models import Visit
from models.io import InputError
from routing.instance import Instance
from routing.teams import team_fits


def check_pins(instance: Instance, impossible: set[str]) -> None:
    """Raise InputError naming every pin that no plan could keep, with the reason."""
    errors = []
    for index, visit in enumerate(instance.problem.visits):
        if visit.pinned is not None:
            errors += [f"visits[{index}] ({visit.id}).pinned: {why}" for why in _broken(instance, visit, impossible)]
    errors += _shared_consultant_days(instance)
    if errors:
        raise InputError(errors)


def _broken(instance: Instance, visit: Visit, impossible: set[str]) -> list[str]:
    pin = visit.pinned
    assert pin is not None
    problem = instance.problem
    why = []
    if visit.id in impossible:
        why.append("the visit can never be served (see its reason without the pin)")
    if pin.date not in instance.day_index:
        why.append(f"{pin.date} is not a working day of the horizon")
    if not visit.earliest_date <= pin.date <= visit.latest_date:
        why.append(f"{pin.date} is outside the visit's dates")
    if not instance.van_available(pin.van, pin.date):
        why.append(f"van {pin.van} is not available on {pin.date}")
    team = [c for c in problem.consultants if c.id in pin.consultants]
    away = [c.id for c in team if pin.date in c.unavailable_dates]
    if away:
        why.append(f"{', '.join(away)} unavailable on {pin.date}")
    if not team_fits(visit.skills, visit.team_size, team, instance.seats(pin.van)):
        why.append("the pinned team does not hold the skills and team size, or does not fit the van")
    return why


def _shared_consultant_days(instance: Instance) -> list[str]:
    """A consultant pinned into two vans on one date cannot be kept."""
    seen: dict[tuple[str, object], str] = {}
    errors = []
    for visit in instance.problem.visits:
        if visit.pinned is None:
            continue
        for cid in visit.pinned.consultants:
            van = seen.setdefault((cid, visit.pinned.date), visit.pinned.van)
            if van != visit.pinned.van:
                errors.append(f"{cid} is pinned to {van} and {visit.pinned.van} on {visit.pinned.date}")
    return errors
