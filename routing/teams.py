"""The smallest team of consultants that holds a visit's skills."""

from collections.abc import Iterable, Sequence
from itertools import combinations

from models import Consultant


def smallest_team(skills: Iterable[str], consultants: Sequence[Consultant]) -> int | None:
    """Size of the smallest team whose skills cover `skills`, or None if nobody can.

    Visits need a handful of skills, so consultants collapse into at most 2**k kinds of
    "which of these skills they hold"; trying combinations of kinds is then instant.
    """
    needed = frozenset(skills)
    if not needed:
        return 0
    kinds = {frozenset(c.skills) & needed for c in consultants} - {frozenset()}
    if frozenset().union(*kinds) != needed:
        return None
    kinds_list = sorted(kinds, key=len, reverse=True)
    for size in range(1, len(needed) + 1):
        for group in combinations(kinds_list, size):
            if frozenset().union(*group) == needed:
                return size
    return None  # unreachable: the union covers, so len(needed) kinds always suffice


def team_fits(skills: Iterable[str], team_size: int, consultants: Sequence[Consultant], seats: int) -> bool:
    """Whether some team from `consultants`, within `seats`, covers the skills with team_size members."""
    smallest = smallest_team(skills, consultants)
    if smallest is None:
        return False
    return max(smallest, team_size) <= min(seats, len(consultants))
