"""Read side of the four lists."""

import datetime

from django.db.models import QuerySet

from wumei.tasks.models import Task


def overdue_tasks(on: datetime.date, projects: QuerySet | None = None) -> QuerySet[Task]:
    """Open tasks whose deadline passed before `on` (the deadline day itself is not overdue)."""
    qs = Task.objects.filter(status=Task.Status.OPEN, due_on__lt=on)
    if projects is not None:
        qs = qs.filter(project__in=projects)
    return qs
