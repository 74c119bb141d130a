"""Projects through the API: the same services as the pages, with their audit events, errors in Chinese."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from wumei.api.tests.support import errors_of
from wumei.audit.models import AuditEvent
from wumei.org.models import Chain, Unit
from wumei.projects import services
from wumei.projects.models import AnnualPlan, Project, StageChange
from wumei.testing import EnterpriseFactory, PersonFactory, ProjectFactory, RegionFactory, UnitFactory


@pytest.fixture
def places(world):
    """A town, a park and a chain of world.county, for a fully filled-in project."""
    return {
        "town": UnitFactory(name="洪市镇", kind=Unit.Kind.TOWN, region=world.county),
        "park": UnitFactory(name="盐卤化工产业园", kind=Unit.Kind.PARK, region=world.county),
        "chain": Chain.objects.create(region=world.county, name="盐化工产业链"),
        "butler": PersonFactory(name="王管家", region=world.county),
    }


def _full_body(world, places) -> dict:
    return {
        "code": "HD-2026-001",
        "name": "衡东县盐卤综合利用项目",
        "owner": world.enterprise.pk,
        "content": "年产30万吨精制盐",
        "category": "industrial",
        "level": "provincial",
        "chain": places["chain"].pk,
        "town": places["town"].pk,
        "park": places["park"].pk,
        "total_investment_wan": "750000.5",
        "funding_source": "mixed",
        "funding_priority": 1,
        "planned_start_on": "2026-03-01",
        "planned_completion_on": "2028-06-30",
        "responsible_unit": world.unit.pk,
        "lead_leader": world.lead_leader.person.pk,
        "butler": places["butler"].pk,
        "stage": "signing",
        "plan": {"year": 2026, "kind": "new_start", "planned_investment_wan": "120000"},
    }


# ---------------------------------------------------------------- create


def test_hq_registers_a_project_with_its_plan_and_both_are_audited(api, world, places):
    response = api.post("/projects", _full_body(world, places), as_=world.hq)

    assert response.status_code == 201, response.content.decode()
    body = response.json()
    project = Project.objects.get(pk=body["id"])
    assert body["total_investment_wan"] == "750000.5000"
    assert body["owner"] == {"id": world.enterprise.pk, "name": "湖南轻盐集团有限公司"}
    assert body["county"]["code"] == "430424"
    assert (body["stage"], body["stage_label"], body["level_label"]) == ("signing", "谈判签约", "省重点")
    assert body["can_edit"] is True and body["version"] == 1
    assert project.total_investment == Decimal("750000.5") and project.butler == places["butler"]
    assert project.town == places["town"] and project.chain == places["chain"]
    assert AnnualPlan.objects.get(project=project).planned_investment == Decimal("120000")
    assert StageChange.objects.get(project=project).to_stage == "signing"
    created = AuditEvent.objects.get(action="project.create", object_id=str(project.pk))
    assert created.actor == world.hq and created.region_code == "430424"
    assert AuditEvent.objects.filter(action="project.set_plan", object_id=str(project.pk)).exists()


def test_a_project_without_county_goes_to_the_hq_offices_county(api, world):
    response = api.post("/projects", {"name": "县城污水处理厂", "total_investment_wan": "8000"}, as_=world.hq)

    assert response.status_code == 201
    assert Project.objects.get(pk=response.json()["id"]).county == world.county


def test_hq_cannot_register_a_project_in_a_county_it_does_not_keep(api, world):
    elsewhere = RegionFactory(code="430426", name="邻县")

    response = api.post("/projects", {"name": "越界项目", "total_investment_wan": "1", "county": elsewhere.pk},
                        as_=world.hq)

    assert errors_of(response) == {"county": "所选区划不存在，或不在您管辖的范围内"}
    assert not Project.objects.filter(name="越界项目").exists()


def test_references_must_exist_be_of_the_right_kind_and_lie_in_the_county(api, world):
    elsewhere = RegionFactory(code="430426", name="邻县")
    body = {
        "name": "引用有误的项目", "total_investment_wan": "1",
        "owner": world.unit.pk,  # a responsible unit, not an enterprise
        "responsible_unit": 9_999_999,  # no such unit
        "lead_leader": PersonFactory(region=elsewhere).pk,  # someone of another county
        "park": EnterpriseFactory(region=world.county).pk,  # an enterprise, not a park
    }

    errors = errors_of(api.post("/projects", body, as_=world.hq))

    assert errors == {
        "owner": "所选企业不存在，或不属于示范县",
        "responsible_unit": "所选单位不存在，或不属于示范县",
        "lead_leader": "所选人员不存在，或不属于示范县",
        "park": "所选园区不存在，或不属于示范县",
    }
    assert not AuditEvent.objects.filter(action="project.create").exists()


@pytest.mark.parametrize("amount, message", [
    (750000.5, "金额须以字符串表示（单位万元），例如 \"750000.00\"，以免精度损失"),
    ("七十五万", "金额格式不正确，应为十进制数字字符串（万元）"),
    ("1.23456", "小数位数不能超过4位"),
    ("-1", "不能小于0"),
    ("NaN", "应为有限的数字"),
])
def test_money_is_a_decimal_string_of_wan(api, world, amount, message):
    response = api.post("/projects", {"name": "金额有误", "total_investment_wan": amount}, as_=world.hq)

    assert errors_of(response) == {"total_investment_wan": message}


def test_schema_errors_name_each_field_in_chinese(api, world):
    body = {"level": "national", "planned_start_on": "2026-13-01", "funding_priority": 5, "color": "red",
            "plan": {"year": "明年"}}

    errors = errors_of(api.post("/projects", body, as_=world.hq))

    assert errors == {
        "name": "必填",
        "total_investment_wan": "必填",
        "level": "无效的选项，可选值：provincial、municipal、county",
        "planned_start_on": "日期格式不正确，应为 YYYY-MM-DD",
        "funding_priority": "不能大于4",
        "color": "不允许的字段",
        "plan.year": "应为整数",
        "plan.planned_investment_wan": "必填",
    }


@pytest.mark.parametrize("raw, message", [
    ("{\"name\": ", "请求内容不是有效的 JSON"),
    ("[1, 2]", "应为 JSON 对象"),
    ("", "缺少请求内容（JSON 对象）"),
])
def test_a_body_that_is_not_a_json_object_is_422(api, world, raw, message):
    response = api.request("POST", "/projects", raw=raw, as_=world.hq)

    assert errors_of(response) == {None: message}


# ---------------------------------------------------------------- update


def test_patch_changes_only_the_fields_sent_and_is_audited(api, world):
    project = world.project

    response = api.patch(f"/projects/{project.pk}",
                         {"version": 1, "total_investment_wan": "12000.25", "content": "二期扩建"}, as_=world.liaison)

    assert response.status_code == 200, response.content.decode()
    assert response.json()["total_investment_wan"] == "12000.2500"
    assert response.json()["version"] == 2
    project.refresh_from_db()
    assert (project.content, project.total_investment, project.name) == (
        "二期扩建", Decimal("12000.25"), "轻盐集团年产100万吨纯碱项目")
    event = AuditEvent.objects.get(action="project.update")
    assert event.actor == world.liaison
    assert event.before == {"content": "", "total_investment": "10000.0000"}
    assert event.after == {"content": "二期扩建", "total_investment": "12000.2500"}


def test_patch_with_a_stale_version_is_a_409_and_changes_nothing(api, world):
    services.update_project(world.hq, world.project, {"content": "他人先改"})

    response = api.patch(f"/projects/{world.project.pk}", {"version": 1, "content": "我的修改"}, as_=world.liaison)

    assert response.status_code == 409
    assert response.json() == {"detail": "该项目已被他人修改，请刷新页面后重新填写"}
    world.project.refresh_from_db()
    assert world.project.content == "他人先改"


def test_patch_clears_optional_fields_but_not_required_ones(api, world):
    cleared = api.patch(f"/projects/{world.project.pk}", {"version": 1, "owner": None, "planned_start_on": None},
                        as_=world.hq)
    refused = api.patch(f"/projects/{world.project.pk}", {"version": 2, "name": None, "level": None},
                        as_=world.hq)

    assert cleared.status_code == 200
    assert (cleared.json()["owner"], cleared.json()["planned_start_on"]) == (None, None)
    assert errors_of(refused) == {"name": "不能为空", "level": "不能为空"}


def test_the_services_rules_come_back_as_field_errors(api, world):
    body = {"version": 1, "planned_start_on": "2026-05-01", "planned_completion_on": "2026-01-01"}

    errors = errors_of(api.patch(f"/projects/{world.project.pk}", body, as_=world.hq))

    assert errors == {"planned_completion_on": "计划竣工投产时间不能早于计划开工时间"}
    world.project.refresh_from_db()
    assert world.project.planned_start_on == datetime.date(2026, 3, 1)
    assert not AuditEvent.objects.filter(action="project.update").exists()


def test_a_duplicate_code_is_a_field_error(api, world):
    services.update_project(world.hq, world.other, {"code": "HD-001"})

    errors = errors_of(api.patch(f"/projects/{world.project.pk}", {"version": 1, "code": "HD-001"}, as_=world.hq))

    assert list(errors) == ["code"] and "已存在" in errors["code"]


def test_the_stage_cannot_be_patched(api, world):
    errors = errors_of(api.patch(f"/projects/{world.project.pk}", {"version": 1, "stage": "operating"},
                                 as_=world.hq))

    assert errors == {"stage": "不允许的字段"}


def test_a_liaison_cannot_move_a_project_to_another_county(api, world):
    elsewhere = RegionFactory(code="430426", name="邻县")

    response = api.patch(f"/projects/{world.project.pk}", {"version": 1, "county": elsewhere.pk},
                         as_=world.liaison)

    assert errors_of(response) == {"county": "所选区划不存在，或不在您管辖的范围内"}


# ---------------------------------------------------------------- stage


def test_stage_moves_forward_and_leaves_history(api, world):
    response = api.post(f"/projects/{world.project.pk}/stage", {"stage": "started"}, as_=world.liaison)

    assert response.status_code == 200
    assert (response.json()["stage"], response.json()["stage_label"]) == ("started", "落地开工")
    change = StageChange.objects.get(project=world.project)
    assert (change.from_stage, change.to_stage, change.actor) == ("planning", "started", world.liaison)
    event = AuditEvent.objects.get(action="project.change_stage")
    assert (event.before, event.after) == ({"stage": "planning"}, {"stage": "started"})


def test_moving_a_stage_back_needs_a_reason(api, world):
    services.change_stage(world.hq, world.project, "siting")
    url = f"/projects/{world.project.pk}/stage"

    refused = api.post(url, {"stage": "signing"}, as_=world.hq)
    allowed = api.post(url, {"stage": "signing", "reason": "选址未获批复，重新谈判"}, as_=world.hq)

    assert errors_of(refused) == {"stage": "项目阶段从「规划选址」退回「谈判签约」，必须填写原因"}
    assert allowed.status_code == 200 and allowed.json()["stage"] == "signing"
    assert AuditEvent.objects.filter(action="project.change_stage").first().note == "选址未获批复，重新谈判"


def test_an_unknown_stage_is_422(api, world):
    errors = errors_of(api.post(f"/projects/{world.project.pk}/stage", {"stage": "done"}, as_=world.hq))

    assert list(errors) == ["stage"] and errors["stage"].startswith("无效的选项，可选值：planning、")


# ---------------------------------------------------------------- reads


def test_project_history_schedule_plans_and_progress(api, world):
    project = world.project
    services.change_stage(world.hq, project, "pre_review")
    services.replace_milestones(world.hq, project, [
        {"name": "完成环评批复", "planned_on": datetime.date(2026, 4, 30)},
        {"name": "主体工程开工", "planned_on": datetime.date(2026, 6, 1), "actual_on": datetime.date(2026, 6, 3)},
    ])
    services.set_annual_plan(world.hq, project, year=2026, planned_investment=Decimal("3000.5"), kind="new_start")
    services.record_progress(world.hq, project, as_of=datetime.date(2026, 4, 30),
                             year_investment=Decimal("1200"), cumulative_investment=None, image_progress="场平完成")
    base = f"/projects/{project.pk}"

    changes = api.get(f"{base}/stage-changes", as_=world.inspector).json()
    milestones = api.get(f"{base}/milestones", as_=world.inspector).json()
    plans = api.get(f"{base}/plans", as_=world.inspector).json()
    progress = api.get(f"{base}/progress", as_=world.inspector).json()

    assert changes["count"] == 1
    assert changes["items"][0] | {"changed_at": None, "id": None} == {
        "id": None, "from_stage": "planning", "from_stage_label": "策划包装", "to_stage": "pre_review",
        "to_stage_label": "招商预审", "reason": "", "actor": world.hq.person.name, "changed_at": None}
    assert changes["items"][0]["changed_at"].endswith("+08:00")
    assert [(m["order"], m["name"], m["actual_on"]) for m in milestones["items"]] == [
        (1, "完成环评批复", None), (2, "主体工程开工", "2026-06-03")]
    assert [(p["year"], p["kind_label"], p["planned_investment_wan"]) for p in plans["items"]] == [
        (2026, "新开工", "3000.5000")]
    assert progress["items"][0]["year_investment_wan"] == "1200.0000"
    assert progress["items"][0]["cumulative_investment_wan"] is None
    assert progress["items"][0]["image_progress"] == "场平完成"


def test_unknown_or_impossible_ids_are_404_or_422_never_500(api, world):
    assert api.get("/projects/987654321", as_=world.hq).status_code == 404
    assert api.get("/projects/987654321/plans", as_=world.hq).status_code == 404
    assert errors_of(api.get("/projects/abc", as_=world.hq)) == {"project_id": "应为整数"}
    assert errors_of(api.get("/projects/0", as_=world.hq)) == {"project_id": "不能小于1"}
    assert list(errors_of(api.get("/projects/99999999999999999999", as_=world.hq))) == ["project_id"]


# ---------------------------------------------------------------- list


def _names(response) -> set[str]:
    assert response.status_code == 200, response.content.decode()
    return {p["name"] for p in response.json()["items"]}


@pytest.mark.parametrize("q", ["qyjt", "QYJT", "qingyan", "轻盐", "湖南轻盐集团"])
def test_search_finds_a_project_by_name_owner_pinyin_or_initials(api, world, q):
    assert _names(api.get(f"/projects?q={q}", as_=world.hq)) == {world.project.name}


def test_list_filters_by_level_stage_unit_place_and_chain(api, world, places):
    services.update_project(world.hq, world.project, {"level": "provincial", "town": places["town"],
                                                      "chain": places["chain"]})
    services.change_stage(world.hq, world.other, "started")
    hq = world.hq

    assert _names(api.get("/projects?level=provincial", as_=hq)) == {world.project.name}
    assert _names(api.get("/projects?stage=started", as_=hq)) == {world.other.name}
    assert _names(api.get(f"/projects?unit={world.other_unit.pk}", as_=hq)) == {world.other.name}
    assert _names(api.get(f"/projects?place={places['town'].pk}", as_=hq)) == {world.project.name}
    assert _names(api.get(f"/projects?chain={places['chain'].pk}", as_=hq)) == {world.project.name}
    assert _names(api.get("/projects?level=", as_=hq)) == {world.project.name, world.other.name}


def test_list_filters_overdue_projects(api, world):
    services.update_project(world.hq, world.other, {"planned_start_on": datetime.date(2026, 6, 1)})

    with time_machine.travel("2026-04-01 10:00 +0800", tick=False):
        response = api.get("/projects?overdue=true", as_=world.hq)

    assert _names(response) == {world.project.name}
    assert response.json()["items"][0]["is_overdue"] is True


def test_list_sorts_and_pages(api, world):
    ProjectFactory.create_batch(3, county=world.county, total_investment=Decimal("1"))
    services.update_project(world.hq, world.other, {"total_investment": Decimal("99999")})

    first = api.get("/projects?sort=-investment&page_size=2", as_=world.hq).json()
    last = api.get("/projects?sort=-investment&page_size=2&page=3", as_=world.hq).json()
    beyond = api.get("/projects?sort=-investment&page_size=2&page=4", as_=world.hq).json()

    assert first["count"] == 5 and len(first["items"]) == 2
    assert [p["name"] for p in first["items"]] == [world.other.name, world.project.name]
    assert len(last["items"]) == 1 and last["page"] == 3
    assert beyond["items"] == [] and beyond["count"] == 5


def test_list_rejects_bad_filters_in_chinese(api, world):
    errors = errors_of(api.get("/projects?page_size=500&level=national&overdue=maybe&sort=price", as_=world.hq))

    assert errors == {
        "page_size": "不能大于200",
        "level": "无效的选项，可选值：provincial、municipal、county",
        "overdue": "应为 true 或 false",
        "sort": errors["sort"],
    }
    assert errors["sort"].startswith("无效的选项，可选值：name、-name、")


def test_project_list_is_not_n_plus_one(api, world, places, django_assert_max_num_queries):
    for i in range(30):
        ProjectFactory(
            name=f"批量项目{i}", county=world.county, owner=world.enterprise, responsible_unit=world.unit,
            chain=places["chain"], town=places["town"], park=places["park"],
            lead_leader=world.lead_leader.person, butler=places["butler"], police=places["butler"],
            inspector=world.inspector.person,
        )
    api.key_for(world.hq)

    # token, last use, person, roles, page, count
    with django_assert_max_num_queries(6):
        response = api.get("/projects?page_size=200", as_=world.hq)

    assert response.json()["count"] == 32 and len(response.json()["items"]) == 32
    assert all(p["butler"]["name"] == "王管家" for p in response.json()["items"][2:])


def test_a_chain_leaders_list_holds_each_project_once(api, world, places):
    from wumei.testing import Role, user_with_role

    leader = user_with_role(Role.CHAIN_LEADER, world.county, username="chain_leader")
    places["chain"].deputies.add(leader.person, PersonFactory(region=world.county))
    places["chain"].leader = leader.person
    places["chain"].save()
    services.update_project(world.hq, world.project, {"chain": places["chain"]})

    response = api.get("/projects", as_=leader).json()

    assert [p["name"] for p in response["items"]] == [world.project.name] and response["count"] == 1
    assert response["items"][0]["can_edit"] is False


def test_can_edit_tells_each_caller_what_he_may_change(api, world):
    by_name = {p["name"]: p["can_edit"] for p in api.get("/projects", as_=world.liaison).json()["items"]}
    commander = {p["name"]: p["can_edit"] for p in api.get("/projects", as_=world.commander).json()["items"]}

    assert by_name == {world.project.name: True}
    assert commander == {world.project.name: False, world.other.name: False}


def test_created_at_is_in_local_time(api, world):
    with time_machine.travel("2026-05-06 09:30 +0800", tick=False):
        project = ProjectFactory(county=world.county)

    body = api.get(f"/projects/{project.pk}", as_=world.hq).json()

    assert body["created_at"] == "2026-05-06T09:30:00+08:00"



@pytest.mark.parametrize("method, path, body, field", [
    ("GET", "/projects?q=%00qyjt", None, "q"),
    ("GET", "/units?q=%00", None, "q"),
    ("GET", "/people?q=%00", None, "q"),
    ("POST", "/projects", {"name": "盐\u0000化", "total_investment_wan": "1"}, "name"),
    ("PATCH", "/projects/{project}", {"version": 1, "content": "\u0000"}, "content"),
    ("POST", "/projects/{project}/stage", {"stage": "signing", "reason": "\u0000"}, "reason"),
])
def test_nul_characters_are_refused_in_chinese_not_a_database_error(api, world, method, path, body, field):
    response = api.request(method, path.format(project=world.project.pk), body=body, as_=world.hq)

    assert errors_of(response) == {field: "不能包含空字符（\\x00）"}


def test_a_liaison_who_hands_a_project_to_another_unit_gets_the_result_then_loses_it(api, world):
    url = f"/projects/{world.project.pk}"

    response = api.patch(url, {"version": 1, "responsible_unit": world.other_unit.pk}, as_=world.liaison)

    assert response.status_code == 200
    assert response.json()["responsible_unit"]["name"] == "县交通运输局"
    assert response.json()["can_edit"] is False
    assert api.get(url, as_=world.liaison).status_code == 404
    assert api.get(url, as_=world.other_liaison).status_code == 200
