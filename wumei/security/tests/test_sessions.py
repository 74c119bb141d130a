"""Sessions: 15 minutes idle for the three administrators, 12 hours at most, disabling ends them."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session

from wumei.api.models import ApiToken
from wumei.api.services import create_api_token
from wumei.audit.models import AuditEvent
from wumei.security.services import disable_user, enable_user
from wumei.security.tests.conftest import sign_in, signed_in

START = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)


def page_status(client) -> int:
    return client.get("/security/password/").status_code  # a page every signed-in user may open


@pytest.mark.parametrize("who", ["sys_admin", "sec_admin", "auditor"])
def test_administrators_idle_out_after_fifteen_minutes(client, world, sys_admin, sec_admin, who):
    user = {"sys_admin": sys_admin, "sec_admin": sec_admin, "auditor": world.auditor}[who]
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(user)
        assert page_status(client) == 200
        clock.shift(datetime.timedelta(minutes=14))
        assert page_status(client) == 200  # activity slides the limit
        clock.shift(datetime.timedelta(minutes=16))
        assert page_status(client) == 302


def test_other_users_keep_the_thirty_minutes(client, world):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(world.hq)
        assert page_status(client) == 200
        clock.shift(datetime.timedelta(minutes=16))
        assert page_status(client) == 200


def test_the_administrators_idle_limit_follows_the_setting(client, sys_admin, settings):
    settings.ADMIN_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(sys_admin)
        assert page_status(client) == 200
        clock.shift(datetime.timedelta(minutes=6))
        assert page_status(client) == 302


def test_a_session_ends_twelve_hours_after_sign_in_however_active(client, world):
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "hq_office")
        for _ in range(12 * 3 - 1):  # a request every 20 minutes for 11 h 40 min
            clock.shift(datetime.timedelta(minutes=20))
            assert page_status(client) == 200
        clock.shift(datetime.timedelta(minutes=20))
        response = client.get("/projects/")
        assert response.status_code == 302 and response.url.startswith("/login/?next=")
        assert not signed_in(client)
        event = AuditEvent.objects.filter(action="auth.logout").get()
        assert "12 小时" in event.note


def test_the_absolute_limit_follows_the_setting(client, world, settings):
    settings.SESSION_MAX_HOURS = 1
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "hq_office")
        for _ in range(2):
            clock.shift(datetime.timedelta(minutes=29))
            assert page_status(client) == 200
        clock.shift(datetime.timedelta(minutes=2))
        assert page_status(client) == 302


def _sessions_of(user) -> int:
    return sum(1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk))


def test_disabling_a_user_ends_all_his_sessions_and_revokes_his_tokens(client, world, sec_admin):
    from django.test import Client

    other_browser = Client()
    sign_in(client, "liaison")
    sign_in(other_browser, "liaison")
    sign_in(Client(), "hq_office")
    token, key = create_api_token(sec_admin, world.liaison, "日报接口")
    assert _sessions_of(world.liaison) == 2

    disable_user(sec_admin, world.liaison)

    assert _sessions_of(world.liaison) == 0
    assert _sessions_of(world.hq) == 1  # other people's sessions stay
    assert client.get("/projects/").status_code == 302
    assert other_browser.get("/projects/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    world.liaison.refresh_from_db()
    assert not world.liaison.is_active
    event = AuditEvent.objects.get(action="user.disable")
    assert event.actor == sec_admin and event.object_id == str(world.liaison.pk)
    assert event.after == {"is_active": False, "sessions_ended": 2, "api_tokens_revoked": 1}


def test_a_disabled_user_cannot_sign_in_until_enabled(client, world, sec_admin):
    disable_user(sec_admin, world.liaison)
    response = sign_in(client, "liaison")
    assert response.status_code == 200 and not signed_in(client)
    enable_user(sec_admin, world.liaison)
    assert sign_in(client, "liaison").status_code == 302 and signed_in(client)
    assert AuditEvent.objects.filter(action="user.enable", actor=sec_admin).exists()
    assert not ApiToken.objects.filter(user=world.liaison).exists()
