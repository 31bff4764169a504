"""Leaflet and jQuery served by the app itself, so map pages work offline (all but the tiles).

folium's saved HTML links its scripts from CDNs. `localize` rewrites the links
we vendor (maps/vendor/, see its README) to local paths and drops the folium
defaults our maps never use (Bootstrap and the awesome-markers icon set, only
needed by `folium.Icon`; our markers are CircleMarkers and DivIcons).
"""

import re
from functools import cache
from pathlib import Path

import folium
import folium.folium

VENDOR_DIR = Path(__file__).resolve().parent / "vendor"

# CDN URL (exactly as folium's templates write it) -> file under VENDOR_DIR.
LOCAL: dict[str, str] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/leaflet.css",
    # folium.Popup builds its content with $(...), so jQuery is needed too.
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/jquery.min.js",
}

# folium's defaults that only folium.Icon markers (and Bootstrap theming) need.
UNUSED: frozenset[str] = frozenset(
    url for _, url in [*folium.folium._default_js, *folium.folium._default_css] if url not in LOCAL
)

_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="(?P<url>[^"]+)"[^>]*>\s*</script>\s*')
_LINK = re.compile(r'<link\b[^>]*\bhref="(?P<url>[^"]+)"[^>]*>\s*')


def lean(chart: folium.Map) -> folium.Map:
    """Keep only the scripts and styles we vendor in this map's header (an instance copy, not folium's list)."""
    chart.default_js = [(n, u) for n, u in folium.folium._default_js if u in LOCAL]
    chart.default_css = [(n, u) for n, u in folium.folium._default_css if u in LOCAL]
    return chart


def localize(html: str, prefix: str = "/static/vendor") -> str:
    """Point vendored CDN links at `prefix`/<file> and drop the unused folium defaults; leave all else."""
    base = prefix.rstrip("/")

    def swap(match: re.Match[str]) -> str:
        url = match.group("url")
        if url in UNUSED:
            return ""
        if url in LOCAL:
            return match.group(0).replace(url, f"{base}/{LOCAL[url]}")
        return match.group(0)

    return _LINK.sub(swap, _SCRIPT.sub(swap, html))


@cache
def _read_vendor() -> tuple[tuple[str, bytes], ...]:
    files = sorted(p for p in VENDOR_DIR.rglob("*") if p.is_file() and p.name != "README.md")
    return tuple((p.relative_to(VENDOR_DIR).as_posix(), p.read_bytes()) for p in files)


def vendor_files() -> dict[str, bytes]:
    """Relative path ('leaflet/leaflet.js', 'leaflet/images/layers.png', ...) -> content, to serve under the prefix."""
    return dict(_read_vendor())


def media_type(name: str) -> str:
    """Content type for a vendored file (for a route that serves vendor_files())."""
    suffix = Path(name).suffix.lower()
    types = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
    return types.get(suffix, "text/plain; charset=utf-8")  # the LICENSE files
