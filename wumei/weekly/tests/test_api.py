"""The 每周必访 API: every endpoint × every kind of caller, scoped like the pages; and what comes back."""

import datetime

import pytest

from wumei.api.tests.support import ApiClient, errors_of
from wumei.weekly import services
from wumei.weekly.models import Visit
from wumei.weekly.tests.conftest import DAY

EVERYONE = ["nobody", "liaison", "other_liaison", "inspector", "commander", "hq", "lead_leader", "secretary",
            "other_leader", "chain_leader", "other_chain_leader", "owner"]


@pytest.fixture
def api(client):
    return ApiClient(client)


def expect(default, **special):
    return {None: 401, **{who: special.get(who, default) for who in EVERYONE}}


def a_visit(w):
    return services.log_visit(w.lead_leader, w.project, visited_on=DAY, findings="现场查看", today=DAY).visit


ENDPOINTS = {
    "list visits": ("GET", lambda w: "/visits", None, expect(200)),
    "get visit": ("GET", lambda w: f"/visits/{a_visit(w).pk}", None,
                  expect(404, hq=200, lead_leader=200, secretary=200, commander=200, liaison=200, inspector=200,
                         owner=200, chain_leader=200)),
    "log visit": ("POST", lambda w: "/visits",
                  lambda w: {"project": w.project.pk, "visited_on": "2026-06-10", "findings": "主体施工中"},
                  expect(404, hq=201, lead_leader=201, secretary=201, commander=403, liaison=403, inspector=403,
                         owner=403, chain_leader=403)),
    "coverage": ("GET", lambda w: "/visit-coverage", None,
                 expect(403, hq=200, commander=200, lead_leader=200, secretary=200, other_leader=200)),
    "list leads": ("GET", lambda w: "/leads", None, expect(200)),
    "get lead": ("GET", lambda w: f"/leads/{w.lead.pk}", None, expect(404, hq=200, commander=200, chain_leader=200)),
    "lead figures": ("GET", lambda w: "/lead-figures", None, expect(403, hq=200, commander=200)),
}


def _cases():
    for name, (*_, expected) in ENDPOINTS.items():
        for who, status in expected.items():
            yield pytest.param(name, who, status, id=f"{name} · {who or 'anonymous'} → {status}")


@pytest.mark.parametrize("endpoint, who, status", list(_cases()))
def test_each_endpoint_answers_each_caller_by_scope(api, weekly, today, endpoint, who, status):
    method, path, body, _ = ENDPOINTS[endpoint]

    response = api.request(method, path(weekly), as_=getattr(weekly, who) if who else None,
                           body=body(weekly) if body else None)

    assert response.status_code == status, response.content.decode()
    if status == 403:
        assert "权限" in response.json()["detail"] or "不能" in response.json()["detail"]


def test_visit_list_holds_exactly_the_visits_the_caller_may_read(api, weekly, today):
    mine = a_visit(weekly)
    theirs = services.log_visit(weekly.hq, weekly.other, visited_on=DAY, findings="查看", today=DAY).visit

    def ids(who):
        return {v["id"] for v in api.get("/visits", as_=getattr(weekly, who)).json()["items"]}

    assert ids("hq") == {mine.pk, theirs.pk}
    assert ids("secretary") == {mine.pk}
    assert ids("other_leader") == {theirs.pk}
    assert ids("nobody") == set()


def test_a_logged_visit_comes_back_whole(api, weekly, today):
    response = api.post("/visits", {
        "project": weekly.project.pk, "visited_on": "2026-06-09", "findings": "设备安装调试中",
        "companions": [weekly.inspector.person.pk], "companions_note": "县工信局局长",
        "problems": [{"description": "施工用水管网未接通", "category": "water"}],
    }, as_=weekly.secretary)

    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert body["leader"] == {"id": weekly.lead_leader.person.pk, "name": weekly.lead_leader.person.name}
    assert body["visited_on"] == "2026-06-09" and body["companions"][0]["id"] == weekly.inspector.person.pk
    assert body["problems"][0]["category"] == "water" and body["problems"][0]["status_label"] == "待交办"
    assert body["recorded_by"] == "秘书小周" and body["photos"] == []


@pytest.mark.parametrize("body, field, message", [
    ({"visited_on": "2026-06-11"}, "visited_on", "走访日期不能晚于今天"),
    ({"findings": ""}, "findings", "不能为空"),
    ({"companions": [999999]}, "companions", "所选随行人员不存在，或不属于示范县"),
    ({"problems": [{"description": "用地", "category": "nonsense"}]}, "problems.0.category", None),
])
def test_a_wrong_visit_is_refused_field_by_field(api, weekly, today, body, field, message):
    payload = {"project": weekly.project.pk, "visited_on": "2026-06-10", "findings": "查看", **body}

    errors = errors_of(api.post("/visits", payload, as_=weekly.lead_leader))

    assert field in errors and (message is None or errors[field] == message)
    assert not Visit.objects.exists()


def test_coverage_lists_visited_and_missing_projects_per_leader(api, weekly, today):
    a_visit(weekly)

    rows = api.get("/visit-coverage?week=2026-06-14", as_=weekly.hq).json()

    by_leader = {r["leader"]["id"]: r for r in rows}
    mine, theirs = by_leader[weekly.lead_leader.person.pk], by_leader[weekly.other_leader.person.pk]
    assert (mine["week_start"], mine["week_end"], mine["week_label"]) == ("2026-06-08", "2026-06-14", "2026年第24周")
    assert (mine["due_count"], mine["visited_count"], mine["rate"]) == (1, 1, "100.0")
    assert theirs["rate"] == "0.0" and theirs["not_visited"] == [{"id": weekly.other.pk, "name": weekly.other.name}]
    assert [r["leader"]["id"] for r in api.get("/visit-coverage", as_=weekly.secretary).json()] == [
        weekly.lead_leader.person.pk]


def test_lead_list_is_scoped_and_filtered(api, weekly, today):
    def names(who, query=""):
        return {lead["name"] for lead in api.get(f"/leads{query}", as_=getattr(weekly, who)).json()["items"]}

    assert names("hq") == {weekly.lead.name, weekly.other_lead.name}
    assert names("chain_leader") == {weekly.lead.name}
    assert names("lead_leader") == set()
    assert names("hq", "?place=town") == {weekly.other_lead.name}
    assert names("hq", "?top500=true") == {weekly.lead.name}


def test_lead_amounts_are_strings_of_wan(api, weekly, today):
    body = api.get(f"/leads/{weekly.lead.pk}", as_=weekly.hq).json()

    assert body["amount_wan"] == "60000.0000" and body["stage_label"] == "开工" and body["park"]["name"] == "示范经济开发区"


def test_lead_figures_follow_their_definitions(api, weekly, today):
    [row] = api.get("/lead-figures", as_=weekly.commander).json()

    county, park = row["county_figures"], row["park_figures"]
    assert row["on"] == "2026-06-10" and row["county"]["code"] == weekly.county.code
    assert (county["signed_count"], county["signed_amount_wan"], county["top500_count"]) == (2, "96000.0000", 1)
    assert (county["fulfilment_fulfilled"], county["fulfilment_due"], county["fulfilment_rate"]) == (1, 2, "50.0")
    assert (park["signed_count"], park["started_count"], park["fulfilment_rate"]) == (1, 1, "100.0")
    earlier = api.get("/lead-figures?on=2026-03-15", as_=weekly.commander).json()[0]["county_figures"]
    assert earlier["signed_count"] == 2 and earlier["fulfilment_rate"] is None


def test_figures_cannot_be_asked_for_a_day_after_today(api, weekly, today):
    row = api.get(f"/lead-figures?on={DAY + datetime.timedelta(days=30)}", as_=weekly.hq).json()[0]

    assert row["on"] == "2026-06-10"


def test_visit_list_queries_are_bounded(api, weekly, today, django_assert_max_num_queries):
    from wumei.weekly.tests.support import image_file

    for i in range(12):
        services.log_visit(weekly.hq, weekly.project, visited_on=DAY - datetime.timedelta(days=i), findings="查看",
                           today=DAY, companions=[weekly.inspector.person], photos=[image_file()],
                           problems=[{"description": f"问题{i}", "category": "other"}])
    api.key_for(weekly.hq)

    with django_assert_max_num_queries(12):
        body = api.get("/visits?week=2026-06-10", as_=weekly.hq).json()

    assert body["count"] == 3 and all(len(v["photos"]) == 1 and len(v["problems"]) == 1 for v in body["items"])
