"""Template context shared by every page: the principal and the navigation it may see."""

from django.conf import settings

from wumei.org.permissions import sees_full_phone
from wumei.org.principal import ORG_READERS, REGION_READERS, principal_of


def site(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo": settings.DEMO}
    principal = principal_of(user)
    from wumei.cadence.services import can_view as can_view_cadence
    from wumei.notify.services import unread_count

    return {
        "unread_messages": unread_count(user),
        "demo": settings.DEMO,
        "principal": principal,
        "nav_org": principal.has_role(*ORG_READERS),
        "nav_audit": principal.has_role("auditor"),
        "nav_import": principal.has_role("hq_office"),
        "nav_accounts": principal.has_role("sec_admin", "sys_admin"),
        "nav_outbox": principal.has_role("sys_admin"),
        "nav_cadence": can_view_cadence(user),
        "nav_cockpit": principal.has_role(*REGION_READERS),
        # Phones are masked on every page; these roles get the audited 「显示」 button (wumei/web/phones.py).
        "may_reveal_phones": sees_full_phone(user),
    }
