"""A failed audit write rolls the change back: no change is committed without its audit event.

The audit insert is made to fail for real, by a trigger that refuses every insert into the log; the tests
commit for real (transactional database), so "not committed" means not in the database afterwards.
"""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.transaction import TransactionManagementError

from wumei.audit.models import AuditEvent
from wumei.audit.services import record
from wumei.projects.models import Project
from wumei.projects.services import update_project

# serialized_rollback: the flush after each test then leaves the database empty instead of re-creating the
# content types with new ids, which would break later tests that restore the serialized database.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FAIL_SQLITE = """CREATE TRIGGER test_audit_insert_fails BEFORE INSERT ON audit_auditevent
                 BEGIN SELECT RAISE(ABORT, '审计写入失败（测试）'); END"""
FAIL_PG_FUNCTION = """CREATE OR REPLACE FUNCTION test_audit_insert_fails() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN RAISE EXCEPTION '审计写入失败（测试）'; END $$"""
FAIL_PG_TRIGGER = """CREATE TRIGGER test_audit_insert_fails BEFORE INSERT ON audit_auditevent
                     FOR EACH ROW EXECUTE FUNCTION test_audit_insert_fails()"""


@pytest.fixture
def failing_audit():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(FAIL_PG_FUNCTION)
            cursor.execute(FAIL_PG_TRIGGER)
        else:
            cursor.execute(FAIL_SQLITE)
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS test_audit_insert_fails ON audit_auditevent")
            cursor.execute("DROP FUNCTION IF EXISTS test_audit_insert_fails()")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS test_audit_insert_fails")


def test_a_project_update_whose_audit_write_fails_is_not_committed(world, failing_audit):
    version = world.project.version
    with pytest.raises(DatabaseError, match="审计写入失败"):
        update_project(world.hq, world.project, {"name": "改名后的项目"})
    assert Project.objects.get(pk=world.project.pk).name == "轻盐集团年产100万吨纯碱项目"
    assert Project.objects.get(pk=world.project.pk).version == version
    assert not AuditEvent.objects.exists()


def test_the_same_update_commits_with_its_event_when_the_audit_write_works(world):
    update_project(world.hq, world.project, {"name": "改名后的项目"})
    assert Project.objects.get(pk=world.project.pk).name == "改名后的项目"
    assert AuditEvent.objects.get().action == "project.update"


def test_a_caller_that_swallows_the_audit_failure_still_cannot_commit(world, failing_audit):
    """record() takes no savepoint of its own: catching its error does not rescue the transaction."""
    with pytest.raises(TransactionManagementError), transaction.atomic():
        Project.objects.filter(pk=world.project.pk).update(name="偷偷改名")
        try:
            record(world.hq, "project.update", world.project)
        except DatabaseError:
            pass
        Project.objects.filter(pk=world.project.pk).update(name="再改一次")
    assert Project.objects.get(pk=world.project.pk).name == "轻盐集团年产100万吨纯碱项目"
