"""Demo accounts: refused outside a demo installation; inside one, exempt from forced change, expiry, 2FA."""

import pytest

from wumei.audit.models import AuditEvent
from wumei.security.models import AccountSecurity
from wumei.security.services import mark_demo_account, mark_demo_accounts, require_password_change
from wumei.security.tests.conftest import sign_in, signed_in
from wumei.testing import Role, user_with_role


@pytest.fixture
def demo_hq(world):
    user = world.hq
    mark_demo_account(user)
    return user


def test_a_demo_account_is_refused_when_the_demo_is_off(client, demo_hq, settings):
    settings.DEMO = False
    response = sign_in(client, "hq_office")
    assert response.status_code == 200
    assert "该账号为演示账号，只能在演示环境中使用，已拒绝登录。" in response.content.decode()
    assert not signed_in(client)
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.after["username"] == "hq_office" and "演示账号" in event.note


def test_a_demo_account_signs_in_when_the_demo_is_on(client, demo_hq, settings):
    settings.DEMO = True
    response = sign_in(client, "hq_office")
    assert response.status_code == 302 and signed_in(client)


def test_demo_accounts_skip_forced_change_and_two_factor_only_in_the_demo(client, world, settings):
    sec_admin = user_with_role(Role.SEC_ADMIN, world.county, username="sec_admin")
    mark_demo_account(sec_admin)
    require_password_change(sec_admin)
    settings.DEMO = True
    response = sign_in(client, "sec_admin")
    assert response.url == "/projects/" and signed_in(client)
    assert client.get("/security/accounts/").status_code == 200


def test_a_non_demo_account_gets_no_exemption_in_the_demo(client, world, settings):
    settings.DEMO = True
    user_with_role(Role.SEC_ADMIN, world.county, username="sec_admin")
    assert sign_in(client, "sec_admin").url == "/security/otp/enrol/"


def test_marking_is_idempotent_and_works_in_bulk(world):
    mark_demo_accounts([world.hq, world.liaison])
    mark_demo_accounts([world.hq, world.liaison])
    mark_demo_account(world.hq)
    assert set(AccountSecurity.objects.filter(is_demo=True).values_list("user__username", flat=True)) == {
        "hq_office", "liaison"}


def test_the_login_page_says_so_in_the_demo(client, db, settings):
    settings.DEMO = True
    assert "演示账号仅在演示环境中可用，并免于首次登录改密、密码过期和两步验证" in client.get("/login/").content.decode()
