"""Give every visit coordinates: its own, or those of the municipality its address names."""

from models import Problem, Visit
from models.io import InputError
from routing import regions


def resolve_locations(problem: Problem) -> Problem:
    """A copy of the problem in which every visit has lat/lon; unresolvable visits are an input error."""
    errors = []
    visits = []
    for index, visit in enumerate(problem.visits):
        if visit.lat is not None:
            visits.append(visit)
            continue
        place = regions.locate(visit.address, visit.region)
        if place is None:
            errors.append(_unresolved(index, visit))
            continue
        visits.append(visit.model_copy(update={"lat": place.lat, "lon": place.lon}))
    if errors:
        raise InputError(errors)
    return problem.model_copy(update={"visits": tuple(visits)})


def _unresolved(index: int, visit: Visit) -> str:
    given = visit.address or visit.region
    if not given:
        return f"visits[{index}] ({visit.id}): needs lat/lon, or an address or region to locate it"
    return f"visits[{index}] ({visit.id}).address: '{given}' names no known municipality; give lat/lon"
