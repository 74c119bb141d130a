"""每季必考 rules as pure functions over plain values (seed §五): quarters, the weighted total, ranking, awards.

Weighted total
    Each group of the method (projects, responsible units, approval departments, towns) has indicator lines
    with weights summing to 100. A subject's total is Σ value × weight ÷ Σ weight over the indicators that
    apply to it: an indicator that does not apply (no value: no project due to start this quarter, no letter
    due, the indicator not installed) drops out and its weight is shared among the others pro rata, so a
    subject is neither rewarded nor punished for what it was not asked to do. A subject to which no
    indicator applies has no total and no rank. Values are clamped to 0–100; the total is rounded half up
    to two decimals, and ranking and awards use the rounded total (the figure people see).

Ranking
    Competition ranking, best total first: equal totals share a rank and the next rank skips (1, 2, 2, 4).
    Within a tie the order shown is by name.

Award rules (the method's small rule language)
    A rule names an award kind and the group it looks at, and any of three conditions, all of which must
    hold: `min_total` — total at least this; `indicator` + `indicator_min` — that indicator's value at least
    this (a subject to which the indicator does not apply is not eligible); `top_n` — among the subjects
    meeting the other conditions, those ranked N or better (a tie at the cut takes everyone tied). A rule
    needs at least one condition.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
ZERO = Decimal(0)
# The scoring job scores the quarter just ended on any of the first days of the next quarter.
SCORING_WINDOW_DAYS = 15
QUARTER_NAMES = ("一", "二", "三", "四")


class Group(StrEnum):
    PROJECT = "project"
    RESPONSIBLE = "responsible"
    APPROVAL = "approval"
    TOWN = "town"


GROUP_LABELS = {Group.PROJECT: "重点项目", Group.RESPONSIBLE: "项目责任单位", Group.APPROVAL: "审批服务部门",
                Group.TOWN: "乡镇（街道）"}


class AwardKind(StrEnum):
    START = "start"
    PROGRESS = "progress"
    COMPLETION = "completion"
    SERVICE = "service"
    DEMOLITION = "demolition"


AWARD_LABELS = {AwardKind.START: "开工奖", AwardKind.PROGRESS: "进度奖", AwardKind.COMPLETION: "竣工奖",
                AwardKind.SERVICE: "服务奖", AwardKind.DEMOLITION: "征拆奖"}
# Which groups each award may go to (seed §五: project awards; service and demolition awards for the
# departments and towns that serve the projects).
AWARD_GROUPS = {
    AwardKind.START: {Group.PROJECT}, AwardKind.PROGRESS: {Group.PROJECT}, AwardKind.COMPLETION: {Group.PROJECT},
    AwardKind.SERVICE: {Group.RESPONSIBLE, Group.APPROVAL, Group.TOWN},
    AwardKind.DEMOLITION: {Group.TOWN, Group.RESPONSIBLE},
}


def two_places(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def figure(value: Decimal | None) -> str:
    """`85.71`, `100`, `—`: a score as printed (trailing zeros dropped)."""
    if value is None:
        return "—"
    text = f"{two_places(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ------------------------------------------------------------------------------------------------ quarters


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    @property
    def code(self) -> str:
        """`2026Q3`."""
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """`2026年第三季度`."""
        return f"{self.year}年第{QUARTER_NAMES[self.number - 1]}季度"

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


def quarter_of(day: datetime.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(text: str) -> Quarter:
    """`2026Q3` (or `2026q3`, `2026-Q3`) → Quarter; ValueError with a Chinese message otherwise."""
    cleaned = (text or "").strip().upper().replace("-", "")
    year, sep, number = cleaned.partition("Q")
    if not sep or not year.isdigit() or len(year) != 4 or number not in {"1", "2", "3", "4"}:
        raise ValueError(f"季度格式应为“年份Q季度”，例如 2026Q3（收到 {text!r}）")
    return Quarter(int(year), int(number))


def quarter_due(on: datetime.date, window_days: int = SCORING_WINDOW_DAYS) -> Quarter | None:
    """The quarter the scoring job scores on `on`: the one just ended, on the first `window_days` days of the
    next quarter; None on other days."""
    current = quarter_of(on)
    if (on - current.start).days >= window_days:
        return None
    return current.previous()


def quarters_ended(year: int, today: datetime.date) -> list[Quarter]:
    """The quarters of `year` that ended before `today`."""
    return [Quarter(year, n) for n in range(1, 5) if Quarter(year, n).end < today]


# ------------------------------------------------------------------------------------------------ totals


@dataclass(frozen=True)
class Contribution:
    """One line of a score's explanation."""

    indicator: str
    value: Decimal | None  # None: not applicable
    weight: Decimal  # the method's weight
    effective_weight: Decimal | None  # after not-applicable weights were shared out (two places)
    contribution: Decimal | None  # value × effective weight ÷ 100 (two places)

    def as_dict(self) -> dict:
        def text(v):
            return None if v is None else str(v)

        return {"indicator": self.indicator, "value": text(self.value), "weight": text(self.weight),
                "effective_weight": text(self.effective_weight), "contribution": text(self.contribution)}


def clamp(value: Decimal) -> Decimal:
    return min(HUNDRED, max(ZERO, value))


def weighted_total(values: Mapping[str, Decimal | None],
                   weights: Sequence[tuple[str, Decimal]]) -> tuple[Decimal | None, list[Contribution]]:
    """The total of one subject and its explanation (see the module docstring)."""
    applicable = [(code, weight, clamp(Decimal(values[code]))) for code, weight in weights
                  if values.get(code) is not None and weight > 0]
    share = sum((weight for _, weight, _ in applicable), ZERO)
    lines = []
    for code, weight in weights:
        value = values.get(code)
        if value is None or weight <= 0 or not share:
            lines.append(Contribution(code, None, weight, None, None))
            continue
        value = clamp(Decimal(value))
        effective = weight * HUNDRED / share
        lines.append(Contribution(code, value, weight, two_places(effective), two_places(value * effective / HUNDRED)))
    if not share:
        return None, lines
    total = sum((value * weight for _, weight, value in applicable), ZERO) / share
    return two_places(total), lines


# ------------------------------------------------------------------------------------------------ ranking


def competition_ranks(ordered: Sequence[Decimal | None]) -> list[int | None]:
    """Ranks of totals already sorted best first: 1, 2, 2, 4; None gets no rank."""
    ranks: list[int | None] = []
    previous: object = object()
    rank = 0
    for position, value in enumerate(ordered, start=1):
        if value is None:
            ranks.append(None)
            continue
        if value != previous:
            rank, previous = position, value
        ranks.append(rank)
    return ranks


def ranking(totals: Mapping[int, Decimal | None], names: Mapping[int, str]) -> list[tuple[int, int | None]]:
    """(subject id, rank) best first; ties by name; subjects without a total last, unranked."""
    order = sorted(totals, key=lambda k: (totals[k] is None, -(totals[k] or ZERO), names.get(k, ""), k))
    return list(zip(order, competition_ranks([totals[k] for k in order]), strict=True))


# ------------------------------------------------------------------------------------------------ awards


@dataclass(frozen=True)
class AwardRule:
    kind: str
    group: str
    top_n: int | None = None
    min_total: Decimal | None = None
    indicator: str = ""
    indicator_min: Decimal | None = None

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        """`总分不低于85分且开工及时率不低于100的前10名` — the rule in words."""
        labels = labels or {}
        parts = []
        if self.min_total is not None:
            parts.append(f"总分不低于{figure(self.min_total)}分")
        if self.indicator:
            parts.append(f"{labels.get(self.indicator, self.indicator)}不低于{figure(self.indicator_min or ZERO)}")
        text = "且".join(parts)
        if self.top_n:
            text = f"{text}的前{self.top_n}名" if text else f"总分前{self.top_n}名"
        return text


@dataclass(frozen=True)
class Scored:
    """A subject as the award rules see it."""

    subject_id: int
    name: str
    total: Decimal | None
    values: Mapping[str, Decimal | None] = field(default_factory=dict)


def award_rule_errors(rule: AwardRule, group_indicators: Mapping[str, set[str]]) -> list[str]:
    """Chinese messages for a rule that cannot work; `group_indicators`: group → the method's indicators."""
    errors = []
    kind_label = AWARD_LABELS.get(rule.kind, rule.kind)
    if rule.kind not in AWARD_LABELS:
        errors.append(f"奖项类型“{rule.kind}”无效")
    elif rule.group not in AWARD_GROUPS[AwardKind(rule.kind)]:
        allowed = "、".join(GROUP_LABELS[g] for g in Group if g in AWARD_GROUPS[AwardKind(rule.kind)])
        errors.append(f"{kind_label}只能授予{allowed}")
    if rule.top_n is None and rule.min_total is None and not rule.indicator:
        errors.append(f"{kind_label}规则至少需设置名额、最低总分或指标门槛之一")
    if rule.top_n is not None and rule.top_n < 1:
        errors.append(f"{kind_label}的名额应为正整数")
    if rule.min_total is not None and not ZERO <= rule.min_total <= HUNDRED:
        errors.append(f"{kind_label}的最低总分应在0到100之间")
    if rule.indicator:
        if rule.indicator not in group_indicators.get(rule.group, set()):
            errors.append(f"{kind_label}的门槛指标必须是该考核对象已设置权重的指标")
        if rule.indicator_min is None or not ZERO <= rule.indicator_min <= HUNDRED:
            errors.append(f"{kind_label}的指标门槛值应在0到100之间")
    elif rule.indicator_min is not None:
        errors.append(f"{kind_label}填写了门槛值，请同时选择门槛指标")
    return errors


def propose(rule: AwardRule, subjects: Sequence[Scored], labels: Mapping[str, str] | None = None
            ) -> list[tuple[Scored, str]]:
    """The subjects `rule` proposes for its award, best first, each with the reason in words."""
    labels = labels or {}
    eligible = [s for s in subjects if s.total is not None]
    if rule.min_total is not None:
        eligible = [s for s in eligible if s.total >= rule.min_total]
    if rule.indicator:
        threshold = rule.indicator_min or ZERO
        eligible = [s for s in eligible if s.values.get(rule.indicator) is not None
                    and Decimal(s.values[rule.indicator]) >= threshold]
    by_id = {s.subject_id: s for s in eligible}
    ranked = ranking({s.subject_id: s.total for s in eligible}, {s.subject_id: s.name for s in eligible})
    out = []
    for subject_id, rank in ranked:
        if rule.top_n and (rank is None or rank > rule.top_n):
            continue
        subject = by_id[subject_id]
        reason = f"总分{figure(subject.total)}分"
        if rule.top_n:
            reason += f"，符合条件者中第{rank}名"
        if rule.indicator:
            reason += f"，{labels.get(rule.indicator, rule.indicator)}{figure(subject.values.get(rule.indicator))}"
        out.append((subject, f"{reason}（规则：{rule.describe(labels)}）"))
    return out


# ------------------------------------------------------------------------------------------------ method


@dataclass(frozen=True)
class Line:
    group: str
    indicator: str
    weight: Decimal


def method_errors(lines: Sequence[Line], indicator_groups: Mapping[str, set[str]],
                  indicator_labels: Mapping[str, str]) -> list[str]:
    """Chinese messages: unknown indicators, indicators used for a group they do not apply to, duplicates,
    weights not positive, and per group weights that do not add up to 100."""
    errors = []
    seen: set[tuple[str, str]] = set()
    sums: dict[str, Decimal] = {}
    for line in lines:
        group_label = GROUP_LABELS.get(line.group, line.group)
        label = indicator_labels.get(line.indicator, line.indicator)
        if line.group not in GROUP_LABELS:
            errors.append(f"考核对象“{line.group}”无效")
            continue
        if line.indicator not in indicator_groups:
            errors.append(f"{group_label}：指标“{line.indicator}”不存在")
            continue
        if line.group not in indicator_groups[line.indicator]:
            errors.append(f"{group_label}：指标“{label}”不适用于该考核对象")
        if (line.group, line.indicator) in seen:
            errors.append(f"{group_label}：指标“{label}”重复")
        seen.add((line.group, line.indicator))
        if line.weight <= 0:
            errors.append(f"{group_label}：指标“{label}”的权重应大于0")
        sums[line.group] = sums.get(line.group, ZERO) + line.weight
    if not lines:
        errors.append("考核办法至少需要一项指标")
    for group in Group:
        if group in sums and sums[group] != HUNDRED:
            errors.append(f"{GROUP_LABELS[group]}各项指标权重合计应为100，现为{figure(sums[group])}")
    return errors
