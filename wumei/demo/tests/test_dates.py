"""Demo dates are placed relative to the day of loading, and agree with each other."""

import datetime

import pytest

from wumei.calendar.rules import year_elapsed_share
from wumei.demo.builder import load_demo
from wumei.demo.lifecycle import next_spring_festival
from wumei.demo.tests.helpers import TODAY
from wumei.projects import rules
from wumei.projects.models import STAGE_ORDER, PlanKind, Project, Stage


def facts(p: Project) -> rules.DateFacts:
    return rules.DateFacts(p.planned_start_on, p.actual_start_on, p.planned_completion_on, p.actual_completion_on)


def latest_progress(p: Project):
    return p.progress.order_by("-as_of").first()


def test_the_demo_holds_a_case_for_each_letter_and_status(demo):
    projects = list(Project.objects.filter(county=demo.county).prefetch_related("plans", "progress"))
    not_started = [p for p in projects if not p.actual_start_on]
    assert any(0 < (p.planned_start_on - TODAY).days <= 30 for p in not_started)  # reminder letter
    assert any((TODAY - p.planned_start_on).days >= 15 for p in not_started)  # assignment letter
    assert any(p.actual_start_on and not p.actual_completion_on and (TODAY - p.planned_completion_on).days >= 15
               for p in projects)  # overdue to produce
    assert sum(1 for p in projects if p.actual_completion_on and p.actual_completion_on.year == TODAY.year) >= 5
    months, twelve = year_elapsed_share(TODAY)
    lagging = [p for p in projects if p.actual_start_on and not p.actual_completion_on and latest_progress(p)
               and latest_progress(p).year_investment * twelve < p.plans.get().planned_investment * months / 2]
    assert len(lagging) >= 3  # supervision letter
    on_track = [p for p in projects if p.actual_start_on and not p.actual_completion_on and latest_progress(p)
                and latest_progress(p).year_investment * twelve >= p.plans.get().planned_investment * months * 9 / 10]
    assert len(on_track) >= 10


def test_soda_ash_starts_after_the_next_spring_festival(demo):
    soda = Project.objects.get(county=demo.county, name="年产100万吨纯碱项目")
    festival = next_spring_festival(TODAY)
    assert festival == datetime.date(2028, 1, 26)
    assert festival < soda.planned_start_on <= festival + datetime.timedelta(days=30)


@pytest.mark.parametrize("today", [
    datetime.date(2026, 1, 1), datetime.date(2027, 2, 27), datetime.date(2028, 2, 29), datetime.date(2030, 12, 31),
])
def test_dates_agree_with_each_other_on_any_day(db, today):
    county = load_demo(seed=3, today=today).county
    projects = Project.objects.filter(county=county).prefetch_related("plans", "progress", "stage_changes",
                                                                      "milestones")
    soon = [p for p in projects if not p.actual_start_on and 0 < (p.planned_start_on - today).days <= 30]
    assert len(soon) >= 3
    for p in projects:
        assert rules.date_errors(facts(p), today) == {}, p.name
        plan = p.plans.get()
        assert plan.year == today.year and plan.planned_investment > 0
        kind = plan.kind
        if kind == PlanKind.COMPLETING:
            assert p.actual_start_on and (p.actual_completion_on or p.planned_completion_on.year <= today.year)
        elif kind == PlanKind.NEW_START:
            assert not p.actual_start_on or p.actual_start_on.year == today.year
        elif kind == PlanKind.CONTINUING:
            assert p.actual_start_on.year < today.year
        else:
            assert not p.actual_start_on and p.planned_start_on.year > today.year
        assert bool(p.actual_start_on) == (STAGE_ORDER[p.stage] >= STAGE_ORDER[Stage.STARTED])
        assert bool(p.actual_completion_on) == (p.stage == Stage.OPERATING)
        changes = sorted(p.stage_changes.all(), key=lambda c: c.changed_at)
        assert changes[-1].to_stage == p.stage
        assert all(c.changed_at.date() <= today for c in changes)
        assert all(m.actual_on is None or m.actual_on <= today for m in p.milestones.all())
        rows = sorted(p.progress.all(), key=lambda r: r.as_of)
        assert all(r.as_of < today and r.as_of.year == today.year for r in rows)
        invested = [r.year_investment for r in rows]
        assert invested == sorted(invested)
        assert all(r.cumulative_investment <= p.total_investment for r in rows)
        assert all(r.year_investment <= plan.planned_investment for r in rows)
