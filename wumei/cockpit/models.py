"""The cockpit reads other apps' records; its one model holds the statistics the HQ office enters monthly
(decision note 1 in docs/cockpit.md: STYLE.md says "no models", but FAI is not derivable from our records)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from wumei.org.models import Region

MONEY = {"max_digits": 18, "decimal_places": 4}  # 万元
PERCENT = {"max_digits": 7, "decimal_places": 1, "null": True, "blank": True}


class MonthlyStatistic(models.Model):
    """A region's statistics for one month, as the statistics bureau publishes them: fixed-asset investment
    (固定资产投资) completed from January to the month, its year-on-year growth, and two growth rates the seed
    quotes (地区生产总值、规模工业增加值)."""

    region = models.ForeignKey(Region, verbose_name="行政区划", on_delete=models.PROTECT,
                               related_name="monthly_statistics")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    fai_amount = models.DecimalField("固定资产投资累计（万元）", **MONEY)
    fai_growth = models.DecimalField("固定资产投资同比增长（%）", **PERCENT)
    gdp_growth = models.DecimalField("地区生产总值同比增长（%）", **PERCENT)
    industry_growth = models.DecimalField("规模工业增加值同比增长（%）", **PERCENT)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "月度统计数据"
        verbose_name_plural = "月度统计数据"
        ordering = ["region", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "month"], name="monthly_statistic_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="monthly_statistic_month_1_12"),
            models.CheckConstraint(condition=Q(fai_amount__gte=0), name="monthly_statistic_fai_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}年1—{self.month}月统计数据"
