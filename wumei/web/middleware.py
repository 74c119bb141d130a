"""Security headers on every response: Content-Security-Policy and Permissions-Policy.

Django's SecurityMiddleware already sets nosniff, Referrer-Policy, Cross-Origin-Opener-Policy, HSTS and the
HTTPS redirect; XFrameOptionsMiddleware sets X-Frame-Options. The policies themselves are settings
(CSP_DIRECTIVES, PERMISSIONS_POLICY in wumei/config/web_security.py); docs/security.md explains them.
"""

from django.conf import settings
from django.shortcuts import render


def content_security_policy(directives: dict[str, list[str]]) -> str:
    """`{"default-src": ["'self'"], "object-src": ["'none'"]}` → `default-src 'self'; object-src 'none'`."""
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def permissions_policy(features: dict[str, list[str]]) -> str:
    """`{"camera": ["self"], "microphone": []}` → `camera=(self), microphone=()`."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in features.items())


class SecurityHeadersMiddleware:
    """Adds the CSP and Permissions-Policy headers, unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = ("Content-Security-Policy-Report-Only" if settings.CSP_REPORT_ONLY
                  else "Content-Security-Policy")
        response.headers.setdefault(header, content_security_policy(settings.CSP_DIRECTIVES))
        response.headers.setdefault("Permissions-Policy", permissions_policy(settings.PERMISSIONS_POLICY))
        return response


def csrf_failure(request, reason=""):
    """The CSRF rejection as a Chinese page in the site's frame (Django's own page carries inline styles)."""
    return render(request, "web/csrf_failure.html", status=403)
