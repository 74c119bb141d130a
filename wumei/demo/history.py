"""The demo county's past: months of problems, visits, daily reports, four lists, dekad rounds and bulletins,
written by each app's own seed function after the organisation and the registry are loaded."""

import datetime
import importlib
import random

from wumei.org.models import Region

# In order: problems set the escalation ladder; visits and daily reports raise more problems; the dekad
# rounds read that history and the four lists; bulletins count the letters; the consultations take up open
# factor requests, county-level problems and red projects; accountability cases cite issued letters; the
# quarterly scores read all of it; the inbox and the job history come last.
SEEDERS = (
    "problems", "weekly", "daily", "tasks", "dekad", "bulletins", "factors", "consultation", "reception", "approvals",
    "financing", "ratings", "accountability", "cockpit", "quarterly", "notify", "cadence",
)


def seed_history(county: Region, today: datetime.date, seed: int, only: tuple[str, ...] = SEEDERS) -> dict[str, int]:
    """Run the apps' seeds in order (`only` picks some, e.g. a test of one app's seed runs those before it).
    Each app gets its own random generator, so adding history to one does not change the others."""
    counts: dict[str, int] = {}
    for offset, name in enumerate(SEEDERS, start=1):
        if name in only:
            module = importlib.import_module(f"wumei.{name}.demo")
            rng = random.Random(seed * 100 + offset)  # demo data, reproducible by seed; not security  # nosec B311
            counts.update(module.seed(county, today, rng))
    return counts
