"""The FastAPI application: storage migrated at start, the job dispatcher, routers, access rules."""

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors
from api.access import KEY_COOKIE, authorize
from api.db import Database
from api.dispatcher import Dispatcher
from api.limits import BodyLimit
from api.migrate import upgrade
from api.prepared import warm
from api.routers import assets, exports, home, jobs, pages, plans, scenarios
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
    app.add_middleware(RememberPageKey)
    app.add_middleware(BodyLimit)  # outermost: an oversized body is refused before anything reads it
    return app


class RememberPageKey:
    """A page opened with ?key= keeps the key in a same-site cookie, so its map frame and links work too.

    Plain ASGI rather than Starlette's BaseHTTPMiddleware, which costs every request a task and a
    stream: measurable when 50 consultants open their day pages at once (benchmarks/load.py).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        key = Request(scope).query_params.get("key")
        if not key:
            return await self.app(scope, receive, send)

        async def send_with_cookie(message: Message) -> None:
            accepted = scope.get("state", {}).get("principal") is not None  # a valid key, on a page that needs one
            if message["type"] == "http.response.start" and accepted and message["status"] < 400:
                cookie = Response()
                cookie.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict", max_age=30 * 24 * 3600)
                message = {**message, "headers": [*message.get("headers", []), *cookie.raw_headers[-1:]]}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


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
