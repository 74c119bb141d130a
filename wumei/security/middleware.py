"""Session policy, applied to every request of a signed-in user:

- the absolute limit: a session ends WUMEI_SESSION_MAX_HOURS (12) after its sign-in, however active;
- the three administrators idle out after WUMEI_ADMIN_IDLE_MINUTES (15) instead of the 30 of everyone
  (SESSION_COOKIE_AGE; SESSION_SAVE_EVERY_REQUEST slides both);
- a user who must change his password (initial or expired) reaches only the change page and sign-out.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from wumei.security import rules
from wumei.security.flow import MUST_CHANGE_KEY, SIGNED_IN_AT_KEY
from wumei.security.permissions import is_administrator
from wumei.security.signals import LOGOUT_REASON_ATTR

ADMIN_KEY = "wumei_is_administrator"
# Pages a user who must change his password may still open.
OPEN_DURING_CHANGE = {"web:password-change", "web:logout", "web:login", "web:healthz"}


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            now = time.time()
            signed_in_at = session.get(SIGNED_IN_AT_KEY)
            if signed_in_at is None:
                # A session from before this policy, or a login outside the sign-in page: its clock starts now.
                session[SIGNED_IN_AT_KEY] = now
            elif rules.session_too_old(signed_in_at, now, settings.SESSION_MAX_HOURS):
                return self._end(request)
            if ADMIN_KEY not in session:
                session[ADMIN_KEY] = is_administrator(user)
            if session[ADMIN_KEY]:
                session.set_expiry(settings.ADMIN_IDLE_MINUTES * 60)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = getattr(request, "session", None)
        if session is None or not session.get(MUST_CHANGE_KEY):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_DURING_CHANGE:
            return None
        return redirect("web:password-change")

    def _end(self, request):
        path = request.get_full_path()
        setattr(request, LOGOUT_REASON_ATTR, f"登录已超过 {settings.SESSION_MAX_HOURS} 小时，会话结束")
        logout(request)
        messages.info(request, f"登录已超过 {settings.SESSION_MAX_HOURS} 小时，请重新登录。")
        return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': path})}")
