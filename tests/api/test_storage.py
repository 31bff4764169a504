"""Storage on SQLite and (with MOVABLE_TEST_DATABASE_URL) PostgreSQL: migrations, locking, the queue, keys."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, update
from sqlalchemy.exc import IntegrityError

from api.db import Database
from api.keys import create_key, verify_key
from api.migrate import upgrade
from api.queue import claim_next, enqueue, request_cancel, requeue_orphans
from api.store import add_plan, add_scenario, bump_version, publish, published_plan
from api.tables import ApiKeyRow, Base, JobRow, PlanRow


@pytest.fixture
def db(any_db_url, example):
    database = Database(any_db_url)
    upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def ids(db, example):
    """A scenario with two plans of the example, neither published."""
    problem, plan = example
    with db.transaction() as session:
        scenario = add_scenario(session, problem).id
        return scenario, [add_plan(session, scenario, plan).id for _ in range(2)]


def test_migrations_create_exactly_the_models(db):
    """`alembic upgrade head` builds the tables the ORM models describe, with nothing left to autogenerate."""
    assert {"scenarios", "plans", "jobs", "api_keys", "alembic_version"} <= set(inspect(db.engine).get_table_names())
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_upgrade_twice_is_harmless(db):
    """Every start runs the migrations; on an up-to-date database that changes nothing."""
    upgrade(db.engine)
    with db.transaction() as session:
        assert session.scalars(select(PlanRow)).all() == []


def test_one_published_plan_per_scenario(db, ids):
    """publish() moves the flag; the database itself refuses a second published plan."""
    scenario, (first, second) = ids
    with db.transaction() as session:
        for plan_id in (first, second):
            row = session.get_one(PlanRow, plan_id)
            assert publish(session, row, row.version)
    with db.transaction() as session:
        assert published_plan(session, scenario).id == second
        assert not session.get_one(PlanRow, first).published
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(update(PlanRow).where(PlanRow.id == first).values(published=True))


def test_version_compare_and_set(db, ids):
    """Of two writers holding the same version only the first gets through."""
    _, (plan_id, _) = ids
    with db.transaction() as session:
        assert bump_version(session, plan_id, 1)
    with db.transaction() as session:
        assert not bump_version(session, plan_id, 1)
        assert session.get_one(PlanRow, plan_id).version == 2


def test_claims_are_exclusive_and_in_order(db, ids):
    """Queued jobs are claimed oldest first, each once."""
    scenario, _ = ids
    with db.transaction() as session:
        jobs = [enqueue(session, "solve", scenario, {"time_limit": 1}).id for _ in range(2)]
    with db.transaction() as session:
        claimed = [claim_next(session), claim_next(session), claim_next(session)]
    assert claimed == [*jobs, None]


def test_orphans_are_requeued_unless_cancel_was_asked(db, ids):
    """At start, running jobs go back to the queue; one whose cancel was asked ends as cancelled."""
    scenario, _ = ids
    with db.transaction() as session:
        keep, drop = (enqueue(session, "solve", scenario, {}).id for _ in range(2))
    with db.transaction() as session:
        claim_next(session), claim_next(session)
        request_cancel(session, session.get_one(JobRow, drop))
    with db.transaction() as session:
        assert sorted(requeue_orphans(session)) == sorted([keep, drop])
    with db.transaction() as session:
        assert session.get_one(JobRow, keep).status == "queued"
        assert session.get_one(JobRow, drop).status == "cancelled"


def test_keys_are_stored_hashed(db):
    """The database holds a sha256 of the secret, never the key; a consultant key carries its id."""
    with db.transaction() as session:
        key = create_key(session, "consultant", "C02")
    with db.transaction() as session:
        row = session.scalars(select(ApiKeyRow)).one()
        assert key.split("_", 2)[2] not in row.hash and len(row.hash) == 64
        principal = verify_key(session, key)
    assert (principal.role, principal.consultant_id) == ("consultant", "C02")


def test_timestamps_come_back_in_utc(db, ids):
    """Both databases return aware UTC times (SQLite keeps no zone of its own)."""
    _, (plan_id, _) = ids
    with db.transaction() as session:
        assert session.get_one(PlanRow, plan_id).created.utcoffset().total_seconds() == 0
