"""Provinces served below the national share weigh more, steeply the further behind, up to MOST."""

from routing.fairness import MOST, POWER, province_factors


def closed(province: str, served: int, total: int) -> list[tuple[str, bool]]:
    return [(province, k < served) for k in range(total)]


def test_a_province_behind_the_nation_weighs_more_the_further_behind():
    factors = province_factors(closed("경기도", 18, 20) + closed("경상남도", 7, 10) + closed("충청남도", 8, 10))
    assert factors["경기도"] == 1.0  # nation 33/40 = 0.825
    assert factors["충청남도"] == (0.825 / 0.8) ** POWER
    assert factors["경상남도"] == (0.825 / 0.7) ** POWER > 2 * factors["충청남도"]


def test_the_weight_is_capped_and_small_provinces_are_left_out():
    factors = province_factors(closed("경기도", 10, 10) + closed("강원특별자치도", 0, 5) + closed("서울특별시", 0, 2))
    assert factors["강원특별자치도"] == MOST
    assert "서울특별시" not in factors


def test_nothing_closed_yet_weighs_nothing():
    assert province_factors([]) == {}
