"""Read side of the account pages: accounts in scope, with their security state."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wumei.org.principal import principal_of
from wumei.security.permissions import ACCOUNT_READERS


def accounts_visible_to(user):
    """Accounts whose person belongs to a region the administrator keeps (and the regions below it);
    a superuser sees every account, including those without a person."""
    User = get_user_model()
    principal = principal_of(user)
    if principal.is_superuser:
        return User.objects.all()
    paths = principal.region_paths(set(ACCOUNT_READERS))
    if not paths:
        return User.objects.none()
    scope = Q()
    for path in paths:
        scope |= Q(person__region__path__startswith=path)
    return User.objects.filter(scope)


def with_state(accounts):
    """Accounts with their person, security row and whether a confirmed TOTP device exists."""
    devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return accounts.select_related("person__unit", "security").annotate(has_two_factor=Exists(devices))


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these accounts django-axes holds locked now (failures within the cool-off ≥ the limit)."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off() or datetime.timedelta(days=36500)
    rows = (
        AccessAttempt.objects.filter(username__in=usernames, attempt_time__gte=timezone.now() - cool_off)
        .values("username").annotate(failures=Sum("failures_since_start"))
    )
    return {row["username"] for row in rows if row["failures"] >= settings.AXES_FAILURE_LIMIT}
