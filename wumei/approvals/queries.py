"""Read side of approval efficiency: savings per department and for a county, from the database in one query."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum

from wumei.approvals.models import ApprovalItem
from wumei.approvals.rules import Savings
from wumei.org.models import Region, Unit


def county_items(county: Region) -> QuerySet[ApprovalItem]:
    return ApprovalItem.objects.filter(project__county__path__startswith=county.path)


def approved_between(qs: QuerySet[ApprovalItem], start: datetime.date, end: datetime.date) -> QuerySet[ApprovalItem]:
    return qs.filter(approved_on__gte=start, approved_on__lte=end)


ON_TIME = Q(actual_days__lte=F("statutory_days"))


def _aggregates() -> dict:
    return {
        "steps": Sum(F("statutory_steps") - F("actual_steps")),
        "materials": Sum(F("statutory_materials") - F("actual_materials")),
        "days": Sum(F("statutory_days") - F("actual_days")),
        "items": Count("id"),
        "on_time": Count("id", filter=ON_TIME),
    }


def _savings(row: dict) -> Savings:
    return Savings(steps=row["steps"] or 0, materials=row["materials"] or 0, days=row["days"] or 0,
                   items=row["items"] or 0, on_time=row["on_time"] or 0)


@dataclass
class DepartmentLine:
    department: Unit
    savings: Savings
    pending: int
    by_mode: dict[str, int]


def savings_by_department(county: Region, start: datetime.date, end: datetime.date
                          ) -> tuple[list[DepartmentLine], Savings]:
    """Savings of the items approved in [start, end], per approval department of `county` and in total; the
    department's items still pending (applied by `end`, not approved) alongside. Departments with neither are
    left out."""
    items = county_items(county)
    approved = {row["department_id"]: row for row in approved_between(items, start, end)
                .values("department_id").annotate(**_aggregates()).order_by()}
    pending = dict(items.filter(Q(approved_on__isnull=True) | Q(approved_on__gt=end), applied_on__lte=end)
                   .values("department_id").annotate(n=Count("id")).order_by().values_list("department_id", "n"))
    modes: dict[int, dict[str, int]] = {}
    for department_id, mode, n in (approved_between(items, start, end).values("department_id", "mode")
                                   .annotate(n=Count("id")).order_by().values_list("department_id", "mode", "n")):
        modes.setdefault(department_id, {})[mode] = n
    units = Unit.objects.filter(pk__in=set(approved) | set(pending)).order_by("name")
    lines = [DepartmentLine(department=unit, savings=_savings(approved[unit.pk]) if unit.pk in approved else Savings(),
                            pending=pending.get(unit.pk, 0), by_mode=modes.get(unit.pk, {}))
             for unit in units]
    lines.sort(key=lambda line: (-line.savings.days, line.department.name))
    total = Savings()
    for line in lines:
        total += line.savings
    return lines, total


def county_savings(county: Region, start: datetime.date, end: datetime.date) -> Savings:
    return _savings(approved_between(county_items(county), start, end).aggregate(**_aggregates()))
