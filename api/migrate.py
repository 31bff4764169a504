"""Bring a database to the newest schema with Alembic, as the app does at every start."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

# migrations/ sits beside the api package at the project root (alembic.ini points there too).
MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    """`alembic upgrade head` on the app's own engine (never create_all: the schema has one history)."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
