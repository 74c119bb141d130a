"""每周必访 rules as pure functions over plain values; the date is always passed in.

Weeks
    A visit week is the ISO 8601 week: Monday to Sunday, numbered by ISO year and week (so 2027-01-01, a
    Friday, lies in 2026年第53周). A week with no working day at all (e.g. the Spring Festival week
    2026-02-16..22) asks for no visit: its coverage is "exempt".

Coverage
    For a lead leader and a week: his due projects are those he leads whose stage still needs visits
    (every stage but 竣工投产运营 by default). A due project counts as visited when a visit by that leader
    to that project is dated within the week. Rate = visited ÷ due, in percent with one decimal.

Investment leads (招商项目, seed §二)
    See each figure's function below; `lead_figures` puts them together for the county or the park.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ONE_DAY = datetime.timedelta(days=1)
WEEKDAY_NAMES = "一二三四五六日"


# ---------------------------------------------------------------- percentages


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator as a percentage with one decimal (8/9 → 88.9); None when nothing is due."""
    if denominator <= 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- weeks


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week, Monday `start` to Sunday `end`."""

    start: datetime.date

    @property
    def end(self) -> datetime.date:
        return self.start + datetime.timedelta(days=6)

    @property
    def iso_year(self) -> int:
        return self.start.isocalendar().year

    @property
    def number(self) -> int:
        return self.start.isocalendar().week

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=i) for i in range(7)]

    def previous(self) -> "Week":
        return Week(self.start - datetime.timedelta(days=7))

    def next(self) -> "Week":
        return Week(self.start + datetime.timedelta(days=7))

    @property
    def label(self) -> str:
        """`2026年第23周（6月1日—6月7日）`."""
        return f"{self.short_label}（{self.start.month}月{self.start.day}日—{self.end.month}月{self.end.day}日）"

    @property
    def short_label(self) -> str:
        return f"{self.iso_year}年第{self.number}周"

    @property
    def span_label(self) -> str:
        return f"{self.start.month}/{self.start.day}—{self.end.month}/{self.end.day}"


def week_of(day: datetime.date) -> Week:
    """The ISO week (Monday–Sunday) holding `day`."""
    return Week(day - datetime.timedelta(days=day.weekday()))


def recent_weeks(day: datetime.date, count: int) -> list[Week]:
    """The `count` weeks ending with the week of `day`, oldest first."""
    last = week_of(day)
    return [Week(last.start - datetime.timedelta(days=7 * i)) for i in range(count - 1, -1, -1)]


def is_visit_week(week: Week, is_working_day: Callable[[datetime.date], bool]) -> bool:
    """A week asks for visits only if it holds at least one working day (holidays and 调休 included)."""
    return any(is_working_day(day) for day in week.days())


# ---------------------------------------------------------------- visits


def is_due_for_visits(stage: str, exempt_stages: Iterable[str]) -> bool:
    """A project needs weekly visits unless its stage is exempt (by default: completed and operating)."""
    return stage not in set(exempt_stages)


def visit_date_error(visited_on: datetime.date, today: datetime.date, backdate_days: int) -> str | None:
    """A visit is logged for today or a past day, at most `backdate_days` days back."""
    if visited_on > today:
        return "走访日期不能晚于今天"
    if (today - visited_on).days > backdate_days:
        earliest = today - datetime.timedelta(days=backdate_days)
        return f"只能补录{backdate_days}天内的走访（{earliest:%Y-%m-%d}及以后）"
    return None


@dataclass(frozen=True)
class ProjectRef:
    id: int
    name: str


@dataclass
class LeaderCoverage:
    """One lead leader's week: his due projects, which were visited, and the rate."""

    leader_id: int
    week: Week
    due: list[ProjectRef]
    visited_ids: set[int] = field(default_factory=set)
    exempt: bool = False

    @property
    def visited(self) -> list[ProjectRef]:
        return [p for p in self.due if p.id in self.visited_ids]

    @property
    def not_visited(self) -> list[ProjectRef]:
        return [] if self.exempt else [p for p in self.due if p.id not in self.visited_ids]

    @property
    def due_count(self) -> int:
        return 0 if self.exempt else len(self.due)

    @property
    def visited_count(self) -> int:
        return len(self.visited)

    @property
    def rate(self) -> Decimal | None:
        """Visited ÷ due (percent); None for an exempt week or a leader with no due project."""
        return None if self.exempt else percent(self.visited_count, self.due_count)

    @property
    def complete(self) -> bool:
        return not self.exempt and self.due_count > 0 and not self.not_visited


def coverage(
    week: Week,
    due_by_leader: Mapping[int, Sequence[ProjectRef]],
    visits: Iterable[tuple[int, int, datetime.date]],
    *,
    exempt: bool = False,
) -> dict[int, LeaderCoverage]:
    """Each leader's coverage of `week`. `visits` are (leader id, project id, visited on); a visit counts only
    for a project that leader is due to visit and only if dated within the week."""
    result = {leader: LeaderCoverage(leader, week, list(projects), exempt=exempt)
              for leader, projects in due_by_leader.items()}
    for leader_id, project_id, visited_on in visits:
        row = result.get(leader_id)
        if row is None or not week.contains(visited_on):
            continue
        if any(p.id == project_id for p in row.due):
            row.visited_ids.add(project_id)
    return result


def overall_rate(rows: Iterable[LeaderCoverage]) -> Decimal | None:
    """All leaders together: visited due projects ÷ due projects."""
    rows = list(rows)
    return percent(sum(r.visited_count for r in rows if not r.exempt), sum(r.due_count for r in rows))


# ---------------------------------------------------------------- investment leads

LEAD_ORDER = ["contact", "negotiating", "signed", "started"]
DROPPED = "dropped"


@dataclass(frozen=True)
class LeadFacts:
    """What the figures need of one lead: amount in 万元, stage, dates, and two flags."""

    amount: Decimal
    stage: str
    signed_on: datetime.date | None = None
    contract_start_on: datetime.date | None = None
    started_on: datetime.date | None = None
    is_top500: bool = False
    in_park: bool = False


def _this_year(day: datetime.date | None, on: datetime.date) -> bool:
    return day is not None and day.year == on.year and day <= on


def signed_this_year(leads: Iterable[LeadFacts], on: datetime.date) -> list[LeadFacts]:
    """Leads signed this year (signing date from 1 January of `on`'s year up to `on`), not since dropped.
    A lead signed and later dropped (合同终止) is no longer an attracted project, so it does not count."""
    return [lead for lead in leads if lead.stage != DROPPED and _this_year(lead.signed_on, on)]


def signed_amount(leads: Iterable[LeadFacts], on: datetime.date) -> Decimal:
    """Total amount (万元) of the leads signed this year (总引资额)."""
    return sum((lead.amount for lead in signed_this_year(leads, on)), Decimal(0))


def large_signed_count(leads: Iterable[LeadFacts], on: datetime.date, threshold: Decimal) -> int:
    """How many leads signed this year have an amount of at least `threshold` 万元 (10亿元以上: ≥ 100000)."""
    return sum(1 for lead in signed_this_year(leads, on) if lead.amount >= threshold)


def top500_signed_count(leads: Iterable[LeadFacts], on: datetime.date) -> int:
    """How many leads signed this year come from a 三类500强 company."""
    return sum(1 for lead in signed_this_year(leads, on) if lead.is_top500)


def started_this_year(leads: Iterable[LeadFacts], on: datetime.date) -> list[LeadFacts]:
    """Leads that broke ground this year (开工日期 from 1 January up to `on`), whenever they were signed."""
    return [lead for lead in leads if lead.stage != DROPPED and _this_year(lead.started_on, on)]


@dataclass(frozen=True)
class Fulfilment:
    fulfilled: int
    due: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.fulfilled, self.due)


def fulfilment(leads: Iterable[LeadFacts], on: datetime.date) -> Fulfilment:
    """The contract-fulfilment rate (履约率) as of `on`.

    Due: every signed lead (dropped ones included — a contract terminated before ground-breaking is a
    contract not fulfilled) whose contracted start date falls this year and has passed, i.e. lies in
    [1 January of `on`'s year, `on`). A lead whose contracted start is `on` itself is not yet due.
    Fulfilled: the due leads that have started by `on` (started on or before `on`, early or late).
    Rate = fulfilled ÷ due. Restricting to this year's contracted starts makes it the year's figure
    (seed §二 "今年以来……项目履约率达88.9%"), not a total diluted by earlier years.
    """
    due = [
        lead for lead in leads
        if lead.signed_on is not None and lead.contract_start_on is not None
        and lead.contract_start_on.year == on.year and lead.contract_start_on < on
    ]
    fulfilled = [lead for lead in due if lead.started_on is not None and lead.started_on <= on]
    return Fulfilment(len(fulfilled), len(due))


@dataclass(frozen=True)
class LeadFigures:
    """The seed's figures for one scope (county or park) as of a day."""

    on: datetime.date
    signed_count: int
    signed_amount: Decimal
    large_count: int
    top500_count: int
    started_count: int
    fulfilment: Fulfilment

    @property
    def fulfilment_rate(self) -> Decimal | None:
        return self.fulfilment.rate


def lead_figures(leads: Sequence[LeadFacts], on: datetime.date, large_threshold: Decimal) -> LeadFigures:
    """All figures of `leads` as of `on` (see each function for its definition)."""
    return LeadFigures(
        on=on,
        signed_count=len(signed_this_year(leads, on)),
        signed_amount=signed_amount(leads, on),
        large_count=large_signed_count(leads, on, large_threshold),
        top500_count=top500_signed_count(leads, on),
        started_count=len(started_this_year(leads, on)),
        fulfilment=fulfilment(leads, on),
    )


def park_only(leads: Iterable[LeadFacts]) -> list[LeadFacts]:
    return [lead for lead in leads if lead.in_park]


@dataclass(frozen=True)
class LeadDates:
    stage: str
    contacted_on: datetime.date | None
    signed_on: datetime.date | None
    contract_start_on: datetime.date | None
    started_on: datetime.date | None


def lead_errors(facts: LeadDates, today: datetime.date) -> dict[str, str]:
    """Field → Chinese message where a lead's stage and dates contradict each other or lie in the future."""
    errors: dict[str, str] = {}
    for name, label in (("contacted_on", "接洽日期"), ("signed_on", "签约日期"), ("started_on", "开工日期")):
        value = getattr(facts, name)
        if value is not None and value > today:
            errors[name] = f"{label}不能晚于今天"
    signed_or_started = facts.stage in ("signed", "started")
    if signed_or_started and facts.signed_on is None:
        errors.setdefault("signed_on", "已签约的项目须填写签约日期")
    if signed_or_started and facts.contract_start_on is None:
        errors.setdefault("contract_start_on", "已签约的项目须填写合同约定开工日期（用于计算履约率）")
    if facts.stage == "started" and facts.started_on is None:
        errors.setdefault("started_on", "已开工的项目须填写开工日期")
    if facts.stage in ("contact", "negotiating") and facts.signed_on is not None:
        errors.setdefault("stage", "已填写签约日期，项目阶段应为“签约”或“开工”")
    if facts.stage in ("contact", "negotiating", "signed") and facts.started_on is not None:
        errors.setdefault("stage", "已填写开工日期，项目阶段应为“开工”")
    if facts.contacted_on and facts.signed_on and facts.signed_on < facts.contacted_on:
        errors.setdefault("signed_on", "签约日期不能早于接洽日期")
    if facts.signed_on and facts.started_on and facts.started_on < facts.signed_on:
        errors.setdefault("started_on", "开工日期不能早于签约日期")
    if facts.signed_on and facts.contract_start_on and facts.contract_start_on < facts.signed_on:
        errors.setdefault("contract_start_on", "合同约定开工日期不能早于签约日期")
    return errors


def lead_stage_change_error(from_stage: str, to_stage: str, reason: str) -> str | None:
    """A lead moves forward freely; moving it back, dropping it or reviving a dropped one needs a reason."""
    if from_stage == to_stage or not from_stage:
        return None
    backward = (from_stage in LEAD_ORDER and to_stage in LEAD_ORDER
                and LEAD_ORDER.index(to_stage) < LEAD_ORDER.index(from_stage))
    if (backward or DROPPED in (from_stage, to_stage)) and not reason.strip():
        return "退回之前的阶段、终止或恢复招商项目，须填写原因"
    return None
