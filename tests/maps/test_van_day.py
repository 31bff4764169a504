"""One van-day's map: numbered stops in order, the line, start and end, bounds."""

from collections.abc import Iterator

import folium
from branca.element import Element

from maps.render import page_html
from maps.van_day import van_day_map


def _walk(element: Element) -> Iterator[Element]:
    for child in element._children.values():
        yield child
        yield from _walk(child)


def _badges(chart: folium.Map) -> list[tuple[list[float], str]]:
    """(location, badge html) of every DivIcon marker, in the order added."""
    found = []
    for marker in (e for e in chart._children.values() if isinstance(e, folium.Marker)):
        icon = next(e for e in _walk(marker) if isinstance(e, folium.DivIcon))
        found.append((marker.location, icon.options["html"]))
    return found


def test_numbered_stops_in_driving_order(example) -> None:
    """Stops are badges 1..n at the stops' points, in the route's order."""
    problem, plan = example
    route = max(plan.routes, key=lambda r: len(r.stops))
    badges = _badges(van_day_map(route, problem))[2:]  # after the end and start markers
    assert [loc for loc, _ in badges] == [[s.lat, s.lon] for s in route.stops]
    assert [html.rsplit(">", 2)[-2].split("<")[0] for _, html in badges] == [
        str(k) for k in range(1, len(route.stops) + 1)
    ]


def test_line_runs_from_start_through_stops_to_end(example) -> None:
    """The polyline joins start, every stop, end; the view fits them."""
    problem, plan = example
    route = plan.routes[0]
    chart = van_day_map(route, problem)
    line = next(e for e in chart._children.values() if isinstance(e, folium.PolyLine))
    expected = [
        [route.start.lat, route.start.lon],
        *([s.lat, s.lon] for s in route.stops),
        [route.end.lat, route.end.lon],
    ]
    assert [list(p) for p in line.locations] == expected
    assert any(isinstance(e, folium.FitBounds) for e in chart._children.values())


def test_start_and_end_badges(example) -> None:
    """Start and end are marked HQ (depot) or 숙 (lodging) with their times in the tooltip."""
    problem, plan = example
    route = plan.routes[0]
    (end_at, end_html), (start_at, start_html) = _badges(van_day_map(route, problem))[:2]
    assert start_at == [route.start.lat, route.start.lon] and end_at == [route.end.lat, route.end.lon]
    assert ("HQ" in start_html) == (route.start.kind == "depot")
    assert ("HQ" in end_html) == (route.end.kind == "depot")


def test_popup_escapes_hostile_company(hostile) -> None:
    """The stop popup shows the hostile name as text."""
    problem, plan, visit = hostile
    route = next(r for r in plan.routes if any(s.visit == visit for s in r.stops))
    html = page_html(van_day_map(route, problem))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "`tick`" not in html and "${x}" not in html
