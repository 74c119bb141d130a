"""`wumei load_demo`: loads once, prints the address and every role account, and reloads on --reset."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wumei.demo import data
from wumei.demo.tests.helpers import TODAY
from wumei.org.models import Role
from wumei.projects.models import Project


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_prints_the_address_and_every_role_account(db):
    output = run("--seed", "1", "--today", TODAY.isoformat())

    assert "已载入演示数据" in output and "http://127.0.0.1:8000/" in output
    lines = output.splitlines()
    for role in Role:
        line = next((ln for ln in lines if ln.split()[:1] == [role.value]), None)
        assert line is not None, role
        assert role.label in line and data.DEMO_PASSWORD in line


def test_running_again_says_it_is_there_and_still_prints_the_accounts(db):
    run("--seed", "1", "--today", TODAY.isoformat())
    count = Project.objects.count()

    output = run("--seed", "1", "--today", TODAY.isoformat())

    assert "演示数据已存在" in output
    assert all(role in output for role in Role.values)
    assert Project.objects.count() == count


def test_reset_reloads(db):
    run("--seed", "1", "--today", TODAY.isoformat())
    first = set(Project.objects.values_list("name", "planned_start_on"))

    output = run("--seed", "1", "--today", "2027-09-01", "--reset")

    assert "已载入演示数据" in output
    moved = set(Project.objects.values_list("name", "planned_start_on"))
    assert len(moved) == len(first) and moved != first


def test_a_malformed_day_is_refused(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--today", "2027/06/16")


def test_county_scale_loads_and_prints_its_accounts(db):
    output = run("--scale", "county", "--today", TODAY.isoformat())

    assert "已生成县级规模合成数据" in output
    assert Project.objects.filter(county__code="950101").count() == 170
    assert "hq_950101" in output and "hq_950000" in output
    assert "合成数据已存在" in run("--scale", "county", "--today", TODAY.isoformat())


def test_demo_accounts_are_marked_so_a_production_installation_refuses_them(db):
    from django.contrib.auth import get_user_model

    from wumei.demo.builder import load_demo
    from wumei.security.services import is_demo_account

    load_demo(seed=1)
    assert all(is_demo_account(u) for u in get_user_model().objects.filter(username__in=["hq_office", "auditor"]))


def test_the_demo_county_comes_with_months_of_history(db):
    import datetime

    from wumei.daily.models import DailyReport
    from wumei.demo.builder import load_demo
    from wumei.problems.models import Problem
    from wumei.weekly.models import InvestmentLead, Visit

    today = datetime.date(2026, 11, 27)
    result = load_demo(seed=1, today=today)
    assert DailyReport.objects.filter(report_on__lt=today - datetime.timedelta(days=60)).exists()
    assert Visit.objects.count() > 100 and InvestmentLead.objects.count() > 20
    assert set(Problem.objects.values_list("source", flat=True)) >= {"daily", "visit", "enterprise"}
    assert result.counts["all_problems"] == Problem.objects.count()
