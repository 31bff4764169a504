"""The half-year solver: week by week, most urgent visits first, fair across provinces."""

import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import wait
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from models import Kpis, Plan, Problem, Route, Unassigned
from models.io import InputError
from routing.assignment import assign_weeks
from routing.crews import can_ride
from routing.fairness import province_factors
from routing.instance import Instance, build_instance
from routing.locate import resolve_locations
from routing.parallel import Flight, WeekJob, WeekRunner
from routing.pins import check_pins
from routing.reasons import structural_reasons
from routing.schedule import Home
from routing.travel import TravelProvider
from routing.trips import trips_of_week, weeks
from routing.warm import routes_by_week, week_holds
from routing.week_model import UNWISHED_COST
from routing.week_plan import WeekResult

MAX_CANDIDATES = 220  # visits offered to one week's routing model: about four times what fits
# A complete first plan within 15 s (or half the limit), then week-by-week improvement. Measured
# on the demo at 120 s, cores shared: first plan at 12.5 s (838/838 served), final cost 65.9 M won,
# against 67.4 M won with a 60 s first pass. Shorter, so that the second province plan (see
# _regroup) starts sooner: 10 s or 7 s (complete at 8.9 or 7.3 s) ended 60 s solves at 52.5 and
# 52.8 M won (seeds 1-6) against 52.9 M (seeds 1-9), within one run's spread (51.9-53.9 M).
FIRST_PASS_SECONDS = 15.0
IMPROVE_SECONDS = 8.0  # the longest one week's re-solve may take
# Of the seconds left for re-solves, what the first round (weeks alone) may take; pairs of weeks, which
# move visits between weeks, get the rest. Before, that round took it all in a 60 s or 120 s solve.
# On the demo, two processes, side by side (the re-solves' gain from each run's province plan):
# 60 s, seeds 1-4: 53.4 M won on average (gained 2.2 M) against 54.4 M (1.2 M); 120 s, seeds 1-3:
# 52.1 M (3.9 M) against 53.3 M (2.1 M), driving 64,700 km against 69,100. A share of 0.3 or 0.7 at
# 60 s (seeds 1-4, from dearer province plans: 57.5 and 57.0 M) gained 3.5 and 2.8 M, ending at 54.0
# and 54.2 M: any split beats none; a half is kept. A 600 s solve's first round (at most
# IMPROVE_SECONDS a week) ends before this. Only for a complete plan (see _round_end).
FIRST_ROUND_SHARE = 0.5
LEAST_IMPROVE_SECONDS = 0.2  # the shortest: a week serving few visits needs little
WARM_ROUNDS = 4  # of re-solves of the weeks a re-plan changes (see _start_from): alone, pairs, again
REPAIR_SECONDS = 8.0  # of the regrouped plan's time, kept for fitting in the visits it left out
REPAIR_TRY_SECONDS = 1.5  # one week's re-solve with a left-out visit offered again
# When the province plan is cheaper but a visit short, it gets this much more time, in longer tries,
# before it is thrown away whole: on the demo at 120 s a plan one visit short cost 68.8 M won
# where the kept province plan cost 60 M.
SECOND_REPAIR_SECONDS = 20.0
SECOND_REPAIR_TRY_SECONDS = 4.0
MIN_REGROUP_SECONDS = 15.0  # below this a second half-year pass cannot finish: only improve weeks
# The province plans end at 0.6 of the limit, but no later than 27 s into the solve for a half-year
# of the demo's size (later in proportion for more visits): past a second or so a week a province
# plan does not get cheaper, while the re-solves after it keep gaining. On the demo at 120 s (seeds
# 1-5, side by side), due at 72 s (0.6 of the limit), 50 s and 40 s: 53.0, 52.4 and 51.7 M won on
# average, 40 s better on every seed. At 600 s, due at 72 s rather than 360 s: 49.3 and 49.1 M won
# (seeds 1, 2) against 51.7 and 51.8 M. Due at 27 s, less than MIN_REGROUP_SECONDS after the first
# pass, only the plan started beside the first pass is made, not the second seed's: at 120 s (seeds
# 1-5) 51.6 M against 51.9 M at 40 s, four seeds of five cheaper; at 60 s, 52.7 M against 53.7 M
# at 36 s (0.6 of the limit; four of five). Earlier still hurts: at 60 s, due at 21 s, 54.9 M.
# Larger half-years keep 40 s for each 850 visits: scaled from 27 s, 1,300 requests for three vans
# (120 s) left the lowest province at 0.90 and 0.92 of the national share (seeds 1, 2) against
# 0.97 and 0.96 due at 60 s, and 850, 1,700 and 3,400 requests at 300 s came out 2-4% dearer (one run each).
# In between, 1,050 requests (1,035 feasible visits) at 120 s, seeds 1-3: due at 27 s, 67.8-68.9 M won
# but 1,028/1,030/1,034 visits served; due at 49 s (this rule), 69.4-71.8 M and 1,032/1,034/1,031.
# Serving comes first, so the rule stays.
REGROUP_MOST_SECONDS = 27.0
REGROUP_MOST_FOR_VISITS = 850
REGROUP_SECONDS_PER_VISIT = 40.0 / REGROUP_MOST_FOR_VISITS


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    seed: int = 0
    fair: bool = True  # weigh up provinces served below the national share (off only to measure its cost)
    # Worker processes planning weeks side by side (routing.parallel); 1 plans every week in this process.
    processes: int = 1
    # Visit id -> the week (0 for the horizon's first, as routing.trips.weeks counts them) the second
    # pass offers it from, in place of the province plan's choice (routing.assignment); visits not
    # named are offered from the first week. None: the province plan chooses. A seam for measuring
    # the choice of weeks (benchmarks/half_year.py gives it VROOM's), or for a planner's own.
    given_weeks: Mapping[str, int] | None = None
    # Routes of an earlier plan of this problem to start from (a re-plan, routing.replan): its weeks
    # that still keep every rule stay as they are, and only the others, and the weeks that could
    # take a visit it leaves open, are planned again (routing.warm). None plans afresh.
    start: tuple[Route, ...] | None = None


@dataclass(frozen=True)
class Progress:
    """Where a solve is: its phase and the week it works on, and the numbers of the best plan so far."""

    weeks_done: int
    weeks: int
    served: int
    feasible: int
    cost: float
    seconds: float
    # then "regroup" (the province plan), "improve" and "done"; "start" when planned from an earlier plan
    phase: str = "first plan"
    time_limit: float = 0.0


def solve(
    problem: Problem,
    options: SolveOptions = SolveOptions(),
    on_progress: Callable[[Progress], None] | None = None,
    provider: TravelProvider | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Plan:
    """A plan keeping every rule of the contract; raises InputError for contradictory pins.

    `should_stop` is polled between weeks: when it says yes the weeks planned so far are
    kept and the rest of the visits are reported as not fitted (cancel keeps the best so far).
    """
    started = time.monotonic()
    problem = resolve_locations(problem)
    instance = build_instance(problem, provider)
    impossible = structural_reasons(instance)
    check_pins(instance, set(impossible))
    _check_given_weeks(instance, options.given_weeks)
    feasible = [i for i, v in enumerate(problem.visits) if v.id not in impossible]
    routes, served = _plan_weeks(instance, feasible, options, started, on_progress, should_stop)
    stopped = should_stop is not None and should_stop()
    detail = (
        "the solve was stopped before it was placed (계획이 중단됨); plan again to place it"
        if stopped
        else "feasible on its own, but no van-day within its dates had room for it in this plan"
    )
    unassigned = list(impossible.values()) + [
        Unassigned(visit=problem.visits[i].id, reason="CAPACITY", detail=detail) for i in feasible if i not in served
    ]
    order = {v.id: k for k, v in enumerate(problem.visits)}
    unassigned.sort(key=lambda u: order[u.visit])
    routes.sort(key=lambda r: (r.date, r.van))
    return Plan(
        problem=problem.name,
        routes=tuple(routes),
        unassigned=tuple(unassigned),
        kpis=kpis(instance, routes, served, time.monotonic() - started),
    )


@dataclass
class _Week:
    """One week's part of the plan, replaced whole when a re-solve of the week does better."""

    days: tuple[date, ...]
    routes: list[Route]
    served: set[int]


@dataclass
class _Search:
    instance: Instance
    feasible: list[int]
    options: SolveOptions
    started: float
    on_progress: Callable[[Progress], None] | None
    should_stop: Callable[[], bool] | None
    runner: WeekRunner
    weeks: list[_Week]
    phase: str = "first plan"
    best: "_Search | None" = None  # while a trial plan is built, progress shows the best plan's numbers

    def stopped(self) -> bool:
        return self.should_stop is not None and self.should_stop()

    def served(self) -> set[int]:
        return {v for week in self.weeks for v in week.served}

    def routes(self) -> list[Route]:
        return [r for week in self.weeks for r in week.routes]

    def cost(self) -> float:
        return kpis(self.instance, self.routes(), self.served(), 0.0).cost

    def report(self, weeks_done: int, weeks: int) -> None:
        if self.on_progress is not None:
            shown = self.best or self
            seconds = time.monotonic() - self.started
            numbers = (
                len(shown.served()),
                len(self.feasible),
                shown.cost(),
                seconds,
                self.phase,
                self.options.time_limit,
            )
            self.on_progress(Progress(weeks_done, weeks, *numbers))


def _plan_weeks(
    instance: Instance,
    feasible: list[int],
    options: SolveOptions,
    started: float,
    on_progress: Callable[[Progress], None] | None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[list[Route], set[int]]:
    """A first complete plan quickly, week by week; then the province plan (see _regroup), then
    re-solve weeks while time remains. From an earlier plan (`options.start`), its weeks that
    still hold instead, and re-solves of the others only."""
    with WeekRunner(instance, options.processes, should_stop) as runner:
        search = _Search(instance, feasible, options, started, on_progress, should_stop, runner, [])
        end = started + options.time_limit * 0.95
        if options.start is None:
            _plan_afresh(search, end)
        elif touched := _start_from(search, options.start, end):
            _improve_around(search, end, touched)
    search.phase = "done"
    search.report(len(search.weeks), len(weeks(instance)))  # fewer weeks when stopped early
    return search.routes(), search.served()


def _plan_afresh(search: _Search, end: float) -> None:
    """The first plan, the province plans beside it, and re-solves of every week until `end`."""
    options, started = search.options, search.started
    first_pass = min(FIRST_PASS_SECONDS, options.time_limit * 0.5)
    # More seconds for each week of the province plan do not make it cheaper (demo, seed 1, one
    # process: 1.1, 1.7, 2.5, 4 s a week gave 56.8, 55.9, 56.3, 57.1 M won; each week solved
    # twice, the better kept, 57.5 M), but the re-solves after it do (from two 60 s province
    # plans, 56.6 and 57.8 M: 55.0 and 55.6 M after 22 s of re-solves, 54.5 and 54.8 after 44 s).
    # Below a second a week it does matter: at 60 s a province plan given 0.3 or 0.45 s a week
    # (to start the re-solves sooner) cost 62 or 58.5 M, and the solve ended at 57.4 or 55.7 M
    # (three seeds each) against 55.9 M as set; 2.7 s a week gave 55.9 M (seeds 1-3) against 56.3 M at 1 s.
    # Solving each province-plan week twice in its second, the second warm-started from the first
    # (as a re-solve is), gave 57.1 M against 54.7 M (seeds 1-4, side by side), with more nights
    # out (458-477 against 406-438) and more wishes honoured (110-118 against 107-112 of 127).
    regroup = started + regroup_seconds(options.time_limit, len(search.feasible))
    # With a second process the province plan starts at once, beside the first plan.
    early = _send_province_plan(search, regroup, end, {}) if search.runner.slots > 1 else None
    _first_pass(search, started + first_pass)
    _regroup(search, regroup, end, early)
    _improve(search, end)


def _improve_around(search: _Search, end: float, touched: set[int]) -> None:
    """Re-solve the weeks a re-plan touched. While a visit stays open (one pushed out to make room
    for another, say), the weeks within its dates too, or else one week further out each time, so
    that other visits can make room for it (as a plan made afresh would) without the whole
    half-year moving."""
    count = len(search.weeks)
    while not search.stopped() and end - time.monotonic() >= 1.0:
        _improve(search, end, touched)
        wider = touched | _weeks_of_open_visits(search)
        if wider == touched:
            wider |= {k + step for k in touched for step in (-1, 1) if 0 <= k + step < count}
        if wider == touched or search.served() >= set(search.feasible):
            return
        touched = wider


def _weeks_of_open_visits(search: _Search) -> set[int]:
    """The weeks within the dates of a feasible visit no week serves."""
    visits = search.instance.problem.visits
    left = [visits[v] for v in set(search.feasible) - search.served()]
    return {
        k
        for k, week in enumerate(search.weeks)
        if any(v.earliest_date <= d <= v.latest_date for v in left for d in week.days)
    }


def _start_from(search: _Search, start: tuple[Route, ...], end: float) -> set[int]:
    """The earlier plan's weeks that still hold, as they were (routing.warm); each of the others
    planned again from its routes (see _mend). Returns the weeks to re-solve further: those,
    and every week within the dates of a visit left open (a new request, or one a broken week lost)."""
    search.phase = "start"
    instance, calendar = search.instance, weeks(search.instance)
    index, feasible = instance.visit_index, set(search.feasible)
    broken: list[int] = []
    for k, routes in enumerate(routes_by_week(calendar, start)):
        # stops of visits no longer requested only guide a broken week's re-solve
        usable = [r.model_copy(update={"stops": tuple(s for s in r.stops if s.visit in index)}) for r in routes]
        served = {index[s.visit] for r in usable for s in r.stops}
        if served & search.served() or not week_holds(instance.problem, routes, calendar[k]):
            broken.append(k)
            served -= search.served()
        search.weeks.append(_Week(calendar[k], usable, served & feasible))
    for n, k in enumerate(broken):
        if search.stopped():  # a broken week is never handed out: the ones not yet planned stay empty
            search.weeks[k] = _Week(calendar[k], [], set())
            continue
        share = (end - time.monotonic()) / (2 * (len(broken) - n))  # half the time for these
        search.weeks[k] = _mend(search, k, min(IMPROVE_SECONDS, max(LEAST_IMPROVE_SECONDS, share)))
        search.report(k + 1, len(calendar))
    return set(broken) | _weeks_of_open_visits(search)


def _mend(search: _Search, k: int, budget: float) -> _Week:
    """A broken week planned again from its routes: with the crews riding it (but whoever may no
    longer ride), so that the fewest people hear of the change, if they still serve every visit
    the week served; otherwise, or if new crews serve more, with crews chosen anew."""
    week = search.weeks[k]
    results = []
    for keep_crews in (True, False):
        job, factors = _week_job(search, (k,), budget / 2, 0, keep_crews=keep_crews)
        result: WeekResult = search.runner.result(search.runner.submit(job, here=True))
        results.append(result)
        if result.served >= week.served:
            break
    best = max(results, key=lambda r: _score(search.instance, r.routes, r.served, factors)[0])
    return _Week(week.days, best.routes, best.served)


def regroup_seconds(time_limit: float, visits: int) -> float:
    """When the province plans are due, in seconds into a solve of `visits` feasible visits."""
    most = REGROUP_MOST_SECONDS if visits <= REGROUP_MOST_FOR_VISITS else REGROUP_SECONDS_PER_VISIT * visits
    return min(time_limit * 0.6, most)


def _regroup(search: _Search, deadline: float, end: float, early: Flight | None = None) -> None:
    """Plan the half-year again with each visit in the week the province plan gives it (see
    routing.assignment), and keep that plan if it is better than the week-by-week one.

    With worker processes a province plan is started beside the first plan (`early`) and, when
    MIN_REGROUP_SECONDS remain before `deadline` after it, one more with another seed; the better
    one is kept: on the demo, five such pairs at 60-120 s differed by 0.5-2.2 M won (of about 63 M).
    """
    search.phase = "regroup"
    served_in = {v: k for k, week in enumerate(search.weeks) for v in week.served}
    if search.runner.slots == 1:
        args = _province_args(search, deadline, end, served_in)
        made = _province_plan(search.instance, search.stopped, *args, search)
        _consider(search, made, end, served_in)
        return
    late = _send_province_plan(search, deadline, end, served_in, seed=search.options.seed + 1)
    plans = [_result(search, sent, beat=True) for sent in (early, late) if sent is not None]
    # the most visits first, then the cheapest: a plan short of it gets a second repair only if cheaper
    for made in sorted((p for p in plans if p), key=lambda p: (-_served_count(p), _plan_cost(search.instance, p))):
        _consider(search, made, end, served_in)


def _province_args(search: _Search, deadline: float, end: float, served_in: dict[int, int], seed: int = -1) -> tuple:
    options = search.options if seed < 0 else replace(search.options, seed=seed)
    return (search.feasible, options, search.started, deadline, end, served_in)


def _send_province_plan(
    search: _Search, deadline: float, end: float, served_in: dict[int, int], seed: int = -1
) -> Flight | None:
    if search.stopped() or deadline - time.monotonic() < MIN_REGROUP_SECONDS:
        return None
    return search.runner.call(_province_plan, *_province_args(search, deadline, end, served_in, seed))


def _province_plan(
    instance: Instance,
    stopped: Callable[[], bool],
    feasible: list[int],
    options: SolveOptions,
    started: float,
    deadline: float,
    end: float,
    served_in: dict[int, int],
    watcher: _Search | None = None,
) -> list[_Week] | None:
    """The half-year planned week by week, each visit offered in the week the province plan gives it
    (or `options.given_weeks`), then what it left out offered again (a task: it may run in a worker
    process). None when the province plan places nothing or the solve is stopped.

    The repair of what the new plan left out always gets its seconds (up to `end`): the weeks
    may overrun their share, and a plan one visit short is thrown away whole. `watcher`, when
    planned in the solve's own process, is the solve whose best plan progress keeps showing.
    """
    if deadline - time.monotonic() < MIN_REGROUP_SECONDS:
        return None
    calendar = weeks(instance)
    weight = {v: float(instance.problem.visits[v].priority) for v in feasible}
    if options.given_weeks is None:
        week_of = assign_weeks(instance, feasible, calendar, weight, options.fair)
    else:
        week_of = {v: k for v in feasible if (k := options.given_weeks.get(instance.problem.visits[v].id)) is not None}
    if not week_of:
        return None
    trial = _Search(instance, feasible, options, started, None, stopped, WeekRunner(instance), [], "regroup")
    if watcher is not None:
        trial.on_progress, trial.best = watcher.on_progress, watcher
    _first_pass(trial, deadline - REPAIR_SECONDS, week_of)
    _repair(trial, min(end, max(deadline, time.monotonic() + REPAIR_SECONDS)), served_in)
    return None if trial.stopped() or len(trial.weeks) < len(calendar) else trial.weeks


def _check_given_weeks(instance: Instance, given: Mapping[str, int] | None) -> None:
    """Every visit named is the problem's, and every week one of its half-year's."""
    if given is None:
        return
    count = len(weeks(instance))
    errors = [f"given_weeks: {v!r} is no visit of the problem" for v in given if v not in instance.visit_index]
    errors += [
        f"given_weeks[{v!r}]: week {k} is not one of the half-year's weeks 0-{count - 1}"
        for v, k in given.items()
        if not 0 <= k < count
    ]
    if errors:
        raise InputError(errors)


def _consider(search: _Search, made: list[_Week] | None, end: float, served_in: dict[int, int]) -> None:
    """Keep the province plan if it is better. A plan cheaper but still short gets a second, longer
    repair first: on the demo at 120 s a plan one visit short cost 68.8 M won against 60 M kept."""
    if made is None or search.stopped():
        return
    trial = replace(search, weeks=made, best=search)
    if len(trial.served()) < len(search.served()) and trial.cost() < search.cost():
        _repair(trial, min(end, time.monotonic() + SECOND_REPAIR_SECONDS), served_in, SECOND_REPAIR_TRY_SECONDS)
    if _dominates(search.instance, trial, search):
        search.weeks = trial.weeks
        search.report(len(search.weeks), len(search.weeks))


def _served_count(made: list[_Week]) -> int:
    return sum(len(week.served) for week in made)


def _plan_cost(instance: Instance, made: list[_Week]) -> float:
    routes = [r for week in made for r in week.routes]
    return kpis(instance, routes, set(), 0.0).cost


def _dominates(instance: Instance, new: _Search, old: _Search) -> bool:
    """At least as much priority and as many visits served, and more of either or the same for less.
    When capacity is short the province plan serves fewer requests, and far provinces least (1,300
    requests for three vans: 1,083 served, lowest province 0.63 of its requests): then the
    week-by-week plan stays."""
    (new_weight, new_minus_cost), (old_weight, old_minus_cost) = (
        _score(instance, s.routes(), s.served()) for s in (new, old)
    )
    new_count, old_count = len(new.served()), len(old.served())
    if new_weight < old_weight or new_count < old_count:
        return False
    return new_weight > old_weight or new_count > old_count or new_minus_cost > old_minus_cost


def _repair(
    search: _Search, deadline: float, served_in: dict[int, int], try_seconds: float = REPAIR_TRY_SECONDS
) -> None:
    """Offer each visit left open again to the weeks within its dates: first the week that served
    it in the earlier plan (`served_in`: tight company hours far away fit few weeks), then the latest.

    A week may take the visit in and push out another of no more worth: that one is offered again
    too, once. (On the demo a province plan one visit short came back from its repair one other
    visit short, the week having swapped one request of priority 1 for another.)"""
    calendar = [w.days for w in search.weeks]
    offered: set[int] = set()
    while (left := sorted(set(search.feasible) - search.served() - offered)) and not search.stopped():
        if time.monotonic() > deadline:
            return
        v = left[0]
        offered.add(v)
        visit = search.instance.problem.visits[v]
        weeks_in_dates = [
            k for k, days in enumerate(calendar) if any(visit.earliest_date <= d <= visit.latest_date for d in days)
        ]
        weeks_in_dates.sort(key=lambda k: (k != served_in.get(v), -k))
        for k in weeks_in_dates:
            if v in search.served() or search.stopped() or time.monotonic() > deadline:
                break
            budget = min(try_seconds, max(0.5, deadline - time.monotonic()))
            _improve_week(search, k, budget, 0)


def _first_pass(search: _Search, deadline: float, week_of: dict[int, int] | None = None) -> None:
    """Plan the weeks in order, in this process. With `week_of`, a week is offered only the visits
    given to it, those given to none, and those an earlier week could not fit; otherwise every
    open visit it may serve."""
    instance, calendar = search.instance, weeks(search.instance)
    open_visits = set(search.feasible)
    for k, week in enumerate(calendar):
        if search.stopped():
            break
        offered = open_visits if week_of is None else {v for v in open_visits if week_of.get(v, k) <= k}
        candidates = _candidates(instance, week, offered, calendar[k + 1 :])
        demand = [len(_candidates(instance, w, open_visits, [])) for w in calendar[k:]]
        budget = max(0.2, (deadline - time.monotonic()) * demand[0] / max(1, sum(demand)))
        value = _values(search, candidates, calendar[k + 1 :], _fairness(search, week[0]))
        job = WeekJob(week, trips_of_week(instance, week), candidates, value, budget, search.options.seed + k)
        result: WeekResult = search.runner.result(search.runner.submit(job, here=True))
        search.weeks.append(_Week(week, result.routes, result.served))
        open_visits -= result.served
        search.report(k + 1, len(calendar))


def _result(search: _Search, sent: Flight, beat: bool = False) -> Any:
    """The task's result once ready, or None if the solve is stopped first (the result is dropped).
    With `beat`, progress is reported while waiting, so a long task does not look stalled."""
    while not sent.future.done():
        if search.stopped():
            return None
        wait([sent.future], timeout=0.5)
        if beat:
            search.report(len(search.weeks), len(search.weeks))
    return search.runner.result(sent)


def _improve(search: _Search, deadline: float, only: set[int] | None = None) -> None:
    """Large-neighbourhood moves across the half-year: re-solve one week, or two neighbouring weeks
    at once, warm-started from their current routes, with the visits still open; keep the result
    only if it is better.

    A week alone either chooses its crews anew or keeps them and spends all its time on the routes.
    On the demo (12 weeks of a 60 s plan) each way improved other weeks, by about the same
    (0.6-0.9 M won in all); crews chosen anew also lost visits in 4 of 12 weeks, kept crews in 1.
    (In place of the kept-crews twin, a second choice of new crews whose first routing prices a
    night for four people, not a full van, ended 29 s of re-solves from eight saved province
    plans at 53.6 M won against 53.2 M; giving the weeks alone only 60% of the time and pairs
    the rest, 53.3 M.)
    Once the plan is complete a week alone can only reshuffle its own visits; two weeks together
    (crews kept) can move visits between them. On a 60 s plan whose weeks no longer improved alone
    (0.3 M won in 25 re-solves), the 25 pairs at 2 s each found 4.0 M (18 pairs better; with crews
    chosen anew 2.5 M, and 6 pairs lost visits). Rounds alternate: weeks alone, then pairs. From a
    fresh province plan, 60 s of re-solves (one process, two plans) gave about the same either way
    (58.1 M won weeks alone, 57.9 M pairs first): pairs pay once weeks alone stop improving.
    Tasks in flight are offered only open visits no task on other weeks was offered, and are
    judged in the order sent, so the same seed gives the same plan whichever process finishes first.

    With `only` (a re-plan's weeks, see _start_from) the other weeks stay as they are, the
    re-solves end after WARM_ROUNDS rounds, and new crews are taken only to serve more.
    """
    calendar = [w.days for w in search.weeks]
    search.phase = "improve"
    slots = search.runner.slots
    flight: deque[tuple[_Move, Flight, set[int], dict[str, float]]] = deque()
    turns = _turns(lambda: [len(week.served) for week in search.weeks], slots, only)
    round_ends: dict[int, float] = {}
    done = False
    while not search.stopped():
        remaining = deadline - time.monotonic()
        if calendar and remaining >= 1.0 and len(flight) < slots and not done:
            move = next(turns)
            if only is not None and move.round >= WARM_ROUNDS:
                done = True
                continue
            now = time.monotonic()
            if move.round not in round_ends:
                complete = len(search.served()) == len(search.feasible)
                warm = None if only is None else WARM_ROUNDS - move.round
                round_ends[move.round] = _round_end(move.round, now, deadline, complete, warm)
            round_end = round_ends[move.round]
            budget = _budget(move, slots, remaining, round_end - now)
            busy = set().union(*(offer for other, _, offer, _ in flight if other.weeks != move.weeks))
            job, factors = _week_job(search, move.weeks, budget, move.round, busy, move.keep_crews)
            flight.append((move, search.runner.submit(job), set(job.candidates), factors))
            continue
        if not flight:
            return
        move, sent, _, factors = flight.popleft()
        result = _result(search, sent)
        if result is None:
            return
        # a re-plan changes who rides, or a week it did not touch, only to serve more: each is a call to make
        for_cost = only is None or (move.keep_crews and only.issuperset(move.weeks))
        _keep_if_better(search, move.weeks, result, factors, for_cost=for_cost)
        search.report(move.weeks[-1] + 1, len(calendar))


@dataclass(frozen=True)
class _Move:
    """One re-solve of the improvement phase."""

    round: int
    weeks: tuple[int, ...]  # one week, or two neighbouring ones
    keep_crews: bool
    share: float  # of the seconds left in the round: its visits over those of the re-solves left


def _turns(sizes: Callable[[], list[int]], slots: int, only: set[int] | None = None) -> Iterator[_Move]:
    """The improvement phase's re-solves, forever: a round of weeks alone, then a round of pairs.

    Alone, one process alternates new and kept crews by round; with more, each week gets both.
    Pairs keep their crews, and go (0, 1), (2, 3) ... then (1, 2), (3, 4) ..., so that pairs in
    flight side by side do not share a week.

    Weeks alone come first: from two 60 s province plans (56.6 and 57.8 M won), 22 s of re-solves
    on two processes gave 55.0 and 55.6 M this way; 55.1 and 57.0 M with pairs first; 55.0 and 56.2 M
    first re-solving pairs of weeks 2-4 apart whose vans visit the same province; 55.3 and 56.2 M
    with only new crews in the first round.

    With `only`, the re-solves of those weeks alone, and of pairs with one of them.
    """
    rounds = 0
    while True:
        visits = sizes()
        count = len(visits)
        if rounds % 2 == 0:
            ways = (False, True) if slots > 1 else (rounds % 4 == 2,)
            moves = [((k,), keep) for k in range(count) for keep in ways]
        else:
            firsts = [*range(0, count - 1, 2), *range(1, count - 1, 2)]
            moves = [((k, k + 1), True) for k in firsts]
        if only is not None:  # the weeks alone; the pairs with one of them, for room next door,
            # also with new crews (an empty week has none to keep)
            moves = [(ks, keep) for ks, _ in moves for keep in (True, False) if only.intersection(ks)]
            moves = list(dict.fromkeys(moves))
        weight = [sum(max(1, visits[k]) for k in weeks_) for weeks_, _ in moves]
        for i, (weeks_, keep) in enumerate(moves):
            yield _Move(rounds, weeks_, keep, weight[i] / sum(weight[i:]))
        rounds += 1


def _round_end(
    round_: int, now: float, deadline: float, complete: bool = True, rounds_left: int | None = None
) -> float:
    """When a round of re-solves starting `now` should be over: the first, of weeks alone, after
    FIRST_ROUND_SHARE of the seconds left, so that a short solve's pairs of weeks get their turn
    (before, the first round took all of a 60 s or 120 s solve); later rounds at the deadline.

    Only when the plan serves every feasible visit: when capacity is short, pairs given that time
    served more visits, but of the provinces served best (1,300 requests for three vans, 120 s, seed
    3: 1,116 served, the lowest province at 0.86 of the national share, against 1,099 and 0.95).

    A re-plan's rounds (`rounds_left` of them) share the seconds left evenly."""
    if rounds_left is not None:
        return now + (deadline - now) / rounds_left
    share = FIRST_ROUND_SHARE if complete else 1.0
    return now + (deadline - now) * (share if round_ == 0 else 1.0)


def _budget(move: _Move, slots: int, remaining: float, left_in_round: float) -> float:
    """A re-solve's seconds: its share of what is left of its round, at least a little, at most
    IMPROVE_SECONDS a week.

    Seconds in proportion to the visits a week serves (at least LEAST_IMPROVE_SECONDS), not
    the same for every week (at least a second): from eight saved province plans of the demo,
    29 s of re-solves on two processes came to 53.2 M won on average against 54.0 M (each
    plan better; 2-3 runs of plans 1-4, one of plans 5-8). Full 60 s solves, seeds 1-6:
    53.1 M against 53.9 M, most of it from their province plans, which this does not touch.
    Weighing weeks by their cost instead of their visits gave 53.6 M (plans 1-4), by their
    visits to the power 1.5 53.7 M against 53.4 M (plans 5-8).
    """
    size = len(move.weeks)
    left = max(LEAST_IMPROVE_SECONDS, min(remaining, left_in_round))
    share = slots * left * move.share
    return min(IMPROVE_SECONDS * size, left, max(LEAST_IMPROVE_SECONDS * size, share))


def _improve_week(search: _Search, k: int, budget: float, rounds: int) -> None:
    job, factors = _week_job(search, (k,), budget, rounds)
    result = _result(search, search.runner.submit(job))
    if result is not None:
        _keep_if_better(search, (k,), result, factors)


def _week_job(
    search: _Search,
    ks: tuple[int, ...],
    budget: float,
    rounds: int,
    busy: set[int] | None = None,
    keep_crews: bool = False,
) -> tuple[WeekJob, dict[str, float]]:
    """The re-solve of weeks `ks` (one, or neighbours) as one: the visits they serve and the open
    ones (but those offered to other weeks in flight), warm-started from their routes; with the
    fairness factors its result is judged by."""
    instance = search.instance
    days = tuple(d for k in ks for d in search.weeks[k].days)
    served = set().union(*(search.weeks[k].served for k in ks))
    routes = [r for k in ks for r in search.weeks[k].routes]
    later = [w.days for w in search.weeks[ks[-1] + 1 :]]
    open_visits = set(search.feasible) - search.served() - (busy or set())
    candidates = sorted(served) + _candidates(instance, days, open_visits, later)
    # The plan is complete: every province's share is known, not only those of requests past their dates.
    factors = _fairness(search, None)
    value = _values(search, candidates, later, factors)
    trips = [trip for k in ks for trip in trips_of_week(instance, search.weeks[k].days)]
    initial = _sequences(instance, trips, routes)
    seed = search.options.seed + 1000 * (rounds + 1) + ks[0]
    crews = _crews(instance, trips, routes) if keep_crews else None
    return WeekJob(days, trips, candidates, value, budget, seed, initial, crews), factors


def _keep_if_better(
    search: _Search, ks: tuple[int, ...], result: WeekResult, factors: dict[str, float], for_cost: bool = True
) -> None:
    """Weeks ks become the re-solve's result if that scores better than they are now (only by
    serving more unless `for_cost`). A result serving a visit that another week has taken
    meanwhile is dropped: a visit is served once."""
    now = [search.weeks[k] for k in ks]
    served_now = set().union(*(week.served for week in now))
    if result.served & (search.served() - served_now):
        return
    routes_now = [r for week in now for r in week.routes]
    new = _score(search.instance, result.routes, result.served, factors)
    old = _score(search.instance, routes_now, served_now, factors)
    if new <= old or (not for_cost and new[0] <= old[0]):
        return
    index = search.instance.visit_index
    for k, week in zip(ks, now, strict=True):
        routes = [r for r in result.routes if r.date in week.days]
        search.weeks[k] = _Week(week.days, routes, {index[s.visit] for r in routes for s in r.stops})


def _crews(instance: Instance, trips: list, routes: list[Route]) -> list[tuple[str, ...]]:
    """Who rides in each trip of these routes and may still ride it (a re-plan's routes may name
    someone since fallen ill), in the problem's order of consultants."""
    riding = [{c for r in routes if r.van == trip.van and r.date in trip.days for c in r.crew} for trip in trips]
    people = instance.problem.consultants
    return [
        tuple(c.id for c in people if c.id in crew and can_ride(instance, c, trip))
        for crew, trip in zip(riding, trips, strict=True)
    ]


def _sequences(instance: Instance, trips: list, routes: list[Route]) -> list[list[int | Home]]:
    """Each trip's visits in the order its routes serve them, and its nights at home."""
    index = instance.visit_index
    sequences: list[list[int | Home]] = []
    for trip in trips:
        sequence: list[int | Home] = []
        for r in sorted(routes, key=lambda r: r.date):
            if r.van == trip.van and r.date in trip.days:
                sequence += [index[s.visit] for s in r.stops]
                day = trip.days.index(r.date)
                if r.end.kind == "depot" and day + 1 < len(trip.days):
                    sequence.append(Home(day + 1))
        sequences.append(sequence)
    return sequences


def _score(
    instance: Instance, routes: list[Route], served: set[int], factors: dict[str, float] | None = None
) -> tuple[float, float]:
    """Priority served first (weighed up for provinces behind, see _fairness), then lower cost, a
    preferred consultant missed counting as the routing counts it (UNWISHED_COST): judged by cost
    alone, each week's re-solve gave up wishes for a few km, 118 of 127 honoured falling to 114."""
    factors = factors or {}
    weight = sum(instance.problem.visits[v].priority * factors.get(instance.province[v], 1.0) for v in served)
    wished, honoured = _wishes(instance, routes)
    return weight, -(kpis(instance, routes, served, 0.0).cost + UNWISHED_COST * (wished - honoured))


def _wishes(instance: Instance, routes: list[Route]) -> tuple[int, int]:
    """Of the visits these routes serve: how many asked for preferred consultants, and how many got one."""
    teams = {s.visit: set(s.consultants) for r in routes for s in r.stops}
    asked = [v for v in instance.problem.visits if v.preferred_consultants and v.id in teams]
    return len(asked), sum(1 for v in asked if teams[v.id] & set(v.preferred_consultants))


def _candidates(instance: Instance, week: tuple[date, ...], open_visits: set[int], later: list) -> list[int]:
    """Open visits that may be served this week, the most urgent first, pinned ones always."""
    visits = instance.problem.visits
    fits = [v for v in sorted(open_visits) if any(visits[v].earliest_date <= d <= visits[v].latest_date for d in week)]
    fits.sort(key=lambda v: (visits[v].pinned is None, _weeks_left(instance, v, later), -visits[v].priority, v))
    return fits[:MAX_CANDIDATES]


def _weeks_left(instance: Instance, v: int, later: list[tuple[date, ...]]) -> int:
    visit = instance.problem.visits[v]
    return sum(1 for week in later if any(visit.earliest_date <= d <= visit.latest_date for d in week))


def _values(search: _Search, candidates: list[int], later: list, factors: dict[str, float]) -> dict[int, float]:
    """Priority, made urgent near the last chance, raised for provinces served below the nation."""
    instance = search.instance
    values = {}
    for v in candidates:
        left = _weeks_left(instance, v, later)
        urgency = 3.0 if left == 0 else 1.0 + 1.0 / (1 + left)
        values[v] = instance.problem.visits[v].priority * urgency * factors.get(instance.province[v], 1.0)
    return values


def _fairness(search: _Search, closed_before: date | None) -> dict[str, float]:
    """How much more each province's visits weigh, from its served share of the requests whose dates
    have passed (`closed_before`), or of all of them once the plan is complete (None); {} when not fair.

    Only shares count, not distance: weighing far visits up by their drive (tried: up to 2x at four
    hours) over-served the far south and left Seoul's few requests lowest (0.69 of 0.86 nationally).
    """
    if not search.options.fair:
        return {}
    visits, served = search.instance.problem.visits, search.served()
    closed = [i for i in search.feasible if closed_before is None or visits[i].latest_date < closed_before]
    return province_factors((search.instance.province[i], i in served) for i in closed)


def kpis(instance: Instance, routes: list[Route], served: set[int], seconds: float) -> Kpis:
    policy = instance.problem.policy
    driver = 1 if policy.driver_takes_seat else 0
    km = round(sum(r.drive_km for r in routes), 1)
    nights = sum(len(r.crew) + driver for r in routes if r.end.kind == "lodging")
    requested = sum(1 for v in instance.problem.visits if v.preferred_consultants)
    _, honoured = _wishes(instance, routes)
    return Kpis(
        visits_total=len(instance.problem.visits),
        visits_served=len(served),
        drive_km=km,
        person_nights=nights,
        cost=round(km * policy.cost_per_km + nights * policy.overnight.cost_per_person_night),
        solve_seconds=round(seconds, 1),
        preferred_requested=requested,
        preferred_honoured=honoured,
        served_share_by_province=_shares(instance, served),
    )


def kpis_for_plan(problem: Problem, plan: Plan, seconds: float) -> Kpis:
    """KPIs recomputed from a finished plan (after merging kept and new routes)."""
    instance = build_instance(resolve_locations(problem))
    served_ids = {s.visit for r in plan.routes for s in r.stops}
    served = {i for i, v in enumerate(problem.visits) if v.id in served_ids}
    return kpis(instance, list(plan.routes), served, seconds)


def _shares(instance: Instance, served: set[int]) -> dict[str, float]:
    totals: dict[str, list[int]] = {}
    for i, province in enumerate(instance.province):
        totals.setdefault(province, [0, 0])
        totals[province][0] += int(i in served)
        totals[province][1] += 1
    return {p: round(s / n, 3) for p, (s, n) in sorted(totals.items())}
