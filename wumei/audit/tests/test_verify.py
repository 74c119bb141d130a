"""`wumei verify_audit`: an intact chain passes; the first tampered or missing record is named."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from wumei.audit import guards
from wumei.audit.services import record, verify_chain


@pytest.fixture
def ten_events(world):
    return [record(world.hq, "unit.update", world.unit, after={"n": n}, note=f"第{n}次") for n in range(1, 11)]


def verify(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_an_intact_chain_passes(ten_events):
    code, out, _ = verify()
    assert code == 0
    assert f"审计日志完整：校验 10 条（第 1–10 条），链头哈希 {ten_events[-1].hash}" in out


def test_an_intact_chain_in_json(ten_events):
    code, out, _ = verify("--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["ok"] is True and report["problem"] is None and report["guards"] is True
    assert report["checked"] == 10
    assert report["head"] == {"sequence": 10, "hash": ten_events[-1].hash}


def test_an_empty_log_passes(db):
    assert verify()[0] == 0


def test_a_record_changed_with_raw_sql_is_named_as_tampered(ten_events, raw_sql):
    raw_sql.without_guards("UPDATE audit_auditevent SET note = %s WHERE sequence = %s", ["改写", 4])
    code, _, err = verify()
    assert code == 1
    assert "第 4 条审计记录被篡改（哈希不符）" in err


def test_a_tampered_record_in_json(ten_events, raw_sql):
    raw_sql.without_guards("UPDATE audit_auditevent SET actor_name = %s WHERE sequence = %s", ["别人", 7])
    code, out, _ = verify("--format", "json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False
    assert report["problem"] == {"sequence": 7, "kind": "tampered", "message": "第 7 条审计记录被篡改（哈希不符）"}


def test_a_record_deleted_with_raw_sql_is_named_as_missing(ten_events, raw_sql):
    raw_sql.without_guards("DELETE FROM audit_auditevent WHERE sequence = %s", [5])
    code, _, err = verify()
    assert code == 1
    assert "第 5 条审计记录缺失" in err


def test_several_missing_records_are_named_as_a_range(ten_events, raw_sql):
    raw_sql.without_guards("DELETE FROM audit_auditevent WHERE sequence IN (3, 4, 5)")
    assert "第 3–5 条审计记录缺失" in verify()[2]


def test_a_deleted_first_record_is_found(ten_events, raw_sql):
    raw_sql.without_guards("DELETE FROM audit_auditevent WHERE sequence = 1")
    assert "第 1 条审计记录缺失" in verify()[2]


def test_a_record_rewritten_with_a_fresh_hash_is_found_by_the_next_link(ten_events, raw_sql):
    """Whoever rewrites a record and recomputes its hash still breaks the link from the record after it."""
    from wumei.audit import chain
    from wumei.audit.models import AuditEvent

    forged = AuditEvent.objects.get(sequence=6)
    forged.note = "伪造"
    digest = chain.event_hash({name: getattr(forged, name) for name in chain.HASHED_FIELDS})
    raw_sql.without_guards("UPDATE audit_auditevent SET note = %s, hash = %s WHERE sequence = 6", ["伪造", digest])
    code, _, err = verify()
    assert code == 1
    assert "第 6 条审计记录被篡改或替换（与第 7 条记录的链接不符）" in err


def test_records_removed_from_the_end_are_found_against_an_anchor(ten_events, raw_sql):
    raw_sql.without_guards("DELETE FROM audit_auditevent WHERE sequence > 8")
    assert verify()[0] == 0  # the chain alone cannot tell
    code, _, err = verify("--anchor", f"10:{ten_events[-1].hash}")
    assert code == 1
    assert "第 9–10 条审计记录缺失" in err


def test_an_anchor_that_no_longer_matches_is_reported(ten_events):
    assert verify("--anchor", f"5:{ten_events[4].hash}")[0] == 0
    code, _, err = verify("--anchor", f"5:{ten_events[5].hash}")
    assert code == 1 and "第 5 条审计记录与锚点哈希不符" in err


def test_a_malformed_anchor_is_refused(ten_events):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="锚点格式"):
        call_command("verify_audit", "--anchor", "abc")


def test_missing_triggers_fail_the_verification(ten_events):
    guards.remove(connection)
    code, _, err = verify()
    assert code == 1
    assert "保护触发器缺失" in err
    assert verify_chain().problem is None  # the chain itself is intact


def test_verification_reads_the_log_in_chunks(world, django_assert_max_num_queries):
    for n in range(25):
        record(None, "calendar.seed", note=str(n))
    with django_assert_max_num_queries(8):
        result = verify_chain(chunk_size=10)
    assert result.ok and result.checked == 25
