"""The plan overview map: a layer per van, each day's route as a line, numbered stops."""

from html import escape

import folium

from models import Plan, Route
from models.clock import format_clock

VAN_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"]
KOREA_CENTRE = (36.3, 127.8)


def plan_map(plan: Plan, depot: tuple[float, float] | None = None) -> folium.Map:
    """Every route of the plan on one map; user text is escaped before it reaches the page."""
    chart = folium.Map(location=KOREA_CENTRE, zoom_start=7, tiles="OpenStreetMap", control_scale=True)
    vans = sorted({r.van for r in plan.routes})
    for k, van in enumerate(vans):
        colour = VAN_COLOURS[k % len(VAN_COLOURS)]
        layer = folium.FeatureGroup(name=f"{escape(van)} 차량 (van)", show=True)
        for route in (r for r in plan.routes if r.van == van):
            _draw_route(layer, route, colour)
        layer.add_to(chart)
    if depot is not None:
        folium.Marker(depot, tooltip="본사 HQ (depot)", icon=folium.Icon(color="black", icon="home")).add_to(chart)
    folium.LayerControl(collapsed=False).add_to(chart)
    chart.get_root().html.add_child(folium.Element(_legend(vans)))
    return chart


def _draw_route(layer: folium.FeatureGroup, route: Route, colour: str) -> None:
    points = [(route.start.lat, route.start.lon)]
    for number, stop in enumerate(route.stops, start=1):
        if stop.lat is None or stop.lon is None:
            continue
        points.append((stop.lat, stop.lon))
        folium.CircleMarker(
            (stop.lat, stop.lon),
            radius=7,
            color=colour,
            fill=True,
            fill_opacity=0.9,
            tooltip=f"{route.date} #{number} {escape(stop.company or stop.visit)}",
            popup=folium.Popup(_popup(route, number), max_width=320),
        ).add_to(layer)
    points.append((route.end.lat, route.end.lon))
    label = f"{escape(route.van)} {route.date}: {len(route.stops)} 방문 (visits), {route.drive_km} km"
    folium.PolyLine(points, color=colour, weight=3, opacity=0.7, tooltip=label).add_to(layer)


def _popup(route: Route, number: int) -> str:
    stop = route.stops[number - 1]
    rows = [
        ("회사 Company", stop.company or ""),
        ("방문 Visit", stop.visit),
        ("일자 Date", f"{route.date} #{number}"),
        ("시간 Time", f"{format_clock(stop.start)}–{format_clock(stop.end)}"),
        ("컨설턴트 Consultants", ", ".join(stop.consultants)),
        ("차량 Van", route.van),
    ]
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f"<table class='stop'>{cells}</table>"


def _legend(vans: list[str]) -> str:
    items = "".join(
        f"<div><span style='background:{VAN_COLOURS[k % len(VAN_COLOURS)]};display:inline-block;"
        f"width:14px;height:4px;margin-right:6px'></span>{escape(v)}</div>"
        for k, v in enumerate(vans)
    )
    return (
        "<div style='position:fixed;bottom:24px;left:12px;z-index:9999;background:white;padding:8px;"
        f"border:1px solid #999;font:13px sans-serif'><b>차량 Vans</b>{items}</div>"
    )
