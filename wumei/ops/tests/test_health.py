"""/healthz: database, disk and queue; 200 when all pass, 503 when one fails — for real, no mocks.

The queue checks run against a real huey SQLite queue in a temporary file (the suite's own huey runs tasks
immediately); tests/deploy/test_deploy.py checks the same against Redis and a real `wumei run_huey`.
"""

import shutil

import pytest
from django.db import connections
from django.urls import reverse
from huey import RedisHuey, SqliteHuey

from wumei.ops import heartbeat
from wumei.ops.health import check_database, check_disk, check_queue

URL = reverse("web:healthz")


def test_a_healthy_instance_answers_200_with_each_check(client, db, settings, tmp_path):
    settings.HEALTH_MIN_FREE_MB = 1
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "disk": "ok", "queue": "ok"}
    assert body["queue"] == {"backend": "immediate", "pending": None, "worker_seen_seconds_ago": None}
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


# ------------------------------------------------------------------------------------------ the task queue

NOW = 1_800_000_000.0


@pytest.fixture
def queue(tmp_path):
    return SqliteHuey("health-test", filename=str(tmp_path / "huey.sqlite3"))


def test_a_queue_whose_worker_beat_recently_is_ok(queue):
    heartbeat.beat(queue.storage, now=NOW - 10)
    status, facts = check_queue(queue, now=NOW, max_age=60, max_pending=100)
    assert status == "ok"
    assert facts == {"backend": "sqlite", "pending": 0, "worker_seen_seconds_ago": 10}


def test_a_queue_no_worker_ever_served_fails(queue):
    status, facts = check_queue(queue, now=NOW, max_age=60, max_pending=100)
    assert status == "没有任务处理进程（wumei run_huey）的心跳：处理进程从未启动"
    assert facts["pending"] == 0 and facts["worker_seen_seconds_ago"] is None


def test_a_heartbeat_older_than_the_limit_fails(queue):
    heartbeat.beat(queue.storage, now=NOW - 61)
    assert check_queue(queue, now=NOW, max_age=60, max_pending=100)[0] == (
        "任务处理进程（wumei run_huey）已 61 秒没有心跳（上限 60 秒），可能已停止或卡住")
    assert check_queue(queue, now=NOW, max_age=61, max_pending=100)[0] == "ok"


def test_a_worker_that_stopped_says_so_at_once(queue):
    heartbeat.beat(queue.storage, now=NOW - 5)
    assert heartbeat.mark_stopped(queue.storage, now=NOW - 2)
    assert check_queue(queue, now=NOW, max_age=60, max_pending=100)[0] == "任务处理进程（wumei run_huey）已停止（2 秒前）"


def test_a_stopping_worker_leaves_the_beat_of_another_machine_alone(queue):
    other = {"at": NOW - 1, "state": heartbeat.RUNNING, "host": "worker-2.example", "pid": 4242}
    queue.storage.put_data(heartbeat.KEY, heartbeat.json.dumps(other).encode())
    assert not heartbeat.mark_stopped(queue.storage, now=NOW)
    assert check_queue(queue, now=NOW, max_age=60, max_pending=100)[0] == "ok"


def test_a_backlog_over_the_limit_fails(queue):
    @queue.task()
    def job(n):
        return n

    for n in range(3):
        job(n)
    heartbeat.beat(queue.storage, now=NOW)
    assert check_queue(queue, now=NOW, max_age=60, max_pending=3)[0] == "ok"
    assert check_queue(queue, now=NOW, max_age=60, max_pending=2)[0] == "任务积压：3 个任务等待处理（上限 2 个）"
    assert check_queue(queue, now=NOW, max_age=60, max_pending=0)[0] == "ok"  # 0: backlog not checked


def test_a_queue_whose_redis_cannot_be_reached_fails():
    """A real Redis client pointed at a port where nothing listens (port 1 is never a Redis)."""
    broken = RedisHuey("health-test", url="redis://127.0.0.1:1/0")
    status, facts = check_queue(broken, now=NOW, max_age=60, max_pending=100)
    assert status.startswith("任务队列不可用：ConnectionError")
    assert facts == {"backend": "redis", "pending": None, "worker_seen_seconds_ago": None}


def test_garbage_in_the_heartbeat_record_counts_as_no_heartbeat(queue):
    queue.storage.put_data(heartbeat.KEY, b"not json")
    assert heartbeat.read(queue.storage) is None
