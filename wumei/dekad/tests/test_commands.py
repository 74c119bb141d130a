"""`wumei run_dekad_round` and `wumei render_letter`, and the letters and orders as official documents."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from wumei.dekad import services
from wumei.dekad.documents import build_dispatch_order, build_letter, can_view_letter
from wumei.dekad.models import Letter
from wumei.dekad.tests.conftest import TODAY, d
from wumei.documents.types import BlockKind


def call(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# run_dekad_round -------------------------------------------------------------------------------------------------

def test_the_round_prints_its_letters_as_json_and_prints_the_same_twice(dekad_world):
    first = json.loads(call("run_dekad_round", "--on", "2026-06-11", "--format", "json"))
    assert first["on"] == "2026-06-11" and first["dekad"] == "2026-06中旬"
    assert set(first) == {"on", "dekad", "letters", "reminders"}
    assert sorted((x["kind"], x["project"], x["rule"]) for x in first["letters"]) == [
        ("reminder", dekad_world.project.name, "reminder.start_soon"),
        ("supervision", dekad_world.other.name, "supervision.investment_lagging"),
    ]
    assert all(set(x) == {"id", "kind", "project", "rule"} for x in first["letters"])
    assert first["reminders"] >= 1
    assert json.loads(call("run_dekad_round", "--on", "2026-06-11", "--format", "json")) == first
    assert Letter.objects.count() == 2


def test_the_round_says_what_it_did_in_words(dekad_world):
    text = call("run_dekad_round", "--on", "2026-06-11", "--county", dekad_world.county.code)
    assert "2026-06-11（2026-06中旬）：检查项目2个；本旬函件2件（提醒函1件，交办函0件，督办函1件）" in text
    assert "其中本次新生成0件" in call("run_dekad_round", "--on", "2026-06-12")


def test_the_round_refuses_a_bad_date_or_county(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call("run_dekad_round", "--on", "2026-13-01")
    with pytest.raises(CommandError, match="没有区划代码"):
        call("run_dekad_round", "--on", "2026-06-11", "--county", "000000")


# Official documents ------------------------------------------------------------------------------------------------

@pytest.fixture
def letters(dekad_world):
    services.run_dekad_round(TODAY, county=dekad_world.county)
    return {letter.kind: letter for letter in Letter.objects.all()}


def test_a_draft_letter_is_a_draft_document_asking_for_a_reply_in_working_days(dekad_world, letters):
    doc = build_letter(letters["reminder"].pk)
    assert doc.is_draft and doc.doc_number == "" and doc.kind_label == "提醒函"
    assert doc.issuer == doc.signature == "示范县重点项目建设协调总指挥部办公室"
    assert doc.recipients == "县工业和信息化局：" and doc.title == letters["reminder"].title
    assert all(b.kind == BlockKind.PARAGRAPH for b in doc.blocks)
    assert doc.blocks[-1].text == "请于收函之日起5个工作日内将办理情况书面报送示范县重点项目建设协调总指挥部办公室。"
    assert doc.issued_on == TODAY


def test_an_issued_letter_carries_its_number_date_and_deadline(dekad_world, letters):
    services.issue_letter(dekad_world.hq, letters["supervision"], on=d(6, 12))
    doc = build_letter(letters["supervision"].pk)
    assert not doc.is_draft and doc.doc_number == "示范重项督〔2026〕1号" and doc.issued_on == d(6, 12)
    assert doc.recipients == "县交通运输局："
    assert "2026年6月22日前（5个工作日内）" in doc.blocks[-1].text  # 06-19 is the Dragon Boat Festival
    assert any("低于序时进度" in b.text for b in doc.blocks)


def test_a_dispatch_order_document_names_its_units_projects_and_deadline(dekad_world):
    w = dekad_world
    order = services.save_dispatch_order(w.hq, w.county, title="关于加快纯碱项目供电线路建设的调度令",
                                         body="完成10千伏线路架设。", units=[w.unit, w.other_unit],
                                         projects=[w.project], deadline_on=d(6, 30))
    doc = build_dispatch_order(order.pk)
    assert doc.is_draft and doc.kind_label == "调度令" and doc.title == "关于加快纯碱项目供电线路建设的调度令"
    assert doc.recipients == "县交通运输局、县工业和信息化局："
    assert [b.text for b in doc.blocks][-2:] == [f"涉及项目：{w.project.name}。",
                                                 "请于2026年6月30日前完成，并将完成情况书面报送示范县重点项目建设协调总指挥部办公室。"]


def test_render_letter_writes_a_word_file(dekad_world, letters, tmp_path):
    services.issue_letter(dekad_world.hq, letters["reminder"])
    target = tmp_path / "letter.docx"
    text = call("render_letter", str(letters["reminder"].pk), "--format", "docx", "--output", str(target))
    assert "示范重项提〔2026〕1号" in text
    with zipfile.ZipFile(target) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "示范重项提〔2026〕1号" in xml and "按期开工" in xml


def test_render_letter_writes_a_pdf_of_a_draft(dekad_world, letters, tmp_path):
    target = tmp_path / "letter.pdf"
    call("render_letter", str(letters["supervision"].pk), "--format", "pdf", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF")


def test_render_letter_refuses_an_unknown_letter(db, tmp_path):
    with pytest.raises(CommandError, match="没有编号为 999 的函件"):
        call("render_letter", "999", "--format", "pdf", "--output", str(tmp_path / "x.pdf"))


def test_only_the_letters_readers_may_download_it(dekad_world, letters, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = letters["reminder"]
    assert can_view_letter(dekad_world.hq, draft.pk) and not can_view_letter(dekad_world.liaison, draft.pk)
    url = f"{reverse('documents:download')}?kind=letter&id={draft.pk}&fmt=docx"
    client.force_login(dekad_world.liaison)
    assert client.get(url).status_code == 404
    client.force_login(dekad_world.hq)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_the_scheduled_job_runs_the_round_of_the_day(dekad_world):
    from wumei.dekad.tasks import dekad_round

    first = dekad_round.call_local()
    assert first["dekad"] == "2026-06中旬" and len(first["letters"]) == 2
    assert dekad_round.call_local() == first
