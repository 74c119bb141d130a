"""The health of one running instance, for /healthz (load balancers, monitoring, systemd watchdogs).

Checks the database (a `SELECT 1`), the disk (free space under var/ and the media folder) and the task
queue: huey's storage (Redis or the SQLite file) takes a write and gives it back, the backlog is under its
limit, and a worker (`wumei run_huey`) has beaten recently (wumei.ops.heartbeat). Healthy → 200, any failed
check → 503; the body names every check either way.
"""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.backends.base.base import BaseDatabaseWrapper

from wumei.ops import conf, heartbeat

OK = "ok"
NOT_CONFIGURED = "not configured"
MB = 1024 * 1024


def check_database(db: BaseDatabaseWrapper = connection) -> str:
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"数据库不可用：{exc}".strip()
    return OK


def _existing(path: Path) -> Path:
    """The nearest folder that exists at or above `path` (media may not have been created yet)."""
    path = path.resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def free_mb(path: Path) -> int:
    return shutil.disk_usage(_existing(path)).free // MB


def check_disk(paths: dict[str, Path], min_free_mb: int) -> tuple[str, dict[str, int]]:
    free = {name: free_mb(path) for name, path in paths.items()}
    short = [f"{name} 剩余 {mb} MB" for name, mb in free.items() if mb < min_free_mb]
    if short:
        return f"磁盘空间不足（低于 {min_free_mb} MB）：" + "，".join(short), free
    return OK, free


PROBE_KEY = "wumei.ops.health-probe"


def queue_backend(huey) -> str:
    if huey.immediate:
        return "immediate"
    return {"RedisStorage": "redis", "SqliteStorage": "sqlite"}.get(type(huey.storage).__name__,
                                                                   type(huey.storage).__name__)


def check_queue(huey=None, *, now: float | None = None, max_age: int | None = None,
                max_pending: int | None = None) -> tuple[str, dict]:
    """(status, facts) of the task queue. Immediate mode (tests, WUMEI_HUEY_IMMEDIATE=1) runs tasks inside
    the request: no storage, no worker, nothing to check."""
    if huey is None:
        from huey.contrib.djhuey import HUEY as huey
    facts: dict = {"backend": queue_backend(huey), "pending": None, "worker_seen_seconds_ago": None}
    if huey.immediate:
        return OK, facts
    now = time.time() if now is None else now
    max_age = conf.health_worker_max_age() if max_age is None else max_age
    max_pending = conf.health_max_pending() if max_pending is None else max_pending
    try:
        probe = str(now).encode()
        huey.storage.put_data(PROBE_KEY, probe)
        if huey.storage.pop_data(PROBE_KEY) != probe:
            return "任务队列存储读写不一致", facts
        facts["pending"] = huey.pending_count()
        record = heartbeat.read(huey.storage)
    except Exception as exc:  # redis.ConnectionError, sqlite3.OperationalError, OSError …: all mean "down"
        return f"任务队列不可用：{type(exc).__name__}: {exc}".strip(), facts
    facts["worker_seen_seconds_ago"] = heartbeat.seconds_since(record, now)
    problem = heartbeat.worker_problem(record, now, max_age)
    if problem:
        return problem, facts
    if max_pending and facts["pending"] > max_pending:
        return f"任务积压：{facts['pending']} 个任务等待处理（上限 {max_pending} 个）", facts
    return OK, facts


def run_checks() -> tuple[bool, dict]:
    """(healthy, report). A check passes when it is "ok" or "not configured"."""
    disk, free = check_disk({"var": Path(settings.VAR_DIR), "media": Path(settings.MEDIA_ROOT)},
                            conf.health_min_free_mb())
    queue, queue_facts = check_queue()
    checks = {"database": check_database(), "disk": disk, "queue": queue}
    healthy = all(value in (OK, NOT_CONFIGURED) for value in checks.values())
    return healthy, {
        "status": OK if healthy else "fail",
        "checks": checks,
        "disk_free_mb": free,
        "disk_min_free_mb": conf.health_min_free_mb(),
        "queue": queue_facts,
    }
