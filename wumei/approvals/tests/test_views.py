"""Approval pages: the summary for the HQ office and commanders, a project's items for its readers, the form."""

import pytest
from django.urls import reverse

from wumei.approvals.models import ApprovalItem

SUMMARY = reverse("approvals:summary")


@pytest.mark.parametrize(("who", "status"), [("hq", 200), ("commander", 200), ("liaison", 403), ("owner", 403),
                                             ("nobody", 403)])
def test_the_summary_is_for_the_hq_office_and_commanders(login, items, who, status):
    assert login(who).get(SUMMARY).status_code == status


def test_the_summary_shows_the_totals(login, items, django_assert_max_num_queries):
    client = login("hq")
    with django_assert_max_num_queries(16):
        response = client.get(SUMMARY, {"year": 2026})
    total = response.context["total"]
    assert (total.steps, total.materials, total.days) == (9, 4, 30)
    assert len(response.context["lines"]) == 2


@pytest.mark.parametrize(("who", "status"), [
    ("hq", 200), ("liaison", 200), ("owner", 200), ("inspector", 200),
    ("nr_liaison", 200),  # his department handles an item of the project
    ("other_liaison", 404), ("nobody", 404),
])
def test_a_projects_items_are_shown_to_its_readers(login, items, depts, who, status):
    assert login(who).get(reverse("approvals:project-items", args=[depts.project.pk])).status_code == status


def test_the_item_list_has_bounded_queries(login, items, depts, django_assert_max_num_queries):
    client = login("hq")
    with django_assert_max_num_queries(16):
        response = client.get(reverse("approvals:project-items", args=[depts.project.pk]))
    assert [i.title for i in response.context["items"]] == ["用地预审与选址", "施工许可"]


def test_the_form_records_an_item_and_names_bad_fields(login, depts):
    client = login("hq")
    url = reverse("approvals:item-create", args=[depts.project.pk])
    data = {"kind": "environment", "name": "", "department": depts.nr.pk, "mode": "parallel",
            "statutory_days": "30", "statutory_steps": "5", "actual_steps": "2", "statutory_materials": "9",
            "actual_materials": "6", "applied_on": "2026-06-01", "approved_on": "2026-05-01", "note": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["approved_on"] == ["办结日期不能早于受理日期"]
    response = client.post(url, {**data, "approved_on": "2026-06-10"})
    assert response.status_code == 302
    assert ApprovalItem.objects.get().actual_days == 7
    assert login("owner").get(url).status_code == 404  # not a project he may add items to
