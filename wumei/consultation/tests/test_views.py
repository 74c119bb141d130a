"""月度会商 pages: who sees and keeps them, the agenda drafted from the page, a decision recorded as a task, the
agenda and minutes as official documents."""

import datetime

import pytest
from django.urls import reverse

from wumei.consultation import documents, services
from wumei.consultation.models import Consultation, Decision
from wumei.documents.types import BlockKind
from wumei.tasks.models import Task

from .conftest import TODAY


@pytest.mark.django_db
def test_only_the_county_readers_see_consultations_and_only_the_hq_office_keeps_them(client, scene):
    consultation = services.open_consultation(scene.hq, scene.county, TODAY)
    detail = reverse("consultation:consultation-detail", args=[consultation.pk])
    for user in (scene.liaison, scene.owner, scene.nobody):
        client.force_login(user)
        assert client.get(detail).status_code == 404
    client.force_login(scene.commander)
    page = client.get(detail).content.decode()
    assert "生成议程" not in page
    assert client.post(reverse("consultation:agenda-draft", args=[consultation.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("consultation:consultation-list")).status_code == 302


@pytest.mark.django_db
def test_the_hq_office_opens_the_month_drafts_the_agenda_and_records_a_decision(client, scene,
                                                                               django_assert_max_num_queries):
    client.force_login(scene.hq)
    response = client.post(reverse("consultation:consultation-open"),
                           {"county": scene.county.pk, "month": TODAY.strftime("%Y-%m")})
    consultation = Consultation.objects.get()
    assert response.url == reverse("consultation:consultation-detail", args=[consultation.pk])
    client.post(reverse("consultation:agenda-draft", args=[consultation.pk]))
    assert consultation.items.count() == 3
    item = consultation.items.get(kind="factor")
    url = reverse("consultation:decision-create", args=[consultation.pk]) + f"?item={item.pk}"
    form = client.get(url).context["form"]
    assert form.initial["project"] == scene.project.pk and form.initial["factor_outcome"] == "decided"
    response = client.post(url, {"project": scene.project.pk, "text": "", "due_on": ""})
    assert response.status_code == 400
    response = client.post(url, {"project": scene.project.pk, "text": "供电公司完成专线接入", "due_on": "2026-12-20",
                                 "owner_unit": scene.unit.pk, "factor_request": scene.request.pk,
                                 "factor_outcome": "decided"})
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.agenda_item == item and decision.task.source == Task.Source.CONSULTATION
    for n in range(5):
        services.add_attendee(scene.hq, consultation, name=f"参会人{n}", unit=scene.unit)
        services.add_item(scene.hq, consultation, title=f"其他议题{n}", project=scene.other)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("consultation:consultation-detail", args=[consultation.pk])).content.decode()
    assert "供电公司完成专线接入" in page and reverse("tasks:project-lists", args=[scene.project.pk]) in page
    with django_assert_max_num_queries(12):
        assert client.get(reverse("consultation:consultation-list")).status_code == 200


@pytest.mark.django_db
def test_agenda_and_minutes_documents_read_the_records(client, scene):
    consultation, _ = services.draft_agenda(scene.hq, scene.county, TODAY, TODAY)
    services.update_meeting(scene.hq, consultation, held_on=datetime.date(2026, 11, 26), place="县政府三楼会议室",
                            chair="王县长", minutes="会议听取了要素保障需求汇报。\n会议研究议定如下事项。", today=TODAY)
    services.add_attendee(scene.hq, consultation, name="李四", unit=scene.unit, status="substituted", substitute="张三")
    services.add_attendee(scene.hq, consultation, name="王五", status="absent")
    services.record_decision(scene.hq, consultation, project=scene.project, text="供电公司完成专线接入",
                             due_on=datetime.date(2026, 12, 20), owner_unit=scene.unit, today=TODAY)
    agenda = documents.build_agenda(consultation.pk)
    assert agenda.title == "示范县2026年11月重点项目要素保障会商会议程" and not agenda.is_draft
    texts = [b.text for b in agenda.blocks]
    assert texts[0] == "会议时间：2026年11月26日；会议地点：县政府三楼会议室；主持人：王县长。"
    assert sum(1 for b in agenda.blocks if b.kind == BlockKind.HEADING_2) == 3
    minutes = documents.build_minutes(consultation.pk)
    texts = [b.text for b in minutes.blocks]
    assert "出席：李四（委托张三参会）。" in texts and "缺席：王五。" in texts
    table = next(b for b in minutes.blocks if b.kind == BlockKind.TABLE)
    assert table.rows[1] == ("1", scene.project.name, "供电公司完成专线接入", scene.unit.name, "2026-12-20")
    from wumei.documents.render import render

    assert render(minutes, "docx")[:2] == b"PK"  # the renderer takes it (a .docx is a zip)
    client.force_login(scene.hq)
    page = client.get(reverse("consultation:consultation-detail", args=[consultation.pk])).content.decode()
    assert "kind=consultation_minutes" in page and "kind=consultation_agenda" in page
    assert documents.can_view(scene.commander, consultation.pk) and not documents.can_view(scene.owner, consultation.pk)
