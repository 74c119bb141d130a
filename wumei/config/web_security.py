"""Web security settings: Content-Security-Policy, security headers, HTTPS, cookies (docs/security.md, "Web").

Star-imported at the very end of settings.py, so it sees (and may refine) everything defined there.
Every knob is a WUMEI_* variable; the defaults are the strict ones.
"""

from django.core.exceptions import ImproperlyConfigured

from wumei.config.env import env_bool, env_int, env_list
from wumei.config.settings import DEBUG, DEMO, MIDDLEWARE, SILENCED_SYSTEM_CHECKS

# The key settings.py falls back to when WUMEI_SECRET_KEY is unset: fine for development, the demo and tests,
# refused by the WSGI application (gunicorn, runserver) of a real installation (refuse_development_key).
DEVELOPMENT_SECRET_KEY = "insecure-dev-key-set-WUMEI_SECRET_KEY-in-production"  # noqa: S105

# --- Content-Security-Policy (wumei.web.middleware.SecurityHeadersMiddleware) -----------------------------
# No inline script anywhere: page data travels in <script type="application/json"> (json_script), behaviour
# lives in wumei/static/wumei/*.js, Alpine is its CSP build and htmx runs with allowEval off.
# No inline style either: templates use classes from wumei.css; scripts set styles through the CSSOM
# (element.style), which CSP does not restrict.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],  # Tabler's icons are data: SVGs; photo previews are blob: URLs
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# Report-only is for trying a stricter policy on a live installation without breaking it.
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)

# Powerful browser features: the camera for site photos (daily reports), nothing else.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

MIDDLEWARE = [
    *MIDDLEWARE[:1],  # django.middleware.security.SecurityMiddleware stays first
    "wumei.web.middleware.SecurityHeadersMiddleware",
    *MIDDLEWARE[1:],
]

# --- Headers Django's SecurityMiddleware sets ------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- HTTPS (production: WUMEI_HTTPS=1, behind nginx terminating TLS) ------------------------------------
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("HSTS_PRELOAD", False)
# nginx sets X-Forwarded-Proto (and overwrites whatever the client sent): only then may Django trust it.
if HTTPS and env_bool("PROXY_SSL_HEADER", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP on the loopback by monitoring; a redirect would fail the probe.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]

# --- Cookies --------------------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS or (not DEBUG and not DEMO))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# htmx reads the token from the page (hx-headers on <body>), never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "wumei.web.middleware.csrf_failure"

# --- System checks silenced, each with its reason (listed in docs/security.md) ---------------------------
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,
    # HSTS preloading commits the whole domain to browsers' built-in HTTPS list; a county's intranet host
    # cannot be on that public list, and the decision belongs to whoever runs the domain (WUMEI_HSTS_PRELOAD).
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]


def refuse_development_key(settings) -> None:
    """A real installation (debug and demo off) must not sign sessions with the published development key."""
    if settings.DEBUG or settings.DEMO:
        return
    if settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY or not settings.SECRET_KEY:
        raise ImproperlyConfigured(
            "拒绝启动：未设置 WUMEI_SECRET_KEY，正在使用公开的开发密钥。请设置一个足够长的随机密钥，例如 "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'。"
            " / Refusing to start: WUMEI_SECRET_KEY is not set and the public development key is in use; "
            "set a long random key (or WUMEI_DEBUG=1 / WUMEI_DEMO=1 for development)."
        )

