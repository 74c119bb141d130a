"""Demo history of 问责: a handful of cases behind the letters the dekad demo issued — interviews of the heads of
units whose projects drew supervision or assignment letters, business-environment cases and a discipline case
in approval departments — after the seed report's 约谈5人、查处营商环境问题、处理处分干部 (§五), scaled to the
demo's months. Runs after the dekad seeder; deterministic for `rng`, written once, in bulk."""

import datetime
import random

from django.utils import timezone

from wumei.accountability.models import Case
from wumei.dekad.models import Letter
from wumei.org.models import Person, Region, Role, RoleAssignment, Unit

INTERVIEWS = 5
BUSINESS = 3
DISCIPLINE = 2
INTERVIEW_REASON = "{project}{kind}（{number}）所列问题整改不力，项目推进滞后，责任单位履职不到位。"
INTERVIEW_MEASURES = ["县长约谈单位主要负责人，责令制定追赶方案，十日内书面报告整改情况。",
                      "常务副县长约谈单位主要负责人，明确整改时限，纳入季度考核扣分。"]
BUSINESS_CASES = [
    ("在{project}施工许可办理中，经办人员违规要求企业重复提交材料，超时限办理。", "给予经办人员诫勉谈话，全县通报。"),
    ("在{project}用地报批中，相关人员推诿扯皮，“卡壳”近一个月。", "给予相关人员政务警告处分，退回重办。"),
    ("企业反映{project}涉企检查过多过频，部分检查未经备案。", "责令停止违规检查，对相关负责人批评教育。"),
]
DISCIPLINE_CASES = [
    ("在{project}项目服务中，工作人员接受企业宴请。", "给予党内警告处分，收缴违纪款物。"),
    ("{project}督办事项弄虚作假，虚报整改进度。", "给予相关责任人政务记过处分。"),
]


def _day(letter: Letter, rng: random.Random, today: datetime.date) -> datetime.date:
    day = (letter.issued_on or letter.drafted_on) + datetime.timedelta(days=rng.randint(10, 25))
    return min(day, today - datetime.timedelta(days=1))


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Cases linked to issued letters of the county. Writes once: skips a county that has cases."""
    if Case.objects.filter(county=county).exists():
        return {"accountability_cases": 0}
    letters = list(Letter.objects.filter(county=county, issued_on__lt=today).exclude(
        status__in=[Letter.Status.DRAFT, Letter.Status.WITHDRAWN]).select_related("project").order_by("issued_on", "id"))
    if not letters:
        return {"accountability_cases": 0}
    recorder = (RoleAssignment.objects.filter(role=Role.INSPECTOR, region=county, person__user__isnull=False)
                .values_list("person__user_id", flat=True).order_by("person_id").first())
    heads = dict(RoleAssignment.objects.filter(role=Role.UNIT_HEAD, region=county, unit__isnull=False)
                 .values_list("unit_id", "person_id"))
    approval_staff: dict[int, list[int]] = {}
    for pk, unit_id in Person.objects.filter(unit__region=county, unit__kind=Unit.Kind.APPROVAL, is_active=True) \
            .exclude(pk__in=heads.values()).order_by("id").values_list("id", "unit_id"):
        approval_staff.setdefault(unit_id, []).append(pk)
    serious = [x for x in letters if x.kind != Letter.Kind.REMINDER] or letters
    plans = []  # (case, people, letters)
    for letter in rng.sample(serious, min(INTERVIEWS, len(serious))):
        unit_id = letter.recipient_unit_id or letter.project.responsible_unit_id
        case = Case(county=county, kind=Case.Kind.INTERVIEW, occurred_on=_day(letter, rng, today),
                    subject_unit_id=unit_id, reason=INTERVIEW_REASON.format(
                        project=letter.project.name, kind=letter.get_kind_display(), number=letter.doc_number or "草稿"),
                    measures=rng.choice(INTERVIEW_MEASURES))
        plans.append((case, [heads[unit_id]] if unit_id in heads else [], [letter]))
    units = sorted(approval_staff)
    cases = [(Case.Kind.BUSINESS, text) for text in BUSINESS_CASES[:BUSINESS]]
    cases += [(Case.Kind.DISCIPLINE, text) for text in DISCIPLINE_CASES[:DISCIPLINE]]
    for kind, (reason, measures) in cases:
        letter = rng.choice(letters)
        unit_id = rng.choice(units) if units else None
        staff = approval_staff.get(unit_id, [])
        case = Case(county=county, kind=kind, occurred_on=_day(letter, rng, today), subject_unit_id=unit_id,
                    reason=reason.format(project=letter.project.name), measures=measures)
        plans.append((case, rng.sample(staff, min(len(staff), rng.randint(1, 3))), [letter]))
    for case, _, _ in plans:
        case.recorded_by_id = recorder
        case.created_at = case.updated_at = timezone.make_aware(
            datetime.datetime.combine(case.occurred_on, datetime.time(16, rng.randint(0, 59))))
        closing = case.occurred_on + datetime.timedelta(days=rng.randint(7, 30))
        if closing < today:
            case.status, case.closed_on = Case.Status.CLOSED, closing
    Case.objects.bulk_create([case for case, _, _ in plans])
    Case.subject_people.through.objects.bulk_create([
        Case.subject_people.through(case_id=case.pk, person_id=pk) for case, people, _ in plans for pk in people])
    Case.letters.through.objects.bulk_create([
        Case.letters.through(case_id=case.pk, letter_id=x.pk) for case, _, linked in plans for x in linked])
    Case.projects.through.objects.bulk_create([
        Case.projects.through(case_id=case.pk, project_id=pid)
        for case, _, linked in plans for pid in sorted({x.project_id for x in linked})])
    return {"accountability_cases": len(plans)}
