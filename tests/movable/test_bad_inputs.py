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
