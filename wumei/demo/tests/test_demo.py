"""The demo county has the seed's shape, and every role account sees sensible data."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.test import RequestFactory

from wumei.audit.models import AuditEvent
from wumei.demo import data
from wumei.demo.builder import delete_demo, load_demo
from wumei.demo.tests.helpers import TODAY, canonical_dump
from wumei.org.models import Chain, Person, Region, Role, RoleAssignment, Unit, WorkingGroup
from wumei.org.services import home_county
from wumei.projects.models import STAGE_ORDER, AnnualPlan, Level, Project, Stage
from wumei.projects.queries import projects_visible_to
from wumei.projects.rules import search_key
from wumei.testing import ProjectFactory, RegionFactory

ADMIN_ROLES = {Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDITOR}


def county_units(county, kind):
    return Unit.objects.filter(region__path__startswith=county.path, kind=kind)


def test_demo_county_is_the_home_county_under_the_demo_province_and_city(demo):
    county = demo.county
    assert (county.code, county.name) == (settings.HOME_COUNTY_CODE, settings.HOME_COUNTY_NAME)
    assert home_county() == county
    assert (county.parent.name, county.parent.level) == ("示范市", Region.Level.CITY)
    assert (county.parent.parent.name, county.parent.parent.level) == ("示范省", Region.Level.PROVINCE)
    assert county.path == f"{county.parent.path}{county.code}/"
    towns = Region.objects.filter(parent=county, level=Region.Level.TOWN)
    assert towns.count() == 10
    assert set(Unit.objects.filter(kind=Unit.Kind.TOWN).values_list("region", flat=True)) == set(
        towns.values_list("pk", flat=True))


def test_a_home_county_created_before_the_demo_is_moved_under_the_demo_city(db):
    county = home_county()
    assert county.parent is None

    result = load_demo(seed=1, today=TODAY)

    county.refresh_from_db()
    assert result.county.pk == county.pk
    assert county.parent.name == "示范市"
    assert county.path.startswith(county.parent.parent.path) and county.path.endswith(f"/{county.code}/")


def test_units_have_the_seed_counts(demo):
    county = demo.county
    assert county_units(county, Unit.Kind.RESPONSIBLE).count() == 26
    assert county_units(county, Unit.Kind.APPROVAL).count() == 20
    park = county_units(county, Unit.Kind.PARK).get()
    assert park.area_hectares == Decimal("715.42")
    assert county_units(county, Unit.Kind.HQ).filter(name="示范县重点项目建设协调总指挥部").exists()
    enterprises = county_units(county, Unit.Kind.ENTERPRISE)
    assert enterprises.filter(is_top500=True).count() >= 3
    seal_park_owner = enterprises.get(name="示范印章文化产业发展有限公司")
    assert seal_park_owner.children.count() == 13


def test_one_plus_eight_plus_n(demo):
    groups = WorkingGroup.objects.filter(region=demo.county)
    assert groups.count() == 8
    assert {"招商引资专项工作组", "用地报批专项工作组", "征地拆迁专项工作组"} <= set(groups.values_list("name", flat=True))
    for group in groups:
        assert group.leader_id and group.lead_unit_id and group.members.count() >= 3
    for project in Project.objects.filter(county=demo.county).select_related("team"):
        assert project.team.leader_id == project.lead_leader_id
        assert project.team.members.count() >= 4


def test_seven_chains_have_leaders_deputies_and_projects(demo):
    chains = Chain.objects.filter(region=demo.county)
    assert chains.count() == 7
    for chain in chains:
        assert chain.leader_id and chain.deputies.exists()
        assert chain.projects.exists(), chain.name


def test_projects_cover_every_level_and_stage(demo):
    projects = Project.objects.filter(county=demo.county)
    assert 55 <= projects.count() <= 65
    assert set(projects.values_list("stage", flat=True)) == set(Stage.values)
    assert set(projects.values_list("level", flat=True)) == set(Level.values)
    assert 20 <= projects.filter(level__in=[Level.PROVINCIAL, Level.MUNICIPAL]).count() <= 24
    amounts = sorted(projects.values_list("total_investment", flat=True))
    assert amounts[0] < 1000 and amounts[-1] == Decimal("750000")
    assert set(projects.values_list("funding_priority", flat=True)) == {1, 2, 3, 4}


def test_every_project_has_its_five_ones_and_three_ones(demo):
    projects = Project.objects.filter(county=demo.county).select_related("owner", "responsible_unit")
    for p in projects:
        assert p.owner.kind == Unit.Kind.ENTERPRISE
        assert p.responsible_unit.kind == Unit.Kind.RESPONSIBLE
        assert p.lead_leader_id and p.butler_id and p.police_id and p.inspector_id
        assert p.work_plan.startswith("一、项目概况") and p.content
        assert bool(p.park_id) != bool(p.town_id)
        assert 4 <= p.milestones.count() <= 6
        assert p.plans.get().year == TODAY.year
        assert p.search_key == search_key(p.name, p.owner.name)
        walk = list(p.stage_changes.order_by("changed_at").values_list("from_stage", "to_stage"))
        assert walk[0] == ("", Stage.PLANNING)
        assert [to for _, to in walk] == Stage.values[: STAGE_ORDER[p.stage] + 1]


def test_seed_projects_are_echoed(demo):
    projects = Project.objects.filter(county=demo.county)
    soda = projects.get(name="年产100万吨纯碱项目")
    assert (soda.total_investment, soda.stage, soda.level) == (Decimal("750000"), Stage.SITING, Level.PROVINCIAL)
    assert projects.get(name="燃气发电项目").total_investment > Decimal("200000")
    lithium = projects.get(name="锂电池综合回收利用项目")
    assert lithium.total_investment == Decimal("50000") and lithium.actual_start_on.year == TODAY.year
    assert "13家企业" in projects.get(name="印章文化产业园项目").content
    assert projects.filter(name__contains="纳科新材料", total_investment=Decimal("20000")).exists()
    assert projects.filter(name__contains="泵业").exists()


def test_every_role_has_an_account_that_signs_in_with_the_demo_password(demo):
    validate_password(data.DEMO_PASSWORD)
    request = RequestFactory().post("/login/")
    for role in Role.values:
        user = authenticate(request, username=role, password=data.DEMO_PASSWORD)
        assert user is not None, role
        assert RoleAssignment.objects.filter(person__user=user, role=role).exists(), role
    assert {a.username for a in demo.accounts} == set(Role.values)


def test_the_printed_password_signs_in_under_the_production_hasher(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    load_demo(seed=1, today=TODAY)

    user = authenticate(RequestFactory().post("/login/"), username=Role.HQ_OFFICE, password=data.DEMO_PASSWORD)

    assert user is not None and user.password.startswith("argon2")


def test_role_accounts_see_their_projects(demo):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=Role.values)}
    total = Project.objects.filter(county=demo.county).count()
    for role in set(Role.values) - ADMIN_ROLES:
        assert projects_visible_to(users[role]).exists(), role
    assert projects_visible_to(users[Role.HQ_OFFICE]).count() == total
    assert projects_visible_to(users[Role.COMMANDER]).count() == total
    for role in (Role.LEAD_LEADER, Role.INSPECTOR, Role.LIAISON, Role.BUTLER, Role.POLICE, Role.CHAIN_LEADER):
        assert 3 <= projects_visible_to(users[role]).count() < total, role
    chain_leader = users[Role.CHAIN_LEADER].person
    assert Project.objects.filter(chain__leader=chain_leader).count() >= 3


def test_three_administrators_are_three_people(demo):
    people = Person.objects.filter(user__username__in=[Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDITOR])
    assert people.count() == 3
    for person in people:
        assert person.roles.count() == 1


def test_same_seed_and_day_give_identical_data_and_another_seed_does_not(db):
    first = load_demo(seed=7, today=TODAY)
    before = canonical_dump(first.county.path)
    load_demo(seed=7, today=TODAY, reset=True)
    assert canonical_dump(first.county.path) == before
    load_demo(seed=8, today=TODAY, reset=True)
    other = canonical_dump(first.county.path)
    assert other["people"] != before["people"] and other["projects"] != before["projects"]


def test_loading_again_neither_duplicates_nor_fails(demo):
    counts = (Project.objects.count(), Unit.objects.count(), Person.objects.count())

    again = load_demo(seed=1, today=TODAY)

    assert not again.created
    assert (Project.objects.count(), Unit.objects.count(), Person.objects.count()) == counts
    assert {a.username for a in again.accounts} == set(Role.values)
    assert AuditEvent.objects.filter(action="demo.load").count() == 1


def test_reset_reloads_the_demo_and_leaves_other_counties_alone(demo):
    other = ProjectFactory(county=RegionFactory(code="430425", name="邻县"))
    users = dict(get_user_model().objects.values_list("username", "pk"))
    counts = (Project.objects.count(), Unit.objects.count(), Person.objects.count(), AnnualPlan.objects.count())

    load_demo(seed=1, today=TODAY, reset=True)

    assert (Project.objects.count(), Unit.objects.count(), Person.objects.count(),
            AnnualPlan.objects.count()) == counts
    assert Project.objects.filter(pk=other.pk).exists()
    assert dict(get_user_model().objects.values_list("username", "pk")) == users
    assert AuditEvent.objects.filter(action="demo.load").count() == 2


def test_delete_removes_demo_data_but_keeps_regions_and_accounts(demo):
    delete_demo()
    assert not Project.objects.filter(county=demo.county).exists()
    assert not Unit.objects.filter(region__path__startswith=demo.county.path).exists()
    assert Region.objects.filter(pk=demo.county.pk).exists()
    assert get_user_model().objects.filter(username__in=Role.values).count() == len(Role.values)


def test_names_and_codes_follow_the_configured_home_county(db, settings):
    settings.HOME_COUNTY_CODE, settings.HOME_COUNTY_NAME = "888002", "青岩县"

    result = load_demo(seed=1, today=TODAY)

    assert (result.county.code, result.county.name) == ("888002", "青岩县")
    assert result.county.parent.code == "888000" and result.county.parent.parent.code == "880000"
    assert Unit.objects.filter(name="青岩经济开发区", kind=Unit.Kind.PARK).exists()
    assert Unit.objects.filter(name="市生态环境局青岩分局", kind=Unit.Kind.APPROVAL).exists()
    assert Project.objects.filter(county=result.county, code="888002-001").exists()


def test_purge_first_deletes_the_rows_that_protect_its_targets(demo):
    from wumei.demo.bulk import purge

    units = Unit.objects.filter(region__path__startswith=demo.county.path)
    assert Project.objects.filter(owner__in=units).exists()  # Project.owner protects the enterprises

    purge(units)

    assert not units.exists()
    assert not Project.objects.filter(county=demo.county).exists()
