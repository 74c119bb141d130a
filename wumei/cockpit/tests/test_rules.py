"""The cockpit's own rules, without a database."""

import datetime
from decimal import Decimal

from wumei.cockpit import rules


def test_statistics_of_a_month_count_only_once_the_month_has_ended():
    assert rules.statistics_month(datetime.date(2026, 6, 16), [4, 5, 6]) == 5
    assert rules.statistics_month(datetime.date(2026, 6, 30), [4, 5, 6]) == 6
    assert rules.statistics_month(datetime.date(2026, 1, 30), [1]) is None


def test_a_citys_growth_is_that_of_the_summed_amounts_not_the_average_of_rates():
    # 6000 (+12%) and 4000 (−20%): last year 5357.14 + 5000 = 10357.14 → −3.4%, not the average −4%.
    assert rules.rolled_up_growth([(Decimal(6000), Decimal(12)), (Decimal(4000), Decimal(-20))]) == Decimal("-3.4")
    assert rules.rolled_up_growth([(Decimal(6000), Decimal(12)), (Decimal(4000), None)]) is None


def test_share_and_gap_wording():
    assert rules.share_percent(Decimal("72.18"), Decimal("111.73")) == Decimal("64.6")  # the seed's 64.6%
    assert rules.share_percent(Decimal(1), Decimal(0)) is None
    assert rules.gap_text(Decimal("1.6")) == "低于序时进度1.6个百分点"
    assert rules.gap_text(Decimal("-2.0")) == "高于序时进度2个百分点"


def test_a_statistics_row_names_row_and_column_of_each_error():
    row, errors = rules.parse_row((430424, 2026.0, 13, "十亿", "9.5%"), 7, 2026)
    assert errors == ["第7行第C列（月份）：月份应为1至12", "第7行第D列（固定资产投资累计（万元））：无法识别的金额“十亿”"]
    row, errors = rules.parse_row(("430424", 2026, 3, "11.2亿元", "9.5%", None), 2, 2026)
    assert errors == []
    assert (row["region_code"], row["month"], row["fai_amount"], row["fai_growth"]) == ("430424", 3, Decimal(112000),
                                                                                       Decimal("9.5"))
    _, errors = rules.parse_row((None, 2026, 3), 4, 2026)
    assert "第4行第A列（区划代码）：不能为空" in errors and "第4行第D列（固定资产投资累计（万元））：不能为空" in errors
