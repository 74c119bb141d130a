from django.db import models


class CalendarYear(models.Model):
    """A year whose official holiday arrangement (放假安排) is kept here."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=64, default="chinesecalendar")

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class SpecialDay(models.Model):
    """A day that breaks the Monday–Friday rule: a holiday on a weekday or a make-up working day (调休)."""

    day = models.DateField("日期", unique=True)
    is_working = models.BooleanField("是否工作日")
    name = models.CharField("名称", max_length=64, blank=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["day"]

    def __str__(self) -> str:
        kind = "调休上班" if self.is_working else "放假"
        return f"{self.day} {self.name}{kind}"
