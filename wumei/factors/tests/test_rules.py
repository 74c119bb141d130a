"""Factor request rules: units, required details, the transition table, on-time shares (no database)."""

import datetime
from decimal import Decimal

from wumei.factors import rules

TODAY = datetime.date(2026, 11, 27)


def errors(**overrides):
    values = {"kind": "water", "quantity": Decimal("500"), "need_by": TODAY, "today": TODAY}
    values.update(overrides)
    return rules.request_errors(**values)


def test_a_plain_water_request_is_valid_and_its_quantity_reads_in_tonnes_a_day():
    assert errors() == {}
    assert rules.quantity_text(Decimal("500.0000"), "water") == "500吨/天"
    assert rules.quantity_text(Decimal("12.5000"), "land") == "12.5亩"
    assert rules.quantity_text(Decimal("2000"), "funds") == "2000万元"


def test_quantity_must_be_positive():
    assert errors(quantity=Decimal(0)) == {"quantity": "申请数量必须大于0"}
    assert errors(quantity=Decimal("-3")) == {"quantity": "申请数量必须大于0"}
    assert errors(quantity=None) == {"quantity": "请填写申请数量"}


def test_land_needs_its_index_source_funds_their_channel_environment_its_pollutant():
    assert errors(kind="land") == {"land_source": "用地需求请选择用地指标来源"}
    assert errors(kind="land", land_source="linkage") == {}
    assert errors(kind="funds") == {"fund_channel": "资金需求请选择资金渠道"}
    assert errors(kind="funds", fund_channel="special_bond") == {}
    assert errors(kind="environment") == {"sub_kind": "环境容量需求请填写污染物，如化学需氧量"}
    assert errors(kind="water", land_source="stock") == {"land_source": "只有用地需求填写用地指标来源"}


def test_transitions_follow_the_table_and_final_states_are_final():
    assert rules.may_move("requested", "consulting")
    assert rules.may_move("consulting", "decided")
    assert rules.may_move("decided", "delivered")
    assert rules.may_move("requested", "declined")
    assert not rules.may_move("requested", "delivered")
    assert not rules.may_move("delivered", "declined")
    assert not rules.may_move("declined", "requested")
    assert rules.next_actions("requested") == ["consult", "decide", "decline"]
    assert rules.next_actions("delivered") == []


def test_on_time_share_counts_delivery_on_the_need_by_day_as_on_time():
    need = datetime.date(2026, 3, 31)
    rows = [
        (1, need, need),  # on the day: on time
        (1, need, need + datetime.timedelta(days=1)),  # a day late
        (1, need, None),  # not delivered
        (2, need, need - datetime.timedelta(days=10)),
        (3, need, None),
    ]
    # Subject 1: 1 of 3 → 33.33; subject 2: 1 of 1 → 100.00; subject 3: 0 of 1 → 0.00.
    assert rules.on_time_shares(rows) == {1: Decimal("33.33"), 2: Decimal("100.00"), 3: Decimal("0.00")}
    assert rules.on_time_shares([(5, need, need), (5, need, None), (5, need, need)]) == {5: Decimal("66.67")}
