"""The relaxation the km target is measured on, as our solver gets it."""

from benchmarks.half_year import relaxation


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
