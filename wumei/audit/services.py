"""Writing the audit log. Every service calls `record` inside its own transaction."""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from wumei.audit.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `obj`, JSON-ready (foreign keys as ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> tuple[dict, dict]:
    """Keep only the keys whose values changed."""
    if not before or not after:
        return before or {}, after or {}
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
    region_code: str = "",
) -> AuditEvent:
    """Append one audit event. Must run inside the caller's transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    actor_name = user.get_username() if user else (str(actor) if actor else "系统")
    return AuditEvent.objects.create(
        actor=user,
        actor_name=actor_name,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        note=note,
        region_code=region_code,
    )
