"""A folium map as a page the app serves (local Leaflet), as an embeddable fragment, or as files on disk."""

from html import escape
from pathlib import Path

import folium

from maps.assets import localize, vendor_files


def page_html(chart: folium.Map, prefix: str = "/static/vendor") -> str:
    """The full map page, its scripts and styles loaded from `prefix` (see maps.assets.vendor_files)."""
    return localize(chart.get_root().render(), prefix)


def map_fragment(chart: folium.Map, prefix: str = "/static/vendor", height: str = "480px") -> str:
    """An <iframe srcdoc> holding the whole map page, to drop into another page.

    An iframe keeps Leaflet's globals and folium's CSS away from the host page; a
    srcdoc document resolves `prefix` against the host page's URL, so the same
    local vendor files serve it. Prefer an iframe with `src` pointing at a map
    route (`page_html`) when the page is cached or printed often: srcdoc repeats
    the map's data in the host page.
    """
    page = escape(page_html(chart, prefix), quote=True)
    return (
        f'<iframe class="movable-map" title="지도 Map" srcdoc="{page}" '
        f'style="width:100%;height:{escape(height)};border:0" loading="lazy"></iframe>'
    )


def save_page(chart: folium.Map, path: Path) -> None:
    """Write the map and a `vendor/` folder beside it: a page that opens offline from disk (tiles aside)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page_html(chart, prefix="vendor"), encoding="utf-8")
    for name, content in vendor_files().items():
        target = path.parent / "vendor" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
