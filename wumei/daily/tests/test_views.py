"""The 每日必盯 pages: who may see and do what, the liaison's phone flow, the HQ pages' figures, query bounds."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from wumei.daily.models import Chase, DailyReport
from wumei.daily.services import chase_reports, submit_daily_report
from wumei.daily.tests.support import DAY, at, jpeg, not_an_image, registered
from wumei.org.models import Role
from wumei.problems.models import Problem
from wumei.projects.models import Stage
from wumei.testing import ProjectFactory, UnitFactory, user_with_role

OUTSIDERS = ["nobody", "other_liaison", "auditor"]
READERS = ["inspector", "commander", "owner", "lead_leader"]
EDITORS = ["liaison", "hq"]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(DAY, 10), tick=False) as traveller:
        yield traveller


@pytest.fixture
def reported(daily):
    """world.project reported yesterday (on time)."""
    yesterday = DAY - datetime.timedelta(days=1)
    submit_daily_report(daily.liaison, daily.project, report_on=yesterday, image_progress="主体结构施工至第3层",
                        cumulative_investment=Decimal(1200), stage=Stage.STARTED, now=at(yesterday, 15))
    return daily


def login(client, user):
    client.force_login(user)
    return client


def form_data(**changes):
    return {"report_on": DAY.isoformat(), "image_progress": "主体结构施工至第4层", "cumulative_investment": "1500",
            "stage": Stage.STARTED, "investment_reason": "", "stage_reason": "", "problem_category": "other",
            "problem_description": "", **changes}


# ---------------------------------------------------------------- the permission matrix


PROJECT_PAGES = ["daily:report-form", "daily:project-reports"]


@pytest.mark.parametrize("name", PROJECT_PAGES + ["daily:report-detail", "daily:mine", "daily:overview",
                                                  "daily:compliance", "daily:digest", "daily:home"])
def test_anonymous_users_are_sent_to_sign_in(client, reported, name):
    args = {"daily:report-form": [reported.project.pk], "daily:project-reports": [reported.project.pk],
            "daily:report-detail": [DailyReport.objects.get().pk]}.get(name, [])
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("who, status", [*[(w, 404) for w in OUTSIDERS], *[(w, 403) for w in READERS],
                                         *[(w, 200) for w in EDITORS]])
def test_the_report_form_is_for_those_who_report_on_the_project(client, reported, who, status):
    url = reverse("daily:report-form", args=[reported.project.pk])
    assert login(client, getattr(reported, who)).get(url).status_code == status
    post = client.post(url, form_data())
    assert post.status_code == (302 if status == 200 else status)
    assert DailyReport.objects.filter(report_on=DAY).exists() is (status == 200)


@pytest.mark.parametrize("who, status", [*[(w, 404) for w in OUTSIDERS], *[(w, 403) for w in READERS],
                                         *[(w, 302) for w in EDITORS]])
def test_the_unchanged_button_is_for_those_who_report_on_the_project(client, reported, who, status):
    url = reverse("daily:report-unchanged", args=[reported.project.pk])
    assert login(client, getattr(reported, who)).post(url).status_code == status
    assert DailyReport.objects.filter(report_on=DAY).exists() is (status == 302)


@pytest.mark.parametrize("who, status", [*[(w, 404) for w in OUTSIDERS], *[(w, 200) for w in READERS + EDITORS]])
def test_reports_are_read_by_whoever_sees_the_project(client, reported, who, status):
    login(client, getattr(reported, who))
    report = DailyReport.objects.get()
    assert client.get(reverse("daily:report-detail", args=[report.pk])).status_code == status
    assert client.get(reverse("daily:project-reports", args=[reported.project.pk])).status_code == status


FOLLOWERS = {"hq": 200, "commander": 200, "liaison": 200, "other_liaison": 200, "unit_head": 200,
             "inspector": 403, "owner": 403, "lead_leader": 403, "nobody": 403, "auditor": 403}


@pytest.fixture
def with_head(daily):
    daily.unit_head = user_with_role(Role.UNIT_HEAD, daily.county, daily.unit, username="unit_head")
    return daily


@pytest.mark.parametrize("who, status", FOLLOWERS.items())
@pytest.mark.parametrize("name", ["daily:overview", "daily:compliance"])
def test_reporting_pages_are_for_the_hq_leaders_and_the_units(client, with_head, who, status, name):
    assert login(client, getattr(with_head, who)).get(reverse(name)).status_code == status


@pytest.mark.parametrize("who, status", {**FOLLOWERS, "other_liaison": 404, "inspector": 404, "owner": 404,
                                         "lead_leader": 404, "nobody": 404, "auditor": 404}.items())
def test_a_units_calendar_is_for_the_hq_leaders_and_the_unit_itself(client, with_head, who, status):
    url = reverse("daily:unit-calendar", args=[with_head.unit.pk])
    assert login(client, getattr(with_head, who)).get(url).status_code == status


@pytest.mark.parametrize("who, sees", [("hq", True), ("commander", True), ("liaison", True), ("inspector", True),
                                       ("other_liaison", False), ("nobody", False)])
def test_the_digest_shows_only_the_projects_the_reader_may_see(client, reported, who, sees):
    response = login(client, getattr(reported, who)).get(reverse("daily:digest"),
                                                         {"on": (DAY - datetime.timedelta(days=1)).isoformat()})
    assert response.status_code == 200
    assert (reported.project.name in response.content.decode()) is sees


@pytest.mark.parametrize("who, target", [("liaison", "/daily/mine/"), ("hq", "/daily/overview/"),
                                         ("commander", "/daily/overview/"), ("nobody", "/daily/digest/")])
def test_home_opens_each_roles_starting_page(client, daily, who, target):
    assert login(client, getattr(daily, who)).get(reverse("daily:home"))["Location"] == target


def test_home_opens_a_unit_heads_calendar(client, with_head):
    response = login(client, with_head.unit_head).get(reverse("daily:home"))
    assert response["Location"] == reverse("daily:unit-calendar", args=[with_head.unit.pk])


# ---------------------------------------------------------------- the liaison on his phone


def test_my_projects_lists_todays_state_of_each_project(client, reported, clock):
    second = ProjectFactory(county=reported.county, responsible_unit=reported.unit, name="第二个项目",
                            stage=Stage.STARTED)
    registered(second, datetime.date(2026, 3, 2))
    submit_daily_report(reported.liaison, second, image_progress="围挡施工", cumulative_investment=0,
                        stage=Stage.STARTED, now=at(DAY, 9))
    response = login(client, reported.liaison).get(reverse("daily:mine"))

    rows = {row["project"].name: row for row in response.context["rows"]}
    assert set(rows) == {reported.project.name, "第二个项目"}  # the other unit's project is not his
    assert rows["第二个项目"]["state"] == "已报" and rows[reported.project.name]["state"] == "未报"
    assert rows[reported.project.name]["can_repeat"] and not rows["第二个项目"]["can_repeat"]
    assert (response.context["count_expected"], response.context["count_done"]) == (2, 1)

    clock.move_to(at(DAY, 17, 30))
    login(client, reported.liaison)  # idle sessions end after 30 minutes
    rows = {row["project"].name: row for row in client.get(reverse("daily:mine")).context["rows"]}
    assert rows[reported.project.name]["state"] == "未报（已过截止时间）"


def test_my_projects_says_so_on_a_rest_day(client, reported, clock):
    clock.move_to(at(datetime.date(2026, 10, 1), 10))
    response = login(client, reported.liaison).get(reverse("daily:mine"))
    assert "今天是休息日" in response.content.decode()
    assert response.context["rows"][0]["state"] == "无需填报"


def test_the_form_opens_with_the_last_reports_values(client, reported):
    response = login(client, reported.liaison).get(reverse("daily:report-form", args=[reported.project.pk]))
    form = response.context["form"]
    assert form["image_progress"].value() == "主体结构施工至第3层"
    assert form["cumulative_investment"].value() == "1200"
    assert form["stage"].value() == Stage.STARTED and form["report_on"].value() == DAY
    html = response.content.decode()
    assert "无变化，直接提交" in html
    assert 'accept="image/*" capture="environment"' in html and "multiple" in html


def test_submitting_the_form_reports_and_returns_to_my_projects(client, reported):
    response = login(client, reported.liaison).post(
        reverse("daily:report-form", args=[reported.project.pk]), {**form_data(), "photos": [jpeg()]})

    assert response.status_code == 302 and response["Location"] == "/daily/mine/"
    report = DailyReport.objects.get(report_on=DAY)
    assert report.cumulative_investment == Decimal(1500) and report.photos.count() == 1
    page = client.get("/daily/mine/").content.decode()
    assert "已提交「轻盐集团年产100万吨纯碱项目」03月18日日报" in page


def test_the_unchanged_button_of_the_form_submits_the_previous_values(client, reported):
    url = reverse("daily:report-form", args=[reported.project.pk])
    response = login(client, reported.liaison).post(url, {**form_data(image_progress="", cumulative_investment=""),
                                                          "unchanged": "1"})
    assert response.status_code == 302
    report = DailyReport.objects.get(report_on=DAY)
    assert (report.image_progress, report.cumulative_investment) == ("主体结构施工至第3层", Decimal(1200))


def test_a_refused_photo_keeps_the_report_and_says_which_photo_failed(client, reported):
    url = reverse("daily:report-form", args=[reported.project.pk])
    response = login(client, reported.liaison).post(url, {**form_data(), "photos": [jpeg("ok.jpg"),
                                                                                   not_an_image("合同.jpg")]})

    assert response.status_code == 302 and response["Location"] == f"{url}?on={DAY.isoformat()}"
    report = DailyReport.objects.get(report_on=DAY)
    assert report.photos.count() == 1 and report.cumulative_investment == Decimal(1500)
    page = client.get(response["Location"]).content.decode()
    assert "照片「合同.jpg」" in page and "日报其余内容已保存" in page
    assert "该日日报已于" in page  # the form now shows the day's report, to add the photo again


def test_errors_are_shown_in_chinese_on_their_fields(client, reported):
    url = reverse("daily:report-form", args=[reported.project.pk])
    response = login(client, reported.liaison).post(url, form_data(cumulative_investment="900", stage="siting"))

    assert response.status_code == 200
    form = response.context["form"]
    assert "比上次填报的1,200万元少" in form.errors["investment_reason"][0]
    assert form.errors["stage_reason"] == ["项目阶段从「落地开工」退回「规划选址」，请填写原因"]
    assert response.context["show_reasons"]
    assert not DailyReport.objects.filter(report_on=DAY).exists()
    bad = client.post(url, form_data(cumulative_investment="一千二", image_progress=""))
    assert bad.context["form"].errors["cumulative_investment"] == ["请填写数字（万元），例如 12800 或 12800.5"]
    assert bad.context["form"].errors["image_progress"] == ["请填写形象进度"]


def test_a_future_day_is_refused_on_the_date_field(client, reported):
    url = reverse("daily:report-form", args=[reported.project.pk])
    response = login(client, reported.liaison).post(url, form_data(report_on="2026-03-19"))
    assert "今天以后" in response.context["form"].errors["report_on"][0]


def test_the_one_tap_unchanged_of_the_list(client, reported):
    response = login(client, reported.liaison).post(reverse("daily:report-unchanged", args=[reported.project.pk]))
    assert response["Location"] == "/daily/mine/"
    assert DailyReport.objects.get(report_on=DAY).cumulative_investment == Decimal(1200)


def test_the_one_tap_unchanged_without_anything_to_repeat_opens_the_form(client, world):
    response = login(client, world.liaison).post(reverse("daily:report-unchanged", args=[world.project.pk]))
    assert response["Location"] == reverse("daily:report-form", args=[world.project.pk])
    assert "没有可沿用" in client.get(response["Location"]).content.decode()


def test_a_report_page_shows_its_photos_and_problems(client, reported):
    submission = submit_daily_report(reported.liaison, reported.project, image_progress="封顶",
                                     cumulative_investment=Decimal(1300), stage=Stage.STARTED,
                                     problem_category="power", problem_description="施工用电增容未完成",
                                     photos=[jpeg()], now=at(DAY, 9))
    html = login(client, reported.inspector).get(
        reverse("daily:report-detail", args=[submission.report.pk])).content.decode()
    assert "施工用电增容未完成" in html and "用电" in html
    assert reverse("photos:photo-file", args=[submission.report.photos.get().pk, "thumb"]) in html


# ---------------------------------------------------------------- the HQ office


def test_the_overview_lists_missing_reports_by_unit_with_liaisons_and_chases(client, reported, clock):
    clock.move_to(at(DAY, 18))
    chase_reports(DAY)
    response = login(client, reported.hq).get(reverse("daily:overview"))

    total = response.context["total"]
    assert (total.expected, total.received, total.missing) == (2, 0, 2)
    groups = {g["unit"].name: g for g in response.context["groups"]}
    assert set(groups) == {reported.unit.name, reported.other_unit.name}
    person, chase = groups[reported.unit.name]["liaisons"][0]
    assert person == reported.liaison.person and chase.kind == Chase.Kind.MISSING
    html = response.content.decode()
    assert "已催报" in html and reported.project.name in html


def test_the_overview_of_a_unit_head_holds_his_unit_only(client, with_head):
    response = login(client, with_head.unit_head).get(reverse("daily:overview"))
    assert [g["unit"] for g in response.context["groups"]] == [with_head.unit]


def test_the_ranking_orders_units_by_on_time_rate_over_a_period(client, daily):
    for day in (datetime.date(2026, 3, 16), datetime.date(2026, 3, 17)):
        submit_daily_report(daily.liaison, daily.project, report_on=day, image_progress="施工中",
                            cumulative_investment=Decimal(1000), stage=Stage.STARTED, now=at(day, 9))
    submit_daily_report(daily.other_liaison, daily.other, report_on=datetime.date(2026, 3, 17),
                        image_progress="施工中", cumulative_investment=Decimal(1000), stage=Stage.STARTED,
                        now=at(datetime.date(2026, 3, 17), 19))
    response = login(client, daily.hq).get(reverse("daily:compliance"), {"start": "2026-03-16", "end": "2026-03-17"})

    ranking = response.context["ranking"]
    assert [(r["rank"], r["unit"], r["tally"].expected, r["tally"].received, r["tally"].on_time)
            for r in ranking] == [(1, daily.unit, 2, 2, 2), (2, daily.other_unit, 2, 1, 0)]
    total = response.context["total"]
    assert (total.expected, total.received, total.on_time, total.rate) == (4, 3, 2, Decimal("50.0"))
    assert response.context["working_days"] == 2


def test_the_ranking_refuses_a_reversed_period_in_chinese(client, daily):
    response = login(client, daily.hq).get(reverse("daily:compliance"), {"start": "2026-03-17", "end": "2026-03-01"})
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_the_calendar_colours_each_day_by_its_rate(client, daily):
    submit_daily_report(daily.liaison, daily.project, report_on=datetime.date(2026, 3, 16), image_progress="施工中",
                        cumulative_investment=Decimal(1000), stage=Stage.STARTED, now=at(datetime.date(2026, 3, 16), 9))
    submit_daily_report(daily.liaison, daily.project, report_on=datetime.date(2026, 3, 17), image_progress="施工中",
                        cumulative_investment=Decimal(1000), stage=Stage.STARTED, now=at(datetime.date(2026, 3, 17), 20))
    response = login(client, daily.hq).get(reverse("daily:unit-calendar", args=[daily.unit.pk]), {"month": "2026-03"})

    cells = {c["day"]: c["level"] for week in response.context["weeks"] for c in week if c}
    assert cells[datetime.date(2026, 3, 16)] == "full"
    assert cells[datetime.date(2026, 3, 17)] == "zero"  # late: received, not on time
    assert cells[datetime.date(2026, 3, 13)] == "zero"  # expected, not reported
    assert cells[datetime.date(2026, 3, 14)] == "rest"
    assert cells[datetime.date(2026, 3, 19)] == "future"
    row = response.context["projects"][0]
    assert row["tally"].received == 2 and datetime.date(2026, 3, 2) in row["missed"]


def test_the_digest_adds_up_the_days_changes(client, reported):
    submit_daily_report(reported.liaison, reported.project, image_progress="主体封顶",
                        cumulative_investment=Decimal(1500), stage=Stage.ASSESSMENT, problem_category="funds",
                        problem_description="资金到位不足", photos=[jpeg()], now=at(DAY, 9))
    response = login(client, reported.hq).get(reverse("daily:digest"))

    assert response.context["day"] == DAY
    assert [r.investment_added for r in response.context["invested"]] == [Decimal(300)]
    assert [c.to_stage for c in response.context["stage_changes"]] == [Stage.ASSESSMENT]
    assert [p.description for p in response.context["problems"]] == ["资金到位不足"]
    assert len(response.context["photos"]) == 1
    html = response.content.decode()
    assert "@media print" not in html and "data-print" in html
    assert re.search(r"新增投资</div><div class=\"figure\"[^>]*>300万元", html)


# ---------------------------------------------------------------- query bounds


@pytest.fixture
def busy(daily):
    """Twelve units of five projects each (sixty projects), two days of reports, problems and chases: the
    query counts below are those of any size."""
    for u in range(12):
        unit = UnitFactory(region=daily.county, name=f"单位{u}")
        user_with_role(Role.LIAISON, daily.county, unit, username=f"liaison{u}")
        for n in range(5):
            project = ProjectFactory(county=daily.county, responsible_unit=unit if u else daily.unit,
                                     name=f"项目{u}-{n}", stage=Stage.STARTED)
            registered(project, datetime.date(2026, 3, 2))
            for day in (datetime.date(2026, 3, 16), datetime.date(2026, 3, 17)):
                DailyReport.objects.create(project=project, report_on=day, image_progress="施工中",
                                           cumulative_investment=Decimal(n), stage=Stage.STARTED, is_late=n == 4)
            Problem.objects.create(project=project, source="daily", description="问题", raised_on=datetime.date(2026, 3, 17),
                                   due_on=DAY, level_due_on=DAY)
    chase_reports(datetime.date(2026, 3, 17), now=at(DAY, 9))
    return daily


@pytest.mark.parametrize("who, url, limit", [
    ("liaison", "/daily/mine/", 13),
    ("hq", "/daily/overview/", 19),
    ("hq", "/daily/overview/?on=2026-03-17", 19),
    ("hq", "/daily/compliance/?start=2026-03-01&end=2026-03-18", 13),
    ("hq", "/daily/digest/?on=2026-03-17", 16),
    ("liaison", "/daily/digest/?on=2026-03-17", 16),
])
def test_dashboard_pages_take_a_bounded_number_of_queries(client, busy, django_assert_max_num_queries, who, url,
                                                          limit):
    login(client, getattr(busy, who))
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_the_calendar_and_a_projects_reports_take_a_bounded_number_of_queries(client, busy,
                                                                              django_assert_max_num_queries):
    login(client, busy.hq)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("daily:unit-calendar", args=[busy.unit.pk])).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(reverse("daily:project-reports", args=[busy.project.pk])).status_code == 200
