"""The quarterly assessment's post-rating indicator: a unit's weighted mean over the rounds closing in a period."""

import datetime
from decimal import Decimal

import pytest

from wumei.org.models import Region, Unit
from wumei.ratings.indicators import post_rating_score
from wumei.ratings.services import create_post, create_round, submit_rating
from wumei.ratings.tests.conftest import scores
from wumei.testing import RegionFactory, UnitFactory

D = datetime.date


def test_a_units_score_is_the_mean_of_its_posts_ratings_in_the_rounds_closing_in_the_period(world, rating_world):
    rw = rating_world
    for user, points in zip(rw.raters[:2], (25, 20), strict=True):  # 100, 80
        submit_rating(user, rw.round, rw.approval, values=scores(rw, *[points] * 4))
    submit_rating(rw.raters[2], rw.round, rw.window, values=scores(rw, 15, 15, 15, 15))  # 60
    first = create_round(world.hq, world.county, name="2026年第一季度", opens_on=D(2026, 3, 1),
                         closes_on=D(2026, 3, 31), criteria="服务态度 10 1")
    criterion = first.criteria.get()
    submit_rating(rw.raters[0], first, rw.approval, values={criterion.pk: 7}, today=D(2026, 3, 10))  # 70
    town_region = RegionFactory(code="430424001", name="示范镇", level=Region.Level.TOWN, parent=world.county)
    town = UnitFactory(name="示范镇人民政府", kind=Unit.Kind.TOWN, region=town_region)
    town_post = create_post(world.hq, world.county, unit=town, name="便民服务中心窗口", category="service")
    submit_rating(rw.raters[1], rw.round, town_post, values=scores(rw, 25, 20, 25, 20))  # 90

    # Second quarter: (100 + 80 + 60) / 3 = 80.00
    assert post_rating_score("approval", world.county, D(2026, 4, 1), D(2026, 6, 30)) == {rw.bureau.pk: Decimal("80.00")}
    # Half year: (100 + 80 + 60 + 70) / 4 = 77.50
    assert post_rating_score("approval", world.county, D(2026, 1, 1), D(2026, 6, 30)) == {rw.bureau.pk: Decimal("77.50")}
    assert post_rating_score("approval", world.county, D(2026, 7, 1), D(2026, 9, 30)) == {rw.bureau.pk: None}
    assert post_rating_score("town", world.county, D(2026, 4, 1), D(2026, 6, 30)) == {town.pk: Decimal("90.00")}
    assert post_rating_score("responsible", world.county, D(2026, 4, 1), D(2026, 6, 30)) == {
        world.unit.pk: None, world.other_unit.pk: None}
    with pytest.raises(ValueError, match="unknown group"):
        post_rating_score("projects", world.county, D(2026, 4, 1), D(2026, 6, 30))
