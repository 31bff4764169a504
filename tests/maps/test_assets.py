"""Local Leaflet and jQuery: every CDN link folium writes is served locally or dropped."""

import re
from pathlib import Path

import folium
import folium.folium

from maps.assets import LOCAL, UNUSED, localize, media_type, vendor_files
from maps.overview import plan_map
from maps.render import map_fragment, page_html, save_page

CDN = re.compile(r"""<(?:script|link)\b[^>]*(?:src|href)=["']https?://""")


def _local_refs(html: str, prefix: str) -> list[str]:
    return re.findall(rf'(?:src|href)="{re.escape(prefix)}/([^"]+)"', html)


def test_every_folium_default_is_vendored_or_dropped() -> None:
    """folium's default scripts and styles are each either vendored or knowingly dropped."""
    for _, url in [*folium.folium._default_js, *folium.folium._default_css]:
        assert url in LOCAL or url in UNUSED, url
    assert set(LOCAL.values()) <= set(vendor_files())


def test_vendored_files_are_the_versions_folium_asks_for() -> None:
    """The file headers carry the versions in folium's CDN URLs."""
    files = vendor_files()
    assert b"Leaflet 1.9.3" in files["leaflet/leaflet.js"][:200]
    assert "leaflet@1.9.3" in next(u for u in LOCAL if u.endswith("leaflet.js"))
    assert b"jQuery v3.7.1" in files["jquery/jquery.min.js"][:100]


def test_leaflet_css_images_are_vendored() -> None:
    """Images leaflet.css points at (relative URLs) are vendored beside it."""
    files = vendor_files()
    css = files["leaflet/leaflet.css"].decode()
    for image in re.findall(r"url\((images/[^)]+)\)", css):
        assert f"leaflet/{image}" in files


def test_plan_map_page_has_no_cdn_link(example) -> None:
    """After localize no script or stylesheet comes from a CDN and each local one exists."""
    problem, plan = example
    html = page_html(plan_map(plan, problem))
    assert not CDN.search(html)
    refs = _local_refs(html, "/static/vendor")
    assert sorted(refs) == sorted(LOCAL.values())
    assert set(refs) <= set(vendor_files())


def test_localize_drops_unused_defaults_of_any_folium_map() -> None:
    """A stock folium.Map (Bootstrap, awesome-markers) also loses every CDN link."""
    html = localize(folium.Map().get_root().render(), prefix="/assets/")
    assert not CDN.search(html)
    assert set(_local_refs(html, "/assets")) == set(LOCAL.values())


def test_localize_leaves_other_urls_alone() -> None:
    """Tile URLs and unknown scripts are not rewritten."""
    html = '<script src="https://example.org/x.js"></script> L.tileLayer("https://tile.openstreetmap.org/{z}")'
    assert localize(html) == html


def test_map_fragment_is_an_iframe_with_escaped_page(example) -> None:
    """The fragment is one iframe whose srcdoc holds the localized page, quotes escaped."""
    problem, plan = example
    fragment = map_fragment(plan_map(plan, problem), height="300px")
    assert fragment.startswith("<iframe") and fragment.endswith("</iframe>")
    assert "&lt;script src=&quot;/static/vendor/leaflet/leaflet.js&quot;" in fragment
    assert "<script" not in fragment


def test_save_page_writes_vendor_files_beside(example, tmp_path: Path) -> None:
    """save_page writes a page whose relative vendor links all resolve on disk."""
    problem, plan = example
    target = tmp_path / "out" / "map.html"
    save_page(plan_map(plan, problem), target)
    html = target.read_text(encoding="utf-8")
    refs = _local_refs(html, "vendor")
    assert refs and all((target.parent / "vendor" / ref).is_file() for ref in refs)


def test_media_types() -> None:
    """Vendored files are served with the right content types."""
    assert media_type("leaflet/leaflet.js") == "text/javascript"
    assert media_type("leaflet/leaflet.css") == "text/css"
    assert media_type("leaflet/images/layers.png") == "image/png"
    assert media_type("leaflet/LICENSE").startswith("text/plain")
