"""API tokens: created by a command that shows the key once, stored only as a digest, revocable."""

import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from wumei.api.models import ApiToken
from wumei.api.services import create_api_token, revoke_api_token
from wumei.audit.models import AuditEvent


def _create(username: str, *args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", username, *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def _bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_command_prints_the_key_once_and_stores_only_its_digest(world):
    key, message = _create("liaison", "--name", "数据大屏")

    token = ApiToken.objects.get(user=world.liaison)
    assert token.name == "数据大屏"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix) and len(token.prefix) < 16 < len(key)
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert not any(key in value for value in stored)
    assert token.prefix in message and "只显示这一次" in message


def test_creating_a_token_is_audited_without_the_key(world):
    key, _ = _create("liaison")

    event = AuditEvent.objects.get(action="api_token.create")
    token = ApiToken.objects.get(user=world.liaison)
    assert event.object_id == str(token.pk)
    assert event.after == {"user": "liaison", "name": "", "prefix": token.prefix}
    assert key not in str(event.after) and key not in event.object_repr


def test_command_refuses_unknown_and_inactive_users(world):
    with pytest.raises(CommandError, match="不存在"):
        _create("ghost")
    world.liaison.is_active = False
    world.liaison.save()
    with pytest.raises(CommandError, match="已停用"):
        _create("liaison")
    assert not ApiToken.objects.exists()


def test_a_valid_token_authenticates_and_records_its_last_use(client, world):
    key, _ = _create("liaison")

    with time_machine.travel("2026-05-06 09:00 +0800", tick=False):
        response = client.get("/api/v1/me", headers=_bearer(key))

    assert response.status_code == 200
    assert response.json()["username"] == "liaison"
    assert ApiToken.objects.get().last_used_at.isoformat() == "2026-05-06T01:00:00+00:00"


def test_last_use_is_written_at_most_once_a_minute(client, world):
    key, _ = _create("liaison")

    def use_at(moment: str):
        with time_machine.travel(moment, tick=False):
            client.get("/api/v1/me", headers=_bearer(key))
        return ApiToken.objects.get().last_used_at.isoformat()

    assert use_at("2026-05-06 09:00:00 +0800") == "2026-05-06T01:00:00+00:00"
    assert use_at("2026-05-06 09:00:30 +0800") == "2026-05-06T01:00:00+00:00"
    assert use_at("2026-05-06 09:02:00 +0800") == "2026-05-06T01:02:00+00:00"


@pytest.mark.parametrize("header", [
    "Bearer wm_not-a-real-key",
    "Bearer ",
    "Token {key}",
    "{key}",
    "Basic bGlhaXNvbjpXdW1laS10ZXN0LTIwMjY=",
])
def test_a_wrong_or_malformed_header_is_401(client, world, header):
    key, _ = _create("liaison")

    response = client.get("/api/v1/me", headers={"Authorization": header.format(key=key)})

    assert response.status_code == 401
    assert response.json() == {"detail": "未登录或令牌无效"}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_browser_session_is_not_an_api_token(client, world):
    client.force_login(world.hq)

    assert client.get("/api/v1/me").status_code == 401


def test_a_revoked_token_is_401(client, world):
    key, _ = _create("liaison")
    token = ApiToken.objects.get()
    out = StringIO()

    call_command("revoke_api_token", token.prefix, stdout=out)

    assert "已吊销" in out.getvalue()
    assert client.get("/api/v1/me", headers=_bearer(key)).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(token.pk)).count() == 1


def test_revoking_twice_records_one_event(world):
    token, _ = create_api_token(None, world.liaison)

    revoke_api_token(None, token)
    revoke_api_token(None, token)

    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
    with pytest.raises(CommandError, match="没有前缀"):
        call_command("revoke_api_token", token.prefix, stdout=StringIO())


def test_the_token_of_a_deactivated_user_is_401(client, world):
    key, _ = _create("liaison")
    assert client.get("/api/v1/me", headers=_bearer(key)).status_code == 200

    world.liaison.is_active = False
    world.liaison.save()

    assert client.get("/api/v1/me", headers=_bearer(key)).status_code == 401


def test_list_command_shows_prefixes_and_state_never_keys(world):
    key, _ = _create("liaison", "--name", "数据大屏")
    revoked, _ = create_api_token(None, world.hq, "旧令牌")
    revoke_api_token(None, revoked)
    out = StringIO()

    call_command("list_api_tokens", stdout=out)

    text = out.getvalue()
    assert ApiToken.objects.get(user=world.liaison).prefix in text and "数据大屏" in text and "有效" in text
    assert revoked.prefix in text and "已吊销" in text
    assert key not in text


def test_token_requests_need_no_csrf_cookie(world):
    from django.test import Client

    key, _ = _create("hq_office")
    client = Client(enforce_csrf_checks=True)

    response = client.post("/api/v1/projects", data='{"name": "无需CSRF", "total_investment_wan": "1"}',
                           content_type="application/json", headers=_bearer(key))

    assert response.status_code == 201


def test_an_overlong_token_name_is_refused(world):
    with pytest.raises(CommandError, match="名称"):
        _create("liaison", "--name", "长" * 65)

    assert not ApiToken.objects.exists()
