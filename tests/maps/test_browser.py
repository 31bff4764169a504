"""Map pages in a real browser (Debian chromium), offline: Leaflet from vendor files, popups as text.

Skipped where chromium or playwright is missing (scripts/install-browser.sh installs chromium).
"""

import shutil
from functools import partial

import pytest

from maps.assets import media_type, vendor_files
from maps.overview import plan_map
from maps.provinces import province_map
from maps.render import map_fragment, page_html
from maps.van_day import van_day_map

from .conftest import HOSTILE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")

PAGE = "http://movable.test/map"
OPEN_POPUP = """visit => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  let opened = false;
  // The popup is bound to the van's GeoJson group: a click on the stop propagates to it, as a user's would.
  map.eachLayer(l => {
    if (l.feature && l.feature.properties.visit === visit) {
      l.fire("click", {latlng: l.getLatLng()}, true);
      opened = true;
    }
  });
  return opened;
}"""


def _serve(route, html: str) -> None:
    """The page and the vendor files from memory; anything else (tiles) is refused: the test runs offline."""
    files = vendor_files()
    url = route.request.url
    path = url.split("/static/vendor/", 1)[-1]
    if url == PAGE:
        route.fulfill(body=html, content_type="text/html; charset=utf-8")
    elif "/static/vendor/" in url and path in files:
        route.fulfill(status=200, body=files[path], content_type=media_type(path))
    else:
        route.abort()


def _launch(p):
    return p.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    )


def test_plan_map_runs_offline_and_popups_show_text(hostile) -> None:
    """Leaflet loads from local files, no script error, one layer entry per van, hostile name shown as text."""
    problem, plan, visit = hostile
    html = page_html(plan_map(plan, problem))
    errors: list[str] = []
    dialogs: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = _launch(p)
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/*", lambda route: _serve(route, html))
        page.goto(PAGE)
        page.wait_for_function("typeof L !== 'undefined' && typeof jQuery !== 'undefined'")
        overlays = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        assert page.evaluate(OPEN_POPUP, visit)
        popup = page.locator(".leaflet-popup-content").inner_text()
        browser.close()
    assert errors == [] and dialogs == []
    assert [o.strip() for o in overlays] == [f"{v.id} 차량 (van)" for v in problem.vans] + ["숙박 (lodging)"]
    assert HOSTILE in popup


def test_other_maps_and_the_fragment_run_offline(example) -> None:
    """Van-day and province maps, and a map fragment inside a host page, draw with no script error."""
    problem, plan = example
    pages = {
        "van-day": page_html(van_day_map(plan.routes[0], problem)),
        "provinces": page_html(province_map(problem, plan)),
        "host": "<!doctype html><meta charset='utf-8'><h1>host</h1>"
        + map_fragment(van_day_map(plan.routes[0], problem)),
    }
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = _launch(p)
        for name, html in pages.items():
            page = browser.new_page()
            page.on("pageerror", lambda e, name=name: errors.append(f"{name}: {e}"))
            page.route("**/*", partial(_serve, html=html))  # Playwright passes (route, request) to 2-arg lambdas
            page.goto(PAGE)
            frame = page.frames[-1]  # the srcdoc iframe for the host page, else the page itself
            frame.wait_for_function("typeof L !== 'undefined' && document.querySelector('.leaflet-container') !== null")
            page.close()
        browser.close()
    assert errors == []
