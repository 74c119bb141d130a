"""Synthetic county / city / province data for benchmarks: the demo's shape, generated at volume.

`load_scale("province")` writes 20,000 projects across 120 counties in 14 cities of one province, with
5,000 units and 20,000 people; `build_scale(counties=3, projects_per_county=20)` writes a small one for
tests. Each scale lives under its own fictional province (region codes 95…/96…/97…), apart from the demo
county, so scales can sit side by side and be reset on their own. Bulk inserts, flushed city by city.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
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
from wumei.demo.lifecycle import ProjectWriter, Staffing, snapshot_dates
from wumei.org.models import Chain, Person, Region, Role, RoleAssignment, Unit, WorkingGroup
from wumei.projects.models import Project
from wumei.security.services import mark_demo_accounts


@dataclass(frozen=True)
class ScaleSpec:
    label: str
    prefix: str  # two digits: the province's region code is prefix + "0000"
    province_name: str
    cities: int
    counties: int
    projects: int  # totals, spread evenly over the counties
    units: int
    people: int
    province_account: str | None = None  # default: hq_<province code>


SCALES = {
    "county": ScaleSpec("县级", "95", "青岚省", 1, 1, 170, 42, 167),
    "city": ScaleSpec("市级", "96", "云泽省", 1, 10, 1_700, 420, 1_670),
    "province": ScaleSpec("省级", "97", "丹霞省", 14, 120, 20_000, 5_000, 20_000, province_account="hq_province"),
}

PLACE_FIRST = "青云石安永平临清宁兴长新华嘉丰泰和宜昌瑞金龙凤白桃柳枫松竹梅兰溪湘沅澧资衡岳"
PLACE_SECOND = "阳川江山州陵源宁水溪城林丘平河湖桥塘坪冲岭湾洲"

RESPONSIBLE = [
    "县工业和信息化局", "县交通运输局", "县城市建设投资开发有限公司", "县文化旅游广电体育局", "县农业农村局",
    "县水利局", "{short}经开区管委会", "县商务局", "县卫生健康局", "县投资促进事务中心",
]
APPROVAL = [
    "县发展和改革局", "县住房和城乡建设局", "县自然资源局", "市生态环境局{short}分局", "县行政审批服务局",
    "县财政局", "县公安局", "国网{county}供电公司",
]
TOWNS_PER_COUNTY = 8
FIXED_UNITS = 2 + 1 + TOWNS_PER_COUNTY + len(RESPONSIBLE) + len(APPROVAL)  # HQ + office, park, towns, …
LEADERS = 8
ENTERPRISE_WORDS = "恒泰华鑫宏达兴盛金源瑞丰永安隆昌新材天成中科汇通远航博越长青嘉禾"
ENTERPRISE_KINDS = [
    "新材料科技有限公司", "实业有限公司", "智能装备有限公司", "食品有限公司", "生物科技有限公司",
    "建材有限公司", "投资发展有限公司", "文化旅游开发有限公司", "化工有限公司", "电子科技有限公司",
]

# (category, chain index in data.CHAINS or None, name template).
PRODUCTS = [
    ("industrial", 0, "年产{n}万吨高精度铜箔"), ("industrial", 0, "年产{n}万吨再生铝"),
    ("industrial", 0, "锌合金精密压铸件生产线"), ("industrial", 1, "中药饮片及提取物生产线"),
    ("industrial", 1, "生物医药标准化厂房"), ("industrial", 1, "医疗器械生产基地"),
    ("industrial", 2, "年产{n}万吨电子化学品"), ("industrial", 2, "年产{n}万吨锂电正极材料"),
    ("industrial", 2, "年产{n}万吨环保涂料"), ("industrial", 3, "年产{n}万立方米装配式构件"),
    ("industrial", 3, "新型墙体材料生产线"), ("industrial", 4, "特色食品产业园"),
    ("industrial", 4, "预制菜中央厨房"), ("agriculture", 4, "年产{n}万吨茶油精深加工"),
    ("industrial", 5, "印章文化产业园"), ("service", 5, "印章数字化设计中心"),
    ("service", 6, "古镇文化旅游综合开发"), ("service", 6, "乡村旅游民宿集群"),
    ("industrial", None, "标准化厂房"), ("industrial", None, "智能装备制造产业园"),
    ("industrial", None, "泵阀智造基地"), ("infrastructure", None, "城乡供水一体化"),
    ("infrastructure", None, "农村公路提质改造"), ("infrastructure", None, "110千伏输变电"),
    ("social", None, "卫生院综合楼"), ("social", None, "中心学校扩容提质"), ("social", None, "养老服务中心"),
    ("social", None, "老旧小区改造"), ("agriculture", None, "高标准农田建设"),
    ("agriculture", None, "灌区续建配套与节水改造"), ("ecology", None, "污水处理设施建设"),
    ("ecology", None, "河道综合治理"), ("service", None, "电子商务产业园"), ("service", None, "现代物流园"),
]
FUNDING = {
    "industrial": ["enterprise", "enterprise", "loan", "mixed"],
    "infrastructure": ["special_bond", "special_bond", "central_budget", "loan"],
    "social": ["special_bond", "central_budget", "fiscal"],
    "agriculture": ["central_budget", "fiscal", "mixed"],
    "ecology": ["central_budget", "special_bond", "fiscal"],
    "service": ["enterprise", "mixed", "loan"],
}
SCENARIOS = {
    "planning": 4, "pre_review": 3, "signing": 4, "soon": 6, "late": 4, "slightly_late": 2, "new": 14,
    "continuing": 22, "lagging": 8, "completing": 8, "overdue_completion": 3, "assessment": 8, "completed": 14,
}
# (weight, lowest, highest) of total investment, 万元; the largest band is for industry and infrastructure.
SIZES = [(40, 500, 5_000), (35, 5_000, 30_000), (18, 30_000, 100_000), (7, 100_000, 500_000)]
LARGE_CATEGORIES = {"industrial", "infrastructure"}
ORDINALS = "二三四五六七八九"


@dataclass
class ScaleAccount:
    username: str
    scope: str
    level: str

    @property
    def role_label(self) -> str:
        return Role.HQ_OFFICE.label


@dataclass
class ScaleResult:
    created: bool
    province: Region
    accounts: list[ScaleAccount]
    counts: dict[str, int] = field(default_factory=dict)


def build_scale(counties: int = 3, projects_per_county: int = 20, seed: int = 1, *, cities: int = 1,
                units_per_county: int = 42, people_per_county: int = 167, prefix: str = "94",
                today: datetime.date | None = None, reset: bool = False) -> ScaleResult:
    """A synthetic province of the given size (for tests and ad-hoc benchmarks)."""
    spec = ScaleSpec("测试", prefix, "测试省", cities, counties, projects_per_county * counties,
                     units_per_county * counties, people_per_county * counties)
    return load(spec, seed=seed, today=today, reset=reset)


def load_scale(name: str, seed: int = 1, today: datetime.date | None = None, reset: bool = False) -> ScaleResult:
    return load(SCALES[name], seed=seed, today=today, reset=reset)


def load(spec: ScaleSpec, seed: int = 1, today: datetime.date | None = None, reset: bool = False) -> ScaleResult:
    """Write the scale once; again only with `reset` (deleting its data first). Returns its hq_office accounts."""
    today = today or timezone.localdate()
    with transaction.atomic():
        province = Region.objects.filter(code=spec.prefix + "0000").first()
        if province is not None:
            loaded = Project.objects.filter(county__path__startswith=province.path).exists()
            if loaded and not reset:
                return ScaleResult(created=False, province=province, accounts=_accounts_of(province))
            purge_region_data(province.path)
        result = ScaleBuilder(spec, seed, today).build()
        mark_demo_accounts(get_user_model().objects.filter(username__in=[a.username for a in result.accounts]))
        c = result.counts
        record(None, "demo.load", region_code=result.province.code, note=(
            f"生成{spec.label}规模合成数据：{result.province.name}，{c['counties']}个县、单位{c['units']}个、"
            f"人员{c['people']}名、重点项目{c['projects']}个（随机种子{seed}，基准日期{today:%Y-%m-%d}）"
        ))
    return result


def _accounts_of(province: Region) -> list[ScaleAccount]:
    rows = (RoleAssignment.objects.filter(role=Role.HQ_OFFICE, region__path__startswith=province.path,
                                          person__user__isnull=False)
            .select_related("region", "person__user").order_by("region__path"))
    return [ScaleAccount(a.person.user.username, a.region.name, a.region.level) for a in rows]


def spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` near-equal integers."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


class ScaleBuilder:
    def __init__(self, spec: ScaleSpec, seed: int, today: datetime.date) -> None:
        self.spec, self.today = spec, today
        self.rng = random.Random(seed)  # synthetic data, reproducible by seed; not security  # nosec B311
        self.names = NameMaker(self.rng)
        self.all_places = [a + b for a in PLACE_FIRST for b in PLACE_SECOND]
        self.place_names = list(self.all_places)
        self.rng.shuffle(self.place_names)
        self.encoded = make_password(data.DEMO_PASSWORD)
        self.counts = {"cities": 0, "counties": 0, "units": 0, "people": 0, "projects": 0}
        self.accounts: list[ScaleAccount] = []
        self.warnings: list[str] = []
        self.dates = snapshot_dates(today)
        self.scenarios, self.scenario_weights = zip(*SCENARIOS.items(), strict=True)

    def _place(self) -> str:
        return self.place_names.pop()

    def build(self) -> ScaleResult:
        spec, prefix = self.spec, self.spec.prefix
        province_code = prefix + "0000"
        city_names = [self._place() + "市" for _ in range(spec.cities)]
        per_city = spread(spec.counties, spec.cities)
        county_specs, layout = [], []
        for c, (city_name, n_counties) in enumerate(zip(city_names, per_city, strict=True), start=1):
            city_code = f"{prefix}{c:02d}00"
            county_specs.append((city_code, city_name, Region.Level.CITY, province_code))
            counties = []
            for k in range(1, n_counties + 1):
                code, name = f"{prefix}{c:02d}{k:02d}", self._place() + "县"
                county_specs.append((code, name, Region.Level.COUNTY, city_code))
                # Town names need only be distinct within their county.
                towns = [(f"{code}{t:03d}", place + self.rng.choice(["镇", "镇", "乡", "街道"])) for t, place in
                         enumerate(self.rng.sample(self.all_places, TOWNS_PER_COUNTY), start=1)]
                county_specs += [(tc, tn, Region.Level.TOWN, code) for tc, tn in towns]
                counties.append((code, towns))
            layout.append((city_code, counties))
        regions = ensure_regions([(province_code, spec.province_name, Region.Level.PROVINCE, None), *county_specs])
        self.province = regions[province_code]
        projects = iter(spread(spec.projects, spec.counties))
        units = iter(spread(spec.units, spec.counties))
        people = iter(spread(spec.people, spec.counties))
        top = Sink()
        top_holder = {spec.province_account or f"hq_{province_code}": self._region_office(top, self.province)}
        self._logins(top, top_holder)
        top.flush()
        for city_code, counties in layout:
            sink = Sink()
            holders = {f"hq_{city_code}": self._region_office(sink, regions[city_code])}
            for code, towns in counties:
                county = regions[code]
                office = self._county(sink, county, [regions[tc] for tc, _ in towns], next(projects), next(units),
                                      next(people))
                holders[f"hq_{code}"] = office
            self._logins(sink, holders)
            sink.flush()
            self.counts["cities"] += 1
        self.accounts = _accounts_of(self.province)
        return ScaleResult(created=True, province=self.province, accounts=self.accounts, counts=self.counts)

    def _logins(self, sink: Sink, holders: dict[str, Person]) -> None:
        if holders:
            attach_logins(sink, holders, self.warnings, encoded=self.encoded)

    def _region_office(self, sink: Sink, region: Region) -> Person:
        """The HQ office of a city or the province: one unit, one hq_office person."""
        unit = sink.add("unit", Unit(name=f"{region.name}重点项目建设协调总指挥部办公室", kind=Unit.Kind.HQ,
                                     region=region))
        person = sink.add("person", Person(name=self.names(), title="办公室主任", unit=unit, region=region,
                                           phone=phone(self.rng)))
        sink.add("role", RoleAssignment(person=person, role=Role.HQ_OFFICE, region=region))
        self.counts["units"] += 1
        self.counts["people"] += 1
        return person

    def _county(self, sink: Sink, county: Region, towns: list[Region], n_projects: int, n_units: int,
                n_people: int) -> Person:
        """One county: its units, people, roles, chains, groups and projects. Returns its hq_office person."""
        rng, K, R = self.rng, Unit.Kind, Role
        names = {"county": county.name, "short": county.name.removesuffix("县")}
        n_people_before = len(sink.rows["person"])
        made_units: list[Unit] = []

        def unit(name: str, kind: str, region: Region = county, parent: Unit | None = None, **extra) -> Unit:
            made_units.append(sink.add("unit_child" if parent else "unit",
                                       Unit(name=name, kind=kind, region=region, parent=parent, **extra)))
            return made_units[-1]

        def person(title: str, at: Unit | None, *roles: tuple[str, Unit | None]) -> Person:
            p = sink.add("person", Person(name=self.names(), title=title, unit=at, region=county,
                                          phone=phone(rng)))
            for role, role_unit in roles:
                sink.add("role", RoleAssignment(person=p, role=role, region=county, unit=role_unit))
            return p

        hq = unit(data.HQ_NAME.format(**names), K.HQ)
        office = unit(data.HQ_OFFICE_NAME.format(**names), K.HQ, parent=hq)
        park = unit(data.PARK_NAME.format(**names), K.PARK, area_hectares=Decimal(rng.randint(20000, 150000)) / 100)
        town_units = [unit(t.name, K.TOWN, region=t) for t in towns]
        responsible = [unit(n.format(**names), K.RESPONSIBLE) for n in RESPONSIBLE]
        approval = [unit(n.format(**names), K.APPROVAL) for n in APPROVAL]
        enterprises = []
        used: set[str] = set()
        while len(enterprises) < max(3, n_units - FIXED_UNITS):
            name = names["short"] + rng.choice(ENTERPRISE_WORDS) + rng.choice(ENTERPRISE_WORDS) + rng.choice(
                ENTERPRISE_KINDS)
            if name not in used:
                used.add(name)
                enterprises.append(unit(name, K.ENTERPRISE, is_top500=rng.random() < 0.03,
                                        credit_code=credit_code(rng, county.code)))

        leaders = [person(t, hq, (R.LEAD_LEADER, None)) for t in data.LEADER_TITLES[:LEADERS]]
        office_staff = [person(t, office, (R.HQ_OFFICE, None)) for t in data.HQ_OFFICE_STAFF[:3]]
        heads = {u.name: person("负责人", u, (R.UNIT_HEAD, u)) for u in responsible + approval}
        liaisons = {u.name: person("项目联络员", u, (R.LIAISON, u)) for u in responsible + approval}
        butlers = [person("项目管家", approval[4], (R.BUTLER, None)) for _ in range(4)]
        police = [person("项目警官", approval[6], (R.POLICE, None)) for _ in range(3)]
        inspectors = [person("项目纪检监察员", office, (R.INSPECTOR, None)) for _ in range(3)]
        for e in enterprises:
            person("总经理", e, (R.ENTERPRISE, e))
        made = len(sink.rows["person"]) - n_people_before
        staff = [person("科员", rng.choice(responsible)) for _ in range(max(0, n_people - made))]

        chains = []
        for name, tag, leader, deputies in data.CHAINS:
            chain = sink.add("chain", Chain(region=county, name=name, leader=leaders[leader % LEADERS],
                                            description=data.CHAIN_DESCRIPTION.format(tag=tag)))
            sink.add("role", RoleAssignment(person=leaders[leader % LEADERS], role=R.CHAIN_LEADER, region=county))
            for d in deputies[:1]:
                if d % LEADERS != leader % LEADERS:
                    sink.add("chain_deputy", Chain.deputies.through(chain=chain, person=leaders[d % LEADERS]))
            chains.append(chain)
        for i, (name, *_rest) in enumerate(data.WORKING_GROUPS):
            lead = responsible[i % len(responsible)]
            group = sink.add("group", WorkingGroup(region=county, name=name, leader=leaders[i % LEADERS], lead_unit=lead,
                                                   duties=data.WORKING_GROUP_DUTIES.format(
                                                       topic=name.removesuffix("专项工作组"))))
            for p in (heads[lead.name], liaisons[lead.name], liaisons[approval[i % len(approval)].name]):
                sink.add("group_member", WorkingGroup.members.through(workinggroup=group, person=p))

        writer = ProjectWriter(sink, self.today, rng, dates=self.dates, latest_only=True)
        seen: dict[str, int] = {}
        for i in range(n_projects):
            category, chain_index, template = rng.choice(PRODUCTS)
            place = rng.randrange(len(town_units) + 3)
            in_park = place >= len(town_units)
            town = town_units[0 if in_park else place]
            base = f"{town.name}{template.format(n=rng.choice([1, 2, 3, 5, 10, 20]))}"
            repeat = seen.get(base, 0)
            seen[base] = repeat + 1
            phase = "" if not repeat else f"{ORDINALS[repeat - 1]}期" if repeat <= len(ORDINALS) else f"{repeat + 1}期"
            name = f"{base}{phase}项目"
            total = self._size(category)
            level = "county"
            if total >= 100_000:
                level = rng.choice(["provincial", "municipal"])
            elif total >= 30_000 and rng.random() < 0.4:
                level = "municipal"
            unit_ = rng.choice(responsible)
            writer.add(
                code=f"{county.code}-{i + 1:04d}", name=name, county=county, owner=rng.choice(enterprises),
                category=category, level=level, chain=chains[chain_index] if chain_index is not None else None,
                park=park if in_park else None, town=None if in_park else town, total=total,
                funding=rng.choice(FUNDING[category]), priority=rng.randint(1, 4),
                scenario=rng.choices(self.scenarios, self.scenario_weights)[0],
                content=f"建设{template.format(n='若干')}及配套设施。",
                staff=Staffing(
                    leader=rng.choice(leaders), unit=unit_, unit_head=heads[unit_.name], liaison=liaisons[unit_.name],
                    butler=rng.choice(butlers), police=rng.choice(police), inspector=rng.choice(inspectors),
                    extra_members=[rng.choice(staff)] if staff else [],
                ),
            )
        self.counts["counties"] += 1
        self.counts["units"] += len(made_units)
        self.counts["people"] += len(sink.rows["person"]) - n_people_before
        self.counts["projects"] += n_projects
        return office_staff[0]

    def _size(self, category: str) -> Decimal:
        bands = SIZES if category in LARGE_CATEGORIES else SIZES[:-1]
        weights, lows, highs = zip(*bands, strict=True)
        band = self.rng.choices(range(len(bands)), weights)[0]
        return Decimal(self.rng.randint(lows[band] // 100, highs[band] // 100) * 100)
