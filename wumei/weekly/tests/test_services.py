"""每周必访 use cases: each writes what it should, refuses what it must, and leaves its audit event."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from wumei.audit.models import AuditEvent
from wumei.core.errors import ValidationError
from wumei.problems.models import Problem
from wumei.weekly import services
from wumei.weekly.models import ChainItem, InvestmentLead, LeadTransition, SupplyLink, Visit, VisitDelegate
from wumei.weekly.tests.conftest import DAY
from wumei.weekly.tests.support import image_file, text_file


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def log(actor, project, **kw):
    values = {"visited_on": DAY, "findings": "主体厂房钢结构吊装中，要求倒排工期", "today": DAY, **kw}
    return services.log_visit(actor, project, **values)


# ---------------------------------------------------------------- visits


def test_lead_leader_logs_a_visit_with_companions_and_problems_raised_on_the_spot(weekly):
    companion = weekly.inspector.person

    result = log(weekly.lead_leader, weekly.project, companions=[companion], companions_note="县发改局局长",
                 problems=[{"description": "施工用电需增容", "category": "power"},
                           {"description": "  ", "category": "other"}])

    visit = result.visit
    assert (visit.leader, visit.project, visit.visited_on) == (weekly.lead_leader.person, weekly.project, DAY)
    assert list(visit.companions.all()) == [companion] and visit.companions_note == "县发改局局长"
    assert visit.recorded_by == weekly.lead_leader
    problem = visit.problems.get()
    assert (problem.source, problem.category, problem.description) == ("visit", "power", "施工用电需增容")
    assert (problem.project, problem.raised_on, problem.owner_unit) == (weekly.project, DAY, weekly.unit)
    [event] = events("visit.create")
    assert event.actor == weekly.lead_leader and event.object_id == str(visit.pk)
    assert event.after["problems"] == [problem.pk] and event.after["companions"] == [companion.pk]
    assert event.region_code == weekly.county.code
    assert len(events("problem.raise")) == 1


def test_a_secretary_logs_the_visit_in_his_leaders_name(weekly):
    visit = log(weekly.secretary, weekly.project).visit

    assert visit.leader == weekly.lead_leader.person and visit.recorded_by == weekly.secretary


def test_the_hq_office_logs_a_visit_for_any_lead_leader_of_its_county(weekly):
    visit = log(weekly.hq, weekly.other).visit

    assert visit.leader == weekly.other_leader.person and visit.recorded_by == weekly.hq


@pytest.mark.parametrize("who", ["other_leader", "commander", "liaison", "chain_leader", "nobody"])
def test_no_one_else_may_log_a_visit(weekly, who):
    with pytest.raises(PermissionDenied):
        log(getattr(weekly, who), weekly.project)
    assert not Visit.objects.exists() and not events("visit.create")


def test_a_secretary_may_not_log_for_a_leader_he_does_not_serve(weekly):
    with pytest.raises(PermissionDenied):
        log(weekly.secretary, weekly.other)


def test_a_project_without_lead_leader_cannot_be_visited(weekly):
    weekly.other.lead_leader = None
    weekly.other.save()

    with pytest.raises(ValidationError) as caught:
        log(weekly.hq, weekly.other)

    assert caught.value.message_dict == {"project": ["该项目尚未确定牵头领导，无法登记走访"]}


def test_the_same_visit_twice_on_one_day_is_refused_and_raises_no_second_problem(weekly):
    log(weekly.lead_leader, weekly.project)

    with pytest.raises(ValidationError) as caught:
        log(weekly.secretary, weekly.project, problems=[{"description": "重复", "category": "other"}])

    assert caught.value.message_dict["visited_on"] == ["2026-06-10牵头领导对该项目的走访已经登记，请勿重复登记"]
    assert Visit.objects.count() == 1 and not Problem.objects.exists()


@pytest.mark.parametrize("visited_on, message", [
    (DAY + datetime.timedelta(days=1), "走访日期不能晚于今天"),
    (DAY - datetime.timedelta(days=31), "只能补录30天内的走访（2026-05-11及以后）"),
])
def test_a_visit_in_the_future_or_too_long_ago_is_refused(weekly, visited_on, message):
    with pytest.raises(ValidationError) as caught:
        log(weekly.lead_leader, weekly.project, visited_on=visited_on)

    assert caught.value.message_dict["visited_on"] == [message]


def test_a_visit_needs_findings(weekly):
    with pytest.raises(ValidationError) as caught:
        log(weekly.lead_leader, weekly.project, findings="   ")

    assert caught.value.message_dict == {"findings": ["请填写走访情况"]}


def test_a_refused_photo_loses_nothing_else(weekly):
    result = log(weekly.lead_leader, weekly.project, photos=[image_file("好.jpg"), text_file("坏.jpg")],
                 problems=[{"description": "林地手续未办结", "category": "land"}])

    visit = Visit.objects.get()
    assert visit.photos.count() == 1 and visit.problems.count() == 1
    assert len(result.refused_photos) == 1 and "坏.jpg" in result.refused_photos[0]
    photo = visit.photos.get()
    assert photo.project == weekly.project and photo.caption == "2026-06-10走访"
    assert len(events("photo.upload")) == 1


def test_photos_can_be_added_to_a_logged_visit(weekly):
    visit = log(weekly.lead_leader, weekly.project).visit

    refused = services.add_visit_photos(weekly.secretary, visit, [image_file(), image_file("2.jpg", (0, 0, 0))])

    assert refused == [] and visit.photos.count() == 2


# ---------------------------------------------------------------- secretaries


def test_the_hq_office_grants_and_withdraws_a_secretary(weekly):
    secretary = weekly.inspector.person

    delegate = services.add_delegate(weekly.hq, weekly.other_leader.person, secretary)
    with pytest.raises(ValidationError):
        services.add_delegate(weekly.hq, weekly.other_leader.person, secretary)
    with pytest.raises(ValidationError):
        services.add_delegate(weekly.hq, secretary, secretary)
    services.remove_delegate(weekly.hq, delegate)

    assert not VisitDelegate.objects.filter(secretary=secretary).exists()
    assert events("visit_delegate.create")[0].after == {"leader": weekly.other_leader.person.pk,
                                                        "secretary": secretary.pk}
    assert events("visit_delegate.delete")[0].before["secretary"] == secretary.pk


# ---------------------------------------------------------------- chains


def test_a_chain_item_is_created_changed_and_deleted_with_its_events(weekly):
    item = services.save_chain_item(weekly.chain_leader, weekly.chain, {
        "kind": "investment", "title": " 引进电子级氢氟酸项目 ", "amount": Decimal("48000"), "status": "planned",
        "responsible": "县投资促进事务中心", "order": 1})
    services.save_chain_item(weekly.chain_leader, weekly.chain, {"status": "in_progress"}, item)
    services.delete_chain_item(weekly.hq, item)

    assert not ChainItem.objects.exists()
    created, updated = events("chain_item.create")[0], events("chain_item.update")[0]
    assert created.after["title"] == "引进电子级氢氟酸项目" and created.after["amount"] == "48000.0000"
    assert updated.before == {"status": "planned"} and updated.after == {"chain": weekly.chain.pk,
                                                                         "status": "in_progress"}
    assert events("chain_item.delete")[0].actor == weekly.hq


def test_a_chain_item_needs_a_title_and_a_known_kind(weekly):
    with pytest.raises(ValidationError) as caught:
        services.save_chain_item(weekly.hq, weekly.chain, {"kind": "nonsense", "title": " ", "status": "planned"})

    assert {"kind", "title"} <= set(caught.value.message_dict)


def test_a_supply_link_joins_two_enterprises_once(weekly):
    link = services.add_supply_link(weekly.chain_leader, weekly.chain, supplier=weekly.supplier,
                                    customer=weekly.enterprise, product="纯碱")

    with pytest.raises(ValidationError) as duplicate:
        services.add_supply_link(weekly.hq, weekly.chain, supplier=weekly.supplier, customer=weekly.enterprise,
                                 product="纯碱")
    with pytest.raises(ValidationError) as itself:
        services.add_supply_link(weekly.hq, weekly.chain, supplier=weekly.supplier, customer=weekly.supplier,
                                 product="纯碱")
    with pytest.raises(ValidationError) as not_enterprise:
        services.add_supply_link(weekly.hq, weekly.chain, supplier=weekly.unit, customer=weekly.supplier,
                                 product="服务")

    assert duplicate.value.message_dict == {"product": ["该上下游配套关系已存在"]}
    assert itself.value.message_dict == {"customer": ["上游企业和下游企业不能是同一家"]}
    assert not_enterprise.value.message_dict == {"supplier": ["只能选择企业"]}
    assert SupplyLink.objects.get() == link
    [event] = events("supply_link.create")
    assert event.after["product"] == "纯碱" and event.after["supplier_id"] == weekly.supplier.pk
    services.delete_supply_link(weekly.hq, link)
    assert not SupplyLink.objects.exists() and events("supply_link.delete")


# ---------------------------------------------------------------- investment leads


def lead_data(weekly, **kw):
    return {"county": weekly.county, "name": "精密铜管项目", "investor": "浙江精铜管业有限公司",
            "amount": Decimal("42000"), "chain": weekly.chain, "park": weekly.park, "stage": "signed",
            "contacted_on": datetime.date(2026, 3, 1), "signed_on": datetime.date(2026, 4, 1),
            "contract_start_on": datetime.date(2026, 8, 1), **kw}


def test_a_lead_is_registered_with_its_first_history_row_and_event(weekly):
    lead = services.create_lead(weekly.hq, lead_data(weekly), today=DAY)

    assert lead.amount == Decimal("42000.0000") and lead.stage == "signed"
    assert list(lead.transitions.values_list("from_stage", "to_stage")) == [("", "signed")]
    [event] = events("lead.create")
    assert event.after["name"] == "精密铜管项目" and event.after["chain_id"] == weekly.chain.pk


def test_a_lead_with_contradicting_dates_is_not_registered(weekly):
    with pytest.raises(ValidationError) as caught:
        services.create_lead(weekly.hq, lead_data(weekly, contract_start_on=None), today=DAY)

    assert "contract_start_on" in caught.value.message_dict and not events("lead.create")


def test_a_lead_in_another_county_park_is_refused(weekly):
    from wumei.org.models import Unit
    from wumei.testing import RegionFactory, UnitFactory

    elsewhere = UnitFactory(name="外县园区", kind=Unit.Kind.PARK, region=RegionFactory(code="430999"))

    with pytest.raises(ValidationError) as caught:
        services.create_lead(weekly.hq, lead_data(weekly, park=elsewhere), today=DAY)

    assert caught.value.message_dict["park"] == ["所选园区不属于示范县"]


def test_a_lead_moves_forward_freely_and_back_only_with_a_reason(weekly):
    lead = weekly.other_lead

    services.update_lead(weekly.other_chain_leader, lead, {"stage": "started", "started_on": DAY}, today=DAY)
    with pytest.raises(ValidationError) as caught:
        services.update_lead(weekly.hq, lead, {"stage": "signed", "started_on": None}, today=DAY)
    services.update_lead(weekly.hq, lead, {"stage": "signed", "started_on": None}, reason="开工信息录错", today=DAY)

    lead.refresh_from_db()
    assert lead.stage == "signed" and lead.started_on is None
    assert caught.value.message_dict == {"reason": ["退回之前的阶段、终止或恢复招商项目，须填写原因"]}
    history = list(LeadTransition.objects.filter(lead=lead).order_by("id").values_list("from_stage", "to_stage",
                                                                                      "reason"))
    assert history == [("signed", "started", ""), ("started", "signed", "开工信息录错")]
    first, second = events("lead.update")
    assert first.before == {"stage": "signed", "started_on": None}
    assert first.after == {"stage": "started", "started_on": "2026-06-10"}
    assert second.note == "开工信息录错"


def test_changing_nothing_writes_no_event(weekly):
    services.update_lead(weekly.hq, weekly.lead, {"name": weekly.lead.name}, today=DAY)

    assert not events("lead.update") and InvestmentLead.objects.count() == 2
