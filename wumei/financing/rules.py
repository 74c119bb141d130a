"""Monthly figures of the government–bank–enterprise scheme as pure rules (seed §四·一: 月月联、月月融、月月报、
月月跟): SMEs served and loans granted per month."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

# Status transitions the HQ office may make; a granted or refused request is final.
TRANSITIONS = {
    "requested": {"reviewing", "granted", "refused"},
    "reviewing": {"granted", "refused"},
    "granted": set(),
    "refused": set(),
}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())


@dataclass(frozen=True)
class RequestFacts:
    enterprise_id: int
    requested_on: datetime.date
    granted_on: datetime.date | None = None
    granted_amount: Decimal | None = None


@dataclass
class MonthTotal:
    month: int
    served: int = 0  # distinct enterprises with a request or a follow-up in the month
    requests: int = 0  # requests made in the month
    granted: int = 0  # loans granted in the month
    granted_amount: Decimal = Decimal(0)
    enterprises: set = field(default_factory=set, repr=False)


@dataclass
class YearTotals:
    months: list[MonthTotal]
    served: int  # distinct over the year (an enterprise served in two months counts once)
    requests: int
    granted: int
    granted_amount: Decimal


def monthly_totals(year: int, requests: Iterable[RequestFacts],
                   follow_ups: Iterable[tuple[int, datetime.date]]) -> YearTotals:
    """Per month of `year`: SMEs served (an enterprise with a request made or followed up in the month) and
    loans granted (by the month of the grant); the year's totals, with each enterprise counted once."""
    months = [MonthTotal(month=m) for m in range(1, 13)]
    year_enterprises: set[int] = set()
    for request in requests:
        if request.requested_on.year == year:
            month = months[request.requested_on.month - 1]
            month.requests += 1
            month.enterprises.add(request.enterprise_id)
            year_enterprises.add(request.enterprise_id)
        if request.granted_on is not None and request.granted_on.year == year:
            month = months[request.granted_on.month - 1]
            month.granted += 1
            month.granted_amount += request.granted_amount or Decimal(0)
    for enterprise_id, on in follow_ups:
        if on.year == year:
            months[on.month - 1].enterprises.add(enterprise_id)
            year_enterprises.add(enterprise_id)
    for month in months:
        month.served = len(month.enterprises)
    return YearTotals(
        months=months, served=len(year_enterprises), requests=sum(m.requests for m in months),
        granted=sum(m.granted for m in months), granted_amount=sum((m.granted_amount for m in months), Decimal(0)),
    )
