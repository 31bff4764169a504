"""folium map rendering of plans (folium is imported here only)."""
