import datetime

from wumei.audit.models import AuditEvent
from wumei.calendar.models import SpecialDay
from wumei.calendar.services import load_calendar, set_special_day


def test_official_calendar_is_seeded_by_migration(db):
    calendar = load_calendar()
    assert calendar.is_published(2026)
    assert not calendar.is_working_day(datetime.date(2026, 10, 1))
    assert SpecialDay.objects.filter(day=datetime.date(2026, 10, 1), name="国庆节").exists()


def test_hq_office_can_publish_a_new_years_arrangement(db):
    set_special_day(None, datetime.date(2027, 10, 1), False, "国庆节")
    calendar = load_calendar()
    assert calendar.is_published(2027)
    assert not calendar.is_working_day(datetime.date(2027, 10, 1))
    assert AuditEvent.objects.filter(action="calendar.set_day").count() == 1
