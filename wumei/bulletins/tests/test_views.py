"""The bulletin pages: who reads drafts and issued ones, who edits, drafts and issues, downloads through the
documents app, the period counts, bounded query counts."""

import datetime

import pytest
from django.urls import reverse

from wumei.bulletins import services
from wumei.bulletins.models import Bulletin
from wumei.bulletins.tests.conftest import DRAFT_DAY
from wumei.testing import RegionFactory, Role, user_with_role

D = datetime.date
LIST = reverse("bulletins:bulletin-list")


@pytest.fixture
def pair(county_data, today):
    """An issued bulletin (2026-04中旬) and a draft (2026-04下旬)."""
    issued = services.draft_bulletin(county_data.county, D(2026, 4, 21))[0]
    issued = services.issue_bulletin(county_data.hq, issued, on=D(2026, 4, 22))
    draft = services.draft_bulletin(county_data.county, DRAFT_DAY)[0]
    return issued, draft


def detail(bulletin):
    return reverse("bulletins:bulletin-detail", args=[bulletin.pk])


# Anonymous -------------------------------------------------------------------------------------------------------

def test_anonymous_is_sent_to_login(client, pair):
    issued, draft = pair
    for url in (LIST, detail(issued), reverse("bulletins:bulletin-edit", args=[draft.pk]),
                reverse("bulletins:bulletin-download", args=[issued.pk, "pdf"])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))
    client.post(reverse("bulletins:bulletin-issue", args=[draft.pk]))
    assert Bulletin.objects.get(pk=draft.pk).is_draft


# Who reads what --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "sees_draft", "sees_issued"), [
    ("hq", True, True), ("commander", True, True),
    ("liaison", False, True), ("other_liaison", False, True), ("lead_leader", False, True),
    ("inspector", False, True),
    ("owner", False, False), ("auditor", False, False), ("nobody", False, False),
])
def test_drafts_are_the_hq_offices_and_issued_bulletins_go_to_the_county(login, pair, who, sees_draft, sees_issued):
    issued, draft = pair
    client = login(who)
    listed = {b.pk for b in client.get(LIST).context["page"].object_list}
    assert listed == {pk for pk, shown in ((draft.pk, sees_draft), (issued.pk, sees_issued)) if shown}
    assert client.get(detail(draft)).status_code == (200 if sees_draft else 404)
    assert client.get(detail(issued)).status_code == (200 if sees_issued else 404)


def test_another_countys_hq_office_sees_nothing(client, pair):
    elsewhere = RegionFactory(code="430500", name="别县")
    client.force_login(user_with_role(Role.HQ_OFFICE, elsewhere, username="hq_elsewhere"))
    assert list(client.get(LIST).context["page"].object_list) == []
    issued, draft = pair
    assert client.get(detail(issued)).status_code == 404
    assert client.post(reverse("bulletins:bulletin-issue", args=[draft.pk])).status_code == 404


def test_the_detail_page_shows_the_document_with_its_figures(login, pair):
    issued, draft = pair
    page = login("commander").get(detail(draft)).content.decode()
    assert "一、总体情况" in page and "完成年度计划的31.7%，低于序时进度1.6个百分点" in page
    assert "草稿" in page and "修改文字" not in page and "确认印发" not in page
    hq_page = login("hq").get(detail(draft)).content.decode()
    assert "修改文字" in hq_page and "确认印发" in hq_page
    issued_page = login("hq").get(detail(issued)).content.decode()
    assert "示范重项通〔2026〕1号" in issued_page and "修改文字" not in issued_page


# Editing, drafting, issuing --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [("hq", 200), ("commander", 403), ("liaison", 404)])
def test_who_may_open_the_edit_form_of_a_draft(login, pair, who, status):
    _, draft = pair
    assert login(who).get(reverse("bulletins:bulletin-edit", args=[draft.pk])).status_code == status


def test_the_hq_office_edits_a_draft_through_the_form(login, pair):
    _, draft = pair
    response = login("hq").post(reverse("bulletins:bulletin-edit", args=[draft.pk]), {
        "title": "关于4月下旬重点项目建设情况的通报", "recipients": "各单位：", "intro": "通报如下。",
        "comment_lagging": "滞后项目要制定赶超措施。", "requirements": "（一）加快进度。", "version": draft.version,
    })
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "关于4月下旬重点项目建设情况的通报" and draft.comments == {"lagging": "滞后项目要制定赶超措施。"}
    assert "滞后项目要制定赶超措施。" in login("hq").get(detail(draft)).content.decode()


def test_an_issued_bulletin_cannot_be_edited_through_the_form(login, pair):
    issued, _ = pair
    response = login("hq").post(reverse("bulletins:bulletin-edit", args=[issued.pk]),
                                {"title": "改", "version": issued.version}, follow=True)
    assert "通报已印发，不能再修改" in response.content.decode()
    assert Bulletin.objects.get(pk=issued.pk).title != "改"


def test_the_hq_office_issues_a_draft_and_readers_cannot(login, pair):
    _, draft = pair
    assert login("commander").post(reverse("bulletins:bulletin-issue", args=[draft.pk])).status_code == 403
    response = login("hq").post(reverse("bulletins:bulletin-issue", args=[draft.pk]), {"version": draft.version},
                                follow=True)
    assert "通报已印发：示范重项通〔2026〕2号" in response.content.decode()
    assert Bulletin.objects.get(pk=draft.pk).doc_number == "示范重项通〔2026〕2号"


def test_the_hq_office_drafts_from_the_page_once_per_dekad(login, county_data, today):
    client = login("hq")
    data = {"county": county_data.county.pk, "on": "2026-05-01"}
    first = client.post(reverse("bulletins:bulletin-draft"), data, follow=True)
    assert "已起草2026-04下旬督查通报" in first.content.decode()
    again = client.post(reverse("bulletins:bulletin-draft"), data, follow=True)
    assert "已经起草过" in again.content.decode() and Bulletin.objects.count() == 1
    future = client.post(reverse("bulletins:bulletin-draft"), {"county": county_data.county.pk, "on": "2026-05-20"},
                         follow=True)
    assert "不能为将来的日期起草通报" in future.content.decode() and Bulletin.objects.count() == 1
    assert login("liaison").post(reverse("bulletins:bulletin-draft"), data).status_code == 403


def test_refreshing_from_the_page(login, pair):
    _, draft = pair
    assert login("commander").post(reverse("bulletins:bulletin-refresh", args=[draft.pk])).status_code == 403
    assert login("hq").post(reverse("bulletins:bulletin-refresh", args=[draft.pk])).status_code == 302
    assert Bulletin.objects.get(pk=draft.pk).version == 2


# Downloads -------------------------------------------------------------------------------------------------------

def test_downloads_go_through_the_documents_app_and_follow_the_bulletins_scope(login, pair, settings):
    issued, draft = pair
    response = login("liaison").get(reverse("bulletins:bulletin-download", args=[issued.pk, "docx"]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('documents:download')}?kind=bulletin&id={issued.pk}&fmt=docx"
    assert login("liaison").get(reverse("bulletins:bulletin-download", args=[draft.pk, "docx"])).status_code == 404
    assert login("liaison").get(f"{reverse('documents:download')}?kind=bulletin&id={draft.pk}&fmt=docx") \
        .status_code == 404
    assert login("hq").get(reverse("bulletins:bulletin-download", args=[draft.pk, "odt"])).status_code == 404


# The period counts -----------------------------------------------------------------------------------------------

def test_the_hq_office_and_commanders_see_the_periods_document_counts(login, pair):
    response = login("hq").get(f"{LIST}?start=2026-04-01&end=2026-04-30")
    counts = response.context["counts"]
    assert (counts.letters, counts.bulletins, counts.work_reminders, counts.dispatch_orders) == (3, 1, 0, 0)
    assert 'data-count="letters">3<' in response.content.decode()
    assert login("commander").get(LIST).context["counts"] is not None
    assert login("liaison").get(LIST).context["counts"] is None


def test_an_invalid_period_falls_back_to_the_year_to_date(login, pair):
    response = login("hq").get(f"{LIST}?start=2026-05-01&end=2026-04-01")
    counts = response.context["counts"]
    assert (counts.start, counts.end) == (D(2026, 1, 1), DRAFT_DAY)
    assert "截止日期不能早于起始日期" in response.content.decode()


# Query bounds ----------------------------------------------------------------------------------------------------

def test_the_list_and_detail_pages_run_a_bounded_number_of_queries(login, county_data, today,
                                                                   django_assert_max_num_queries):
    day = D(2025, 1, 1)
    while day < D(2026, 5, 1):
        services.draft_bulletin(county_data.county, day)
        day += datetime.timedelta(days=10)
    client = login("hq")
    client.get(LIST)
    with django_assert_max_num_queries(16):
        assert client.get(LIST).status_code == 200
    bulletin = Bulletin.objects.first()
    with django_assert_max_num_queries(9):
        assert client.get(detail(bulletin)).status_code == 200


def test_a_long_ranking_is_shown_whole_on_the_page(login, county_data, today):
    from wumei.projects.models import AnnualPlan
    from wumei.testing import ProjectFactory

    for n in range(25):
        AnnualPlan.objects.create(project=ProjectFactory(county=county_data.county, name=f"排名项目{n:02d}"),
                                  year=2026, planned_investment=100)
    bulletin = services.draft_bulletin(county_data.county, DRAFT_DAY)[0]
    response = login("hq").get(detail(bulletin))
    assert len(response.context["full_ranking"]) == 27
    assert "全部项目投资完成率排名（27个" in response.content.decode()


def test_the_hq_office_downloads_an_issued_bulletin_as_word(login, pair, settings, tmp_path):
    import io
    import zipfile

    settings.MEDIA_ROOT = tmp_path
    issued, _ = pair
    response = login("hq").get(reverse("bulletins:bulletin-download", args=[issued.pk, "docx"]), follow=True)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "示范重项通〔2026〕1号" in xml and "一、总体情况" in xml
