"""Fixtures of the four lists' tests, on top of the root conftest's `world`: a frozen day and a signed-in
client per user of the world."""

import datetime
import zoneinfo

import pytest

TODAY = datetime.date(2026, 6, 15)  # a Monday, in 2026-06中旬
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def today(time_machine):
    time_machine.move_to(datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=SHANGHAI), tick=False)
    return TODAY


@pytest.fixture
def login(client, world):
    """Sign the test client in as one of the world's users, by attribute name ("hq", "liaison", …)."""

    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in


@pytest.fixture
def tasks(world, today):
    """Tasks of world.project (world.unit's) and world.other (world.other_unit's): one overdue, one due this
    dekad, one done, one further out; and a task on world.other that world.unit answers for."""
    from types import SimpleNamespace

    from wumei.tasks.models import Task
    from wumei.tasks.services import complete_task, create_task

    d = datetime.date
    overdue = create_task(world.hq, world.project, title="完成环评批复", due_on=d(2026, 6, 1),
                          source=Task.Source.COMMITMENT, today=d(2026, 1, 10))
    dekad = create_task(world.hq, world.project, title="完成施工图审查", due_on=d(2026, 6, 18))
    done = create_task(world.hq, world.project, title="办理用地预审", due_on=d(2026, 5, 20))
    complete_task(world.hq, done, done_on=d(2026, 5, 18), result="已取得用地预审意见")
    later = create_task(world.hq, world.project, title="主体结构封顶", due_on=d(2026, 9, 30))
    other = create_task(world.hq, world.other, title="完成线路征拆", due_on=d(2026, 7, 30))
    shared = create_task(world.hq, world.other, title="办理跨线施工许可", due_on=d(2026, 6, 12),
                         owner_unit=world.unit)
    return SimpleNamespace(overdue=overdue, dekad=dekad, done=Task.objects.get(pk=done.pk), later=later, other=other,
                           shared=shared)
