"""The defaults are 等保 level 2; WUMEI_SECURITY_LEVEL=3 switches two-factor sign-in on for everyone."""

import os
import subprocess
import sys

from django.conf import settings


def test_level_two_defaults():
    assert settings.SECURITY_LEVEL == 2
    assert (settings.PASSWORD_MIN_LENGTH, settings.PASSWORD_MIN_CLASSES, settings.PASSWORD_HISTORY) == (8, 3, 5)
    assert settings.PASSWORD_MAX_AGE_DAYS == 90 and settings.PASSWORD_FORCE_CHANGE
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME) == (5, 0.5)
    assert (settings.SESSION_COOKIE_AGE, settings.ADMIN_IDLE_MINUTES, settings.SESSION_MAX_HOURS) == (1800, 15, 12)
    assert settings.TWO_FACTOR_ROLES == ["sys_admin", "sec_admin", "auditor"] and not settings.TWO_FACTOR_FOR_ALL


def _setting(name: str, **env) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "wumei.config.settings", **env}
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True,  # noqa: S603
                          check=True).stdout.strip()


def test_level_three_requires_two_factor_for_everyone():
    assert _setting("TWO_FACTOR_FOR_ALL", WUMEI_SECURITY_LEVEL="3") == "True"
    assert _setting("TWO_FACTOR_FOR_ALL", WUMEI_SECURITY_LEVEL="3", WUMEI_TWO_FACTOR_FOR_ALL="0") == "False"
