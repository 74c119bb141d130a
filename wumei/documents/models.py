"""Rendered official documents: one stored file per document kind, object, format and content."""

from django.db import models


class Rendition(models.Model):
    """A .docx or .pdf rendering of one document's content; the same content is rendered once."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        PENDING = "pending", "生成中"
        READY = "ready", "已生成"
        FAILED = "failed", "生成失败"

    kind = models.CharField("文件类别", max_length=40)
    object_id = models.PositiveBigIntegerField("对象编号")
    fmt = models.CharField("格式", max_length=8, choices=Format.choices)
    source_sha256 = models.CharField("内容摘要", max_length=64)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    content = models.FileField("文件", upload_to="documents/", blank=True)
    sha256 = models.CharField("文件摘要", max_length=64, blank=True)
    size = models.PositiveIntegerField("文件大小", default=0)
    error = models.TextField("错误信息", blank=True)
    requested_at = models.DateTimeField("请求时间")
    rendered_at = models.DateTimeField("生成时间", null=True, blank=True)

    class Meta:
        verbose_name = "公文文件"
        verbose_name_plural = "公文文件"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "fmt", "source_sha256"], name="documents_rendition_once_per_content"
            ),
        ]
        indexes = [models.Index(fields=["kind", "object_id", "fmt"], name="documents_rendition_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}#{self.object_id}.{self.fmt}（{self.get_status_display()}）"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
