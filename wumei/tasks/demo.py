"""Demo history of the four lists: each project's tasks of the year, written in bulk.

- From the target-responsibility commitment (目标管理承诺书) signed at the start of the year: the project's
  schedule milestones that fall in the year (or are still open from before), each a task owned by the unit
  that does it (land by 自然资源局, permits by 行政审批服务局 …), done on the day the milestone was met.
- From the HQ office over the last months: follow-up tasks for about half of the projects, most done in time,
  some done late, some still open past their deadline, a few cancelled.

Deterministic for a given `rng` and `today`; writes once (a county that has tasks is left alone).
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from wumei.calendar.services import load_calendar
from wumei.org.models import Person, Region, Role, RoleAssignment, Unit
from wumei.projects.models import Milestone, Project
from wumei.tasks.models import Task

HQ_SHARE = 0.5  # of the projects get follow-up tasks from the HQ office
HQ_WINDOW_DAYS = 90
COMMITMENT_DAY = (1, 8)  # the commitments are signed on 8 January
MILESTONE_UNITS = {
    "完成项目立项备案": "县发展和改革局",
    "完成用地预审与规划选址": "县自然资源局",
    "完成土地摘牌和供地": "县自然资源局",
    "取得施工许可证": "县行政审批服务局",
}
HQ_TASKS = [
    ("制定进度赶超方案并报指挥部办公室", "对照年度目标倒排工期，明确每旬形象进度和投资节点"),
    ("落实施工临时用电接入", "协调供电公司完成临时变压器安装"),
    ("补齐项目入库资料", "补充立项、用地、规划等手续复印件和投资统计台账"),
    ("完成安全生产和文明施工专项检查整改", "对检查发现的问题逐条整改并报送整改报告"),
    ("报送本月投资完成情况及佐证材料", "附发票、合同、监理月报等佐证材料"),
    ("召开项目推进专题调度会", "由责任单位主要负责人主持，研究解决制约项目推进的具体问题"),
    ("完成施工图审查", "按容缺受理方式先行审查，限期补齐材料"),
    ("协调解决施工便道征地", "属地镇街负责，责任单位配合"),
]
DONE_RESULTS = ["已按要求完成", "已完成并报送佐证材料", "已办结，资料已归档", "已落实到位"]
CANCEL_REASONS = ["项目建设方案调整，该任务不再需要", "已并入其他任务统一推进"]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Seeder:
    def __init__(self, county: Region, today: datetime.date, rng: random.Random) -> None:
        self.county, self.today, self.rng = county, today, rng
        self.yesterday = today - datetime.timedelta(days=1)
        self.calendar = load_calendar()
        self.units = {u.name: u for u in Unit.objects.filter(region__path__startswith=county.path)}
        self.liaisons: dict[int, Person] = {}
        for assignment in (RoleAssignment.objects.filter(role=Role.LIAISON, region__path__startswith=county.path)
                           .select_related("person").order_by("person__name", "person_id")):
            self.liaisons.setdefault(assignment.unit_id, assignment.person)
        hq = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=county, person__user__isnull=False)
              .select_related("person__user").order_by("person_id").first())
        self.hq_user = hq.person.user if hq else None

    def _working_day(self, first: datetime.date, last: datetime.date) -> datetime.date:
        days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
        working = [d for d in days if self.calendar.is_working_day(d)] or days
        return self.rng.choice(working)

    def _owner(self, project: Project, unit_name: str | None = None) -> tuple[Unit | None, Person | None]:
        unit = self.units.get(unit_name) if unit_name else None
        unit = unit or project.responsible_unit
        return unit, self.liaisons.get(unit.pk) if unit else None

    def commitments(self, project: Project, milestones: list[Milestone]) -> list[Task]:
        year_start = datetime.date(self.today.year, 1, 1)
        signed = datetime.date(self.today.year, *COMMITMENT_DAY)
        tasks = []
        for milestone in milestones:
            in_year = milestone.planned_on.year == self.today.year
            carried = milestone.planned_on < year_start and (milestone.actual_on is None
                                                             or milestone.actual_on >= year_start)
            if not (in_year or carried):
                continue
            unit, person = self._owner(project, MILESTONE_UNITS.get(milestone.name))
            done_on = milestone.actual_on if milestone.actual_on and milestone.actual_on <= self.yesterday else None
            tasks.append(Task(
                project=project, title=milestone.name, detail=f"{self.today.year}年目标管理承诺书约定事项",
                owner_unit=unit, owner_person=person, due_on=milestone.planned_on,
                status=Task.Status.DONE if done_on else Task.Status.OPEN, done_on=done_on,
                result=self.rng.choice(DONE_RESULTS) if done_on else "", source=Task.Source.COMMITMENT,
                created_by=self.hq_user, created_at=_at(min(signed, self.today)),
                updated_at=_at(done_on or min(signed, self.today), 17),
            ))
        return tasks

    def follow_ups(self, project: Project) -> list[Task]:
        rng = self.rng
        tasks = []
        for title, detail in rng.sample(HQ_TASKS, rng.randint(1, 2)):
            created = self._working_day(self.today - datetime.timedelta(days=HQ_WINDOW_DAYS), self.yesterday)
            due = self.calendar.add_working_days(created, rng.choice([5, 7, 10, 15, 20]))
            unit, person = self._owner(project)
            status, done_on, result, reason = Task.Status.OPEN, None, "", ""
            if due < self.today:
                draw = rng.random()
                if draw < 0.05:
                    status, reason = Task.Status.CANCELLED, rng.choice(CANCEL_REASONS)
                elif draw < 0.75:  # done in time
                    status = Task.Status.DONE
                    done_on = min(self._working_day(created, due), self.yesterday)
                elif draw < 0.85:  # done late
                    status = Task.Status.DONE
                    done_on = min(due + datetime.timedelta(days=rng.randint(1, 8)), self.yesterday)
                # else: still open, overdue
            elif rng.random() < 0.3:
                status, done_on = Task.Status.DONE, self._working_day(created, self.yesterday)
            if done_on:
                result = rng.choice(DONE_RESULTS)
            tasks.append(Task(
                project=project, title=title, detail=detail, owner_unit=unit, owner_person=person, due_on=due,
                status=status, done_on=done_on, result=result, cancel_reason=reason, source=Task.Source.HQ,
                created_by=self.hq_user, created_at=_at(created, 10), updated_at=_at(done_on or created, 17),
            ))
        return tasks

    def seed(self) -> dict[str, int]:
        projects = list(Project.objects.filter(county__path__startswith=self.county.path)
                        .select_related("responsible_unit").order_by("code", "pk"))
        if not projects or Task.objects.filter(project__in=projects).exists():
            return {"tasks": 0, "tasks_overdue": 0}
        milestones: dict[int, list[Milestone]] = {}
        for milestone in Milestone.objects.filter(project__in=projects).order_by("project_id", "order", "planned_on"):
            milestones.setdefault(milestone.project_id, []).append(milestone)
        tasks: list[Task] = []
        for project in projects:
            tasks += self.commitments(project, milestones.get(project.pk, []))
            if self.rng.random() < HQ_SHARE:
                tasks += self.follow_ups(project)
        with transaction.atomic():
            Task.objects.bulk_create(tasks, batch_size=500)
        overdue = sum(1 for t in tasks if t.status == Task.Status.OPEN and t.due_on < self.today)
        return {"tasks": len(tasks), "tasks_overdue": overdue}


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the year's tasks of `county`'s projects; returns counts."""
    return Seeder(county, today, rng).seed()
