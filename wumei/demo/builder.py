"""Writing the demo county in bulk: regions, units, people and roles, 1+8+N, chains and key projects.

Bypasses the per-object services for speed (a few bulk inserts instead of thousands of audited saves) and
writes one `demo.load` audit event instead. Deterministic: everything comes from `random.Random(seed)` and
`today`, so the same seed and day give the same data. Dates are placed relative to `today` so the demo is
alive on any day: projects due to start within 30 days, 15+ days overdue, lagging, completed this year.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wumei.audit.services import record
from wumei.demo import data
from wumei.demo.bulk import (
    NameMaker,
    Sink,
    attach_logins,
    credit_code,
    ensure_regions,
    phone,
    purge_region_data,
)
from wumei.demo.history import seed_history
from wumei.demo.lifecycle import ProjectWriter, Staffing, snapshot_dates
from wumei.org.models import Chain, Person, Region, Role, RoleAssignment, Unit, WorkingGroup
from wumei.org.services import home_county
from wumei.security.services import mark_demo_accounts


@dataclass
class Account:
    username: str
    role: str
    person_name: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label


@dataclass
class DemoResult:
    created: bool
    county: Region
    accounts: list[Account]
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _names() -> dict[str, str]:
    county = settings.HOME_COUNTY_NAME
    short = county[:-1] if len(county) > 2 and county[-1] in "县区市旗" else county
    return {"county": county, "short": short}


def fmt(text: str) -> str:
    return text.format(**_names())


def region_codes() -> tuple[str, str, str]:
    """(province, city, county) codes: the home county's, and its province's and city's by the GB/T 2260 rule."""
    county = settings.HOME_COUNTY_CODE
    province, city = county[:2] + "0000", county[:4] + "00"
    if city == county:
        city = county[:4] + "99"
    return province, city, county


def demo_county() -> Region | None:
    return Region.objects.filter(code=settings.HOME_COUNTY_CODE).first()


def is_loaded() -> bool:
    county = demo_county()
    return bool(county) and Unit.objects.filter(region=county, kind=Unit.Kind.HQ, name=fmt(data.HQ_NAME)).exists()


def delete_demo() -> None:
    """Delete the demo county's data (projects, organisation, people); regions and login accounts stay."""
    county = demo_county()
    if county is not None:
        purge_region_data(county.path)


def demo_accounts() -> list[Account]:
    """The role accounts as they are in the database, in role order."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=Role.values)}
    people = {p.user_id: p for p in Person.objects.filter(user__in=users.values())}
    accounts = []
    for role in Role.values:
        user = users.get(role)
        if user is not None and user.pk in people:
            accounts.append(Account(role, role, people[user.pk].name))
    return accounts


def load_demo(seed: int = 1, today: datetime.date | None = None, reset: bool = False,
              history: bool = True) -> DemoResult:
    """Load the demo county once; again only with `reset` (which deletes the demo data first).

    `history` writes the months of problems, visits and daily reports; tests of one app's history seed
    load the county without it and run their seed alone.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        if is_loaded() and not reset:
            accounts = demo_accounts()
            _mark_demo(accounts)
            return DemoResult(created=False, county=demo_county(), accounts=accounts)
        if reset:
            delete_demo()
        result = DemoBuilder(seed, today).build()
        _mark_demo(result.accounts)
        past = seed_history(result.county, today, seed) if history else {}
        past["all_problems"] = sum(past.get(k, 0) for k in ("problems", "visit_problems", "daily_problems"))
        result.counts.update(past)
        counts = result.counts
        note = (
            f"{'重置并' if reset else ''}载入演示数据：{result.county.name}，单位{counts['units']}个、"
            f"人员{counts['people']}名、重点项目{counts['projects']}个，日报{counts.get('daily_reports', 0)}份、"
            f"走访{counts.get('visits', 0)}次、问题{counts['all_problems']}个（随机种子{seed}，基准日期{today:%Y-%m-%d}）"
        )
        record(None, "demo.load", note=note, region_code=result.county.code)
    return result


def _mark_demo(accounts: list[Account]) -> None:
    """Demo accounts are refused at sign-in unless WUMEI_DEMO is on (wumei.security)."""
    mark_demo_accounts(get_user_model().objects.filter(username__in=[a.username for a in accounts]))


class DemoBuilder:
    """Builds the demo county from data.py with one random generator."""

    def __init__(self, seed: int, today: datetime.date) -> None:
        self.rng = random.Random(seed)  # demo data, reproducible by seed; not security  # nosec B311
        self.today = today
        self.sink = Sink()
        self.names = NameMaker(self.rng)
        self.warnings: list[str] = []

    # Regions and units ------------------------------------------------------------------------------

    def _regions(self) -> None:
        province_code, city_code, county_code = region_codes()
        home_county()  # the installation's home county: created on first use, as imports expect
        regions = ensure_regions([
            (province_code, data.PROVINCE_NAME, Region.Level.PROVINCE, None),
            (city_code, data.CITY_NAME, Region.Level.CITY, province_code),
            (county_code, settings.HOME_COUNTY_NAME, Region.Level.COUNTY, city_code),
            *[(f"{county_code}{i:03d}", name, Region.Level.TOWN, county_code)
              for i, name in enumerate(data.TOWNS, start=1)],
        ])
        self.county = regions[county_code]
        self.town_regions = {name: regions[f"{county_code}{i:03d}"] for i, name in enumerate(data.TOWNS, start=1)}

    def _unit(self, name: str, kind: str, region: Region | None = None, parent: Unit | None = None, **extra) -> Unit:
        region = region or self.county
        found = self.existing_units.get((region.pk, kind, name))
        if found is not None:
            return found
        unit = Unit(name=name, kind=kind, region=region, parent=parent, **extra)
        self.sink.add("unit_child" if parent is not None else "unit", unit)
        self.existing_units[(region.pk, kind, name)] = unit
        return unit

    def _units(self) -> None:
        self.existing_units = {
            (u.region_id, u.kind, u.name): u
            for u in Unit.objects.filter(region__path__startswith=self.county.path)
        }
        K = Unit.Kind
        self.hq = self._unit(fmt(data.HQ_NAME), K.HQ)
        self.hq_office = self._unit(fmt(data.HQ_OFFICE_NAME), K.HQ, parent=self.hq)
        self.supervision = self._unit(fmt(data.SUPERVISION_GROUP_NAME), K.HQ, parent=self.hq)
        self.park = self._unit(fmt(data.PARK_NAME), K.PARK, area_hectares=Decimal(data.PARK_AREA_HECTARES))
        self.towns = {name: self._unit(name, K.TOWN, region=self.town_regions[name]) for name in data.TOWNS}
        self.responsible = {}
        for name, _ in data.RESPONSIBLE_UNITS:
            town = data.TOWN_GOVERNMENTS.get(name)
            self.responsible[fmt(name)] = self._unit(fmt(name), K.RESPONSIBLE,
                                                     parent=self.towns[town] if town else None)
        self.approval = {fmt(name): self._unit(fmt(name), K.APPROVAL) for name, _ in data.APPROVAL_UNITS}
        # Owners, the seal park's developer first: 13 enterprises settled in its park sit under it (seed §二).
        top500 = {fmt(name): flag for name, flag, _ in data.ENTERPRISES}
        developer = fmt(data.SEAL_PARK_OWNER)
        tenants = [fmt(name) for name in data.SEAL_PARK_TENANTS]
        self.enterprises = {}
        for name in [developer, *(n for n in top500 if n != developer), *(n for n in tenants if n not in top500)]:
            self.enterprises[name] = self._unit(
                name, K.ENTERPRISE, parent=self.enterprises[developer] if name in tenants else None,
                is_top500=top500.get(name, False), credit_code=credit_code(self.rng, self.county.code),
                contact_phone=phone(self.rng),
            )

    # People and roles -------------------------------------------------------------------------------

    def _person(self, title: str, unit: Unit | None, *roles: tuple[str, Unit | None]) -> Person:
        person = self.sink.add("person", Person(
            name=self.names(), title=title, unit=unit, region=self.county, phone=phone(self.rng),
        ))
        for role, role_unit in roles:
            self.sink.add("role", RoleAssignment(person=person, role=role, region=self.county, unit=role_unit))
        return person

    def _people(self) -> None:
        R = Role
        led = {spec[9] for spec in data.PROJECTS}
        in_chain = {leader for _, _, leader, _ in data.CHAINS} | {d for *_, deps in data.CHAINS for d in deps}
        self.county_head = self._person(data.COUNTY_HEAD_TITLE, self.hq, (R.COMMANDER, None))
        self.executive_vice = self._person(data.EXECUTIVE_VICE_TITLE, self.hq, (R.COMMANDER, None))
        self.leaders = []
        for i, title in enumerate(data.LEADER_TITLES):
            roles = [(R.LEAD_LEADER, None)] if i in led else []
            roles += [(R.CHAIN_LEADER, None)] if i in in_chain else []
            self.leaders.append(self._person(title, self.hq, *roles))
        self.office_staff = [self._person(title, self.hq_office, (R.HQ_OFFICE, None))
                             for title in data.HQ_OFFICE_STAFF]
        self.admins = {role: self._person(title, self.hq_office, (role, None))
                       for role, title in data.ADMIN_TITLES.items()}
        self.heads, self.liaisons = {}, {}
        for i, (name, head_title) in enumerate([*data.RESPONSIBLE_UNITS, *data.APPROVAL_UNITS]):
            unit = self.responsible.get(fmt(name)) or self.approval[fmt(name)]
            self.heads[unit.name] = self._person(head_title, unit, (R.UNIT_HEAD, unit))
            title = data.LIAISON_TITLES[i % len(data.LIAISON_TITLES)]
            self.liaisons[unit.name] = self._person(title, unit, (R.LIAISON, unit))
        self.butlers = [self._person("项目管家", self.approval[data.BUTLER_UNIT], (R.BUTLER, None))
                        for _ in range(data.BUTLER_COUNT)]
        self.police = [self._person("项目警官", self.approval[data.POLICE_UNIT], (R.POLICE, None))
                       for _ in range(data.POLICE_COUNT)]
        self.inspectors = [self._person("项目纪检监察员（县纪委监委派驻）", self.supervision, (R.INSPECTOR, None))
                           for _ in range(data.INSPECTOR_COUNT)]
        self.contacts = {}
        for name, _, title in data.ENTERPRISES:
            unit = self.enterprises[fmt(name)]
            self.contacts[unit.name] = self._person(title, unit, (R.ENTERPRISE, unit))

    def _accounts(self) -> list[Account]:
        R = Role
        holders = {
            R.HQ_OFFICE: self.office_staff[data.HQ_OFFICE_ACCOUNT],
            R.COMMANDER: self.county_head,
            R.LEAD_LEADER: self.leaders[data.LEAD_LEADER_ACCOUNT],
            R.CHAIN_LEADER: self.leaders[data.CHAIN_LEADER_ACCOUNT],
            R.LIAISON: self.liaisons["县工业和信息化局"],
            R.UNIT_HEAD: self.heads[fmt("{short}经开区管委会")],
            R.BUTLER: self.butlers[0],
            R.POLICE: self.police[0],
            R.INSPECTOR: self.inspectors[0],
            R.ENTERPRISE: self.contacts[fmt(data.ENTERPRISE_ACCOUNT)],
            R.SYS_ADMIN: self.admins[R.SYS_ADMIN],
            R.SEC_ADMIN: self.admins[R.SEC_ADMIN],
            R.AUDITOR: self.admins[R.AUDITOR],
        }
        linked = attach_logins(self.sink, {role.value: person for role, person in holders.items()}, self.warnings)
        return [Account(role.value, role.value, holders[role].name) for role in holders if role.value in linked]

    # 1+8+N and chains -------------------------------------------------------------------------------

    def _leader(self, index: int) -> Person:
        return self.executive_vice if index < 0 else self.leaders[index]

    def _structure(self) -> None:
        self.chains = {}
        for name, tag, leader, deputies in data.CHAINS:
            chain = self.sink.add("chain", Chain(region=self.county, name=name, leader=self.leaders[leader],
                                                 description=data.CHAIN_DESCRIPTION.format(tag=tag)))
            for index in deputies:
                self.sink.add("chain_deputy", Chain.deputies.through(chain=chain, person=self.leaders[index]))
            self.chains[name] = chain
        units = {**self.responsible, **self.approval, self.hq_office.name: self.hq_office}
        for name, lead_unit, leader, member_units in data.WORKING_GROUPS:
            lead = units[fmt(lead_unit)]
            group = self.sink.add("group", WorkingGroup(
                region=self.county, name=name, leader=self._leader(leader), lead_unit=lead,
                duties=data.WORKING_GROUP_DUTIES.format(topic=name.removesuffix("专项工作组")),
            ))
            members = [self.heads.get(lead.name) or self.office_staff[0]]
            for unit_name in member_units:
                unit = units[fmt(unit_name)]
                members += [self.heads[unit.name], self.liaisons[unit.name]]
            for person in members:
                self.sink.add("group_member", WorkingGroup.members.through(workinggroup=group, person=person))

    # Projects ---------------------------------------------------------------------------------------

    def _projects(self) -> None:
        writer = ProjectWriter(self.sink, self.today, self.rng, dates=snapshot_dates(self.today))
        approval_liaisons = [self.liaisons[fmt(n)] for n in ("县发展和改革局", "县自然资源局", "县行政审批服务局")]
        for i, spec in enumerate(data.PROJECTS):
            (name, owner, category, level, chain, total, place, unit, funding, leader, scenario, content) = spec
            unit = self.responsible[fmt(unit)]
            priority = {"provincial": 1, "municipal": self.rng.choice([1, 2])}.get(level) or self.rng.randint(2, 4)
            writer.add(
                code=f"{self.county.code}-{i + 1:03d}", name=name, county=self.county,
                owner=self.enterprises[fmt(owner)], category=category, level=level,
                chain=self.chains[chain] if chain else None, park=self.park if place == data.PARK else None,
                town=None if place == data.PARK else self.towns[place], total=Decimal(total), funding=funding,
                priority=priority, scenario=scenario, content=content,
                staff=Staffing(
                    leader=self.leaders[leader], unit=unit, unit_head=self.heads[unit.name],
                    liaison=self.liaisons[unit.name], butler=self.butlers[i % len(self.butlers)],
                    police=self.police[i % len(self.police)], inspector=self.inspectors[i % len(self.inspectors)],
                    extra_members=[approval_liaisons[i % len(approval_liaisons)]],
                ),
            )

    def build(self) -> DemoResult:
        self._regions()
        self._units()
        self._people()
        accounts = self._accounts()
        self._structure()
        self._projects()
        rows = self.sink.rows
        counts = {"units": len(rows["unit"]) + len(rows["unit_child"]), "people": len(rows["person"]),
                  "projects": len(rows["project"])}
        self.sink.flush()
        return DemoResult(created=True, county=self.county, accounts=accounts, counts=counts, warnings=self.warnings)
