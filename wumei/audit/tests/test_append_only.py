import pytest

from wumei.audit.models import AppendOnlyError, AuditEvent
from wumei.audit.services import diff, record


def test_an_event_cannot_be_changed_or_deleted(db):
    event = record(None, "test.write", note="一次写入")
    event.note = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(note="改写")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).note == "一次写入"


def test_event_names_the_actor_or_the_system(world):
    by_user = record(world.hq, "test.write", world.project)
    by_system = record(None, "test.write")
    assert (by_user.actor, by_user.actor_name, by_user.object_repr) == (world.hq, "hq_office", world.project.name)
    assert (by_system.actor, by_system.actor_name) == (None, "系统")


def test_diff_keeps_only_changed_keys():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})


def test_actions_are_named_in_chinese():
    from wumei.audit.labels import action_label

    assert action_label("project.change_stage") == "项目·变更阶段"
    assert action_label("role.assign") == "角色·分配"
    assert action_label("something.new") == "something.new"
