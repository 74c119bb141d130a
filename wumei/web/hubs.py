"""The 每月必商 and 每季必考 pages: one entry to each cadence's parts, showing those the user's roles may open
(each page still checks its own permissions)."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from wumei.org.models import Role
from wumei.org.principal import principal_of

OFFICE = (Role.HQ_OFFICE, Role.COMMANDER)
UNITS = (Role.LIAISON, Role.UNIT_HEAD)


@dataclass(frozen=True)
class Part:
    title: str
    text: str
    url_name: str
    roles: tuple[str, ...]


MONTHLY = (
    Part("月度会商", "要素保障会商：议程由系统起草，记录参会、纪要和议定事项，议定事项转为清单任务", "consultation:consultation-list", OFFICE),
    Part("要素保障", "用地、用水、用电、用气、用能、环境容量、资金、用工需求的申请、会商、议定和到位",
         "factors:request-list", (*OFFICE, *UNITS, Role.ENTERPRISE)),
    Part("园区土地清理", "各园区批而未供、闲置、低效用地及处置情况（亩）", "factors:land-cleanup", OFFICE),
    Part("企业家接待日", "每月8日接待企业家：来访、诉求、转办问题和答复", "reception:day-list", OFFICE),
    Part("审批效能", "项目审批事项的法定时限与实际用时，减环节、减材料、减时间", "approvals:summary", OFFICE),
    Part("政银企融资", "月月联、融、报、跟：企业融资需求、银行、金额和进展，每月服务企业数和授信金额",
         "financing:request-list", (*OFFICE, Role.ENTERPRISE)),
    Part("百企评百岗", "企业对执法、审批、服务岗位的评议，按岗位和单位汇总", "ratings:round-list",
         (*OFFICE, *UNITS, Role.ENTERPRISE, Role.INSPECTOR, Role.LEAD_LEADER, Role.CHAIN_LEADER, Role.BUTLER, Role.POLICE)),
)
QUARTERLY = (
    Part("季度考核", "考核办法（指标和权重）、各季度得分、排名、拟表彰和调度讲评会材料", "quarterly:home", OFFICE),
    Part("问责追责", "约谈、纪律问责和营商环境问题查处，关联项目和督办函件", "accountability:case-list",
         (*OFFICE, Role.INSPECTOR)),
)


def visible_parts(user, parts: tuple[Part, ...]) -> list[dict]:
    principal = principal_of(user)
    return [{"title": p.title, "text": p.text, "url": reverse(p.url_name)} for p in parts if principal.has_role(*p.roles)]


@login_required
def monthly(request):
    return render(request, "web/hub.html", {"title": "每月必商", "parts": visible_parts(request.user, MONTHLY),
                                            "lead": "每月召开要素保障会商，解决项目用地、资金、能耗等要素制约。"})


@login_required
def quarterly(request):
    return render(request, "web/hub.html", {"title": "每季必考", "parts": visible_parts(request.user, QUARTERLY),
                                            "lead": "每季度召开调度讲评会，考核项目、单位和乡镇，表彰先进、问责后进。"})
