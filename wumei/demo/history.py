"""The demo county's past: months of problems, weekly visits and daily reports, written by each app's own
seed function after the organisation and the registry are loaded."""

import datetime
import random

from wumei.org.models import Region


def seed_history(county: Region, today: datetime.date, seed: int) -> dict[str, int]:
    """Problems first (they set the escalation ladder), then visits, then daily reports, then the four lists,
    then the dekad rounds over that history (letters and reminders), then the bulletins that count them. Each app gets its own
    random generator so that adding history to one does not change the others."""
    from wumei.bulletins import demo as bulletins
    from wumei.daily import demo as daily
    from wumei.dekad import demo as dekad
    from wumei.problems import demo as problems
    from wumei.tasks import demo as tasks
    from wumei.weekly import demo as weekly

    counts: dict[str, int] = {}
    for offset, module in enumerate((problems, weekly, daily, tasks, dekad, bulletins), start=1):
        counts.update(module.seed(county, today, random.Random(seed * 100 + offset)))  # demo data  # nosec B311
    return counts
