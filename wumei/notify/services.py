"""Sending in-app messages. Idempotent: a message with a dedupe key reaches each recipient once."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from wumei.notify.models import Message


def notify(recipient, subject: str, *, body: str = "", url: str = "", kind: str = "",
           dedupe_key: str | None = None) -> Message | None:
    """Put a message in `recipient`'s inbox; with `dedupe_key`, only the first call sends (returns None after)."""
    if recipient is None:
        return None
    if dedupe_key and Message.objects.filter(recipient=recipient, dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            return Message.objects.create(recipient=recipient, subject=subject[:200], body=body, url=url,
                                          kind=kind, dedupe_key=dedupe_key)
    except IntegrityError:
        # Another run sent it between our check and our insert.
        return None


def mark_read(user, message_ids=None) -> int:
    """Mark the user's messages read (all unread ones when no ids are given)."""
    qs = Message.objects.filter(recipient=user, read_at__isnull=True)
    if message_ids is not None:
        qs = qs.filter(pk__in=message_ids)
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()
