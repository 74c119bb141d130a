"""百企评百岗 as pure rules: a rating round's state, the criteria text, a rating's checks, the weighted score
(0–100) of a rating, the aggregates of a post or a unit, the ranking, and the small-sample guard.

A rating gives each criterion a score from 0 to its maximum. Its weighted score is
    100 × Σ(weight × score / max) / Σ weight
so criteria of different maxima weigh by their weights only. A post's (or a unit's) weighted mean is the mean
of its ratings' weighted scores, every rating counting once; it is computed exactly and rounded half-up to two
places only at the end.
"""

import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")
DEFAULT_MIN_SAMPLE = 3
# The four criteria of the county's 百企评百岗 form, as (name, max score, weight).
DEFAULT_CRITERIA = [("服务态度", 25, Decimal("1")), ("办事效率", 25, Decimal("1")),
                    ("廉洁自律", 25, Decimal("1")), ("政策落实", 25, Decimal("1"))]
INSUFFICIENT = "样本不足"


class RoundState(enum.StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


STATE_LABELS = {RoundState.UPCOMING: "未开始", RoundState.OPEN: "评议中", RoundState.CLOSED: "已结束"}


def round_state(opens_on: datetime.date, closes_on: datetime.date, today: datetime.date) -> RoundState:
    """Open from its first to its last day, both included."""
    if today < opens_on:
        return RoundState.UPCOMING
    if today > closes_on:
        return RoundState.CLOSED
    return RoundState.OPEN


def round_errors(*, name: str, opens_on: datetime.date | None, closes_on: datetime.date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = "请填写轮次名称，如“2026年第三季度”"
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = "截止日期不能早于开始日期"
    return errors


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    max_score: int
    weight: Decimal


def parse_criteria(text: str) -> tuple[list[CriterionSpec], list[str]]:
    """Criteria from lines "名称 满分 权重" (spaces, commas or 、 between); errors name the line."""
    specs: list[CriterionSpec] = []
    errors: list[str] = []
    seen: set[str] = set()
    lines = [line.strip() for line in (text or "").splitlines()]
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        parts = line.replace("，", " ").replace(",", " ").replace("、", " ").replace("\t", " ").split()
        if len(parts) != 3:
            errors.append(f"第{number}行：应写成“名称 满分 权重”，如“服务态度 25 1”")
            continue
        name, max_text, weight_text = parts
        if name in seen:
            errors.append(f"第{number}行：评议指标“{name}”重复")
            continue
        if not max_text.isdigit() or not 1 <= int(max_text) <= 100:
            errors.append(f"第{number}行：满分应为1–100之间的整数")
            continue
        try:
            weight = Decimal(weight_text)
        except ArithmeticError:
            weight = Decimal("-1")
        if not weight.is_finite() or weight <= 0 or weight > 100:
            errors.append(f"第{number}行：权重应为大于0、不超过100的数")
            continue
        seen.add(name)
        specs.append(CriterionSpec(name, int(max_text), weight))
    if not specs and not errors:
        errors.append("请至少填写一项评议指标")
    return specs, errors


def criteria_text(specs: Iterable[tuple[str, int, Decimal]]) -> str:
    return "\n".join(f"{name} {max_score} {weight.normalize():f}" for name, max_score, weight in specs)


@dataclass(frozen=True)
class Criterion:
    id: int
    name: str
    max_score: int
    weight: Decimal


def score_errors(values: dict[int, int | None], criteria: Sequence[Criterion]) -> dict[int, str]:
    """Every criterion scored, each a whole number from 0 to its maximum; keyed by criterion id."""
    errors: dict[int, str] = {}
    for criterion in criteria:
        value = values.get(criterion.id)
        if value is None:
            errors[criterion.id] = f"请为“{criterion.name}”打分"
        elif not 0 <= value <= criterion.max_score:
            errors[criterion.id] = f"“{criterion.name}”的分数应在0–{criterion.max_score}之间"
    return errors


def _rating_fraction(values: dict[int, int], criteria: Sequence[Criterion]) -> Fraction:
    total_weight = sum(Fraction(c.weight) for c in criteria)
    weighted = sum(Fraction(c.weight) * Fraction(values[c.id], c.max_score) for c in criteria)
    return 100 * weighted / total_weight


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def rating_score(values: dict[int, int], criteria: Sequence[Criterion]) -> Decimal:
    """A rating's weighted score, 0–100, two places."""
    return _decimal(_rating_fraction(values, criteria))


@dataclass(frozen=True)
class RatingFacts:
    """One rating as plain values: what it scored, under its round's criteria."""

    values: dict[int, int]
    criteria: tuple[Criterion, ...]


@dataclass
class Aggregate:
    count: int = 0
    score: Decimal | None = None  # weighted mean, 0–100
    criterion_means: dict[str, Decimal] = field(default_factory=dict)  # by criterion name, raw points


def aggregate(ratings: Sequence[RatingFacts]) -> Aggregate:
    """Count, weighted mean (mean of the ratings' weighted scores) and each criterion's mean raw score."""
    if not ratings:
        return Aggregate()
    total = sum((_rating_fraction(r.values, r.criteria) for r in ratings), Fraction(0))
    sums: dict[str, Fraction] = {}
    counts: dict[str, int] = {}
    order: list[str] = []
    for rating in ratings:
        for criterion in rating.criteria:
            if criterion.name not in sums:
                sums[criterion.name], counts[criterion.name] = Fraction(0), 0
                order.append(criterion.name)
            sums[criterion.name] += rating.values[criterion.id]
            counts[criterion.name] += 1
    return Aggregate(count=len(ratings), score=_decimal(total / len(ratings)),
                     criterion_means={name: _decimal(sums[name] / counts[name]) for name in order})


def ranked(items: Sequence[tuple[object, Decimal | None]]) -> list[tuple[int | None, object, Decimal | None]]:
    """Rank by score, highest first; equal scores share a rank (1, 1, 3); items without a score come last,
    unranked, in their given order."""
    scored = sorted((item for item in items if item[1] is not None), key=lambda item: item[1], reverse=True)
    out: list[tuple[int | None, object, Decimal | None]] = []
    previous, rank = None, 0
    for position, (key, score) in enumerate(scored, start=1):
        if score != previous:
            rank, previous = position, score
        out.append((rank, key, score))
    out.extend((None, key, score) for key, score in items if score is None)
    return out


def enough(count: int, min_sample: int) -> bool:
    """A post's or unit's aggregates are shown to its staff only from `min_sample` ratings up, so that one
    or two raters cannot be told apart from the mean (样本不足 below)."""
    return count >= max(min_sample, 1)
