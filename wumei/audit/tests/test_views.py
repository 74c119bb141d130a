import datetime
import zoneinfo

import pytest
import time_machine
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wumei.audit.models import AuditEvent
from wumei.audit.services import record
from wumei.org.models import Region, Role
from wumei.testing import RegionFactory, UserFactory, user_with_role

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def sys_admin(world):
    return user_with_role(Role.SYS_ADMIN, world.county, username="sys_admin")


@pytest.fixture
def event(world):
    return record(world.hq, "unit.update", world.unit,
                  before={"name": "县工信局", "kind": "responsible", "is_active": True},
                  after={"name": "县工业和信息化局", "kind": "responsible", "is_active": True})


def _pages(event):
    return [reverse("audit:event-list"), reverse("audit:event-detail", args=[event.pk])]


def test_anonymous_is_sent_to_login(client, event):
    for url in _pages(event):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:login"))


@pytest.mark.parametrize("who", ["hq", "commander", "nobody", "liaison", "inspector"])
def test_everyone_but_the_auditor_gets_403(client, world, event, who):
    client.force_login(getattr(world, who))
    for url in _pages(event):
        assert client.get(url).status_code == 403, url


def test_the_system_administrator_may_not_read_the_audit_log(client, sys_admin, event):
    client.force_login(sys_admin)
    for url in _pages(event):
        assert client.get(url).status_code == 403, url


def test_the_auditor_and_a_superuser_read_it(client, world, event):
    for user in [world.auditor, UserFactory(username="root", is_superuser=True)]:
        client.force_login(user)
        for url in _pages(event):
            assert client.get(url).status_code == 200, url


def test_the_log_cannot_be_changed_through_the_pages(client, world, event):
    client.force_login(world.auditor)
    for url in _pages(event):
        assert client.post(url).status_code == 405
    assert client.delete(reverse("audit:event-detail", args=[event.pk])).status_code == 405
    assert AuditEvent.objects.get(pk=event.pk).after == event.after


def test_events_are_listed_newest_first(client, world):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, tzinfo=SHANGHAI), tick=False):
        older = record(world.hq, "unit.create", world.unit)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=SHANGHAI), tick=False):
        newer = record(world.hq, "unit.update", world.unit)
    client.force_login(world.auditor)
    assert list(client.get(reverse("audit:event-list")).context["page"]) == [newer, older]


def test_filters_by_actor_action_object_type_and_dates(client, world):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=SHANGHAI), tick=False):
        first = record(world.hq, "unit.create", world.unit)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 0, 30, tzinfo=SHANGHAI), tick=False):
        second = record(world.commander, "person.update", world.commander.person)
    with time_machine.travel(datetime.datetime(2026, 3, 5, 9, tzinfo=SHANGHAI), tick=False):
        third = record(None, "calendar.seed", note="导入节假日")
    client.force_login(world.auditor)
    url = reverse("audit:event-list")

    def found(**params):
        return list(client.get(url, params).context["page"])

    assert found(actor="hq_") == [first]
    assert found(actor="系统") == [third]
    assert found(action="person.update") == [second]
    assert found(action="person.") == [second]
    assert found(object_type="org.unit") == [first]
    # Dates are local (Asia/Shanghai) and both ends are inclusive.
    assert found(**{"from": "2026-03-02"}) == [third, second]
    assert found(to="2026-03-01") == [first]
    assert found(**{"from": "2026-03-02", "to": "2026-03-02"}) == [second]
    assert found(**{"from": "not-a-date"}) == [third, second, first]


def test_an_auditor_reads_his_regions_and_the_system_events_only(client, world):
    town = RegionFactory(code="430424100", name="城关镇", level=Region.Level.TOWN, parent=world.county)
    far = RegionFactory(code="430500", name="远方县")
    system = record(None, "calendar.seed")
    own = record(world.hq, "unit.update", world.unit, region_code=world.county.code)
    below = record(world.hq, "unit.update", world.unit, region_code=town.code)
    other = record(world.hq, "unit.update", world.unit, region_code=far.code)
    client.force_login(world.auditor)
    listed = set(client.get(reverse("audit:event-list")).context["page"])
    assert listed == {system, own, below}
    assert client.get(reverse("audit:event-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("audit:event-detail", args=[below.pk])).status_code == 200


def test_pages_hold_fifty_events(client, world):
    for i in range(60):
        record(world.hq, "unit.update", world.unit, note=f"第{i}次")
    client.force_login(world.auditor)
    first = client.get(reverse("audit:event-list"))
    second = client.get(reverse("audit:event-list"), {"page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 10
    assert "第 1 / 2 页" in first.content.decode()


def _queries(client, url):
    from django.db import connection

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_events(client, world, django_assert_max_num_queries):
    for i in range(3):
        record(world.hq, "unit.update", world.unit, note=f"第{i}次")
    client.force_login(world.auditor)
    url = reverse("audit:event-list")
    with django_assert_max_num_queries(10):
        client.get(url)
    few = _queries(client, url)
    for i in range(57):
        record(world.commander, f"action.{i % 7}", world.project, note=f"第{i}次")
    assert _queries(client, url) == few


def test_detail_shows_before_and_after_with_changed_keys_marked(client, world, event):
    client.force_login(world.auditor)
    response = client.get(reverse("audit:event-detail", args=[event.pk]))
    rows = {row["key"]: row for row in response.context["rows"]}
    assert rows["name"] == {"key": "name", "before": "县工信局", "after": "县工业和信息化局", "changed": True}
    assert rows["kind"]["changed"] is False
    assert rows["is_active"]["after"] == "true"
    content = response.content.decode()
    assert content.count('data-changed="1"') == 1
    assert "县工信局" in content and "县工业和信息化局" in content


def test_detail_of_a_creation_marks_every_key_new(client, world):
    created = record(world.hq, "unit.create", world.unit, after={"name": "新单位", "kind": "park"})
    client.force_login(world.auditor)
    rows = client.get(reverse("audit:event-detail", args=[created.pk])).context["rows"]
    assert [(r["key"], r["before"], r["changed"]) for r in rows] == [("kind", "—", True), ("name", "—", True)]


def test_a_role_assignment_made_on_the_org_pages_reaches_the_auditor(client, world):
    person = world.liaison.person
    client.force_login(world.hq)
    client.post(reverse("org:role-assign", args=[person.pk]), {"role": Role.BUTLER, "region": world.county.pk})
    client.force_login(world.auditor)
    content = client.get(reverse("audit:event-list"), {"action": "role.assign"}).content.decode()
    assert "role.assign" in content and "hq_office" in content
