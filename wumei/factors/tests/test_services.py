"""Factor requests: who files and moves them, the transition table enforced, history and audit, land cleanup
figures, the on-time indicator for the quarterly assessment."""

import datetime
from decimal import Decimal

import pytest

from wumei.audit.models import AuditEvent
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.factors import indicators, services
from wumei.factors.models import FactorRequest, LandCleanup
from wumei.factors.permissions import requests_visible_to
from wumei.org.models import Unit
from wumei.testing import ProjectFactory, UnitFactory

TODAY = datetime.date(2026, 11, 27)


def water(actor, project, **kw):
    values = {"kind": "water", "quantity": Decimal("500"), "need_by": datetime.date(2026, 12, 31), "today": TODAY}
    values.update(kw)
    return services.create_request(actor, project, **values)


@pytest.mark.django_db
def test_liaison_and_enterprise_file_requests_for_their_projects_only(world):
    request = water(world.liaison, world.project, purpose="新建厂区供水管网")
    assert request.status == FactorRequest.Status.REQUESTED and request.requested_on == TODAY
    assert request.transitions.get().to_status == "requested"
    assert AuditEvent.objects.filter(action="factor_request.create", object_id=str(request.pk)).exists()
    water(world.owner, world.project)
    with pytest.raises(PermissionDenied):
        water(world.owner, world.other)
    with pytest.raises(PermissionDenied):
        water(world.other_liaison, world.project)
    with pytest.raises(ValidationError) as exc:
        services.create_request(world.hq, world.project, kind="land", quantity=Decimal("0"),
                                need_by=TODAY, today=TODAY)
    assert set(exc.value.message_dict) == {"quantity", "land_source"}


@pytest.mark.django_db
def test_an_enterprise_sees_only_its_own_projects_requests(world):
    own = water(world.hq, world.project)
    other = water(world.hq, world.other)
    assert set(requests_visible_to(world.owner)) == {own}
    assert set(requests_visible_to(world.liaison)) == {own}
    assert set(requests_visible_to(world.other_liaison)) == {other}
    assert set(requests_visible_to(world.hq)) == {own, other}
    assert set(requests_visible_to(world.commander)) == {own, other}
    assert not requests_visible_to(world.nobody).exists()


@pytest.mark.django_db
def test_the_hq_office_moves_a_request_to_delivery_and_each_step_is_history(world):
    request = water(world.liaison, world.project)
    with pytest.raises(PermissionDenied):
        services.consult_request(world.liaison, request, today=TODAY)
    with pytest.raises(ConflictError):
        services.deliver_request(world.hq, request, delivered_on=TODAY, today=TODAY)
    services.consult_request(world.hq, request, today=TODAY)
    with pytest.raises(ValidationError) as exc:
        services.decide_request(world.hq, request, deciding_unit=None, decision="", today=TODAY)
    assert set(exc.value.message_dict) == {"decision", "deciding_unit"}
    services.decide_request(world.hq, request, deciding_unit=world.other_unit, decision="由县水利局协调接入",
                            today=TODAY)
    done = services.deliver_request(world.hq, request, delivered_on=TODAY, today=TODAY)
    assert done.status == "delivered" and done.delivered_quantity == Decimal("500") and done.deciding_unit == world.other_unit
    assert list(done.transitions.values_list("to_status", flat=True)) == ["requested", "consulting", "decided",
                                                                          "delivered"]
    actions = set(AuditEvent.objects.filter(object_id=str(request.pk), action__startswith="factor_request.")
                  .values_list("action", flat=True))
    assert actions == {"factor_request.create", "factor_request.consult", "factor_request.decide",
                       "factor_request.deliver"}
    with pytest.raises(ConflictError):
        services.decline_request(world.hq, done, reason="晚了", today=TODAY)
    with pytest.raises(ValidationError):
        services.decline_request(world.hq, water(world.hq, world.project), reason=" ", today=TODAY)


@pytest.mark.django_db
def test_land_cleanup_is_kept_per_park_and_month_by_the_hq_office(world):
    park = UnitFactory(name="示范经济开发区", kind=Unit.Kind.PARK, region=world.county)
    figures = {"idle": Decimal("120.5"), "idle_disposed": Decimal("30")}
    row = services.record_land_cleanup(world.hq, world.county, park, datetime.date(2026, 10, 15), figures=figures)
    assert row.month == datetime.date(2026, 10, 1) and row.unsupplied == 0
    again = services.record_land_cleanup(world.hq, world.county, park, datetime.date(2026, 10, 1),
                                         figures={"idle": Decimal("100"), "idle_disposed": Decimal("50.5")})
    assert again.pk == row.pk and LandCleanup.objects.count() == 1 and again.disposed == Decimal("50.5")
    with pytest.raises(PermissionDenied):
        services.record_land_cleanup(world.liaison, world.county, park, TODAY, figures={})
    with pytest.raises(ValidationError) as exc:
        services.record_land_cleanup(world.hq, world.county, world.unit, TODAY, figures={"idle": Decimal("-1")})
    assert exc.value.message_dict == {"park": ["请选择本县（区）的园区"], "idle": ["闲置土地（亩）不能为负数"]}


@pytest.mark.django_db
def test_delivered_on_time_shares_by_project_responsible_and_deciding_unit(world):
    approval = UnitFactory(name="县自然资源局", kind=Unit.Kind.APPROVAL, region=world.county)
    third = ProjectFactory(county=world.county, responsible_unit=world.unit)
    q_start, q_end = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)

    def make(project, need_by, delivered_on=None, unit=approval, status="delivered"):
        return FactorRequest.objects.create(
            project=project, kind="water", quantity=1, need_by=need_by, requested_on=datetime.date(2026, 6, 1),
            status=status if delivered_on or status != "delivered" else "decided", delivered_on=delivered_on,
            deciding_unit=unit)

    make(world.project, datetime.date(2026, 7, 10), datetime.date(2026, 7, 10))  # on time (the day itself)
    make(world.project, datetime.date(2026, 8, 10), datetime.date(2026, 8, 12))  # late
    make(world.project, datetime.date(2026, 9, 30), None, unit=None)  # not delivered, no deciding unit yet
    make(third, datetime.date(2026, 9, 1), datetime.date(2026, 8, 1), unit=world.other_unit)  # early
    make(world.other, datetime.date(2026, 7, 2), None, status="declined")  # declined: not counted
    make(world.other, datetime.date(2026, 10, 1), datetime.date(2026, 9, 1))  # need-by outside the quarter
    # project: 1 of 3 → 33.33; third: 1 of 1 → 100; world.other has no counted request: absent.
    assert indicators.delivered_on_time("project", world.county, q_start, q_end) == {
        world.project.pk: Decimal("33.33"), third.pk: Decimal("100.00")}
    # responsible unit (both projects are world.unit's): 2 of 4 → 50.
    assert indicators.delivered_on_time("responsible", world.county, q_start, q_end) == {world.unit.pk: Decimal("50.00")}
    # deciding unit: approval 1 of 2 → 50; other_unit 1 of 1 → 100; the undecided one has no subject.
    assert indicators.delivered_on_time("approval", world.county, q_start, q_end) == {
        approval.pk: Decimal("50.00"), world.other_unit.pk: Decimal("100.00")}
    with pytest.raises(ValueError):
        indicators.delivered_on_time("town", world.county, q_start, q_end)
