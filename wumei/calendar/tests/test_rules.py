import datetime

import pytest

from wumei.calendar.rules import WorkCalendar, dekad_of, year_elapsed_share

D = datetime.date
# 2026 National Day: Oct 1–7 off (Thu 1st … Wed 7th), Sat Oct 10 worked (调休); Sun Sep 20 worked.
CAL = WorkCalendar(
    special={**{D(2026, 10, d): False for d in range(1, 8)}, D(2026, 10, 10): True, D(2026, 9, 20): True},
    published_years=frozenset({2026}),
)


def test_weekday_is_working_and_weekend_is_not():
    assert CAL.is_working_day(D(2026, 9, 18))  # Friday
    assert not CAL.is_working_day(D(2026, 9, 19))  # Saturday


def test_holiday_on_weekday_is_not_working():
    assert not CAL.is_working_day(D(2026, 10, 5))


def test_make_up_working_day_on_weekend_is_working():
    assert CAL.is_working_day(D(2026, 10, 10))
    assert CAL.is_working_day(D(2026, 9, 20))


def test_add_working_days_skips_the_national_day_holiday():
    # From Wed Sep 30: Oct 1–7 off, Thu 8, Fri 9, Sat 10 (调休) are working days.
    assert CAL.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)


def test_working_days_between_counts_end_not_start():
    assert CAL.working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3


def test_unpublished_year_falls_back_to_monday_to_friday():
    assert not CAL.is_published(2027)
    assert CAL.is_working_day(D(2027, 10, 1))  # a Friday; no arrangement known yet
    assert not CAL.is_working_day(D(2027, 10, 2))


@pytest.mark.parametrize(
    ("day", "label", "start", "end"),
    [
        (D(2023, 9, 1), "2023-09上旬", D(2023, 9, 1), D(2023, 9, 10)),
        (D(2023, 9, 10), "2023-09上旬", D(2023, 9, 1), D(2023, 9, 10)),
        (D(2023, 9, 11), "2023-09中旬", D(2023, 9, 11), D(2023, 9, 20)),
        (D(2023, 9, 21), "2023-09下旬", D(2023, 9, 21), D(2023, 9, 30)),
        (D(2024, 2, 29), "2024-02下旬", D(2024, 2, 21), D(2024, 2, 29)),
        (D(2023, 12, 31), "2023-12下旬", D(2023, 12, 21), D(2023, 12, 31)),
    ],
)
def test_dekad_boundaries(day, label, start, end):
    dekad = dekad_of(day)
    assert (dekad.label, dekad.start, dekad.end) == (label, start, end)


def test_dekad_after_last_of_year_is_first_of_next_year():
    assert dekad_of(D(2023, 12, 25)).next().label == "2024-01上旬"
    assert dekad_of(D(2024, 1, 5)).previous().label == "2023-12下旬"


def test_time_elapsed_share_end_of_april_is_four_twelfths():
    assert year_elapsed_share(D(2023, 4, 30)) == (4, 12)
    assert year_elapsed_share(D(2023, 4, 29)) == (3, 12)
    assert year_elapsed_share(D(2023, 12, 31)) == (12, 12)
