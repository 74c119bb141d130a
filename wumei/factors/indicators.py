"""Factor-request indicators for the quarterly assessment (每季必考: 要素保障到位率)."""

import datetime
from decimal import Decimal

from wumei.factors import rules
from wumei.factors.models import FactorRequest

GROUP_FIELDS = {"project": "project_id", "responsible": "project__responsible_unit_id", "approval": "deciding_unit_id"}


def delivered_on_time(group: str, county, start: datetime.date, end: datetime.date) -> dict[int, Decimal | None]:
    """For the county's factor requests whose need-by date falls in [start, end] (declined ones left out: a
    request turned down was not a promise to deliver): the share (0–100, two places) delivered on or before
    the need-by date, keyed by project id ("project"), responsible unit id ("responsible") or deciding unit
    id ("approval"). Subjects with no such request are absent."""
    try:
        field = GROUP_FIELDS[group]
    except KeyError:
        raise ValueError(f"unknown group {group!r}; one of {sorted(GROUP_FIELDS)}") from None
    rows = (FactorRequest.objects.filter(project__county=county, need_by__gte=start, need_by__lte=end)
            .exclude(status=FactorRequest.Status.DECLINED).exclude(**{f"{field}__isnull": True})
            .values_list(field, "need_by", "delivered_on"))
    return dict(rules.on_time_shares(rows))
