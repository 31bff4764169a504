"""The plan page: KPIs, provinces, the week-by-van grid, and every unassigned visit with its reason."""

from views.labels import REASONS, reason_label
from views.plan_page import plan_html

from .conftest import HOSTILE, elements


def test_shows_each_unassigned_reason_and_detail(example) -> None:
    """Each unassigned visit is a row with its reason code, Korean and English label, and detail."""
    problem, plan = example
    html = plan_html(problem, plan, None)
    rows = elements(html, "unassigned-visit")
    assert [(r["data-visit"], r["data-reason"]) for r in rows] == [(u.visit, u.reason) for u in plan.unassigned]
    for row, u in zip(rows, plan.unassigned, strict=True):
        assert reason_label(u.reason) in row["text"]
        assert u.detail in row["text"]
    assert {"UNREACHABLE", "NO_SKILLED_TEAM", "NO_WORKING_DAY"} <= {u.reason for u in plan.unassigned}


def test_every_reason_has_a_bilingual_label() -> None:
    """The six contract reasons each have Korean and English labels."""
    from typing import get_args

    from models.problem import Reason

    assert set(REASONS) == set(get_args(Reason))
    assert all(ko and en and ko != en for ko, en in REASONS.values())


def test_kpis_provinces_and_map(example) -> None:
    """Served / total and cost appear, a row per requested province with its share, and the map."""
    problem, plan = example
    html = plan_html(problem, plan, "/maps/plan")
    served = next(e for e in elements(html, "kpi") if e["data-kpi"] == "served")
    assert f"{plan.kpis.visits_served} / {plan.kpis.visits_total}" in served["text"]
    assert f"₩{round(plan.kpis.cost):,}" in html
    rows = {r["data-province"]: r["text"] for r in elements(html, "province")}
    assert set(rows) == set(plan.kpis.served_share_by_province or {})
    for province, share in (plan.kpis.served_share_by_province or {}).items():
        assert f"{share:.0%}" in rows[province]
    assert elements(html, "map")[0]["src"] == "/maps/plan"


def test_week_grid_has_each_route_once_with_links(example) -> None:
    """Every route is one entry of the grid with its stop count and link."""
    problem, plan = example
    html = plan_html(
        problem, plan, None, van_day_url="/s/1/vans/{van}/{date}", consultant_day_url="/s/1/days/{consultant}/{date}"
    )
    days = elements(html, "van-day")
    assert sorted((d["data-date"], int(d["data-stops"])) for d in days) == sorted(
        (r.date.isoformat(), len(r.stops)) for r in plan.routes
    )
    for route in plan.routes:
        assert f'href="/s/1/vans/{route.van}/{route.date.isoformat()}"' in html
        for consultant in route.crew:
            assert f'href="/s/1/days/{consultant}/{route.date.isoformat()}"' in html


def test_grid_links_quote_ids(example) -> None:
    """Ids with slashes or spaces are URL-quoted in links; without a template there are no links."""
    problem, plan = example
    vans = tuple(v.model_copy(update={"id": "VAN 1/A"}) if v.id == "VAN-1" else v for v in problem.vans)
    routes = tuple(r.model_copy(update={"van": "VAN 1/A"}) if r.van == "VAN-1" else r for r in plan.routes)
    html = plan_html(
        problem.model_copy(update={"vans": vans}),
        plan.model_copy(update={"routes": routes}),
        None,
        van_day_url="/v/{van}/{date}",
    )
    assert "/v/VAN%201%2FA/" in html
    plain = plan_html(problem, plan, None)
    assert all(d["text"].strip() for d in elements(plain, "van-day"))
    assert '<a href="None' not in plain and plain.count("<a href") == 1  # only the header's home link


def test_hostile_company_is_text(example) -> None:
    """An unassigned visit's hostile company name is escaped."""
    problem, plan = example
    target = plan.unassigned[0].visit
    visits = tuple(v.model_copy(update={"company": HOSTILE}) if v.id == target else v for v in problem.visits)
    html = plan_html(problem.model_copy(update={"visits": visits}), plan, None)
    assert "<script>" not in html
    row = next(r for r in elements(html, "unassigned-visit") if r["data-visit"] == target)
    assert HOSTILE in row["text"]
