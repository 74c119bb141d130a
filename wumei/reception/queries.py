"""Read side of the reception day: a year's months with their days, and the leaders a county may choose."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from wumei.org.models import Person, Region, Role
from wumei.reception import rules
from wumei.reception.models import ReceptionDay

LEADER_ROLES = (Role.COMMANDER, Role.LEAD_LEADER, Role.CHAIN_LEADER)


@dataclass
class MonthLine:
    month: datetime.date
    day: ReceptionDay | None
    default: datetime.date | None  # the 8th when it is a working day
    proposed: datetime.date

    @property
    def needs_setting(self) -> bool:
        """No day set and the 8th is not a working day: the HQ office must set it."""
        return self.day is None and self.default is None


def year_months(days: QuerySet[ReceptionDay], county: Region, year: int, calendar) -> list[MonthLine]:
    """The twelve months of `year` in `county`, each with its day (if set), visit and problem counts."""
    by_month = {d.month: d for d in days.filter(county=county, month__year=year)
                .annotate(visit_count=Count("visits", distinct=True),
                          problem_count=Count("visits__problems", distinct=True))
                .prefetch_related("leaders")}
    lines = []
    for m in range(1, 13):
        month = datetime.date(year, m, 1)
        lines.append(MonthLine(
            month=month, day=by_month.get(month),
            default=rules.default_reception_day(year, m, calendar.is_working_day),
            proposed=rules.proposed_reception_day(year, m, calendar.is_working_day)))
    return lines


def leaders_of(county: Region) -> QuerySet[Person]:
    """County leaders who may receive: commanders, lead leaders and chain leaders of the county."""
    return (Person.objects.filter(roles__role__in=LEADER_ROLES, roles__region__path__startswith=county.path,
                                  is_active=True).distinct().order_by("name", "id"))
