from django.conf import settings
from django.db import models
from django.utils import timezone

from wumei.security.fields import EncryptedCharField


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


class Preference(models.Model):
    """The channels a user wants besides the inbox (which is never optional). Channels are opt-in."""

    class WebhookFormat(models.TextChoices):
        WECOM = "wecom", "企业微信群机器人"
        DINGTALK = "dingtalk", "钉钉自定义机器人"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                                related_name="notify_preference")
    # Personal data and secrets (a robot's URL carries its key): sealed at rest at 等保 level 3.
    email = EncryptedCharField("电子邮箱", max_length=254, blank=True)
    email_enabled = models.BooleanField("接收邮件", default=False)
    webhook_url = EncryptedCharField("机器人 Webhook 地址", max_length=500, blank=True)
    webhook_format = models.CharField("机器人类型", max_length=16, choices=WebhookFormat.choices,
                                      default=WebhookFormat.WECOM)
    webhook_secret = EncryptedCharField("加签密钥", max_length=200, blank=True)
    webhook_enabled = models.BooleanField("接收群机器人消息", default=False)
    sms_enabled = models.BooleanField("接收短信", default=False)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"

    def __str__(self) -> str:
        return f"{self.user} 的通知设置"


class OutboxItem(models.Model):
    """One delivery of one inbox message over one channel, written in the event's transaction.

    The worker claims a due item with a conditional update (status and lease), sends, then marks it sent:
    a rollback of the event removes the item, a crashed worker's lease runs out and the item is due again."""

    class Channel(models.TextChoices):
        EMAIL = "email", "电子邮件"
        WEBHOOK = "webhook", "群机器人"
        SMS = "sms", "短信"

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    message = models.ForeignKey(Message, verbose_name="消息", on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField("渠道", max_length=16, choices=Channel.choices)
    # The destination as it was when the event happened: e-mail address, webhook URL or phone number.
    address = EncryptedCharField("发送地址", max_length=500)
    webhook_format = models.CharField("机器人类型", max_length=16, choices=Preference.WebhookFormat.choices,
                                      blank=True)
    webhook_secret = EncryptedCharField("加签密钥", max_length=200, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    due_at = models.DateTimeField("下次发送时间", default=timezone.now)
    lease_until = models.DateTimeField("占用截止", null=True, blank=True)
    claim_token = models.CharField("占用标识", max_length=32, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发消息"
        verbose_name_plural = "待发消息"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "channel"], name="outbox_once_per_channel"),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.message}"
