"""Import a problem from the spreadsheets coordinators keep: visits, consultants and vans.

Three files, each ``.csv`` (UTF-8, UTF-8 with BOM, or CP949 as Korean Excel
writes it) or ``.xlsx`` (the first sheet; rows on other sheets, and formulas
saved without values, are errors). Every cell is read as text, so ids
keep their leading zeros and nothing is rounded. The first non-empty row holds
the headers; a header is matched after stripping, lowercasing and removing
spaces and underscores, so ``Duration_Minutes``, ``duration minutes`` and
``소요시간 (분)`` all work. ``docs/import.md`` holds the same tables with examples.

visits (one row a visit request):

    ====================== ================================ ========= ====
    column                 Korean headers                   required  kind
    ====================== ================================ ========= ====
    id                     방문ID, 요청번호                 yes       id
    company                회사명, 기업명                             text
    address                주소                                       text
    region                 지역                                       text
    lat                    위도                                       number
    lon                    경도                                       number
    duration_minutes       소요시간(분), 소요시간           yes       whole number
    skills                 필요역량                                   list
    team_size              인원, 필요인원                             whole number
    earliest_date          시작일, 희망시작일                         date (empty: horizon start)
    latest_date            종료일, 희망종료일                         date (empty: horizon end)
    time_windows           방문가능시간, 가능시간                     windows (empty: the workday)
    priority               우선순위                                   whole number 1-5
    preferred_consultants  희망컨설턴트, 담당컨설턴트                 list of consultant ids or names
    ====================== ================================ ========= ====

    A visit needs lat and lon, or an address or region (resolved later by the
    solver through the region table; nothing is geocoded here).

consultants:

    ====================== ================================ ========= ====
    id                     컨설턴트ID                       yes       id
    name                   이름, 성명                                 text
    skills                 역량, 전문분야                             list
    unavailable_dates      휴가, 불가일                               list of dates or ranges
    max_visits_per_day     일일최대방문, 일일최대방문수               whole number
    ====================== ================================ ========= ====

vans:

    ====================== ================================ ========= ====
    id                     차량ID, 차량                     yes       id
    seats                  좌석, 좌석수                     yes       whole number
    unavailable_dates      정비일, 불가일                             list of dates or ranges
    ====================== ================================ ========= ====

Cells: lists are separated by ``,`` ``;`` ``/`` ``|`` ``·`` (or a line break);
time windows read ``09:00-12:00, 13:00-18:00`` (``~`` also separates a range,
``9:00`` is fine); dates read ``2027-03-02``, ``2027.3.2``, ``2027/3/2``,
``2027년 3월 2일``, ``2027-03-02 00:00:00`` (an Excel date cell) or an Excel
serial number (``46448``); a list of dates may hold ranges ``2027-03-02~2027-03-05``.
Numbers read ``120`` or ``120.0``.

Empty rows are skipped; empty cells take the contract's default. A column the
tables do not know is an error unless it is completely empty, so no data is
ever dropped silently. Every problem found is reported at once, as
``visits.xlsx row 7, column 소요시간: 'abc' is not a number``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from models.clock import format_clock, parse_clock
from models.io import InputError, parse_document
from models.problem import Depot, Policy, Problem
from routing.locate import resolve_locations


@dataclass(frozen=True)
class Column:
    """One column of an import file: its accepted headers (the contract's field name first) and cell kind."""

    headers: tuple[str, ...]
    kind: str  # text | int | float | list | dates | date | windows
    required: bool = False
    meaning: str = ""
    example: str = ""


VISIT_COLUMNS: dict[str, Column] = {
    "id": Column(("id", "방문ID", "요청번호"), "text", True, "unique id of the visit request", "V0001"),
    "company": Column(("company", "회사명", "기업명"), "text", False, "company visited", "(주)한빛메디칼"),
    "address": Column(("address", "주소"), "text", False, "address, located by the solver", "경상남도 창원시 성산구"),
    "region": Column(("region", "지역"), "text", False, "municipality, when there is no address", "창원시"),
    "lat": Column(("lat", "위도"), "float", False, "latitude (with lon)", "35.2003"),
    "lon": Column(("lon", "경도"), "float", False, "longitude (with lat)", "128.6846"),
    "duration_minutes": Column(("duration_minutes", "소요시간(분)", "소요시간"), "int", True, "minutes on site", "120"),
    "skills": Column(("skills", "필요역량"), "list", False, "skills the team must hold", "buyer_matching, market:eu"),
    "team_size": Column(("team_size", "인원", "필요인원"), "int", False, "least number of consultants (1)", "1"),
    "earliest_date": Column(
        ("earliest_date", "시작일", "희망시작일"), "date", False, "first possible date (horizon start)", "2027-03-02"
    ),
    "latest_date": Column(
        ("latest_date", "종료일", "희망종료일"), "date", False, "last possible date (horizon end)", "2027.3.31"
    ),
    "time_windows": Column(
        ("time_windows", "방문가능시간", "가능시간"),
        "windows",
        False,
        "hours open (the workday)",
        "09:00-12:00, 13:00-18:00",
    ),
    "priority": Column(("priority", "우선순위"), "int", False, "1 normal to 5 most important (1)", "2"),
    "preferred_consultants": Column(
        ("preferred_consultants", "희망컨설턴트", "담당컨설턴트"),
        "list",
        False,
        "consultant ids or names wished",
        "C01",
    ),
}

CONSULTANT_COLUMNS: dict[str, Column] = {
    "id": Column(("id", "컨설턴트ID"), "text", True, "unique id of the consultant", "C01"),
    "name": Column(("name", "이름", "성명"), "text", False, "name", "김민준"),
    "skills": Column(
        ("skills", "역량", "전문분야"), "list", False, "skills held", "buyer_matching; market:middle_east"
    ),
    "unavailable_dates": Column(
        ("unavailable_dates", "휴가", "불가일"), "dates", False, "days away (dates or ranges)", "2027-03-08~2027-03-10"
    ),
    "max_visits_per_day": Column(
        ("max_visits_per_day", "일일최대방문", "일일최대방문수"), "int", False, "visits a day at most (3)", "3"
    ),
}

VAN_COLUMNS: dict[str, Column] = {
    "id": Column(("id", "차량ID", "차량"), "text", True, "unique id of the van", "VAN-1"),
    "seats": Column(("seats", "좌석", "좌석수"), "int", True, "seats, the driver's included", "10"),
    "unavailable_dates": Column(
        ("unavailable_dates", "정비일", "불가일"), "dates", False, "days in the garage (dates or ranges)", "2027/3/8"
    ),
}

COLUMNS: dict[str, dict[str, Column]] = {
    "visits": VISIT_COLUMNS,
    "consultants": CONSULTANT_COLUMNS,
    "vans": VAN_COLUMNS,
}

DEFAULT_DEPOT = Depot(id="HQ", name="KOTRA 본사 (Seoul HQ)", lat=37.4687, lon=127.0404)

_LOCATION_FIELDS = ("lat", "lon", "address", "region")
_LIST_SEPARATORS = re.compile(r"[,;/|·ㆍ・\n]")
_DATE_LIST_SEPARATORS = re.compile(r"[,;|·ㆍ・\n]")  # '/' is split afterwards: it also writes dates
_RANGE = re.compile(r"^(.+?)\s*[~～]\s*(.+)$")
_WINDOW = re.compile(r"^(\d{1,2}:\d{2}(?::00)?)\s*[-–~～]\s*(\d{1,2}:\d{2}(?::00)?)$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")
_YMD = re.compile(r"^(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")  # Excel day numbers 10000-99999: 1927 to 2173
_EXCEL_EPOCH = date(1899, 12, 30)
_WHOLE = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_MAX_RANGE_DAYS = 366
# A spreadsheet larger than these is refused before it is parsed: a half-year of visits is a few
# thousand rows, and parsing (pandas for .xlsx) a far larger file would tie up the process.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000  # data rows, the header not counted


class _CellError(ValueError):
    """A cell that does not read as its column's kind; the message quotes the text."""


class _Bad:
    """Stands in for a cell already reported: pydantic rejects it whatever the field, and we skip that error."""

    def __repr__(self) -> str:
        return "<reported>"


_BAD = _Bad()


# --- cells ---------------------------------------------------------------------------------------


def _split(text: str, separators: re.Pattern[str] = _LIST_SEPARATORS) -> list[str]:
    return [part.strip() for part in separators.split(text) if part.strip()]


def _whole(text: str) -> int:
    if _WHOLE.match(text):
        return int(float(text)) if "." in text else int(text)
    try:
        float(text)
    except ValueError:
        raise _CellError(f"{text!r} is not a number") from None
    raise _CellError(f"{text!r} is not a whole number")


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _CellError(f"{text!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _CellError(f"{text!r} is not a number")
    return value


def _date(text: str) -> str:
    match = _YMD.match(text)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        match = _SERIAL.match(text)
        if match:
            return (_EXCEL_EPOCH + timedelta(days=int(match[1]))).isoformat()
    except ValueError:
        pass
    raise _CellError(f"{text!r} is not a date (write 2027-03-02, 2027.3.2 or 2027/3/2)")


def _date_or_range(text: str) -> list[str]:
    match = _RANGE.match(text)
    if not match:
        return [_date(text)]
    first, last = date.fromisoformat(_date(match[1])), date.fromisoformat(_date(match[2]))
    if last < first:
        raise _CellError(f"{text!r}: the range ends before it starts")
    if (last - first).days >= _MAX_RANGE_DAYS:
        raise _CellError(f"{text!r}: a range of more than a year is surely a typo")
    return [(first + timedelta(days=k)).isoformat() for k in range((last - first).days + 1)]


def _dates(text: str) -> list[str]:
    days: list[str] = []
    for part in _split(text, _DATE_LIST_SEPARATORS):
        try:
            days.extend(_date_or_range(part))
        except _CellError:
            if "/" not in part:
                raise
            try:  # "2027-03-02/2027-03-05" is a list; "2027/3/2" was tried above as one date
                for piece in _split(part, re.compile("/")):
                    days.extend(_date_or_range(piece))
            except _CellError:
                raise _CellError(f"{part!r} is not a date (write 2027-03-02, 2027.3.2 or 2027/3/2)") from None
    return list(dict.fromkeys(days))


def _clock(text: str) -> str:
    match = _TIME.match(text)
    try:
        if match:
            return format_clock(parse_clock(f"{int(match[1]):02d}:{match[2]}"))
    except ValueError:
        pass
    raise _CellError(f"{text!r} is not a time (write 09:00)")


def _windows(text: str) -> list[dict[str, str]]:
    windows = []
    for part in _split(text):
        match = _WINDOW.match(part)
        if not match:
            raise _CellError(f"{part!r} is not a time window (write 09:00-12:00, 13:00-18:00)")
        windows.append({"start": _clock(match[1]), "end": _clock(match[2])})
    return windows


_PARSERS: dict[str, Callable[[str], Any]] = {
    "text": lambda text: text,
    "int": _whole,
    "float": _number,
    "list": _split,
    "date": _date,
    "dates": _dates,
    "windows": _windows,
}


# --- files ---------------------------------------------------------------------------------------


def _normalise(header: str) -> str:
    return re.sub(r"[\s_]+", "", unicodedata.normalize("NFKC", header)).lower()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _hangul(text: str) -> int:
    return sum("가" <= char <= "힣" for char in text)


def _decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else CP949; None if neither reads.

    A short CP949 text can happen to be valid UTF-8 ('카' is the bytes of 'ī'). When the UTF-8 reading has
    no Hangul and its only non-ASCII characters are accented Latin letters standing alone (a Korean
    word read so is accented letters only, 'René' or 'Nestlé' has plain ones beside them), while the
    CP949 reading has Hangul, the file is taken as CP949. (Korean headers never read as UTF-8, so this
    only matters for files with English headers and a few Korean words.)
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is not None and (data.startswith(b"\xef\xbb\xbf") or not _maybe_cp949(text)):
        return text
    try:
        korean = data.decode("cp949")
    except UnicodeDecodeError:
        return text
    return korean if text is None or _hangul(korean) else text


def _maybe_cp949(text: str) -> bool:
    """Whether a UTF-8 reading may be CP949: accented Latin letters only, and some word made of them alone."""
    foreign = [char for char in text if not char.isascii()]
    if not foreign or not all("\u00c0" <= char <= "\u024f" and char.isalpha() for char in foreign):
        return False
    words = re.findall(r"[^\W\d_]+", text)
    return any(not any(char.isascii() for char in word) for word in words if not word.isascii())


def _read_rows(path: Path) -> list[list[str]]:
    """Every row of the file (the header row included) as text, blank rows kept so row numbers hold."""
    if not path.is_file():
        raise InputError([f"{path}: no such file"])
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        limit, got = MAX_FILE_BYTES / 2**20, size / 2**20
        raise InputError([f"{path.name}: at most {limit:.1f} MB per file (got {got:.1f} MB)"])
    rows = _read_any(path)
    if len(rows) - 1 > MAX_ROWS:
        raise InputError([f"{path.name}: at most {MAX_ROWS} rows (got {len(rows) - 1})"])
    return rows


def _read_any(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = _decode(path.read_bytes())
        if text is None:
            raise InputError([f"{path.name}: neither UTF-8 nor CP949 text; save it as 'CSV UTF-8' from Excel"])
        try:
            return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
        except csv.Error as error:
            raise InputError([f"{path.name}: not a readable CSV file ({error})"]) from None
    if suffix in (".xlsx", ".xlsm", ".xls"):
        try:
            frame = pd.read_excel(path, sheet_name=0, header=None, dtype=str, keep_default_na=False)
        except ImportError:
            raise InputError([f"{path.name}: old .xls files cannot be read here; save it as .xlsx or CSV"]) from None
        except Exception as error:  # a damaged or mislabelled workbook: report it, never a traceback
            raise InputError([f"{path.name}: not a readable Excel file ({error})"]) from None
        if suffix != ".xls":
            _nothing_unread(path)
        return [["" if cell is None else str(cell) for cell in row] for row in frame.itertuples(index=False)]
    raise InputError([f"{path.name}: unsupported file type '{path.suffix}' (use .csv or .xlsx)"])


def _nothing_unread(path: Path) -> None:
    """Refuse a workbook whose rows would be lost unseen: rows on sheets after the first (only the
    first is read), and formulas with no value saved (files written by scripts and some web tools:
    the cell would read as empty and its default be taken)."""
    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        first = formulas.worksheets[0].title
        errors = [
            f"{path.name}: sheet '{sheet.title}' holds rows too, but only the first sheet ('{first}') is read: "
            "put every row on one sheet, or each table in its own file"
            for sheet in formulas.worksheets[1:]
            if any(str(cell).strip() for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None)
        ]
        errors += _formulas_without_values(path.name, formulas.worksheets[0], values.worksheets[0])
    finally:
        formulas.close()
        values.close()
    if errors:
        raise InputError(errors)


def _formulas_without_values(name: str, formulas: Any, values: Any) -> list[str]:
    errors = []
    rows = zip(formulas.iter_rows(values_only=True), values.iter_rows(values_only=True), strict=False)
    for number, (cells, shown) in enumerate(rows, start=1):
        for column, (cell, value) in enumerate(zip(cells, shown, strict=False)):
            if isinstance(cell, str) and cell.startswith("=") and value is None:
                errors.append(
                    f"{name} row {number}, column {_letter(column)}: a formula with no saved value ({cell}); "
                    "open the file in Excel and save it, or type the value"
                )
    return errors


@dataclass
class _Row:
    number: int  # as the user sees it in Excel: the header is row 1
    record: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)  # field -> text as written
    reported: set[str] = field(default_factory=set)  # fields with an error already reported
    defaulted: set[str] = field(default_factory=set)


@dataclass
class _Sheet:
    kind: str
    file: str
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written
    rows: list[_Row] = field(default_factory=list)

    def label(self, name: str) -> str:
        return self.headers.get(name, name)


class _Errors:
    """Messages with a sort key, so that a file's problems come out in row order."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, int, str]] = []

    def add(self, sheet: _Sheet | None, row: int, message: str) -> None:
        order = list(COLUMNS).index(sheet.kind) if sheet else len(COLUMNS)
        self.items.append((order, row, len(self.items), message))

    def cell(self, sheet: _Sheet, row: _Row, name: str, message: str) -> None:
        row.reported.add(name)
        self.add(sheet, row.number, f"{sheet.file} row {row.number}, column {sheet.label(name)}: {message}")

    def messages(self) -> list[str]:
        return [message for *_, message in sorted(self.items)]


def _read_sheet(kind: str, path: Path, errors: _Errors) -> tuple[_Sheet, bool]:
    """The sheet's rows parsed cell by cell; the flag tells whether every column needed is there."""
    columns = COLUMNS[kind]
    sheet = _Sheet(kind, path.name)
    rows = _read_rows(path)
    first = next((i for i, row in enumerate(rows) if any(cell.strip() for cell in row)), None)
    if first is None:
        errors.add(sheet, 0, f"{path.name}: the file is empty; the first row must hold the column headers")
        return sheet, False
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    body = rows[first + 1 :]
    lookup = {_normalise(header): name for name, column in columns.items() for header in column.headers}
    if not any(_normalise(header) in lookup for header in rows[first]):
        seen = ", ".join(repr(header.strip()) for header in rows[first] if header.strip())
        errors.add(
            sheet,
            0,
            f"{path.name}: row {first + 1} ({seen}) holds none of the column headers; the first row "
            "must hold them (see docs/import.md)",
        )
        return sheet, False
    used: dict[int, str] = {}
    for index, header in enumerate(rows[first]):
        header = header.strip()
        empty = not any(row[index].strip() for row in body)
        name = lookup.get(_normalise(header)) if header else None
        if name is None:
            if empty:
                continue
            if not header:
                errors.add(sheet, 0, f"{path.name}: column {_letter(index)} holds values but has no header")
            else:
                accepted = ", ".join(columns)
                errors.add(
                    sheet,
                    0,
                    f"{path.name}: unknown column '{header}' (column {_letter(index)}); the columns are "
                    f"{accepted} or their Korean names (docs/import.md); delete or empty it if it is not needed",
                )
            continue
        if name in sheet.headers:
            errors.add(sheet, 0, f"{path.name}: columns '{sheet.headers[name]}' and '{header}' both give {name}")
            continue
        sheet.headers[name] = header
        used[index] = name
    complete = True
    for name, column in columns.items():
        if column.required and name not in sheet.headers:
            complete = False
            errors.add(
                sheet, 0, f"{path.name}: missing column '{name}' (headers accepted: {', '.join(column.headers)})"
            )
    if kind == "visits":
        complete &= _check_location_columns(sheet, errors)
    for offset, cells in enumerate(body):
        if not any(cell.strip() for cell in cells):
            continue  # an empty row is not data
        row = _Row(first + 2 + offset)
        for index, name in used.items():
            text = cells[index].strip()
            if not text:
                continue
            row.cells[name] = text
            try:
                row.record[name] = _PARSERS[columns[name].kind](text)
            except _CellError as error:
                row.record[name] = _BAD
                errors.cell(sheet, row, name, str(error))
        sheet.rows.append(row)
    return sheet, complete


def _check_location_columns(sheet: _Sheet, errors: _Errors) -> bool:
    given = [name for name in _LOCATION_FIELDS if name in sheet.headers]
    if not given:
        where = "lat and lon (위도, 경도), or address (주소) or region (지역)"
        errors.add(sheet, 0, f"{sheet.file}: missing columns: {where}")
        return False
    if ("lat" in given) != ("lon" in given):
        missing = "lon (경도)" if "lat" in given else "lat (위도)"
        errors.add(sheet, 0, f"{sheet.file}: missing column {missing}: lat and lon go together")
        return False
    return True


# --- rows across files ---------------------------------------------------------------------------


def _check_ids(sheet: _Sheet, errors: _Errors) -> None:
    seen: dict[str, int] = {}
    for row in sheet.rows:
        value = row.record.get("id")
        if not isinstance(value, str):
            continue
        if value in seen:
            errors.cell(sheet, row, "id", f"duplicate id '{value}', first used at row {seen[value]}")
        seen.setdefault(value, row.number)


def _resolve_preferred(visits: _Sheet, consultants: _Sheet, errors: _Errors) -> None:
    """Preferred consultants by id, or by name where exactly one consultant has it."""
    ids = {row.record["id"] for row in consultants.rows if isinstance(row.record.get("id"), str)}
    by_name: dict[str, list[str]] = {}
    for row in consultants.rows:
        name, cid = row.record.get("name"), row.record.get("id")
        if isinstance(name, str) and isinstance(cid, str):
            by_name.setdefault(name, []).append(cid)
    for row in visits.rows:
        wished = row.record.get("preferred_consultants")
        if not isinstance(wished, list):
            continue
        resolved, problems = [], []
        for item in wished:
            if item in ids:
                resolved.append(item)
            elif len(by_name.get(item, ())) == 1:
                resolved.append(by_name[item][0])
            elif item in by_name:
                problems.append(
                    f"'{item}' names {len(by_name[item])} consultants ({', '.join(by_name[item])}); write the id"
                )
            else:
                problems.append(f"unknown consultant '{item}' (not an id or name in {consultants.file})")
        for problem in problems:
            errors.cell(visits, row, "preferred_consultants", problem)
        row.record["preferred_consultants"] = _BAD if problems else list(dict.fromkeys(resolved))


def _complete_visits(visits: _Sheet, start: date, end: date, errors: _Errors) -> None:
    """Default the dates to the horizon, and check what the Visit model checks across cells, in the user's terms."""
    for row in visits.rows:
        record = row.record
        for name, default in (("earliest_date", start), ("latest_date", end)):
            if name not in record:
                record[name] = default.isoformat()
                row.defaulted.add(name)
        if not any(name in record for name in _LOCATION_FIELDS) and any(n in visits.headers for n in _LOCATION_FIELDS):
            where = f"{visits.label('lat')} and {visits.label('lon')}, or {visits.label('address')} or "
            errors.add(
                visits, row.number, f"{visits.file} row {row.number}: needs a location: {where}{visits.label('region')}"
            )
        for one, other in (("lat", "lon"), ("lon", "lat")):
            if one in record and other not in record:
                errors.cell(visits, row, other, f"is required when {visits.label(one)} is given")
                row.reported.add("")
        first, last = record["earliest_date"], record["latest_date"]
        if isinstance(first, str) and isinstance(last, str) and last < first and len(row.defaulted) < 2:
            row.reported.add("")
            if "latest_date" in row.defaulted:
                message = f"{row.cells['earliest_date']!r} is after the horizon end {end}"
                errors.cell(visits, row, "earliest_date", message)
            elif "earliest_date" in row.defaulted:
                message = f"{row.cells['latest_date']!r} is before the horizon start {start}"
                errors.cell(visits, row, "latest_date", message)
            else:
                message = f"{row.cells['latest_date']!r} is before {visits.label('earliest_date')} "
                errors.cell(visits, row, "latest_date", message + repr(row.cells["earliest_date"]))
        elif isinstance(first, str) and isinstance(last, str) and (last < start.isoformat() or first > end.isoformat()):
            # a typo in the year, most likely: the request could never be planned in this half-year
            row.reported.add("")
            name = "earliest_date" if first > end.isoformat() else "latest_date"
            span = f"{row.cells.get('earliest_date', first)!r} to {row.cells.get('latest_date', last)!r}"
            errors.cell(visits, row, name, f"{span} lies outside the horizon {start} to {end}")


# --- pydantic's remaining errors, back to rows ---------------------------------------------------


def _locate(message: str, raw: dict[str, Any]) -> tuple[str, int, str, str, str] | None:
    """`visits[5] (V006).time_windows[0]: msg` -> ("visits", 5, "time_windows", "[0]", "msg")."""
    match = re.match(r"^(visits|consultants|vans)\[(\d+)\]", message)
    if not match:
        return None
    kind, index = match[1], int(match[2])
    rest = message[match.end() :]
    items = raw.get(kind)
    item = items[index] if isinstance(items, list) and index < len(items) else None
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        rest = rest.removeprefix(f" ({item['id']})")
    path, separator, text = rest.partition(": ")
    if not separator:
        return None
    field_match = re.match(r"^\.(\w+)(.*)$", path)
    if path and not field_match:
        return None
    name, sub = (field_match[1], field_match[2]) if field_match else ("", "")
    return kind, index, name, sub, text


def _map_message(message: str, raw: dict[str, Any], sheets: dict[str, _Sheet], errors: _Errors) -> None:
    whole = re.match(r"^(visits|consultants|vans): ", message)
    if whole:  # about the list itself: "at least 1 item after validation" when every row failed
        sheet = sheets[whole[1]]
        if not any(row.reported for row in sheet.rows):
            errors.add(sheet, 0, f"{sheet.file}: {message[whole.end() :]}")
        return
    located = _locate(message, raw)
    if located is None:
        errors.add(None, 0, message)
        return
    kind, index, name, sub, text = located
    sheet = sheets[kind]
    row = sheet.rows[index]
    if name in row.reported or (not name and "" in row.reported):
        return  # already told, in the user's terms ("" marks the row-level checks made here)
    if text.startswith("Input should be "):
        text = "should be " + text.removeprefix("Input should be ")
    if not name:
        names = "|".join(sorted(COLUMNS[kind], key=len, reverse=True))
        text = re.sub(rf"\b({names})\b", lambda match: _describe(sheet, row, match[1]), text)
        errors.add(sheet, row.number, f"{sheet.file} row {row.number}: {text}")
        return
    if sub:
        item = re.match(r"^\[(\d+)\]", sub)
        noun = "window" if name == "time_windows" else "item"
        text = f"{noun} {int(item[1]) + 1}: {text}" if item else f"{sub.lstrip('.')}: {text}"
    cell = row.cells.get(name)
    if cell is not None and f"'{cell}'" not in text:
        text += f" (cell '{cell}')"
    errors.cell(sheet, row, name, text)


def _describe(sheet: _Sheet, row: _Row, name: str) -> str:
    if name in row.defaulted:
        return f"{name} (empty, so the horizon {'start' if name == 'earliest_date' else 'end'})"
    label = sheet.label(name)
    return label if label == name else f"{label} ({name})"


# --- the import ----------------------------------------------------------------------------------


def import_problem(
    visits: Path,
    consultants: Path,
    vans: Path,
    start: date,
    end: date,
    *,
    name: str | None = None,
    depot: Depot | None = None,
    policy: Policy | None = None,
    holidays: str | None = "KR",
) -> Problem:
    """Build a problem from the three spreadsheets; every problem found is raised at once as an InputError."""
    if end < start:  # every row's default dates would be reported reversed too: say the one fault
        raise InputError([f"horizon: the end {end} is before the start {start}"])
    errors = _Errors()
    sheets: dict[str, _Sheet] = {}
    complete: dict[str, bool] = {}
    for kind, path in (("visits", Path(visits)), ("consultants", Path(consultants)), ("vans", Path(vans))):
        try:
            sheets[kind], complete[kind] = _read_sheet(kind, path, errors)
        except InputError as error:
            sheets[kind], complete[kind] = _Sheet(kind, path.name), False
            for message in error.messages:
                errors.add(sheets[kind], 0, message)
    for sheet in sheets.values():
        _check_ids(sheet, errors)
    if complete["consultants"]:  # else every wish would be reported as unknown
        _resolve_preferred(sheets["visits"], sheets["consultants"], errors)
    _complete_visits(sheets["visits"], start, end, errors)
    if complete["vans"] and not sheets["vans"].rows:
        errors.add(sheets["vans"], 0, f"{sheets['vans'].file}: no vans; at least one row is needed")
        complete["vans"] = False

    raw: dict[str, Any] = {
        "name": name if name is not None else f"Movable KOTRA {start}..{end}",
        "horizon": {"start": start.isoformat(), "end": end.isoformat(), "holidays": holidays, "closed_dates": []},
        "depot": (depot or DEFAULT_DEPOT).model_dump(mode="json"),
        "policy": (policy or Policy()).model_dump(mode="json"),
        **{kind: [row.record for row in sheet.rows] for kind, sheet in sheets.items()},
    }
    if not all(complete.values()):  # a missing column or file would come back as an error on every row
        raise InputError(errors.messages())
    try:
        problem = parse_document(raw, Problem)
        resolve_locations(problem)  # a place no one can find is the row's error now, not the solve's
    except InputError as error:
        for message in error.messages:
            _map_message(message, raw, sheets, errors)
        problem = None
    messages = errors.messages()
    if messages or problem is None:
        raise InputError(messages or ["the problem is not valid"])
    return problem
