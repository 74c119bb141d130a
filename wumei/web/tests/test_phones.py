"""Personal data: phone numbers are masked on every page; the HQ office and the system administrator reveal one
at a time, and each reveal is an audit event. (No model holds ID-card numbers.)"""

import pytest
from django.test import Client
from django.urls import reverse

from wumei.audit.models import AuditEvent
from wumei.org.models import Person
from wumei.testing import PersonFactory, RegionFactory, Role, user_with_role


@pytest.fixture
def zhang(world):
    return PersonFactory(name="张三", region=world.county, unit=world.unit, phone="13812341234")


def reveal(client, person):
    return client.post(reverse("web:reveal-phone", args=[person.pk]))


@pytest.mark.parametrize("who", ["hq", "sys_admin"])
def test_a_reveal_returns_the_full_number_and_is_audited(client, world, zhang, who):
    user = world.hq if who == "hq" else user_with_role(Role.SYS_ADMIN, world.county, username="sysadmin")
    client.force_login(user)
    response = reveal(client, zhang)
    assert response.status_code == 200
    assert response.content.decode().strip() == '<a class="wm-phone" href="tel:13812341234">13812341234</a>'
    event = AuditEvent.objects.get(action="person.reveal_phone")
    assert (event.actor, event.object_id, event.object_repr) == (user, str(zhang.pk), "张三")
    assert event.after == {"phone": "138****1234"}  # the log keeps no full number
    assert event.region_code == world.county.code


@pytest.mark.parametrize("who", ["commander", "liaison", "inspector", "auditor", "owner"])
def test_other_roles_may_not_reveal(client, world, zhang, who):
    client.force_login(getattr(world, who))
    assert reveal(client, zhang).status_code in (403, 404)
    assert not AuditEvent.objects.filter(action="person.reveal_phone").exists()


def test_a_person_outside_the_scope_is_not_found(client, world):
    elsewhere = PersonFactory(name="外县人员", region=RegionFactory(code="430999", name="外县"), phone="13900000000")
    client.force_login(world.hq)
    assert reveal(client, elsewhere).status_code == 404
    assert not AuditEvent.objects.filter(action="person.reveal_phone").exists()


def test_a_reveal_is_a_post_with_the_csrf_token(world, zhang):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.hq)
    assert browser.get(reverse("web:reveal-phone", args=[zhang.pk])).status_code == 405
    assert reveal(browser, zhang).status_code == 403  # no token
    assert not AuditEvent.objects.filter(action="person.reveal_phone").exists()


def test_anonymous_may_not_reveal(client, zhang):
    assert reveal(client, zhang).status_code == 403


def test_pages_show_phones_masked_with_the_button_only_for_those_who_may_reveal(client, world, zhang):
    world.project.butler = zhang
    world.project.save()
    pages = [reverse("org:person-list"), reverse("org:person-detail", args=[zhang.pk]),
             reverse("org:unit-detail", args=[world.unit.pk]), reverse("projects:project-detail", args=[world.project.pk])]
    button = reverse("web:reveal-phone", args=[zhang.pk])
    for user, may_reveal in [(world.hq, True), (world.commander, False)]:
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            if response.status_code == 403:
                continue  # the commander reads the organisation pages, not every one
            content = response.content.decode()
            assert "138****1234" in content and "13812341234" not in content, url
            assert (button in content) is may_reveal, url


def test_no_model_stores_an_id_card_number():
    """If one ever does, it must be masked like phones: this test is the reminder."""
    from django.apps import apps

    suspicious = [f"{m._meta.label}.{f.name}" for m in apps.get_models() for f in m._meta.get_fields()
                  if any(word in f.name.lower() for word in ("id_card", "idcard", "id_number", "identity", "sfz"))]
    assert suspicious == []
    assert "phone" in {f.name for f in Person._meta.get_fields()}
