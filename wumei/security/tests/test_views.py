"""Account pages: who reads them, who acts, scope, audit events, query counts."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from wumei.audit.models import AuditEvent
from wumei.security.tests.conftest import sign_in, signed_in
from wumei.testing import PersonFactory, RegionFactory, UserFactory, user_with_role

LIST = "/security/accounts/"


def detail(user) -> str:
    return f"/security/accounts/{user.pk}/"


def action(user, name) -> str:
    return f"/security/accounts/{user.pk}/{name}/"


def test_anonymous_is_sent_to_login(client, world):
    for url in [LIST, detail(world.liaison)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize("who", ["hq", "commander", "liaison", "auditor", "nobody"])
def test_only_the_security_and_system_administrators_read_accounts(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(LIST).status_code == 403
    assert client.get(detail(world.liaison)).status_code == 403
    assert client.post(action(world.liaison, "disable")).status_code == 403


@pytest.mark.parametrize("who", ["sec_admin", "sys_admin"])
def test_administrators_list_accounts_with_their_state(client, world, request, who):
    client.force_login(request.getfixturevalue(who))
    TOTPDevice.objects.create(user=world.hq, name="动态口令", confirmed=True)
    world.other_liaison.is_active = False
    world.other_liaison.save()
    for _ in range(5):
        Client().post("/login/", {"username": "liaison", "password": "wrong"})
    body = client.get(LIST).content.decode()
    assert "hq_office" in body and "已停用" in body and "已锁定" in body and "已绑定" in body
    assert "现行安全策略" in body and "连续 5 次失败锁定 30 分钟" in body


def test_accounts_of_another_county_are_out_of_scope(client, world, sec_admin):
    far = RegionFactory(code="430500", name="远方县")
    stranger = UserFactory(username="stranger")
    PersonFactory(name="远方人", region=far, user=stranger)
    client.force_login(sec_admin)
    assert "stranger" not in client.get(LIST).content.decode()
    assert client.get(detail(stranger)).status_code == 404
    assert client.post(action(stranger, "disable")).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


def test_the_list_is_searchable_and_filtered_by_state(client, world, sec_admin):
    world.other_liaison.is_active = False
    world.other_liaison.save()
    client.force_login(sec_admin)
    page = client.get(LIST, {"state": "disabled"})
    assert [a.username for a in page.context["page"]] == ["other_liaison"]
    page = client.get(LIST, {"q": "hq_"})
    assert [a.username for a in page.context["page"]] == ["hq_office"]


def test_the_list_needs_a_bounded_number_of_queries(client, world, sec_admin, django_assert_max_num_queries):
    for n in range(30):
        user_with_role("liaison", world.county, world.unit, username=f"extra{n}")
    client.force_login(sec_admin)
    client.get(LIST)
    with django_assert_max_num_queries(11):
        assert client.get(LIST).status_code == 200


def test_the_security_administrator_disables_and_enables_with_audit_events(client, world, sec_admin):
    victim = Client()
    sign_in(victim, "liaison")
    client.force_login(sec_admin)
    assert client.post(action(world.liaison, "disable")).status_code == 302
    assert not signed_in(victim)
    world.liaison.refresh_from_db()
    assert not world.liaison.is_active
    assert client.post(action(world.liaison, "enable")).status_code == 302
    world.liaison.refresh_from_db()
    assert world.liaison.is_active
    assert list(AuditEvent.objects.filter(actor=sec_admin, action__startswith="user.")
                .order_by("id").values_list("action", flat=True)) == ["user.disable", "user.enable"]


def test_the_security_administrator_lifts_a_lock(client, world, sec_admin, settings):
    stranger = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        stranger.post("/login/", {"username": "liaison", "password": "wrong"})
    assert sign_in(Client(), "liaison").status_code == 429
    client.force_login(sec_admin)
    assert client.post(action(world.liaison, "unlock")).status_code == 302
    assert sign_in(Client(), "liaison").status_code == 302
    assert AuditEvent.objects.filter(action="user.unlock", actor=sec_admin).exists()


def test_the_security_administrator_resets_a_lost_second_factor(client, world, sec_admin, device_of):
    device_of(world.hq)
    client.force_login(sec_admin)
    assert client.post(action(world.hq, "reset-2fa")).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.hq).exists()
    assert AuditEvent.objects.get(action="user.reset_2fa").after["devices_removed"] == 1


def test_the_system_administrator_resets_passwords_but_does_not_disable(client, world, sys_admin):
    client.force_login(sys_admin)
    assert client.post(action(world.liaison, "disable")).status_code == 403
    assert client.get(action(world.liaison, "reset-password")).status_code == 200
    response = client.post(action(world.liaison, "reset-password"),
                           {"password1": "Chongzhi-2026-x", "password2": "Chongzhi-2026-x"})
    assert response.status_code == 302
    world.liaison.refresh_from_db()
    assert world.liaison.check_password("Chongzhi-2026-x")
    assert world.liaison.security.must_change_password


def test_a_reset_password_follows_the_policy(client, world, sys_admin):
    client.force_login(sys_admin)
    response = client.post(action(world.liaison, "reset-password"), {"password1": "liaison1", "password2": "liaison1"})
    assert response.status_code == 200
    assert "密码不能包含用户名" in response.content.decode()


def test_the_security_administrator_does_not_reset_passwords(client, world, sec_admin):
    client.force_login(sec_admin)
    assert client.get(action(world.liaison, "reset-password")).status_code == 403


def test_nobody_acts_on_himself_or_on_another_administrator(client, world, sec_admin, sys_admin):
    client.force_login(sec_admin)
    for target in [sec_admin, sys_admin, world.auditor]:
        assert client.post(action(target, "disable")).status_code == 403
        target.refresh_from_db()
        assert target.is_active
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)
    assert client.post(action(world.auditor, "disable")).status_code == 302


def test_actions_are_post_only(client, world, sec_admin):
    client.force_login(sec_admin)
    assert client.get(action(world.liaison, "disable")).status_code == 405
