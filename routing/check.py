"""The independent plan check: every rule of the contract, verified from the documents alone.

It shares no code with the solver on purpose (only the contract models and the public
holiday calendar), so a solver bug cannot hide behind the same bug in its checker.
"""

from collections import Counter, defaultdict
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations, pairwise

import holidays
from geopy.distance import geodesic

from models import Plan, Problem, Route, Visit
from models.clock import format_clock

KM_TOLERANCE = 0.05  # plans write kilometres to 0.1 km
MAX_PHYSICAL_KMH = 110.0
COORD_TOLERANCE = 1e-4  # degrees, about 10 m


def check_plan(problem: Problem, plan: Plan, *, crews_over_nights: bool = True) -> list[str]:
    """All violations of the contract's plan rules, each naming the van, date and visit.

    `crews_over_nights=False` leaves out the rule that no one joins or leaves a van at a lodging,
    for routes already promised under plans made before it was checked (a re-plan keeps them)."""
    return [
        *_every_visit_once(problem, plan),
        *_vans_and_crews(problem, plan),
        *_consultants(problem, plan),
        *_timelines(problem, plan),
        *_travel(problem, plan),
        *_van_continuity(problem, plan),
        *(_crews_over_nights(plan) if crews_over_nights else []),
        *_pins(problem, plan),
        *_reasons(problem, plan),
    ]


def _working(problem: Problem, day: date) -> bool:
    horizon = problem.horizon
    if not horizon.start <= day <= horizon.end or day.weekday() >= 5 or day in horizon.closed_dates:
        return False
    if horizon.holidays is None:
        return True
    return day not in _holidays(horizon.holidays, day.year)


@lru_cache(maxsize=16)
def _holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year).keys())


def _label(route: Route) -> str:
    return f"{route.van} {route.date}"


def _every_visit_once(problem: Problem, plan: Plan) -> list[str]:
    known = {v.id for v in problem.visits}
    places = Counter([s.visit for r in plan.routes for s in r.stops] + [u.visit for u in plan.unassigned])
    errors = [f"visit {vid}: appears {n} times (stops and unassigned)" for vid, n in places.items() if n > 1]
    errors += [f"visit {vid}: unknown id" for vid in places if vid not in known]
    errors += [f"visit {vid}: neither served nor unassigned" for vid in known if vid not in places]
    return errors


def _vans_and_crews(problem: Problem, plan: Plan) -> list[str]:
    vans = {v.id: v for v in problem.vans}
    errors = []
    for (van_id, day), n in Counter((r.van, r.date) for r in plan.routes).items():
        if n > 1:
            errors.append(f"{van_id} {day}: {n} routes on one date")
    for route in plan.routes:
        van = vans.get(route.van)
        if van is None:
            errors.append(f"{_label(route)}: unknown van")
            continue
        if not _working(problem, route.date):
            errors.append(f"{_label(route)}: not a working day")
        if route.date in van.unavailable_dates:
            errors.append(f"{_label(route)}: van is unavailable that date")
        seats = van.seats - 1 if problem.policy.driver_takes_seat else van.seats
        if len(route.crew) > seats:
            errors.append(f"{_label(route)}: crew of {len(route.crew)} exceeds {seats} seats")
        if len(set(route.crew)) != len(route.crew):
            errors.append(f"{_label(route)}: crew lists a consultant twice")
    return errors


def _consultants(problem: Problem, plan: Plan) -> list[str]:
    consultants = {c.id: c for c in problem.consultants}
    visits = {v.id: v for v in problem.visits}
    crews_on: dict[tuple[str, date], int] = Counter()
    visits_on: dict[tuple[str, date], int] = Counter()
    busy: dict[tuple[str, date], list[tuple[int, int, str]]] = defaultdict(list)
    errors = []
    for route in plan.routes:
        for cid in route.crew:
            crews_on[(cid, route.date)] += 1
            consultant = consultants.get(cid)
            if consultant is None:
                errors.append(f"{_label(route)}: unknown consultant {cid} in crew")
            elif route.date in consultant.unavailable_dates:
                errors.append(f"{_label(route)}: {cid} is unavailable that date")
        for stop in route.stops:
            visit = visits.get(stop.visit)
            if visit is None:
                continue
            for cid in stop.consultants:
                visits_on[(cid, route.date)] += 1
                busy[(cid, route.date)].append((stop.start, stop.end, stop.visit))
                if cid not in route.crew:
                    errors.append(f"{_label(route)} {stop.visit}: {cid} is not in the crew")
            errors += _team_covers(route, visit, stop.consultants, consultants)
    errors += [f"{cid} {day}: in {n} crews" for (cid, day), n in crews_on.items() if n > 1]
    for (cid, day), n in visits_on.items():
        limit = consultants[cid].max_visits_per_day if cid in consultants else 0
        if n > limit:
            errors.append(f"{cid} {day}: {n} visits, more than max_visits_per_day {limit}")
    for (cid, day), spans in busy.items():
        spans.sort()
        for (_, end, first), (start, _, second) in pairwise(spans):
            if start < end:
                errors.append(f"{cid} {day}: visits {first} and {second} overlap")
    return errors


def _team_covers(route: Route, visit: Visit, team: tuple[str, ...], consultants: dict) -> list[str]:
    errors = []
    if len(set(team)) < visit.team_size:
        errors.append(f"{_label(route)} {visit.id}: team of {len(set(team))}, team_size is {visit.team_size}")
    held = {skill for cid in team if cid in consultants for skill in consultants[cid].skills}
    missing = sorted(set(visit.skills) - held)
    if missing:
        errors.append(f"{_label(route)} {visit.id}: team lacks skills {', '.join(missing)}")
    return errors


def _windows(problem: Problem, visit: Visit) -> list[tuple[int, int]]:
    workday = problem.policy.workday
    windows = visit.time_windows or (workday,)
    return [(w.start, w.end) for w in windows]


def _timelines(problem: Problem, plan: Plan) -> list[str]:
    workday = problem.policy.workday
    visits = {v.id: v for v in problem.visits}
    errors = []
    for route in plan.routes:
        label = _label(route)
        if route.start.time < workday.start:
            errors.append(f"{label}: starts {format_clock(route.start.time)}, before the workday")
        if route.end.time > workday.end:
            errors.append(f"{label}: ends {format_clock(route.end.time)}, after the workday")
        departure = route.start.time
        for stop in route.stops:
            where = f"{label} {stop.visit}"
            if stop.arrival != departure + stop.travel_minutes:
                errors.append(f"{where}: arrival {format_clock(stop.arrival)} is not departure + travel")
            if stop.start < stop.arrival:
                errors.append(f"{where}: starts before it arrives")
            visit = visits.get(stop.visit)
            if visit is not None:
                errors += _stop_fits_visit(problem, route, stop.start, stop.end, visit)
            departure = stop.end
        if route.end.travel_minutes is None or route.end.travel_km is None:
            errors.append(f"{label}: end leg has no travel_km/travel_minutes")
        elif route.end.time != departure + route.end.travel_minutes:
            errors.append(f"{label}: end time is not the last departure + travel")
    return errors


def _stop_fits_visit(problem: Problem, route: Route, start: int, end: int, visit: Visit) -> list[str]:
    where = f"{_label(route)} {visit.id}"
    errors = []
    if end - start < visit.duration_minutes:
        errors.append(f"{where}: {end - start} minutes, needs {visit.duration_minutes}")
    if not any(ws <= start and end <= we for ws, we in _windows(problem, visit)):
        errors.append(f"{where}: {format_clock(start)}-{format_clock(end)} is in none of its time windows")
    if not visit.earliest_date <= route.date <= visit.latest_date:
        errors.append(f"{where}: date outside {visit.earliest_date}..{visit.latest_date}")
    return errors


def _legs(problem: Problem, route: Route) -> list[tuple[tuple[float, float], tuple[float, float], float, int]]:
    visits = {v.id: v for v in problem.visits}
    here = (route.start.lat, route.start.lon)
    legs = []
    for stop in route.stops:
        visit = visits.get(stop.visit)
        there = (visit.lat, visit.lon) if visit and visit.lat is not None else here
        legs.append((here, there, stop.travel_km, stop.travel_minutes))
        here = there
    end = (route.end.lat, route.end.lon)
    legs.append((here, end, route.end.travel_km or 0.0, route.end.travel_minutes or 0))
    return legs


def _travel(problem: Problem, plan: Plan) -> list[str]:
    errors = []
    for route in plan.routes:
        legs = _legs(problem, route)
        for index, (a, b, km, minutes) in enumerate(legs):
            crow = geodesic(a, b).km
            if km + KM_TOLERANCE < crow:
                errors.append(f"{_label(route)} leg {index + 1}: {km} km, shorter than the {crow:.1f} km geodesic")
            if minutes < int(crow / MAX_PHYSICAL_KMH * 60):
                errors.append(f"{_label(route)} leg {index + 1}: {minutes} min for {crow:.1f} km is too fast")
        total_km = sum(leg[2] for leg in legs)
        if abs(route.drive_km - total_km) > KM_TOLERANCE * len(legs):
            errors.append(f"{_label(route)}: drive_km {route.drive_km} is not the sum of legs {total_km:.1f}")
        if route.drive_minutes != sum(leg[3] for leg in legs):
            errors.append(f"{_label(route)}: drive_minutes is not the sum of its legs")
        if route.drive_minutes > problem.policy.max_drive_minutes_per_day:
            errors.append(f"{_label(route)}: drives {route.drive_minutes} min, over the daily limit")
    return errors


def _same_place(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= COORD_TOLERANCE and abs(a[1] - b[1]) <= COORD_TOLERANCE


def _van_continuity(problem: Problem, plan: Plan) -> list[str]:
    depot = (problem.depot.lat, problem.depot.lon)
    overnight = problem.policy.overnight
    by_van_day = {(r.van, r.date): r for r in plan.routes}
    errors = []
    for route in sorted(plan.routes, key=lambda r: (r.van, r.date)):
        label = _label(route)
        previous = by_van_day.get((route.van, route.date - timedelta(days=1)))
        start = (route.start.lat, route.start.lon)
        if previous is not None and previous.end.kind == "lodging":
            if route.start.kind != "lodging" or not _same_place(start, (previous.end.lat, previous.end.lon)):
                errors.append(f"{label}: does not start at the lodging where the van was left")
        elif route.start.kind != "depot" or not _same_place(start, depot):
            errors.append(f"{label}: does not start at the depot")
        errors += _route_end(problem, route, by_van_day, depot, overnight.allowed)
    errors += _nights_in_a_row(plan, overnight.max_consecutive_nights)
    return errors


def _crews_over_nights(plan: Plan) -> list[str]:
    by_van_day = {(r.van, r.date): r for r in plan.routes}
    routes = sorted(plan.routes, key=lambda r: (r.van, r.date))
    return [error for route in routes for error in _crew_stays_aboard(route, by_van_day)]


def _crew_stays_aboard(route: Route, by_van_day: dict) -> list[str]:
    """Where the van sleeps away, its crew sleeps with it: no one joins it at a lodging who was
    not aboard the day before, and no one leaves it there who is not aboard the next day."""
    errors = []
    if route.start.kind == "lodging":
        before = by_van_day.get((route.van, route.date - timedelta(days=1)))
        joined = sorted(set(route.crew) - set(before.crew if before else ()))
        errors += [f"{_label(route)}: {c} joins the van at its lodging, not aboard the day before" for c in joined]
    if route.end.kind == "lodging":
        after = by_van_day.get((route.van, route.date + timedelta(days=1)))
        left = sorted(set(route.crew) - set(after.crew if after else ()))
        errors += [f"{_label(route)}: {c} is left at the lodging, not aboard the next day" for c in left]
    return errors


def _route_end(
    problem: Problem, route: Route, by_van_day: dict, depot: tuple[float, float], allowed: bool
) -> list[str]:
    label = _label(route)
    if route.end.kind == "depot":
        ok = _same_place((route.end.lat, route.end.lon), depot)
        return [] if ok else [f"{label}: ends at a 'depot' that is not the depot"]
    next_day = route.date + timedelta(days=1)
    if not allowed:
        return [f"{label}: ends at a lodging, but overnight trips are not allowed"]
    if route.date >= problem.horizon.end or not _working(problem, next_day):
        return [f"{label}: must end at the depot before a non-working day or the end of the horizon"]
    if (route.van, next_day) not in by_van_day:
        return [f"{label}: van left at a lodging with no route the next day"]
    return []


def _nights_in_a_row(plan: Plan, limit: int) -> list[str]:
    errors = []
    nights: dict[str, int] = defaultdict(int)
    last_day: dict[str, date] = {}
    for route in sorted(plan.routes, key=lambda r: (r.van, r.date)):
        if last_day.get(route.van) != route.date - timedelta(days=1):
            nights[route.van] = 0
        last_day[route.van] = route.date
        nights[route.van] = nights[route.van] + 1 if route.end.kind == "lodging" else 0
        if nights[route.van] > limit:
            errors.append(f"{_label(route)}: {nights[route.van]} nights in a row, more than {limit}")
    return errors


def _pins(problem: Problem, plan: Plan) -> list[str]:
    served = {s.visit: (r, s) for r in plan.routes for s in r.stops}
    errors = []
    for visit in problem.visits:
        pin = visit.pinned
        if pin is None:
            continue
        if visit.id not in served:
            errors.append(f"visit {visit.id}: pinned but not served")
            continue
        route, stop = served[visit.id]
        if route.van != pin.van or route.date != pin.date or set(stop.consultants) != set(pin.consultants):
            errors.append(f"visit {visit.id}: not served as pinned ({pin.van} {pin.date} {','.join(pin.consultants)})")
    return errors


# Rule 8's facts this check can establish from the documents alone, in the contract's order; the
# other two (NO_TEAM_AVAILABLE, UNREACHABLE) need the travel model and every day's crews.
FIRST_FACTS = ("NO_WORKING_DAY", "WINDOW_TOO_SHORT", "NO_SKILLED_TEAM")


def _reasons(problem: Problem, plan: Plan) -> list[str]:
    """An unassigned visit's reason is the first fact that holds: one of the first three exactly
    when it holds, and none of them when none holds."""
    visits = {v.id: v for v in problem.visits}
    errors = []
    for entry in plan.unassigned:
        visit = visits.get(entry.visit)
        if visit is None:
            continue  # reported as an unknown id
        fact = _first_fact(problem, visit)
        if fact is not None and entry.reason != fact:
            errors.append(f"visit {visit.id}: reason {entry.reason}, but {fact} holds and comes first")
        elif fact is None and entry.reason in FIRST_FACTS:
            errors.append(f"visit {visit.id}: reason {entry.reason} does not hold")
    return errors


def _first_fact(problem: Problem, visit: Visit) -> str | None:
    first, last = max(visit.earliest_date, problem.horizon.start), min(visit.latest_date, problem.horizon.end)
    if not any(_working(problem, first + timedelta(days=k)) for k in range((last - first).days + 1)):
        return "NO_WORKING_DAY"
    workday = problem.policy.workday
    room = [min(end, workday.end) - max(start, workday.start) for start, end in _windows(problem, visit)]
    if max(room) < visit.duration_minutes:
        return "WINDOW_TOO_SHORT"
    if not _some_team_fits(problem, visit):
        return "NO_SKILLED_TEAM"
    return None


def _some_team_fits(problem: Problem, visit: Visit) -> bool:
    """Whether consultants of the problem, few enough for the largest van, hold every skill and
    number at least team_size."""
    driver = 1 if problem.policy.driver_takes_seat else 0
    seats = max((van.seats - driver for van in problem.vans), default=0)
    needed = frozenset(visit.skills)
    # consultants alike in the skills asked count once: a cover needs at most one of each kind
    kinds = {needed & frozenset(c.skills) for c in problem.consultants} - {frozenset()}
    covers = (k for k in range(len(needed) + 1) if any(_covers(team, needed) for team in combinations(kinds, k)))
    smallest = next(covers, None)
    return smallest is not None and max(smallest, visit.team_size) <= min(seats, len(problem.consultants))


def _covers(team: tuple[frozenset[str], ...], needed: frozenset[str]) -> bool:
    return frozenset().union(*team) >= needed
