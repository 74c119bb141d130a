import datetime
from decimal import Decimal

import pytest

from wumei.factors.models import FactorRequest
from wumei.problems.models import Problem

TODAY = datetime.date(2026, 11, 27)
MONTH = datetime.date(2026, 11, 1)


def make_problem(project, level, status=Problem.Status.IN_PROGRESS, description="施工便道征地受阻"):
    return Problem.objects.create(project=project, source=Problem.Source.VISIT, category=Problem.Category.LAND,
                                  description=description, raised_on=datetime.date(2026, 10, 9),
                                  due_on=datetime.date(2026, 10, 23), status=status, level=level,
                                  level_due_on=datetime.date(2026, 12, 4))


def make_request(project, status=FactorRequest.Status.REQUESTED, kind="power", quantity="2000"):
    return FactorRequest.objects.create(project=project, kind=kind, quantity=Decimal(quantity), status=status,
                                        need_by=datetime.date(2026, 12, 20), requested_on=datetime.date(2026, 11, 2))


@pytest.fixture
def scene(world):
    """world.project is on schedule (started); world.other has not started eight months after its planned start
    (red). One power request and one problem at the county head's level wait for the consultation."""
    world.project.actual_start_on = datetime.date(2026, 3, 1)
    world.project.save(update_fields=["actual_start_on"])
    world.request = make_request(world.project)
    world.problem = make_problem(world.project, Problem.Level.COUNTY_HEAD)
    make_problem(world.project, Problem.Level.LEAD_LEADER, description="牵头领导层级的问题")  # not county level
    make_problem(world.other, Problem.Level.EXECUTIVE_VICE_HEAD, status=Problem.Status.SOLVED)  # solved
    make_request(world.other, status=FactorRequest.Status.DECLINED)  # declined: not open
    return world
