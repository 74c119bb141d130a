"""TOTP two-factor sign-in: the administrators by default, everyone at level 3; codes computed for real."""

import datetime

import time_machine
from django.conf import settings as django_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from wumei.audit.models import AuditEvent
from wumei.security.tests.conftest import code_of, sign_in, signed_in

VERIFY = "/security/otp/"
ENROL = "/security/otp/enrol/"


def test_an_administrator_without_a_device_is_sent_to_enrolment_not_signed_in(client, sec_admin):
    response = sign_in(client, "sec_admin")
    assert response.status_code == 302 and response.url == ENROL
    assert not signed_in(client)
    assert client.get("/projects/").status_code == 302  # nothing else before the second factor
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=sec_admin, confirmed=False)
    assert "otpauth://totp/" in page and "<svg" in page
    secret = page.split('data-secret>')[1].split("<")[0].replace(" ", "")
    import base64

    assert base64.b32decode(secret) == device.bin_key


def test_enrolment_with_the_right_code_confirms_the_device_and_signs_in(client, sec_admin):
    sign_in(client, "sec_admin", next_url="/security/accounts/")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=sec_admin)
    response = client.post(ENROL, {"token": code_of(device)})
    assert response.status_code == 302 and response.url == "/security/accounts/"
    assert signed_in(client)
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="auth.otp_enrol", actor=sec_admin).exists()
    login = AuditEvent.objects.get(action="auth.login", actor=sec_admin)
    assert login.after["two_factor"] is True


def test_enrolment_with_a_wrong_code_is_refused(client, sec_admin):
    sign_in(client, "sec_admin")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=sec_admin)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"token": wrong})
    assert response.status_code == 200 and "动态口令不正确" in response.content.decode()
    assert not signed_in(client)
    device.refresh_from_db()
    assert not device.confirmed


def test_an_enrolled_administrator_enters_his_code_after_the_password(client, sys_admin, device_of):
    device = device_of(sys_admin)
    response = sign_in(client, "sys_admin")
    assert response.status_code == 302 and response.url == VERIFY
    assert not signed_in(client)
    response = client.post(VERIFY, {"token": code_of(device)})
    assert response.status_code == 302 and response.url == "/projects/"
    assert signed_in(client)
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_wrong_code_is_refused_audited_and_counted_towards_the_lock(client, sys_admin, device_of):
    device = device_of(sys_admin)
    sign_in(client, "sys_admin")
    wrong = f"{(int(code_of(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert "动态口令不正确或已过期" in response.content.decode()
    assert not signed_in(client)
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.after["username"] == "sys_admin" and event.note == "动态口令错误"
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="sys_admin").failures_since_start == 1


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, sys_admin, device_of):
    device = device_of(sys_admin)
    sign_in(client, "sys_admin")
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC), tick=False) as clock:
        for _ in range(django_settings.AXES_FAILURE_LIMIT):
            clock.shift(datetime.timedelta(seconds=40))  # past django-otp's own throttling delay
            client.post(VERIFY, {"token": "000000" if code_of(device) != "000000" else "111111"})
        clock.shift(datetime.timedelta(seconds=40))
        response = client.post(VERIFY, {"token": code_of(device)})
    assert response.status_code == 429
    assert not signed_in(client)


def test_a_code_is_not_accepted_twice(client, sys_admin, device_of):
    device = device_of(sys_admin)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC), tick=False):
        sign_in(client, "sys_admin")
        code = code_of(device)
        client.post(VERIFY, {"token": code})
        assert signed_in(client)
        client.logout()
        sign_in(client, "sys_admin")
        response = client.post(VERIFY, {"token": code})
        assert response.status_code == 200 and not signed_in(client)


def test_the_code_step_expires_after_five_minutes(client, sys_admin, device_of):
    device = device_of(sys_admin)
    sign_in(client, "sys_admin")
    with time_machine.travel(datetime.timedelta(minutes=6)):
        response = client.post(VERIFY, {"token": code_of(device)})
        assert response.status_code == 302 and response.url == "/login/"
        assert not signed_in(client)


def test_the_code_pages_without_a_password_first_go_back_to_login(client, db):
    for url in [VERIFY, ENROL]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == "/login/"


def test_other_users_sign_in_with_the_password_alone_at_level_two(client, world):
    response = sign_in(client, "liaison")
    assert response.status_code == 302 and response.url == "/projects/" and signed_in(client)


def test_at_level_three_everyone_needs_the_second_factor(client, world, settings):
    settings.TWO_FACTOR_FOR_ALL = True
    response = sign_in(client, "liaison")
    assert response.status_code == 302 and response.url == ENROL
    assert not signed_in(client)


def test_a_user_who_enrolled_is_asked_for_his_code_even_when_not_required(client, world, device_of):
    device_of(world.liaison)
    assert sign_in(client, "liaison").url == VERIFY


def test_the_roles_needing_two_factor_follow_the_setting(client, world, sec_admin, settings):
    settings.TWO_FACTOR_ROLES = ["hq_office"]
    assert sign_in(client, "hq_office").url == ENROL
    client.get("/login/")  # a fresh attempt
    assert sign_in(client, "sec_admin").url == "/projects/"
