"""每旬必督 rules as pure functions over plain values; the date is always passed in (seed §三).

Expected investment
    By default the annual plan times 序时进度 — completed months over twelve, as county reports compute it
    (`wumei.calendar.rules.year_elapsed_share`: end of April → 4/12). Where the project has a monthly plan for
    the year (and the county uses monthly plans) the expected amount is the sum of the planned amounts of the
    completed months instead; a county may also replace 序时进度 by an S-curve: twelve cumulative percentages
    of the annual plan, one per completed month.

The three letters (三函) — one of a kind per project per dekad
    - reminder 提醒函: not started as of the day, planned start within the next `reminder_days` days
      (0 ≤ planned start − day ≤ 30: the planned start day itself and exactly 30 days ahead both count);
      once per planned start date (a project whose start date is moved gets a new reminder).
    - assignment 交办函: (a) not started and the planned start passed `assignment_overdue_days` or more days
      ago (day − planned start ≥ 15: exactly 15 days overdue counts, 14 does not); (b) started but not
      completed (投产) and the planned completion passed 15 or more days ago; (c) a task of the four lists
      (任务/责任/问题/时限清单) still open 15 or more days after its deadline — the same "half a month
      overdue" measure, counted from the deadline day (a task due on the 1st is 15 days overdue on the 16th).
    - supervision 督办函: (a) seriously lagging: started, not completed, and the investment completed this
      year is under `supervision_percent` (50%) of the expected investment (strictly under; nothing is expected
      in January, so nothing lags then); (b) an issued assignment letter still unanswered after its reply
      deadline (the deadline day itself is not past).
    Not-yet-started projects are judged by their dates (reminder, assignment), not by investment.

    A kind is not drafted again while a letter of that kind to the project from an earlier dekad is still open
    (draft, issued, received or answered and not yet closed): the unit answers one letter, it is not buried
    under one per dekad. An open supervision letter also holds back assignment letters (the higher letter is
    already running). An escalated, closed or withdrawn letter holds nothing back.

RAG status (green / amber / red), from the same facts
    red: a supervision condition (investment under 50% of expected, an assignment letter unanswered past its
    deadline), start or completion 15+ days overdue, or an open supervision letter; amber: investment under
    `amber_percent` (80%) of expected, start or completion overdue by less than 15 days, overdue tasks, or an
    issued letter awaiting its answer; green: none of these.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from wumei.calendar.rules import WorkCalendar, dekad_of, year_elapsed_share
from wumei.core.money import format_money

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")
WAN = Decimal("0.0001")
# Cumulative share of the annual plan by the end of each month (slow start, busy summer, year-end push).
DEFAULT_S_CURVE = (3, 7, 13, 20, 28, 37, 47, 57, 67, 77, 88, 100)


class Kind(StrEnum):
    REMINDER = "reminder"
    ASSIGNMENT = "assignment"
    SUPERVISION = "supervision"


KIND_ORDER = (Kind.REMINDER, Kind.ASSIGNMENT, Kind.SUPERVISION)
KIND_LABELS = {Kind.REMINDER: "提醒函", Kind.ASSIGNMENT: "交办函", Kind.SUPERVISION: "督办函"}
# The letter the escalate action drafts from each kind (a supervision letter is the top).
ESCALATES_TO = {Kind.REMINDER: Kind.ASSIGNMENT, Kind.ASSIGNMENT: Kind.SUPERVISION}


class Rule(StrEnum):
    START_SOON = "reminder.start_soon"
    START_OVERDUE = "assignment.start_overdue"
    COMPLETION_OVERDUE = "assignment.completion_overdue"
    TASKS_OVERDUE = "assignment.tasks_overdue"
    INVESTMENT_LAGGING = "supervision.investment_lagging"
    ASSIGNMENT_UNANSWERED = "supervision.assignment_unanswered"
    ESCALATED = "escalated"  # drafted by the HQ office's escalate action, not by the round


RULE_LABELS = {
    Rule.START_SOON: "计划开工临近（提前一个月提醒）",
    Rule.START_OVERDUE: "计划开工逾期未开工",
    Rule.COMPLETION_OVERDUE: "计划竣工投产逾期未投产",
    Rule.TASKS_OVERDUE: "清单任务逾期未完成",
    Rule.INVESTMENT_LAGGING: "投资完成严重滞后",
    Rule.ASSIGNMENT_UNANSWERED: "交办函逾期未回复",
    Rule.ESCALATED: "函件升级",
}
RULE_KIND = {
    Rule.START_SOON: Kind.REMINDER,
    Rule.START_OVERDUE: Kind.ASSIGNMENT,
    Rule.COMPLETION_OVERDUE: Kind.ASSIGNMENT,
    Rule.TASKS_OVERDUE: Kind.ASSIGNMENT,
    Rule.INVESTMENT_LAGGING: Kind.SUPERVISION,
    Rule.ASSIGNMENT_UNANSWERED: Kind.SUPERVISION,
}

# Letter statuses as the rules see them (the model's choices use the same values).
DRAFT, ISSUED, RECEIVED, ANSWERED = "draft", "issued", "received", "answered"
CLOSED, ESCALATED, WITHDRAWN = "closed", "escalated", "withdrawn"
OPEN_STATUSES = frozenset({DRAFT, ISSUED, RECEIVED, ANSWERED})
AWAITING_ANSWER = frozenset({ISSUED, RECEIVED})


class Basis(StrEnum):
    ELAPSED = "elapsed"  # 序时进度
    MONTHLY = "monthly"  # the project's monthly plan
    S_CURVE = "s_curve"


BASIS_LABELS = {Basis.ELAPSED: "序时进度", Basis.MONTHLY: "月度计划进度", Basis.S_CURVE: "计划进度曲线"}


@dataclass(frozen=True)
class Thresholds:
    """A county's settings as the rules need them (see wumei.dekad.models.DekadSettings)."""

    reminder_days: int = 30
    assignment_overdue_days: int = 15
    supervision_percent: Decimal = Decimal(50)
    amber_percent: Decimal = Decimal(80)
    basis: str = Basis.ELAPSED  # ELAPSED or S_CURVE; monthly plans override either when used
    s_curve: tuple[Decimal, ...] = tuple(Decimal(v) for v in DEFAULT_S_CURVE)
    use_monthly_plans: bool = True

    def as_dict(self) -> dict:
        return {
            "reminder_days": self.reminder_days, "assignment_overdue_days": self.assignment_overdue_days,
            "supervision_percent": str(self.supervision_percent), "amber_percent": str(self.amber_percent),
            "basis": str(self.basis), "s_curve": [str(v) for v in self.s_curve],
            "use_monthly_plans": self.use_monthly_plans,
        }


# ---------------------------------------------------------------------------------------------- percentages


def one_place(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def cn_date(day: datetime.date) -> str:
    """`2026年7月1日`."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_day(day: datetime.date) -> str:
    """`7月1日`."""
    return f"{day.month}月{day.day}日"


def pct_text(value: Decimal) -> str:
    """`31.7`, `33.3`, `100` (one decimal, trailing .0 dropped)."""
    text = f"{one_place(value):f}"
    return text[:-2] if text.endswith(".0") else text


def parse_s_curve(text: str) -> tuple[Decimal, ...]:
    """Twelve cumulative percentages, rising, the last 100: `3,7,13,…,100`. Raises ValueError (Chinese)."""
    parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
    if len(parts) != 12:
        raise ValueError("进度曲线应为12个月的累计百分比，用逗号分隔")
    try:
        values = tuple(Decimal(p) for p in parts)
    except ArithmeticError as exc:
        raise ValueError("进度曲线只能填写数字") from exc
    if any(not v.is_finite() or v < 0 or v > HUNDRED for v in values):
        raise ValueError("进度曲线的每个百分比应在0到100之间")
    if any(b < a for a, b in zip(values, values[1:], strict=False)):
        raise ValueError("进度曲线应逐月不减（累计百分比）")
    if values[-1] != HUNDRED:
        raise ValueError("进度曲线12月应为100")
    return values


# ------------------------------------------------------------------------------------ investment completed


@dataclass(frozen=True)
class ProgressPoint:
    """One progress record: as of a date, the year's investment and/or the cumulative investment (万元)."""

    as_of: datetime.date
    year_investment: Decimal | None
    cumulative_investment: Decimal | None


def year_completed(points: Iterable[ProgressPoint], on: datetime.date) -> Decimal | None:
    """Investment completed in `on`'s year up to `on`, from the project's progress records.

    The latest record of the year up to `on` decides: its year figure when it has one; otherwise its
    cumulative figure less the cumulative at the end of last year (the last record before 1 January), or,
    without one, less the baseline implied by a record of the year carrying both figures. Daily reports write
    the cumulative figure only, so the baseline is what turns them into the year's figure. None: no record.
    """
    first_day = datetime.date(on.year, 1, 1)
    ordered = sorted(points, key=lambda p: p.as_of)
    of_year = [p for p in ordered if first_day <= p.as_of <= on]
    if not of_year:
        return None
    latest = of_year[-1]
    if latest.year_investment is not None:
        return latest.year_investment
    if latest.cumulative_investment is None:
        return None
    before = [p for p in ordered if p.as_of < first_day and p.cumulative_investment is not None]
    if before:
        baseline = before[-1].cumulative_investment
    else:
        both = [p for p in of_year if p.year_investment is not None and p.cumulative_investment is not None]
        if not both:
            return None
        baseline = both[-1].cumulative_investment - both[-1].year_investment
    return max(Decimal(0), latest.cumulative_investment - baseline)


# ----------------------------------------------------------------------------------- expected investment


@dataclass(frozen=True)
class Expectation:
    """What the plan expects by a day, what was done, and how far apart, in words county reports use."""

    basis: str
    months: int  # completed months of the year (序时)
    plan: Decimal  # annual planned investment, 万元
    expected: Decimal  # expected by the day, 万元
    done: Decimal  # completed this year, 万元

    @property
    def schedule_percent(self) -> Decimal:
        """The expected share of the annual plan, in percent (序时进度 33.3 at the end of April)."""
        return self.expected * HUNDRED / self.plan if self.plan else Decimal(0)

    @property
    def completion_percent(self) -> Decimal:
        """Completed share of the annual plan, in percent."""
        return self.done * HUNDRED / self.plan if self.plan else Decimal(0)

    @property
    def gap_points(self) -> Decimal:
        """Percentage points behind the schedule (negative: ahead), from the one-decimal figures as printed."""
        return one_place(self.schedule_percent) - one_place(self.completion_percent)

    @property
    def of_expected_percent(self) -> Decimal | None:
        """Completed as a share of the expected amount, in percent; None when nothing is expected yet."""
        return self.done * HUNDRED / self.expected if self.expected > 0 else None

    @property
    def explanation(self) -> str:
        """`完成年度计划的31.7%，低于序时进度1.6个百分点`."""
        name = BASIS_LABELS[Basis(self.basis)]
        head = f"完成年度计划的{pct_text(self.completion_percent)}%"
        gap = self.gap_points
        if gap > 0:
            return f"{head}，低于{name}{pct_text(gap)}个百分点"
        if gap < 0:
            return f"{head}，高于{name}{pct_text(-gap)}个百分点"
        return f"{head}，与{name}持平"

    @property
    def detail(self) -> str:
        """`年度计划投资3000万元，序时进度33.3%（4/12），应完成1000万元，实际完成951万元，为应完成的95.1%`."""
        basis = Basis(self.basis)
        if basis is Basis.ELAPSED:
            schedule = f"序时进度{pct_text(self.schedule_percent)}%（{self.months}/12）"
        else:
            schedule = f"{BASIS_LABELS[basis]}{pct_text(self.schedule_percent)}%（截至{self.months}月）"
        text = (f"年度计划投资{format_money(self.plan)}，{schedule}，应完成{format_money(self.expected)}，"
                f"实际完成{format_money(self.done)}")
        share = self.of_expected_percent
        return f"{text}，为应完成的{pct_text(share)}%" if share is not None else text

    def as_inputs(self) -> dict:
        share = self.of_expected_percent
        return {
            "basis": self.basis, "months": self.months, "annual_plan": str(self.plan),
            "expected": str(self.expected), "completed": str(self.done),
            "completion_percent": pct_text(self.completion_percent),
            "schedule_percent": pct_text(self.schedule_percent),
            "of_expected_percent": pct_text(share) if share is not None else None,
        }


def expected_investment(plan: Decimal | None, done: Decimal | None, on: datetime.date, thresholds: Thresholds,
                        monthly: Sequence[Decimal] | None = None) -> Expectation | None:
    """The expectation by `on` for a project with a positive annual plan (None without one).

    A missing completed figure counts as nothing completed. Months are 序时: a day on the last day of a month
    counts that month as elapsed.
    """
    if plan is None or plan <= 0:
        return None
    months, _ = year_elapsed_share(on)
    if monthly is not None and thresholds.use_monthly_plans and len(monthly) == 12:
        basis, expected = Basis.MONTHLY, sum(monthly[:months], Decimal(0))
    elif thresholds.basis == Basis.S_CURVE:
        share = thresholds.s_curve[months - 1] / HUNDRED if months else Decimal(0)
        basis, expected = Basis.S_CURVE, plan * share
    else:
        basis, expected = Basis.ELAPSED, plan * months / 12
    return Expectation(basis=str(basis), months=months, plan=plan,
                       expected=expected.quantize(WAN, rounding=ROUND_HALF_UP), done=done or Decimal(0))


# ------------------------------------------------------------------------------------------------ facts


@dataclass(frozen=True)
class TaskFact:
    id: int
    title: str
    due_on: datetime.date


@dataclass(frozen=True)
class LetterFact:
    """A letter to the project, as the rules need it."""

    id: int
    kind: str
    dekad: str
    status: str
    doc_number: str = ""
    reply_due_on: datetime.date | None = None
    planned_start_on: datetime.date | None = None  # for reminders: the start date it reminded of


@dataclass(frozen=True)
class ProjectFacts:
    """One project as of a day: its dates, this year's plan and completion, open tasks and letters."""

    project_id: int
    name: str
    stage: str = ""
    planned_start_on: datetime.date | None = None
    actual_start_on: datetime.date | None = None
    planned_completion_on: datetime.date | None = None
    actual_completion_on: datetime.date | None = None
    annual_plan: Decimal | None = None
    year_done: Decimal | None = None
    monthly_plan: tuple[Decimal, ...] | None = None
    overdue_tasks: tuple[TaskFact, ...] = ()
    letters: tuple[LetterFact, ...] = ()  # its open letters and all its reminders (any dekad)

    def started(self, on: datetime.date) -> bool:
        return self.actual_start_on is not None and self.actual_start_on <= on

    def completed(self, on: datetime.date) -> bool:
        if self.actual_completion_on is not None:
            return self.actual_completion_on <= on
        return self.stage == "operating"


# ------------------------------------------------------------------------------------------------ due


@dataclass(frozen=True)
class Reason:
    rule: str
    text: str
    inputs: dict = field(default_factory=dict)
    threshold: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"rule": self.rule, "label": RULE_LABELS[Rule(self.rule)], "text": self.text,
                "inputs": self.inputs, "threshold": self.threshold}


@dataclass(frozen=True)
class Due:
    """A letter the round should draft: its kind, the first rule that fired, and every reason."""

    kind: str
    reasons: tuple[Reason, ...]

    @property
    def rule(self) -> str:
        return self.reasons[0].rule

    def basis(self, on: datetime.date, thresholds: Thresholds) -> dict:
        """What is stored with the letter: which rule, which inputs, which thresholds, as of which day."""
        return {"on": on.isoformat(), "rule": self.rule, "reasons": [r.as_dict() for r in self.reasons],
                "thresholds": thresholds.as_dict()}


def _days(later: datetime.date, earlier: datetime.date) -> int:
    return (later - earlier).days


def start_soon(facts: ProjectFacts, on: datetime.date, t: Thresholds) -> Reason | None:
    if facts.planned_start_on is None or facts.started(on):
        return None
    ahead = _days(facts.planned_start_on, on)
    if not 0 <= ahead <= t.reminder_days:
        return None
    when = "今天" if ahead == 0 else f"{ahead}天后"
    return Reason(Rule.START_SOON, f"计划于{cn_date(facts.planned_start_on)}开工（{when}），目前尚未开工",
                  {"planned_start_on": facts.planned_start_on.isoformat(), "days_ahead": ahead},
                  {"reminder_days": t.reminder_days})


def start_overdue_days(facts: ProjectFacts, on: datetime.date) -> int | None:
    """Days past the planned start without starting (None: not due or started)."""
    if facts.planned_start_on is None or facts.started(on) or facts.planned_start_on >= on:
        return None
    return _days(on, facts.planned_start_on)


def completion_overdue_days(facts: ProjectFacts, on: datetime.date) -> int | None:
    """Days past the planned completion of a started project not yet completed (None otherwise)."""
    if (facts.planned_completion_on is None or not facts.started(on) or facts.completed(on)
            or facts.planned_completion_on >= on):
        return None
    return _days(on, facts.planned_completion_on)


def start_overdue(facts: ProjectFacts, on: datetime.date, t: Thresholds) -> Reason | None:
    days = start_overdue_days(facts, on)
    if days is None or days < t.assignment_overdue_days:
        return None
    return Reason(Rule.START_OVERDUE, f"计划于{cn_date(facts.planned_start_on)}开工，已逾期{days}天仍未开工",
                  {"planned_start_on": facts.planned_start_on.isoformat(), "days_overdue": days},
                  {"assignment_overdue_days": t.assignment_overdue_days})


def completion_overdue(facts: ProjectFacts, on: datetime.date, t: Thresholds) -> Reason | None:
    days = completion_overdue_days(facts, on)
    if days is None or days < t.assignment_overdue_days:
        return None
    return Reason(Rule.COMPLETION_OVERDUE,
                  f"计划于{cn_date(facts.planned_completion_on)}竣工投产，已逾期{days}天仍未投产",
                  {"planned_completion_on": facts.planned_completion_on.isoformat(), "days_overdue": days},
                  {"assignment_overdue_days": t.assignment_overdue_days})


def tasks_overdue(facts: ProjectFacts, on: datetime.date, t: Thresholds) -> Reason | None:
    late = [task for task in facts.overdue_tasks if _days(on, task.due_on) >= t.assignment_overdue_days]
    if not late:
        return None
    late.sort(key=lambda task: (task.due_on, task.id))
    names = "；".join(f"{task.title}（{cn_day(task.due_on)}到期，逾期{_days(on, task.due_on)}天）"
                     for task in late[:5])
    more = f"等{len(late)}项" if len(late) > 5 else f"共{len(late)}项"
    return Reason(Rule.TASKS_OVERDUE, f"清单任务逾期未完成：{names}（{more}）",
                  {"tasks": [{"id": task.id, "title": task.title, "due_on": task.due_on.isoformat(),
                              "days_overdue": _days(on, task.due_on)} for task in late]},
                  {"assignment_overdue_days": t.assignment_overdue_days})


def expectation_of(facts: ProjectFacts, on: datetime.date, t: Thresholds) -> Expectation | None:
    return expected_investment(facts.annual_plan, facts.year_done, on, t, facts.monthly_plan)


def investment_lagging(facts: ProjectFacts, on: datetime.date, t: Thresholds,
                       expectation: Expectation | None = None) -> Reason | None:
    if not facts.started(on) or facts.completed(on):
        return None
    exp = expectation or expectation_of(facts, on, t)
    if exp is None or exp.expected <= 0:
        return None
    if exp.done * HUNDRED >= exp.expected * t.supervision_percent:
        return None
    return Reason(Rule.INVESTMENT_LAGGING,
                  f"{exp.explanation}；{exp.detail}，低于{pct_text(t.supervision_percent)}%",
                  exp.as_inputs(), {"supervision_percent": str(t.supervision_percent)})


def unanswered_assignments(facts: ProjectFacts, on: datetime.date) -> list[LetterFact]:
    return [letter for letter in facts.letters
            if letter.kind == Kind.ASSIGNMENT and letter.status in AWAITING_ANSWER
            and letter.reply_due_on is not None and letter.reply_due_on < on]


def assignment_unanswered(facts: ProjectFacts, on: datetime.date, t: Thresholds) -> Reason | None:
    late = unanswered_assignments(facts, on)
    if not late:
        return None
    names = "、".join(f"{letter.doc_number or '交办函'}（{cn_day(letter.reply_due_on)}前回复）" for letter in late)
    return Reason(Rule.ASSIGNMENT_UNANSWERED, f"交办函{names}逾期未回复",
                  {"letters": [{"id": letter.id, "doc_number": letter.doc_number,
                                "reply_due_on": letter.reply_due_on.isoformat()} for letter in late]},
                  {})


def _held_back(facts: ProjectFacts, kind: str, on: datetime.date, current_dekad: str) -> bool:
    """A letter of this kind (or a supervision letter, for assignments) from an earlier dekad is still open."""
    holding = {kind} | ({Kind.SUPERVISION} if kind == Kind.ASSIGNMENT else set())
    return any(letter.kind in holding and letter.status in OPEN_STATUSES and letter.dekad != current_dekad
               for letter in facts.letters)


def letter_due(facts: ProjectFacts, on: datetime.date, thresholds: Thresholds) -> list[Due]:
    """The letters the round should draft for the project on `on`, in kind order (see the module docstring)."""
    current = dekad_of(on).label
    candidates: dict[str, list[Reason | None]] = {
        Kind.REMINDER: [start_soon(facts, on, thresholds)],
        Kind.ASSIGNMENT: [start_overdue(facts, on, thresholds), completion_overdue(facts, on, thresholds),
                          tasks_overdue(facts, on, thresholds)],
        Kind.SUPERVISION: [investment_lagging(facts, on, thresholds), assignment_unanswered(facts, on, thresholds)],
    }
    reminded = {letter.planned_start_on for letter in facts.letters
                if letter.kind == Kind.REMINDER and letter.dekad != current}
    out: list[Due] = []
    for kind in KIND_ORDER:
        reasons = tuple(r for r in candidates[kind] if r is not None)
        if not reasons or _held_back(facts, kind, on, current):
            continue
        if kind == Kind.REMINDER and facts.planned_start_on in reminded:
            continue
        out.append(Due(kind=str(kind), reasons=reasons))
    return out


# ------------------------------------------------------------------------------------------------ RAG


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


RAG_LABELS = {Rag.GREEN: "正常", Rag.AMBER: "预警", Rag.RED: "滞后"}


@dataclass(frozen=True)
class RagStatus:
    status: str
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return RAG_LABELS[Rag(self.status)]


def rag(facts: ProjectFacts, on: datetime.date, thresholds: Thresholds) -> RagStatus:
    """Green, amber or red with its reasons (see the module docstring)."""
    red: list[str] = []
    amber: list[str] = []
    exp = expectation_of(facts, on, thresholds)
    lagging = investment_lagging(facts, on, thresholds, exp)
    if lagging is not None:
        red.append(f"投资完成严重滞后：{exp.explanation}，仅为应完成的{pct_text(exp.of_expected_percent)}%")
    elif (exp is not None and facts.started(on) and not facts.completed(on) and exp.expected > 0
          and exp.done * HUNDRED < exp.expected * thresholds.amber_percent):
        amber.append(f"投资进度偏慢：{exp.explanation}，为应完成的{pct_text(exp.of_expected_percent)}%")
    for days, what in ((start_overdue_days(facts, on), "开工"), (completion_overdue_days(facts, on), "竣工投产")):
        if days is None:
            continue
        (red if days >= thresholds.assignment_overdue_days else amber).append(f"计划{what}已逾期{days}天")
    for letter in unanswered_assignments(facts, on):
        red.append(f"交办函{letter.doc_number}逾期未回复")
    late_ids = {letter.id for letter in unanswered_assignments(facts, on)}
    for letter in facts.letters:
        if letter.status not in AWAITING_ANSWER | {ANSWERED} or letter.id in late_ids:
            continue
        name = f"{KIND_LABELS[Kind(letter.kind)]}{letter.doc_number}"
        if letter.kind == Kind.SUPERVISION:
            red.append(f"{name}尚未办结")
        elif letter.status in AWAITING_ANSWER:
            amber.append(f"{name}待回复")
    if facts.overdue_tasks:
        amber.append(f"清单任务逾期{len(facts.overdue_tasks)}项")
    if red:
        return RagStatus(Rag.RED, tuple(red + amber))
    if amber:
        return RagStatus(Rag.AMBER, tuple(amber))
    if exp is not None and facts.started(on) and not facts.completed(on):
        return RagStatus(Rag.GREEN, (f"投资进度正常：{exp.explanation}",))
    if facts.completed(on):
        return RagStatus(Rag.GREEN, ("已竣工投产",))
    return RagStatus(Rag.GREEN, ("按计划推进，无逾期事项",))


# ------------------------------------------------------------------------------------------------ deadlines


def reply_due_on(calendar: WorkCalendar, issued_on: datetime.date, working_days: int) -> datetime.date:
    """The reply deadline: `working_days` working days after the issuing day (holidays and 调休 followed)."""
    return calendar.add_working_days(issued_on, working_days)


def doc_number(prefix: str, year: int, number: int) -> str:
    """`示范重项督〔2026〕15号`."""
    return f"{prefix}〔{year}〕{number}号"


def county_short(name: str) -> str:
    """`示范县` → `示范` (the county's short name used in document prefixes)."""
    return name[:-1] if len(name) > 2 and name[-1] in "县区市旗" else name
