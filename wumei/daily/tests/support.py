"""Helpers of the 每日必盯 tests: local moments, back-dated registration, real and fake photos."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

# A working Wednesday, far from holidays.
DAY = datetime.date(2026, 3, 18)


def at(day: datetime.date, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    """An aware moment, local (Asia/Shanghai) time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


def registered(project, on: datetime.date) -> None:
    """Back-date a project's registration so that it is expected to report from `on`."""
    from wumei.projects.models import Project, StageChange

    Project.objects.filter(pk=project.pk).update(created_at=at(on, 9))
    StageChange.objects.create(project=project, from_stage="", to_stage=project.stage, reason="登记入库",
                               changed_at=at(on, 9))


def jpeg(name: str = "site.jpg", size=(64, 48), colour=(180, 120, 60)) -> SimpleUploadedFile:
    """A real small JPEG, made with Pillow."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def not_an_image(name: str = "报告.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 this is a document, not a photo", content_type="image/jpeg")


