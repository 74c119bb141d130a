"""Photos are checked by content, re-encoded without metadata, and served only to who may see the project."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from wumei.audit.models import AuditEvent
from wumei.core.errors import ValidationError
from wumei.photos import rules
from wumei.photos.models import Photo
from wumei.photos.services import store_photo


def jpeg(width=640, height=480, exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), (40, 120, 200))
    image.save(out, "JPEG", exif=exif if exif is not None else Image.Exif())
    return out.getvalue()


def jpeg_with_shot_time_and_gps() -> bytes:
    exif = Image.Exif()
    exif[0x0132] = "2026:05:03 10:15:00"  # DateTime
    exif.get_ifd(0x8769)[0x9003] = "2026:05:03 10:15:00"  # DateTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (27.0, 5.0, 24.0)
    gps[3], gps[4] = "E", (112.0, 57.0, 36.0)
    exif[0x010F] = "TestCam"  # Make: identifying metadata that must not survive
    return jpeg(exif=exif)


def upload(data: bytes, name="现场.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_photo_is_stored_re_encoded_without_exif_but_keeps_shot_time_and_gps(world):
    photo = store_photo(world.liaison, world.project, upload(jpeg_with_shot_time_and_gps()))
    stored = Image.open(photo.image.open("rb"))
    assert stored.format == "JPEG"
    assert len(stored.getexif()) == 0
    assert b"TestCam" not in photo.image.open("rb").read()
    assert photo.taken_at.strftime("%Y-%m-%d %H:%M") == "2026-05-03 10:15"
    assert (photo.gps_latitude, photo.gps_longitude) == (Decimal("27.090000"), Decimal("112.960000"))
    assert Image.open(photo.thumbnail.open("rb")).width <= 320
    assert AuditEvent.objects.filter(action="photo.upload", object_id=str(photo.pk)).exists()


def test_a_large_photo_is_scaled_down(world):
    photo = store_photo(world.liaison, world.project, upload(jpeg(4000, 3000)))
    assert max(photo.width, photo.height) == 2560


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not an image at all", "无法识别为图片"),
        (b"", "空文件"),
        (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "夹带了其他类型的内容"),
        (jpeg() + b"<script>alert(1)</script>", "夹带了其他类型的内容"),
    ],
    ids=["text", "empty", "pdf", "jpeg-with-script"],
)
def test_bad_files_are_refused_with_a_chinese_message(world, data, message):
    with pytest.raises(ValidationError) as caught:
        store_photo(world.liaison, world.project, upload(data, "坏文件.jpg"))
    text = caught.value.message_dict["photos"][0]
    assert "坏文件.jpg" in text and message in text
    assert not Photo.objects.exists()


def test_a_jpeg_zip_polyglot_is_refused(world):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("payload.html", "<b>hi</b>")
    with pytest.raises(ValidationError, match="zip"):
        store_photo(world.liaison, world.project, upload(jpeg() + archive.getvalue()))


def test_a_gif_is_refused_even_when_named_jpg(world):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(ValidationError, match="不是 JPG、PNG 或 WebP"):
        store_photo(world.liaison, world.project, upload(out.getvalue(), "伪装.jpg"))


def test_an_oversized_file_is_refused(world):
    with pytest.raises(ValidationError, match="超过 1 MB"):
        store_photo(world.liaison, world.project, upload(jpeg() + b"\0" * (1024 * 1024)),
                    limits=rules.Limits(max_bytes=1024 * 1024))


def test_a_decompression_bomb_is_refused(world):
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # ~20 KB on disk, 144 million pixels
    with pytest.raises(ValidationError, match="像素过多"):
        store_photo(world.liaison, world.project, upload(out.getvalue(), "bomb.png"))


def test_a_phone_trailer_after_the_image_is_accepted_and_dropped(world):
    """Motion photos append a video after the JPEG; it is not a polyglot of a dangerous kind."""
    photo = store_photo(world.liaison, world.project, upload(jpeg() + b"\x00\x00\x00\x18ftypmp42" + b"\x01" * 500))
    assert b"ftypmp42" not in photo.image.open("rb").read()


@pytest.mark.parametrize(("who", "status"), [
    ("hq", 200), ("liaison", 200), ("inspector", 200), ("owner", 200),
    ("other_liaison", 404), ("nobody", 404),
])
def test_photos_are_served_only_to_users_who_may_see_the_project(client, world, who, status):
    photo = store_photo(world.liaison, world.project, upload(jpeg()))
    client.force_login(getattr(world, who))
    for size in ("full", "thumb"):
        response = client.get(f"/photos/{photo.pk}/{size}.jpg")
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "image/jpeg"


def test_anonymous_users_are_sent_to_sign_in(client, world):
    photo = store_photo(world.liaison, world.project, upload(jpeg()))
    response = client.get(f"/photos/{photo.pk}/full.jpg")
    assert response.status_code == 302 and "/login/" in response.url


def test_gps_is_visible_to_the_hq_office_and_inspectors_only(world):
    from wumei.photos.permissions import can_see_gps

    assert can_see_gps(world.hq) and can_see_gps(world.inspector)
    assert not can_see_gps(world.liaison) and not can_see_gps(world.owner)


def test_polyglot_markers_are_found_anywhere_case_insensitively():
    assert rules.foreign_content(b"\xff\xd8...<SCRIPT>...") == "<script"
    assert rules.foreign_content(jpeg()) is None
