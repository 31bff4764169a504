"""Tests for movable.importing: the coordinators' CSV and Excel files become a Problem, or clear errors."""

from __future__ import annotations

import csv
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import movable.importing as importing
from models.clock import format_clock
from models.io import InputError
from models.problem import Depot, TimeWindow, Visit
from movable.importing import COLUMNS, import_problem

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "import"
START, END = date(2027, 3, 2), date(2027, 3, 31)

CONSULTANTS = [["id", "name", "skills"], ["C01", "김영호", "buyer_matching"], ["C02", "이정숙", "certification"]]
VANS = [["id", "seats"], ["VAN-1", "10"]]
VISIT_HEADER = ["id", "company", "region", "duration_minutes", "earliest_date", "latest_date"]
VISIT_ROW = ["V001", "(주)한빛메디칼", "창원시", "120", "2027-03-02", "2027-03-31"]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def import_visits(tmp_path: Path, visits: Path, **options: object):
    consultants = write_csv(tmp_path / "consultants.csv", CONSULTANTS)
    vans = write_csv(tmp_path / "vans.csv", VANS)
    return import_problem(visits, consultants, vans, START, END, **options)


def errors_of(tmp_path: Path, visits: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        import_visits(tmp_path, visits)
    return caught.value.messages


def test_english_headers_csv(tmp_path: Path) -> None:
    """A CSV with the contract's field names as headers gives the visit, consultants, vans and defaults."""
    visits = write_csv(
        tmp_path / "visits.csv",
        [
            [*VISIT_HEADER, "skills", "time_windows", "priority", "preferred_consultants", "lat", "lon"],
            [*VISIT_ROW, "buyer_matching", "09:00-12:00, 13:00-18:00", "2", "C01", "35.2003", "128.6846"],
        ],
    )
    problem = import_visits(tmp_path, visits)
    assert problem.name == "Movable KOTRA 2027-03-02..2027-03-31"
    assert problem.depot == Depot(id="HQ", name="KOTRA 본사 (Seoul HQ)", lat=37.4687, lon=127.0404)
    assert problem.horizon.holidays == "KR"
    assert [c.id for c in problem.consultants] == ["C01", "C02"]
    assert problem.vans[0].seats == 10
    assert problem.visits == (
        Visit(
            id="V001", company="(주)한빛메디칼", region="창원시", lat=35.2003, lon=128.6846,
            duration_minutes=120, skills=("buyer_matching",), earliest_date=START, latest_date=END,
            time_windows=(TimeWindow(start=540, end=720), TimeWindow(start=780, end=1080)),
            priority=2, preferred_consultants=("C01",),
        ),
    )  # fmt: skip


def test_korean_headers_xlsx(tmp_path: Path) -> None:
    """An Excel sheet with Korean headers, date cells, number cells and a text id with leading zeros."""
    visits = write_xlsx(
        tmp_path / "visits.xlsx",
        [
            ["방문ID", "기업명", "주소", "소요시간(분)", "필요역량", "필요인원", "희망시작일", "희망종료일",
             "방문가능시간", "우선순위", "담당컨설턴트"],
            ["007", "대성정밀(주)", "경상남도 김해시 주촌면", 90, "certification·buyer_matching", 2,
             datetime(2027, 3, 4), datetime(2027, 3, 19), "9:00~12:00", 3, "이정숙 / C01"],
        ],
    )  # fmt: skip
    consultants = write_xlsx(
        tmp_path / "consultants.xlsx",
        [["컨설턴트ID", "성명", "전문분야", "휴가", "일일최대방문"], ["C01", "김영호", "buyer_matching", None, 4],
         ["C02", "이정숙", "certification", datetime(2027, 3, 3), None]],
    )  # fmt: skip
    vans = write_xlsx(tmp_path / "vans.xlsx", [["차량", "좌석수", "정비일"], ["VAN-1", 10, "2027-03-05, 2027-03-08"]])
    problem = import_problem(visits, consultants, vans, START, END)
    (visit,) = problem.visits
    assert visit.id == "007"
    assert (visit.company, visit.address, visit.duration_minutes, visit.team_size) == (
        "대성정밀(주)", "경상남도 김해시 주촌면", 90, 2,
    )  # fmt: skip
    assert visit.skills == ("certification", "buyer_matching")
    assert (visit.earliest_date, visit.latest_date) == (date(2027, 3, 4), date(2027, 3, 19))
    assert visit.time_windows == (TimeWindow(start=540, end=720),)
    assert visit.priority == 3
    assert visit.preferred_consultants == ("C02", "C01")
    assert [c.max_visits_per_day for c in problem.consultants] == [4, 3]
    assert problem.consultants[1].unavailable_dates == (date(2027, 3, 3),)
    assert problem.vans[0].unavailable_dates == (date(2027, 3, 5), date(2027, 3, 8))


def test_cp949_csv(tmp_path: Path) -> None:
    """A CSV saved by Korean Excel (CP949) reads with its Hangul intact."""
    rows = [["방문ID", "회사명", "지역", "소요시간", "시작일", "종료일"], ["V1", "(주)바다푸드", "부산", "60", "", ""]]
    visits = write_csv(tmp_path / "visits.csv", rows, encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        visits.read_bytes().decode("utf-8")
    (visit,) = import_visits(tmp_path, visits).visits
    assert (visit.company, visit.region) == ("(주)바다푸드", "부산")


def test_short_cp949_text_that_is_also_valid_utf8(tmp_path: Path) -> None:
    """CP949 '카' is the UTF-8 bytes of 'ī': with no Hangul in the UTF-8 reading, CP949 wins; '·' stays UTF-8."""
    rows = [VISIT_HEADER, ["V1", "카", "Busan", "60", "", ""]]
    visits = write_csv(tmp_path / "visits.csv", rows, encoding="cp949")
    assert visits.read_bytes().decode("utf-8").count("ī") == 1
    assert import_visits(tmp_path, visits).visits[0].company == "카"
    consultants = write_csv(tmp_path / "c.csv", [["id", "skills"], ["C01", "certification·market:eu"]])
    (consultant,) = import_problem(visits, consultants, write_csv(tmp_path / "v.csv", VANS), START, END).consultants
    assert consultant.skills == ("certification", "market:eu")


def test_utf8_names_with_accents_stay_as_written(tmp_path: Path) -> None:
    """A UTF-8 file without BOM (as Google Sheets saves it) with 'René' and 'Nestlé' and no Hangul:
    their bytes also read as CP949 Hangul ('é' as '챕'), but accents inside Latin words are UTF-8."""
    visits = write_csv(tmp_path / "visits.csv", [VISIT_HEADER, ["V1", "Nestlé Korea", "Busan", "60", "", ""]])
    consultants = write_csv(tmp_path / "c.csv", [["id", "name", "skills"], ["C01", "René Kim", "certification"]])
    problem = import_problem(visits, consultants, write_csv(tmp_path / "v.csv", VANS), START, END)
    assert problem.visits[0].company == "Nestlé Korea"
    assert problem.consultants[0].name == "René Kim"


def test_utf8_with_bom(tmp_path: Path) -> None:
    """Excel's "CSV UTF-8" starts with a BOM; the first header still matches."""
    visits = write_csv(tmp_path / "visits.csv", [VISIT_HEADER, VISIT_ROW], encoding="utf-8-sig")
    assert visits.read_bytes().startswith(b"\xef\xbb\xbf")
    assert import_visits(tmp_path, visits).visits[0].id == "V001"


def test_undecodable_csv_is_an_error(tmp_path: Path) -> None:
    """A CSV in neither UTF-8 nor CP949 is refused with the file named, not a traceback."""
    visits = tmp_path / "visits.csv"
    visits.write_bytes(b"id,company\nV1,\xff\xfe\xff\n")
    assert errors_of(tmp_path, visits) == [
        "visits.csv: neither UTF-8 nor CP949 text; save it as 'CSV UTF-8' from Excel"
    ]


def test_excel_serial_and_dotted_dates(tmp_path: Path) -> None:
    """Dates as Excel serial numbers (46448 = 2027-03-02), `2027.3.2`, `2027/3/2` and Excel date-time text."""
    visits = write_csv(
        tmp_path / "visits.csv",
        [
            VISIT_HEADER,
            ["V1", "", "부산", "60", "46448", "2027.3.9"],
            ["V2", "", "부산", "60.0", "2027/3/2", "2027-03-09 00:00:00"],
        ],
    )
    first, second = import_visits(tmp_path, visits).visits
    assert (first.earliest_date, first.latest_date) == (date(2027, 3, 2), date(2027, 3, 9))
    assert (second.earliest_date, second.latest_date, second.duration_minutes) == (
        date(2027, 3, 2),
        date(2027, 3, 9),
        60,
    )


def test_unavailable_date_ranges_expand(tmp_path: Path) -> None:
    """A range `2027-03-15~2027-03-17` in a list of dates stands for every day in it."""
    visits = write_csv(tmp_path / "visits.csv", [VISIT_HEADER, VISIT_ROW])
    consultants = write_csv(tmp_path / "c.csv", [["id", "휴가"], ["C01", "2027-03-15~2027-03-17; 2027/3/20"]])
    vans = write_csv(tmp_path / "vans.csv", VANS)
    (consultant,) = import_problem(visits, consultants, vans, START, END).consultants
    assert consultant.unavailable_dates == tuple(date(2027, 3, d) for d in (15, 16, 17, 20))


def test_bad_duration_names_row_and_column(tmp_path: Path) -> None:
    """`abc` in the duration column is reported with its spreadsheet row and the header as written."""
    visits = write_xlsx(
        tmp_path / "visits.xlsx",
        [["방문ID", "지역", "소요시간"], ["V1", "부산", 60], ["V2", "부산", "abc"], ["V3", "부산", 1.5]],
    )
    assert errors_of(tmp_path, visits) == [
        "visits.xlsx row 3, column 소요시간: 'abc' is not a number",
        "visits.xlsx row 4, column 소요시간: '1.5' is not a whole number",
    ]


def test_contract_errors_map_back_to_rows(tmp_path: Path) -> None:
    """Errors the Problem model finds (range, window order, date order) name the row and column, not visits[i]."""
    visits = write_csv(
        tmp_path / "visits.csv",
        [
            ["방문ID", "지역", "소요시간", "우선순위", "방문가능시간", "시작일", "종료일"],
            ["V1", "부산", "60", "7", "09:00-12:00", "", ""],
            ["V2", "부산", "0", "1", "13:00-18:00, 12:00-9:00", "", ""],
            ["V3", "부산", "60", "", "", "2027-03-10", "2027-03-05"],
        ],
    )
    assert errors_of(tmp_path, visits) == [
        "visits.csv row 2, column 우선순위: should be less than or equal to 5 (cell '7')",
        "visits.csv row 3, column 소요시간: should be greater than 0 (cell '0')",
        "visits.csv row 3, column 방문가능시간: window 2: end must be after start (cell '13:00-18:00, 12:00-9:00')",
        "visits.csv row 4, column 종료일: '2027-03-05' is before 시작일 '2027-03-10'",
    ]


def test_dates_wholly_outside_the_horizon_are_an_error(tmp_path: Path) -> None:
    """A year typed wrong (2026 for 2027) would leave the request never planned: the row is named."""
    visits = write_csv(
        tmp_path / "visits.csv",
        [VISIT_HEADER, ["V1", "한빛", "부산", "60", "2026-03-02", "2026-03-10"], ["V2", "두리", "부산", "60", "", ""]],
    )
    assert errors_of(tmp_path, visits) == [
        "visits.csv row 2, column latest_date: '2026-03-02' to '2026-03-10' lies outside the horizon "
        "2027-03-02 to 2027-03-31"
    ]


def test_rows_excel_would_hide_are_refused(tmp_path: Path) -> None:
    """Rows on a second sheet (only the first is read), and formulas saved without their values
    (a script's workbook: the cell reads empty and its default is taken) are errors, not lost rows."""
    book = openpyxl.Workbook()
    march = book.active
    march.title = "3월"
    for row in ([*VISIT_HEADER, "priority"], [*VISIT_ROW[:4], "2027-03-02", "=E2+7", "=1+2"]):
        march.append(row)
    april = book.create_sheet("4월")
    april.append(VISIT_HEADER)
    april.append(["V002", "두리", "부산", "60", "2027-04-01", "2027-04-09"])
    book.save(tmp_path / "visits.xlsx")
    assert errors_of(tmp_path, tmp_path / "visits.xlsx") == [
        "visits.xlsx: sheet '4월' holds rows too, but only the first sheet ('3월') is read: "
        "put every row on one sheet, or each table in its own file",
        "visits.xlsx row 2, column F: a formula with no saved value (=E2+7); open the file in Excel and save it, "
        "or type the value",
        "visits.xlsx row 2, column G: a formula with no saved value (=1+2); open the file in Excel and save it, "
        "or type the value",
    ]


def test_a_place_no_one_can_find_is_the_rows_error(tmp_path: Path) -> None:
    """A region the region data does not know, or one several provinces share, is reported at the
    import with its row and column (before, only the solve found it, naming visits[0])."""
    visits = write_csv(
        tmp_path / "visits.csv",
        [VISIT_HEADER, ["V1", "한빛", "아무데나", "60", "", ""], ["V2", "두리", "고성군", "60", "", ""], VISIT_ROW],
    )
    first, second = errors_of(tmp_path, visits)
    assert first == "visits.csv row 2, column region: '아무데나' names no known municipality; give lat/lon"
    assert second.startswith("visits.csv row 3, column region: '고성군' could be 강원특별자치도 고성군")


def test_a_reversed_horizon_is_the_one_error(tmp_path: Path) -> None:
    """Start and end swapped: one message, not also one per row whose dates default to the horizon."""
    visits = write_csv(tmp_path / "visits.csv", [VISIT_HEADER, ["V1", "한빛", "부산", "60", "", ""]])
    consultants, vans = write_csv(tmp_path / "c.csv", CONSULTANTS), write_csv(tmp_path / "v.csv", VANS)
    with pytest.raises(InputError) as caught:
        import_problem(visits, consultants, vans, END, START)
    assert caught.value.messages == ["horizon: the end 2027-03-02 is before the start 2027-03-31"]


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    """Faults in all three files come back together, file by file and row by row."""
    visits = write_csv(tmp_path / "visits.csv", [[*VISIT_HEADER, "비고"], [*VISIT_ROW[:3], "2h", *VISIT_ROW[4:], "!"]])
    consultants = write_csv(tmp_path / "c.csv", [["id", "휴가"], ["C01", "2027-02-30"], ["C02", "3월 중"]])
    vans = write_xlsx(tmp_path / "vans.xlsx", [["차량", "좌석"], ["VAN-1", 0], ["VAN-2", "열"]])
    with pytest.raises(InputError) as caught:
        import_problem(visits, consultants, vans, START, END)
    assert [line.split(":")[0] for line in caught.value.messages] == [
        "visits.csv",
        "visits.csv row 2, column duration_minutes",
        "c.csv row 2, column 휴가",
        "c.csv row 3, column 휴가",
        "vans.xlsx row 2, column 좌석",
        "vans.xlsx row 3, column 좌석",
    ]
    assert "should be greater than or equal to 1 (cell '0')" in caught.value.messages[4]


def test_missing_required_column_names_it(tmp_path: Path) -> None:
    """A file without a required column is refused, naming the file, the column and the accepted headers."""
    visits = write_csv(tmp_path / "visits.csv", [["방문ID", "지역"], ["V1", "부산"]])
    assert errors_of(tmp_path, visits) == [
        "visits.csv: missing column 'duration_minutes' (headers accepted: duration_minutes, 소요시간(분), 소요시간)"
    ]


def test_unknown_column_is_an_error_unless_empty(tmp_path: Path) -> None:
    """A column nobody knows is an error if it holds anything; a completely empty one is ignored."""
    visits = write_csv(
        tmp_path / "visits.csv",
        [
            [*VISIT_HEADER, "비고", "메모"],
            [*VISIT_ROW, "", ""],
            ["V002", "x", *VISIT_ROW[2:], "전화 먼저", " "],
        ],
    )
    (message,) = errors_of(tmp_path, visits)
    assert message.startswith("visits.csv: unknown column '비고' (column G)")
    write_csv(visits, [[*VISIT_HEADER, "메모"], [*VISIT_ROW, ""]])
    assert len(import_visits(tmp_path, visits).visits) == 1


def test_empty_row_skipped_but_bad_row_kept(tmp_path: Path) -> None:
    """A blank row is no data and is skipped; a row with anything in it is kept and its fault reported."""
    visits = write_csv(
        tmp_path / "visits.csv",
        [VISIT_HEADER, VISIT_ROW, ["", "", "", "", "", ""], ["  ", "", "", "", "", ""], ["V2", "", "", "", "", ""]],
    )
    assert errors_of(tmp_path, visits) == [
        "visits.csv row 5: needs a location: lat and lon, or address or region",
        "visits.csv row 5, column duration_minutes: is required",
    ]
    write_csv(visits, [VISIT_HEADER, VISIT_ROW, ["", "", "", "", "", ""], ["V2", "", "부산", "30", "", ""]])
    assert [(v.id, v.earliest_date, v.latest_date) for v in import_visits(tmp_path, visits).visits] == [
        ("V001", START, END),
        ("V2", START, END),
    ]


def test_unknown_preferred_consultant_names_the_row(tmp_path: Path) -> None:
    """A preferred consultant that is neither an id nor a name in the consultants file is an error on its row."""
    visits = write_csv(
        tmp_path / "visits.csv",
        [[*VISIT_HEADER, "담당컨설턴트"], [*VISIT_ROW, "C01"], ["V002", *VISIT_ROW[1:], "C01, C09"]],
    )
    assert errors_of(tmp_path, visits) == [
        "visits.csv row 3, column 담당컨설턴트: unknown consultant 'C09' (not an id or name in consultants.csv)"
    ]


def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    """A repeated id is reported on the second row, pointing at the first."""
    visits = write_csv(tmp_path / "visits.csv", [VISIT_HEADER, VISIT_ROW, VISIT_ROW])
    assert errors_of(tmp_path, visits) == ["visits.csv row 3, column id: duplicate id 'V001', first used at row 2"]


def test_options_pass_through(tmp_path: Path) -> None:
    """Name, depot and holiday calendar given by the caller replace the defaults."""
    visits = write_csv(tmp_path / "visits.csv", [VISIT_HEADER, VISIT_ROW])
    depot = Depot(id="BUSAN", name="부산지원단", lat=35.1, lon=129.0)
    problem = import_visits(tmp_path, visits, name="H1", depot=depot, holidays=None)
    assert (problem.name, problem.depot, problem.horizon.holidays) == ("H1", depot, None)


def test_headers_are_unambiguous_and_documented() -> None:
    """No normalised header maps to two fields, and docs/import.md and the module docstring list every header."""
    docs = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    for kind, columns in COLUMNS.items():
        seen: dict[str, str] = {}
        for name, column in columns.items():
            assert column.headers[0] == name
            for header in column.headers:
                key = importing._normalise(header)
                assert seen.setdefault(key, name) == name, f"{kind}: '{header}' is ambiguous"
                assert header in docs and header in importing.__doc__, f"{kind}: '{header}' is not documented"


# --- round trip ------------------------------------------------------------------------------------

HANGUL = "가나다라마바사아자차카타파하한빛정밀전자바이오식품"
IDS = st.one_of(st.from_regex(r"V[0-9]{1,5}", fullmatch=True), st.from_regex(r"0[0-9]{2,4}", fullmatch=True))
TEXT = st.text(alphabet=HANGUL + "abcXYZ0123 ()&.,'\"-", min_size=1, max_size=20).map(str.strip).filter(bool)
SKILL = st.from_regex(r"[a-z][a-z_]{0,10}(:[a-z_]{1,8})?", fullmatch=True)
DATE_FORMATS = [
    date.isoformat,
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.isoformat()} 00:00:00",
    lambda d: str((d - date(1899, 12, 30)).days),
]
HEADERS_KO = {
    "id": "요청번호",
    "company": "기업명",
    "lat": "위도",
    "lon": "경도",
    "duration_minutes": "소요시간(분)",
    "skills": "필요역량",
    "team_size": "필요인원",
    "earliest_date": "희망시작일",
    "latest_date": "희망종료일",
    "time_windows": "방문가능시간",
    "priority": "우선순위",
    "preferred_consultants": "희망컨설턴트",
}


@st.composite
def windows(draw: st.DrawFn) -> tuple[TimeWindow, ...] | None:
    if draw(st.booleans()):
        return None
    starts = draw(st.lists(st.integers(0, 23 * 60), min_size=1, max_size=3))
    return tuple(TimeWindow(start=s, end=draw(st.integers(s + 1, 24 * 60))) for s in starts)


@st.composite
def visit_rows(draw: st.DrawFn) -> list[Visit]:
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    visits = []
    for vid in ids:
        # any dates that meet the horizon (START-END): wholly outside it is an import error
        earliest = draw(st.dates(date(2027, 1, 4), END))
        latest = max(earliest, START) + timedelta(days=draw(st.integers(0, 60)))
        visits.append(
            Visit(
                id=vid,
                company=draw(st.one_of(st.just(""), TEXT)),
                lat=draw(st.floats(33.0, 38.6).map(lambda x: round(x, 6))),
                lon=draw(st.floats(124.5, 131.9).map(lambda x: round(x, 6))),
                duration_minutes=draw(st.integers(1, 24 * 60)),
                skills=tuple(draw(st.lists(SKILL, max_size=3, unique=True))),
                team_size=draw(st.integers(1, 5)),
                earliest_date=earliest,
                latest_date=latest,
                time_windows=draw(windows()),
                priority=draw(st.integers(1, 5)),
                preferred_consultants=tuple(draw(st.lists(st.sampled_from(["C01", "C02"]), max_size=2, unique=True))),
            )
        )
    return visits


def _clock(minutes: int, padded: bool) -> str:
    text = format_clock(minutes)
    return text if padded else text.removeprefix("0") if minutes >= 60 else text


@given(
    visits=visit_rows(),
    korean=st.booleans(),
    container=st.sampled_from(["utf-8", "utf-8-sig", "cp949", "xlsx"]),
    formats=st.data(),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_well_formed_rows_round_trip(visits: list[Visit], korean: bool, container: str, formats: st.DataObject) -> None:
    """Whatever well-formed visit rows are written, in any accepted spelling, come back unchanged in the Problem."""
    fields = list(HEADERS_KO)
    rows: list[list[str]] = [[HEADERS_KO[f] if korean else f for f in fields]]
    for visit in visits:
        list_sep = formats.draw(st.sampled_from([", ", ";", " / ", "|", "·"]))
        written = {
            "id": visit.id,
            "company": visit.company,
            "lat": repr(visit.lat),
            "lon": repr(visit.lon),
            "duration_minutes": formats.draw(st.sampled_from(["{}", "{}.0"])).format(visit.duration_minutes),
            "skills": list_sep.join(visit.skills),
            "team_size": str(visit.team_size),
            "earliest_date": formats.draw(st.sampled_from(DATE_FORMATS))(visit.earliest_date),
            "latest_date": formats.draw(st.sampled_from(DATE_FORMATS))(visit.latest_date),
            "time_windows": "",
            "priority": str(visit.priority),
            "preferred_consultants": list_sep.join(visit.preferred_consultants),
        }
        if visit.time_windows is not None:
            dash, padded = formats.draw(st.sampled_from(["-", "~", " - "])), formats.draw(st.booleans())
            written["time_windows"] = ", ".join(
                f"{_clock(w.start, padded)}{dash}{_clock(w.end, padded)}" for w in visit.time_windows
            )
        rows.append([written[f] for f in fields])
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        if container == "xlsx":
            path = write_xlsx(tmp / "visits.xlsx", rows)
        else:
            path = write_csv(tmp / "visits.csv", rows, encoding=container)
        problem = import_visits(tmp, path)
    assert list(problem.visits) == visits


# --- the sample set --------------------------------------------------------------------------------


def test_sample_set_imports() -> None:
    """tests/data/import: Korean headers, a BOM, mixed date and list spellings, an empty row, names for ids."""
    problem = import_problem(SAMPLE / "visits.csv", SAMPLE / "consultants.csv", SAMPLE / "vans.csv", START, END)
    assert [v.id for v in problem.visits] == [f"V{n:04d}" for n in range(1, 11)]
    assert [c.id for c in problem.consultants] == ["C01", "C02", "C03", "C04"]
    assert [v.id for v in problem.vans] == ["VAN-1", "VAN-2"]
    by_id = {v.id: v for v in problem.visits}
    assert by_id["V0001"].preferred_consultants == ("C01",)  # written as the name 김영호
    assert (by_id["V0003"].earliest_date, by_id["V0003"].latest_date) == (date(2027, 3, 2), date(2027, 3, 31))
    assert by_id["V0002"].lat is None and by_id["V0002"].address == "경상남도 김해시 주촌면 골든루트로 80"
    assert by_id["V0006"].earliest_date == START and by_id["V0006"].latest_date == END
    assert by_id["V0005"].skills == ("certification", "market:eu") and by_id["V0005"].team_size == 2
    assert by_id["V0010"].preferred_consultants == ("C01", "C04")
    assert len(problem.consultants[2].unavailable_dates) == 5
    sheet = pd.read_csv(SAMPLE / "visits.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(sheet) == 11  # ten requests and the empty row, which is skipped


def test_too_many_rows_is_refused_naming_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "MAX_ROWS", 3)
    rows = [VISIT_HEADER] + [[f"V{i:03}", *VISIT_ROW[1:]] for i in range(4)]
    messages = errors_of(tmp_path, write_csv(tmp_path / "visits.csv", rows))
    assert any("visits.csv: at most 3 rows (got 4)" in m for m in messages), messages


def test_too_large_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    read = importing._read_any

    def only_small(path: Path) -> list[list[str]]:
        assert path.name != "visits.csv", "a file over the limit was read"
        return read(path)

    monkeypatch.setattr(importing, "_read_any", only_small)
    visits = write_csv(tmp_path / "visits.csv", [VISIT_HEADER, *[VISIT_ROW] * 5])
    messages = errors_of(tmp_path, visits)
    assert any(m.startswith("visits.csv: at most") and "per file (got" in m for m in messages), messages
