"""What-if: variants of a scenario side by side, with a bar chart drawn as inline SVG (no JS library).

Each entry of `comparison` is a plain dict (the API can store it as JSON):

    {"name": "3 vans", "visits_total": 850, "visits_served": 812, "drive_km": 61234.5,
     "person_nights": 140, "cost": 20_370_000,
     "served_by_province": {"경기도": 0.98, ...},      # share 0..1, optional
     "utilisation": {"C01": 0.71, ...},               # consultant share of available days (or one number), optional
     "unassigned_by_reason": {"CAPACITY": 12, ...}}   # optional

`comparison_entry(name, problem, plan)` builds one from a solved variant. The
KPI numbers may instead sit under a "kpis" key (the plan's `kpis` as dumped).
routing.whatif.comparison_row's names are accepted as they are: "variant" for
"name", "served_share_by_province", "consultant_utilisation".
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from models import Plan, Problem
from views.labels import REASONS, km, percent, won
from views.stats import province_stats, utilisation
from views.templating import render

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, CHART_WIDTH = 22, 8, 160, 640


@dataclass(frozen=True)
class Variant:
    name: str
    total: int
    served: int
    drive_km: float
    person_nights: int
    cost: float
    provinces: dict[str, float]
    utilisation: dict[str, float]
    reasons: dict[str, int]

    @property
    def share(self) -> float:
        return self.served / self.total if self.total else 0.0

    @property
    def mean_utilisation(self) -> float | None:
        return sum(self.utilisation.values()) / len(self.utilisation) if self.utilisation else None


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int
    width: float


def comparison_entry(name: str, problem: Problem, plan: Plan) -> dict[str, Any]:
    """The dict whatif_html expects, for one solved variant."""
    k = plan.kpis
    return {
        "name": name,
        "visits_total": k.visits_total,
        "visits_served": k.visits_served,
        "drive_km": k.drive_km,
        "person_nights": k.person_nights,
        "cost": k.cost,
        "served_by_province": {p.province: round(p.share, 3) for p in province_stats(problem, plan)},
        "utilisation": {c: round(u, 3) for c, u in utilisation(problem, plan).items()},
        "unassigned_by_reason": dict(Counter(u.reason for u in plan.unassigned)),
    }


def whatif_html(comparison: list[dict[str, Any]], cut_short: list[str] | None = None) -> str:
    """`cut_short`, for a comparison whose job was cancelled: the variants asked for but not planned
    (the page then says the figures are not final, and names them)."""
    variants = [_variant(entry, k) for k, entry in enumerate(comparison)]
    provinces = sorted({p for v in variants for p in v.provinces})
    consultants = sorted({c for v in variants for c in v.utilisation})
    reasons = [r for r in REASONS if any(r in v.reasons for v in variants)]
    return render(
        "whatif.html",
        cut_short=cut_short,
        variants=variants,
        provinces=provinces,
        consultants=consultants,
        reasons=reasons,
        served_chart=bars([(v.name, v.share, f"{v.served}/{v.total} ({percent(v.share)})") for v in variants], top=1.0),
        cost_chart=bars([(v.name, v.cost, won(v.cost)) for v in variants]),
        km_chart=bars([(v.name, v.drive_km, km(v.drive_km)) for v in variants]),
        chart_width=CHART_WIDTH,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )


def _variant(entry: dict[str, Any], index: int) -> Variant:
    figures = entry.get("kpis") or entry
    return Variant(
        name=str(entry.get("name") or entry.get("variant") or f"안 {index + 1} (variant {index + 1})"),
        total=int(figures.get("visits_total", 0)),
        served=int(figures.get("visits_served", 0)),
        drive_km=float(figures.get("drive_km", 0.0)),
        person_nights=int(figures.get("person_nights", 0)),
        cost=float(figures.get("cost", 0.0)),
        provinces=dict(entry.get("served_by_province") or figures.get("served_share_by_province") or {}),
        utilisation=_utilisation(entry.get("utilisation", entry.get("consultant_utilisation"))),
        reasons={str(k): int(v) for k, v in (entry.get("unassigned_by_reason") or {}).items()},
    )


def _utilisation(value: Any) -> dict[str, float]:
    """A dict per consultant, or one overall number (kept under the key '*')."""
    if value is None:
        return {}
    if isinstance(value, int | float):
        return {"*": float(value)}
    return {str(k): float(v) for k, v in value.items()}


def bars(values: list[tuple[str, float, str]], top: float | None = None) -> list[Bar]:
    """Horizontal bars scaled to `top` (default the largest value); (label, value, text shown at the bar's end)."""
    top = top if top is not None else max((v for _, v, _ in values), default=0.0)
    span = CHART_WIDTH - LABEL_WIDTH - 140  # room on the right for the value text
    return [
        Bar(label, text, k * (BAR_HEIGHT + BAR_GAP), round(span * value / top, 1) if top > 0 else 0.0)
        for k, (label, value, text) in enumerate(values)
    ]
