"""Fixtures of the 每日必盯 tests: the world with a reporting history, a media folder per test."""

import datetime
from decimal import Decimal

import pytest

from wumei.daily.tests.support import registered


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def daily(world):
    """The world, with both projects registered a month before DAY, under way (落地开工), a total of 10000
    万元 and 1000 万元 invested by the end of February."""
    from wumei.projects.models import Progress, Project, Stage

    for project in (world.project, world.other):
        Project.objects.filter(pk=project.pk).update(stage=Stage.STARTED, total_investment=Decimal(10000))
        project.refresh_from_db()
        registered(project, datetime.date(2026, 2, 16))
        Progress.objects.create(project=project, as_of=datetime.date(2026, 2, 28), cumulative_investment=Decimal(1000),
                                image_progress="基础工程施工中")
    return world
