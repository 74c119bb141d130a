"""The 每日必盯 API: scoped like the pages (outsider 404, reader 403 on writes), the same rules, the figures."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from wumei.api.tests.support import ApiClient, errors_of
from wumei.daily.models import DailyReport
from wumei.daily.services import submit_daily_report
from wumei.daily.tests.support import DAY, at, jpeg
from wumei.org.models import Role
from wumei.problems.models import Problem
from wumei.projects.models import Stage
from wumei.testing import user_with_role

CALLERS = {
    "anonymous": [None],
    "outsider": ["nobody", "other_liaison", "auditor"],
    "reader": ["inspector", "commander", "owner", "lead_leader"],
    "editor": ["liaison", "hq"],
}
READ = {"anonymous": 401, "outsider": 404, "reader": 200, "editor": 200}
WRITE = {"anonymous": 401, "outsider": 404, "reader": 403, "editor": 201}


@pytest.fixture
def api(client):
    return ApiClient(client)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(DAY, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def reported(daily):
    yesterday = DAY - datetime.timedelta(days=1)
    submit_daily_report(daily.liaison, daily.project, report_on=yesterday, image_progress="主体结构施工至第3层",
                        cumulative_investment=Decimal(1200), stage=Stage.STARTED, photos=[jpeg()],
                        problem_category="power", problem_description="用电增容未完成", now=at(yesterday, 15))
    return daily


def cases(expected):
    for column, names in CALLERS.items():
        for name in names:
            yield pytest.param(name, expected.get(name, expected[column]), id=f"{column} {name or ''}")


def caller(world, name):
    return None if name is None else getattr(world, name)


BODY = {"image_progress": "主体结构施工至第4层", "cumulative_investment_wan": "1500", "stage": "started"}


@pytest.mark.parametrize("who, status", list(cases(READ)))
def test_a_report_is_read_by_whoever_sees_its_project(api, reported, who, status):
    report = DailyReport.objects.get()
    response = api.get(f"/daily-reports/{report.pk}", as_=caller(reported, who))
    assert response.status_code == status
    if status == 200:
        data = response.json()
        assert data["project"] == {"id": reported.project.pk, "name": reported.project.name}
        assert data["cumulative_investment_wan"] == "1200.0000" and data["investment_added_wan"] == "200.0000"
        assert len(data["photos"]) == 1 and data["photos"][0]["thumbnail_url"].endswith("/thumb.jpg")
        assert len(data["problem_ids"]) == 1 and data["is_late"] is False


@pytest.mark.parametrize("who, status", list(cases({**READ, "outsider": 200})))
def test_the_list_holds_exactly_the_reports_of_the_callers_projects(api, reported, who, status):
    response = api.get("/daily-reports", as_=caller(reported, who))
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == (0 if who in CALLERS["outsider"] else 1)


@pytest.mark.parametrize("who, status", list(cases(WRITE)))
def test_a_report_is_submitted_by_whoever_reports_on_the_project(api, reported, who, status):
    response = api.post(f"/projects/{reported.project.pk}/daily-reports", BODY, as_=caller(reported, who))
    assert response.status_code == status, response.content.decode()
    assert DailyReport.objects.filter(report_on=DAY).exists() is (status == 201)
    if status == 403:
        assert "不负责填报" in response.json()["detail"]


def test_submitting_again_the_same_day_updates_the_report(api, reported):
    url = f"/projects/{reported.project.pk}/daily-reports"
    assert api.post(url, BODY, as_=reported.liaison).status_code == 201
    second = api.post(url, {**BODY, "cumulative_investment_wan": "1600",
                            "problem": {"category": "funds", "description": "资金缺口"}}, as_=reported.liaison)
    assert second.status_code == 200
    data = second.json()
    assert data["revision"] == 2 and data["cumulative_investment_wan"] == "1600.0000"
    assert Problem.objects.get(pk=data["problem_ids"][0]).source == Problem.Source.DAILY


def test_the_api_applies_the_same_rules_with_chinese_errors_on_its_field_names(api, reported):
    url = f"/projects/{reported.project.pk}/daily-reports"
    fell = api.post(url, {**BODY, "cumulative_investment_wan": "1000", "stage": "siting"}, as_=reported.liaison)
    errors = errors_of(fell)
    assert "比上次填报的1,200万元少" in errors["investment_reason"]
    assert "退回「规划选址」" in errors["stage_reason"]
    future = api.post(url, {**BODY, "report_on": "2026-03-19"}, as_=reported.liaison)
    assert "今天以后" in errors_of(future)["report_on"]
    floating = api.post(url, {**BODY, "cumulative_investment_wan": 1500.5}, as_=reported.liaison)
    assert "字符串" in errors_of(floating)["cumulative_investment_wan"]
    late = api.post(url, {**BODY, "report_on": "2026-03-18"}, as_=reported.liaison)
    assert late.json()["is_late"] is False


def test_a_report_after_the_cutoff_is_marked_late(api, reported, clock):
    clock.move_to(at(DAY, 17, 1))
    response = api.post(f"/projects/{reported.project.pk}/daily-reports", BODY, as_=reported.liaison)
    assert response.status_code == 201 and response.json()["is_late"] is True


FOLLOW = {"hq": 200, "commander": 200, "liaison": 200, "other_liaison": 200, "unit_head": 200, "inspector": 403,
          "owner": 403, "lead_leader": 403, "nobody": 403, "auditor": 403, None: 401}


@pytest.mark.parametrize("who, status", FOLLOW.items())
def test_compliance_figures_are_for_the_hq_leaders_and_the_units(api, reported, who, status):
    reported.unit_head = user_with_role(Role.UNIT_HEAD, reported.county, reported.unit, username="unit_head")
    response = api.get("/daily-compliance?start=2026-03-16&end=2026-03-18", as_=caller(reported, who))
    assert response.status_code == status
    if status == 200:
        units = {u["unit"]["name"] for u in response.json()["units"]}
        assert (reported.other_unit.name in units) is (who in ("hq", "commander", "other_liaison"))
        assert (reported.unit.name in units) is (who != "other_liaison")


def test_compliance_figures_count_expected_received_and_on_time(api, reported):
    data = api.get("/daily-compliance?start=2026-03-16&end=2026-03-20", as_=reported.hq).json()
    # Three working days up to today (16–18 March), two projects: six expected, one received on time.
    assert (data["start"], data["end"], data["working_days"]) == ("2026-03-16", "2026-03-20", 3)
    assert (data["expected"], data["received"], data["on_time"], data["missing"]) == (6, 1, 1, 5)
    assert data["rate_percent"] == "16.7"
    first = data["units"][0]
    assert first["unit"]["id"] == reported.unit.pk and first["rank"] == 1 and first["rate_percent"] == "33.3"
    assert data["units"][1]["rate_percent"] == "0.0"


def test_a_reversed_period_is_refused(api, reported):
    response = api.get("/daily-compliance?start=2026-03-18&end=2026-03-01", as_=reported.hq)
    assert errors_of(response) == {"end": "结束日期不能早于开始日期"}


def test_the_list_takes_a_bounded_number_of_queries(api, reported, django_assert_max_num_queries):
    for n in range(1, 6):
        day = DAY - datetime.timedelta(days=n + 1)
        DailyReport.objects.create(project=reported.other, report_on=day, image_progress="施工中",
                                   cumulative_investment=Decimal(n), stage=Stage.STARTED)
    api.key_for(reported.hq)
    with django_assert_max_num_queries(9):
        response = api.get("/daily-reports", as_=reported.hq)
    assert response.json()["count"] == 6
