"""Pieces every map shares: the base map, safe text, depot and lodging markers, a legend."""

from collections.abc import Iterable
from html import escape

import folium

from maps.assets import lean
from models import Stop
from models.clock import format_clock

KOREA_CENTRE = (36.3, 127.8)


def text(value: object) -> str:
    """HTML-escaped text that is also safe inside the JS template literals folium puts popups and tooltips in."""
    return escape(str(value)).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def stop_time(stop: Stop) -> str:
    """'09:00–10:30 (도착 arrival 08:50)'."""
    return f"{format_clock(stop.start)}–{format_clock(stop.end)} (도착 arrival {format_clock(stop.arrival)})"


def base_map() -> folium.Map:
    """OpenStreetMap tiles over Korea; canvas rendering because plans draw hundreds of circles."""
    chart = folium.Map(
        location=KOREA_CENTRE, zoom_start=7, tiles="OpenStreetMap", control_scale=True, prefer_canvas=True
    )
    return lean(chart)


def fit(chart: folium.Map, points: Iterable[tuple[float, float]]) -> None:
    points = list(points)
    if points:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        chart.fit_bounds([(min(lats), min(lons)), (max(lats), max(lons))], padding=(24, 24))


def label_icon(label: str, background: str, colour: str = "white", size: int = 22) -> folium.DivIcon:
    """A round numbered (or lettered) badge: Leaflet's own DivIcon, no icon font needed."""
    style = (
        f"box-sizing:border-box;background:{background};color:{colour};border:2px solid white;border-radius:50%;"
        f"width:{size}px;height:{size}px;text-align:center;box-shadow:0 0 3px rgba(0,0,0,.6);"
        f"font:bold 12px/{size - 4}px sans-serif"  # line-height inside `font`: the shorthand resets it
    )
    return folium.DivIcon(
        html=f"<div style='{style}'>{text(label)}</div>",
        icon_size=(size, size),
        icon_anchor=(size // 2, size // 2),
        class_name="movable-badge",
    )


def depot_marker(lat: float, lon: float, name: str) -> folium.Marker:
    tip = f"{text(name)} · 본사 (depot)"
    return folium.Marker((lat, lon), icon=label_icon("HQ", "#111111", size=28), tooltip=folium.Tooltip(tip))


def lodging_marker(lat: float, lon: float, tip: str) -> folium.CircleMarker:
    """`tip` must already be escaped with `text`."""
    return folium.CircleMarker(
        (lat, lon), radius=6, color="#333333", weight=2, fill=True, fill_color="#ffffff", fill_opacity=1, tooltip=tip
    )


def legend(title: str, rows: list[tuple[str, str]]) -> folium.Element:
    """A fixed box in the corner; rows are (css swatch style, escaped label)."""
    items = "".join(
        f"<div><span style='display:inline-block;width:14px;height:10px;margin-right:6px;{swatch}'></span>{label}</div>"
        for swatch, label in rows
    )
    return folium.Element(
        "<div class='movable-legend' style='position:fixed;bottom:24px;left:12px;z-index:9999;background:white;"
        f"padding:8px 10px;border:1px solid #999;border-radius:4px;font:13px sans-serif'><b>{text(title)}</b>"
        f"{items}</div>"
    )


def add_legend(chart: folium.Map, title: str, rows: list[tuple[str, str]]) -> None:
    chart.get_root().html.add_child(legend(title, rows))
