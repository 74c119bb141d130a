"""Demo history of the reception day: one reception day per past month of the year, received by the county head
or the executive vice head with one or two county leaders, and the entrepreneurs who came.

- The day is the 8th, or (when the 8th is not a working day) the next working day, as the HQ office set it.
- The problems the problems seeder raised with source 企业家接待日 are the visits' problems: each goes with a
  visit on the latest reception day on or before the day it was raised (registered within 20 days of it).
- Other visits ask about policies, finance, talent…; most were answered on the day or within a few working days.

Deterministic for a given `rng` and `today`; writes once (a county that has reception days is left alone).
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from wumei.calendar.services import load_calendar
from wumei.org.models import Person, Region, Role, RoleAssignment, Unit
from wumei.problems.models import Problem
from wumei.projects.models import Project
from wumei.reception import rules
from wumei.reception.models import ReceptionDay, ReceptionVisit

LINK_DAYS = 20
VENUES = ["县政务服务中心三楼接待室", "县委县政府联合接待中心", "经开区管委会企业服务中心"]
REQUESTS = [
    ("希望协调解决项目周边道路配套，方便原料和产品运输", "已交县交通运输局研究，纳入下半年农村公路建设计划"),
    ("咨询省级技术改造专项资金申报条件", "现场答复：符合条件，县工业和信息化局派专人指导申报"),
    ("反映企业招工难，希望支持开展技能培训", "县人力资源和社会保障局将组织订单式培训，并在招聘会上设专区"),
    ("希望加快兑现招商引资合同约定的奖补资金", "已责成县投资促进事务中心和县财政局核实，10个工作日内兑现"),
    ("咨询高新技术企业认定和研发费用加计扣除政策", "税务局现场讲解政策，并安排税务专管员上门辅导"),
    ("希望协调银行增加授信额度，缓解流动资金压力", "纳入政银企月度对接清单，由县金融办牵头推送合作银行"),
    ("反映厂区周边治安和交通秩序问题", "项目警官牵头，公安、交警部门联合开展专项整治"),
    ("希望帮助对接上下游配套企业，降低物流成本", "由产业链链推办牵头，组织上下游企业对接会"),
    ("咨询人才公寓申请和子女入学政策", "现场答复：符合条件，由县教育局、县住房和城乡建设局按政策落实"),
]
ANSWER_FOR_PROBLEM = "已转入问题清单交责任单位限期办理，办理结果向企业反馈"
VISITORS = [("刘", "总经理"), ("陈", "董事长"), ("王", "副总经理"), ("李", "财务总监"), ("周", "项目经理"),
            ("谭", "董事长"), ("彭", "总经理"), ("罗", "行政总监")]
GIVEN = ["建国", "志强", "海涛", "永红", "德明", "卫东", "晓峰", "春华", "国平", "立新"]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Seeder:
    def __init__(self, county: Region, today: datetime.date, rng: random.Random) -> None:
        self.county, self.today, self.rng = county, today, rng
        self.calendar = load_calendar()
        hq = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=county, person__user__isnull=False)
              .select_related("person__user").order_by("person_id").first())
        self.hq_user = hq.person.user if hq else None

    def _leaders(self) -> tuple[list[Person], list[Person]]:
        heads = list(Person.objects.filter(roles__role=Role.COMMANDER, roles__region=self.county, is_active=True)
                     .distinct().order_by("id"))
        others = list(Person.objects.filter(roles__role=Role.LEAD_LEADER, roles__region__path__startswith=self.county.path,
                                            is_active=True).distinct().order_by("id"))
        return heads, others

    def _visitor(self, enterprise: Unit, contacts: dict[int, Person]) -> tuple[str, str]:
        person = contacts.get(enterprise.pk)
        if person is not None and self.rng.random() < 0.6:
            return person.name, person.title
        surname, title = self.rng.choice(VISITORS)
        return surname + self.rng.choice(GIVEN), title

    def _answer_on(self, held_on: datetime.date) -> datetime.date | None:
        roll = self.rng.random()
        if roll < 0.55:
            on = held_on
        elif roll < 0.9:
            on = self.calendar.add_working_days(held_on, self.rng.randint(2, 10))
        else:
            return None
        return on if on < self.today else None

    def seed(self) -> dict[str, int]:
        if ReceptionDay.objects.filter(county__path__startswith=self.county.path).exists():
            return {"reception_days": 0, "reception_visits": 0}
        heads, others = self._leaders()
        enterprises = list(Unit.objects.filter(kind=Unit.Kind.ENTERPRISE, region__path__startswith=self.county.path,
                                               is_active=True).order_by("name", "id"))
        if not enterprises or not heads:
            return {"reception_days": 0, "reception_visits": 0}
        contacts = {}
        for person in Person.objects.filter(unit__in=enterprises).order_by("id"):
            contacts.setdefault(person.unit_id, person)
        projects_of: dict[int, list[Project]] = {}
        for project in Project.objects.filter(county=self.county, owner__isnull=False).order_by("code", "pk"):
            projects_of.setdefault(project.owner_id, []).append(project)
        days: list[ReceptionDay] = []
        leaders: list[list[Person]] = []
        for month in range(1, self.today.month + 1):
            held_on = rules.proposed_reception_day(self.today.year, month, self.calendar.is_working_day)
            if held_on >= self.today:
                break
            days.append(ReceptionDay(
                county=self.county, month=datetime.date(self.today.year, month, 1), held_on=held_on,
                venue=self.rng.choice(VENUES), created_by=self.hq_user,
                note="" if held_on.day == rules.RECEPTION_DAY_OF_MONTH else "8日为休息日，经指挥部办公室确定顺延",
                created_at=_at(held_on - datetime.timedelta(days=7), 9)))
            leaders.append([heads[(month - 1) % len(heads)], *self.rng.sample(others, min(len(others), 2))])
        if not days:
            return {"reception_days": 0, "reception_visits": 0}
        with transaction.atomic():
            ReceptionDay.objects.bulk_create(days)
            Through = ReceptionDay.leaders.through
            Through.objects.bulk_create([Through(receptionday_id=day.pk, person_id=p.pk)
                                         for day, people in zip(days, leaders, strict=True) for p in people])
            visits, links = self._visits(days, enterprises, contacts, projects_of)
            ReceptionVisit.objects.bulk_create(visits, batch_size=500)
            VisitProblem = ReceptionVisit.problems.through
            VisitProblem.objects.bulk_create([VisitProblem(receptionvisit_id=visits[i].pk, problem_id=pk)
                                              for i, pk in links])
        return {"reception_days": len(days), "reception_visits": len(visits)}

    def _visits(self, days, enterprises, contacts, projects_of):
        visits: list[ReceptionVisit] = []
        links: list[tuple[int, int]] = []
        # The reception-day problems the problems seeder raised go with a visit on their reception day.
        problems = (Problem.objects.filter(project__county=self.county, source=Problem.Source.RECEPTION)
                    .select_related("project").order_by("raised_on", "id"))
        for problem in problems:
            day = next((d for d in reversed(days) if d.held_on <= problem.raised_on), None)
            if day is None or (problem.raised_on - day.held_on).days > LINK_DAYS:
                continue
            enterprise = next((e for e in enterprises if e.pk == problem.project.owner_id), None) \
                or self.rng.choice(enterprises)
            name, title = self._visitor(enterprise, contacts)
            answered_on = self._answer_on(problem.raised_on)
            visits.append(ReceptionVisit(
                day=day, visitor_name=name, visitor_title=title, enterprise=enterprise, project=problem.project,
                request=problem.description, answer=ANSWER_FOR_PROBLEM if answered_on else "",
                answered_on=answered_on, created_by=self.hq_user, created_at=_at(day.held_on, 11)))
            links.append((len(visits) - 1, problem.pk))
        for day in days:
            for enterprise in self.rng.sample(enterprises, min(len(enterprises), self.rng.randint(2, 5))):
                request, answer = self.rng.choice(REQUESTS)
                name, title = self._visitor(enterprise, contacts)
                owned = projects_of.get(enterprise.pk)
                answered_on = self._answer_on(day.held_on)
                visits.append(ReceptionVisit(
                    day=day, visitor_name=name, visitor_title=title, enterprise=enterprise,
                    project=self.rng.choice(owned) if owned and self.rng.random() < 0.5 else None, request=request,
                    answer=answer if answered_on else "", answered_on=answered_on, created_by=self.hq_user,
                    created_at=_at(day.held_on, 10)))
        return visits, links


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the year's past reception days of `county` and their visits; returns counts."""
    return Seeder(county, today, rng).seed()
