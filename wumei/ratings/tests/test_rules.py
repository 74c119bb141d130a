"""百企评百岗's rules, with hand-computed expectations."""

import datetime
from decimal import Decimal

from wumei.ratings import rules
from wumei.ratings.rules import Criterion, RatingFacts, RoundState

D = datetime.date
# A: max 10, weight 1; B: max 20, weight 3.
A, B = Criterion(1, "服务态度", 10, Decimal("1")), Criterion(2, "办事效率", 20, Decimal("3"))
AB = (A, B)


def test_a_round_is_open_from_its_first_to_its_last_day():
    assert rules.round_state(D(2026, 6, 1), D(2026, 6, 30), D(2026, 5, 31)) == RoundState.UPCOMING
    assert rules.round_state(D(2026, 6, 1), D(2026, 6, 30), D(2026, 6, 1)) == RoundState.OPEN
    assert rules.round_state(D(2026, 6, 1), D(2026, 6, 30), D(2026, 6, 30)) == RoundState.OPEN
    assert rules.round_state(D(2026, 6, 1), D(2026, 6, 30), D(2026, 7, 1)) == RoundState.CLOSED


def test_a_round_cannot_close_before_it_opens():
    assert rules.round_errors(name="2026年第三季度", opens_on=D(2026, 9, 1), closes_on=D(2026, 8, 31)) == {
        "closes_on": "截止日期不能早于开始日期"}
    assert rules.round_errors(name=" ", opens_on=D(2026, 9, 1), closes_on=D(2026, 9, 1)).keys() == {"name"}


def test_criteria_are_read_from_lines_and_bad_lines_are_named():
    specs, errors = rules.parse_criteria("服务态度 25 1\n办事效率，25，1.5\n\n廉洁自律、50、2")
    assert errors == []
    assert specs == [rules.CriterionSpec("服务态度", 25, Decimal("1")), rules.CriterionSpec("办事效率", 25, Decimal("1.5")),
                     rules.CriterionSpec("廉洁自律", 50, Decimal("2"))]
    _, errors = rules.parse_criteria("服务态度 25\n办事效率 0 1\n政策落实 25 abc\n服务态度 25 1\n服务态度 10 1")
    assert errors == ["第1行：应写成“名称 满分 权重”，如“服务态度 25 1”", "第2行：满分应为1–100之间的整数",
                      "第3行：权重应为大于0、不超过100的数", "第5行：评议指标“服务态度”重复"]
    assert rules.parse_criteria("") == ([], ["请至少填写一项评议指标"])
    text = rules.criteria_text(rules.DEFAULT_CRITERIA)
    assert text.splitlines()[0] == "服务态度 25 1"
    assert [s.name for s in rules.parse_criteria(text)[0]] == ["服务态度", "办事效率", "廉洁自律", "政策落实"]


def test_every_criterion_must_be_scored_within_its_maximum():
    assert rules.score_errors({1: 10, 2: 0}, AB) == {}
    assert rules.score_errors({1: 11}, AB) == {1: "“服务态度”的分数应在0–10之间", 2: "请为“办事效率”打分"}


def test_a_rating_scores_each_criterion_by_its_weight_on_a_hundred_point_scale():
    # 100 × (1 × 8/10 + 3 × 15/20) / 4 = 100 × 3.05 / 4 = 76.25
    assert rules.rating_score({1: 8, 2: 15}, AB) == Decimal("76.25")
    assert rules.rating_score({1: 10, 2: 20}, AB) == Decimal("100.00")
    assert rules.rating_score({1: 0, 2: 0}, AB) == Decimal("0.00")
    # 100 × 2/3 = 66.666… → 66.67 (half up at the end only)
    assert rules.rating_score({1: 2}, (Criterion(1, "x", 3, Decimal("1")),)) == Decimal("66.67")


def test_a_post_aggregates_the_mean_of_its_ratings_and_each_criterion_mean():
    ratings = [RatingFacts({1: 8, 2: 15}, AB), RatingFacts({1: 10, 2: 20}, AB), RatingFacts({1: 5, 2: 10}, AB)]
    result = rules.aggregate(ratings)
    # (76.25 + 100 + 50) / 3 = 75.4166… → 75.42; 服务态度 (8+10+5)/3 = 7.67; 办事效率 (15+20+10)/3 = 15.00
    assert result.count == 3
    assert result.score == Decimal("75.42")
    assert result.criterion_means == {"服务态度": Decimal("7.67"), "办事效率": Decimal("15.00")}
    assert rules.aggregate([]) == rules.Aggregate(count=0, score=None, criterion_means={})


def test_ratings_of_rounds_with_different_criteria_count_once_each():
    other = (Criterion(3, "服务态度", 5, Decimal("1")),)
    # 76.25 and 100 × 4/5 = 80 → 78.125 → 78.13
    result = rules.aggregate([RatingFacts({1: 8, 2: 15}, AB), RatingFacts({3: 4}, other)])
    assert result.score == Decimal("78.13")
    assert result.criterion_means == {"服务态度": Decimal("6.00"), "办事效率": Decimal("15.00")}


def test_ranking_shares_ranks_on_ties_and_puts_the_unscored_last():
    items = [("a", Decimal("80")), ("b", Decimal("90")), ("c", Decimal("80")), ("d", None), ("e", Decimal("70"))]
    assert rules.ranked(items) == [(1, "b", Decimal("90")), (2, "a", Decimal("80")), (2, "c", Decimal("80")),
                                   (4, "e", Decimal("70")), (None, "d", None)]


def test_fewer_ratings_than_the_minimum_sample_are_not_enough():
    assert not rules.enough(2, 3)
    assert rules.enough(3, 3)
    assert rules.enough(1, 0)  # a minimum below one still needs a rating
    assert not rules.enough(0, 0)
