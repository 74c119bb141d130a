"""The health of one running instance, for /healthz (load balancers, monitoring, systemd watchdogs).

Checks the database (a `SELECT 1`), the disk (free space under var/ and the media folder) and the task
queue (not configured yet: the workers come with huey). Healthy → 200, any failed check → 503; the body
names every check either way.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.backends.base.base import BaseDatabaseWrapper

from wumei.ops import conf

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


def check_queue() -> str:
    return NOT_CONFIGURED


def run_checks() -> tuple[bool, dict]:
    """(healthy, report). A check passes when it is "ok" or "not configured"."""
    disk, free = check_disk({"var": Path(settings.VAR_DIR), "media": Path(settings.MEDIA_ROOT)},
                            conf.health_min_free_mb())
    checks = {"database": check_database(), "disk": disk, "queue": check_queue()}
    healthy = all(value in (OK, NOT_CONFIGURED) for value in checks.values())
    return healthy, {
        "status": OK if healthy else "fail",
        "checks": checks,
        "disk_free_mb": free,
        "disk_min_free_mb": conf.health_min_free_mb(),
    }
