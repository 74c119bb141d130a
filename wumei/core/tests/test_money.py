from decimal import Decimal

import pytest

from wumei.core.money import MoneyError, format_money, format_wan, parse_wan


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        ("750000", "万元", Decimal("750000.0000")),
        ("75", "亿元", Decimal("750000.0000")),
        ("7.218", "亿元", Decimal("72180.0000")),
        ("1,234.5", "万元", Decimal("1234.5000")),
        ("12345678", "元", Decimal("1234.5678")),
        ("3亿元", "万元", Decimal("30000.0000")),
        ("500万", "亿元", Decimal("500.0000")),
        (0.1, "万元", Decimal("0.1000")),  # a spreadsheet float goes through its shortest text, exactly
        (None, "万元", None),
        ("", "万元", None),
        ("—", "万元", None),
    ],
)
def test_parse_wan_stores_exact_wan(raw, unit, expected):
    assert parse_wan(raw, unit) == expected


@pytest.mark.parametrize("raw", ["abc", "1.2.3", "NaN", "Infinity"])
def test_parse_wan_rejects_non_amounts_in_chinese(raw):
    with pytest.raises(MoneyError, match="无法识别的金额"):
        parse_wan(raw)


def test_small_amounts_show_in_wan_and_large_in_yi():
    assert format_money(Decimal("5000")) == "5,000万元"
    assert format_money(Decimal("9999.5")) == "9,999.5万元"
    assert format_money(Decimal("750000")) == "75亿元"
    assert format_money(Decimal("721800")) == "72.18亿元"
    assert format_wan(Decimal("750000")) == "750,000万元"
    assert format_money(None) == ""
