"""The hand dispatcher's rule as a baseline plan for the half-year problem.

Usage, from the repository root:
    python -m benchmarks.hand_dispatch [data/demo-problem.json]

Day by day, van by van, the way a coordinator fills a whiteboard:
- a van at the depot takes the open visit with the earliest deadline that its crew can serve
  today; that visit's province is the van-day's region;
- the crew is chosen from the consultants still free that day, greedily covering the skills
  of the region's most urgent visits (at least two people when possible, a fair share of the
  free consultants at most);
- the van then keeps adding, from the same region, the feasible visit with the earliest
  deadline (nearest first on ties) until nothing fits the day;
- far from home (more than FAR_MINUTES' drive) and allowed to, it sleeps at its last stop and
  works the same region the next day, at most max_consecutive_nights in a row.
Every rule of the contract is kept: the plan passes `routing.check.check_plan` with no
violation. Prints the served share of the feasible visits and the km, with overnight trips
allowed and with day trips only. Not a unit test.
"""

import math
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pandas as pd

from models import Consultant, Endpoint, Plan, Problem, Route, Stop, Unassigned
from models.io import load_problem
from routing.check import check_plan
from routing.instance import Instance, build_instance
from routing.locate import resolve_locations
from routing.pins import check_pins
from routing.reasons import structural_reasons
from routing.solver import kpis

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo-problem.json"
RESULTS = Path(__file__).resolve().parent / "results"
FAR_MINUTES = 120  # a last stop further than this from the depot is worth a night out
MIN_CREW = 2  # one consultant alone runs out of visits (max_visits_per_day) before the van does
DEPOT = -1


@dataclass
class _Van:
    """Where a van is in the morning and what trip it is on."""

    id: str
    place: int = DEPOT  # visit index where it lodged, or DEPOT
    nights: int = 0
    crew: tuple[str, ...] = ()
    region: str | None = None


@dataclass
class _Day:
    """What one working day has used up so far."""

    day: date
    free: set[str]  # consultants available and in no crew yet
    visits_done: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass(frozen=True)
class _Planned:
    visit: int
    team: tuple[str, ...]
    arrival: int  # clock minutes
    start: int
    end: int


class HandDispatcher:
    def __init__(self, instance: Instance, impossible: set[str]):
        self.instance = instance
        self.problem = instance.problem
        self.people = {c.id: c for c in self.problem.consultants}
        self.open = {i for i, v in enumerate(self.problem.visits) if v.id not in impossible and v.pinned is None}
        self.pins: dict[tuple[str, date], list[int]] = defaultdict(list)
        for i, v in enumerate(self.problem.visits):
            if v.pinned is not None:
                self.pins[(v.pinned.van, v.pinned.date)].append(i)
        self.served: set[int] = set()
        self.vans = {v.id: _Van(v.id) for v in self.problem.vans}

    def run(self) -> list[Route]:
        routes = []
        for day in self.instance.days:
            today = _Day(day, set(self.instance.available_consultants(day)))
            for van in self._van_order(day, today):
                route = self._van_day(self.vans[van], today)
                if route is not None:
                    routes.append(route)
        return routes

    def _van_order(self, day: date, today: _Day) -> list[str]:
        """Vans out on a trip keep their crew; pinned vans claim their pinned consultants next."""
        for (_, pin_day), visits in self.pins.items():
            if pin_day == day:
                today.free -= {c for v in visits for c in self.problem.visits[v].pinned.consultants}  # type: ignore[union-attr]
        available = [v.id for v in self.problem.vans if self.instance.van_available(v.id, day)]
        return sorted(available, key=lambda v: (self.vans[v].place == DEPOT, (v, day) not in self.pins))

    # --- one van-day -----------------------------------------------------------------

    def _van_day(self, van: _Van, today: _Day) -> Route | None:
        pinned = sorted(self.pins.get((van.id, today.day), []), key=lambda v: self.instance.windows(self._v(v))[0])
        if van.place == DEPOT:
            van.crew, van.region = (), None
        else:  # out on a trip: the crew stays, less whoever is away today
            van.crew = tuple(c for c in van.crew if c in today.free)
            today.free -= set(van.crew)
        if pinned:
            claimed = {c for v in pinned for c in self._v(v).pinned.consultants}  # type: ignore[union-attr]
            van.crew = tuple(sorted(set(van.crew) | claimed))
            van.region = van.region or self.instance.province[pinned[0]]
        lodge_ok = self._may_lodge(van, today.day)
        plan: list[_Planned] = []
        for v in pinned:
            step = self._fit(van, plan, v, today, lodge_ok, self._v(v).pinned.consultants)  # type: ignore[union-attr]
            if step is None:
                raise ValueError(f"the hand-dispatch rule cannot keep the pin of {self._v(v).id}")
            self._commit(plan, step, today)
        if van.place == DEPOT and not pinned:
            seed = self._seed(van, today, lodge_ok)
            if seed is None:
                return None
            van.region = self.instance.province[seed[0]]
            van.crew = seed[1]
            today.free -= set(van.crew)
            lodge_ok = lodge_ok and self._may_lodge(van, today.day)  # the crew known now
        while (step := self._next(van, plan, today, lodge_ok)) is not None:
            self._commit(plan, step, today)
        return self._route(van, plan, today, lodge_ok)

    def _v(self, v: int):  # type: ignore[no-untyped-def]
        return self.problem.visits[v]

    def _may_lodge(self, van: _Van, day: date) -> bool:
        """Whether the van may sleep out tonight: allowed, nights left, it works tomorrow, and so does
        everyone aboard (no one is left at a lodging)."""
        overnight = self.problem.policy.overnight
        tomorrow = day + timedelta(days=1)
        return (
            overnight.allowed
            and van.nights < overnight.max_consecutive_nights
            and self.instance.van_available(van.id, tomorrow)
            and not self.pins.get((van.id, tomorrow))
            and all(tomorrow not in self.people[c].unavailable_dates for c in van.crew)
        )

    def _candidates(self, day: date, region: str | None) -> list[int]:
        """Open visits of the region datable today, earliest deadline first."""
        visits = self.problem.visits
        fits = [
            v
            for v in self.open
            if visits[v].earliest_date <= day <= visits[v].latest_date
            and (region is None or self.instance.province[v] == region)
        ]
        return sorted(fits, key=lambda v: (visits[v].latest_date, -visits[v].priority, v))

    def _seed(self, van: _Van, today: _Day, lodge_ok: bool) -> tuple[int, tuple[str, ...]] | None:
        """The earliest-deadline visit the van can reach today with a crew it can get, and that crew."""
        free = [self.people[c] for c in sorted(today.free)]
        vans_left = sum(
            1
            for v in self.vans.values()
            if v.place == DEPOT and self.instance.van_available(v.id, today.day) and not v.crew
        )
        cap = min(self.instance.seats(van.id), max(MIN_CREW, math.ceil(len(free) / max(1, vans_left))))
        for v in self._candidates(today.day, None):
            crew = self._crew(v, free, cap, today.day)
            if crew is None:
                continue
            van.crew = crew
            if self._fit(van, [], v, today, lodge_ok and self._may_lodge(van, today.day)) is not None:
                return v, crew
            van.crew = ()
        return None

    def _crew(self, seed: int, free: list[Consultant], cap: int, day: date) -> tuple[str, ...] | None:
        """Greedy: cover the seed, then the skills of the region's most urgent visits, within cap."""
        region = self.instance.province[seed]
        demand = [seed, *[v for v in self._candidates(day, region) if v != seed][:7]]
        crew: list[Consultant] = []
        team = _cover(self._v(seed).skills, self._v(seed).team_size, free, {})
        if team is None or len(team) > cap:
            return None
        crew = [self.people[c] for c in team]
        while len(crew) < cap:
            rest = [c for c in free if c not in crew]
            if not rest:
                break
            held = {s for c in crew for s in c.skills}
            need = [s for v in demand for s in self._v(v).skills if s not in held]
            gain = {c.id: sum(1 for s in need if s in c.skills) for c in rest}
            best = max(rest, key=lambda c: (gain[c.id], c.max_visits_per_day, c.id))
            if gain[best.id] == 0 and len(crew) >= max(MIN_CREW, *(self._v(v).team_size for v in demand)):
                break
            crew.append(best)
        return tuple(sorted(c.id for c in crew))

    def _next(self, van: _Van, plan: list[_Planned], today: _Day, lodge_ok: bool) -> _Planned | None:
        best: tuple[tuple, _Planned] | None = None
        for v in self._candidates(today.day, van.region):
            step = self._fit(van, plan, v, today, lodge_ok)
            if step is not None:
                key = (self._v(v).latest_date, step.arrival)
                if best is None or key < best[0]:
                    best = (key, step)
                if best[0][0] < key[0]:
                    break  # candidates come in deadline order: no later one can win
        return None if best is None else best[1]

    def _fit(
        self,
        van: _Van,
        plan: list[_Planned],
        v: int,
        today: _Day,
        lodge_ok: bool,
        team: tuple[str, ...] | None = None,
    ) -> _Planned | None:
        """The visit appended to the day's plan, if its team, window, drive and way home all fit."""
        visit = self._v(v)
        if team is None:
            crew = [self.people[c] for c in van.crew if today.visits_done[c] < self.people[c].max_visits_per_day]
            team = _cover(visit.skills, visit.team_size, crew, today.visits_done)
            if team is None:
                return None
        here = plan[-1].visit if plan else van.place
        opening, closing = self.problem.policy.workday.start, self.problem.policy.workday.end
        leave = plan[-1].end if plan else opening
        minutes = self._minutes(here, v)
        arrival = leave + minutes
        start = next(
            (
                max(arrival, opening + a)
                for a, b in self.instance.windows(visit)
                if max(arrival, opening + a) <= opening + b - visit.duration_minutes
            ),
            None,
        )
        if start is None:
            return None
        end = start + visit.duration_minutes
        driven = self._driven(van, plan) + minutes
        back = self._minutes(v, DEPOT)
        limit = self.instance.drive_limit
        home = end + back <= closing and driven + back <= limit
        stay = lodge_ok and back <= limit and end <= closing and driven <= limit
        if not (home or stay):
            return None
        if not plan:  # leave just in time: the arrival is the start
            arrival = start
        return _Planned(v, team, arrival, start, end)

    def _minutes(self, a: int, b: int) -> int:
        return int(self.instance.travel.minutes[a + 1, b + 1])

    def _km(self, a: int, b: int) -> float:
        return math.ceil(float(self.instance.travel.km[a + 1, b + 1]) * 10 - 1e-9) / 10

    def _driven(self, van: _Van, plan: list[_Planned]) -> int:
        points = [van.place] + [p.visit for p in plan]
        return sum(self._minutes(a, b) for a, b in pairwise(points))

    def _commit(self, plan: list[_Planned], step: _Planned, today: _Day) -> None:
        plan.append(step)
        self.open.discard(step.visit)
        self.served.add(step.visit)
        for c in step.team:
            today.visits_done[c] += 1

    def _route(self, van: _Van, plan: list[_Planned], today: _Day, lodge_ok: bool) -> Route | None:
        if not plan and van.place == DEPOT:
            today.free |= set(van.crew)  # nothing to do: the crew stays available
            van.crew = ()
            return None
        last = plan[-1].visit if plan else van.place
        opening, closing = self.problem.policy.workday.start, self.problem.policy.workday.end
        leave = plan[-1].end if plan else opening
        back = self._minutes(last, DEPOT)
        home_fits = leave + back <= closing and self._driven(van, plan) + back <= self.instance.drive_limit
        far = back > FAR_MINUTES and bool(self._candidates(today.day + timedelta(days=1), van.region))
        lodge = bool(plan) and lodge_ok and (far or not home_fits)
        route = self._emit(van, plan, today.day, lodge)
        van.place, van.nights = (last, van.nights + 1) if lodge else (DEPOT, 0)
        return route

    def _emit(self, van: _Van, plan: list[_Planned], day: date, lodge: bool) -> Route:
        opening = self.problem.policy.workday.start
        points = [van.place] + [p.visit for p in plan]
        stops = [
            Stop(
                visit=self._v(p.visit).id,
                consultants=p.team,
                company=self._v(p.visit).company,
                lat=self._v(p.visit).lat,
                lon=self._v(p.visit).lon,
                travel_km=self._km(a, p.visit),
                travel_minutes=self._minutes(a, p.visit),
                arrival=p.arrival,
                start=p.start,
                end=p.end,
            )
            for a, p in zip(points, plan, strict=False)
        ]
        start_time = stops[0].arrival - stops[0].travel_minutes if stops else opening
        last = points[-1]
        end_km, end_minutes = (0.0, 0) if lodge else (self._km(last, DEPOT), self._minutes(last, DEPOT))
        end_lat, end_lon = self._where(last if lodge else DEPOT)
        start_lat, start_lon = self._where(van.place)
        leave = plan[-1].end if plan else start_time
        return Route(
            van=van.id,
            date=day,
            crew=van.crew,
            start=Endpoint(
                kind="depot" if van.place == DEPOT else "lodging", lat=start_lat, lon=start_lon, time=start_time
            ),
            stops=tuple(stops),
            end=Endpoint(
                kind="lodging" if lodge else "depot",
                lat=end_lat,
                lon=end_lon,
                time=leave + end_minutes,
                travel_km=end_km,
                travel_minutes=end_minutes,
            ),
            drive_km=round(sum(s.travel_km for s in stops) + end_km, 1),
            drive_minutes=sum(s.travel_minutes for s in stops) + end_minutes,
        )

    def _where(self, point: int) -> tuple[float, float]:
        if point == DEPOT:
            return self.problem.depot.lat, self.problem.depot.lon
        visit = self._v(point)
        return visit.lat, visit.lon  # type: ignore[return-value]


def _cover(
    skills: tuple[str, ...], size: int, people: list[Consultant], done: dict[str, int]
) -> tuple[str, ...] | None:
    """A small team holding the skills: greedy set cover, then padded to the team size."""
    team: list[Consultant] = []
    missing = set(skills)
    while missing:
        best = max(people, key=lambda c: (len(missing & set(c.skills)), -done.get(c.id, 0), c.id), default=None)
        if best is None or not missing & set(best.skills):
            return None
        team.append(best)
        missing -= set(best.skills)
    rest = sorted((c for c in people if c not in team), key=lambda c: (done.get(c.id, 0), c.id))
    team += rest[: max(0, size - len(team))]
    return tuple(sorted(c.id for c in team)) if len(team) >= size else None


def hand_dispatch(problem: Problem) -> Plan:
    """The hand dispatcher's plan; every visit it leaves out gets its structural reason or CAPACITY."""
    started = time.monotonic()
    problem = resolve_locations(problem)
    instance = build_instance(problem)
    impossible = structural_reasons(instance)
    check_pins(instance, set(impossible))
    dispatcher = HandDispatcher(instance, set(impossible))
    routes = dispatcher.run()
    unassigned = [
        impossible.get(v.id)
        or Unassigned(visit=v.id, reason="CAPACITY", detail="the hand-dispatch rule found no van-day for it")
        for i, v in enumerate(problem.visits)
        if i not in dispatcher.served
    ]
    return Plan(
        problem=problem.name,
        routes=tuple(routes),
        unassigned=tuple(unassigned),
        kpis=kpis(instance, routes, dispatcher.served, time.monotonic() - started),
    )


def day_trips_only(problem: Problem) -> Problem:
    overnight = problem.policy.overnight.model_copy(update={"allowed": False})
    return problem.model_copy(update={"policy": problem.policy.model_copy(update={"overnight": overnight})})


def report(problem: Problem, label: str) -> dict[str, object]:
    plan = hand_dispatch(problem)
    violations = check_plan(problem, plan)
    feasible = len(problem.visits) - sum(1 for u in plan.unassigned if u.reason != "CAPACITY")
    served = plan.kpis.visits_served
    return {
        "policy": label,
        "visits": len(problem.visits),
        "feasible": feasible,
        "served": served,
        "served_share": round(served / max(1, feasible), 3),
        "drive_km": plan.kpis.drive_km,
        "km_per_visit": round(plan.kpis.drive_km / max(1, served), 1),
        "person_nights": plan.kpis.person_nights,
        "cost": plan.kpis.cost,
        "van_days": len(plan.routes),
        "violations": len(violations),
        "first_violations": violations[:3],
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEMO
    problem = load_problem(path)
    rows = [report(problem, "overnight allowed"), report(day_trips_only(problem), "day trips only")]
    for row in rows:
        print(
            f"{row['policy']:>17}: served {row['served']}/{row['feasible']} feasible visits "
            f"({100 * row['served_share']:.1f}%), "
            f"{row['drive_km']:,.0f} km ({row['km_per_visit']} km/visit), {row['person_nights']} person-nights, "
            f"cost ₩{row['cost']:,.0f}, {row['van_days']} van-days, {row['violations']} violations"
        )
        for line in row["first_violations"]:  # type: ignore[attr-defined]
            print(f"    {line}")
    if path == DEMO:
        RESULTS.mkdir(exist_ok=True)
        table = pd.DataFrame(rows).drop(columns="first_violations")
        table.to_csv(RESULTS / "hand_dispatch_demo.csv", index=False)


if __name__ == "__main__":
    main()
