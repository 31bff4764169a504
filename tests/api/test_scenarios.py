"""Scenarios: create from a problem document or from spreadsheets, list, read; errors name the field or row."""

import copy
from pathlib import Path

IMPORT = Path(__file__).resolve().parents[1] / "data" / "import"


def uploads(visits: bytes | None = None) -> dict[str, tuple[str, bytes, str]]:
    files = {kind: (f"{kind}.csv", (IMPORT / f"{kind}.csv").read_bytes(), "text/csv") for kind in ("visits", "vans")}
    files["consultants"] = ("컨설턴트.csv", (IMPORT / "consultants.csv").read_bytes(), "text/csv")
    if visits is not None:
        files["visits"] = ("방문요청.csv", visits, "text/csv")
    return files


def test_create_returns_201_and_location(seeded, example_raw):
    """POST /api/scenarios stores the document and points at it."""
    response = seeded.post("/api/scenarios", json=example_raw)
    assert response.status_code == 201
    new = response.json()["id"]
    assert response.headers["location"] == f"/api/scenarios/{new}"
    assert seeded.get(f"/api/scenarios/{new}").json()["problem"]["name"] == example_raw["name"]


def test_create_422_names_each_field(seeded, example_raw):
    """A bad document gets 422 with models.io's field paths (index and id), every error at once."""
    raw = copy.deepcopy(example_raw)
    raw["visits"][3]["time_windows"][0]["end"] = "25:00"
    raw["vans"][0]["seats"] = 0
    raw["colour"] = "blue"
    del raw["depot"]
    detail = seeded.post("/api/scenarios", json=raw).json()["detail"]
    assert "visits[3] (V004).time_windows[0].end: '25:00' is not a time" in detail
    assert any(line.startswith("vans[0] (VAN-1).seats:") for line in detail)
    assert "colour: is not a field of the contract" in detail
    assert "depot: is required" in detail


def test_create_422_for_no_body_or_broken_json(seeded):
    """No body, or JSON cut off mid-way: the message says the body is at fault and where, not a
    bare "is required" or "[9]: JSON decode error"."""
    empty = seeded.post("/api/scenarios")
    assert empty.status_code == 422 and empty.json()["detail"] == ["body: a JSON document is required"]
    broken = seeded.post("/api/scenarios", content=b'{"name": ', headers={"Content-Type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["detail"] == ["body: not valid JSON at character 9: Expecting value"]


def test_create_422_for_duplicate_ids_and_unknown_references(seeded, example_raw):
    """Whole-document rules come back one message a line, as models.io words them."""
    raw = copy.deepcopy(example_raw)
    raw["visits"][1]["id"] = raw["visits"][0]["id"]
    raw["visits"][2]["preferred_consultants"] = ["C99"]
    response = seeded.post("/api/scenarios", json=raw)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "visits[1] (V001).id: duplicate id, first used at visits[0]" in detail
    assert "visits[2] (V003).preferred_consultants[0]: unknown consultant 'C99'" in detail


def test_create_422_for_a_visit_that_cannot_be_located(seeded, example_raw):
    """A visit without coordinates whose address names no place is refused at once, not in a later job."""
    raw = copy.deepcopy(example_raw)
    visit = raw["visits"][0]
    visit.pop("lat"), visit.pop("lon")
    visit["address"], visit["region"] = "어딘가 알 수 없는 곳", None
    response = seeded.post("/api/scenarios", json=raw)
    assert response.status_code == 422
    assert response.json()["detail"][0].startswith("visits[0] (V001)")


def test_create_422_for_a_body_that_is_not_json(seeded):
    """Garbage in the body is a 422 with a message, not a 500."""
    response = seeded.post("/api/scenarios", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"]


def test_list_and_get(seeded):
    """The list shows counts and the published plan; one scenario shows its problem and plans."""
    listed = seeded.get("/api/scenarios").json()
    assert listed[0]["id"] == seeded.scenario
    assert listed[0]["visits"] == len(seeded.problem.visits)
    assert listed[0]["published_plan"] == seeded.plan
    one = seeded.get(f"/api/scenarios/{seeded.scenario}").json()
    assert [p["id"] for p in one["plans"]] == [seeded.plan]
    assert one["plans"][0]["kpis"]["visits_total"] == len(seeded.problem.visits)


def test_get_unknown_scenario_is_404(seeded):
    """An id that does not exist is 404 with a message."""
    response = seeded.get("/api/scenarios/999")
    assert response.status_code == 404
    assert response.json()["detail"] == ["scenario 999 not found"]


def test_import_spreadsheets(seeded):
    """The three CSV files of `movable import` become a scenario (Korean headers, CP949 or UTF-8)."""
    data = {"start": "2027-03-02", "end": "2027-03-31", "name": "가져오기 시험"}
    response = seeded.post("/api/scenarios/import", files=uploads(), data=data)
    assert response.status_code == 201, response.text
    scenario = seeded.get(response.headers["location"]).json()
    assert scenario["name"] == "가져오기 시험"
    assert scenario["visits"] > 0 and scenario["consultants"] > 0


def test_import_422_lists_rows_and_columns(seeded):
    """A bad cell comes back as a row-level message naming the uploaded file, row and column."""
    lines = (IMPORT / "visits.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(",")
    cells[6] = "두시간"  # duration_minutes
    lines[1] = ",".join(cells)
    bad = ("\n".join(lines) + "\n").encode("utf-8")
    response = seeded.post(
        "/api/scenarios/import", files=uploads(bad), data={"start": "2027-03-02", "end": "2027-03-31"}
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any("방문요청.csv" in line and "2" in line and "두시간" in line for line in detail), detail


def test_import_422_for_a_bad_date_field(seeded):
    """Form fields are validated too, with the field named."""
    response = seeded.post("/api/scenarios/import", files=uploads(), data={"start": "March", "end": "2027-03-31"})
    assert response.status_code == 422
    assert response.json()["detail"][0].startswith("start:")
