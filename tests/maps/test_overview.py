"""The plan overview map: layers per van, stops and lines from the plan, escaped popups."""

import json
from collections.abc import Iterator
from html import unescape

import folium
from branca.element import Element

from maps.overview import POPUP_FIELDS, plan_map
from maps.render import page_html
from models import Endpoint

from .conftest import HOSTILE


def _walk(element: Element) -> Iterator[Element]:
    for child in element._children.values():
        yield child
        yield from _walk(child)


def _layers(chart: folium.Map) -> dict[str, folium.FeatureGroup]:
    return {c.layer_name: c for c in chart._children.values() if isinstance(c, folium.FeatureGroup)}


def _features(layer: folium.FeatureGroup, geometry: str) -> list[dict]:
    return [
        f
        for g in _walk(layer)
        if isinstance(g, folium.GeoJson)
        for f in g.data["features"]
        if f["geometry"]["type"] == geometry
    ]


def test_a_layer_per_van_in_the_page(example) -> None:
    """Each van of the problem has its named layer, listed in the layer control of the page."""
    problem, plan = example
    chart = plan_map(plan, problem)
    layers = _layers(chart)
    html = page_html(chart)
    for van in problem.vans:
        name = f"{van.id} 차량 (van)"
        assert name in layers
        assert json.dumps(name) in html  # the LayerControl's overlay entry
    assert "L.control.layers" in html


def test_stops_and_lines_follow_the_plan(example) -> None:
    """A point per stop and a line per van-day, coordinates as [lon, lat]."""
    problem, plan = example
    layers = _layers(plan_map(plan, problem))
    for van in problem.vans:
        routes = [r for r in plan.routes if r.van == van.id]
        points = _features(layers[f"{van.id} 차량 (van)"], "Point")
        lines = _features(layers[f"{van.id} 차량 (van)"], "LineString")
        assert len(lines) == len(routes)
        assert [p["geometry"]["coordinates"] for p in points] == [[s.lon, s.lat] for r in routes for s in r.stops]
        assert {p["properties"]["visit"] for p in points} == {s.visit for r in routes for s in r.stops}


def test_popup_carries_skills_consultants_and_order(example) -> None:
    """Popup fields hold names and Korean skill labels from the problem, and the route number."""
    problem, plan = example
    route = plan.routes[0]
    layer = _layers(plan_map(plan, problem))[f"{route.van} 차량 (van)"]
    first = next(p for p in _features(layer, "Point") if p["properties"]["visit"] == route.stops[0].visit)
    properties = first["properties"]
    assert set(POPUP_FIELDS) <= set(properties)
    names = {c.id: c.name for c in problem.consultants}
    assert all(names[c] in properties["consultants"] for c in route.stops[0].consultants)
    assert properties["order"].endswith(f"#1/{len(route.stops)}")
    assert properties["skills"] != "—"


def test_hostile_company_is_text_in_popups(hostile) -> None:
    """A company name with markup, quotes, backticks and ${} reaches the page only as escaped text."""
    problem, plan, visit = hostile
    chart = plan_map(plan, problem)
    point = next(
        f for layer in _layers(chart).values() for f in _features(layer, "Point") if f["properties"]["visit"] == visit
    )
    for key in ("company", "tip"):
        value = point["properties"][key]
        assert not set("<>`$\\") & set(value)
        assert HOSTILE in unescape(value)
    assert "<script>alert" not in page_html(chart)


def test_plan_alone_draws_with_the_depot_from_routes(example) -> None:
    """Without the problem the map still draws every stop (the plan carries company and lat/lon)."""
    _, plan = example
    chart = plan_map(plan)
    points = [f for layer in _layers(chart).values() for f in _features(layer, "Point")]
    assert len(points) == sum(len(r.stops) for r in plan.routes)
    assert any(isinstance(e, folium.Marker) for e in chart._children.values())  # the depot


def test_depot_point_given_second_still_works(example) -> None:
    """`movable map` passes the depot point positionally; that call keeps working."""
    _, plan = example
    markers = [e for e in plan_map(plan, (37.5, 127.0))._children.values() if isinstance(e, folium.Marker)]
    assert [m.location for m in markers] == [[37.5, 127.0]]


def test_lodging_points_are_marked(example) -> None:
    """Every distinct place a route ends at a lodging gets one circle in the lodging layer."""
    problem, plan = example
    route = plan.routes[0]
    night = route.model_copy(update={"end": Endpoint(kind="lodging", lat=35.5, lon=128.5, time=route.end.time)})
    plan = plan.model_copy(update={"routes": (night, *plan.routes[1:])})
    layer = _layers(plan_map(plan, problem))["숙박 (lodging)"]
    circles = [e for e in _walk(layer) if isinstance(e, folium.CircleMarker)]
    places = {(r.end.lat, r.end.lon) for r in plan.routes if r.end.kind == "lodging"}
    assert sorted(tuple(c.location) for c in circles) == sorted(places)
    assert (35.5, 128.5) in places


def test_van_without_routes_renders(example) -> None:
    """A van of the problem with no route in the plan (or routes with no stop) still renders the page."""
    problem, plan = example
    idle = problem.model_copy(update={"vans": (*problem.vans, problem.vans[0].model_copy(update={"id": "VAN-IDLE"}))})
    empty = plan.model_copy(update={"routes": tuple(r.model_copy(update={"stops": ()}) for r in plan.routes)})
    for chart in (plan_map(plan, idle), plan_map(empty, idle)):
        assert "VAN-IDLE" in page_html(chart)
