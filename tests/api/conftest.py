"""An app on a fresh database per test, keys for every role, and the shared example with a plan."""

import json
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.db import make_engine
from api.settings import Settings
from api.tables import Base
from models import Plan, Problem
from models.io import load_problem
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve
from tests.api.support import EXAMPLE, Seeded

PG_URL = os.environ.get("MOVABLE_TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="no PostgreSQL"))]


def wipe(url: str) -> None:
    """Drop every table, Alembic's too: each test starts from an empty database, as a new install does."""
    engine = make_engine(url)
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'movable.db'}"


@pytest.fixture(params=BACKENDS)
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """SQLite, and PostgreSQL too when MOVABLE_TEST_DATABASE_URL names one (its tables are dropped!)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'movable.db'}"
    assert PG_URL is not None
    wipe(PG_URL)
    return PG_URL


@pytest.fixture
def start_app() -> Iterator[Callable[..., TestClient]]:
    """Start apps (lifespan included: migrations, dispatcher); each is stopped at the end of the test."""
    with ExitStack() as stack:

        def start(url: str, **settings: Any) -> TestClient:
            settings.setdefault("poll_seconds", 0.2)
            return stack.enter_context(TestClient(create_app(Settings(url, **settings))))

        yield start


@pytest.fixture(scope="session")
def example_raw() -> dict[str, Any]:
    if not EXAMPLE.exists():
        pytest.skip("the shared example problem is absent")
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example(example_raw: dict[str, Any]) -> tuple[Problem, Plan]:
    """The shared example and a plan of it (solved once, in this process, for the tests that need one)."""
    problem = Problem.model_validate(example_raw)
    return problem, solve(resolve_locations(load_problem(EXAMPLE)), SolveOptions(time_limit=2, seed=1))


@pytest.fixture
def seeded(start_app: Callable[..., TestClient], db_url: str, example: tuple[Problem, Plan]) -> Seeded:
    """No dispatcher: jobs stay queued (tests of the endpoints, not of the solves)."""
    return Seeded(start_app(db_url, dispatch=False), *example)


@pytest.fixture
def running(start_app: Callable[..., TestClient], any_db_url: str, example: tuple[Problem, Plan]) -> Seeded:
    """With the dispatcher and real worker processes, on every storage backend."""
    return Seeded(start_app(any_db_url), *example)


@pytest.fixture
def dispatching(start_app: Callable[..., TestClient], db_url: str, example: tuple[Problem, Plan]) -> Seeded:
    """With the dispatcher and real worker processes, on SQLite only (for tests not about storage)."""
    return Seeded(start_app(db_url), *example)
