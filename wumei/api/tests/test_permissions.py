"""Every endpoint × every kind of caller, using conftest's `world`.

Projects are scoped like the pages: hq (whole county) and liaison (his unit's project) edit world.project;
inspector, commander, owner (the enterprise) and lead_leader read it; nobody, other_liaison and auditor
are outsiders to it. An outsider gets 404, a reader 403 on writes, the anonymous caller 401.
"""

import pytest

from wumei.org.models import Chain, WorkingGroup

CALLERS = {
    "anonymous": [None],
    "outsider": ["nobody", "other_liaison", "auditor"],
    "reader": ["inspector", "commander", "owner", "lead_leader"],
    "editor": ["liaison", "hq"],
}

READ = {"anonymous": 401, "outsider": 404, "reader": 200, "editor": 200}
WRITE = {"anonymous": 401, "outsider": 404, "reader": 403, "editor": 200}
# Registering a project is the hq office's alone: even the liaison who edits world.project may not.
CREATE = {"anonymous": 401, "outsider": 403, "reader": 403, "editor": 403, "hq": 201}

PROJECT_ENDPOINTS = [
    ("GET", "/projects/{project}", None, READ),
    ("GET", "/projects/{project}/stage-changes", None, READ),
    ("GET", "/projects/{project}/milestones", None, READ),
    ("GET", "/projects/{project}/plans", None, READ),
    ("GET", "/projects/{project}/progress", None, READ),
    ("PATCH", "/projects/{project}", lambda w: {"version": w.project.version, "content": "年产纯碱100万吨"}, WRITE),
    ("POST", "/projects/{project}/stage", lambda w: {"stage": "pre_review"}, WRITE),
    ("POST", "/projects", lambda w: {"name": "新登记项目", "total_investment_wan": "5000"}, CREATE),
]


def _cases(endpoints):
    for method, path, body, expected in endpoints:
        for column, names in CALLERS.items():
            for name in names:
                status = expected.get(name, expected[column])
                yield pytest.param(method, path, body, name, status,
                                   id=f"{method} {path} · {column} {name or ''} → {status}")


def _caller(world, name):
    return None if name is None else getattr(world, name)


@pytest.mark.parametrize("method, path, body, who, status", list(_cases(PROJECT_ENDPOINTS)))
def test_project_endpoint_answers_each_caller_by_scope(api, world, method, path, body, who, status):
    response = api.request(method, path.format(project=world.project.pk), as_=_caller(world, who),
                           body=body(world) if body else None)

    assert response.status_code == status, response.content.decode()
    detail = response.json()["detail"] if status >= 400 else None
    if status == 401:
        assert detail == "未登录或令牌无效"
    if status == 403:
        assert "权限" in detail


LIST = {"anonymous": 401, "outsider": 200, "reader": 200, "editor": 200}


@pytest.mark.parametrize("method, path, body, who, status", list(_cases([("GET", "/projects", None, LIST)])))
def test_project_list_holds_exactly_the_callers_projects(api, world, method, path, body, who, status):
    response = api.get(path, as_=_caller(world, who))

    assert response.status_code == status
    if status == 200:
        names = {p["name"] for p in response.json()["items"]}
        assert (world.project.name in names) == (who not in CALLERS["outsider"])
        assert (world.other.name in names) == (who in ("hq", "commander", "other_liaison"))


# The organisation is read-only. hq and commander see the whole county; other roles see the regions
# they hold a role in (so its chains and working groups) and, of units and people, only their own unit.
EVERYONE_WITH_A_ROLE = {"inspector", "commander", "owner", "lead_leader", "liaison", "hq", "other_liaison",
                        "auditor"}
SEES_WORLD_UNIT = {"hq", "commander", "liaison"}
ORG_CALLERS = [None, "nobody", *sorted(EVERYONE_WITH_A_ROLE)]


def _org_world(world):
    chain = Chain.objects.create(region=world.county, name="新材料产业链")
    group = WorkingGroup.objects.create(region=world.county, name="招商引资专项工作组")
    return {
        "/regions": (world.county.pk, EVERYONE_WITH_A_ROLE),
        "/units": (world.unit.pk, SEES_WORLD_UNIT),
        "/people": (world.liaison.person.pk, SEES_WORLD_UNIT),
        "/chains": (chain.pk, EVERYONE_WITH_A_ROLE),
        "/working-groups": (group.pk, EVERYONE_WITH_A_ROLE),
    }


@pytest.mark.parametrize("who", ORG_CALLERS, ids=lambda who: who or "anonymous")
@pytest.mark.parametrize("path", ["/regions", "/units", "/people", "/chains", "/working-groups"])
def test_organisation_lists_are_scoped_to_the_callers_regions_and_unit(api, world, path, who):
    object_id, seen_by = _org_world(world)[path]

    response = api.get(path, as_=_caller(world, who))

    if who is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert (object_id in {item["id"] for item in response.json()["items"]}) == (who in seen_by)


@pytest.mark.parametrize("who", ORG_CALLERS, ids=lambda who: who or "anonymous")
def test_unit_detail_is_404_outside_the_callers_scope(api, world, who):
    response = api.get(f"/units/{world.unit.pk}", as_=_caller(world, who))

    expected = 401 if who is None else 200 if who in SEES_WORLD_UNIT else 404
    assert response.status_code == expected


@pytest.mark.parametrize("who", ORG_CALLERS, ids=lambda who: who or "anonymous")
def test_me_answers_every_signed_in_caller(api, world, who):
    response = api.get("/me", as_=_caller(world, who))

    assert response.status_code == (401 if who is None else 200)
    if who is not None:
        assert response.json()["username"] == _caller(world, who).username
