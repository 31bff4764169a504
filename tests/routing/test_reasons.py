"""Each structural reason is found exactly, and in the contract's order."""

from pathlib import Path

from models.io import load_problem
from routing.instance import build_instance
from routing.reasons import structural_reasons

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "contract" / "example-problem.json"


def reasons_of(problem):
    return {vid: u.reason for vid, u in structural_reasons(build_instance(problem)).items()}


def test_weekend_only_range_has_no_working_day(build, make_visit):
    """A range that holds only Saturday and Sunday is NO_WORKING_DAY."""
    p = build([make_visit("V1", earliest_date="2027-03-06", latest_date="2027-03-07")], end="2027-03-12")
    assert reasons_of(p) == {"V1": "NO_WORKING_DAY"}


def test_public_holiday_is_not_a_working_day(build, make_visit):
    """March 1st (삼일절) alone is NO_WORKING_DAY."""
    p = build([make_visit("V1", earliest_date="2027-03-01", latest_date="2027-03-01")], start="2027-03-01")
    assert reasons_of(p) == {"V1": "NO_WORKING_DAY"}


def test_window_shorter_than_visit(build, make_visit):
    """A 120-minute visit with a 60-minute window is WINDOW_TOO_SHORT."""
    p = build([make_visit("V1", duration_minutes=120, time_windows=[{"start": "10:00", "end": "11:00"}])])
    assert reasons_of(p) == {"V1": "WINDOW_TOO_SHORT"}


def test_window_outside_workday_is_too_short(build, make_visit):
    """A window that lies after the workday counts as no window at all."""
    p = build([make_visit("V1", time_windows=[{"start": "19:00", "end": "23:00"}])])
    assert reasons_of(p) == {"V1": "WINDOW_TOO_SHORT"}


def test_skill_nobody_has(build, make_visit):
    """A skill no consultant holds is NO_SKILLED_TEAM, and the detail names it."""
    p = build([make_visit("V1", skills=["market:latin_america"])])
    found = structural_reasons(build_instance(p))["V1"]
    assert found.reason == "NO_SKILLED_TEAM" and "market:latin_america" in found.detail


def test_team_larger_than_van(build, make_visit, make_consultant):
    """team_size beyond the van's consultant seats is NO_SKILLED_TEAM."""
    people = [make_consultant(f"C{i}") for i in range(5)]
    p = build([make_visit("V1", team_size=4)], consultants=people, vans=[{"id": "VAN-1", "seats": 4}])
    assert reasons_of(p) == {"V1": "NO_SKILLED_TEAM"}


def test_skilled_consultant_on_leave_all_range(build, make_visit, make_consultant):
    """The only skilled consultant away on every day of the range is NO_TEAM_AVAILABLE."""
    away = ["2027-03-02", "2027-03-03"]
    p = build(
        [make_visit("V1", latest_date="2027-03-03")],
        consultants=[make_consultant("C01", unavailable_dates=away)],
    )
    assert reasons_of(p) == {"V1": "NO_TEAM_AVAILABLE"}


def test_no_van_on_the_only_day(build, make_visit):
    """A van in maintenance on the visit's only day is NO_TEAM_AVAILABLE."""
    p = build(
        [make_visit("V1", earliest_date="2027-03-03", latest_date="2027-03-03")],
        vans=[{"id": "VAN-1", "seats": 10, "unavailable_dates": ["2027-03-03"]}],
    )
    assert reasons_of(p) == {"V1": "NO_TEAM_AVAILABLE"}


def test_jeju_is_unreachable(build, make_visit):
    """An island without a bridge is UNREACHABLE."""
    assert reasons_of(build([make_visit("V1", "jeju")])) == {"V1": "UNREACHABLE"}


def test_far_day_trip_is_unreachable_without_overnight(build, make_visit):
    """Without nights away, Geoje and back (2 × 234 min) does not fit a 420-minute driving day."""
    p = build([make_visit("V1", "geoje")], overnight={"allowed": False}, max_drive_minutes_per_day=420)
    assert reasons_of(p) == {"V1": "UNREACHABLE"}


def test_far_visit_is_reachable_with_overnight(build, make_visit):
    """With nights away allowed, the same Geoje visit under the same driving limit is ordinary."""
    assert reasons_of(build([make_visit("V1", "geoje")], max_drive_minutes_per_day=420)) == {}


def test_single_day_between_holidays_cannot_reach_geoje(build, make_visit):
    """A Friday between a holiday and the weekend gives no night away: Geoje is UNREACHABLE."""
    p = build(
        [make_visit("V1", "geoje", earliest_date="2027-05-14", latest_date="2027-05-14")],
        start="2027-05-12",
        end="2027-05-14",
        max_drive_minutes_per_day=420,
    )  # 2027-05-13 is Buddha's Birthday
    assert reasons_of(p) == {"V1": "UNREACHABLE"}


def test_first_reason_in_contract_order_wins(build, make_visit):
    """A weekend-only visit needing an unknown skill on Jeju is NO_WORKING_DAY."""
    v = make_visit("V1", "jeju", skills=["nobody"], earliest_date="2027-03-06", latest_date="2027-03-07")
    assert reasons_of(build([v], end="2027-03-12")) == {"V1": "NO_WORKING_DAY"}


def test_shared_example_reasons():
    """The shared example's three impossible visits get exactly their reasons."""
    if not EXAMPLE.exists():
        import pytest

        pytest.skip("shared example absent")
    found = reasons_of(load_problem(EXAMPLE))
    assert found == {"V010": "UNREACHABLE", "V011": "NO_SKILLED_TEAM", "V012": "NO_WORKING_DAY"}
