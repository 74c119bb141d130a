"""The project page's tasks panel: counts, the nearest deadlines, the add link for keepers, bounded queries."""

import pytest
from django.template import Context, Template

from wumei.projects.models import Project

PANEL = Template("{% load tasks_tags %}{% tasks_project_panel project user %}")


def render(project, user) -> str:
    return PANEL.render(Context({"project": project, "user": user}))


def test_the_panel_counts_tasks_and_lists_the_nearest_open_deadlines(world, tasks):
    html = render(world.project, world.hq)
    assert "推进中 <strong>3</strong> 项" in html and "逾期 <strong>1</strong> 项" in html
    assert "本旬到期 <strong>1</strong> 项" in html and "已完成 1 项" in html
    assert html.index("完成环评批复") < html.index("完成施工图审查") < html.index("主体结构封顶")
    assert "办理用地预审" not in html  # done
    assert "新增任务" in html and "?list=deadline" in html


@pytest.mark.parametrize(("who", "shown"), [("hq", True), ("liaison", True), ("commander", False),
                                            ("inspector", False), ("other_liaison", False)])
def test_only_the_keepers_get_the_add_link(world, tasks, who, shown):
    assert ("新增任务" in render(world.project, getattr(world, who))) is shown


def test_the_panel_runs_a_bounded_number_of_queries(world, tasks, django_assert_max_num_queries):
    project = Project.objects.select_related("county").get(pk=world.project.pk)
    render(project, world.hq)  # the principal is loaded once per request
    with django_assert_max_num_queries(2):
        render(project, world.hq)
