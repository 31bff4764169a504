"""The nasty-input corpus (tests/data/bad/): each file gets its clear error and exit code 2, never a traceback."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from movable.cli import app

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
EXPECTED: dict[str, str] = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_problem_is_refused_with_its_message(name: str, tmp_path: Path):
    """`movable solve` on a bad problem exits 2 and names the field (and id) at fault."""
    result = CliRunner().invoke(app, ["solve", str(BAD / name), "-o", str(tmp_path / "plan.json"), "--time-limit", "1"])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 2, output
    assert EXPECTED[name] in " ".join(output.split()), output
    assert "Traceback" not in output
    assert not (tmp_path / "plan.json").exists(), "no partial output on bad input"


def test_bench_solomon_writes_routes_anyone_can_recompute(tmp_path: Path):
    """`movable bench solomon` solves a small instance and writes Solomon-style routes covering every customer."""
    instance = tmp_path / "tiny.txt"
    instance.write_text(
        "TINY\n\nVEHICLE\nNUMBER     CAPACITY\n  2         50\n\nCUSTOMER\n"
        "CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n"
        "    0      40         50          0          0       1236          0\n"
        "    1      45         68         10        0        1127         90\n"
        "    2      45         70         30        0        1125         90\n"
        "    3      42         66         10        0        1129         90\n",
        encoding="utf-8",
    )
    routes = tmp_path / "tiny.sol"
    result = CliRunner().invoke(
        app, ["bench", "solomon", str(instance), "--time-limit", "1", "--routes-out", str(routes)]
    )
    assert result.exit_code == 0, result.output
    served = sorted(
        int(c)
        for line in routes.read_text().splitlines()
        if line.startswith("Route")
        for c in line.split(":")[1].split()
    )
    assert served == [1, 2, 3]
