"""Reading and writing scenarios and plans; documents go in and out as the contract's models."""

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, defer

from api.tables import PlanRow, ScenarioRow
from models import Plan, Problem


def document(model: Problem | Plan) -> dict[str, Any]:
    return model.model_dump(mode="json")


def add_scenario(session: Session, problem: Problem) -> ScenarioRow:
    row = ScenarioRow(name=problem.name, problem=document(problem))
    session.add(row)
    session.flush()
    return row


def add_plan(
    session: Session,
    scenario_id: int,
    plan: Plan,
    *,
    problem: Problem | None = None,
    parent_plan_id: int | None = None,
) -> PlanRow:
    row = PlanRow(
        scenario_id=scenario_id,
        plan=document(plan),
        problem=document(problem) if problem is not None else None,
        parent_plan_id=parent_plan_id,
    )
    session.add(row)
    session.flush()
    return row


def problem_of(session: Session, plan: PlanRow) -> Problem:
    """The problem the plan answers: its own (a re-plan with changes) or its scenario's."""
    raw = plan.problem
    if raw is None:
        raw = session.get_one(ScenarioRow, plan.scenario_id).problem
    return Problem.model_validate(raw)


def plan_of(row: PlanRow) -> Plan:
    return Plan.model_validate(row.plan)


def bump_version(session: Session, plan_id: int, expected: int) -> bool:
    """Compare-and-set: only one of two writers holding the same version gets through."""
    changed = session.execute(
        update(PlanRow).where(PlanRow.id == plan_id, PlanRow.version == expected).values(version=expected + 1)
    )
    return changed.rowcount == 1  # type: ignore[attr-defined]


def publish(session: Session, plan: PlanRow, expected: int) -> bool:
    """Make `plan` its scenario's one published plan; False when its version moved meanwhile."""
    if not bump_version(session, plan.id, expected):
        return False
    session.execute(
        update(PlanRow)
        .where(PlanRow.scenario_id == plan.scenario_id, PlanRow.published, PlanRow.id != plan.id)
        .values(published=False, version=PlanRow.version + 1)
    )
    session.flush()  # unpublish before publishing: the unique index is checked row by row
    session.execute(update(PlanRow).where(PlanRow.id == plan.id).values(published=True))
    session.refresh(plan)
    return True


def published_plan(session: Session, scenario_id: int | None = None) -> PlanRow | None:
    """The scenario's published plan; without a scenario, that of the newest scenario that has one."""
    # The documents load only when used: a page whose parsed plan is cached never reads them.
    query = select(PlanRow).options(defer(PlanRow.plan), defer(PlanRow.problem)).where(PlanRow.published)
    if scenario_id is not None:
        query = query.where(PlanRow.scenario_id == scenario_id)
    return session.scalars(query.order_by(PlanRow.scenario_id.desc()).limit(1)).first()
