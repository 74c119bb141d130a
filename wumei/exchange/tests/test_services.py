"""Importing and exporting the registry: creates, updates, all-or-nothing, references, audit, round trip."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from wumei.audit.models import AuditEvent
from wumei.audit.services import snapshot
from wumei.exchange.services import export_projects, export_title
from wumei.exchange.tests.conftest import TODAY
from wumei.exchange.tests.workbooks import Col, build_table, messy_rows
from wumei.org.models import Chain, Person, Unit
from wumei.projects.models import (
    AnnualPlan,
    Category,
    FundingSource,
    Level,
    PlanKind,
    Progress,
    Project,
    Stage,
    StageChange,
)
from wumei.testing import (
    ChainFactory,
    EnterpriseFactory,
    PersonFactory,
    ProjectFactory,
    RegionFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2023, 9, 20)


def counts() -> dict:
    return {model.__name__: model.objects.count()
            for model in (Project, Unit, Person, Chain, AnnualPlan, Progress, StageChange, AuditEvent)}


# --- creating ------------------------------------------------------------------------------------------

def test_import_creates_every_project_with_its_fields_plan_and_progress(run_import, county):
    result = run_import(build_table(messy_rows()))

    assert [str(e) for e in result.errors] == []
    assert (result.created, result.updated) == (3, 0)
    assert result.as_of == AS_OF and result.plan_year == 2023
    project = Project.objects.get(code="GY-001")
    assert project.county == county
    assert project.name == "年产10万吨新材料项目"
    assert (project.owner.name, project.owner.kind) == ("示范新材料有限公司", Unit.Kind.ENTERPRISE)
    assert project.content == "建设厂房5万平方米"
    assert project.category == Category.INDUSTRIAL
    assert project.level == Level.PROVINCIAL
    assert project.chain.name == "新材料产业链"
    assert (project.park.name, project.park.kind, project.town) == ("示范经开区", Unit.Kind.PARK, None)
    assert project.total_investment == Decimal("12500")
    assert project.funding_source == FundingSource.ENTERPRISE
    assert project.funding_priority == 1
    assert project.planned_start_on == datetime.date(2023, 3, 15)
    assert project.actual_start_on == datetime.date(2023, 3, 20)
    assert project.planned_completion_on == datetime.date(2024, 6, 30)
    assert project.actual_completion_on is None
    assert project.stage == Stage.STARTED
    assert (project.responsible_unit.name, project.responsible_unit.kind) == ("县工业和信息化局", Unit.Kind.RESPONSIBLE)
    assert [p.name for p in (project.lead_leader, project.butler, project.police, project.inspector)] == [
        "李四", "王管家", "赵警官", "钱纪检"]
    plan = project.plans.get()
    assert (plan.year, plan.kind, plan.planned_investment) == (2023, PlanKind.CONTINUING, Decimal("3000.5"))
    progress = project.progress.get()
    assert progress.as_of == AS_OF
    assert progress.source == Progress.Source.IMPORT
    assert (progress.year_investment, progress.cumulative_investment) == (Decimal("2100"), Decimal("4500"))
    assert (progress.image_progress, progress.issues) == ("主体完工80%", "用电指标不足")

    second = Project.objects.get(name="智能装备产业园项目")
    assert second.code is None
    assert (second.town.name, second.town.kind, second.park) == ("城关镇", Unit.Kind.TOWN, None)
    assert second.total_investment == Decimal("8000")
    assert second.planned_start_on == datetime.date(2023, 4, 1)
    assert second.actual_start_on == datetime.date(2023, 5, 1)  # Excel serial 45047
    assert second.lead_leader == project.lead_leader  # one 李四, created once
    road = Project.objects.get(code="JC-001")
    assert road.category == Category.INFRASTRUCTURE
    assert road.planned_completion_on == datetime.date(2023, 12, 31)
    assert road.park.name == "示范县高新区"


def test_import_reports_and_creates_missing_references_once_each_in_the_county(run_import, county):
    result = run_import(build_table(messy_rows()))

    created = {(ref.label, ref.name) for ref in result.created_references}
    assert created == {
        ("企业", "示范新材料有限公司"), ("企业", "示范智能装备有限公司"), ("企业", "示范城投集团有限公司"),
        ("责任单位", "县工业和信息化局"), ("责任单位", "县交通运输局"),
        ("园区", "示范经开区"), ("园区", "示范县高新区"), ("乡镇", "城关镇"),
        ("产业链", "新材料产业链"),
        ("人员", "李四"), ("人员", "张三"), ("人员", "王管家"), ("人员", "赵警官"), ("人员", "钱纪检"),
    }
    assert len(result.created_references) == len(created)
    assert Unit.objects.filter(region=county).count() == 8
    assert Person.objects.filter(region=county).count() == 5
    assert Chain.objects.filter(region=county, name="新材料产业链").exists()


def test_import_reuses_existing_units_people_and_chains(run_import, county):
    unit = UnitFactory(name="县工业和信息化局", region=county)
    town_as_unit = UnitFactory(name="县交通运输局", region=county, kind=Unit.Kind.APPROVAL)
    owner = EnterpriseFactory(name="示范新材料有限公司", region=county)
    leader = PersonFactory(name="李四", region=county)
    chain = ChainFactory(name="新材料产业链", region=county)
    PersonFactory(name="李四", region=RegionFactory())  # same name, another county: not him

    result = run_import(build_table(messy_rows()))

    names = {ref.name for ref in result.created_references}
    assert not names & {"县工业和信息化局", "县交通运输局", "示范新材料有限公司", "李四", "新材料产业链"}
    project = Project.objects.get(code="GY-001")
    assert (project.responsible_unit, project.owner, project.lead_leader, project.chain) == (
        unit, owner, leader, chain)
    assert Project.objects.get(code="JC-001").responsible_unit == town_as_unit


def test_strict_import_refuses_every_missing_reference_and_writes_nothing(run_import):
    before = counts()
    result = run_import(build_table(messy_rows()), strict=True)

    messages = [str(e) for e in result.errors]
    assert "第6行「责任单位」：单位「县工业和信息化局」不存在" in messages
    assert "第6行「项目业主」：单位「示范新材料有限公司」不存在" in messages
    assert "第6行「牵头县级领导」：人员「李四」不存在" in messages
    assert "第6行「产业链」：产业链「新材料产业链」不存在" in messages
    assert "第7行「园区（乡镇）」：单位「城关镇」不存在" in messages
    assert (result.created, result.created_references) == (0, [])
    assert counts() == before


# --- updating ------------------------------------------------------------------------------------------

def test_reimporting_the_same_file_changes_nothing_and_duplicates_nothing(run_import):
    data = build_table(messy_rows())
    run_import(data)
    versions = dict(Project.objects.values_list("id", "version"))
    before = counts()

    result = run_import(data)

    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 3, [])
    assert result.created_references == []
    assert dict(Project.objects.values_list("id", "version")) == versions
    after = counts()
    assert after.pop("AuditEvent") == before.pop("AuditEvent") + 1  # only the import's own event
    assert after == before


def test_import_updates_a_project_matched_by_code_and_audits_the_change(run_import, county):
    project = ProjectFactory(code="GY-001", name="旧名称", county=county, total_investment=Decimal("1"))

    result = run_import(build_table(messy_rows()))

    assert (result.created, result.updated) == (2, 1)
    project.refresh_from_db()
    assert project.name == "年产10万吨新材料项目"
    assert project.total_investment == Decimal("12500")
    assert project.stage == Stage.STARTED
    event = AuditEvent.objects.get(action="project.update", object_id=str(project.pk))
    assert event.actor_name == "系统"
    assert event.after["name"] == "年产10万吨新材料项目"
    change = StageChange.objects.filter(project=project).latest("id")
    assert (change.from_stage, change.to_stage, change.reason) == (Stage.PLANNING, Stage.STARTED, "表格导入")


def test_import_matches_a_project_without_code_by_name_within_the_county(run_import, county, world):
    rows = [(None, [{"name": world.project.name, "total": 3, "unit": world.unit.name,
                     "owner": world.enterprise.name}])]
    result = run_import(build_table(rows))

    assert (result.created, result.updated, result.created_references) == (0, 1, [])
    world.project.refresh_from_db()
    assert world.project.total_investment == Decimal("30000")


def test_a_blank_cell_clears_an_optional_field_but_never_the_code(run_import, county):
    rows = messy_rows()
    run_import(build_table(rows))
    rows[0][1][0].update(code=None, planned_end=None, butler=None, content=None)

    result = run_import(build_table(rows))

    assert (result.updated, result.errors) == (1, [])
    project = Project.objects.get(name="年产10万吨新材料项目")
    assert project.code == "GY-001"
    assert (project.planned_completion_on, project.butler, project.content) == (None, None, "")


def test_import_moves_a_stage_back_with_the_import_as_reason(run_import):
    rows = messy_rows()
    run_import(build_table(rows))
    rows[0][1][0]["stage"] = "前期"

    run_import(build_table(rows))

    project = Project.objects.get(code="GY-001")
    assert project.stage == Stage.PLANNING
    change = project.stage_changes.first()
    assert (change.from_stage, change.to_stage, change.reason) == (Stage.STARTED, Stage.PLANNING, "表格导入")


def test_a_code_used_by_another_countys_project_is_refused(run_import):
    ProjectFactory(code="GY-001", name="外县项目", county=RegionFactory())
    result = run_import(build_table(messy_rows()))
    assert [str(e) for e in result.errors] == ["第6行「项目编号」：项目编号「GY-001」已被其他县（区）的项目「外县项目」使用"]


def test_the_same_project_twice_in_one_file_is_refused(run_import):
    rows = messy_rows()
    rows[1][1].append(dict(rows[0][1][0]))
    result = run_import(build_table(rows))
    assert [str(e) for e in result.errors] == ["第11行「项目编号」：与第6行是同一个项目，请合并为一行"]
    assert Project.objects.count() == 0


def test_a_new_project_needs_a_total_investment_reported_once(run_import):
    rows = messy_rows()
    rows[0][1][1]["total"] = None
    rows[1][1][0]["total"] = "两亿"
    result = run_import(build_table(rows))
    assert [str(e) for e in result.errors] == ["第7行「总投资」：总投资不能为空", '第10行「总投资」：无法识别的金额 "两亿"']


def test_a_new_projects_stage_follows_its_actual_dates_when_the_table_has_no_stage(run_import):
    columns = [Col("name", "项目名称"), Col("total", "总投资"), Col("actual_start", "实际开工时间"),
               Col("actual_end", "实际竣工时间")]
    run_import(build_table([(None, [
        {"name": "甲", "total": 1},
        {"name": "乙", "total": 1, "actual_start": "2023-03-01"},
        {"name": "丙", "total": 1, "actual_start": "2023-03-01", "actual_end": "2023-09-01"},
    ])], columns=columns))
    assert dict(Project.objects.values_list("name", "stage")) == {
        "甲": Stage.PLANNING, "乙": Stage.STARTED, "丙": Stage.OPERATING}


# --- all or nothing ------------------------------------------------------------------------------------

def test_bad_rows_in_the_middle_write_nothing_and_every_error_is_reported(run_import):
    rows = messy_rows()
    rows[0][1][1]["planned_start"] = "2023年13月"
    rows[0][1][1]["priority"] = "五类"
    before = counts()

    result = run_import(build_table(rows))

    assert [str(e) for e in result.errors] == [
        '第7行「保障类别」：无法识别的保障类别 "五类"',
        '第7行「开工时间（计划）」：无法识别的日期 "2023年13月"',
    ]
    assert (result.created, result.updated) == (0, 0)
    assert counts() == before


def test_a_service_error_in_the_last_row_rolls_back_the_rows_already_written(run_import):
    rows = messy_rows()
    rows[1][1][0]["actual_end"] = "2022-01-01"  # before its actual start, 2022-03-05
    rows[0][1][1]["name"] = "很长的项目名称" * 30  # over 200 characters
    before = counts()

    result = run_import(build_table(rows))

    assert [str(e) for e in result.errors] == [
        "第7行「项目名称」：确保该变量包含不超过 200 字符 (目前字符数 210)。",
        "第10行「实际竣工时间」：实际竣工投产时间不能早于实际开工时间",
    ]
    assert (result.created, result.updated, result.created_references) == (0, 0, [])
    assert counts() == before


def test_a_dry_run_validates_everything_and_writes_nothing(run_import):
    before = counts()
    result = run_import(build_table(messy_rows()), dry_run=True)

    assert result.ok and result.dry_run
    assert (result.created, result.updated) == (3, 0)
    assert len(result.created_references) == 14
    assert counts() == before


def test_a_dry_run_reports_service_errors_too(run_import):
    rows = messy_rows()
    rows[1][1][0]["actual_end"] = "2022-01-01"
    result = run_import(build_table(rows), dry_run=True)
    assert [str(e) for e in result.errors] == ["第10行「实际竣工时间」：实际竣工投产时间不能早于实际开工时间"]


def test_import_writes_audit_events_as_the_system(run_import, county):
    run_import(build_table(messy_rows()))

    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("project.create") == 3
    assert actions.count("project.set_plan") == 3
    assert actions.count("project.record_progress") == 3
    assert actions.count("unit.create") == 8
    assert actions.count("person.create") == 5
    assert actions.count("chain.create") == 1
    summary = AuditEvent.objects.get(action="exchange.import")
    assert summary.actor_name == "系统"
    assert summary.region_code == county.code
    assert summary.after["created"] == 3
    assert summary.after["file"] == "调度表.xlsx"


# --- dates of progress and plans -----------------------------------------------------------------------

def test_progress_columns_without_an_as_of_date_are_an_error(run_import):
    result = run_import(build_table(messy_rows(), as_of_line=None))
    assert [str(e) for e in result.errors] == [
        "第2行「1-9月完成投资」：表格含有进度列，但未找到截至日期：请在表头上方写明「截至YYYY年M月D日」，"
        "或导入时指定截至日期"
    ]
    assert Project.objects.count() == 0


def test_a_given_as_of_date_wins_over_the_sheets(run_import):
    result = run_import(build_table(messy_rows()), as_of=datetime.date(2023, 9, 30))
    assert result.as_of == datetime.date(2023, 9, 30)
    assert set(Progress.objects.values_list("as_of", flat=True)) == {datetime.date(2023, 9, 30)}


def test_without_an_as_of_date_the_plan_is_for_the_headers_year_else_this_year(run_import):
    columns = [Col("name", "项目名称"), Col("total", "总投资"), Col("plan", "2022年计划投资"),
               Col("plan_kind", "计划类型")]
    run_import(build_table([(None, [{"name": "甲", "total": 1, "plan": 5, "plan_kind": "续建"}])],
                           columns=columns, as_of_line=None))
    columns[2] = Col("plan", "年度计划投资")
    run_import(build_table([(None, [{"name": "乙", "total": 1, "plan": 6}])], columns=columns, as_of_line=None))

    assert list(AnnualPlan.objects.values_list("project__name", "year", "kind", "planned_investment")
                .order_by("year")) == [("甲", 2022, PlanKind.CONTINUING, Decimal("5")),
                                       ("乙", TODAY.year, PlanKind.PREPARATORY, Decimal("6"))]


def test_progress_equal_to_the_latest_is_not_recorded_again(run_import):
    data = build_table(messy_rows())
    run_import(data)
    result = run_import(data, as_of=datetime.date(2023, 9, 25))
    assert result.updated == 0
    assert Progress.objects.count() == 3


# --- export and the round trip -------------------------------------------------------------------------

@pytest.fixture
def full_registry(world):
    """The world's projects plus one with every field set, plans and progress of several dates."""
    county = world.county
    project = ProjectFactory(
        code="2026-TEST-01", name="=HYPERLINK(\"http://x\")示范项目", county=county,
        owner=EnterpriseFactory(name="+示范实业有限公司", region=county),
        content="-建设厂房\n配套道路", category=Category.SERVICE, level=Level.MUNICIPAL,
        chain=ChainFactory(name="文旅产业链", region=county),
        park=UnitFactory(name="示范经开区", kind=Unit.Kind.PARK, region=county),
        town=UnitFactory(name="城关镇", kind=Unit.Kind.TOWN, region=county),
        total_investment=Decimal("123456.7891"), funding_source=FundingSource.MIXED, funding_priority=4,
        planned_start_on=datetime.date(2026, 1, 10), actual_start_on=datetime.date(2026, 2, 1),
        planned_completion_on=datetime.date(2027, 6, 30), actual_completion_on=datetime.date(2026, 5, 31),
        stage=Stage.ASSESSMENT, responsible_unit=world.other_unit,
        lead_leader=world.lead_leader.person, butler=PersonFactory(name="@管家", region=county),
        police=PersonFactory(name="赵警官", region=county), inspector=world.inspector.person,
        work_plan="一、成立专班；二、倒排工期",
    )
    AnnualPlan.objects.create(project=project, year=2026, kind=PlanKind.COMPLETING,
                              planned_investment=Decimal("5000.0001"))
    AnnualPlan.objects.create(project=project, year=2025, kind=PlanKind.NEW_START, planned_investment=Decimal("9"))
    AnnualPlan.objects.create(project=world.project, year=2026, kind=PlanKind.NEW_START,
                              planned_investment=Decimal("3000"))
    Progress.objects.create(project=project, as_of=datetime.date(2026, 5, 31), year_investment=Decimal("100"),
                            cumulative_investment=Decimal("200"), image_progress="完成", issues="无")
    Progress.objects.create(project=project, as_of=datetime.date(2026, 6, 10), year_investment=Decimal("1500.25"),
                            cumulative_investment=Decimal("2600.5"), image_progress="主体封顶",
                            issues="=缺少用地指标")
    Progress.objects.create(project=project, as_of=datetime.date(2026, 6, 30), year_investment=Decimal("9999"))
    Progress.objects.create(project=world.other, as_of=datetime.date(2026, 4, 30), year_investment=Decimal("0"))
    return project


EXPORT_ON = datetime.date(2026, 6, 15)
IMPORT_TODAY = datetime.date(2026, 6, 20)


def registry_state(county) -> dict:
    projects = {p.pk: snapshot(p) for p in Project.objects.filter(county=county)}
    plans = sorted((p.project_id, p.year, p.kind, p.planned_investment) for p in AnnualPlan.objects.all())
    progress = sorted(
        (p.project_id, p.as_of, p.year_investment, p.cumulative_investment, p.image_progress, p.issues, p.source)
        for p in Progress.objects.all())
    return {"projects": projects, "plans": plans, "progress": progress,
            "units": Unit.objects.count(), "people": Person.objects.count(), "chains": Chain.objects.count(),
            "stage_changes": StageChange.objects.count()}


def export(county, as_of=EXPORT_ON) -> bytes:
    return export_projects(None, Project.objects.filter(county=county), as_of=as_of,
                           title=export_title(county, as_of), region_code=county.code)


def test_round_trip_export_then_import_loses_and_changes_nothing(world, full_registry, run_import):
    before = registry_state(world.county)

    result = run_import(export(world.county), today=IMPORT_TODAY)

    assert [str(e) for e in result.errors] == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert result.created_references == []
    assert result.as_of == EXPORT_ON
    assert registry_state(world.county) == before


def test_round_trip_into_an_empty_county_recreates_every_field(world, full_registry, run_import):
    target = RegionFactory(code="430499", name="新县")
    full_registry.code = None  # codes are unique across counties
    full_registry.save()
    Project.objects.filter(county=world.county).exclude(pk=full_registry.pk).update(code=None)
    data = export(world.county)

    result = run_import(data, county=target, today=IMPORT_TODAY)

    assert result.errors == []
    assert result.created == 3
    copy = Project.objects.get(county=target, name=full_registry.name)
    skip = {"id", "county_id", "created_at", "updated_at", "owner_id", "chain_id", "park_id", "town_id",
            "responsible_unit_id", "lead_leader_id", "butler_id", "police_id", "inspector_id", "stage"}
    original = snapshot(full_registry)
    assert {k: v for k, v in snapshot(copy).items() if k not in skip} == {
        k: v for k, v in original.items() if k not in skip}
    for name in ("owner", "chain", "park", "town", "responsible_unit", "lead_leader", "butler", "police",
                 "inspector"):
        assert getattr(copy, name).name == getattr(full_registry, name).name, name
    assert copy.stage == full_registry.stage
    assert (copy.owner.kind, copy.park.kind, copy.town.kind) == (Unit.Kind.ENTERPRISE, Unit.Kind.PARK, Unit.Kind.TOWN)
    plan = copy.plans.get()
    assert (plan.year, plan.kind, plan.planned_investment) == (2026, PlanKind.COMPLETING, Decimal("5000.0001"))
    progress = copy.progress.get()
    assert (progress.as_of, progress.year_investment, progress.cumulative_investment, progress.image_progress,
            progress.issues) == (EXPORT_ON, Decimal("1500.25"), Decimal("2600.5"), "主体封顶", "=缺少用地指标")


def test_a_changed_cell_in_an_exported_table_updates_just_that_project(world, full_registry, run_import):
    wb = load_workbook(io.BytesIO(export(world.county)))
    ws = wb.active
    headers = {ws.cell(4, c).value or ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, headers["项目名称"]).value == world.other.name)
    ws.cell(row, headers["总投资"]).value = 20000.5
    buffer = io.BytesIO()
    wb.save(buffer)

    result = run_import(buffer.getvalue(), today=IMPORT_TODAY)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    world.other.refresh_from_db()
    assert world.other.total_investment == Decimal("20000.5")


def test_export_writes_the_county_layout(world, full_registry):
    wb = load_workbook(io.BytesIO(export(world.county)))
    ws = wb.active

    assert ws["A1"].value == "示范县2026年重点项目调度表"
    assert ws["A1"].font.bold
    assert ws["A2"].value.startswith("截至2026年6月15日")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:AC1" in merged and "A2:AC2" in merged
    assert "J3:M3" in merged and ws["J3"].value == "投资情况（万元）"
    assert [ws.cell(4, c).value for c in range(10, 14)] == ["总投资", "2026年计划投资", "1-6月完成投资", "累计完成投资"]
    assert "C3:C4" in merged and ws["C3"].value == "项目名称"
    assert ws["C3"].font.bold and ws["C3"].border.left.style == "thin" and ws["C3"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "D5"
    assert ws.column_dimensions["C"].width == 32

    assert ws["A5"].value == "一、工业项目"
    first = [ws.cell(r, 3).value for r in range(6, 8)]
    assert first == [world.project.name, world.other.name]
    assert ws["C8"].value == "小计（2个）"
    assert ws["J8"].value == Decimal("20000")
    assert ws["A9"].value == "二、现代服务业项目"
    assert ws["C10"].value == full_registry.name
    assert ws["J10"].value == pytest.approx(123456.7891)
    assert ws["J10"].number_format == "#,##0.00##"
    assert ws["Q10"].value == datetime.datetime(2026, 1, 10)
    assert ws["Q10"].number_format == "yyyy-mm-dd"
    assert ws["L10"].value == pytest.approx(1500.25)  # the latest progress as of the export date
    assert ws["C12"].value == "合计（3个）"


def test_export_neutralises_text_that_would_run_as_a_formula(world, full_registry):
    data = export(world.county)
    ws = load_workbook(io.BytesIO(data)).active
    cells = {ws.cell(r, c).value: ws.cell(r, c) for r in range(5, ws.max_row + 1) for c in range(1, 30)
             if isinstance(ws.cell(r, c).value, str)}

    for text in (full_registry.name, "+示范实业有限公司", "-建设厂房\n配套道路", "@管家", "=缺少用地指标"):
        cell = cells[text]
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text
    import zipfile
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_export_runs_a_fixed_number_of_queries(world, full_registry, django_assert_max_num_queries):
    for index in range(20):
        ProjectFactory(name=f"批量项目{index}", county=world.county, owner=world.enterprise,
                       responsible_unit=world.unit)
    with django_assert_max_num_queries(8):
        export(world.county)


def test_new_projects_go_in_as_one_batch_with_the_same_rows_and_events_as_one_by_one(run_import):
    """The bulk path (projects.services.create_projects) writes what create_project, set_annual_plan and
    record_progress write: a stage change, a plan, a progress row and three audit events per project."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        result = run_import(build_table(messy_rows()))
    assert result.created == 3
    for project in Project.objects.all():
        assert list(project.stage_changes.values_list("reason", flat=True)) == ["登记入库"]
        actions = sorted(AuditEvent.objects.filter(object_type="projects.project", object_id=str(project.pk))
                         .values_list("action", flat=True))
        expected = ["project.create"] + (["project.record_progress"] if project.progress.exists() else []) \
            + (["project.set_plan"] if project.plans.exists() else [])
        assert actions == sorted(expected)
    from wumei.audit.services import verify_chain

    assert verify_chain().ok
    copies = [(title, [dict(r, code=r["code"] and f"{r['code']}-{i}", name=f"{r['name']}{i}")
                       for i in range(11) for r in rows]) for title, rows in messy_rows()]
    Project.objects.all().delete()
    with CaptureQueriesContext(connection) as more:
        assert run_import(build_table(copies)).created == 33
    # Eleven times the projects, about the same number of statements: nothing is written row by row.
    assert len(more.captured_queries) <= len(few.captured_queries) + 10


def test_a_batch_the_database_refuses_writes_nothing(county):
    from django.db import IntegrityError

    from wumei.projects.services import NewProject, create_projects

    ProjectFactory(county=county, code="DUP-1")
    plain = {"county": county, "category": Category.INDUSTRIAL, "level": Level.COUNTY, "total_investment": Decimal(100)}
    items = [NewProject({**plain, "name": "甲项目", "code": "NEW-1"}), NewProject({**plain, "name": "乙项目", "code": "DUP-1"})]
    before = counts()
    with pytest.raises(IntegrityError):
        create_projects(None, items, today=datetime.date(2026, 11, 27))
    assert counts() == before
