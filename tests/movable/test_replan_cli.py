"""`movable replan`: plan again from a date, with the coordinator's changes, from the command line."""

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from models.changes import Changes
from models.io import dump_document, load_plan, load_problem
from movable.cli import app
from routing.check import check_plan
from routing.locate import resolve_locations
from routing.replan import apply_changes


def _problem_and_plan(build, make_visit, make_consultant, folder: Path) -> tuple[Path, Path]:
    visits = [make_visit(f"V{k}", ("suwon", "cheonan")[k % 2], latest_date="2027-03-12") for k in range(8)]
    people = [make_consultant("C01"), make_consultant("C02")]
    problem = folder / "problem.json"
    problem.write_text(dump_document(build(visits, people, end="2027-03-12")), encoding="utf-8")
    plan = folder / "plan.json"
    result = CliRunner().invoke(app, ["solve", str(problem), "-o", str(plan), "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    return problem, plan


def test_replan_with_a_consultant_away(build, make_visit, make_consultant, tmp_path: Path):
    """C01 away the second week: the new plan keeps the first week, C01 rides no more, and the
    command says how many visits changed and whom to tell."""
    problem, plan = _problem_and_plan(build, make_visit, make_consultant, tmp_path)
    changes = {"consultants_away": [{"consultant": "C01", "start": "2027-03-08", "end": "2027-03-12"}]}
    (tmp_path / "changes.json").write_text(json.dumps(changes), encoding="utf-8")
    new = tmp_path / "new.json"
    args = ["replan", str(problem), str(plan), "--freeze", "2027-03-08", "--changes", str(tmp_path / "changes.json")]
    result = CliRunner().invoke(app, [*args, "-o", str(new), "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    assert "visits changed" in result.output and "consultants to tell" in result.output
    before, after = load_plan(plan), load_plan(new)
    freeze = date(2027, 3, 8)
    assert [r for r in after.routes if r.date < freeze] == [r for r in before.routes if r.date < freeze]
    assert all("C01" not in r.crew for r in after.routes if r.date >= freeze)
    changed = apply_changes(resolve_locations(load_problem(problem)), Changes.model_validate(changes))
    assert check_plan(changed, after) == []


def test_replan_names_an_unknown_consultant_and_a_bad_date(build, make_visit, make_consultant, tmp_path: Path):
    """Changes naming nobody, or a freeze date that is no date: exit 2 with the reason, no plan written."""
    problem, plan = _problem_and_plan(build, make_visit, make_consultant, tmp_path)
    changes = tmp_path / "changes.json"
    away = {"consultant": "C99", "start": "2027-03-08", "end": "2027-03-08"}
    changes.write_text(json.dumps({"consultants_away": [away]}), encoding="utf-8")
    new = tmp_path / "new.json"
    for freeze, expected in (("2027-03-08", "C99"), ("8 March", "--freeze")):
        args = ["replan", str(problem), str(plan), "--freeze", freeze, "--changes", str(changes), "-o", str(new)]
        result = CliRunner().invoke(app, args)
        output = result.output + (result.stderr if result.stderr_bytes is not None else "")
        assert result.exit_code == 2 and expected in output and "Traceback" not in output, output
        assert not new.exists()
