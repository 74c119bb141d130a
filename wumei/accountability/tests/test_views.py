"""问责's pages: only the inspector, the HQ office and the commander see them (anyone else a 404), the year and
kind filters with the counts table, the form, and bounded query counts."""

import datetime

import pytest
from django.urls import reverse

from wumei.accountability.models import Case
from wumei.accountability.services import record_case
from wumei.testing import RegionFactory, user_with_role

D = datetime.date
LIST = reverse("accountability:case-list")


@pytest.fixture
def cases(world, today, letter):
    people = [world.liaison.person, world.other_liaison.person]
    return [
        record_case(world.hq, world.county, kind=Case.Kind.INTERVIEW, occurred_on=D(2026, 5, 20), reason="整改不力",
                    subject_unit=world.unit, subject_people=people[:1], letters=[letter], projects=[world.project]),
        record_case(world.hq, world.county, kind=Case.Kind.BUSINESS, occurred_on=D(2026, 3, 2), reason="违规检查",
                    subject_people=people),
        record_case(world.hq, world.county, kind=Case.Kind.DISCIPLINE, occurred_on=D(2025, 11, 2), reason="接受宴请",
                    subject_people=people[1:]),
    ]


@pytest.mark.parametrize("who", ["hq", "commander", "inspector"])
def test_the_inspector_the_hq_office_and_the_commander_see_the_cases(login, world, cases, who):
    client = login(who)
    page = client.get(LIST)
    assert page.status_code == 200 and page.context["page"].paginator.count == 3
    detail = client.get(reverse("accountability:case-detail", args=[cases[0].pk]))
    text = detail.content.decode()
    assert "整改不力" in text and "示范重项督〔2026〕3号" in text and world.project.name in text


@pytest.mark.parametrize("who", ["liaison", "other_liaison", "owner", "lead_leader", "auditor", "nobody"])
def test_nobody_else_learns_the_cases_exist(login, cases, who):
    client = login(who)
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("accountability:case-detail", args=[cases[0].pk])).status_code == 404
    assert client.get(reverse("accountability:case-create")).status_code == 404
    assert client.get(reverse("accountability:case-edit", args=[cases[0].pk])).status_code == 404


def test_an_inspector_of_another_county_sees_none_of_them(client, cases):
    client.force_login(user_with_role("inspector", RegionFactory(code="430426", name="外县"), username="far"))
    assert client.get(LIST).context["page"].paginator.count == 0
    assert client.get(reverse("accountability:case-detail", args=[cases[0].pk])).status_code == 404


def test_the_commander_reads_but_does_not_record(login, cases):
    client = login("commander")
    assert client.get(reverse("accountability:case-create")).status_code == 404
    assert client.get(reverse("accountability:case-edit", args=[cases[0].pk])).status_code == 404
    assert not client.get(LIST).context["can_record"]


def test_the_list_filters_by_year_and_kind_and_counts_per_year(login, cases):
    client = login("inspector")
    page = client.get(LIST, {"year": 2026})
    assert {c.reason for c in page.context["page"]} == {"整改不力", "违规检查"}
    page = client.get(LIST, {"kind": "business"})
    assert [c.reason for c in page.context["page"]] == ["违规检查"]
    table = client.get(LIST).context["table"]
    # 2026: one interview, one business case, two people (liaison in both, other_liaison once); 2025: one discipline.
    assert [(r.year, r.counts, r.people) for r in table] == [
        (2026, {"interview": 1, "discipline": 0, "business": 1}, 2),
        (2025, {"interview": 0, "discipline": 1, "business": 0}, 1)]


def test_the_inspector_records_a_case_on_the_form(login, world, today, letter):
    client = login("inspector")
    response = client.post(reverse("accountability:case-create"), {
        "kind": "interview", "occurred_on": "2026-06-12", "subject_unit": world.unit.pk,
        "subject_people": [world.liaison.person.pk], "reason": "项目推进不力", "measures": "约谈主要负责人",
        "projects": [world.project.pk], "letters": [letter.pk], "status": "open"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("accountability:case-detail", args=[case.pk])
    assert list(case.letters.all()) == [letter]
    bad = client.post(reverse("accountability:case-edit", args=[case.pk]), {
        "kind": "interview", "occurred_on": "2026-06-12", "subject_unit": world.unit.pk, "reason": "项目推进不力",
        "status": "closed", "closed_on": "2026-06-01"})
    assert bad.status_code == 200 and "办结日期不能早于问责日期" in bad.content.decode()


def test_the_list_runs_a_bounded_number_of_queries(login, world, cases, django_assert_max_num_queries):
    for i in range(10):
        record_case(world.hq, world.county, kind=Case.Kind.BUSINESS, occurred_on=D(2026, 4, 1 + i), reason=f"问题{i}",
                    subject_people=[world.liaison.person])
    client = login("hq")
    with django_assert_max_num_queries(15):
        assert client.get(LIST).status_code == 200
