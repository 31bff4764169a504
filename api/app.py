"""The FastAPI application: storage migrated at start, the job dispatcher, routers, access rules."""

import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response

from api import errors
from api.access import KEY_COOKIE, authorize
from api.db import Database
from api.dispatcher import Dispatcher
from api.limits import BodyLimit
from api.migrate import upgrade
from api.routers import assets, exports, home, jobs, pages, plans, scenarios
from api.routers.pages import warm
from api.schemas import ERRORS
from api.settings import Settings
from api.throttle import KeyThrottle

DESCRIPTION = """Half-year plans for KOTRA's consultant vans (컨설턴트 차량 반기 계획).

Send `Authorization: Bearer KEY` (keys from `movable keys create`). Long work (solve, re-plan,
what-if) returns 202 and a job: poll `GET /api/jobs/{id}`, stop it with `DELETE /api/jobs/{id}`.
"""


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _redact_access_log()
        db = Database(settings.database_url)
        upgrade(db.engine)
        app.state.db = db
        with db.transaction() as session:
            warm(session)
        dispatcher = None
        if settings.dispatch:
            dispatcher = Dispatcher(db, settings.solver_workers, settings.poll_seconds)
            dispatcher.start()
        app.state.dispatcher = dispatcher
        try:
            yield
        finally:
            if dispatcher is not None:
                dispatcher.stop()
            db.dispose()

    app = FastAPI(
        title="Movable",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        responses=ERRORS,  # documented for every route, so clients (and the schema fuzz test) know the shape
        dependencies=[Depends(authorize)],  # every route, through the one table in api.access
    )
    app.state.throttle = KeyThrottle()
    errors.install(app)
    for module in (scenarios, jobs, plans, home, pages, exports, assets):
        app.include_router(module.router)
    app.middleware("http")(remember_page_key)
    app.add_middleware(BodyLimit)  # outermost: an oversized body is refused before anything reads it
    return app


async def remember_page_key(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """A page opened with ?key= keeps the key in a same-site cookie, so its map frame and links work too."""
    response = await call_next(request)
    key = request.query_params.get("key")
    accepted = getattr(request.state, "principal", None) is not None  # a valid key, on a page that needs one
    if key and accepted and not request.url.path.startswith("/api/") and response.status_code < 400:
        response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict", max_age=30 * 24 * 3600)
    return response


class _RedactKeys(logging.Filter):
    """Page URLs may carry ?key=: keep the secrets out of the access log."""

    pattern = re.compile(r"(?<=[?&]key=)[^&\s]+")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self.pattern.sub("***", a) if isinstance(a, str) else a for a in record.args)
        return True


def _redact_access_log() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, _RedactKeys) for f in access.filters):
        access.addFilter(_RedactKeys())
