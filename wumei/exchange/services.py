"""Use cases of the exchange: import a county's key-project table (重点项目调度表), export it back.

The import is all-or-nothing. It parses and checks every row first (`parser`), resolves every named unit,
person and chain against lookups loaded once, matches each row to a project, and only then writes, inside
one transaction, through the registry's own services (`create_project`, `update_project`, `change_stage`,
`set_annual_plan`, `record_progress`), each of which writes its audit event. Any error, in the file or
raised by a service, rolls everything back; all errors are reported, each with its Excel row and column.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from wumei.audit.services import record
from wumei.core.errors import ConflictError, ValidationError
from wumei.exchange import parser, rules, writer
from wumei.exchange.parser import RowError
from wumei.org.models import Chain, Person, Region, Unit
from wumei.org.services import home_county, save_chain, save_person, save_unit
from wumei.projects.models import AnnualPlan, Category, Level, Progress, Project
from wumei.projects.services import (
    NewProject,
    change_stage,
    check_new_projects,
    create_project,
    create_projects,
    record_progress,
    set_annual_plan,
    update_project,
)

IMPORT_REASON = "表格导入"
PERSON_KIND = "person"
CHAIN_KIND = "chain"
REFERENCE_LABELS = {
    Unit.Kind.ENTERPRISE: "企业", Unit.Kind.RESPONSIBLE: "责任单位", Unit.Kind.TOWN: "乡镇",
    Unit.Kind.PARK: "园区", PERSON_KIND: "人员", CHAIN_KIND: "产业链",
}
# A 责任单位 may be any unit but an enterprise; same-named units are taken in this order.
RESPONSIBLE_KINDS = [Unit.Kind.RESPONSIBLE, Unit.Kind.APPROVAL, Unit.Kind.TOWN, Unit.Kind.PARK, Unit.Kind.HQ]
# Project fields the table's columns set directly (the rest are references, stage, plan and progress).
PLAIN_FIELDS = ["code", "name", "content", "work_plan", "total_investment", "funding_source", "funding_priority",
                "planned_start_on", "actual_start_on", "planned_completion_on", "actual_completion_on"]
PERSON_FIELDS = ["lead_leader", "butler", "police", "inspector"]
REFERENCE_FIELDS = ["owner", "responsible_unit", "chain", "park", "town", "lead_leader", "butler", "police",
                    "inspector"]
_NO_COLUMN_FIELDS = {"county", "__all__", "search_key", "version"}


@dataclass(frozen=True)
class CreatedReference:
    """A unit, person or chain named in the file that did not exist and was (or would be) created."""

    kind: str
    name: str

    @property
    def label(self) -> str:
        return REFERENCE_LABELS[self.kind]

    def as_dict(self) -> dict:
        return {"kind": self.label, "name": self.name}


@dataclass
class ImportResult:
    """What an import did (or, for a dry run, would do).

    `updated` counts the existing projects the file changed (fields, stage, plan or progress); those it
    matched without a change are `unchanged`, so re-importing a file reports 0 created, 0 updated. When
    there are errors, nothing was written and every count is 0.
    """

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    created_references: list[CreatedReference] = field(default_factory=list)
    dry_run: bool = False
    as_of: datetime.date | None = None
    plan_year: int | None = None
    county: Region | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "errors": [error.as_dict() for error in self.errors],
            "created_references": [ref.as_dict() for ref in self.created_references],
        }


@dataclass(frozen=True)
class _New:
    """A reference that does not exist yet: created in the write phase."""

    kind: str
    name: str


@dataclass
class _Intent:
    """What one row will do: create or update a project, and its stage, plan and progress."""

    row: int
    project: Project | None
    data: dict
    stage: str | None = None
    plan: dict | None = None
    progress: dict | None = None

    @property
    def changes(self) -> bool:
        return bool(self.project is None or self.data or self.stage or self.plan or self.progress)


class _References:
    """The county's units, people and chains, loaded once; names not found are noted (or refused)."""

    def __init__(self, county: Region, strict: bool):
        self.county = county
        self.strict = strict
        self.units: dict[tuple[str, str], Unit] = {}
        for unit in Unit.objects.filter(region=county).order_by("id"):
            self.units.setdefault((unit.kind, unit.name), unit)
        self.people: dict[str, list[Person]] = {}
        for person in Person.objects.filter(region=county).order_by("-is_active", "id"):
            self.people.setdefault(person.name, []).append(person)
        self.chains = {chain.name: chain for chain in Chain.objects.filter(region=county).order_by("-id")}
        self.pending: dict[_New, tuple[int, str]] = {}  # what to create → first row and column naming it

    def _missing(self, kind: str, name: str, row: int, column: str, errors: list[RowError]):
        if self.strict:
            noun = {PERSON_KIND: "人员", CHAIN_KIND: "产业链"}.get(kind, "单位")
            errors.append(RowError(row, column, f"{noun}「{name}」不存在"))
            return None
        new = _New(kind, name)
        self.pending.setdefault(new, (row, column))
        return new

    def unit(self, kinds: list[str], name: str, create_kind: str, row: int, column: str, errors: list[RowError]):
        for kind in kinds:
            found = self.units.get((kind, name))
            if found is not None:
                return found
        return self._missing(create_kind, name, row, column, errors)

    def person(self, name: str, current: Person | None, row: int, column: str, errors: list[RowError]):
        if current is not None and current.name == name:
            return current  # same-named people: keep the one the project already has
        found = self.people.get(name)
        if found:
            return found[0]
        return self._missing(PERSON_KIND, name, row, column, errors)

    def chain(self, name: str, row: int, column: str, errors: list[RowError]):
        found = self.chains.get(name)
        return found if found is not None else self._missing(CHAIN_KIND, name, row, column, errors)

    def create_pending(self, actor, errors: list[RowError]) -> dict[_New, object]:
        created: dict[_New, object] = {}
        for new, (row, column) in self.pending.items():
            try:
                if new.kind == PERSON_KIND:
                    created[new] = save_person(actor, {"name": new.name, "region": self.county})
                elif new.kind == CHAIN_KIND:
                    created[new] = save_chain(actor, {"name": new.name, "region": self.county})
                else:
                    created[new] = save_unit(actor, {"name": new.name, "kind": new.kind, "region": self.county})
            except ValidationError as exc:
                errors.extend(RowError(row, column, message) for message in exc.messages)
        return created


def _today() -> datetime.date:
    return timezone.localdate()


def import_projects(actor, data: bytes, *, filename: str = "", county: Region | None = None,
                    as_of: datetime.date | None = None, dry_run: bool = False, strict: bool = False,
                    today: datetime.date | None = None) -> ImportResult:
    """Import a 重点项目调度表: create or update its projects, plans and progress, all or nothing.

    Rows match projects by 项目编号, else by name within the county; re-importing a file changes nothing.
    Units, people and chains the file names are created in the county unless `strict`. `as_of` (given)
    wins over the file's 截至 line. `dry_run` does everything, then rolls it back.
    """
    today = today or _today()
    result = ImportResult(dry_run=dry_run)
    try:
        sheet = parser.parse_file(data, filename, max_bytes=settings.IMPORT_MAX_BYTES,
                                  max_rows=settings.IMPORT_MAX_ROWS)
    except parser.FileError as exc:
        result.errors.append(RowError(None, "", exc.message))
        return result

    result.as_of = as_of or sheet.as_of
    result.plan_year = rules.plan_year(result.as_of, sheet.header_year, today)
    errors = list(sheet.errors)
    progress_columns = [name for name in parser.PROGRESS_FIELDS if name in sheet.columns]
    if progress_columns and result.as_of is None:
        first = min(progress_columns, key=lambda name: sheet.columns[name].index)
        errors.append(RowError(sheet.header.row, sheet.label(first),
                               "表格含有进度列，但未找到截至日期：请在表头上方写明「截至YYYY年M月D日」，"
                               "或导入时指定截至日期"))

    # One transaction from the first read to the last write: a dry run, or any error, rolls back all of
    # it, even the home county created on first use.
    with transaction.atomic():
        result.county = county = county or home_county()
        refs = _References(county, strict)
        intents = _plan(sheet, county, refs, result, errors)
        created_refs: dict = {}
        if not errors:
            created_refs = refs.create_pending(actor, errors)
        if not errors:
            _write(actor, intents, created_refs, sheet, result, errors, today)
        if errors:
            transaction.set_rollback(True)
            result.created = result.updated = result.unchanged = 0
            result.errors = sorted(errors, key=_error_order)
            return result
        result.created_references = [CreatedReference(new.kind, new.name) for new in created_refs]
        if dry_run:
            transaction.set_rollback(True)
        else:
            record(actor, "exchange.import", None, after={
                "file": filename, "created": result.created, "updated": result.updated,
                "unchanged": result.unchanged, "as_of": result.as_of, "plan_year": result.plan_year,
                "created_references": [ref.as_dict() for ref in result.created_references],
            }, note=f"导入重点项目调度表 {filename}".strip(), region_code=county.code)
    return result


def _error_order(error: RowError) -> int:
    # By row; within a row the (stable) order they were found in: cells left to right, then the services'.
    return error.row or 0


def _plan(sheet: parser.ParsedSheet, county: Region, refs: _References, result: ImportResult,
          errors: list[RowError]) -> list[_Intent]:
    """Match every row to a project and work out what it changes, without writing anything."""
    columns = sheet.columns
    projects = list(Project.objects.filter(county=county).select_related(
        "owner", "responsible_unit", "chain", "park", "town", "lead_leader", "butler", "police", "inspector"))
    by_code = {p.code: p for p in projects if p.code}
    by_name: dict[str, list[Project]] = {}
    for project in projects:
        by_name.setdefault(project.name, []).append(project)
    codes = {row.values.get("code") for row in sheet.rows if row.values.get("code")} - set(by_code)
    elsewhere = _projects_elsewhere(codes, county)
    plans = {plan.project_id: plan for plan in AnnualPlan.objects.filter(project__county=county,
                                                                             year=result.plan_year)}
    latest = _latest_progress(Progress.objects.filter(project__county=county), result.as_of) \
        if result.as_of else {}

    seen: dict[object, int] = {}
    intents = []
    for row in sheet.rows:
        values = row.values
        code, name = values.get("code") or "", values.get("name") or ""
        if code and code in elsewhere:
            errors.append(RowError(row.row, sheet.label("code"),
                                   f"项目编号「{code}」已被其他县（区）的项目「{elsewhere[code]}」使用"))
            continue
        project = by_code.get(code) if code else None
        if project is None and name:
            candidates = [p for p in by_name.get(name, []) if not code or not p.code]
            project = candidates[0] if candidates else None
        key = project.pk if project is not None else (code or name)
        if key in seen:
            errors.append(RowError(row.row, sheet.label("code" if code else "name"),
                                   f"与第{seen[key]}行是同一个项目，请合并为一行"))
            continue
        seen[key] = row.row
        if project is None and not name:
            errors.append(RowError(row.row, sheet.label("name"), "项目名称不能为空"))
            continue
        if project is None and values.get("total_investment") is None and "total_investment" not in row.unreadable:
            errors.append(RowError(row.row, sheet.label("total_investment"), "总投资不能为空"))
        intent = _Intent(row.row, project, {})
        _plan_fields(intent, row, sheet, refs, errors)
        _plan_stage(intent, values)
        _plan_annual(intent, row, columns, plans, result.plan_year)
        _plan_progress(intent, values, columns, latest)
        intents.append(intent)
    return intents


def _projects_elsewhere(codes: set[str], county: Region) -> dict[str, str]:
    found: dict[str, str] = {}
    ordered = sorted(codes)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        found.update(Project.objects.filter(code__in=chunk).exclude(county=county).values_list("code", "name"))
    return found


def _latest_progress(progress: QuerySet[Progress], as_of: datetime.date) -> dict[int, Progress]:
    """Each project's latest progress as of a date, in one query."""
    newest = Progress.objects.filter(project=OuterRef("project"), as_of__lte=as_of).order_by("-as_of")
    rows = progress.filter(as_of__lte=as_of, as_of=Subquery(newest.values("as_of")[:1]))
    return {p.project_id: p for p in rows}


def _plan_fields(intent: _Intent, row: parser.ParsedRow, sheet: parser.ParsedSheet, refs: _References,
                 errors: list[RowError]) -> None:
    """The project fields the row sets; for an existing project, only those that differ.

    A present column's blank cell clears an optional field (the file is the truth for its columns) but
    never the project's code, and never a required field: total investment, category, level, funding.
    """
    values, columns, project = row.values, sheet.columns, intent.project
    data: dict = {}
    for name in PLAIN_FIELDS:
        if name not in columns:
            continue
        value = values.get(name)
        if name in {"content", "work_plan"}:
            data[name] = value or ""
        elif value is not None and value != "":
            data[name] = value
        elif name in parser.DATE_FIELDS:
            data[name] = None
    for name in ("category", "level"):
        value = values.get(name) or row.section.get(name)
        if value:
            data[name] = value

    def unit(name, kinds, create_kind):
        column = sheet.label(name)
        text = values.get(name)
        return refs.unit(kinds, text, create_kind, row.row, column, errors) if text else None

    if "owner" in columns:
        data["owner"] = unit("owner", [Unit.Kind.ENTERPRISE], Unit.Kind.ENTERPRISE)
    if "responsible_unit" in columns:
        data["responsible_unit"] = unit("responsible_unit", RESPONSIBLE_KINDS, Unit.Kind.RESPONSIBLE)
    if "location" in columns:
        place = values.get("location")
        kind = Unit.Kind.PARK if place and parser.is_park_name(place) else Unit.Kind.TOWN
        found = unit("location", [Unit.Kind.PARK, Unit.Kind.TOWN], kind)
        found_kind = found.kind if found is not None else None
        data["park"] = found if found_kind == Unit.Kind.PARK else None
        data["town"] = found if found_kind == Unit.Kind.TOWN else None
    if "park" in columns:
        data["park"] = unit("park", [Unit.Kind.PARK], Unit.Kind.PARK)
    if "town" in columns:
        data["town"] = unit("town", [Unit.Kind.TOWN], Unit.Kind.TOWN)
    if "chain" in columns:
        text = values.get("chain")
        data["chain"] = refs.chain(text, row.row, sheet.label("chain"), errors) if text else None
    for name in PERSON_FIELDS:
        if name in columns:
            text = values.get(name)
            current = getattr(project, name) if project is not None else None
            data[name] = refs.person(text, current, row.row, sheet.label(name), errors) if text else None

    if project is None:
        intent.data = data
        return
    intent.data = {name: value for name, value in data.items() if not _same_field(project, name, value)}


def _same_field(project: Project, name: str, value) -> bool:
    if name in REFERENCE_FIELDS:
        if isinstance(value, _New):
            return False
        return getattr(project, f"{name}_id") == (value.pk if value is not None else None)
    return rules.same_value(getattr(project, name), value)


def _plan_stage(intent: _Intent, values: dict) -> None:
    stage = values.get("stage")
    if stage and (intent.project is None or intent.project.stage != stage):
        intent.stage = stage


def _plan_annual(intent: _Intent, row: parser.ParsedRow, columns: dict, plans: dict, year: int) -> None:
    """This year's plan: a planned investment and/or a plan kind (from its column or the section)."""
    if "plan_investment" not in columns and "plan_kind" not in columns and "plan_kind" not in row.section:
        return
    investment = row.values.get("plan_investment")
    kind = row.values.get("plan_kind") or row.section.get("plan_kind")
    if investment is None and kind is None:
        return
    existing = plans.get(intent.project.pk) if intent.project is not None else None
    if investment is None:
        investment = existing.planned_investment if existing else Decimal(0)
    if kind is None:
        kind = existing.kind if existing else rules.default_plan_kind(
            year, **{name: _final(intent, name) for name in
                     ("planned_start_on", "actual_start_on", "planned_completion_on")})
    if existing and existing.kind == kind and existing.planned_investment == investment:
        return
    intent.plan = {"year": year, "planned_investment": investment, "kind": kind}


def _final(intent: _Intent, name: str):
    if name in intent.data:
        return intent.data[name]
    return getattr(intent.project, name) if intent.project is not None else None


def _plan_progress(intent: _Intent, values: dict, columns: dict, latest: dict) -> None:
    """Progress as of the sheet's date, unless its figures equal the project's latest progress already."""
    present = [name for name in parser.PROGRESS_FIELDS if name in columns]
    if not present:
        return
    figures = {name: values.get(name) if name in parser.MONEY_FIELDS else (values.get(name) or "")
               for name in present}
    if all(value in (None, "") for value in figures.values()):
        return
    current = latest.get(intent.project.pk) if intent.project is not None else None
    if current is not None and all(rules.same_value(getattr(current, n), v) for n, v in figures.items()):
        return
    intent.progress = figures


def _resolved(intent: _Intent, created_refs: dict) -> dict:
    return {name: created_refs.get(value) if isinstance(value, _New) else value for name, value in intent.data.items()}


def _new_project(intent: _Intent, data: dict, result: ImportResult) -> NewProject:
    data = {"category": Category.INDUSTRIAL, "level": Level.COUNTY, **data, "county": result.county}
    stage = intent.stage or rules.default_stage(data.get("actual_start_on"), data.get("actual_completion_on"))
    progress = {"as_of": result.as_of, "source": Progress.Source.IMPORT, **intent.progress} if intent.progress else None
    return NewProject(data, stage=stage, plan=intent.plan, progress=progress)


def _write_new_in_bulk(actor, intents: list[_Intent], created_refs: dict, sheet: parser.ParsedSheet,
                       result: ImportResult, errors: list[RowError], today: datetime.date) -> list[_Intent]:
    """Create the file's new projects in a few statements. Returns the intents left for the row-by-row path:
    none when the batch went in, all of them when the database refused it (that path names the row)."""
    new = [intent for intent in intents if intent.project is None]
    if not new:
        return intents
    items = [_new_project(intent, _resolved(intent, created_refs), result) for intent in new]
    check_new_projects(items, today)
    invalid = [(intent, item) for intent, item in zip(new, items, strict=True) if item.errors]
    if invalid:
        for intent, item in invalid:
            errors.extend(_row_errors(intent.row, ValidationError(item.errors), sheet))
        return []
    try:
        with transaction.atomic():
            create_projects(actor, items, today=today)
    except IntegrityError:
        return intents
    result.created += len(new)
    return [intent for intent in intents if intent.project is not None]


def _write(actor, intents: list[_Intent], created_refs: dict, sheet: parser.ParsedSheet, result: ImportResult,
           errors: list[RowError], today: datetime.date) -> None:
    """Apply every intent through the registry's services; collect their errors as row errors. New projects
    go in one batch when there are many (`create_projects`), row by row otherwise or when the batch fails."""
    intents = _write_new_in_bulk(actor, intents, created_refs, sheet, result, errors, today)
    for intent in intents:
        data = _resolved(intent, created_refs)
        if not intent.changes:
            result.unchanged += 1
            continue
        try:
            project = intent.project
            if project is None:
                data.setdefault("category", Category.INDUSTRIAL)
                data.setdefault("level", Level.COUNTY)
                stage = intent.stage or rules.default_stage(data.get("actual_start_on"),
                                                            data.get("actual_completion_on"))
                project = create_project(actor, {**data, "county": result.county}, stage=stage, today=today)
                result.created += 1
            else:
                if data:
                    project = update_project(actor, project, data, today=today)
                if intent.stage:
                    change_stage(actor, project, intent.stage, IMPORT_REASON)
                result.updated += 1
            if intent.plan:
                set_annual_plan(actor, project, **intent.plan)
            if intent.progress:
                record_progress(actor, project, as_of=result.as_of, source=Progress.Source.IMPORT,
                                **intent.progress)
        except ValidationError as exc:
            errors.extend(_row_errors(intent.row, exc, sheet))
        except ConflictError as exc:
            errors.append(RowError(intent.row, sheet.label("name"), exc.message))
        except IntegrityError:
            errors.append(RowError(intent.row, sheet.label("name"), "数据与已有记录冲突，无法保存"))


def _row_errors(row: int, exc: ValidationError, sheet: parser.ParsedSheet) -> list[RowError]:
    if not hasattr(exc, "error_dict"):
        return [RowError(row, sheet.label("name"), message) for message in exc.messages]
    found = []
    for name, messages in exc.message_dict.items():
        if name in _NO_COLUMN_FIELDS or name not in parser.FIELD_LABELS:
            column = sheet.label("name")
        else:
            column = sheet.label(name)
        found.extend(RowError(row, column, message) for message in messages)
    return found


# ---------------------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------------------

LEVEL_ORDER = {value: index for index, value in enumerate(Level.values)}


def export_projects(actor, projects: QuerySet[Project], *, as_of: datetime.date, title: str,
                    region_code: str = "") -> bytes:
    """The projects as a 重点项目调度表 (.xlsx): one section per category, the plan of `as_of`'s year, the
    latest progress as of `as_of`. A fixed number of queries, however many projects; the export (data
    leaving the system) is audited."""
    scope = projects.values("pk")
    projects = list(projects.select_related(
        "owner", "responsible_unit", "chain", "park", "town", "lead_leader", "butler", "police", "inspector",
    ).order_by("id"))
    plans: dict[int, AnnualPlan] = {}
    latest: dict[int, Progress] = {}
    if projects:
        plans = {p.project_id: p for p in AnnualPlan.objects.filter(project_id__in=scope, year=as_of.year)}
        latest = _latest_progress(Progress.objects.filter(project_id__in=scope), as_of)
    by_category: dict[str, list[dict]] = {value: [] for value in Category.values}
    for project in sorted(projects, key=lambda p: (LEVEL_ORDER.get(p.level, 9), p.pk)):
        by_category.setdefault(project.category, []).append(
            _export_row(project, plans.get(project.pk), latest.get(project.pk)))
    sections = [(Category(category).label, rows) for category, rows in by_category.items() if rows]
    content = writer.build_workbook(title=title, as_of=as_of, columns=writer.export_columns(as_of),
                                    sections=sections)
    with transaction.atomic():
        record(actor, "exchange.export", None, after={"projects": len(projects), "as_of": as_of},
               note=f"导出{title}", region_code=region_code)
    return content


def _export_row(project: Project, plan: AnnualPlan | None, progress: Progress | None) -> dict:
    def name(obj):
        return obj.name if obj is not None else None

    return {
        "code": project.code,
        "name": project.name,
        "owner": name(project.owner),
        "content": project.content,
        "level": project.get_level_display(),
        "chain": name(project.chain),
        "park": name(project.park),
        "town": name(project.town),
        "total_investment": project.total_investment,
        "plan_investment": plan.planned_investment if plan else None,
        "year_investment": progress.year_investment if progress else None,
        "cumulative_investment": progress.cumulative_investment if progress else None,
        "plan_kind": plan.get_kind_display() if plan else None,
        "funding_source": project.get_funding_source_display(),
        "funding_priority": parser.PRIORITY_LABELS.get(project.funding_priority, project.funding_priority),
        "planned_start_on": project.planned_start_on,
        "actual_start_on": project.actual_start_on,
        "planned_completion_on": project.planned_completion_on,
        "actual_completion_on": project.actual_completion_on,
        "stage": project.get_stage_display(),
        "image_progress": progress.image_progress if progress else None,
        "issues": progress.issues if progress else None,
        "responsible_unit": name(project.responsible_unit),
        "lead_leader": name(project.lead_leader),
        "butler": name(project.butler),
        "police": name(project.police),
        "inspector": name(project.inspector),
        "work_plan": project.work_plan,
    }


def export_title(region: Region | None, as_of: datetime.date) -> str:
    return f"{region.name if region else ''}{as_of.year}年重点项目调度表"
