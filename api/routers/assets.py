"""Leaflet and jQuery for the map pages, from maps.assets (no CDN, no file path from the URL)."""

from fastapi import APIRouter
from fastapi.responses import Response

from api.errors import fail
from maps.assets import media_type, vendor_files

router = APIRouter(prefix="/static/vendor", tags=["assets"], include_in_schema=False)


@router.get("/{name:path}")
def vendor_asset(name: str) -> Response:
    # The name is only a key of the in-memory dict: nothing the client sends reaches the file system.
    content = vendor_files().get(name)
    if content is None:
        fail(404, f"no vendored file '{name}'")
    return Response(content, media_type=media_type(name), headers={"Cache-Control": "public, max-age=86400"})
