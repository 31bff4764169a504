"""Re-planning: apply a coordinator's changes and plan again from a date, keeping the past.

Routes before `freeze_until` are promises already kept or made; they are copied verbatim.
A van that is away overnight at the freeze date keeps its trip until it is home again, so
no van is ever teleported; the new plan starts from there. After it, the new plan starts
from the earlier one (routing.warm): weeks the changes leave intact stay as they were, so a
consultant falling ill moves the visits of their week, not the half-year's. `fresh` plans the
rest anew instead (a coordinator who wants the cheapest plan and will call everyone anyway).
"""

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from models import Plan, Problem, Route, Unassigned
from models.changes import Changes
from models.io import InputError, parse_document
from routing.check import check_plan
from routing.instance import build_instance
from routing.locate import resolve_locations
from routing.reasons import structural_reasons
from routing.solver import Progress, SolveOptions, kpis_for_plan, solve


def apply_changes(problem: Problem, changes: Changes) -> Problem:
    """The problem with visits added or cancelled and people or vans away; unknown ids are errors."""
    ids = {v.id for v in problem.visits}
    errors = [
        f"cancel_visits[{k}]: unknown visit '{vid}'" for k, vid in enumerate(changes.cancel_visits) if vid not in ids
    ]
    errors += [f"add_visits[{k}] ({v.id}): id already used" for k, v in enumerate(changes.add_visits) if v.id in ids]
    people = {c.id for c in problem.consultants}
    errors += [
        f"consultants_away[{k}]: unknown consultant '{a.consultant}'"
        for k, a in enumerate(changes.consultants_away)
        if a.consultant not in people
    ]
    vans = {v.id for v in problem.vans}
    errors += [f"vans_out[{k}]: unknown van '{o.van}'" for k, o in enumerate(changes.vans_out) if o.van not in vans]
    if errors:
        raise InputError(errors)
    cancelled = set(changes.cancel_visits)
    kept = tuple(v for v in problem.visits if v.id not in cancelled)
    changed = problem.model_copy(
        update={
            "visits": kept + changes.add_visits,
            "consultants": tuple(_away(c, changes) for c in problem.consultants),
            "vans": tuple(_out(v, changes) for v in problem.vans),
        }
    )
    return _valid(changed, len(kept))


def _valid(changed: Problem, kept: int) -> Problem:
    """The changed problem keeps the contract's rules (two new visits under one id, a pin to a
    van that does not exist, a wish for an unknown consultant); an added visit's error is named
    as the request's `add_visits[k]`."""
    try:
        return parse_document(changed.model_dump(mode="json"), Problem)
    except InputError as error:
        raise InputError([_as_added(line, kept) for line in error.messages]) from None


def _as_added(line: str, kept: int) -> str:
    def rename(found: re.Match[str]) -> str:
        index = int(found[1])
        return f"add_visits[{index - kept}]" if index >= kept else found[0]

    return re.sub(r"\bvisits\[(\d+)\]", rename, line)


def freeze_errors(problem: Problem, freeze_until: date, field: str = "freeze_until") -> list[str]:
    """A freeze date after the horizon would keep every route and plan nothing: a slip of the year."""
    end = problem.horizon.end
    if freeze_until > end:
        return [f"{field}: {freeze_until} is after the horizon's last day {end}; nothing would be left to plan"]
    return []


def _days(start: date, end: date) -> tuple[date, ...]:
    return tuple(start + timedelta(days=k) for k in range((end - start).days + 1))


def _away(consultant, changes: Changes):  # type: ignore[no-untyped-def]
    extra = [d for a in changes.consultants_away if a.consultant == consultant.id for d in _days(a.start, a.end)]
    return consultant.model_copy(update={"unavailable_dates": tuple(sorted({*consultant.unavailable_dates, *extra}))})


def _out(van, changes: Changes):  # type: ignore[no-untyped-def]
    extra = [d for o in changes.vans_out if o.van == van.id for d in _days(o.start, o.end)]
    return van.model_copy(update={"unavailable_dates": tuple(sorted({*van.unavailable_dates, *extra}))})


def frozen_routes(previous: Plan, freeze_until: date) -> list[Route]:
    """Routes before the freeze date, plus each van's overnight trip that is still under way."""
    by_van: dict[str, list[Route]] = {}
    for route in sorted(previous.routes, key=lambda r: r.date):
        by_van.setdefault(route.van, []).append(route)
    kept: list[Route] = []
    for routes in by_van.values():
        out_overnight = False
        for route in routes:
            if route.date < freeze_until or out_overnight:
                kept.append(route)
                out_overnight = route.end.kind == "lodging"
    return kept


def replan(
    problem: Problem,
    previous: Plan,
    freeze_until: date,
    options: SolveOptions | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    fresh: bool = False,
) -> Plan:
    """A new plan for the (already changed) problem that keeps every route before `freeze_until`,
    and after it as much of the earlier plan as still holds (all of it planned anew if `fresh`)."""
    problem = resolve_locations(problem)
    if errors := freeze_errors(problem, freeze_until):
        raise InputError(errors)
    if conflicts := frozen_conflicts(problem, previous, freeze_until):
        raise InputError(conflicts)
    kept = frozen_routes(previous, freeze_until)
    rest = _remaining_problem(problem, kept, freeze_until)
    options = options or SolveOptions()
    if not fresh:
        days_kept = {(r.van, r.date) for r in kept}
        start = tuple(r for r in previous.routes if r.date >= freeze_until and (r.van, r.date) not in days_kept)
        options = replace(options, start=start)
    new = solve(rest, options, on_progress=on_progress, should_stop=should_stop)
    routes = sorted([*kept, *new.routes], key=lambda r: (r.date, r.van))
    unassigned = _reasons_of_the_problem(problem, freeze_until, new.unassigned)
    plan = Plan(problem=problem.name, routes=tuple(routes), unassigned=unassigned, kpis=new.kpis)
    return plan.model_copy(update={"kpis": kpis_for_plan(problem, plan, new.kpis.solve_seconds)})


def _reasons_of_the_problem(
    problem: Problem, freeze_until: date, unassigned: tuple[Unassigned, ...]
) -> tuple[Unassigned, ...]:
    """Reasons as facts of the whole problem, not of the part left after the freeze date: a Jeju
    visit stays UNREACHABLE, and a visit that only the freeze shuts out (its dates have passed,
    its days are taken by kept routes) is the plan's admission, CAPACITY, saying so."""
    facts = structural_reasons(build_instance(problem))
    honest = []
    for entry in unassigned:
        if entry.visit in facts:
            honest.append(facts[entry.visit])
        elif entry.reason != "CAPACITY":
            detail = f"not to be planned from the freeze date {freeze_until} on: {entry.detail}"
            honest.append(Unassigned(visit=entry.visit, reason="CAPACITY", detail=detail))
        else:
            honest.append(entry)
    return tuple(honest)


def frozen_conflicts(problem: Problem, previous: Plan, freeze_until: date) -> list[str]:
    """What the changes break in the routes kept before the freeze date (a consultant now away on
    a kept day, a kept visit cancelled): those are promises, so the re-plan is refused, naming them."""
    conflicts = _kept_conflicts(problem, previous, frozen_routes(previous, freeze_until))
    return [f"the frozen part of the plan no longer holds: {c}" for c in conflicts[:20]]


def _kept_conflicts(problem: Problem, previous: Plan, kept: list[Route]) -> list[str]:
    """The kept routes checked on their own against the changed problem (e.g. a consultant now ill)."""
    served = {s.visit for r in kept for s in r.stops}
    known = {v.id for v in problem.visits}
    cancelled = [f"visit {vid} is in the frozen part and cannot be cancelled" for vid in sorted(served - known)]
    sub = problem.model_copy(update={"visits": tuple(v for v in problem.visits if v.id in served)})
    frozen = previous.model_copy(update={"routes": tuple(kept), "unassigned": ()})
    kept_check = check_plan(sub, frozen, crews_over_nights=False)  # crews changed at lodgings: past promises
    return cancelled + [c for c in kept_check if "unknown id" not in c]


def _remaining_problem(problem: Problem, kept: list[Route], freeze_until: date) -> Problem:
    """What is left to plan: unserved visits, from the freeze date, without the kept van-days."""
    served = {s.visit for r in kept for s in r.stops}
    busy_vans = {(r.van, r.date) for r in kept}
    busy_people = {(c, r.date) for r in kept for c in r.crew}
    start = max(problem.horizon.start, freeze_until)
    return problem.model_copy(
        update={
            "horizon": problem.horizon.model_copy(update={"start": start}),
            "visits": tuple(v for v in problem.visits if v.id not in served),
            "vans": tuple(
                v.model_copy(
                    update={
                        "unavailable_dates": tuple(
                            sorted({*v.unavailable_dates, *(d for van, d in busy_vans if van == v.id)})
                        )
                    }
                )
                for v in problem.vans
            ),
            "consultants": tuple(
                c.model_copy(
                    update={
                        "unavailable_dates": tuple(
                            sorted({*c.unavailable_dates, *(d for p, d in busy_people if p == c.id)})
                        )
                    }
                )
                for c in problem.consultants
            ),
        }
    )
