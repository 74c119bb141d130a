"""Indicators the quarterly assessment reads (每季必考): the on-time rate of approvals."""

import datetime
from decimal import Decimal

from django.db.models import Count

from wumei.approvals.queries import ON_TIME, approved_between, county_items
from wumei.approvals.rules import percentage
from wumei.org.models import Region, Unit

GROUPS = ("approval", "project")


def on_time_rate(group: str, county: Region, start: datetime.date, end: datetime.date) -> dict[int, Decimal | None]:
    """Share (0–100, two places) of the items approved in [start, end] that took no more than their statutory
    working days. Group "approval": keyed by approval department unit id — every active approval department of
    the county, None for one that approved nothing in the period; group "project": keyed by project id, for
    every project of the county that has approval items, None when none was approved in the period."""
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}: expected one of {GROUPS}")
    key = "department_id" if group == "approval" else "project_id"
    items = county_items(county)
    rows = (approved_between(items, start, end).values(key)
            .annotate(n=Count("id"), on_time=Count("id", filter=ON_TIME)).order_by())
    if group == "approval":
        keys = Unit.objects.filter(kind=Unit.Kind.APPROVAL, is_active=True,
                                   region__path__startswith=county.path).values_list("pk", flat=True)
    else:
        keys = items.values_list("project_id", flat=True).distinct()
    out: dict[int, Decimal | None] = dict.fromkeys(keys)
    for row in rows:
        out[row[key]] = percentage(row["on_time"], row["n"])
    return out
