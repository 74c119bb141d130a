"""`wumei draft_bulletin --on YYYY-MM-DD`: one draft per county and dekad, however often it runs."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from wumei.audit.models import AuditEvent
from wumei.bulletins.models import Bulletin
from wumei.testing import ProjectFactory, RegionFactory


def run(*args) -> str:
    out = io.StringIO()
    call_command("draft_bulletin", *args, stdout=out)
    return out.getvalue()


def test_the_command_drafts_the_previous_dekads_bulletin_of_each_county_once(county_data):
    other = RegionFactory(code="430500", name="别县")
    ProjectFactory(county=other)
    RegionFactory(code="430600", name="无项目县")

    first = json.loads(run("--on", "2026-05-01", "--format", "json"))
    assert (first["on"], first["dekad"], first["cutoff"]) == ("2026-05-01", "2026-04下旬", "2026-04-30")
    assert [(b["county"], b["created"], b["status"]) for b in first["bulletins"]] == [
        ("示范县", True, "draft"), ("别县", True, "draft")]

    again = json.loads(run("--on", "2026-05-03", "--format", "json"))
    assert [b["created"] for b in again["bulletins"]] == [False, False]
    assert [b["id"] for b in again["bulletins"]] == [b["id"] for b in first["bulletins"]]
    assert Bulletin.objects.count() == 2 and AuditEvent.objects.filter(action="bulletin.draft").count() == 2


def test_the_command_says_what_it_did_in_chinese(county_data):
    assert "示范县 2026-04下旬督查通报：已起草（草稿）" in run("--on", "2026-05-01", "--county", "430424")
    assert "已存在（草稿），未重复起草" in run("--on", "2026-05-01", "--county", "430424")


def test_the_command_refuses_a_bad_date_or_an_unknown_county(db):
    with pytest.raises(CommandError):
        run("--on", "2026-13-01")
    with pytest.raises(CommandError):
        run("--on", "2026-05-01", "--county", "000000")
