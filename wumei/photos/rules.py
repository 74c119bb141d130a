"""Checks on uploaded image bytes, as pure functions (no Django, no database)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

# Markers of other formats hiding in an image (polyglots): markup, scripts, documents. They are long enough
# that compressed image data does not produce them by chance; archives are found by their directory instead.
FOREIGN_MARKERS = (b"<script", b"<html", b"<?php", b"<svg", b"<!doctype", b"%pdf-", b"<iframe", b"javascript:")
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


class PhotoError(ValueError):
    """An upload that is not an acceptable photo; the message is shown to the user."""


def foreign_content(data: bytes) -> str | None:
    """The kind of another file hiding in the image (a polyglot), if any.

    Phones append harmless trailers (motion-photo video, maker data) after the image; those pass and are
    dropped by re-encoding. Markup, scripts, documents and archives are refused.
    """
    import io
    import zipfile

    lowered = data.lower()
    for marker in FOREIGN_MARKERS:
        if marker in lowered:
            return marker.decode()
    if zipfile.is_zipfile(io.BytesIO(data)):
        return "zip"
    return None


def _rational(value) -> Decimal:
    try:
        return Decimal(str(float(value)))
    except (TypeError, ValueError, ZeroDivisionError):
        return Decimal(0)


def gps_decimal(dms, ref: str) -> Decimal | None:
    """EXIF degrees/minutes/seconds and N/S/E/W to signed decimal degrees, six places."""
    if not dms or len(dms) != 3:
        return None
    degrees, minutes, seconds = (_rational(v) for v in dms)
    value = degrees + minutes / 60 + seconds / 3600
    if ref in ("S", "W"):
        value = -value
    return value.quantize(Decimal("0.000001"))


def parse_exif_time(text: str | None) -> datetime.datetime | None:
    """EXIF `2026:05:03 10:15:00` (local time, no zone) to a naive datetime; None when unreadable."""
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 15 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 2560  # longest side of the stored image
    thumb_side: int = 320
