"""Province map: circles at municipality-mean centroids, sized by demand, coloured by served share."""

import folium

from maps.provinces import province_centroids, province_map, radius, share_colour, stat_text
from routing.regions import load_municipalities
from views.stats import province_stats


def _circles(chart: folium.Map) -> list[folium.CircleMarker]:
    return [e for e in chart._children.values() if isinstance(e, folium.CircleMarker)]


def test_centroid_is_the_mean_of_the_province_municipalities() -> None:
    """Gyeonggi's centroid is the plain mean of its municipality points."""
    rows = [m for m in load_municipalities() if m.province_ko == "경기도"]
    lat, lon = province_centroids()["경기도"]
    assert abs(lat - sum(m.lat for m in rows) / len(rows)) < 1e-9
    assert abs(lon - sum(m.lon for m in rows) / len(rows)) < 1e-9


def test_a_circle_per_requested_province(example) -> None:
    """One circle per province with requests, at its centroid, with the popup wording."""
    problem, plan = example
    stats = province_stats(problem, plan)
    circles = _circles(province_map(problem, plan))
    assert len(circles) == len(stats)
    assert sum(s.requested for s in stats) == len(problem.visits)
    centroids = province_centroids()
    assert sorted(tuple(c.location) for c in circles) == sorted(centroids[s.province] for s in stats)


def test_popup_text_names_province_requests_and_share() -> None:
    """The wording is '경기도 (Gyeonggi-do): 267 requests, 98% served'."""
    from views.stats import ProvinceStat

    assert stat_text(ProvinceStat("경기도", 267, 262)) == "경기도 (Gyeonggi-do): 267 requests, 98% served"


def test_served_share_counts_plan_stops(example) -> None:
    """Served per province adds up to the plan's served visits."""
    problem, plan = example
    assert sum(s.served for s in province_stats(problem, plan)) == plan.kpis.visits_served


def test_colour_scale_and_radius() -> None:
    """Red at 0, yellow at 0.5, green at 1; radius grows with demand within its bounds."""
    assert share_colour(0.0) == "#d73027"
    assert share_colour(0.5) == "#fee08b"
    assert share_colour(1.0) == "#1a9850"
    assert share_colour(2.0) == "#1a9850"
    assert radius(1, 100) < radius(50, 100) < radius(100, 100) == 40.0
