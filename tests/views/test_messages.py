"""Tests for views.messages: an input error read by a person carries its meaning in Korean."""

from views.messages import with_korean


def test_each_kind_of_error_gets_its_korean_gloss():
    assert with_korean("visits.csv row 3, column 소요시간: 'abc' is not a number") == (
        "visits.csv row 3, column 소요시간: 'abc' is not a number (숫자가 아님)"
    )
    assert with_korean("visits[0] (V1).priority: Input should be less than or equal to 5").endswith("(5 이하여야 함)")
    assert with_korean("visits[2] (V3).duration_minutes: should be greater than 0").endswith("(0보다 커야 함)")
    assert with_korean("depot: is required").endswith("(필수 항목 누락)")
    assert with_korean("visits[4] (V5).address: '고성군' could be A, B; add the province or city").endswith(
        "(같은 이름의 지역이 여럿: 시·도를 덧붙이세요)"
    )


def test_a_message_already_in_korean_or_of_no_known_kind_is_left_as_it_is():
    folder = "-o out: 폴더입니다 (is a folder): give a file name, e.g. out/plan.json"
    assert with_korean(folder) == folder
    assert with_korean("something new went wrong") == "something new went wrong"
    assert with_korean("colour: is not a field of the contract").endswith("contract (알 수 없는 항목)")
