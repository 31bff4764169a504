"""Pages and exports of plans, as pure functions (no HTTP): HTML via Jinja2, Excel, CSV, GeoJSON, iCalendar.

- `views.day.consultant_day_html`, `views.plan_page.plan_html`, `views.whatif_page.whatif_html`,
  `views.import_page.import_html`: pages (templates in views/templates/, autoescape on);
- `views.exports`: `plan_to_excel`, `plan_to_csv`, `plan_to_geojson`, `consultant_ics`;
- `views.labels`: Korean (and English) labels of skills, reasons, provinces;
- `views.lookup`, `views.stats`: what ids refer to, and the figures pages show.
"""
