"""The reception day's rules, without a database."""

import datetime

from wumei.reception import rules

D = datetime.date
# 2026: the 8th falls on a Sunday in February, March and November, on a Saturday in August.
WEEKEND_EIGHTHS = {D(2026, 2, 8), D(2026, 3, 8), D(2026, 8, 8), D(2026, 11, 8)}


def weekdays(day: datetime.date) -> bool:
    return day.weekday() < 5


def test_the_eighth_is_the_day_when_it_is_a_working_day():
    assert rules.default_reception_day(2026, 6, weekdays) == D(2026, 6, 8)
    assert rules.default_reception_day(2026, 12, weekdays) == D(2026, 12, 8)


def test_no_default_day_when_the_eighth_is_not_a_working_day():
    for day in WEEKEND_EIGHTHS:
        assert rules.default_reception_day(day.year, day.month, weekdays) is None


def test_a_holiday_eighth_has_no_default_and_a_make_up_saturday_eighth_does():
    holiday = {D(2026, 10, 8): False, D(2026, 8, 8): True}

    def official(day):
        return holiday.get(day, weekdays(day))

    assert rules.default_reception_day(2026, 10, official) is None
    assert rules.default_reception_day(2026, 8, official) == D(2026, 8, 8)


def test_the_proposal_is_the_next_working_day_after_the_eighth():
    assert rules.proposed_reception_day(2026, 11, weekdays) == D(2026, 11, 9)  # Sunday → Monday
    assert rules.proposed_reception_day(2026, 8, weekdays) == D(2026, 8, 10)  # Saturday → Monday
    assert rules.proposed_reception_day(2026, 6, weekdays) == D(2026, 6, 8)


def test_next_eighth_is_this_months_until_it_passes():
    assert rules.next_eighth(D(2026, 6, 1)) == D(2026, 6, 8)
    assert rules.next_eighth(D(2026, 6, 8)) == D(2026, 6, 8)
    assert rules.next_eighth(D(2026, 6, 9)) == D(2026, 7, 8)
    assert rules.next_eighth(D(2026, 12, 20)) == D(2027, 1, 8)


def test_reminders_run_from_the_remind_day_to_the_day_itself():
    held, start = D(2026, 6, 8), D(2026, 6, 3)
    assert not rules.is_reminder_due(held, D(2026, 6, 2), start)
    assert rules.is_reminder_due(held, start, start)
    assert rules.is_reminder_due(held, held, start)
    assert not rules.is_reminder_due(held, D(2026, 6, 9), start)


def test_the_day_must_fall_in_its_month():
    assert rules.check_held_on(D(2026, 11, 1), D(2026, 11, 9)) is None
    assert rules.check_held_on(D(2026, 11, 1), D(2026, 12, 1)) == "接待日期须在2026年11月内"
