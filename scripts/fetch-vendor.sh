#!/usr/bin/env bash
# Refresh maps/vendor/ from the npm registry: the exact Leaflet and jQuery
# versions folium's templates reference, so maps work without a CDN.
# The files are committed; run this only when folium's pinned versions change
# (compare with `python -c "import folium.folium as f; print(f._default_js)"`).
set -euo pipefail
cd "$(dirname "$0")/.."

LEAFLET=1.9.3   # folium 0.20: cdn.jsdelivr.net/npm/leaflet@1.9.3
JQUERY=3.7.1    # folium 0.20: code.jquery.com/jquery-3.7.1.min.js (Popup uses $)
DEST=maps/vendor

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack <package@version>: npm pack into $work, untar under $work/<name>
    local spec=$1 name=${1%@*}
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
    mkdir -p "$work/$name"
    tar -xzf "$work/$name"-*.tgz -C "$work/$name" --strip-components=1
}

unpack "leaflet@$LEAFLET"
unpack "jquery@$JQUERY"

rm -rf "$DEST/leaflet" "$DEST/jquery"
mkdir -p "$DEST/leaflet/images" "$DEST/jquery"
cp "$work/leaflet/dist/leaflet.js" "$work/leaflet/dist/leaflet.css" "$DEST/leaflet/"
cp "$work/leaflet/dist/images/"*.png "$DEST/leaflet/images/"
cp "$work/leaflet/LICENSE" "$DEST/leaflet/LICENSE"
cp "$work/jquery/dist/jquery.min.js" "$DEST/jquery/"
cp "$work/jquery/LICENSE.txt" "$DEST/jquery/LICENSE.txt"
echo "leaflet $LEAFLET, jquery $JQUERY -> $DEST"
