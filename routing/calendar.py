"""Which dates are working days: Monday to Friday, less public holidays and closed dates."""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from models import Horizon


@lru_cache(maxsize=32)
def public_holidays(country: str, first_year: int, last_year: int) -> frozenset[date]:
    """The `holidays` package's calendar, substitute days included."""
    calendar = holidays.country_holidays(country, years=range(first_year, last_year + 1))
    return frozenset(calendar.keys())


def is_working_day(day: date, horizon: Horizon) -> bool:
    if day < horizon.start or day > horizon.end or day.weekday() >= 5:
        return False
    if day in horizon.closed_dates:
        return False
    if horizon.holidays is None:
        return True
    return day not in public_holidays(horizon.holidays, horizon.start.year, horizon.end.year)


def working_days(horizon: Horizon) -> tuple[date, ...]:
    days = (horizon.start + timedelta(days=k) for k in range((horizon.end - horizon.start).days + 1))
    return tuple(day for day in days if is_working_day(day, horizon))
