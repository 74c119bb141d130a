"""Demo history of the supervision bulletins: the bulletin drafted at each dekad start of the past months from
the data as of the dekad before (the same service the scheduled job calls), the HQ office's remark added and
issued a working day or two later, numbered in order. The latest one is still a draft waiting to be issued.

The months are those of the daily reports' history (whose on-time rates the bulletins rank units by), and only
dekads of a year the county has annual plans for (the demo registry plans the current year).

Deterministic for a given `rng` and `today`. Runs after the dekad rounds (whose letters the bulletins count),
inside the demo loader's transaction. Writes once.
"""

import datetime
import random

from wumei.bulletins import services
from wumei.bulletins.models import Bulletin
from wumei.calendar.rules import dekad_of
from wumei.calendar.services import load_calendar
from wumei.daily.demo import HISTORY_DAYS
from wumei.org.models import Region, Role, RoleAssignment
from wumei.projects.models import AnnualPlan

REMARKS = [
    "对{name}等{n}个滞后项目，请责任单位本旬内制定赶超措施，报总指挥部办公室备案。",
    "{name}等{n}个项目进度滞后，请牵头县级领导加强调度，责任单位倒排工期、加快推进。",
]


def draft_days(today: datetime.date, planned_years: set[int] | None = None) -> list[datetime.date]:
    """The dekad starts of the last HISTORY_DAYS days, today's dekad's included: the days the job drafted; only
    those reporting a dekad of a planned year when `planned_years` is given."""
    day = dekad_of(today - datetime.timedelta(days=HISTORY_DAYS)).next().start
    days = []
    while day <= today:
        if planned_years is None or dekad_of(day).previous().year in planned_years:
            days.append(day)
        day = dekad_of(day).next().start
    return days


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Draft a bulletin at each past dekad start; issue all but the latest. Returns counts."""
    if Bulletin.objects.filter(county=county).exists():
        return {"bulletins": 0, "bulletins_issued": 0}
    hq = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=county, person__user__isnull=False)
          .select_related("person__user").order_by("person_id").first())
    actor = hq.person.user if hq else None
    calendar = load_calendar()
    years = set(AnnualPlan.objects.filter(project__county=county).values_list("year", flat=True))
    drafted = issued = 0
    for day in draft_days(today, years):
        bulletin, created = services.draft_bulletin(county, day)
        drafted += created
        issue_on = calendar.add_working_days(day - datetime.timedelta(days=1), rng.choice([1, 1, 2]))
        if issue_on >= today or dekad_of(day) == dekad_of(today):
            continue  # not yet: the HQ office issues it in the coming days
        lagging = bulletin.snapshot["lagging"]
        comments = {}
        if lagging:
            comments["lagging"] = rng.choice(REMARKS).format(name=lagging[0]["name"], n=len(lagging))
        bulletin = services.edit_bulletin(actor, bulletin, version=bulletin.version, title=bulletin.title,
                                          recipients=bulletin.recipients, intro=bulletin.intro, comments=comments,
                                          requirements=bulletin.requirements)
        services.issue_bulletin(actor, bulletin, on=issue_on)
        issued += 1
    return {"bulletins": drafted, "bulletins_issued": issued}
