"""Read side of 每周必访, always scoped to the asking user.

Who may do what:
- Visits are read by whoever may read their project (wumei.projects.queries), and by a lead leader's
  secretaries (VisitDelegate) for that leader's visits.
- A visit is logged by the project's lead leader, by one of his secretaries, or by the HQ office of the
  project's region; the visit's leader is always the project's lead leader.
- Coverage: the HQ office and commanders see every lead leader of their region; a lead leader sees himself;
  a secretary sees the leaders he serves.
- Chains (five lists and the map): HQ office and commanders read the chains of their region, the HQ office
  edits them; a chain leader or deputy chain leader (role chain_leader) reads and edits his own chains.
- Investment leads: HQ office and commanders read the region's leads, the HQ office edits them; a chain
  leader reads and edits the leads of his chains. The county and park figures are for HQ and commanders.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from wumei.org.models import Chain, Person, Role
from wumei.org.principal import REGION_EDITORS, REGION_READERS, principal_of
from wumei.projects.models import Project
from wumei.projects.queries import projects_visible_to
from wumei.weekly import conf, rules
from wumei.weekly.models import InvestmentLead, Visit, VisitDelegate


def _region_q(paths: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def delegated_leader_ids(user) -> list[int]:
    """The lead leaders `user` logs visits for as their secretary (cached for the request)."""
    cached = getattr(user, "_weekly_delegated", None)
    if cached is not None:
        return cached
    person = principal_of(user).person
    ids = list(VisitDelegate.objects.filter(secretary=person).values_list("leader_id", flat=True)) if person else []
    if getattr(user, "is_authenticated", False):
        user._weekly_delegated = ids
    return ids


def own_leader_ids(user) -> list[int]:
    """The leaders whose weekly round `user` keeps: himself if he is a lead leader, and those he is secretary for."""
    principal = principal_of(user)
    ids = list(delegated_leader_ids(user))
    if principal.person is not None and Role.LEAD_LEADER in principal.roles:
        ids.insert(0, principal.person.pk)
    return list(dict.fromkeys(ids))


# ---------------------------------------------------------------- visits


def visits_visible_to(user) -> QuerySet[Visit]:
    q = Q(project__in=projects_visible_to(user).values("pk"))
    delegated = delegated_leader_ids(user)
    if delegated:
        q |= Q(leader_id__in=delegated)
    return Visit.objects.filter(q)


def projects_loggable_by(user) -> QuerySet[Project]:
    """Projects `user` may log a visit to (on behalf of the project's lead leader, which it must have)."""
    principal = principal_of(user)
    if principal.is_superuser:
        return Project.objects.all()
    q = _region_q(principal.region_paths(REGION_EDITORS), "county__path")
    leaders = own_leader_ids(user)
    if leaders:
        q |= Q(lead_leader_id__in=leaders)
    return Project.objects.filter(q)


def projects_with_visits_visible_to(user) -> QuerySet[Project]:
    """Projects whose visits `user` may read: the projects he sees, and his leaders' projects as secretary."""
    q = Q(pk__in=projects_visible_to(user).values("pk"))
    delegated = delegated_leader_ids(user)
    if delegated:
        q |= Q(lead_leader_id__in=delegated)
    return Project.objects.filter(q)


def can_log_visit(user, project: Project) -> bool:
    return projects_loggable_by(user).filter(pk=project.pk).exists()


# ---------------------------------------------------------------- coverage


def sees_all_coverage(user) -> bool:
    return principal_of(user).has_role(*REGION_READERS)


def coverage_projects(user) -> QuerySet[Project]:
    """The projects due for weekly visits whose coverage `user` may see (see the module docstring)."""
    principal = principal_of(user)
    base = Project.objects.filter(lead_leader__isnull=False).exclude(stage__in=conf.VISIT_EXEMPT_STAGES)
    if principal.is_superuser:
        return base
    q = _region_q(principal.region_paths(REGION_READERS), "county__path")
    leaders = own_leader_ids(user)
    if leaders:
        q |= Q(lead_leader_id__in=leaders)
    return base.filter(q)


@dataclass
class CoverageTable:
    """Coverage of several weeks for the leaders in scope: `cells[week.start][leader.pk]`."""

    weeks: list[rules.Week]
    leaders: list[Person]
    cells: dict[date, dict[int, rules.LeaderCoverage]]

    def week_rows(self, week: rules.Week) -> list[tuple[Person, rules.LeaderCoverage]]:
        return [(leader, self.cells[week.start][leader.pk]) for leader in self.leaders]

    def overall(self, week: rules.Week) -> Decimal | None:
        return rules.overall_rate(self.cells[week.start].values())

    def exempt(self, week: rules.Week) -> bool:
        return any(c.exempt for c in self.cells[week.start].values())

    def leader_rows(self) -> list[tuple[Person, list[rules.LeaderCoverage]]]:
        return [(leader, [self.cells[w.start][leader.pk] for w in self.weeks]) for leader in self.leaders]


def coverage_table(user, weeks: list[rules.Week], is_working_day: Callable[[date], bool]) -> CoverageTable:
    """Each in-scope lead leader's coverage of each week, in three queries whatever the number of leaders.

    A week's due projects are the leader's current projects: the registry keeps no history of who led a
    project when, so a past week is judged against today's assignment of projects to leaders.
    """
    projects = coverage_projects(user)
    due: dict[int, list[rules.ProjectRef]] = defaultdict(list)
    for pk, name, leader_id in projects.order_by("name", "id").values_list("id", "name", "lead_leader_id"):
        due[leader_id].append(rules.ProjectRef(pk, name))
    leaders = list(Person.objects.filter(pk__in=list(due)).order_by("name", "id")) if due else []
    visits = []
    if due:
        visits = list(Visit.objects.filter(project__in=projects.values("pk"),
                                           visited_on__range=(weeks[0].start, weeks[-1].end))
                      .values_list("leader_id", "project_id", "visited_on"))
    cells = {
        week.start: rules.coverage(week, due, visits, exempt=not rules.is_visit_week(week, is_working_day))
        for week in weeks
    }
    return CoverageTable(weeks=weeks, leaders=leaders, cells=cells)


def filter_visits(qs: QuerySet[Visit], *, leader: int | None = None, week: date | None = None,
                  q: str = "") -> QuerySet[Visit]:
    if leader:
        qs = qs.filter(leader_id=leader)
    if week:
        span = rules.week_of(week)
        qs = qs.filter(visited_on__range=(span.start, span.end))
    if q.strip():
        qs = qs.filter(project__name__icontains=q.strip())
    return qs


def leaders_for_filter(user) -> QuerySet[Person]:
    """Lead leaders of the projects whose visits `user` reads (for a visit list's leader filter)."""
    return Person.objects.filter(
        pk__in=projects_with_visits_visible_to(user).filter(lead_leader__isnull=False).values("lead_leader")
    ).order_by("name")


# ---------------------------------------------------------------- chains


def _led_chains_q(user) -> Q | None:
    principal = principal_of(user)
    if principal.person is None or Role.CHAIN_LEADER not in principal.roles:
        return None
    return Q(leader=principal.person) | Q(deputies=principal.person)


def chains_readable_by(user) -> QuerySet[Chain]:
    principal = principal_of(user)
    if principal.is_superuser:
        return Chain.objects.all()
    q = _region_q(principal.region_paths(REGION_READERS), "region__path")
    led = _led_chains_q(user)
    if led is not None:
        q |= led
    # The deputies join may repeat rows: filter by id instead.
    return Chain.objects.filter(pk__in=Chain.objects.filter(q).values("pk"))


def chains_editable_by(user) -> QuerySet[Chain]:
    principal = principal_of(user)
    if principal.is_superuser:
        return Chain.objects.all()
    q = _region_q(principal.region_paths(REGION_EDITORS), "region__path")
    led = _led_chains_q(user)
    if led is not None:
        q |= led
    return Chain.objects.filter(pk__in=Chain.objects.filter(q).values("pk"))


def can_edit_chain(user, chain: Chain) -> bool:
    return chains_editable_by(user).filter(pk=chain.pk).exists()


# ---------------------------------------------------------------- investment leads


def leads_visible_to(user) -> QuerySet[InvestmentLead]:
    principal = principal_of(user)
    if principal.is_superuser:
        return InvestmentLead.objects.all()
    q = _region_q(principal.region_paths(REGION_READERS), "county__path")
    if _led_chains_q(user) is not None:
        q |= Q(chain__in=chains_editable_by(user).values("pk"))
    return InvestmentLead.objects.filter(q)


def leads_editable_by(user) -> QuerySet[InvestmentLead]:
    principal = principal_of(user)
    if principal.is_superuser:
        return InvestmentLead.objects.all()
    q = _region_q(principal.region_paths(REGION_EDITORS), "county__path")
    if _led_chains_q(user) is not None:
        q |= Q(chain__in=chains_editable_by(user).values("pk"))
    return InvestmentLead.objects.filter(q)


def can_create_lead(user) -> bool:
    principal = principal_of(user)
    return principal.has_role(*REGION_EDITORS) or (
        _led_chains_q(user) is not None and chains_editable_by(user).exists()
    )


def sees_lead_figures(user) -> bool:
    """The county and park figures are the HQ office's and the commanders'."""
    return principal_of(user).has_role(*REGION_READERS)


def figure_regions(user):
    """The counties whose figures `user` may see (HQ office and commanders: their regions)."""
    from wumei.org.models import Region

    principal = principal_of(user)
    if principal.is_superuser:
        return Region.objects.filter(level=Region.Level.COUNTY)
    return Region.objects.filter(_region_q(principal.region_paths(REGION_READERS), "path"),
                                 level=Region.Level.COUNTY)


def filter_leads(qs: QuerySet[InvestmentLead], *, q: str = "", stage: str = "", chain: int | None = None,
                 place: str = "", year: int | None = None, top500: bool = False) -> QuerySet[InvestmentLead]:
    """The lead list's filters: text (name or investor), stage, chain, park or town, signing year, 500强."""
    if q.strip():
        qs = qs.filter(Q(name__icontains=q.strip()) | Q(investor__icontains=q.strip()))
    if stage:
        qs = qs.filter(stage=stage)
    if chain:
        qs = qs.filter(chain_id=chain)
    if place == "park":
        qs = qs.filter(park__isnull=False)
    elif place == "town":
        qs = qs.filter(town__isnull=False)
    if year:
        qs = qs.filter(signed_on__year=year)
    if top500:
        qs = qs.filter(is_top500=True)
    return qs


def lead_facts(qs: QuerySet[InvestmentLead]) -> list[rules.LeadFacts]:
    """The leads as the figures need them, in one query."""
    rows = qs.values_list("amount", "stage", "signed_on", "contract_start_on", "started_on", "is_top500", "park_id")
    return [rules.LeadFacts(amount=a, stage=s, signed_on=si, contract_start_on=c, started_on=st, is_top500=t,
                            in_park=p is not None) for a, s, si, c, st, t, p in rows]


def county_figures(county, on: date) -> tuple[rules.LeadFigures, rules.LeadFigures]:
    """(county, park) figures of `county`'s leads as of `on`."""
    facts = lead_facts(InvestmentLead.objects.filter(county__path__startswith=county.path))
    return (rules.lead_figures(facts, on, conf.LARGE_LEAD_WAN),
            rules.lead_figures(rules.park_only(facts), on, conf.LARGE_LEAD_WAN))
