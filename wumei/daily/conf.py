"""每日必盯 settings, read from WUMEI_* environment variables.

- WUMEI_REPORT_CUTOFF (default "17:00"): local time by which a day's report counts as on time.
- WUMEI_DAILY_MAX_PHOTOS (default 9): photos one submission may carry; the rest are refused by name.
"""

import datetime

from django.core.exceptions import ImproperlyConfigured

from wumei.config.env import env_int, env_str
from wumei.daily import rules

REPORT_CUTOFF = env_str("REPORT_CUTOFF", "17:00")
MAX_PHOTOS = env_int("DAILY_MAX_PHOTOS", 9)

try:
    rules.parse_cutoff(REPORT_CUTOFF)
except ValueError as exc:
    raise ImproperlyConfigured(f"WUMEI_REPORT_CUTOFF: {exc}") from exc


def cutoff() -> datetime.time:
    """The cut-off as a time (read at call time, so a test may change REPORT_CUTOFF)."""
    return rules.parse_cutoff(REPORT_CUTOFF)
