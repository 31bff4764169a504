"""Demand and served share per province: a circle at each province's centroid.

Circle area follows the number of requests; colour runs red (few served) to
green (all served). The centroid is the mean of the province's municipal
office points in the region table, not a polygon centroid: no boundaries ship.
"""

import math
from functools import cache

import folium

from maps.common import add_legend, base_map, fit, text
from models import Plan, Problem
from routing.regions import load_municipalities
from views.stats import ProvinceStat, province_stats

MIN_RADIUS, MAX_RADIUS = 8.0, 40.0
# Share 0 -> red, 0.5 -> yellow, 1 -> green (ColorBrewer RdYlGn ends and middle).
SCALE = ((0.0, (215, 48, 39)), (0.5, (254, 224, 139)), (1.0, (26, 152, 80)))


@cache
def province_centroids() -> dict[str, tuple[float, float]]:
    """Province (Korean) -> mean lat, lon of its municipalities."""
    points: dict[str, list[tuple[float, float]]] = {}
    for m in load_municipalities():
        points.setdefault(m.province_ko, []).append((m.lat, m.lon))
    return {p: (sum(a for a, _ in pts) / len(pts), sum(b for _, b in pts) / len(pts)) for p, pts in points.items()}


def share_colour(share: float) -> str:
    """Hex colour of a served share on the red-yellow-green scale."""
    share = min(1.0, max(0.0, share))
    (s0, c0), (s1, c1) = (SCALE[0], SCALE[1]) if share <= 0.5 else (SCALE[1], SCALE[2])
    t = (share - s0) / (s1 - s0)
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(c0, c1, strict=True))


def radius(requested: int, most: int) -> float:
    """Area proportional to requests (radius by square root), clamped to a readable range."""
    return MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(requested / most) if most else MIN_RADIUS


def stat_text(stat: ProvinceStat) -> str:
    """'경기도 (Gyeonggi-do): 267 requests, 98% served' (unescaped)."""
    return f"{stat.label}: {stat.requested} requests, {stat.share:.0%} served"


def province_map(problem: Problem, plan: Plan) -> folium.Map:
    chart = base_map()
    stats = province_stats(problem, plan)
    most = max((s.requested for s in stats), default=0)
    centroids = province_centroids()
    placed = [s for s in stats if s.province in centroids]
    for stat in placed:
        _circle(stat, centroids[stat.province], most).add_to(chart)
    rows = [(f"background:{share_colour(s)}", f"{s:.0%} 방문 served") for s in (0.0, 0.5, 0.8, 1.0)]
    add_legend(chart, "방문 비율 Served share", rows)
    fit(chart, [centroids[s.province] for s in placed])
    return chart


def _circle(stat: ProvinceStat, centre: tuple[float, float], most: int) -> folium.CircleMarker:
    colour = share_colour(stat.share)
    popup = f"<b>{text(stat_text(stat))}</b><br>요청 {stat.requested}건 · 방문 {stat.served}건"
    return folium.CircleMarker(
        centre,
        radius=radius(stat.requested, most),
        color="#444444",
        weight=1,
        fill=True,
        fill_color=colour,
        fill_opacity=0.75,
        tooltip=text(stat_text(stat)),
        popup=folium.Popup(popup, max_width=320),
    )
