"""How the figures are shown: the cards (label, value, link to the records behind), the chart data and the
tables every chart and list exports to Excel. Shared by the pages, the export and `wumei figures`."""

from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from wumei.cockpit.figures import KIND_KEYS, LEVEL_KEYS, Figures
from wumei.core.money import format_money
from wumei.dekad.rules import RAG_LABELS, Rag

YI = Decimal(10000)


def _url(name: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return reverse(name) + (f"?{urlencode(params)}" if params else "")


def pct(value) -> str:
    return "—" if value is None else f"{value}%"


def _gap(inv: dict) -> str:
    from wumei.cockpit.rules import gap_text

    return "—" if inv["gap_points"] is None else gap_text(inv["gap_points"])


def figure_sections(f: Figures) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(section title, [(label, value, link)]) — every figure with the list of the records behind it."""
    p, upper, inv, fai = f.projects["all"], f.projects["upper"], f.investment["all"], f.fai
    projects = _url("projects:project-list", region=f.region_code)
    d, pr, lead = f.documents, f.problems, f.leads
    stats = _url("cockpit:statistics", region=f.region_code)

    def listed(**params) -> str:
        """The registry list of the region's projects, filtered."""
        return _url("projects:project-list", region=f.region_code, **params)

    return [
        ("重点项目开工", [
            ("年度重点项目", f"{p['planned']}个", projects),
            ("已开工（开工率）", f"{p['started']}个，{pct(p['started_rate'])}", listed(sort="start")),
            ("省市重点项目开工", f"{upper['started']}/{upper['planned']}个，{pct(upper['started_rate'])}",
             listed(level="provincial")),
            ("新开工项目开工", f"{p['new_started']}/{p['new_start_planned']}个，{pct(p['new_start_rate'])}",
             listed(stage="started")),
            ("今年竣工投产", f"{p['completed_this_year']}个", listed(stage="operating")),
            ("计划竣工项目竣工", f"{p['completed']}/{p['completing_planned']}个，{pct(p['completion_rate'])}",
             listed(stage="operating")),
            ("滞后项目（红色）", f"{f.rag['red']}个", listed(overdue="on")),
        ]),
        ("投资完成", [
            ("年度计划投资", format_money(inv["plan"]), listed(sort="-investment")),
            ("完成投资", format_money(inv["done"]), listed(sort="-investment")),
            ("投资完成率", pct(inv["completion_percent"]), _url("dekad:home")),
            ("序时进度", pct(inv["schedule_percent"]), _url("dekad:home")),
            ("与序时进度比较", _gap(inv), _url("dekad:home")),
        ]),
        ("固定资产投资", [
            ("统计月份", f"1—{fai['month']}月" if fai["month"] else "未录入", stats),
            ("固定资产投资", format_money(fai["amount"]) or "—", stats),
            ("同比增长", pct(fai["growth"]), stats),
            ("重点项目投资占比", pct(fai["share_percent"]), stats),
        ]),
        ("问题与督办", [
            ("收集问题", f"{pr['collected']}个", _url("problems:problem-list")),
            ("已解决（解决率）", f"{pr['solved']}个，{pct(pr['solved_rate'])}", _url("problems:problem-list", status="closed")),
            ("未解决", f"{pr['unsolved_now']}个", _url("problems:problem-list", status="active")),
            ("交（督）办函", f"{d['assignment_letters'] + d['supervision_letters']}份",
             _url("dekad:letter-list", kind="assignment")),
            ("提醒函", f"{d['reminder_letters']}份", _url("dekad:letter-list", kind="reminder")),
            ("工作提示", f"{d['work_reminders']}份", _url("dekad:reminder-list")),
            ("督查通报", f"{d['bulletins']}份", _url("bulletins:bulletin-list")),
        ]),
        ("日报、走访与招商", [
            ("本月日报按时报送率", pct(f.reporting["rate"]),
             _url("daily:compliance", start=f.reporting["first"].isoformat(), end=f.reporting["last"].isoformat())),
            ("上周走访覆盖率", f"{pct(f.visits['rate'])}（{f.visits['visited']}/{f.visits['due']}）",
             _url("weekly:coverage")),
            ("今年招引项目", f"{lead['signed_count']}个，{format_money(lead['signed_amount']) or '0万元'}",
             _url("weekly:lead-list", year=f.on.year)),
            ("项目履约率", f"{pct(lead['fulfilment_rate'])}（{lead['fulfilled']}/{lead['due']}）",
             _url("weekly:lead-list", stage="signed")),
        ]),
    ]


def _yi(value: Decimal | None) -> float:
    """亿元 for a chart axis (drawing only; every figure shown as text stays Decimal)."""
    return float((value or Decimal(0)) / YI)


def chart_data(f: Figures, cockpit_url: str) -> dict:
    """What cockpit.js draws; each point may carry the link to its records."""
    projects = f"{reverse('projects:project-list')}?region={f.region_code}"  # the region's projects only
    problems = reverse("problems:problem-list")
    return {
        "monthly": {"labels": [f"{m['month']}月" for m in f.monthly],
                    "done": [_yi(m["done"]) for m in f.monthly],
                    "expected": [_yi(m["expected"]) for m in f.monthly]},
        "stage": [{"name": s["label"], "value": s["count"], "link": f"{projects}&stage={s['key']}"}
                  for s in f.by_stage],
        "chain": [{"name": c["name"], "value": c["projects"], "link": f"{projects}&chain={c['id']}"}
                  for c in f.by_chain],
        "place": [{"name": c["name"], "value": c["projects"], "link": f"{projects}&place={c['id']}"}
                  for c in f.by_place],
        "rag": [{"name": RAG_LABELS[Rag(k)], "key": k, "value": f.rag[k],
                 "link": f"{projects}&overdue=on" if k == Rag.RED else projects} for k in f.rag],
        "ageing": [{"name": a["label"], "value": a["count"], "link": f"{problems}?status=active&age={a['key']}"}
                   for a in f.ageing],
        "units": [{"name": u["name"], "value": float(u["completion_percent"] or 0),
                   "link": f"{projects}&unit={u['id']}"} for u in f.by_unit[:15]],
        "counties": [{"name": c["name"], "value": float(c["completion_percent"] or 0),
                      "link": f"{cockpit_url}?{urlencode({'region': c['code'], 'on': f.on.isoformat()})}"}
                     for c in f.counties],
    }


# ------------------------------------------------------------------------------------------------ tables

GROUP_HEADERS = ["名称", "项目数", "年度计划投资（万元）", "完成投资（万元）", "投资完成率（%）", "滞后项目数"]


def _group_rows(groups: list[dict], ranked: bool = False) -> list[list]:
    rows = []
    for g in groups:
        row = [g["name"], g["projects"], g["plan"], g["done"], g["completion_percent"], g["red"]]
        rows.append([g["rank"], *row] if ranked else row)
    return rows


def tables(f: Figures) -> dict[str, tuple[str, list[str], list[list]]]:
    """name → (title, headers, rows): every list and chart of the cockpit, as exported to Excel."""
    inv_rows = []
    for key in (*LEVEL_KEYS, *KIND_KEYS):
        i = f.investment[key]
        inv_rows.append([i["label"], i["plan"], i["done"], i["completion_percent"], i["schedule_percent"], _gap(i)])
    out = {
        "figures": ("驾驶舱指标", ["类别", "指标", "数值"],
                    [[title, label, value] for title, items in figure_sections(f) for label, value, _ in items]),
        "investment": ("投资完成情况（分级别、分类型）",
                       ["类别", "年度计划投资（万元）", "完成投资（万元）", "完成率（%）", "序时进度（%）", "与序时进度比较"],
                       inv_rows),
        "monthly": ("月度投资完成与序时进度", ["月份", "截至日期", "累计完成投资（万元）", "序时应完成（万元）"],
                    [[f"{m['month']}月", m["on"], m["done"], m["expected"]] for m in f.monthly]),
        "stage": ("项目阶段分布", ["阶段", "项目数"], [[s["label"], s["count"]] for s in f.by_stage]),
        "chain": ("产业链项目分布", GROUP_HEADERS, _group_rows(f.by_chain)),
        "place": ("乡镇（园区）项目分布", GROUP_HEADERS, _group_rows(f.by_place)),
        "rag": ("项目状态（红黄绿）分布", ["状态", "项目数"], [[RAG_LABELS[Rag(k)], v] for k, v in f.rag.items()]),
        "ageing": ("未解决问题时长分布", ["时长", "问题数"], [[a["label"], a["count"]] for a in f.ageing]),
        "units": ("责任单位投资完成率排名", ["名次", *GROUP_HEADERS], _group_rows(f.by_unit, ranked=True)),
    }
    if f.counties:
        out["counties"] = ("县（区）排名", ["名次", "县（区）", "区划代码", "项目数", "年度计划投资（万元）",
                                       "完成投资（万元）", "投资完成率（%）", "滞后项目数", "开工率（%）"],
                           [[c["rank"], c["name"], c["code"], c["projects"], c["plan"], c["done"],
                             c["completion_percent"], c["red"], c["started_rate"]] for c in f.counties])
    return out
