"""The four lists' pages: a permission matrix per page, the list's filters, the four lists of a project, the
forms and actions, and bounded query counts."""

import datetime

import pytest
from django.urls import reverse

from wumei.problems.models import Problem
from wumei.problems.services import raise_problem
from wumei.tasks.models import Task
from wumei.tasks.services import create_task
from wumei.testing import ProjectFactory

D = datetime.date
LIST = reverse("tasks:task-list")


def lists_url(project, which=""):
    url = reverse("tasks:project-lists", args=[project.pk])
    return f"{url}?list={which}" if which else url


def detail_url(task):
    return reverse("tasks:task-detail", args=[task.pk])


def titles(response) -> set[str]:
    return {task.title for task in response.context["page"].object_list}


# Anonymous -------------------------------------------------------------------------------------------------------

def test_anonymous_is_sent_to_login_from_every_page(client, world, tasks):
    urls = [LIST, reverse("tasks:task-create"), lists_url(world.project), detail_url(tasks.dekad),
            reverse("tasks:task-edit", args=[tasks.dekad.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("web:login")), url
    assert client.post(reverse("tasks:task-act", args=[tasks.dekad.pk, "complete"]), {}).status_code == 302
    assert Task.objects.get(pk=tasks.dekad.pk).status == Task.Status.OPEN


# Who sees which tasks --------------------------------------------------------------------------------------------

PROJECT_TASKS = {"完成环评批复", "完成施工图审查", "办理用地预审", "主体结构封顶"}
OTHER_TASKS = {"完成线路征拆", "办理跨线施工许可"}


@pytest.mark.parametrize(("who", "expected"), [
    ("hq", PROJECT_TASKS | OTHER_TASKS),
    ("commander", PROJECT_TASKS | OTHER_TASKS),
    # A liaison sees his unit's projects' tasks, and the task his unit answers for on another project.
    ("liaison", PROJECT_TASKS | {"办理跨线施工许可"}),
    ("other_liaison", OTHER_TASKS),
    ("inspector", PROJECT_TASKS),
    ("lead_leader", PROJECT_TASKS),
    ("owner", PROJECT_TASKS),
    ("nobody", set()),
    ("auditor", set()),
])
def test_the_list_holds_exactly_the_tasks_the_user_may_see(login, tasks, who, expected):
    response = login(who).get(LIST)
    assert response.status_code == 200
    assert titles(response) == expected


@pytest.mark.parametrize(("who", "status"), [
    ("hq", 200), ("commander", 200), ("liaison", 200), ("inspector", 200), ("lead_leader", 200), ("owner", 200),
    ("other_liaison", 404), ("nobody", 404), ("auditor", 404),
])
def test_a_projects_four_lists_are_shown_to_its_readers_only(login, world, tasks, who, status):
    for which in ("task", "responsibility", "problem", "deadline"):
        assert login(who).get(lists_url(world.project, which)).status_code == status


@pytest.mark.parametrize(("who", "status"), [
    ("hq", 200), ("liaison", 200), ("other_liaison", 200), ("commander", 200), ("inspector", 404), ("nobody", 404),
])
def test_a_task_is_shown_to_whoever_may_see_it(login, tasks, who, status):
    # tasks.shared: world.other's task that world.unit answers for.
    assert login(who).get(detail_url(tasks.shared)).status_code == status


# Filters ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("overdue=on", {"完成环评批复", "办理跨线施工许可"}),
    ("dekad=on", {"完成施工图审查", "办理跨线施工许可"}),  # 2026-06中旬: 11–20 June
    ("status=done", {"办理用地预审"}),
    ("source=commitment", {"完成环评批复"}),
])
def test_the_list_filters_by_overdue_dekad_status_and_source(login, tasks, query, expected):
    response = login("hq").get(f"{LIST}?{query}")
    assert titles(response) == expected


def test_the_list_filters_by_project_and_by_owner_unit(login, world, tasks):
    assert titles(login("hq").get(f"{LIST}?project={world.other.pk}")) == OTHER_TASKS
    assert titles(login("hq").get(f"{LIST}?unit={world.unit.pk}")) == PROJECT_TASKS | {"办理跨线施工许可"}


def test_the_list_counts_and_marks_overdue_tasks(login, tasks):
    response = login("hq").get(LIST)
    assert response.context["counts"] == {"total": 6, "open": 5, "overdue": 2, "dekad": 2, "done": 1}
    assert "逾期14天" in response.content.decode()


def test_the_list_page_runs_a_bounded_number_of_queries(login, world, tasks, django_assert_max_num_queries):
    for n in range(40):
        create_task(world.hq, ProjectFactory(county=world.county, responsible_unit=world.unit),
                    title=f"任务{n}", due_on=D(2026, 6, 1 + n % 28))
    client = login("hq")
    with django_assert_max_num_queries(14):
        response = client.get(f"{LIST}?overdue=on")
    assert response.status_code == 200 and len(response.context["page"].object_list) == 25


# The four lists --------------------------------------------------------------------------------------------------

def test_the_four_lists_show_tasks_owners_open_problems_and_deadlines(login, world, tasks):
    raise_problem(world.hq, world.project, source=Problem.Source.HQ, description="施工用电报装迟迟未接入",
                  on=D(2026, 6, 1))
    client = login("liaison")
    task_page = client.get(lists_url(world.project, "task")).content.decode()
    assert "完成环评批复" in task_page and "已完成" in task_page
    responsibility = client.get(lists_url(world.project, "responsibility"))
    assert [g.unit for g in responsibility.context["responsibilities"]] == ["县工业和信息化局"]
    assert "lead_leader" not in responsibility.content.decode()  # names, not codes
    problems = client.get(lists_url(world.project, "problem"))
    assert "施工用电报装迟迟未接入" in problems.content.decode()
    deadlines = client.get(lists_url(world.project, "deadline"))
    states = [(t.title, str(state), late) for t, state, late in deadlines.context["deadlines"]]
    assert states[0] == ("完成环评批复", "overdue", 14)
    assert states[-1][0] == "办理用地预审"


def test_the_four_lists_page_runs_a_bounded_number_of_queries(login, world, tasks, django_assert_max_num_queries):
    for n in range(30):
        create_task(world.hq, world.project, title=f"任务{n}", due_on=D(2026, 7, 1 + n % 28))
    client = login("hq")
    for which in ("task", "responsibility", "problem", "deadline"):
        with django_assert_max_num_queries(14):
            assert client.get(lists_url(world.project, which)).status_code == 200


# Forms and actions -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [("hq", 200), ("liaison", 200), ("commander", 403),
                                             ("inspector", 403), ("nobody", 403)])
def test_who_may_open_the_create_form(login, world, tasks, who, status):
    assert login(who).get(reverse("tasks:task-create")).status_code == status


def test_a_liaison_adds_a_task_to_his_projects_lists(login, world, tasks, today):
    client = login("liaison")
    url = f"{reverse('tasks:task-create')}?project={world.project.pk}"
    response = client.post(url, {"project": world.project.pk, "title": "完成设备安装", "due_on": "2026-08-01",
                                 "source": Task.Source.UNIT})
    assert response.status_code == 302 and response["Location"] == lists_url(world.project, "task")
    task = Task.objects.get(title="完成设备安装")
    assert (task.project, task.owner_unit, task.source, task.created_by) == (
        world.project, world.unit, Task.Source.UNIT, world.liaison)


def test_a_liaison_cannot_add_a_task_to_another_units_project(login, world, tasks):
    client = login("liaison")
    assert client.get(f"{reverse('tasks:task-create')}?project={world.other.pk}").status_code == 404
    response = client.post(reverse("tasks:task-create"), {"project": world.other.pk, "title": "x",
                                                          "due_on": "2026-08-01", "source": Task.Source.UNIT})
    assert response.status_code == 200 and "project" in response.context["form"].errors
    assert not Task.objects.filter(title="x").exists()


@pytest.mark.parametrize(("who", "status"), [("hq", 200), ("liaison", 200), ("commander", 403),
                                             ("other_liaison", 404)])
def test_who_may_edit_a_task(login, tasks, who, status):
    assert login(who).get(reverse("tasks:task-edit", args=[tasks.dekad.pk])).status_code == status


def test_editing_through_the_form_keeps_the_hq_offices_source_for_a_liaison(login, world, tasks):
    task = tasks.overdue  # source 目标管理承诺书
    response = login("liaison").post(reverse("tasks:task-edit", args=[task.pk]), {
        "project": world.project.pk, "title": task.title, "due_on": "2026-06-30", "source": task.source,
        "version": task.version,
    })
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.due_on, task.source) == (D(2026, 6, 30), Task.Source.COMMITMENT)


def test_a_stale_form_is_refused_with_a_message(login, world, tasks):
    client = login("hq")
    data = {"project": world.project.pk, "title": "新标题", "due_on": "2026-06-30", "source": "hq", "version": 99}
    response = client.post(reverse("tasks:task-edit", args=[tasks.dekad.pk]), data, follow=True)
    assert "已被他人修改" in response.content.decode()
    assert Task.objects.get(pk=tasks.dekad.pk).title == "完成施工图审查"


def test_completing_from_the_detail_page(login, tasks, today):
    client = login("liaison")
    page = client.get(detail_url(tasks.dekad)).content.decode()
    assert 'data-action="complete"' in page and 'data-action="cancel"' in page
    response = client.post(reverse("tasks:task-act", args=[tasks.dekad.pk, "complete"]),
                           {"complete-done_on": "2026-06-15", "complete-result": "审查合格"})
    assert response.status_code == 302
    task = Task.objects.get(pk=tasks.dekad.pk)
    assert (task.status, task.result) == (Task.Status.DONE, "审查合格")
    history = client.get(detail_url(task)).context["history"]
    assert [event.action for event in history] == ["task.create", "task.complete"]


@pytest.mark.parametrize("who", ["commander", "inspector", "owner"])
def test_readers_get_no_actions_and_cannot_post_them(login, tasks, who):
    client = login(who)
    assert client.get(detail_url(tasks.dekad)).context["action_forms"] == []
    for action, data in (("complete", {"complete-done_on": "2026-06-15"}), ("cancel", {"cancel-reason": "x"})):
        assert client.post(reverse("tasks:task-act", args=[tasks.dekad.pk, action]), data).status_code == 403
    assert Task.objects.get(pk=tasks.dekad.pk).status == Task.Status.OPEN


def test_the_answering_unit_may_complete_but_not_cancel_a_task_on_another_project(login, tasks):
    client = login("liaison")
    forms = [action for action, _, _ in client.get(detail_url(tasks.shared)).context["action_forms"]]
    assert forms == ["complete"]
    assert client.post(reverse("tasks:task-act", args=[tasks.shared.pk, "cancel"]),
                       {"cancel-reason": "x"}).status_code == 403


def test_a_future_completion_date_is_shown_as_a_form_error(login, tasks, today):
    response = login("hq").post(reverse("tasks:task-act", args=[tasks.dekad.pk, "complete"]),
                                {"complete-done_on": "2026-06-20"})
    assert response.status_code == 200
    assert "完成日期不能晚于今天" in response.content.decode()


def test_the_history_names_each_change_in_words(login, world, tasks):
    from wumei.tasks.services import update_task

    update_task(world.hq, tasks.dekad, version=1, title=tasks.dekad.title, due_on=D(2026, 6, 25),
                owner_unit=world.other_unit)
    page = login("hq").get(detail_url(tasks.dekad)).content.decode()
    assert "登记任务" in page and "修改任务" in page
    assert "修改了完成时限（2026-06-18 → 2026-06-25）、责任单位" in page
