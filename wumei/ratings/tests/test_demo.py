"""The demo's 百企评百岗: the approval departments' posts scored by the demo enterprises in a round per past
quarter; deterministic and written once."""

import datetime
import random

import pytest

from wumei.org.models import Unit
from wumei.ratings import demo
from wumei.ratings.indicators import post_rating_score
from wumei.ratings.models import Post, Rating, RatingRound, Score

TODAY = datetime.date(2026, 8, 16)


@pytest.fixture
def county(db):
    from wumei.demo.builder import load_demo

    return load_demo(seed=1, today=TODAY, history=False).county


def dump():
    return sorted(Rating.objects.values_list("round__name", "post__name", "enterprise__name", "score", "rated_at"))


def test_demo_rounds_cover_the_past_quarters_with_ratings_of_the_approval_departments_posts(county):
    counts = demo.seed(county, TODAY, random.Random(3))
    assert list(RatingRound.objects.filter(county=county).values_list("name", "opens_on", "closes_on")) == [
        ("2026年第二季度", datetime.date(2026, 6, 1), datetime.date(2026, 6, 30)),
        ("2026年第一季度", datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))]
    posts = Post.objects.filter(county=county)
    assert posts.count() > 15 and not posts.exclude(unit__kind=Unit.Kind.APPROVAL).exists()
    assert counts == {"rating_rounds": 2, "post_ratings": Rating.objects.count()}
    assert Rating.objects.count() > 200 and Score.objects.count() == 4 * Rating.objects.count()
    assert not Rating.objects.filter(rated_at__date__gt=datetime.date(2026, 6, 30)).exists()
    scores = post_rating_score("approval", county, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    assert all(70 <= score <= 100 for score in scores.values() if score is not None)
    assert sum(score is not None for score in scores.values()) >= 15


def test_demo_ratings_are_the_same_for_the_same_seed_and_written_once(county):
    counts = demo.seed(county, TODAY, random.Random(3))
    first = dump()
    assert demo.seed(county, TODAY, random.Random(3)) == {"rating_rounds": 0, "post_ratings": 0}
    Score.objects.all().delete()
    Rating.objects.all().delete()
    RatingRound.objects.all().delete()
    assert demo.seed(county, TODAY, random.Random(3)) == counts
    assert dump() == first


def test_past_quarters_fall_back_to_last_years_fourth_quarter():
    assert demo.past_quarters(datetime.date(2026, 3, 31)) == [(2025, 4)]
    assert demo.past_quarters(datetime.date(2026, 4, 1)) == [(2026, 1)]
    assert demo.past_quarters(datetime.date(2026, 12, 31)) == [(2026, 1), (2026, 2), (2026, 3)]
