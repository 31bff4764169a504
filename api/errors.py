"""Errors as the API reports them: {"detail": [messages]}, each message naming the field it is about."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.limits import TooLarge, on_too_large
from models.io import InputError, field_path


def fail(status: int, *messages: str) -> NoReturn:
    raise HTTPException(status, list(messages))


@contextmanager
def input_errors() -> Iterator[None]:
    """The models' and routing's InputError (messages with field paths) becomes a 422."""
    try:
        yield
    except InputError as error:
        raise HTTPException(422, error.messages) from None


def validation_messages(errors: list[dict[str, Any]], body: Any) -> list[str]:
    """FastAPI's validation errors in the wording of models.io: `visits[3] (V004).lat: ...`."""
    lines: list[str] = []
    for item in errors:
        where, *rest = item["loc"] or ("body",)
        message = str(item["msg"]).removeprefix("Value error, ")
        if not rest and "\n" in message:  # a whole-document rule listing several problems
            lines.extend(message.splitlines())
            continue
        if item["type"] == "json_invalid":  # rest is the character position, not a field
            reason = (item.get("ctx") or {}).get("error", "")
            lines.append(f"body: not valid JSON at character {rest[0] if rest else 0}: {reason}".rstrip(": "))
            continue
        if item["type"] == "missing" and where == "body" and not rest:
            message = "body: a JSON document is required"
        elif item["type"] == "missing":
            message = "is required"
        elif item["type"] == "extra_forbidden":
            message = "is not a field of the contract"
        path = field_path(tuple(rest), body if where == "body" else None)
        label = path if where == "body" else f"{where} parameter {path}".strip()
        lines.append(f"{label}: {message}" if label else message)
    return lines


async def _on_validation(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse({"detail": validation_messages(list(error.errors()), error.body)}, status_code=422)


async def _on_http(_request: Request, error: Exception) -> Response:
    """Starlette's own errors (404 for an unknown path, 405, a broken multipart body) as a list too."""
    assert isinstance(error, StarletteHTTPException)
    if error.status_code in (204, 304):
        return Response(status_code=error.status_code, headers=error.headers)
    detail = error.detail if isinstance(error.detail, list) else [str(error.detail)]
    return JSONResponse({"detail": detail}, status_code=error.status_code, headers=error.headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(TooLarge, on_too_large)
