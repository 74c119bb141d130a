"""Demo history of 每季必考: the county's assessment method for the year (default indicators, weights and
award rules, in force since January), and every quarter of the year that has ended scored from the demo
records and confirmed at its review meeting, with the awards the rules proposed — and, as a meeting does, one
award added by the HQ office with its reason.

Deterministic for a given `rng` and `today`; writes once (a county that has a method is left alone). Runs last:
it scores the records every other seeder wrote.
"""

import datetime
import random

from django.db import transaction

from wumei.org.models import Region
from wumei.quarterly import rules, services
from wumei.quarterly.models import AssessmentMethod, Award, Score

NOTE = ("依据《{county}重点项目建设工作考核办法》：每季度由总指挥部办公室按本办法对重点项目、项目责任单位、审批服务部门和"
        "乡镇（街道）评分排名，经总指挥长召集的调度讲评会确认后兑现开工奖、进度奖、竣工奖、服务奖和征拆奖。")
ADDED_REASON = "克服征地拆迁困难提前进场施工，经调度讲评会研究增补"


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    counts = {"quarterly_methods": 0, "quarterly_runs": 0, "quarterly_awards": 0}
    if AssessmentMethod.objects.filter(county=county).exists():
        return counts
    with transaction.atomic():
        method = services.create_method(None, county, today.year, note=NOTE.format(county=county.name))
        services.activate_method(None, method)
        counts["quarterly_methods"] = 1
        for quarter in rules.quarters_ended(today.year, today):
            run = services.score_quarter(county, quarter, method, today=today)
            _add_one_award(run, rng)
            services.confirm_run(None, run)
            counts["quarterly_runs"] += 1
        counts["quarterly_awards"] = Award.objects.filter(run__county=county, is_removed=False).count()
    return counts


def _add_one_award(run, rng: random.Random) -> None:
    """A start award the meeting adds for a project the rules passed over (if there is one)."""
    awarded = set(run.awards.filter(kind=rules.AwardKind.START).values_list("project_id", flat=True))
    candidates = [s for s in Score.objects.filter(run=run, group=rules.Group.PROJECT).order_by("rank", "name", "pk")
                  if s.project_id not in awarded and s.total is not None][:5]
    if candidates:
        services.add_award(None, run, kind=rules.AwardKind.START, score=rng.choice(candidates), reason=ADDED_REASON)
