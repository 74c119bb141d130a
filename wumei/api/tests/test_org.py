"""The organisation through the API: scoped by region, phones masked, who-am-I."""

import pytest

from wumei.org.models import Chain, Region, Role, Unit, WorkingGroup
from wumei.testing import PersonFactory, RegionFactory, UnitFactory, user_with_role


def _items(response) -> list[dict]:
    assert response.status_code == 200, response.content.decode()
    return response.json()["items"]


@pytest.fixture
def town(world):
    region = Region.objects.create(code="430424101", name="洪市镇", level=Region.Level.TOWN, parent=world.county)
    return UnitFactory(name="洪市镇人民政府", kind=Unit.Kind.TOWN, region=region)


def test_region_readers_see_their_region_and_below_but_not_beyond(api, world, town):
    RegionFactory(code="430426", name="邻县")
    UnitFactory(name="邻县发改局", region=Region.objects.get(code="430426"))

    regions = {r["name"] for r in _items(api.get("/regions", as_=world.commander))}
    units = {u["name"] for u in _items(api.get("/units?page_size=200", as_=world.commander))}

    assert regions == {"示范县", "洪市镇"}
    assert "洪市镇人民政府" in units and "邻县发改局" not in units


def test_other_roles_see_only_their_own_unit_and_its_people(api, world, town):
    colleague = PersonFactory(name="李同事", region=world.county, unit=world.unit)
    PersonFactory(name="外单位人员", region=world.county, unit=world.other_unit)

    units = {u["name"] for u in _items(api.get("/units", as_=world.liaison))}
    people = {p["name"] for p in _items(api.get("/people", as_=world.liaison))}
    regions = {r["name"] for r in _items(api.get("/regions", as_=world.liaison))}

    assert units == {"县工业和信息化局"}
    assert people == {colleague.name, world.liaison.person.name}
    assert regions == {"示范县"}


def test_someone_without_a_person_sees_no_organisation(api, world):
    for path in ("/regions", "/units", "/people", "/chains", "/working-groups"):
        assert _items(api.get(path, as_=world.nobody)) == []


@pytest.mark.parametrize("who, phone", [
    ("hq", "13812341234"),
    ("sys_admin", "13812341234"),
    ("commander", "138****1234"),
    ("liaison", "138****1234"),
])
def test_phone_numbers_are_masked_except_for_hq_office_and_sys_admin(api, world, who, phone):
    world.sys_admin = user_with_role(Role.SYS_ADMIN, world.county, username="sys_admin")
    PersonFactory(name="王手机", region=world.county, unit=world.unit, phone="13812341234")

    people = {p["name"]: p for p in _items(api.get("/people?q=王手机", as_=getattr(world, who)))}

    assert people["王手机"]["phone"] == phone


def test_people_cannot_be_searched_by_phone_number(api, world):
    PersonFactory(name="王手机", region=world.county, unit=world.unit, phone="13812341234")

    assert _items(api.get("/people?q=1381234", as_=world.commander)) == []


def test_people_filter_by_unit_and_show_their_roles(api, world):
    people = _items(api.get(f"/people?unit={world.unit.pk}", as_=world.hq))

    assert [p["name"] for p in people] == [world.liaison.person.name]
    assert people[0]["roles"] == [{
        "role": "liaison", "role_label": "项目联络员",
        "region": {"id": world.county.pk, "name": "示范县", "code": "430424"},
        "unit": {"id": world.unit.pk, "name": "县工业和信息化局"},
    }]


def test_units_filter_by_kind_and_name(api, world, town):
    assert [u["name"] for u in _items(api.get("/units?kind=town", as_=world.hq))] == ["洪市镇人民政府"]
    assert [u["name"] for u in _items(api.get("/units?q=交通", as_=world.hq))] == ["县交通运输局"]
    enterprise = api.get(f"/units/{world.enterprise.pk}", as_=world.hq).json()
    assert (enterprise["kind"], enterprise["kind_label"]) == ("enterprise", "企业")
    assert api.get("/units?kind=ministry", as_=world.hq).status_code == 422


def test_chains_and_working_groups_with_their_people(api, world):
    leader, deputy = PersonFactory(name="链长甲", region=world.county), PersonFactory(name="副链长乙",
                                                                                     region=world.county)
    chain = Chain.objects.create(region=world.county, name="盐化工产业链", leader=leader)
    chain.deputies.add(deputy)
    group = WorkingGroup.objects.create(region=world.county, name="用地报批专项工作组", leader=leader,
                                        lead_unit=world.unit)
    group.members.add(deputy, leader)

    chains = _items(api.get("/chains", as_=world.liaison))
    groups = _items(api.get("/working-groups", as_=world.liaison))

    assert chains[0]["leader"]["name"] == "链长甲" and [d["name"] for d in chains[0]["deputies"]] == ["副链长乙"]
    assert groups[0]["lead_unit"]["name"] == "县工业和信息化局"
    assert {m["name"] for m in groups[0]["members"]} == {"链长甲", "副链长乙"}


def test_me_tells_who_is_asking_and_what_he_may_do(api, world):
    hq = api.get("/me", as_=world.hq).json()
    nobody = api.get("/me", as_=world.nobody).json()

    assert hq["person"]["name"] == world.hq.person.name and hq["can_create_projects"] is True
    assert [(r["role"], r["role_label"]) for r in hq["roles"]] == [("hq_office", "指挥部办公室")]
    assert nobody == {"username": "nobody", "name": "nobody", "person": None, "roles": [],
                      "is_superuser": False, "can_create_projects": False}


@pytest.mark.parametrize("path", ["/people", "/chains", "/working-groups", "/units"])
def test_organisation_lists_are_not_n_plus_one(api, world, path, django_assert_max_num_queries):
    for i in range(20):
        person = PersonFactory(region=world.county, unit=world.unit)
        user_with_role(Role.LIAISON, world.county, world.unit, username=f"liaison{i}")
        chain = Chain.objects.create(region=world.county, name=f"产业链{i}", leader=person)
        chain.deputies.add(person)
        group = WorkingGroup.objects.create(region=world.county, name=f"工作组{i}", leader=person,
                                            lead_unit=world.unit)
        group.members.add(person)
        UnitFactory(region=world.county)
    api.key_for(world.hq)

    # token, last use, person, roles, page, count, and one prefetch for the people's roles or members
    with django_assert_max_num_queries(7):
        items = _items(api.get(f"{path}?page_size=200", as_=world.hq))

    assert len(items) >= 20
