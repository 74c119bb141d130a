import datetime

import pytest
import time_machine
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wumei.audit.models import AuditEvent
from wumei.calendar.models import CalendarYear, SpecialDay
from wumei.calendar.services import clear_special_day, load_calendar, set_special_day

MID_2026 = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; the `world` fixture creates a dozen users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def in_2026():
    with time_machine.travel(MID_2026, tick=False):
        yield


def _set(client, day="2030-10-01", is_working="0", name="国庆节"):
    return client.post(reverse("calendar:day-set"), {"day": day, "is_working": is_working, "name": name})


# Permission matrix ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, db):
    for response in [client.get(reverse("calendar:day-list")), client.get(reverse("calendar:day-set")),
                     _set(client), client.post(reverse("calendar:day-clear", args=["2026-10-01"]))]:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))
    assert not SpecialDay.objects.filter(day=datetime.date(2030, 10, 1)).exists()
    assert SpecialDay.objects.filter(day=datetime.date(2026, 10, 1)).exists()


@pytest.mark.parametrize("who", ["nobody", "liaison", "commander", "auditor", "hq"])
def test_every_signed_in_user_reads_the_calendar(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get(reverse("calendar:day-list"), {"year": 2026})
    assert response.status_code == 200
    assert "国庆节" in response.content.decode()


@pytest.mark.parametrize("who", ["nobody", "liaison", "commander", "auditor"])
def test_only_the_hq_office_changes_the_calendar(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("calendar:day-set")).status_code == 403
    assert _set(client).status_code == 403
    assert client.post(reverse("calendar:day-clear", args=["2026-10-01"])).status_code == 403
    assert not SpecialDay.objects.filter(day=datetime.date(2030, 10, 1)).exists()
    assert SpecialDay.objects.filter(day=datetime.date(2026, 10, 1)).exists()
    assert not AuditEvent.objects.filter(action__startswith="calendar.").exists()


def test_readers_see_no_edit_buttons(client, world):
    client.force_login(world.commander)
    content = client.get(reverse("calendar:day-list"), {"year": 2026}).content.decode()
    assert reverse("calendar:day-set") not in content
    client.force_login(world.hq)
    content = client.get(reverse("calendar:day-list"), {"year": 2026}).content.decode()
    assert reverse("calendar:day-set") in content
    assert reverse("calendar:day-clear", args=["2026-10-01"]) in content


# Listing -------------------------------------------------------------------------------------------------


def test_a_year_lists_its_holidays_and_make_up_working_days(client, world):
    client.force_login(world.liaison)
    response = client.get(reverse("calendar:day-list"), {"year": 2026})
    days = {d.day: d for d, _ in response.context["days"]}
    assert all(day.year == 2026 for day in days)
    assert days[datetime.date(2026, 10, 1)].is_working is False
    assert days[datetime.date(2026, 10, 1)].name == "国庆节"
    make_up = [d for d in days.values() if d.is_working]
    assert make_up and all(d.day.weekday() >= 5 for d in make_up)
    content = response.content.decode()
    assert "调休上班" in content and "10-01" in content


def test_the_month_grid_marks_holidays_make_up_days_and_weekends(client, world):
    client.force_login(world.liaison)
    months = client.get(reverse("calendar:day-list"), {"year": 2026}).context["months"]
    cells = {c["day"]: c for m in months for week in m["weeks"] for c in week if c}
    assert len(cells) == 365
    assert cells[datetime.date(2026, 10, 1)]["holiday"]
    assert cells[datetime.date(2026, 10, 1)]["name"] == "国庆节"
    make_up = next(d for d, c in cells.items() if c["makeup"])
    assert make_up.weekday() >= 5 and cells[make_up]["working"]
    assert cells[datetime.date(2026, 11, 28)]["weekend"]  # an ordinary Saturday
    assert cells[datetime.date(2026, 11, 27)]["working"] and not cells[datetime.date(2026, 11, 27)]["holiday"]


def test_a_bad_year_falls_back_to_the_current_one(client, world, in_2026):
    client.force_login(world.liaison)
    assert client.get(reverse("calendar:day-list"), {"year": "abc"}).context["year"] == 2026
    assert client.get(reverse("calendar:day-list"), {"year": "99999"}).context["year"] == 2026


def test_list_query_count_is_bounded(client, world, django_assert_max_num_queries):
    client.force_login(world.hq)
    with django_assert_max_num_queries(11):
        client.get(reverse("calendar:day-list"), {"year": 2026})
    from django.db import connection

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("calendar:day-list"), {"year": 2030})
    for month in range(1, 13):
        set_special_day(None, datetime.date(2030, month, 3), month % 2 == 0, "测试")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("calendar:day-list"), {"year": 2030})
    assert len(many) == len(few)


# The unpublished-year warning ----------------------------------------------------------------------------


def test_an_unpublished_year_shows_the_warning(client, world, in_2026):
    client.force_login(world.liaison)
    content = client.get(reverse("calendar:day-list"), {"year": 2030}).content.decode()
    assert "2030年的法定节假日安排尚未录入，系统暂按周一至周五为工作日计算" in content


def test_a_published_year_shows_no_warning_for_itself(client, world, in_2026):
    client.force_login(world.liaison)
    content = client.get(reverse("calendar:day-list"), {"year": 2026}).content.decode()
    assert "2026年的法定节假日安排尚未录入" not in content


def test_next_year_unpublished_is_warned_about_on_every_year(client, world, in_2026):
    assert not load_calendar().is_published(2027)
    client.force_login(world.liaison)
    content = client.get(reverse("calendar:day-list"), {"year": 2026}).content.decode()
    assert "2027年的法定节假日安排尚未录入，系统暂按周一至周五为工作日计算" in content


def test_no_warning_once_this_and_next_year_are_published(client, world, in_2026):
    set_special_day(None, datetime.date(2027, 10, 1), False, "国庆节")
    client.force_login(world.liaison)
    response = client.get(reverse("calendar:day-list"), {"year": 2026})
    assert response.context["warnings"] == []
    assert "尚未录入" not in response.content.decode()


# Editing -------------------------------------------------------------------------------------------------


def test_hq_office_adds_a_holiday_with_an_audit_event(client, world):
    client.force_login(world.hq)
    response = _set(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("calendar:day-list") + "?year=2030"
    day = SpecialDay.objects.get(day=datetime.date(2030, 10, 1))
    assert (day.is_working, day.name) == (False, "国庆节")
    assert CalendarYear.objects.filter(year=2030).exists()
    event = AuditEvent.objects.get(action="calendar.set_day")
    assert event.actor == world.hq
    assert event.after == {"day": "2030-10-01", "is_working": False, "name": "国庆节"}


def test_hq_office_adds_a_make_up_working_saturday(client, world):
    client.force_login(world.hq)
    assert _set(client, day="2030-09-28", is_working="1", name="国庆节").status_code == 302
    assert load_calendar().is_working_day(datetime.date(2030, 9, 28))


def test_hq_office_changes_an_existing_day(client, world):
    client.force_login(world.hq)
    form = client.get(reverse("calendar:day-set"), {"day": "2026-10-01"}).context["form"]
    assert form.initial == {"day": datetime.date(2026, 10, 1), "is_working": "0", "name": "国庆节"}
    _set(client, day="2026-10-01", name="国庆节、中秋节")
    assert SpecialDay.objects.get(day=datetime.date(2026, 10, 1)).name == "国庆节、中秋节"


@pytest.mark.parametrize(("day", "is_working"), [("2030-10-02", "1"), ("2030-10-05", "0")])
def test_a_day_that_follows_the_usual_rule_is_refused(client, world, day, is_working):
    """2030-10-02 is a Wednesday (a working day anyway), 2030-10-05 a Saturday (a rest day anyway)."""
    client.force_login(world.hq)
    response = _set(client, day=day, is_working=is_working)
    assert response.status_code == 200
    assert "is_working" in response.context["form"].errors
    assert not SpecialDay.objects.filter(day=datetime.date.fromisoformat(day)).exists()


def test_hq_office_removes_a_day_with_an_audit_event(client, world):
    client.force_login(world.hq)
    response = client.post(reverse("calendar:day-clear", args=["2026-10-01"]))
    assert response.status_code == 302
    assert not SpecialDay.objects.filter(day=datetime.date(2026, 10, 1)).exists()
    assert load_calendar().is_working_day(datetime.date(2026, 10, 1))
    event = AuditEvent.objects.get(action="calendar.clear_day")
    assert event.actor == world.hq
    assert event.before == {"day": "2026-10-01", "is_working": False, "name": "国庆节"}


def test_removing_a_day_that_is_not_special_is_404(client, world):
    client.force_login(world.hq)
    assert client.post(reverse("calendar:day-clear", args=["2026-11-27"])).status_code == 404
    assert client.post(reverse("calendar:day-clear", args=["not-a-day"])).status_code == 404
    assert client.get(reverse("calendar:day-clear", args=["2026-10-01"])).status_code == 405


def test_clear_special_day_refuses_an_ordinary_day(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        clear_special_day(None, datetime.date(2026, 11, 27))
    assert "day" in error.value.message_dict
    assert not AuditEvent.objects.filter(action="calendar.clear_day").exists()
