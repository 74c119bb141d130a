"""The dekad pages: who sees what and who may act (a permission matrix), the read receipt, the actions through
the pages, thresholds, dispatch orders, the project panel and RAG badge, and bounded query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse

from wumei.dekad import services
from wumei.dekad.models import DekadSettings, DispatchOrder, Letter, WorkReminder
from wumei.dekad.tests.conftest import TODAY, d
from wumei.testing import ProjectFactory

S = Letter.Status
# Of an issued letter to world.unit about world.project: who reads it.
READERS = ["hq", "commander", "liaison", "head", "owner", "inspector", "lead_leader"]
OUTSIDERS = ["nobody", "other_liaison", "auditor"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def drafts(dekad_world):
    services.run_dekad_round(TODAY, county=dekad_world.county)
    return {letter.kind: letter for letter in Letter.objects.all()}


@pytest.fixture
def issued(dekad_world, drafts):
    return services.issue_letter(dekad_world.hq, drafts["reminder"])


def detail(letter) -> str:
    return reverse("dekad:letter-detail", args=[letter.pk])


def act(letter, action: str) -> str:
    return reverse("dekad:letter-act", args=[letter.pk, action])


# Anonymous --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["dekad:home", "dekad:letter-list", "dekad:settings", "dekad:reminder-list",
                                  "dekad:order-list", "dekad:order-create", "dekad:counts"])
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("web:login"))


def test_anonymous_cannot_run_the_round_or_act(client, dekad_world, issued):
    assert client.post(reverse("dekad:round-run"), {"on": "2026-06-11"}).status_code == 302
    assert client.post(act(issued, "close"), {"close-note": "x"}).status_code == 302
    assert Letter.objects.get(pk=issued.pk).status == S.ISSUED


# Who sees what ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("who", "status"), [*[(w, 200) for w in READERS], *[(w, 404) for w in OUTSIDERS]])
def test_an_issued_letter_is_shown_to_its_readers_and_hidden_from_outsiders(login, dekad_world, issued, who, status):
    response = login(who).get(detail(issued))
    assert response.status_code == status
    if status == 200:
        assert "示范重项提〔2026〕1号" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [("hq", 200), *[(w, 404) for w in READERS[1:] + OUTSIDERS]])
def test_a_draft_is_the_hq_offices_alone(login, dekad_world, drafts, who, status):
    assert login(who).get(detail(drafts["reminder"])).status_code == status


@pytest.mark.parametrize("who", READERS + OUTSIDERS)
def test_the_list_holds_exactly_the_letters_the_user_may_see(login, dekad_world, issued, who):
    content = login(who).get(reverse("dekad:letter-list")).content.decode()
    assert ("示范重项提〔2026〕1号" in content) is (who in READERS)
    assert (f"{reverse('dekad:letter-detail', args=[Letter.objects.get(kind='supervision').pk])}\"" in content) \
        is (who == "hq")


def test_the_read_receipt_is_taken_when_the_recipient_unit_opens_the_letter(login, dekad_world, issued):
    login("hq").get(detail(issued))
    login("commander").get(detail(issued))
    assert Letter.objects.get(pk=issued.pk).status == S.ISSUED
    response = login("liaison").get(detail(issued))
    assert "已签收" in response.content.decode()
    letter = Letter.objects.get(pk=issued.pk)
    assert letter.status == S.RECEIVED and letter.received_by == dekad_world.liaison


# Acting through the pages --------------------------------------------------------------------------------------------

def test_the_hq_office_runs_the_round_from_its_page(login, dekad_world):
    response = login("hq").post(reverse("dekad:round-run"), {"on": "2026-06-11", "county": dekad_world.county.pk},
                                follow=True)
    assert "2026-06中旬督查完成" in response.content.decode()
    assert Letter.objects.count() == 2
    assert login("liaison").post(reverse("dekad:round-run"), {"on": "2026-06-11"}).status_code == 403


def test_the_hq_office_issues_a_draft_and_the_unit_is_told(login, dekad_world, drafts):
    response = login("hq").post(act(drafts["reminder"], "issue"), {}, follow=True)
    assert "已印发：示范重项提〔2026〕1号" in response.content.decode()
    assert Letter.objects.get(pk=drafts["reminder"].pk).status == S.ISSUED


@pytest.mark.parametrize(("who", "action", "status"), [
    ("liaison", "close", 403), ("liaison", "escalate", 403), ("commander", "close", 403),
    ("commander", "answer", 403), ("hq", "answer", 403), ("other_liaison", "answer", 404),
    ("nobody", "close", 404),
])
def test_only_the_right_people_act_on_an_issued_letter(login, dekad_world, issued, who, action, status):
    response = login(who).post(act(issued, action), {"answer-reply_text": "措施", "close-note": "x"})
    assert response.status_code == status
    assert Letter.objects.get(pk=issued.pk).status == S.ISSUED


def test_the_liaison_cannot_issue_a_draft_he_cannot_see(login, dekad_world, drafts):
    assert login("liaison").post(act(drafts["reminder"], "issue")).status_code == 404
    assert Letter.objects.get(pk=drafts["reminder"].pk).status == S.DRAFT


def test_the_unit_answers_with_an_attachment_and_the_hq_office_closes(login, dekad_world, issued):
    upload = SimpleUploadedFile("整改情况.docx", b"PK\x03\x04 measures", content_type="application/octet-stream")
    response = login("head").post(act(issued, "answer"), {"answer-reply_text": "施工许可已办结，按期开工",
                                                          "answer-files": [upload]}, follow=True)
    content = response.content.decode()
    assert "已回复" in content and "整改情况.docx" in content
    letter = Letter.objects.get(pk=issued.pk)
    attachment = letter.attachments.get()
    url = reverse("dekad:letter-attachment", args=[letter.pk, attachment.pk])
    assert login("commander").get(url).status_code == 200
    assert login("other_liaison").get(url).status_code == 404
    response = login("hq").post(act(letter, "close"), {"close-note": "已按期开工"}, follow=True)
    assert "已办结" in response.content.decode()
    assert Letter.objects.get(pk=issued.pk).status == S.CLOSED


def test_an_empty_answer_shows_the_error_on_the_page(login, dekad_world, issued):
    response = login("liaison").post(act(issued, "answer"), {"answer-reply_text": ""})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()


def test_closing_twice_says_so_instead_of_failing(login, dekad_world, issued):
    services.close_letter(dekad_world.hq, issued, note="项目已开工")
    response = login("hq").post(act(issued, "close"), {"close-note": "再次"}, follow=True)
    assert "不能办结" in response.content.decode()


def test_the_hq_office_edits_a_draft_on_its_page(login, dekad_world, drafts):
    url = reverse("dekad:letter-edit", args=[drafts["reminder"].pk])
    assert login("hq").get(url).status_code == 200
    response = login("hq").post(url, {"title": "关于纯碱项目按期开工的提醒函", "body": "请按期开工。",
                                      "recipient_unit": dekad_world.unit.pk, "reply_days": 3})
    assert response.status_code == 302
    assert Letter.objects.get(pk=drafts["reminder"].pk).reply_days == 3


def test_the_escalate_action_leads_to_the_new_supervision_draft(login, dekad_world, time_machine):
    from wumei.dekad.tests.conftest import freeze

    freeze(time_machine, d(7, 16))
    services.run_dekad_round(d(7, 16), county=dekad_world.county)
    assignment = services.issue_letter(dekad_world.hq, Letter.objects.get(kind="assignment"))
    response = login("hq").post(act(assignment, "escalate"), {"escalate-reason": "未按要求整改"})
    higher = Letter.objects.get(kind="supervision", project=dekad_world.project)
    assert response["Location"] == detail(higher)


# Thresholds --------------------------------------------------------------------------------------------------------

def test_the_hq_office_keeps_the_thresholds_on_a_page(login, dekad_world):
    response = login("hq").get(reverse("dekad:settings"))
    assert response.status_code == 200 and "示范重项督〔2026〕1号" in response.content.decode()
    form = {
        "county": dekad_world.county.pk, "reminder_days": 20, "assignment_overdue_days": 15,
        "supervision_percent": "50", "amber_percent": "80", "basis": "elapsed",
        "s_curve": "3,7,13,20,28,37,47,57,67,77,88,100", "use_monthly_plans": "on", "reply_days_reminder": 5,
        "reply_days_assignment": 5, "reply_days_supervision": 3, "issuer": "", "prefix_reminder": "",
        "prefix_assignment": "", "prefix_supervision": "示范重督", "prefix_dispatch": "", "remind_visits": "on",
        "reminder_missing_reports": 3, "remind_problems": "on",
    }
    assert login("hq").post(reverse("dekad:settings"), form).status_code == 302
    row = DekadSettings.objects.get(county=dekad_world.county)
    assert (row.reminder_days, row.reply_days_supervision, row.prefix_for("supervision")) == (20, 3, "示范重督")
    bad = login("hq").post(reverse("dekad:settings"), {**form, "s_curve": "1,2"})
    assert bad.status_code == 200 and "12个月" in bad.content.decode()


@pytest.mark.parametrize("who", ["liaison", "commander", "lead_leader", "nobody"])
def test_only_the_hq_office_sees_the_thresholds(login, dekad_world, who):
    assert login(who).get(reverse("dekad:settings")).status_code == 403


# Dispatch orders --------------------------------------------------------------------------------------------------

def test_the_hq_office_writes_and_issues_a_dispatch_order_the_unit_reads(login, dekad_world):
    w = dekad_world
    response = login("hq").post(reverse("dekad:order-create"), {
        "title": "关于加快纯碱项目供电线路建设的调度令", "body": "完成10千伏线路架设。", "units": [w.unit.pk],
        "projects": [w.project.pk], "deadline_on": "2026-06-30"})
    order = DispatchOrder.objects.get()
    assert response["Location"] == reverse("dekad:order-detail", args=[order.pk])
    assert login("liaison").get(reverse("dekad:order-detail", args=[order.pk])).status_code == 404  # a draft
    login("hq").post(reverse("dekad:order-act", args=[order.pk, "issue"]))
    page = login("liaison").get(reverse("dekad:order-detail", args=[order.pk])).content.decode()
    assert "示范重项调〔2026〕1号" in page
    assert login("other_liaison").get(reverse("dekad:order-detail", args=[order.pk])).status_code == 404
    assert login("liaison").post(reverse("dekad:order-act", args=[order.pk, "close"])).status_code == 403
    assert login("liaison").get(reverse("dekad:order-create")).status_code == 403


# Reminders, counts, monthly plans ------------------------------------------------------------------------------

def test_a_leader_sees_his_reminders_and_not_the_units(login, dekad_world):
    services.run_dekad_round(TODAY, county=dekad_world.county)
    assert WorkReminder.objects.filter(subject="visits").exists()
    content = login("lead_leader").get(reverse("dekad:reminder-list")).content.decode()
    assert "未走访" in content
    assert "未走访" not in login("other_liaison").get(reverse("dekad:reminder-list")).content.decode()


def test_counts_for_a_period_are_said_in_one_sentence(login, dekad_world, issued):
    response = login("commander").get(reverse("dekad:counts"), {"start": "2026-06-01", "end": "2026-06-30"})
    assert "共印发交办督办函件1件（提醒函1件" in response.content.decode()
    assert login("liaison").get(reverse("dekad:counts")).status_code == 403


def test_the_hq_office_sets_a_monthly_plan(login, dekad_world):
    url = reverse("dekad:monthly-plan", args=[dekad_world.other.pk])
    data = {"year": 2026, **{f"m{m}": "200" for m in range(1, 13)}}
    assert login("hq").post(url, data).status_code == 302
    assert dekad_world.other.monthly_plans.count() == 12
    assert login("liaison").get(reverse("dekad:monthly-plan", args=[dekad_world.project.pk])).status_code == 403


# Panel and badge ----------------------------------------------------------------------------------------------------

def test_the_project_panel_explains_the_lag_and_lists_the_letters(dekad_world, issued, django_assert_max_num_queries):
    w = dekad_world
    template = Template("{% load dekad_tags %}{% dekad_project_panel project user %}")
    with django_assert_max_num_queries(14):
        html = template.render(Context({"project": w.other, "user": w.hq}))
    assert "完成年度计划的18.8%，低于序时进度22.9个百分点" in html and 'data-rag="red"' in html
    assert "督办函" in html  # the HQ office sees the draft
    html = template.render(Context({"project": w.other, "user": w.other_liaison}))
    assert "督办函" not in html and "滞后" in html


def test_the_rag_badges_of_a_page_of_projects_take_a_fixed_number_of_queries(dekad_world,
                                                                             django_assert_max_num_queries):
    for i in range(10):
        ProjectFactory(county=dekad_world.county, name=f"列表项目{i}", planned_start_on=d(5, 1))
    projects = list(type(dekad_world.project).objects.order_by("pk"))
    template = Template("{% load dekad_tags %}{% dekad_rag_map projects as rags %}"
                        "{% for p in projects %}{% rag_badge p rags %}{% endfor %}")
    with django_assert_max_num_queries(7):
        html = template.render(Context({"projects": projects}))
    assert html.count('data-rag="red"') == 11  # ten 41 days late to start, and the lagging one
    assert 'data-rag="amber"' not in html and 'data-rag="green"' in html


# Query bounds ------------------------------------------------------------------------------------------------------

def test_the_letter_list_and_home_take_a_bounded_number_of_queries(login, dekad_world,
                                                                  django_assert_max_num_queries):
    for i in range(15):
        ProjectFactory(county=dekad_world.county, responsible_unit=dekad_world.unit, name=f"项目{i}",
                       planned_start_on=d(6, 25))
    services.run_dekad_round(TODAY, county=dekad_world.county)
    client = login("hq")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("dekad:letter-list")).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(reverse("dekad:home")).status_code == 200
    client = login("liaison")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("dekad:home")).status_code == 200
