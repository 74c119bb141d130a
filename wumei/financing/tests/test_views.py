"""Financing pages: an enterprise sees only its own requests; the HQ office all; monthly totals; the forms."""

from decimal import Decimal

import pytest
from django.urls import reverse

from wumei.financing.models import LoanRequest

LIST = reverse("financing:request-list")


def names(response) -> list[str]:
    return sorted(loan.enterprise.name for loan in response.context["page"].object_list)


def test_an_enterprise_lists_only_its_own_requests(login, loans, world, django_assert_max_num_queries):
    assert names(login("owner").get(LIST)) == ["湖南轻盐集团有限公司", "湖南轻盐集团有限公司"]
    client = login("hq")
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert len(names(response)) == 3
    assert names(login("liaison").get(LIST)) == []


@pytest.mark.parametrize(("who", "status"), [("owner", 404), ("owner2", 200), ("hq", 200), ("commander", 200),
                                             ("liaison", 404)])
def test_a_request_is_shown_to_its_enterprise_and_the_region(login, loans, world, who, status):
    assert login(who).get(reverse("financing:request-detail", args=[loans[2].pk])).status_code == status


@pytest.mark.parametrize(("who", "status"), [("hq", 200), ("commander", 200), ("owner", 403), ("liaison", 403)])
def test_monthly_totals_are_for_the_region(login, loans, who, status):
    response = login(who).get(reverse("financing:monthly"), {"year": 2026})
    assert response.status_code == status
    if status == 200:
        assert response.context["totals"].granted_amount == Decimal("2500")
        assert len(response.context["totals"].months) == 6  # up to this month


def test_an_enterprise_records_a_request_in_yi_and_the_hq_office_grants_it(login, world, today):
    client = login("owner")
    response = client.post(reverse("financing:request-create"), {
        "enterprise": world.enterprise.pk, "project": "", "bank": "中国银行衡东支行", "amount": "1.2亿",
        "purpose": "技改贷款", "requested_on": "2026-06-29"})
    loan = LoanRequest.objects.get()
    assert response.status_code == 302 and loan.amount == Decimal("12000")
    response = client.post(reverse("financing:request-create"), {
        "enterprise": world.enterprise.pk, "bank": "x", "amount": "很多", "purpose": "x", "requested_on": "2026-06-29"})
    assert response.context["form"].errors["amount"] == ["申请金额（万元）：无法识别的金额 \"很多\""]
    hq = login("hq")
    response = hq.post(reverse("financing:request-detail", args=[loan.pk]), {
        "on": "2026-06-30", "note": "当日放款", "status": "granted", "granted_amount": "10000"})
    assert response.status_code == 302
    loan.refresh_from_db()
    assert (loan.status, loan.granted_amount) == ("granted", Decimal("10000"))
