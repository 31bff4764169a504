"""Give every visit coordinates: its own, or those of the municipality its address names."""

from models import Problem, Visit
from models.io import InputError
from routing import regions

MOST_NAMED = 6  # places listed when a name is ambiguous


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
    field = "address" if visit.address else "region"
    alike = regions.same_names(visit.address, visit.region)
    if len({m.province_ko for m in alike}) == 1:
        return (
            f"visits[{index}] ({visit.id}).{field}: '{given}' names only a province ({alike[0].province_ko}); "
            "add the city or county (시/군), or give lat/lon"
        )
    if alike:
        places = ", ".join(_full_name(m) for m in alike[:MOST_NAMED])
        more = f" and {len(alike) - MOST_NAMED} more" if len(alike) > MOST_NAMED else ""
        return (
            f"visits[{index}] ({visit.id}).{field}: '{given}' could be {places}{more}; "
            f"add the province or city (e.g. '{_full_name(alike[0], romanized=False)}'), or give lat/lon"
        )
    return f"visits[{index}] ({visit.id}).{field}: '{given}' names no known municipality; give lat/lon"


def _full_name(place: regions.Municipality, romanized: bool = True) -> str:
    korean = " ".join(part for part in (place.province_ko, place.parent_city_ko, place.name_ko) if part)
    return f"{korean} ({place.province_en} {place.name_en})" if romanized else korean
