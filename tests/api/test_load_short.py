"""The load benchmark in short: 10 consultants x 5 rounds of reads while a solve runs, on loopback.

No latency is asserted here (timed unit tests on a shared machine only flake): speed is measured
by `python -m benchmarks.load`. This asserts what must hold under load: no errors, and the
solve still ends inside its limit.
"""

from pathlib import Path

import pytest

from benchmarks.load import run
from models import Plan, Problem
from models.io import dump_document
from tests.api.support import EXAMPLE

TIME_LIMIT = 5
SLACK = 10  # worker start-up (a spawned interpreter importing the solver) on 2 busy cores


def test_reads_under_load_while_a_solve_runs(tmp_path: Path, example: tuple[Problem, Plan]) -> None:
    if not EXAMPLE.exists():
        pytest.skip("the shared example problem is absent")
    plan = tmp_path / "plan.json"
    plan.write_text(dump_document(example[1]), encoding="utf-8")
    report = run(EXAMPLE, plan, users=10, rounds=5, time_limit=TIME_LIMIT, work=tmp_path)
    assert report.error_count == 0, dict(report.errors)
    assert len(report.latencies["day page"]) == len(report.latencies["calendar"]) == 50
    assert report.solve_status == "done" and report.solve_seconds is not None
    assert report.solver_seconds is not None and report.solver_seconds <= TIME_LIMIT + 1
    assert report.solve_seconds <= TIME_LIMIT + SLACK
