"""What runs in a worker process: one job, from its row to its plan or comparison.

The dispatcher starts `run_job` in a fresh (spawned) process per job, so a solve never blocks
the web process and a crash takes down only its own job.
"""

import sys
import traceback
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from api.cancel import CancelFlag
from api.db import Database
from api.queue import finish, set_progress
from api.store import add_plan, plan_of, problem_of
from api.tables import JobRow, PlanRow, ScenarioRow
from api.tasks import Batch, run_batch
from models import Plan, Problem
from models.changes import Changes
from models.io import InputError
from routing.check import check_plan
from routing.diff import plan_diff
from routing.locate import resolve_locations
from routing.replan import apply_changes, replan
from routing.solver import Progress, SolveOptions, solve
from views.messages import with_korean


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    scenario_id: int
    params: dict[str, Any]
    processes: int = 1  # for the solver's weeks side by side (routing.parallel)


class Context:
    """What a job's handler needs: the database, progress reporting and the cancel flag."""

    def __init__(self, db: Database, job: Job) -> None:
        self.db = db
        self.job = job
        self.should_stop = CancelFlag(db.url, job.id)

    def progress(self, progress: Progress | dict[str, Any]) -> None:
        values = asdict(progress) if isinstance(progress, Progress) else progress
        with self.db.transaction() as session:
            set_progress(session, self.job.id, values)

    def final_status(self) -> str:
        """Cancelled when a cancel was asked before the job ended (it kept the best so far), else done.
        Asked before the job's last write transaction opens: the flag reads the database on a
        connection of its own, which a SQLite write lock would keep waiting."""
        return "cancelled" if self.should_stop.read_now() else "done"


def run_job(database_url: str, job_id: int, processes: int = 1) -> None:
    """The worker process's entry point: run the job and record how it ended.

    `processes`: how many processes this job's solve may plan weeks in (its share of the cores).
    """
    db = Database(database_url)
    try:
        with db.transaction() as session:
            row = session.get_one(JobRow, job_id)
            job = Job(row.id, row.kind, row.scenario_id, row.params, processes)
        context = Context(db, job)
        try:
            HANDLERS[job.kind](context)
        except InputError as error:
            _fail(db, job_id, "\n".join(with_korean(line) for line in error.messages))  # read on pages
        except Exception as error:  # a bug: keep the worker's traceback in its log, the gist in the job
            traceback.print_exc(file=sys.stderr)
            _fail(db, job_id, f"{type(error).__name__}: {error}")
        finally:
            context.should_stop.close()
    finally:
        db.dispose()


def _fail(db: Database, job_id: int, message: str) -> None:
    with db.transaction() as session:
        finish(session, job_id, "failed", error=message)


def _options(job: Job) -> SolveOptions:
    time_limit, seed = float(job.params["time_limit"]), int(job.params.get("seed", 0))
    return SolveOptions(time_limit=time_limit, seed=seed, processes=job.processes)


def _violations(problem: Problem, plan: Plan) -> list[str]:
    return check_plan(resolve_locations(problem), plan)


def _solve(context: Context) -> None:
    job = context.job
    with context.db.transaction() as session:
        problem = Problem.model_validate(session.get_one(ScenarioRow, job.scenario_id).problem)
    plan = solve(problem, _options(job), on_progress=context.progress, should_stop=context.should_stop)
    result = {"violations": _violations(problem, plan)}
    status = context.final_status()
    with context.db.transaction() as session:
        row = add_plan(session, job.scenario_id, plan)
        finish(session, job.id, status, plan_id=row.id, result={"plan": row.id, **result})


def _replan(context: Context) -> None:
    job = context.job
    base_id = int(job.params["base_plan"])
    with context.db.transaction() as session:
        base = session.get_one(PlanRow, base_id)
        problem, previous, own_problem = problem_of(session, base), plan_of(base), base.problem is not None
    changes = Changes.model_validate(job.params.get("changes", {}))
    changed = apply_changes(problem, changes)
    freeze = date.fromisoformat(job.params["freeze_until"])
    fresh = bool(job.params.get("fresh", False))
    plan = replan(changed, previous, freeze, _options(job), context.progress, context.should_stop, fresh)
    diff = plan_diff(previous, plan).model_dump(mode="json")
    result = {"base_plan": base_id, "violations": _violations(changed, plan), "diff": diff}
    status = context.final_status()
    with context.db.transaction() as session:
        keep = changed if own_problem or changes != Changes() else None
        row = add_plan(session, job.scenario_id, plan, problem=keep, parent_plan_id=base_id)
        finish(session, job.id, status, plan_id=row.id, result={"plan": row.id, **result})


def _whatif(context: Context) -> None:
    job = context.job
    with context.db.transaction() as session:
        problem = session.get_one(ScenarioRow, job.scenario_id).problem
    variants = job.params["variants"]
    batch = Batch(problem, variants, float(job.params["time_limit"]), int(job.params.get("seed", 0)))

    def report(done: int) -> None:
        context.progress({"variants_done": done, "variants": len(variants)})

    outcome = run_batch(batch, (context.db.url, job.id), context.should_stop, report)
    comparison = [row for row in outcome.rows if row is not None]
    result = {"comparison": comparison, "backend": outcome.backend, "workers": outcome.workers}
    status = context.final_status()
    with context.db.transaction() as session:
        finish(session, job.id, status, result=result)


HANDLERS = {"solve": _solve, "replan": _replan, "whatif": _whatif}
