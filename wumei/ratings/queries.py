"""Read side of 百企评百岗: a round's ratings as plain facts, aggregated per post and per unit."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from wumei.ratings import rules
from wumei.ratings.models import Criterion, Post, RatingRound, Score


def rating_facts(rounds: Iterable[int], key: str = "post") -> dict[int, list[rules.RatingFacts]]:
    """The ratings of `rounds` (ids) as plain facts, grouped by post id (key "post") or by the post's unit id
    (key "unit"). Two queries."""
    round_ids = list(rounds)
    criteria: dict[int, list[rules.Criterion]] = defaultdict(list)
    for criterion in Criterion.objects.filter(round_id__in=round_ids).order_by("round_id", "order", "id"):
        criteria[criterion.round_id].append(criterion.as_rule())
    group = "rating__post_id" if key == "post" else "rating__post__unit_id"
    rows = Score.objects.filter(rating__round_id__in=round_ids).values_list(
        "rating_id", "rating__round_id", group, "criterion_id", "value").order_by("rating_id")
    values: dict[int, dict[int, int]] = defaultdict(dict)
    meta: dict[int, tuple[int, int]] = {}
    for rating_id, round_id, group_id, criterion_id, value in rows:
        values[rating_id][criterion_id] = value
        meta[rating_id] = (round_id, group_id)
    out: dict[int, list[rules.RatingFacts]] = defaultdict(list)
    for rating_id, (round_id, group_id) in meta.items():
        out[group_id].append(rules.RatingFacts(values=values[rating_id], criteria=tuple(criteria[round_id])))
    return dict(out)


@dataclass
class Line:
    """A post's or a unit's row of the results: aggregates, rank, and whether they may be shown."""

    subject: object
    result: rules.Aggregate
    shown: bool
    rank: int | None = None

    @property
    def count(self) -> int:
        return self.result.count


def _lines(subjects: list, facts: dict[int, list[rules.RatingFacts]], min_sample: int, full: bool) -> list[Line]:
    """Ranked lines: subjects with at least `min_sample` ratings are ranked (highest first, ties share a rank);
    the others follow unranked — with their figures for `full` readers, as 样本不足 for everyone else."""
    results = {s.pk: rules.aggregate(facts.get(s.pk, [])) for s in subjects}
    by_pk = {s.pk: s for s in subjects}
    eligible = [(s.pk, results[s.pk].score if rules.enough(results[s.pk].count, min_sample) else None)
                for s in subjects]
    lines = []
    for rank, pk, _ in rules.ranked(eligible):
        result = results[pk]
        lines.append(Line(subject=by_pk[pk], result=result, rank=rank,
                          shown=full or rules.enough(result.count, min_sample)))
    return lines


def round_results(rating_round: RatingRound, *, full: bool) -> dict:
    """A round's results: per post and per unit (all ratings of the unit's posts), ranked; criterion names in
    order. Four queries."""
    posts = list(Post.objects.filter(county=rating_round.county)
                 .filter(Q(is_active=True) | Q(ratings__round=rating_round)).distinct()
                 .select_related("unit").order_by("unit__name", "name", "id"))
    units = sorted({p.unit_id: p.unit for p in posts}.values(), key=lambda u: (u.kind, u.name))
    by_post = rating_facts([rating_round.pk], "post")
    by_unit: dict[int, list[rules.RatingFacts]] = defaultdict(list)
    unit_of = {p.pk: p.unit_id for p in posts}
    for post_id, facts in by_post.items():
        if post_id in unit_of:
            by_unit[unit_of[post_id]].extend(facts)
    return {
        "criteria": list(rating_round.criteria.values_list("name", flat=True)),
        "posts": _lines(posts, by_post, rating_round.min_sample, full),
        "units": _lines(units, by_unit, rating_round.min_sample, full),
    }
