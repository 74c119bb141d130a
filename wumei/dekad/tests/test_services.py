"""The round and the letter's life through the services, with their history rows, audit events and messages."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from wumei.audit.models import AuditEvent
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.dekad import queries, services
from wumei.dekad.models import (
    DekadRound,
    DispatchOrder,
    Letter,
    LetterEvent,
    MonthlyPlan,
    NumberCounter,
    WorkReminder,
)
from wumei.dekad.tests.conftest import TODAY, d, freeze
from wumei.notify.models import Message
from wumei.projects.models import Progress
from wumei.testing import ProjectFactory

S = Letter.Status


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def letter_of(world, project, kind) -> Letter:
    return Letter.objects.get(project=project, kind=kind)


def run(on=TODAY, county=None):
    return services.run_dekad_round(on, county=county)


# The round ----------------------------------------------------------------------------------------------------

def test_the_round_drafts_a_reminder_and_a_supervision_letter_with_their_basis(dekad_world):
    w = dekad_world
    result = run(county=w.county)
    assert {(letter.project_id, letter.kind) for letter in result.letters} == {
        (w.project.pk, "reminder"), (w.other.pk, "supervision")}
    reminder = letter_of(w, w.project, "reminder")
    assert reminder.status == S.DRAFT and reminder.dekad == "2026-06中旬" and reminder.dekad_start == d(6, 11)
    assert reminder.rule == "reminder.start_soon" and reminder.subject_on == d(7, 1)
    assert reminder.basis["reasons"][0]["inputs"] == {"planned_start_on": "2026-07-01", "days_ahead": 20}
    assert reminder.basis["thresholds"]["reminder_days"] == 30
    assert reminder.recipient_unit == w.unit and reminder.reply_days == 5
    assert reminder.title == f"关于{w.project.name}按期开工的提醒函"
    supervision = letter_of(w, w.other, "supervision")
    assert supervision.rule == "supervision.investment_lagging"
    assert supervision.basis["reasons"][0]["inputs"]["expected"] == "1000.0000"
    assert "完成年度计划的18.8%，低于序时进度22.9个百分点" in supervision.body
    assert LetterEvent.objects.filter(letter=supervision, action="draft").count() == 1
    assert AuditEvent.objects.filter(action="letter.draft").count() == 2
    event = AuditEvent.objects.get(action="dekad.run_round")
    assert event.after["letters"] == 2 and event.region_code == w.county.code


def test_running_the_round_twice_yields_the_same_drafts(dekad_world):
    first = run().as_dict()
    second = run().as_dict()
    assert first == second and len(first["letters"]) == 2
    assert first["dekad"] == "2026-06中旬" and first["on"] == "2026-06-11"
    assert Letter.objects.count() == 2
    row = DekadRound.objects.get()
    assert row.runs == 2 and row.letters == 2


def test_a_later_day_of_the_same_dekad_finds_the_same_letters(dekad_world, time_machine):
    first = run().as_dict()["letters"]
    freeze(time_machine, d(6, 20))
    assert run(on=d(6, 20)).as_dict()["letters"] == first


def test_an_open_letter_of_an_earlier_dekad_is_not_drafted_again(dekad_world):
    run()
    assert run(on=d(6, 21)).letters == []
    assert Letter.objects.count() == 2


def test_a_withdrawn_draft_is_not_drafted_again_in_its_dekad(dekad_world):
    run()
    services.withdraw_letter(dekad_world.hq, letter_of(dekad_world, dekad_world.project, "reminder"), reason="已开工")
    assert [letter["kind"] for letter in run().as_dict()["letters"]] == ["supervision"]


def test_thresholds_are_read_from_the_county_settings(dekad_world):
    services.save_settings(dekad_world.hq, dekad_world.county, reminder_days=10, supervision_percent=Decimal(40))
    assert run().letters == []
    event = AuditEvent.objects.get(action="dekad.settings")
    assert event.before == {"reminder_days": 30, "supervision_percent": "50.0"}
    assert event.after == {"reminder_days": 10, "supervision_percent": "40"}


def test_settings_refuse_a_bad_s_curve_and_non_hq_users(dekad_world):
    with pytest.raises(ValidationError) as caught:
        services.save_settings(dekad_world.hq, dekad_world.county, s_curve="1,2,3")
    assert "12个月" in str(caught.value)
    with pytest.raises(PermissionDenied):
        services.save_settings(dekad_world.liaison, dekad_world.county, reminder_days=10)


def test_a_monthly_plan_replaces_the_months_elapsed_for_the_project(dekad_world):
    w = dekad_world
    services.set_monthly_plan(w.hq, w.other, 2026, [Decimal(0)] * 5 + [Decimal(400)] * 6 + [Decimal(0)])
    assert MonthlyPlan.objects.filter(project=w.other).count() == 12
    facts = queries.project_facts(type(w.other).objects.filter(pk=w.other.pk), TODAY)[w.other.pk]
    assert facts.monthly_plan[5] == Decimal(400)
    assert [letter.kind for letter in run().letters] == ["reminder"]  # nothing planned before June: not lagging
    assert AuditEvent.objects.filter(action="dekad.set_monthly_plan").exists()


def test_the_year_completed_comes_from_daily_cumulative_figures(dekad_world):
    w = dekad_world
    Progress.objects.create(project=w.other, as_of=d(6, 10), cumulative_investment=Decimal(3700))
    facts = queries.project_facts(type(w.other).objects.filter(pk=w.other.pk), TODAY)[w.other.pk]
    assert facts.year_done == Decimal(650)  # 3700 − (3500 − 450)


def test_facts_take_a_fixed_number_of_queries(dekad_world, django_assert_max_num_queries):
    for _ in range(5):
        ProjectFactory(county=dekad_world.county)
    with django_assert_max_num_queries(5):
        facts = queries.project_facts(type(dekad_world.project).objects.all(), TODAY)
    assert len(facts) == 7


def test_overdue_tasks_feed_an_assignment_letter(dekad_world):
    from wumei.tasks.models import Task

    w = dekad_world
    Task.objects.create(project=w.other, title="完成电力线路迁改", owner_unit=w.other_unit, due_on=d(5, 27))
    letters = {letter.kind: letter for letter in run().letters if letter.project_id == w.other.pk}
    assert letters["assignment"].rule == "assignment.tasks_overdue"
    assert "完成电力线路迁改" in letters["assignment"].body


# Issuing and numbers ----------------------------------------------------------------------------------------------

def test_issuing_numbers_the_letter_sets_its_deadline_and_tells_the_unit(dekad_world):
    w = dekad_world
    run()
    letter = services.issue_letter(w.hq, letter_of(w, w.project, "reminder"))
    assert letter.status == S.ISSUED and letter.doc_number == "示范重项提〔2026〕1号"
    assert letter.issued_on == TODAY and letter.reply_due_on == d(6, 18)  # Thursday + 5 working days
    assert letter.issued_by == w.hq
    assert Message.objects.filter(recipient=w.liaison, kind="dekad.reminder").count() == 1
    assert Message.objects.filter(recipient=w.head).count() == 1
    assert not Message.objects.filter(recipient=w.other_liaison, kind="dekad.reminder").exists()
    event = AuditEvent.objects.get(action="letter.issue")
    assert event.after["doc_number"] == "示范重项提〔2026〕1号" and event.before["status"] == "draft"
    assert LetterEvent.objects.filter(letter=letter, action="issue", from_status="draft", to_status="issued").exists()


def test_numbers_run_per_kind_and_year(dekad_world, time_machine):
    w = dekad_world
    run()
    sup = services.issue_letter(w.hq, letter_of(w, w.other, "supervision"))
    rem = services.issue_letter(w.hq, letter_of(w, w.project, "reminder"))
    assert sup.doc_number == "示范重项督〔2026〕1号" and rem.doc_number == "示范重项提〔2026〕1号"
    third = ProjectFactory(county=w.county, responsible_unit=w.unit, planned_start_on=d(1, 10, 2027))
    freeze(time_machine, d(1, 4, 2027))
    run(on=d(1, 4, 2027))
    assert services.issue_letter(w.hq, letter_of(w, third, "reminder")).doc_number == "示范重项提〔2027〕1号"


def test_a_failed_issue_leaves_no_gap(dekad_world):
    w = dekad_world
    run()
    reminder = letter_of(w, w.project, "reminder")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_letter(w.hq, reminder)
        raise RuntimeError("the transaction fails after the number was taken")
    Letter.objects.filter(pk=reminder.pk).update(recipient_unit=None)
    with pytest.raises(ValidationError):
        services.issue_letter(w.hq, reminder)
    Letter.objects.filter(pk=reminder.pk).update(recipient_unit=w.unit)
    assert services.issue_letter(w.hq, reminder).number == 1
    assert NumberCounter.objects.get(series="reminder").last_number == 1


def test_a_letter_is_issued_once_and_only_by_the_hq_office(dekad_world):
    w = dekad_world
    run()
    letter = letter_of(w, w.project, "reminder")
    with pytest.raises(PermissionDenied):
        services.issue_letter(w.liaison, letter)
    with pytest.raises(PermissionDenied):
        services.issue_letter(w.commander, letter)
    services.issue_letter(w.hq, letter)
    with pytest.raises(ConflictError):
        services.issue_letter(w.hq, letter)


def test_the_reply_deadline_skips_the_national_day_holiday(dekad_world, national_day, time_machine):
    w = dekad_world
    run()
    freeze(time_machine, d(9, 30))
    letter = services.issue_letter(w.hq, letter_of(w, w.project, "reminder"), on=d(9, 30))
    assert letter.reply_due_on == d(10, 13)  # 10-08, 10-09, 10-10 (调休), 10-12, 10-13


def test_the_hq_office_edits_a_draft_but_not_an_issued_letter(dekad_world):
    w = dekad_world
    run()
    letter = letter_of(w, w.project, "reminder")
    services.update_draft(w.hq, letter, title="新标题", body="正文", recipient_unit=w.other_unit, reply_days=3)
    letter.refresh_from_db()
    assert (letter.title, letter.recipient_unit, letter.reply_days) == ("新标题", w.other_unit, 3)
    assert AuditEvent.objects.get(action="letter.edit").after == {"title": "新标题",
                                                                  "recipient_unit_id": w.other_unit.pk,
                                                                  "reply_days": 3}
    services.issue_letter(w.hq, letter)
    with pytest.raises(ConflictError):
        services.update_draft(w.hq, letter, title="再改", body="正文", recipient_unit=w.unit, reply_days=3)


# Receipt, answer, close, escalate --------------------------------------------------------------------------------

@pytest.fixture
def issued(dekad_world):
    run()
    return services.issue_letter(dekad_world.hq, letter_of(dekad_world, dekad_world.project, "reminder"))


def test_the_read_receipt_is_taken_once_by_the_recipient_unit_only(dekad_world, issued):
    w = dekad_world
    assert services.mark_received(w.hq, issued) is False
    assert services.mark_received(w.other_liaison, issued) is False
    assert services.mark_received(w.liaison, issued) is True
    issued.refresh_from_db()
    assert issued.status == S.RECEIVED and issued.received_by == w.liaison
    assert services.mark_received(w.head, issued) is False
    assert AuditEvent.objects.filter(action="letter.receive").count() == 1


def test_the_unit_answers_with_attachments_and_the_hq_office_is_told(dekad_world, issued):
    w = dekad_world
    upload = SimpleUploadedFile("整改方案.pdf", b"%PDF-1.4 measures", content_type="application/pdf")
    letter = services.answer_letter(w.head, issued, reply_text="已完成施工许可办理，7月1日开工", files=[upload])
    assert letter.status == S.ANSWERED and letter.answered_on == TODAY and letter.received_by == w.head
    [attachment] = letter.attachments.all()
    assert attachment.name == "整改方案.pdf" and attachment.size == len(b"%PDF-1.4 measures")
    assert Message.objects.filter(recipient=w.hq, kind="dekad.answer").count() == 1
    assert AuditEvent.objects.get(action="letter.answer").after["status"] == "answered"
    with pytest.raises(ConflictError):
        services.answer_letter(w.head, letter, reply_text="再次回复")


def test_an_answer_needs_text_allowed_files_and_the_recipient_unit(dekad_world, issued):
    w = dekad_world
    with pytest.raises(ValidationError) as caught:
        services.answer_letter(w.liaison, issued, reply_text=" ")
    assert "reply_text" in caught.value.error_dict
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as caught:
        services.answer_letter(w.liaison, issued, reply_text="措施", files=[bad])
    assert "类型不支持" in str(caught.value)
    with pytest.raises(PermissionDenied):
        services.answer_letter(w.other_liaison, issued, reply_text="措施")
    with pytest.raises(PermissionDenied):
        services.answer_letter(w.hq, issued, reply_text="措施")


def test_the_hq_office_closes_an_answered_letter_and_an_unanswered_one_only_with_a_reason(dekad_world, issued):
    w = dekad_world
    with pytest.raises(ValidationError):
        services.close_letter(w.hq, issued)
    services.answer_letter(w.liaison, issued, reply_text="已开工")
    with pytest.raises(PermissionDenied):
        services.close_letter(w.liaison, issued)
    letter = services.close_letter(w.hq, issued, note="已按期开工")
    assert letter.status == S.CLOSED and letter.closed_on == TODAY and letter.closed_by == w.hq
    assert AuditEvent.objects.get(action="letter.close").note == "已按期开工"
    assert Message.objects.filter(recipient=w.liaison, kind="dekad.close").exists()
    assert list(LetterEvent.objects.filter(letter=letter).values_list("action", flat=True)) == [
        "draft", "issue", "answer", "close"]


def test_escalating_an_assignment_letter_drafts_a_supervision_letter(dekad_world, time_machine):
    w = dekad_world
    freeze(time_machine, d(7, 16))
    run(on=d(7, 16))
    assignment = services.issue_letter(w.hq, letter_of(w, w.project, "assignment"), on=d(7, 16))
    higher = services.escalate_letter(w.hq, assignment, reason="回复措施不具体", on=d(7, 17))
    assignment.refresh_from_db()
    assert assignment.status == S.ESCALATED and assignment.escalated_to == higher
    assert higher.kind == "supervision" and higher.status == S.DRAFT and higher.rule == "escalated"
    assert "回复措施不具体" in higher.body and higher.basis["reasons"][0]["inputs"]["letter_id"] == assignment.pk
    with pytest.raises(ConflictError):
        services.escalate_letter(w.hq, services.issue_letter(w.hq, higher, on=d(7, 17)))


def test_an_assignment_letter_unanswered_past_its_deadline_becomes_a_supervision_letter(dekad_world, time_machine):
    w = dekad_world
    freeze(time_machine, d(7, 16))
    run(on=d(7, 16))
    assignment = services.issue_letter(w.hq, letter_of(w, w.project, "assignment"), on=d(7, 16))
    assert assignment.reply_due_on == d(7, 23)
    freeze(time_machine, d(7, 21))
    assert not [x for x in run(on=d(7, 21)).letters if x.project_id == w.project.pk]  # not yet past
    freeze(time_machine, d(8, 1))
    letters = [x for x in run(on=d(8, 1)).letters if x.project_id == w.project.pk]
    assert [(x.kind, x.rule) for x in letters] == [("supervision", "supervision.assignment_unanswered")]
    assignment.refresh_from_db()
    assert assignment.status == S.ESCALATED and assignment.escalated_to == letters[0]
    assert AuditEvent.objects.filter(action="letter.escalate", object_id=str(assignment.pk)).exists()


# Work reminders -------------------------------------------------------------------------------------------------

def test_a_lead_leader_is_reminded_of_projects_not_visited_last_week_once_per_dekad(dekad_world):
    w = dekad_world
    result = run()
    [visits] = [r for r in result.reminders if r.subject == "visits"]
    assert visits.person == w.lead_leader.person and visits.items == [{"project_id": w.project.pk,
                                                                       "name": w.project.name}]
    assert "2026年第23周" in visits.title
    run()
    assert WorkReminder.objects.filter(subject="visits").count() == 1
    assert Message.objects.filter(recipient=w.lead_leader, kind="dekad.work_reminder").count() == 1
    assert AuditEvent.objects.filter(action="work_reminder.send").count() == 1


def test_a_visit_last_week_means_no_reminder(dekad_world):
    from wumei.weekly.models import Visit

    w = dekad_world
    Visit.objects.create(project=w.project, leader=w.lead_leader.person, visited_on=d(6, 3), findings="现场查看")
    assert not [r for r in run().reminders if r.subject == "visits"]


def test_units_missing_reports_and_owning_overdue_problems_are_reminded(dekad_world):
    from wumei.problems.models import Problem
    from wumei.projects.models import StageChange

    w = dekad_world
    from wumei.daily.models import DailyReport

    StageChange.objects.create(project=w.project, to_stage="planning",
                               changed_at=datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC))
    DailyReport.objects.create(project=w.other, report_on=d(5, 20), image_progress="主体施工",
                               cumulative_investment=Decimal(3400), stage="started")
    Problem.objects.create(project=w.other, source="hq", description="施工用水管网未接通", owner_unit=w.other_unit,
                           raised_on=d(5, 1), due_on=d(5, 15), level_due_on=d(5, 15))
    reminders = {r.subject: r for r in run().reminders}
    assert reminders["reports"].unit == w.unit
    assert reminders["reports"].items[0]["missing"] == 8  # the working days of 06-01..06-10
    assert reminders["problems"].unit == w.other_unit and "施工用水管网未接通" in reminders["problems"].body
    assert Message.objects.filter(recipient=w.liaison, kind="dekad.work_reminder").count() == 1
    assert Message.objects.filter(recipient=w.other_head, kind="dekad.work_reminder").count() == 1
    DailyReport.objects.all().delete()
    assert "reports" not in {r.subject for r in run(on=d(6, 21)).reminders}  # reporting not started: no reminder


# Counts ------------------------------------------------------------------------------------------------------------

def test_letter_counts_for_a_period(dekad_world, issued):
    w = dekad_world
    services.issue_letter(w.hq, letter_of(w, w.other, "supervision"))
    services.answer_letter(w.liaison, issued, reply_text="已开工")
    counts = queries.letter_counts(d(6, 1), d(6, 30), w.county)
    assert counts["letters"] == 2 and counts["supervision_letters"] == 1 and counts["reminder_letters"] == 1
    assert counts["answered"] == 1 and counts["closed"] == 0 and counts["reminders"] >= 1
    assert queries.letter_counts(d(7, 1), d(7, 31), w.county)["letters"] == 0


# Dispatch orders -----------------------------------------------------------------------------------------------------

def test_a_dispatch_order_is_written_issued_with_its_own_number_and_closed(dekad_world):
    w = dekad_world
    order = services.save_dispatch_order(w.hq, w.county, title="关于加快纯碱项目供电线路建设的调度令",
                                         body="请于月底前完成10千伏线路架设。", units=[w.unit, w.other_unit],
                                         projects=[w.project], deadline_on=d(6, 30))
    assert order.status == DispatchOrder.Status.DRAFT and AuditEvent.objects.filter(
        action="dispatch_order.create").exists()
    order = services.issue_dispatch_order(w.hq, order)
    assert order.doc_number == "示范重项调〔2026〕1号"
    assert Message.objects.filter(recipient=w.other_liaison, kind="dekad.dispatch").count() == 1
    with pytest.raises(ConflictError):
        services.save_dispatch_order(w.hq, w.county, title="改", body="改", units=[w.unit], projects=[],
                                     deadline_on=d(6, 30), order=order)
    order = services.close_dispatch_order(w.hq, order, note="线路已架设")
    assert order.status == DispatchOrder.Status.CLOSED
    with pytest.raises(PermissionDenied):
        services.save_dispatch_order(w.liaison, w.county, title="x", body="y", units=[w.unit], projects=[],
                                     deadline_on=d(6, 30))
