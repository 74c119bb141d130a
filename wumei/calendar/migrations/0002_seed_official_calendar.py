from django.db import migrations


def seed(apps, schema_editor):
    import datetime

    import chinese_calendar

    CalendarYear = apps.get_model("calendar", "CalendarYear")
    SpecialDay = apps.get_model("calendar", "SpecialDay")
    from wumei.calendar.services import _holiday_name

    years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    rows = []
    for year in years:
        day = datetime.date(year, 1, 1)
        while day.year == year:
            official = chinese_calendar.is_workday(day)
            if official != (day.weekday() < 5):
                rows.append(SpecialDay(day=day, is_working=official,
                                       name=_holiday_name(chinese_calendar.get_holiday_detail(day)[1] or "")))
            day += datetime.timedelta(days=1)
        CalendarYear.objects.get_or_create(year=year)
    SpecialDay.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("calendar", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
