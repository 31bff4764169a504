"""The plan page: KPIs, served share by province, a week-by-van grid, and every visit left out with why."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from models import Plan, Problem, Route
from views.lookup import Lookup, van_colours
from views.stats import province_stats, week_grid, weeks
from views.templating import render


@dataclass(frozen=True)
class DayCell:
    day: date
    stops: int
    url: str | None
    crew: list[tuple[str, str | None]]  # (consultant id, link to their day page or None)


def plan_html(
    problem: Problem,
    plan: Plan,
    map_url: str | None = None,
    *,
    van_day_url: str | None = None,
    consultant_day_url: str | None = None,
) -> str:
    """The plan page. Link templates fill in URL-quoted values; None leaves the grid without links:
    `van_day_url` e.g. '/scenarios/7/vans/{van}/{date}',
    `consultant_day_url` e.g. '/scenarios/7/days/{consultant}/{date}'.
    """
    lookup = Lookup.of(problem)
    vans = list(van_colours(problem, (r.van for r in plan.routes)).items())
    grid = week_grid(plan)
    cells = {key: [_cell(r, van_day_url, consultant_day_url) for r in routes] for key, routes in grid.items()}
    return render(
        "plan.html",
        problem=problem,
        plan=plan,
        kpis=plan.kpis,
        map_url=map_url,
        provinces=province_stats(problem, plan),
        vans=vans,
        weeks=weeks(problem),
        cells=cells,
        unassigned=[(u, lookup.visits.get(u.visit)) for u in plan.unassigned],
        reasons=Counter(u.reason for u in plan.unassigned).most_common(),
    )


def _cell(route: Route, van_day_url: str | None, consultant_day_url: str | None) -> DayCell:
    day = route.date.isoformat()
    crew = [(c, _url(consultant_day_url, consultant=c, date=day)) for c in route.crew]
    return DayCell(route.date, len(route.stops), _url(van_day_url, van=route.van, date=day), crew)


def _url(template: str | None, **values: str) -> str | None:
    if template is None:
        return None
    return template.format(**{k: quote(v, safe="") for k, v in values.items()})
