"""folium map rendering of plans (folium is imported here only).

- `maps.overview.plan_map`: the whole plan, a layer per van;
- `maps.van_day.van_day_map`: one van-day;
- `maps.provinces.province_map`: demand and served share per province;
- `maps.render.page_html` / `map_fragment` / `save_page`: a map as a served page, an embeddable iframe, files;
- `maps.assets`: local Leaflet and jQuery (`vendor_files`, `localize`).
"""
