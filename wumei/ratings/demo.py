"""Demo history of 百企评百岗: the approval departments' posts, and a round per past quarter of the year (the
last quarter of the year before when none has passed yet) in which the demo enterprises scored those posts —
most posts well, a few less so, one new post with too few ratings to show. Deterministic for `rng`, written
once, in bulk."""

import datetime
import random

from django.utils import timezone

from wumei.org.models import Person, Region, Role, RoleAssignment, Unit
from wumei.ratings import rules
from wumei.ratings.models import Criterion, Post, Rating, RatingRound, Score

C = Post.Category
POSTS = {
    "县行政审批服务局": [("投资项目审批岗", C.APPROVAL), ("工程建设项目审批岗", C.APPROVAL), ("政务服务综合受理窗口", C.SERVICE)],
    "县自然资源局": [("建设用地审批岗", C.APPROVAL), ("不动产登记窗口", C.SERVICE), ("土地执法监察岗", C.ENFORCEMENT)],
    "县住房和城乡建设局": [("施工许可审批岗", C.APPROVAL), ("建筑市场执法岗", C.ENFORCEMENT)],
    "县发展和改革局": [("项目立项审批岗", C.APPROVAL)],
    "县市场监督管理局": [("市场主体登记窗口", C.SERVICE), ("市场监管执法岗", C.ENFORCEMENT)],
    "县应急管理局": [("安全生产执法岗", C.ENFORCEMENT)],
    "县公安局": [("治安管理执法岗", C.ENFORCEMENT)],
    "县人力资源和社会保障局": [("社保服务窗口", C.SERVICE)],
}
GENERIC = [("政务服务窗口", C.SERVICE)]
QUARTERS = "一二三四"
RATE_CHANCE = 0.45
COMMENTS = ["服务热情，解释政策耐心。", "办事效率高，一次办结。", "建议进一步压缩审批时限。",
            "上门服务及时，帮企业解决了实际困难。", "窗口人员业务熟练。", ""]


def past_quarters(today: datetime.date) -> list[tuple[int, int]]:
    """(year, quarter) of the quarters of today's year that have ended; the year before's last if none has."""
    done = [(today.year, q) for q in range(1, 5) if _quarter_end(today.year, q) < today]
    return done or [(today.year - 1, 4)]


def _quarter_end(year: int, quarter: int) -> datetime.date:
    month = quarter * 3
    return (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1))


def _posts(county: Region, rng: random.Random) -> list[Post]:
    units = list(Unit.objects.filter(region=county, kind=Unit.Kind.APPROVAL, is_active=True).order_by("name"))
    people: dict[int, list[int]] = {}
    for person_id, unit_id in Person.objects.filter(unit__in=units, is_active=True).order_by("id") \
            .values_list("id", "unit_id"):
        people.setdefault(unit_id, []).append(person_id)
    posts = Post.objects.bulk_create([
        Post(county=county, unit=unit, name=name, category=category)
        for unit in units for name, category in POSTS.get(unit.name, GENERIC)
    ])
    links = []
    for post in posts:
        staff = people.get(post.unit_id, [])
        links += [Post.staff.through(post_id=post.pk, person_id=pk) for pk in rng.sample(staff, min(2, len(staff)))]
    Post.staff.through.objects.bulk_create(links)
    return posts


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(8, 17), rng.randint(0, 59))))


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Posts, past rounds and the enterprises' ratings. Writes once: skips a county that has rounds."""
    if RatingRound.objects.filter(county=county).exists():
        return {"rating_rounds": 0, "post_ratings": 0}
    staff_rng = random.Random(rng.getrandbits(32))  # demo data, reproducible; not security  # nosec B311
    if not Post.objects.filter(county=county).exists():
        _posts(county, staff_rng)
    posts = list(Post.objects.filter(county=county, is_active=True).order_by("pk"))
    enterprises = list(Unit.objects.filter(region__path__startswith=county.path, kind=Unit.Kind.ENTERPRISE)
                       .order_by("name"))
    raters = dict(RoleAssignment.objects.filter(role=Role.ENTERPRISE, unit__in=enterprises, person__user__isnull=False)
                  .values_list("unit_id", "person__user_id"))
    quality = {post.pk: rng.uniform(0.80, 0.97) for post in posts}
    if len(posts) > 3:
        quality[posts[rng.randrange(len(posts))].pk] = 0.72  # one post the enterprises are less happy with
    scarce = posts[-1].pk if posts else None  # added late: too few ratings to show its staff a score
    ratings, values = [], []
    rounds = []
    for year, quarter in past_quarters(today):
        closes_on = _quarter_end(year, quarter)
        opens_on = closes_on.replace(day=1)
        rounds.append(RatingRound(county=county, name=f"{year}年第{QUARTERS[quarter - 1]}季度", opens_on=opens_on,
                                  closes_on=closes_on, created_at=_at(opens_on - datetime.timedelta(days=3), rng)))
    RatingRound.objects.bulk_create(rounds)
    for rating_round in rounds:
        criteria = Criterion.objects.bulk_create([
            Criterion(round=rating_round, name=name, max_score=max_score, weight=weight, order=i)
            for i, (name, max_score, weight) in enumerate(rules.DEFAULT_CRITERIA)])
        span = (rating_round.closes_on - rating_round.opens_on).days
        for enterprise in enterprises:
            for post in posts:
                chance = 0.06 if post.pk == scarce else RATE_CHANCE
                if rng.random() >= chance:
                    continue
                scored = {}
                for criterion in criteria:
                    share = min(1.0, max(0.4, quality[post.pk] + rng.uniform(-0.08, 0.06)))
                    scored[criterion] = round(criterion.max_score * share)
                day = rating_round.opens_on + datetime.timedelta(days=rng.randint(0, span))
                ratings.append(Rating(
                    round=rating_round, post=post, enterprise=enterprise, rated_by_id=raters.get(enterprise.pk),
                    rated_at=_at(day, rng), comment=rng.choice(COMMENTS),
                    score=rules.rating_score({c.pk: v for c, v in scored.items()}, [c.as_rule() for c in criteria]),
                ))
                values.append(scored)
    Rating.objects.bulk_create(ratings, batch_size=500)
    Score.objects.bulk_create([Score(rating=rating, criterion=criterion, value=value)
                               for rating, scored in zip(ratings, values, strict=True)
                               for criterion, value in scored.items()], batch_size=1000)
    return {"rating_rounds": len(rounds), "post_ratings": len(ratings)}
