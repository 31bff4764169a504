"""Schemathesis against the app's own OpenAPI schema: every operation, no 5xx, answers as documented.

The app runs without a dispatcher, so the solves, re-plans and what-ifs it queues never run: the
fuzz covers the requests, not hours of solving. A few examples per operation keep it quick.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.db import Database
from api.keys import create_key
from api.settings import Settings
from api.store import add_plan, add_scenario, publish
from api.throttle import KeyThrottle
from models import Plan, Problem

# The schema is loaded at import (schemathesis' fixture loader does not work with pytest 9), which
# also starts the app's lifespan (migrations); it lives until the interpreter exits, so does its folder.
_FOLDER = Path(tempfile.mkdtemp(prefix="movable-fuzz-"))
atexit.register(shutil.rmtree, _FOLDER, True)
_URL = f"sqlite:///{_FOLDER / 'movable.db'}"
_APP = create_app(Settings(_URL, dispatch=False))
_APP.state.throttle = KeyThrottle(max_failures=10**9)  # the fuzz may send odd keys: test the rest
schema = schemathesis.openapi.from_asgi("/openapi.json", _APP)
# No 5xx, and every answer as documented. Left out: the negative/positive-data checks, which judge
# rules the schema cannot state (an end after its start) and pydantic's lax coercion (0 as a date),
# and the 405 checks, which meet Starlette's routing (GET /api/scenarios/import is scenario "import").
EXAMPLES = int(os.environ.get("MOVABLE_FUZZ_EXAMPLES", "8"))  # per operation; more for a deeper run by hand
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def coordinator_key(example: tuple[Problem, Plan]) -> str:
    """Scenario 1 with its published plan 1, so some generated ids find something."""
    db = Database(_URL)
    with db.transaction() as session:
        key = create_key(session, "coordinator")
        scenario = add_scenario(session, example[0])
        plan = add_plan(session, scenario.id, example[1])
        publish(session, plan, plan.version)
    db.dispose()
    return key


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES == 8)
def test_every_operation_answers_as_documented(case: schemathesis.Case, coordinator_key: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {coordinator_key}"}, checks=CHECKS)
