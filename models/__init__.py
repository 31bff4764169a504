"""The public contract (problem and plan documents) as typed, validated models."""

from models.plan import Endpoint, Kpis, Plan, Route, Stop, Unassigned
from models.problem import (
    Consultant,
    Depot,
    Horizon,
    Overnight,
    Pin,
    Policy,
    Problem,
    TimeWindow,
    Van,
    Visit,
    Workday,
)

__all__ = [
    "Consultant",
    "Depot",
    "Endpoint",
    "Horizon",
    "Kpis",
    "Overnight",
    "Pin",
    "Plan",
    "Policy",
    "Problem",
    "Route",
    "Stop",
    "TimeWindow",
    "Unassigned",
    "Van",
    "Visit",
    "Workday",
]
