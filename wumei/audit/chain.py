"""The hash chain of the audit log: a canonical form of an event and its SHA-256.

Pure functions, no database. Each event's hash covers its own fields and the hash of the event before it
(`prev_hash`); the first event links to GENESIS_HASH. Changing, removing or reordering any event breaks
the chain from that point on, which `verify_audit` finds.

The canonical form is JSON with sorted keys and no spaces, except that numbers are written as normalised
decimals: PostgreSQL's jsonb gives numbers back in its own spelling (1e20 comes back as
100000000000000000000), so the hash must not depend on how a number is spelt.
"""

import datetime
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

GENESIS_HASH = hashlib.sha256(b"wumei audit log genesis").hexdigest()

HASHED_FIELDS = (
    "sequence", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr",
    "before", "after", "note", "region_code", "prev_hash",
)


def timestamp(at: datetime.datetime) -> str:
    """The time of an event in UTC, to the microsecond, as the database keeps it."""
    return at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(value: Any) -> str:
    """One spelling for one JSON value: sorted keys, no spaces, normalised numbers."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float | Decimal):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, Mapping):
        items = sorted((str(key), item) for key, item in value.items())
        return "{" + ",".join(f"{json.dumps(key, ensure_ascii=False)}:{canonical(item)}" for key, item in items) + "}"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _number(value: int | float | Decimal) -> str:
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return json.dumps(str(number))
    if number == 0:
        return "0"
    return str(number.normalize())


def event_hash(fields: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical form of an event's hashed fields (`at` as an aware datetime)."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    payload["at"] = timestamp(payload["at"])
    return hashlib.sha256(canonical(payload).encode("utf-8")).hexdigest()
