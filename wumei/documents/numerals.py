"""Chinese numerals for official documents: the issuing date (成文日期) of GB/T 9704-2012 §7.3.5.2."""

import datetime

DIGITS = "〇一二三四五六七八九"


def chinese_year(year: int) -> str:
    """2026 → 二〇二六 (digit by digit, 〇 for zero, as the standard writes years)."""
    return "".join(DIGITS[int(d)] for d in str(year))


def chinese_count(n: int) -> str:
    """1..99 as read aloud: 10 → 十, 11 → 十一, 20 → 二十, 27 → 二十七."""
    if not 1 <= n <= 99:
        raise ValueError(f"out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    head = "十" if tens == 1 else DIGITS[tens] + "十"
    return head + (DIGITS[ones] if ones else "")


def chinese_date(day: datetime.date) -> str:
    """2026-11-27 → 二〇二六年十一月二十七日."""
    return f"{chinese_year(day.year)}年{chinese_count(day.month)}月{chinese_count(day.day)}日"
