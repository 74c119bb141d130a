"""/healthz: database, disk and queue; 200 when all pass, 503 when one fails — for real, no mocks."""

import shutil

import pytest
from django.db import connections
from django.urls import reverse

from wumei.ops.health import check_database, check_disk

URL = reverse("web:healthz")


def test_a_healthy_instance_answers_200_with_each_check(client, db, settings, tmp_path):
    settings.HEALTH_MIN_FREE_MB = 1
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "disk": "ok", "queue": "not configured"}
    assert set(body["disk_free_mb"]) == {"var", "media"} and body["disk_free_mb"]["var"] > 1
    assert response["Cache-Control"].startswith("max-age=0")


def test_too_little_free_disk_answers_503(client, db, settings):
    larger_than_the_disk = shutil.disk_usage(settings.VAR_DIR).total // (1024 * 1024) + 1
    settings.HEALTH_MIN_FREE_MB = larger_than_the_disk
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["disk"].startswith(f"磁盘空间不足（低于 {larger_than_the_disk} MB）：var 剩余")


def test_anyone_may_ask_without_signing_in_but_only_to_read(client, db, settings):
    settings.HEALTH_MIN_FREE_MB = 1
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_a_database_that_cannot_be_reached_fails_its_check(db, tmp_path):
    """A real connection to a database that is not there (a directory stands where the file should be)."""
    default = connections["default"]
    missing = str(tmp_path) if default.vendor == "sqlite" else "h_audit_no_such_database"
    broken = type(default)({**default.settings_dict, "NAME": missing}, "broken")
    try:
        assert check_database(broken).startswith("数据库不可用")
    finally:
        broken.close()
    assert check_database() == "ok"


def test_a_media_folder_not_yet_created_is_measured_where_it_would_be(tmp_path):
    status, free = check_disk({"media": tmp_path / "not" / "yet"}, min_free_mb=1)
    assert status == "ok" and free["media"] > 1


@pytest.mark.parametrize("minimum", [0, 1])
def test_the_threshold_is_inclusive_of_the_free_space(tmp_path, minimum):
    assert check_disk({"var": tmp_path}, min_free_mb=minimum)[0] == "ok"
