"""Read side of 问责: filters and the yearly counts of the cases in scope."""

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from wumei.accountability import rules
from wumei.accountability.models import Case


def filter_cases(qs: QuerySet[Case], *, year: int | None = None, kind: str = "") -> QuerySet[Case]:
    if year:
        qs = qs.filter(occurred_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def year_table(qs: QuerySet[Case]) -> list[rules.YearRow]:
    """Cases per year and kind, and the distinct people held accountable per year. Two queries."""
    rows = (qs.annotate(year=ExtractYear("occurred_on")).values("year", "kind").annotate(n=Count("id"))
            .order_by().values_list("year", "kind", "n"))
    people = (qs.annotate(year=ExtractYear("occurred_on")).values("year")
              .annotate(n=Count("subject_people", distinct=True)).order_by().values_list("year", "n"))
    return rules.year_table(rows, people, list(Case.Kind.values))


def years(qs: QuerySet[Case]) -> list[int]:
    return sorted({d.year for d in qs.dates("occurred_on", "year")}, reverse=True)
