"""The outbox against real local servers: written with the event, delivered after commit, retried, once."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from wumei.notify.models import Message, OutboxItem
from wumei.notify.services import deliver, deliver_due, notify, retry_item
from wumei.notify.tests.conftest import prefer
from wumei.notify.tests.servers import HttpRecorder, free_port, start_http
from wumei.testing import Role, user_with_role

Status = OutboxItem.Status


def _with_phone(user, phone="13800001111"):
    user.person.phone = phone
    user.person.save()
    return user


def test_an_event_reaches_every_chosen_channel_once_after_commit(world, smtp, http,
                                                                 django_capture_on_commit_callbacks):
    _with_phone(world.liaison)
    prefer(world.liaison, email="liaison@county.example", email_enabled=True, webhook_url=f"{http.url}/wecom",
           webhook_enabled=True, sms_enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(world.liaison, "督办函：年产100万吨纯碱项目", body="请于5个工作日内回复", url="/dekad/letters/1/")
            assert OutboxItem.objects.filter(status=Status.PENDING).count() == 3  # written with the message
            assert smtp.mails == [] and http.accepted == []  # nothing leaves before commit
    assert set(OutboxItem.objects.values_list("status", flat=True)) == {Status.SENT}
    [mail] = smtp.mails
    assert mail["to"] == ["liaison@county.example"]
    assert mail["message"]["Subject"].strip() == "【五每】督办函：年产100万吨纯碱项目"
    assert "请于5个工作日内回复" in mail["message"].get_content()
    wecom, sms = sorted(http.accepted, key=lambda r: r.path)[::-1]
    assert wecom.path == "/wecom" and wecom.body["msgtype"] == "markdown"
    assert wecom.body["markdown"]["content"].startswith("**督办函：年产100万吨纯碱项目**")
    item = OutboxItem.objects.get(channel="sms")
    assert sms.path == "/sms" and sms.headers["Authorization"] == "Bearer gateway-token"
    assert sms.body == {"id": f"wumei-outbox-{item.pk}", "phone": "13800001111",
                        "text": "【五每】督办函：年产100万吨纯碱项目\n/dekad/letters/1/"}


def test_dingtalk_robot_gets_its_format_and_a_valid_signature(world, http, django_capture_on_commit_callbacks):
    import base64
    import hashlib
    import hmac
    from urllib.parse import parse_qs, urlsplit

    prefer(world.hq, webhook_url=f"{http.url}/robot/send?access_token=abc", webhook_format="dingtalk",
           webhook_secret="SEC123", webhook_enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.hq, "问题提级至常务副县长", body="征地拆迁受阻")
    [received] = http.accepted
    assert received.body == {"msgtype": "markdown", "markdown": {
        "title": "问题提级至常务副县长", "text": "**问题提级至常务副县长**\n\n征地拆迁受阻"}}
    query = parse_qs(urlsplit(received.path).query)
    assert query["access_token"] == ["abc"]
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(hmac.new(b"SEC123", f"{timestamp}\nSEC123".encode(), hashlib.sha256).digest())
    assert query["sign"] == [expected.decode()]


def test_rollback_of_the_event_leaves_nothing_to_send(world, http, django_capture_on_commit_callbacks):
    prefer(world.hq, webhook_url=f"{http.url}/wecom", webhook_enabled=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(world.hq, "问题交办")
            raise RuntimeError("the caller's event failed")
    assert callbacks == []
    assert not Message.objects.exists() and not OutboxItem.objects.exists()
    assert deliver_due() == {} and http.accepted == []


def test_a_failing_server_is_retried_with_backoff_and_gets_the_message_once(world, http):
    http.failures = [500, 503]
    prefer(world.hq, webhook_url=f"{http.url}/wecom", webhook_enabled=True)
    with time_machine.travel("2026-11-27 09:00:00+08:00", tick=False):
        notify(world.hq, "今日项目日报未报送")
        assert deliver_due() == {Status.PENDING: 1}
        item = OutboxItem.objects.get()
        assert (item.attempts, item.last_error) == (1, "对方返回 HTTP 500")
        assert item.due_at == timezone.now() + timedelta(seconds=60)
        assert deliver_due() == {}  # not due yet
    with time_machine.travel("2026-11-27 09:01:00+08:00", tick=False):
        assert deliver_due() == {Status.PENDING: 1}
        item.refresh_from_db()
        assert item.attempts == 2 and item.due_at == timezone.now() + timedelta(seconds=120)
    with time_machine.travel("2026-11-27 09:03:00+08:00", tick=False):
        assert deliver_due() == {Status.SENT: 1}
        assert deliver_due() == {}
    item.refresh_from_db()
    assert item.status == Status.SENT and item.attempts == 3
    assert (http.refused, len(http.accepted)) == (2, 1)


def test_a_refused_connection_is_retried_until_the_server_is_back(world, monkeypatch):
    port = free_port()  # nothing listens here yet
    monkeypatch.setenv("WUMEI_NOTIFY_WEBHOOK_HOSTS", "127.0.0.1")
    monkeypatch.setenv("WUMEI_NOTIFY_TIMEOUT", "2")
    prefer(world.hq, webhook_url=f"http://127.0.0.1:{port}/wecom", webhook_enabled=True)
    notify(world.hq, "调度令")
    item = OutboxItem.objects.get()
    assert deliver(item.pk) == Status.PENDING
    item.refresh_from_db()
    assert item.last_error.startswith("连接失败")
    recorder = HttpRecorder()
    server = start_http(recorder, port=port)
    try:
        with time_machine.travel(item.due_at + timedelta(seconds=1)):
            assert deliver_due() == {Status.SENT: 1}
    finally:
        server.shutdown()
        server.server_close()
    assert len(recorder.accepted) == 1


def test_after_the_last_attempt_the_item_fails_and_the_administrator_retries_it(world, http):
    admin = user_with_role(Role.SYS_ADMIN, world.county, username="sysadmin")
    http.failures = [500, 500, 500]
    prefer(world.hq, webhook_url=f"{http.url}/wecom", webhook_enabled=True)
    notify(world.hq, "函件已办结")
    item = OutboxItem.objects.get()
    for _ in range(3):  # WUMEI_NOTIFY_MAX_ATTEMPTS=3
        OutboxItem.objects.filter(pk=item.pk).update(due_at=timezone.now())
        deliver_due()
    item.refresh_from_db()
    assert (item.status, item.attempts) == (Status.FAILED, 3)
    assert deliver_due() == {}  # a failed item is left for a person
    retry_item(admin, item.pk)
    assert deliver_due() == {Status.SENT: 1}
    assert len(http.accepted) == 1
    from wumei.audit.models import AuditEvent
    assert AuditEvent.objects.filter(action="outbox_item.retry", object_id=str(item.pk)).count() == 1


def test_only_the_system_administrator_retries(world):
    from wumei.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        retry_item(world.hq, 1)


def test_an_item_held_by_a_crashed_worker_is_due_again_when_its_lease_runs_out(world, http):
    prefer(world.hq, webhook_url=f"{http.url}/wecom", webhook_enabled=True)
    notify(world.hq, "工作提示")
    now = timezone.now()
    OutboxItem.objects.update(status=Status.SENDING, claim_token="dead", lease_until=now + timedelta(seconds=60))
    assert deliver_due() == {}  # the lease still holds: someone may be sending it right now
    with time_machine.travel(now + timedelta(seconds=61)):
        assert deliver_due() == {Status.SENT: 1}
    assert len(http.accepted) == 1


def test_dedupe_key_still_sends_once_per_recipient_on_every_channel(world, http):
    prefer(world.hq, webhook_url=f"{http.url}/wecom", webhook_enabled=True)
    prefer(world.commander, webhook_url=f"{http.url}/wecom2", webhook_enabled=True)
    for _ in range(2):
        notify(world.hq, "今日项目日报未报送", dedupe_key="chase:1:2026-11-27")
        notify(world.commander, "今日项目日报未报送", dedupe_key="chase:1:2026-11-27")
    assert OutboxItem.objects.count() == 2
    deliver_due()
    assert sorted(r.path for r in http.accepted) == ["/wecom", "/wecom2"]


def test_without_chosen_channels_only_the_inbox_gets_it(world, django_assert_num_queries):
    with django_assert_num_queries(4):  # preference, savepoint, insert, release
        notify(world.hq, "问题交办")
    assert Message.objects.count() == 1 and not OutboxItem.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent workers need PostgreSQL")
@pytest.mark.django_db(transaction=True)  # like the other concurrency tests after dekad/documents (their flushes)
def test_two_workers_at_once_send_each_item_once(county, http):
    users = [user_with_role(Role.HQ_OFFICE, county, username=f"hq{n}") for n in range(12)]
    for user in users:
        prefer(user, webhook_url=f"{http.url}/wecom/{user.pk}", webhook_enabled=True)
        notify(user, "督查通报")
    barrier = threading.Barrier(3)
    errors = []

    def worker():
        try:
            barrier.wait()
            deliver_due()
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.path for r in http.accepted) == sorted(f"/wecom/{u.pk}" for u in users)
    assert set(OutboxItem.objects.values_list("status", flat=True)) == {Status.SENT}


def test_the_send_outbox_command_delivers_what_is_due(world, http):
    from io import StringIO

    from django.core.management import call_command

    prefer(world.hq, webhook_url=f"{http.url}/wecom", webhook_enabled=True)
    notify(world.hq, "督查通报")
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip() == "已发送 1 条"
    call_command("send_outbox", stdout=out)
    assert out.getvalue().strip().endswith("没有到期的消息")


def test_at_level_3_addresses_and_secrets_are_sealed_at_rest_and_still_delivered(world, http, settings):
    settings.FIELD_ENCRYPTION, settings.FIELD_KEY = True, "00112233445566778899aabbccddeeff"
    url = f"{http.url}/robot/send?access_token=tok"
    prefer(world.hq, webhook_url=url, webhook_format="dingtalk", webhook_secret="SECxyz", webhook_enabled=True)
    notify(world.hq, "督查通报")
    item = OutboxItem.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, webhook_secret FROM notify_outboxitem WHERE id = %s", [item.pk])
        address, secret = cursor.fetchone()
    assert address.startswith("sm4:") and "tok" not in address and secret.startswith("sm4:")
    assert deliver(item.pk) == Status.SENT
    assert http.accepted[0].path.startswith("/robot/send?access_token=tok&timestamp=")
