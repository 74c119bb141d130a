"""Read side of factor requests: filters, counts, the land cleanup table."""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from wumei.factors.models import OPEN_STATUSES, FactorRequest, LandCleanup
from wumei.factors.services import LAND_FIGURES


def overdue_q(on: datetime.date) -> Q:
    """Open (not delivered nor declined) past the need-by date; the date itself is not overdue."""
    return Q(status__in=OPEN_STATUSES, need_by__lt=on)


def open_q() -> Q:
    return Q(status__in=OPEN_STATUSES)


def filter_requests(qs: QuerySet[FactorRequest], *, on: datetime.date, kind: str = "", status: str = "",
                    overdue: bool = False, project: int | None = None) -> QuerySet[FactorRequest]:
    if kind:
        qs = qs.filter(kind=kind)
    if status == "open":
        qs = qs.filter(open_q())
    elif status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q(on))
    if project:
        qs = qs.filter(project_id=project)
    return qs


def counts(qs: QuerySet[FactorRequest], on: datetime.date) -> dict:
    """Counts by kind and by status, plus open and overdue, in one query."""
    aggregates = {f"k_{k}": Count("id", filter=Q(kind=k)) for k in FactorRequest.Kind.values}
    aggregates.update({f"s_{s}": Count("id", filter=Q(status=s)) for s in FactorRequest.Status.values})
    aggregates.update(total=Count("id"), open=Count("id", filter=open_q()), overdue=Count("id", filter=overdue_q(on)))
    row = qs.order_by().aggregate(**aggregates)
    return {
        "total": row["total"], "open": row["open"], "overdue": row["overdue"],
        "kinds": [(value, label, row[f"k_{value}"]) for value, label in FactorRequest.Kind.choices],
        "statuses": [(value, label, row[f"s_{value}"]) for value, label in FactorRequest.Status.choices],
    }


def land_table(county_ids, year: int) -> dict:
    """The year's land cleanup rows (newest month first) and the totals of the disposed figures; the stock
    figures of the totals row are those of each park's latest month."""
    rows = list(LandCleanup.objects.filter(county_id__in=list(county_ids), month__year=year)
                .select_related("park").order_by("-month", "park__name"))
    disposed = LandCleanup.objects.filter(county_id__in=list(county_ids), month__year=year).aggregate(
        **{name: Sum(name) for name in LAND_FIGURES if name.endswith("_disposed")})
    latest: dict[int, LandCleanup] = {}
    for row in rows:
        latest.setdefault(row.park_id, row)
    totals = {name: disposed[name] or Decimal(0) for name in disposed}
    for name in ("unsupplied", "idle", "inefficient"):
        totals[name] = sum((r.__dict__[name] for r in latest.values()), Decimal(0))
    totals["disposed"] = sum((totals[n] for n in disposed), Decimal(0))
    return {"rows": rows, "totals": totals}
