"""三员分立: no account holds two of the administrator roles; the system administrator cannot read the log."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from wumei.audit.models import AuditEvent
from wumei.org.models import Role, RoleAssignment
from wumei.org.services import assign_role
from wumei.testing import RegionFactory, UserFactory

ADMINS = [Role.SYS_ADMIN, Role.SEC_ADMIN, Role.AUDITOR]


@pytest.mark.parametrize(("held", "second"), list(itertools.permutations(ADMINS, 2)))
def test_nobody_holds_two_administrator_roles(world, held, second):
    root = UserFactory(username="root", is_superuser=True)
    person = world.hq.person
    assign_role(root, person, held, world.county)
    with pytest.raises(ValidationError) as caught:
        assign_role(root, person, second, world.county)
    message = caught.value.message_dict["role"][0]
    assert message.startswith("三员分立：") and Role(held).label in message and Role(second).label in message
    assert not RoleAssignment.objects.filter(person=person, role=second).exists()
    assert not AuditEvent.objects.filter(action="role.assign", after__role=second).exists()


def test_the_rule_holds_across_regions(world):
    root = UserFactory(username="root", is_superuser=True)
    other = RegionFactory(code="430500", name="远方县")
    with pytest.raises(ValidationError):
        assign_role(root, world.auditor.person, Role.SYS_ADMIN, other)


def test_one_administrator_role_in_two_regions_and_business_roles_beside_it_are_allowed(world):
    root = UserFactory(username="root", is_superuser=True)
    other = RegionFactory(code="430500", name="远方县")
    assign_role(root, world.auditor.person, Role.AUDITOR, other)
    assign_role(root, world.auditor.person, Role.COMMANDER, world.county)
    assert set(world.auditor.person.roles.values_list("role", flat=True)) == {Role.AUDITOR, Role.COMMANDER}


def test_the_system_administrator_cannot_read_the_audit_log(client, sys_admin, world):
    client.force_login(sys_admin)
    assert client.get("/audit/").status_code == 403
    client.force_login(world.auditor)
    assert client.get("/audit/").status_code == 200
