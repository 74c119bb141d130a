"""Demo history of the monthly statistics: the demo county's fixed-asset investment (FAI) for each ended month
of this year and last year, as the HQ office would have entered them from the statistics bureau's tables.

FAI is set from the demo's own key-project investment at each month's end, so that key projects make about
64.6% of FAI as in the seed report (§ 开头: "完成投资72.18亿元，占固定资产投资的64.6%、增长27.3%"); FAI growth
drifts around 27.3%, GDP growth around 5.7% and industrial value added around 6% (the seed's third quarter).
A month without key-project investment gets a plain monthly amount. Deterministic for `rng`; writes once.
"""

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from wumei.calendar.rules import year_elapsed_share
from wumei.cockpit.figures import monthly_done_series, projects_in
from wumei.cockpit.models import MonthlyStatistic
from wumei.cockpit.rules import month_end
from wumei.org.models import Region
from wumei.projects.models import AnnualPlan

SEED_SHARE = Decimal("64.6")
SEED_FAI_GROWTH = Decimal("27.3")
SEED_GDP_GROWTH = Decimal("5.7")
SEED_INDUSTRY_GROWTH = Decimal("6.0")
MONTHLY_FAI_WAN = Decimal(120000)  # 12亿元 a month where the registry has no figure to scale from
ONE = Decimal("0.1")


def _jitter(rng: random.Random, centre: Decimal, spread: float) -> Decimal:
    return (centre + Decimal(str(round(rng.uniform(-spread, spread), 1)))).quantize(ONE)


def _year_rows(county: Region, year: int, months: int, rng: random.Random) -> list[MonthlyStatistic]:
    if months <= 0:
        return []
    pids = list(AnnualPlan.objects.filter(project__in=projects_in(county).values("pk"), year=year)
                .values_list("project_id", flat=True))
    series = monthly_done_series(pids, month_end(year, months))
    rows = []
    for month in range(1, months + 1):
        key_done = series[month - 1][1]
        share = _jitter(rng, SEED_SHARE, 3.0)
        amount = key_done * 100 / share if key_done > 0 else MONTHLY_FAI_WAN * month
        rows.append(MonthlyStatistic(
            region=county, year=year, month=month,
            fai_amount=amount.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
            fai_growth=_jitter(rng, SEED_FAI_GROWTH, 4.0), gdp_growth=_jitter(rng, SEED_GDP_GROWTH, 0.6),
            industry_growth=_jitter(rng, SEED_INDUSTRY_GROWTH, 0.8)))
    return rows


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the statistics of last year's twelve months and this year's ended months, once."""
    if MonthlyStatistic.objects.filter(region=county).exists():
        return {"statistics": 0}
    months, _ = year_elapsed_share(today)
    rows = _year_rows(county, today.year - 1, 12, rng) + _year_rows(county, today.year, months, rng)
    MonthlyStatistic.objects.bulk_create(rows)
    return {"statistics": len(rows)}
