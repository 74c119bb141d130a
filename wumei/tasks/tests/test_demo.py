"""The demo's four lists: the year's commitment tasks from the projects' milestones and the HQ office's
follow-ups, some overdue; deterministic and written once."""

import datetime
import random

import pytest

from wumei.projects.models import Milestone
from wumei.tasks import demo
from wumei.tasks.models import Task

TODAY = datetime.date(2026, 6, 16)


@pytest.fixture
def seeded(db):
    from wumei.demo.builder import load_demo
    from wumei.demo.history import seed_history

    result = load_demo(seed=1, today=TODAY, history=False)
    seed_history(result.county, TODAY, 1, only=('problems', 'weekly', 'daily'))
    demo.seed(result.county, TODAY, random.Random(7))  # a no-op if the loader already ran it
    return result.county


def dump():
    return sorted(Task.objects.values_list("project__code", "title", "due_on", "status", "done_on", "source",
                                           "owner_unit__name"))


def test_demo_tasks_come_from_the_commitments_and_the_hq_office_and_some_are_overdue(seeded):
    tasks = Task.objects.filter(project__county=seeded)
    assert tasks.filter(source=Task.Source.COMMITMENT).count() > 60
    assert tasks.filter(source=Task.Source.HQ).count() > 15
    overdue = tasks.filter(status=Task.Status.OPEN, due_on__lt=TODAY)
    assert 5 < overdue.count() < tasks.count() / 3
    assert tasks.filter(status=Task.Status.DONE).count() > tasks.count() / 3
    assert not tasks.filter(status=Task.Status.DONE, done_on__gte=TODAY).exists()
    # A commitment task is its milestone: same deadline, done when the milestone was met.
    task = tasks.filter(source=Task.Source.COMMITMENT, status=Task.Status.DONE).first()
    milestone = Milestone.objects.get(project=task.project, name=task.title, planned_on=task.due_on)
    assert milestone.actual_on == task.done_on
    land = tasks.filter(title="完成土地摘牌和供地").first()
    assert land is None or land.owner_unit.name == "县自然资源局"
    assert tasks.exclude(owner_unit=None).count() == tasks.count()


def test_demo_tasks_are_the_same_for_the_same_seed_and_written_once(seeded):
    assert demo.seed(seeded, TODAY, random.Random(7)) == {"tasks": 0, "tasks_overdue": 0}
    Task.objects.all().delete()
    counts = demo.seed(seeded, TODAY, random.Random(7))
    first = dump()
    assert counts["tasks"] == len(first) and counts["tasks_overdue"] > 0
    Task.objects.all().delete()
    assert demo.seed(seeded, TODAY, random.Random(7)) == counts
    assert dump() == first
