"""The cadence engine across simulated time (time-machine): exactly the expected runs, each occurrence once
however often and from however many tickers it is asked, missed runs caught up once, adjusted times obeyed,
failures recorded without stopping the other jobs."""

import datetime
import threading

import pytest
from django.db import connection

from wumei.audit.models import AuditEvent
from wumei.cadence import jobs, services
from wumei.cadence.jobs import Job
from wumei.cadence.models import JobRun, Schedule
from wumei.cadence.rules import EVERY_DAY
from wumei.cadence.services import tick
from wumei.cadence.tests.conftest import at, counts, d, runs, tick_along, tick_days
from wumei.calendar.models import SpecialDay

HALF_HOUR = datetime.timedelta(minutes=30)


def explode(on: datetime.date) -> dict:
    raise RuntimeError(f"数据源不可用：{on}")


def test_a_simulated_month_runs_each_job_exactly_on_its_days(county, time_machine):
    """15 June – 14 July 2026, ticking twice at every job's time of day, at midnight and at noon. 19 June (端午节, a Friday, in the official calendar
    the migrations load) is a holiday, so the working days are 4 + 5 + 2 + 3 + 5 + 2 = 21; the Mondays are 15, 22, 29 June, 6 and 13 July; dekad starts
    fall on 21 June, 1 and 11 July; a month and a quarter begin on 1 July."""
    assert not SpecialDay.objects.get(day=d(6, 19)).is_working

    tick_days(time_machine, d(6, 15), d(7, 14))

    assert counts() == {
        "problems.escalate": 30, "reception.remind": 30,
        "daily.chase": 21, "daily.digest": 21,
        "weekly.coverage": 5,
        "dekad.round": 3, "bulletins.draft": 3,
        "consultation.agenda": 1, "quarterly.score": 1,
    }
    assert {on for job, on in runs() if job == "dekad.round"} == {d(6, 21), d(7, 1), d(7, 11)}
    assert (("daily.chase", d(6, 19)) not in runs()) and (("daily.chase", d(6, 18)) in runs())
    assert not JobRun.objects.filter(is_catch_up=True).exists()
    assert not JobRun.objects.filter(status=JobRun.Status.RUNNING).exists()
    chase = JobRun.objects.get(job="daily.chase", on=d(6, 18))
    assert chase.scheduled_for == at(d(6, 18), 17) and chase.started_at == at(d(6, 18), 17)
    assert chase.status == JobRun.Status.SUCCEEDED and chase.result["ran"] is True and chase.finished_at


def test_a_tick_before_a_jobs_time_runs_nothing_and_at_the_time_runs_it_once(county, time_machine):
    time_machine.move_to(at(d(6, 11), 8, 29), tick=False)
    assert "dekad.round" not in {run.job for run in tick()}
    time_machine.move_to(at(d(6, 11), 8, 30), tick=False)
    assert [run.job for run in tick()] == ["dekad.round"]
    assert tick() == [] and tick() == []
    assert counts()["dekad.round"] == 1


def test_after_a_gap_each_missed_job_runs_once_for_its_latest_occurrence(county, time_machine):
    """Up from Sunday 7 June until Monday 8 June 12:00, then down until Friday 12 June 10:00."""
    tick_days(time_machine, d(6, 7), d(6, 7))
    tick_along(time_machine, at(d(6, 8), 7), at(d(6, 8), 12), HALF_HOUR)
    before = runs()

    time_machine.move_to(at(d(6, 12), 10), tick=False)
    caught = tick()
    assert tick() == []

    assert {(run.job, run.on) for run in caught} == {
        ("problems.escalate", d(6, 12)), ("reception.remind", d(6, 12)),  # today's, already past their time
        ("daily.chase", d(6, 11)), ("daily.digest", d(6, 11)),            # Thursday's, not 9th and 10th too
        ("dekad.round", d(6, 11)), ("bulletins.draft", d(6, 11)),
    }
    assert all(run.is_catch_up for run in caught)
    assert runs() == before | {(run.job, run.on) for run in caught}
    assert ("problems.escalate", d(6, 9)) not in runs()


def test_a_catch_up_looks_back_seven_days_at_most(county, time_machine):
    time_machine.move_to(at(d(5, 31), 23), tick=False)
    tick()  # the engine starts knowing the jobs on 31 May
    time_machine.move_to(at(d(6, 9), 6), tick=False)
    caught = {run.job: run.on for run in tick()}
    assert "consultation.agenda" not in caught  # 1 June is 8 days back
    assert caught["weekly.coverage"] == d(6, 8) and caught["problems.escalate"] == d(6, 8)


def test_nothing_before_the_engine_first_knew_the_jobs_is_caught_up(county, time_machine):
    time_machine.move_to(at(d(6, 12), 6), tick=False)
    assert tick() == []  # the round of the 11th and Thursday's chase predate the installation
    assert Schedule.objects.count() == len(jobs.JOBS)


def test_an_adjusted_time_takes_effect_the_same_day(county, hq, time_machine):
    time_machine.move_to(at(d(6, 11), 7), tick=False)
    tick()
    services.update_schedule(hq, "dekad.round", at="10:15", is_enabled=True)
    event = AuditEvent.objects.get(action="schedule.update")
    assert (event.before, event.after) == ({"at": "08:30"}, {"at": "10:15"})

    time_machine.move_to(at(d(6, 11), 10, 14), tick=False)
    assert "dekad.round" not in {run.job for run in tick()}
    time_machine.move_to(at(d(6, 11), 10, 15), tick=False)
    run = JobRun.objects.get(pk=tick()[0].pk)
    assert (run.job, run.on, run.scheduled_for, run.is_catch_up) == ("dekad.round", d(6, 11), at(d(6, 11), 10, 15),
                                                                    False)
    services.update_schedule(hq, "dekad.round", at="11:00", is_enabled=True)
    time_machine.move_to(at(d(6, 11), 11), tick=False)
    assert tick() == []  # once a day: today's round already ran


def test_a_disabled_job_does_not_run(county, hq, time_machine):
    time_machine.move_to(at(d(6, 11), 7), tick=False)
    tick()
    services.update_schedule(hq, "dekad.round", at="08:30", is_enabled=False)
    time_machine.move_to(at(d(6, 11), 9), tick=False)
    assert "dekad.round" not in {run.job for run in tick()}


def test_a_failing_job_is_recorded_and_the_others_still_run(county, time_machine, monkeypatch):
    failing = (Job("test.explode", "会失败的任务", f"{__name__}.explode", EVERY_DAY, datetime.time(8)),
               Job("test.missing", "尚未实现的任务", "wumei.nowhere.services.run", EVERY_DAY, datetime.time(8)))
    declared = failing + jobs.JOBS
    monkeypatch.setattr(jobs, "JOBS", declared)
    monkeypatch.setattr(jobs, "BY_CODE", {job.code: job for job in declared})
    time_machine.move_to(at(d(6, 11), 7), tick=False)
    tick()

    time_machine.move_to(at(d(6, 11), 9), tick=False)
    done = {run.job: run for run in tick()}

    assert done["test.explode"].status == JobRun.Status.FAILED
    assert done["test.explode"].error.startswith("RuntimeError: 数据源不可用：2026-06-11")
    assert done["test.missing"].status == JobRun.Status.FAILED
    assert "No module named 'wumei.nowhere'" in done["test.missing"].error
    assert done["dekad.round"].status == done["problems.escalate"].status == JobRun.Status.SUCCEEDED
    stored = JobRun.objects.get(job="test.explode")
    assert stored.finished_at and stored.duration_ms is not None and "Traceback" in stored.error
    assert tick() == []  # a failed occurrence is not retried by every tick


def test_a_run_left_running_by_a_dead_worker_is_marked_failed(county, time_machine):
    time_machine.move_to(at(d(6, 11), 9), tick=False)
    JobRun.objects.create(job="dekad.round", on=d(6, 1), scheduled_for=at(d(6, 1), 8, 30),
                          started_at=at(d(6, 11), 2), status=JobRun.Status.RUNNING)
    tick()
    run = JobRun.objects.get(on=d(6, 1))
    assert run.status == JobRun.Status.FAILED and run.error.startswith("运行中断")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # see audit/tests/test_rollback.py
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent tickers need PostgreSQL")
def test_concurrent_tickers_run_each_occurrence_once(county, time_machine):
    time_machine.move_to(at(d(6, 10), 23), tick=False)
    tick()  # the 10th's own jobs
    time_machine.move_to(at(d(6, 11), 18), tick=False)
    barrier = threading.Barrier(4)
    results: list = [None] * 4

    def ticker(i: int) -> None:
        try:
            barrier.wait()
            results[i] = [(run.job, run.on) for run in tick()]
        except Exception as exc:  # noqa: BLE001 — the test inspects it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=ticker, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not [r for r in results if isinstance(r, Exception)], results
    claimed = [pair for result in results for pair in result]
    assert len(claimed) == len(set(claimed)) == JobRun.objects.filter(on=d(6, 11)).count()
    assert set(claimed) == {("problems.escalate", d(6, 11)), ("reception.remind", d(6, 11)),
                            ("dekad.round", d(6, 11)), ("bulletins.draft", d(6, 11)),
                            ("daily.chase", d(6, 11)), ("daily.digest", d(6, 11))}
