"""百企评百岗's pages: who sees what (post staff never see raters, small samples show 样本不足, an enterprise only
its own ratings), the enterprise's form, the HQ office's rounds and posts, and bounded query counts."""

import datetime

import pytest
from django.urls import reverse

from wumei.ratings.models import Post, Rating, RatingRound
from wumei.ratings.services import submit_rating
from wumei.ratings.tests.conftest import scores
from wumei.testing import Role, user_with_role

LIST = reverse("ratings:round-list")


def results_url(rw, by="post"):
    return reverse("ratings:results", args=[rw.round.pk]) + f"?by={by}"


def post_url(rw, post=None):
    return reverse("ratings:post-results", args=[rw.round.pk, (post or rw.approval).pk])


def rate_by(rw, count, post=None, first=0):
    """`count` enterprises from the `first` rate the post: the first 25 points on every criterion (100), the
    second 20 (80), the third 15 (60)."""
    for index in range(first, first + count):
        points = (25, 20, 15)[index]
        submit_rating(rw.raters[index], rw.round, post or rw.approval, values=scores(rw, *[points] * 4))


def test_anonymous_is_sent_to_login(client, rating_world):
    for url in (LIST, results_url(rating_world), post_url(rating_world),
                reverse("ratings:rate-list", args=[rating_world.round.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("web:login")), url


def test_post_staff_see_counts_but_not_scores_below_the_minimum_sample_and_never_the_raters(
        login, world, rating_world):
    rw = rating_world
    rate_by(rw, 2)
    client = login(rw.staff)
    page = client.get(post_url(rw))
    assert page.status_code == 200
    assert not page.context["shown"] and page.context["ratings"] == []
    text = page.content.decode()
    assert "样本不足" in text and "90.00" not in text
    assert world.enterprise.name not in text and rw.enterprises[1].name not in text
    line = next(x for x in client.get(results_url(rw)).context["lines"] if x.subject == rw.approval)
    assert line.count == 2 and not line.shown and line.rank is None

    rate_by(rw, 1, first=2)  # the third enterprise: 3 ratings
    page = client.get(post_url(rw))
    text = page.content.decode()
    assert page.context["shown"] and "80.00" in text  # (100 + 80 + 60) / 3
    assert world.enterprise.name not in text and rw.enterprises[2].name not in text


@pytest.mark.parametrize("who", ["hq", "inspector"])
def test_the_hq_office_and_the_inspector_see_who_scored_what_whatever_the_sample(login, world, rating_world, who):
    rate_by(rating_world, 1)
    page = login(who).get(post_url(rating_world))
    assert page.context["shown"] and page.context["full"]
    assert [r.enterprise for r in page.context["ratings"]] == [world.enterprise]
    assert world.enterprise.name in page.content.decode()


@pytest.mark.parametrize("who", ["commander", "liaison", "lead_leader"])
def test_other_government_users_see_aggregates_only(login, rating_world, who):
    rate_by(rating_world, 3)
    page = login(who).get(post_url(rating_world))
    assert page.context["shown"] and not page.context["full"] and page.context["ratings"] == []
    assert rating_world.enterprises[1].name not in page.content.decode()


def test_results_rank_units_and_posts_with_enough_ratings(login, rating_world):
    rw = rating_world
    rate_by(rw, 3)
    rate_by(rw, 1, post=rw.window)
    lines = login("liaison").get(results_url(rw)).context["lines"]
    assert [(x.subject.name, x.rank, x.shown, x.count) for x in lines] == [
        ("投资项目审批岗", 1, True, 3), ("综合受理窗口", None, False, 1)]
    units = login("hq").get(results_url(rw, "unit")).context["lines"]
    # The bureau: (100 + 80 + 60 + 100) / 4 = 85.00
    assert [(x.subject.name, x.rank, str(x.result.score)) for x in units] == [("县行政审批服务局", 1, "85.00")]


@pytest.mark.parametrize("who", ["owner", "nobody", "auditor"])
def test_enterprises_and_outsiders_do_not_see_results(login, rating_world, who):
    rate_by(rating_world, 3)
    assert login(who).get(results_url(rating_world)).status_code == 404
    assert login(who).get(post_url(rating_world)).status_code == 404


def test_an_enterprise_sees_only_its_own_ratings(login, world, rating_world):
    rw = rating_world
    rate_by(rw, 2, first=1)  # the other two rate the approval post
    submit_rating(world.owner, rw.round, rw.window, values=scores(rw, 25, 25, 20, 20))
    client = login("owner")
    page = client.get(reverse("ratings:rate-list", args=[rw.round.pk]))
    marks = {post.name: post.mine for posts in page.context["groups"].values() for post in posts}
    assert marks["投资项目审批岗"] is None and marks["综合受理窗口"].enterprise == world.enterprise
    assert page.context["done"] == 1
    mine = client.get(reverse("ratings:rate", args=[rw.round.pk, rw.window.pk]))
    assert mine.context["mine"].score == 90 and "90.00" in mine.content.decode()
    other = client.get(reverse("ratings:rate", args=[rw.round.pk, rw.approval.pk]))
    assert other.context["mine"] is None and "提交评议" in other.content.decode()
    # A government user has no scoring form.
    assert login("liaison").get(reverse("ratings:rate-list", args=[rw.round.pk])).status_code == 404


def test_the_enterprise_scores_on_the_form_once_and_a_second_attempt_is_told_why(login, world, rating_world):
    rw = rating_world
    client = login("owner")
    url = reverse("ratings:rate", args=[rw.round.pk, rw.approval.pk])
    data = {f"criterion_{c.pk}": 20 for c in rw.criteria} | {"comment": "效率高"}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("ratings:rate-list", args=[rw.round.pk])
    assert Rating.objects.get().score == 80
    again = client.post(url, data)
    assert again.status_code == 200 and "贵企业已在本轮评议过该岗位，每轮每个岗位只能评议一次" in again.content.decode()
    bad = client.post(reverse("ratings:rate", args=[rw.round.pk, rw.window.pk]),
                      {f"criterion_{c.pk}": 30 for c in rw.criteria})
    assert "“服务态度”的分数应在0–25之间" in bad.content.decode()
    assert Rating.objects.count() == 1


def test_a_closed_round_shows_no_form(login, rating_world, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 2, 12), tick=False)
    page = login("owner").get(reverse("ratings:rate", args=[rating_world.round.pk, rating_world.approval.pk]))
    assert "提交评议" not in page.content.decode() and "现在不能评议" in page.content.decode()


def test_the_round_list_shows_each_user_its_way_in(login, world, rating_world):
    rate_by(rating_world, 1)
    rounds = login("owner").get(LIST).context["rounds"]
    assert [(r.name, r.can_rate, r.can_see_results, r.own_count) for r in rounds] == [
        ("2026年第二季度", True, False, 1)]
    rounds = login("liaison").get(LIST).context["rounds"]
    assert [(r.can_rate, r.can_see_results) for r in rounds] == [(False, True)]
    assert list(login("nobody").get(LIST).context["rounds"]) == []


def test_only_the_hq_office_opens_rounds_and_keeps_posts(login, world, rating_world):
    client = login("hq")
    response = client.post(reverse("ratings:round-create"), {
        "name": "2026年第三季度", "opens_on": "2026-09-01", "closes_on": "2026-09-30", "min_sample": 3,
        "criteria": "服务态度 25 1\n办事效率 25 1"})
    assert response.status_code == 302
    assert RatingRound.objects.get(name="2026年第三季度").criteria.count() == 2
    bad = client.post(reverse("ratings:round-create"), {
        "name": "2026年第四季度", "opens_on": "2026-12-01", "closes_on": "2026-12-31", "min_sample": 3,
        "criteria": "服务态度 25"})
    assert "第1行：应写成“名称 满分 权重”" in bad.content.decode()
    response = client.post(reverse("ratings:post-edit", args=[rating_world.window.pk]), {
        "unit": rating_world.bureau.pk, "name": "综合受理窗口", "category": "service", "staff": [world.liaison.person.pk]})
    assert response.status_code == 302
    window = Post.objects.get(pk=rating_world.window.pk)
    assert not window.is_active and list(window.staff.all()) == [world.liaison.person]
    assert client.get(reverse("ratings:post-list")).status_code == 200
    response = client.post(reverse("ratings:round-edit", args=[rating_world.round.pk]), {
        "name": "2026年第二季度", "opens_on": "2026-06-01", "closes_on": "2026-07-05", "min_sample": 2})
    assert response.status_code == 302
    assert RatingRound.objects.get(pk=rating_world.round.pk).closes_on == datetime.date(2026, 7, 5)
    for who in ("liaison", "inspector", "owner"):
        other = login(who)
        assert other.get(reverse("ratings:round-create")).status_code == 404
        assert other.get(reverse("ratings:post-list")).status_code == 404
        assert other.get(reverse("ratings:round-edit", args=[rating_world.round.pk])).status_code == 404


def test_list_and_results_pages_run_a_bounded_number_of_queries(login, world, rating_world,
                                                                django_assert_max_num_queries):
    rw = rating_world
    county = rw.county
    extra = [user_with_role(Role.ENTERPRISE, county, world.enterprise.__class__.objects.create(
        name=f"企业{i}", kind="enterprise", region=county), username=f"extra{i}") for i in range(4)]
    for user in [*rw.raters, *extra]:
        submit_rating(user, rw.round, rw.approval, values=scores(rw, 20, 20, 20, 20))
        submit_rating(user, rw.round, rw.window, values=scores(rw, 15, 20, 20, 20))
    client = login("hq")
    for url in (LIST, results_url(rw), results_url(rw, "unit"), post_url(rw)):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
    owner = login("owner")
    with django_assert_max_num_queries(14):
        assert owner.get(LIST).status_code == 200
    with django_assert_max_num_queries(14):
        assert owner.get(reverse("ratings:rate-list", args=[rw.round.pk])).status_code == 200
