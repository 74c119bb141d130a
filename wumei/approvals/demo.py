"""Demo history of approval efficiency: the approval items the demo county's projects went through this year.

Projects past site selection have 立项, 用地预审 and 规划许可; those under construction also 施工许可, 环评, 能评 and
消防; each is handled by its department in one of the four modes. The steps, materials and working days saved
by the items approved this year add up, by construction, to the seed report's figures (seed §四·二:
减环节761个，减材料91份，减时间1284天): the totals are split over the items at random, a few items ran past their
statutory days (and count against the total). A few items are still pending.

Deterministic for a given `rng` and `today`; writes once (a county that has items is left alone).
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from wumei.approvals.models import ApprovalItem
from wumei.approvals.rules import actual_days
from wumei.calendar.services import load_calendar
from wumei.org.models import Region, Role, RoleAssignment, Unit
from wumei.projects.models import STAGE_ORDER, Project, Stage

# Seed §四·二: the county's savings this year.
TARGET_STEPS, TARGET_MATERIALS, TARGET_DAYS = 761, 91, 1284
K, M = ApprovalItem.Kind, ApprovalItem.Mode
# kind → (department name, typical statutory days, statutory steps, statutory materials)
KINDS = {
    K.PROJECT: ("县发展和改革局", 20, 5, 8),
    K.LAND: ("县自然资源局", 20, 6, 10),
    K.PLANNING: ("县自然资源局", 20, 6, 12),
    K.CONSTRUCTION: ("县住房和城乡建设局", 15, 5, 9),
    K.ENVIRONMENT: ("市生态环境局{short}分局", 30, 6, 11),
    K.ENERGY: ("县发展和改革局", 20, 4, 7),
    K.FIRE: ("县住房和城乡建设局", 15, 4, 8),
}
EARLY = [K.PROJECT, K.LAND, K.PLANNING]
LATER = [K.CONSTRUCTION, K.ENVIRONMENT, K.ENERGY, K.FIRE]
MODES = [M.ORDINARY, M.ORDINARY, M.COMMITMENT, M.TOLERANT, M.PARALLEL, M.PARALLEL]
LATE_SHARE = 0.06
PENDING_SHARE = 0.06
NOTES = {M.COMMITMENT: "工业项目“先建后验”告知承诺制审批", M.TOLERANT: "次要材料容缺受理，承诺期限内补齐",
         M.PARALLEL: "纳入并联审批，多部门同步办理", M.ORDINARY: ""}


def allocate(total: int, weights: list[float], rng: random.Random, minimum: int = 0) -> list[int]:
    """Split `total` into len(weights) whole parts ≥ `minimum`, roughly by weight, adding up exactly."""
    n = len(weights)
    rest = total - minimum * n
    if n == 0 or rest < 0:
        raise ValueError("cannot split")
    scaled = [w * rng.uniform(0.5, 1.5) for w in weights]
    whole = sum(scaled) or 1.0
    parts = [int(rest * s / whole) for s in scaled]
    for i in rng.sample(range(n), n)[: rest - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


def _names(county: Region) -> dict[str, str]:
    name = county.name
    short = name[:-1] if len(name) > 2 and name[-1] in "县区市旗" else name
    return {"county": name, "short": short}


class Seeder:
    def __init__(self, county: Region, today: datetime.date, rng: random.Random) -> None:
        self.county, self.today, self.rng = county, today, rng
        self.calendar = load_calendar()
        self.year_start = datetime.date(today.year, 1, 1)
        self.last_day = today - datetime.timedelta(days=1)
        hq = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=county, person__user__isnull=False)
              .select_related("person__user").order_by("person_id").first())
        self.hq_user = hq.person.user if hq else None

    def _working_day(self, first: datetime.date, last: datetime.date) -> datetime.date:
        span = max((last - first).days, 0)
        day = first + datetime.timedelta(days=self.rng.randint(0, span))
        while not self.calendar.is_working_day(day) and day > first:
            day -= datetime.timedelta(days=1)
        return day

    def _kinds(self, project: Project) -> list[str]:
        order = STAGE_ORDER[project.stage]
        if order < STAGE_ORDER[Stage.SITING]:
            return [K.PROJECT] if self.rng.random() < 0.5 else []
        if order < STAGE_ORDER[Stage.STARTED]:
            return EARLY
        return EARLY + self.rng.sample(LATER, self.rng.randint(2, len(LATER)))

    def seed(self) -> dict[str, int]:
        projects = list(Project.objects.filter(county__path__startswith=self.county.path).order_by("code", "pk"))
        if not projects or ApprovalItem.objects.filter(project__in=projects).exists():
            return {"approval_items": 0}
        names = _names(self.county)
        units = {u.name: u for u in Unit.objects.filter(kind=Unit.Kind.APPROVAL,
                                                        region__path__startswith=self.county.path)}
        if self.last_day < self.year_start:
            return {"approval_items": 0}
        items: list[ApprovalItem] = []
        for project in projects:
            applied = self._working_day(self.year_start, self.last_day - datetime.timedelta(days=20))
            for kind in self._kinds(project):
                department_name, days, steps, materials = KINDS[kind]
                department = units.get(department_name.format(**names))
                if department is None:
                    continue
                mode = self.rng.choice(MODES)
                item = ApprovalItem(
                    project=project, kind=kind, department=department, mode=mode, statutory_days=days,
                    statutory_steps=steps, actual_steps=steps, statutory_materials=materials,
                    actual_materials=materials, applied_on=min(applied, self.last_day), note=NOTES[mode],
                    created_by=self.hq_user, created_at=self._at(applied))
                if self.rng.random() >= PENDING_SHARE:
                    took = self.rng.randint(1, max(2, days // 2))
                    approved = self.calendar.add_working_days(item.applied_on, took)
                    if approved <= self.last_day:
                        item.approved_on = approved
                        item.actual_days = actual_days(item.applied_on, approved, self.calendar)
                        item.updated_at = self._at(approved, 16)
                items.append(item)
                # The next approval is applied for once this one is in (parallel ones on the same day).
                if mode != M.PARALLEL:
                    applied = self.calendar.add_working_days(applied, self.rng.randint(3, 15))
                    applied = min(applied, self.last_day)
        self._reach_targets([i for i in items if i.approved_on is not None])
        with transaction.atomic():
            ApprovalItem.objects.bulk_create(items, batch_size=500)
        return {"approval_items": len(items)}

    def _reach_targets(self, approved: list[ApprovalItem]) -> None:
        """Set the baselines of the approved items so that their savings add up to the seed's figures."""
        if not approved:
            return
        rng = self.rng
        steps = allocate(TARGET_STEPS, [i.statutory_steps for i in approved], rng)
        materials = allocate(TARGET_MATERIALS, [i.statutory_materials for i in approved], rng)
        late = [i for i in approved if i.actual_days >= 2 and rng.random() < LATE_SHARE]
        deficit = 0
        for item in late:
            over = rng.randint(1, 3)
            item.statutory_days = max(1, item.actual_days - over)  # actual_days ≥ 2: still late
            deficit += item.actual_days - item.statutory_days
        in_time = [i for i in approved if i not in late]
        days = allocate(TARGET_DAYS + deficit, [i.statutory_days for i in in_time], rng,
                        minimum=1 if len(in_time) <= TARGET_DAYS + deficit else 0)
        for item, saved in zip(in_time, days, strict=True):
            item.statutory_days = item.actual_days + saved
        for item, s, m in zip(approved, steps, materials, strict=True):
            item.actual_steps = max(1, item.statutory_steps - s)
            item.statutory_steps = item.actual_steps + s
            item.actual_materials = max(1, item.statutory_materials - m)
            item.statutory_materials = item.actual_materials + m

    @staticmethod
    def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write this year's approval items of `county`'s projects; returns counts."""
    return Seeder(county, today, rng).seed()
