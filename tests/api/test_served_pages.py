"""End to end in a real browser: `movable serve` on loopback, Debian's chromium through Playwright.

The plan map must have Leaflet's route lines and stop markers drawn, and a consultant's day page
must list exactly that consultant's stops of the plan, in order. Screenshots are kept under
var/screenshots/. Skipped where chromium or playwright is missing (.ci/run installs chromium).
"""

import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from models.io import dump_document, load_problem
from routing.locate import resolve_locations
from routing.solver import SolveOptions, solve

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "contract" / "example-problem.json"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# The maps render on a canvas (hundreds of circles), so "drawn" means Leaflet projected the layer
# for the canvas: a line with clipped pixel parts, a circle with a pixel position.
COUNT_LAYERS = """() => {
  const map = Object.values(window).find(v => window.L && v instanceof L.Map);
  if (!map) return {lines: 0, markers: 0, canvas: 0};
  let lines = 0, markers = 0;
  map.eachLayer(l => {
    if (l instanceof L.CircleMarker && l._point) markers += 1;
    else if (l instanceof L.Polyline && l._parts && l._parts.length) lines += 1;
  });
  return {lines, markers, canvas: document.querySelectorAll("canvas.leaflet-zoom-animated").length};
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, dict, str, str]]:
    """A seeded server: (base URL, plan document, coordinator key, consultant day URL)."""
    if not EXAMPLE.exists():
        pytest.skip("shared example absent")
    work = tmp_path_factory.mktemp("served")
    plan = solve(resolve_locations(load_problem(EXAMPLE)), SolveOptions(time_limit=3))
    (work / "plan.json").write_text(dump_document(plan), encoding="utf-8")
    port = _free_port()
    command = [sys.executable, "-m", "movable.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--db", f"sqlite:///{work / 'movable.db'}", "--seed-demo", str(work / "plan.json")]
    command += ["--demo-problem", str(EXAMPLE)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        banner = _wait_for(server, base)
        key = re.search(r"coordinator key: (\S+)", banner).group(1)  # type: ignore[union-attr]
        day = re.search(r"day:\s+(\S+)", banner).group(1)  # type: ignore[union-attr]
        yield base, json.loads(dump_document(plan)), key, day
    finally:
        server.terminate()
        server.wait(timeout=20)


def _wait_for(server: subprocess.Popen, base: str) -> str:
    """The lines the server printed before it answered (its keys), once it answers."""
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = server.stdout.readline()  # type: ignore[union-attr]
        lines.append(line)
        if "day:" in line:
            break
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/docs", timeout=2).status_code == 200:
                return "".join(lines)
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError("movable serve did not answer:\n" + "".join(lines))


def _browser(p):
    return p.chromium.launch(executable_path=shutil.which("chromium"), args=BROWSER_ARGS)


def _offline(page) -> None:
    """Only the server on loopback: map tiles and anything else outside are refused."""
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1).*"), lambda route: route.abort())


def test_plan_map_draws_routes_and_stops(served):
    """Leaflet drew one line per van-day and one marker per stop of the plan."""
    base, plan, key, _ = served
    with sync_api.sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        _offline(page)
        page.goto(f"{base}/plans/1/map?key={key}")
        page.wait_for_function(f"() => ({COUNT_LAYERS})().markers > 0")
        counts = page.evaluate(COUNT_LAYERS)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "plan-map.png"))
        browser.close()
    stops = sum(len(r["stops"]) for r in plan["routes"])
    assert counts["canvas"] >= 1
    assert counts["lines"] >= len(plan["routes"])
    assert counts["markers"] >= stops


def test_consultant_day_lists_the_plans_stops(served):
    """A consultant's day page lists exactly their stops of that date, in order; others' days are closed to them."""
    base, plan, key, seeded_day = served
    busiest = max(
        ((c, r["date"]) for r in plan["routes"] for s in r["stops"] for c in s["consultants"]),
        key=lambda cd: sum(cd[0] in s["consultants"] for r in plan["routes"] if r["date"] == cd[1] for s in r["stops"]),
    )
    consultant, date = busiest
    expected = [
        s["visit"] for r in plan["routes"] if r["date"] == date for s in r["stops"] if consultant in s["consultants"]
    ]
    seeded = re.search(r"/consultants/([^/]+)/day/", seeded_day).group(1)  # type: ignore[union-attr]
    with sync_api.sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        _offline(page)
        page.goto(f"{base}/consultants/{consultant}/day/{date}?key={key}")
        listed = page.eval_on_selector_all(".stop", "els => els.map(e => e.dataset.visit)")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "consultant-day.png"), full_page=True)
        someone_else = "C99" if seeded != "C99" else "C98"
        other = page.request.get(seeded_day.replace(f"/consultants/{seeded}/", f"/consultants/{someone_else}/"))
        browser.close()
    assert listed == expected and expected
    assert other.status == 403, "a consultant's key opens no one else's day"
