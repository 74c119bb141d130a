"""要素保障 pages: scope (an enterprise sees only its own projects' requests), filters and counts, the form, the
HQ office's actions, the land cleanup table."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from wumei.factors.models import FactorRequest, LandCleanup
from wumei.org.models import Unit
from wumei.testing import UnitFactory


def make(project, kind="water", status="requested", need_by=datetime.date(2030, 1, 1), **kw):
    return FactorRequest.objects.create(project=project, kind=kind, quantity=Decimal("300"), status=status,
                                        need_by=need_by, requested_on=datetime.date(2026, 1, 5), **kw)


@pytest.mark.django_db
def test_the_list_is_scoped_filtered_and_counted_in_bounded_queries(client, world, django_assert_max_num_queries):
    own = make(world.project, kind="land", land_source="linkage")
    make(world.project, kind="power", need_by=datetime.date(2026, 1, 10))  # overdue
    other = make(world.other, kind="funds", fund_channel="special_bond")
    client.force_login(world.owner)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("factors:request-list")).content.decode()
    assert world.project.name in page and world.other.name not in page
    assert client.get(reverse("factors:request-detail", args=[other.pk])).status_code == 404
    client.force_login(world.hq)
    for n in range(20):
        make(world.other, need_by=datetime.date(2030, 2, 1) + datetime.timedelta(days=n))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("factors:request-list"), {"kind": "land"})
    assert list(response.context["page"].object_list) == [own]
    assert response.context["counts"]["total"] == 23 and response.context["counts"]["overdue"] == 1
    assert len(client.get(reverse("factors:request-list"), {"overdue": "on"}).context["page"].object_list) == 1
    client.force_login(world.nobody)
    assert client.get(reverse("factors:request-detail", args=[own.pk])).status_code == 404


@pytest.mark.django_db
def test_an_enterprise_files_a_request_and_bad_input_names_the_field(client, world):
    client.force_login(world.owner)
    url = reverse("factors:request-create")
    response = client.post(url, {"project": world.project.pk, "kind": "land", "quantity": "-2", "need_by": "2027-01-01"})
    assert response.status_code == 200
    assert "申请数量必须大于0" in response.content.decode() and "用地需求请选择用地指标来源" in response.content.decode()
    response = client.post(url, {"project": world.other.pk, "kind": "water", "quantity": "10", "need_by": "2027-01-01"})
    assert "选择一个有效的选项" in response.content.decode() or response.status_code == 200
    response = client.post(url, {"project": world.project.pk, "kind": "land", "quantity": "25.5",
                                 "land_source": "linkage", "need_by": "2027-01-01", "purpose": "二期厂房用地"})
    created = FactorRequest.objects.get()
    assert response.status_code == 302 and created.quantity == Decimal("25.5") and created.requested_by == world.owner


@pytest.mark.django_db
def test_the_hq_office_acts_on_a_request_others_cannot(client, world):
    factor = make(world.project)
    url = reverse("factors:request-act", args=[factor.pk, "decide"])
    client.force_login(world.liaison)
    assert "decide-decision" not in client.get(reverse("factors:request-detail", args=[factor.pk])).content.decode()
    assert client.post(url, {}).status_code == 403
    client.force_login(world.hq)
    assert client.post(url, {"decide-deciding_unit": world.unit.pk, "decide-decision": "",
                             "decide-decided_on": "2026-01-06"}).status_code == 400
    response = client.post(url, {"decide-deciding_unit": world.unit.pk, "decide-decision": "县水利局负责接入",
                                 "decide-decided_on": "2026-01-06"})
    assert response.status_code == 302
    factor.refresh_from_db()
    assert factor.status == "decided" and factor.deciding_unit == world.unit
    client.post(reverse("factors:request-act", args=[factor.pk, "deliver"]), {"deliver-delivered_on": "2026-01-20"})
    factor.refresh_from_db()
    assert factor.status == "delivered" and factor.delivered_on == datetime.date(2026, 1, 20)
    page = client.get(reverse("factors:request-detail", args=[factor.pk])).content.decode()
    assert "已保障到位" in page and "县水利局负责接入" in page


@pytest.mark.django_db
def test_land_cleanup_table_with_totals_entered_by_the_hq_office(client, world, django_assert_max_num_queries):
    park = UnitFactory(name="示范经济开发区", kind=Unit.Kind.PARK, region=world.county)
    url = reverse("factors:land-cleanup")
    client.force_login(world.liaison)
    assert client.get(url).status_code == 404
    client.force_login(world.hq)
    response = client.post(url, {"park": park.pk, "month": "2026-03", "idle": "-1"})
    assert response.status_code == 400 and "闲置土地（亩）不能为负数" in response.content.decode()
    client.post(url, {"park": park.pk, "month": "2026-03", "idle": "200", "idle_disposed": "50.4",
                      "unsupplied_disposed": "10"})
    client.post(url, {"park": park.pk, "month": "2026-04", "idle": "150", "inefficient_disposed": "20"})
    assert LandCleanup.objects.count() == 2
    with django_assert_max_num_queries(14):
        response = client.get(url, {"year": 2026})
    totals = response.context["totals"]
    assert totals["idle"] == Decimal("150") and totals["disposed"] == Decimal("80.4")
    client.force_login(world.commander)
    page = client.get(url, {"year": 2026}).content.decode()
    assert "80.4" in page and "录入或更正" not in page
