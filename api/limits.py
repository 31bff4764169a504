"""What the service accepts at most: refused up front (413/422 naming the limit), before any work or write.

The solver's memory and time grow with the problem, and one upload or body must not be able to
tie up the web process: these bounds keep a single request's cost predictable.
"""

from typing import Annotated

from fastapi import Path, Request
from fastapi.responses import JSONResponse
from pydantic import Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models import Problem

MAX_VISITS = 5000
MAX_CONSULTANTS = 500
MAX_VANS = 200
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # per spreadsheet
# A whole request: three full uploads and the form around them, or a 5000-visit problem document.
MAX_BODY_BYTES = 3 * MAX_UPLOAD_BYTES + 1024 * 1024
MIN_TIME_LIMIT, MAX_TIME_LIMIT = 1, 3600  # seconds; below 1 s the solver cannot plan a week
MAX_ID = 2**31 - 1  # ids and versions are 32-bit columns on PostgreSQL: larger ones are 422, not a driver error
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
Seed = Annotated[int, Field(ge=0, le=MAX_ID)]


class TooLarge(Exception):
    """A request over a limit: answered 413 with the message (it names the file or the limit)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def problem_size_errors(problem: Problem) -> list[str]:
    """A message for every count over its limit, e.g. 'visits: at most 5000 visits (got 6000)'."""
    counts = {"visits": (len(problem.visits), MAX_VISITS)}
    counts |= {"consultants": (len(problem.consultants), MAX_CONSULTANTS), "vans": (len(problem.vans), MAX_VANS)}
    return [f"{k}: at most {limit} {k} (got {n})" for k, (n, limit) in counts.items() if n > limit]


def check_upload(filename: str, size: int) -> None:
    if size > MAX_UPLOAD_BYTES:
        raise TooLarge(f"{filename}: at most {megabytes(MAX_UPLOAD_BYTES)} per file (got {megabytes(size)})")


async def on_too_large(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, TooLarge)
    return JSONResponse({"detail": [error.message]}, status_code=413)


class BodyLimit:
    """Refuse a body whose Content-Length is over MAX_BODY_BYTES before reading it; one without a
    length (chunked) is read up to the limit first, and refused as soon as it passes it."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            return await self._refuse(scope, receive, send, int(declared))
        if declared:
            return await self.app(scope, receive, send)
        # No length given (chunked): read up to the limit first, then hand the app what was read.
        chunks, seen, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, _replay([message], receive), send)  # the client went away
            chunks.append(message)
            seen += len(message.get("body", b""))
            more = message.get("more_body", False)
            if seen > self.limit:
                return await self._refuse(scope, receive, send, seen)
        await self.app(scope, _replay(chunks, receive), send)

    def _message(self, size: int) -> str:
        return f"request body: at most {megabytes(self.limit)} (got {megabytes(size)} or more)"

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, size: int) -> None:
        await JSONResponse({"detail": [self._message(size)]}, status_code=413)(scope, receive, send)


def _replay(messages: list[Message], then: Receive) -> Receive:
    async def receive() -> Message:
        if messages:
            return messages.pop(0)
        return await then()  # after the body: the disconnect, when it comes

    return receive
