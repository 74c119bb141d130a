"""Demo history of factor requests and the parks' land cleanup, written in bulk.

- Requests: every month of the year so far, a handful of projects ask for land, water, power, gas, energy
  quota, environmental capacity, funds or labour. Each month's requests go to that month's consultation
  (decided there, with the unit that delivers), most are delivered by their need-by date, some late, a few
  declined; last month's are decided and on their way; this month's wait for the consultation.
- Land cleanup: the park's figures per month; what was cleaned this year (批而未供、闲置、低效用地) adds up to
  the 353.4 亩 of the seed report (§四).

Deterministic for a given `rng` and `today`; writes once (a county that has requests is left alone).
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from wumei.calendar.services import load_calendar
from wumei.factors.models import FactorRequest, FactorTransition, LandCleanup
from wumei.org.models import Region, Role, RoleAssignment, Unit
from wumei.projects.models import Project, Stage

S = FactorRequest.Status
# kind → (min, max, step) of a request's quantity, its unit's name fragment, what it is for.
KINDS = {
    "land": (20, 300, 5, "自然资源局", ["二期厂房及配套设施建设用地", "项目主体工程建设用地", "仓储物流区用地"]),
    "water": (500, 20000, 500, "水利局", ["生产用水接入园区工业供水管网", "新建厂区供水专线"]),
    "power": (800, 20000, 200, "供电公司", ["新建110kV专用变电站接入", "施工临时用电增容", "生产线投产用电增容"]),
    "gas": (1000, 30000, 1000, "住房和城乡建设局", ["天然气管道接入", "窑炉燃料气源保障"]),
    "energy": (2000, 50000, 1000, "发展和改革局", ["项目节能审查能耗指标", "新增产能用能指标"]),
    "environment": (5, 80, 1, "生态环境局", ["化学需氧量排放总量指标", "氨氮排放总量指标", "二氧化硫排放总量指标"]),
    "funds": (500, 30000, 100, "财政局", ["项目建设资金缺口", "设备购置资金", "配套基础设施资金"]),
    "labour": (50, 800, 10, "人力资源和社会保障局", ["投产前一线操作工招聘", "技术工人定向培训"]),
}
WEIGHTS = {"land": 5, "water": 2, "power": 4, "gas": 1, "energy": 2, "environment": 2, "funds": 4, "labour": 2}
POLLUTANTS = {"化学需氧量排放总量指标": "化学需氧量", "氨氮排放总量指标": "氨氮", "二氧化硫排放总量指标": "二氧化硫"}
LAND_SOURCES = ["new_quota", "new_quota", "stock", "linkage", "balance", "slope"]
FUND_CHANNELS = ["special_bond", "special_bond", "central", "provincial", "bank", "bank", "fund"]
DECISIONS = {
    "land": "由{unit}统筹{source}指标，{date}前完成供地",
    "water": "由{unit}协调园区工业供水公司接入，{date}前通水",
    "power": "由{unit}编制接入方案，{date}前完成送电",
    "gas": "由{unit}协调燃气公司敷设管道，{date}前通气",
    "energy": "由{unit}在全县能耗指标中统筹保障，{date}前出具节能审查意见",
    "environment": "由{unit}通过排污权交易调剂{sub}总量指标，{date}前落实",
    "funds": "由{unit}按{channel}渠道统筹，{date}前拨付到位",
    "labour": "由{unit}组织专场招聘会和定向培训，{date}前保障到岗",
}
DECLINE_REASONS = ["项目用地规划调整，需重新选址后另行申报", "申报资料不全且企业暂缓实施，待条件成熟后重新申请",
                   "不符合专项债券资金使用范围，建议通过银行贷款解决"]
PER_MONTH = (5, 9)
ON_TIME = 0.8  # of deliveries are on or before the need-by date
DECLINED = 0.08
# Land cleanup: the park's stock at the start of the year and this year's cleaning (seed §四: 353.4亩).
LAND_STOCK = {"unsupplied": Decimal("286.5"), "idle": Decimal("148.2"), "inefficient": Decimal("203.7")}
LAND_CLEANED = Decimal("353.4")
LAND_SHARES = {"unsupplied": Decimal("0.42"), "idle": Decimal("0.27"), "inefficient": Decimal("0.31")}
TENTH = Decimal("0.1")


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def past_months(today: datetime.date) -> list[datetime.date]:
    """The first days of the year's months before this one."""
    return [datetime.date(today.year, m, 1) for m in range(1, today.month)]


def meeting_day(month: datetime.date, calendar) -> datetime.date:
    """The consultation's day: the first working day from the 15th (the consultation seed uses the same)."""
    day = month.replace(day=15)
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


class Seeder:
    def __init__(self, county: Region, today: datetime.date, rng: random.Random) -> None:
        self.county, self.today, self.rng = county, today, rng
        self.yesterday = today - datetime.timedelta(days=1)
        self.calendar = load_calendar()
        units = list(Unit.objects.filter(region__path__startswith=county.path).order_by("kind", "name"))
        self.deciders = {kind: next((u for u in units if spec[3] in u.name and u.kind == Unit.Kind.APPROVAL), None)
                         for kind, spec in KINDS.items()}
        self.parks = [u for u in units if u.kind == Unit.Kind.PARK]
        hq = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=county, person__user__isnull=False)
              .select_related("person__user").order_by("person_id").first())
        self.hq_user = hq.person.user if hq else None

    def _quantity(self, kind: str) -> Decimal:
        low, high, step = KINDS[kind][:3]
        return Decimal(self.rng.randrange(low, high + 1, step))

    def _request(self, project: Project, month: datetime.date) -> tuple[FactorRequest, list[FactorTransition]]:
        rng = self.rng
        kind = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        purpose = rng.choice(KINDS[kind][4])
        last_day = min((month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1),
                       self.yesterday)
        requested = month + datetime.timedelta(days=rng.randint(0, max(0, min(12, (last_day - month).days))))
        need_by = requested + datetime.timedelta(days=rng.choice([30, 45, 60, 75, 90]))
        request = FactorRequest(
            project=project, kind=kind, quantity=self._quantity(kind), purpose=purpose, need_by=need_by,
            land_source=rng.choice(LAND_SOURCES) if kind == "land" else "",
            fund_channel=rng.choice(FUND_CHANNELS) if kind == "funds" else "",
            sub_kind=POLLUTANTS.get(purpose, ""), requested_on=requested, requested_by=self.hq_user,
            created_at=_at(requested), updated_at=_at(requested),
        )
        history = [(S.REQUESTED, requested, "提出需求")]
        meeting = meeting_day(month, self.calendar)
        if month < self.today.replace(day=1) and requested < meeting:  # this month's meeting is still to come
            history.append((S.CONSULTING, meeting - datetime.timedelta(days=3),
                            f"列入{month.year}年{month.month}月会商议程"))
            if rng.random() < DECLINED:
                request.status, request.decline_reason = S.DECLINED, rng.choice(DECLINE_REASONS)
                history.append((S.DECLINED, meeting, request.decline_reason))
            else:
                unit = self.deciders[kind]
                request.deciding_unit, request.decided_on = unit, meeting
                request.decision = DECISIONS[kind].format(
                    unit=unit.name if unit else "责任单位", date=f"{need_by.month}月{need_by.day}日",
                    source=request.get_land_source_display() or "", sub=request.sub_kind,
                    channel=request.get_fund_channel_display() or "")
                history.append((S.DECIDED, meeting, request.decision))
                late = rng.random() >= ON_TIME
                delivered = need_by + datetime.timedelta(days=rng.randint(3, 25)) if late else \
                    need_by - datetime.timedelta(days=rng.randint(0, 20))
                delivered = max(delivered, meeting + datetime.timedelta(days=1))
                if delivered <= self.yesterday:
                    request.delivered_on, request.delivered_quantity = delivered, request.quantity
                    history.append((S.DELIVERED, delivered, "保障到位"))
                    request.status = S.DELIVERED
                else:
                    request.status = S.DECIDED
        else:  # this month's: the consultation is still to come
            request.status = S.REQUESTED
        request.updated_at = _at(history[-1][1], 17)
        rows = [FactorTransition(from_status=(history[i - 1][0] if i else ""), to_status=status, on=on, note=note,
                                 actor=self.hq_user, at=_at(on, 10 + i))
                for i, (status, on, note) in enumerate(history)]
        return request, rows

    def requests(self, projects: list[Project]) -> tuple[int, int]:
        months = [*past_months(self.today), self.today.replace(day=1)]
        made: list[tuple[FactorRequest, list[FactorTransition]]] = []
        for month in months:
            if month > self.yesterday:
                continue
            for project in self.rng.sample(projects, min(len(projects), self.rng.randint(*PER_MONTH))):
                made.append(self._request(project, month))
        FactorRequest.objects.bulk_create([r for r, _ in made], batch_size=500)
        transitions = []
        for request, rows in made:
            for row in rows:
                row.request = request
                transitions.append(row)
        FactorTransition.objects.bulk_create(transitions, batch_size=1000)
        return len(made), sum(1 for r, _ in made if r.status == S.DELIVERED)

    def land(self) -> int:
        months = past_months(self.today)
        if not self.parks or not months:
            return 0
        cleaned = {name: (LAND_CLEANED * share).quantize(TENTH, rounding=ROUND_HALF_UP)
                   for name, share in LAND_SHARES.items()}
        cleaned["inefficient"] = LAND_CLEANED - cleaned["unsupplied"] - cleaned["idle"]  # the sum stays exact
        rows = []
        for park in self.parks[:1]:  # the seed report's figure is the county's park
            park_rows = [LandCleanup(county=self.county, park=park, month=month, recorded_by=self.hq_user,
                                     updated_at=_at(month + datetime.timedelta(days=27)))
                         for month in months]
            for name, amount in cleaned.items():
                weights = [Decimal(self.rng.randint(2, 10)) for _ in months]
                parts = [(amount * w / sum(weights)).quantize(TENTH) for w in weights]
                parts[-1] = amount - sum(parts[:-1])
                stock = LAND_STOCK[name]
                for row, part in zip(park_rows, parts, strict=True):
                    stock -= part
                    setattr(row, f"{name}_disposed", part)
                    setattr(row, name, stock)
            rows += park_rows
        LandCleanup.objects.bulk_create(rows)
        return len(rows)

    def seed(self) -> dict[str, int]:
        empty = {"factor_requests": 0, "factor_requests_delivered": 0, "land_cleanup_rows": 0}
        projects = list(Project.objects.filter(county__path__startswith=self.county.path)
                        .exclude(stage=Stage.OPERATING).order_by("code", "pk"))
        if not projects or FactorRequest.objects.filter(project__county__path__startswith=self.county.path).exists():
            return empty
        if LandCleanup.objects.filter(county=self.county).exists():
            return empty
        with transaction.atomic():
            count, delivered = self.requests(projects)
            land = self.land()
        return {"factor_requests": count, "factor_requests_delivered": delivered, "land_cleanup_rows": land}


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the year's factor requests and land cleanup figures of `county`; returns counts."""
    return Seeder(county, today, rng).seed()
