"""Notices: the inbox message plus one outbox item per channel the recipient chose, in the caller's transaction.

Delivery runs after commit (a huey task, and a sweep every minute): claim → send → mark sent, with
exponential backoff on failure, then "failed" for the system administrator to retry."""

import logging
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from wumei.audit.services import record, snapshot
from wumei.core.errors import PermissionDenied, ValidationError
from wumei.notify import channels, rules
from wumei.notify.conf import NotifyConf, conf
from wumei.notify.models import Message, OutboxItem, Preference
from wumei.org.models import Person, Role
from wumei.org.principal import principal_of

log = logging.getLogger(__name__)

Channel, Status = OutboxItem.Channel, OutboxItem.Status


def notify(recipient, subject: str, *, body: str = "", url: str = "", kind: str = "",
           dedupe_key: str | None = None) -> Message | None:
    """Put a message in `recipient`'s inbox and queue it on the channels they chose.

    With `dedupe_key`, only the first call sends (returns None after). Runs inside the caller's transaction:
    if the caller rolls back, neither the message nor its deliveries exist."""
    if recipient is None:
        return None
    if dedupe_key and Message.objects.filter(recipient=recipient, dedupe_key=dedupe_key).exists():
        return None
    destinations = channels_of(recipient)
    try:
        with transaction.atomic():
            message = Message.objects.create(recipient=recipient, subject=subject[:200], body=body, url=url,
                                              kind=kind, dedupe_key=dedupe_key)
            items = OutboxItem.objects.bulk_create(
                OutboxItem(message=message, **destination) for destination in destinations
            )
    except IntegrityError:
        # Another run sent it between our check and our insert.
        return None
    if items:
        ids = [item.pk for item in items]
        transaction.on_commit(lambda: enqueue(ids))
    return message


def channels_of(user, cfg: NotifyConf | None = None) -> list[dict]:
    """The outbox destinations of `user`'s enabled channels that this server can serve (one query, two with SMS)."""
    cfg = cfg or conf()
    pref = Preference.objects.filter(user_id=user.pk).first()
    if pref is None:
        return []
    found = []
    if pref.email_enabled and pref.email and cfg.email_configured:
        found.append({"channel": Channel.EMAIL, "address": pref.email})
    if pref.webhook_enabled and pref.webhook_url:
        found.append({"channel": Channel.WEBHOOK, "address": pref.webhook_url, "webhook_format": pref.webhook_format,
                      "webhook_secret": pref.webhook_secret})
    if pref.sms_enabled and cfg.sms_configured:
        phone = phone_of(user)
        if phone:
            found.append({"channel": Channel.SMS, "address": phone})
    return found


def phone_of(user) -> str:
    return Person.objects.filter(user_id=user.pk, is_active=True).values_list("phone", flat=True).first() or ""


def enqueue(ids: list[int]) -> None:
    """Hand the items to the worker; if the queue is unreachable the minute sweep still finds them."""
    from wumei.notify.tasks import deliver_items

    try:
        deliver_items(ids)
    except Exception:  # noqa: BLE001 — the rows are committed; the sweep delivers them
        log.exception("could not enqueue outbox items %s; the sweep will deliver them", ids)


def _due(now) -> Q:
    return Q(status=Status.PENDING, due_at__lte=now) | Q(status=Status.SENDING, lease_until__lt=now)


def deliver(item_id: int, cfg: NotifyConf | None = None) -> str:
    """Send one item if it is due and we win the claim; returns the item's status after, or "skipped".

    Exactly-once except for one window: a crash after the remote accepted the message and before the row is
    marked sent makes it due again when the lease runs out (docs/notifications.md, "Idempotency")."""
    cfg = cfg or conf()
    now = timezone.now()
    token = secrets.token_hex(8)
    claimed = OutboxItem.objects.filter(_due(now), pk=item_id).update(
        status=Status.SENDING, claim_token=token, lease_until=now + timedelta(seconds=cfg.lease),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return "skipped"
    item = OutboxItem.objects.select_related("message").get(pk=item_id)
    mine = OutboxItem.objects.filter(pk=item_id, claim_token=token, status=Status.SENDING)
    try:
        channels.send(item, cfg)
    except Exception as exc:  # noqa: BLE001 — any failure is stored on the row and retried
        error = str(exc) if isinstance(exc, channels.DeliveryError) else f"{type(exc).__name__}: {exc}"
        later = timezone.now()
        if rules.should_give_up(item.attempts, cfg.max_attempts):
            mine.update(status=Status.FAILED, lease_until=None, last_error=error[:2000])
            log.warning("outbox item %s failed for good after %s attempts: %s", item_id, item.attempts, error)
            return Status.FAILED
        wait = rules.backoff_seconds(item.attempts, cfg.backoff, cfg.backoff_max)
        mine.update(status=Status.PENDING, lease_until=None, due_at=later + timedelta(seconds=wait),
                    last_error=error[:2000])
        return Status.PENDING
    mine.update(status=Status.SENT, sent_at=timezone.now(), lease_until=None)
    return Status.SENT


def deliver_due(limit: int = 500, cfg: NotifyConf | None = None) -> dict[str, int]:
    """The sweep: every item due now (including ones a crashed worker held), oldest first."""
    cfg = cfg or conf()
    ids = list(OutboxItem.objects.filter(_due(timezone.now())).order_by("due_at", "id")
               .values_list("pk", flat=True)[:limit])
    counts: dict[str, int] = {}
    for pk in ids:
        outcome = deliver(pk, cfg)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _region_code(user) -> str:
    region = principal_of(user).home_region
    return region.code if region is not None else ""


def may_manage_outbox(user) -> bool:
    return principal_of(user).has_role(Role.SYS_ADMIN)


def retry_item(actor, item_id: int) -> OutboxItem:
    """The system administrator sends a failed (or waiting) item again now, with a fresh count of attempts."""
    if not may_manage_outbox(actor):
        raise PermissionDenied("只有系统管理员可以重发消息")
    with transaction.atomic():
        item = OutboxItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            raise ValidationError({"item": "该消息不存在"})
        if item.status not in (Status.FAILED, Status.PENDING):
            raise ValidationError({"item": f"该消息{item.get_status_display()}，不能重发"})
        before = snapshot(item, ["status", "attempts", "due_at"])
        item.status, item.attempts, item.due_at = Status.PENDING, 0, timezone.now()
        item.save(update_fields=["status", "attempts", "due_at"])
        record(actor, "outbox_item.retry", item, before=before, after=snapshot(item, ["status", "attempts", "due_at"]),
               region_code=_region_code(actor))
        transaction.on_commit(lambda: enqueue([item.pk]))
    return item


PREFERENCE_FIELDS = ["email", "email_enabled", "webhook_url", "webhook_format", "webhook_enabled", "sms_enabled"]


def _preference_snapshot(pref: Preference) -> dict:
    # The secret never goes into the audit log; only whether one is set.
    return {**snapshot(pref, PREFERENCE_FIELDS), "webhook_secret_set": bool(pref.webhook_secret)}


def preference_of(user) -> Preference:
    return Preference.objects.filter(user_id=user.pk).first() or Preference(user=user)


def save_preference(user, data: dict, cfg: NotifyConf | None = None) -> Preference:
    """The user's own channels. Enabling a channel needs its address; a blank secret keeps the stored one."""
    cfg = cfg or conf()
    errors = {}
    email = (data.get("email") or "").strip()
    webhook_url = (data.get("webhook_url") or "").strip()
    if data.get("email_enabled") and not email:
        errors["email"] = "接收邮件须填写电子邮箱"
    if data.get("webhook_enabled"):
        if not webhook_url:
            errors["webhook_url"] = "接收群机器人消息须填写 Webhook 地址"
        else:
            parts = urlsplit(webhook_url)
            if parts.scheme not in ("http", "https"):
                errors["webhook_url"] = "Webhook 地址须以 https:// 开头"
            elif not cfg.webhook_host_allowed(parts.hostname or ""):
                errors["webhook_url"] = (f"Webhook 地址的主机 {parts.hostname} 不在允许范围内"
                                         f"（{'、'.join(cfg.webhook_hosts)}）")
    if data.get("webhook_format", Preference.WebhookFormat.WECOM) not in Preference.WebhookFormat.values:
        errors["webhook_format"] = "机器人类型无效"
    if data.get("sms_enabled") and not phone_of(user):
        errors["sms_enabled"] = "您的人员信息中没有手机号码，请联系指挥部办公室补充后再开启短信"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        pref = Preference.objects.select_for_update().filter(user_id=user.pk).first() or Preference(user=user)
        before = _preference_snapshot(pref) if pref.pk else None
        pref.email, pref.webhook_url = email, webhook_url
        pref.email_enabled = bool(data.get("email_enabled"))
        pref.webhook_enabled = bool(data.get("webhook_enabled"))
        pref.sms_enabled = bool(data.get("sms_enabled"))
        pref.webhook_format = data.get("webhook_format") or Preference.WebhookFormat.WECOM
        if data.get("clear_secret"):
            pref.webhook_secret = ""
        elif data.get("webhook_secret"):
            pref.webhook_secret = data["webhook_secret"].strip()
        pref.save()
        record(user, "notify_preference.update", pref, before=before, after=_preference_snapshot(pref),
               region_code=_region_code(user))
    return pref


def mark_read(user, message_ids=None) -> int:
    """Mark the user's messages read (all unread ones when no ids are given)."""
    qs = Message.objects.filter(recipient=user, read_at__isnull=True)
    if message_ids is not None:
        qs = qs.filter(pk__in=message_ids)
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()
