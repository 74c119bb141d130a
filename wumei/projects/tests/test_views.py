"""The registry's pages: who may see and change what, the list's filters, sorting and paging, and the writes."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wumei.audit.models import AuditEvent
from wumei.org.models import Unit
from wumei.projects import services
from wumei.projects.models import (
    AnnualPlan,
    Level,
    Milestone,
    PlanKind,
    Progress,
    Project,
    Stage,
    StageChange,
    Team,
)
from wumei.testing import (
    AnnualPlanFactory,
    ChainFactory,
    EnterpriseFactory,
    PersonFactory,
    ProjectFactory,
    RegionFactory,
    UnitFactory,
)

EDITORS = ["hq", "liaison"]
READERS = ["inspector", "commander", "owner", "lead_leader"]
OUTSIDERS = ["other_liaison", "nobody"]
EDIT_PAGES = ["projects:project-edit", "projects:project-stage", "projects:project-milestones"]


def url(name: str, project: Project | None = None) -> str:
    return reverse(name, args=[project.pk]) if project else reverse(name)


def listed(response) -> list[str]:
    return [p.name for p in response.context["page"].object_list]


def edit_payload(project: Project, **changes) -> dict:
    """The edit form's fields as the page would post them, with `changes` applied."""
    data = {
        "version": project.version, "code": project.code or "", "name": project.name,
        "owner": project.owner_id or "", "content": project.content, "category": project.category,
        "level": project.level, "chain": project.chain_id or "", "park": project.park_id or "",
        "town": project.town_id or "", "total_investment": str(project.total_investment),
        "funding_source": project.funding_source, "funding_priority": project.funding_priority,
        "planned_start_on": project.planned_start_on or "", "actual_start_on": project.actual_start_on or "",
        "planned_completion_on": project.planned_completion_on or "",
        "actual_completion_on": project.actual_completion_on or "",
        "responsible_unit": project.responsible_unit_id or "", "lead_leader": project.lead_leader_id or "",
        "work_plan": project.work_plan, "butler": project.butler_id or "", "police": project.police_id or "",
        "inspector": project.inspector_id or "", "plan_kind": PlanKind.CONTINUING, "plan_investment": "",
    }
    data.update(changes)
    return data


# Permission matrix ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["projects:project-list", "projects:project-create"])
def test_anonymous_is_sent_to_login_from_list_and_create(client, world, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize("name", ["projects:project-detail", *EDIT_PAGES])
def test_anonymous_is_sent_to_login_from_project_pages(client, world, name):
    response = client.get(url(name, world.project))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize(("who", "status"), [
    *[(who, 200) for who in EDITORS + READERS],
    *[(who, 404) for who in OUTSIDERS],
])
def test_detail_is_shown_to_readers_and_hidden_from_outsiders(login, world, who, status):
    assert login(who).get(url("projects:project-detail", world.project)).status_code == status


@pytest.mark.parametrize("name", EDIT_PAGES)
@pytest.mark.parametrize(("who", "status"), [
    *[(who, 200) for who in EDITORS],
    *[(who, 403) for who in READERS],
    *[(who, 404) for who in OUTSIDERS],
])
def test_edit_pages_answer_editors_refuse_readers_and_hide_from_outsiders(login, world, name, who, status):
    response = login(who).get(url(name, world.project))
    assert response.status_code == status
    if status == 403:
        assert "您无权执行此操作" in response.content.decode()


@pytest.mark.parametrize("name", EDIT_PAGES)
@pytest.mark.parametrize("who", READERS + OUTSIDERS)
def test_posts_to_edit_pages_change_nothing_for_non_editors(login, world, name, who):
    before = Project.objects.values().get(pk=world.project.pk)
    response = login(who).post(url(name, world.project), {"stage": Stage.STARTED, "name": "改名"})
    assert response.status_code in (403, 404)
    assert Project.objects.values().get(pk=world.project.pk) == before
    assert not AuditEvent.objects.filter(action__startswith="project.").exists()


@pytest.mark.parametrize(("who", "status"), [("hq", 200), *[(who, 403) for who in ["liaison", *READERS, *OUTSIDERS]]])
def test_only_the_hq_office_may_create_projects(login, who, status):
    assert login(who).get(url("projects:project-create")).status_code == status


@pytest.mark.parametrize(("who", "expected"), [
    ("hq", {"project", "other"}),
    ("commander", {"project", "other"}),
    ("liaison", {"project"}),
    ("inspector", {"project"}),
    ("owner", {"project"}),
    ("lead_leader", {"project"}),
    ("other_liaison", {"other"}),
    ("nobody", set()),
])
def test_list_shows_exactly_the_projects_visible_to_the_user(login, world, who, expected):
    response = login(who).get(url("projects:project-list"))
    assert response.status_code == 200
    assert set(listed(response)) == {getattr(world, name).name for name in expected}


def test_new_project_button_only_for_creators(login):
    assert "新建项目" in login("hq").get(url("projects:project-list")).content.decode()
    assert "新建项目" not in login("liaison").get(url("projects:project-list")).content.decode()


def test_edit_buttons_only_for_editors(login, world):
    assert "变更阶段" in login("liaison").get(url("projects:project-detail", world.project)).content.decode()
    assert "变更阶段" not in login("inspector").get(url("projects:project-detail", world.project)).content.decode()


# List: search, filters, sorting, paging -----------------------------------------------------------------------

@pytest.mark.parametrize("q", ["qyjt", "QYJT", "qingyan", "qing yan", "轻盐", "湖南轻盐集团"])
def test_search_finds_by_chinese_full_pinyin_and_initials(login, world, q):
    response = login("hq").get(url("projects:project-list"), {"q": q})
    assert listed(response) == [world.project.name]


def test_search_without_match_says_so(login, world):
    response = login("hq").get(url("projects:project-list"), {"q": "zzzz"})
    assert listed(response) == []
    assert "没有符合条件的项目" in response.content.decode()
    assert response.context["page"].paginator.count == 0


@pytest.fixture
def varied(world):
    """Projects that differ in each filterable attribute, next to the world's two."""
    county = world.county
    chain = ChainFactory(region=county, name="新材料产业链")
    town = UnitFactory(region=county, kind=Unit.Kind.TOWN, name="城关镇")
    park = UnitFactory(region=county, kind=Unit.Kind.PARK, name="高新区")
    provincial = ProjectFactory(county=county, name="省重点新材料项目", level=Level.PROVINCIAL, chain=chain,
                                park=park, responsible_unit=world.unit, stage=Stage.STARTED,
                                planned_start_on=datetime.date(2026, 1, 1),
                                actual_start_on=datetime.date(2026, 1, 10))
    in_town = ProjectFactory(county=county, name="城关镇农贸市场项目", town=town, responsible_unit=world.other_unit,
                             planned_start_on=datetime.date(2026, 12, 1))
    return {"chain": chain, "town": town, "park": park, "provincial": provincial, "in_town": in_town}


@pytest.mark.parametrize(("params", "expected"), [
    (lambda w, v: {"level": Level.PROVINCIAL}, ["provincial"]),
    (lambda w, v: {"stage": Stage.STARTED}, ["provincial"]),
    (lambda w, v: {"chain": v["chain"].pk}, ["provincial"]),
    (lambda w, v: {"place": v["park"].pk}, ["provincial"]),
    (lambda w, v: {"place": v["town"].pk}, ["in_town"]),
    (lambda w, v: {"unit": w.other_unit.pk}, ["other", "in_town"]),
    (lambda w, v: {"overdue": "on"}, ["project", "other"]),
    (lambda w, v: {"unit": w.unit.pk, "overdue": "on"}, ["project"]),
    (lambda w, v: {"level": "nonsense", "chain": "x"}, ["project", "other", "provincial", "in_town"]),
])
def test_list_filters(login, world, varied, today, params, expected):
    response = login("hq").get(url("projects:project-list"), params(world, varied))
    names = {**{"project": world.project.name, "other": world.other.name},
             **{k: v.name for k, v in varied.items() if isinstance(v, Project)}}
    assert set(listed(response)) == {names[key] for key in expected}


def test_filter_choices_are_limited_to_the_users_county(login, world, varied):
    elsewhere = RegionFactory(code="430500", name="别的县")
    ChainFactory(region=elsewhere, name="外县产业链")
    UnitFactory(region=elsewhere, kind=Unit.Kind.TOWN, name="外县某镇")
    UnitFactory(region=elsewhere, name="外县交通局")
    page = login("hq").get(url("projects:project-list")).content.decode()
    assert "新材料产业链" in page and "城关镇" in page and "县交通运输局" in page
    assert "外县" not in page


def test_overdue_projects_are_marked_in_the_list(login, world, varied, today):
    rows = {p.name: p.overdue for p in login("hq").get(url("projects:project-list")).context["page"]}
    assert rows == {world.project.name: True, world.other.name: True,
                    varied["provincial"].name: False, varied["in_town"].name: False}


@pytest.mark.parametrize(("sort", "expected"), [
    ("investment", ["small", "middle", "large"]),
    ("-investment", ["large", "middle", "small"]),
    ("name", ["large", "middle", "small"]),
    ("-start", ["middle", "small", "large"]),
])
def test_list_sorts_by_the_chosen_column(login, world, sort, expected):
    made = {
        "small": ProjectFactory(county=world.county, name="排序项目3", total_investment=Decimal(100),
                                planned_start_on=datetime.date(2026, 5, 1), responsible_unit=world.other_unit),
        "large": ProjectFactory(county=world.county, name="排序项目1", total_investment=Decimal(900000),
                                planned_start_on=datetime.date(2026, 1, 1), responsible_unit=world.other_unit),
        "middle": ProjectFactory(county=world.county, name="排序项目2", total_investment=Decimal(5000),
                                 planned_start_on=datetime.date(2026, 9, 1), responsible_unit=world.other_unit),
    }
    response = login("other_liaison").get(url("projects:project-list"), {"sort": sort, "q": "paixu"})
    assert listed(response) == [made[key].name for key in expected]


def test_sort_headers_toggle_direction_and_mark_the_active_column(login, world):
    page = login("hq").get(url("projects:project-list"), {"sort": "investment", "q": "x"}).content.decode()
    assert 'href="?sort=-investment&amp;q=x"' in page or 'href="?q=x&amp;sort=-investment"' in page
    assert "总投资 ▲" in page
    page = login("hq").get(url("projects:project-list"), {"sort": "-investment"}).content.decode()
    assert "总投资 ▼" in page


def test_list_pages_by_twenty_and_page_links_keep_the_filters(login, world):
    for n in range(45):
        ProjectFactory(county=world.county, name=f"批量项目{n:02d}", responsible_unit=world.unit)
    client = login("liaison")
    first = client.get(url("projects:project-list"), {"q": "piliang", "sort": "name"})
    assert first.context["page"].paginator.count == 45
    assert len(listed(first)) == 20
    assert "page=2" in first.content.decode() and "q=piliang" in first.content.decode()
    assert "共 <strong>45</strong> 个项目" in first.content.decode()
    last = client.get(url("projects:project-list"), {"q": "piliang", "sort": "name", "page": 3})
    assert listed(last) == [f"批量项目{n:02d}" for n in range(40, 45)]
    beyond = client.get(url("projects:project-list"), {"q": "piliang", "page": 99})
    assert beyond.context["page"].number == 3


def test_export_link_carries_the_filters_but_not_the_page(login, world):
    page = login("liaison").get(url("projects:project-list"), {"q": "qyjt", "level": Level.PROVINCIAL, "page": 2})
    assert f'href="{reverse("exchange:export")}?q=qyjt&amp;level=provincial"' in page.content.decode()


def test_list_shows_money_and_this_years_plan(login, world, today):
    AnnualPlanFactory(project=world.project, year=2026, planned_investment=Decimal("3500"))
    AnnualPlanFactory(project=world.project, year=2025, planned_investment=Decimal("999"))
    Project.objects.filter(pk=world.project.pk).update(total_investment=Decimal("125000"))
    page = login("liaison").get(url("projects:project-list")).content.decode()
    assert "12.5亿元" in page
    assert "3,500万元" in page
    assert "999万元" not in page


def _list_queries(client, django_assert_max_num_queries) -> int:
    # 9 reads (session, user, person, roles, three filter choice lists, count, page), plus the session's
    # savepoint, update and release.
    with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(20):
        response = client.get(url("projects:project-list"), {"sort": "-investment"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["hq", "liaison"])
def test_list_query_count_does_not_grow_with_the_number_of_projects(login, world, who, django_assert_max_num_queries):
    def add(count: int):
        for _ in range(count):
            owner = EnterpriseFactory(region=world.county)
            project = ProjectFactory(county=world.county, owner=owner, responsible_unit=world.unit)
            AnnualPlanFactory(project=project, year=datetime.date.today().year)

    client = login(who)
    add(5)
    with_five = _list_queries(client, django_assert_max_num_queries)
    add(35)
    assert _list_queries(client, django_assert_max_num_queries) == with_five


# Detail ------------------------------------------------------------------------------------------------------

@pytest.fixture
def full_project(world, today):
    """The world's project with every part the detail page shows."""
    project = world.project
    butler = PersonFactory(region=world.county, name="王管家", phone="13812345678")
    police = PersonFactory(region=world.county, name="李警官", phone="13900001111")
    Project.objects.filter(pk=project.pk).update(butler=butler, police=police, content="新建纯碱生产线两条",
                                                 work_plan="按月推进")
    AnnualPlanFactory(project=project, year=2026, kind=PlanKind.NEW_START, planned_investment=Decimal(20000))
    team = Team.objects.create(project=project, name="纯碱项目专班", leader=butler)
    team.members.set([butler, police])
    Milestone.objects.create(project=project, name="完成环评", planned_on=datetime.date(2026, 3, 1),
                             actual_on=datetime.date(2026, 2, 20), order=1)
    Milestone.objects.create(project=project, name="主体封顶", planned_on=datetime.date(2026, 5, 1), order=2)
    Milestone.objects.create(project=project, name="设备安装", planned_on=datetime.date(2026, 9, 1), order=3)
    Progress.objects.create(project=project, as_of=datetime.date(2026, 6, 10), year_investment=Decimal(8000),
                            image_progress="厂房基础施工")
    services.change_stage(world.hq, project, Stage.SIGNING)
    services.change_stage(world.hq, project, Stage.PRE_REVIEW, reason="合同条款需重新谈判")
    project.refresh_from_db()
    return project


def test_detail_shows_every_group(login, full_project):
    page = login("liaison").get(url("projects:project-detail", full_project)).content.decode()
    for text in ["基本信息", "湖南轻盐集团有限公司", "县工业和信息化局", "新建纯碱生产线两条",
                 "投资", "1亿元", "2亿元", "新开工", "按轻重缓急分四类保障",
                 "时间", "2026-03-01", "该项目已超过计划时间",
                 "五个一", "纯碱项目专班", "按月推进",
                 "完成环评", "按期完成", "主体封顶", "已逾期", "设备安装", "未到期",
                 "三个一", "最新进度", "厂房基础施工", "8,000万元",
                 "阶段历史", "合同条款需重新谈判", "谈判签约 → <strong>招商预审"]:
        assert text in page, text
    assert "王管家、李警官" in page or "李警官、王管家" in page


@pytest.mark.parametrize(("who", "may_reveal"), [("hq", True), ("liaison", False), ("inspector", False)])
def test_service_phones_are_masked_and_only_the_hq_office_may_reveal_them(login, full_project, who, may_reveal):
    page = login(who).get(url("projects:project-detail", full_project)).content.decode()
    assert "138****5678" in page
    assert "13812345678" not in page
    assert ('hx-post="/people/' in page) is may_reveal  # the audited 「显示」 button (wumei/web/phones.py)


def test_detail_query_count_is_bounded_and_does_not_grow_with_its_rows(login, world, full_project,
                                                                        django_assert_max_num_queries):
    client = login("liaison")

    def count() -> int:
        # 12 reads, plus the session's savepoint, update and release (the session slides on every request).
        with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(32):
            assert client.get(url("projects:project-detail", full_project)).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(10):
        Milestone.objects.create(project=full_project, name=f"节点{n}", planned_on=datetime.date(2026, 7, n + 1))
        AnnualPlanFactory(project=full_project, year=2010 + n)
        services.change_stage(world.hq, full_project, Stage.SIGNING if n % 2 else Stage.PLANNING, reason="往复")
        PersonFactory(region=world.county).teams.add(full_project.team)
    assert count() == before


# Create and edit ---------------------------------------------------------------------------------------------

def test_hq_creates_a_project_with_this_years_plan(login, world, today):
    data = edit_payload(world.project, name="新建光伏电站项目", owner=world.enterprise.pk, total_investment="2.5亿",
                        stage=Stage.SIGNING, plan_kind=PlanKind.NEW_START, plan_investment="8000", version="")
    response = login("hq").post(url("projects:project-create"), data)
    project = Project.objects.get(name="新建光伏电站项目")
    assert response.status_code == 302
    assert response["Location"] == url("projects:project-detail", project)
    assert project.county == world.county
    assert project.total_investment == Decimal(25000)
    assert project.stage == Stage.SIGNING
    assert "xjgfdzxm" in project.search_key
    plan = AnnualPlan.objects.get(project=project)
    assert (plan.year, plan.kind, plan.planned_investment) == (2026, PlanKind.NEW_START, Decimal(8000))
    assert AuditEvent.objects.filter(action="project.create", object_id=str(project.pk)).exists()


def test_create_shows_field_errors_in_chinese(login, world):
    response = login("hq").post(url("projects:project-create"), {"name": "", "total_investment": "很多"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "这个字段是必填项。" in form.errors["name"]
    assert "请输入正确的金额，如 12000 或 1.2亿" in form.errors["total_investment"]
    assert not Project.objects.filter(name="").exists()


def test_edit_saves_and_writes_an_audit_event(login, world, today):
    data = edit_payload(world.project, total_investment="1.5亿", content="新增一条生产线",
                        plan_kind=PlanKind.NEW_START, plan_investment="6000")
    response = login("liaison").post(url("projects:project-edit", world.project), data)
    assert response.status_code == 302
    project = Project.objects.get(pk=world.project.pk)
    assert project.total_investment == Decimal(15000)
    assert project.content == "新增一条生产线"
    assert project.version == world.project.version + 1
    event = AuditEvent.objects.get(action="project.update")
    assert event.actor == world.liaison
    assert event.after == {"content": "新增一条生产线", "total_investment": "15000.0000"}
    assert event.before == {"content": "", "total_investment": "10000.0000"}
    assert AnnualPlan.objects.get(project=project, year=2026).planned_investment == Decimal(6000)
    assert AuditEvent.objects.filter(action="project.set_plan").count() == 1


def test_edit_form_shows_the_stored_values(login, world, today):
    AnnualPlanFactory(project=world.project, year=2026, kind=PlanKind.COMPLETING, planned_investment=Decimal(3000))
    form = login("liaison").get(url("projects:project-edit", world.project)).context["form"]
    page = form.as_p()
    assert 'value="10000"' in page
    assert 'value="3000"' in page
    assert form["plan_kind"].value() == PlanKind.COMPLETING
    assert form["version"].value() == world.project.version
    assert 'type="date"' in page and 'value="2026-03-01"' in page


def test_edit_shows_a_conflict_without_losing_the_input(login, world, today):
    client = login("liaison")
    stale = client.get(url("projects:project-edit", world.project)).context["form"]["version"].value()
    services.update_project(world.hq, Project.objects.get(pk=world.project.pk), {"content": "他人先改"})
    response = client.post(url("projects:project-edit", world.project),
                           edit_payload(world.project, version=stale, content="我的修改", name="我改的名字"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "该项目已被他人修改，请刷新页面后重新填写" in page
    assert "我的修改" in page and "我改的名字" in page
    project = Project.objects.get(pk=world.project.pk)
    assert (project.content, project.name) == ("他人先改", world.project.name)


def test_edit_shows_the_services_date_errors_on_their_fields(login, world, today):
    data = edit_payload(world.project, actual_start_on="2026-07-01",
                        planned_start_on="2026-05-01", planned_completion_on="2026-04-01")
    response = login("liaison").post(url("projects:project-edit", world.project), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["actual_start_on"] == ["实际开工时间不能晚于今天"]
    assert errors["planned_completion_on"] == ["计划竣工投产时间不能早于计划开工时间"]
    assert Project.objects.get(pk=world.project.pk).version == world.project.version


def test_edit_offers_only_the_countys_enterprises_and_people(login, world):
    elsewhere = RegionFactory(code="430600", name="别的县")
    EnterpriseFactory(region=elsewhere, name="外县企业有限公司")
    PersonFactory(region=elsewhere, name="外县人")
    PersonFactory(region=world.county, name="本县人")
    UnitFactory(region=world.county, kind=Unit.Kind.PARK, name="本县园区")
    form = login("liaison").get(url("projects:project-edit", world.project)).context["form"]
    owners = {u.name for u in form.fields["owner"].queryset}
    assert owners == {"湖南轻盐集团有限公司"}
    assert {u.name for u in form.fields["park"].queryset} == {"本县园区"}
    people = {p.name for p in form.fields["butler"].queryset}
    assert "本县人" in people and "外县人" not in people


def test_edit_rejects_an_owner_from_another_county(login, world):
    outsider = EnterpriseFactory(region=RegionFactory(code="430700"), name="外县企业")
    response = login("liaison").post(url("projects:project-edit", world.project),
                                     edit_payload(world.project, owner=outsider.pk))
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors
    assert Project.objects.get(pk=world.project.pk).owner == world.enterprise


# Stage change ------------------------------------------------------------------------------------------------

def test_stage_moves_forward_without_a_reason(login, world):
    response = login("liaison").post(url("projects:project-stage", world.project), {"stage": Stage.SIGNING})
    assert response.status_code == 302
    assert Project.objects.get(pk=world.project.pk).stage == Stage.SIGNING
    change = StageChange.objects.get(project=world.project, to_stage=Stage.SIGNING)
    assert (change.from_stage, change.actor) == (Stage.PLANNING, world.liaison)


def test_stage_moving_back_without_a_reason_shows_the_services_message(login, world):
    Project.objects.filter(pk=world.project.pk).update(stage=Stage.STARTED)
    response = login("liaison").post(url("projects:project-stage", world.project), {"stage": Stage.SIGNING})
    assert response.status_code == 200
    assert "项目阶段从「落地开工」退回「谈判签约」，必须填写原因" in response.content.decode()
    assert Project.objects.get(pk=world.project.pk).stage == Stage.STARTED


def test_stage_moving_back_with_a_reason_is_recorded(login, world):
    Project.objects.filter(pk=world.project.pk).update(stage=Stage.STARTED)
    response = login("liaison").post(url("projects:project-stage", world.project),
                                     {"stage": Stage.SIGNING, "reason": "用地手续被撤回"})
    assert response.status_code == 302
    change = StageChange.objects.get(project=world.project, to_stage=Stage.SIGNING)
    assert change.reason == "用地手续被撤回"
    assert AuditEvent.objects.get(action="project.change_stage").note == "用地手续被撤回"
    page = login("liaison").get(url("projects:project-detail", world.project)).content.decode()
    assert "用地手续被撤回" in page


# Milestones --------------------------------------------------------------------------------------------------

def _milestone_post(rows: list[dict], initial: int = 0) -> dict:
    data = {"m-TOTAL_FORMS": len(rows), "m-INITIAL_FORMS": initial, "m-MIN_NUM_FORMS": 0, "m-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(rows):
        data.update({f"m-{i}-{key}": value for key, value in row.items()})
    return data


def test_milestones_are_replaced_and_audited(login, world, today):
    Milestone.objects.create(project=world.project, name="旧节点", planned_on=datetime.date(2026, 1, 1))
    rows = [
        {"name": "旧节点", "planned_on": "2026-01-01", "actual_on": "", "DELETE": "on"},
        {"name": "完成土地摘牌", "planned_on": "2026-04-01", "actual_on": "2026-04-03"},
        {"name": "开工建设", "planned_on": "2026-08-01", "actual_on": ""},
        {"name": "", "planned_on": "", "actual_on": ""},
    ]
    response = login("liaison").post(url("projects:project-milestones", world.project), _milestone_post(rows, 1))
    assert response.status_code == 302
    assert list(world.project.milestones.values_list("name", "order")) == [("完成土地摘牌", 1), ("开工建设", 2)]
    event = AuditEvent.objects.get(action="project.set_milestones")
    assert [m["name"] for m in event.after["milestones"]] == ["完成土地摘牌", "开工建设"]


def test_milestone_errors_keep_the_schedule_unchanged(login, world, today):
    Milestone.objects.create(project=world.project, name="旧节点", planned_on=datetime.date(2026, 1, 1))
    rows = [{"name": "开工", "planned_on": "", "actual_on": "2026-12-01"}]
    response = login("liaison").post(url("projects:project-milestones", world.project), _milestone_post(rows))
    assert response.status_code == 200
    page = response.content.decode()
    assert "这个字段是必填项。" in page and "实际完成日期不能晚于今天" in page
    assert list(world.project.milestones.values_list("name", flat=True)) == ["旧节点"]


def test_milestone_page_lists_the_current_schedule(login, world):
    Milestone.objects.create(project=world.project, name="完成环评", planned_on=datetime.date(2026, 3, 1))
    page = login("liaison").get(url("projects:project-milestones", world.project)).content.decode()
    assert 'value="完成环评"' in page and 'value="2026-03-01"' in page
    assert "__prefix__" in page  # the blank row that 添加节点 copies


def test_detail_shows_changes_made_by_the_system(login, world):
    """Imports and the demo loader change stages with no user: the history says 系统."""
    services.change_stage(None, world.project, Stage.SIGNING)
    page = login("hq").get(url("projects:project-detail", world.project)).content.decode()
    assert "系统 ·" in page
