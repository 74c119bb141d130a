"""The demo inbox: weeks of notices for the county's accounts, the last days unread; written once."""

import datetime
import random

import pytest

from wumei.notify import demo
from wumei.notify.models import Message, OutboxItem

TODAY = datetime.date(2026, 6, 16)


@pytest.fixture
def county(db):
    from wumei.demo.builder import load_demo

    result = load_demo(seed=1, today=TODAY, history=False)
    return result.county


def dump():
    return sorted(Message.objects.values_list("recipient__username", "subject", "created_at", "read_at"))


def test_demo_inbox_has_read_history_and_a_few_unread_notices(county):
    counts = demo.seed(county, TODAY, random.Random(7))
    assert counts["messages"] == Message.objects.count() > 50
    unread = Message.objects.filter(read_at__isnull=True)
    assert 0 < unread.count() < Message.objects.count() / 5
    assert all(m.created_at.date() >= TODAY - datetime.timedelta(days=1) for m in unread)
    assert Message.objects.filter(recipient__username="liaison", kind="daily.chase").exists()
    assert OutboxItem.objects.filter(status=OutboxItem.Status.FAILED).count() == 1
    assert counts["outbox_items"] == OutboxItem.objects.filter(status__in=["sent", "failed"]).count()


def test_demo_inbox_is_the_same_for_the_same_seed_and_written_once(county):
    demo.seed(county, TODAY, random.Random(7))
    first = dump()
    assert demo.seed(county, TODAY, random.Random(7)) == {"messages": 0, "outbox_items": 0}
    Message.objects.all().delete()
    demo.seed(county, TODAY, random.Random(7))
    assert dump() == first
