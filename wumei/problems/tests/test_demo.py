"""The demo history of problems: months of them across the demo county, lived through the same rules."""

import datetime
import random
from collections import Counter

import pytest

from wumei.problems import rules
from wumei.problems.demo import seed
from wumei.problems.models import ACTIVE_STATUSES, CLOSED_STATUSES, LadderPost, Problem, ProblemTransition
from wumei.problems.services import escalate_overdue

TODAY = datetime.date(2027, 6, 16)
YESTERDAY = TODAY - datetime.timedelta(days=1)
A = ProblemTransition.Action


@pytest.fixture
def demo(db):
    from wumei.demo.builder import load_demo

    return load_demo(seed=1, today=TODAY, history=False)


@pytest.fixture
def seeded(demo):
    counts = seed(demo.county, TODAY, random.Random(1))
    return demo, counts


def dump() -> list[tuple]:
    problems = list(Problem.objects.order_by("project__code", "raised_on", "description", "status").values_list(
        "project__code", "source", "category", "description", "owner_unit__name", "deadline_days", "raised_on",
        "due_on", "status", "level", "level_due_on", "raised_by__username", "solution", "solved_on", "confirmed_on",
        "rating", "top_overdue_flagged_on"))
    steps = list(ProblemTransition.objects.order_by("problem__project__code", "problem__raised_on", "at", "action")
                 .values_list("problem__project__code", "action", "from_status", "to_status", "from_level",
                              "to_level", "on", "due_on", "is_automatic", "actor__username", "reason", "at"))
    return problems + steps


def test_the_ladder_is_set_from_the_countys_executive_vice_head_and_county_head(seeded):
    demo, counts = seeded
    posts = {p.level: p for p in LadderPost.objects.filter(county=demo.county).select_related("person")}
    assert counts["ladder_posts"] == 2
    assert "常务副县长" in posts[2].person.title
    assert "县长" in posts[3].person.title and "副县长" not in posts[3].person.title
    assert posts[3].person.user.username == "commander"


def test_months_of_problems_mostly_solved_some_at_every_level_a_few_overdue(seeded):
    demo, counts = seeded
    problems = list(Problem.objects.all())
    assert counts["problems"] == len(problems) >= 60
    assert counts["problem_transitions"] == ProblemTransition.objects.count()
    assert min(p.raised_on for p in problems) <= TODAY - datetime.timedelta(days=150)
    assert max(p.raised_on for p in problems) >= TODAY - datetime.timedelta(days=10)
    solved = sum(p.status in CLOSED_STATUSES for p in problems)
    assert solved / len(problems) > 0.6
    assert set(Counter(p.level for p in problems)) == {0, 1, 2, 3}
    assert len({p.source for p in problems}) == len(Problem.Source.values)
    assert len({p.category for p in problems}) >= 7
    overdue = [p for p in problems if p.is_overdue_on(TODAY)]
    assert 1 <= len(overdue) <= len(problems) // 10
    assert any(p.top_overdue_flagged_on for p in problems)
    assert any(p.rating for p in problems)
    assert ProblemTransition.objects.filter(action=A.ESCALATE, is_automatic=False).exists()
    assert ProblemTransition.objects.filter(action=A.ESCALATE, is_automatic=True).exists()
    assert ProblemTransition.objects.filter(action=A.REOPEN).exists()


def test_every_life_follows_the_transition_table_and_ends_where_its_history_does(seeded):
    for problem in Problem.objects.prefetch_related("transitions"):
        steps = sorted(problem.transitions.all(), key=lambda t: (t.at, t.pk))
        assert steps[0].action == A.RAISE
        for step in steps[1:]:
            assert step.on <= YESTERDAY
            if step.action in rules.TRANSITIONS:
                assert step.from_status in rules.TRANSITIONS[step.action].from_statuses, (problem.pk, step.action)
                assert step.to_status == rules.to_status(step.action, step.from_status)
            if step.action == A.ESCALATE:
                assert step.to_level == step.from_level + 1
        assert (steps[-1].to_status, steps[-1].to_level) == (problem.status, problem.level)


def test_the_history_is_what_the_daily_job_would_have_left_yesterday(seeded):
    """Every unsolved problem below the top is due yesterday or later: the job has nothing older to do."""
    for problem in Problem.objects.filter(status__in=ACTIVE_STATUSES, level__lt=3):
        assert problem.level_due_on >= YESTERDAY, problem.pk
    expected = sorted(Problem.objects.filter(status__in=ACTIVE_STATUSES, level__lt=3, level_due_on__lt=TODAY)
                      .values_list("pk", flat=True))
    assert escalate_overdue(TODAY).escalated == expected


def test_the_demo_history_is_the_same_for_the_same_seed_and_day(seeded):
    demo, _ = seeded
    first = dump()
    Problem.objects.all().delete()
    seed(demo.county, TODAY, random.Random(1))
    assert dump() == first


def test_resetting_the_demo_removes_its_problems_and_ladder(seeded):
    from wumei.demo.builder import load_demo

    load_demo(seed=1, today=TODAY, reset=True, history=False)

    assert not Problem.objects.exists() and not LadderPost.objects.exists()
