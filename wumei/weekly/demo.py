"""每周必访 history for the demo county: months of weekly visits by the lead leaders (with gaps), problems
raised on some visits, a secretary, the seven chains' five lists and enterprise map, and the year's
investment leads in the seed's shape (23 signed, 155.5亿, 3 of 10亿+, 3 by 500强; park 18 signed, 11 started,
履约率 88.9%).

Bulk writes, no per-object audit events (the demo loader writes one). Deterministic for a given `rng` and
`today`; dates relative to `today`, visits on working days only. Running it again replaces what it wrote.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from wumei.calendar.services import load_calendar
from wumei.org.models import Chain, Person, Region, Role, RoleAssignment, Unit
from wumei.problems.models import Problem, ProblemTransition
from wumei.projects.models import Project
from wumei.weekly import conf, demo_data, rules
from wumei.weekly.models import ChainItem, InvestmentLead, LeadTransition, SupplyLink, Visit, VisitDelegate

HISTORY_WEEKS = 22
VISIT_PROBLEMS = 20
DAY = datetime.timedelta(days=1)


def _short(county: Region) -> str:
    name = county.name
    return name[:-1] if len(name) > 2 and name[-1] in "县区市旗" else name


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def seed(county: Region, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the weekly history of `county` (the demo county, already loaded) and return what was written."""
    short = _short(county)
    calendar = load_calendar()
    with transaction.atomic():
        _clear(county)
        counts = {"visit_delegates": _delegates(county, rng)}
        counts.update(_visits(county, today, rng, calendar))
        counts["chain_items"] = _chain_items(county, today, rng, short)
        counts["supply_links"] = _supply_links(county, short)
        counts.update(_leads(county, today, rng, short))
    return counts


def _clear(county: Region) -> None:
    """Remove what an earlier run wrote, so that the seed can run again."""
    below = county.path
    visits = Visit.objects.filter(project__county__path__startswith=below)
    Problem.objects.filter(visits__in=visits, source=Problem.Source.VISIT).delete()
    visits.delete()
    InvestmentLead.objects.filter(county__path__startswith=below).delete()
    ChainItem.objects.filter(chain__region__path__startswith=below).delete()
    SupplyLink.objects.filter(chain__region__path__startswith=below).delete()
    secretaries = Person.objects.filter(region__path__startswith=below, title=demo_data.SECRETARY_TITLE)
    VisitDelegate.objects.filter(secretary__in=secretaries).delete()
    secretaries.filter(user__isnull=True).delete()


def _account_leader(county: Region) -> Person | None:
    """The demo's `lead_leader` account (demo accounts are named after their role), else any lead leader."""
    leaders = Person.objects.filter(roles__role=Role.LEAD_LEADER, roles__region=county,
                                    led_projects__isnull=False).distinct().order_by("id")
    return leaders.filter(user__username=Role.LEAD_LEADER).first() or leaders.first()


def _delegates(county: Region, rng: random.Random) -> int:
    leader = _account_leader(county)
    if leader is None:
        return 0
    hq_office = Unit.objects.filter(region=county, kind=Unit.Kind.HQ, parent__isnull=True).first()
    secretary = Person.objects.create(name=rng.choice(["周晓琳", "陈思远", "刘雨桐", "王书涵"]) + "（秘书）",
                                      title=demo_data.SECRETARY_TITLE, unit=hq_office, region=county,
                                      phone=f"139{rng.randrange(10**8):08d}")
    VisitDelegate.objects.create(leader=leader, secretary=secretary)
    return 1


# ---------------------------------------------------------------- visits


def _findings(rng: random.Random, stage: str) -> str:
    if stage in ("started", "assessment"):
        opening = rng.choice(demo_data.FINDINGS_BUILDING).format(progress=rng.choice(demo_data.BUILDING_FACTS),
                                                                 workers=rng.randint(30, 260))
    else:
        opening = rng.choice(demo_data.FINDINGS_PRESTART).format(pre=rng.choice(demo_data.PRESTART_FACTS))
    return opening + rng.choice(demo_data.FINDINGS_ASKS)


def _visits(county: Region, today: datetime.date, rng: random.Random, calendar) -> dict[str, int]:
    projects = list(Project.objects.filter(county__path__startswith=county.path, lead_leader__isnull=False)
                    .exclude(stage__in=conf.VISIT_EXEMPT_STAGES).select_related("lead_leader").order_by("id"))
    if not projects:
        return {"visits": 0, "visit_problems": 0}
    hq = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region=county, person__user__isnull=False)
          .select_related("person__user").order_by("id").first())
    hq_user = hq.person.user if hq else None
    liaisons = dict(RoleAssignment.objects.filter(role=Role.LIAISON, region=county)
                    .values_list("unit_id", "person_id"))
    account = _account_leader(county)
    by_leader: dict[int, list[Project]] = {}
    for project in projects:
        by_leader.setdefault(project.lead_leader_id, []).append(project)
    diligence = {leader: rng.uniform(0.55, 0.95) for leader in sorted(by_leader)}
    if account is not None and account.pk in diligence:
        diligence[account.pk] = 0.8
    this_week = rules.week_of(today)
    visits: list[Visit] = []
    companions: list[tuple[Visit, int]] = []
    for week in rules.recent_weeks(today, HISTORY_WEEKS):
        days = [d for d in week.days() if d <= today and calendar.is_working_day(d)]
        if not days:
            continue
        for leader_id in sorted(by_leader):
            led = by_leader[leader_id]
            chosen = [p for p in led if rng.random() < diligence[leader_id]]
            if week == this_week:
                # The current week is under way: about half done, and the demo account shows both lists.
                chosen = [p for p in led if rng.random() < 0.5]
                if account is not None and leader_id == account.pk and len(led) >= 2:
                    chosen = led[: len(led) // 2]
            for project in chosen:
                day = rng.choice(days)
                leader = project.lead_leader
                visit = Visit(project=project, leader_id=leader_id, visited_on=day, findings=_findings(rng, project.stage),
                              companions_note=rng.choice(demo_data.COMPANIONS_NOTES),
                              recorded_by=leader.user if leader.user_id else hq_user,
                              recorded_at=_at(min(day + DAY * rng.choice([0, 0, 0, 1]), today), rng.randint(17, 20),
                                              rng.randint(0, 59)))
                visits.append(visit)
                pool = [pk for pk in (project.butler_id, project.police_id, liaisons.get(project.responsible_unit_id))
                        if pk]
                for person_id in rng.sample(pool, k=min(len(pool), rng.randint(1, 2))):
                    companions.append((visit, person_id))
    raising = rng.sample(range(len(visits)), k=min(VISIT_PROBLEMS, len(visits) // 10))
    problems = [(visits[i], _problem(rng, visits[i], today, calendar)) for i in sorted(raising)]
    for visit, problem in problems:
        visit.findings += f"现场提出：{problem.description}。"
    Visit.objects.bulk_create(visits, batch_size=500)
    Visit.companions.through.objects.bulk_create(
        [Visit.companions.through(visit_id=v.pk, person_id=p) for v, p in companions], batch_size=1000,
        ignore_conflicts=True)
    Problem.objects.bulk_create([p for _, p in problems])
    Visit.problems.through.objects.bulk_create(
        [Visit.problems.through(visit_id=v.pk, problem_id=p.pk) for v, p in problems])
    ProblemTransition.objects.bulk_create(_problem_history(problems, today, calendar))
    return {"visits": len(visits), "visit_problems": len(problems)}


def _problem(rng: random.Random, visit: Visit, today: datetime.date, calendar) -> Problem:
    category, text = rng.choice(demo_data.VISIT_PROBLEMS)
    day = visit.visited_on
    due = calendar.add_working_days(day, 10)
    problem = Problem(
        project=visit.project, source=Problem.Source.VISIT, category=category,
        description=text.format(n=rng.choice([3, 5, 8, 12, 20, 630, 800, 1250])),
        owner_unit_id=visit.project.responsible_unit_id, deadline_days=10, raised_on=day, due_on=due,
        level_due_on=due, raised_by=visit.recorded_by, created_at=visit.recorded_at,
    )
    age = (today - day).days
    if age > 21 and rng.random() < 0.85:
        solved = min(calendar.add_working_days(day, rng.randint(3, 12)), today)
        problem.status, problem.solved_on, problem.solution = (
            Problem.Status.SOLVED, solved, rng.choice(demo_data.SOLUTIONS))
        if rng.random() < 0.6:
            problem.status, problem.confirmed_on = Problem.Status.CONFIRMED, solved
    elif age > 3:
        problem.status = rng.choice([Problem.Status.ASSIGNED, Problem.Status.IN_PROGRESS])
    return problem


_STEPS = {
    Problem.Status.ASSIGNED: [("assign", Problem.Status.ASSIGNED, "交办责任单位办理")],
    Problem.Status.IN_PROGRESS: [("assign", Problem.Status.ASSIGNED, "交办责任单位办理"),
                                 ("start", Problem.Status.IN_PROGRESS, "责任单位已开始办理")],
}
_STEPS[Problem.Status.SOLVED] = [*_STEPS[Problem.Status.IN_PROGRESS], ("solve", Problem.Status.SOLVED, "")]
_STEPS[Problem.Status.CONFIRMED] = [*_STEPS[Problem.Status.SOLVED], ("confirm", Problem.Status.CONFIRMED, "确认办结")]


def _transition(**values) -> ProblemTransition:
    """A history row with the fields the problems app's model has (it may carry more than the first version)."""
    fields = {f.name for f in ProblemTransition._meta.concrete_fields}
    return ProblemTransition(**{k: v for k, v in values.items() if k in fields})


def _problem_history(problems, today: datetime.date, calendar) -> list[ProblemTransition]:
    rows = []
    for _, problem in problems:
        rows.append(_transition(problem=problem, action="raise", from_status="", to_status=Problem.Status.OPEN,
                                to_level=problem.level, reason="登记问题", actor=problem.raised_by,
                                on=problem.raised_on, due_on=problem.due_on, at=problem.created_at))
        previous = Problem.Status.OPEN
        for n, (action, status, reason) in enumerate(_STEPS.get(problem.status, []), start=1):
            closing = status in (Problem.Status.SOLVED, Problem.Status.CONFIRMED)
            day = problem.solved_on if closing else min(calendar.add_working_days(problem.raised_on, n), today)
            rows.append(_transition(problem=problem, action=action, from_status=previous, to_status=status,
                                    from_level=problem.level, to_level=problem.level,
                                    reason=reason or problem.solution, on=day, at=_at(day, 10, n)))
            previous = status
    return rows


# ---------------------------------------------------------------- chains


def _chain_items(county: Region, today: datetime.date, rng: random.Random, short: str) -> int:
    items = []
    for chain in Chain.objects.filter(region__path__startswith=county.path).order_by("id"):
        order: dict[str, int] = {}
        for kind, title, detail, amount, responsible in demo_data.CHAIN_LISTS.get(chain.name, []):
            order[kind] = order.get(kind, 0) + 1
            items.append(ChainItem(
                chain=chain, kind=kind, title=title.format(short=short), detail=detail.format(short=short),
                amount=amount, status=rng.choice(demo_data.CHAIN_ITEM_STATUSES),
                responsible=responsible.format(short=short), order=order[kind],
                due_on=datetime.date(today.year, 12, 31) if kind != "technology"
                else today + datetime.timedelta(days=rng.randint(60, 400)),
            ))
    ChainItem.objects.bulk_create(items)
    return len(items)


def _supply_links(county: Region, short: str) -> int:
    enterprises = {u.name: u for u in Unit.objects.filter(region__path__startswith=county.path,
                                                          kind=Unit.Kind.ENTERPRISE)}
    links = []
    for chain in Chain.objects.filter(region__path__startswith=county.path).order_by("id"):
        for supplier, customer, product in demo_data.SUPPLY_LINKS.get(chain.name, []):
            a, b = enterprises.get(supplier.format(short=short)), enterprises.get(customer.format(short=short))
            if a is not None and b is not None:
                links.append(SupplyLink(chain=chain, supplier=a, customer=b, product=product))
    SupplyLink.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


# ---------------------------------------------------------------- investment leads


def _lead_dates(kind: str, today: datetime.date, rng: random.Random) -> dict:
    """Contact, signing, contracted start and start dates for a lead of `kind` (see demo_data.LEADS)."""
    jan1 = datetime.date(today.year, 1, 1)
    span = (today - jan1).days
    yesterday = max(jan1, today - DAY)

    def share(low: float, high: float) -> datetime.date:
        return jan1 + DAY * int(span * rng.uniform(low, high))

    signed = contract = started = None
    if kind in ("due_started", "due_not_started"):
        signed = share(0.0, 0.45)
        contract = min(signed + DAY * int(span * rng.uniform(0.05, 0.3)), yesterday)
        signed = min(signed, contract)
        if kind == "due_started":
            started = max(signed, min(contract + DAY * rng.randint(-10, 20), today))
    elif kind == "early_started":
        signed = share(0.3, 0.85)
        started = signed + DAY * int((today - signed).days * rng.uniform(0.2, 1.0))
        contract = today + DAY * rng.randint(15, 90)
    elif kind == "signed_future":
        signed = share(0.2, 1.0)
        contract = today + DAY * rng.randint(5, 150)
    elif kind == "last_year_started":
        signed = datetime.date(today.year - 1, 11, rng.randint(1, 28))
        contract = min(share(0.05, 0.5), yesterday)
        started = max(jan1, min(contract + DAY * rng.randint(-5, 15), today))
    if signed is not None:
        contacted = signed - DAY * rng.randint(20, 120)
    elif kind == "dropped":
        contacted = today - DAY * rng.randint(150, 300)
    else:
        contacted = today - DAY * rng.randint(10, 90)
    return {"contacted_on": contacted, "signed_on": signed, "contract_start_on": contract, "started_on": started}


_LEAD_STAGE = {
    "due_started": "started", "early_started": "started", "last_year_started": "started",
    "due_not_started": "signed", "signed_future": "signed",
    "negotiating": "negotiating", "contact": "contact", "dropped": "dropped",
}


def _leads(county: Region, today: datetime.date, rng: random.Random, short: str) -> dict[str, int]:
    chains = {c.name: c for c in Chain.objects.filter(region__path__startswith=county.path)}
    park = Unit.objects.filter(region__path__startswith=county.path, kind=Unit.Kind.PARK).order_by("id").first()
    towns = {u.name: u for u in Unit.objects.filter(region__path__startswith=county.path, kind=Unit.Kind.TOWN)}
    projects = {p.name: p for p in Project.objects.filter(county__path__startswith=county.path)}
    leads, history = [], []
    for name, investor, top500, amount, chain, place, kind, project in demo_data.LEADS:
        dates = _lead_dates(kind, today, rng)
        lead = InvestmentLead(
            county=county, name=name, investor=investor.format(short=short), is_top500=top500, amount=amount,
            chain=chains.get(chain), park=park if place == "park" else None, town=towns.get(place),
            stage=_LEAD_STAGE[kind], project=projects.get(project), note=demo_data.LEAD_NOTES[kind],
            created_at=_at(dates["contacted_on"], 9), **dates,
        )
        leads.append(lead)
        history.append(_lead_history(lead, kind))
    InvestmentLead.objects.bulk_create(leads)
    LeadTransition.objects.bulk_create([row for rows in history for row in rows])
    return {"leads": len(leads), "lead_transitions": sum(len(rows) for rows in history)}


def _lead_history(lead: InvestmentLead, kind: str) -> list[LeadTransition]:
    contacted = lead.contacted_on
    talks = contacted + (((lead.signed_on or contacted + DAY * 60) - contacted) / 2)
    steps = [("", "contact", contacted, "登记招商项目"), ("contact", "negotiating", talks, "进入实质性洽谈")]
    if kind == "contact":
        steps = steps[:1]
    if lead.signed_on:
        steps.append(("negotiating", "signed", lead.signed_on, "签订投资合同"))
    if lead.started_on:
        steps.append(("signed", "started", lead.started_on, "项目开工建设"))
    if kind == "dropped":
        steps.append(("negotiating", "dropped", contacted + DAY * 60, demo_data.LEAD_NOTES["dropped"]))
    return [LeadTransition(lead=lead, from_stage=a, to_stage=b, reason=reason, at=_at(day, 10))
            for a, b, day, reason in steps]
