"""The demo history: months of daily reports with gaps and late ones, consistent with the registry."""

import datetime
import random
from collections import defaultdict

import pytest

from wumei.calendar.services import load_calendar
from wumei.daily import demo, queries
from wumei.daily.models import Chase, DailyReport
from wumei.problems.models import Problem
from wumei.projects.models import STAGE_ORDER, Progress, Project

TODAY = datetime.date(2027, 6, 16)


@pytest.fixture
def seeded(db):
    from wumei.demo.builder import load_demo

    result = load_demo(seed=1, today=TODAY, history=False)
    counts = demo.seed(result.county, TODAY, random.Random(1))
    return result.county, counts


def dump():
    return sorted(DailyReport.objects.values_list(
        "project__code", "report_on", "image_progress", "cumulative_investment", "investment_added", "stage",
        "from_stage", "is_late", "reporter_name", "submitted_at"))


def test_demo_writes_months_of_reports_with_gaps_late_ones_chases_and_problems(seeded):
    county, counts = seeded
    reports = DailyReport.objects.filter(project__county=county)
    assert counts["daily_reports"] == reports.count() > 2000
    days = sorted(set(reports.values_list("report_on", flat=True)))
    assert days[0] <= TODAY - datetime.timedelta(days=100) and days[-1] == TODAY - datetime.timedelta(days=1)
    calendar = load_calendar()
    assert all(calendar.is_working_day(day) for day in days)
    late = reports.filter(is_late=True).count()
    assert 0.02 < late / reports.count() < 0.2
    assert counts["daily_chases"] == Chase.objects.count() > 0
    assert Chase.objects.filter(kind=Chase.Kind.LATE).exists()
    assert counts["daily_problems"] == Problem.objects.filter(source=Problem.Source.DAILY).count() > 0
    assert Problem.objects.filter(source=Problem.Source.DAILY, daily_reports__isnull=False).count() == \
        counts["daily_problems"]
    compliance = queries.compliance(Project.objects.filter(county=county), days[0], days[-1], calendar)
    total = compliance.total()
    assert 0 < total.missing < total.expected * 0.15
    rates = sorted(t.rate for t in compliance.by_unit().values() if t.rate is not None)
    assert rates[0] < rates[-1]  # some units report better than others


def test_demo_reports_never_lose_investment_nor_go_back_a_stage_and_meet_the_registry(seeded):
    series = defaultdict(list)
    for pid, day, cumulative, stage in DailyReport.objects.order_by("report_on").values_list(
            "project_id", "report_on", "cumulative_investment", "stage"):
        series[pid].append((day, cumulative, stage))
    for rows in series.values():
        for (_, c0, s0), (_, c1, s1) in zip(rows, rows[1:], strict=False):
            assert c1 >= c0
            assert STAGE_ORDER[s1] >= STAGE_ORDER[s0]
    snapshot = Progress.objects.filter(as_of=TODAY - datetime.timedelta(days=1),
                                       cumulative_investment__isnull=False).first()
    report = DailyReport.objects.get(project=snapshot.project, report_on=snapshot.as_of)
    assert report.cumulative_investment == snapshot.cumulative_investment


def test_demo_is_the_same_for_the_same_seed_and_day_and_writes_once(seeded):
    county, counts = seeded
    first = dump()
    assert demo.seed(county, TODAY, random.Random(1)) == {"daily_reports": 0, "daily_problems": 0,
                                                           "daily_chases": 0}
    DailyReport.objects.all().delete()
    Chase.objects.all().delete()
    Problem.objects.all().delete()
    assert demo.seed(county, TODAY, random.Random(1)) == counts
    assert dump() == first
