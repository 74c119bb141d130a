"""Security headers on every response, cookies, HTTPS in production, `check --deploy` clean, and no start with
the development key (docs/security.md, "Web")."""

import os
import subprocess  # noqa: S404 — runs `wumei check --deploy` and imports the WSGI module in a child process
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from wumei.testing import PASSWORD, UserFactory

REPO = Path(django_settings.BASE_DIR)
STRONG_KEY = "k3Y-For-The-Deploy-Check_" + "x7Qp2Lm9Zr4Tv8Ws1Nb6Hd3Jf5Gc0Ya" * 2


def test_every_response_carries_the_content_security_policy(client, world):
    client.force_login(world.hq)
    for url in ["/login/", "/projects/", f"/projects/{world.project.pk}/", "/no-such-page/", "/api/v1/openapi.json"]:
        policy = client.get(url).headers.get("Content-Security-Policy", "")
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'", url
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'", url
        assert directives["frame-ancestors"] == "'none'", url
        assert (directives["base-uri"], directives["form-action"]) == ("'self'", "'self'"), url
        assert directives["img-src"] == "'self' data: blob:", url
        assert (directives["font-src"], directives["connect-src"]) == ("'self' data:", "'self'"), url


def test_static_files_carry_the_headers_too(client, db):
    response = client.get("/static/wumei/wumei.js")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("header, value", [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(self), geolocation=(), microphone=(), payment=(), usb=()"),
])
def test_security_headers(client, db, header, value):
    assert client.get("/login/").headers[header] == value


def test_report_only_mode_sends_the_policy_without_enforcing_it(client, db, settings):
    settings.CSP_REPORT_ONLY = True
    response = client.get("/login/")
    assert "Content-Security-Policy" not in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy-Report-Only"]


def test_session_and_csrf_cookies_are_http_only_and_same_site_lax(client, db, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    UserFactory(username="zhang")
    login_page = client.get("/login/")
    csrf = login_page.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Lax" and csrf["secure"]
    response = client.post("/login/", {"username": "zhang", "password": PASSWORD})
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax" and session["secure"]


def test_https_redirects_plain_http_and_trusts_nginx_forwarded_proto(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/login/")
    assert plain.status_code == 301 and plain.headers["Location"] == "https://testserver/login/"
    behind_nginx = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
    assert behind_nginx.status_code == 200
    assert behind_nginx.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    # Monitoring probes /healthz over plain HTTP on the loopback.
    assert client.get(reverse("web:healthz")).status_code != 301


def test_the_csrf_failure_page_is_chinese_and_has_no_inline_style(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "请求未通过安全校验" in text and "<style" not in text


# ----------------------------------------------------------------------------- production settings

def production_env(**changes) -> dict:
    # The test run's own switches are not a production environment (the browser tests allow async-unsafe ORM).
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("WUMEI_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "wumei.config.settings",
        "WUMEI_SECRET_KEY": STRONG_KEY, "WUMEI_DEBUG": "0", "WUMEI_HTTPS": "1",
        "WUMEI_ALLOWED_HOSTS": "xm.example.gov.cn",
    })
    if "WUMEI_DATABASE_URL" in os.environ:
        env["WUMEI_DATABASE_URL"] = os.environ["WUMEI_DATABASE_URL"]
    env.update(changes)
    return {key: value for key, value in env.items() if value is not None}


def run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True,  # noqa: S603
                          timeout=120, check=False)


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    done = run(production_env(WUMEI_VAR_DIR=str(tmp_path)), "-m", "wumei", "check", "--deploy",
               "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_check_deploy_warns_without_https(tmp_path):
    done = run(production_env(WUMEI_VAR_DIR=str(tmp_path), WUMEI_HTTPS=None), "-m", "wumei", "check", "--deploy",
               "--fail-level", "WARNING")
    assert done.returncode != 0
    assert "security.W004" in done.stderr and "security.W008" in done.stderr


def test_production_settings_turn_on_https_hsts_and_secure_cookies(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_PROXY_SSL_HEADER, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_SAMESITE)")
    done = run(production_env(WUMEI_VAR_DIR=str(tmp_path)), "-c", code)
    assert done.stdout.split() == ["True", "31536000", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True",
                                   "True", "Lax"], done.stderr


def test_the_server_refuses_to_start_with_the_development_key(tmp_path):
    refused = run(production_env(WUMEI_VAR_DIR=str(tmp_path), WUMEI_SECRET_KEY=None), "-c", "import wumei.config.wsgi")
    assert refused.returncode != 0
    assert "拒绝启动：未设置 WUMEI_SECRET_KEY" in refused.stderr and "Refusing to start" in refused.stderr
    assert run(production_env(WUMEI_VAR_DIR=str(tmp_path)), "-c", "import wumei.config.wsgi").returncode == 0
    demo = run(production_env(WUMEI_VAR_DIR=str(tmp_path), WUMEI_SECRET_KEY=None, WUMEI_DEMO="1"),
               "-c", "import wumei.config.wsgi")
    assert demo.returncode == 0, demo.stderr
