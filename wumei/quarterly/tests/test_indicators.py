"""Indicators computed from the other cadences' records (hand-counted)."""

import datetime
from decimal import Decimal as D

from wumei.daily.models import DailyReport
from wumei.projects.models import Progress
from wumei.quarterly import indicators
from wumei.testing import UnitFactory
from wumei.weekly.models import Visit

# Monday 6 July to Sunday 19 July 2026: ten working days, two visit weeks.
START, END = datetime.date(2026, 7, 6), datetime.date(2026, 7, 19)


def report(project, day, late=False):
    DailyReport.objects.create(project=project, report_on=day, image_progress="主体施工", cumulative_investment=D(1),
                               stage="started", is_late=late)


def test_reporting_rate_is_on_time_reports_over_expected_per_project_and_unit(scored_world):
    w = scored_world
    report(w.project, datetime.date(2026, 7, 6))
    report(w.project, datetime.date(2026, 7, 7), late=True)
    report(w.project, datetime.date(2026, 7, 8))
    report(w.project, datetime.date(2026, 7, 11))  # a Saturday: kept, not counted
    # A: 2 on time of 10 expected = 20; B: nothing of 10 = 0.
    assert indicators.reporting_rate("project", w.county, START, END) == {w.project.pk: D("20.00"),
                                                                          w.other.pk: D("0.00")}
    assert indicators.reporting_rate("responsible", w.county, START, END) == {w.unit.pk: D("20.00"),
                                                                              w.other_unit.pk: D("0.00")}
    assert indicators.reporting_rate("approval", w.county, START, END) == {}


def test_visit_coverage_counts_visited_weeks_of_due_projects(scored_world):
    w = scored_world
    Visit.objects.create(project=w.project, leader=w.lead_leader.person, visited_on=datetime.date(2026, 7, 8),
                         findings="现场查看厂房主体施工")
    # A is due both weeks and visited in the first: 50. B has no lead leader: not applicable.
    assert indicators.visit_coverage("project", w.county, START, END) == {w.project.pk: D("50.00")}
    assert indicators.visit_coverage("responsible", w.county, START, END) == {w.unit.pk: D("50.00")}


def test_start_and_completion_on_time_for_projects_towns_and_units(scored_world):
    w = scored_world
    town = UnitFactory(name="城关镇", kind="town", region=w.county)
    w.project.town = w.other.town = town
    w.project.planned_completion_on = datetime.date(2026, 9, 1)
    w.project.actual_completion_on = datetime.date(2026, 9, 16)  # 15 days late: an assignment letter's due
    w.project.save()
    w.other.save()
    q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert indicators.start_on_time("project", w.county, *q3) == {w.project.pk: D("100.00"), w.other.pk: D("0.00")}
    assert indicators.start_on_time("town", w.county, *q3) == {town.pk: D("50.00")}
    assert indicators.start_on_time("approval", w.county, *q3) == {}
    assert indicators.completion_on_time("project", w.county, *q3) == {w.project.pk: D("0.00")}
    w.project.actual_completion_on = datetime.date(2026, 9, 15)  # 14 days late: still in time
    w.project.save()
    assert indicators.completion_on_time("project", w.county, *q3) == {w.project.pk: D("100.00")}


def test_problems_and_letters_on_time_count_by_owner_and_recipient_unit(scored_world):
    w = scored_world
    q3 = (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert indicators.problems_on_time("responsible", w.county, *q3) == {w.unit.pk: D("100.00"),
                                                                         w.other_unit.pk: D("0.00")}
    assert indicators.letters_on_time("project", w.county, *q3) == {w.other.pk: D("0.00")}
    assert indicators.letters_on_time("responsible", w.county, *q3) == {w.other_unit.pk: D("0.00")}
    # As of 30 June 600 is expected (6/12 of 1200): A reported 700 → capped at 100; B reported nothing → 0.
    Progress.objects.create(project=w.project, as_of=datetime.date(2026, 6, 30), year_investment=D(700))
    assert indicators.investment_completion("project", w.county, datetime.date(2026, 4, 1),
                                            datetime.date(2026, 6, 30)) == {w.project.pk: D(100), w.other.pk: D(0)}
    # The unit figure sums its projects: both units have one project here.
    assert indicators.investment_completion("responsible", w.county, *q3) == {w.unit.pk: D(100),
                                                                              w.other_unit.pk: D(50)}
