"""The `movable` command: import, demo, solve, re-plan, check and map a half-year plan."""

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from models import Plan, Problem
from models.io import InputError, dump_document, load_plan, load_problem, parse_document, read_json
from views.messages import with_korean

app = typer.Typer(help="Movable: half-year plans for consultant vans (컨설턴트 차량 반기 계획).", no_args_is_help=True)
out = Console()
err = Console(stderr=True)
T = TypeVar("T")


def _guarded(action: Callable[[], T]) -> T:
    """Bad input is the user's to fix: print what is wrong and exit 2, never a traceback."""
    try:
        return action()
    except InputError as error:
        err.print("[bold red]입력 오류 (input error):[/]")
        for line in error.messages:
            err.print(f"  - {with_korean(line)}", markup=False, highlight=False)
        raise typer.Exit(2) from None


def _output_to(output: Path, option: str = "-o") -> Path:
    """Refuse, before any work, an output path that cannot be written: a solve of minutes would
    otherwise end in an error and its plan be lost."""
    if output.is_dir():
        example = output / "plan.json"
        raise InputError([f"{option} {output}: 폴더입니다 (is a folder): give a file name, e.g. {example}"])
    folder = output.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        raise InputError([f"{option} {output}: {folder}: 폴더가 아닌 파일입니다 (is a file, not a folder)"])
    if not os.access(folder, os.W_OK) or (output.exists() and not os.access(output, os.W_OK)):
        raise InputError([f"{option} {output}: 쓸 수 없습니다 (cannot be written here)"])
    return output


def _write(output: Path, write: Callable[[Path], None]) -> None:
    def attempt() -> None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            write(output)
        except OSError as error:
            raise InputError([f"-o {output}: 쓸 수 없습니다 (cannot write: {error.strerror or error})"]) from None

    _guarded(attempt)


def _write_text(output: Path, text: str) -> None:
    _write(output, lambda path: path.write_text(text, encoding="utf-8"))


@app.command()
def solve(
    problem_path: Annotated[Path, typer.Argument(metavar="PROBLEM", help="problem JSON")],
    output: Annotated[Path, typer.Option("-o", "--output", help="where to write the plan JSON")],
    time_limit: Annotated[float, typer.Option("--time-limit", min=1, help="seconds")] = 60.0,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    processes: Annotated[
        int | None,
        typer.Option("--processes", min=1, help="processes planning weeks side by side; default: the cores, up to 4"),
    ] = None,
) -> None:
    """Plan the whole horizon: routes, crews, teams, and a reason for every visit left out."""
    from routing.locate import resolve_locations
    from routing.parallel import default_processes
    from routing.solver import SolveOptions
    from routing.solver import solve as run

    _guarded(lambda: _output_to(output))
    problem = _guarded(lambda: resolve_locations(load_problem(problem_path)))
    options = SolveOptions(time_limit=time_limit, seed=seed, processes=processes or default_processes())
    plan = _guarded(lambda: _solve_with_bar(problem, options, run))
    _write_text(output, dump_document(plan))
    _summary(plan)
    _refuse_violations(problem, plan)
    out.print(f"plan written to {output}")


def _refuse_violations(problem: Problem, plan: Plan) -> None:
    """A solver bug: say so loudly rather than hand out a broken plan."""
    from routing.check import check_plan

    violations = check_plan(problem, plan)
    if violations:
        err.print(f"[bold red]{len(violations)} rule violations in the plan (a bug, please report):[/]")
        for line in violations[:50]:
            err.print(f"  - {line}", markup=False)
        raise typer.Exit(1)


@app.command()
def replan(
    problem_path: Annotated[Path, typer.Argument(metavar="PROBLEM", help="problem JSON the plan was made for")],
    plan_path: Annotated[Path, typer.Argument(metavar="PLAN", help="the earlier plan JSON")],
    freeze: Annotated[str, typer.Option("--freeze", help="first date that may change (YYYY-MM-DD)")],
    output: Annotated[Path, typer.Option("-o", "--output", help="where to write the new plan JSON")],
    changes_path: Annotated[
        Path | None,
        typer.Option("--changes", help="changes JSON: add_visits, cancel_visits, consultants_away, vans_out"),
    ] = None,
    time_limit: Annotated[float, typer.Option("--time-limit", min=1, help="seconds")] = 60.0,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    fresh: Annotated[bool, typer.Option("--fresh", help="plan everything after the freeze date anew")] = False,
) -> None:
    """Plan again from a date: every route before it kept, and after it what the changes leave intact."""
    from models.changes import Changes
    from routing.diff import plan_diff
    from routing.locate import resolve_locations
    from routing.parallel import default_processes
    from routing.replan import apply_changes, freeze_errors
    from routing.replan import replan as run
    from routing.solver import SolveOptions

    _guarded(lambda: _output_to(output))
    problem = _guarded(lambda: resolve_locations(load_problem(problem_path)))
    previous = _guarded(lambda: load_plan(plan_path))
    day = _guarded(lambda: _date("--freeze", freeze))
    _guarded(lambda: _no_errors(freeze_errors(problem, day, "--freeze")))
    changes = Changes() if changes_path is None else _guarded(lambda: parse_document(read_json(changes_path), Changes))
    changed = _guarded(lambda: resolve_locations(apply_changes(problem, changes)))
    options = SolveOptions(time_limit=time_limit, seed=seed, processes=default_processes())

    def plan_again(problem: Problem, options: SolveOptions, on_progress: Callable) -> Plan:
        return run(problem, previous, day, options, on_progress, fresh=fresh)

    plan = _guarded(lambda: _solve_with_bar(changed, options, plan_again))
    _write_text(output, dump_document(plan))
    _summary(plan)
    diff = plan_diff(previous, plan)
    moved = sum(1 for c in diff.visits if c.change != "added")
    out.print(f"바뀐 방문 visits changed: {moved}; 연락할 컨설턴트 consultants to tell: {len(diff.consultants)}")
    _refuse_violations(changed, plan)
    out.print(f"plan written to {output}")


PHASES = {
    "first plan": "첫 계획 first plan",
    "start": "이전 계획에서 from the earlier plan",
    "regroup": "권역 재편 regroup",
    "improve": "개선 improve",
    "done": "완료 done",
}


def _solve_with_bar(problem: Problem, options, run) -> Plan:  # type: ignore[no-untyped-def]
    columns = [
        TextColumn("[bold]계획 중 planning"),
        BarColumn(),
        TextColumn("{task.fields[phase]} week {task.fields[week]}"),
        TextColumn("served {task.fields[served]}/{task.fields[feasible]}"),
        TextColumn("cost ₩{task.fields[cost]:,.0f}"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=err, transient=False) as bar:
        task = bar.add_task("solve", total=options.time_limit, served=0, feasible=0, cost=0.0, phase="", week="")

        def report(p) -> None:  # type: ignore[no-untyped-def]
            # The bar is the time used: an anytime solver goes on improving until its limit.
            week, phase = f"{p.weeks_done}/{p.weeks}", PHASES.get(p.phase, p.phase)
            fields = {"served": p.served, "feasible": p.feasible, "cost": p.cost, "phase": phase, "week": week}
            used = options.time_limit if p.phase == "done" else min(p.seconds, options.time_limit)
            bar.update(task, completed=used, **fields)

        return run(problem, options, on_progress=report)


def _summary(plan: Plan) -> None:
    k = plan.kpis
    table = Table(title=f"{plan.problem}", show_header=False)
    table.add_row("방문 served / total", f"{k.visits_served} / {k.visits_total}")
    table.add_row("주행 drive km", f"{k.drive_km:,.1f}")
    table.add_row("숙박 person-nights", str(k.person_nights))
    table.add_row("비용 cost (₩)", f"{k.cost:,.0f}")
    if k.preferred_requested:
        table.add_row("담당 연속성 preferred honoured", f"{k.preferred_honoured} / {k.preferred_requested}")
    table.add_row("경로 van-days", str(len(plan.routes)))
    reasons: dict[str, int] = {}
    for u in plan.unassigned:
        reasons[u.reason] = reasons.get(u.reason, 0) + 1
    for reason, n in sorted(reasons.items()):
        table.add_row(f"미배정 unassigned {reason}", str(n))
    table.add_row("시간 solve seconds", f"{k.solve_seconds}")
    out.print(table)


@app.command()
def check(
    problem_path: Annotated[Path, typer.Argument(metavar="PROBLEM")],
    plan_path: Annotated[Path, typer.Argument(metavar="PLAN")],
) -> None:
    """Verify every plan rule of the contract; exit 1 if any is broken."""
    from routing.check import check_plan
    from routing.locate import resolve_locations

    problem = _guarded(lambda: resolve_locations(load_problem(problem_path)))
    plan = _guarded(lambda: load_plan(plan_path))
    violations = check_plan(problem, plan)
    for line in violations:
        out.print(f"- {line}", markup=False, highlight=False)
    out.print(f"{len(violations)} violations")
    if violations:
        raise typer.Exit(1)


@app.command("import")
def import_(
    visits: Annotated[Path, typer.Option("--visits", help="visit requests (.csv or .xlsx)")],
    consultants: Annotated[Path, typer.Option("--consultants", help="consultants (.csv or .xlsx)")],
    vans: Annotated[Path, typer.Option("--vans", help="vans (.csv or .xlsx)")],
    start: Annotated[str, typer.Option("--start", help="first day, YYYY-MM-DD")],
    end: Annotated[str, typer.Option("--end", help="last day, YYYY-MM-DD")],
    output: Annotated[Path, typer.Option("-o", "--output")],
    name: Annotated[str | None, typer.Option("--name")] = None,
) -> None:
    """Build a problem from the spreadsheets coordinators keep (Korean or English headers)."""
    from movable.importing import import_problem

    _guarded(lambda: _output_to(output))
    first, last = _guarded(lambda: (_date("--start", start), _date("--end", end)))
    problem = _guarded(lambda: import_problem(visits, consultants, vans, first, last, name=name))
    _write_text(output, dump_document(problem))
    out.print(
        f"{len(problem.visits)} visits, {len(problem.consultants)} consultants, {len(problem.vans)} vans → {output}"
    )


def _no_errors(errors: list[str]) -> None:
    if errors:
        raise InputError(errors)


def _date(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError([f"{option}: '{text}' is not a date (YYYY-MM-DD)"]) from None


@app.command()
def demo(
    output: Annotated[Path, typer.Option("-o", "--output")],
    visits: Annotated[int, typer.Option("--visits", min=1, max=20000)] = 850,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    vans: Annotated[int, typer.Option("--vans", min=1, max=50)] = 3,
    consultants: Annotated[int | None, typer.Option("--consultants", min=1, max=500)] = None,
) -> None:
    """Write a realistic Movable KOTRA half-year problem, the same for the same seed."""
    from movable.demo import make_demo

    _guarded(lambda: _output_to(output))
    problem = make_demo(visits=visits, seed=seed, vans=vans, consultants=consultants)
    _write_text(output, dump_document(problem))
    out.print(f"{len(problem.visits)} visits → {output}")


@app.command("map")
def map_(
    plan_path: Annotated[Path, typer.Argument(metavar="PLAN")],
    output: Annotated[Path, typer.Option("-o", "--output")],
) -> None:
    """Draw the plan: a layer per van, routes as lines, stops with popups."""
    from maps.overview import plan_map
    from maps.render import save_page

    _guarded(lambda: _output_to(output))
    plan = _guarded(lambda: load_plan(plan_path))
    depot = next(((r.start.lat, r.start.lon) for r in plan.routes if r.start.kind == "depot"), None)
    _write(output, lambda path: save_page(plan_map(plan, depot=depot), path))  # with vendor/ beside it: offline
    out.print(f"map → {output}")


bench_app = typer.Typer(help="Public benchmarks of the routing core.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("solomon")
def bench_solomon(
    instance_path: Annotated[Path, typer.Argument(metavar="FILE", help="a Solomon or Gehring-Homberger instance")],
    time_limit: Annotated[float, typer.Option("--time-limit", min=0.1)] = 10.0,
    routes_out: Annotated[Path | None, typer.Option("--routes-out", help="write the routes, Solomon style")] = None,
) -> None:
    """Solve a VRPTW instance with the solver's own routing search; print the distance (DIMACS)."""
    from routing.vrptw import read_instance, route_distance, write_solution
    from routing.vrptw import solve as solve_vrptw

    try:
        instance = read_instance(instance_path)
    except (OSError, ValueError) as error:
        err.print(f"[bold red]{instance_path}: {error}[/]")
        raise typer.Exit(2) from None
    if routes_out is not None:
        _guarded(lambda: _output_to(routes_out, "--routes-out"))
    routes = solve_vrptw(instance, time_limit)
    distance = route_distance(instance, routes)
    if routes_out is not None:
        write_solution(routes, routes_out, distance)
    out.print(f"{instance_path.name}: {len(routes)} routes, distance {distance:.1f}")


DbOption = Annotated[
    str | None, typer.Option("--db", help="database URL (default: DATABASE_URL, else SQLite at var/movable.db)")
]


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="solves at once, each in its own process")] = 1,
    seed_demo: Annotated[
        Path | None, typer.Option("--seed-demo", metavar="PLAN", help="demo: load this plan if the database is empty")
    ] = None,
    demo_problem: Annotated[Path, typer.Option("--demo-problem")] = Path("data/demo-problem.json"),
) -> None:
    """Serve the API (/docs) and the pages; solves, re-plans and what-ifs run in worker processes."""
    import uvicorn

    from api.app import create_app
    from api.settings import Settings, database_url

    url = _guarded(lambda: _database_url(database_url(db)))
    if seed_demo is not None:
        _guarded(lambda: _seed_demo(url, demo_problem, seed_demo, f"http://{host}:{port}"))
    uvicorn.run(create_app(Settings(url, solver_workers=workers)), host=host, port=port)


def _seed_demo(url: str, problem: Path, plan: Path, base: str) -> None:
    from api.db import Database
    from api.migrate import upgrade
    from api.seed import demo_access, seed_demo

    database = Database(url)
    upgrade(database.engine)
    access = demo_access(database, seed_demo(database, problem, plan))
    database.dispose()
    note = "demo loaded as scenario 1, plan 1 (published)" if access.seeded else "database already holds scenarios"
    lines = [f"{note}; new keys for this run:", f"  coordinator key: {access.coordinator_key}"]
    lines.append(f"  시작 home:        {base}/?key={access.coordinator_key}")
    if access.day_path:
        lines.append(f"  컨설턴트 day:     {base}{access.day_path}?key={access.consultant_key}")
    print("\n".join(lines), flush=True)  # plain print: Rich would wrap long keys; flushed before uvicorn logs


def _database_url(url: str) -> str:
    """A URL SQLAlchemy can open (its driver installed), else an input error naming --db."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        make_url(url).get_dialect().import_dbapi()  # the driver: psycopg for PostgreSQL
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        example = "sqlite:///var/movable.db, postgresql+psycopg://user:password@host/movable"
        raise InputError([f"--db: '{url}' is not a database URL we can open ({error}); e.g. {example}"]) from None
    return url


def _reachable(database: Any, upgrade: Callable[[Any], None]) -> None:
    """Bring the schema up to date, or say the database cannot be reached."""
    from sqlalchemy.exc import OperationalError

    try:
        upgrade(database.engine)
    except OperationalError as error:
        raise InputError([f"--db: cannot open the database ({error.orig})"]) from None


keys_app = typer.Typer(help="API keys (coordinator, planner, consultant).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    role: Annotated[str, typer.Option("--role", help="coordinator | planner | consultant")],
    consultant: Annotated[str | None, typer.Option("--consultant", help="the consultant's id")] = None,
    db: DbOption = None,
) -> None:
    """Create a key and print it once, as the last word (only its hash is stored)."""
    from api.db import Database
    from api.keys import create_key
    from api.migrate import upgrade
    from api.settings import database_url

    database = Database(_guarded(lambda: _database_url(database_url(db))))
    _guarded(lambda: _reachable(database, upgrade))
    if consultant is not None:
        consultant = consultant.strip()
    try:
        with database.transaction() as session:
            key = create_key(session, role, consultant)
    except ValueError as error:
        err.print(f"[bold red]{error}[/]")
        raise typer.Exit(2) from None
    finally:
        database.dispose()
    who = f" for {consultant}" if consultant else ""
    print(f"{role} key{who} (shown once, keep it): {key}")  # plain print: Rich would wrap a long key


if __name__ == "__main__":
    app()
