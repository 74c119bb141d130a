"""Use cases of 每季必考: keep the assessment method, score a quarter, confirm it, add or remove awards, and the
scoring job. Each checks who may do it (actor None: a job or the demo loader), owns its transaction and writes
its audit event (object "quarterly")."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.org.models import Region, Unit
from wumei.projects.models import AnnualPlan, Project
from wumei.quarterly import indicators, rules
from wumei.quarterly.models import AssessmentMethod, Award, AwardRule, MethodLine, Score, ScoringRun
from wumei.quarterly.permissions import can_keep

LOCKED_MESSAGE = "该考核办法已用于已确认的季度考核，不能再修改；如需调整，请复制后修改"

# Defaults that look like a county's 《重点项目建设工作考核办法》: weights per group sum to 100.
DEFAULT_LINES = {
    rules.Group.PROJECT: [("investment_completion", 30), ("start_on_time", 20), ("completion_on_time", 10),
                          ("reporting_rate", 15), ("visit_coverage", 10), ("problems_on_time", 10),
                          ("letters_on_time", 5)],
    rules.Group.RESPONSIBLE: [("investment_completion", 25), ("start_on_time", 15), ("reporting_rate", 15),
                              ("problems_on_time", 15), ("letters_on_time", 15), ("factors_delivered", 5),
                              ("post_rating", 10)],
    rules.Group.APPROVAL: [("approval_on_time", 30), ("problems_on_time", 25), ("letters_on_time", 20),
                           ("post_rating", 15), ("factors_delivered", 10)],
    rules.Group.TOWN: [("investment_completion", 25), ("start_on_time", 15), ("problems_on_time", 25),
                       ("letters_on_time", 15), ("visit_coverage", 10), ("post_rating", 10)],
}
DEFAULT_AWARDS = [
    rules.AwardRule(rules.AwardKind.START, rules.Group.PROJECT, indicator="start_on_time",
                    indicator_min=Decimal(100)),
    rules.AwardRule(rules.AwardKind.PROGRESS, rules.Group.PROJECT, top_n=8, min_total=Decimal(85)),
    rules.AwardRule(rules.AwardKind.COMPLETION, rules.Group.PROJECT, indicator="completion_on_time",
                    indicator_min=Decimal(100)),
    rules.AwardRule(rules.AwardKind.SERVICE, rules.Group.RESPONSIBLE, top_n=3, min_total=Decimal(80)),
    rules.AwardRule(rules.AwardKind.SERVICE, rules.Group.APPROVAL, top_n=2, min_total=Decimal(80)),
    rules.AwardRule(rules.AwardKind.DEMOLITION, rules.Group.TOWN, top_n=2, min_total=Decimal(80)),
]
DEFAULT_NAME = "重点项目建设工作考核办法"


def default_lines() -> list[rules.Line]:
    return [rules.Line(group, code, Decimal(weight)) for group, rows in DEFAULT_LINES.items()
            for code, weight in rows]


def _check(actor, county: Region, message: str) -> None:
    if actor is not None and not can_keep(actor, county):
        raise PermissionDenied(message)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# ------------------------------------------------------------------------------------------------ the method


def validate_method(lines: list[rules.Line], award_rules: list[rules.AwardRule]) -> None:
    """Raise a ValidationError naming the lines or award rules that cannot work (Chinese)."""
    errors = {}
    line_errors = rules.method_errors(lines, indicators.groups_of(), indicators.labels())
    if line_errors:
        errors["lines"] = line_errors
    by_group: dict[str, set[str]] = {}
    for line in lines:
        by_group.setdefault(line.group, set()).add(line.indicator)
    rule_errors = [f"第{n}条奖项规则：{message}" for n, rule in enumerate(award_rules, start=1)
                   for message in rules.award_rule_errors(rule, by_group)]
    if rule_errors:
        errors["award_rules"] = rule_errors
    if errors:
        raise ValidationError(errors)


def method_summary(method: AssessmentMethod) -> dict:
    """The method as the audit log keeps it: its row, lines and award rules."""
    return {
        **snapshot(method),
        "lines": [[line.group, line.indicator, str(line.weight)] for line in method.lines.all()],
        "award_rules": [{"kind": r.kind, "group": r.group, "top_n": r.top_n,
                         "min_total": None if r.min_total is None else str(r.min_total),
                         "indicator": r.indicator,
                         "indicator_min": None if r.indicator_min is None else str(r.indicator_min)}
                        for r in method.award_rules.all()],
    }


def _write_content(method: AssessmentMethod, lines: list[rules.Line], award_rules: list[rules.AwardRule]) -> None:
    method.lines.all().delete()
    method.award_rules.all().delete()
    MethodLine.objects.bulk_create([MethodLine(method=method, group=line.group, indicator=line.indicator,
                                               weight=line.weight, order=n) for n, line in enumerate(lines)])
    AwardRule.objects.bulk_create([
        AwardRule(method=method, kind=r.kind, group=r.group, top_n=r.top_n, min_total=r.min_total,
                  indicator=r.indicator, indicator_min=r.indicator_min if r.indicator else None, order=n)
        for n, r in enumerate(award_rules)])


def method_content(method: AssessmentMethod) -> tuple[list[rules.Line], list[rules.AwardRule]]:
    lines = [rules.Line(line.group, line.indicator, line.weight) for line in method.lines.all()]
    return lines, [r.spec() for r in method.award_rules.all()]


def create_method(actor, county: Region, year: int, *, name: str = DEFAULT_NAME, note: str = "",
                  lines: list[rules.Line] | None = None, award_rules: list[rules.AwardRule] | None = None
                  ) -> AssessmentMethod:
    """A new draft method for a year, filled with the default indicators, weights and award rules."""
    _check(actor, county, "只有指挥部办公室可以制定考核办法")
    lines = default_lines() if lines is None else lines
    award_rules = list(DEFAULT_AWARDS) if award_rules is None else award_rules
    if not name.strip():
        raise ValidationError({"name": "请填写考核办法名称"})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在2000到2100之间"})
    validate_method(lines, award_rules)
    with transaction.atomic():
        method = AssessmentMethod.objects.create(county=county, year=year, name=name.strip(), note=note,
                                                 updated_by=_user(actor))
        _write_content(method, lines, award_rules)
        record(actor, "quarterly.method_create", method, after=method_summary(method), region_code=county.code)
    return method


def update_method(actor, method: AssessmentMethod, *, name: str, note: str = "", lines: list[rules.Line],
                  award_rules: list[rules.AwardRule]) -> AssessmentMethod:
    """Change a method's name, lines and award rules, all or nothing. Refused once a quarter scored with it
    is confirmed."""
    _check(actor, method.county, "只有指挥部办公室可以修改考核办法")
    if not name.strip():
        raise ValidationError({"name": "请填写考核办法名称"})
    validate_method(lines, award_rules)
    with transaction.atomic():
        locked = AssessmentMethod.objects.select_for_update().select_related("county").get(pk=method.pk)
        if locked.is_locked:
            raise ValidationError({"__all__": LOCKED_MESSAGE})
        before = method_summary(locked)
        locked.name, locked.note = name.strip(), note
        locked.updated_at, locked.updated_by = timezone.now(), _user(actor)
        locked.save(update_fields=["name", "note", "updated_at", "updated_by"])
        _write_content(locked, lines, award_rules)
        record(actor, "quarterly.method_update", locked, before=before, after=method_summary(locked),
               region_code=locked.county.code)
    return locked


def activate_method(actor, method: AssessmentMethod) -> AssessmentMethod:
    """Put a method in force for its year; the method in force before it is retired (quarters already scored
    with it keep it)."""
    _check(actor, method.county, "只有指挥部办公室可以施行考核办法")
    with transaction.atomic():
        locked = AssessmentMethod.objects.select_for_update().select_related("county").get(pk=method.pk)
        if locked.status == AssessmentMethod.Status.IN_FORCE:
            raise ValidationError({"__all__": "该考核办法已在施行中"})
        lines, award_rules = method_content(locked)
        validate_method(lines, award_rules)
        retired = list(AssessmentMethod.objects.select_for_update().filter(
            county=locked.county, year=locked.year, status=AssessmentMethod.Status.IN_FORCE))
        for old in retired:
            old.status = AssessmentMethod.Status.RETIRED
            old.save(update_fields=["status"])
        locked.status = AssessmentMethod.Status.IN_FORCE
        locked.updated_at, locked.updated_by = timezone.now(), _user(actor)
        locked.save(update_fields=["status", "updated_at", "updated_by"])
        record(actor, "quarterly.method_activate", locked, before={"status": AssessmentMethod.Status.DRAFT},
               after={"status": locked.status, "retired": [m.pk for m in retired]}, region_code=locked.county.code)
    return locked


def copy_method(actor, method: AssessmentMethod, year: int | None = None) -> AssessmentMethod:
    """A draft copy of a method (by default for the next year), to change what a frozen method cannot."""
    _check(actor, method.county, "只有指挥部办公室可以复制考核办法")
    year = method.year + 1 if year is None else year
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度应在2000到2100之间"})
    lines, award_rules = method_content(method)
    with transaction.atomic():
        copy = AssessmentMethod.objects.create(county=method.county, year=year, name=method.name, note=method.note,
                                               copied_from=method, updated_by=_user(actor))
        _write_content(copy, lines, award_rules)
        record(actor, "quarterly.method_copy", copy, after={**method_summary(copy), "copied_from": method.pk},
               region_code=method.county.code)
    return copy


def method_in_force(county: Region, year: int) -> AssessmentMethod | None:
    return AssessmentMethod.objects.filter(county=county, year=year, status=AssessmentMethod.Status.IN_FORCE).first()


# ------------------------------------------------------------------------------------------------ scoring


@dataclass
class SubjectScore:
    group: str
    subject_id: int
    name: str
    total: Decimal | None
    rank: int | None
    values: dict[str, Decimal | None]
    explanation: list[dict]


@dataclass
class Sheet:
    """Everything a quarter's scoring computes, before it is stored."""

    scores: list[SubjectScore] = field(default_factory=list)
    awards: list[tuple[rules.AwardRule, SubjectScore, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    figures: dict = field(default_factory=dict)


def _names(group: str, ids) -> dict[int, str]:
    model = Project if group == rules.Group.PROJECT else Unit
    return dict(model.objects.filter(pk__in=list(ids)).values_list("pk", "name"))


def compute(county: Region, quarter: rules.Quarter, method: AssessmentMethod) -> Sheet:
    """Every score, rank and proposed award of a quarter from the records and the method (no writes)."""
    sheet = Sheet(figures=quarter_figures(county, quarter))
    labels = indicators.labels()
    lines, award_rules = method_content(method)
    by_group: dict[str, list[tuple[str, Decimal]]] = {}
    for line in lines:
        by_group.setdefault(line.group, []).append((line.indicator, line.weight))
    subjects_of: dict[str, list[SubjectScore]] = {}
    for group in rules.Group:
        weights = by_group.get(group)
        if not weights:
            continue
        values: dict[str, dict[int, Decimal | None]] = {}
        for code, _ in weights:
            indicator = indicators.CATALOG.get(code)
            if indicator is None or not indicator.installed:
                note = f"{rules.GROUP_LABELS[group]}：指标“{labels.get(code, code)}”未安装，本次不计分，其权重按比例分配给其他指标"
                sheet.notes.append(note)
                values[code] = {}
                continue
            values[code] = indicator.values(group, county, quarter.start, quarter.end)
        subject_ids = {sid for per in values.values() for sid, v in per.items() if v is not None}
        names = _names(group, subject_ids)
        rows = []
        for sid in subject_ids:
            own = {code: values[code].get(sid) for code, _ in weights}
            total, contributions = rules.weighted_total(own, weights)
            explanation = [{**c.as_dict(), "label": labels.get(c.indicator, c.indicator)} for c in contributions]
            rows.append(SubjectScore(group, sid, names.get(sid, str(sid)), total, None, own, explanation))
        ranks = dict(rules.ranking({r.subject_id: r.total for r in rows}, {r.subject_id: r.name for r in rows}))
        for row in rows:
            row.rank = ranks[row.subject_id]
        rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.name, r.subject_id))
        subjects_of[group] = rows
        sheet.scores.extend(rows)
    for rule in award_rules:
        rows = subjects_of.get(rule.group, [])
        by_id = {r.subject_id: r for r in rows}
        scored = [rules.Scored(r.subject_id, r.name, r.total, r.values) for r in rows]
        for subject, reason in rules.propose(rule, scored, labels):
            sheet.awards.append((rule, by_id[subject.subject_id], reason))
    return sheet


def quarter_figures(county: Region, quarter: rules.Quarter) -> dict:
    """The quarter's figures for the review meeting: projects started and completed (in the quarter and
    the year to its end), the year's investment completed against the annual plan and 序时进度."""
    from wumei.dekad import queries as dekad_queries
    from wumei.dekad import rules as dekad_rules

    projects = Project.objects.filter(county__path__startswith=county.path)
    first_day = datetime.date(quarter.year, 1, 1)

    def count(field_name: str, start: datetime.date) -> int:
        return projects.filter(**{f"{field_name}__range": (start, quarter.end)}).count()

    facts = dekad_queries.project_facts(projects, quarter.end)
    thresholds = dekad_queries.thresholds_by_county({county.pk})[county.pk]
    plan = sum(AnnualPlan.objects.filter(project__in=projects, year=quarter.year)
               .values_list("planned_investment", flat=True), Decimal(0))
    done = sum((f.year_done or Decimal(0) for f in facts.values()), Decimal(0))
    expected = Decimal(0)
    for fact in facts.values():
        expectation = dekad_rules.expectation_of(fact, quarter.end, thresholds)
        if expectation is not None:
            expected += expectation.expected
    return {
        "projects": projects.count(),
        "started_in_quarter": count("actual_start_on", quarter.start),
        "completed_in_quarter": count("actual_completion_on", quarter.start),
        "started_in_year": count("actual_start_on", first_day),
        "completed_in_year": count("actual_completion_on", first_day),
        "planned_starts_in_quarter": count("planned_start_on", quarter.start),
        "annual_plan": str(plan), "year_done": str(done), "expected": str(expected),
        "completion_percent": str(rules.two_places(done * 100 / plan)) if plan else None,
        "schedule_percent": str(rules.two_places(expected * 100 / plan)) if plan else None,
    }


def _award_row(run: ScoringRun, rule: rules.AwardRule, subject: SubjectScore, reason: str,
               scores: dict[tuple[str, int], Score]) -> Award:
    score = scores[(subject.group, subject.subject_id)]
    return Award(run=run, kind=rule.kind, group=subject.group, score=score, project_id=score.project_id,
                 unit_id=score.unit_id, name=subject.name, source=Award.Source.RULE, reason=reason)


def score_quarter(county: Region, quarter: rules.Quarter, method: AssessmentMethod | None = None, actor=None,
                  *, today: datetime.date | None = None) -> ScoringRun:
    """Score a quarter that has ended, with `method` or the one in force for its year: store every subject's
    total, rank and explanation and the proposed awards. Re-scoring an unconfirmed quarter replaces its
    scores and rule-proposed awards, keeping the HQ office's decisions (awards it added stay, awards it removed
    are not proposed again); a confirmed quarter is refused.
    Same records and same method give the same scores."""
    _check(actor, county, "只有指挥部办公室可以进行季度考核评分")
    today = today or timezone.localdate()
    if quarter.end >= today:
        raise ValidationError({"quarter": f"{quarter.label}尚未结束，季度结束后才能评分"})
    method = method or method_in_force(county, quarter.year)
    if method is None:
        raise ValidationError({"method": f"{county.name}{quarter.year}年没有施行中的考核办法，请先制定并施行"})
    if method.county_id != county.pk:
        raise ValidationError({"method": "考核办法不属于该县（区）"})
    sheet = compute(county, quarter, method)
    with transaction.atomic():
        run = (ScoringRun.objects.select_for_update()
               .filter(county=county, year=quarter.year, quarter=quarter.number).first())
        before = None
        if run is not None:
            if run.is_confirmed:
                raise ValidationError({"quarter": f"{quarter.label}的考核结果已确认，不能重新评分"})
            before = {"method": run.method_id, "scored_at": run.scored_at, "scores": run.scores.count()}
            run.awards.filter(source=Award.Source.RULE, is_removed=False).delete()
            run.scores.all().delete()
            run.method, run.figures, run.notes = method, sheet.figures, sheet.notes
            run.scored_at, run.scored_by = timezone.now(), _user(actor)
            run.save(update_fields=["method", "figures", "notes", "scored_at", "scored_by"])
        else:
            run = ScoringRun.objects.create(county=county, year=quarter.year, quarter=quarter.number, method=method,
                                            figures=sheet.figures, notes=sheet.notes, scored_by=_user(actor))
        is_project = {rules.Group.PROJECT}
        Score.objects.bulk_create([
            Score(run=run, group=s.group, project_id=s.subject_id if s.group in is_project else None,
                  unit_id=None if s.group in is_project else s.subject_id, name=s.name, total=s.total,
                  rank=s.rank, explanation=s.explanation)
            for s in sheet.scores])
        scores = {(s.group, s.subject_id): s for s in run.scores.all()}
        # The HQ office's decisions survive a re-score: its additions stay, and an award it removed is not
        # proposed again.
        decided = {(a.kind, a.project_id, a.unit_id) for a in run.awards.all()}
        awards = []
        for rule, subject, reason in sheet.awards:
            row = _award_row(run, rule, subject, reason, scores)
            key = (row.kind, row.project_id, row.unit_id)
            if key not in decided:
                decided.add(key)
                awards.append(row)
        kept = list(run.awards.all())
        Award.objects.bulk_create(awards)
        for award in kept:  # relink the kept awards to the new scores
            score = scores.get((award.group, award.project_id or award.unit_id))
            if award.score_id != (score.pk if score else None):
                award.score = score
                award.save(update_fields=["score"])
        record(actor, "quarterly.score", run, before=before,
               after={"quarter": quarter.code, "method": method.pk, "scores": len(sheet.scores),
                      "awards": len(awards), "notes": sheet.notes}, region_code=county.code)
    return run


def confirm_run(actor, run: ScoringRun) -> ScoringRun:
    """The HQ office confirms a quarter's scores: they and the method become final."""
    _check(actor, run.county, "只有指挥部办公室可以确认考核结果")
    with transaction.atomic():
        locked = ScoringRun.objects.select_for_update().select_related("county").get(pk=run.pk)
        if locked.is_confirmed:
            raise ValidationError({"__all__": f"{locked.period.label}的考核结果已确认"})
        locked.status = ScoringRun.Status.CONFIRMED
        locked.confirmed_at, locked.confirmed_by = timezone.now(), _user(actor)
        locked.save(update_fields=["status", "confirmed_at", "confirmed_by"])
        record(actor, "quarterly.confirm_score", locked, before={"status": ScoringRun.Status.PROPOSED},
               after={"status": locked.status, "quarter": locked.period.code, "method": locked.method_id},
               region_code=locked.county.code)
    return locked


def add_award(actor, run: ScoringRun, *, kind: str, score: Score, reason: str) -> Award:
    """The HQ office adds an award to an assessed subject, with a reason."""
    _check(actor, run.county, "只有指挥部办公室可以增补奖项")
    errors = {}
    if kind not in rules.AWARD_LABELS:
        errors["kind"] = "请选择奖项"
    elif score.group not in rules.AWARD_GROUPS[rules.AwardKind(kind)]:
        errors["kind"] = f"{rules.AWARD_LABELS[rules.AwardKind(kind)]}不能授予{rules.GROUP_LABELS[score.group]}"
    if score.run_id != run.pk:
        errors["score"] = "该考核对象不在本季度考核中"
    if not (reason or "").strip():
        errors["reason"] = "请填写增补理由"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ScoringRun.objects.select_for_update().filter(pk=run.pk).first()
        if run.awards.filter(kind=kind, project_id=score.project_id, unit_id=score.unit_id, is_removed=False).exists():
            raise ValidationError({"score": f"{score.name}已获{rules.AWARD_LABELS[rules.AwardKind(kind)]}"})
        award = Award.objects.create(run=run, kind=kind, group=score.group, score=score, project_id=score.project_id,
                                     unit_id=score.unit_id, name=score.name, source=Award.Source.MANUAL,
                                     reason=reason.strip(), created_by=_user(actor))
        record(actor, "quarterly.award_add", award, after=snapshot(award), region_code=run.county.code)
    return award


def remove_award(actor, award: Award, *, reason: str) -> Award:
    """The HQ office removes an award, with a reason; the row stays, marked removed."""
    _check(actor, award.run.county, "只有指挥部办公室可以撤销奖项")
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写撤销理由"})
    with transaction.atomic():
        locked = Award.objects.select_for_update().get(pk=award.pk)
        if locked.is_removed:
            raise ValidationError({"__all__": "该奖项已撤销"})
        before = snapshot(locked, ["is_removed", "removed_reason"])
        locked.is_removed, locked.removed_reason = True, reason.strip()
        locked.removed_at, locked.removed_by = timezone.now(), _user(actor)
        locked.save(update_fields=["is_removed", "removed_reason", "removed_at", "removed_by"])
        record(actor, "quarterly.award_remove", locked, before=before,
               after=snapshot(locked, ["is_removed", "removed_reason"]), region_code=award.run.county.code)
    return locked


# ------------------------------------------------------------------------------------------------ the job


def score_due_quarter(on: datetime.date) -> dict:
    """The cadence job: on the first days of a quarter, score the quarter just ended for every county with a
    method in force for its year, unless already scored. Idempotent (a run is unique per county and quarter)."""
    quarter = rules.quarter_due(on)
    result = {"on": on.isoformat(), "quarter": quarter.code if quarter else None, "scored": [], "skipped": []}
    if quarter is None:
        return result
    counties = (Region.objects.filter(pk__in=AssessmentMethod.objects.filter(
        year=quarter.year, status=AssessmentMethod.Status.IN_FORCE).values("county_id")).order_by("code"))
    for county in counties:
        if ScoringRun.objects.filter(county=county, year=quarter.year, quarter=quarter.number).exists():
            result["skipped"].append(county.code)
            continue
        try:
            score_quarter(county, quarter, today=on)
        except IntegrityError:  # scored at the same moment by another worker
            result["skipped"].append(county.code)
            continue
        result["scored"].append(county.code)
    return result
