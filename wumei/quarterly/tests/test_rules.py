"""每季必考 rules, by hand-computed examples (no database)."""

import datetime
from decimal import Decimal as D

import pytest

from wumei.quarterly import rules
from wumei.quarterly.rules import AwardRule, Line, Quarter, Scored


def test_quarters_have_their_days_code_and_chinese_label():
    q3 = rules.parse_quarter("2026Q3")
    assert (q3.start, q3.end, q3.code, q3.label) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30),
                                                     "2026Q3", "2026年第三季度")
    assert Quarter(2026, 4).end == datetime.date(2026, 12, 31)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert rules.parse_quarter("2026-q1") == Quarter(2026, 1)
    for bad in ("2026Q5", "26Q1", "2026", ""):
        with pytest.raises(ValueError, match="2026Q3"):
            rules.parse_quarter(bad)


def test_the_job_scores_the_quarter_just_ended_only_in_the_first_days_of_the_next():
    assert rules.quarter_due(datetime.date(2026, 10, 1)) == Quarter(2026, 3)
    assert rules.quarter_due(datetime.date(2026, 10, 15)) == Quarter(2026, 3)
    assert rules.quarter_due(datetime.date(2026, 10, 16)) is None
    assert rules.quarter_due(datetime.date(2027, 1, 3)) == Quarter(2026, 4)


def test_weighted_total_with_every_indicator_applicable():
    # 90×40 + 80×30 + 70×30 = 3600 + 2400 + 2100 = 8100 → 81
    total, lines = rules.weighted_total({"a": D(90), "b": D(80), "c": D(70)},
                                        [("a", D(40)), ("b", D(30)), ("c", D(30))])
    assert total == D("81.00")
    assert [line.contribution for line in lines] == [D("36.00"), D("24.00"), D("21.00")]
    assert [line.effective_weight for line in lines] == [D("40.00"), D("30.00"), D("30.00")]


def test_a_not_applicable_indicator_shares_its_weight_pro_rata():
    # b does not apply: (90×40 + 80×30) ÷ 70 = 6000 ÷ 70 = 85.714… → 85.71;
    # effective weights 40/70 = 57.14 and 30/70 = 42.86; contributions 51.43 and 34.29.
    total, lines = rules.weighted_total({"a": D(90), "b": None, "c": D(80)},
                                        [("a", D(40)), ("b", D(30)), ("c", D(30))])
    assert total == D("85.71")
    a, b, c = lines
    assert (a.effective_weight, a.contribution) == (D("57.14"), D("51.43"))
    assert (b.value, b.effective_weight, b.contribution) == (None, None, None)
    assert (c.effective_weight, c.contribution) == (D("42.86"), D("34.29"))


def test_no_applicable_indicator_means_no_total_and_values_are_clamped():
    assert rules.weighted_total({"a": None}, [("a", D(100))])[0] is None
    assert rules.weighted_total({"a": D(120), "b": D(-5)}, [("a", D(50)), ("b", D(50))])[0] == D("50.00")


def test_competition_ranking_shares_ties_and_skips():
    totals = {1: D("90"), 2: D("85.5"), 3: D("85.5"), 4: D("70"), 5: None}
    names = {1: "甲", 2: "乙", 3: "丙", 4: "丁", 5: "戊"}
    assert rules.ranking(totals, names) == [(1, 1), (3, 2), (2, 2), (4, 4), (5, None)]


SUBJECTS = [
    Scored(1, "甲", D("92"), {"start": D(100)}),
    Scored(2, "乙", D("88"), {"start": D(0)}),
    Scored(3, "丙", D("88"), {"start": D(100)}),
    Scored(4, "丁", D("80"), {"start": None}),
    Scored(5, "戊", D("60"), {"start": D(100)}),
]


def ids(proposed):
    return [s.subject_id for s, _ in proposed]


def test_top_n_takes_everyone_tied_at_the_cut():
    assert ids(rules.propose(AwardRule("progress", "project", top_n=2), SUBJECTS)) == [1, 3, 2]


def test_min_total_and_indicator_threshold_must_both_hold_and_not_applicable_is_not_eligible():
    rule = AwardRule("start", "project", min_total=D(85), indicator="start", indicator_min=D(100))
    proposed = rules.propose(rule, SUBJECTS, {"start": "开工及时率"})
    assert ids(proposed) == [1, 3]
    assert proposed[1][1] == "总分88分，开工及时率100（规则：总分不低于85分且开工及时率不低于100）"
    assert ids(rules.propose(AwardRule("start", "project", indicator="start", indicator_min=D(100)),
                             SUBJECTS)) == [1, 3, 5]


def test_top_n_counts_among_those_meeting_the_other_conditions():
    rule = AwardRule("start", "project", top_n=1, indicator="start", indicator_min=D(100))
    proposed = rules.propose(rule, SUBJECTS)
    assert ids(proposed) == [1]
    assert "符合条件者中第1名" in proposed[0][1]


def test_award_rules_need_a_condition_and_a_fitting_group():
    groups = {"project": {"start_on_time"}, "town": {"problems_on_time"}}
    assert rules.award_rule_errors(AwardRule("progress", "project"), groups) == [
        "进度奖规则至少需设置名额、最低总分或指标门槛之一"]
    assert rules.award_rule_errors(AwardRule("start", "town", top_n=3), groups) == ["开工奖只能授予重点项目"]
    assert rules.award_rule_errors(AwardRule("service", "town", top_n=0), groups) == ["服务奖的名额应为正整数"]
    assert rules.award_rule_errors(AwardRule("start", "project", indicator="visit_coverage", indicator_min=D(90)),
                                   groups) == ["开工奖的门槛指标必须是该考核对象已设置权重的指标"]
    assert rules.award_rule_errors(AwardRule("demolition", "town", top_n=2, min_total=D(80)), groups) == []


def test_method_weights_per_group_must_sum_to_100():
    groups = {"a": {"project", "town"}, "b": {"project"}}
    labels = {"a": "指标甲", "b": "指标乙"}
    good = [Line("project", "a", D(60)), Line("project", "b", D(40)), Line("town", "a", D(100))]
    assert rules.method_errors(good, groups, labels) == []
    bad = [Line("project", "a", D(60)), Line("project", "b", D("35.5")), Line("town", "b", D(100)),
           Line("town", "a", D(0)), Line("project", "zz", D(1))]
    assert rules.method_errors(bad, groups, labels) == [
        "乡镇（街道）：指标“指标乙”不适用于该考核对象",
        "乡镇（街道）：指标“指标甲”的权重应大于0",
        "重点项目：指标“zz”不存在",
        "重点项目各项指标权重合计应为100，现为95.5",
    ]
