"""问责's rules: a case's checks and the yearly counts table."""

import datetime

from wumei.accountability import rules

D = datetime.date
TODAY = D(2026, 6, 15)


def test_a_case_needs_a_reason_and_a_date_not_in_the_future():
    assert rules.case_errors(reason="推进不力", occurred_on=TODAY, status="open", closed_on=None, today=TODAY) == {}
    assert rules.case_errors(reason=" ", occurred_on=D(2026, 6, 16), status="open", closed_on=None, today=TODAY) == {
        "reason": "请填写问责事由", "occurred_on": "问责日期不能晚于今天"}


def test_a_closed_case_needs_its_closing_day_between_the_case_and_today():
    def closed(on):
        return rules.case_errors(reason="x", occurred_on=D(2026, 6, 1), status="closed", closed_on=on, today=TODAY)

    assert closed(None) == {"closed_on": "已办结的案件请填写办结日期"}
    assert closed(D(2026, 5, 31)) == {"closed_on": "办结日期不能早于问责日期"}
    assert closed(D(2026, 6, 16)) == {"closed_on": "办结日期不能晚于今天"}
    assert closed(D(2026, 6, 1)) == closed(TODAY) == {}


def test_the_yearly_table_has_every_kind_newest_year_first():
    kinds = ["interview", "discipline", "business"]
    table = rules.year_table([(2025, "business", 2), (2026, "interview", 5), (2026, "business", 9)],
                             [(2026, 15), (2025, 3)], kinds)
    assert [(row.year, row.counts, row.total, row.people) for row in table] == [
        (2026, {"interview": 5, "discipline": 0, "business": 9}, 14, 15),
        (2025, {"interview": 0, "discipline": 0, "business": 2}, 2, 3)]
