import datetime
import hashlib

import pytest
from django.utils import timezone

from wumei.documents import services
from wumei.documents.models import Rendition
from wumei.documents.registry import UnknownKind, get_kind, kinds


def test_registered_kind_is_found_and_an_unknown_kind_is_not(project_note):
    assert get_kind("project_note").label == "提醒函"
    assert "project_note" in kinds()
    with pytest.raises(UnknownKind):
        get_kind("no_such_kind")


@pytest.mark.django_db
def test_rendering_stores_the_file_with_its_digest(world, project_note):
    rendition = services.render_rendition("project_note", world.project.pk, "pdf")
    assert rendition.status == Rendition.Status.READY
    data = rendition.content.read()
    assert data.startswith(b"%PDF")
    assert rendition.sha256 == hashlib.sha256(data).hexdigest()
    assert rendition.size == len(data)
    assert rendition.rendered_at is not None


@pytest.mark.django_db
def test_same_content_is_rendered_once(world, project_note):
    first = services.render_rendition("project_note", world.project.pk, "docx")
    second = services.render_rendition("project_note", world.project.pk, "docx")
    assert second.pk == first.pk
    assert second.sha256 == first.sha256
    assert Rendition.objects.count() == 1


@pytest.mark.django_db
def test_changed_content_gets_a_new_rendition_and_formats_are_separate(world, project_note):
    first = services.render_rendition("project_note", world.project.pk, "docx")
    services.render_rendition("project_note", world.project.pk, "pdf")
    project_note["extra_paragraph"] = "请于2026年12月10日前书面报送整改情况。"
    changed = services.render_rendition("project_note", world.project.pk, "docx")
    assert changed.pk != first.pk
    assert changed.source_sha256 != first.source_sha256
    assert Rendition.objects.filter(fmt="docx").count() == 2
    assert Rendition.objects.filter(fmt="pdf").count() == 1


@pytest.mark.django_db
def test_request_in_immediate_mode_returns_the_finished_file(world, project_note):
    rendition = services.request_rendition("project_note", world.project.pk, "docx")
    assert rendition.is_ready
    assert rendition.content.read().startswith(b"PK")


@pytest.mark.django_db
def test_request_while_pending_queues_the_work_once(world, project_note, real_queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_rendition("project_note", world.project.pk, "pdf")
        second = services.request_rendition("project_note", world.project.pk, "pdf")
    assert first.status == second.status == Rendition.Status.PENDING
    assert first.pk == second.pk
    assert real_queue.pending_count() == 1


@pytest.mark.django_db
def test_a_stale_pending_request_is_queued_again(world, project_note, real_queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rendition = services.request_rendition("project_note", world.project.pk, "pdf")
        Rendition.objects.filter(pk=rendition.pk).update(
            requested_at=timezone.now() - services.STALE_AFTER - datetime.timedelta(seconds=1)
        )
        services.request_rendition("project_note", world.project.pk, "pdf")
    assert real_queue.pending_count() == 2


@pytest.mark.django_db
def test_a_failed_rendering_is_recorded_and_retried_only_when_asked(broken_kind):
    failed = services.request_rendition("broken", 1, "docx")
    assert failed.status == Rendition.Status.FAILED
    assert "TypeError" in failed.error
    builds = broken_kind["builds"]
    services.request_rendition("broken", 1, "docx")
    assert broken_kind["builds"] == builds + 1  # looked at, not rendered again
    services.request_rendition("broken", 1, "docx", retry=True)
    assert broken_kind["builds"] == builds + 3  # the request's build, then the worker's
    assert Rendition.objects.get().status == Rendition.Status.FAILED


@pytest.mark.django_db
def test_a_missing_record_raises_does_not_exist(project_note):
    from wumei.projects.models import Project

    with pytest.raises(Project.DoesNotExist):
        services.request_rendition("project_note", 999_999, "pdf")


@pytest.mark.django_db
def test_the_task_returns_nothing_for_a_record_that_is_gone(project_note):
    from wumei.documents.tasks import render_document

    assert render_document.call_local("project_note", 999_999, "pdf") is None
    assert not Rendition.objects.exists()
