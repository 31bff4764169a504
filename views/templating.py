"""The Jinja2 environment of the pages: autoescape on, strict about missing names, our label filters."""

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from models.clock import format_clock
from views import labels

TEMPLATES = Path(__file__).resolve().parent / "templates"

ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,  # every page shows company names typed by users
    undefined=StrictUndefined,  # a misspelt name fails the test instead of printing nothing
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # templates ship with the code: no stat() of the file on every page view
)
ENV.filters.update(
    clock=format_clock,
    skill=labels.skill_label,
    reason=labels.reason_label,
    province=labels.province_label,
    day=labels.day_label,
    weekday=labels.weekday,
    won=labels.won,
    km=labels.km,
    percent=labels.percent,
    endpoint=lambda kind: labels.ENDPOINTS.get(kind, kind),
)


def render(template: str, **context: Any) -> str:
    return ENV.get_template(template).render(**context)


def compile_templates() -> None:
    """Compile every template now, not on the first page view (~10 ms each)."""
    for name in ENV.list_templates():
        ENV.get_template(name)
