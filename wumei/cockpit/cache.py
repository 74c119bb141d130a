"""The cockpit's figures kept for a few minutes (WUMEI_COCKPIT_CACHE_SECONDS, 300 by default): a province's
figures read every project of its counties, seconds of work that a meeting-room screen refreshing every five
minutes, and every leader opening the cockpit, would otherwise repeat. Entering statistics clears them (the
office expects to see its figures at once); other records show within the cache time, and the page says when
the figures were computed."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from wumei.cockpit.figures import Figures, figures
from wumei.org.models import Region

VERSION_KEY = "cockpit:version"


def _version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, None)


def cached_figures(region: Region, on: datetime.date) -> tuple[Figures, datetime.datetime]:
    """The figures of `region` as of `on`, and when they were computed."""
    seconds = settings.COCKPIT_CACHE_SECONDS
    if seconds <= 0:
        return figures(region, on), timezone.now()
    key = f"cockpit:{_version()}:{region.code}:{on.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = (figures(region, on), timezone.now())
        cache.set(key, found, seconds)
    return found


def forget_figures() -> None:
    """Make every cached figure stale (a new version of the keys); called after statistics are saved."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)
