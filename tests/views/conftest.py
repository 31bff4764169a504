"""The shared example problem solved once for the view tests, and a copy with a hostile company name."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from models import Plan, Problem
from models.io import load_problem
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "contract" / "example-problem.json"
HOSTILE = '=HYPERLINK("http://x") <script>alert(\'x\')</script> & `tick` ${x} \\ "quoted"'


@pytest.fixture(scope="session")
def example() -> tuple[Problem, Plan]:
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} is absent")
    problem = resolve_locations(load_problem(EXAMPLE))
    return problem, solve(problem, SolveOptions(time_limit=3))


@pytest.fixture(scope="session")
def hostile(example: tuple[Problem, Plan]) -> tuple[Problem, Plan, str]:
    """The first served visit renamed HOSTILE in both the problem and the plan; returns its id too."""
    problem, plan = example
    target = plan.routes[0].stops[0].visit
    visits = tuple(v.model_copy(update={"company": HOSTILE}) if v.id == target else v for v in problem.visits)
    routes = tuple(
        r.model_copy(
            update={
                "stops": tuple(s.model_copy(update={"company": HOSTILE}) if s.visit == target else s for s in r.stops)
            }
        )
        for r in plan.routes
    )
    return problem.model_copy(update={"visits": visits}), plan.model_copy(update={"routes": routes}), target


class _Collector(HTMLParser):
    """Start tags whose class list holds `css_class`, with their attributes and the text inside them."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class = css_class
        self.found: list[dict[str, str]] = []
        self._open: list[tuple[int, dict[str, str]]] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        self._depth += 1
        attributes = {k: v or "" for k, v in attrs}
        if self.css_class in attributes.get("class", "").split():
            attributes["text"] = ""
            self.found.append(attributes)
            self._open.append((self._depth, attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self._open and self._open[-1][0] == self._depth:
            self._open.pop()
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        for _, attributes in self._open:
            attributes["text"] += data


VOID = {"meta", "link", "br", "img", "input", "hr", "source", "col", "area", "base", "wbr"}


def elements(html: str, css_class: str) -> list[dict[str, str]]:
    """Elements with that class, in document order: their attributes, plus 'text' (unescaped)."""
    collector = _Collector(css_class)
    collector.feed(html)
    return collector.found
