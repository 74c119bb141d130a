"""Loan requests: who may record and move them, the status history, and the monthly figures from the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from wumei.audit.models import AuditEvent
from wumei.core.errors import ValidationError
from wumei.financing import queries, services
from wumei.financing.models import LoanFollowUp, LoanRequest
from wumei.financing.permissions import requests_visible_to

D = datetime.date


def test_status_changes_leave_history_and_audit(world, loans):
    a = LoanRequest.objects.get(pk=loans[0].pk)
    assert (a.status, a.granted_amount, a.granted_on) == ("granted", Decimal("2500"), D(2026, 5, 28))
    assert list(a.follow_ups.values_list("from_status", "to_status")) == [("requested", "reviewing"),
                                                                          ("reviewing", "granted")]
    assert AuditEvent.objects.filter(action="loan_request.change_status", object_id=str(a.pk)).count() == 2
    assert a.county == world.county


def test_an_enterprise_sees_and_records_only_its_own_requests(world, loans):
    assert set(requests_visible_to(world.owner)) == {loans[0], loans[1]}
    assert set(requests_visible_to(world.owner2)) == {loans[2]}
    assert set(requests_visible_to(world.hq)) == set(loans)
    assert set(requests_visible_to(world.commander)) == set(loans)
    assert not requests_visible_to(world.liaison).exists()
    with pytest.raises(PermissionDenied):
        services.create_request(world.owner, world.enterprise2, bank="某银行", amount=Decimal(1), purpose="x")


def test_only_the_hq_office_moves_the_status_an_enterprise_may_add_a_note(world, loans):
    b = loans[1]
    with pytest.raises(PermissionDenied):
        services.follow_up(world.owner, b, note="银行要求补充报表", status="granted", granted_amount=Decimal(800))
    services.follow_up(world.owner, b, note="已按银行要求补充财务报表", on=D(2026, 6, 20))
    with pytest.raises(PermissionDenied):
        services.follow_up(world.owner2, b, note="x")
    assert LoanRequest.objects.get(pk=b.pk).status == "reviewing"


def test_granting_needs_an_amount_and_a_final_status_cannot_move(world, loans):
    b = loans[1]
    with pytest.raises(ValidationError) as exc:
        services.follow_up(world.hq, b, note="放款", status="granted")
    assert exc.value.message_dict == {"granted_amount": ["放款须填写放款金额（万元）"]}
    assert LoanFollowUp.objects.filter(request=b).count() == 1  # nothing written
    with pytest.raises(ValidationError) as exc:
        services.follow_up(world.hq, loans[2], note="重新审核", status="reviewing")
    assert exc.value.message_dict == {"status": ["“未获批”的需求不能改为该状态"]}


def test_bad_request_input_names_the_fields(world, today):
    with pytest.raises(ValidationError) as exc:
        services.create_request(world.owner, world.enterprise, bank=" ", amount=Decimal(0), purpose="",
                                project=world.other)
    assert set(exc.value.message_dict) == {"bank", "amount", "purpose", "project"}
    assert exc.value.message_dict["amount"] == ["申请金额须大于0（万元）"]


def test_monthly_totals_of_the_county(world, loans):
    totals = queries.monthly_totals(LoanRequest.objects.filter(county=world.county), 2026)
    months = {m.month: (m.served, m.granted_amount) for m in totals.months}
    # April: 轻盐 asked. May: 轻盐 followed up, 祥和 asked; 2500万 granted. June: 轻盐 asked, 祥和 followed up.
    assert months[4] == (1, Decimal(0))
    assert months[5] == (2, Decimal("2500"))
    assert months[6] == (2, Decimal(0))
    assert (totals.served, totals.granted, totals.granted_amount) == (2, 1, Decimal("2500"))
