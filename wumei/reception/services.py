"""Use cases of the reception day: set the day, record a visit (with the problems it opens), answer it, and the
reminder job. Each owns its transaction and writes its audit event."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from wumei.audit.services import record, snapshot
from wumei.calendar.services import load_calendar
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.notify.services import notify
from wumei.org.models import Person, Region, Role, RoleAssignment, Unit
from wumei.problems.models import Problem
from wumei.problems.services import DEFAULT_DEADLINE_DAYS, raise_problem
from wumei.projects.models import Project
from wumei.reception import permissions, rules
from wumei.reception.models import ReceptionDay, ReceptionVisit


def _require_keeper(actor, county: Region) -> None:
    if not permissions.can_keep(actor, county):
        raise PermissionDenied("只有指挥部办公室可以登记企业家接待日")


def _check_leaders(county: Region, leaders) -> list[Person]:
    leaders = list(leaders or [])
    if not leaders:
        raise ValidationError({"leaders": "请选择至少一位接待领导"})
    if any(not leader.region.path.startswith(county.path) for leader in leaders):
        raise ValidationError({"leaders": "接待领导须为本县（区）人员"})
    return leaders


def set_reception_day(actor, county: Region, *, held_on: datetime.date, leaders, venue: str = "",
                      note: str = "") -> ReceptionDay:
    """The HQ office sets (or changes) the reception day of `held_on`'s month and who receives: one per county
    per month — a second call for the same month changes that month's day."""
    _require_keeper(actor, county)
    if held_on is None:
        raise ValidationError({"held_on": "请填写接待日期"})
    leaders = _check_leaders(county, leaders)
    month = rules.month_of(held_on)
    with transaction.atomic():
        day = ReceptionDay.objects.select_for_update().filter(county=county, month=month).first()
        before = snapshot(day) if day else None
        if day is None:
            day = ReceptionDay.objects.create(county=county, month=month, held_on=held_on, venue=venue.strip(),
                                              note=note.strip(), created_by=_user(actor))
            verb = "create"
        else:
            day.held_on, day.venue, day.note = held_on, venue.strip(), note.strip()
            day.save(update_fields=["held_on", "venue", "note"])
            verb = "update"
        day.leaders.set(leaders)
        after = {**snapshot(day), "leaders": sorted(p.pk for p in leaders)}
        record(actor, f"reception_day.{verb}", day, before=before, after=after, region_code=county.code)
    return day


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@dataclass
class OpenedProblem:
    """A problem to open from a visit (goes into the problem ladder through the problems app)."""

    description: str
    category: str = Problem.Category.OTHER
    owner_unit: Unit | None = None
    deadline_days: int = DEFAULT_DEADLINE_DAYS


def record_visit(actor, day: ReceptionDay, *, visitor_name: str, enterprise: Unit, request: str,
                 visitor_title: str = "", project: Project | None = None, problems: list[OpenedProblem] = (),
                 answer: str = "", answered_on: datetime.date | None = None) -> ReceptionVisit:
    """Record one entrepreneur received, and open the problems he raised in the problem ladder (source 企业家接待日,
    raised on the reception day). All or nothing: a problem that fails validation records nothing."""
    county = day.county
    _require_keeper(actor, county)
    errors = {}
    visitor_name = (visitor_name or "").strip()
    request = (request or "").strip()
    answer = (answer or "").strip()
    if not visitor_name:
        errors["visitor_name"] = "请填写来访人姓名"
    if enterprise is None or enterprise.kind != Unit.Kind.ENTERPRISE:
        errors["enterprise"] = "请选择来访企业"
    elif not enterprise.region.path.startswith(county.path):
        errors["enterprise"] = "来访企业不在本县（区）"
    if project is not None and not project.county.path.startswith(county.path):
        errors["project"] = "项目不在本县（区）"
    if not request:
        errors["request"] = "请填写企业反映的事项"
    if problems and project is None:
        errors["project"] = "转入问题清单须选择所涉项目"
    if answered_on is not None and not answer:
        errors["answer"] = "填写了答复日期，请同时填写答复意见"
    if answered_on is not None and answered_on < day.held_on:
        errors["answered_on"] = "答复日期不能早于接待日期"
    if errors:
        raise ValidationError(errors)
    if answer and answered_on is None:
        answered_on = day.held_on
    with transaction.atomic():
        visit = ReceptionVisit.objects.create(
            day=day, visitor_name=visitor_name, visitor_title=(visitor_title or "").strip(), enterprise=enterprise,
            project=project, request=request, answer=answer, answered_on=answered_on, created_by=_user(actor))
        opened = []
        for index, item in enumerate(problems, start=1):
            try:
                opened.append(raise_problem(
                    actor, project, source=Problem.Source.RECEPTION, description=item.description,
                    category=item.category, owner_unit=item.owner_unit, deadline_days=item.deadline_days,
                    on=day.held_on))
            except ValidationError as exc:
                messages = "；".join(exc.messages)
                raise ValidationError({"problems": f"第{index}个问题：{messages}"}) from exc
        visit.problems.set(opened)
        record(actor, "reception_visit.create", visit, after={**snapshot(visit), "problems": [p.pk for p in opened]},
               region_code=county.code)
    return visit


def answer_visit(actor, visit: ReceptionVisit, *, answer: str, answered_on: datetime.date) -> ReceptionVisit:
    """The answer given to the entrepreneur (on the day, or later after study), and when."""
    _require_keeper(actor, visit.day.county)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "请填写答复意见"})
    if answered_on is None:
        raise ValidationError({"answered_on": "请填写答复日期"})
    if answered_on < visit.day.held_on:
        raise ValidationError({"answered_on": "答复日期不能早于接待日期"})
    with transaction.atomic():
        locked = ReceptionVisit.objects.select_for_update().get(pk=visit.pk)
        before = snapshot(locked, ["answer", "answered_on"])
        locked.answer, locked.answered_on = answer, answered_on
        locked.save(update_fields=["answer", "answered_on"])
        record(actor, "reception_visit.answer", locked, before=before,
               after=snapshot(locked, ["answer", "answered_on"]), region_code=visit.day.county.code)
    return locked


# The reminder job ------------------------------------------------------------------------------------------------

def _hq_users_by_county() -> list[tuple[Region, list]]:
    """Each county with the sign-in users of the HQ office covering it (counties without one are skipped)."""
    assignments = list(RoleAssignment.objects.filter(role=Role.HQ_OFFICE, person__user__isnull=False,
                                                     person__is_active=True)
                       .select_related("region", "person__user").order_by("person_id"))
    out = []
    for county in Region.objects.filter(level=Region.Level.COUNTY).order_by("code"):
        users = []
        for a in assignments:
            if county.path.startswith(a.region.path) and a.person.user not in users:
                users.append(a.person.user)
        if users:
            out.append((county, users))
    return out


def remind_reception_day(on: datetime.date) -> dict:
    """Daily job, idempotent (each message has a dedupe key).

    - From REMIND_WORKING_DAYS working days before a county's reception day up to the day, its HQ office users
      and its receiving leaders are reminded (once). A month whose 8th is a working day and has no day set yet
      is reminded to the HQ office too, asking it to name the leaders.
    - When the next 8th is not a working day and the HQ office has not set that month's day, it is asked to.
    """
    calendar = load_calendar()
    counts = {"reminded_days": 0, "messages": 0, "asked_to_set": 0}
    eighth = rules.next_eighth(on)
    month = rules.month_of(eighth)
    url = reverse("reception:day-list")
    days = {d.county_id: d for d in ReceptionDay.objects.filter(
        held_on__gte=on, held_on__lte=on + datetime.timedelta(days=rules.LOOKAHEAD_DAYS))
        .prefetch_related("leaders__user").order_by("held_on")}
    set_months = set(ReceptionDay.objects.filter(month=month).values_list("county_id", flat=True))
    for county, hq in _hq_users_by_county():
        day = days.get(county.pk)
        if day is not None:
            remind_from = calendar.add_working_days(day.held_on, -rules.REMIND_WORKING_DAYS)
            if rules.is_reminder_due(day.held_on, on, remind_from):
                names = "、".join(p.name for p in day.leaders.all())
                subject = f"企业家接待日提醒：{day.held_on:%m月%d日}"
                body = f"{day.held_on:%Y年%m月%d日}为本月企业家接待日，接待领导：{names or '待定'}。"
                users = hq + [p.user for p in day.leaders.all() if p.user_id and p.is_active]
                sent = _send(users, subject, body, url, f"reception-day-{day.pk}-remind")
                counts["reminded_days"] += 1
                counts["messages"] += sent
            continue
        if county.pk in set_months:
            continue
        default = rules.default_reception_day(eighth.year, eighth.month, calendar.is_working_day)
        if default is None:
            proposed = rules.proposed_reception_day(eighth.year, eighth.month, calendar.is_working_day)
            subject = f"请确定{eighth.month}月企业家接待日"
            body = (f"{eighth:%Y年%m月%d日}不是工作日，请指挥部办公室确定本月企业家接待日并安排接待领导"
                    f"（建议{proposed:%m月%d日}）。")
            sent = _send(hq, subject, body, url, f"reception-{county.code}-{month:%Y%m}-set")
            counts["asked_to_set"] += 1
            counts["messages"] += sent
        else:
            remind_from = calendar.add_working_days(default, -rules.REMIND_WORKING_DAYS)
            if rules.is_reminder_due(default, on, remind_from):
                subject = f"企业家接待日提醒：{default:%m月%d日}"
                body = f"{default:%Y年%m月%d日}为本月企业家接待日，尚未安排接待领导，请及时安排。"
                sent = _send(hq, subject, body, url, f"reception-{county.code}-{month:%Y%m}-remind")
                counts["reminded_days"] += 1
                counts["messages"] += sent
    return counts


def _send(users, subject: str, body: str, url: str, key: str) -> int:
    sent = 0
    for user in users:
        if notify(user, subject, body=body, url=url, kind="reception.remind", dedupe_key=key) is not None:
            sent += 1
    return sent
