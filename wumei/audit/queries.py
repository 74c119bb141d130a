"""Read side of the audit log.

Scope: an auditor reads the events of his region and the regions below it, plus system-wide events
(those with no region, such as the calendar's).
"""

from django.db.models import Q, QuerySet

from wumei.audit.models import AuditEvent
from wumei.org.models import Region, Role
from wumei.org.principal import principal_of


def events_visible_to(user) -> QuerySet[AuditEvent]:
    """The audit events `user` may read (none unless he is an auditor or a superuser)."""
    principal = principal_of(user)
    if principal.is_superuser:
        return AuditEvent.objects.all()
    paths = principal.region_paths({Role.AUDITOR})
    if not paths:
        return AuditEvent.objects.none()
    regions = Q(pk__in=[])
    for path in paths:
        regions |= Q(path__startswith=path)
    codes = Region.objects.filter(regions).values("code")
    return AuditEvent.objects.filter(Q(region_code="") | Q(region_code__in=codes))
