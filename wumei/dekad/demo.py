"""Demo history of 每旬必督: the supervision round run at each dekad start of the past months, as of that day,
so the demo county has the letters and work reminders of its past dekads — produced by the same rules and the
same round, not typed in.

After each past round the HQ office issues most of the new drafts (on the round day or the next working day)
and drops a few; units receive them, most answer within the deadline, some late, a few never (an unanswered
assignment letter then becomes a supervision letter at a later round, by the rule); the HQ office closes most
answered letters. Actions are lived in date order between the rounds; those that would fall today or later
have not happened yet, so the latest letters are still open and the current dekad's drafts wait to be issued.
The current dekad's round sends its messages; the past rounds' reminders are kept without messages (they would
long have been read). A few dispatch orders the HQ office wrote by hand complete the picture.

Deterministic for a given `rng` and `today`. Runs after problems, visits and daily reports (whose facts the
work reminders read), inside the demo loader's transaction.
"""

import datetime
import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from wumei.calendar.rules import WorkCalendar, dekad_of
from wumei.calendar.services import load_calendar
from wumei.dekad import rules, services
from wumei.dekad.models import DekadRound, DispatchOrder, Letter, LetterEvent, WorkReminder
from wumei.org.models import Region, Role, RoleAssignment
from wumei.projects.models import Project

HISTORY_DAYS = 182
S = Letter.Status
A = LetterEvent.Action
WITHDRAW_CHANCE = 0.08
NEVER_ANSWER_CHANCE = 0.08
LATE_ANSWER_CHANCE = 0.15
CLOSE_CHANCE = 0.85

REPLIES = {
    "reminder": ["已对照开工条件逐项梳理，施工许可已报审，施工单位已进场准备，确保按期开工。",
                 "已成立开工专班，用地、规划手续已办结，拟按计划时间举行开工仪式。"],
    "assignment": ["已召开专题调度会，明确分管领导和责任人，倒排工期，力争本月底前开工。",
                   "针对审批手续滞后问题，已与审批服务局对接容缺受理，相关手续预计10个工作日内办结。",
                   "已协调属地镇街完成剩余征拆工作，施工便道已贯通，主体工程即将开工。"],
    "supervision": ["单位主要负责人已赴现场调度，增加施工班组和设备投入，实行24小时轮班作业，确保赶上序时进度。",
                    "已制定投资进度追赶方案，加快设备采购合同签订和进度款支付，预计下月投资完成率提升至序时进度以上。"],
}
CLOSE_NOTES = ["回复措施具体，已按要求整改，予以办结。", "经现场核实，问题已解决，予以办结。",
               "项目已按要求推进，办结。"]
ORDERS = [
    ("关于加快{name}施工用电接入的调度令", "请供电部门和项目责任单位于完成时限前完成施工临时用电接入，确保项目施工用电需求。"),
    ("关于加快{name}征拆扫尾工作的调度令", "请属地乡镇（街道）和项目责任单位加大征拆工作力度，完成剩余房屋征收和迁坟工作，按期交付施工用地。"),
    ("关于加快{name}审批手续办理的调度令", "请行政审批服务局会同相关部门开辟绿色通道，实行容缺受理、并联审批，确保项目手续按期办结。"),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def round_days(today: datetime.date, history_days: int = HISTORY_DAYS) -> list[datetime.date]:
    """Each dekad start from `history_days` ago up to the current dekad's start."""
    first = dekad_of(today - datetime.timedelta(days=history_days))
    days, dekad = [], first if first.start >= today - datetime.timedelta(days=history_days) else first.next()
    while dekad.start <= today:
        days.append(dekad.start)
        dekad = dekad.next()
    return days


def _working_on_or_after(calendar: WorkCalendar, day: datetime.date) -> datetime.date:
    while not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


@dataclass
class _Life:
    """Actions scheduled on future days, applied in date order before each round."""

    queue: list = field(default_factory=list)
    counter: itertools.count = field(default_factory=itertools.count)

    def at(self, day: datetime.date, action: Callable[[], None]) -> None:
        heapq.heappush(self.queue, (day, next(self.counter), action))

    def run_before(self, day: datetime.date) -> None:
        while self.queue and self.queue[0][0] < day:
            _, _, action = heapq.heappop(self.queue)
            action()


class _History:
    def __init__(self, county: Region, today: datetime.date, rng: random.Random) -> None:
        self.county, self.today, self.rng = county, today, rng
        self.calendar = load_calendar()
        self.life = _Life()
        self.hq = self._user(Role.HQ_OFFICE)
        self.stubborn_shown = False
        self.counts = {"letters_issued": 0, "letters_answered": 0, "letters_closed": 0, "letters_withdrawn": 0}

    def _user(self, role: str, unit_id: int | None = None):
        qs = RoleAssignment.objects.filter(role=role, person__user__isnull=False, person__is_active=True)
        qs = qs.filter(unit_id=unit_id) if unit_id else qs.filter(region=self.county)
        found = qs.select_related("person__user").order_by("person_id").first()
        return found.person.user if found else None

    def _event(self, letter: Letter, action: str, from_status: str, day: datetime.date, hour: int, actor,
               note: str = "") -> None:
        LetterEvent.objects.create(letter=letter, action=action, from_status=from_status, to_status=letter.status,
                                   on=day, note=note, actor=actor, at=_at(day, hour, self.rng.randint(0, 59)))

    # The letter's life ---------------------------------------------------------------------------------------

    def after_round(self, day: datetime.date, label: str, created: list[int], current: bool) -> None:
        """The HQ office deals with a past round's new drafts: most issued, a few dropped. The current dekad's
        drafts wait for it."""
        Letter.objects.filter(pk__in=created).update(created_at=_at(day, 8, 30))
        LetterEvent.objects.filter(letter_id__in=created, action=A.DRAFT).update(at=_at(day, 8, 30))
        WorkReminder.objects.filter(county=self.county, dekad=label).update(created_at=_at(day, 8, 30))
        DekadRound.objects.filter(county=self.county, dekad=label).update(last_run_at=_at(day, 8, 30))
        if current:
            return
        issue_day = _working_on_or_after(self.calendar, day)
        for letter in Letter.objects.filter(pk__in=created).select_related("county", "recipient_unit").order_by("pk"):
            if issue_day >= self.today:
                continue
            if letter.recipient_unit_id is None or self.rng.random() < WITHDRAW_CHANCE:
                self.life.at(issue_day, lambda letter=letter: self.withdraw(letter, issue_day))
            else:
                self.life.at(issue_day, lambda letter=letter: self.issue(letter, issue_day))

    def withdraw(self, letter: Letter, day: datetime.date) -> None:
        letter.refresh_from_db()
        if letter.status != S.DRAFT:
            return
        letter.status = S.WITHDRAWN
        letter.save(update_fields=["status"])
        self._event(letter, A.WITHDRAW, S.DRAFT, day, 9, self.hq, "项目情况已变化，本旬不再发函")
        self.counts["letters_withdrawn"] += 1

    def issue(self, letter: Letter, day: datetime.date) -> None:
        letter.refresh_from_db()
        if letter.status != S.DRAFT:
            return
        settings = services.queries.settings_for(letter.county)
        number = services.allocate_number(letter.county, letter.kind, day.year)
        letter.year, letter.number = day.year, number
        letter.doc_number = rules.doc_number(settings.prefix_for(letter.kind), day.year, number)
        letter.issued_on, letter.issued_by, letter.status = day, self.hq, S.ISSUED
        letter.reply_due_on = rules.reply_due_on(self.calendar, day, letter.reply_days)
        letter.save()
        self._event(letter, A.ISSUE, S.DRAFT, day, 10, self.hq, letter.doc_number)
        self.counts["letters_issued"] += 1
        liaison = self._user(Role.LIAISON, letter.recipient_unit_id)
        received = _working_on_or_after(self.calendar, day + datetime.timedelta(days=self.rng.randint(0, 1)))
        self.life.at(received, lambda: self.receive(letter, received, liaison))
        draw = self.rng.random()
        if letter.kind == Letter.Kind.ASSIGNMENT and not self.stubborn_shown:
            self.stubborn_shown = True  # one unit never answers: the round turns its letter into a supervision one
            return
        if draw < NEVER_ANSWER_CHANCE:
            return
        late = draw < NEVER_ANSWER_CHANCE + LATE_ANSWER_CHANCE
        steps = letter.reply_days + self.rng.randint(1, 4) if late else self.rng.randint(1, letter.reply_days)
        answered = max(received, self.calendar.add_working_days(day, steps))
        self.life.at(answered, lambda: self.answer(letter, answered, liaison))

    def receive(self, letter: Letter, day: datetime.date, liaison) -> None:
        letter.refresh_from_db()
        if letter.status != S.ISSUED:
            return
        letter.status, letter.received_at, letter.received_by = S.RECEIVED, _at(day, 11), liaison
        letter.save(update_fields=["status", "received_at", "received_by"])
        self._event(letter, A.RECEIVE, S.ISSUED, day, 11, liaison)

    def answer(self, letter: Letter, day: datetime.date, liaison) -> None:
        letter.refresh_from_db()
        if letter.status not in rules.AWAITING_ANSWER:
            return  # escalated meanwhile
        before = letter.status
        letter.reply_text = self.rng.choice(REPLIES[letter.kind])
        letter.status, letter.answered_on, letter.answered_by = S.ANSWERED, day, liaison
        if letter.received_at is None:
            letter.received_at, letter.received_by = _at(day, 11), liaison
        letter.save()
        late = "（逾期回复）" if letter.reply_due_on and day > letter.reply_due_on else ""
        self._event(letter, A.ANSWER, before, day, 16, liaison, letter.reply_text + late)
        self.counts["letters_answered"] += 1
        if self.rng.random() < CLOSE_CHANCE:
            closed = self.calendar.add_working_days(day, self.rng.randint(1, 4))
            self.life.at(closed, lambda: self.close(letter, closed))

    def close(self, letter: Letter, day: datetime.date) -> None:
        letter.refresh_from_db()
        if letter.status != S.ANSWERED:
            return
        letter.status, letter.closed_on, letter.closed_by = S.CLOSED, day, self.hq
        letter.close_note = self.rng.choice(CLOSE_NOTES)
        letter.save()
        self._event(letter, A.CLOSE, S.ANSWERED, day, 15, self.hq, letter.close_note)
        self.counts["letters_closed"] += 1

    # Dispatch orders ---------------------------------------------------------------------------------------

    def orders(self) -> int:
        """A few dispatch orders about lagging projects, numbered in date order; the oldest carried out."""
        projects = list(Project.objects.filter(county=self.county, responsible_unit__isnull=False,
                                               letters__kind=Letter.Kind.SUPERVISION).distinct().order_by("pk")[:3])
        if not projects:
            projects = list(Project.objects.filter(county=self.county, responsible_unit__isnull=False)
                            .order_by("pk")[:3])
        settings = services.queries.settings_for(self.county)
        made = 0
        for n, project in enumerate(projects):
            title, body = ORDERS[n % len(ORDERS)]
            day = _working_on_or_after(self.calendar, self.today - datetime.timedelta(days=60 - 25 * n))
            if day >= self.today:
                continue
            order = DispatchOrder.objects.create(
                county=self.county, title=title.format(name=project.name), body=body,
                deadline_on=self.calendar.add_working_days(day, 10), created_by=self.hq, created_at=_at(day, 9))
            order.units.set([project.responsible_unit])
            order.projects.set([project])
            number = services.allocate_number(self.county, "dispatch", day.year)
            order.year, order.number, order.status = day.year, number, DispatchOrder.Status.ISSUED
            order.doc_number = rules.doc_number(settings.prefix_for("dispatch"), day.year, number)
            order.issued_on, order.issued_by = day, self.hq
            if n == 0:
                order.status, order.closed_on, order.closed_by = DispatchOrder.Status.CLOSED, order.deadline_on, self.hq
                order.close_note = "已按调度令要求完成"
            order.save()
            made += 1
        return made


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Run the round at each dekad start of the last HISTORY_DAYS days and live the letters through. Writes once."""
    if Letter.objects.filter(county=county).exists() or DekadRound.objects.filter(county=county).exists():
        return {"letters": 0, "work_reminders": 0, "dekad_rounds": 0, "dispatch_orders": 0}
    history = _History(county, today, rng)
    days = round_days(today)
    for day in days:
        history.life.run_before(day)
        current = dekad_of(day) == dekad_of(today)
        result = services.run_dekad_round(day, county=county, send=current)
        history.after_round(day, result.dekad.label, result.created, current)
    history.life.run_before(today)
    return {
        "letters": Letter.objects.filter(county=county).count(),
        **history.counts,
        "work_reminders": WorkReminder.objects.filter(county=county).count(),
        "dekad_rounds": len(days),
        "dispatch_orders": history.orders(),
    }
