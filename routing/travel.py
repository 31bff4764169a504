"""Travel matrices: an offline road model calibrated on Korean road facts, and OSRM.

Every provider answers the same question: road km and whole drive minutes
between every ordered pair of (lat, lon) points. The solver and the plan
checker only ever see a `TravelMatrix`.
"""

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

import numpy as np
import pandas as pd
from geopy.distance import EARTH_RADIUS

Point = tuple[float, float]
"""(lat, lon) in WGS84 degrees."""

FetchJson = Callable[[str], dict[str, Any]]

CHECKER_SPEED_KMH = 110.0
"""The plan checker rejects a leg faster than this over the geodesic distance."""

MIN_CIRCUITY = 1.15
"""Road km never below 1.15 × great-circle km: far above the <0.5 % by which
our sphere can undershoot the checker's WGS84 geodesic."""

ELLIPSOID_SLACK = 1.01
"""The checker's ellipsoidal geodesic exceeds our spherical distance by at most
about 0.5 % at any latitude; 1 % leaves room."""

SPEED_RULE_MAX_KM = 1000.0
"""The speed rule is guaranteed up to this great-circle distance, beyond the
~860 km diagonal of Korea's bounding box."""

UNROUTABLE_MINUTES = 10**6
"""Minutes for a pair OSRM cannot route (an island without a bridge): longer
than any horizon, so no route uses it, yet far from int64 overflow when summed."""

OSRM_MAX_TABLE_SIZE = 100
"""osrm-routed's default --max-table-size: sources × destinations ≤ 100²."""

P_GRID = np.round(np.linspace(0.5, 1.0, 11), 2)
# The reference rows are all 70-320 km (tollgate to tollgate), so they cannot tell what
# leaving a town and parking at a company's door costs; left free, the fit takes ~2 min and
# makes a 6 km town hop take 8 min. We fix it at 10 min, the short-leg cost a coordinator
# would plan with, and fit only the curve; the long-distance medians stay within 15%.
ACCESS_GRID = np.array([10.0])


class TravelError(RuntimeError):
    """A travel provider could not produce a matrix."""


@dataclass(frozen=True)
class TravelMatrix:
    """Road km (float64) and whole drive minutes (int64) for every ordered pair; read-only."""

    km: np.ndarray
    minutes: np.ndarray

    def __post_init__(self) -> None:
        # Copies, so freezing them cannot affect arrays the caller still holds.
        km = np.array(self.km, dtype=np.float64)
        minutes = np.array(self.minutes, dtype=np.int64)
        if km.ndim != 2 or km.shape[0] != km.shape[1] or km.shape != minutes.shape:
            raise ValueError(f"km {km.shape} and minutes {minutes.shape} must share one n×n shape")
        if np.any(np.diag(km) != 0) or np.any(np.diag(minutes) != 0):
            raise ValueError("a point's travel to itself must be 0 km and 0 minutes")
        km.flags.writeable = False
        minutes.flags.writeable = False
        object.__setattr__(self, "km", km)
        object.__setattr__(self, "minutes", minutes)


class TravelProvider(Protocol):
    """Anything that turns points into a travel matrix."""

    def matrix(self, points: Sequence[Point]) -> TravelMatrix:
        """Travel between every ordered pair of `points`, given as (lat, lon)."""
        ...


def geodesic_km_matrix(points: Sequence[Point]) -> np.ndarray:
    """Great-circle km between every pair of (lat, lon) points (haversine, geopy's mean radius)."""
    lat, lon = _radians(points)
    half_dlat = (lat[:, None] - lat[None, :]) / 2
    half_dlon = (lon[:, None] - lon[None, :]) / 2
    cos_cos = np.cos(lat)[:, None] * np.cos(lat)[None, :]
    h = np.sin(half_dlat) ** 2 + cos_cos * np.sin(half_dlon) ** 2
    km = 2 * EARTH_RADIUS * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    # Vectorised trigonometry need not be bit-for-bit odd; the larger of each
    # mirrored pair keeps the matrix exactly symmetric and never shortens a leg.
    return np.maximum(km, km.T)


def _radians(points: Sequence[Point]) -> tuple[np.ndarray, np.ndarray]:
    degrees = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    lat, lon = degrees[:, 0], degrees[:, 1]
    # Catches (lon, lat) swaps too: Korean longitudes exceed 90.
    if not (np.all(np.abs(lat) <= 90) and np.all(np.abs(lon) <= 180)):
        raise ValueError("points must be (lat, lon) in degrees, lat within ±90 and lon within ±180")
    return np.radians(lat), np.radians(lon)


def ceil_tenth(km: np.ndarray) -> np.ndarray:
    """Round km up to 0.1 km, so rounding never shortens a leg below what was measured."""
    return np.ceil(np.asarray(km, dtype=np.float64) * 10) / 10


def _speed_rule_holds(access: Any, k: Any, p: Any, circuity: Any) -> Any:
    # minutes(d) − floor(d) is concave (concave curve minus a line), so on
    # [0, D] it is smallest at an end: at d → 0 it is access ≥ 0, at D it is
    # checked here. Works elementwise on numpy grids as well as on floats.
    floor = SPEED_RULE_MAX_KM * ELLIPSOID_SLACK * 60 / CHECKER_SPEED_KMH
    return access + k * (circuity * SPEED_RULE_MAX_KM) ** p >= floor


@dataclass(frozen=True)
class RoadModel(TravelProvider):
    """The offline default: road km and drive minutes from great-circle distance.

    km = circuity × great-circle km, rounded up to 0.1 km;
    minutes = ceil(access + k × road_km ** p), 0 between identical points.
    With p in (0, 1] and access ≥ 0, minutes is concave and increasing in
    distance, so it obeys the triangle inequality: dropping a stop never
    lengthens a route. Defaults are `fit_road_model` on the shared Korean road
    facts; `benchmarks/travel_calibration.py` prints the fit.
    """

    circuity: float = 1.15
    access: float = 10.0
    """Minutes added to every leg between distinct points."""
    k: float = 0.6048
    """Minutes per road km ** p."""
    p: float = 1.0

    def __post_init__(self) -> None:
        if not self.circuity >= MIN_CIRCUITY:
            raise ValueError(f"circuity {self.circuity} < {MIN_CIRCUITY}: km could undercut the geodesic")
        if not 0 < self.p <= 1:
            raise ValueError(f"p {self.p} outside (0, 1]: minutes would not be concave in distance")
        if not (self.access >= 0 and self.k > 0):
            raise ValueError(f"access {self.access} must be ≥ 0 and k {self.k} > 0")
        if not _speed_rule_holds(self.access, self.k, self.p, self.circuity):
            raise ValueError(
                f"{self} drives faster than {CHECKER_SPEED_KMH} km/h over the geodesic before {SPEED_RULE_MAX_KM} km"
            )

    def matrix(self, points: Sequence[Point]) -> TravelMatrix:
        """Road km and minutes between every ordered pair of (lat, lon) points."""
        geo = geodesic_km_matrix(points)
        return TravelMatrix(km=self.road_km(geo), minutes=self.drive_minutes(geo))

    def leg(self, a: Point, b: Point) -> tuple[float, int]:
        """Road km and minutes from `a` to `b`, by the same formulas as `matrix`."""
        travel = self.matrix([a, b])
        return float(travel.km[0, 1]), int(travel.minutes[0, 1])

    def road_km(self, geo_km: np.ndarray) -> np.ndarray:
        """Road km for great-circle km, rounded up to 0.1 km."""
        return ceil_tenth(self.circuity * np.asarray(geo_km, dtype=np.float64))

    def drive_minutes(self, geo_km: np.ndarray) -> np.ndarray:
        """Whole drive minutes for great-circle km; 0 for a zero distance."""
        geo = np.asarray(geo_km, dtype=np.float64)
        curve = self.access + self.k * (self.circuity * geo) ** self.p
        return np.where(geo > 0, np.ceil(curve), 0).astype(np.int64)


def fit_road_model(facts: pd.DataFrame) -> RoadModel:
    """Fit a RoadModel to reference facts with columns geo_km, road_km, drive_minutes (NaN if absent).

    The references measure different things (tollgate to tollgate, expressway
    termini, bus terminals), so the fit targets the median row, not every row.
    """
    circuity = _fit_circuity(facts)
    timed = facts.dropna(subset=["drive_minutes"])
    if timed.empty:
        raise ValueError("no reference row has drive_minutes")
    road_km = circuity * timed["geo_km"].to_numpy(dtype=np.float64)
    minutes = timed["drive_minutes"].to_numpy(dtype=np.float64)
    access, k, p = _fit_time_curve(road_km, minutes, circuity)
    return RoadModel(circuity=circuity, access=access, k=k, p=p)


def _fit_circuity(facts: pd.DataFrame) -> float:
    measured = facts.dropna(subset=["road_km"])
    if measured.empty:
        raise ValueError("no reference row has road_km")
    ratio = float(np.median(measured["road_km"] / measured["geo_km"]))
    # Expressway lengths run terminus to terminus, often shorter than centre to
    # centre; the floor keeps every leg above the checker's geodesic.
    return max(MIN_CIRCUITY, ratio)


def _fit_time_curve(road_km: np.ndarray, minutes: np.ndarray, circuity: float) -> tuple[float, float, float]:
    p = P_GRID[:, None, None]
    access = ACCESS_GRID[None, :, None]
    x = road_km[None, None, :] ** p
    # The median ratio is the k minimising Σ|error| / road_km**p (an L1 cousin
    # of relative error): closed form, and one congested row cannot drag it.
    k = np.median((minutes - access) / x, axis=-1, keepdims=True)
    error = np.median(np.abs(np.ceil(access + k * x) - minutes) / minutes, axis=-1)
    admissible = (k[..., 0] > 0) & _speed_rule_holds(access[..., 0], k[..., 0], p[..., 0], circuity)
    error = np.where(admissible, error, np.inf)
    if not np.isfinite(error).any():
        raise ValueError("no (access, p) grid point gives an admissible drive-time curve")
    # argmin takes the first minimum, so ties resolve the same way every run.
    i, j = np.unravel_index(np.argmin(error), error.shape)
    return float(ACCESS_GRID[j]), float(k[i, j, 0]), float(P_GRID[i])


@dataclass(frozen=True)
class OsrmTable(TravelProvider):
    """Road km and minutes from an OSRM server's table service (driving profile).

    Asymmetric where the roads are (one-way streets). A pair OSRM cannot route
    becomes `np.inf` km and `UNROUTABLE_MINUTES`. Large inputs are asked in
    blocks of at most `max_table_size` sources × as many destinations.
    """

    base_url: str = "http://localhost:5000"
    timeout: float = 30.0
    fetch: FetchJson | None = None
    """GET a URL and decode its JSON; None means urllib. Tests inject recorded answers."""
    max_table_size: int = OSRM_MAX_TABLE_SIZE

    def matrix(self, points: Sequence[Point]) -> TravelMatrix:
        """Road km and minutes between every ordered pair of (lat, lon) points."""
        _radians(points)
        n = len(points)
        metres, seconds = np.zeros((n, n)), np.zeros((n, n))
        if n < 2:  # OSRM refuses a table of fewer than two coordinates
            return _osrm_matrix(metres, seconds)
        size = self.max_table_size
        blocks = [slice(start, min(start + size, n)) for start in range(0, n, size)]
        for rows in blocks:
            for cols in blocks:
                metres[rows, cols], seconds[rows, cols] = self._block(points, rows, cols)
        return _osrm_matrix(metres, seconds)

    def _block(self, points: Sequence[Point], rows: slice, cols: slice) -> tuple[np.ndarray, np.ndarray]:
        url = _table_url(self.base_url, points, rows, cols)
        answer = self._get(url)
        shape = (len(points[rows]), len(points[cols]))
        metres = _osrm_array(answer, "distances", shape, url)
        return metres, _osrm_array(answer, "durations", shape, url)

    def _get(self, url: str) -> dict[str, Any]:
        fetch = self.fetch or partial(_http_get_json, timeout=self.timeout)
        try:
            answer = fetch(url)
        # URLError and timeouts are OSErrors; undecodable JSON is a ValueError.
        except (OSError, ValueError) as exc:
            raise TravelError(f"OSRM request failed for {url}: {exc}") from exc
        if not isinstance(answer, dict) or answer.get("code") != "Ok":
            code, message = _osrm_refusal(answer)
            raise TravelError(f"OSRM answered code {code!r} ({message}) for {url}")
        return answer


def _table_url(base_url: str, points: Sequence[Point], rows: slice, cols: slice) -> str:
    sources, destinations = list(points[rows]), list(points[cols])
    query = "annotations=distance,duration"
    if rows == cols:
        coordinates = sources
    else:
        coordinates = sources + destinations
        query += "&sources=" + ";".join(str(i) for i in range(len(sources)))
        first = len(sources)
        query += "&destinations=" + ";".join(str(first + j) for j in range(len(destinations)))
    # OSRM wants lon,lat; 6 decimals is OSRM's own fixed-point precision.
    path = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in coordinates)
    return f"{base_url.rstrip('/')}/table/v1/driving/{path}?{query}"


def _osrm_array(answer: dict[str, Any], key: str, shape: tuple[int, int], url: str) -> np.ndarray:
    try:
        values = np.array(answer[key], dtype=np.float64)  # JSON null becomes NaN
    except (KeyError, TypeError, ValueError) as exc:
        raise TravelError(f"OSRM answer for {url} has no usable {key!r}: {exc}") from exc
    if values.shape != shape:
        raise TravelError(f"OSRM answer for {url} has {key!r} of shape {values.shape}, expected {shape}")
    return values


def _osrm_refusal(answer: object) -> tuple[object, object]:
    if isinstance(answer, dict):
        return answer.get("code"), answer.get("message", "no message")
    return None, f"not a JSON object: {type(answer).__name__}"


def _osrm_matrix(metres: np.ndarray, seconds: np.ndarray) -> TravelMatrix:
    # OSRM snaps both ends of i→i to one place; pin the diagonal regardless.
    np.fill_diagonal(metres, 0.0)
    np.fill_diagonal(seconds, 0.0)
    km = np.where(np.isnan(metres), np.inf, ceil_tenth(metres / 1000))
    minutes = np.where(np.isnan(seconds), UNROUTABLE_MINUTES, np.ceil(seconds / 60))
    return TravelMatrix(km=km, minutes=minutes.astype(np.int64))


def _http_get_json(url: str, timeout: float) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        # OSRM explains refusals (TooBig, NoSegment, InvalidQuery) in the 4xx body.
        body = exc.read(500).decode("utf-8", "replace")
        raise TravelError(f"OSRM HTTP {exc.code} for {url}: {body}") from exc
