"""Fairness across provinces when capacity is short: weigh up the provinces served least so far."""

from collections.abc import Iterable

MOST = 3.0  # a province far behind counts at most this many times more


def province_factors(closed: Iterable[tuple[str, bool]]) -> dict[str, float]:
    """From (province, served) of each request whose dates have passed: for each province served
    below the national share, national share / its share (1 to 3); provinces of fewer than 3 such
    requests are left out (a share of one or two requests says little)."""
    tally: dict[str, list[int]] = {}
    for province, served in closed:
        counts = tally.setdefault(province, [0, 0])
        counts[0] += served
        counts[1] += 1
    total = sum(n for _, n in tally.values())
    if not total:
        return {}
    national = sum(s for s, _ in tally.values()) / total
    return {p: min(MOST, max(1.0, national / max(s / n, 0.01))) for p, (s, n) in tally.items() if n >= 3}
