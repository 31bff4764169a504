"""The plan overview map: a layer per van in its own colour, each day's route as a line, numbered stops.

Stops go into one GeoJson layer per van (CircleMarker points with GeoJsonPopup and
GeoJsonTooltip): several times lighter and faster than one marker per stop.
folium's GeoJson popups set innerHTML, so every property is escaped here.
"""

from typing import Any

import folium

from maps.common import add_legend, base_map, depot_marker, fit, lodging_marker, stop_time, text
from models import Plan, Problem, Route
from views.labels import day_label, km, skill_ko
from views.lookup import Lookup, place_name, route_points, van_colours

POPUP_FIELDS = ["company", "visit", "when", "time", "consultants", "skills", "order"]
POPUP_ALIASES = [
    "회사 Company",
    "방문 Visit",
    "일자 Date",
    "시간 Time",
    "컨설턴트 Consultants",
    "역량 Skills",
    "순번 Order",
]


def plan_map(
    plan: Plan,
    problem: Problem | None = None,
    depot: tuple[float, float] | None = None,
) -> folium.Map:
    """Every route of the plan on one map, with names and skills from the problem when given."""
    if isinstance(problem, tuple):  # `movable map` (cli.py) still passes the depot point second
        problem, depot = None, problem
    lookup = Lookup.of(problem)
    chart = base_map()
    colours = van_colours(problem, (r.van for r in plan.routes))
    for van, colour in colours.items():
        van_layer(plan, van, colour, lookup).add_to(chart)
    lodging_layer(plan).add_to(chart)
    depot = _depot(plan, problem, depot)
    if depot is not None:
        depot_marker(*depot, lookup.depot_name).add_to(chart)
    folium.LayerControl(collapsed=False).add_to(chart)
    rows = [(f"background:{c}", text(f"{v} 차량 (van)")) for v, c in colours.items()]
    rows.append(("background:#fff;border:2px solid #333;border-radius:50%", "숙박 (lodging)"))
    add_legend(chart, "차량 Vans", rows)
    fit(chart, [p for r in plan.routes for p in route_points(r, lookup)])
    return chart


def _depot(plan: Plan, problem: Problem | None, given: tuple[float, float] | None) -> tuple[float, float] | None:
    if given is not None:
        return given
    if problem is not None:
        return (problem.depot.lat, problem.depot.lon)
    return next(((r.start.lat, r.start.lon) for r in plan.routes if r.start.kind == "depot"), None)


def van_layer(plan: Plan, van: str, colour: str, lookup: Lookup) -> folium.FeatureGroup:
    """One van's lines and stops, switchable as a whole in the layer control."""
    routes = [r for r in plan.routes if r.van == van]
    layer = folium.FeatureGroup(name=text(f"{van} 차량 (van)"), show=True)
    stops = [f for r in routes for f in _stop_points(r, lookup)]
    if not routes:  # a van with no route in the plan: listed, but folium's tooltips need some feature
        return layer
    style = {"color": colour, "weight": 3, "opacity": 0.7}
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [_line(r, lookup) for r in routes]},
        name=f"{van} routes",
        style_function=lambda _feature: style,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        control=False,
    ).add_to(layer)
    if not stops:
        return layer
    folium.GeoJson(
        {"type": "FeatureCollection", "features": stops},
        name=f"{van} stops",
        marker=folium.CircleMarker(radius=6, fill=True, fill_opacity=0.9, weight=1),
        style_function=lambda _feature: {"color": "#ffffff", "fillColor": colour},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False),
        popup=folium.GeoJsonPopup(fields=POPUP_FIELDS, aliases=POPUP_ALIASES, max_width=360),
        zoom_on_click=False,
        control=False,
    ).add_to(layer)
    return layer


def _line(route: Route, lookup: Lookup) -> dict[str, Any]:
    tip = f"{route.van} {day_label(route.date)}: 방문 {len(route.stops)}곳 (visits), {km(route.drive_km)}"
    coordinates = [[lon, lat] for lat, lon in route_points(route, lookup)]
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coordinates},
        "properties": {"tip": text(tip)},
    }


def _stop_points(route: Route, lookup: Lookup) -> list[dict[str, Any]]:
    features = []
    for number, stop in enumerate(route.stops, start=1):
        point = lookup.point(stop)
        if point is None:
            continue
        company = lookup.company(stop)
        properties = {
            "tip": f"#{number} {company} · {route.date}",
            "company": company,
            "visit": stop.visit,
            "when": day_label(route.date),
            "time": stop_time(stop),
            "consultants": lookup.people(stop.consultants),
            "skills": ", ".join(skill_ko(s) for s in lookup.skills(stop.visit)) or "—",
            "order": f"{route.van} {route.date} #{number}/{len(route.stops)}",
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
                "properties": {k: text(v) for k, v in properties.items()},
            }
        )
    return features


def lodging_layer(plan: Plan) -> folium.FeatureGroup:
    """Where vans stay overnight: one white circle per place, listing the nights spent there."""
    nights: dict[tuple[float, float], list[str]] = {}
    for route in plan.routes:
        if route.end.kind == "lodging":
            nights.setdefault((route.end.lat, route.end.lon), []).append(f"{route.van} {route.date}")
    layer = folium.FeatureGroup(name="숙박 (lodging)", show=True)
    for (lat, lon), stays in nights.items():
        tip = "<br>".join(text(line) for line in [f"숙박 lodging · {place_name(lat, lon)}", *stays])
        lodging_marker(lat, lon, tip).add_to(layer)
    return layer
