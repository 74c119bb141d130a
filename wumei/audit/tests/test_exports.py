"""Data leaving the system is audited: the registry export, from the page and from the command line."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse

from wumei.audit.models import AuditEvent
from wumei.audit.services import verify_chain


def test_an_export_from_the_registry_page_is_an_audit_event(client, world):
    client.force_login(world.hq)
    response = client.get(reverse("exchange:export"))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="exchange.export")
    assert (event.actor, event.actor_name, event.region_code) == (world.hq, "hq_office", world.county.code)
    assert event.after["projects"] == 2
    assert event.note.startswith("导出")
    assert verify_chain().ok


def test_an_export_sees_only_what_the_user_may_see_and_says_how_many(client, world):
    client.force_login(world.liaison)
    client.get(reverse("exchange:export"))
    event = AuditEvent.objects.get(action="exchange.export")
    assert (event.actor, event.after["projects"]) == (world.liaison, 1)


def test_an_export_from_the_command_line_is_an_audit_event(world, tmp_path):
    call_command("export_projects", str(tmp_path / "out.xlsx"), "--county", world.county.code,
                 "--as-of", "2026-03-01", stdout=io.StringIO())
    event = AuditEvent.objects.get(action="exchange.export")
    assert (event.actor, event.actor_name) == (None, "系统")
    assert event.after == {"projects": 2, "as_of": datetime.date(2026, 3, 1).isoformat()}
