"""Use cases of problems. Each owns its transaction and writes its audit event and history row."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.calendar.services import load_calendar
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.notify.services import notify
from wumei.org.models import Role, RoleAssignment, Unit
from wumei.problems import conf, rules
from wumei.problems.models import ACTIVE_STATUSES, LadderPost, Problem, ProblemTransition
from wumei.problems.permissions import hats_of

DEFAULT_DEADLINE_DAYS = conf.DEFAULT_DEADLINE_DAYS
MAX_DEADLINE_DAYS = 120
Action = ProblemTransition.Action


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _region_code(problem: Problem) -> str:
    return problem.project.county.code


def _problem_url(problem: Problem) -> str:
    return reverse("problems:problem-detail", args=[problem.pk])


def _check_deadline(days) -> None:
    if not isinstance(days, int) or days < 1:
        raise ValidationError({"deadline_days": "办理时限至少为1个工作日"})
    if days > MAX_DEADLINE_DAYS:
        raise ValidationError({"deadline_days": f"办理时限不能超过{MAX_DEADLINE_DAYS}个工作日"})


def raise_problem(actor, project, *, source: str, description: str, category: str = Problem.Category.OTHER,
                  owner_unit=None, deadline_days: int = DEFAULT_DEADLINE_DAYS, on: datetime.date | None = None,
                  photos=()) -> Problem:
    """Register a problem met by a project; its deadline counts working days from the day it was raised."""
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": "请填写问题描述"})
    if source not in Problem.Source.values:
        raise ValidationError({"source": "问题来源无效"})
    if category not in Problem.Category.values:
        raise ValidationError({"category": "问题类别无效"})
    _check_deadline(deadline_days)
    on = on or timezone.localdate()
    due_on = load_calendar().add_working_days(on, deadline_days)
    with transaction.atomic():
        problem = Problem.objects.create(
            project=project, source=source, category=category, description=description,
            owner_unit=owner_unit or project.responsible_unit, deadline_days=deadline_days, raised_on=on,
            due_on=due_on, level_due_on=due_on,
            raised_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if photos:
            problem.photos.set(photos)
        ProblemTransition.objects.create(problem=problem, action=Action.RAISE, from_status="",
                                         to_status=problem.status, to_level=problem.level, reason="登记问题",
                                         actor=problem.raised_by, on=on, due_on=due_on)
        record(actor, "problem.raise", problem, after=snapshot(problem), region_code=project.county.code)
    return problem


# Transitions by hand ---------------------------------------------------------------------------------------------

def _locked(problem: Problem) -> Problem:
    """The problem's row, locked for this transaction, with what the rules need."""
    return (Problem.objects.select_for_update(of=("self",))
            .select_related("project__county", "owner_unit").get(pk=problem.pk))


def _authorise(actor, problem: Problem, action: str) -> None:
    verdict = rules.check(action, problem.status, problem.level, hats_of(actor, problem))
    if verdict is rules.Verdict.FORBIDDEN:
        raise PermissionDenied(f"您没有{Action(action).label}该问题的权限")
    if verdict is rules.Verdict.CONFLICT:
        raise ConflictError(rules.conflict_message(action, problem.status, problem.level))


def _history(problem: Problem, action: str, *, actor, before: dict, reason: str = "", on: datetime.date,
             due_on: datetime.date | None = None, automatic: bool = False) -> ProblemTransition:
    return ProblemTransition.objects.create(
        problem=problem, action=action, from_status=before["status"], to_status=problem.status,
        from_level=before["level"], to_level=problem.level, reason=reason, actor=_user(actor), on=on,
        due_on=due_on, is_automatic=automatic,
    )


def _apply(actor, problem: Problem, action: str, *, reason: str = "", on: datetime.date | None,
           changes: dict, due_on: datetime.date | None = None) -> Problem:
    """Lock, authorise, change, write history and audit: the common shape of every hand transition.
    `changes` may be a callable (locked problem → dict) for values that depend on the stored row."""
    on = on or timezone.localdate()
    with transaction.atomic():
        locked = _locked(problem)
        _authorise(actor, locked, action)
        before = snapshot(locked)
        values = changes(locked) if callable(changes) else changes
        for name, value in values.items():
            setattr(locked, name, value)
        locked.status = rules.to_status(action, before["status"])
        locked.save()
        _history(locked, action, actor=actor, before=before, reason=reason, on=on,
                 due_on=values.get("level_due_on", due_on))
        after = snapshot(locked)
        keys = [*values, "status"]
        record(actor, f"problem.{action}", locked, before={k: before[k] for k in keys},
               after={k: after[k] for k in keys}, note=reason, region_code=_region_code(locked))
    return locked


def _unit_users(unit_id: int) -> list:
    """The sign-in users of a unit's liaisons and unit heads."""
    return [a.person.user for a in RoleAssignment.objects.filter(
        unit_id=unit_id, role__in=(Role.LIAISON, Role.UNIT_HEAD), person__user__isnull=False,
        person__is_active=True).select_related("person__user")]


def assign_problem(actor, problem: Problem, *, owner_unit: Unit, deadline_days: int,
                   on: datetime.date | None = None, reason: str = "") -> Problem:
    """HQ office hands a problem to a unit with a deadline in working days, counted from today."""
    on = on or timezone.localdate()
    if owner_unit is None:
        raise ValidationError({"owner_unit": "请选择承办单位"})
    _check_deadline(deadline_days)
    if not owner_unit.region.path.startswith(problem.project.county.path):
        raise ValidationError({"owner_unit": "承办单位不在该项目所属县（区）"})
    due_on = load_calendar().add_working_days(on, deadline_days)
    changes = {"owner_unit_id": owner_unit.pk, "deadline_days": deadline_days, "due_on": due_on,
               "level_due_on": due_on, "assigned_on": on}
    with transaction.atomic():
        reason = reason.strip() or f"交办{owner_unit.name}，{deadline_days}个工作日内办结"
        problem = _apply(actor, problem, Action.ASSIGN, reason=reason, on=on, changes=changes)
        for user in _unit_users(owner_unit.pk):
            notify(user, f"问题交办：{problem.project.name}", body=problem.description[:200],
                   url=_problem_url(problem), kind="problem.assign",
                   dedupe_key=f"problem-{problem.pk}-assign-{owner_unit.pk}")
    return problem


def start_problem(actor, problem: Problem, *, on: datetime.date | None = None, reason: str = "") -> Problem:
    """The unit accepts an assigned problem and starts work on it."""
    return _apply(actor, problem, Action.START, reason=reason.strip(), on=on, changes={})


def solve_problem(actor, problem: Problem, *, solution: str, on: datetime.date | None = None) -> Problem:
    """Solved at whatever level it stands: by the unit, by the deciding leader, or by the HQ office."""
    solution = (solution or "").strip()
    if not solution:
        raise ValidationError({"solution": "请填写解决情况（如何解决的）"})
    on = on or timezone.localdate()
    return _apply(actor, problem, Action.SOLVE, reason=solution, on=on,
                  changes={"solution": solution, "solved_on": on, "top_overdue_flagged_on": None})


def confirm_problem(actor, problem: Problem, *, on: datetime.date | None = None, reason: str = "") -> Problem:
    """The reporter (or the HQ office) confirms a solved problem: it is closed."""
    on = on or timezone.localdate()
    return _apply(actor, problem, Action.CONFIRM, reason=reason.strip(), on=on, changes={"confirmed_on": on})


def reopen_problem(actor, problem: Problem, *, reason: str, on: datetime.date | None = None) -> Problem:
    """The reporter (or the HQ office) is not satisfied: back to work at the same level, with a new deadline."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回重办的原因"})
    on = on or timezone.localdate()
    calendar = load_calendar()
    ladder = ladder_days(problem.project.county_id)

    def changes(locked: Problem) -> dict:
        days = ladder.for_level(locked.level, locked.deadline_days)
        return {"solved_on": None, "level_due_on": rules.level_due_on(calendar, on, days),
                "top_overdue_flagged_on": None}

    return _apply(actor, problem, Action.REOPEN, reason=reason, on=on, changes=changes)


def escalate_problem(actor, problem: Problem, *, reason: str, on: datetime.date | None = None) -> Problem:
    """需上级研究解决: pass the problem one level up the ladder by hand, with a reason; the new level gets its
    own deadline and its holder is told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写提级原因（需上级研究解决的事项）"})
    on = on or timezone.localdate()
    calendar = load_calendar()
    ladder = ladder_days(problem.project.county_id)

    def changes(locked: Problem) -> dict:
        level = locked.level + 1
        return {"level": level,
                "level_due_on": rules.level_due_on(calendar, on, ladder.for_level(level, locked.deadline_days))}

    with transaction.atomic():
        problem = _apply(actor, problem, Action.ESCALATE, reason=reason, on=on, changes=changes)
        _notify_holder(problem, reason)
    return problem


def rate_problem(actor, problem: Problem, *, rating: int, comment: str = "") -> Problem:
    """The project's enterprise rates how its problem was solved: 1–5 stars and a comment, once."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": "评价应为1至5星"})
    comment = (comment or "").strip()
    if len(comment) > 200:
        raise ValidationError({"rating_comment": "评价意见不能超过200字"})
    with transaction.atomic():
        locked = _locked(problem)
        hats = hats_of(actor, locked)
        if rules.Hat.ENTERPRISE not in hats:
            raise PermissionDenied("您没有评价该问题的权限（只有项目业主企业可以评价）")
        if not rules.can_rate(locked.status, locked.rating is not None, hats):
            if locked.rating is not None:
                raise ConflictError("该问题已评价过，不能重复评价")
            raise ConflictError("问题解决后才能评价")
        locked.rating, locked.rating_comment = rating, comment
        locked.rated_by, locked.rated_at = _user(actor), timezone.now()
        locked.save(update_fields=["rating", "rating_comment", "rated_by", "rated_at"])
        record(actor, "problem.rate", locked, after={"rating": rating, "rating_comment": comment},
               region_code=_region_code(locked))
    return locked


def transition(actor, problem: Problem, action: str, *, reason: str = "", solution: str = "",
               owner_unit: Unit | None = None, deadline_days: int | None = None,
               on: datetime.date | None = None) -> Problem:
    """One entry for the pages and the API: apply `action` with whatever it needs."""
    if action == Action.ASSIGN:
        return assign_problem(actor, problem, owner_unit=owner_unit,
                              deadline_days=deadline_days or problem.deadline_days, on=on, reason=reason)
    if action == Action.START:
        return start_problem(actor, problem, on=on, reason=reason)
    if action == Action.SOLVE:
        return solve_problem(actor, problem, solution=solution or reason, on=on)
    if action == Action.CONFIRM:
        return confirm_problem(actor, problem, on=on, reason=reason)
    if action == Action.REOPEN:
        return reopen_problem(actor, problem, reason=reason, on=on)
    if action == Action.ESCALATE:
        return escalate_problem(actor, problem, reason=reason, on=on)
    raise ValidationError({"action": "无效的操作"})


# The ladder ---------------------------------------------------------------------------------------------------------

def ladder_days(county_id: int) -> rules.LadderDays:
    posts = dict(LadderPost.objects.filter(county_id=county_id).values_list("level", "deadline_days"))
    return rules.LadderDays(lead_leader=conf.LEAD_LEADER_DAYS, posts=posts, default=conf.LADDER_DEFAULT_DAYS)


def holder_user(problem: Problem):
    """The sign-in user now responsible for the problem's level (None if nobody with a login holds it)."""
    if problem.level == Problem.Level.LEAD_LEADER:
        person = problem.project.lead_leader
    else:
        post = LadderPost.objects.filter(county_id=problem.project.county_id, level=problem.level) \
            .select_related("person__user").first()
        person = post.person if post else None
    return person.user if person is not None and person.is_active else None


def _notify_holder(problem: Problem, reason: str) -> None:
    """Tell the person now responsible; once per problem and level however often a job runs."""
    level = Problem.Level(problem.level)
    notify(holder_user(problem), f"问题提级至{level.label}：{problem.project.name}",
           body=f"{problem.description[:200]}\n提级原因：{reason}\n请于{problem.level_due_on:%Y年%m月%d日}前研究解决。",
           url=_problem_url(problem), kind="problem.escalate", dedupe_key=f"problem-{problem.pk}-level-{level.value}")


def set_ladder_post(actor, county, level: int, person, deadline_days: int) -> LadderPost:
    """HQ office names who decides at levels 2 (常务副县长) and 3 (县长) and each level's deadline."""
    if level not in (Problem.Level.EXECUTIVE_VICE_HEAD, Problem.Level.COUNTY_HEAD):
        raise ValidationError({"level": "只能设置常务副县长、县长两个层级"})
    if person is None:
        raise ValidationError({"person": "请选择人员"})
    if not person.region.path.startswith(county.path) and person.region_id != county.pk:
        raise ValidationError({"person": f"所选人员不属于{county.name}"})
    _check_deadline(deadline_days)
    with transaction.atomic():
        post = LadderPost.objects.select_for_update().filter(county=county, level=level).first()
        before = snapshot(post, ["person_id", "deadline_days"]) if post else None
        if post is None:
            post = LadderPost(county=county, level=level)
        post.person, post.deadline_days = person, deadline_days
        post.save()
        record(actor, "ladder_post.update" if before else "ladder_post.create", post, before=before,
               after=snapshot(post, ["person_id", "deadline_days"]), region_code=county.code)
    return post


# The daily job ------------------------------------------------------------------------------------------------------

@dataclass
class EscalationRun:
    on: datetime.date
    escalated: list[int] = field(default_factory=list)   # problem ids, one level up each
    by_level: dict[int, int] = field(default_factory=dict)
    flagged: list[int] = field(default_factory=list)     # overdue at the top of the ladder, flagged once

    def as_dict(self) -> dict:
        return {"on": self.on.isoformat(), "escalated": len(self.escalated),
                "by_level": {str(k): v for k, v in sorted(self.by_level.items())}, "flagged": len(self.flagged),
                "escalated_ids": self.escalated, "flagged_ids": self.flagged}


def escalate_overdue(on: datetime.date) -> EscalationRun:
    """Escalate every overdue unsolved problem one level (flag those at the top, once). Idempotent: each
    problem is claimed with an update conditional on the (status, level, level_due_on) it was read with,
    so a second run, or a concurrent one, finds nothing left to do."""
    run = EscalationRun(on=on)
    calendar = load_calendar()
    candidates = list(
        Problem.objects.filter(status__in=ACTIVE_STATUSES, level_due_on__lt=on)
        .values_list("pk", "status", "level", "level_due_on", "top_overdue_flagged_on", "deadline_days",
                     "project__county_id")
        .order_by("pk")
    )
    ladders: dict[int, rules.LadderDays] = {}
    for pk, status, level, due_on, flagged_on, deadline_days, county_id in candidates:
        step = rules.escalation_step(status, level, due_on, on, flagged_on is not None)
        if step is None:
            continue
        claim = Problem.objects.filter(pk=pk, status=status, level=level, level_due_on=due_on)
        if step is rules.Step.ESCALATE:
            if county_id not in ladders:
                ladders[county_id] = ladder_days(county_id)
            new_due = rules.level_due_on(calendar, on, ladders[county_id].for_level(level + 1, deadline_days))
            if _escalate_claimed(pk, claim, on=on, level=level, due_on=due_on, new_due=new_due):
                run.escalated.append(pk)
                run.by_level[level + 1] = run.by_level.get(level + 1, 0) + 1
        elif _flag_claimed(pk, claim.filter(top_overdue_flagged_on__isnull=True), on=on, due_on=due_on):
            run.flagged.append(pk)
    return run


def _loaded(pk: int) -> Problem:
    return Problem.objects.select_related("project__county", "project__lead_leader__user").get(pk=pk)


def _escalate_claimed(pk: int, claim, *, on: datetime.date, level: int, due_on: datetime.date,
                      new_due: datetime.date) -> bool:
    with transaction.atomic():
        if not claim.update(level=level + 1, level_due_on=new_due):
            return False  # another run got there first
        problem = _loaded(pk)
        reason = f"超过{Problem.Level(level).label}办理期限（{due_on:%Y年%m月%d日}），系统自动提级"
        ProblemTransition.objects.create(
            problem=problem, action=Action.ESCALATE, from_status=problem.status, to_status=problem.status,
            from_level=level, to_level=level + 1, reason=reason, is_automatic=True, on=on, due_on=new_due,
        )
        record(None, "problem.escalate", problem, before={"level": level, "level_due_on": due_on},
               after={"level": level + 1, "level_due_on": new_due}, note=reason, region_code=_region_code(problem))
        _notify_holder(problem, reason)
    return True


def _flag_claimed(pk: int, claim, *, on: datetime.date, due_on: datetime.date) -> bool:
    """At the top of the ladder: mark the problem overdue once and tell the county head and the HQ office."""
    with transaction.atomic():
        if not claim.update(top_overdue_flagged_on=on):
            return False
        problem = _loaded(pk)
        reason = f"已超过县长层级办理期限（{due_on:%Y年%m月%d日}）仍未解决"
        ProblemTransition.objects.create(
            problem=problem, action=Action.FLAG_OVERDUE, from_status=problem.status, to_status=problem.status,
            from_level=problem.level, to_level=problem.level, reason=reason, is_automatic=True, on=on,
            due_on=due_on,
        )
        record(None, "problem.flag_overdue", problem, after={"top_overdue_flagged_on": on}, note=reason,
               region_code=_region_code(problem))
        key = f"problem-{pk}-top-overdue-{due_on:%Y%m%d}"
        subject = f"问题逾期未解决：{problem.project.name}"
        for user in [holder_user(problem), *_hq_users(problem.project.county)]:
            notify(user, subject, body=f"{problem.description[:200]}\n{reason}", url=_problem_url(problem),
                   kind="problem.overdue", dedupe_key=key)
    return True


def _hq_users(county) -> list:
    """The HQ office's sign-in users whose region covers `county`."""
    assignments = RoleAssignment.objects.filter(role=Role.HQ_OFFICE, person__user__isnull=False,
                                                person__is_active=True).select_related("region", "person__user")
    return [a.person.user for a in assignments if county.path.startswith(a.region.path)]
