"""Tests for routing.locate: every visit gets coordinates, or an error that says what to add."""

from datetime import date

from models import Visit
from routing.locate import _unresolved


def _said(**where: str) -> str:
    visit = Visit(id="V1", duration_minutes=60, earliest_date=date(2027, 3, 2), latest_date=date(2027, 3, 3), **where)
    return _unresolved(0, visit)


def test_a_name_several_places_share_asks_for_the_province() -> None:
    """'고성군' is in Gangwon and in Gyeongsangnam-do: both are named, in Korean and romanized, under
    the field the visit gave."""
    said = _said(region="고성군")
    assert said.startswith("visits[0] (V1).region: '고성군' could be 강원특별자치도 고성군")
    assert "경상남도 고성군 (Gyeongsangnam-do Goseong-gun)" in said
    assert "add the province or city" in _said(address="중구")


def test_a_province_alone_asks_for_the_city() -> None:
    """'경상남도' alone is a province, not a place to drive to."""
    assert _said(address="경상남도").endswith(
        "names only a province (경상남도); add the city or county (시/군), or give lat/lon"
    )


def test_an_unknown_name_is_said_to_be_unknown() -> None:
    assert _said(address="Atlantis 1").endswith("'Atlantis 1' names no known municipality; give lat/lon")
