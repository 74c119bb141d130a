"""The sign-in flow after the password: TOTP (or enrolment), then the forced password change.

A user who needs a second factor is not signed in after his password: the session only remembers, for
five minutes, who gave the right password (PENDING_KEY). Django's `login` runs once the code is right, so
no session of his ever exists without the second factor. The forced change comes after the login: the
session carries MUST_CHANGE_KEY and SessionPolicyMiddleware sends every page to the change page (the sign-in
itself still redirects to the page asked for: that request is the first one turned away).
"""

import time

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import redirect

from wumei.security import rules, services
from wumei.security.signals import FAILURE_REASON_ATTR

PENDING_KEY = "wumei_pending_sign_in"
SIGNED_IN_AT_KEY = "wumei_signed_in_at"
MUST_CHANGE_KEY = "wumei_must_change_password"
PENDING_SECONDS = 5 * 60

CHANGE_MESSAGES = {
    rules.INITIAL: "您的密码由管理员设置，请先修改密码再继续使用系统。",
    rules.EXPIRED: "您的密码已超过有效期，请先修改密码再继续使用系统。",
}


def begin_sign_in(request, user, next_url: str):
    """The password was right: ask for the second factor if needed, else sign in."""
    if services.two_factor_required(user):
        request.session[PENDING_KEY] = {
            "user": user.pk, "backend": user.backend, "at": time.time(), "next": next_url,
        }
        enrolled = services.confirmed_device(user) is not None
        return redirect("web:otp-verify" if enrolled else "web:otp-enrol")
    return complete_sign_in(request, user, next_url)


def pending_sign_in(request):
    """(user, next URL) of the sign-in waiting for its second factor, or (None, "") when there is none."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, ""
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return None, ""
    user.backend = pending["backend"]
    return user, pending["next"]


def complete_sign_in(request, user, next_url: str, device=None):
    """Sign the user in (a new session key), remember the second factor, then any forced password change."""
    request.session.pop(PENDING_KEY, None)
    if device is not None:
        user.otp_device = device  # django_otp's own user_logged_in receiver keeps it in the session
    auth_login(request, user)
    request.session[SIGNED_IN_AT_KEY] = time.time()
    reason = services.password_change_reason(user)
    if reason:
        # SessionPolicyMiddleware turns the next page, whichever it is, into the change page.
        request.session[MUST_CHANGE_KEY] = reason
        messages.warning(request, CHANGE_MESSAGES[reason])
    return HttpResponseRedirect(next_url)


def code_failed(request, user) -> None:
    """A wrong code counts as a failed sign-in: audited, and towards the lock-out (django-axes)."""
    setattr(request, FAILURE_REASON_ATTR, "动态口令错误")
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def locked_out(request, user) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": user.get_username()})
