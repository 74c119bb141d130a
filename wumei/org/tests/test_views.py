from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wumei.audit.models import AuditEvent
from wumei.org.models import Chain, Person, Region, Role, RoleAssignment, Unit, WorkingGroup
from wumei.projects.models import Team
from wumei.testing import (
    ChainFactory,
    PersonFactory,
    ProjectFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
    user_with_role,
)

LIST_PAGES = ["org:unit-list", "org:region-list", "org:person-list", "org:group-list", "org:team-list",
              "org:chain-list"]
STRONG = "Qingyan-2026-zhuanban"


def _user(world, sys_admin, who):
    return sys_admin if who == "sys_admin" else getattr(world, who)


# Permission matrix ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", LIST_PAGES)
def test_anonymous_is_sent_to_login_from_org_pages(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize("who", ["nobody", "liaison", "auditor", "owner", "lead_leader"])
def test_users_without_org_role_get_403(client, world, name, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", LIST_PAGES)
@pytest.mark.parametrize("who", ["hq", "commander", "sys_admin"])
def test_org_readers_read_org_pages(client, world, sys_admin, name, who):
    client.force_login(_user(world, sys_admin, who))
    assert client.get(reverse(name)).status_code == 200


def _write_pages(world):
    person = PersonFactory(name="李四", region=world.county, unit=world.unit)
    group = WorkingGroup.objects.create(region=world.county, name="招商引资组")
    chain = ChainFactory(region=world.county, name="新材料产业链")
    return [
        reverse("org:unit-create"), reverse("org:unit-edit", args=[world.unit.pk]),
        reverse("org:region-create"), reverse("org:region-edit", args=[world.county.pk]),
        reverse("org:person-create"), reverse("org:person-edit", args=[person.pk]),
        reverse("org:group-create"), reverse("org:group-edit", args=[group.pk]),
        reverse("org:chain-create"), reverse("org:chain-edit", args=[chain.pk]),
    ]


def test_commander_reads_but_may_not_write(client, world):
    client.force_login(world.commander)
    for url in _write_pages(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "改名"}).status_code == 403, url
    assert not AuditEvent.objects.exists()


def test_non_readers_may_not_write(client, world):
    client.force_login(world.nobody)
    for url in _write_pages(world):
        assert client.post(url, {"name": "改名"}).status_code == 403, url


@pytest.mark.parametrize("who", ["hq", "sys_admin"])
def test_editors_open_every_form(client, world, sys_admin, who):
    client.force_login(_user(world, sys_admin, who))
    for url in _write_pages(world):
        assert client.get(url).status_code == 200, url


def test_anonymous_post_is_sent_to_login(client, world):
    for url in _write_pages(world):
        response = client.post(url, {"name": "改名"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


# Scope ---------------------------------------------------------------------------------------------------


def test_objects_of_another_county_are_404(client, world, far):
    group = WorkingGroup.objects.create(region=far.county, name="用地报批组")
    chain = ChainFactory(region=far.county, name="远方产业链")
    client.force_login(world.hq)
    for url in [
        reverse("org:unit-detail", args=[far.unit.pk]), reverse("org:unit-edit", args=[far.unit.pk]),
        reverse("org:person-detail", args=[far.person.pk]), reverse("org:person-edit", args=[far.person.pk]),
        reverse("org:region-edit", args=[far.county.pk]), reverse("org:group-edit", args=[group.pk]),
        reverse("org:chain-edit", args=[chain.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("org:role-assign", args=[far.person.pk]),
                       {"role": Role.LIAISON}).status_code == 404
    assert client.get(reverse("org:unit-list") + f"?region={far.county.pk}").status_code == 404


def test_lists_show_only_the_readers_scope(client, world, far):
    WorkingGroup.objects.create(region=far.county, name="远方工作组")
    ChainFactory(region=far.county, name="远方产业链")
    far_project = ProjectFactory(name="远方项目", county=far.county)
    Team.objects.create(project=far_project, name="远方专班")
    Team.objects.create(project=world.project, name="纯碱项目专班")
    client.force_login(world.commander)
    pages = {name: client.get(reverse(name)).content.decode() for name in LIST_PAGES}
    assert world.unit.name in pages["org:unit-list"]
    assert far.unit.name not in pages["org:unit-list"]
    assert far.person.name not in pages["org:person-list"]
    assert far.county.name not in pages["org:region-list"]
    assert world.county.name in pages["org:region-list"]
    assert "远方工作组" not in pages["org:group-list"]
    assert "远方产业链" not in pages["org:chain-list"]
    assert "纯碱项目专班" in pages["org:team-list"]
    assert "远方专班" not in pages["org:team-list"]


def test_a_city_reader_sees_the_counties_below(client, world, far):
    city = RegionFactory(code="4304", name="示范市", level=Region.Level.CITY)
    world.county.parent = city
    world.county.save()
    world.unit.refresh_from_db()
    reader = user_with_role(Role.COMMANDER, city, username="city_commander")
    client.force_login(reader)
    content = client.get(reverse("org:unit-list")).content.decode()
    assert world.unit.name in content
    assert far.unit.name not in content


# Units ---------------------------------------------------------------------------------------------------


def test_unit_list_counts_units_per_kind(client, world):
    for i in range(3):
        UnitFactory(name=f"审批部门{i}", kind=Unit.Kind.APPROVAL, region=world.county)
    client.force_login(world.hq)
    response = client.get(reverse("org:unit-list"))
    content = response.content.decode()
    assert "行政审批服务部门 3" in content
    assert "项目责任单位 2" in content
    assert "企业 1" in content


def test_unit_list_filters_by_kind_and_searches_names(client, world):
    UnitFactory(name="县自然资源局", short_name="资源局", kind=Unit.Kind.APPROVAL, region=world.county)
    client.force_login(world.hq)
    by_kind = client.get(reverse("org:unit-list"), {"kind": Unit.Kind.APPROVAL})
    assert list(by_kind.context["page"]) == list(Unit.objects.filter(name="县自然资源局"))
    by_name = client.get(reverse("org:unit-list"), {"q": "交通"})
    assert [u.name for u in by_name.context["page"]] == ["县交通运输局"]
    by_short_name = client.get(reverse("org:unit-list"), {"q": "资源局"})
    assert [u.name for u in by_short_name.context["page"]] == ["县自然资源局"]


def _count_queries(client, url):
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_unit_list_query_count_does_not_grow_with_units(client, world, django_assert_max_num_queries):
    parent = UnitFactory(name="县发改局", region=world.county)
    client.force_login(world.hq)
    url = reverse("org:unit-list")
    with django_assert_max_num_queries(11):
        client.get(url)
    few = _count_queries(client, url)
    for i in range(30):
        UnitFactory(name=f"单位{i}", region=world.county, parent=parent)
    many = _count_queries(client, url)
    assert few == many


def test_unit_detail_shows_people_projects_and_park_area(client, world):
    park = UnitFactory(name="衡东高新区", kind=Unit.Kind.PARK, region=world.county, area_hectares=Decimal("1234.50"))
    ProjectFactory(name="园区标准厂房项目", county=world.county, park=park, responsible_unit=world.unit)
    PersonFactory(name="王五", region=world.county, unit=world.unit, phone="13812341234")
    client.force_login(world.commander)
    unit_page = client.get(reverse("org:unit-detail", args=[world.unit.pk])).content.decode()
    assert "王五" in unit_page
    assert world.project.name in unit_page
    assert "园区标准厂房项目" in unit_page
    park_page = client.get(reverse("org:unit-detail", args=[park.pk])).content.decode()
    assert "1234.50 公顷" in park_page
    assert "园区标准厂房项目" in park_page
    owner_page = client.get(reverse("org:unit-detail", args=[world.enterprise.pk])).content.decode()
    assert world.project.name in owner_page


def test_hq_office_creates_a_unit_with_an_audit_event(client, world):
    client.force_login(world.hq)
    response = client.post(reverse("org:unit-create"), {
        "name": "县住房和城乡建设局", "kind": Unit.Kind.APPROVAL, "region": world.county.pk, "is_active": "on",
    })
    unit = Unit.objects.get(name="县住房和城乡建设局")
    assert response.status_code == 302
    assert response["Location"] == reverse("org:unit-detail", args=[unit.pk])
    event = AuditEvent.objects.get(action="unit.create")
    assert event.actor == world.hq
    assert event.object_id == str(unit.pk)


def test_editing_a_unit_records_before_and_after(client, world):
    client.force_login(world.hq)
    response = client.post(reverse("org:unit-edit", args=[world.unit.pk]), {
        "name": "县工业和信息化局（改）", "kind": Unit.Kind.RESPONSIBLE, "region": world.county.pk,
        "contact_phone": "0734-5221234", "is_active": "on",
    })
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="unit.update")
    assert event.before["name"] == "县工业和信息化局"
    assert event.after["name"] == "县工业和信息化局（改）"


def test_a_unit_cannot_be_put_in_a_region_outside_scope(client, world, far):
    client.force_login(world.hq)
    response = client.post(reverse("org:unit-create"), {
        "name": "越界单位", "kind": Unit.Kind.RESPONSIBLE, "region": far.county.pk,
    })
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert not Unit.objects.filter(name="越界单位").exists()


# People --------------------------------------------------------------------------------------------------


@pytest.fixture
def zhang(world):
    return PersonFactory(name="张三", region=world.county, unit=world.unit, title="副局长", phone="13812341234")


def test_commander_sees_masked_phone_numbers(client, world, zhang):
    client.force_login(world.commander)
    for url in [reverse("org:person-list"), reverse("org:person-detail", args=[zhang.pk]),
                reverse("org:unit-detail", args=[world.unit.pk])]:
        content = client.get(url).content.decode()
        assert "138****1234" in content, url
        assert "13812341234" not in content, url


@pytest.mark.parametrize("who", ["hq", "sys_admin"])
def test_hq_office_and_sys_admin_may_reveal_phone_numbers(client, world, sys_admin, zhang, who):
    """Masked on screen for them too; the 「显示」 button fetches the full number (audited: wumei/web/phones.py)."""
    client.force_login(_user(world, sys_admin, who))
    for url in [reverse("org:person-list"), reverse("org:person-detail", args=[zhang.pk])]:
        content = client.get(url).content.decode()
        assert "138****1234" in content and "13812341234" not in content, url
        assert reverse("web:reveal-phone", args=[zhang.pk]) in content, url


def test_person_list_filters_by_unit_role_and_name(client, world, zhang):
    client.force_login(world.hq)
    url = reverse("org:person-list")
    assert [p.name for p in client.get(url, {"q": "张三"}).context["page"]] == ["张三"]
    by_unit = {p.pk for p in client.get(url, {"unit": world.unit.pk}).context["page"]}
    assert by_unit == {zhang.pk, world.liaison.person.pk}
    by_role = [p.pk for p in client.get(url, {"role": Role.AUDITOR}).context["page"]]
    assert by_role == [world.auditor.person.pk]


def test_person_list_query_count_does_not_grow_with_people(client, world, django_assert_max_num_queries):
    client.force_login(world.hq)
    url = reverse("org:person-list")
    with django_assert_max_num_queries(12):
        client.get(url)
    few = _count_queries(client, url)
    for i in range(30):
        person = PersonFactory(name=f"人员{i}", region=world.county, unit=world.unit)
        RoleAssignment.objects.create(person=person, role=Role.BUTLER, region=world.county)
    many = _count_queries(client, url)
    assert few == many


def test_hq_office_creates_and_edits_a_person(client, world):
    client.force_login(world.hq)
    response = client.post(reverse("org:person-create"), {
        "name": "赵六", "title": "股长", "unit": world.unit.pk, "region": world.county.pk,
        "phone": "13700001234", "is_active": "on",
    })
    person = Person.objects.get(name="赵六")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="person.create", object_id=str(person.pk)).exists()
    client.post(reverse("org:person-edit", args=[person.pk]), {
        "name": "赵六", "title": "副局长", "unit": world.unit.pk, "region": world.county.pk,
        "phone": "13700001234", "is_active": "on",
    })
    event = AuditEvent.objects.get(action="person.update")
    assert (event.before["title"], event.after["title"]) == ("股长", "副局长")


def test_a_bad_phone_number_is_refused(client, world):
    client.force_login(world.hq)
    response = client.post(reverse("org:person-create"), {
        "name": "赵六", "region": world.county.pk, "phone": "不是电话",
    })
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors


# Roles ---------------------------------------------------------------------------------------------------


def test_hq_office_assigns_a_role_with_an_audit_event(client, world, zhang):
    client.force_login(world.hq)
    response = client.post(reverse("org:role-assign", args=[zhang.pk]), {
        "role": Role.LIAISON, "region": world.county.pk, "unit": world.unit.pk,
    })
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(person=zhang, role=Role.LIAISON)
    event = AuditEvent.objects.get(action="role.assign")
    assert event.actor == world.hq
    assert event.object_id == str(assignment.pk)
    assert event.after["unit_id"] == world.unit.pk


def test_assigning_the_same_role_twice_keeps_one(client, world, zhang):
    client.force_login(world.hq)
    data = {"role": Role.BUTLER, "region": world.county.pk}
    client.post(reverse("org:role-assign", args=[zhang.pk]), data)
    client.post(reverse("org:role-assign", args=[zhang.pk]), data)
    assert RoleAssignment.objects.filter(person=zhang, role=Role.BUTLER).count() == 1
    assert AuditEvent.objects.filter(action="role.assign").count() == 1


def test_a_liaison_role_needs_a_unit(client, world, zhang):
    client.force_login(world.hq)
    client.post(reverse("org:role-assign", args=[zhang.pk]), {"role": Role.LIAISON, "region": world.county.pk})
    assert not RoleAssignment.objects.filter(person=zhang).exists()


def test_a_role_cannot_be_given_in_a_region_outside_scope(client, world, zhang, far):
    client.force_login(world.hq)
    client.post(reverse("org:role-assign", args=[zhang.pk]), {"role": Role.BUTLER, "region": far.county.pk})
    assert not RoleAssignment.objects.filter(person=zhang).exists()


@pytest.mark.parametrize("who", ["hq", "sys_admin"])
@pytest.mark.parametrize("role", [Role.AUDITOR, Role.SYS_ADMIN, Role.SEC_ADMIN])
def test_only_a_superuser_hands_out_the_three_administrator_roles(client, world, sys_admin, zhang, who, role):
    client.force_login(_user(world, sys_admin, who))
    client.post(reverse("org:role-assign", args=[zhang.pk]), {"role": role, "region": world.county.pk})
    assert not RoleAssignment.objects.filter(person=zhang).exists()
    root = UserFactory(username="root", is_superuser=True)
    client.force_login(root)
    client.post(reverse("org:role-assign", args=[zhang.pk]), {"role": role, "region": world.county.pk})
    assert RoleAssignment.objects.filter(person=zhang, role=role).exists()


def test_an_editor_may_not_change_his_own_roles(client, world):
    client.force_login(world.hq)
    response = client.post(reverse("org:role-assign", args=[world.hq.person.pk]),
                           {"role": Role.COMMANDER, "region": world.county.pk})
    assert response.status_code == 403
    own = world.hq.person.roles.get()
    assert client.post(reverse("org:role-revoke", args=[own.pk])).status_code == 403
    assert world.hq.person.roles.count() == 1


def test_commander_may_not_assign_or_revoke_roles(client, world, zhang):
    client.force_login(world.commander)
    assert client.post(reverse("org:role-assign", args=[zhang.pk]),
                       {"role": Role.BUTLER, "region": world.county.pk}).status_code == 403
    assignment = world.liaison.person.roles.get()
    assert client.post(reverse("org:role-revoke", args=[assignment.pk])).status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_hq_office_revokes_a_role_with_an_audit_event(client, world):
    assignment = world.liaison.person.roles.get()
    client.force_login(world.hq)
    response = client.post(reverse("org:role-revoke", args=[assignment.pk]))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = AuditEvent.objects.get(action="role.revoke")
    assert event.before["role"] == Role.LIAISON
    assert event.actor == world.hq


def test_hq_office_may_not_revoke_an_administrator_role(client, world):
    assignment = world.auditor.person.roles.get()
    client.force_login(world.hq)
    assert client.post(reverse("org:role-revoke", args=[assignment.pk])).status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_revoking_a_role_in_another_county_is_404(client, world, far):
    assignment = RoleAssignment.objects.create(person=far.person, role=Role.BUTLER, region=far.county)
    client.force_login(world.hq)
    assert client.post(reverse("org:role-revoke", args=[assignment.pk])).status_code == 404
    assert client.get(reverse("org:role-revoke", args=[assignment.pk])).status_code == 405


# Logins --------------------------------------------------------------------------------------------------


def _login_data(username="zhangsan", password=STRONG):
    return {"username": username, "password1": password, "password2": password}


def test_sys_admin_creates_a_login_with_an_audit_event(client, world, sys_admin, zhang):
    client.force_login(sys_admin)
    response = client.post(reverse("org:person-create-login", args=[zhang.pk]), _login_data())
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.user.username == "zhangsan"
    assert zhang.user.check_password(STRONG)
    assert STRONG not in zhang.user.password
    event = AuditEvent.objects.get(action="user.create")
    assert event.actor == sys_admin
    assert event.after == {"username": "zhangsan", "person": zhang.pk}
    assert STRONG not in str(event.after)


@pytest.mark.parametrize("who", ["hq", "commander", "nobody", "auditor"])
def test_only_sys_admin_creates_logins(client, world, zhang, who):
    client.force_login(getattr(world, who))
    url = reverse("org:person-create-login", args=[zhang.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _login_data()).status_code == 403
    assert not get_user_model().objects.filter(username="zhangsan").exists()


def test_hq_office_sees_no_login_button(client, world, sys_admin, zhang):
    url = reverse("org:person-detail", args=[zhang.pk])
    login_url = reverse("org:person-create-login", args=[zhang.pk])
    client.force_login(world.hq)
    assert login_url not in client.get(url).content.decode()
    client.force_login(sys_admin)
    assert login_url in client.get(url).content.decode()


@pytest.mark.parametrize("password", ["12345678", "password", "zhangsan1", "Ab1!"])
def test_weak_initial_passwords_are_refused(client, world, sys_admin, zhang, password):
    client.force_login(sys_admin)
    response = client.post(reverse("org:person-create-login", args=[zhang.pk]), _login_data(password=password))
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    zhang.refresh_from_db()
    assert zhang.user is None
    assert not AuditEvent.objects.filter(action="user.create").exists()


def test_a_taken_username_or_mismatched_passwords_are_refused(client, world, sys_admin, zhang):
    client.force_login(sys_admin)
    url = reverse("org:person-create-login", args=[zhang.pk])
    taken = client.post(url, _login_data(username="HQ_Office"))
    assert "username" in taken.context["form"].errors
    mismatch = client.post(url, {"username": "zhangsan", "password1": STRONG, "password2": STRONG + "x"})
    assert "password2" in mismatch.context["form"].errors
    zhang.refresh_from_db()
    assert zhang.user is None


def test_a_person_with_a_login_gets_no_second_one(client, world, sys_admin):
    client.force_login(sys_admin)
    response = client.post(reverse("org:person-create-login", args=[world.liaison.person.pk]), _login_data())
    assert response.status_code == 403


def test_accounts_of_the_three_administrators_are_a_superusers_job(client, world, sys_admin):
    auditor_person = PersonFactory(name="审计员乙", region=world.county)
    RoleAssignment.objects.create(person=auditor_person, role=Role.AUDITOR, region=world.county)
    url = reverse("org:person-create-login", args=[auditor_person.pk])
    client.force_login(sys_admin)
    assert client.post(url, _login_data(username="auditor2")).status_code == 403
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.post(url, _login_data(username="auditor2")).status_code == 302


def test_a_new_login_can_sign_in(client, world, sys_admin, zhang):
    client.force_login(sys_admin)
    client.post(reverse("org:person-create-login", args=[zhang.pk]), _login_data())
    client.logout()
    response = client.post(reverse("web:login"), {"username": "zhangsan", "password": STRONG})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:project-list")


# Regions -------------------------------------------------------------------------------------------------


def test_region_tree_shows_towns_below_the_county(client, world):
    town = RegionFactory(code="430424100", name="城关镇", level=Region.Level.TOWN, parent=world.county)
    client.force_login(world.commander)
    response = client.get(reverse("org:region-list"))
    regions = response.context["regions"]
    assert [r.name for r in regions] == ["示范县", "城关镇"]
    assert [r.depth for r in regions] == [0, 1]
    assert town.path == "/430424/430424100/"


def test_hq_office_adds_a_town_below_its_county(client, world):
    client.force_login(world.hq)
    response = client.post(reverse("org:region-create"), {
        "code": "430424101", "name": "吴集镇", "level": Region.Level.TOWN, "parent": world.county.pk,
    })
    assert response.status_code == 302
    town = Region.objects.get(code="430424101")
    assert town.path == "/430424/430424101/"
    assert AuditEvent.objects.filter(action="region.create", object_id=str(town.pk)).exists()


def test_a_region_must_be_below_a_region_in_scope_and_of_a_lower_level(client, world, far):
    client.force_login(world.hq)
    outside = client.post(reverse("org:region-create"), {
        "code": "430500101", "name": "越界镇", "level": Region.Level.TOWN, "parent": far.county.pk,
    })
    assert "parent" in outside.context["form"].errors
    no_parent = client.post(reverse("org:region-create"), {
        "code": "430999", "name": "无上级县", "level": Region.Level.COUNTY,
    })
    assert "parent" in no_parent.context["form"].errors
    upside_down = client.post(reverse("org:region-create"), {
        "code": "4304", "name": "倒挂市", "level": Region.Level.CITY, "parent": world.county.pk,
    })
    assert "level" in upside_down.context["form"].errors
    assert not Region.objects.filter(name__in=["越界镇", "无上级县", "倒挂市"]).exists()


def test_a_region_with_towns_keeps_its_code(client, world):
    RegionFactory(code="430424100", name="城关镇", level=Region.Level.TOWN, parent=world.county)
    client.force_login(world.hq)
    response = client.post(reverse("org:region-edit", args=[world.county.pk]), {
        "code": "430499", "name": "示范县（新名）", "level": Region.Level.COUNTY,
    })
    assert response.status_code == 302
    world.county.refresh_from_db()
    assert (world.county.code, world.county.name) == ("430424", "示范县（新名）")
    assert AuditEvent.objects.get(action="region.update").after["name"] == "示范县（新名）"


def test_the_service_refuses_to_move_a_region_with_children(world):
    from django.core.exceptions import ValidationError

    from wumei.org.services import save_region_in_tree

    RegionFactory(code="430424100", name="城关镇", level=Region.Level.TOWN, parent=world.county)
    with pytest.raises(ValidationError) as error:
        save_region_in_tree(world.hq, {"code": "430499"}, world.county)
    assert "code" in error.value.message_dict
    assert not AuditEvent.objects.filter(action="region.update").exists()


# Working groups, teams, chains ---------------------------------------------------------------------------


def test_hq_office_edits_a_working_groups_members(client, world, zhang):
    group = WorkingGroup.objects.create(region=world.county, name="征地拆迁组")
    client.force_login(world.hq)
    response = client.post(reverse("org:group-edit", args=[group.pk]), {
        "name": "征地拆迁组", "region": world.county.pk, "leader": world.commander.person.pk,
        "lead_unit": world.unit.pk, "members": [zhang.pk, world.hq.person.pk], "duties": "负责征地拆迁",
    })
    assert response.status_code == 302
    assert set(group.members.values_list("pk", flat=True)) == {zhang.pk, world.hq.person.pk}
    event = AuditEvent.objects.get(action="working_group.update")
    assert event.after["members"] == sorted([zhang.pk, world.hq.person.pk])
    page = client.get(reverse("org:group-list")).content.decode()
    assert "征地拆迁组" in page and "张三" in page and world.unit.name in page


def test_working_group_members_come_from_the_scope(client, world, far):
    group = WorkingGroup.objects.create(region=world.county, name="征地拆迁组")
    client.force_login(world.hq)
    response = client.post(reverse("org:group-edit", args=[group.pk]), {
        "name": "征地拆迁组", "region": world.county.pk, "members": [far.person.pk],
    })
    assert "members" in response.context["form"].errors
    assert not group.members.exists()


def test_team_overview_shows_project_leader_and_member_count(client, world, zhang):
    team = Team.objects.create(project=world.project, name="纯碱项目专班", leader=zhang)
    team.members.set([zhang, world.hq.person, world.liaison.person])
    client.force_login(world.commander)
    response = client.get(reverse("org:team-list"))
    [row] = list(response.context["page"])
    assert (row.project.name, row.leader.name, row.member_count) == (world.project.name, "张三", 3)


def test_chain_list_shows_leader_deputies_and_project_count(client, world, zhang):
    chain = ChainFactory(region=world.county, name="一金产业链", leader=world.commander.person)
    chain.deputies.set([zhang])
    world.project.chain = chain
    world.project.save()
    client.force_login(world.hq)
    response = client.get(reverse("org:chain-list"))
    [row] = list(response.context["chains"])
    assert row.project_count == 1
    assert "张三" in response.content.decode()


def test_hq_office_changes_a_chains_leader_and_deputies(client, world, zhang):
    chain = ChainFactory(region=world.county, name="一金产业链")
    client.force_login(world.hq)
    response = client.post(reverse("org:chain-edit", args=[chain.pk]), {
        "name": "一金产业链", "region": world.county.pk, "leader": world.commander.person.pk, "deputies": [zhang.pk],
    })
    assert response.status_code == 302
    chain.refresh_from_db()
    assert chain.leader == world.commander.person
    assert list(chain.deputies.all()) == [zhang]
    event = AuditEvent.objects.get(action="chain.update")
    assert (event.before["leader_id"], event.after["leader_id"]) == (None, world.commander.person.pk)
    assert event.after["deputies"] == [zhang.pk]


def test_a_chain_leader_cannot_also_be_its_deputy(client, world, zhang):
    client.force_login(world.hq)
    response = client.post(reverse("org:chain-create"), {
        "name": "三特产业链", "region": world.county.pk, "leader": zhang.pk, "deputies": [zhang.pk],
    })
    assert "deputies" in response.context["form"].errors
    assert not Chain.objects.filter(name="三特产业链").exists()


def _one_of_each(world, i):
    person = PersonFactory(name=f"成员{i}", region=world.county)
    group = WorkingGroup.objects.create(region=world.county, name=f"工作组{i}", leader=person, lead_unit=world.unit)
    group.members.set([person, world.hq.person])
    chain = ChainFactory(region=world.county, name=f"产业链{i}", leader=person)
    chain.deputies.set([person])
    project = ProjectFactory(name=f"项目{i}", county=world.county, chain=chain)
    team = Team.objects.create(project=project, name=f"专班{i}", leader=person)
    team.members.set([person])
    RegionFactory(code=f"4304242{i:02d}", name=f"镇{i}", level=Region.Level.TOWN, parent=world.county)


@pytest.mark.parametrize("name", ["org:group-list", "org:chain-list", "org:team-list", "org:region-list"])
def test_overview_query_count_does_not_grow(client, world, name):
    client.force_login(world.hq)
    url = reverse(name)
    _one_of_each(world, 0)
    few = _count_queries(client, url)
    for i in range(1, 10):
        _one_of_each(world, i)
    assert _count_queries(client, url) == few
    assert few <= 10


def test_the_three_administrators_people_are_kept_by_a_superuser_only(client, world, sys_admin):
    auditor = world.auditor.person
    data = {"name": auditor.name, "region": world.county.pk}  # would switch the auditor off: no is_active
    for editor in [world.hq, sys_admin]:
        client.force_login(editor)
        assert client.get(reverse("org:person-edit", args=[auditor.pk])).status_code == 403
        assert client.post(reverse("org:person-edit", args=[auditor.pk]), data).status_code == 403
        assert client.post(reverse("org:role-assign", args=[auditor.pk]),
                           {"role": Role.HQ_OFFICE, "region": world.county.pk}).status_code == 403
    auditor.refresh_from_db()
    assert auditor.is_active
    assert list(auditor.roles.values_list("role", flat=True)) == [Role.AUDITOR]
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.post(reverse("org:person-edit", args=[auditor.pk]), data).status_code == 302
    auditor.refresh_from_db()
    assert not auditor.is_active


def test_unit_list_narrows_to_a_region_and_the_regions_below(client, world):
    town = RegionFactory(code="430424100", name="城关镇", level=Region.Level.TOWN, parent=world.county)
    town_unit = UnitFactory(name="城关镇人民政府", kind=Unit.Kind.TOWN, region=town)
    client.force_login(world.commander)
    in_town = client.get(reverse("org:unit-list"), {"region": town.pk})
    assert list(in_town.context["page"]) == [town_unit]
    in_county = client.get(reverse("org:unit-list"), {"region": world.county.pk})
    assert town_unit in list(in_county.context["page"])
    assert world.unit in list(in_county.context["page"])
