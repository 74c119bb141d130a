from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(RuntimeError):
    """Audit events are never changed or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除")


class AuditEvent(models.Model):
    """One write to the system: who, when, what, before and after. Append-only and hash-chained.

    `sequence` numbers the events without gaps; `hash` is the SHA-256 of the event's canonical form,
    which includes `prev_hash`, the hash of the event before (wumei.audit.chain). The database refuses
    UPDATE and DELETE (wumei.audit.guards); only `prune_audit` removes events past the retention period.
    """

    sequence = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    # PROTECT: an account that has acted is disabled, never deleted — deleting it would have to rewrite
    # (set to NULL) the events that name it, which the log refuses.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT
    )
    actor_name = models.CharField("操作人名称", max_length=150, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=255, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    region_code = models.CharField("区划代码", max_length=12, blank=True, db_index=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除")


class AuditCheckpoint(models.Model):
    """Where the chain resumes after pruning: the sequence and hash of the last pruned event.

    Written by `prune_audit` before it deletes; the database lets only events covered by a checkpoint
    (and older than 180 days) be deleted, and never changes or deletes a checkpoint.
    """

    through_sequence = models.PositiveBigIntegerField("清理至序号", unique=True)
    through_hash = models.CharField("清理至哈希", max_length=64)
    before = models.DateField("清理此日期之前的记录")
    deleted = models.PositiveIntegerField("清理条数")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "审计清理检查点"
        verbose_name_plural = "审计清理检查点"
        ordering = ["-through_sequence"]

    def __str__(self) -> str:
        return f"清理至第 {self.through_sequence} 条（{self.before} 之前）"
