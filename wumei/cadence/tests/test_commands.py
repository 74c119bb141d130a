"""`wumei cadence_tick`: the due jobs once, as cron would run it."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from wumei.cadence.models import JobRun


def call(*args) -> str:
    out = io.StringIO()
    call_command("cadence_tick", *args, stdout=out)
    return out.getvalue()


def test_the_command_runs_the_due_jobs_at_the_given_moment_once(county, time_machine):
    time_machine.move_to("2026-06-11T12:00:00+08:00", tick=False)
    assert call("--now", "2026-06-10T23:00") == "没有到点的任务。\n"  # the engine first meets its jobs
    runs = json.loads(call("--now", "2026-06-11T08:30", "--format", "json"))
    assert [(r["job"], r["on"], r["status"]) for r in runs] == [
        ("problems.escalate", "2026-06-11", "succeeded"), ("dekad.round", "2026-06-11", "succeeded")]
    assert runs[0]["catch_up"] is True and runs[1]["catch_up"] is False  # escalation was due at 07:30
    assert runs[1]["result"]["dekad"] == "2026-06中旬"
    text = call("--now", "2026-06-11T09:00+08:00")
    assert "起草督查通报 2026-06-11：成功" in text and "每旬督查" not in text
    assert JobRun.objects.filter(job="dekad.round").count() == 1


def test_a_bad_moment_is_refused_in_chinese(county):
    with pytest.raises(CommandError, match="时间格式应为 ISO 8601"):
        call("--now", "明天早上")
