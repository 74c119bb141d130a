"""A small county whose figures are computed by hand in the tests (on = 2026-06-30, 序时进度 6/12 = 50%).

| project | level | plan kind | plan | started | completed | done by 6/30 | RAG |
| P1 | provincial | 续建 | 1000 | 2025-05-01 | — | 600 (200 by 3/31) | green |
| P2 | municipal | 新开工 | 2000 | 2026-04-01 | — | 800 (1500 on 7/5 does not count) | green (80% of 1000) |
| P3 | county | 新开工 | 1000 | — (planned 5/1) | — | 0 | red (60 days late) |
| P4 | county | 竣工投产 | 500 | 2024-03-01 | 2026-06-10 | 500 | green |
| P5 | county | 预备 | 0 | — (planned 2027) | — | — | green |
plus the `world` fixture's two projects (no plan for 2026, planned start 2026-03-01 passed: red).
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from wumei.testing import AnnualPlanFactory, ProjectFactory, RegionFactory, Role, user_with_role

ON = datetime.date(2026, 6, 30)
D = datetime.date


def make_project(county, name, level, kind, plan, *, unit=None, start=None, done_on=None, **extra):
    from wumei.projects.models import Stage

    stage = Stage.OPERATING if done_on else (Stage.STARTED if start else Stage.PLANNING)
    project = ProjectFactory(name=name, county=county, level=level, actual_start_on=start,
                             actual_completion_on=done_on, stage=stage, responsible_unit=unit, **extra)
    AnnualPlanFactory(project=project, year=2026, kind=kind, planned_investment=Decimal(plan))
    return project


def progress(project, as_of, year_investment):
    from wumei.projects.models import Progress

    Progress.objects.create(project=project, as_of=as_of, year_investment=Decimal(year_investment))


def problem(project, raised_on, solved_on=None):
    from wumei.problems.models import Problem

    status = Problem.Status.SOLVED if solved_on else Problem.Status.ASSIGNED
    return Problem.objects.create(project=project, source=Problem.Source.HQ, description="用地指标未落实",
                                  raised_on=raised_on, due_on=raised_on + datetime.timedelta(days=14),
                                  level_due_on=raised_on + datetime.timedelta(days=14), status=status,
                                  solved_on=solved_on)


def letter(project, kind, dekad, issued_on):
    from wumei.dekad.models import Letter

    return Letter.objects.create(
        county=project.county, project=project, kind=kind, dekad=dekad, dekad_start=issued_on.replace(day=1),
        rule="test", title="函", body="正文", drafted_on=issued_on, issued_on=issued_on,
        status=Letter.Status.ISSUED if issued_on else Letter.Status.DRAFT, reply_due_on=issued_on,
    )


@pytest.fixture
def small(world):
    """The table above, with problems, documents, leads, visits and statistics."""
    from wumei.bulletins.models import Bulletin
    from wumei.cockpit.models import MonthlyStatistic
    from wumei.dekad.models import Letter, WorkReminder
    from wumei.org.models import Unit
    from wumei.projects.models import Level, PlanKind
    from wumei.testing import ChainFactory, UnitFactory
    from wumei.weekly.models import InvestmentLead, Visit

    c = world.county
    chain = ChainFactory(region=c, name="新材料产业链")
    park = UnitFactory(region=c, name="示范经开区", kind=Unit.Kind.PARK)
    p1 = make_project(c, "P1", Level.PROVINCIAL, PlanKind.CONTINUING, 1000, unit=world.unit, start=D(2025, 5, 1),
                      lead_leader=world.lead_leader.person, chain=chain)
    p2 = make_project(c, "P2", Level.MUNICIPAL, PlanKind.NEW_START, 2000, unit=world.unit, start=D(2026, 4, 1),
                      chain=chain, park=park)
    p3 = make_project(c, "P3", Level.COUNTY, PlanKind.NEW_START, 1000, unit=world.other_unit,
                      planned_start_on=D(2026, 5, 1))
    p4 = make_project(c, "P4", Level.COUNTY, PlanKind.COMPLETING, 500, unit=world.other_unit,
                      start=D(2024, 3, 1), done_on=D(2026, 6, 10))
    p5 = make_project(c, "P5", Level.COUNTY, PlanKind.PREPARATORY, 0, planned_start_on=D(2027, 3, 1),
                      planned_completion_on=D(2028, 12, 31))
    progress(p1, D(2026, 3, 31), 200)
    progress(p1, D(2026, 6, 20), 600)
    progress(p2, D(2026, 6, 25), 800)
    progress(p2, D(2026, 7, 5), 1500)
    progress(p4, D(2026, 6, 10), 500)
    # Problems: four raised in 2026 up to 6/30 (one solved by then), one old, one after the day.
    problem(p1, D(2026, 2, 1), solved_on=D(2026, 2, 10))
    problem(p1, D(2026, 5, 1))
    problem(p2, D(2026, 6, 28))
    problem(p3, D(2026, 6, 1), solved_on=D(2026, 7, 3))
    problem(p3, D(2025, 12, 1))
    problem(p3, D(2026, 7, 2))
    # Documents: two letters issued by 6/30 (a reminder, an assignment), a draft, one issued after the day.
    letter(p3, Letter.Kind.REMINDER, "2026-02上旬", D(2026, 2, 10))
    letter(p3, Letter.Kind.ASSIGNMENT, "2026-05下旬", D(2026, 5, 20))
    draft = letter(p3, Letter.Kind.SUPERVISION, "2026-06下旬", D(2026, 6, 25))
    Letter.objects.filter(pk=draft.pk).update(status=Letter.Status.DRAFT, issued_on=None)
    letter(p3, Letter.Kind.ASSIGNMENT, "2026-07上旬", D(2026, 7, 2))
    for sent in (D(2026, 3, 1), D(2026, 7, 1)):
        WorkReminder.objects.create(county=c, dekad=f"{sent:%Y-%m}上旬", dekad_start=sent, sent_on=sent,
                                    subject=WorkReminder.Subject.choices[0][0], recipient_key=f"unit:{world.unit.pk}",
                                    unit=world.unit, title="提示", body="内容")
    Bulletin.objects.create(county=c, dekad_start=D(2026, 6, 1), dekad_end=D(2026, 6, 10), dekad_label="6月上旬",
                            cutoff_on=D(2026, 6, 10), drafted_on=D(2026, 6, 11), snapshot={}, title="通报",
                            status=Bulletin.Status.ISSUED, number=1, number_year=2026, issued_on=D(2026, 6, 11))
    # Leads: two signed this year, one started (of two due): 50.0%.
    InvestmentLead.objects.create(county=c, name="锂电回收", investor="甲公司", amount=Decimal(50000),
                                  stage="started", signed_on=D(2026, 2, 1), contract_start_on=D(2026, 3, 1),
                                  started_on=D(2026, 3, 15))
    InvestmentLead.objects.create(county=c, name="新材料", investor="乙公司", amount=Decimal(30000),
                                  stage="signed", signed_on=D(2026, 3, 1), contract_start_on=D(2026, 5, 1))
    # Visits: the leader has two due projects (world.project and P1); he visited P1 in the week 6/22–6/28.
    Visit.objects.create(project=p1, leader=world.lead_leader.person, visited_on=D(2026, 6, 24), findings="现场")
    # Daily reports: P1 and P2 registered on 1 January; in June (21 working days) 42 reports were expected;
    # P1 reported on 6/1 on time and 6/2 late, P2 on 6/1 on time → 2 on time of 42.
    from django.utils import timezone

    from wumei.daily.models import DailyReport
    from wumei.projects.models import StageChange

    for p in (p1, p2):
        StageChange.objects.create(project=p, to_stage="started",
                                   changed_at=timezone.make_aware(datetime.datetime(2026, 1, 1, 9)))
    for p, day, late in ((p1, D(2026, 6, 1), False), (p1, D(2026, 6, 2), True), (p2, D(2026, 6, 1), False)):
        DailyReport.objects.create(project=p, report_on=day, image_progress="施工中", cumulative_investment=100,
                                   stage="started", is_late=late)
    # Statistics: May and June count (June ended on 6/30); July's is not "as of" 6/30.
    for month, amount, growth in ((5, 5000, "10.0"), (6, 6000, "12.0"), (7, 9000, "13.0")):
        MonthlyStatistic.objects.create(region=c, year=2026, month=month, fai_amount=Decimal(amount),
                                        fai_growth=Decimal(growth))
    return SimpleNamespace(world=world, county=c, p1=p1, p2=p2, p3=p3, p4=p4, p5=p5)


@pytest.fixture
def two_counties(small):
    """示范县 and a second county under one city; a city HQ office and the second county's HQ office."""
    from wumei.cockpit.models import MonthlyStatistic
    from wumei.projects.models import Level, PlanKind

    city = RegionFactory(code="430400", name="示范市", level="city")
    small.county.parent = city
    small.county.save()
    second = RegionFactory(code="430426", name="第二县", parent=city)
    q1 = make_project(second, "Q1", Level.COUNTY, PlanKind.CONTINUING, 1000, start=D(2025, 1, 1))
    progress(q1, D(2026, 6, 30), 900)
    MonthlyStatistic.objects.create(region=second, year=2026, month=6, fai_amount=Decimal(4000),
                                    fai_growth=Decimal("-20.0"))
    small.city, small.second, small.q1 = city, second, q1
    small.city_hq = user_with_role(Role.HQ_OFFICE, city, username="city_hq")
    small.second_hq = user_with_role(Role.HQ_OFFICE, second, username="second_hq")
    return small
