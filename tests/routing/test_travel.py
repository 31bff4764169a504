"""Tests for routing.travel: the calibrated road model and the OSRM table provider."""

import http.server
import json
import threading
import urllib.error
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from routing.travel import (
    CHECKER_SPEED_KMH,
    ELLIPSOID_SLACK,
    UNROUTABLE_MINUTES,
    OsrmTable,
    Point,
    RoadModel,
    TravelError,
    fit_road_model,
    geodesic_km_matrix,
)

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "korea"
RECORDED_TABLE = Path(__file__).resolve().parents[1] / "data" / "osrm_table_3.json"
MAX_MEDIAN_ERROR = 0.15

SEOUL_HQ = (37.4687, 127.0404)
DAEJEON = (36.3504, 127.3845)
BUSAN = (35.1796, 129.0756)


# --- calibration against the shared Korean road facts -------------------------------


def _city_point(name: str, sido: pd.DataFrame, sigungu: pd.DataFrame) -> Point:
    rows = sido[sido["sido_name_en"] == name]
    if rows.empty:
        rows = sigungu[sigungu["sgg_name_en"].isin([f"{name}-si", f"{name}-gun"])]
    if rows.empty:
        # Cities split into gu (Jeonju, Pohang) exist only as their gu rows.
        gu = sigungu[sigungu["sgg_name_en"].str.startswith(f"{name}-si ")]
        rows = sigungu[sigungu["parent_city_ko"].isin(gu["parent_city_ko"].unique())]
    if rows.empty:
        raise LookupError(f"no region named {name!r} in the reference")
    return float(rows["rep_lat"].mean()), float(rows["rep_lon"].mean())


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    if not (REFERENCE / "road_facts.csv").is_file():
        pytest.skip(f"shared reference data not found at {REFERENCE}")
    sido = pd.read_csv(REFERENCE / "sido_2018.csv")
    sigungu = pd.read_csv(REFERENCE / "sigungu_2018.csv")
    table = pd.read_csv(REFERENCE / "road_facts.csv")
    cities = set(table["from"]) | set(table["to"])
    points = {name: _city_point(name, sido, sigungu) for name in cities}
    pairs = zip(table["from"], table["to"], strict=True)
    table["geo_km"] = [geodesic_km_matrix([points[a], points[b]])[0, 1] for a, b in pairs]
    return table


def _comparison(model: RoadModel, facts: pd.DataFrame) -> pd.DataFrame:
    geo = facts["geo_km"].to_numpy()
    table = facts[["from", "to", "geo_km", "road_km", "drive_minutes"]].copy()
    table["model_km"] = model.road_km(geo)
    table["model_min"] = model.drive_minutes(geo)
    table["km_err"] = (table["model_km"] - table["road_km"]) / table["road_km"]
    reference_min = table["drive_minutes"]
    table["min_err"] = (table["model_min"] - reference_min) / reference_min
    return table


def _assert_calibrated(model: RoadModel, facts: pd.DataFrame) -> None:
    table = _comparison(model, facts)
    # Rows whose source gave no number are NaN, which median() skips.
    km_error = table["km_err"].abs().median()
    minutes_error = table["min_err"].abs().median()
    assert km_error <= MAX_MEDIAN_ERROR and minutes_error <= MAX_MEDIAN_ERROR, (
        f"{model}: median |error| {km_error:.1%} on km, {minutes_error:.1%} on minutes\n"
        + table.to_string(float_format=lambda value: f"{value:.3f}")
    )


def test_default_model_matches_reference_facts(facts: pd.DataFrame) -> None:
    """The committed RoadModel defaults are within 15% median error on reference km and minutes."""
    _assert_calibrated(RoadModel(), facts)


def test_fit_meets_reference_facts(facts: pd.DataFrame) -> None:
    """fit_road_model on the reference facts yields a model within 15% median error."""
    _assert_calibrated(fit_road_model(facts), facts)


def test_defaults_are_the_fitted_constants(facts: pd.DataFrame) -> None:
    """The committed defaults are what fit_road_model gives today (re-run the benchmark if not)."""
    fitted, default = fit_road_model(facts), RoadModel()
    assert fitted.circuity == pytest.approx(default.circuity, rel=1e-3)
    assert fitted.access == pytest.approx(default.access, abs=1e-3)
    assert fitted.k == pytest.approx(default.k, rel=1e-3)
    assert fitted.p == pytest.approx(default.p, abs=1e-3)


def test_fit_is_deterministic(facts: pd.DataFrame) -> None:
    """Fitting twice on the same facts gives identical constants."""
    assert fit_road_model(facts) == fit_road_model(facts)


# --- the road model's guarantees ------------------------------------------------


def test_default_model_obeys_speed_rule_over_all_distances() -> None:
    """Default minutes and km never beat 110 km/h or the geodesic, from 10 m to 700 km."""
    geo = np.geomspace(0.01, 700.0, 20_000)
    # The checker's ellipsoid may measure slightly longer than our sphere.
    checker_geo = geo * ELLIPSOID_SLACK
    model = RoadModel()
    assert np.all(model.drive_minutes(geo) >= checker_geo / CHECKER_SPEED_KMH * 60)
    assert np.all(model.road_km(geo) >= checker_geo)


def test_default_curve_is_concave_and_increasing() -> None:
    """The default drive-time curve rises with distance and its slope never grows."""
    model = RoadModel()
    road = np.linspace(0.0, 1000.0, 10_001)
    curve = model.access + model.k * road**model.p
    assert np.all(np.diff(curve) > 0)
    assert np.all(np.diff(curve, n=2) <= 1e-9)


@pytest.mark.parametrize(
    "constants",
    [
        {"circuity": 1.1},
        {"p": 1.2},
        {"p": 0.0},
        {"access": -1.0},
        {"k": 0.0},
        # 0.3 min per road km × 1.15 < 0.55 min per km: faster than 110 km/h.
        {"k": 0.3},
        # So concave it beats 110 km/h before 1000 km.
        {"access": 0.0, "p": 0.5, "k": 2.0},
    ],
)
def test_road_model_rejects_unsafe_constants(constants: dict[str, float]) -> None:
    """RoadModel refuses constants that break concavity, the geodesic floor or the speed rule."""
    with pytest.raises(ValueError):
        RoadModel(**constants)


def test_leg_matches_matrix_and_identical_points_are_free() -> None:
    """leg() agrees with matrix() and gives 0 km, 0 minutes between identical points."""
    model = RoadModel()
    travel = model.matrix([SEOUL_HQ, BUSAN])
    assert model.leg(SEOUL_HQ, BUSAN) == (travel.km[0, 1], travel.minutes[0, 1])
    assert model.leg(DAEJEON, DAEJEON) == (0.0, 0)


def test_geodesic_matrix_agrees_with_geopy() -> None:
    """The vectorised haversine is within 0.5% of geopy's ellipsoidal geodesic."""
    points = [SEOUL_HQ, DAEJEON, BUSAN]
    ours = geodesic_km_matrix(points)
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            assert ours[i, j] == pytest.approx(geodesic(a, b).km, rel=0.005, abs=1e-9)


def test_points_must_be_lat_lon() -> None:
    """Points given as (lon, lat) by mistake are refused, not silently mis-measured."""
    with pytest.raises(ValueError, match="lat"):
        RoadModel().matrix([(127.04, 37.47), (129.08, 35.18)])


def test_travel_matrix_is_read_only() -> None:
    """A TravelMatrix cannot be edited in place."""
    travel = RoadModel().matrix([SEOUL_HQ, BUSAN])
    with pytest.raises(ValueError):
        travel.minutes[0, 1] = 1


@st.composite
def korean_points(draw: st.DrawFn) -> list[Point]:
    coordinate = st.tuples(st.floats(33.0, 38.7), st.floats(124.5, 131.0))
    points = draw(st.lists(coordinate, min_size=1, max_size=6))
    # Two companies at one address must cost nothing between them.
    return points + draw(st.lists(st.sampled_from(points), max_size=2))


@settings(max_examples=200, deadline=None)
@given(korean_points())
def test_road_matrix_properties(points: list[Point]) -> None:
    """Road matrix: symmetric, zero diagonal, ≥ geodesic km and 110 km/h, triangle inequality."""
    travel = RoadModel().matrix(points)
    km, minutes = travel.km, travel.minutes
    geo = np.array([[geodesic(a, b).km for b in points] for a in points])
    assert np.array_equal(km, km.T) and np.array_equal(minutes, minutes.T)
    assert not np.diag(km).any() and not np.diag(minutes).any()
    assert np.all(km >= geo)
    assert np.all(minutes >= geo / CHECKER_SPEED_KMH * 60)
    # [i, j, k]: i→k direct against i→j→k.
    assert np.all(minutes[:, None, :] <= minutes[:, :, None] + minutes[None, :, :] + 1)
    assert np.all(km[:, None, :] <= km[:, :, None] + km[None, :, :] + 0.2)


# --- OSRM ------------------------------------------------------------------------


def _recorded(urls: list[str]) -> Callable[[str], dict[str, Any]]:
    def fetch(url: str) -> dict[str, Any]:
        urls.append(url)
        return json.loads(RECORDED_TABLE.read_text(encoding="utf-8"))

    return fetch


def test_osrm_parses_recorded_table() -> None:
    """OsrmTable asks for lon,lat with both annotations and turns metres/seconds into 0.1 km/minutes."""
    urls: list[str] = []
    provider = OsrmTable(base_url="http://osrm.test:5000/", fetch=_recorded(urls))
    travel = provider.matrix([SEOUL_HQ, DAEJEON, BUSAN])
    expected_url = (
        "http://osrm.test:5000/table/v1/driving/"
        "127.040400,37.468700;127.384500,36.350400;129.075600,35.179600"
        "?annotations=distance,duration"
    )
    assert urls == [expected_url]
    np.testing.assert_array_equal(travel.km, [[0.0, 155.5, 396.9], [156.1, 0.0, 256.4], [397.2, 256.0, 0.0]])
    np.testing.assert_array_equal(travel.minutes, [[0, 111, 261], [111, 0, 171], [262, 171, 0]])
    assert travel.km.dtype == np.float64 and travel.minutes.dtype == np.int64


def test_osrm_unroutable_pairs_become_inf_and_sentinel() -> None:
    """JSON nulls (no road, e.g. to Jeju) become inf km and UNROUTABLE_MINUTES."""
    answer = {
        "code": "Ok",
        "distances": [[0, None], [None, 0]],
        "durations": [[0, None], [None, 0]],
    }
    travel = OsrmTable(fetch=lambda url: answer).matrix([SEOUL_HQ, (33.4996, 126.5312)])
    assert np.isinf(travel.km[0, 1]) and travel.minutes[1, 0] == UNROUTABLE_MINUTES
    assert travel.km[0, 0] == 0 and travel.minutes[1, 1] == 0


def _index_of(coordinate: str) -> int:
    lon, _ = coordinate.split(",")
    return round((float(lon) - 127.0) / 0.001)


def _selected(coordinates: list[int], param: list[str] | None) -> list[int]:
    return coordinates if param is None else [coordinates[int(i)] for i in param[0].split(";")]


def _fake_osrm(requests: list[tuple[int, int]]) -> Callable[[str], dict[str, Any]]:
    """A server whose i→j answer is i*1000+j metres and (i+1)*(j+1) seconds, limited to 100×100."""

    def fetch(url: str) -> dict[str, Any]:
        parsed = urllib.parse.urlsplit(url)
        coordinates = [_index_of(c) for c in parsed.path.rsplit("/", 1)[1].split(";")]
        query = urllib.parse.parse_qs(parsed.query)
        sources = _selected(coordinates, query.get("sources"))
        targets = _selected(coordinates, query.get("destinations"))
        requests.append((len(sources), len(targets)))
        if len(sources) * len(targets) > 100 * 100:
            return {"code": "TooBig", "message": "Too many table coordinates"}
        return {
            "code": "Ok",
            "distances": [[i * 1000 + j for j in targets] for i in sources],
            "durations": [[(i + 1) * (j + 1) for j in targets] for i in sources],
        }

    return fetch


def test_osrm_chunks_large_tables() -> None:
    """150 points are asked in blocks of ≤100×100 and assembled in the right places."""
    requests: list[tuple[int, int]] = []
    points = [(36.0, 127.0 + i * 0.001) for i in range(150)]
    travel = OsrmTable(fetch=_fake_osrm(requests)).matrix(points)
    assert sorted(requests) == [(50, 50), (50, 100), (100, 50), (100, 100)]
    i, j = np.indices((150, 150))
    expected_km = np.where(i == j, 0.0, np.ceil((i * 1000 + j) / 100) / 10)
    expected_minutes = np.where(i == j, 0, np.ceil((i + 1) * (j + 1) / 60))
    np.testing.assert_array_equal(travel.km, expected_km)
    np.testing.assert_array_equal(travel.minutes, expected_minutes)


def test_osrm_refusal_raises_travel_error_naming_url() -> None:
    """An answer with code != "Ok" raises TravelError naming the code and the URL."""
    refusal = {
        "code": "NoSegment",
        "message": "Could not find a matching segment for coordinate 1",
    }
    provider = OsrmTable(base_url="http://osrm.test:5000", fetch=lambda url: refusal)
    with pytest.raises(TravelError, match=r"NoSegment.*http://osrm\.test:5000/table/v1/driving/"):
        provider.matrix([SEOUL_HQ, BUSAN])


def test_osrm_network_failure_raises_travel_error_naming_url() -> None:
    """A network failure raises TravelError naming the URL, chained to the original error."""

    def unreachable(url: str) -> dict[str, Any]:
        raise urllib.error.URLError("connection refused")

    provider = OsrmTable(base_url="http://osrm.test:5000", fetch=unreachable)
    with pytest.raises(TravelError, match=r"http://osrm\.test:5000/table/v1/driving/") as caught:
        provider.matrix([SEOUL_HQ, BUSAN])
    assert isinstance(caught.value.__cause__, urllib.error.URLError)


def test_osrm_malformed_answer_raises_travel_error() -> None:
    """An Ok answer whose table has the wrong shape raises TravelError, not an IndexError later."""
    answer = {"code": "Ok", "distances": [[0]], "durations": [[0]]}
    with pytest.raises(TravelError, match="shape"):
        OsrmTable(fetch=lambda url: answer).matrix([SEOUL_HQ, BUSAN])


def test_osrm_needs_no_request_for_fewer_than_two_points() -> None:
    """Zero or one point gives an empty or 1×1 zero matrix without calling the server."""

    def must_not_call(url: str) -> dict[str, Any]:
        raise AssertionError(url)

    provider = OsrmTable(fetch=must_not_call)
    assert provider.matrix([]).km.shape == (0, 0)
    single = provider.matrix([SEOUL_HQ])
    assert single.km.tolist() == [[0.0]] and single.minutes.tolist() == [[0]]


class _LocalOsrm(http.server.BaseHTTPRequestHandler):
    """Answers like osrm-routed: the recorded table, or 400 NoSegment for a point at 0,0."""

    def do_GET(self) -> None:
        if "0.000000,0.000000" in self.path:
            status, body = (
                400,
                {"code": "NoSegment", "message": "Could not find a matching segment"},
            )
        else:
            status, body = 200, json.loads(RECORDED_TABLE.read_text(encoding="utf-8"))
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean


@pytest.fixture
def local_osrm(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # An http_proxy set on a CI machine must not intercept a loopback server.
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _LocalOsrm)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_osrm_default_fetch_reads_a_real_http_answer(local_osrm: str) -> None:
    """Without an injected fetch, OsrmTable GETs the table over HTTP and parses it."""
    travel = OsrmTable(base_url=local_osrm, timeout=5).matrix([SEOUL_HQ, DAEJEON, BUSAN])
    assert travel.km[0, 2] == 396.9 and travel.minutes[2, 0] == 262


def test_osrm_http_error_raises_travel_error_with_osrm_message(local_osrm: str) -> None:
    """An HTTP 400 from OSRM raises TravelError carrying the status, OSRM's code and the URL."""
    provider = OsrmTable(base_url=local_osrm, timeout=5)
    with pytest.raises(TravelError, match=r"HTTP 400 for http://127\.0\.0\.1.*NoSegment"):
        provider.matrix([SEOUL_HQ, (0.0, 0.0)])
