"""Use cases of problems. Each owns its transaction and writes its audit event and history row."""

import datetime

from django.db import transaction
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.calendar.services import load_calendar
from wumei.core.errors import ValidationError
from wumei.problems.models import Problem, ProblemTransition

DEFAULT_DEADLINE_DAYS = 10


def raise_problem(actor, project, *, source: str, description: str, category: str = Problem.Category.OTHER,
                  owner_unit=None, deadline_days: int = DEFAULT_DEADLINE_DAYS, on: datetime.date | None = None,
                  photos=()) -> Problem:
    """Register a problem met by a project; its deadline counts working days from the day it was raised."""
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": "请填写问题描述"})
    if deadline_days < 1:
        raise ValidationError({"deadline_days": "办理时限至少为1个工作日"})
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
        ProblemTransition.objects.create(problem=problem, from_status="", to_status=problem.status,
                                         to_level=problem.level, reason="登记问题",
                                         actor=problem.raised_by)
        record(actor, "problem.raise", problem, after=snapshot(problem), region_code=project.county.code)
    return problem
