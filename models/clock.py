"""Clock times as the contract writes them ("HH:MM"), held as minutes after midnight."""

import re
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

_HHMM = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")


def parse_clock(value: object) -> int:
    """Accept "HH:MM" (00:00 to 24:00); an int is taken as minutes already parsed."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a time")
    if isinstance(value, int):
        if 0 <= value <= 24 * 60:
            return value
        raise ValueError(f"{value!r} is not a time")
    if isinstance(value, str):
        match = _HHMM.match(value.strip())
        if match:
            minutes = int(match.group(1)) * 60 + int(match.group(2))
            if minutes <= 24 * 60:
                return minutes
    raise ValueError(f"{value!r} is not a time")


def format_clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# Minutes after midnight inside the program, "HH:MM" on the wire.
Clock = Annotated[
    int,
    BeforeValidator(parse_clock),
    PlainSerializer(format_clock, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{2}:\d{2}$"}),
]
