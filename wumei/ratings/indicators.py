"""The post-rating indicator of the quarterly assessment (每季必考): a unit's 百企评百岗 score."""

import datetime
from decimal import Decimal

from wumei.org.models import Region, Unit
from wumei.ratings import rules
from wumei.ratings.models import RatingRound
from wumei.ratings.queries import rating_facts

GROUP_KINDS = {"approval": Unit.Kind.APPROVAL, "responsible": Unit.Kind.RESPONSIBLE, "town": Unit.Kind.TOWN}


def post_rating_score(group: str, county: Region, start: datetime.date, end: datetime.date) -> dict[int, Decimal | None]:
    """Weighted mean (0–100, two places) of all ratings of each unit's posts in the county's rounds closing in
    [start, end], every rating counting once; None for a unit without ratings. Keyed by unit id, for every
    active unit of the group's kind in the county ("approval", "responsible" or "town"). The small-sample guard
    of the results pages does not apply: this is the assessment's input, not a screen."""
    if group not in GROUP_KINDS:
        raise ValueError(f"unknown group {group!r}; expected one of {sorted(GROUP_KINDS)}")
    units = Unit.objects.filter(kind=GROUP_KINDS[group], region__path__startswith=county.path, is_active=True)
    scores: dict[int, Decimal | None] = dict.fromkeys(units.values_list("pk", flat=True))
    rounds = RatingRound.objects.filter(county=county, closes_on__gte=start, closes_on__lte=end)
    facts = rating_facts(rounds.values_list("pk", flat=True), "unit")
    for unit_id in scores:
        if unit_id in facts:
            scores[unit_id] = rules.aggregate(facts[unit_id]).score
    return scores
