from django.conf import settings
from django.db import models
from django.utils import timezone


class Message(models.Model):
    """An in-app inbox message. `dedupe_key` makes a notice sent once however often its job runs."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE,
                                  related_name="messages")
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    kind = models.CharField("类型", max_length=32, blank=True, db_index=True)
    # NULL, not "": messages without a key must not collide in the unique constraint.
    dedupe_key = models.CharField("去重键", max_length=200, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="message_once_per_key"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
