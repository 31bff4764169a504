"""Input errors with their meaning in Korean alongside, for the people who read them.

Messages are made in English (models.io, the importer, routing), one line each, naming the file,
row and column or the field path; the API returns them so, for programs to match. Where a person
reads them (the command line, the import page) each gets a short Korean gloss of what is wrong:
`visits.csv row 3, column 소요시간: 'abc' is not a number (숫자가 아님)`.
"""

import re

# (pattern in the English message, Korean gloss); the first match wins, so specific before general.
GLOSSES: tuple[tuple[str, str], ...] = (
    (r"is not a field of the contract", "알 수 없는 항목"),
    (r"is required|needs lat/lon, or an address", "필수 항목 누락"),
    (r"is not a whole number", "정수가 아님"),
    (r"is not a number|finite number", "숫자가 아님"),
    (r"is not a date", "날짜가 아님"),
    (r"is not a time", "시각이 아님"),
    (r"greater than or equal to (\S+)", r"\1 이상이어야 함"),
    (r"greater than (\S+)", r"\1보다 커야 함"),
    (r"less than or equal to (\S+)", r"\1 이하여야 함"),
    (r"less than (\S+)", r"\1보다 작아야 함"),
    (r"duplicate id", "중복된 ID"),
    (r"unknown consultant", "없는 컨설턴트"),
    (r"unknown van", "없는 차량"),
    (r"unknown visit", "없는 방문"),
    (r"names only a province", "시·도만 있음: 시·군을 덧붙이세요"),
    (r"could be .* add the province", "같은 이름의 지역이 여럿: 시·도를 덧붙이세요"),
    (r"names no known municipality", "알 수 없는 지역"),
    (r"lies outside the horizon", "계획 기간 밖의 날짜"),
    (r"is before|is after", "날짜 순서 오류"),
    (r"end must be after start", "끝 시각이 시작보다 늦어야 함"),
    (r"unavailable on", "그날은 불가"),
    (r"a formula with no saved value", "값이 저장되지 않은 수식"),
    (r"only the first sheet", "첫 시트만 읽음"),
    (r"no such file", "파일 없음"),
    (r"not valid JSON|JSON document is required", "JSON 형식 오류"),
    (r"not a readable|cannot read|neither UTF-8 nor CP949", "읽을 수 없는 파일"),
    (r"no vans", "차량 없음"),
)


def with_korean(message: str) -> str:
    """The message and, if it is of a known kind, its Korean gloss in brackets."""
    for pattern, gloss in GLOSSES:
        found = re.search(pattern, message)
        if found:
            korean = found.expand(gloss)
            return message if korean in message else f"{message} ({korean})"
    return message
