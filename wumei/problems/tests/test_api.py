"""The problems API: every endpoint × every kind of caller, scoped like the pages; raising, acting, rating,
statistics; Chinese errors; bounded queries.

Of world.project's problem (level 0, owned by world.unit, raised by the enterprise): hq, commander, liaison,
owner, inspector and lead_leader read it; nobody, other_liaison, auditor and vice_head are outsiders (404).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wumei.api.tests.support import errors_of
from wumei.problems import services
from wumei.problems.models import Problem, ProblemTransition
from wumei.problems.tests.helpers import d, fresh
from wumei.testing import ProjectFactory

S = Problem.Status
A = ProblemTransition.Action
READERS = ["hq", "commander", "liaison", "owner", "inspector", "lead_leader"]
OUTSIDERS = ["nobody", "other_liaison", "auditor", "vice_head"]
CALLERS = [None, *READERS, *OUTSIDERS]


@pytest.fixture
def w(ladder, today):
    return ladder


def caller(world, who):
    return None if who is None else getattr(world, who)


def solved(world, problem):
    services.solve_problem(world.liaison, problem, solution="已通电", on=d(6, 5))
    return problem


# (name, method, path, body, state, doers): doers get 200, other readers 403, outsiders 404, anonymous 401.
ENDPOINTS = [
    ("get", "GET", "/problems/{id}", None, None, set(READERS)),
    ("transitions", "GET", "/problems/{id}/transitions", None, None, set(READERS)),
    ("assign", "POST", "/problems/{id}/transition",
     lambda w: {"action": "assign", "owner_unit": w.unit.pk, "deadline_days": 5}, None, {"hq"}),
    ("solve", "POST", "/problems/{id}/transition", lambda w: {"action": "solve", "solution": "协调解决"}, None,
     {"hq", "liaison"}),
    ("confirm", "POST", "/problems/{id}/transition", lambda w: {"action": "confirm"}, solved, {"hq", "owner"}),
    ("reopen", "POST", "/problems/{id}/transition", lambda w: {"action": "reopen", "reason": "仍未通电"}, solved,
     {"hq", "owner"}),
    ("escalate", "POST", "/problems/{id}/escalate", lambda w: {"reason": "需上级研究解决"}, None, {"hq", "liaison"}),
    ("rate", "POST", "/problems/{id}/rate", lambda w: {"rating": 5, "comment": "满意"}, solved, {"owner"}),
]


def _cases():
    for name, method, path, body, state, doers in ENDPOINTS:
        for who in CALLERS:
            if who is None:
                status = 401
            elif who in doers:
                status = 200
            else:
                status = 403 if who in READERS else 404
            yield pytest.param(method, path, body, state, who, status, id=f"{name} · {who} → {status}")


@pytest.mark.parametrize(("method", "path", "body", "state", "who", "status"), list(_cases()))
def test_endpoint_answers_each_caller_by_scope(api, w, raised, method, path, body, state, who, status):
    if state:
        state(w, raised)
    before = ProblemTransition.objects.count()

    response = api.request(method, path.format(id=raised.pk), as_=caller(w, who), body=body(w) if body else None)

    assert response.status_code == status, response.content.decode()
    if status == 401:
        assert response.json()["detail"] == "未登录或令牌无效"
    if status == 403:
        assert "权限" in response.json()["detail"]
    if status >= 400 and method == "POST":
        assert ProblemTransition.objects.count() == before
        assert fresh(raised).rating is None


@pytest.mark.parametrize("who", CALLERS)
def test_list_holds_exactly_the_callers_problems(api, w, raised, who):
    other = services.raise_problem(w.hq, w.other, source="hq", description="环线征拆未完成", on=d(6, 2))
    response = api.get("/problems", as_=caller(w, who))
    if who is None:
        assert response.status_code == 401
        return
    ids = {p["id"] for p in response.json()["items"]}
    assert (raised.pk in ids) == (who in READERS)
    assert (other.pk in ids) == (who in ("hq", "commander", "other_liaison"))


def test_list_filters_like_the_page(api, w, raised):
    services.escalate_problem(w.hq, raised, reason="跨部门", on=d(6, 2))
    services.raise_problem(w.hq, w.project, source="hq", category="funds", description="资金缺口", on=d(6, 12))

    def ids(**query):
        response = api.get("/problems?" + "&".join(f"{k}={v}" for k, v in query.items()), as_=w.hq)
        assert response.status_code == 200, response.content.decode()
        return [p["description"] for p in response.json()["items"]]

    assert ids(level=1) == [raised.description]
    assert ids(category="funds") == ["资金缺口"]
    assert ids(age="gt30") == [] and ids(age="7to30") == [raised.description]
    assert ids(sort="age") == [raised.description, "资金缺口"]
    assert ids(status="active", source="enterprise") == [raised.description]


def test_a_problem_reads_with_what_the_caller_may_do(api, w, raised):
    body = api.get(f"/problems/{raised.pk}", as_=w.liaison).json()
    assert body["status"] == "open" and body["status_label"] == "待交办"
    assert body["level"] == 0 and body["level_label"] == "责任单位"
    assert body["raised_by"] == w.owner.person.name and body["owner_unit"]["id"] == w.unit.pk
    assert body["allowed_actions"] == ["solve", "escalate"] and body["can_rate"] is False
    assert body["is_overdue"] is False and body["level_due_on"] == "2026-06-15"
    assert api.get(f"/problems/{raised.pk}", as_=w.owner).json()["allowed_actions"] == []


def test_escalating_through_the_api_climbs_and_tells_the_next_holder(api, w, raised):
    response = api.post(f"/problems/{raised.pk}/escalate", {"reason": "涉及电网改造"}, as_=w.liaison)
    assert response.json()["level"] == 1 and response.json()["allowed_actions"] == ["solve"]
    leader_view = api.get(f"/problems/{raised.pk}", as_=w.lead_leader).json()
    assert leader_view["allowed_actions"] == ["solve", "escalate"]
    history = api.get(f"/problems/{raised.pk}/transitions", as_=w.hq).json()["items"]
    assert [(t["action"], t["from_level"], t["to_level"], t["reason"]) for t in history] == [
        ("raise", None, 0, "登记问题"), ("escalate", 0, 1, "涉及电网改造")]
    assert history[1]["actor"] == w.liaison.person.name and history[1]["is_automatic"] is False


def test_a_state_the_action_does_not_fit_is_a_conflict(api, w, raised):
    response = api.post(f"/problems/{raised.pk}/transition", {"action": "confirm"}, as_=w.hq)
    assert response.status_code == 409
    assert response.json()["detail"] == "该问题当前状态为「待交办」，不能确认办结"


def test_missing_texts_are_field_errors_in_chinese(api, w, raised):
    assert errors_of(api.post(f"/problems/{raised.pk}/transition", {"action": "solve"}, as_=w.hq)) == {
        "solution": "请填写解决情况（如何解决的）"}
    assert errors_of(api.post(f"/problems/{raised.pk}/escalate", {"reason": ""}, as_=w.hq)) == {"reason": "不能为空"}
    assert errors_of(api.post(f"/problems/{raised.pk}/transition", {"action": "assign"}, as_=w.hq)) == {
        "owner_unit": "交办时请指定承办单位"}
    assert "action" in errors_of(api.post(f"/problems/{raised.pk}/transition", {"action": "delete"}, as_=w.hq))


def test_rating_twice_is_a_conflict(api, w, raised):
    solved(w, raised)
    assert api.post(f"/problems/{raised.pk}/rate", {"rating": 4}, as_=w.owner).json()["rating"] == 4
    second = api.post(f"/problems/{raised.pk}/rate", {"rating": 1}, as_=w.owner)
    assert second.status_code == 409 and second.json()["detail"] == "该问题已评价过，不能重复评价"
    assert "rating" in errors_of(api.post(f"/problems/{raised.pk}/rate", {"rating": 6}, as_=w.owner))


# Raising ---------------------------------------------------------------------------------------------------------------

def test_the_enterprise_raises_for_its_own_project(api, w):
    response = api.post("/problems", {"project": w.project.pk, "category": "water", "description": "施工用水未接通"},
                        as_=w.owner)
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert (body["source"], body["category"], body["raised_by"]) == ("enterprise", "water", w.owner.person.name)
    assert Problem.objects.get().raised_by == w.owner


@pytest.mark.parametrize(("who", "body", "status"), [
    ("owner", {"project": "other"}, 422),                      # not his project: he cannot even see it
    ("owner", {"source": "hq"}, 422),                          # not his source
    ("owner", {"owner_unit": "unit"}, 403),                    # only the HQ office picks the unit
    ("owner", {"deadline_days": 3}, 403),
    ("inspector", {}, 403),                                    # a reader reads
    ("commander", {}, 403),
    ("nobody", {}, 422),
    (None, {}, 401),
])
def test_raising_is_refused_outside_ones_own_projects_and_powers(api, w, who, body, status):
    payload = {"project": w.project.pk, "category": "land", "description": "用地问题", **body}
    payload["project"] = w.other.pk if payload["project"] == "other" else payload["project"]
    if payload.get("owner_unit") == "unit":
        payload["owner_unit"] = w.other_unit.pk
    response = api.post("/problems", payload, as_=caller(w, who))
    assert response.status_code == status, response.content.decode()
    assert not Problem.objects.exists()


def test_the_hq_office_raises_with_unit_and_deadline(api, w):
    response = api.post("/problems", {"project": w.other.pk, "source": "reception", "category": "funds",
                                      "description": "接待日反映融资难", "owner_unit": w.unit.pk, "deadline_days": 3},
                        as_=w.hq)
    assert response.status_code == 201
    assert (response.json()["owner_unit"]["id"], response.json()["due_on"]) == (w.unit.pk, "2026-06-18")


# Statistics -------------------------------------------------------------------------------------------------------------

def test_statistics_by_hand_computed_values(api, w):
    for i, (raised_on, solved_on, category) in enumerate(
            [(d(6, 1), d(6, 3), "land"), (d(6, 2), None, "land"), (d(6, 8), d(6, 9), "power"), (d(5, 29), None, "land")]):
        problem = services.raise_problem(w.hq, w.project, source="hq", category=category, description=f"问题{i}",
                                         on=raised_on)
        if solved_on:
            services.solve_problem(w.hq, problem, solution="已解决", on=solved_on)

    body = api.get("/problems/statistics?start=2026-06-01&end=2026-06-15", as_=w.commander).json()

    assert body["total"] == {"key": "", "collected": 3, "solved": 2, "solved_rate": "66.7", "median_days": "1.5"}
    assert body["by_category"] == [
        {"key": "land", "collected": 2, "solved": 1, "solved_rate": "50.0", "median_days": "2"},
        {"key": "power", "collected": 1, "solved": 1, "solved_rate": "100.0", "median_days": "1"},
    ]
    assert body["by_unit"] == [{"key": w.unit.name, "collected": 3, "solved": 2, "solved_rate": "66.7",
                                "median_days": "1.5"}]
    assert body["by_level"] == [{"key": "0", "collected": 3, "solved": 2, "solved_rate": "66.7", "median_days": "1.5"}]


@pytest.mark.parametrize(("who", "status"), [("hq", 200), ("commander", 200), ("liaison", 403), ("owner", 403),
                                             ("nobody", 403), (None, 401)])
def test_statistics_are_for_the_hq_office_and_county_leaders(api, w, who, status):
    assert api.get("/problems/statistics", as_=caller(w, who)).status_code == status


def test_statistics_refuse_a_period_ending_before_it_starts(api, w):
    assert errors_of(api.get("/problems/statistics?start=2026-06-10&end=2026-06-01", as_=w.hq)) == {
        "end": "截止日期不能早于起始日期"}


# Query bounds ------------------------------------------------------------------------------------------------------------

def test_list_query_count_does_not_grow_with_the_number_of_problems(api, w, django_assert_max_num_queries):
    def many(count):
        for i in range(count):
            project = ProjectFactory(county=w.county, responsible_unit=w.unit)
            services.raise_problem(w.hq, project, source="hq", description=f"问题{i}", on=d(6, 1))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/problems", as_=w.liaison).status_code == 200
        return len(ctx.captured_queries)

    many(2)
    count()  # the token's first use is recorded once a minute: not part of the page
    few = count()
    many(30)
    with django_assert_max_num_queries(10):
        assert count() == few
