"""Demo history of the financing follow-up: this year's loan requests of the demo county's enterprises, pushed to
the county's banks month by month, followed up, most granted.

The amounts granted this year add up, by construction, to the seed report's 24.68亿元 (seed §四·一: 全县金融机构
向689家中小微企业发放贷款24.68亿元). The 689 SMEs are the whole county's lending and are not reproduced: the demo
has only the enterprises of its key projects, so "SMEs served" is their count.

Deterministic for a given `rng` and `today`; writes once (a county that has requests is left alone).
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wumei.calendar.services import load_calendar
from wumei.financing.models import LoanFollowUp, LoanRequest
from wumei.org.models import Region, Role, RoleAssignment, Unit
from wumei.projects.models import Project

TARGET_GRANTED = Decimal("246800")  # 24.68亿元, in 万元
S = LoanRequest.Status
BANKS = ["中国工商银行{short}支行", "中国农业银行{short}支行", "中国银行{short}支行", "中国建设银行{short}支行",
         "{short}农村商业银行", "邮储银行{short}支行", "华融湘江银行{short}支行", "长沙银行{short}支行"]
PURPOSES = ["项目建设固定资产贷款", "购置生产设备", "补充流动资金", "原材料采购", "技术改造", "厂房建设"]
NOTES = {
    S.REVIEWING: ["政银企对接会推送至合作银行，银行已受理", "银行客户经理上门开展贷前调查"],
    S.GRANTED: ["银行审批通过，贷款已发放", "已完成放款，企业确认到账"],
    S.REFUSED: ["银行审核未通过，已指导企业完善担保措施", "企业经营数据不满足授信条件"],
    "": ["月度跟进：银行正在补充尽调材料", "月度跟进：企业已补充财务报表"],
}
REFUSED_REASONS = ["抵押物不足", "企业征信存在逾期记录", "经营现金流不足以覆盖还款"]


def _names(county: Region) -> dict[str, str]:
    name = county.name
    short = name[:-1] if len(name) > 2 and name[-1] in "县区市旗" else name
    return {"county": name, "short": short}


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class Seeder:
    def __init__(self, county: Region, today: datetime.date, rng: random.Random) -> None:
        self.county, self.today, self.rng = county, today, rng
        self.calendar = load_calendar()
        self.year_start = datetime.date(today.year, 1, 1)
        self.last_day = today - datetime.timedelta(days=1)
        hq = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=county, person__user__isnull=False)
              .select_related("person__user").order_by("person_id").first())
        self.hq_user = hq.person.user if hq else None

    def _wd(self, day: datetime.date, n: int) -> datetime.date:
        return self.calendar.add_working_days(day, n)

    def seed(self) -> dict[str, int]:
        if LoanRequest.objects.filter(county__path__startswith=self.county.path).exists():
            return {"loan_requests": 0, "loan_follow_ups": 0}
        enterprises = list(Unit.objects.filter(kind=Unit.Kind.ENTERPRISE, region__path__startswith=self.county.path,
                                               is_active=True).order_by("name", "id"))
        if not enterprises or self.last_day < self.year_start:
            return {"loan_requests": 0, "loan_follow_ups": 0}
        names = _names(self.county)
        banks = [b.format(**names) for b in BANKS]
        projects_of: dict[int, list[Project]] = {}
        for project in Project.objects.filter(county=self.county, owner__isnull=False).order_by("code", "pk"):
            projects_of.setdefault(project.owner_id, []).append(project)
        rng = self.rng
        plans = []  # (request, [(on, note, from, to)])
        for enterprise in enterprises:
            for _ in range(rng.choice([0, 1, 1, 1, 2])):
                requested = self.year_start + datetime.timedelta(days=rng.randint(0, (self.last_day - self.year_start).days))
                owned = projects_of.get(enterprise.pk)
                request = LoanRequest(
                    county=self.county, enterprise=enterprise, bank=rng.choice(banks),
                    project=rng.choice(owned) if owned and rng.random() < 0.6 else None,
                    amount=Decimal(rng.choice([500, 800, 1000, 2000, 3000, 5000, 8000, 10000])),
                    purpose=rng.choice(PURPOSES), requested_on=requested, created_by=self.hq_user,
                    created_at=_at(requested))
                plans.append((request, self._life(request)))
        granted = [r for r, _ in plans if r.status == S.GRANTED]
        self._reach_target(granted)
        with transaction.atomic():
            LoanRequest.objects.bulk_create([r for r, _ in plans], batch_size=500)
            rows = [LoanFollowUp(request=r, on=on, note=note, from_status=f, to_status=t, actor=self.hq_user,
                                 at=_at(on, 16)) for r, steps in plans for on, note, f, t in steps]
            LoanFollowUp.objects.bulk_create(rows, batch_size=1000)
        return {"loan_requests": len(plans), "loan_follow_ups": len(rows)}

    def _life(self, request: LoanRequest) -> list[tuple]:
        """Pushed to the bank within a week, reviewed, granted (most) or refused; a monthly note while open."""
        rng = self.rng
        steps = []
        on = self._wd(request.requested_on, rng.randint(1, 5))
        if on > self.last_day:
            return steps
        steps.append((on, rng.choice(NOTES[S.REVIEWING]), S.REQUESTED, S.REVIEWING))
        request.status = S.REVIEWING
        decided = self._wd(on, rng.randint(8, 30))
        while True:
            monthly = on + datetime.timedelta(days=30)
            if monthly >= decided or monthly > self.last_day:
                break
            steps.append((monthly, rng.choice(NOTES[""]), "", ""))
            on = monthly
        if decided > self.last_day:
            return steps
        outcome = S.REFUSED if rng.random() < 0.12 else S.GRANTED
        steps.append((decided, rng.choice(NOTES[outcome]), S.REVIEWING, outcome))
        request.status = outcome
        if outcome == S.GRANTED:
            request.granted_on = decided
            request.granted_amount = request.amount
        else:
            request.refused_reason = rng.choice(REFUSED_REASONS)
        return steps

    def _reach_target(self, granted: list[LoanRequest]) -> None:
        """Scale the granted amounts (whole 万元) so that they add up to the seed's 24.68亿元; the amount asked is
        never below the amount granted."""
        if not granted:
            return
        whole = sum(r.granted_amount for r in granted)
        amounts = [max(Decimal(1), (r.granted_amount * TARGET_GRANTED / whole).quantize(Decimal(1)))
                   for r in granted]
        amounts[-1] += TARGET_GRANTED - sum(amounts)
        if amounts[-1] < 1:  # rounding pushed the last one under: take it from the largest
            biggest = max(range(len(amounts) - 1), key=amounts.__getitem__)
            amounts[biggest] -= 1 - amounts[-1]
            amounts[-1] = Decimal(1)
        for request, amount in zip(granted, amounts, strict=True):
            request.granted_amount = amount
            request.amount = max(request.amount, (amount * Decimal("1.1")).quantize(Decimal(100)))


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write this year's loan requests of `county`'s enterprises and their follow-ups; returns counts."""
    return Seeder(county, today, rng).seed()
