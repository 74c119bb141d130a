"""百企评百岗's use cases: keeping posts and rounds, an enterprise's rating once per round while open, and the
audit events."""

import datetime
from decimal import Decimal

import pytest

from wumei.audit.models import AuditEvent
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.ratings.models import Post, Rating, RatingRound, Score
from wumei.ratings.services import create_post, create_round, submit_rating, update_round
from wumei.ratings.tests.conftest import scores
from wumei.testing import RegionFactory, UnitFactory

D = datetime.date


def test_an_enterprise_scores_a_post_and_the_weighted_score_is_kept(world, rating_world):
    rw = rating_world
    rating = submit_rating(world.owner, rw.round, rw.approval, values=scores(rw, 25, 20, 25, 15), comment=" 很好 ")
    # Four criteria of 25 with weight 1: 100 × (25+20+25+15)/100 = 85.00
    assert rating.score == Decimal("85.00") and rating.enterprise == world.enterprise and rating.comment == "很好"
    assert sorted(Score.objects.filter(rating=rating).values_list("value", flat=True)) == [15, 20, 25, 25]
    event = AuditEvent.objects.get(action="post_rating.submit")
    assert event.object_id == str(rating.pk) and event.region_code == "430424"
    assert event.after["scores"] == {str(c.pk): v for c, v in zip(rw.criteria, [25, 20, 25, 15], strict=True)}


def test_an_enterprise_scores_a_post_only_once_per_round(world, rating_world):
    rw = rating_world
    submit_rating(world.owner, rw.round, rw.approval, values=scores(rw, 20, 20, 20, 20))
    with pytest.raises(ValidationError) as caught:
        submit_rating(world.owner, rw.round, rw.approval, values=scores(rw, 25, 25, 25, 25))
    assert caught.value.message_dict == {"post": ["贵企业已在本轮评议过该岗位，每轮每个岗位只能评议一次"]}
    assert Rating.objects.count() == 1
    # Another enterprise, or another post, is a new rating.
    submit_rating(rw.raters[1], rw.round, rw.approval, values=scores(rw, 25, 25, 25, 25))
    submit_rating(world.owner, rw.round, rw.window, values=scores(rw, 25, 25, 25, 25))
    assert Rating.objects.count() == 3


def test_a_rating_is_refused_outside_the_round_days(world, rating_world):
    rw = rating_world
    with pytest.raises(ValidationError) as caught:
        submit_rating(world.owner, rw.round, rw.approval, values=scores(rw, 20, 20, 20, 20), today=D(2026, 7, 1))
    assert caught.value.message_dict == {"round": ["本轮评议已于2026年06月30日截止"]}
    with pytest.raises(ValidationError) as caught:
        submit_rating(world.owner, rw.round, rw.approval, values=scores(rw, 20, 20, 20, 20), today=D(2026, 5, 31))
    assert caught.value.message_dict == {"round": ["本轮评议2026年06月01日开始，现在还不能评议"]}
    assert not Rating.objects.exists()


def test_scores_beyond_a_criterion_maximum_name_the_criterion(world, rating_world):
    rw = rating_world
    values = scores(rw, 26, 20, 20, 20)
    del values[rw.criteria[3].pk]
    with pytest.raises(ValidationError) as caught:
        submit_rating(world.owner, rw.round, rw.approval, values=values)
    assert caught.value.message_dict == {f"criterion_{rw.criteria[0].pk}": ["“服务态度”的分数应在0–25之间"],
                                         f"criterion_{rw.criteria[3].pk}": ["请为“政策落实”打分"]}
    assert not Rating.objects.exists() and not AuditEvent.objects.filter(action="post_rating.submit").exists()


@pytest.mark.parametrize("who", ["hq", "liaison", "inspector", "nobody"])
def test_only_an_enterprise_of_the_county_scores_posts(world, rating_world, who):
    with pytest.raises(PermissionDenied):
        submit_rating(getattr(world, who), rating_world.round, rating_world.approval,
                      values=scores(rating_world, 20, 20, 20, 20))


def test_a_post_taken_out_of_the_rating_is_refused(world, rating_world):
    rw = rating_world
    Post.objects.filter(pk=rw.window.pk).update(is_active=False)
    rw.window.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        submit_rating(world.owner, rw.round, rw.window, values=scores(rw, 20, 20, 20, 20))
    assert caught.value.message_dict == {"post": ["该岗位不参加本轮评议"]}


def test_the_hq_office_opens_a_round_with_its_criteria_as_data(world, today):
    rating_round = create_round(world.hq, world.county, name="2026年第三季度", opens_on=D(2026, 9, 1),
                                closes_on=D(2026, 9, 30), criteria="服务态度 30 2\n办事效率 20 1", min_sample=5)
    assert list(rating_round.criteria.values_list("name", "max_score", "weight")) == [
        ("服务态度", 30, Decimal("2.00")), ("办事效率", 20, Decimal("1.00"))]
    assert rating_round.min_sample == 5
    assert AuditEvent.objects.get(action="rating_round.create").after["criteria"] == "服务态度 30 2\n办事效率 20 1"
    with pytest.raises(ValidationError) as caught:
        create_round(world.hq, world.county, name="2026年第三季度", opens_on=D(2026, 9, 1),
                     closes_on=D(2026, 8, 1), criteria="服务态度 30")
    assert caught.value.message_dict == {
        "name": ["已有名为“2026年第三季度”的评议轮次"], "closes_on": ["截止日期不能早于开始日期"],
        "criteria": ["第1行：应写成“名称 满分 权重”，如“服务态度 25 1”"]}
    with pytest.raises(PermissionDenied):
        create_round(world.liaison, world.county, name="x", opens_on=D(2026, 9, 1), closes_on=D(2026, 9, 30),
                     criteria="服务态度 30 2")
    assert RatingRound.objects.count() == 1


def test_a_post_belongs_to_a_government_unit_of_the_county(world, today):
    elsewhere = UnitFactory(name="外县审批局", region=RegionFactory(code="430426", name="外县"))
    with pytest.raises(ValidationError) as caught:
        create_post(world.hq, world.county, unit=elsewhere, name="审批岗", category="approval")
    assert caught.value.message_dict == {"unit": ["所在单位应为本县（区）的审批服务部门、责任单位、乡镇或园区"]}
    with pytest.raises(ValidationError) as caught:
        create_post(world.hq, world.county, unit=world.enterprise, name="审批岗", category="x")
    assert set(caught.value.message_dict) == {"unit", "category"}
    post = create_post(world.hq, world.county, unit=world.unit, name="项目服务岗", category="service")
    with pytest.raises(ValidationError) as caught:
        create_post(world.hq, world.county, unit=world.unit, name="项目服务岗", category="service")
    assert caught.value.message_dict == {"name": ["该单位已有同名岗位"]}
    assert AuditEvent.objects.get(action="post.create").object_id == str(post.pk)


def test_the_hq_office_extends_a_round_but_cannot_open_it_after_its_first_rating(world, rating_world):
    rw = rating_world
    submit_rating(world.owner, rw.round, rw.approval, values=scores(rw, 20, 20, 20, 20))  # on 2026-06-15
    changed = update_round(world.hq, rw.round, name="2026年第二季度", opens_on=D(2026, 6, 1),
                           closes_on=D(2026, 7, 10), min_sample=5)
    assert (changed.closes_on, changed.min_sample) == (D(2026, 7, 10), 5)
    assert AuditEvent.objects.get(action="rating_round.update").after == {"closes_on": "2026-07-10", "min_sample": 5}
    with pytest.raises(ValidationError) as caught:
        update_round(world.hq, rw.round, name="2026年第二季度", opens_on=D(2026, 6, 16), closes_on=D(2026, 7, 10),
                     min_sample=0)
    assert caught.value.message_dict == {"min_sample": ["最少评议数应为不小于1的整数"],
                                         "opens_on": ["本轮已有2026年06月15日的评议，开始日期不能晚于该日"]}
    with pytest.raises(PermissionDenied):
        update_round(world.inspector, rw.round, name="x", opens_on=D(2026, 6, 1), closes_on=D(2026, 7, 10),
                     min_sample=3)
