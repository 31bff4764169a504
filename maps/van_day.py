"""One van-day: the route line, numbered stops in driving order, where the day starts and ends."""

import folium

from maps.common import add_legend, base_map, fit, label_icon, stop_time, text
from models import Endpoint, Problem, Route, Stop
from models.clock import format_clock
from views.labels import ENDPOINTS, day_label, km, skills_text
from views.lookup import Lookup, place_name, route_points, van_colours


def van_day_map(route: Route, problem: Problem | None = None) -> folium.Map:
    """A small map for one route; a handful of stops, so each is its own numbered marker."""
    lookup = Lookup.of(problem)
    colour = van_colours(problem, [route.van])[route.van]  # the same colour as on the overview
    chart = base_map()
    points = route_points(route, lookup)
    tip = f"{route.van} {day_label(route.date)}: {km(route.drive_km)}, {route.drive_minutes}분 (min)"
    folium.PolyLine(points, color=colour, weight=4, opacity=0.8, tooltip=text(tip)).add_to(chart)
    _endpoint(route.end, "도착 end", lookup).add_to(chart)
    _endpoint(route.start, "출발 start", lookup).add_to(chart)
    for number, stop in enumerate(route.stops, start=1):
        point = lookup.point(stop)
        if point is not None:
            _stop_marker(number, stop, point, colour, lookup).add_to(chart)
    crew = f"탑승 crew: {lookup.people(route.crew)}"
    add_legend(chart, f"{route.van} · {day_label(route.date)}", [(f"background:{colour}", text(crew))])
    fit(chart, points)
    return chart


def _endpoint(end: Endpoint, role: str, lookup: Lookup) -> folium.Marker:
    """Start or end of the day: the depot ('HQ') or a lodging ('숙'), with its time."""
    where = lookup.depot_name if end.kind == "depot" else place_name(end.lat, end.lon)
    tip = f"{role} {format_clock(end.time)} · {ENDPOINTS[end.kind]} · {where}"
    badge = label_icon("HQ" if end.kind == "depot" else "숙", "#111111", size=28)
    return folium.Marker((end.lat, end.lon), icon=badge, tooltip=text(tip))


def _stop_marker(number: int, stop: Stop, point: tuple[float, float], colour: str, lookup: Lookup) -> folium.Marker:
    rows = [
        ("회사 Company", lookup.company(stop)),
        ("주소 Address", lookup.address(stop.visit) or "—"),
        ("시간 Time", stop_time(stop)),
        ("컨설턴트 Consultants", lookup.people(stop.consultants)),
        ("역량 Skills", skills_text(lookup.skills(stop.visit)) or "—"),
        ("방문 Visit", f"#{number} {stop.visit}"),
    ]
    table = "".join(f"<tr><th>{text(k)}</th><td>{text(v)}</td></tr>" for k, v in rows)
    tip = f"#{number} {format_clock(stop.start)} {lookup.company(stop)}"
    return folium.Marker(
        point,
        icon=label_icon(str(number), colour),
        tooltip=text(tip),
        popup=folium.Popup(f"<table class='stop'>{table}</table>", max_width=340),
    )
