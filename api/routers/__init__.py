"""One router per resource (API) and per kind of page."""
