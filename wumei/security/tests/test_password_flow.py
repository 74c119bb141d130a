"""Forced change of an initial password, expiry after 90 days, and the change page."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from wumei.audit.models import AuditEvent
from wumei.org.services import create_login
from wumei.security.models import AccountSecurity
from wumei.security.services import reset_password
from wumei.security.tests.conftest import sign_in, signed_in
from wumei.testing import PASSWORD, PersonFactory

INITIAL = "Chushi-mima-2026"
CHANGE = "/security/password/"


@pytest.fixture
def newcomer(world, sys_admin):
    """A person whose login the system administrator just opened, with an initial password."""
    person = PersonFactory(name="张三", region=world.county, unit=world.unit)
    return create_login(sys_admin, person, "zhangsan", INITIAL)


def change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_a_login_created_by_the_administrator_carries_the_initial_password_flag(newcomer):
    assert AccountSecurity.objects.get(user=newcomer).must_change_password


def test_an_initial_password_must_be_changed_before_anything_else(client, newcomer, world):
    response = sign_in(client, "zhangsan", INITIAL)
    assert response.status_code == 302 and signed_in(client)
    for url in ["/projects/", reverse("org:unit-list"), reverse("notify:inbox"), "/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == CHANGE, url
    page = client.get(CHANGE)
    assert page.status_code == 200
    body = page.content.decode()
    assert "您的密码由管理员设置，请先修改密码再继续使用系统。" in body
    assert "修改密码前，不能使用系统的其他功能。" in body


def test_after_the_change_the_user_works_normally_and_the_flag_is_gone(client, newcomer):
    sign_in(client, "zhangsan", INITIAL)
    response = change(client, INITIAL, "Xinmima-2026-ok")
    assert response.status_code == 302
    assert signed_in(client)  # the session survives its own password change
    assert client.get("/projects/").status_code == 200
    state = AccountSecurity.objects.get(user=newcomer)
    assert not state.must_change_password
    assert AuditEvent.objects.filter(action="auth.password_change", actor=newcomer).exists()
    client.logout()
    assert sign_in(client, "zhangsan", "Xinmima-2026-ok").status_code == 302


def test_the_initial_password_cannot_be_kept_as_the_new_one(client, newcomer):
    sign_in(client, "zhangsan", INITIAL)
    response = change(client, INITIAL, INITIAL)
    assert response.status_code == 200
    assert "新密码不能与最近 5 次使用过的密码相同" in response.content.decode()
    assert client.get("/projects/").url == CHANGE


def test_a_wrong_current_password_is_refused_in_chinese(client, newcomer):
    sign_in(client, "zhangsan", INITIAL)
    response = change(client, "wrong-one", "Xinmima-2026-ok")
    assert "原密码不正确，请重新输入" in response.content.decode()


def test_forced_change_can_be_switched_off(client, newcomer, settings):
    settings.PASSWORD_FORCE_CHANGE = False
    sign_in(client, "zhangsan", INITIAL)
    assert client.get("/projects/").status_code == 200


def test_test_fixture_users_are_not_forced_anywhere(client, world):
    response = sign_in(client, "liaison")
    assert response.status_code == 302 and response.url == "/projects/"
    assert client.get("/projects/").status_code == 200


def test_a_password_expires_after_ninety_days(client, world):
    world.liaison.set_password("Lianluo-2026-a")
    world.liaison.save()
    set_at = AccountSecurity.objects.get(user=world.liaison).password_changed_at
    with time_machine.travel(set_at + datetime.timedelta(days=89, hours=23)):
        sign_in(client, "liaison", "Lianluo-2026-a")
        assert client.get("/projects/").status_code == 200
        client.logout()
    with time_machine.travel(set_at + datetime.timedelta(days=90, minutes=1)):
        sign_in(client, "liaison", "Lianluo-2026-a")
        assert client.get("/projects/").url == CHANGE
        assert "您的密码已超过有效期" in client.get(CHANGE).content.decode()
        change(client, "Lianluo-2026-a", "Lianluo-2026-b")
        assert client.get("/projects/").status_code == 200


def test_expiry_follows_the_setting(client, world, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    world.liaison.set_password("Lianluo-2026-a")
    world.liaison.save()
    with time_machine.travel(datetime.timedelta(days=400)):
        sign_in(client, "liaison", "Lianluo-2026-a")
        assert client.get("/projects/").status_code == 200


def test_every_user_may_change_his_password(client, world):
    client.force_login(world.hq)
    assert client.get(CHANGE).status_code == 200
    response = change(client, PASSWORD, "Bangongshi-2026-x")
    assert response.status_code == 302
    world.hq.refresh_from_db()
    assert world.hq.check_password("Bangongshi-2026-x")


def test_the_change_page_needs_a_sign_in(client, db):
    response = client.get(CHANGE)
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_a_reset_by_the_administrator_ends_sessions_and_forces_a_change(client, world, sys_admin):
    client.force_login(world.liaison)
    assert client.get("/projects/").status_code == 200
    reset_password(sys_admin, world.liaison, "Chongzhi-2026-x")
    assert client.get("/projects/").status_code == 302  # his session ended
    sign_in(client, "liaison", "Chongzhi-2026-x")
    assert client.get("/projects/").url == CHANGE
    event = AuditEvent.objects.get(action="user.reset_password")
    assert event.actor == sys_admin and "Chongzhi" not in str(event.after)
