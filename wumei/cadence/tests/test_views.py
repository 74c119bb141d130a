"""The job history and the schedule pages: who sees them, what they show, the HQ office's time changes."""

import pytest
from django.urls import reverse

from wumei.audit.models import AuditEvent
from wumei.cadence.models import JobRun, Schedule
from wumei.cadence.tests.conftest import at, d
from wumei.testing import Role, user_with_role

ROUND_DAY = d(6, 11)


def make_run(job="dekad.round", on=ROUND_DAY, **values):
    values = {"scheduled_for": at(on, 8, 30), "started_at": at(on, 8, 30), "finished_at": at(on, 8, 31),
              "duration_ms": 1250, "status": JobRun.Status.SUCCEEDED, "result": {"dekad": "2026-06中旬"}, **values}
    return JobRun.objects.create(job=job, on=on, **values)


@pytest.fixture
def sys_admin(world):
    return user_with_role(Role.SYS_ADMIN, world.county, username="sys_admin")


@pytest.mark.parametrize("name", ["cadence:run-list", "cadence:schedule"])
def test_only_the_hq_office_and_the_system_administrator_see_the_pages(client, world, sys_admin, name):
    url = reverse(name)
    assert client.get(url).status_code == 302  # to the sign-in page
    for user in (world.nobody, world.liaison, world.commander, world.auditor):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
    for user in (world.hq, sys_admin):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_the_history_shows_what_ran_for_how_long_what_it_produced_and_what_failed(client, world,
                                                                                  django_assert_max_num_queries):
    make_run()
    failed = make_run("quarterly.score", d(7, 1), status=JobRun.Status.FAILED, result={}, is_catch_up=True,
                      error="ModuleNotFoundError: No module named 'wumei.quarterly.services'\n\nTraceback …")
    for i in range(1, 10):
        make_run("problems.escalate", d(6, i), result={"on": f"2026-06-0{i}", "escalated": i})
    client.force_login(world.hq)
    with django_assert_max_num_queries(18):
        html = client.get(reverse("cadence:run-list")).content.decode()
    assert "每旬督查" in html and "1.25秒" in html and "dekad=2026-06中旬" in html
    assert "No module named &#x27;wumei.quarterly.services&#x27;" in html and "补运行" in html
    assert "escalated=9" in html

    only_failed = client.get(reverse("cadence:run-list"), {"status": "failed"}).context["page"]
    assert [run.pk for run in only_failed] == [failed.pk]
    by_job = client.get(reverse("cadence:run-list"), {"job": "problems.escalate", "first": "2026-06-03",
                                                      "last": "2026-06-04"}).context["page"]
    assert sorted(run.on.day for run in by_job) == [3, 4]
    bad = client.get(reverse("cadence:run-list"), {"first": "2026-06-05", "last": "2026-06-01"})
    assert "结束日期不能早于开始日期" in bad.content.decode()

    detail = client.get(reverse("cadence:run-detail", args=[failed.pk])).content.decode()
    assert "季度考核评分" in detail and "Traceback" in detail


def test_the_hq_office_adjusts_a_time_and_the_change_is_audited(client, world):
    client.force_login(world.hq)
    client.get(reverse("cadence:schedule"))
    response = client.post(reverse("cadence:schedule"), {"job": "daily.digest", "daily-digest-at": "18:15",
                                                         "daily-digest-is_enabled": ""})
    assert response.status_code == 302
    row = Schedule.objects.get(job="daily.digest")
    assert (f"{row.at:%H:%M}", row.is_enabled, row.updated_by) == ("18:15", False, world.hq)
    event = AuditEvent.objects.get(action="schedule.update")
    assert event.after == {"at": "18:15", "is_enabled": False} and event.note == "日报报送情况：18:15，停用"

    bad = client.post(reverse("cadence:schedule"), {"job": "daily.digest", "daily-digest-at": "8点"})
    assert "时间格式应为 时:分" in bad.content.decode()
    assert AuditEvent.objects.filter(action="schedule.update").count() == 1


def test_the_system_administrator_sees_the_times_but_cannot_change_them(client, world, sys_admin):
    client.force_login(sys_admin)
    assert "保存" not in client.get(reverse("cadence:schedule")).content.decode()
    response = client.post(reverse("cadence:schedule"), {"job": "daily.digest", "daily-digest-at": "18:15"})
    assert response.status_code == 403
    assert not Schedule.objects.filter(job="daily.digest", at="18:15").exists()
