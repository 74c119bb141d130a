"""The use cases: each transition's checks, its history row, its audit event and its notices."""

import pytest

from wumei.audit.models import AuditEvent
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.notify.models import Message
from wumei.problems import conf, services
from wumei.problems.models import LadderPost, Problem, ProblemTransition
from wumei.problems.tests.helpers import HEAD_DAYS, VICE_DAYS, d, fresh
from wumei.testing import PersonFactory, RegionFactory

S = Problem.Status
A = ProblemTransition.Action


def history(problem) -> list[tuple]:
    return list(ProblemTransition.objects.filter(problem=problem).order_by("id")
                .values_list("action", "from_status", "to_status", "from_level", "to_level"))


def events(action: str, problem) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(problem.pk)))


def inbox(user) -> list[str]:
    return list(Message.objects.filter(recipient=user).values_list("subject", flat=True))


# Raising -----------------------------------------------------------------------------------------------------------

def test_raising_counts_the_deadline_in_working_days_and_leaves_history_and_an_audit_event(world, national_day):
    problem = services.raise_problem(world.liaison, world.project, source=Problem.Source.DAILY,
                                     category=Problem.Category.LAND, description="  用地指标未落实  ",
                                     deadline_days=5, on=d(9, 25))

    assert (problem.status, problem.level, problem.owner_unit) == (S.OPEN, 0, world.unit)
    assert problem.description == "用地指标未落实"
    assert problem.due_on == problem.level_due_on == d(10, 9)  # across the National Day holiday
    assert history(problem) == [(A.RAISE, "", S.OPEN, None, 0)]
    [event] = events("problem.raise", problem)
    assert event.actor == world.liaison and event.region_code == world.county.code
    assert event.after["due_on"] == "2026-10-09"


@pytest.mark.parametrize(("field", "kwargs"), [
    ("description", {"description": "  "}),
    ("category", {"category": "weather"}),
    ("source", {"source": "rumour"}),
    ("deadline_days", {"deadline_days": 0}),
])
def test_raising_refuses_bad_input_and_writes_nothing(world, field, kwargs):
    args = {"source": Problem.Source.HQ, "description": "问题", **kwargs}
    with pytest.raises(ValidationError) as caught:
        services.raise_problem(world.hq, world.project, **args)
    assert field in caught.value.message_dict
    assert not Problem.objects.exists() and not AuditEvent.objects.filter(action="problem.raise").exists()


# The life: assign → start → solve → confirm / reopen ------------------------------------------------------------

def test_assigning_sets_unit_and_deadline_from_the_assignment_day_and_tells_the_unit(world, raised, national_day):
    problem = services.assign_problem(world.hq, raised, owner_unit=world.other_unit, deadline_days=3,
                                      on=d(9, 30), reason="请县交通运输局牵头协调")

    assert (problem.status, problem.owner_unit, problem.assigned_on) == (S.ASSIGNED, world.other_unit, d(9, 30))
    assert problem.due_on == problem.level_due_on == d(10, 10)  # 10-08, 10-09 and Saturday 10-10 (调休)
    assert history(problem)[-1] == (A.ASSIGN, S.OPEN, S.ASSIGNED, 0, 0)
    [event] = events("problem.assign", problem)
    assert event.note == "请县交通运输局牵头协调"
    assert event.after["owner_unit_id"] == world.other_unit.pk
    assert inbox(world.other_liaison) == [f"问题交办：{world.project.name}"]
    assert inbox(world.liaison) == []


def test_only_the_hq_office_assigns(world, raised):
    for who in (world.liaison, world.owner, world.inspector, world.commander, world.lead_leader):
        with pytest.raises(PermissionDenied):
            services.assign_problem(who, raised, owner_unit=world.unit, deadline_days=5, on=d(6, 2))
    assert history(raised) == [(A.RAISE, "", S.OPEN, None, 0)]
    assert not AuditEvent.objects.filter(action="problem.assign").exists()


def test_the_unit_starts_and_solves_and_the_reporter_confirms(world, raised):
    services.assign_problem(world.hq, raised, owner_unit=world.unit, deadline_days=10, on=d(6, 2))
    services.start_problem(world.liaison, raised, on=d(6, 3))
    solved = services.solve_problem(world.liaison, raised, solution="协调供电公司架设临时线路，已通电", on=d(6, 10))

    assert (solved.status, solved.solved_on, solved.solution) == (S.SOLVED, d(6, 10), "协调供电公司架设临时线路，已通电")
    confirmed = services.confirm_problem(world.owner, raised, on=d(6, 11))

    assert (confirmed.status, confirmed.confirmed_on) == (S.CONFIRMED, d(6, 11))
    assert [row[0] for row in history(raised)] == [A.RAISE, A.ASSIGN, A.START, A.SOLVE, A.CONFIRM]
    assert ProblemTransition.objects.get(problem=raised, action=A.SOLVE).actor == world.liaison
    for action in ("problem.start", "problem.solve", "problem.confirm"):
        assert len(events(action, raised)) == 1
    assert events("problem.solve", raised)[0].after == {"solution": "协调供电公司架设临时线路，已通电",
                                                        "solved_on": "2026-06-10", "top_overdue_flagged_on": None,
                                                        "status": S.SOLVED}


def test_solving_needs_the_how(world, raised):
    with pytest.raises(ValidationError) as caught:
        services.solve_problem(world.liaison, raised, solution=" ")
    assert caught.value.message_dict == {"solution": ["请填写解决情况（如何解决的）"]}


def test_a_reader_or_the_enterprise_cannot_work_on_a_problem(world, raised):
    services.assign_problem(world.hq, raised, owner_unit=world.unit, deadline_days=10, on=d(6, 2))
    for who in (world.owner, world.inspector, world.commander, world.other_liaison):
        with pytest.raises(PermissionDenied):
            services.start_problem(who, raised)
        with pytest.raises(PermissionDenied):
            services.solve_problem(who, raised, solution="已解决")
    assert fresh(raised).status == S.ASSIGNED


def test_confirming_an_unsolved_problem_is_a_conflict(world, raised):
    with pytest.raises(ConflictError) as caught:
        services.confirm_problem(world.owner, raised)
    assert caught.value.message == "该问题当前状态为「待交办」，不能确认办结"


def test_only_the_reporter_or_the_hq_office_confirms(world, raised):
    services.solve_problem(world.liaison, raised, solution="已通电", on=d(6, 5))
    for who in (world.liaison, world.inspector, world.lead_leader):
        with pytest.raises(PermissionDenied):
            services.confirm_problem(who, raised)
    assert services.confirm_problem(world.hq, raised, on=d(6, 6)).status == S.CONFIRMED


def test_a_system_raised_problem_is_confirmed_by_the_hq_office(world):
    problem = services.raise_problem(None, world.project, source=Problem.Source.DAILY, description="日报反映：缺少钢材",
                                     on=d(6, 1))
    services.solve_problem(world.liaison, problem, solution="已调剂", on=d(6, 2))
    assert problem.raised_by is None
    assert services.confirm_problem(world.hq, problem, on=d(6, 3)).status == S.CONFIRMED
    [event] = events("problem.raise", problem)
    assert event.actor is None and event.actor_name == "系统"


def test_reopening_needs_a_reason_and_gives_a_new_deadline_at_the_same_level(world, raised, national_day):
    services.solve_problem(world.liaison, raised, solution="已通电", on=d(9, 28))
    with pytest.raises(ValidationError):
        services.reopen_problem(world.owner, raised, reason="")

    reopened = services.reopen_problem(world.owner, raised, reason="只接了临时电，正式用电仍未报装", on=d(9, 30))

    assert (reopened.status, reopened.solved_on, reopened.level) == (S.REOPENED, None, 0)
    assert reopened.level_due_on == d(10, 20)  # 10 working days from 09-30: 10-08, 09, 10 (调休), 12 … 16, 19, 20
    assert history(reopened)[-1] == (A.REOPEN, S.SOLVED, S.REOPENED, 0, 0)
    assert events("problem.reopen", reopened)[0].note == "只接了临时电，正式用电仍未报装"
    assert services.solve_problem(world.liaison, reopened, solution="正式用电已报装接入", on=d(10, 12)).solved_on == d(10, 12)


# Escalation by hand --------------------------------------------------------------------------------------------------

def test_escalating_by_hand_climbs_one_level_each_with_its_own_deadline_and_holder_told(ladder, raised,
                                                                                        national_day):
    world = ladder
    with pytest.raises(ValidationError):
        services.escalate_problem(world.liaison, raised, reason="  ")

    one = services.escalate_problem(world.liaison, raised, reason="涉及电网改造，需上级研究解决", on=d(9, 25))
    assert (one.level, one.level_due_on) == (1, d(10, 9))  # 5 working days across the holiday
    assert conf.LEAD_LEADER_DAYS == 5
    two = services.escalate_problem(world.lead_leader, raised, reason="需县政府协调电网公司", on=d(10, 9))
    assert (two.level, two.level_due_on) == (2, d(10, 13))  # 10-10 (调休), 10-12, 10-13
    three = services.escalate_problem(world.vice_head, raised, reason="需县长专题会研究", on=d(10, 13))
    assert (three.level, three.level_due_on) == (3, d(10, 15))
    assert (VICE_DAYS, HEAD_DAYS) == (3, 2)

    assert [row[3:] for row in history(raised) if row[0] == A.ESCALATE] == [(0, 1), (1, 2), (2, 3)]
    assert [e.note for e in AuditEvent.objects.filter(action="problem.escalate").order_by("id")] == [
        "涉及电网改造，需上级研究解决", "需县政府协调电网公司", "需县长专题会研究"]
    assert inbox(world.lead_leader) == [f"问题提级至牵头领导：{world.project.name}"]
    assert inbox(world.vice_head) == [f"问题提级至常务副县长：{world.project.name}"]
    assert inbox(world.commander) == [f"问题提级至县长：{world.project.name}"]
    with pytest.raises(ConflictError):
        services.escalate_problem(world.commander, raised, reason="再提级")


def test_only_the_hq_office_or_the_current_levels_holder_escalates(ladder, raised):
    world = ladder
    for who in (world.lead_leader, world.vice_head, world.owner, world.inspector):  # level 0: the unit's
        with pytest.raises(PermissionDenied):
            services.escalate_problem(who, raised, reason="提级")
    services.escalate_problem(world.hq, raised, reason="跨部门问题", on=d(6, 2))
    with pytest.raises(PermissionDenied):  # level 1 is the lead leader's now, no longer the unit's
        services.escalate_problem(world.liaison, raised, reason="提级")
    assert fresh(raised).level == 1


def test_the_deciding_leader_solves_with_his_decision_and_others_above_or_below_cannot(ladder, raised):
    world = ladder
    services.escalate_problem(world.hq, raised, reason="跨部门", on=d(6, 2))
    services.escalate_problem(world.lead_leader, raised, reason="需常务副县长协调", on=d(6, 3))
    for who in (world.lead_leader, world.commander):
        with pytest.raises(PermissionDenied):
            services.solve_problem(who, raised, solution="决定")

    solved = services.solve_problem(world.vice_head, raised, solution="常务副县长现场办公决定：供电公司5日内接入",
                                    on=d(6, 4))

    assert (solved.status, solved.level) == (S.SOLVED, 2)
    assert ProblemTransition.objects.get(problem=raised, action=A.SOLVE).actor == world.vice_head


def test_the_unit_may_still_solve_an_escalated_problem(ladder, raised):
    services.escalate_problem(ladder.hq, raised, reason="跨部门", on=d(6, 2))
    assert services.solve_problem(ladder.liaison, raised, solution="已解决", on=d(6, 3)).status == S.SOLVED


def test_an_escalation_to_a_level_nobody_holds_still_climbs_and_tells_nobody(world, raised):
    services.escalate_problem(world.hq, raised, reason="跨部门", on=d(6, 2))
    problem = services.escalate_problem(world.hq, raised, reason="需常务副县长", on=d(6, 3))
    assert problem.level == 2
    assert conf.LADDER_DEFAULT_DAYS == 5
    assert problem.level_due_on == d(6, 10)  # 06-04, 05, (weekend) 08, 09, 10
    assert Message.objects.filter(kind="problem.escalate").count() == 1  # the lead leader's only


# Rating ------------------------------------------------------------------------------------------------------------

def test_the_enterprise_rates_a_solved_problem_once(world, raised):
    with pytest.raises(ConflictError) as caught:
        services.rate_problem(world.owner, raised, rating=5)
    assert caught.value.message == "问题解决后才能评价"
    services.solve_problem(world.liaison, raised, solution="已通电", on=d(6, 5))

    rated = services.rate_problem(world.owner, raised, rating=4, comment="  解决及时  ")

    assert (rated.rating, rated.rating_comment, rated.rated_by) == (4, "解决及时", world.owner)
    assert events("problem.rate", raised)[0].after == {"rating": 4, "rating_comment": "解决及时"}
    with pytest.raises(ConflictError):
        services.rate_problem(world.owner, raised, rating=1)
    assert fresh(raised).rating == 4


def test_nobody_but_the_projects_enterprise_rates(world, raised):
    services.solve_problem(world.liaison, raised, solution="已通电", on=d(6, 5))
    for who in (world.hq, world.liaison, world.commander):
        with pytest.raises(PermissionDenied):
            services.rate_problem(who, raised, rating=5)
    with pytest.raises(ValidationError):
        services.rate_problem(world.owner, raised, rating=6)
    assert fresh(raised).rating is None


# The ladder ------------------------------------------------------------------------------------------------------------

def test_the_hq_office_sets_and_changes_a_ladder_post(world, vice_head):
    post = services.set_ladder_post(world.hq, world.county, 2, vice_head.person, 4)
    services.set_ladder_post(world.hq, world.county, 2, world.commander.person, 6)

    post.refresh_from_db()
    assert (post.person, post.deadline_days) == (world.commander.person, 6)
    assert LadderPost.objects.count() == 1
    created, updated = AuditEvent.objects.filter(action__startswith="ladder_post.").order_by("id")
    assert (created.action, updated.action) == ("ladder_post.create", "ladder_post.update")
    assert updated.before == {"person_id": vice_head.person.pk, "deadline_days": 4}


def test_a_ladder_post_is_for_levels_two_and_three_of_the_countys_people(world, vice_head):
    with pytest.raises(ValidationError):
        services.set_ladder_post(world.hq, world.county, 1, vice_head.person, 4)
    stranger = PersonFactory(region=RegionFactory(code="430500", name="别县"))
    with pytest.raises(ValidationError):
        services.set_ladder_post(world.hq, world.county, 3, stranger, 4)
    assert not LadderPost.objects.exists()
