"""Typed dependencies shared by the routers."""

from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.db import Database


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's session; GET and HEAD only read, so theirs takes no write lock (see api.db).

    Made on the event loop, not in a worker thread: a session connects only when first used (in
    the route), and a thread hop per request cost a burst of page views more than the pages did.
    """
    db: Database = request.app.state.db
    factory = db.readers if request.method in ("GET", "HEAD") else db.sessions
    with factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def wake_dispatcher(request: Request) -> Iterator[None]:
    """Once the route has committed its job: tell this process's dispatcher (if it runs one) to look now."""
    yield
    dispatcher = getattr(request.app.state, "dispatcher", None)
    if dispatcher is not None:
        dispatcher.wake()
