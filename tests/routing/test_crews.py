"""Teams for a trip's stops: every stop its skills and team size, as few consultants sleeping out as may be."""

from routing.crews import TripDay, aboard_whole_outings, assign_teams
from routing.instance import build_instance
from routing.locate import resolve_locations

BUYER, CERT = ("buyer_matching",), ("certification",)


def _instance(build, make_visit, make_consultant, visits, people):
    return build_instance(resolve_locations(build(visits, consultants=people)))


def test_one_consultant_does_both_days_when_one_can(build, make_visit, make_consultant):
    """Day 1's stop could go to either; day 2's only to C02. Giving day 1 to C01 would keep both
    aboard through the night out: one consultant's lodging for nothing."""
    people = [make_consultant("C01"), make_consultant("C02", BUYER + CERT)]
    visits = [make_visit("V1"), make_visit("V2", skills=["certification"])]
    instance = _instance(build, make_visit, make_consultant, visits, people)
    days = [TripDay(("C01", "C02"), (0,), night_out=True), TripDay(("C01", "C02"), (1,), night_out=False)]
    teams = assign_teams(instance, days, {0: 1.0, 1: 1.0}, {}, seed=1)
    assert teams == {0: ("C02",), 1: ("C02",)}


def test_a_second_rider_is_taken_when_the_daily_limit_needs_one(build, make_visit, make_consultant):
    """Four stops in a day and a limit of three visits each: fewer riders must not cost a visit."""
    people = [make_consultant("C01"), make_consultant("C02")]
    visits = [make_visit(f"V{k}") for k in range(4)]
    instance = _instance(build, make_visit, make_consultant, visits, people)
    days = [TripDay(("C01", "C02"), (0, 1, 2, 3), night_out=True), TripDay(("C01", "C02"), (), night_out=False)]
    teams = assign_teams(instance, days, {k: 1.0 for k in range(4)}, {}, seed=1)
    assert set(teams) == {0, 1, 2, 3}
    assert {c for team in teams.values() for c in team} == {"C01", "C02"}


def test_a_preferred_consultant_is_brought_along_for_one_night(build, make_visit, make_consultant):
    """C02 alone could do both stops; continuity is worth more than C01's one night out, so the
    company's mentor C01 takes its visit."""
    people = [make_consultant("C01"), make_consultant("C02", BUYER + CERT)]
    visits = [make_visit("V1", skills=["certification"]), make_visit("V2", preferred_consultants=["C01"])]
    instance = _instance(build, make_visit, make_consultant, visits, people)
    days = [TripDay(("C01", "C02"), (0,), night_out=True), TripDay(("C01", "C02"), (1,), night_out=False)]
    teams = assign_teams(instance, days, {0: 1.0, 1: 1.0}, {}, seed=1)
    assert teams == {0: ("C02",), 1: ("C01",)}


def test_pinned_team_is_kept_though_it_costs_a_rider(build, make_visit, make_consultant):
    people = [make_consultant("C01"), make_consultant("C02")]
    visits = [make_visit("V1"), make_visit("V2")]
    instance = _instance(build, make_visit, make_consultant, visits, people)
    days = [TripDay(("C01", "C02"), (0,), night_out=True), TripDay(("C01", "C02"), (1,), night_out=False)]
    teams = assign_teams(instance, days, {0: 1.0, 1: 1.0}, {0: ("C01",), 1: ("C02",)}, seed=1)
    assert teams == {0: ("C01",), 1: ("C02",)}


def test_whoever_misses_a_day_of_an_outing_rides_none_of_it():
    """C02 is off on Wednesday, in the middle of a Tuesday-Thursday outing: joining on Thursday
    would mean reaching the van's lodging on their own, and Tuesday would leave them there. The
    next outing (from the depot on Friday) may take them again; a pin keeps its consultant."""
    days = [
        TripDay(("C01", "C02"), (0,), night_out=True),
        TripDay(("C01",), (1,), night_out=True),
        TripDay(("C01", "C02"), (2,), night_out=False),
        TripDay(("C01", "C02"), (3,), night_out=False),
    ]
    assert [d.crew for d in aboard_whole_outings(days)] == [("C01",), ("C01",), ("C01",), ("C01", "C02")]
    assert [d.crew for d in aboard_whole_outings(days, pinned={"C02"})] == [d.crew for d in days]
