"""The cockpit's figures against values computed by hand from the fixture's table (tests/conftest.py)."""

import datetime
from decimal import Decimal

import pytest

from wumei.cockpit.figures import figures
from wumei.cockpit.tests.conftest import ON, make_project, progress
from wumei.projects.models import Level, PlanKind

pytestmark = pytest.mark.django_db


def test_started_and_completed_counts_and_rates_by_level(small):
    f = figures(small.county, ON)
    p = f.projects
    # Planned (not 预备): P1–P4; started P1, P2, P4 → 3/4.
    assert (p["all"]["registered"], p["all"]["planned"], p["all"]["started"]) == (7, 4, 3)
    assert p["all"]["started_rate"] == Decimal("75.0")
    # 省市重点 P1, P2 both started: "2个省市重点项目100%开工".
    assert (p["upper"]["planned"], p["upper"]["started"], p["upper"]["started_rate"]) == (2, 2, Decimal("100.0"))
    assert (p["county"]["planned"], p["county"]["started"]) == (2, 1)
    # 新开工 P2 started, P3 not; 竣工投产 P4 done on 6/10.
    assert (p["all"]["new_start_planned"], p["all"]["new_started"], p["all"]["new_start_rate"]) == (2, 1, Decimal("50.0"))
    assert (p["all"]["completed"], p["all"]["completion_rate"], p["all"]["completed_this_year"]) == (1, Decimal("100.0"), 1)
    assert p["all"]["started_this_year"] == 1  # P2


def test_investment_against_plan_and_schedule(small):
    inv = figures(small.county, ON).investment
    # Plan 1000+2000+1000+500+0 = 4500; done 600+800+0+500 = 1900 → 42.2%; 序时 6/12 = 50% → 7.8 points behind.
    assert (inv["all"]["plan"], inv["all"]["done"]) == (Decimal(4500), Decimal(1900))
    assert (inv["all"]["completion_percent"], inv["all"]["schedule_percent"]) == (Decimal("42.2"), Decimal("50.0"))
    assert inv["all"]["gap_points"] == Decimal("7.8")
    assert inv["all"]["explanation"] == "完成年度计划的42.2%，低于序时进度7.8个百分点"
    # By kind: 续建 600/1000 = 60% (10 points ahead), 新开工 800/3000 = 26.7%, 竣工投产 500/500.
    assert inv["continuing"]["completion_percent"] == Decimal("60.0")
    assert inv["continuing"]["explanation"] == "完成年度计划的60%，高于序时进度10个百分点"
    assert inv["new_start"]["completion_percent"] == Decimal("26.7")
    assert inv["completing"]["completion_percent"] == Decimal("100.0")
    # By level: 省市重点 1400/3000.
    assert (inv["upper"]["done"], inv["upper"]["completion_percent"]) == (Decimal(1400), Decimal("46.7"))


def test_records_after_the_day_do_not_count(small):
    earlier = figures(small.county, datetime.date(2026, 5, 31))
    # By 5/31 only P1's 200 was reported; P4 was not completed; 序时 5/12.
    assert earlier.investment["all"]["done"] == Decimal(200)
    assert earlier.investment["all"]["schedule_percent"] == Decimal("41.7")
    assert earlier.projects["all"]["completed"] == 0
    assert earlier.problems["collected"] == 2  # 2/1 and 5/1
    assert earlier.fai["month"] == 5


def test_monthly_investment_series(small):
    monthly = figures(small.county, ON).monthly
    assert [m["done"] for m in monthly] == [0, 0, 200, 200, 200, 1900]
    assert [m["expected"] for m in monthly] == [Decimal(375) * m for m in range(1, 7)]  # 4500 × m/12


def test_share_of_fixed_asset_investment(small):
    fai = figures(small.county, ON).fai
    # June's statistics (July's not yet ended): 1900 ÷ 6000 = 31.7%, FAI +12%.
    assert (fai["month"], fai["amount"], fai["growth"]) == (6, Decimal(6000), Decimal("12.0"))
    assert (fai["key_done"], fai["share_percent"]) == (Decimal(1900), Decimal("31.7"))


def test_problems_documents_leads_visits_and_rag(small):
    f = figures(small.county, ON)
    # Raised in 2026 by 6/30: 2/1 (solved 2/10), 5/1, 6/1 (solved only on 7/3), 6/28 → 4 collected, 1 solved.
    assert (f.problems["collected"], f.problems["solved"], f.problems["solved_rate"]) == (4, 1, Decimal("25.0"))
    # Unsolved on 6/30: 6/28 (2 days), 6/1 (29 days), 5/1 and 2025-12-01 (over 30).
    assert [a["count"] for a in f.ageing] == [1, 1, 2]
    assert (f.documents["letters"], f.documents["reminder_letters"], f.documents["assignment_letters"],
            f.documents["supervision_letters"]) == (2, 1, 1, 0)
    assert (f.documents["work_reminders"], f.documents["bulletins"]) == (1, 1)
    assert (f.leads["signed_count"], f.leads["signed_amount"]) == (2, Decimal(80000))
    assert (f.leads["fulfilled"], f.leads["due"], f.leads["fulfilment_rate"]) == (1, 2, Decimal("50.0"))
    # Week 6/22–6/28: the leader is due at world.project and P1, visited P1.
    assert (f.visits["due"], f.visits["visited"], f.visits["rate"]) == (2, 1, Decimal("50.0"))
    assert f.rag == {"green": 4, "amber": 0, "red": 3}
    # June: 2 projects × 21 working days (端午 on Friday 6/19 is a holiday) expected, 3 received, 2 on time.
    assert (f.reporting["expected"], f.reporting["received"], f.reporting["on_time"]) == (42, 3, 2)
    assert f.reporting["rate"] == Decimal("4.8")


def test_unit_ranking_and_groups(small):
    f = figures(small.county, ON)
    # 工信局: P1+P2 1400/3000 = 46.7%; 交通局: P3+P4 500/1500 = 33.3%.
    assert [(u["name"], u["completion_percent"], u["rank"]) for u in f.by_unit] == [
        ("县工业和信息化局", Decimal("46.7"), 1), ("县交通运输局", Decimal("33.3"), 2)]
    assert next(u for u in f.by_unit if u["rank"] == 2)["red"] == 2  # P3 and world.other
    assert {s["key"]: s["count"] for s in f.by_stage}["operating"] == 1
    # 新材料产业链: P1 + P2, 1400/3000; the park: P2, 800/2000 = 40%.
    assert [(c["name"], c["projects"], c["completion_percent"]) for c in f.by_chain] == [
        ("新材料产业链", 2, Decimal("46.7"))]
    assert [(c["name"], c["projects"], c["completion_percent"]) for c in f.by_place] == [
        ("示范经开区", 1, Decimal("40.0"))]
    assert f.headline[1] == "2个省市重点项目已开工2个，开工率100.0%"


def test_city_rolls_up_its_counties(two_counties):
    f = figures(two_counties.city, ON)
    assert f.investment["all"]["done"] == Decimal(2800)
    assert [(c["name"], c["completion_percent"], c["rank"]) for c in f.counties] == [
        ("第二县", Decimal("90.0"), 1), ("示范县", Decimal("42.2"), 2)]
    # FAI 6000 (+12%) and 4000 (−20%): last year 5357.14 + 5000 → 10000 ÷ 10357.14 − 1 = −3.4%; share 2800/10000.
    assert (f.fai["amount"], f.fai["growth"], f.fai["share_percent"]) == (Decimal(10000), Decimal("-3.4"),
                                                                          Decimal("28.0"))
    # A county's figures never include the other county.
    assert figures(two_counties.second, ON).investment["all"]["done"] == Decimal(900)


def test_figures_query_count_does_not_grow_with_projects(small, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            figures(small.county, ON)
        return len(ctx.captured_queries)

    few = count()
    for i in range(27):
        p = make_project(small.county, f"加{i}", Level.COUNTY, PlanKind.CONTINUING, 100,
                         unit=small.world.unit, start=datetime.date(2025, 1, 1))
        progress(p, datetime.date(2026, 6, 1), 10)
    assert count() == few
    assert few <= 30
