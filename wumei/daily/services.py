"""Use cases of 每日必盯. Each owns its transaction and writes its audit event."""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.calendar.services import load_calendar
from wumei.core.errors import ValidationError
from wumei.core.money import WAN_PLACES
from wumei.daily import conf, queries, rules
from wumei.daily.models import Chase, DailyReport
from wumei.notify.services import notify
from wumei.org.principal import principal_of
from wumei.photos.services import store_photo
from wumei.problems.models import Problem
from wumei.problems.services import raise_problem
from wumei.projects import services as registry
from wumei.projects.models import Project

REPORT_FIELDS = ["report_on", "image_progress", "cumulative_investment", "investment_added", "stage", "from_stage",
                 "investment_reason", "stage_reason", "is_late", "revision"]


@dataclass
class Submission:
    """The outcome of a submission: the report, whether it is new, and the photos refused (messages)."""

    report: DailyReport
    created: bool
    refused_photos: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StartingValues:
    """What a day's form opens with: the day's report if any, else the previous values."""

    image_progress: str
    cumulative_investment: Decimal | None
    stage: str
    existing: DailyReport | None
    previous: DailyReport | None

    @property
    def can_repeat(self) -> bool:
        """Enough to submit "无变化" without typing anything."""
        return bool(self.image_progress.strip()) and self.cumulative_investment is not None


def starting_values(project: Project, report_on: datetime.date) -> StartingValues:
    """Pre-fill: the day's report if it exists; otherwise the last report's text, the latest recorded
    cumulative investment (daily reports and imports both record progress) and the registry's stage."""
    existing = DailyReport.objects.filter(project=project, report_on=report_on).first()
    if existing is not None:
        return StartingValues(existing.image_progress, existing.cumulative_investment, existing.stage, existing,
                              queries.latest_report(project, before=report_on))
    previous = queries.latest_report(project, before=report_on)
    cumulative = queries.latest_cumulative(project, report_on)
    text = previous.image_progress if previous else ""
    if not text:
        text = (project.progress.filter(as_of__lt=report_on).exclude(image_progress="")
                .order_by("-as_of").values_list("image_progress", flat=True).first()) or ""
    return StartingValues(text, cumulative, project.stage, None, previous)


def _wan(value, errors: dict) -> Decimal | None:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        errors["cumulative_investment"] = "请填写累计完成投资（万元），例如 12800 或 12800.5"
        return None
    if not amount.is_finite():
        errors["cumulative_investment"] = "请填写累计完成投资（万元），例如 12800 或 12800.5"
        return None
    return amount.quantize(WAN_PLACES)


def _reporter_name(actor) -> str:
    if not getattr(actor, "is_authenticated", False):
        return "系统"
    person = principal_of(actor).person
    return person.name if person else actor.get_username()


def submit_daily_report(actor, project: Project, *, image_progress: str, cumulative_investment, stage: str,
                        report_on: datetime.date | None = None, investment_reason: str = "",
                        stage_reason: str = "", problem_category: str = "", problem_description: str = "",
                        photos=(), now: datetime.datetime | None = None) -> Submission:
    """A liaison's report of a project for a day (today by default): one per project per day, a second
    submission updates it. Checks the day, the investment and the stage; moves the registry's stage, records
    its progress and raises the problem met; then stores the photos, each refused one named, the rest kept."""
    now = now or timezone.now()
    local_now = timezone.localtime(now).replace(tzinfo=None)
    report_on = report_on or local_now.date()
    image_progress = (image_progress or "").strip()
    investment_reason, stage_reason = (investment_reason or "").strip(), (stage_reason or "").strip()
    problem_description = (problem_description or "").strip()
    problem_category = problem_category or Problem.Category.OTHER
    errors: dict[str, str] = {}
    if not image_progress:
        errors["image_progress"] = "请填写形象进度"
    cumulative = _wan(cumulative_investment, errors)
    if problem_category not in Problem.Category.values:
        errors["problem_category"] = "请选择问题类别"
    with transaction.atomic():
        # Submissions of one project are serialised: the checks below read what the last one wrote.
        project = Project.objects.select_for_update(of=("self",)).select_related("county").get(pk=project.pk)
        existing = DailyReport.objects.select_for_update().filter(project=project, report_on=report_on).first()
        latest_on = DailyReport.objects.filter(project=project).aggregate(day=Max("report_on"))["day"]
        date_error = rules.report_date_error(report_on, local_now.date(), latest_on)
        if date_error:
            errors["report_on"] = date_error
        previous = queries.latest_cumulative(project, report_on)
        if cumulative is not None:
            errors.update(rules.report_errors(
                cumulative=cumulative, stage=stage,
                baseline=rules.Baseline(previous, project.stage, project.total_investment),
                investment_reason=investment_reason, stage_reason=stage_reason,
            ))
        if errors:
            raise ValidationError(errors)

        before = snapshot(existing, REPORT_FIELDS) if existing else None
        report = existing or DailyReport(
            project=project, report_on=report_on, from_stage=project.stage, submitted_at=now,
            is_late=rules.is_late(report_on, local_now, conf.cutoff()), revision=0,
        )
        report.image_progress = image_progress
        report.cumulative_investment = cumulative
        report.investment_added = rules.investment_added(cumulative, previous)
        report.stage = stage
        report.investment_reason, report.stage_reason = investment_reason, stage_reason
        report.reporter = actor if getattr(actor, "is_authenticated", False) else None
        report.reporter_name = _reporter_name(actor)
        report.updated_at = now
        report.revision += 1
        report.save()

        if stage != project.stage:
            registry.change_stage(actor, project, stage, stage_reason or f"{report_on:%m月%d日}日报填报")
        registry.record_progress(actor, project, as_of=report_on, cumulative_investment=cumulative,
                                 image_progress=image_progress, issues=problem_description)
        if problem_description and not report.problems.filter(description=problem_description).exists():
            problem = raise_problem(actor, project, source=Problem.Source.DAILY, description=problem_description,
                                    category=problem_category, on=report_on)
            report.problems.add(problem)
        record(actor, "daily.submit" if existing is None else "daily.resubmit", report, before=before,
               after=snapshot(report, REPORT_FIELDS), region_code=project.county.code)

    refused = attach_photos(actor, report, photos)
    return Submission(report=report, created=existing is None, refused_photos=refused)


def attach_photos(actor, report: DailyReport, uploads) -> list[str]:
    """Store and link each upload; a refused one is named in the returned messages and the others kept."""
    refused: list[str] = []
    stored = []
    for index, upload in enumerate(uploads):
        name = getattr(upload, "name", "") or "未命名"
        if index >= conf.MAX_PHOTOS:
            refused.append(f"照片「{name}」超出每次最多{conf.MAX_PHOTOS}张的限制，未保存")
            continue
        try:
            stored.append(store_photo(actor, report.project, upload, caption=f"{report.report_on:%m月%d日}日报"))
        except ValidationError as exc:
            refused.extend(exc.messages)
    if stored:
        with transaction.atomic():
            report.photos.add(*stored)
            record(actor, "daily.attach_photos", report, after={"photos": [p.pk for p in stored]},
                   region_code=report.project.county.code)
    return refused


def submit_unchanged(actor, project: Project, *, report_on: datetime.date | None = None,
                     now: datetime.datetime | None = None) -> Submission:
    """"无变化": today's report with the previous values, in one tap."""
    now = now or timezone.now()
    report_on = report_on or timezone.localtime(now).date()
    values = starting_values(project, report_on)
    if not values.can_repeat:
        raise ValidationError({"image_progress": "该项目还没有可沿用的填报内容，请填写后提交"})
    return submit_daily_report(actor, project, report_on=report_on, image_progress=values.image_progress,
                               cumulative_investment=values.cumulative_investment, stage=project.stage, now=now)


# ---------------------------------------------------------------- the chase


@dataclass
class ChaseSummary:
    """What a chase run found and did; `ran` is False (with the reason) on rest days and before the cut-off."""

    day: datetime.date
    ran: bool
    reason: str = ""
    expected: int = 0
    received: int = 0
    missing: int = 0
    units_missing: int = 0
    messages_sent: int = 0
    chases_created: int = 0
    units_without_liaison: int = 0
    late: int = 0
    late_recorded: int = 0

    def as_dict(self) -> dict:
        return {**asdict(self), "day": self.day.isoformat()}


def _claim(day: datetime.date, kind: str, unit_id: int, person, names: list[str]) -> tuple[Chase, bool]:
    """The chase row, created once: a unique constraint settles concurrent runs."""
    defaults = {"project_count": len(names), "project_names": "、".join(names)}
    try:
        with transaction.atomic():
            return Chase.objects.get_or_create(day=day, kind=kind, unit_id=unit_id, person=person, defaults=defaults)
    except IntegrityError:
        return Chase.objects.get(day=day, kind=kind, unit_id=unit_id, person=person), False


def chase_reports(on: datetime.date, *, now: datetime.datetime | None = None) -> ChaseSummary:
    """After the cut-off of a working day: every liaison with missing reports gets one in-app message, each
    chase and each unit's late reports are recorded as rows. Idempotent, also when two runs overlap."""
    now = now or timezone.now()
    calendar = load_calendar()
    refusal = rules.chase_refusal(on, timezone.localtime(now).replace(tzinfo=None), conf.cutoff(), calendar)
    if refusal:
        return ChaseSummary(day=on, ran=False, reason=refusal)
    expected = queries.expected_projects(Project.objects.all(), on, calendar)
    reported = dict(DailyReport.objects.filter(project_id__in=list(expected), report_on=on)
                    .values_list("project_id", "is_late"))
    names = dict(Project.objects.filter(pk__in=list(expected)).values_list("pk", "name"))
    summary = ChaseSummary(day=on, ran=True, expected=len(expected), received=len(reported))
    missing: dict[int, list[str]] = {}
    late: dict[int, list[str]] = {}
    for pk, ob in sorted(expected.items()):
        if pk not in reported:
            missing.setdefault(ob.unit_id, []).append(names[pk])
        elif reported[pk]:
            late.setdefault(ob.unit_id, []).append(names[pk])
    summary.missing = sum(len(v) for v in missing.values())
    summary.units_missing = len(missing)
    summary.late = sum(len(v) for v in late.values())

    liaisons = queries.liaisons_by_unit(missing)
    units = queries.units_by_id(missing)
    to_message: dict[int, tuple] = {}
    for unit_id, project_names in missing.items():
        people = liaisons.get(unit_id, [])
        if not people:
            summary.units_without_liaison += 1
            summary.chases_created += _claim(on, Chase.Kind.MISSING, unit_id, None, project_names)[1]
        for person in people:
            summary.chases_created += _claim(on, Chase.Kind.MISSING, unit_id, person, project_names)[1]
            to_message.setdefault(person.pk, (person, []))[1].append((units[unit_id], project_names))
    for person, items in to_message.values():
        user = person.user
        if user is None or not user.is_active:
            continue
        count = sum(len(n) for _, n in items)
        body = "\n".join(f"{unit.name}：{'、'.join(n)}" for unit, n in items)
        message = notify(
            user, f"{on:%m月%d日}日报未报：{count}个项目", kind="daily.chase", url=reverse("daily:mine"),
            body=f"以下项目{on:%Y年%m月%d日}的日报在截止时间前未报送，请尽快补报：\n{body}",
            dedupe_key=f"daily.chase:{person.pk}:{on.isoformat()}",
        )
        if message is not None:
            summary.messages_sent += 1
            Chase.objects.filter(day=on, kind=Chase.Kind.MISSING, person=person, message__isnull=True).update(
                message=message)
    for unit_id, project_names in late.items():
        chase, created = _claim(on, Chase.Kind.LATE, unit_id, None, project_names)
        if not created and chase.project_count != len(project_names):
            # More late reports arrived since the last run: the record follows them.
            created = bool(Chase.objects.filter(pk=chase.pk, project_count=chase.project_count).update(
                project_count=len(project_names), project_names="、".join(project_names)))
        summary.late_recorded += created
    if summary.chases_created or summary.messages_sent or summary.late_recorded:
        with transaction.atomic():
            record(None, "daily.chase", after=summary.as_dict(),
                   note=f"{on:%Y年%m月%d日}日报催报：未报{summary.missing}个项目，"
                        f"发出{summary.messages_sent}条消息，迟报{summary.late}个")
    return summary
