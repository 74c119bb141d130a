"""Storing a photo: check by content, re-encode, strip EXIF (keep the shot time, GPS only in restricted fields),
make a thumbnail. Raises ValidationError with a Chinese message; nothing is stored for a refused file."""

import hashlib
import io
import warnings

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from wumei.audit.services import record
from wumei.core.errors import ValidationError
from wumei.photos import rules
from wumei.photos.models import Photo

LIMITS = rules.Limits()
_FORMAT_NAMES = "JPG、PNG 或 WebP"


def _error(name: str, message: str) -> ValidationError:
    return ValidationError({"photos": f"照片「{name}」{message}"})


def _open(data: bytes, name: str, limits: rules.Limits) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            image_format = image.format
            if image_format not in rules.ALLOWED_FORMATS:
                raise _error(name, f"不是 {_FORMAT_NAMES} 格式的图片")
            if image.width * image.height > limits.max_pixels:
                raise _error(name, f"像素过多（{image.width}×{image.height}），请缩小后再上传")
            image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise _error(name, f"无法识别为图片，请上传 {_FORMAT_NAMES} 格式的照片") from exc
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise _error(name, "像素过多，疑似异常图片，请缩小后再上传") from exc
    image.format_name = image_format  # type: ignore[attr-defined]
    return image


def _exif_facts(image: Image.Image):
    exif = image.getexif()
    taken = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    taken_at = rules.parse_exif_time(taken if isinstance(taken, str) else None)
    if taken_at is not None:
        taken_at = timezone.make_aware(taken_at)
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    lat = rules.gps_decimal(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef, "N"))
    lon = rules.gps_decimal(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef, "E"))
    return taken_at, lat, lon


def _encode(image: Image.Image, side: int, quality: int) -> tuple[bytes, int, int]:
    copy = image.copy()
    copy.thumbnail((side, side))
    out = io.BytesIO()
    # Saving without exif= writes no EXIF, ICC or comments: the served file carries no metadata.
    copy.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue(), copy.width, copy.height


def check_and_encode(data: bytes, name: str, limits: rules.Limits = LIMITS) -> dict:
    """Everything but the database: the checks, the re-encoded image and thumbnail, and the facts kept."""
    if not data:
        raise _error(name, "是空文件")
    if len(data) > limits.max_bytes:
        raise _error(name, f"超过 {limits.max_bytes // (1024 * 1024)} MB，请压缩后再上传")
    foreign = rules.foreign_content(data)
    if foreign:
        raise _error(name, f"中夹带了其他类型的内容（{foreign}），已拒收")
    image = _open(data, name, limits)
    taken_at, lat, lon = _exif_facts(image)
    upright = ImageOps.exif_transpose(image).convert("RGB")
    full, width, height = _encode(upright, limits.max_side, 85)
    thumb, _, _ = _encode(upright, limits.thumb_side, 75)
    return {"full": full, "thumb": thumb, "width": width, "height": height, "taken_at": taken_at,
            "gps_latitude": lat, "gps_longitude": lon}


def store_photo(actor, project, upload, caption: str = "", limits: rules.Limits = LIMITS) -> Photo:
    """Check, re-encode and store one uploaded photo of `project`."""
    name = getattr(upload, "name", "") or "未命名"
    if getattr(upload, "size", 0) and upload.size > limits.max_bytes:
        raise _error(name, f"超过 {limits.max_bytes // (1024 * 1024)} MB，请压缩后再上传")
    data = upload.read(limits.max_bytes + 1)
    facts = check_and_encode(data, name, limits)
    digest = hashlib.sha256(facts["full"]).hexdigest()
    with transaction.atomic():
        photo = Photo(
            project=project, width=facts["width"], height=facts["height"], size=len(facts["full"]),
            sha256=digest, original_name=name[:255], caption=caption[:200], taken_at=facts["taken_at"],
            gps_latitude=facts["gps_latitude"], gps_longitude=facts["gps_longitude"],
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        photo.image.save(f"{digest[:16]}.jpg", ContentFile(facts["full"]), save=False)
        photo.thumbnail.save(f"{digest[:16]}.jpg", ContentFile(facts["thumb"]), save=False)
        photo.save()
        record(actor, "photo.upload", photo, after={"project": project.pk, "sha256": digest, "size": photo.size},
               region_code=project.county.code)
    return photo
