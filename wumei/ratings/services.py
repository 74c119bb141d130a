"""Use cases of 百企评百岗: keep the posts, open a round with its criteria, and an enterprise's rating of a post.
Each checks who may do it, owns its transaction and writes its audit event."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.org.models import Person, Region, Unit
from wumei.ratings import permissions, rules
from wumei.ratings.models import Criterion, Post, Rating, RatingRound, Score

POST_UNIT_KINDS = [Unit.Kind.APPROVAL, Unit.Kind.RESPONSIBLE, Unit.Kind.TOWN, Unit.Kind.PARK]
DUPLICATE = "贵企业已在本轮评议过该岗位，每轮每个岗位只能评议一次"


def _system(actor) -> bool:
    """Jobs and the demo loader act as the system (actor None); they are not checked."""
    return actor is None


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# Posts -----------------------------------------------------------------------------------------------------------

def _post_errors(county: Region, *, unit: Unit | None, name: str, category: str, staff: list[Person],
                 exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = "请填写岗位名称"
    if category not in Post.Category.values:
        errors["category"] = "请选择岗位类别"
    if unit is None:
        errors["unit"] = "请选择岗位所在单位"
    elif not unit.region.path.startswith(county.path) or unit.kind not in POST_UNIT_KINDS:
        errors["unit"] = "所在单位应为本县（区）的审批服务部门、责任单位、乡镇或园区"
    elif Post.objects.filter(unit=unit, name=(name or "").strip()).exclude(pk=exclude).exists():
        errors["name"] = "该单位已有同名岗位"
    outside = [p.name for p in staff if not p.region.path.startswith(county.path)]
    if outside:
        errors["staff"] = f"在岗人员不在本县（区）：{'、'.join(outside)}"
    return errors


def create_post(actor, county: Region, *, unit: Unit, name: str, category: str, duties: str = "",
                staff: list[Person] | None = None) -> Post:
    """Add a post that enterprises will score."""
    staff = list(staff or [])
    if not _system(actor) and not permissions.can_keep(actor, county):
        raise PermissionDenied("只有指挥部办公室可以维护评议岗位")
    errors = _post_errors(county, unit=unit, name=name, category=category, staff=staff)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        post = Post.objects.create(county=county, unit=unit, name=name.strip(), category=category,
                                   duties=(duties or "").strip())
        post.staff.set(staff)
        record(actor, "post.create", post, after={**snapshot(post), "staff": [p.pk for p in staff]},
               region_code=county.code)
    return post


def update_post(actor, post: Post, *, unit: Unit, name: str, category: str, duties: str = "",
                staff: list[Person] | None = None, is_active: bool = True) -> Post:
    """Change a post, its staff, or take it out of the coming rounds (its past ratings stay)."""
    staff = list(staff or [])
    county = post.county
    if not _system(actor) and not permissions.can_keep(actor, county):
        raise PermissionDenied("只有指挥部办公室可以维护评议岗位")
    errors = _post_errors(county, unit=unit, name=name, category=category, staff=staff, exclude=post.pk)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        before = {**snapshot(locked), "staff": sorted(locked.staff.values_list("pk", flat=True))}
        locked.unit, locked.name, locked.category = unit, name.strip(), category
        locked.duties, locked.is_active = (duties or "").strip(), is_active
        locked.save()
        locked.staff.set(staff)
        after = {**snapshot(locked), "staff": sorted(p.pk for p in staff)}
        keys = [k for k in after if before.get(k) != after[k]]
        record(actor, "post.update", locked, before={k: before[k] for k in keys},
               after={k: after[k] for k in keys}, region_code=county.code)
    return locked


# Rounds ----------------------------------------------------------------------------------------------------------

def create_round(actor, county: Region, *, name: str, opens_on: datetime.date, closes_on: datetime.date,
                 criteria: str, min_sample: int = rules.DEFAULT_MIN_SAMPLE) -> RatingRound:
    """Open a rating round with its criteria (名称 满分 权重, one per line)."""
    if not _system(actor) and not permissions.can_keep(actor, county):
        raise PermissionDenied("只有指挥部办公室可以发起评议")
    name = (name or "").strip()
    errors = rules.round_errors(name=name, opens_on=opens_on, closes_on=closes_on)
    specs, criteria_errors = rules.parse_criteria(criteria)
    if criteria_errors:
        errors["criteria"] = "；".join(criteria_errors)
    if min_sample is None or min_sample < 1:
        errors["min_sample"] = "最少评议数应为不小于1的整数"
    if name and RatingRound.objects.filter(county=county, name=name).exists():
        errors["name"] = f"已有名为“{name}”的评议轮次"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rating_round = RatingRound.objects.create(county=county, name=name, opens_on=opens_on, closes_on=closes_on,
                                                  min_sample=min_sample, created_by=_user(actor))
        Criterion.objects.bulk_create([
            Criterion(round=rating_round, name=spec.name, max_score=spec.max_score, weight=spec.weight, order=i)
            for i, spec in enumerate(specs)
        ])
        record(actor, "rating_round.create", rating_round,
               after={**snapshot(rating_round), "criteria": rules.criteria_text(
                   (s.name, s.max_score, s.weight) for s in specs)},
               region_code=county.code)
    return rating_round


def update_round(actor, rating_round: RatingRound, *, name: str, opens_on: datetime.date, closes_on: datetime.date,
                 min_sample: int) -> RatingRound:
    """Rename a round, move its days (e.g. extend it) or change its minimum sample. Its criteria stay as they
    are: ratings already given were scored on them."""
    county = rating_round.county
    if not _system(actor) and not permissions.can_keep(actor, county):
        raise PermissionDenied("只有指挥部办公室可以修改评议轮次")
    name = (name or "").strip()
    errors = rules.round_errors(name=name, opens_on=opens_on, closes_on=closes_on)
    if min_sample is None or min_sample < 1:
        errors["min_sample"] = "最少评议数应为不小于1的整数"
    if name and RatingRound.objects.filter(county=county, name=name).exclude(pk=rating_round.pk).exists():
        errors["name"] = f"已有名为“{name}”的评议轮次"
    first = rating_round.ratings.order_by("rated_at").values_list("rated_at", flat=True).first()
    if first is not None and opens_on and opens_on > timezone.localtime(first).date():
        errors["opens_on"] = f"本轮已有{timezone.localtime(first):%Y年%m月%d日}的评议，开始日期不能晚于该日"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = RatingRound.objects.select_for_update().get(pk=rating_round.pk)
        before = snapshot(locked)
        locked.name, locked.opens_on, locked.closes_on, locked.min_sample = name, opens_on, closes_on, min_sample
        locked.save(update_fields=["name", "opens_on", "closes_on", "min_sample"])
        after = snapshot(locked)
        keys = [k for k in after if before.get(k) != after[k]]
        record(actor, "rating_round.update", locked, before={k: before[k] for k in keys},
               after={k: after[k] for k in keys}, region_code=county.code)
    return locked


# Ratings ---------------------------------------------------------------------------------------------------------

def submit_rating(actor, rating_round: RatingRound, post: Post, *, values: dict[int, int | None],
                  comment: str = "", enterprise: Unit | None = None, today: datetime.date | None = None) -> Rating:
    """An enterprise scores a post on the round's criteria: once per round and post, only while the round is
    open. `values` maps criterion id → score; errors are keyed "criterion_<id>"."""
    today = today or timezone.localdate()
    county = rating_round.county
    if not _system(actor):
        enterprise = permissions.enterprise_of(actor, county)
        if enterprise is None:
            raise PermissionDenied("只有本县（区）的企业可以参加百企评百岗评议")
    if enterprise is None:
        raise ValidationError({"enterprise": "请指定评议企业"})
    state = rating_round.state_on(today)
    if state == rules.RoundState.UPCOMING:
        raise ValidationError({"round": f"本轮评议{rating_round.opens_on:%Y年%m月%d日}开始，现在还不能评议"})
    if state == rules.RoundState.CLOSED:
        raise ValidationError({"round": f"本轮评议已于{rating_round.closes_on:%Y年%m月%d日}截止"})
    if post.county_id != county.pk or not post.is_active:
        raise ValidationError({"post": "该岗位不参加本轮评议"})
    if Rating.objects.filter(round=rating_round, post=post, enterprise=enterprise).exists():
        raise ValidationError({"post": DUPLICATE})
    criteria = [c.as_rule() for c in rating_round.criteria.all()]
    errors = rules.score_errors(values, criteria)
    if errors:
        raise ValidationError({f"criterion_{pk}": message for pk, message in errors.items()})
    clean = {c.id: int(values[c.id]) for c in criteria}
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                round=rating_round, post=post, enterprise=enterprise, rated_by=_user(actor),
                score=rules.rating_score(clean, criteria), comment=(comment or "").strip(),
            )
            Score.objects.bulk_create([Score(rating=rating, criterion_id=pk, value=v) for pk, v in clean.items()])
            record(actor, "post_rating.submit", rating,
                   after={**snapshot(rating), "scores": {str(pk): v for pk, v in clean.items()}},
                   region_code=county.code)
    except IntegrityError as exc:  # the same enterprise submitting twice at once
        raise ValidationError({"post": DUPLICATE}) from exc
    return rating
