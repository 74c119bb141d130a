"""Reading the audit log: the auditor (and superusers) only — the system administrator may not (三员分立).

Scope: an auditor reads the events of his regions (a region and every region below it, matched on
AuditEvent.region_code) and the events that carry no region at all. Events without a region are system-wide
writes (accounts, the working calendar, services that do not tag a region); hiding them would leave them
unaudited, so every auditor reads them.
"""

import datetime
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from wumei.audit.queries import events_visible_to
from wumei.org.models import Role
from wumei.org.principal import principal_of

PAGE_SIZE = 50


def _require_auditor(request):
    if not principal_of(request.user).has_role(Role.AUDITOR):
        raise PermissionDenied


def _date(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@login_required
@require_GET
def event_list(request):
    """Newest first, filtered by actor, action, object type and date range (local dates, both inclusive).

    The filters are free text rather than lists of the actions present: listing them would scan the whole
    log on every page.
    """
    _require_auditor(request)
    actor = request.GET.get("actor", "").strip()
    action = request.GET.get("action", "").strip()
    object_type = request.GET.get("object_type", "").strip()
    date_from = _date(request.GET.get("from"))
    date_to = _date(request.GET.get("to"))
    events = events_visible_to(request.user)
    if actor:
        events = events.filter(actor_name__icontains=actor)
    # Prefix matches, so "role." finds both role.assign and role.revoke.
    if action:
        events = events.filter(action__startswith=action)
    if object_type:
        events = events.filter(object_type__startswith=object_type)
    if date_from:
        events = events.filter(at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    events = events.order_by("-at", "-id").only(
        "at", "actor_name", "action", "object_type", "object_id", "object_repr", "region_code", "note"
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {
        "page": page,
        "actor": actor, "action": action, "object_type": object_type,
        "date_from": date_from, "date_to": date_to,
    })


@login_required
@require_GET
def event_detail(request, pk):
    """One event, before and after side by side, the changed keys highlighted."""
    _require_auditor(request)
    event = get_object_or_404(events_visible_to(request.user), pk=pk)
    structured = isinstance(event.before, dict | None) and isinstance(event.after, dict | None)
    return render(request, "audit/event_detail.html", {
        "event": event,
        "rows": compare(event.before, event.after) if structured else None,
        "before_raw": json.dumps(event.before, ensure_ascii=False, indent=2),
        "after_raw": json.dumps(event.after, ensure_ascii=False, indent=2),
    })


def compare(before: dict | None, after: dict | None) -> list[dict]:
    """One row per key of either side: its value before, after, and whether it changed."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    # Sorted: PostgreSQL's jsonb does not keep the order the keys were written in.
    keys = sorted(set(after) | set(before))
    return [
        {
            "key": key,
            "before": _shown(before, key),
            "after": _shown(after, key),
            "changed": before.get(key, _MISSING) != after.get(key, _MISSING),
        }
        for key in keys
    ]


_MISSING = object()


def _shown(values: dict, key: str) -> str:
    if key not in values:
        return "—"
    value = values[key]
    if value == "":
        return "（空）"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
