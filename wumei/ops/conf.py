"""Operations settings. Each is read from Django settings when the lead sets it there, else from its
WUMEI_* environment variable (read at call time, so tests may override them with the `settings` fixture).

- WUMEI_BACKUP_DIR (default var/backups): where `wumei backup` writes and prunes backups.
- WUMEI_HEALTH_MIN_FREE_MB (default 500): /healthz fails when less space than this is free under var/ or
  the media folder.
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
