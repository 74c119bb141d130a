"""Submitting daily reports: one per project per day, the checks, the registry updated, audit events, photos."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from wumei.audit.models import AuditEvent
from wumei.daily import conf
from wumei.daily.models import DailyReport
from wumei.daily.services import starting_values, submit_daily_report, submit_unchanged
from wumei.daily.tests.support import DAY, at, jpeg, not_an_image
from wumei.org.models import Role
from wumei.photos.models import Photo
from wumei.problems.models import Problem
from wumei.projects.models import Progress, Stage, StageChange


def submit(world, user=None, project=None, now=None, **values):
    values = {"image_progress": "主体结构施工至第3层", "cumulative_investment": Decimal(1200),
              "stage": Stage.STARTED, **values}
    return submit_daily_report(user or world.liaison, project or world.project, now=now or at(DAY, 10), **values)


def errors_of(excinfo) -> dict:
    return {k: v[0] for k, v in excinfo.value.message_dict.items()}


def test_a_submission_writes_the_report_the_registrys_progress_and_an_audit_event(daily):
    submission = submit(daily)

    report = submission.report
    assert submission.created and submission.refused_photos == []
    assert (report.report_on, report.cumulative_investment, report.revision) == (DAY, Decimal(1200), 1)
    assert report.investment_added == Decimal(200)  # over the February progress of 1000万元
    assert not report.is_late and report.reporter == daily.liaison
    assert report.reporter_name == daily.liaison.person.name
    progress = Progress.objects.get(project=daily.project, as_of=DAY)
    assert (progress.cumulative_investment, progress.image_progress) == (Decimal(1200), "主体结构施工至第3层")
    event = AuditEvent.objects.get(action="daily.submit")
    assert event.actor == daily.liaison and event.object_id == str(report.pk)
    assert event.after["cumulative_investment"] == "1200.0000"


def test_submitting_twice_the_same_day_updates_the_one_report(daily):
    submit(daily, now=at(DAY, 9))
    second = submit(daily, now=at(DAY, 11), image_progress="主体结构施工至第4层", cumulative_investment=1300)

    assert not second.created
    assert DailyReport.objects.filter(project=daily.project).count() == 1
    report = DailyReport.objects.get(project=daily.project)
    assert (report.image_progress, report.cumulative_investment, report.revision) == ("主体结构施工至第4层",
                                                                                        Decimal(1300), 2)
    assert report.submitted_at == at(DAY, 9) and report.updated_at == at(DAY, 11)
    assert report.investment_added == Decimal(300)  # still over the previous day's, not over the first try
    event = AuditEvent.objects.get(action="daily.resubmit")
    assert event.before["revision"] == 1 and event.after["revision"] == 2


@pytest.mark.parametrize("hour, minute, late", [(16, 59, False), (17, 0, True), (17, 1, True)])
def test_a_report_after_the_cutoff_is_accepted_and_marked_late(daily, hour, minute, late):
    assert submit(daily, now=at(DAY, hour, minute)).report.is_late is late


def test_the_cutoff_follows_the_setting(daily, monkeypatch):
    monkeypatch.setattr(conf, "REPORT_CUTOFF", "18:00")
    assert not submit(daily, now=at(DAY, 17, 30)).report.is_late


def test_a_correction_after_the_cutoff_keeps_an_on_time_report_on_time(daily):
    submit(daily, now=at(DAY, 9))
    assert not submit(daily, now=at(DAY, 20)).report.is_late


def test_a_report_for_yesterday_is_late_and_one_for_tomorrow_is_refused(daily):
    yesterday = submit(daily, now=at(DAY, 9), report_on=DAY - datetime.timedelta(days=1))
    assert yesterday.report.is_late

    with pytest.raises(ValidationError) as excinfo:
        submit(daily, now=at(DAY, 9), report_on=DAY + datetime.timedelta(days=1))
    assert "今天以后" in errors_of(excinfo)["report_on"]


def test_a_report_earlier_than_the_latest_one_is_refused(daily):
    submit(daily, now=at(DAY, 9))
    with pytest.raises(ValidationError) as excinfo:
        submit(daily, now=at(DAY, 10), report_on=DAY - datetime.timedelta(days=2))
    assert "不能再补报更早日期" in errors_of(excinfo)["report_on"]


def test_investment_may_not_fall_without_a_reason(daily):
    submit(daily, now=at(DAY - datetime.timedelta(days=1), 9), report_on=DAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as excinfo:
        submit(daily, cumulative_investment=1100)
    assert "比上次填报的1,200万元少" in errors_of(excinfo)["investment_reason"]
    assert not DailyReport.objects.filter(report_on=DAY).exists()

    report = submit(daily, cumulative_investment=1100, investment_reason="审计核减100万元").report
    assert report.investment_added == Decimal(-100) and report.investment_reason == "审计核减100万元"


def test_investment_may_not_exceed_the_total_without_a_reason(daily):
    with pytest.raises(ValidationError) as excinfo:
        submit(daily, cumulative_investment=10001)
    assert "超过项目总投资" in errors_of(excinfo)["investment_reason"]
    assert submit(daily, cumulative_investment=10001, investment_reason="总投资调增待批复").created


def test_a_new_stage_moves_the_registry_with_its_history(daily):
    report = submit(daily, stage=Stage.ASSESSMENT).report

    daily.project.refresh_from_db()
    assert daily.project.stage == Stage.ASSESSMENT
    assert report.from_stage == Stage.STARTED and report.stage_changed
    change = StageChange.objects.filter(project=daily.project).latest("changed_at")
    assert (change.from_stage, change.to_stage, change.actor) == (Stage.STARTED, Stage.ASSESSMENT, daily.liaison)
    assert AuditEvent.objects.filter(action="project.change_stage").exists()


def test_a_stage_may_not_go_back_without_a_reason(daily):
    with pytest.raises(ValidationError) as excinfo:
        submit(daily, stage=Stage.SITING)
    assert errors_of(excinfo)["stage_reason"] == "项目阶段从「落地开工」退回「规划选址」，请填写原因"
    daily.project.refresh_from_db()
    assert daily.project.stage == Stage.STARTED

    submit(daily, stage=Stage.SITING, stage_reason="施工许可被撤销，重新办理")
    daily.project.refresh_from_db()
    assert daily.project.stage == Stage.SITING
    assert StageChange.objects.filter(project=daily.project, reason="施工许可被撤销，重新办理").exists()


def test_progress_text_and_a_number_are_required(daily):
    with pytest.raises(ValidationError) as excinfo:
        submit(daily, image_progress="  ", cumulative_investment="一千")
    assert errors_of(excinfo) == {"image_progress": "请填写形象进度",
                                  "cumulative_investment": "请填写累计完成投资（万元），例如 12800 或 12800.5"}


def test_a_problem_met_is_raised_once_and_linked_to_the_report(daily):
    report = submit(daily, problem_category=Problem.Category.POWER,
                    problem_description="施工用电增容尚未完成").report
    submit(daily, problem_category=Problem.Category.POWER, problem_description="施工用电增容尚未完成")

    problem = Problem.objects.get()
    assert (problem.source, problem.category, problem.raised_on) == (Problem.Source.DAILY, Problem.Category.POWER,
                                                                      DAY)
    assert problem.owner_unit == daily.unit and problem.raised_by == daily.liaison
    assert list(report.problems.all()) == [problem]
    assert Progress.objects.get(project=daily.project, as_of=DAY).issues == "施工用电增容尚未完成"
    assert AuditEvent.objects.filter(action="problem.raise").count() == 1


def test_photos_are_stored_and_linked(daily):
    submission = submit(daily, photos=[jpeg("a.jpg"), jpeg("b.jpg", colour=(10, 200, 30))])

    assert submission.refused_photos == []
    assert submission.report.photos.count() == 2
    assert AuditEvent.objects.filter(action="daily.attach_photos").count() == 1


def test_a_refused_photo_keeps_the_report_and_the_other_photos_and_is_named(daily):
    submission = submit(daily, photos=[jpeg("good.jpg"), not_an_image("报告.jpg")])

    assert DailyReport.objects.filter(pk=submission.report.pk).exists()
    assert submission.report.photos.count() == 1
    assert len(submission.refused_photos) == 1 and "照片「报告.jpg」" in submission.refused_photos[0]
    assert Photo.objects.count() == 1


def test_photos_beyond_the_limit_are_refused_by_name(daily, monkeypatch):
    monkeypatch.setattr(conf, "MAX_PHOTOS", 1)
    submission = submit(daily, photos=[jpeg("one.jpg"), jpeg("two.jpg")])
    assert submission.report.photos.count() == 1
    assert submission.refused_photos == ["照片「two.jpg」超出每次最多1张的限制，未保存"]


def test_the_form_starts_from_the_days_report_or_else_the_previous_values(daily):
    values = starting_values(daily.project, DAY)
    assert (values.image_progress, values.cumulative_investment, values.stage) == ("基础工程施工中", Decimal(1000),
                                                                                   Stage.STARTED)
    assert values.existing is None and values.previous is None and values.can_repeat

    submit(daily, now=at(DAY, 9))
    same_day = starting_values(daily.project, DAY)
    assert same_day.existing is not None and same_day.cumulative_investment == Decimal(1200)
    next_day = starting_values(daily.project, DAY + datetime.timedelta(days=1))
    assert next_day.previous == same_day.existing and next_day.image_progress == "主体结构施工至第3层"


def test_unchanged_repeats_the_previous_values_in_one_tap(daily):
    submit(daily, now=at(DAY, 9))
    tomorrow = DAY + datetime.timedelta(days=1)
    report = submit_unchanged(daily.liaison, daily.project, now=at(tomorrow, 8, 30)).report

    assert (report.report_on, report.image_progress, report.cumulative_investment) == (
        tomorrow, "主体结构施工至第3层", Decimal(1200))
    assert report.investment_added == 0 and not report.is_late


def test_unchanged_needs_something_to_repeat(world):
    with pytest.raises(ValidationError) as excinfo:
        submit_unchanged(world.liaison, world.project, now=at(DAY, 9))
    assert "没有可沿用" in errors_of(excinfo)["image_progress"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent submissions need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_first_submissions_make_one_report_of_two_revisions():
    from wumei.testing import ProjectFactory, RegionFactory, UnitFactory, user_with_role

    county = RegionFactory(code="430424", name="示范县")
    unit = UnitFactory(region=county, name="县工业和信息化局")
    liaison = user_with_role(Role.LIAISON, county, unit, username="liaison")
    project = ProjectFactory(county=county, responsible_unit=unit, stage=Stage.STARTED)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run(amount):
        try:
            barrier.wait()
            results.append(submit_daily_report(liaison, project, image_progress="施工中", cumulative_investment=amount,
                                               stage=Stage.STARTED, now=at(DAY, 10)))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(Decimal(n),)) for n in (100, 200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    report = DailyReport.objects.get(project=project)
    assert report.revision == 2
    assert AuditEvent.objects.filter(action__in=["daily.submit", "daily.resubmit"]).count() == 2
