"""Alembic environment: the app passes its own connection; the `alembic` command makes one."""

import os

from alembic import context
from sqlalchemy import Connection

from api.db import make_engine
from api.tables import Base

config = context.config
target_metadata = Base.metadata


def run(connection: Connection) -> None:
    # render_as_batch: SQLite alters a table by copying it, which later migrations will need.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = config.attributes.get("connection")
    if given is not None:
        run(given)
        return
    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    engine = make_engine(url or "sqlite:///var/movable.db")
    with engine.connect() as connection:
        run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported: run against a database")
run_online()
