"""Loading the official calendar: kept in our own table, seeded from chinesecalendar, editable by HQ."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from wumei.audit.services import record
from wumei.calendar.models import CalendarYear, SpecialDay
from wumei.calendar.rules import WorkCalendar, days_between


def load_calendar() -> WorkCalendar:
    """The calendar as kept in the database (one query each for days and years)."""
    special = dict(SpecialDay.objects.values_list("day", "is_working"))
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return WorkCalendar(special=special, published_years=years)


def seed_from_chinesecalendar(actor=None) -> list[int]:
    """Copy every year chinesecalendar knows into our table; years already kept are left as edited."""
    import chinese_calendar

    known = {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    seeded: list[int] = []
    with transaction.atomic():
        have = set(CalendarYear.objects.values_list("year", flat=True))
        for year in sorted(known - have):
            rows = []
            for day in days_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31)):
                official = chinese_calendar.is_workday(day)
                if official != (day.weekday() < 5):
                    name = chinese_calendar.get_holiday_detail(day)[1] or ""
                    rows.append(SpecialDay(day=day, is_working=official, name=_holiday_name(name)))
            SpecialDay.objects.bulk_create(rows, ignore_conflicts=True)
            CalendarYear.objects.create(year=year)
            seeded.append(year)
        if seeded:
            record(actor, "calendar.seed", note=f"从 chinesecalendar 导入 {seeded[0]}–{seeded[-1]} 年节假日")
    return seeded


_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _holiday_name(english: str) -> str:
    return _NAMES.get(english, english)


def set_special_day(actor, day: datetime.date, is_working: bool, name: str = "") -> SpecialDay:
    """HQ office edits the calendar (e.g. a newly published holiday arrangement)."""
    with transaction.atomic():
        CalendarYear.objects.get_or_create(year=day.year, defaults={"source": "手工维护"})
        obj, _ = SpecialDay.objects.update_or_create(day=day, defaults={"is_working": is_working, "name": name})
        record(actor, "calendar.set_day", obj, after={"day": day, "is_working": is_working, "name": name})
    return obj


def clear_special_day(actor, day: datetime.date) -> None:
    """HQ office removes a special day; the date falls back to the Monday–Friday rule."""
    with transaction.atomic():
        obj = SpecialDay.objects.select_for_update().filter(day=day).first()
        if obj is None:
            raise ValidationError({"day": f"{day:%Y年%m月%d日}不是已录入的节假日或调休日"})
        record(actor, "calendar.clear_day", obj, before={"day": day, "is_working": obj.is_working, "name": obj.name})
        obj.delete()
