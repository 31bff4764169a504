"""Reading contract documents at the edge, with errors a coordinator can act on."""

import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from models.plan import Plan
from models.problem import Problem

Document = TypeVar("Document", bound=BaseModel)


class InputError(Exception):
    """Bad input: every message names the field path (and the id, for list items)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def describe_errors(error: ValidationError, raw: Any) -> list[str]:
    """Turn pydantic's errors into lines like `visits[17] (V0018).time_windows[0].end: '25:00' is not a time`."""
    lines = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        if not item["loc"] and "\n" in message:
            lines.extend(message.splitlines())
            continue
        path = field_path(item["loc"], raw)
        if item["type"] == "missing":
            message = "is required"
        elif item["type"] == "extra_forbidden":
            message = "is not a field of the contract"
        lines.append(f"{path}: {message}" if path else message)
    return lines


# what names a list item for a reader: its id, else the van, consultant or visit it is about
_NAMING_KEYS = ("id", "van", "consultant", "visit")


def field_path(loc: tuple[int | str, ...], raw: Any) -> str:
    """`visits[17] (V0018).end`: list indices with the item's id, so the row can be found by either."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            node = node[key] if isinstance(node, list) and key < len(node) else None
            parts.append(label + _name_of(node))
        else:
            parts.append(("." if parts else "") + key)
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts)


def _name_of(item: Any) -> str:
    names = [item[k] for k in _NAMING_KEYS if isinstance(item, dict) and isinstance(item.get(k), str)]
    return f" ({names[0]})" if names else ""


def parse_document(raw: Any, kind: type[Document]) -> Document:
    try:
        return kind.model_validate(raw)
    except ValidationError as error:
        raise InputError(describe_errors(error, raw)) from None


def read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError([f"{path}: cannot read ({error})"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            [f"{path}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"]
        ) from None


def load_problem(path: Path) -> Problem:
    return parse_document(read_json(path), Problem)


def load_plan(path: Path) -> Plan:
    return parse_document(read_json(path), Plan)


def dump_document(document: BaseModel) -> str:
    return json.dumps(document.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
