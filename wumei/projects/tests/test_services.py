"""The registry's use cases: each writes what it should, refuses what it must, and leaves its audit event."""

import datetime
from decimal import Decimal

import pytest

from wumei.audit.models import AuditEvent
from wumei.core.errors import ConflictError, ValidationError
from wumei.projects import services
from wumei.projects.models import AnnualPlan, PlanKind, Progress, Project, Stage, StageChange

TODAY = datetime.date(2026, 6, 15)


def events(action: str, project: Project) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(project.pk)).order_by("id"))


# create_project ------------------------------------------------------------------------------------------------

def test_create_registers_the_project_with_its_first_stage_plan_and_search_key(world):
    data = {"name": "轻盐年产50万吨精制盐项目", "county": world.county, "owner": world.enterprise,
            "total_investment": Decimal("52000"), "responsible_unit": world.unit, "stage": "ignored"}
    project = services.create_project(world.hq, data, stage=Stage.SIGNING, today=TODAY,
                                      plan={"year": 2026, "planned_investment": Decimal(9000),
                                            "kind": PlanKind.NEW_START})
    project.refresh_from_db()
    assert (project.stage, project.version, project.county) == (Stage.SIGNING, 1, world.county)
    assert "qync50wdjzyxm" in project.search_key and "hnqyjtyxgs" in project.search_key
    first = StageChange.objects.get(project=project)
    assert (first.from_stage, first.to_stage, first.reason, first.actor) == ("", Stage.SIGNING, "登记入库", world.hq)
    assert AnnualPlan.objects.get(project=project).planned_investment == Decimal(9000)
    [created] = events("project.create", project)
    assert created.actor == world.hq
    assert created.region_code == world.county.code
    assert created.after["name"] == "轻盐年产50万吨精制盐项目"
    assert created.after["total_investment"] == "52000"
    [plan_event] = events("project.set_plan", project)
    assert plan_event.after == {"year": 2026, "kind": PlanKind.NEW_START, "planned_investment": "9000.0000"}


def test_create_refuses_contradicting_dates_and_writes_nothing(world):
    data = {"name": "新项目", "county": world.county, "total_investment": Decimal(100),
            "planned_start_on": datetime.date(2026, 5, 1), "planned_completion_on": datetime.date(2026, 1, 1)}
    with pytest.raises(ValidationError) as caught:
        services.create_project(world.hq, data, today=TODAY)
    assert caught.value.message_dict == {"planned_completion_on": ["计划竣工投产时间不能早于计划开工时间"]}
    assert not Project.objects.filter(name="新项目").exists()
    assert not AuditEvent.objects.filter(action="project.create").exists()


def test_create_refuses_a_missing_name_with_the_models_message(world):
    with pytest.raises(ValidationError) as caught:
        services.create_project(world.hq, {"name": "", "county": world.county, "total_investment": Decimal(1)},
                                today=TODAY)
    assert "name" in caught.value.message_dict


# update_project ------------------------------------------------------------------------------------------------

def test_update_changes_fields_bumps_the_version_and_records_only_the_difference(world):
    project = Project.objects.get(pk=world.project.pk)
    services.update_project(world.liaison, project, {"total_investment": Decimal("15000"), "content": "两条产线",
                                                     "version": 99, "stage": Stage.OPERATING}, today=TODAY)
    project.refresh_from_db()
    assert (project.total_investment, project.content) == (Decimal(15000), "两条产线")
    assert project.version == 2
    assert project.stage == Stage.PLANNING
    [event] = events("project.update", project)
    assert event.actor == world.liaison
    assert event.before == {"total_investment": "10000.0000", "content": ""}
    assert event.after == {"total_investment": "15000.0000", "content": "两条产线"}


def test_update_refreshes_the_search_key_when_the_name_changes(world):
    project = Project.objects.get(pk=world.project.pk)
    services.update_project(world.hq, project, {"name": "新材料产业园项目"}, today=TODAY)
    assert "xclcyyxm" in Project.objects.get(pk=project.pk).search_key


def test_update_without_changes_records_nothing(world):
    project = Project.objects.get(pk=world.project.pk)
    services.update_project(world.hq, project, {"name": project.name}, today=TODAY)
    assert events("project.update", project) == []


def test_update_with_a_stale_version_loses_with_a_conflict(world):
    first = Project.objects.get(pk=world.project.pk)
    second = Project.objects.get(pk=world.project.pk)
    services.update_project(world.hq, first, {"content": "甲先保存"}, expected_version=1, today=TODAY)
    with pytest.raises(ConflictError) as caught:
        services.update_project(world.liaison, second, {"content": "乙后保存"}, expected_version=1, today=TODAY)
    assert caught.value.message == "该项目已被他人修改，请刷新页面后重新填写"
    stored = Project.objects.get(pk=world.project.pk)
    assert (stored.content, stored.version) == ("甲先保存", 2)
    assert len(events("project.update", stored)) == 1


def test_update_refuses_an_actual_start_in_the_future(world):
    project = Project.objects.get(pk=world.project.pk)
    with pytest.raises(ValidationError) as caught:
        services.update_project(world.liaison, project, {"actual_start_on": TODAY + datetime.timedelta(days=1)},
                                today=TODAY)
    assert caught.value.message_dict == {"actual_start_on": ["实际开工时间不能晚于今天"]}
    assert Project.objects.get(pk=project.pk).actual_start_on is None


# change_stage --------------------------------------------------------------------------------------------------

def test_stage_moves_forward_and_records_from_to_who_and_the_audit_event(world):
    project = Project.objects.get(pk=world.project.pk)
    change = services.change_stage(world.liaison, project, Stage.STARTED)
    assert (change.from_stage, change.to_stage, change.actor, change.reason) == (
        Stage.PLANNING, Stage.STARTED, world.liaison, "")
    assert project.stage == Stage.STARTED and project.version == 2
    [event] = events("project.change_stage", project)
    assert (event.before, event.after) == ({"stage": Stage.PLANNING}, {"stage": Stage.STARTED})


def test_stage_moving_back_needs_a_reason(world):
    project = Project.objects.get(pk=world.project.pk)
    services.change_stage(world.liaison, project, Stage.STARTED)
    with pytest.raises(ValidationError) as caught:
        services.change_stage(world.liaison, project, Stage.SITING, reason="  ")
    assert caught.value.message_dict == {"stage": ["项目阶段从「落地开工」退回「规划选址」，必须填写原因"]}
    assert Project.objects.get(pk=project.pk).stage == Stage.STARTED
    assert len(events("project.change_stage", project)) == 1


def test_stage_moving_back_with_a_reason_keeps_the_reason(world):
    project = Project.objects.get(pk=world.project.pk)
    services.change_stage(world.liaison, project, Stage.STARTED)
    change = services.change_stage(world.liaison, project, Stage.SITING, reason=" 规划调整 ")
    assert change.reason == "规划调整"
    assert events("project.change_stage", project)[-1].note == "规划调整"


def test_stage_change_to_the_same_stage_writes_nothing(world):
    project = Project.objects.get(pk=world.project.pk)
    assert services.change_stage(world.liaison, project, Stage.PLANNING) is None
    assert not StageChange.objects.filter(project=project).exists()
    assert events("project.change_stage", project) == []


def test_stage_change_on_a_stale_copy_loses_with_a_conflict(world):
    stale = Project.objects.get(pk=world.project.pk)
    services.change_stage(world.hq, Project.objects.get(pk=world.project.pk), Stage.SIGNING)
    with pytest.raises(ConflictError):
        services.change_stage(world.liaison, stale, Stage.STARTED)
    assert Project.objects.get(pk=world.project.pk).stage == Stage.SIGNING


# set_annual_plan -----------------------------------------------------------------------------------------------

def test_annual_plan_is_one_per_year_and_each_change_is_audited(world):
    project = world.project
    services.set_annual_plan(world.hq, project, year=2026, planned_investment=Decimal("3000.0000"),
                             kind=PlanKind.NEW_START)
    services.set_annual_plan(world.hq, project, year=2026, planned_investment=Decimal("4500.0000"),
                             kind=PlanKind.NEW_START)
    services.set_annual_plan(world.hq, project, year=2025, planned_investment=Decimal("800.0000"),
                             kind=PlanKind.CONTINUING)
    assert dict(AnnualPlan.objects.filter(project=project).values_list("year", "planned_investment")) == {
        2026: Decimal(4500), 2025: Decimal(800)}
    recorded = events("project.set_plan", project)
    assert len(recorded) == 3
    assert recorded[0].before is None
    assert recorded[1].before == {"kind": PlanKind.NEW_START, "planned_investment": "3000.0000"}
    assert recorded[1].after == {"year": 2026, "kind": PlanKind.NEW_START, "planned_investment": "4500.0000"}


def test_annual_plan_set_again_with_the_same_values_is_not_audited_again(world):
    for _ in range(2):
        services.set_annual_plan(world.hq, world.project, year=2026, planned_investment=Decimal("3000.0000"),
                                 kind=PlanKind.NEW_START)
    assert len(events("project.set_plan", world.project)) == 1


def test_annual_plan_unchanged_amount_written_without_decimals_is_not_audited_again(world):
    for _ in range(2):
        services.set_annual_plan(world.hq, world.project, year=2026, planned_investment=Decimal(3000),
                                 kind=PlanKind.NEW_START)
    assert len(events("project.set_plan", world.project)) == 1


# record_progress -----------------------------------------------------------------------------------------------

def test_progress_is_one_row_per_day_and_recording_again_updates_it(world):
    project = world.project
    services.record_progress(world.liaison, project, as_of=TODAY, year_investment=Decimal(100),
                             image_progress="场平完成")
    services.record_progress(world.liaison, project, as_of=TODAY, year_investment=Decimal(180),
                             image_progress="基础施工")
    row = Progress.objects.get(project=project)
    assert (row.year_investment, row.image_progress, row.source) == (Decimal(180), "基础施工", Progress.Source.FORM)
    recorded = events("project.record_progress", project)
    assert len(recorded) == 2
    assert recorded[0].before is None
    assert recorded[1].before["image_progress"] == "场平完成"
    assert recorded[1].after["as_of"] == TODAY.isoformat()


def test_progress_recorded_twice_with_the_same_values_is_audited_once(world):
    for _ in range(2):
        services.record_progress(world.liaison, world.project, as_of=TODAY, issues="用地未报批",
                                 source=Progress.Source.IMPORT)
    assert len(events("project.record_progress", world.project)) == 1
    assert Progress.objects.get(project=world.project).source == Progress.Source.IMPORT


# replace_milestones --------------------------------------------------------------------------------------------

def test_milestones_are_replaced_in_the_given_order_and_audited(world):
    project = world.project
    services.replace_milestones(world.liaison, project, [
        {"name": "环评批复", "planned_on": datetime.date(2026, 3, 1), "actual_on": None},
    ])
    services.replace_milestones(world.liaison, project, [
        {"name": "土地摘牌", "planned_on": datetime.date(2026, 5, 1), "actual_on": datetime.date(2026, 5, 3)},
        {"name": "主体开工", "planned_on": datetime.date(2026, 4, 1), "actual_on": None},
    ])
    assert list(project.milestones.values_list("name", "order", "actual_on")) == [
        ("土地摘牌", 1, datetime.date(2026, 5, 3)), ("主体开工", 2, None),
    ]
    recorded = events("project.set_milestones", project)
    assert len(recorded) == 2
    assert recorded[1].before == {"milestones": [{"name": "环评批复", "planned_on": "2026-03-01", "actual_on": None}]}
    assert [m["name"] for m in recorded[1].after["milestones"]] == ["土地摘牌", "主体开工"]


def test_milestones_can_be_cleared(world):
    services.replace_milestones(world.liaison, world.project, [
        {"name": "环评批复", "planned_on": datetime.date(2026, 3, 1), "actual_on": None},
    ])
    services.replace_milestones(world.liaison, world.project, [])
    assert not world.project.milestones.exists()
    assert events("project.set_milestones", world.project)[-1].after == {"milestones": []}
