import pytest
from django.urls import reverse

from wumei.documents.models import Rendition
from wumei.documents.views import download_url

pytestmark = pytest.mark.django_db


def get(client, user, **query):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("documents:download"), query)


def test_anonymous_users_are_sent_to_sign_in(client, world, project_note):
    response = get(client, None, kind="project_note", id=world.project.pk, fmt="pdf")
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("hq", 200), ("liaison", 200), ("other_liaison", 404), ("nobody", 404)],
)
def test_download_is_allowed_to_those_who_see_the_record(client, world, project_note, who, status):
    response = get(client, getattr(world, who), kind="project_note", id=world.project.pk, fmt="docx")
    assert response.status_code == status
    if status == 200:
        assert "attachment" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"PK")
    else:
        assert not Rendition.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "no_such_kind", "fmt": "pdf"},
        {"kind": "project_note", "fmt": "odt"},
        {"kind": "project_note", "fmt": "pdf", "id": "abc"},
        {"kind": "project_note", "fmt": "pdf", "id": "999999"},
        {"kind": "project_note", "fmt": "pdf", "id": "-1"},
    ],
)
def test_bad_or_unknown_requests_are_not_found(client, world, project_note, query):
    query = {"id": world.project.pk, **query}
    assert get(client, world.hq, **query).status_code == 404


def test_a_kind_without_a_visibility_check_is_not_served(client, world):
    from wumei.documents.registry import register_builder, unregister_builder
    from wumei.documents.samples import sample_document

    register_builder("hidden", lambda object_id: sample_document(1))
    try:
        assert get(client, world.hq, kind="hidden", id=1, fmt="pdf").status_code == 404
    finally:
        unregister_builder("hidden")


def test_pdf_is_served_as_an_attachment_named_after_the_document(client, world, project_note):
    response = get(client, world.hq, kind="project_note", id=world.project.pk, fmt="pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_while_the_worker_is_busy_a_refreshing_page_is_shown(client, world, project_note, real_queue,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = get(client, world.hq, kind="project_note", id=world.project.pk, fmt="pdf")
    assert response.status_code == 202
    html = response.content.decode()
    assert "生成中" in html
    assert 'http-equiv="refresh"' in html
    assert download_url("project_note", world.project.pk, "pdf", wait=1).replace("&", "&amp;") in html
    assert real_queue.pending_count() == 1


def test_the_waiting_page_hands_over_to_the_file_when_it_is_ready(client, world, project_note):
    response = get(client, world.hq, kind="project_note", id=world.project.pk, fmt="pdf", wait=1)
    assert response.status_code == 200
    html = response.content.decode()
    assert "公文已生成" in html
    assert download_url("project_note", world.project.pk, "pdf").replace("&", "&amp;") in html


def test_a_failed_rendering_offers_a_retry_and_does_not_refresh(client, world, broken_kind):
    response = get(client, world.hq, kind="broken", id=1, fmt="docx")
    html = response.content.decode()
    assert response.status_code == 202
    assert "生成失败" in html
    assert "retry=1" in html
    assert 'http-equiv="refresh"' not in html
