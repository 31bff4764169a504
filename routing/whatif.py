"""What-if planning: a variant is a copy of the scenario with some resources or rules changed,
never an edited original; the comparison puts the variants' plans side by side in numbers."""

from collections import Counter

from models import Consultant, Plan, Problem, Van
from models.changes import Variant
from models.io import InputError, parse_document


def apply_variant(problem: Problem, variant: Variant) -> Problem:
    """The scenario as the variant describes it."""
    update: dict = {}
    if variant.vans is not None:
        update["vans"] = _fleet(problem.vans, variant.vans)
    consultants = _team(problem, variant)
    if consultants != problem.consultants:
        update["consultants"] = consultants
    if variant.overnight_allowed is not None:
        overnight = problem.policy.overnight.model_copy(update={"allowed": variant.overnight_allowed})
        update["policy"] = problem.policy.model_copy(update={"overnight": overnight})
    if variant.workday is not None:
        policy = update.get("policy", problem.policy)
        update["policy"] = policy.model_copy(update={"workday": variant.workday})
    if variant.horizon is not None:
        update["horizon"] = problem.horizon.model_copy(
            update={"start": variant.horizon.start, "end": variant.horizon.end}
        )
    return _checked(problem.model_copy(update=update), variant)


def _checked(varied: Problem, variant: Variant) -> Problem:
    """The varied problem keeps the contract's rules too (a consultant added twice, a pinned visit
    whose consultant was removed): its errors name the variant."""
    try:
        return parse_document(varied.model_dump(mode="json"), Problem)
    except InputError as error:
        raise InputError([f"variant '{variant.name}': {line}" for line in error.messages]) from None


def _fleet(vans: tuple[Van, ...], count: int) -> tuple[Van, ...]:
    """Fewer vans drop the last ones; more vans are copies of the first, with no maintenance days."""
    if count <= len(vans):
        return vans[:count]
    extra = [
        vans[0].model_copy(update={"id": f"{vans[0].id}+{k}", "unavailable_dates": ()})
        for k in range(1, count - len(vans) + 1)
    ]
    return (*vans, *extra)


def _team(problem: Problem, variant: Variant) -> tuple[Consultant, ...]:
    known = {c.id for c in problem.consultants}
    unknown = [cid for cid in variant.remove_consultants if cid not in known]
    if unknown:
        raise InputError(
            [f"variant '{variant.name}'.remove_consultants: unknown consultant '{cid}'" for cid in unknown]
        )
    kept = tuple(c for c in problem.consultants if c.id not in set(variant.remove_consultants))
    return kept + variant.add_consultants + _extra(problem, variant.extra_consultants)


def _extra(problem: Problem, count: int) -> tuple[Consultant, ...]:
    """Extra consultants hold the skills most asked for, in pairs, as a recruiter would look for them."""
    demand = Counter(skill for v in problem.visits for skill in v.skills).most_common()
    if not demand:
        return ()
    extra = []
    for k in range(count):
        pair = tuple(skill for skill, _ in (demand[(2 * k) % len(demand)], demand[(2 * k + 1) % len(demand)]))
        extra.append(Consultant(id=f"NEW-{k + 1}", name=f"추가 컨설턴트 {k + 1}", skills=tuple(dict.fromkeys(pair))))
    return tuple(extra)


def comparison_row(variant: Variant, problem: Problem, plan: Plan) -> dict:
    """One column of the side-by-side: served (total and by province), km, nights, cost, utilisation."""
    k = plan.kpis
    return {
        "variant": variant.name,
        "vans": len(problem.vans),
        "consultants": len(problem.consultants),
        "visits_total": k.visits_total,
        "visits_served": k.visits_served,
        "served_share": round(k.visits_served / max(1, k.visits_total), 3),
        "served_share_by_province": k.served_share_by_province or {},
        "drive_km": k.drive_km,
        "person_nights": k.person_nights,
        "cost": k.cost,
        "consultant_utilisation": utilisation(problem, plan),
        "unassigned_by_reason": dict(Counter(u.reason for u in plan.unassigned)),
    }


def utilisation(problem: Problem, plan: Plan) -> float:
    """Share of consultant working days spent on the road."""
    from routing.calendar import working_days

    days = working_days(problem.horizon)
    available = sum(1 for c in problem.consultants for d in days if d not in c.unavailable_dates)
    riding = sum(len(r.crew) for r in plan.routes)
    return round(riding / available, 3) if available else 0.0
