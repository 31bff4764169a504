"""The import page: upload the coordinators' three files and a horizon; row-level errors are listed back.

The form posts multipart/form-data to /api/scenarios/import with the fields
`visits`, `consultants`, `vans` (files: .xlsx or .csv), `start`, `end`
(dates) and an optional `name`: the fields of `movable import` (docs/import.md).
`result` (after a successful import) is shown as a short summary: its keys
"name", "visits", "consultants", "vans" when present, and a link when it has
"url" (e.g. the new scenario's page).
"""

from typing import Any

from views.messages import with_korean
from views.templating import render

ACTION = "/api/scenarios/import"
SUMMARY_KEYS = (
    ("name", "이름 (name)"),
    ("visits", "방문 요청 (visits)"),
    ("consultants", "컨설턴트 (consultants)"),
    ("vans", "차량 (vans)"),
    ("start", "시작일 (start)"),
    ("end", "종료일 (end)"),
)


def import_html(
    errors: list[str] | None = None,
    result: dict[str, Any] | None = None,
    *,
    action: str = ACTION,
    values: dict[str, str] | None = None,
) -> str:
    """`values` refills the start, end and name fields after a failed attempt."""
    summary = [(label, result[key]) for key, label in SUMMARY_KEYS if result and key in result]
    return render(
        "import.html",
        errors=[with_korean(e) for e in errors or []],
        result=result,
        summary=summary,
        result_url=(result or {}).get("url"),
        action=action,
        values=values or {},
    )
