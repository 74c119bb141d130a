"""Sign-in, sign-out and sign-in failures become audit events, through Django's auth signals.

Only logins from an HTTP client are recorded: an in-process login with no request behind it (the test
client's force_login and logout build an empty HttpRequest with no method; scripts pass none) is not a
sign-in anybody made from an address.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_init, post_save, pre_save

from wumei.security import fieldcrypt, services

# Set on the request by the code that signs a user out for a reason of its own (session too old).
LOGOUT_REASON_ATTR = "wumei_logout_reason"
# Set on the request by the sign-in flow when a failure is not a wrong password (a wrong code, a demo account).
FAILURE_REASON_ATTR = "wumei_failure_reason"


def _from_client(request) -> bool:
    return request is not None and bool(getattr(request, "method", None))


def on_logged_in(sender, request, user, **kwargs):
    if _from_client(request):
        services.record_sign_in(request, user, two_factor=getattr(user, "otp_device", None) is not None)


def on_logged_out(sender, request, user, **kwargs):
    if _from_client(request):
        services.record_sign_out(request, user, reason=getattr(request, LOGOUT_REASON_ATTR, ""))


def on_login_failed(sender, credentials, request=None, **kwargs):
    if _from_client(request):
        services.record_sign_in_failure(request, str(credentials.get("username") or ""),
                                        reason=getattr(request, FAILURE_REASON_ATTR, ""))


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="wumei.security.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="wumei.security.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="wumei.security.login_failed")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    post_init.connect(totp_key_opened, sender=TOTPDevice, dispatch_uid="wumei.security.totp_opened")
    pre_save.connect(totp_key_sealed, sender=TOTPDevice, dispatch_uid="wumei.security.totp_sealed")
    post_save.connect(totp_key_reopened, sender=TOTPDevice, dispatch_uid="wumei.security.totp_reopened")


# TOTP keys are secrets: at level 3 (WUMEI_FIELD_ENCRYPTION) django-otp's `key` column holds them sealed. The
# instance always carries the plain key, so django-otp's own code (bin_key, verify_token) is unchanged.
def totp_key_opened(sender, instance, **kwargs):
    instance.key = fieldcrypt.decrypt(instance.key)


def totp_key_sealed(sender, instance, **kwargs):
    instance.key = fieldcrypt.encrypt_hex(instance.key)


def totp_key_reopened(sender, instance, **kwargs):
    instance.key = fieldcrypt.decrypt(instance.key)
