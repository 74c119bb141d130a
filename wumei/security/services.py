"""Use cases of account security: sign-in bookkeeping, password changes, disabling, two-factor devices.

Each write records its audit event. The permission checks (who may disable whom) are the views' job, as
elsewhere; see permissions.py.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wumei.api.models import ApiToken
from wumei.audit.services import record
from wumei.org.principal import principal_of
from wumei.security import rules
from wumei.security.models import AccountSecurity

DEVICE_NAME = "动态口令"


# Demo accounts -------------------------------------------------------------------------------------------


def mark_demo_account(user) -> None:
    """Mark an account written by the demo loader: refused at sign-in unless WUMEI_DEMO is on."""
    AccountSecurity.objects.update_or_create(user=user, defaults={"is_demo": True})


def mark_demo_accounts(users) -> None:
    """`mark_demo_account` for many accounts at once (the synthetic scales write thousands)."""
    rows = [AccountSecurity(user=user, is_demo=True) for user in users]
    AccountSecurity.objects.bulk_create(rows, update_conflicts=True, unique_fields=["user"], update_fields=["is_demo"])


def is_demo_account(user) -> bool:
    return AccountSecurity.objects.filter(user=user, is_demo=True).exists()


def demo_exempt(user) -> bool:
    """Demo accounts skip the forced change, expiry and two-factor sign-in, but only in a demo installation."""
    return bool(settings.DEMO) and is_demo_account(user)


# What a sign-in requires -----------------------------------------------------------------------------------


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def two_factor_required(user) -> bool:
    """TOTP after the password: for the roles of WUMEI_TWO_FACTOR_ROLES (the three administrators), for
    everyone at level 3 (WUMEI_TWO_FACTOR_FOR_ALL), and for anyone who has enrolled a device."""
    if demo_exempt(user):
        return False
    if settings.TWO_FACTOR_FOR_ALL or confirmed_device(user) is not None:
        return True
    return principal_of(user).has_role(*settings.TWO_FACTOR_ROLES)


def password_change_reason(user) -> str | None:
    """rules.INITIAL / rules.EXPIRED when the user must change his password before anything else."""
    state = AccountSecurity.objects.filter(user=user).first()
    if state is None or (state.is_demo and settings.DEMO):
        return None
    return rules.password_change_reason(
        must_change=state.must_change_password, changed_at=state.password_changed_at, now=timezone.now(),
        max_age_days=settings.PASSWORD_MAX_AGE_DAYS, force_initial_change=settings.PASSWORD_FORCE_CHANGE,
    )


def require_password_change(user) -> None:
    """An administrator set this password: its holder must change it at his next sign-in."""
    AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": True})


# Passwords -------------------------------------------------------------------------------------------------


def change_password(user, new_password: str) -> None:
    """A user changes his own (already validated) password; this lifts a forced change."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])  # the history validator's hook dates it and keeps its hash
        AccountSecurity.objects.update_or_create(user=user, defaults={"must_change_password": False})
        record(user, "auth.password_change", user, region_code=_region_code(user))


def reset_password(actor, user, new_password: str) -> None:
    """The system administrator sets a new initial password: the holder's sessions end, and he must
    change it at his next sign-in."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        require_password_change(user)
        ended = end_sessions(user)
        record(actor, "user.reset_password", user, after={"sessions_ended": ended}, region_code=_region_code(user))


# Disabling -------------------------------------------------------------------------------------------------


def disable_user(actor, user) -> None:
    """Disable an account: it cannot sign in, its sessions end and its API tokens are revoked."""
    with transaction.atomic():
        was_active = user.is_active
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = end_sessions(user)
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        record(actor, "user.disable", user, before={"is_active": was_active},
               after={"is_active": False, "sessions_ended": ended, "api_tokens_revoked": revoked},
               region_code=_region_code(user))


def enable_user(actor, user) -> None:
    """Enable a disabled account again (its revoked API tokens stay revoked)."""
    with transaction.atomic():
        was_active = user.is_active
        user.is_active = True
        user.save(update_fields=["is_active"])
        record(actor, "user.enable", user, before={"is_active": was_active}, after={"is_active": True},
               region_code=_region_code(user))


def end_sessions(user) -> int:
    """Delete every live session of `user` (database sessions: each is decoded to find its owner —
    disabling is rare, live sessions are few). Returns how many ended."""
    owner = str(user.pk)
    doomed = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == owner
    ]
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def unlock_user(actor, user) -> int:
    """Lift a lock-out after repeated sign-in failures (django-axes) before its 30 minutes are over."""
    from axes.utils import reset

    with transaction.atomic():
        cleared = reset(username=user.get_username())
        record(actor, "user.unlock", user, after={"attempts_cleared": cleared}, region_code=_region_code(user))
    return cleared


# Two-factor devices ----------------------------------------------------------------------------------------


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device a user is enrolling (created on first use, with a random key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def confirm_enrolment(user, device: TOTPDevice, token: str) -> bool:
    """The user proved he holds the key by entering its current code: the device becomes his factor."""
    with transaction.atomic():
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        record(user, "auth.otp_enrol", user, region_code=_region_code(user))
    return True


def reset_two_factor(actor, user) -> int:
    """Delete a user's TOTP devices (a lost phone): he enrols again at his next sign-in; his sessions end."""
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        ended = end_sessions(user)
        record(actor, "user.reset_2fa", user, after={"devices_removed": removed, "sessions_ended": ended},
               region_code=_region_code(user))
    return removed


# Sign-in events (called from Django's auth signals, see signals.py) ----------------------------------------


def record_sign_in(request, user, *, two_factor: bool = False) -> None:
    record(user, "auth.login", user, after={"address": client_address(request), "two_factor": two_factor},
           region_code=_region_code(user))


def record_sign_out(request, user, *, reason: str = "") -> None:
    if user is None:
        return
    record(user, "auth.logout", user, after={"address": client_address(request)}, note=reason,
           region_code=_region_code(user))


def record_sign_in_failure(request, username: str, *, reason: str = "") -> None:
    """A failed attempt: the user name tried (which may not exist) and the client address."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first() if username else None
    record(None, "auth.login_failed", user, after={"username": username, "address": client_address(request)},
           note=reason or "用户名或密码错误", region_code=_region_code(user) if user else "")


def client_address(request) -> str:
    """The address axes locks by and reports (REMOTE_ADDR unless axes is configured for a proxy)."""
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or ""


def _region_code(user) -> str:
    person = principal_of(user).person
    return person.region.code if person is not None else ""
