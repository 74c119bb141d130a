"""Reception pages: who sees what, the forms (a visit with its problems in one post), bounded queries."""

import datetime

import pytest
from django.urls import reverse

from wumei.problems.models import Problem
from wumei.reception.models import ReceptionDay, ReceptionVisit
from wumei.reception.services import record_visit

LIST = reverse("reception:day-list")


def test_anonymous_is_sent_to_login(client, june_day):
    for url in (LIST, reverse("reception:day-detail", args=[june_day.pk]), reverse("reception:day-form")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize(("who", "status"), [
    ("hq", 200), ("commander", 200), ("lead_leader", 200),  # the lead leader receives on that day
    ("liaison", 404), ("owner", 404), ("nobody", 404),
])
def test_a_day_is_shown_to_the_region_leaders_and_its_receivers(login, june_day, who, status):
    assert login(who).get(reverse("reception:day-detail", args=[june_day.pk])).status_code == status


@pytest.mark.parametrize(("who", "status"), [("hq", 200), ("commander", 403), ("liaison", 403), ("owner", 403)])
def test_only_the_hq_office_opens_the_forms(login, june_day, who, status):
    client = login(who)
    assert client.get(reverse("reception:day-form")).status_code == status
    assert client.get(reverse("reception:visit-create", args=[june_day.pk])).status_code in (status, 404)


def test_the_year_shows_every_month_and_flags_the_ones_to_set(login, world, june_day, django_assert_max_num_queries):
    record_visit(world.hq, june_day, visitor_name="李总", enterprise=world.enterprise, request="融资")
    client = login("hq")
    with django_assert_max_num_queries(14):
        response = client.get(LIST, {"year": 2026})
    lines = response.context["lines"]
    assert len(lines) == 12
    assert lines[5].day == june_day and lines[5].day.visit_count == 1
    assert [line.month.month for line in lines if line.needs_setting] == [2, 3, 8, 11]
    assert "8日非工作日，待指挥部办公室确定" in response.content.decode()


def test_the_hq_office_sets_a_day_for_a_month_whose_eighth_is_a_sunday(login, world, today):
    client = login("hq")
    url = reverse("reception:day-form") + "?month=2026-11"
    assert client.get(url).context["form"].initial["held_on"] == datetime.date(2026, 11, 9)
    response = client.post(url, {"held_on": "2026-12-01", "leaders": [world.commander.person.pk]})
    assert response.status_code == 200 and response.context["form"].errors["held_on"] == ["接待日期须在2026年11月内"]
    response = client.post(url, {"held_on": "2026-11-09", "leaders": [world.commander.person.pk], "venue": "县政务中心"})
    day = ReceptionDay.objects.get()
    assert response.status_code == 302 and day.held_on == datetime.date(2026, 11, 9)


def visit_post(world, **extra):
    data = {"visitor_name": "李总", "visitor_title": "董事长", "enterprise": world.enterprise.pk,
            "project": world.project.pk, "request": "反映用电和融资困难", "answer": "", "answered_on": "",
            "problem-TOTAL_FORMS": "3", "problem-INITIAL_FORMS": "0", "problem-MIN_NUM_FORMS": "0",
            "problem-MAX_NUM_FORMS": "3"}
    for i in range(3):
        data.update({f"problem-{i}-description": "", f"problem-{i}-category": "other",
                     f"problem-{i}-owner_unit": "", f"problem-{i}-deadline_days": "10"})
    data.update(extra)
    return data


def test_a_visit_and_its_problems_are_posted_together(login, world, june_day):
    client = login("hq")
    url = reverse("reception:visit-create", args=[june_day.pk])
    response = client.post(url, visit_post(world, **{"problem-0-description": "专线增容未批复",
                                                      "problem-0-category": "power",
                                                      "problem-1-description": "流动资金缺口"}))
    assert response.status_code == 302
    visit = ReceptionVisit.objects.get()
    assert sorted(visit.problems.values_list("description", flat=True)) == ["专线增容未批复", "流动资金缺口"]
    page = client.get(reverse("reception:day-detail", args=[june_day.pk])).content.decode()
    assert "专线增容未批复" in page and "待答复" in page


def test_a_visit_with_problems_but_no_project_is_refused_with_the_field_named(login, world, june_day):
    client = login("hq")
    response = client.post(reverse("reception:visit-create", args=[june_day.pk]),
                           visit_post(world, project="", **{"problem-0-description": "征地补偿"}))
    assert response.status_code == 200
    assert response.context["form"].errors["project"] == ["转入问题清单须选择所涉项目"]
    assert not ReceptionVisit.objects.exists() and not Problem.objects.exists()
