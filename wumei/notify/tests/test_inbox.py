from wumei.notify.models import Message
from wumei.notify.services import mark_read, notify, unread_count


def test_a_message_with_a_dedupe_key_is_sent_once(world):
    first = notify(world.liaison, "今日项目日报未报送", dedupe_key="chase:1:2026-11-27")
    again = notify(world.liaison, "今日项目日报未报送", dedupe_key="chase:1:2026-11-27")
    assert first is not None and again is None
    assert Message.objects.filter(recipient=world.liaison).count() == 1


def test_unread_count_and_mark_read(world):
    notify(world.hq, "甲")
    notify(world.hq, "乙")
    assert unread_count(world.hq) == 2
    mark_read(world.hq)
    assert unread_count(world.hq) == 0


def test_inbox_shows_only_own_messages_and_opening_marks_read(client, world):
    mine = notify(world.hq, "问题已升级至常务副县长", url="/projects/")
    notify(world.liaison, "别人的消息")
    client.force_login(world.hq)
    page = client.get("/inbox/").content.decode()
    assert "问题已升级至常务副县长" in page and "别人的消息" not in page
    response = client.post(f"/inbox/{mine.pk}/open/")
    assert response.status_code == 302 and response.url == "/projects/"
    assert unread_count(world.hq) == 0


def test_another_users_message_cannot_be_opened(client, world):
    theirs = notify(world.liaison, "别人的消息")
    client.force_login(world.hq)
    assert client.post(f"/inbox/{theirs.pk}/open/").status_code == 404


def test_an_external_link_is_not_followed(client, world):
    message = notify(world.hq, "外部链接", url="https://evil.example.com/")
    client.force_login(world.hq)
    assert client.post(f"/inbox/{message.pk}/open/").url == "/inbox/"
