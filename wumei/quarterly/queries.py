"""Read side of 每季必考: scoped methods and runs, a run's scores by group, and a run as JSON or a text table."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from wumei.quarterly import rules
from wumei.quarterly.models import AssessmentMethod, Award, Score, ScoringRun
from wumei.quarterly.permissions import readable_counties


def runs_visible_to(user) -> QuerySet[ScoringRun]:
    return ScoringRun.objects.filter(county__in=readable_counties(user)).select_related("county", "method")


def methods_visible_to(user) -> QuerySet[AssessmentMethod]:
    return AssessmentMethod.objects.filter(county__in=readable_counties(user)).select_related("county")


@dataclass
class GroupScores:
    group: str
    label: str
    indicators: list[tuple[str, str]]  # (code, label) in the method's order
    scores: list[Score]


def group_scores(run: ScoringRun) -> list[GroupScores]:
    """The run's scores per group (in the groups' order), best first; two queries."""
    scores: dict[str, list[Score]] = {}
    for score in run.scores.order_by("group", "rank", "name", "pk"):
        score.lines = score.explanation  # for templates
        scores.setdefault(score.group, []).append(score)
    out = []
    for group in rules.Group:
        if group not in scores:
            continue
        rows = sorted(scores[group], key=lambda s: (s.rank is None, s.rank or 0, s.name, s.pk))
        header = [(line["indicator"], line["label"]) for line in rows[0].explanation]
        out.append(GroupScores(group, rules.GROUP_LABELS[group], header, rows))
    return out


def awards_of(run: ScoringRun) -> list[Award]:
    return list(run.awards.order_by("is_removed", "kind", "group", "name", "pk"))


def award_counts(run: ScoringRun) -> dict[str, int]:
    counts = {label: 0 for label in rules.AWARD_LABELS.values()}
    for award in run.awards.filter(is_removed=False):
        counts[rules.AWARD_LABELS[rules.AwardKind(award.kind)]] += 1
    return counts


def run_as_dict(run: ScoringRun) -> dict:
    """Every score with its explanation and rank, and the awards (the command's --format json)."""
    return {
        "county": run.county.code, "county_name": run.county.name, "quarter": run.period.code,
        "label": run.period.label, "status": run.status,
        "method": {"id": run.method_id, "year": run.method.year, "name": run.method.name},
        "notes": run.notes, "figures": run.figures,
        "groups": {g.group: [{"subject_id": s.subject_id, "name": s.name,
                              "total": None if s.total is None else str(s.total), "rank": s.rank,
                              "explanation": s.explanation} for s in g.scores]
                   for g in group_scores(run)},
        "awards": [{"kind": a.kind, "award": a.get_kind_display(), "group": a.group,
                    "subject_id": a.project_id or a.unit_id, "name": a.name, "source": a.source,
                    "reason": a.reason, "is_removed": a.is_removed, "removed_reason": a.removed_reason}
                   for a in awards_of(run)],
    }


def run_as_text(run: ScoringRun) -> str:
    """A plain table per group: rank, name, total, then each indicator's value (— not applicable)."""
    lines = [f"{run.county.name}{run.period.label}考核（{run.method}，{run.get_status_display()}）"]
    lines.extend(f"说明：{note}" for note in run.notes)
    for g in group_scores(run):
        lines.append("")
        lines.append(f"【{g.label}】")
        lines.append("\t".join(["排名", "名称", "总分", *(label for _, label in g.indicators)]))
        for s in g.scores:
            values = [rules.figure(None if x["value"] is None else rules.two_places(Decimal(x["value"])))
                      for x in s.explanation]
            lines.append("\t".join([str(s.rank or "—"), s.name, rules.figure(s.total), *values]))
    awards = [a for a in awards_of(run) if not a.is_removed]
    lines.append("")
    lines.append(f"【拟奖励】共{len(awards)}项")
    for a in awards:
        lines.append(f"{a.get_kind_display()}\t{a.name}\t{a.reason}")
    return "\n".join(lines)
