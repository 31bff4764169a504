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


def _said(result) -> str:  # type: ignore[no-untyped-def]
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    return " ".join(output.split())


def test_an_output_path_that_cannot_be_written_is_refused_before_solving(tmp_path: Path):
    """`-o` naming a folder, or a path under a file, exits 2 at once: a solve of minutes would
    otherwise end in a traceback and its plan be lost."""
    problem = BAD / "priority-9.json"  # never read: the output is checked first
    folder = CliRunner().invoke(app, ["solve", str(problem), "-o", str(tmp_path), "--time-limit", "1"])
    assert folder.exit_code == 2 and "폴더입니다 (is a folder)" in _said(folder)
    (tmp_path / "plan.json").write_text("{}", encoding="utf-8")
    under = CliRunner().invoke(app, ["map", str(problem), "-o", str(tmp_path / "plan.json" / "map.html")])
    assert under.exit_code == 2 and "is a file, not a folder" in _said(under)
    assert "Traceback" not in _said(folder) + _said(under)


def test_a_database_url_that_cannot_be_opened_is_named(tmp_path: Path):
    """`movable keys create --db` with no URL, or one whose driver is not installed: exit 2, --db named."""
    for url in ("notaurl", "mysql://user@host/movable"):
        result = CliRunner().invoke(app, ["keys", "create", "--role", "coordinator", "--db", url])
        assert result.exit_code == 2, _said(result)
        assert f"--db: '{url}' is not a database URL we can open" in _said(result)
