"""Fixtures of the bulletin tests, on top of the root conftest's `world`.

`county_data`: world.project (县工业和信息化局, new start, planned 2026-03-01, started 03-10) plans 3000万元
for 2026 and completed 951 by 30 April; world.other (县交通运输局) plans 1000 and completed 500; one letter of
each kind issued in 2026-04下旬, one overdue task.
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DRAFT_DAY = datetime.date(2026, 5, 1)  # drafts the bulletin of 2026-04下旬, cut-off 30 April
D = datetime.date
LAST_DEKAD = datetime.date(2026, 4, 21)


def freeze(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(12), tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def today(time_machine):
    freeze(time_machine, DRAFT_DAY)
    return DRAFT_DAY


@pytest.fixture
def login(client, world):
    def sign_in(who: str):
        client.force_login(getattr(world, who))
        return client

    return sign_in


def make_letter(project, kind: str, *, issued_on=None, answered_on=None, status=None, dekad_start=LAST_DEKAD):
    from wumei.calendar.rules import dekad_of
    from wumei.dekad.models import Letter

    status = status or ("answered" if answered_on else "issued" if issued_on else "draft")
    return Letter.objects.create(
        county=project.county, project=project, kind=kind, dekad=dekad_of(dekad_start).label, dekad_start=dekad_start,
        status=status, rule="test", title=f"关于{project.name}的函", body="请抓紧推进", recipient_unit=project.responsible_unit,
        drafted_on=dekad_start, issued_on=issued_on, answered_on=answered_on,
    )


@pytest.fixture
def county_data(world):
    from wumei.projects.models import AnnualPlan, PlanKind, Progress, Project
    from wumei.tasks.models import Task

    Project.objects.filter(pk=world.project.pk).update(actual_start_on=D(2026, 3, 10), level="provincial")
    Project.objects.filter(pk=world.other.pk).update(planned_start_on=D(2025, 3, 1), actual_start_on=D(2025, 3, 1))
    AnnualPlan.objects.create(project=world.project, year=2026, kind=PlanKind.NEW_START, planned_investment=3000)
    AnnualPlan.objects.create(project=world.other, year=2026, kind=PlanKind.CONTINUING, planned_investment=1000)
    Progress.objects.create(project=world.project, as_of=D(2026, 4, 30), year_investment=Decimal(951),
                            cumulative_investment=Decimal(951))
    Progress.objects.create(project=world.other, as_of=D(2026, 4, 28), year_investment=Decimal(500),
                            cumulative_investment=Decimal(2500))
    make_letter(world.project, "reminder", issued_on=D(2026, 4, 22), answered_on=D(2026, 4, 25))
    make_letter(world.other, "assignment", issued_on=D(2026, 4, 23))
    make_letter(world.other, "supervision", issued_on=D(2026, 4, 30))
    Task.objects.create(project=world.project, title="完成环评批复", due_on=D(2026, 4, 20), owner_unit=world.unit,
                        created_at=datetime.datetime(2026, 1, 10, tzinfo=SHANGHAI))
    world.project.refresh_from_db()
    world.other.refresh_from_db()
    return world
