"""The engine and session factory: SQLite by default, PostgreSQL (psycopg 3) when the URL says so."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

READ_ONLY = "movable_read_only"  # an execution option: this session only reads


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):  # the bare scheme means psycopg2, which is not installed
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    # Connections are cheap on SQLite: one kept for every thread of the server's pool (40), so a burst
    # of page views neither waits 30 s for a connection (and then a 500) nor opens a new one per view.
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=40, max_overflow=10)
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # The web process, the dispatcher thread and the worker processes share one file: WAL lets
    # readers go on while a worker writes progress, and the timeout makes writers wait, not fail.
    connection.isolation_level = None  # SQLAlchemy then emits our BEGIN (below), not pysqlite
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A deferred transaction that reads and then writes fails at once ("database is locked") when
    # another process wrote in between; taking the write lock up front makes it wait its turn.
    # Read-only sessions (GET requests) must not take it: with WAL they read a snapshot beside
    # the writers, where IMMEDIATE would serialise every page view behind every other and the workers.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


class Database:
    """One engine and its sessions; every process (web, worker) makes its own from the URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Same pool; on SQLite a plain (deferred) BEGIN. Writing in such a session may fail "locked".
        self.readers = sessionmaker(self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
