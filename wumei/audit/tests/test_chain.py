"""The canonical form and hash of an event (no database)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from wumei.audit.chain import GENESIS_HASH, HASHED_FIELDS, canonical, event_hash, timestamp

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def fields(**changes):
    base = {
        "sequence": 7, "at": datetime.datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=SHANGHAI),
        "actor_id": 3, "actor_name": "hq_office", "action": "project.update", "object_type": "projects.project",
        "object_id": "12", "object_repr": "轻盐集团年产100万吨纯碱项目", "before": {"stage": "preparing"},
        "after": {"stage": "started"}, "note": "", "region_code": "430424", "prev_hash": GENESIS_HASH,
    }
    return {**base, **changes}


def test_canonical_form_sorts_keys_and_drops_spaces():
    assert canonical({"b": [1, "二"], "a": None, "c": {"y": True, "x": False}}) == (
        '{"a":null,"b":[1,"二"],"c":{"x":false,"y":true}}')


@pytest.mark.parametrize(("one", "other"), [
    (1e20, 100000000000000000000),  # PostgreSQL's jsonb gives 1e20 back as an integer
    (1.0, 1),
    (1.5e300, 15 * 10**299),
    (Decimal("2.50"), 2.5),
    (-0.0, 0),
])
def test_a_number_has_one_spelling_however_it_comes_back(one, other):
    assert canonical({"n": one}) == canonical({"n": other})


def test_a_number_and_a_string_of_its_digits_differ():
    assert canonical({"n": 1}) != canonical({"n": "1"})


def test_time_is_hashed_in_utc_to_the_microsecond():
    at = datetime.datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=SHANGHAI)
    assert timestamp(at) == "2026-03-01T01:30:00.123456Z"
    assert event_hash(fields(at=at)) == event_hash(fields(at=at.astimezone(datetime.UTC)))


@pytest.mark.parametrize("name", HASHED_FIELDS)
def test_changing_any_field_changes_the_hash(name):
    original = fields()
    changed = {
        "sequence": 8, "at": original["at"] + datetime.timedelta(microseconds=1), "actor_id": None,
        "before": {"stage": "started"}, "after": None, "prev_hash": "0" * 64,
    }.get(name, str(original[name]) + "x")
    assert event_hash(fields(**{name: changed})) != event_hash(original)


def test_the_hash_is_sha256_hex_and_stable():
    digest = event_hash(fields())
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert digest == event_hash(fields())
    assert len(GENESIS_HASH) == 64
