"""Storage models (what the database holds); the wire shapes are in api.schemas."""

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, CheckConstraint, DateTime, Dialect, ForeignKey, Index, MetaData, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

ROLES = ("coordinator", "planner", "consultant")
JOB_KINDS = ("solve", "replan", "whatif")
JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")
FINISHED = ("done", "failed", "cancelled")


def now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timestamps in UTC; SQLite keeps no zone, so one read back from it is marked UTC again."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_known")


# Named constraints, so a later migration can drop or alter them by name on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: UtcDateTime()}


class ScenarioRow(Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    problem: Mapped[dict[str, Any]]
    created: Mapped[datetime] = mapped_column(default=now)


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    # Bumped by every change of the row (publish, a re-plan started from it): optimistic locking.
    version: Mapped[int] = mapped_column(default=1)
    plan: Mapped[dict[str, Any]]
    # The problem this plan answers when it is not the scenario's: a re-plan with changes
    # (a consultant ill, visits added) answers the changed problem; null means the scenario's.
    problem: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    published: Mapped[bool] = mapped_column(default=False, server_default=false())
    parent_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), default=None)
    created: Mapped[datetime] = mapped_column(default=now)


# At most one published plan per scenario, kept by the database even when two publish at once.
Index(
    "one_published_per_scenario",
    PlanRow.scenario_id,
    unique=True,
    sqlite_where=PlanRow.published,
    postgresql_where=PlanRow.published,
)


class JobRow(Base):
    __tablename__ = "jobs"
    __table_args__ = (_one_of("kind", JOB_KINDS), _one_of("status", JOB_STATUSES))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), default=None)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[dict[str, Any]] = mapped_column(default=dict)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    cancel_requested: Mapped[bool] = mapped_column(default=False, server_default=false())
    created: Mapped[datetime] = mapped_column(default=now)
    started: Mapped[datetime | None] = mapped_column(default=None)
    finished: Mapped[datetime | None] = mapped_column(default=None)


class ApiKeyRow(Base):
    __tablename__ = "api_keys"
    __table_args__ = (_one_of("role", ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))  # sha256 of the secret; the key itself is never stored
    role: Mapped[str] = mapped_column(String(16))
    consultant_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created: Mapped[datetime] = mapped_column(default=now)
