import pytest

from wumei.audit.models import AuditEvent
from wumei.notify.models import Message, OutboxItem, Preference
from wumei.notify.services import notify, unread_count
from wumei.notify.tests.conftest import prefer
from wumei.testing import Role, user_with_role


@pytest.fixture
def sysadmin(world):
    return user_with_role(Role.SYS_ADMIN, world.county, username="sysadmin")


def test_inbox_filters_unread_and_marks_one_read(client, world, django_assert_max_num_queries):
    for n in range(20):
        notify(world.hq, f"消息{n}", url="/projects/")
    old = notify(world.hq, "已读的旧消息")
    Message.objects.filter(pk=old.pk).update(read_at=old.created_at)
    client.force_login(world.hq)
    with django_assert_max_num_queries(12):
        page = client.get("/inbox/?show=unread").content.decode()
    assert "消息19" in page and "已读的旧消息" not in page
    assert "已读的旧消息" in client.get("/inbox/").content.decode()
    first = Message.objects.get(subject="消息0")
    response = client.post(f"/inbox/{first.pk}/read/", {"show": "unread"})
    assert response.url == "/inbox/?show=unread" and unread_count(world.hq) == 19
    client.post("/inbox/read-all/")
    assert unread_count(world.hq) == 0


def test_marking_another_users_message_is_a_404(client, world):
    theirs = notify(world.liaison, "别人的消息")
    client.force_login(world.hq)
    assert client.post(f"/inbox/{theirs.pk}/read/").status_code == 404
    assert unread_count(world.liaison) == 1


def test_preferences_are_saved_and_audited_without_the_secret(client, world):
    client.force_login(world.hq)
    assert client.get("/inbox/preferences/").status_code == 200
    response = client.post("/inbox/preferences/", {
        "email": "hq@county.example", "email_enabled": "on", "webhook_format": "dingtalk",
        "webhook_url": "https://oapi.dingtalk.com/robot/send?access_token=t", "webhook_secret": "SECabc",
        "webhook_enabled": "on",
    })
    assert response.status_code == 302
    pref = Preference.objects.get(user=world.hq)
    assert (pref.email_enabled, pref.webhook_enabled, pref.sms_enabled) == (True, True, False)
    assert pref.webhook_secret == "SECabc"
    event = AuditEvent.objects.get(action="notify_preference.update")
    assert "SECabc" not in str(event.after) and event.after["webhook_secret_set"] is True
    # A blank secret field keeps the stored secret.
    client.post("/inbox/preferences/", {"webhook_format": "dingtalk", "webhook_url": pref.webhook_url,
                                        "webhook_enabled": "on"})
    pref.refresh_from_db()
    assert pref.webhook_secret == "SECabc" and pref.email_enabled is False


def test_preferences_name_the_field_in_error(client, world):
    client.force_login(world.liaison)
    page = client.post("/inbox/preferences/", {
        "email_enabled": "on", "webhook_format": "wecom", "webhook_url": "http://10.0.0.5/admin",
        "webhook_enabled": "on", "sms_enabled": "on",
    }).content.decode()
    assert "接收邮件须填写电子邮箱" in page
    assert "Webhook 地址的主机 10.0.0.5 不在允许范围内" in page
    assert "您的人员信息中没有手机号码" in page
    assert not Preference.objects.exists()


def test_outbox_page_is_for_the_system_administrator_only(client, world, sysadmin, django_assert_max_num_queries):
    prefer(world.hq, webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", webhook_enabled=True)
    for n in range(15):
        notify(world.hq, f"督查通报{n}")
    OutboxItem.objects.filter(message__subject="督查通报0").update(status=OutboxItem.Status.FAILED, attempts=8,
                                                                   last_error="对方返回 HTTP 500")
    client.force_login(world.hq)
    assert client.get("/inbox/outbox/").status_code == 404
    client.force_login(sysadmin)
    with django_assert_max_num_queries(12):
        page = client.get("/inbox/outbox/?status=failed").content.decode()
    assert "督查通报0" in page and "对方返回 HTTP 500" in page and "督查通报1<" not in page
    assert "key=k" not in page  # the robot's key is not shown


def test_the_retry_button_requeues_a_failed_item(client, world, sysadmin):
    prefer(world.hq, webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", webhook_enabled=True)
    notify(world.hq, "督查通报")
    item = OutboxItem.objects.get()
    OutboxItem.objects.filter(pk=item.pk).update(status=OutboxItem.Status.FAILED, attempts=8)
    client.force_login(world.hq)
    assert client.post(f"/inbox/outbox/{item.pk}/retry/").status_code == 404
    client.force_login(sysadmin)
    response = client.post(f"/inbox/outbox/{item.pk}/retry/", {"status": "failed"})
    assert response.url == "/inbox/outbox/?status=failed"
    item.refresh_from_db()
    assert (item.status, item.attempts) == (OutboxItem.Status.PENDING, 0)
