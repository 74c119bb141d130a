"""CSRF on every write: no page view is exempt, and the real forms refuse a POST without the token. The only
exempt views are the API's, which authenticate by bearer token and never by cookie (so a forged cross-site
request carries no credentials)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wumei.api.auth import ApiTokenAuth
from wumei.testing import PASSWORD

API_PREFIX = "api/v1/"


def walk(patterns, prefix=""):
    """(route, view) of every URL pattern, through includes."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def is_exempt(view) -> bool:
    return getattr(view, "csrf_exempt", False) or getattr(getattr(view, "view_class", None), "csrf_exempt", False)


def test_csrf_middleware_is_installed():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_no_view_is_csrf_exempt_except_the_token_authenticated_api():
    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) > 100
    exempt = sorted(route for route, view in routes if is_exempt(view) and not route.startswith(API_PREFIX))
    assert exempt == []
    # The walk does see exemptions: ninja marks every API view exempt.
    assert any(is_exempt(view) for route, view in routes if route.startswith(API_PREFIX))


def test_the_api_ignores_the_session_cookie(client, world):
    """Being exempt is safe only while the API accepts no cookie: a signed-in browser gets 401 there."""
    from wumei.api.api import api

    auths = api.auth if isinstance(api.auth, list | tuple) else [api.auth]
    assert auths and all(isinstance(auth, ApiTokenAuth) for auth in auths)
    client.force_login(world.hq)
    assert client.get("/api/v1/projects").status_code == 401
    assert client.post("/api/v1/projects", data="{}", content_type="application/json").status_code == 401


@pytest.fixture
def strict(world):
    """A browser that enforces CSRF, as a real one does, signed in as the HQ office."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.hq)
    return browser


def forms(world):
    return [
        (reverse("projects:project-stage", args=[world.project.pk]), {"stage": "started", "reason": "开工"}),
        (reverse("projects:project-edit", args=[world.project.pk]), {"name": "改名"}),
        (reverse("projects:project-milestones", args=[world.project.pk]), {"m-TOTAL_FORMS": "0"}),
        (reverse("org:person-create"), {"name": "张三"}),
        (reverse("calendar:day-set"), {"day": "2026-10-01", "is_working": ""}),
        (reverse("problems:problem-create"), {"project": world.project.pk, "description": "问题"}),
        (reverse("daily:report-form", args=[world.project.pk]), {"image_progress": "进度"}),
        (reverse("web:logout"), {}),
        (reverse("web:password-change"), {"old_password": PASSWORD, "new_password1": "x", "new_password2": "x"}),
    ]


def test_real_forms_refuse_a_post_without_the_token(strict, world):
    before = world.project.name
    for url, data in forms(world):
        response = strict.post(url, data)
        assert response.status_code == 403, url
        assert "请求未通过安全校验" in response.content.decode(), url
    world.project.refresh_from_db()
    assert world.project.name == before


def test_the_same_post_with_the_token_goes_through(strict, world):
    page = strict.get(reverse("projects:project-detail", args=[world.project.pk]))
    token = page.cookies["csrftoken"].value
    response = strict.post(reverse("web:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_sign_in_itself_needs_the_token(world):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "hq_office", "password": PASSWORD})
    assert response.status_code == 403
