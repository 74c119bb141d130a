"""Use cases of the registry. Each owns its transaction and writes its audit event."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wumei.audit.services import Entry, diff, record, record_many, snapshot
from wumei.core.errors import ConflictError, ValidationError
from wumei.core.money import WAN_PLACES
from wumei.projects import rules
from wumei.projects.models import AnnualPlan, Milestone, Progress, Project, Stage, StageChange

# Fields a user may set directly on a project (stage goes through change_stage).
PROJECT_FIELDS = [
    "code", "name", "county", "owner", "content", "category", "level", "chain", "park", "town",
    "total_investment", "funding_source", "funding_priority", "planned_start_on", "actual_start_on",
    "planned_completion_on", "actual_completion_on", "responsible_unit", "lead_leader", "work_plan",
    "butler", "police", "inspector",
]


def _today() -> datetime.date:
    return timezone.localdate()


def _check(project: Project, today: datetime.date) -> None:
    errors = rules.date_errors(
        rules.DateFacts(project.planned_start_on, project.actual_start_on,
                        project.planned_completion_on, project.actual_completion_on),
        today,
    )
    if errors:
        raise ValidationError(errors)
    project.full_clean(exclude=["search_key"], validate_unique=True)


def _refresh_search_key(project: Project) -> None:
    project.search_key = rules.search_key(project.name, project.owner.name if project.owner_id else "")


def create_project(actor, data: dict, *, stage: str = Stage.PLANNING, plan: dict | None = None,
                   today: datetime.date | None = None) -> Project:
    """Register a key project, with its first stage and (optionally) this year's plan."""
    today = today or _today()
    with transaction.atomic():
        project = Project(stage=stage, **{k: v for k, v in data.items() if k in PROJECT_FIELDS})
        _refresh_search_key(project)
        _check(project, today)
        project.save()
        StageChange.objects.create(project=project, from_stage="", to_stage=stage, reason="登记入库",
                                   actor=_user(actor))
        record(actor, "project.create", project, after=snapshot(project), region_code=project.county.code)
        if plan:
            set_annual_plan(actor, project, **plan)
    return project


@dataclass
class NewProject:
    """One project of a bulk registration: its fields, first stage, this year's plan and progress."""

    data: dict
    stage: str = Stage.PLANNING
    plan: dict | None = None  # year, planned_investment, kind
    progress: dict | None = None  # as_of, source and the figures
    errors: dict = field(default_factory=dict)
    project: Project | None = None  # built by check_new_projects


PROGRESS_FIELDS = ["year_investment", "cumulative_investment", "image_progress", "issues"]
FOREIGN_KEYS = ["county", "owner", "chain", "park", "town", "responsible_unit", "lead_leader", "butler", "police",
                "inspector"]


def check_new_projects(items: list[NewProject], today: datetime.date | None = None) -> list[Project]:
    """Build and check each item as `create_project` does, without a query: references are objects the
    caller already holds; unique codes and check constraints are left to the database. Sets `item.errors`."""
    today = today or _today()
    projects = []
    for item in items:
        project = Project(stage=item.stage, **{k: v for k, v in item.data.items() if k in PROJECT_FIELDS})
        _refresh_search_key(project)
        item.errors = rules.date_errors(
            rules.DateFacts(project.planned_start_on, project.actual_start_on,
                            project.planned_completion_on, project.actual_completion_on), today)
        if not item.errors:
            try:
                project.full_clean(exclude=["search_key", *FOREIGN_KEYS], validate_unique=False,
                                   validate_constraints=False)
            except ValidationError as exc:
                item.errors = exc.message_dict
        item.project = project
        projects.append(project)
    return projects


def create_projects(actor, items: list[NewProject], *, today: datetime.date | None = None) -> list[Project]:
    """Register many projects in a few statements (imports): the same rows and audit events as
    `create_project`, `set_annual_plan` and `record_progress` one by one. Every item must have passed
    `check_new_projects`; a database constraint that fails raises IntegrityError for the whole batch."""
    if any(item.project is None for item in items):
        check_new_projects(items, today)
    projects = [item.project for item in items]
    invalid = [item.errors for item in items if item.errors]
    if invalid:
        raise ValidationError(invalid[0])
    user, now = _user(actor), timezone.now()
    with transaction.atomic():
        Project.objects.bulk_create(projects, batch_size=500)
        StageChange.objects.bulk_create(
            [StageChange(project=p, from_stage="", to_stage=p.stage, reason="登记入库", actor=user) for p in projects],
            batch_size=500)
        entries, plans, progress = [], [], []
        for item, project in zip(items, projects, strict=True):
            code = project.county.code
            entries.append(Entry("project.create", project, after=snapshot(project), region_code=code))
            if item.plan:
                plan = AnnualPlan(project=project, year=item.plan["year"], kind=item.plan["kind"],
                                  planned_investment=_wan(item.plan["planned_investment"]))
                plans.append(plan)
                entries.append(Entry("project.set_plan", project, after={"year": plan.year, **snapshot(
                    plan, ["kind", "planned_investment"])}, region_code=code))
            if item.progress:
                values = {k: _wan(v) if k.endswith("_investment") else v for k, v in item.progress.items()}
                row = Progress(project=project, recorded_at=now, **values)
                progress.append(row)
                entries.append(Entry("project.record_progress", project, after={
                    "as_of": row.as_of, **snapshot(row, PROGRESS_FIELDS)}, region_code=code))
        AnnualPlan.objects.bulk_create(plans, batch_size=500)
        Progress.objects.bulk_create(progress, batch_size=500)
        record_many(actor, entries)
    return projects


def update_project(actor, project: Project, data: dict, *, expected_version: int | None = None,
                   today: datetime.date | None = None) -> Project:
    """Change a project's fields. A stale `expected_version` loses with a ConflictError."""
    today = today or _today()
    with transaction.atomic():
        before = snapshot(project)
        for key, value in data.items():
            if key in PROJECT_FIELDS:
                setattr(project, key, value)
        _refresh_search_key(project)
        _check(project, today)
        version = project.version if expected_version is None else expected_version
        changed = Project.objects.filter(pk=project.pk, version=version).update(
            **{f.attname: getattr(project, f.attname) for f in project._meta.concrete_fields
               if f.attname not in {"id", "version", "created_at", "stage"}},
            version=F("version") + 1,
        )
        if not changed:
            raise ConflictError("该项目已被他人修改，请刷新页面后重新填写")
        project.refresh_from_db()
        old, new = diff(before, snapshot(project))
        old.pop("version", None), new.pop("version", None), old.pop("updated_at", None), new.pop("updated_at", None)
        if new:
            record(actor, "project.update", project, before=old, after=new, region_code=project.county.code)
    return project


def change_stage(actor, project: Project, to_stage: str, reason: str = "") -> StageChange | None:
    """Move a project along its lifecycle; going back needs a reason. Recorded with who, when and why."""
    error = rules.stage_change_error(project.stage, to_stage, reason)
    if error:
        raise ValidationError({"stage": error})
    if to_stage == project.stage:
        return None
    with transaction.atomic():
        from_stage = project.stage
        changed = Project.objects.filter(pk=project.pk, stage=from_stage).update(
            stage=to_stage, version=F("version") + 1, updated_at=timezone.now()
        )
        if not changed:
            raise ConflictError("该项目阶段已被他人修改，请刷新页面后重试")
        change = StageChange.objects.create(project=project, from_stage=from_stage, to_stage=to_stage,
                                            reason=reason.strip(), actor=_user(actor))
        record(actor, "project.change_stage", project, before={"stage": from_stage}, after={"stage": to_stage},
               note=reason.strip(), region_code=project.county.code)
        project.refresh_from_db()
    return change


def set_annual_plan(actor, project: Project, *, year: int, planned_investment: Decimal, kind: str) -> AnnualPlan:
    """Set one year's plan (kind and planned investment in 万元)."""
    planned_investment = _wan(planned_investment)
    with transaction.atomic():
        existing = AnnualPlan.objects.filter(project=project, year=year).first()
        before = snapshot(existing, ["kind", "planned_investment"]) if existing else None
        plan, _ = AnnualPlan.objects.update_or_create(
            project=project, year=year, defaults={"planned_investment": planned_investment, "kind": kind}
        )
        after = snapshot(plan, ["kind", "planned_investment"])
        if before != after:
            record(actor, "project.set_plan", project, before=before, after={"year": year, **after},
                   region_code=project.county.code)
    return plan


def record_progress(actor, project: Project, *, as_of: datetime.date, source: str = Progress.Source.FORM,
                    **values) -> Progress:
    """Keep the project's progress as of a date (one row per day; recording again updates it)."""
    values = {k: _wan(v) if k.endswith("_investment") else v for k, v in values.items()}
    with transaction.atomic():
        existing = Progress.objects.filter(project=project, as_of=as_of).first()
        fields = ["year_investment", "cumulative_investment", "image_progress", "issues"]
        before = snapshot(existing, fields) if existing else None
        progress, _ = Progress.objects.update_or_create(
            project=project, as_of=as_of, defaults={**values, "source": source, "recorded_at": timezone.now()}
        )
        after = snapshot(progress, fields)
        if before != after:
            record(actor, "project.record_progress", project, before=before, after={"as_of": as_of, **after},
                   region_code=project.county.code)
    return progress


def replace_milestones(actor, project: Project, milestones: list[dict]) -> None:
    """Replace the project's schedule (时间进度表) with the given lines."""
    with transaction.atomic():
        before = list(project.milestones.values("name", "planned_on", "actual_on"))
        project.milestones.all().delete()
        Milestone.objects.bulk_create(
            Milestone(project=project, order=i, **m) for i, m in enumerate(milestones, start=1)
        )
        record(actor, "project.set_milestones", project, before={"milestones": before},
               after={"milestones": milestones}, region_code=project.county.code)


def _wan(value: Decimal | None) -> Decimal | None:
    """Amounts are kept to the yuan (four places of 万元), so equal amounts compare equal as stored."""
    return None if value is None else Decimal(value).quantize(WAN_PLACES)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
