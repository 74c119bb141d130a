"""Read side of the financing follow-up: the year's monthly figures of a set of requests (two queries)."""

from django.db.models import Q, QuerySet

from wumei.financing import rules
from wumei.financing.models import LoanFollowUp, LoanRequest


def monthly_totals(requests: QuerySet[LoanRequest], year: int) -> rules.YearTotals:
    relevant = requests.filter(Q(requested_on__year=year) | Q(granted_on__year=year))
    facts = [rules.RequestFacts(*row) for row in relevant.values_list(
        "enterprise_id", "requested_on", "granted_on", "granted_amount")]
    follow_ups = LoanFollowUp.objects.filter(request__in=requests, on__year=year).values_list(
        "request__enterprise_id", "on")
    return rules.monthly_totals(year, facts, follow_ups)
