"""Use cases of 问责: record a case and change it. Each checks who may do it, owns its transaction and writes
its audit event."""

import datetime

from django.db import transaction
from django.utils import timezone

from wumei.accountability import permissions, rules
from wumei.accountability.models import Case
from wumei.audit.services import record, snapshot
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.dekad.models import Letter
from wumei.org.models import Person, Region, Unit
from wumei.projects.models import Project

UNISSUED = [Letter.Status.DRAFT, Letter.Status.WITHDRAWN]


def _system(actor) -> bool:
    return actor is None


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check(county: Region, *, kind: str, reason: str, occurred_on, status: str, closed_on, subject_unit,
           subject_people, projects, letters, today: datetime.date) -> None:
    errors = rules.case_errors(reason=reason, occurred_on=occurred_on, status=status, closed_on=closed_on,
                               today=today, closed=Case.Status.CLOSED)
    if kind not in Case.Kind.values:
        errors["kind"] = "请选择问责类型"
    if status not in Case.Status.values:
        errors["status"] = "状态无效"
    if subject_unit is not None and not subject_unit.region.path.startswith(county.path):
        errors["subject_unit"] = "被问责单位不在本县（区）"
    if kind == Case.Kind.INTERVIEW and subject_unit is None:
        errors["subject_unit"] = "约谈请选择被约谈的单位"
    outside = [p.name for p in subject_people if not p.region.path.startswith(county.path)]
    if outside:
        errors["subject_people"] = f"被问责人员不在本县（区）：{'、'.join(outside)}"
    if any(p.county_id != county.pk for p in projects):
        errors["projects"] = "涉及项目应为本县（区）的项目"
    if any(letter.county_id != county.pk for letter in letters):
        errors["letters"] = "相关函件应为本县（区）的督办函件"
    elif any(letter.status in UNISSUED for letter in letters):
        errors["letters"] = "只能关联已印发的函件"
    if errors:
        raise ValidationError(errors)


def _links(case: Case) -> dict:
    return {
        "subject_people": sorted(case.subject_people.values_list("pk", flat=True)),
        "projects": sorted(case.projects.values_list("pk", flat=True)),
        "letters": sorted(case.letters.values_list("pk", flat=True)),
    }


def record_case(actor, county: Region, *, kind: str, occurred_on: datetime.date, reason: str, measures: str = "",
                subject_unit: Unit | None = None, subject_people: list[Person] | None = None,
                status: str = Case.Status.OPEN, closed_on: datetime.date | None = None,
                projects: list[Project] | None = None, letters: list[Letter] | None = None,
                today: datetime.date | None = None) -> Case:
    """Record an accountability case (by the HQ office or the inspector) with the projects and letters behind it."""
    today = today or timezone.localdate()
    people, projects, letters = list(subject_people or []), list(projects or []), list(letters or [])
    if not _system(actor) and not permissions.can_record(actor, county):
        raise PermissionDenied("只有指挥部办公室和纪检监察员可以登记问责")
    _check(county, kind=kind, reason=reason, occurred_on=occurred_on, status=status, closed_on=closed_on,
           subject_unit=subject_unit, subject_people=people, projects=projects, letters=letters, today=today)
    with transaction.atomic():
        case = Case.objects.create(
            county=county, kind=kind, occurred_on=occurred_on, reason=reason.strip(), measures=(measures or "").strip(),
            subject_unit=subject_unit, status=status, closed_on=closed_on if status == Case.Status.CLOSED else None,
            recorded_by=_user(actor),
        )
        case.subject_people.set(people)
        case.projects.set(projects)
        case.letters.set(letters)
        record(actor, "accountability.create", case, after={**snapshot(case), **_links(case)},
               region_code=county.code)
    return case


def update_case(actor, case: Case, *, kind: str, occurred_on: datetime.date, reason: str, measures: str = "",
                subject_unit: Unit | None = None, subject_people: list[Person] | None = None,
                status: str = Case.Status.OPEN, closed_on: datetime.date | None = None,
                projects: list[Project] | None = None, letters: list[Letter] | None = None,
                today: datetime.date | None = None) -> Case:
    """Change a case: its facts, its links, its outcome and status."""
    today = today or timezone.localdate()
    people, projects, letters = list(subject_people or []), list(projects or []), list(letters or [])
    county = case.county
    if not _system(actor) and not permissions.can_record(actor, county):
        raise PermissionDenied("只有指挥部办公室和纪检监察员可以修改问责")
    _check(county, kind=kind, reason=reason, occurred_on=occurred_on, status=status, closed_on=closed_on,
           subject_unit=subject_unit, subject_people=people, projects=projects, letters=letters, today=today)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        before = {**snapshot(locked), **_links(locked)}
        locked.kind, locked.occurred_on, locked.reason = kind, occurred_on, reason.strip()
        locked.measures, locked.subject_unit, locked.status = (measures or "").strip(), subject_unit, status
        locked.closed_on = closed_on if status == Case.Status.CLOSED else None
        locked.updated_at = timezone.now()
        locked.save()
        locked.subject_people.set(people)
        locked.projects.set(projects)
        locked.letters.set(letters)
        after = {**snapshot(locked), **_links(locked)}
        keys = [k for k in after if before.get(k) != after[k] and k != "updated_at"]
        record(actor, "accountability.update", locked, before={k: before[k] for k in keys},
               after={k: after[k] for k in keys}, region_code=county.code)
    return locked
