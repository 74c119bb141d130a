"""Sign-in, sign-out and failed sign-ins are audit events, with the user name tried and the address."""

from wumei.audit.models import AuditEvent
from wumei.security.tests.conftest import sign_in


def test_a_sign_in_is_an_audit_event(client, world):
    sign_in(client, "liaison")
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == world.liaison and event.object_id == str(world.liaison.pk)
    assert event.after == {"address": "127.0.0.1", "two_factor": False}
    assert event.region_code == world.county.code


def test_a_sign_out_is_an_audit_event(client, world):
    sign_in(client, "liaison")
    client.post("/logout/")
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.actor == world.liaison and event.after == {"address": "127.0.0.1"}


def test_a_failed_sign_in_records_the_name_tried_and_the_address(client, world):
    client.post("/login/", {"username": "liaison", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None
    assert event.after == {"username": "liaison", "address": "10.1.2.3"}
    assert event.object_id == str(world.liaison.pk)
    assert "wrong" not in str(event.after) + event.note


def test_a_failed_sign_in_with_an_unknown_name_is_recorded_too(client, db):
    client.post("/login/", {"username": "nobody-here", "password": "x"})
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.after["username"] == "nobody-here" and event.object_id == ""


def test_attempts_on_a_locked_account_are_recorded(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/login/", {"username": "liaison", "password": "wrong"})
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == settings.AXES_FAILURE_LIMIT + 1
