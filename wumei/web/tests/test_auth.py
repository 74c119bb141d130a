"""Sign-in: argon2 hashes, lock-out after repeated failures, idle sessions expire."""

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from wumei.testing import PASSWORD, UserFactory


def test_passwords_are_hashed_with_argon2(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory(username="zhang")
    assert get_user_model().objects.get(pk=user.pk).password.startswith("argon2")


def test_sign_in_with_the_right_password(client, db):
    UserFactory(username="zhang")
    response = client.post("/login/", {"username": "zhang", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_wrong_password_gets_a_chinese_error(client, db):
    UserFactory(username="zhang")
    response = client.post("/login/", {"username": "zhang", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_account_is_locked_after_repeated_failures(client, db):
    UserFactory(username="zhang")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "zhang", "password": "wrong"})
    response = client.post("/login/", {"username": "zhang", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已被临时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_idle_sessions_expire_after_thirty_minutes_and_slide_on_activity():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST


def test_login_page_is_chinese(client, db):
    body = client.get("/login/").content.decode()
    assert "账号登录" in body and 'lang="zh-Hans"' in body


def test_an_idle_session_ends_after_thirty_minutes_but_activity_keeps_it(client, world):
    import datetime

    import time_machine

    start = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(world.hq)
        assert client.get("/projects/").status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/projects/").status_code == 200  # activity slides the expiry
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get("/projects/").status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get("/projects/")
        assert response.status_code == 302 and response.url.startswith("/login/")
