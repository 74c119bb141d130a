"""The problem pages: who sees what and who may act (a permission matrix per view), the list's filters, raising
with photos, statistics, the ladder page, the project panel, and bounded query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from wumei.audit.models import AuditEvent
from wumei.problems import services
from wumei.problems.models import LadderPost, Problem, ProblemTransition
from wumei.problems.tests.helpers import TODAY, d, fresh
from wumei.testing import ProjectFactory

S = Problem.Status
A = ProblemTransition.Action
# Of world.project's level-0 problem, owned by world.unit: who reads it.
READERS = ["hq", "commander", "liaison", "owner", "inspector", "lead_leader"]
OUTSIDERS = ["nobody", "other_liaison", "auditor", "vice_head"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world_(ladder, today):
    """The world with its ladder, on a frozen day."""
    return ladder


def detail_url(problem) -> str:
    return reverse("problems:problem-detail", args=[problem.pk])


def act_url(problem, action: str) -> str:
    return reverse("problems:problem-act", args=[problem.pk, action])


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


# Anonymous ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["problems:problem-list", "problems:problem-create", "problems:problem-stats",
                                  "problems:ladder"])
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


def test_anonymous_is_sent_to_login_from_a_problem_and_cannot_act(client, world_, raised):
    assert client.get(detail_url(raised)).status_code == 302
    assert client.post(act_url(raised, A.ASSIGN), {}).status_code == 302
    assert fresh(raised).status == S.OPEN


# Who sees what ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [*[(w, 200) for w in READERS], *[(w, 404) for w in OUTSIDERS]])
def test_a_problem_is_shown_to_its_projects_readers_and_hidden_from_outsiders(login, world_, raised, who, status):
    response = login(who).get(detail_url(raised))
    assert response.status_code == status
    if status == 200:
        assert "施工用电报装迟迟未接入" in response.content.decode()


@pytest.mark.parametrize("who", READERS + OUTSIDERS)
def test_the_list_holds_exactly_the_problems_the_user_may_see(login, world_, raised, who):
    other = services.raise_problem(world_.hq, world_.other, source=Problem.Source.HQ, description="环线征拆未完成",
                                   on=d(6, 2))
    names = {p.pk for p in login(who).get(reverse("problems:problem-list")).context["page"].object_list}
    assert (raised.pk in names) == (who in READERS)
    assert (other.pk in names) == (who in ("hq", "commander", "other_liaison"))


def test_a_leader_sees_problems_escalated_to_his_level_in_his_county(login, world_, raised):
    services.escalate_problem(world_.hq, raised, reason="跨部门", on=d(6, 2))
    assert login("vice_head").get(detail_url(raised)).status_code == 404  # level 1: not yet his
    services.escalate_problem(world_.lead_leader, raised, reason="需常务副县长协调", on=d(6, 3))

    response = login("vice_head").get(detail_url(raised))

    assert response.status_code == 200
    assert "确认办理解决" in response.content.decode()  # and he may decide
    listed = login("vice_head").get(reverse("problems:problem-list")).context["page"].object_list
    assert [p.pk for p in listed] == [raised.pk]


def test_the_unit_a_problem_is_assigned_to_sees_it_without_seeing_the_project(login, world_, raised):
    services.assign_problem(world_.hq, raised, owner_unit=world_.other_unit, deadline_days=5, on=d(6, 2))
    client = login("other_liaison")

    assert client.get(detail_url(raised)).status_code == 200
    assert client.get(reverse("projects:project-detail", args=[world_.project.pk])).status_code == 404
    client.post(act_url(raised, A.START), {})
    assert fresh(raised).status == S.IN_PROGRESS
    # ... and the first unit, no longer the owner, still reads it through its project but may not work on it.
    assert login("liaison").post(act_url(raised, A.SOLVE), {"solve-solution": "已解决"}).status_code == 403


# Who may act ------------------------------------------------------------------------------------------------------

def _at(world, problem, status):
    """Bring `problem` to `status` through the services."""
    if status in (S.ASSIGNED, S.IN_PROGRESS):
        services.assign_problem(world.hq, problem, owner_unit=world.unit, deadline_days=10, on=d(6, 2))
    if status == S.IN_PROGRESS:
        services.start_problem(world.liaison, problem, on=d(6, 3))
    if status == S.SOLVED:
        services.solve_problem(world.liaison, problem, solution="已通电", on=d(6, 5))
    return fresh(problem)


# (action, status the problem is brought to, POST data, who may, status after)
ACTIONS = [
    (A.ASSIGN, S.OPEN, lambda w: {"assign-owner_unit": w.unit.pk, "assign-deadline_days": 8}, {"hq"}, S.ASSIGNED),
    (A.START, S.ASSIGNED, lambda w: {}, {"hq", "liaison"}, S.IN_PROGRESS),
    (A.SOLVE, S.IN_PROGRESS, lambda w: {"solve-solution": "已协调供电公司接入"}, {"hq", "liaison"}, S.SOLVED),
    (A.CONFIRM, S.SOLVED, lambda w: {}, {"hq", "owner"}, S.CONFIRMED),
    (A.REOPEN, S.SOLVED, lambda w: {"reopen-reason": "仍未通电"}, {"hq", "owner"}, S.REOPENED),
    (A.ESCALATE, S.IN_PROGRESS, lambda w: {"escalate-reason": "需上级研究解决"}, {"hq", "liaison"}, S.IN_PROGRESS),
]


@pytest.mark.parametrize(("action", "status", "data", "doers", "after"), ACTIONS, ids=[a[0] for a in ACTIONS])
@pytest.mark.parametrize("who", READERS + OUTSIDERS)
def test_action_matrix(login, world_, raised, action, status, data, doers, after, who):
    problem = _at(world_, raised, status)
    before = ProblemTransition.objects.count()

    response = login(who).post(act_url(problem, action), data(world_))

    if who in doers:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert fresh(problem).status == after
        assert ProblemTransition.objects.count() == before + 1
        assert AuditEvent.objects.filter(action=f"problem.{action}", actor=getattr(world_, who)).exists()
    else:
        assert response.status_code == (404 if who in OUTSIDERS else 403)
        assert fresh(problem).status == status
        assert ProblemTransition.objects.count() == before


def test_an_action_the_state_does_not_allow_is_refused_with_a_message(login, world_, raised):
    response = login("hq").post(act_url(raised, A.CONFIRM), {}, follow=True)
    assert "该问题当前状态为「待交办」，不能确认办结" in response.content.decode()
    assert fresh(raised).status == S.OPEN


def test_an_action_with_missing_text_shows_the_form_again_with_the_error(login, world_, raised):
    response = login("liaison").post(act_url(raised, A.ESCALATE), {"escalate-reason": ""})
    assert response.status_code == 200
    assert "请填写原因" in response.content.decode()
    assert fresh(raised).level == 0


def test_an_unknown_action_is_not_found(login, world_, raised):
    assert login("hq").post(act_url(raised, "delete"), {}).status_code == 404


def test_the_detail_offers_only_the_users_actions(login, world_, raised):
    offered = {who: [a for a, _, _ in login(who).get(detail_url(raised)).context["action_forms"]]
               for who in ("hq", "liaison", "owner", "inspector")}
    assert offered == {"hq": [A.ASSIGN, A.SOLVE, A.ESCALATE], "liaison": [A.SOLVE, A.ESCALATE], "owner": [],
                       "inspector": []}


def test_the_detail_shows_the_history_with_who_and_why(login, world_, raised):
    services.escalate_problem(world_.liaison, raised, reason="涉及电网改造，需上级研究解决", on=d(6, 2))
    page = login("hq").get(detail_url(raised)).content.decode()
    assert "登记问题" in page and "提级办理" in page and "涉及电网改造，需上级研究解决" in page
    assert world_.liaison.person.name in page


# Rating -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [("owner", 302), *[(w, 403) for w in READERS if w != "owner"],
                                             *[(w, 404) for w in OUTSIDERS]])
def test_only_the_enterprise_rates(login, world_, raised, who, status):
    _at(world_, raised, S.SOLVED)
    response = login(who).post(reverse("problems:problem-rate", args=[raised.pk]),
                               {"rate-rating": "5", "rate-comment": "很满意"})
    assert response.status_code == status
    assert fresh(raised).rating == (5 if status == 302 else None)


def test_rating_before_solving_is_refused_with_a_message(login, world_, raised):
    response = login("owner").post(reverse("problems:problem-rate", args=[raised.pk]), {"rate-rating": "5"},
                                   follow=True)
    assert "问题解决后才能评价" in response.content.decode()
    assert fresh(raised).rating is None


# Raising ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [
    ("hq", 200), ("owner", 200), ("liaison", 200), ("lead_leader", 200), ("other_liaison", 200),
    ("inspector", 403), ("commander", 403), ("auditor", 403), ("nobody", 403),
])
def test_who_may_open_the_raise_form(login, world_, who, status):
    assert login(who).get(reverse("problems:problem-create")).status_code == status


def test_the_enterprise_raises_for_its_own_project_as_an_enterprise_problem(login, world_):
    client = login("owner")
    form = client.get(reverse("problems:problem-create") + f"?project={world_.project.pk}").context["form"]
    assert form["project"].value() == world_.project.pk
    assert list(form.fields["project"].queryset) == [world_.project]
    assert "owner_unit" not in form.fields  # only the HQ office picks the unit and the deadline

    response = client.post(reverse("problems:problem-create"), {
        "project": world_.project.pk, "source": "enterprise", "category": "water", "description": "施工用水管网未接通",
    })

    problem = Problem.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(problem)
    assert (problem.source, problem.raised_by, problem.owner_unit) == ("enterprise", world_.owner, world_.unit)
    assert problem.raised_on == TODAY


def test_the_enterprise_cannot_raise_for_another_project_or_as_the_hq_office(login, world_):
    client = login("owner")
    for data in ({"project": world_.other.pk, "source": "enterprise"}, {"project": world_.project.pk, "source": "hq"}):
        response = client.post(reverse("problems:problem-create"),
                               {"category": "water", "description": "问题", **data})
        assert response.status_code == 200 and response.context["form"].errors
    assert not Problem.objects.exists()


def test_the_hq_office_raises_with_unit_and_deadline(login, world_):
    login("hq").post(reverse("problems:problem-create"), {
        "project": world_.project.pk, "source": "reception", "category": "funds", "description": "企业家接待日反映融资难",
        "owner_unit": world_.other_unit.pk, "deadline_days": 3,
    })
    problem = Problem.objects.get()
    assert (problem.source, problem.owner_unit, problem.due_on) == ("reception", world_.other_unit, d(6, 18))


def test_a_refused_photo_does_not_lose_the_problem_or_the_good_photos(login, world_):
    good = SimpleUploadedFile("现场.jpg", jpeg(), content_type="image/jpeg")
    bad = SimpleUploadedFile("合同.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")

    response = login("liaison").post(reverse("problems:problem-create"), {
        "project": world_.project.pk, "source": "daily", "category": "land", "description": "用地红线待调整",
        "photos": [good, bad],
    }, follow=True)

    problem = Problem.objects.get()
    assert problem.photos.count() == 1
    page = response.content.decode()
    assert "合同.jpg" in page and "问题已登记" in page
    photo = problem.photos.get()
    assert login("liaison").get(reverse("problems:problem-photo", args=[problem.pk, photo.pk, "thumb"])).status_code == 200
    assert login("nobody").get(reverse("problems:problem-photo", args=[problem.pk, photo.pk, "thumb"])).status_code == 404


# Statistics and the ladder ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [("hq", 200), ("commander", 200), *[(w, 403) for w in [
    "liaison", "owner", "inspector", "lead_leader", "nobody", "other_liaison", "auditor", "vice_head"]]])
def test_statistics_are_for_the_hq_office_and_county_leaders(login, world_, who, status):
    assert login(who).get(reverse("problems:problem-stats")).status_code == status


def test_statistics_page_computes_the_headline_for_the_period(login, world_):
    for i, (raised, solved) in enumerate([(d(6, 1), d(6, 3)), (d(6, 2), None), (d(6, 8), d(6, 9)), (d(5, 29), None)]):
        problem = services.raise_problem(world_.hq, world_.project, source="hq", description=f"问题{i}", on=raised)
        if solved:
            services.solve_problem(world_.hq, problem, solution="已解决", on=solved)

    response = login("hq").get(reverse("problems:problem-stats"), {"start": "2026-06-01", "end": "2026-06-15"})

    total = response.context["total"]
    assert (total.collected, total.solved, str(total.solved_rate), str(total.median_days)) == (3, 2, "66.7", "1.5")
    assert "共收集问题 <strong>3</strong> 个，已解决 <strong>2</strong> 个" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("hq", 200), *[(w, 403) for w in [
    "commander", "liaison", "owner", "inspector", "lead_leader", "nobody", "auditor"]]])
def test_the_ladder_page_is_the_hq_offices(login, world_, who, status):
    assert login(who).get(reverse("problems:ladder")).status_code == status


def test_the_hq_office_sets_a_ladder_level(login, world_):
    LadderPost.objects.all().delete()
    response = login("hq").post(reverse("problems:ladder"), {
        "level": "2", "l2-person": world_.vice_head.person.pk, "l2-deadline_days": "4"})
    assert response.status_code == 302
    post = LadderPost.objects.get()
    assert (post.level, post.person, post.deadline_days) == (2, world_.vice_head.person, 4)
    assert AuditEvent.objects.filter(action="ladder_post.create").exists()


# The list's filters ----------------------------------------------------------------------------------------------

@pytest.fixture
def several(world_):
    """Problems of various ages, categories, levels and states (today is 06-15)."""
    w = world_
    fresh_one = services.raise_problem(w.hq, w.project, source="hq", category="land", description="新近", on=d(6, 12))
    old = services.raise_problem(w.hq, w.project, source="hq", category="funds", description="陈年", on=d(4, 1),
                                 deadline_days=5)
    services.escalate_problem(w.hq, old, reason="跨部门", on=d(4, 10))
    weeks = services.raise_problem(w.hq, w.other, source="hq", category="land", description="数周", on=d(5, 20),
                                   owner_unit=w.other_unit)
    services.solve_problem(w.hq, weeks, solution="已解决", on=d(5, 25))
    return {"fresh": fresh_one.pk, "old": old.pk, "weeks": weeks.pk}


@pytest.mark.parametrize(("query", "expected"), [
    ({}, {"fresh", "old", "weeks"}),
    ({"status": "active"}, {"fresh", "old"}),
    ({"status": "solved"}, {"weeks"}),
    ({"category": "land"}, {"fresh", "weeks"}),
    ({"level": "1"}, {"old"}),
    ({"age": "lt7"}, {"fresh"}),
    ({"age": "7to30"}, {"weeks"}),
    ({"age": "gt30"}, {"old"}),
    ({"overdue": "on"}, {"old"}),
    ({"source": "daily"}, set()),
])
def test_list_filters(login, world_, several, query, expected):
    response = login("hq").get(reverse("problems:problem-list"), query)
    names = {k for k, pk in several.items() if pk in {p.pk for p in response.context["page"].object_list}}
    assert names == expected


def test_list_filters_by_unit_and_project(login, world_, several):
    client = login("hq")
    by_unit = client.get(reverse("problems:problem-list"), {"unit": world_.other_unit.pk}).context["page"]
    by_project = client.get(reverse("problems:problem-list"), {"project": world_.other.pk})
    assert [p.pk for p in by_unit.object_list] == [several["weeks"]]
    assert [p.pk for p in by_project.context["page"].object_list] == [several["weeks"]]
    assert by_project.context["project"] == world_.other


def test_list_sorts_by_age(login, world_, several):
    oldest_first = login("hq").get(reverse("problems:problem-list"), {"sort": "age"}).context["page"].object_list
    assert [p.pk for p in oldest_first] == [several["old"], several["weeks"], several["fresh"]]


# The project page's panel --------------------------------------------------------------------------------------------

def test_project_panel_lists_open_problems_and_offers_raising_to_who_may(world_, several, rf,
                                                                        django_assert_max_num_queries):
    template = Template("{% load problems_tags %}{% problems_project_panel project user %}")
    project = type(world_.project).objects.select_related("county").get(pk=world_.project.pk)
    with django_assert_max_num_queries(4):
        html = template.render(Context({"project": project, "user": world_.owner}))
    assert "未办结 <strong>2</strong> 个" in html and "逾期 <strong>1</strong> 个" in html
    assert "反映问题" in html and "陈年" in html
    assert "反映问题" not in template.render(Context({"project": project, "user": world_.inspector}))


# Query bounds -------------------------------------------------------------------------------------------------------

def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _many(world, count: int) -> None:
    for i in range(count):
        project = ProjectFactory(county=world.county, responsible_unit=world.unit)
        problem = services.raise_problem(world.hq, project, source="hq", description=f"问题{i}", on=d(6, 1))
        services.escalate_problem(world.hq, problem, reason="提级", on=d(6, 2))
        services.escalate_problem(world.hq, problem, reason="需常务副县长研究", on=d(6, 3))


@pytest.mark.parametrize("who", ["hq", "liaison", "vice_head"])
def test_list_query_count_does_not_grow_with_the_number_of_problems(login, world_, who,
                                                                      django_assert_max_num_queries):
    client = login(who)
    _many(world_, 2)
    few = _queries(client, reverse("problems:problem-list"))
    _many(world_, 25)
    with django_assert_max_num_queries(16):  # 12 of the page, 3 of the session's sliding expiry
        many = _queries(client, reverse("problems:problem-list"))
    assert many == few


def test_detail_and_statistics_query_counts_are_bounded(login, world_, raised, django_assert_max_num_queries):
    for day in (2, 3, 4):
        services.escalate_problem(world_.hq, raised, reason="提级", on=d(6, day))
    _many(world_, 20)
    client = login("hq")
    with django_assert_max_num_queries(20):
        client.get(detail_url(raised))
    with django_assert_max_num_queries(14):
        client.get(reverse("problems:problem-stats"))


def test_a_leader_sees_the_photos_of_a_problem_escalated_to_him_though_not_the_projects(login, world_):
    login("liaison").post(reverse("problems:problem-create"), {
        "project": world_.project.pk, "source": "daily", "category": "land", "description": "用地红线待调整",
        "photos": [SimpleUploadedFile("现场.jpg", jpeg(), content_type="image/jpeg")],
    })
    problem = Problem.objects.get()
    photo = problem.photos.get()
    url = reverse("problems:problem-photo", args=[problem.pk, photo.pk, "full"])
    assert login("vice_head").get(url).status_code == 404
    services.escalate_problem(world_.hq, problem, reason="跨部门", on=d(6, 2))
    services.escalate_problem(world_.hq, problem, reason="需常务副县长协调", on=d(6, 3))

    assert login("vice_head").get(url).status_code == 200
    assert login("vice_head").get(reverse("photos:photo-file", args=[photo.pk, "full"])).status_code == 404
    assert login("vice_head").get(reverse("problems:problem-photo", args=[problem.pk, photo.pk, "huge"])).status_code == 404


@pytest.mark.parametrize("who", ["commander", "liaison", "owner", "vice_head", "nobody"])
def test_only_the_hq_office_may_post_to_the_ladder_page(login, world_, who):
    response = login(who).post(reverse("problems:ladder"), {
        "level": "2", "l2-person": world_.commander.person.pk, "l2-deadline_days": "9"})
    assert response.status_code == 403
    assert LadderPost.objects.get(level=2).person == world_.vice_head.person
