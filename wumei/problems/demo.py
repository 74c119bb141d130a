"""Demo history of problems: half a year of problems across the demo county's projects, lived through the
same rules the services apply (working-day deadlines, the ladder, the daily escalation job), written in bulk.

Most are solved and confirmed; some were escalated to each level of the ladder, by hand (需上级研究解决) or
because a deadline passed; a few are stuck at the top and overdue; the newest are still open. The ladder of
the county is set from its people: the 常务副县长 at level 2, the 县长 at level 3. Deterministic for a given
`rng` and `today`; the escalation job is taken to have run every day up to yesterday.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from wumei.calendar.rules import WorkCalendar
from wumei.calendar.services import load_calendar
from wumei.org.models import Person, Region, Role, RoleAssignment, Unit
from wumei.problems import conf, rules
from wumei.problems.models import LadderPost, Problem, ProblemTransition
from wumei.projects.models import Project, Stage

S, C, Src, A = Problem.Status, Problem.Category, Problem.Source, ProblemTransition.Action
HISTORY_DAYS = 182
RECENT_DAYS = 30
STUCK, STUCK_AGE_DAYS = 3, 75  # a few problems overdue at the top of the ladder, old enough to have got there
PROBLEMS_PER_PROJECT = 1.5
LADDER_DAYS = {2: 5, 3: 7}

# What projects meet, by how far they are: before ground-breaking, building, or operating.
CATEGORIES_BY_PHASE = {
    "before": [C.LAND, C.LAND, C.DEMOLITION, C.DEMOLITION, C.APPROVAL, C.APPROVAL, C.FUNDS, C.ENVIRONMENT],
    "building": [C.POWER, C.POWER, C.LAND, C.WATER, C.LABOUR, C.FUNDS, C.APPROVAL, C.DEMOLITION, C.ENVIRONMENT, C.OTHER],
    "operating": [C.LABOUR, C.POWER, C.FUNDS, C.OTHER, C.APPROVAL],
}
# The department that owns a category's problems (else the project's responsible unit).
CATEGORY_UNITS = {
    C.LAND: "县自然资源局", C.APPROVAL: "县行政审批服务局", C.POWER: "国网{county}供电公司", C.WATER: "县水利局",
    C.ENVIRONMENT: "市生态环境局{short}分局", C.LABOUR: "县人力资源和社会保障局", C.FUNDS: "县财政局",
}
DESCRIPTIONS = {
    C.LAND: ["项目用地报批卡在林地占用审批环节，用地指标尚未落实", "红线范围内有约{n}亩基本农田需调规，影响供地",
             "土地挂牌出让前规划条件未出具，企业无法摘牌"],
    C.DEMOLITION: ["红线内尚有{n}户房屋未签订征收补偿协议，影响场平", "迁坟{n}座未完成，施工便道无法贯通",
                   "一处通信基站和一段10千伏线路需迁改，产权单位未明确时间"],
    C.APPROVAL: ["施工许可办理中消防设计审查意见未回复", "环评批复后能评审查进度滞后，影响开工",
                 "规划许可证因方案调整需重新报审，审批时限较长"],
    C.FUNDS: ["专项债资金{n}万元尚未拨付到位，工程款支付困难", "银行项目贷款审批进度慢，企业流动资金紧张",
              "中央预算内投资配套资金未落实"],
    C.POWER: ["施工用电报装迟迟未接入，目前依靠柴油发电机施工", "正式用电需新建35千伏线路，供电方案未批复",
              "园区变电站容量不足，设备调试用电无法保障"],
    C.WATER: ["施工用水管网未接通，需从{n}公里外拉水", "工业用水取水许可尚未办理", "雨污管网接驳点位未明确"],
    C.ENVIRONMENT: ["扬尘治理被责令整改，需协调渣土消纳场地", "排污许可证办理材料需补充监测数据",
                    "环保验收前需完成在线监测设备联网"],
    C.LABOUR: ["技术工人缺口约{n}人，本地招聘困难", "高峰期用工不足，需协调劳务输出", "员工子女入学需协调学位"],
    C.OTHER: ["项目进场道路被周边群众阻工，需属地镇街协调", "大件设备运输需办理超限通行手续",
              "项目周边交通组织方案需交警部门审定"],
}
SOLUTIONS = {
    C.LAND: "自然资源局组织专班加快组卷报批，用地指标已落实并完成挂牌供地",
    C.DEMOLITION: "属地镇街入户做工作，已全部签约并完成腾地交付",
    C.APPROVAL: "审批服务局启用容缺受理，相关手续已办结",
    C.FUNDS: "财政局协调资金调度，款项已拨付到位",
    C.POWER: "供电公司开辟绿色通道，临时及正式用电均已接入",
    C.WATER: "水利局与水务公司现场办公，管网已接通、取水许可已办理",
    C.ENVIRONMENT: "生态环境分局现场指导整改，已通过复查",
    C.LABOUR: "人社局组织专场招聘会并对接劳务公司，用工缺口已补齐",
    C.OTHER: "属地镇街与相关部门联合处置，问题已解决",
}
DECISIONS = {
    1: "牵头领导召开专题调度会，明确{unit}牵头、相关部门配合，限期办结",
    2: "常务副县长主持召开协调会，确定资金和要素保障方案，由{unit}具体落实",
    3: "县长主持召开县政府专题会议研究，作出决定并明确责任单位和完成时限",
}
ESCALATION_REASONS = {
    0: "涉及多个部门职能交叉，本单位无法单独解决，需上级研究解决",
    1: "需县政府层面统筹资金、要素保障，需上级研究解决",
    2: "涉及重大政策调整，需提请县长研究决定",
}
REOPEN_REASONS = ["问题仅部分解决，现场仍未具备施工条件", "承诺事项未落实到位，企业反映仍未解决"]
RATING_COMMENTS = {5: "响应迅速，解决彻底", 4: "解决及时，沟通顺畅", 3: "基本解决，效率有待提高"}


@dataclass
class Plan:
    """How one problem's life goes: who acts at which level, and how fast (in working days)."""

    solve_level: int | None            # None: never solved (stuck at the top)
    by_hand: set[int]                  # levels whose holder escalates by hand
    late_unit: bool = False            # the unit lets its deadline pass (the job escalates)
    reopened: bool = False
    speed: int = 3


@dataclass
class Life:
    status: str = S.OPEN
    level: int = 0
    due_on: datetime.date | None = None
    level_due_on: datetime.date | None = None
    assigned_on: datetime.date | None = None
    solved_on: datetime.date | None = None
    confirmed_on: datetime.date | None = None
    solution: str = ""
    flagged_on: datetime.date | None = None
    steps: list[dict] = field(default_factory=list)


class Seeder:
    def __init__(self, county: Region, today: datetime.date, rng: random.Random) -> None:
        self.county, self.today, self.rng = county, today, rng
        self.last_day = today - datetime.timedelta(days=1)
        self.calendar: WorkCalendar = load_calendar()
        self.names = _names(county)

    # Who is who ------------------------------------------------------------------------------------------------

    def _people(self) -> None:
        people = list(Person.objects.filter(region__path__startswith=self.county.path, is_active=True)
                      .select_related("user").order_by("pk"))
        self.vice = next((p for p in people if "常务副县长" in p.title), None)
        self.head = next((p for p in people if "县长" in p.title.replace("副县长", "")), None)
        roles = (RoleAssignment.objects.filter(region__path__startswith=self.county.path, person__user__isnull=False)
                 .select_related("person__user").order_by("pk"))
        self.hq_user = next((a.person.user for a in roles if a.role == Role.HQ_OFFICE), None)
        self.unit_users = {}
        self.enterprise_users = {}
        for a in roles:
            if a.role == Role.LIAISON and a.unit_id:
                self.unit_users.setdefault(a.unit_id, a.person.user)
            if a.role == Role.ENTERPRISE and a.unit_id:
                self.enterprise_users.setdefault(a.unit_id, a.person.user)
        units = Unit.objects.filter(region__path__startswith=self.county.path)
        self.units_by_name = {u.name: u for u in units}

    def _ladder(self) -> int:
        count = 0
        for level, person in ((2, self.vice), (3, self.head)):
            if person is not None:
                LadderPost.objects.update_or_create(county=self.county, level=level,
                                                    defaults={"person": person, "deadline_days": LADDER_DAYS[level]})
                count += 1
        self.ladder = rules.LadderDays(lead_leader=conf.LEAD_LEADER_DAYS, posts=LADDER_DAYS,
                                       default=conf.LADDER_DEFAULT_DAYS)
        return count

    def _holder_user(self, project: Project, level: int):
        person = {1: project.lead_leader, 2: self.vice, 3: self.head}.get(level)
        return person.user if person is not None else None

    # Dates --------------------------------------------------------------------------------------------------------

    def _wd(self, day: datetime.date, n: int) -> datetime.date:
        return self.calendar.add_working_days(day, n) if n else day

    def _working_day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        while True:
            day = first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))
            if self.calendar.is_working_day(day):
                return day

    def _at(self, day: datetime.date, order: int) -> datetime.datetime:
        minutes = 9 * 60 + min(order * 37 + self.rng.randint(0, 30), 8 * 60)
        naive = datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60))
        return timezone.make_aware(naive)

    # One problem -----------------------------------------------------------------------------------------------------

    def _plan(self, stuck: bool = False) -> Plan:
        if stuck:  # the few the whole ladder could not solve: overdue at the top
            return Plan(solve_level=None, by_hand=self.rng.choice([set(), {0}, {0, 1}, {1, 2}]))
        roll = self.rng.random()
        speed = self.rng.randint(1, 8)
        if roll < 0.66:
            return Plan(solve_level=0, by_hand=set(), speed=speed, reopened=self.rng.random() < 0.06)
        if roll < 0.76:
            return Plan(solve_level=1, by_hand=set(), late_unit=True, speed=min(speed, 4))
        if roll < 0.85:
            return Plan(solve_level=1, by_hand={0}, speed=min(speed, 4))
        if roll < 0.93:
            return Plan(solve_level=2, by_hand={0, 1} if self.rng.random() < 0.6 else {1}, late_unit=True,
                        speed=min(speed, 4))
        if roll < 0.97:
            return Plan(solve_level=3, by_hand={0, 1, 2}, speed=min(speed, 5))
        return Plan(solve_level=None, by_hand={0, 1, 2})

    def _live(self, plan: Plan, raised_on: datetime.date, deadline_days: int, category: str, project: Project,
              owner_unit: Unit, reporter) -> Life:
        """Walk the problem's life through the rules, stopping at yesterday (the job ran every day up to it)."""
        life = Life(due_on=self._wd(raised_on, deadline_days))
        life.level_due_on = life.due_on
        unit_user = self.unit_users.get(owner_unit.pk)
        order = 0

        def step(action, on, actor, reason="", due=None, automatic=False, **changes) -> bool:
            nonlocal order
            if on > self.last_day:
                return False
            order += 1
            before_status, before_level = life.status, life.level
            for key, value in changes.items():
                setattr(life, key, value)
            life.steps.append({"action": action, "from_status": before_status, "to_status": life.status,
                               "from_level": before_level, "to_level": life.level, "reason": reason, "on": on,
                               "due_on": due, "is_automatic": automatic, "actor": actor, "at": self._at(on, order)})
            return True

        assign_on = self._wd(raised_on, self.rng.choice([0, 1, 1, 2]))
        due = self._wd(assign_on, deadline_days)
        if not step(A.ASSIGN, assign_on, self.hq_user, f"交办{owner_unit.name}，{deadline_days}个工作日内办结", due,
                    status=S.ASSIGNED, assigned_on=assign_on, due_on=due, level_due_on=due):
            return life
        if not step(A.START, self._wd(assign_on, self.rng.choice([0, 1, 2])), unit_user, status=S.IN_PROGRESS):
            return life
        level_start = life.steps[-1]["on"]
        reopened = False
        while True:
            level = life.level
            # Whoever holds the planned level (or a higher one, should the job have passed it up) decides.
            acts = (plan.solve_level is not None and level >= plan.solve_level
                    and not (level == 0 and plan.late_unit))
            if level in plan.by_hand and level < rules.TOP_LEVEL:
                act_on = self._wd(level_start, self.rng.randint(1, 3))
                days = self.ladder.for_level(level + 1, deadline_days)
                if act_on <= life.level_due_on:
                    new_due = self._wd(act_on, days)
                    actor = unit_user if level == 0 else self._holder_user(project, level)
                    if not step(A.ESCALATE, act_on, actor, ESCALATION_REASONS[level], new_due, level=level + 1,
                                level_due_on=new_due):
                        return life
                    level_start = act_on
                    continue
            if acts:
                act_on = min(self._wd(level_start, plan.speed), life.level_due_on)
                if not self._solve(life, step, act_on, level, category, project, owner_unit, unit_user):
                    return life
                if plan.reopened and not reopened:
                    reopened = True
                    reopen_on = self._wd(act_on, 2)
                    new_due = self._wd(reopen_on, self.ladder.for_level(level, deadline_days))
                    if not step(A.REOPEN, reopen_on, reporter or self.hq_user, self.rng.choice(REOPEN_REASONS),
                                new_due, status=S.REOPENED, solved_on=None, level_due_on=new_due):
                        return life
                    level_start = reopen_on
                    continue
                self._confirm(life, step, reporter)
                return life
            # Nobody acts in time: the job escalates the day after the deadline (or flags it at the top).
            job_day = life.level_due_on + datetime.timedelta(days=1)
            if level < rules.TOP_LEVEL:
                new_due = self._wd(job_day, self.ladder.for_level(level + 1, deadline_days))
                reason = f"超过{Problem.Level(level).label}办理期限（{life.level_due_on:%Y年%m月%d日}），系统自动提级"
                if not step(A.ESCALATE, job_day, None, reason, new_due, automatic=True, level=level + 1,
                            level_due_on=new_due):
                    return life
                level_start = job_day
                continue
            reason = f"已超过县长层级办理期限（{life.level_due_on:%Y年%m月%d日}）仍未解决"
            step(A.FLAG_OVERDUE, job_day, None, reason, life.level_due_on, automatic=True, flagged_on=job_day)
            return life

    def _solve(self, life: Life, step, on, level, category, project, owner_unit, unit_user) -> bool:
        if level == 0:
            text, actor = SOLUTIONS[category], unit_user
        else:
            text = DECISIONS[level].format(unit=owner_unit.name) + "。" + SOLUTIONS[category]
            actor = self._holder_user(project, level)
        return step(A.SOLVE, on, actor, text, status=S.SOLVED, solved_on=on, solution=text, flagged_on=None)

    def _confirm(self, life: Life, step, reporter) -> None:
        on = self._wd(life.solved_on, self.rng.randint(1, 5))
        step(A.CONFIRM, on, reporter or self.hq_user, "经核实，问题已解决", status=S.CONFIRMED, confirmed_on=on)

    # The county ------------------------------------------------------------------------------------------------------

    def _project_phase(self, project: Project) -> str:
        if project.stage == Stage.OPERATING:
            return "operating"
        return "building" if project.stage in (Stage.STARTED, Stage.ASSESSMENT) else "before"

    def _source_and_reporter(self, project: Project):
        roll = self.rng.random()
        enterprise_user = self.enterprise_users.get(project.owner_id)
        if enterprise_user is not None and roll < 0.5 or roll < 0.12:
            return Src.ENTERPRISE, enterprise_user
        if roll < 0.45:
            return Src.DAILY, self.unit_users.get(project.responsible_unit_id)
        if roll < 0.72:
            leader = project.lead_leader
            return Src.VISIT, leader.user if leader is not None else None
        if roll < 0.82:
            return Src.RECEPTION, self.hq_user
        return Src.HQ, self.hq_user

    def _owner_unit(self, category: str, project: Project) -> Unit:
        name = CATEGORY_UNITS.get(category)
        unit = self.units_by_name.get(name.format(**self.names)) if name else None
        if unit is None or self.rng.random() < 0.35:
            unit = project.responsible_unit or unit
        return unit

    def seed(self) -> dict[str, int]:
        self._people()
        posts = self._ladder()
        projects = list(Project.objects.filter(county=self.county).select_related("lead_leader__user")
                        .order_by("code", "pk"))
        if not projects:
            return {"problems": 0, "problem_transitions": 0, "ladder_posts": posts}
        first_day = self.today - datetime.timedelta(days=HISTORY_DAYS)
        recent = self.today - datetime.timedelta(days=RECENT_DAYS)
        count = round(len(projects) * PROBLEMS_PER_PROJECT)
        problems, lives = [], []
        stuck_before = self.today - datetime.timedelta(days=STUCK_AGE_DAYS)
        for index in range(count):
            project = self.rng.choice(projects)
            stuck = index < STUCK
            # A quarter in the last month, so that today's screens have problems still being worked on.
            if stuck:
                raised_on = self._working_day_between(first_day, stuck_before)
            else:
                raised_on = self._working_day_between(recent if self.rng.random() < 0.25 else first_day,
                                                      self.last_day)
            category = self.rng.choice(CATEGORIES_BY_PHASE[self._project_phase(project)])
            source, reporter = self._source_and_reporter(project)
            owner_unit = self._owner_unit(category, project)
            deadline_days = self.rng.choice([5, 7, 10, 10, 10, 15])
            template = self.rng.choice(DESCRIPTIONS[category])
            description = template.format(n=self.rng.randint(2, 40))
            plan = self._plan(stuck)
            life = self._live(plan, raised_on, deadline_days, category, project, owner_unit, reporter)
            problem = Problem(
                project=project, source=source, category=category, description=description, owner_unit=owner_unit,
                deadline_days=deadline_days, raised_on=raised_on, due_on=life.due_on, status=life.status,
                level=life.level, level_due_on=life.level_due_on, raised_by=reporter, solution=life.solution,
                solved_on=life.solved_on, confirmed_on=life.confirmed_on, assigned_on=life.assigned_on,
                top_overdue_flagged_on=life.flagged_on, created_at=self._at(raised_on, 0),
            )
            enterprise_user = self.enterprise_users.get(project.owner_id)
            if enterprise_user is not None and life.status in (S.SOLVED, S.CONFIRMED) and self.rng.random() < 0.7:
                problem.rating = self.rng.choice([5, 5, 4, 4, 3])
                problem.rating_comment = RATING_COMMENTS[problem.rating]
                problem.rated_by, problem.rated_at = enterprise_user, self._at(life.solved_on, 20)
            problems.append(problem)
            lives.append((life, raised_on, reporter))
        with transaction.atomic():
            Problem.objects.bulk_create(problems, batch_size=500)
            transitions = []
            for problem, (life, raised_on, reporter) in zip(problems, lives, strict=True):
                transitions.append(ProblemTransition(
                    problem=problem, action=A.RAISE, from_status="", to_status=S.OPEN, from_level=None, to_level=0,
                    reason="登记问题", actor=reporter, on=raised_on, due_on=self._wd(raised_on, problem.deadline_days),
                    at=self._at(raised_on, 0)))
                transitions += [ProblemTransition(problem=problem, **s) for s in life.steps]
            ProblemTransition.objects.bulk_create(transitions, batch_size=1000)
        return {"problems": len(problems), "problem_transitions": len(transitions), "ladder_posts": posts}


def _names(county: Region) -> dict[str, str]:
    name = county.name
    short = name[:-1] if len(name) > 2 and name[-1] in "县区市旗" else name
    return {"county": name, "short": short}


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write half a year of problems for `county`'s projects and set its ladder; returns counts."""
    return Seeder(county, today, rng).seed()
