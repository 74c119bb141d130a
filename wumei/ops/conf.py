"""Operations settings. Each is read from Django settings when the lead sets it there, else from its
WUMEI_* environment variable (read at call time, so tests may override them with the `settings` fixture).

- WUMEI_BACKUP_DIR (default var/backups): where `wumei backup` writes and prunes backups.
- WUMEI_HEALTH_MIN_FREE_MB (default 500): /healthz fails when less space than this is free under var/ or
  the media folder.
- WUMEI_WORKER_HEARTBEAT_SECONDS (default 15): how often each `wumei run_huey` writes its heartbeat.
- WUMEI_HEALTH_WORKER_MAX_AGE (default 60 s): /healthz fails when the newest heartbeat is older.
- WUMEI_HEALTH_MAX_PENDING (default 1000; 0 = off): /healthz fails when more tasks wait in the queue.
"""

from pathlib import Path

from django.conf import settings

from wumei.config.env import env_int, env_str


def backup_dir() -> Path:
    configured = getattr(settings, "BACKUP_DIR", None) or env_str("BACKUP_DIR")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "backups"


def health_min_free_mb() -> int:
    configured = getattr(settings, "HEALTH_MIN_FREE_MB", None)
    return int(configured) if configured is not None else env_int("HEALTH_MIN_FREE_MB", 500)


def worker_heartbeat_seconds() -> float:
    """How often a running `wumei run_huey` writes its heartbeat into the queue's storage."""
    configured = getattr(settings, "WORKER_HEARTBEAT_SECONDS", None)
    return float(configured) if configured is not None else float(env_int("WORKER_HEARTBEAT_SECONDS", 15))


def health_worker_max_age() -> int:
    """/healthz fails when the newest worker heartbeat is older than this many seconds."""
    configured = getattr(settings, "HEALTH_WORKER_MAX_AGE", None)
    return int(configured) if configured is not None else env_int("HEALTH_WORKER_MAX_AGE", 60)


def health_max_pending() -> int:
    """/healthz fails when more tasks than this wait in the queue (0: not checked)."""
    configured = getattr(settings, "HEALTH_MAX_PENDING", None)
    return int(configured) if configured is not None else env_int("HEALTH_MAX_PENDING", 1000)
