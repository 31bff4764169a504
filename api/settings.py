"""Where the service keeps its data and how many solves it runs at once."""

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SQLITE = Path("var") / "movable.db"


def database_url(explicit: str | None = None) -> str:
    """`--db`, else DATABASE_URL, else SQLite at var/movable.db (var/ is created)."""
    url = explicit or os.environ.get("DATABASE_URL")
    if url:
        return url
    DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE.resolve()}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    # Solves running at once, each in its own process. Time limits are wall-clock, so more
    # solves than cores would quietly lower every plan's quality: the default suits 2 cores.
    solver_workers: int = 1
    # False starts the API without running jobs (a second web process, or tests of the queue).
    dispatch: bool = True
    poll_seconds: float = 1.0

    def __post_init__(self) -> None:
        if self.solver_workers < 1:
            raise ValueError("solver_workers must be at least 1")
