"""Calibrate RoadModel on the shared Korean road facts and print the comparison for the README.

Usage, from the repository root:
    python -m benchmarks.travel_calibration [path/to/shared/reference/korea]

Not a unit test: tests/routing/test_travel.py holds the pass/fail bounds.
"""

import re
import sys
from pathlib import Path

import pandas as pd

from routing.travel import RoadModel, fit_road_model, geodesic_km_matrix

DEFAULT_REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "korea"

# Ordered: the first pattern found in a fact's source text names its kind
# (whole words, so "Busan" is no bus).
SOURCE_KINDS = (
    (re.compile(r"\bKEC\b"), "KEC tollgate-tollgate"),
    (re.compile(r"\broad origin\b", re.IGNORECASE), "road-origin marker"),
    (re.compile(r"\bbus\b", re.IGNORECASE), "bus terminal-terminal"),
    (re.compile(r"\bexpressway\b", re.IGNORECASE), "expressway length"),
)


def city_point(name: str, sido: pd.DataFrame, sigungu: pd.DataFrame) -> tuple[float, float]:
    """(lat, lon) of a city: its province-level rep point, its si/gun, or the mean of its gu."""
    rows = sido[sido["sido_name_en"] == name]
    if rows.empty:
        rows = sigungu[sigungu["sgg_name_en"].isin([f"{name}-si", f"{name}-gun"])]
    if rows.empty:
        gu = sigungu[sigungu["sgg_name_en"].str.startswith(f"{name}-si ")]
        rows = sigungu[sigungu["parent_city_ko"].isin(gu["parent_city_ko"].unique())]
    if rows.empty:
        raise LookupError(f"no region named {name!r} in the reference")
    return float(rows["rep_lat"].mean()), float(rows["rep_lon"].mean())


def load_facts(reference: Path) -> pd.DataFrame:
    """road_facts.csv with the great-circle km between each pair's city points."""
    sido = pd.read_csv(reference / "sido_2018.csv")
    sigungu = pd.read_csv(reference / "sigungu_2018.csv")
    facts = pd.read_csv(reference / "road_facts.csv")
    points = {name: city_point(name, sido, sigungu) for name in set(facts["from"]) | set(facts["to"])}
    pairs = zip(facts["from"], facts["to"], strict=True)
    facts["geo_km"] = [geodesic_km_matrix([points[a], points[b]])[0, 1] for a, b in pairs]
    return facts


def source_kind(source: str) -> str:
    return next((kind for pattern, kind in SOURCE_KINDS if pattern.search(source)), "other")


def comparison(model: RoadModel, facts: pd.DataFrame) -> pd.DataFrame:
    """One row per fact: reference and model km/minutes and the relative errors in %."""
    geo = facts["geo_km"].to_numpy()
    return pd.DataFrame(
        {
            "pair": facts["from"] + "-" + facts["to"],
            "source kind": facts["source"].map(source_kind),
            "geo km": facts["geo_km"].round(1),
            "ref km": facts["road_km"],
            "model km": model.road_km(geo),
            "km err %": (100 * (model.road_km(geo) / facts["road_km"] - 1)).round(1),
            "ref min": facts["drive_minutes"].astype("Int64"),
            "model min": model.drive_minutes(geo),
            "min err %": (100 * (model.drive_minutes(geo) / facts["drive_minutes"] - 1)).round(1),
        }
    )


def describe(label: str, model: RoadModel) -> str:
    return (
        f"{label}: circuity={model.circuity:.4f} access={model.access:.1f} min k={model.k:.4f} min/km^p p={model.p:.2f}"
    )


def median_errors(model: RoadModel, facts: pd.DataFrame) -> tuple[float, float]:
    """Median |relative error| on km and on minutes, over the rows that give each."""
    geo = facts["geo_km"].to_numpy()
    km = (model.road_km(geo) / facts["road_km"] - 1).abs().median()
    minutes = (model.drive_minutes(geo) / facts["drive_minutes"] - 1).abs().median()
    return float(km), float(minutes)


def short_legs(model: RoadModel) -> str:
    """What the model says for the short legs the reference does not cover."""
    geo = [2.0, 5.0, 10.0, 20.0, 50.0]
    legs = zip(geo, model.road_km(geo), model.drive_minutes(geo), strict=True)
    return "short legs (geo km → road km, min): " + ", ".join(f"{g:g} → {k:g}, {m}" for g, k, m in legs)


def main(reference: Path) -> int:
    if not (reference / "road_facts.csv").is_file():
        print(f"Shared reference data not found at {reference}; pass its folder as the argument.")
        return 1
    facts = load_facts(reference)
    for label, model in (("fitted   ", fit_road_model(facts)), ("committed", RoadModel())):
        km, minutes = median_errors(model, facts)
        print(f"{describe(label, model)}  median |error| km {km:.1%}, minutes {minutes:.1%}")
    print(
        f"reference rows: {facts['road_km'].notna().sum()} with km, {facts['drive_minutes'].notna().sum()} with minutes"
    )
    print(short_legs(RoadModel()))
    print()
    print(markdown(comparison(RoadModel(), facts)))
    return 0


def markdown(table: pd.DataFrame) -> str:
    """A GitHub table, ready to paste into the README; blanks where a source gave no number."""
    cells = table.astype(object).where(table.notna(), "")
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(str(value) for value in row) + " |" for row in cells.itertuples(index=False)]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REFERENCE))
