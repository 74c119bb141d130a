import datetime

import pytest

from wumei.documents.numerals import chinese_count, chinese_date, chinese_year


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 11, 27), "二〇二六年十一月二十七日"),
        (datetime.date(2000, 1, 1), "二〇〇〇年一月一日"),
        (datetime.date(2010, 10, 10), "二〇一〇年十月十日"),
        (datetime.date(2023, 9, 20), "二〇二三年九月二十日"),
        (datetime.date(2024, 2, 29), "二〇二四年二月二十九日"),
        (datetime.date(2026, 12, 31), "二〇二六年十二月三十一日"),
        (datetime.date(2019, 5, 30), "二〇一九年五月三十日"),
        (datetime.date(2021, 6, 11), "二〇二一年六月十一日"),
    ],
)
def test_issuing_date_is_written_in_chinese_numerals(day, expected):
    assert chinese_date(day) == expected


def test_year_is_read_digit_by_digit_with_ling_for_zero():
    assert chinese_year(2006) == "二〇〇六"


@pytest.mark.parametrize("n", [0, 100, -1])
def test_counts_outside_one_to_ninety_nine_are_refused(n):
    with pytest.raises(ValueError):
        chinese_count(n)
