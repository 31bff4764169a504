"""The import page: a multipart form with the three files and the horizon; errors listed as text."""

from views.import_page import import_html

from .conftest import HOSTILE, elements


def test_form_posts_the_files_and_dates() -> None:
    """multipart POST to /api/scenarios/import with visits, consultants, vans, start, end."""
    html = import_html(None, None)
    form = elements(html, "import")[0]
    assert form["method"] == "post" and form["action"] == "/api/scenarios/import"
    assert form["enctype"] == "multipart/form-data"
    for name in ("visits", "consultants", "vans"):
        assert f'name="{name}" type="file"' in html
    for name in ("start", "end"):
        assert f'name="{name}" type="date"' in html


def test_errors_are_listed_as_text() -> None:
    """Each row-level error is an item, with its meaning in Korean beside it; markup in a message is escaped."""
    errors = ["visits row 3 (V003).duration_minutes: 'abc' is not a whole number", f"visits row 4: {HOSTILE}"]
    items = elements(import_html(errors, None), "error")
    assert [i["text"] for i in items] == [f"{errors[0]} (정수가 아님)", errors[1]]
    assert "<script>" not in import_html(errors, None)


def test_result_summary_and_link() -> None:
    """After a successful import the counts show with a link to the scenario; fields refill."""
    html = import_html(None, {"name": "2027-H1", "visits": 850, "url": "/scenarios/7"}, values={"start": "2027-01-04"})
    assert elements(html, "ok")[0]["data-result"] == "ok"
    assert "850" in html and 'href="/scenarios/7"' in html
    assert 'value="2027-01-04"' in html
