"""What-if comparison page: a column per variant, bars drawn as inline SVG, names escaped."""

from views.whatif_page import bars, comparison_entry, whatif_html

from .conftest import HOSTILE, elements


def test_a_column_and_a_bar_per_variant(example) -> None:
    """Each variant has a header cell and one bar in each of the three charts."""
    problem, plan = example
    base = comparison_entry("기준 (base)", problem, plan)
    bigger = dict(base, name="4대 (4 vans)", visits_served=base["visits_served"] + 1, cost=base["cost"] * 1.2)
    html = whatif_html([base, bigger])
    assert [e["text"] for e in elements(html, "variant")] == ["기준 (base)", "4대 (4 vans)"]
    assert html.count("<svg") == 3 and html.count("<rect") == 6
    assert "<script" not in html


def test_rows_for_kpis_provinces_and_utilisation(example) -> None:
    """Served, km, nights, cost, mean utilisation, a row per province and per consultant."""
    problem, plan = example
    html = whatif_html([comparison_entry("a", problem, plan)])
    for row in ("served", "km", "nights", "cost", "utilisation"):
        assert f'data-row="{row}"' in html
    assert html.count('data-row="province"') == len(plan.kpis.served_share_by_province or {})
    assert html.count('data-row="consultant"') == len(problem.consultants)


def test_accepts_the_plans_kpis_as_given(example) -> None:
    """An entry holding the plan's kpis dump and one overall utilisation number also renders."""
    _, plan = example
    html = whatif_html([{"name": "k", "kpis": plan.kpis.model_dump(mode="json"), "utilisation": 0.5}])
    assert f"{plan.kpis.visits_served} / {plan.kpis.visits_total}" in html
    assert "50%" in html


def test_accepts_routing_whatif_rows() -> None:
    """routing.whatif.comparison_row's key names (variant, consultant_utilisation, ...) render directly."""
    row = {
        "variant": "5 vans",
        "visits_total": 12,
        "visits_served": 9,
        "served_share_by_province": {"경기도": 1.0},
        "drive_km": 10.0,
        "person_nights": 2,
        "cost": 1000,
        "consultant_utilisation": 0.25,
        "unassigned_by_reason": {"UNREACHABLE": 1, "CAPACITY": 2},
    }
    html = whatif_html([row])
    assert [e["text"] for e in elements(html, "variant")] == ["5 vans"]
    assert "25%" in html and 'data-province="경기도"' in html
    assert html.count('data-row="reason"') == 2


def test_bars_scale_to_the_top_value() -> None:
    """The largest value gets the full width; a given top (1.0 for shares) fixes the scale."""
    drawn = bars([("a", 1.0, ""), ("b", 2.0, "")])
    assert drawn[1].width == 2 * drawn[0].width
    assert bars([("a", 0.5, "")], top=1.0)[0].width * 2 == bars([("a", 1.0, "")], top=1.0)[0].width


def test_hostile_variant_name_is_text() -> None:
    """A variant name with markup shows as text in the table and the SVG."""
    html = whatif_html([{"name": HOSTILE, "visits_total": 2, "visits_served": 1}])
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_no_variants() -> None:
    """An empty comparison says so."""
    assert "no variants to compare" in whatif_html([])


def test_a_cancelled_comparison_says_its_figures_are_not_final(example) -> None:
    """Cancelled after two of three variants: the page says so and names the one not planned;
    a finished comparison says nothing of the kind."""
    problem, plan = example
    rows = [comparison_entry("A", problem, plan), comparison_entry("B 1대", problem, plan)]
    cut = whatif_html(rows, cut_short=["C +2명"])
    assert "data-cut-short" in cut and "취소됨" in cut and "C +2명" in cut
    assert "data-cut-short" not in whatif_html(rows)
