"""Helpers of the 每周必访 tests."""

import io


def image_file(name: str = "现场.jpg", colour=(40, 120, 200)):
    """A small real JPEG upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def text_file(name: str = "伪装.jpg"):
    """A text file dressed as a photo."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, "这不是图片".encode(), content_type="image/jpeg")
