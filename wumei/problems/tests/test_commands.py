"""`wumei escalate_problems --on`: the ladder climbed day by day, idempotent, also when run twice at once."""

import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections

from wumei.audit.models import AuditEvent
from wumei.notify.models import Message
from wumei.problems.models import Problem, ProblemTransition
from wumei.problems.services import escalate_overdue, raise_problem, reopen_problem, solve_problem
from wumei.problems.tests.helpers import d, fresh

A = ProblemTransition.Action


def run(day) -> str:
    out = StringIO()
    call_command("escalate_problems", "--on", day.isoformat(), stdout=out)
    return out.getvalue().strip()


def run_json(day) -> dict:
    out = StringIO()
    call_command("escalate_problems", "--on", day.isoformat(), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def problem_for(world, on, days=5, description="征拆补偿标准存在分歧"):
    return raise_problem(world.hq, world.project, source=Problem.Source.HQ, category=Problem.Category.DEMOLITION,
                         description=description, deadline_days=days, on=on)


def test_an_overdue_problem_climbs_the_ladder_one_level_a_day_past_each_deadline(ladder, national_day):
    world = ladder
    problem = problem_for(world, d(9, 25))  # due 10-09, across the holiday
    assert problem.level_due_on == d(10, 9)

    assert run_json(d(10, 9))["escalated"] == 0  # the deadline day itself
    assert run_json(d(10, 10)) == {"on": "2026-10-10", "escalated": 1, "by_level": {"1": 1}, "flagged": 0,
                                   "escalated_ids": [problem.pk], "flagged_ids": []}
    assert (fresh(problem).level, fresh(problem).level_due_on) == (1, d(10, 16))  # lead leader: 5 working days
    assert run_json(d(10, 16))["escalated"] == 0
    assert run_json(d(10, 17))["by_level"] == {"2": 1}  # a Saturday: the day after the deadline all the same
    assert fresh(problem).level_due_on == d(10, 21)  # 常务副县长: 3 working days
    assert run_json(d(10, 22))["by_level"] == {"3": 1}
    assert fresh(problem).level_due_on == d(10, 26)  # 县长: 2 working days (10-23, 10-26)

    assert run_json(d(10, 26))["flagged"] == 0
    assert run_json(d(10, 27))["flagged_ids"] == [problem.pk]  # the top: flagged, not escalated
    assert run_json(d(10, 28)) == {"on": "2026-10-28", "escalated": 0, "by_level": {}, "flagged": 0,
                                   "escalated_ids": [], "flagged_ids": []}

    final = fresh(problem)
    assert (final.level, final.top_overdue_flagged_on) == (3, d(10, 27))
    steps = list(ProblemTransition.objects.filter(problem=problem, is_automatic=True).order_by("id")
                 .values_list("action", "from_level", "to_level", "on", "due_on"))
    assert steps == [
        (A.ESCALATE, 0, 1, d(10, 10), d(10, 16)), (A.ESCALATE, 1, 2, d(10, 17), d(10, 21)),
        (A.ESCALATE, 2, 3, d(10, 22), d(10, 26)), (A.FLAG_OVERDUE, 3, 3, d(10, 27), d(10, 26)),
    ]
    first = ProblemTransition.objects.filter(problem=problem, action=A.ESCALATE).first()
    assert first.reason == "超过责任单位办理期限（2026年10月09日），系统自动提级" and first.actor is None
    assert AuditEvent.objects.filter(action="problem.escalate", object_id=str(problem.pk)).count() == 3
    assert AuditEvent.objects.filter(action="problem.flag_overdue", object_id=str(problem.pk)).count() == 1
    assert Message.objects.filter(recipient=world.lead_leader, kind="problem.escalate").count() == 1
    assert Message.objects.filter(recipient=world.vice_head, kind="problem.escalate").count() == 1
    assert Message.objects.filter(recipient=world.commander, kind="problem.escalate").count() == 1
    assert Message.objects.filter(kind="problem.overdue").count() == 2  # the county head and the hq office
    assert set(Message.objects.filter(kind="problem.overdue").values_list("recipient", flat=True)) == {
        world.commander.pk, world.hq.pk}


def test_running_twice_on_a_day_escalates_once(ladder, national_day):
    problems = [problem_for(ladder, d(9, 25), description=f"问题{i}") for i in range(3)]

    first, second = run_json(d(10, 10)), run_json(d(10, 10))

    assert first["escalated"] == 3 and second["escalated"] == 0
    assert ProblemTransition.objects.filter(action=A.ESCALATE).count() == 3
    assert Message.objects.filter(kind="problem.escalate").count() == 3
    assert {fresh(p).level for p in problems} == {1}


def test_a_problem_weeks_overdue_climbs_one_level_per_run(ladder):
    problem = problem_for(ladder, d(6, 1), days=2)  # due 06-03
    run(d(7, 1))
    assert fresh(problem).level == 1
    run(d(7, 1))
    assert fresh(problem).level == 1


def test_solved_and_not_yet_due_problems_are_left_alone(ladder):
    solved = problem_for(ladder, d(6, 1), days=2)
    solve_problem(ladder.liaison, solved, solution="已协调解决", on=d(6, 2))
    waiting = problem_for(ladder, d(6, 29), days=5)  # due 07-06

    assert run_json(d(7, 1))["escalated"] == 0
    assert (fresh(solved).level, fresh(waiting).level) == (0, 0)


def test_a_reopened_problem_at_the_top_is_flagged_again_for_its_new_deadline(ladder):
    problem = problem_for(ladder, d(6, 1), days=1)
    for day in (d(6, 3), d(6, 11), d(6, 17)):  # due 06-02, then 06-10, 06-16, 06-22 (06-19 端午节)
        run(day)
    assert fresh(problem).level == 3
    run(d(6, 30))
    solve_problem(ladder.commander, problem, solution="县长专题会决定", on=d(7, 1))
    reopen_problem(ladder.hq, problem, reason="决定未落实", on=d(7, 2))  # level 3 again: due 07-06

    assert run_json(d(7, 6))["flagged"] == 0
    assert run_json(d(7, 7))["flagged_ids"] == [problem.pk]
    assert ProblemTransition.objects.filter(problem=problem, action=A.FLAG_OVERDUE).count() == 2


def test_the_command_says_what_it_did_in_chinese(ladder, national_day):
    problem_for(ladder, d(9, 25))
    assert run(d(10, 10)) == "2026-10-10：提级 1 个问题（牵头领导 1 个）；县长层级逾期标记 0 个。"
    assert run(d(10, 10)) == "2026-10-10：提级 0 个问题；县长层级逾期标记 0 个。"


def test_the_command_refuses_a_bad_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        call_command("escalate_problems", "--on", "2026-13-01")


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_escalate_each_problem_once(ladder):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent runs need a database with row locks (PostgreSQL)")
    problems = [problem_for(ladder, d(6, 1), days=2, description=f"问题{i}") for i in range(20)]
    barrier = threading.Barrier(4)
    results, errors = [], []

    def job():
        try:
            barrier.wait()
            results.append(escalate_overdue(d(6, 10)))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=job) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    escalated = sorted(pk for result in results for pk in result.escalated)
    assert escalated == sorted(p.pk for p in problems)  # each once, whichever run claimed it
    assert ProblemTransition.objects.filter(action=A.ESCALATE).count() == 20
    assert AuditEvent.objects.filter(action="problem.escalate").count() == 20
    assert Message.objects.filter(kind="problem.escalate").count() == 20
    assert set(Problem.objects.values_list("level", flat=True)) == {1}
