"""A county whose third quarter of 2026 has records behind every indicator the tests weigh.

Project A (world.project, 县工业和信息化局): planned start 10 July, started 8 July (on time); annual plan 1200万元,
900万元 done by 30 September = 900 expected (9/12 of 1200) → 100%; one problem due 10 August solved 5 August.
Project B (world.other, 县交通运输局): planned start 1 August, not started; plan 1200万元, 450 done → 50%; one
problem due 1 September still open; one letter due for an answer on 20 August, answered on the 25th (late).
"""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from wumei.dekad.models import Letter
from wumei.problems.models import Problem
from wumei.projects.models import AnnualPlan, Progress, StageChange
from wumei.quarterly import rules, services

Q3 = rules.Quarter(2026, 3)
TODAY = datetime.date(2026, 10, 8)
LINES = [
    rules.Line("project", "start_on_time", D(40)), rules.Line("project", "investment_completion", D(40)),
    rules.Line("project", "problems_on_time", D(20)),
    rules.Line("responsible", "investment_completion", D(50)), rules.Line("responsible", "letters_on_time", D(50)),
]
AWARDS = [
    rules.AwardRule("start", "project", indicator="start_on_time", indicator_min=D(100)),
    rules.AwardRule("progress", "project", top_n=1),
    rules.AwardRule("service", "responsible", min_total=D(90)),
]


def _problem(project, unit, due_on, status, solved_on=None):
    return Problem.objects.create(project=project, source=Problem.Source.VISIT, description="施工用电接入慢",
                                  owner_unit=unit, raised_on=due_on - datetime.timedelta(days=14), due_on=due_on,
                                  level_due_on=due_on, status=status, solved_on=solved_on)


def build_scored_world(world) -> SimpleNamespace:
    """The records above, and the method of LINES and AWARDS in force for 2026."""
    a, b = world.project, world.other
    for project, planned, actual, done in ((a, datetime.date(2026, 7, 10), datetime.date(2026, 7, 8), D(900)),
                                           (b, datetime.date(2026, 8, 1), None, D(450))):
        project.planned_start_on, project.actual_start_on = planned, actual
        project.stage = "started" if actual else "siting"
        project.save()
        AnnualPlan.objects.create(project=project, year=2026, planned_investment=D(1200))
        Progress.objects.create(project=project, as_of=datetime.date(2026, 9, 30), year_investment=done)
        StageChange.objects.create(project=project, to_stage="planning",
                                   changed_at=datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC))
    _problem(a, world.unit, datetime.date(2026, 8, 10), Problem.Status.SOLVED, datetime.date(2026, 8, 5))
    _problem(b, world.other_unit, datetime.date(2026, 9, 1), Problem.Status.ASSIGNED)
    Letter.objects.create(county=world.county, project=b, kind=Letter.Kind.ASSIGNMENT, dekad="2026-08上旬",
                          dekad_start=datetime.date(2026, 8, 1), status=Letter.Status.ANSWERED,
                          rule="assignment.start_overdue", title="交办函", body="请加快开工",
                          recipient_unit=world.other_unit, drafted_on=datetime.date(2026, 8, 3),
                          issued_on=datetime.date(2026, 8, 13), reply_due_on=datetime.date(2026, 8, 20),
                          answered_on=datetime.date(2026, 8, 25))
    method = services.create_method(world.hq, world.county, 2026, lines=LINES, award_rules=AWARDS)
    services.activate_method(world.hq, method)
    return SimpleNamespace(**vars(world), method=method)


@pytest.fixture
def scored_world(world):
    return build_scored_world(world)
