"""Demo history of the monthly consultation, written in bulk after the factor requests (wumei.factors.demo).

- Each past month of the year: a held consultation on the first working day from the 15th, chaired by the
  executive vice head, its agenda (that month's factor requests, last month's decisions, a lagging project),
  attendance (the units that deliver, one absent, one represented), minutes, and decisions — each a task of
  the project's four lists (source 月度会商), done when the factor was delivered, some still open.
- This month: the agenda drafted by the same service the monthly job calls.

Deterministic for a given `rng` and `today`; writes once (a county that has consultations is left alone).
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from wumei.calendar.services import load_calendar
from wumei.consultation import services
from wumei.consultation.models import AgendaItem, Attendance, Consultation, Decision
from wumei.factors.demo import meeting_day, past_months
from wumei.factors.models import FactorRequest
from wumei.org.models import Person, Region, Role, RoleAssignment, Unit
from wumei.projects.models import Project, Stage
from wumei.tasks.models import Task

PLACE = "县政府三楼第一会议室"
EXECUTIVE_VICE_TITLE = "县委常委、常务副县长、常务副总指挥长"
FOLLOW_UP = ("对照年度目标倒排工期，制定进度赶超方案", "责任单位主要负责人牵头，每旬向指挥部办公室报告赶超进展")
DECLINED_TEXT = "向企业反馈不予保障意见，指导调整申报方案"
ABSENT_NOTES = ["出差", "参加市里会议"]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Seeder:
    def __init__(self, county: Region, today: datetime.date, rng: random.Random) -> None:
        self.county, self.today, self.rng = county, today, rng
        self.yesterday = today - datetime.timedelta(days=1)
        self.calendar = load_calendar()
        people = Person.objects.filter(region__path__startswith=county.path)
        chair = people.filter(title=EXECUTIVE_VICE_TITLE).first()
        self.chair = chair.name if chair else "常务副县长"
        self.heads = {a.unit_id: a.person for a in RoleAssignment.objects.filter(
            role=Role.UNIT_HEAD, region__path__startswith=county.path).select_related("person").order_by("person_id")}
        hq = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=county, person__user__isnull=False)
              .select_related("person__user", "person__unit").order_by("person_id").first())
        self.hq_user = hq.person.user if hq else None
        self.hq_person = hq.person if hq else None

    def _fallback(self, request: FactorRequest) -> Unit | None:
        """Every decision has an owner: the project's unit, else the HQ office."""
        return request.project.responsible_unit or (self.hq_person.unit if self.hq_person else None)

    def _attendance(self, consultation: Consultation, units: list[Unit]) -> list[Attendance]:
        rows = [Attendance(consultation=consultation, name=self.chair, note="主持")]
        if self.hq_person is not None:
            rows.append(Attendance(consultation=consultation, name=self.hq_person.name, unit=self.hq_person.unit,
                                   person=self.hq_person))
        for index, unit in enumerate(units):
            head = self.heads.get(unit.pk)
            name = head.name if head else f"{unit.name}负责人"
            status, substitute, note = Attendance.Status.PRESENT, "", ""
            if index == 1:
                status, note = Attendance.Status.ABSENT, self.rng.choice(ABSENT_NOTES)
            elif index == 2:
                status, substitute = Attendance.Status.SUBSTITUTED, f"{unit.short_name or unit.name}分管负责人"[:32]
            rows.append(Attendance(consultation=consultation, name=name[:32], unit=unit, person=head, status=status,
                                   substitute=substitute, note=note))
        return rows

    def month(self, month: datetime.date, requests: list[FactorRequest], lagging: Project | None):
        held = meeting_day(month, self.calendar)
        consultation = Consultation(county=self.county, month=month, held_on=held, place=PLACE, chair=self.chair,
                                    created_at=_at(held - datetime.timedelta(days=5)), updated_at=_at(held, 17))
        items: list[AgendaItem] = []
        decisions: list[tuple[Decision, Task]] = []
        for request in requests:
            items.append(AgendaItem(
                kind=AgendaItem.Kind.FACTOR, project=request.project, factor_request=request, is_drafted=True,
                title=services.factor_title(request), note=request.purpose))
            declined = request.status == FactorRequest.Status.DECLINED
            text = DECLINED_TEXT if declined else request.decision[:200]
            owner = (request.project.responsible_unit if declined else request.deciding_unit) or self._fallback(request)
            due = self.calendar.add_working_days(held, 5) if declined else request.need_by
            done_on = (self.calendar.add_working_days(held, 3) if declined else request.delivered_on)
            done_on = done_on if done_on and done_on <= self.yesterday else None
            task = Task(project=request.project, title=text, detail=request.decline_reason if declined else "",
                        owner_unit=owner, due_on=due, status=Task.Status.DONE if done_on else Task.Status.OPEN,
                        done_on=done_on, result="已办结" if done_on else "", source=Task.Source.CONSULTATION,
                        created_by=self.hq_user, created_at=_at(held, 16), updated_at=_at(done_on or held, 17))
            decisions.append((Decision(
                project=request.project, text=text, detail=task.detail, owner_unit=owner, due_on=due,
                factor_request=request, created_by=self.hq_user, created_at=_at(held, 16),
                factor_outcome=Decision.FactorOutcome.DECLINED if declined else Decision.FactorOutcome.DECIDED),
                task))
        if lagging is not None:
            items.append(AgendaItem(kind=AgendaItem.Kind.RED, project=lagging, is_drafted=True,
                                    title=f"{lagging.name}：进度滞后，研究赶超措施"[:200], note="投资完成滞后于序时进度"))
            due = held + datetime.timedelta(days=20)
            done_on = due - datetime.timedelta(days=self.rng.randint(0, 6)) if self.rng.random() < 0.7 else None
            done_on = done_on if done_on and done_on <= self.yesterday else None
            task = Task(project=lagging, title=FOLLOW_UP[0], detail=FOLLOW_UP[1], owner_unit=lagging.responsible_unit,
                        due_on=due, status=Task.Status.DONE if done_on else Task.Status.OPEN, done_on=done_on,
                        result="赶超方案已报送，进度已按节点推进" if done_on else "", source=Task.Source.CONSULTATION,
                        created_by=self.hq_user, created_at=_at(held, 16), updated_at=_at(done_on or held, 17))
            decisions.append((Decision(project=lagging, text=FOLLOW_UP[0], detail=FOLLOW_UP[1],
                                       owner_unit=lagging.responsible_unit, due_on=due, created_by=self.hq_user,
                                       created_at=_at(held, 16)), task))
        items.insert(0, AgendaItem(kind=AgendaItem.Kind.OTHER, title="听取上月会商议定事项落实情况汇报",
                                   note="指挥部办公室汇报"))
        for order, item in enumerate(items, start=1):
            item.order = order
        kinds = "、".join(dict.fromkeys(r.get_kind_display() for r in requests)) or "要素保障"
        consultation.minutes = "\n".join([
            f"{held.year}年{held.month}月{held.day}日，{self.chair}在{PLACE}主持召开{month.year}年{month.month}月"
            f"重点项目要素保障会商会，县直有关单位和项目业主代表参加会议。",
            "会议听取了指挥部办公室关于上月会商议定事项落实情况的汇报，逐项研究了重点项目提出的"
            f"{kinds}等要素保障需求{len(requests)}项。",
            "会议强调，各责任单位要树牢“项目为王”理念，对议定事项逐项建立台账、明确时限，"
            "指挥部办公室每旬跟踪督查，逾期未完成的按程序发函督办。",
        ])
        units = list(dict.fromkeys(d.owner_unit for d, _ in decisions if d.owner_unit is not None))[:6]
        return consultation, items, decisions, units

    def seed(self) -> dict[str, int]:
        empty = {"consultations": 0, "consultation_decisions": 0, "consultation_agenda_items": 0}
        if Consultation.objects.filter(county=self.county).exists():
            return empty
        projects = list(Project.objects.filter(county__path__startswith=self.county.path)
                        .exclude(stage=Stage.OPERATING).select_related("responsible_unit").order_by("code", "pk"))
        if not projects:
            return empty
        requests = list(FactorRequest.objects.filter(project__county__path__startswith=self.county.path)
                        .select_related("project__responsible_unit", "deciding_unit").order_by("requested_on", "pk"))
        built = []
        for month in past_months(self.today):
            held = meeting_day(month, self.calendar)
            if held > self.yesterday:
                continue
            of_month = [r for r in requests if r.requested_on.replace(day=1) == month and r.requested_on < held
                        and r.status != FactorRequest.Status.REQUESTED]
            built.append(self.month(month, of_month, self.rng.choice(projects)))
        with transaction.atomic():
            consultations = Consultation.objects.bulk_create([c for c, *_ in built])
            items, attendance, tasks, decisions = [], [], [], []
            for consultation, (_, month_items, month_decisions, units) in zip(consultations, built, strict=True):
                for item in month_items:
                    item.consultation = consultation
                items += month_items
                attendance += self._attendance(consultation, units)
                for decision, task in month_decisions:
                    decision.consultation = consultation
                    tasks.append(task)
                    decisions.append(decision)
            AgendaItem.objects.bulk_create(items, batch_size=500)
            Attendance.objects.bulk_create(attendance, batch_size=500)
            Task.objects.bulk_create(tasks, batch_size=500)
            by_request = {i.factor_request_id: i for i in items if i.factor_request_id}
            by_project = {(i.consultation_id, i.project_id): i for i in items if i.kind == AgendaItem.Kind.RED}
            for decision, task in zip(decisions, tasks, strict=True):
                decision.task = task
                decision.agenda_item = (by_request.get(decision.factor_request_id) if decision.factor_request_id
                                        else by_project.get((decision.consultation.pk, decision.project_id)))
            Decision.objects.bulk_create(decisions, batch_size=500)
        # This month's consultation: drafted, not yet held (the office holds it late if its usual day passed).
        _, drafted = services.draft_agenda(None, self.county, self.today, self.today)
        return {"consultations": len(built) + 1, "consultation_decisions": len(decisions),
                "consultation_agenda_items": len(items) + drafted}


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the year's consultations of `county` and draft this month's agenda; returns counts."""
    return Seeder(county, today, rng).seed()
