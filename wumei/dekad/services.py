"""Use cases of 每旬必督: the supervision round, the letter's life, work reminders, dispatch orders, settings.
Each owns its transaction and writes its audit event (and the letter's history row)."""

import datetime
import os
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from wumei.audit.services import Entry, record, record_many, snapshot
from wumei.calendar.rules import Dekad, dekad_of
from wumei.calendar.services import load_calendar
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.dekad import conf, queries, rules, texts
from wumei.dekad.models import (
    DekadRound,
    DekadSettings,
    DispatchOrder,
    Letter,
    LetterAttachment,
    LetterEvent,
    MonthlyPlan,
    NumberCounter,
    WorkReminder,
)
from wumei.dekad.rules import cn_date, cn_day
from wumei.notify.services import notify
from wumei.org.models import Region, Role, RoleAssignment, Unit
from wumei.projects.models import Project

S = Letter.Status
A = LetterEvent.Action
LETTER_FIELDS = ["kind", "dekad", "status", "rule", "title", "recipient_unit_id", "reply_days", "doc_number",
                 "issued_on", "reply_due_on", "answered_on", "closed_on", "escalated_to_id"]
ORDER_FIELDS = ["title", "deadline_on", "status", "doc_number", "issued_on", "closed_on"]


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _today(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def letter_url(letter: Letter) -> str:
    return reverse("dekad:letter-detail", args=[letter.pk])


def _require_hq(actor, county: Region, what: str) -> None:
    if actor is not None and not queries.is_hq_for(actor, county):
        raise PermissionDenied(f"只有指挥部办公室可以{what}")


# ------------------------------------------------------------------------------------------------ settings


def _lock_settings(county: Region) -> DekadSettings:
    """The county's settings row, created with the defaults if missing, locked until the transaction ends.

    The round takes this lock first: two rounds of one county run one after the other, so the second finds
    every letter the first drafted.
    """
    DekadSettings.objects.bulk_create([DekadSettings(county=county)], ignore_conflicts=True)
    return DekadSettings.objects.select_for_update().select_related("county").get(county=county)


SETTINGS_FIELDS = [
    "reminder_days", "assignment_overdue_days", "supervision_percent", "amber_percent", "basis", "s_curve",
    "use_monthly_plans", "reply_days_reminder", "reply_days_assignment", "reply_days_supervision", "issuer",
    "prefix_reminder", "prefix_assignment", "prefix_supervision", "prefix_dispatch", "remind_visits",
    "reminder_missing_reports", "remind_problems",
]


def save_settings(actor, county: Region, **values) -> DekadSettings:
    """The HQ office changes its county's thresholds; the change is audited (before → after)."""
    _require_hq(actor, county, "修改督查设置")
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError({"__all__": f"未知的设置项：{', '.join(sorted(unknown))}"})
    if "s_curve" in values:
        try:
            curve = rules.parse_s_curve(values["s_curve"])
        except ValueError as exc:
            raise ValidationError({"s_curve": str(exc)}) from exc
        values["s_curve"] = ",".join(rules.pct_text(v) for v in curve)
    if "basis" in values and values["basis"] not in DekadSettings.Basis.values:
        raise ValidationError({"basis": "计算口径无效"})
    with transaction.atomic():
        row = _lock_settings(county)
        before = snapshot(row, SETTINGS_FIELDS)
        for name, value in values.items():
            setattr(row, name, value)
        row.updated_at, row.updated_by = timezone.now(), _user(actor)
        row.full_clean(exclude=["county", "updated_by"])
        row.save()
        after = snapshot(row, SETTINGS_FIELDS)
        changed = [k for k in SETTINGS_FIELDS if before[k] != after[k]]
        if changed:
            record(actor, "dekad.settings", row, before={k: before[k] for k in changed},
                   after={k: after[k] for k in changed}, region_code=county.code)
    return row


def set_monthly_plan(actor, project: Project, year: int, amounts: list[Decimal | None]) -> list[MonthlyPlan]:
    """The project's monthly plan for a year (12 amounts in 万元; all empty removes it)."""
    _require_hq(actor, project.county, "设置月度计划")
    if len(amounts) != 12:
        raise ValidationError({"__all__": "月度计划应为12个月"})
    if any(a is not None and a < 0 for a in amounts):
        raise ValidationError({"__all__": "月度计划投资不能为负数"})
    with transaction.atomic():
        before = {m.month: str(m.planned_investment) for m in MonthlyPlan.objects.filter(project=project, year=year)}
        MonthlyPlan.objects.filter(project=project, year=year).delete()
        rows = []
        if any(a is not None for a in amounts):
            rows = MonthlyPlan.objects.bulk_create(
                MonthlyPlan(project=project, year=year, month=month, planned_investment=amount or Decimal(0))
                for month, amount in enumerate(amounts, start=1))
        after = {m.month: str(m.planned_investment) for m in rows}
        if before != after:
            record(actor, "dekad.set_monthly_plan", project, before={"year": year, "months": before},
                   after={"year": year, "months": after}, region_code=project.county.code)
    return rows


# ------------------------------------------------------------------------------------------------ numbers


def allocate_number(county: Region, series: str, year: int) -> int:
    """The next document number of a series and year in the county. Must run inside the issuing transaction:
    the counter row stays locked until it commits, and rolls back with it, so numbers have no gaps and are
    never given twice."""
    NumberCounter.objects.bulk_create([NumberCounter(county=county, series=series, year=year)],
                                      ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(county=county, series=series, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


# ------------------------------------------------------------------------------------------------ people


def unit_users(unit_id: int | None) -> list:
    """The sign-in users of a unit's liaisons and head (who receive its letters)."""
    if not unit_id:
        return []
    users = []
    for a in (RoleAssignment.objects.filter(unit_id=unit_id, role__in=(Role.LIAISON, Role.UNIT_HEAD),
                                            person__user__isnull=False, person__is_active=True)
              .select_related("person__user").order_by("person_id")):
        if a.person.user not in users:
            users.append(a.person.user)
    return users


def hq_users(county: Region) -> list:
    """The HQ office's sign-in users whose region covers `county`."""
    out = []
    for a in (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, person__user__isnull=False, person__is_active=True)
              .select_related("region", "person__user").order_by("person_id")):
        if county.path.startswith(a.region.path) and a.person.user not in out:
            out.append(a.person.user)
    return out


# ------------------------------------------------------------------------------------------------ the round


@dataclass
class RoundResult:
    """What a round found: every letter of the dekad (drafted now or by an earlier run) and its reminders."""

    on: datetime.date
    dekad: Dekad
    letters: list[Letter] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    reminders: list[WorkReminder] = field(default_factory=list)
    projects: int = 0

    def as_dict(self) -> dict:
        return {
            "on": self.on.isoformat(),
            "dekad": self.dekad.label,
            "letters": [{"id": letter.pk, "kind": letter.kind, "project": letter.project.name, "rule": letter.rule}
                        for letter in self.letters],
            "reminders": len(self.reminders),
        }

    def count(self, kind: str) -> int:
        return sum(1 for letter in self.letters if letter.kind == kind)


def round_counties(county: Region | None = None) -> list[Region]:
    if county is not None:
        return [county]
    return list(Region.objects.filter(level=Region.Level.COUNTY,
                                      pk__in=Project.objects.values("county_id")).order_by("code"))


def run_dekad_round(on: datetime.date, *, county: Region | None = None, actor=None, send: bool = True) -> RoundResult:
    """The supervision round of the dekad holding `on`, as of `on`, for a county (all counties with projects
    when None): drafts the letters due by the rules and sends the work reminders. Idempotent: one letter of a
    kind per project per dekad and one reminder per recipient, subject and dekad; rounds of one county are
    serialised on its settings row, so a run at the same time as another finds the other's drafts. `send` False
    writes the reminders without messages (the demo's past rounds, whose messages would be long read)."""
    result = RoundResult(on=on, dekad=dekad_of(on))
    calendar = load_calendar()
    for one in round_counties(county):
        _run_county(one, on, actor, result, calendar, send)
    return result


def _run_county(county: Region, on: datetime.date, actor, result: RoundResult, calendar, send: bool) -> None:
    dekad = result.dekad
    with transaction.atomic():
        settings = _lock_settings(county)
        thresholds = settings.thresholds()
        projects = Project.objects.filter(county=county)
        facts = queries.project_facts(projects, on)
        # One read of the dekad's letters (the settings lock keeps other rounds of the county out meanwhile),
        # and only the projects that get a new letter.
        existing = set(Letter.objects.filter(project__in=projects, dekad=dekad.label).values_list("project_id", "kind"))
        due = [(pid, d) for pid, project_facts in facts.items()
               for d in rules.letter_due(project_facts, on, thresholds) if (pid, d.kind) not in existing]
        by_id = projects.select_related("responsible_unit").in_bulk({pid for pid, _d in due})
        new = [(by_id[pid], d) for pid, d in due]
        result.created.extend(letter.pk for letter in _draft_all(actor, new, dekad, on, settings, thresholds))
        letters = list(Letter.objects.filter(county=county, dekad=dekad.label).exclude(status=S.WITHDRAWN)
                       .select_related("project").order_by("pk"))
        reminders = _work_reminders(actor, county, on, dekad, settings, calendar, send)
        result.letters.extend(letters)
        result.reminders.extend(reminders)
        result.projects += len(facts)
        counts = {kind: sum(1 for letter in letters if letter.kind == kind) for kind in Letter.Kind.values}
        counts.update({f"reminder_{s}": sum(1 for r in reminders if r.subject == s)
                       for s in WorkReminder.Subject.values})
        DekadRound.objects.bulk_create([DekadRound(county=county, dekad=dekad.label, dekad_start=dekad.start,
                                                   last_on=on)], ignore_conflicts=True)
        round_row = DekadRound.objects.select_for_update().get(county=county, dekad=dekad.label)
        round_row.last_on, round_row.runs = on, round_row.runs + 1
        round_row.projects, round_row.letters, round_row.reminders = len(facts), len(letters), len(reminders)
        round_row.counts, round_row.last_run_at, round_row.last_run_by = counts, timezone.now(), _user(actor)
        round_row.save()
        new = [pk for pk in result.created if any(letter.pk == pk for letter in letters)]
        record(actor, "dekad.run_round", round_row,
               after={"on": on, "dekad": dekad.label, "projects": len(facts), "letters": len(letters),
                      "new_letters": new, "reminders": len(reminders)},
               region_code=county.code)


def _draft_all(actor, due: list[tuple[Project, rules.Due]], dekad: Dekad, on: datetime.date,
               settings: DekadSettings, thresholds: rules.Thresholds) -> list[Letter]:
    """Draft the round's new letters in a few statements: the letters, their first events and their audit
    events in batches. Should the database refuse the batch (a letter drafted meanwhile by another path), the
    letters are drafted one by one, each finding its existing twin."""
    if not due:
        return []
    letters = [_new_letter(project, d, dekad, on, settings, thresholds) for project, d in due]
    notes = ["；".join(r.text for r in d.reasons) for _project, d in due]
    try:
        with transaction.atomic():
            Letter.objects.bulk_create(letters, batch_size=500)
    except IntegrityError:
        drafted = [_draft(actor, project, d, dekad, on, settings, thresholds) for project, d in due]
        return [letter for letter, created in drafted if created]
    LetterEvent.objects.bulk_create(
        [LetterEvent(letter=letter, action=A.DRAFT, from_status="", to_status=letter.status, on=on, note=note,
                     actor=_user(actor)) for letter, note in zip(letters, notes, strict=True)], batch_size=500)
    record_many(actor, [Entry("letter.draft", letter, after=snapshot(letter, LETTER_FIELDS), note=note,
                              region_code=settings.county.code) for letter, note in zip(letters, notes, strict=True)])
    for letter, (_project, d) in zip(letters, due, strict=True):
        _escalate_unanswered(actor, letter, d, on)
    return letters


def _new_letter(project: Project, due: rules.Due, dekad: Dekad, on: datetime.date, settings: DekadSettings,
                thresholds: rules.Thresholds) -> Letter:
    return Letter(
        county=settings.county, project=project, kind=due.kind, dekad=dekad.label, dekad_start=dekad.start,
        rule=due.rule, basis=due.basis(on, thresholds),
        title=texts.letter_title(due.kind, project.name, due.rule),
        body=texts.letter_body(due.kind, project.name, [r.text for r in due.reasons], dekad.label,
                               settings.issuer_name),
        recipient_unit=project.responsible_unit, drafted_on=on, reply_days=settings.reply_days_for(due.kind),
        subject_on=project.planned_start_on if due.kind == rules.Kind.REMINDER else None,
    )


def _escalate_unanswered(actor, letter: Letter, due: rules.Due, on: datetime.date) -> None:
    for reason in due.reasons:
        if reason.rule == rules.Rule.ASSIGNMENT_UNANSWERED:
            for item in reason.inputs.get("letters", []):
                _mark_escalated(actor, item["id"], letter, on, "逾期未回复，下一旬升级为督办函")


def _draft(actor, project: Project, due: rules.Due, dekad: Dekad, on: datetime.date, settings: DekadSettings,
           thresholds: rules.Thresholds) -> tuple[Letter, bool]:
    """The project's letter of this kind for the dekad: the existing one, or a new draft."""
    existing = Letter.objects.filter(project=project, kind=due.kind, dekad=dekad.label).first()
    if existing is not None:
        return existing, False
    letter = _new_letter(project, due, dekad, on, settings, thresholds)
    try:
        with transaction.atomic():
            letter.save(force_insert=True)
    except IntegrityError:
        return Letter.objects.get(project=project, kind=due.kind, dekad=dekad.label), False
    note = "；".join(r.text for r in due.reasons)
    _event(letter, A.DRAFT, "", actor=actor, on=on, note=note)
    record(actor, "letter.draft", letter, after=snapshot(letter, LETTER_FIELDS), note=note,
           region_code=settings.county.code)
    _escalate_unanswered(actor, letter, due, on)
    return letter, True


def _event(letter: Letter, action: str, from_status: str, *, actor, on: datetime.date, note: str = "") -> None:
    LetterEvent.objects.create(letter=letter, action=action, from_status=from_status, to_status=letter.status,
                               on=on, note=note, actor=_user(actor))


def _mark_escalated(actor, letter_id: int, to: Letter, on: datetime.date, note: str) -> None:
    """A letter still awaiting its answer becomes escalated: `to` (the higher letter) now carries it. An answer
    committed meanwhile wins (the locking read re-checks the status)."""
    claimed = Letter.objects.filter(pk=letter_id, status__in=rules.AWAITING_ANSWER)
    old = claimed.select_for_update().first()
    if old is None:
        return
    before = old.status
    old.status, old.escalated_to = S.ESCALATED, to
    old.save(update_fields=["status", "escalated_to"])
    _event(old, A.ESCALATE, before, actor=actor, on=on, note=note)
    record(actor, "letter.escalate", old, before={"status": before},
           after={"status": old.status, "escalated_to_id": to.pk}, note=note, region_code=old.county.code)


# ------------------------------------------------------------------------------------------------ reminders


def _reminder(actor, county: Region, dekad: Dekad, on: datetime.date, subject: str, *, person=None, unit=None,
              title: str, body: str, items: list, send: bool = True) -> WorkReminder:
    key = f"person:{person.pk}" if person is not None else f"unit:{unit.pk}"
    reminder, created = WorkReminder.objects.get_or_create(
        recipient_key=key, subject=subject, dekad=dekad.label,
        defaults={"county": county, "dekad_start": dekad.start, "sent_on": on, "person": person, "unit": unit,
                  "title": title, "body": body, "items": items},
    )
    if created:
        record(actor, "work_reminder.send", reminder, after={"subject": subject, "recipient": key, "items": len(items)},
               note=title, region_code=county.code)
    if not send:
        return reminder
    users = [person.user] if person is not None and person.user_id and person.is_active else unit_users(unit and unit.pk)
    for user in users:
        notify(user, reminder.title, body=reminder.body, url=reverse("dekad:reminder-list"), kind="dekad.work_reminder",
               dedupe_key=f"work-reminder-{reminder.pk}")
    return reminder


def _work_reminders(actor, county: Region, on: datetime.date, dekad: Dekad, settings: DekadSettings,
                    calendar, send: bool) -> list[WorkReminder]:
    out: list[WorkReminder] = []
    if settings.remind_visits:
        out += _visit_reminders(actor, county, on, dekad, calendar, send)
    if settings.reminder_missing_reports:
        out += _report_reminders(actor, county, on, dekad, settings.reminder_missing_reports, calendar, send)
    if settings.remind_problems:
        out += _problem_reminders(actor, county, on, dekad, send)
    return out


def _visit_reminders(actor, county: Region, on: datetime.date, dekad: Dekad, calendar,
                     send: bool) -> list[WorkReminder]:
    """Lead leaders with projects not visited in the last complete week before the round (每周必访), once the
    county logs visits at all."""
    from wumei.org.models import Person
    from wumei.weekly import conf as weekly_conf
    from wumei.weekly import rules as weekly
    from wumei.weekly.models import Visit

    week = weekly.week_of(on).previous()
    if not weekly.is_visit_week(week, calendar.is_working_day):
        return []
    if not Visit.objects.filter(project__county=county, visited_on__lte=week.end).exists():
        return []  # visits were not logged here yet (before the county started 每周必访 in the system)
    projects = (Project.objects.filter(county=county, lead_leader__isnull=False)
                .exclude(stage__in=weekly_conf.VISIT_EXEMPT_STAGES)
                .filter(Q(actual_completion_on__isnull=True) | Q(actual_completion_on__gt=week.start)))
    due: dict[int, list] = {}
    for pk, name, leader_id in projects.order_by("name", "pk").values_list("pk", "name", "lead_leader_id"):
        due.setdefault(leader_id, []).append(weekly.ProjectRef(pk, name))
    if not due:
        return []
    visits = Visit.objects.filter(project__in=projects.values("pk"), visited_on__range=(week.start, week.end)) \
        .values_list("leader_id", "project_id", "visited_on")
    coverage = weekly.coverage(week, due, visits)
    leaders = {p.pk: p for p in Person.objects.filter(pk__in=list(due)).select_related("user")}
    out = []
    for leader_id, row in sorted(coverage.items()):
        missed = row.not_visited
        if not missed:
            continue
        names = "、".join(p.name for p in missed)
        out.append(_reminder(
            actor, county, dekad, on, WorkReminder.Subject.VISITS, person=leaders[leader_id],
            title=f"工作提示：{week.short_label}有{len(missed)}个联系项目未走访",
            body=f"{leaders[leader_id].name}同志：按照“每周必访”要求，{week.label}您联系的{names}未安排走访，"
                 f"请本周内安排走访，现场协调解决项目推进中的困难问题。",
            items=[{"project_id": p.id, "name": p.name} for p in missed], send=send,
        ))
    return out


def _report_reminders(actor, county: Region, on: datetime.date, dekad: Dekad, threshold: int,
                      calendar, send: bool) -> list[WorkReminder]:
    """Units that missed `threshold` or more daily reports in the previous dekad (每日必盯), counted from the
    county's first daily report on."""
    from wumei.daily import queries as daily
    from wumei.daily.models import DailyReport

    previous = dekad.previous()
    projects = Project.objects.filter(county=county)
    # Reports are expected from the county's first report on (the day it started 每日必盯 in the system).
    started = DailyReport.objects.filter(project__county=county).aggregate(first=Min("report_on"))["first"]
    if started is None:
        return []
    first, last = max(previous.start, started), min(previous.end, on - datetime.timedelta(days=1))
    if last < first:
        return []
    tallies = daily.compliance(projects, first, last, calendar).by_unit()
    late = {uid: t for uid, t in tallies.items() if t.missing >= threshold}
    units = daily.units_by_id(late)
    out = []
    for uid in sorted(late):
        tally = late[uid]
        out.append(_reminder(
            actor, county, dekad, on, WorkReminder.Subject.REPORTS, unit=units[uid],
            title=f"工作提示：{previous.label}缺报日报{tally.missing}份",
            body=f"{units[uid].name}：{previous.label}（{cn_day(first)}—{cn_day(last)}）你单位应报项目日报"
                 f"{tally.expected}份，实报{tally.received}份，缺报{tally.missing}份。请督促项目联络员每日按时报送。",
            items=[{"expected": tally.expected, "received": tally.received, "missing": tally.missing,
                    "first": first.isoformat(), "last": last.isoformat()}], send=send,
        ))
    return out


def _problem_reminders(actor, county: Region, on: datetime.date, dekad: Dekad, send: bool) -> list[WorkReminder]:
    """Units with problems past their deadline and unsolved as of the round's day."""
    from wumei.problems.models import Problem

    rows = (Problem.objects.filter(project__county=county, owner_unit__isnull=False, raised_on__lte=on, due_on__lt=on)
            .filter(Q(solved_on__isnull=True) | Q(solved_on__gt=on))
            .exclude(status__in=[Problem.Status.SOLVED, Problem.Status.CONFIRMED], solved_on__isnull=True)
            .select_related("project", "owner_unit").order_by("owner_unit_id", "due_on", "pk"))
    by_unit: dict[int, list] = {}
    for problem in rows:
        by_unit.setdefault(problem.owner_unit_id, []).append(problem)
    out = []
    for problems in by_unit.values():
        unit = problems[0].owner_unit
        items = [{"id": p.pk, "project": p.project.name, "description": p.description[:60],
                  "due_on": p.due_on.isoformat()} for p in problems]
        listing = "；".join(f"{p.project.name}：{p.description[:30]}（{cn_day(p.due_on)}到期）" for p in problems[:5])
        out.append(_reminder(
            actor, county, dekad, on, WorkReminder.Subject.PROBLEMS, unit=unit,
            title=f"工作提示：{len(problems)}个问题逾期未解决",
            body=f"{unit.name}：你单位承办的以下问题已超过办理期限仍未解决：{listing}。请抓紧办理并及时反馈。",
            items=items, send=send,
        ))
    return out


# ------------------------------------------------------------------------------------------------ letters


def _locked(letter: Letter) -> Letter:
    return (Letter.objects.select_for_update(of=("self",))
            .select_related("county", "project", "recipient_unit").get(pk=letter.pk))


def _audit(actor, action: str, letter: Letter, before: dict, note: str = "") -> None:
    after = snapshot(letter, LETTER_FIELDS)
    keys = [k for k in LETTER_FIELDS if before.get(k) != after.get(k)]
    record(actor, f"letter.{action}", letter, before={k: before.get(k) for k in keys},
           after={k: after[k] for k in keys}, note=note, region_code=letter.county.code)


def update_draft(actor, letter: Letter, *, title: str, body: str, recipient_unit: Unit | None,
                 reply_days: int, on: datetime.date | None = None) -> Letter:
    """The HQ office edits a draft before issuing it: title, body, recipient, reply deadline."""
    on = _today(on)
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = "请填写标题"
    if not body:
        errors["body"] = "请填写正文"
    if not isinstance(reply_days, int) or not 1 <= reply_days <= 60:
        errors["reply_days"] = "回复时限应为1至60个工作日"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(letter)
        _require_hq(actor, locked.county, "修改函件")
        if locked.status != S.DRAFT:
            raise ConflictError("函件已印发，不能再修改")
        if recipient_unit is not None and not recipient_unit.region.path.startswith(locked.county.path):
            raise ValidationError({"recipient_unit": "主送单位不在本县（区）"})
        before = snapshot(locked, LETTER_FIELDS)
        locked.title, locked.body, locked.recipient_unit, locked.reply_days = title, body, recipient_unit, reply_days
        locked.save()
        _event(locked, A.EDIT, S.DRAFT, actor=actor, on=on)
        _audit(actor, "edit", locked, before)
    return locked


def issue_letter(actor, letter: Letter, *, on: datetime.date | None = None) -> Letter:
    """The HQ office issues a draft: the next document number of its kind and year (文号, no gaps), the reply
    deadline in working days from the issuing day; the recipient unit's liaisons and head are told."""
    on = _today(on)
    with transaction.atomic():
        locked = _locked(letter)
        _require_hq(actor, locked.county, "印发函件")
        if locked.status != S.DRAFT:
            raise ConflictError(f"该函件已{locked.get_status_display()}，不能重复印发")
        if locked.recipient_unit_id is None:
            raise ValidationError({"recipient_unit": "请先在草稿中选择主送单位"})
        settings = queries.settings_for(locked.county)
        before = snapshot(locked, LETTER_FIELDS)
        number = allocate_number(locked.county, locked.kind, on.year)
        locked.year, locked.number = on.year, number
        locked.doc_number = rules.doc_number(settings.prefix_for(locked.kind), on.year, number)
        locked.issued_on, locked.issued_by = on, _user(actor)
        locked.reply_due_on = rules.reply_due_on(load_calendar(), on, locked.reply_days)
        locked.status = S.ISSUED
        locked.save()
        _event(locked, A.ISSUE, S.DRAFT, actor=actor, on=on, note=locked.doc_number)
        _audit(actor, "issue", locked, before, note=locked.doc_number)
        for user in unit_users(locked.recipient_unit_id):
            notify(user, f"{locked.kind_label}：{locked.title}",
                   body=f"{locked.doc_number}，请于{cn_date(locked.reply_due_on)}前回复办理情况。",
                   url=letter_url(locked), kind=f"dekad.{locked.kind}", dedupe_key=f"letter-{locked.pk}-issued")
    return locked


def mark_received(actor, letter: Letter, *, now: datetime.datetime | None = None) -> bool:
    """Read receipt: a liaison or the head of the recipient unit opened an issued letter. Once; True if now."""
    if letter.status != S.ISSUED or not queries.is_recipient(actor, letter):
        return False
    now = now or timezone.now()
    with transaction.atomic():
        changed = Letter.objects.filter(pk=letter.pk, status=S.ISSUED).update(
            status=S.RECEIVED, received_at=now, received_by=_user(actor))
        if not changed:
            return False
        letter.refresh_from_db()
        _event(letter, A.RECEIVE, S.ISSUED, actor=actor, on=timezone.localtime(now).date())
        record(actor, "letter.receive", letter, before={"status": S.ISSUED}, after={"status": S.RECEIVED},
               region_code=letter.county.code)
    return True


def _check_upload(upload) -> str | None:
    name = os.path.basename(getattr(upload, "name", "") or "附件")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in conf.ATTACHMENT_EXTENSIONS:
        return f"附件「{name}」的类型不支持（可上传：{'、'.join(conf.ATTACHMENT_EXTENSIONS)}）"
    if upload.size > conf.MAX_ATTACHMENT_MB * 1024 * 1024:
        return f"附件「{name}」超过{conf.MAX_ATTACHMENT_MB}MB"
    if upload.size == 0:
        return f"附件「{name}」是空文件"
    return None


def answer_letter(actor, letter: Letter, *, reply_text: str, files=(), on: datetime.date | None = None) -> Letter:
    """The recipient unit answers with its measures (and attachments): issued or received → answered. The HQ
    office is told."""
    on = _today(on)
    reply_text = (reply_text or "").strip()
    files = list(files)
    errors = {}
    if not reply_text:
        errors["reply_text"] = "请填写办理情况和整改措施"
    if len(files) > conf.MAX_ATTACHMENTS:
        errors["files"] = f"附件最多{conf.MAX_ATTACHMENTS}个"
    else:
        bad = [m for m in (_check_upload(f) for f in files) if m]
        if bad:
            errors["files"] = "；".join(bad)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked(letter)
        if not queries.is_recipient(actor, locked):
            raise PermissionDenied("只有主送单位的联络员或负责人可以回复函件")
        if locked.status not in rules.AWAITING_ANSWER:
            raise ConflictError(f"该函件{locked.get_status_display()}，不能回复")
        before = snapshot(locked, LETTER_FIELDS)
        if locked.received_at is None:
            locked.received_at, locked.received_by = timezone.now(), _user(actor)
        locked.reply_text, locked.answered_on, locked.answered_by = reply_text, on, _user(actor)
        from_status = locked.status
        locked.status = S.ANSWERED
        locked.save()
        for upload in files:
            LetterAttachment.objects.create(letter=locked, file=upload, name=os.path.basename(upload.name)[:200],
                                            size=upload.size, uploaded_by=_user(actor))
        late = locked.reply_due_on is not None and on > locked.reply_due_on
        note = reply_text[:200] + ("（逾期回复）" if late else "")
        _event(locked, A.ANSWER, from_status, actor=actor, on=on, note=note)
        _audit(actor, "answer", locked, before, note=f"附件{len(files)}个" if files else "")
        for user in hq_users(locked.county):
            notify(user, f"函件已回复：{locked.doc_number}", body=f"{locked.recipient_unit.name}：{reply_text[:200]}",
                   url=letter_url(locked), kind="dekad.answer", dedupe_key=f"letter-{locked.pk}-answered")
    return locked


def close_letter(actor, letter: Letter, *, note: str = "", on: datetime.date | None = None) -> Letter:
    """The HQ office closes a letter (办结): normally once answered; an unanswered one only with a reason."""
    on = _today(on)
    note = (note or "").strip()
    with transaction.atomic():
        locked = _locked(letter)
        _require_hq(actor, locked.county, "办结函件")
        if locked.status not in (S.ISSUED, S.RECEIVED, S.ANSWERED):
            raise ConflictError(f"该函件{locked.get_status_display()}，不能办结")
        if locked.status != S.ANSWERED and not note:
            raise ValidationError({"note": "函件尚未回复，办结须说明原因"})
        before = snapshot(locked, LETTER_FIELDS)
        from_status = locked.status
        locked.status, locked.closed_on, locked.closed_by, locked.close_note = S.CLOSED, on, _user(actor), note
        locked.save()
        _event(locked, A.CLOSE, from_status, actor=actor, on=on, note=note)
        _audit(actor, "close", locked, before, note=note)
        for user in unit_users(locked.recipient_unit_id):
            notify(user, f"函件已办结：{locked.doc_number}", body=note, url=letter_url(locked), kind="dekad.close",
                   dedupe_key=f"letter-{locked.pk}-closed")
    return locked


def escalate_letter(actor, letter: Letter, *, reason: str = "", on: datetime.date | None = None) -> Letter:
    """The HQ office escalates an issued letter whose answer is missing or not enough: a reminder becomes an
    assignment letter, an assignment letter a supervision letter — a draft of this dekad (the one already
    drafted for the project, if any), which the HQ office then issues. Returns the higher letter."""
    on = _today(on)
    reason = (reason or "").strip()
    _require_hq(actor, letter.county, "升级督办")
    with transaction.atomic():
        # The round's lock first (as the round takes it): the higher letter is drafted by one or the other.
        _lock_settings(letter.county)
        locked = _locked(letter)
        higher_kind = rules.ESCALATES_TO.get(rules.Kind(locked.kind))
        if higher_kind is None:
            raise ConflictError("督办函已是最高一级，不能再升级")
        if locked.status not in (S.ISSUED, S.RECEIVED, S.ANSWERED):
            raise ConflictError(f"该函件{locked.get_status_display()}，不能升级")
        dekad = dekad_of(on)
        higher = Letter.objects.select_for_update().filter(project=locked.project, kind=higher_kind,
                                                           dekad=dekad.label).first()
        if higher is not None and higher.status == S.WITHDRAWN:
            raise ConflictError(f"本旬该项目的{rules.KIND_LABELS[higher_kind]}已作废，请下一旬再升级")
        text = texts.escalation_reason(f"{locked.kind_label}{locked.doc_number}", reason)
        if higher is None:
            settings = queries.settings_for(locked.county)
            higher = Letter(
                county=locked.county, project=locked.project, kind=higher_kind, dekad=dekad.label,
                dekad_start=dekad.start, rule=rules.Rule.ESCALATED,
                basis={"on": on.isoformat(), "rule": rules.Rule.ESCALATED, "thresholds": {},
                       "reasons": [{"rule": rules.Rule.ESCALATED, "label": rules.RULE_LABELS[rules.Rule.ESCALATED],
                                    "text": text, "inputs": {"letter_id": locked.pk,
                                                             "doc_number": locked.doc_number},
                                    "threshold": {}}]},
                title=texts.letter_title(higher_kind, locked.project.name, rules.Rule.ESCALATED),
                body=texts.letter_body(higher_kind, locked.project.name, [text], dekad.label, settings.issuer_name),
                recipient_unit=locked.recipient_unit, drafted_on=on,
                reply_days=settings.reply_days_for(higher_kind),
            )
            higher.save(force_insert=True)
            _event(higher, A.DRAFT, "", actor=actor, on=on, note=text)
            record(actor, "letter.draft", higher, after=snapshot(higher, LETTER_FIELDS), note=text,
                   region_code=locked.county.code)
        before = snapshot(locked, LETTER_FIELDS)
        from_status = locked.status
        locked.status, locked.escalated_to = S.ESCALATED, higher
        locked.save()
        _event(locked, A.ESCALATE, from_status, actor=actor, on=on, note=text)
        _audit(actor, "escalate", locked, before, note=text)
    return higher


def withdraw_letter(actor, letter: Letter, *, reason: str = "", on: datetime.date | None = None) -> Letter:
    """The HQ office drops a draft it will not issue (作废). Issued letters are never withdrawn: their numbers
    stay used."""
    on = _today(on)
    with transaction.atomic():
        locked = _locked(letter)
        _require_hq(actor, locked.county, "作废函件")
        if locked.status != S.DRAFT:
            raise ConflictError("只有草稿可以作废，已印发的函件请办结")
        before = snapshot(locked, LETTER_FIELDS)
        locked.status = S.WITHDRAWN
        locked.save()
        _event(locked, A.WITHDRAW, S.DRAFT, actor=actor, on=on, note=reason.strip())
        _audit(actor, "withdraw", locked, before, note=reason.strip())
    return locked


# ------------------------------------------------------------------------------------------------ dispatch orders


def _order_url(order: DispatchOrder) -> str:
    return reverse("dekad:order-detail", args=[order.pk])


def save_dispatch_order(actor, county: Region, *, title: str, body: str, units, projects, deadline_on: datetime.date,
                        order: DispatchOrder | None = None) -> DispatchOrder:
    """The HQ office writes (or edits, while a draft) a dispatch order: to units, about projects, by a deadline."""
    _require_hq(actor, county, "起草调度令")
    title, body = (title or "").strip(), (body or "").strip()
    units, projects = list(units or []), list(projects or [])
    errors = {}
    if not title:
        errors["title"] = "请填写标题"
    if not body:
        errors["body"] = "请填写调度事项"
    if not units:
        errors["units"] = "请至少选择一个责任单位"
    if deadline_on is None:
        errors["deadline_on"] = "请填写完成时限"
    if any(not u.region.path.startswith(county.path) for u in units):
        errors["units"] = "责任单位须在本县（区）"
    if any(p.county_id != county.pk for p in projects):
        errors["projects"] = "涉及项目须为本县（区）项目"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if order is not None:
            order = DispatchOrder.objects.select_for_update().get(pk=order.pk)
            if order.status != DispatchOrder.Status.DRAFT:
                raise ConflictError("调度令已下达，不能再修改")
            before = snapshot(order, ORDER_FIELDS)
        else:
            order, before = DispatchOrder(county=county, created_by=_user(actor)), None
        order.title, order.body, order.deadline_on = title, body, deadline_on
        order.save()
        order.units.set(units)
        order.projects.set(projects)
        record(actor, "dispatch_order.update" if before else "dispatch_order.create", order, before=before,
               after={**snapshot(order, ORDER_FIELDS), "units": [u.pk for u in units],
                      "projects": [p.pk for p in projects]}, region_code=county.code)
    return order


def issue_dispatch_order(actor, order: DispatchOrder, *, on: datetime.date | None = None) -> DispatchOrder:
    """Issue a dispatch order with the next number of its own series (no gaps); the units are told."""
    on = _today(on)
    with transaction.atomic():
        locked = DispatchOrder.objects.select_for_update().select_related("county").get(pk=order.pk)
        _require_hq(actor, locked.county, "下达调度令")
        if locked.status != DispatchOrder.Status.DRAFT:
            raise ConflictError("该调度令已下达")
        settings = queries.settings_for(locked.county)
        before = snapshot(locked, ORDER_FIELDS)
        number = allocate_number(locked.county, "dispatch", on.year)
        locked.year, locked.number = on.year, number
        locked.doc_number = rules.doc_number(settings.prefix_for("dispatch"), on.year, number)
        locked.status, locked.issued_on, locked.issued_by = DispatchOrder.Status.ISSUED, on, _user(actor)
        locked.save()
        record(actor, "dispatch_order.issue", locked, before=before, after=snapshot(locked, ORDER_FIELDS),
               note=locked.doc_number, region_code=locked.county.code)
        for unit in locked.units.all():
            for user in unit_users(unit.pk):
                notify(user, f"调度令：{locked.title}",
                       body=f"{locked.doc_number}，请于{cn_date(locked.deadline_on)}前完成。",
                       url=_order_url(locked), kind="dekad.dispatch", dedupe_key=f"dispatch-{locked.pk}-issued")
    return locked


def close_dispatch_order(actor, order: DispatchOrder, *, note: str = "",
                         on: datetime.date | None = None) -> DispatchOrder:
    """The HQ office records that a dispatch order was carried out (办结)."""
    on = _today(on)
    with transaction.atomic():
        locked = DispatchOrder.objects.select_for_update().select_related("county").get(pk=order.pk)
        _require_hq(actor, locked.county, "办结调度令")
        if locked.status != DispatchOrder.Status.ISSUED:
            raise ConflictError("只有已下达的调度令可以办结")
        before = snapshot(locked, ORDER_FIELDS)
        locked.status, locked.closed_on, locked.closed_by = DispatchOrder.Status.CLOSED, on, _user(actor)
        locked.close_note = (note or "").strip()
        locked.save()
        record(actor, "dispatch_order.close", locked, before=before, after=snapshot(locked, ORDER_FIELDS),
               note=locked.close_note, region_code=locked.county.code)
    return locked


__all__ = [
    "RoundResult", "allocate_number", "answer_letter", "close_dispatch_order", "close_letter", "escalate_letter",
    "issue_dispatch_order", "issue_letter", "mark_received", "run_dekad_round",
    "save_dispatch_order", "save_settings", "set_monthly_plan", "update_draft", "withdraw_letter",
]
