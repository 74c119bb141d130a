"""The demo county's weekly history: the seed's lead figures, visits with gaps, the five lists and the map."""

import datetime
import random
from decimal import Decimal

import pytest

from wumei.calendar.services import load_calendar
from wumei.demo.tests.helpers import TODAY
from wumei.org.models import Chain
from wumei.problems.models import Problem
from wumei.weekly import conf, demo, queries, rules
from wumei.weekly.models import ChainItem, InvestmentLead, LeadTransition, SupplyLink, Visit, VisitDelegate


@pytest.fixture
def seeded(db):
    from wumei.demo.builder import load_demo

    result = load_demo(seed=1, today=TODAY, history=False)
    counts = demo.seed(result.county, TODAY, random.Random(1))
    return result.county, counts


def dump(county):
    return {
        "visits": list(Visit.objects.filter(project__county=county).order_by("project__code", "visited_on")
                       .values_list("project__code", "leader__name", "visited_on", "findings", "companions_note")),
        "leads": list(InvestmentLead.objects.filter(county=county).order_by("name").values_list(
            "name", "stage", "amount", "contacted_on", "signed_on", "contract_start_on", "started_on")),
        "items": list(ChainItem.objects.filter(chain__region=county).order_by("chain__name", "kind", "order")
                      .values_list("chain__name", "kind", "title", "status", "due_on")),
        "links": sorted(SupplyLink.objects.filter(chain__region=county).values_list("supplier__name",
                                                                                      "customer__name", "product")),
        "problems": sorted(Problem.objects.filter(source="visit", project__county=county)
                           .values_list("project__code", "raised_on", "description", "status")),
    }


def test_the_years_leads_have_the_seeds_shape(seeded):
    county, counts = seeded

    figures, park = queries.county_figures(county, TODAY)

    assert figures.signed_count == 23 and figures.signed_amount == Decimal("1555000")  # 155.5亿元
    assert figures.large_count == 3 and figures.top500_count == 3
    assert (park.signed_count, park.started_count, park.signed_amount) == (18, 11, Decimal("857000"))
    assert (park.fulfilment.fulfilled, park.fulfilment.due, park.fulfilment_rate) == (8, 9, Decimal("88.9"))
    assert counts["leads"] == InvestmentLead.objects.count() == 27


def test_every_lead_is_consistent_and_has_its_history(seeded):
    for lead in InvestmentLead.objects.all():
        facts = rules.LeadDates(lead.stage, lead.contacted_on, lead.signed_on, lead.contract_start_on, lead.started_on)
        assert rules.lead_errors(facts, TODAY) == {}, lead.name
        assert LeadTransition.objects.filter(lead=lead).latest("at", "id").to_stage == lead.stage
    linked = InvestmentLead.objects.filter(project__isnull=False)
    assert linked.count() == 3 and all(lead.project.name == lead.name for lead in linked)


def test_visits_cover_months_on_working_days_with_gaps(seeded):
    county, counts = seeded
    calendar = load_calendar()
    visits = list(Visit.objects.filter(project__county=county).select_related("project"))

    assert counts["visits"] == len(visits) > 300
    assert all(calendar.is_working_day(v.visited_on) and v.visited_on <= TODAY for v in visits)
    assert all(v.leader_id == v.project.lead_leader_id for v in visits)
    assert min(v.visited_on for v in visits) <= TODAY.replace(month=TODAY.month - 4)
    weeks = rules.recent_weeks(TODAY, 8)
    from wumei.testing import UserFactory

    superuser = UserFactory(username="root", is_superuser=True)
    table = queries.coverage_table(superuser, weeks, calendar.is_working_day)
    rates = [cov.rate for _, row in table.leader_rows() for cov in row if cov.rate is not None]
    assert any(rate < 100 for rate in rates) and any(rate == 100 for rate in rates)


def test_the_lead_leader_account_has_both_visited_and_unvisited_projects_this_week(seeded):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="lead_leader")
    week = rules.week_of(TODAY)

    [(leader, cov)] = queries.coverage_table(user, [week], load_calendar().is_working_day).week_rows(week)

    assert leader == user.person and cov.visited and cov.not_visited
    assert VisitDelegate.objects.filter(leader=user.person).exists()


def test_some_visits_raised_problems_linked_to_them(seeded):
    county, counts = seeded
    problems = Problem.objects.filter(source=Problem.Source.VISIT, project__county=county)

    assert counts["visit_problems"] == problems.count() == 20
    assert all(p.visits.get().visited_on == p.raised_on for p in problems)
    assert problems.filter(status__in=["solved", "confirmed"]).exists() and problems.exclude(
        status__in=["solved", "confirmed"]).exists()


def test_each_chain_has_its_five_lists_and_a_map(seeded):
    county, _ = seeded

    for chain in Chain.objects.filter(region=county):
        kinds = set(chain.list_items.values_list("kind", flat=True))
        assert kinds == set(ChainItem.Kind.values), chain.name
        assert chain.supply_links.count() >= 4, chain.name
    assert SupplyLink.objects.filter(chain__region=county).count() == 38


def test_seeding_again_gives_the_same_history(seeded):
    county, _ = seeded
    first = dump(county)

    demo.seed(county, TODAY, random.Random(1))

    assert dump(county) == first
    assert VisitDelegate.objects.count() == 1


def test_visits_skip_exempt_stages(seeded):
    county, _ = seeded

    assert not Visit.objects.filter(project__county=county, project__stage__in=conf.VISIT_EXEMPT_STAGES).exists()


@pytest.mark.parametrize("day", [datetime.date(2026, 1, 2), datetime.date(2026, 2, 18), datetime.date(2026, 12, 31)])
def test_the_seeds_figures_hold_on_any_day_of_the_year(db, day):
    from wumei.demo.builder import load_demo

    county = load_demo(seed=3, today=day, history=False).county
    demo.seed(county, day, random.Random(3))

    figures, park = queries.county_figures(county, day)

    assert (figures.signed_count, figures.signed_amount, figures.large_count, figures.top500_count) == (
        23, Decimal("1555000"), 3, 3)
    assert (park.signed_count, park.started_count, park.fulfilment_rate) == (18, 11, Decimal("88.9"))
    assert not Visit.objects.filter(visited_on__gt=day).exists()


def test_the_demo_can_be_reset_and_seeded_again(seeded):
    from wumei.demo.builder import load_demo

    county, counts = seeded

    county = load_demo(seed=1, today=TODAY, reset=True, history=False).county
    again = demo.seed(county, TODAY, random.Random(1))

    assert again == counts
    assert InvestmentLead.objects.count() == counts["leads"] and VisitDelegate.objects.count() == 1
