"""Drafting, editing, refreshing and issuing bulletins: one per county and dekad, figures frozen at the cut-off,
numbers without gaps, read-only once issued, every change audited."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from wumei.audit.models import AuditEvent
from wumei.bulletins import services
from wumei.bulletins.documents import bulletin_document
from wumei.bulletins.models import Bulletin, BulletinCounter
from wumei.bulletins.tests.conftest import DRAFT_DAY, make_letter
from wumei.calendar.rules import dekad_of
from wumei.core.errors import ConflictError, PermissionDenied, ValidationError
from wumei.projects.models import Progress, Project
from wumei.testing import ProjectFactory

D = datetime.date


def draft(world, on=DRAFT_DAY, actor=None):
    return services.draft_bulletin(world.county, on, actor=actor)[0]


# Drafting ----------------------------------------------------------------------------------------------------------

def test_a_draft_reports_the_dekad_before_with_figures_as_of_its_last_day(county_data, today):
    bulletin, created = services.draft_bulletin(county_data.county, DRAFT_DAY, actor=county_data.hq)

    assert created and bulletin.is_draft and bulletin.created_by == county_data.hq
    assert (bulletin.dekad_label, bulletin.dekad_start, bulletin.cutoff_on) == ("2026-04下旬", D(2026, 4, 21),
                                                                                D(2026, 4, 30))
    s = bulletin.snapshot
    assert s["issuer"] == "示范县重点项目建设协调总指挥部办公室" and s["schedule"] == "33.3"
    # 951 + 500 of 3000 + 1000 = 36.3%
    assert s["investment"]["total"]["text"] == "完成年度计划的36.3%，高于序时进度3个百分点"
    assert s["investment"]["levels"][0]["text"] == "完成年度计划的31.7%，低于序时进度1.6个百分点"
    assert [(row["name"], row["rate"]) for row in s["projects"]] == [("县城环线公路项目", "50.0"),
                                                                    ("轻盐集团年产100万吨纯碱项目", "31.7")]
    assert s["lagging"][0]["reasons"] == ["完成年度计划的31.7%，低于序时进度1.6个百分点", "清单任务逾期未完成1项"]
    assert s["letters"]["total"]["issued"] == 3 and s["letters"]["total"]["awaiting"] == 2
    assert bulletin.title == "关于2026年4月下旬全县重点项目建设推进情况的通报"
    event = AuditEvent.objects.get(action="bulletin.draft")
    assert event.object_id == str(bulletin.pk) and event.actor == county_data.hq
    assert event.region_code == county_data.county.code


def test_drafting_again_returns_the_same_bulletin(county_data, today):
    first, created = services.draft_bulletin(county_data.county, DRAFT_DAY)
    again, created_again = services.draft_bulletin(county_data.county, D(2026, 5, 10))  # same dekad
    assert created and not created_again and again.pk == first.pk
    assert Bulletin.objects.count() == 1 and AuditEvent.objects.filter(action="bulletin.draft").count() == 1
    following, created_next = services.draft_bulletin(county_data.county, D(2026, 5, 11))
    assert created_next and following.dekad_label == "2026-05上旬"


def test_a_dekad_boundary_decides_which_dekad_is_reported():
    assert services.reported_dekad(D(2026, 5, 1)).label == "2026-04下旬"
    assert services.reported_dekad(D(2026, 5, 10)).label == "2026-04下旬"
    assert services.reported_dekad(D(2026, 5, 11)).label == "2026-05上旬"
    assert services.reported_dekad(D(2026, 1, 1)).label == "2025-12下旬"
    assert services.reported_dekad(D(2026, 3, 1)).end == D(2026, 2, 28)


@pytest.mark.parametrize("who", ["commander", "liaison", "inspector", "nobody"])
def test_only_the_hq_office_drafts(county_data, today, who):
    with pytest.raises(PermissionDenied):
        services.draft_bulletin(county_data.county, DRAFT_DAY, actor=getattr(county_data, who))
    assert not Bulletin.objects.exists()


# The frozen cut-off ------------------------------------------------------------------------------------------------

def test_a_bulletin_shows_the_same_numbers_after_the_data_changed(county_data, today):
    bulletin = draft(county_data)
    services.issue_bulletin(county_data.hq, bulletin, on=D(2026, 5, 2))
    before = bulletin_document(Bulletin.objects.get(pk=bulletin.pk))

    # Late data for the dekad, a project completed, a new project, a letter answered, a letter issued.
    Progress.objects.filter(project=county_data.project).update(year_investment=Decimal(2000))
    Project.objects.filter(pk=county_data.other.pk).update(actual_completion_on=D(2026, 4, 29), stage="operating")
    ProjectFactory(county=county_data.county, name="新入库项目")
    make_letter(county_data.project, "supervision", issued_on=D(2026, 4, 27))
    from wumei.dekad.models import Letter
    Letter.objects.filter(kind="assignment").update(answered_on=D(2026, 4, 29), status="answered")

    after = bulletin_document(Bulletin.objects.get(pk=bulletin.pk))
    assert after == before
    # …while the figures computed now have changed (the test could fail).
    now = services.compute_snapshot(county_data.county, dekad_of(bulletin.dekad_start))
    assert now["investment"]["total"]["text"] != bulletin.snapshot["investment"]["total"]["text"]
    assert now["letters"]["total"]["issued"] == 4


def test_refreshing_a_draft_recomputes_its_figures_at_the_same_cut_off(county_data, today):
    bulletin = draft(county_data)
    Progress.objects.filter(project=county_data.project).update(year_investment=Decimal(1500))
    Progress.objects.create(project=county_data.project, as_of=D(2026, 5, 1), year_investment=Decimal(9999))
    refreshed = services.refresh_bulletin(county_data.hq, bulletin)
    # 1500 + 500 of 4000 = 50%; the record of 1 May is after the cut-off
    assert refreshed.snapshot["investment"]["total"]["rate"] == "50.0"
    assert refreshed.version == 2 and AuditEvent.objects.filter(action="bulletin.refresh").count() == 1


# Editing -----------------------------------------------------------------------------------------------------------

def test_the_hq_office_edits_the_text_and_the_audit_keeps_what_changed(county_data, today):
    bulletin = draft(county_data)
    edited = services.edit_bulletin(
        county_data.hq, bulletin, version=1, title=bulletin.title, recipients="各项目责任单位：",
        intro="现将4月下旬情况通报如下。", comments={"lagging": "请项目C加快进度。", "unknown": "ignored", "projects": " "},
        requirements="（一）加快进度。")
    assert edited.version == 2 and edited.comments == {"lagging": "请项目C加快进度。"}
    event = AuditEvent.objects.get(action="bulletin.update")
    assert set(event.after) == {"recipients", "intro", "comments", "requirements"}
    assert event.after["comments"] == {"lagging": "请项目C加快进度。"}


def test_a_stale_edit_and_an_empty_title_are_refused(county_data, today):
    bulletin = draft(county_data)
    services.edit_bulletin(county_data.hq, bulletin, version=1, title="标题一")
    with pytest.raises(ConflictError):
        services.edit_bulletin(county_data.hq, bulletin, version=1, title="标题二")
    with pytest.raises(ValidationError):
        services.edit_bulletin(county_data.hq, bulletin, version=2, title=" ")
    assert Bulletin.objects.get(pk=bulletin.pk).title == "标题一"


@pytest.mark.parametrize("who", ["commander", "liaison", "nobody"])
def test_only_the_hq_office_edits_and_issues(county_data, today, who):
    bulletin = draft(county_data)
    user = getattr(county_data, who)
    with pytest.raises(PermissionDenied):
        services.edit_bulletin(user, bulletin, version=1, title="x")
    with pytest.raises(PermissionDenied):
        services.issue_bulletin(user, bulletin)
    assert Bulletin.objects.get(pk=bulletin.pk).is_draft


# Issuing and numbering ---------------------------------------------------------------------------------------------

def test_issuing_gives_the_next_number_of_the_year_and_makes_it_read_only(county_data, today):
    first = services.issue_bulletin(county_data.hq, draft(county_data), on=D(2026, 5, 2))
    second = services.issue_bulletin(county_data.hq, draft(county_data, D(2026, 5, 11)), on=D(2026, 5, 12))

    assert (first.number_year, first.number, first.doc_number) == (2026, 1, "示范重项通〔2026〕1号")
    assert (second.number, second.doc_number, second.issued_by) == (2, "示范重项通〔2026〕2号", county_data.hq)
    assert BulletinCounter.objects.get(county=county_data.county, year=2026).last_number == 2
    event = AuditEvent.objects.filter(action="bulletin.issue").order_by("sequence").last()
    assert event.after == {"status": "issued", "doc_number": "示范重项通〔2026〕2号", "issued_on": "2026-05-12"}
    with pytest.raises(ConflictError):
        services.edit_bulletin(county_data.hq, first, version=first.version, title="改")
    with pytest.raises(ConflictError):
        services.issue_bulletin(county_data.hq, first)
    with pytest.raises(ConflictError):
        services.refresh_bulletin(county_data.hq, first)
    assert Bulletin.objects.get(pk=first.pk).doc_number == "示范重项通〔2026〕1号"


def test_numbers_start_again_each_year(county_data, today):
    services.issue_bulletin(county_data.hq, draft(county_data, D(2026, 12, 21)), on=D(2026, 12, 22))
    january = services.issue_bulletin(county_data.hq, draft(county_data, D(2027, 1, 1)), on=D(2027, 1, 4))
    assert january.doc_number == "示范重项通〔2027〕1号" and january.dekad_label == "2026-12下旬"


def test_an_issue_that_rolls_back_gives_its_number_back(county_data, today):
    first = draft(county_data)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.issue_bulletin(county_data.hq, first, on=D(2026, 5, 2))
        raise RuntimeError("the caller failed after issuing")
    assert Bulletin.objects.get(pk=first.pk).is_draft
    issued = services.issue_bulletin(county_data.hq, first, on=D(2026, 5, 2))
    assert issued.number == 1


def test_numbers_have_no_gaps_whatever_order_drafts_are_issued_in(county_data, today):
    drafts = [draft(county_data, day) for day in (D(2026, 5, 1), D(2026, 5, 11), D(2026, 5, 21), D(2026, 6, 1))]
    for bulletin in (drafts[2], drafts[0], drafts[3], drafts[1]):
        services.issue_bulletin(county_data.hq, bulletin, on=D(2026, 6, 2))
    numbers = sorted(Bulletin.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4]


def test_a_bulletin_is_not_issued_before_its_cut_off(county_data, today):
    with pytest.raises(ValidationError):
        services.issue_bulletin(county_data.hq, draft(county_data), on=D(2026, 4, 29))
    assert not BulletinCounter.objects.filter(last_number__gt=0).exists()
