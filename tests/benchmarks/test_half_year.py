"""The relaxation the km target is measured on, as our solver gets it."""

import pytest

from benchmarks.half_year import Run, _gaps, relaxation, vroom_relaxed


def test_relaxation_drops_crews_limits_and_night_prices_but_keeps_dates_and_hours(build, make_visit, make_consultant):
    visits = [
        make_visit("CERT", "daegu", skills=["certification"], team_size=2, preferred_consultants=["C02"]),
        make_visit("JEJU", "jeju"),  # an island without a road link: no plan serves it
    ]
    consultants = [make_consultant("C01"), make_consultant("C02", skills=("certification",), max_visits_per_day=2)]
    problem = build(visits, consultants, max_drive_minutes_per_day=300)
    relaxed = relaxation(problem)
    assert [v.id for v in relaxed.visits] == ["CERT"]
    (visit,) = relaxed.visits
    assert (visit.team_size, visit.preferred_consultants) == (1, ())
    assert (visit.time_windows, visit.earliest_date, visit.latest_date) == (
        problem.visits[0].time_windows, problem.visits[0].earliest_date, problem.visits[0].latest_date,
    )  # fmt: skip
    assert all(set(c.skills) == {"buyer_matching", "certification"} for c in relaxed.consultants)
    assert relaxed.policy.max_drive_minutes_per_day == 11 * 60  # the whole workday
    assert relaxed.policy.overnight.cost_per_person_night == 0


def test_vroom_relaxed_says_which_week_serves_each_visit(build, make_visit):
    """The weeks of VROOM's relaxed plan, for our solver to be given: each visit in a week of its dates."""
    pytest.importorskip("vroom")
    visits = [
        make_visit("EARLY", "daejeon"),
        make_visit("LATE", "daegu", earliest_date="2027-03-08", latest_date="2027-03-12"),
    ]
    relaxed = vroom_relaxed(build(visits, end="2027-03-12"), timeout=10)
    assert relaxed["served"] == 2
    assert relaxed["weeks"] == {"EARLY": 0, "LATE": 1}


def test_anytime_sets_the_60_s_mean_against_the_10_minute_mean_over_the_same_seeds():
    def run(name: str, million_won: float) -> Run:
        return Run(name, 850, 838, 838, 0.0, 0, million_won * 1e6, "0/0", 1.0, 1.0, 0, 1.0, 1.0)

    runs = [run("15 s", 70), run("60 s", 54), run("600 s", 50)]
    more = [run("60 s seed 2", 55), run("60 s seed 3", 56), run("600 s seed 2", 51), run("600 s seed 3", 54)]
    assert _gaps(runs, more, 600).splitlines() == [
        "- 15 s: cost +40.0% against the 600 s plan",
        "- 60 s: cost +8.0% against the 600 s plan",
        "- 600 s: cost +0.0% against the 600 s plan",
        "- 60 s over seeds 1, 2, 3 (54.0, 55.0, 56.0 M won): mean +6.5% against the mean at 600 s"
        " (50.0, 51.0, 54.0 M won)",
    ]
