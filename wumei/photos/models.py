from django.conf import settings
from django.db import models
from django.utils import timezone

from wumei.projects.models import Project


class Photo(models.Model):
    """A site photo of a project (形象进度): checked by content, re-encoded, EXIF stripped.

    The shot time is kept; GPS is kept only in the restricted `gps_*` fields, never in the served file.
    Files are served only through a view that checks the viewer may see the project.
    """

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to="photos/%Y/%m/")
    thumbnail = models.FileField("缩略图", upload_to="photos/%Y/%m/thumbs/")
    width = models.PositiveIntegerField("宽度")
    height = models.PositiveIntegerField("高度")
    size = models.PositiveIntegerField("文件大小（字节）")
    sha256 = models.CharField("内容摘要", max_length=64, db_index=True)
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    caption = models.CharField("说明", max_length=200, blank=True)
    taken_at = models.DateTimeField("拍摄时间", null=True, blank=True)
    gps_latitude = models.DecimalField("纬度（受限）", max_digits=9, decimal_places=6, null=True, blank=True)
    gps_longitude = models.DecimalField("经度（受限）", max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "现场照片"
        verbose_name_plural = "现场照片"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.caption or self.original_name or f"照片{self.pk}"
